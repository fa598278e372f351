//! calque checks machine-translated articles before they are published: glued sentences
//! (`pandemic.Russia`), Italian articles left behind (`There Russia and the North Korea`),
//! homographs translated word for word (`the Born` for *la Nato*), scraped boilerplate.
//!
//! Rules are data (TOML files in packs, embedded at build time); the library loads them into a
//! [`RuleSet`], checks a [`Document`] into [`Finding`]s, gathers them into a [`Report`] and
//! renders it in an [`OutputFormat`]. The library never prints.
//!
//! ```
//! use calque::{check, Document, RuleSet};
//!
//! let rules = RuleSet::builtin();
//! let doc = Document::from_text("draft.txt", "Italy is a founding member of the Born.").unwrap();
//! let findings = check(&doc, &rules);
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].suggestions[0].replacement, "NATO");
//! ```
//!
//! [`Checker`] is the front door: it combines a configuration ([`Config`]) with the rule packs
//! and does what `calque check` does (check text, files and folders; fix; render), returning
//! typed errors ([`Error`]).
//!
//! ```
//! use calque::{Checker, OutputFormat};
//!
//! let checker = Checker::builder().ignore(["core/space-run"]).build()?;
//! let report = checker.check_str("draft.md", "Italy is a founding member of the Born.\n");
//! assert!(checker.render(&report, OutputFormat::Concise).contains("it-en/nato-as-the-born"));
//! # Ok::<(), calque::Error>(())
//! ```
//!
//! Positions: byte offsets ([`TextRange`]) inside; 1-based lines and char columns
//! ([`SourceLocation`]) outside, converted by [`LineIndex`] only.

#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod baseline;
pub mod batch;
mod checker;
pub mod config;
pub mod document;
mod engine;
pub mod error;
pub mod finding;
pub mod fix;
pub mod inputs;
pub mod markup;
mod matchers;
mod prefilter;
mod regex_facts;
pub mod report;
pub mod rules;
pub mod text;

#[doc(hidden)]
pub mod cli;

pub use checker::{Checker, CheckerBuilder};
pub use config::{Config, ConfigError};
pub use document::Document;
pub use engine::check;
pub use error::{Error, InputError, LoadError, RuleError};
pub use finding::{Applicability, Category, Finding, RuleId, Severity, Suggestion};
pub use fix::FixOutcome;
pub use report::{OutputFormat, RenderOptions, Report};
pub use rules::{Rule, RuleSet};
pub use text::{LineIndex, OneIndexed, SourceLocation, TextRange, TextSize};
