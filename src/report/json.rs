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

use serde::Serialize;

use super::{Report, Span};

/// The version of the JSON report's schema.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    findings: Findings<'a>,
    summary: JsonSummary,
    input_errors: Vec<JsonInputError<'a>>,
}

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

/// The findings of a report, serialised one by one as the array is written: a large
/// document's findings are not copied into a second list first.
struct Findings<'a>(&'a Report);

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.files.iter().flat_map(|file| {
            file.findings.iter().map(move |finding| {
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
            })
        }))
    }
}

pub(super) fn render(report: &Report, out: &mut impl Write) -> io::Result<()> {
    let s = report.summary();
    let json = JsonReport {
        version: JSON_VERSION,
        findings: Findings(report),
        summary: JsonSummary {
            files: s.files,
            findings: s.findings,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            words: s.words,
            penalty: s.penalty,
            penalty_per_1000_words: s.penalty_per_1000_words(),
        },
        input_errors: report
            .failures
            .iter()
            .map(|f| JsonInputError {
                path: &f.path,
                message: &f.message,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &json).map_err(io::Error::other)?;
    writeln!(out)
}
