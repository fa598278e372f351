//! Baselines: record today's findings (`--write-baseline FILE`) and report only new ones later
//! (`--baseline FILE`).
//!
//! A finding is recognised by a fingerprint of its rule, its snippet and the text around it
//! (whitespace-normalised), not by its line number, so it survives lines added or removed
//! above it. Identical fingerprints in one file are counted, so a second copy of the same
//! defect is still new.
//!
//! The file is JSON: `{"version": 1, "findings": [{"path", "rule", "fingerprint"}]}`, sorted.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::finding::Finding;
use crate::report::Report;

/// Characters of context taken on each side of the snippet.
const CONTEXT_CHARS: usize = 24;

/// The version of the baseline file format.
pub const BASELINE_VERSION: u32 = 1;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BaselineEntry {
    /// The path as it was given.
    pub path: String,
    /// The rule id.
    pub rule: String,
    /// A hex hash of the rule, snippet and nearby text.
    pub fingerprint: String,
}

/// A set of recorded findings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// The file format's version.
    pub version: u32,
    /// The recorded findings, sorted.
    pub findings: Vec<BaselineEntry>,
}

/// FNV-1a, 64 bits: stable across platforms and Rust versions (unlike `DefaultHasher`).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The fingerprint of a finding: its rule, its snippet, and up to 24 chars of its line on each
/// side (whitespace-normalised).
pub fn fingerprint(document: &Document, finding: &Finding) -> String {
    let text = document.text();
    let range = finding.range.to_std();
    // Context stays within the finding's own line, so that lines added or removed around it
    // do not change its fingerprint.
    let index = document.line_index();
    let line_start = index
        .line_range(index.line_of(finding.range.start()), text)
        .start()
        .to_usize();
    let line_end = index
        .line_range(index.line_of(finding.range.end()), text)
        .end()
        .to_usize()
        .max(range.end);
    let before: String = text[line_start..range.start]
        .chars()
        .rev()
        .take(CONTEXT_CHARS)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = text[range.end..line_end]
        .chars()
        .take(CONTEXT_CHARS)
        .collect();
    let key = format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}",
        finding.rule,
        normalise(&before),
        &text[range],
        normalise(&after)
    );
    format!("{:016x}", fnv1a(key.as_bytes()))
}

impl Baseline {
    /// Records every finding of a report.
    pub fn from_report(report: &Report) -> Self {
        let mut findings: Vec<BaselineEntry> = report
            .files
            .iter()
            .flat_map(|file| {
                file.findings.iter().map(|f| BaselineEntry {
                    path: file.document.path().to_owned(),
                    rule: f.rule.to_string(),
                    fingerprint: fingerprint(&file.document, f),
                })
            })
            .collect();
        findings.sort();
        Self {
            version: BASELINE_VERSION,
            findings,
        }
    }

    /// Removes from `report` the findings the baseline records, each recorded entry matching at
    /// most one finding. Returns how many were removed.
    pub fn filter(&self, report: &mut Report) -> usize {
        let mut budget: BTreeMap<(String, String), usize> = BTreeMap::new();
        for entry in &self.findings {
            *budget
                .entry((entry.path.clone(), entry.fingerprint.clone()))
                .or_default() += 1;
        }
        let mut removed = 0;
        for file in &mut report.files {
            let document = &file.document;
            let mut kept = Vec::with_capacity(file.findings.len());
            for finding in file.findings.drain(..) {
                let key = (document.path().to_owned(), fingerprint(document, &finding));
                match budget.get_mut(&key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        removed += 1;
                    }
                    _ => kept.push(finding),
                }
            }
            file.findings = kept;
        }
        removed
    }

    /// Parses a baseline file's text.
    ///
    /// # Errors
    /// Text that is not a baseline of a known version.
    pub fn parse(text: &str) -> Result<Self, String> {
        let baseline: Self =
            serde_json::from_str(text).map_err(|e| format!("not a calque baseline: {e}"))?;
        if baseline.version != BASELINE_VERSION {
            return Err(format!(
                "baseline version {} is not supported (expected {BASELINE_VERSION})",
                baseline.version
            ));
        }
        Ok(baseline)
    }

    /// The baseline as pretty JSON, ending with a newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a baseline serialises");
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::FileReport;
    use crate::{check, RuleSet};

    fn report(text: &str) -> Report {
        let rules = RuleSet::builtin();
        let document = Document::from_text("a.txt", text).unwrap();
        let findings = check(&document, &rules);
        Report::new(vec![FileReport { document, findings }], vec![])
    }

    #[test]
    fn a_baseline_survives_lines_added_above_and_still_catches_new_findings() {
        let old = report("Intro.\nIt ended.Then it rained.\n");
        let baseline = Baseline::parse(&Baseline::from_report(&old).to_json()).unwrap();
        let mut new =
            report("New line.\nAnother.\nIntro.\nIt ended.Then it rained.\nA new line.Here\n");
        assert_eq!(new.files[0].findings.len(), 2);
        assert_eq!(baseline.filter(&mut new), 1);
        assert_eq!(new.files[0].findings.len(), 1);
        assert_eq!(
            new.files[0].document.slice(new.files[0].findings[0].range),
            "."
        );
        assert_eq!(
            new.files[0].findings[0].range.start().to_usize(),
            "New line.\nAnother.\nIntro.\nIt ended.Then it rained.\nA new line".len()
        );
    }

    #[test]
    fn a_second_copy_of_a_recorded_finding_is_new() {
        let old = report("It ended.Then\n");
        let baseline = Baseline::from_report(&old);
        let mut new = report("It ended.Then\nIt ended.Then\n");
        assert_eq!(baseline.filter(&mut new), 1);
        assert_eq!(new.files[0].findings.len(), 1);
    }

    #[test]
    fn fingerprints_are_stable() {
        // FNV-1a reference values: a baseline written today must match tomorrow's build.
        assert_eq!(fnv1a(b"calque"), 0x6b64_9799_45f1_9c98);
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    }
}
