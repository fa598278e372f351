//! Drives the matchers over a document: one line at a time, every rule, exceptions dropped,
//! hits turned into [`Finding`]s with absolute byte ranges, findings sorted.
//!
//! Matchers see one line at a time (findings are line-level, and it keeps a regex from
//! spanning lines by accident through `\s`). Hits come back with line-local offsets and are
//! shifted to document offsets here, the one place that knows both.

use crate::document::Document;
use crate::finding::{Finding, Suggestion};
use crate::matchers::{Hit, Scope};
use crate::rules::{Rule, RuleSet};
use crate::text::{TextRange, TextSize};

/// Checks `document` against every rule of `rules`. Infallible: all that can fail happened
/// when the rules were loaded and the document read.
///
/// ```
/// let rules = calque::RuleSet::builtin();
/// let doc = calque::Document::from_text("draft.txt", "The summit ended.Leaders left.").unwrap();
/// let findings = calque::check(&doc, &rules);
/// assert_eq!(findings[0].rule, "core/missing-space-after-punctuation");
/// ```
pub fn check(document: &Document, rules: &RuleSet) -> Vec<Finding> {
    let mut findings = check_rules(document, rules.rules());
    for finding in &mut findings {
        if let Some(rule) = rules.get(&finding.rule) {
            finding.severity = rules.severity_of(rule);
        }
    }
    findings
}

/// Checks `document` against the given rules only.
pub(crate) fn check_rules<'r>(
    document: &Document,
    rules: impl Iterator<Item = &'r Rule> + Clone,
) -> Vec<Finding> {
    let text = document.text();
    let mut findings = Vec::new();
    let mut hits: Vec<Hit> = Vec::new();
    for rule in rules
        .clone()
        .filter(|r| r.matcher.scope() == Scope::Document)
    {
        hits.clear();
        rule.matcher.find_in_document(text, &mut hits);
        for hit in hits.drain(..) {
            let line_number = document
                .line_index()
                .line_of(TextSize::new(hit.range.start));
            let line_range = document.line_index().line_range(line_number, text);
            let local = hit
                .range
                .start
                .saturating_sub(line_range.start().to_usize())
                ..hit
                    .range
                    .end
                    .min(line_range.end().to_usize())
                    .saturating_sub(line_range.start().to_usize());
            if rule
                .conditions
                .suppresses(&text[line_range.to_std()], &local)
            {
                continue;
            }
            findings.push(to_finding(
                document,
                rule,
                line_number,
                TextSize::new(0),
                hit,
            ));
        }
    }
    for (line_number, line_range) in document.lines() {
        let line = &text[line_range.to_std()];
        if line.is_empty() {
            continue;
        }
        for rule in rules.clone().filter(|r| r.matcher.scope() == Scope::Line) {
            hits.clear();
            rule.matcher.find(line, &mut hits);
            if !hits.is_empty() && !rule.conditions.context_holds(line) {
                continue;
            }
            for hit in hits.drain(..) {
                if rule.conditions.suppresses(line, &hit.range) {
                    continue;
                }
                findings.push(to_finding(
                    document,
                    rule,
                    line_number,
                    line_range.start(),
                    hit,
                ));
            }
        }
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

fn to_finding(
    document: &Document,
    rule: &Rule,
    line: usize,
    line_start: TextSize,
    hit: Hit,
) -> Finding {
    let range = TextRange::from_usize(hit.range).shifted(line_start);
    let suggestions: Vec<Suggestion> = match rule.fix() {
        Some(fix) if fix.delete_line => vec![Suggestion {
            replacement: String::new(),
            range: line_deletion(document, line),
        }],
        _ => hit
            .suggestions
            .into_iter()
            .map(|replacement| Suggestion { replacement, range })
            .collect(),
    };
    let fix = rule
        .fix()
        .filter(|_| !suggestions.is_empty())
        .map(|f| f.applicability);
    Finding {
        rule: rule.id().to_owned(),
        category: rule.category(),
        severity: rule.severity(),
        range,
        message: hit.message,
        suggestions,
        fix,
    }
}

/// The bytes to delete to remove 0-based `line` with its line break; the last line of a file
/// takes the break before it instead, so that no empty line is left behind.
fn line_deletion(document: &Document, line: usize) -> TextRange {
    let index = document.line_index();
    let full = index.line_range_with_break(line);
    let has_break = document.slice(full).ends_with('\n');
    if !has_break && line > 0 {
        let previous = index.line_range(line - 1, document.text());
        return TextRange::new(previous.end(), full.end());
    }
    full
}
