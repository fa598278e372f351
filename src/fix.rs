//! Applying suggestions: edits sorted, overlaps skipped (they wait for the next pass), and
//! passes repeated until the text is stable (ruff's fixpoint), with a bound.

use crate::document::Document;
use crate::engine::check;
use crate::finding::{Applicability, Finding, Suggestion};
use crate::rules::RuleSet;

/// How many check-and-fix passes run before giving up on convergence.
pub const MAX_FIX_PASSES: usize = 10;

/// The result of fixing a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOutcome {
    /// The fixed text.
    pub text: String,
    /// How many edits were applied, over all passes.
    pub applied: usize,
    /// Whether the last pass found nothing more to apply (false: gave up after [`MAX_FIX_PASSES`]).
    pub converged: bool,
}

/// Applies the non-overlapping `edits` to `text` in one pass; returns the new text and how many
/// edits were applied. An edit that overlaps an earlier one is skipped.
pub fn apply_edits(text: &str, edits: &[&Suggestion]) -> (String, usize) {
    let mut sorted: Vec<&Suggestion> = edits.to_vec();
    sorted.sort_by(|a, b| (a.range, &a.replacement).cmp(&(b.range, &b.replacement)));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    let mut applied = 0;
    let mut last: Option<crate::text::TextRange> = None;
    for edit in sorted {
        let range = edit.range.to_std();
        if range.start < cursor || last.is_some_and(|l| l.overlaps(edit.range)) {
            continue;
        }
        out.push_str(&text[cursor..range.start]);
        out.push_str(&edit.replacement);
        cursor = range.end;
        last = Some(edit.range);
        applied += 1;
    }
    out.push_str(&text[cursor..]);
    (out, applied)
}

/// Applies the fixes `--fix` may apply (`allowed`: [`Applicability::Safe`], or
/// [`Applicability::Unsafe`] for `--unsafe-fixes`) to `document`, re-checking until stable.
///
/// ```
/// use calque::{Applicability, Document, RuleSet};
/// let rules = RuleSet::builtin();
/// let doc = Document::from_text("a.txt", "The summit ended.Leaders left.").unwrap();
/// let fixed = calque::fix::fix_document(&doc, &rules, Applicability::Safe);
/// assert_eq!(fixed.text, "The summit ended. Leaders left.");
/// ```
pub fn fix_document(document: &Document, rules: &RuleSet, allowed: Applicability) -> FixOutcome {
    fix_until_stable(document, |d| check(d, rules), |f| f.autofix(allowed))
}

/// Re-checks and applies the edit `pick` chooses for each finding until nothing changes.
pub(crate) fn fix_until_stable(
    document: &Document,
    check: impl Fn(&Document) -> Vec<Finding>,
    pick: impl Fn(&Finding) -> Option<&Suggestion>,
) -> FixOutcome {
    let mut text = document.text().to_owned();
    let mut applied = 0;
    for _ in 0..MAX_FIX_PASSES {
        let doc = Document::from_text(document.path(), text.clone())
            .expect("a fixed text stays under the size limit");
        let findings = check(&doc);
        let edits: Vec<&Suggestion> = findings.iter().filter_map(&pick).collect();
        let (next, count) = apply_edits(&text, &edits);
        if count == 0 || next == text {
            return FixOutcome {
                text,
                applied,
                converged: true,
            };
        }
        applied += count;
        text = next;
    }
    FixOutcome {
        text,
        applied,
        converged: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextRange;

    fn edit(start: usize, end: usize, replacement: &str) -> Suggestion {
        Suggestion {
            replacement: replacement.into(),
            range: TextRange::from_usize(start..end),
        }
    }

    #[test]
    fn edits_apply_in_order_and_overlaps_wait() {
        let a = edit(0, 3, "X");
        let b = edit(2, 5, "Y");
        let c = edit(5, 6, "Z");
        let (out, n) = apply_edits("abcdefg", &[&c, &b, &a]);
        assert_eq!(out, "XdeZg");
        assert_eq!(n, 2);
    }

    #[test]
    fn insertions_at_one_point_apply_once() {
        let a = edit(1, 1, " ");
        let b = edit(1, 1, " ");
        let (out, n) = apply_edits("ab", &[&a, &b]);
        assert_eq!((out.as_str(), n), ("a b", 1));
    }

    #[test]
    fn document_fix_converges() {
        let rules = RuleSet::builtin();
        let doc = Document::from_text("x", "It ended.Leaders met.Then").unwrap();
        let out = fix_document(&doc, &rules, Applicability::Safe);
        assert!(out.converged);
        assert_eq!(out.text, "It ended. Leaders met. Then");
    }
}
