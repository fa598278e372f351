//! A check's results ([`Report`]: files, findings, summary) and the printers that render it,
//! one file per [`OutputFormat`]. Printers are pure functions of a report: they write to the
//! `Write` they are given and never look at the terminal themselves.

mod concise;
mod full;
mod github;
pub mod json;
pub mod sarif;

use std::io::{self, Write};

use crate::config::PenaltyWeights;
use crate::document::Document;
use crate::error::InputError;
use crate::finding::{Finding, Severity};
use crate::rules::RuleSet;
use crate::text::SourceLocation;

/// An output format of `calque check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OutputFormat {
    /// For people: header, windowed excerpt with the span underlined, the fix.
    Full,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// Versioned, deterministic JSON (see [`json`]).
    Json,
    /// SARIF 2.1.0 with rule metadata, regions and fixes, for code scanning (see [`sarif`]).
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`), one per finding.
    Github,
}

/// Options that change how a report is rendered, not what it says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// ANSI colours (the CLI turns them on only for a terminal, or with `--color always`).
    pub color: bool,
}

/// The findings of one document.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The document that was checked.
    pub document: Document,
    /// Its findings, in order of position then rule id.
    pub findings: Vec<Finding>,
}

/// A document that could not be checked, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFailure {
    /// The path as given.
    pub path: String,
    /// What went wrong, naming the file.
    pub message: String,
    /// Whether the file was not read because it is over the size limit.
    pub too_large: bool,
}

impl From<&InputError> for InputFailure {
    fn from(error: &InputError) -> Self {
        Self {
            path: error.path().to_owned(),
            message: error.to_string(),
            too_large: matches!(error, InputError::TooLarge { .. }),
        }
    }
}

/// Counts over a whole report.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Summary {
    /// Documents checked.
    pub files: usize,
    /// Findings in all.
    pub findings: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
    /// Words in all checked documents.
    pub words: usize,
    /// Penalty points: the findings weighted by severity (MQM: error 5, warning 1, info 0).
    pub penalty: f64,
}

impl Summary {
    /// Penalty points per 1,000 words (0 for an empty text), rounded to two decimals so that
    /// reports stay byte-stable.
    pub fn penalty_per_1000_words(&self) -> f64 {
        per_1000_words(self.penalty, self.words)
    }
}

fn per_1000_words(points: f64, words: usize) -> f64 {
    if words == 0 {
        return 0.0;
    }
    (points * 1000.0 / words as f64 * 100.0).round() / 100.0
}

/// The result of checking a set of documents.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// One entry per checked document, sorted by path.
    pub files: Vec<FileReport>,
    /// Documents that could not be checked, sorted by path.
    pub failures: Vec<InputFailure>,
    /// Weights of the quality score.
    pub penalty: PenaltyWeights,
}

impl Report {
    /// Builds a report; files and failures are sorted by path so that output never depends on
    /// the order files were read in.
    pub fn new(mut files: Vec<FileReport>, mut failures: Vec<InputFailure>) -> Self {
        files.sort_by(|a, b| a.document.path().cmp(b.document.path()));
        failures.sort_by(|a, b| a.path.cmp(&b.path));
        Self {
            files,
            failures,
            penalty: PenaltyWeights::default(),
        }
    }

    /// Counts findings by severity, and words.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            files: self.files.len(),
            ..Summary::default()
        };
        for file in &self.files {
            summary.words += file.document.word_count();
            for finding in &file.findings {
                summary.findings += 1;
                summary.penalty += self.penalty.weight(finding.severity);
                match finding.severity {
                    Severity::Error => summary.errors += 1,
                    Severity::Warning => summary.warnings += 1,
                    Severity::Info => summary.infos += 1,
                }
            }
        }
        summary
    }

    /// The penalty per 1,000 words of one file.
    pub fn file_penalty(&self, file: &FileReport) -> f64 {
        let points: f64 = file
            .findings
            .iter()
            .map(|f| self.penalty.weight(f.severity))
            .sum();
        per_1000_words(points, file.document.word_count())
    }

    /// Whether any finding is at or above `threshold`.
    pub fn has_findings_at(&self, threshold: Severity) -> bool {
        self.files
            .iter()
            .flat_map(|f| &f.findings)
            .any(|f| f.severity >= threshold)
    }

    /// Renders the report in `format`.
    ///
    /// # Errors
    /// Only the writer's errors.
    pub fn render(
        &self,
        format: OutputFormat,
        rules: &RuleSet,
        options: RenderOptions,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        // The renderers write in many small pieces (a key, a quote, an indent): buffered here,
        // each piece is a copy into this buffer, not a call through `dyn Write` (a tenth of a
        // large report's check, measured on 14,600 findings in JSON).
        let mut out = io::BufWriter::with_capacity(64 << 10, out);
        match format {
            OutputFormat::Full => full::render(self, rules, options, &mut out),
            OutputFormat::Concise => concise::render(self, &mut out),
            OutputFormat::Json => json::render(self, &mut out),
            OutputFormat::Sarif => sarif::render(self, rules, &mut out),
            OutputFormat::Github => github::render(self, &mut out),
        }?;
        out.flush()
    }
}

/// Where a finding starts and ends, as users see it (1-based lines, 1-based char columns, end
/// exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Start.
    pub start: SourceLocation,
    /// End (exclusive).
    pub end: SourceLocation,
}

impl Span {
    /// Locates `finding` in `document`.
    pub fn of(document: &Document, finding: &Finding) -> Self {
        let index = document.line_index();
        Self {
            start: index.location(finding.range.start(), document.text()),
            end: index.location(finding.range.end(), document.text()),
        }
    }
}
