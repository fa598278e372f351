//! Serde structs that mirror a rule file 1:1 (`deny_unknown_fields`); no logic lives here.
//!
//! The reference for every key is `rules/README.md`.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::finding::{Applicability, Category, Severity};

/// One rule file, `rules/<pack>/<id>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleFile {
    pub id: String,
    pub category: Category,
    pub severity: Severity,
    pub message: String,
    pub description: String,
    #[serde(rename = "match")]
    pub matcher: MatchSpec,
    pub fix: Option<FixSpec>,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    /// The document formats the rule runs on (default: all). A rule about line starts means
    /// little where Markdown markup starts the line.
    pub formats: Option<Vec<Format>>,
}

/// A document format a rule may be limited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Format {
    Text,
    Markdown,
    Html,
}

/// `[match]`: `kind` picks the matcher; the other keys are its parameters.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub(crate) enum MatchSpec {
    Pattern(PatternSpec),
    Phrases(PhrasesSpec),
    Quotes(crate::matchers::quotes::QuotesSpec),
    RepeatedWord(crate::matchers::repeated_word::RepeatedWordSpec),
    Consistency(crate::matchers::consistency::ConsistencySpec),
    Untranslated(crate::matchers::untranslated::UntranslatedSpec),
}

impl MatchSpec {
    /// The `exceptions` of the built-in kinds (pattern and phrases read theirs themselves).
    pub(crate) fn exceptions(&self) -> &[String] {
        match self {
            Self::Pattern(spec) => &spec.exceptions,
            Self::Phrases(spec) => &spec.exceptions,
            Self::Quotes(spec) => &spec.exceptions,
            Self::RepeatedWord(spec) => &spec.exceptions,
            Self::Consistency(spec) => &spec.exceptions,
            Self::Untranslated(spec) => &spec.exceptions,
        }
    }
}

/// `kind = "pattern"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PatternSpec {
    /// A Rust `regex`; `{list}` macros expand to a word list of the pack.
    pub pattern: String,
    /// A capture group that narrows the flagged span (and the span the fix replaces).
    pub mark: Option<String>,
    /// Regexes whose matches on the same line suppress a hit that lies inside them.
    #[serde(default, alias = "unless")]
    pub exceptions: Vec<String>,
    /// Regexes that must all match somewhere on the line for its hits to count.
    #[serde(default)]
    pub context: Vec<String>,
}

/// `kind = "phrases"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PhrasesSpec {
    pub phrases: PhraseTable,
    #[serde(default)]
    pub case: Option<CaseMode>,
    #[serde(default = "default_true")]
    pub whole_word: bool,
    #[serde(default, alias = "unless")]
    pub exceptions: Vec<String>,
    #[serde(default)]
    pub context: Vec<String>,
}

fn default_true() -> bool {
    true
}

/// `phrases`: a list (the fix comes from `[fix].replace`) or a wrong → right table.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum PhraseTable {
    List(Vec<String>),
    Table(BTreeMap<String, String>),
}

/// How phrases compare with the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum CaseMode {
    /// Exactly as written.
    Sensitive,
    /// Any case; the replacement is used as written.
    Insensitive,
    /// Any case; the replacement copies the case of the hit (`Melons` → `Meloni`, `MELONS` → `MELONI`).
    Preserve,
}

/// `[fix]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FixSpec {
    /// Replacement template for the flagged span (`$0`, `$1`, `${name}`).
    pub replace: Option<String>,
    /// Delete the whole line, line break included (boilerplate).
    #[serde(default)]
    pub delete_line: bool,
    pub applicability: Applicability,
    /// A short imperative title for the fix, shown by printers.
    pub title: Option<String>,
}

/// `[[examples]]`: either a `bad` text (with optional `good`, `flagged`, `count`) or an `ok` text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExampleSpec {
    pub bad: Option<String>,
    pub good: Option<String>,
    pub flagged: Option<String>,
    pub count: Option<usize>,
    pub ok: Option<String>,
}

/// `rules/<pack>/pack.toml`, optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PackFile {
    #[serde(default)]
    pub description: String,
    /// Source language of the translations the pack is for (`it`), if any.
    pub source: Option<String>,
    /// Target language (`en`).
    pub target: Option<String>,
}
