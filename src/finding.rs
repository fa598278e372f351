//! The data model every printer consumes: [`Finding`], [`Severity`], [`Category`], [`Suggestion`].

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::text::TextRange;

/// How serious a finding is.
///
/// A closed set, deliberately not `#[non_exhaustive]`: every output format, `--fail-on` and the
/// penalty weights map exactly these three levels, so a `match` on it may be exhaustive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; never fails a gate unless `--fail-on info`.
    Info,
    /// A probable defect.
    Warning,
    /// A sure defect: fails the default gate.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of defect a rule finds. Closed: each maps to an MQM error type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Category {
    /// Missing, doubled or non-breaking spaces (`pandemic.Russia`, `ofUkraine`).
    Spacing,
    /// Quotes and other punctuation (`“…ally“`).
    Punctuation,
    /// Agreement, articles, word order that English grammar forbids.
    Grammar,
    /// A source-language construction copied word for word (`a new one strategic`).
    Calque,
    /// A wrong sense of a source word (`the Born` for *la Nato*).
    Mistranslation,
    /// Source-language words left in the English text (`della`, `anche`).
    Untranslated,
    /// A term that differs from the glossary.
    Terminology,
    /// One thing written two ways in one article (`Kim Jong-un` / `Kim Jong Un`).
    Consistency,
    /// Page furniture scraped with the article (`CAPTCHA`, photo credits, promos).
    Boilerplate,
    /// Awkward but not wrong.
    Style,
}

impl Category {
    /// The snake_case name used in rule files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Spacing => "spacing",
            Self::Punctuation => "punctuation",
            Self::Grammar => "grammar",
            Self::Calque => "calque",
            Self::Mistranslation => "mistranslation",
            Self::Untranslated => "untranslated",
            Self::Terminology => "terminology",
            Self::Consistency => "consistency",
            Self::Boilerplate => "boilerplate",
            Self::Style => "style",
        }
    }

    /// The MQM error type this category maps to (dimension/type).
    pub fn mqm(self) -> &'static str {
        match self {
            Self::Spacing => "Fluency/Typography",
            Self::Punctuation => "Fluency/Punctuation",
            Self::Grammar => "Fluency/Grammar",
            Self::Calque => "Style/Unidiomatic",
            Self::Mistranslation => "Accuracy/Mistranslation",
            Self::Untranslated => "Accuracy/Untranslated",
            Self::Terminology => "Terminology/Inconsistent with termbase",
            Self::Consistency => "Fluency/Inconsistency",
            Self::Boilerplate => "Accuracy/Addition",
            Self::Style => "Style/Awkward",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether `--fix` may apply a finding's first suggestion unasked.
///
/// A closed set, deliberately not `#[non_exhaustive]`: a fix is either applied by `--fix` or
/// only with `--unsafe-fixes`; the JSON report's `fix` key takes exactly these two values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Applicability {
    /// Needs a human look (`--unsafe-fixes`): the fix may change meaning.
    Unsafe,
    /// Always right: applied by `--fix`.
    Safe,
}

impl Applicability {
    /// The lowercase name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unsafe => "unsafe",
            Self::Safe => "safe",
        }
    }
}

/// A rule's id, `pack/name`, as a finding holds it: shared by all the findings of the rule
/// rather than copied into each (a 10 MB article has thousands), and read as a `&str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId(Arc<str>);

/// As the id's text: a finding's `Debug` form (in users' snapshots) reads as it did when the
/// id was a `String`.
impl fmt::Debug for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl RuleId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for RuleId {
    fn from(id: &str) -> Self {
        Self(id.into())
    }
}

impl From<String> for RuleId {
    fn from(id: String) -> Self {
        Self(id.into())
    }
}

impl std::ops::Deref for RuleId {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for RuleId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for RuleId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One way to fix a finding: replace `range` with `replacement`.
///
/// `range` is usually the finding's own range; a rule that deletes a whole line covers the line
/// break too, so that no empty line is left behind.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Suggestion {
    /// The text to put in place of `range`.
    pub replacement: String,
    /// The byte range the replacement takes the place of.
    pub range: TextRange,
}

/// A defect found in one document by one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule's id, `pack/name`, shared by the rule's findings.
    pub rule: RuleId,
    /// The rule's category.
    pub category: Category,
    /// The rule's severity (after configuration).
    pub severity: Severity,
    /// The flagged bytes of the document.
    pub range: TextRange,
    /// One sentence for a human editor, placeholders filled in.
    pub message: String,
    /// Replacements, best first; may be empty.
    pub suggestions: Vec<Suggestion>,
    /// Whether the first suggestion may be applied unasked; `None` when there is none.
    pub fix: Option<Applicability>,
}

impl Finding {
    /// The one suggestion `--fix` may apply under `allowed`: only when there is exactly one
    /// (typos' rule: an ambiguous fix is never applied unasked) and it is at least `allowed`.
    pub fn autofix(&self, allowed: Applicability) -> Option<&Suggestion> {
        match (self.suggestions.as_slice(), self.fix) {
            ([only], Some(level)) if level >= allowed => Some(only),
            _ => None,
        }
    }

    /// The deterministic order of findings in one document: start, end, rule id.
    pub fn sort_key(&self) -> (TextRange, &str) {
        (self.range, &self.rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A finding's rule id reads as the text it is, and the findings of one rule share one
    /// copy of it.
    #[test]
    fn findings_of_one_rule_share_its_id() {
        let findings = crate::check(
            &crate::Document::from_text("a.txt", "It ended.Then it began.Again.".to_owned())
                .unwrap(),
            &crate::RuleSet::builtin(),
        );
        let glued: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.rule == "core/missing-space-after-punctuation")
            .collect();
        assert_eq!(glued.len(), 2, "{findings:?}");
        assert!(Arc::ptr_eq(&glued[0].rule.0, &glued[1].rule.0));
        let id = &glued[0].rule;
        assert_eq!(id.as_str(), "core/missing-space-after-punctuation");
        assert_eq!(id.to_string(), id.as_str());
        assert!(id.starts_with("core/"), "read through Deref");
        assert_eq!(*id, *"core/missing-space-after-punctuation");
        assert_ne!(*id, RuleId::from("core/other"));
        assert_eq!(
            format!("{id:?}"),
            format!("{:?}", "core/missing-space-after-punctuation")
        );
    }
}
