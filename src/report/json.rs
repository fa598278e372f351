//! `--format json`: a stable, versioned report for scripts and snapshot tests.
//!
//! # Schema (version 1)
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     {
//!       "path": "samples/article.txt",
//!       "rule": "core/missing-space-after-punctuation",
//!       "category": "spacing",
//!       "mqm": "Fluency/Typography",
//!       "severity": "error",
//!       "line": 7, "column": 74, "end_line": 7, "end_column": 75,
//!       "message": "Missing space after “.”",
//!       "snippet": ".",
//!       "suggestions": [". "],
//!       "fix": "safe"
//!     }
//!   ],
//!   "summary": {"files": 1, "findings": 1, "errors": 1, "warnings": 0, "infos": 0, "words": 812,
//!               "penalty": 5.0, "penalty_per_1000_words": 6.16},
//!   "input_errors": [{"path": "broken.txt", "message": "broken.txt: not valid UTF-8 …"}]
//! }
//! ```
//!
//! - `path` is the path as given on the command line (never made absolute), `-` for
//!   standard input unless `--stdin-filename` names it.
//! - `line`, `column`, `end_line`, `end_column` are 1-based; columns count Unicode scalar
//!   values (chars), not bytes; the end is exclusive.
//! - `snippet` is the exact text the finding covers.
//! - `suggestions` are replacements for the span, best first (an empty string deletes).
//! - `fix` is `safe` or `unsafe`: whether `--fix` may apply the first suggestion unasked. It
//!   is absent when there is no suggestion.
//! - findings are ordered by path, line, column, then rule id; there are no timestamps.
//! - `summary.penalty` is the MQM-style score: findings weighted by severity (error 5, warning
//!   1, info 0 unless configured); `penalty_per_1000_words` divides it by the word count
//!   (rounded to two decimals).
//!
//! Compatibility: new keys may be added (at the top level and inside every object), and
//! `category` may gain values with new rules; `version` changes only when a key changes
//! meaning or goes away. The same contract is published as a JSON Schema (draft 2020-12),
//! `schemas/report-v1.schema.json`, which `tests/schema.rs` validates every sample's report
//! against: change the schema together with this file.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use super::{FileReport, Report, Span};
use crate::finding::Finding;

/// The version of the JSON report's schema.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    rule: &'a str,
    category: &'static str,
    mqm: &'static str,
    severity: &'static str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    snippet: &'a str,
    suggestions: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<&'static str>,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    findings: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    words: usize,
    penalty: f64,
    penalty_per_1000_words: f64,
}

#[derive(Serialize)]
struct JsonInputError<'a> {
    path: &'a str,
    message: &'a str,
}

impl JsonSummary {
    fn of(report: &Report) -> Self {
        let s = report.summary();
        Self {
            files: s.files,
            findings: s.findings,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            words: s.words,
            penalty: s.penalty,
            penalty_per_1000_words: s.penalty_per_1000_words(),
        }
    }
}

impl<'a> JsonInputError<'a> {
    fn all(report: &'a Report) -> Vec<Self> {
        report
            .failures
            .iter()
            .map(|f| JsonInputError {
                path: &f.path,
                message: &f.message,
            })
            .collect()
    }
}

/// Every finding of the report with its file, in order.
fn findings(report: &Report) -> impl Iterator<Item = (&FileReport, &Finding)> {
    report
        .files
        .iter()
        .flat_map(|file| file.findings.iter().map(move |f| (file, f)))
}

impl<'a> JsonFinding<'a> {
    fn new(file: &'a FileReport, finding: &'a Finding) -> Self {
        let span = Span::of(&file.document, finding);
        JsonFinding {
            path: file.document.path(),
            rule: &finding.rule,
            category: finding.category.as_str(),
            mqm: finding.category.mqm(),
            severity: finding.severity.as_str(),
            line: span.start.line.get(),
            column: span.start.column.get(),
            end_line: span.end.line.get(),
            end_column: span.end.column.get(),
            message: &finding.message,
            snippet: file.document.slice(finding.range),
            suggestions: finding
                .suggestions
                .iter()
                .map(|s| s.replacement.as_str())
                .collect(),
            fix: finding.fix.map(|f| f.as_str()),
        }
    }
}

/// Findings rendered together by one task of [`render`].
const PART: usize = 256;

/// Parts rendered side by side before they are written: bounds the rendered text held at
/// once (about 256 KB) whatever the number of findings. Two per core of the machine this was
/// measured on: eight held a megabyte at the peak of a large report for no gain in speed.
const PARTS_AT_ONCE: usize = 4;

/// Writes the report as `serde_json::to_writer_pretty` would write it, byte for byte: the
/// envelope here, each value pretty-printed and indented to its depth.
///
/// The findings are rendered in parts on the thread pool. Rendering a large document's
/// findings (line and column of both ends, escaping, formatting) came after all the checking,
/// on one thread: a tenth of the wall time of a 10 MB article with 14,600 findings.
pub(super) fn render(report: &Report, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "{{\n  \"version\": {JSON_VERSION},")?;
    out.write_all(b"  \"findings\": ")?;
    // The findings a window at a time: a list of them all was a quarter of a megabyte at the
    // peak of a 10 MB article's report.
    let mut findings = findings(report);
    let mut window: Vec<(&FileReport, &Finding)> = Vec::with_capacity(PART * PARTS_AT_ONCE);
    window.extend(findings.by_ref().take(PART * PARTS_AT_ONCE));
    if window.is_empty() {
        out.write_all(b"[]")?;
    } else {
        out.write_all(b"[")?;
        let mut first = true;
        while !window.is_empty() {
            let parts: Vec<Vec<u8>> = window
                .par_chunks(PART)
                .map(|part| {
                    let mut text = Vec::with_capacity(part.len() * 512);
                    let mut one = Vec::with_capacity(1024);
                    for (file, finding) in part {
                        one.clear();
                        serde_json::to_writer_pretty(&mut one, &JsonFinding::new(file, finding))
                            .expect("a finding serialises");
                        // Each finding after a comma; the very first one's is dropped below.
                        text.extend_from_slice(b",\n    ");
                        indent(&one, b"    ", &mut text);
                    }
                    text
                })
                .collect();
            for part in parts {
                // The comma before the very first finding goes.
                let skip = usize::from(first);
                first = false;
                out.write_all(&part[skip..])?;
            }
            window.clear();
            window.extend(findings.by_ref().take(PART * PARTS_AT_ONCE));
        }
        out.write_all(b"\n  ]")?;
    }
    out.write_all(b",\n  \"summary\": ")?;
    write_indented(&JsonSummary::of(report), out)?;
    out.write_all(b",\n  \"input_errors\": ")?;
    write_indented(&JsonInputError::all(report), out)?;
    out.write_all(b"\n}\n")
}

/// `value` pretty-printed as a value at the top level of the report (two spaces deep).
fn write_indented(value: &impl Serialize, out: &mut impl Write) -> io::Result<()> {
    let text = serde_json::to_vec_pretty(value).map_err(io::Error::other)?;
    let mut indented = Vec::with_capacity(text.len() + 64);
    indent(&text, b"  ", &mut indented);
    out.write_all(&indented)
}

/// Copies pretty-printed `json` into `out` with `prefix` after each line break: a value
/// printed at depth zero, moved down. JSON strings hold no raw line break, so each one is
/// the printer's own.
fn indent(json: &[u8], prefix: &[u8], out: &mut Vec<u8>) {
    let mut rest = json;
    while let Some(at) = memchr::memchr(b'\n', rest) {
        out.extend_from_slice(&rest[..=at]);
        out.extend_from_slice(prefix);
        rest = &rest[at + 1..];
    }
    out.extend_from_slice(rest);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::InputFailure;
    use crate::Checker;

    /// The report as one `serde_json::to_writer_pretty` call writes it: what [`render`]
    /// must reproduce byte for byte.
    fn reference(report: &Report) -> Vec<u8> {
        #[derive(Serialize)]
        struct Whole<'a> {
            version: u32,
            findings: Vec<JsonFinding<'a>>,
            summary: JsonSummary,
            input_errors: Vec<JsonInputError<'a>>,
        }
        let whole = Whole {
            version: JSON_VERSION,
            findings: findings(report)
                .map(|(file, f)| JsonFinding::new(file, f))
                .collect(),
            summary: JsonSummary::of(report),
            input_errors: JsonInputError::all(report),
        };
        let mut out = serde_json::to_vec_pretty(&whole).unwrap();
        out.push(b'\n');
        out
    }

    fn rendered(report: &Report) -> Vec<u8> {
        let mut out = Vec::new();
        render(report, &mut out).unwrap();
        out
    }

    #[test]
    fn parts_rendered_side_by_side_make_the_pretty_printed_report() {
        let checker = Checker::builder().build().unwrap();
        // Findings in every count around the part and window sizes, in two files, with
        // quotes, backslashes and non-ASCII text to escape, and a failure.
        let line = "It ended.Then the Born met “quote” \\ and the the talks.\n";
        for count in [0, 1, 2, PART - 1, PART, PART + 1, PART * PARTS_AT_ONCE + 3] {
            let text = line.repeat(count);
            let mut report = checker.check_str("a.txt", &text);
            let mut files = report.files.clone();
            for file in &mut files {
                file.findings.truncate(count);
                assert_eq!(file.findings.len(), count, "the text gives enough findings");
            }
            let second = checker.check_str("b.md", line).files;
            files.extend(second);
            report = Report::new(
                files,
                vec![InputFailure {
                    path: "c.txt".to_owned(),
                    message: "c.txt: cannot read".to_owned(),
                    too_large: false,
                }],
            );
            assert_eq!(
                String::from_utf8(rendered(&report)).unwrap(),
                String::from_utf8(reference(&report)).unwrap(),
                "{count} findings"
            );
        }
        // No findings and no failures at all: empty arrays.
        let empty = Report::new(Vec::new(), Vec::new());
        assert_eq!(rendered(&empty), reference(&empty));
    }
}
