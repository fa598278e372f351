//! Snapshot-testing an article with calque's library, as a downstream crate would: only the
//! public API (`calque::Checker`), and insta for the snapshots (kept under
//! `examples/snapshots/`, committed).
//!
//! `cargo test` builds this example as a test (`test = true` in Cargo.toml) and runs its
//! `#[test]`s. As a program it prints the `full` report of an article:
//!
//! ```sh
//! cargo run --example snapshot_article -- path/to/article.md   # a file
//! cargo run --example snapshot_article                         # the built-in article
//! ```
//!
//! The walkthrough is in `docs/snapshot-testing.md`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use calque::{Checker, OutputFormat, Report};

/// A short machine-translated article with the defects calque exists to catch: glued
/// sentences, an Italian homograph (`the Born` for *la Nato*), a pleonastic subject, a quote
/// closed with an opening quote, a name spelled two ways, and a scraped CAPTCHA line.
const ARTICLE: &str = "\
# Summit in Vilnius

The summit ended.Leaders left before the final vote.
The United States and the Born they said to each other concerned.
Kim Jong-un was not invited; a spokesman said Kim Jong Un “was never an ally“.

CAPTCHA
";

/// The name the built-in article is reported under: its extension makes it Markdown.
const ARTICLE_NAME: &str = "articles/vilnius-summit.md";

/// The article named on the command line, or the built-in one.
fn report(checker: &Checker) -> Result<Report, calque::InputError> {
    match std::env::args_os().nth(1) {
        Some(path) => checker.check_file(PathBuf::from(path)),
        None => Ok(checker.check_str(ARTICLE_NAME, ARTICLE)),
    }
}

fn main() -> ExitCode {
    let checker = Checker::default_rules();
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    match report(&checker) {
        Ok(report) => {
            let full = checker.render(&report, OutputFormat::Full);
            // A closed pipe (`… | head`) is not worth a panic.
            let _ = stdout.write_all(full.as_bytes());
            ExitCode::SUCCESS
        }
        Err(error) => {
            let _ = writeln!(stderr, "snapshot_article: {error}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use calque::{Applicability, Checker, OutputFormat};

    use super::{ARTICLE, ARTICLE_NAME};

    /// The concise report: one line per finding, easy to read in a snapshot diff.
    #[test]
    fn article_findings() {
        let checker = Checker::default_rules();
        let report = checker.check_str(ARTICLE_NAME, ARTICLE);
        insta::assert_snapshot!(
            "article_findings",
            checker.render(&report, OutputFormat::Concise)
        );
    }

    /// The JSON report, parsed so that insta stores it as JSON: every field (position,
    /// snippet, suggestions, fix) is in the snapshot, and a rule change shows as a field diff.
    #[test]
    fn article_report_json() {
        let checker = Checker::default_rules();
        let report = checker.check_str(ARTICLE_NAME, ARTICLE);
        let json: serde_json::Value =
            serde_json::from_str(&checker.render(&report, OutputFormat::Json))
                .expect("the JSON report parses");
        assert_eq!(
            json["version"], 1,
            "the report schema this snapshot was taken with"
        );
        insta::assert_json_snapshot!("article_report", json);
    }

    /// What `calque check --fix` would write: safe fixes only, applied until stable.
    #[test]
    fn article_fixed() {
        let checker = Checker::default_rules();
        let fixed = checker
            .fix_str(ARTICLE_NAME, ARTICLE, Applicability::Safe)
            .expect("the article is small");
        assert!(fixed.converged, "fixes reach a fixpoint");
        insta::assert_snapshot!("article_fixed", fixed.text);
    }

    /// A selection of rules, as a team that owns one pack would snapshot it.
    #[test]
    fn article_findings_of_one_pack() {
        let checker = Checker::builder()
            .select(["it-en"])
            .build()
            .expect("`it-en` is a built-in pack");
        let report = checker.check_str(ARTICLE_NAME, ARTICLE);
        insta::assert_snapshot!(
            "article_it_en",
            checker.render(&report, OutputFormat::Concise)
        );
    }
}
