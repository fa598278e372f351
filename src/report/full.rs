//! `--format full` (the default): for people, like rustc or ruff. A header `path:line:col:
//! severity[rule] message`, then a window of the line around the span (articles keep whole
//! paragraphs on one line), the span underlined, and the fix.
//!
//! ```text
//! samples/a.txt:7:74: error[core/missing-space-after-punctuation] Missing space after “.”
//!   |
//! 7 | …since the pandemic.Russia is increasingly…
//!   |                    ^
//!   = fix (safe): “.” → “. ”
//! ```

use std::io::{self, Write};

use unicode_segmentation::UnicodeSegmentation;

use super::{RenderOptions, Report, Span};
use crate::document::Document;
use crate::finding::{Applicability, Finding, Severity};
use crate::rules::RuleSet;

/// Graphemes of context shown on each side of the span.
const CONTEXT: usize = 40;
/// Longest span shown in full; a longer one is cut with `…`.
const MAX_SPAN: usize = 80;

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn severity_code(severity: Severity) -> &'static str {
        match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;34",
        }
    }
}

pub(super) fn render(
    report: &Report,
    rules: &RuleSet,
    options: RenderOptions,
    out: &mut impl Write,
) -> io::Result<()> {
    let style = Style { on: options.color };
    for file in &report.files {
        for finding in &file.findings {
            render_finding(&file.document, finding, rules, &style, out)?;
        }
    }
    let s = report.summary();
    let files = plural(s.files, "file", "files");
    if s.findings == 0 {
        writeln!(out, "No findings in {files}.")?;
    } else {
        writeln!(
            out,
            "Found {} in {files} ({}, {}, {}).",
            plural(s.findings, "finding", "findings"),
            plural(s.errors, "error", "errors"),
            plural(s.warnings, "warning", "warnings"),
            plural(s.infos, "info", "infos"),
        )?;
        writeln!(
            out,
            "Quality: {} penalty points in {}: {:.2} per 1,000 words.",
            s.penalty,
            plural(s.words, "word", "words"),
            s.penalty_per_1000_words()
        )?;
    }
    Ok(())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn render_finding(
    document: &Document,
    finding: &Finding,
    rules: &RuleSet,
    style: &Style,
    out: &mut impl Write,
) -> io::Result<()> {
    let span = Span::of(document, finding);
    let severity = style.paint(
        Style::severity_code(finding.severity),
        finding.severity.as_str(),
    );
    writeln!(
        out,
        "{}:{}:{}: {severity}[{}] {}",
        document.path(),
        span.start.line,
        span.start.column,
        style.paint("1", &finding.rule),
        finding.message
    )?;

    let line_number = span.start.line.to_zero_indexed();
    let line_range = document
        .line_index()
        .line_range(line_number, document.text());
    let line = document.slice(line_range);
    let start = finding.range.start().to_usize() - line_range.start().to_usize();
    let end = (finding
        .range
        .end()
        .to_usize()
        .min(line_range.end().to_usize()))
    .max(finding.range.start().to_usize())
        - line_range.start().to_usize();
    let (excerpt, caret_offset, caret_width) = window(line, start, end);

    let gutter = span.start.line.to_string();
    let pad = " ".repeat(gutter.len());
    let bar = style.paint("1;34", "|");
    writeln!(out, "{pad} {bar}")?;
    writeln!(out, "{} {bar} {excerpt}", style.paint("1;34", &gutter))?;
    let carets = "^".repeat(caret_width.max(1));
    writeln!(
        out,
        "{pad} {bar} {}{}",
        " ".repeat(caret_offset),
        style.paint(Style::severity_code(finding.severity), &carets)
    )?;

    let rule = rules.get(&finding.rule);
    let fix = rule.and_then(|r| r.fix());
    let label = match finding.fix {
        Some(Applicability::Safe) => "fix (safe)",
        Some(Applicability::Unsafe) => "fix (unsafe)",
        None => "suggestion",
    };
    let eq = style.paint("1;34", "=");
    match finding.suggestions.as_slice() {
        [] => {}
        [only] if fix.is_some_and(|f| f.delete_line) => {
            let _ = only;
            writeln!(
                out,
                "{pad} {eq} {}: delete this line",
                style.paint("32", label)
            )?;
        }
        [only] => {
            let title = fix
                .and_then(|f| f.title.as_deref())
                .map(|t| format!("{t}: "))
                .unwrap_or_default();
            writeln!(
                out,
                "{pad} {eq} {}: {title}“{}” → “{}”",
                style.paint("32", label),
                visible(document.slice(finding.range)),
                visible(&only.replacement)
            )?;
        }
        many => {
            let list: Vec<String> = many
                .iter()
                .map(|s| format!("“{}”", visible(&s.replacement)))
                .collect();
            writeln!(out, "{pad} {eq} suggestions: {}", list.join(" | "))?;
        }
    }
    writeln!(out)
}

/// Shows invisible characters that a fix changes (a non-breaking space reads as `⍽`).
fn visible(text: &str) -> String {
    text.replace('\u{00A0}', "⍽")
        .replace('\t', "⇥")
        .replace('\n', "⏎")
}

/// A window of `line` around bytes `start..end`: the excerpt, the display offset of the span
/// in it and the span's display width, both in graphemes.
fn window(line: &str, start: usize, end: usize) -> (String, usize, usize) {
    let before: Vec<&str> = line[..start].graphemes(true).collect();
    let span: Vec<&str> = line[start..end].graphemes(true).collect();
    let after: Vec<&str> = line[end..].graphemes(true).collect();

    let mut excerpt = String::new();
    let mut offset = 0;
    if before.len() > CONTEXT {
        excerpt.push('…');
        offset += 1;
    }
    for g in &before[before.len().saturating_sub(CONTEXT)..] {
        excerpt.push_str(&display(g));
        offset += 1;
    }
    let shown_span = &span[..span.len().min(MAX_SPAN)];
    for g in shown_span {
        excerpt.push_str(&display(g));
    }
    let mut width = shown_span.len();
    if span.len() > MAX_SPAN {
        excerpt.push('…');
        width += 1;
    } else {
        for g in &after[..after.len().min(CONTEXT)] {
            excerpt.push_str(&display(g));
        }
        if after.len() > CONTEXT {
            excerpt.push('…');
        }
    }
    (excerpt, offset, width)
}

/// One display column per grapheme: tabs and control characters become a space.
fn display(grapheme: &str) -> String {
    if grapheme.chars().any(char::is_control) {
        " ".into()
    } else {
        grapheme.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_shown_whole() {
        let (excerpt, offset, width) = window("the pandemic.Russia", 12, 13);
        assert_eq!(excerpt, "the pandemic.Russia");
        assert_eq!((offset, width), (12, 1));
    }

    #[test]
    fn long_lines_are_windowed_on_graphemes() {
        let line = format!("{}é.R{}", "a".repeat(100), "b".repeat(100));
        let start = 102;
        let (excerpt, offset, width) = window(&line, start, start + 1);
        assert!(excerpt.starts_with('…') && excerpt.ends_with('…'));
        assert_eq!(offset, CONTEXT + 1);
        assert_eq!(width, 1);
        assert_eq!(excerpt.chars().nth(offset), Some('.'));
    }

    #[test]
    fn empty_span_still_gets_a_caret_position() {
        let (_, offset, width) = window("ab", 1, 1);
        assert_eq!((offset, width), (1, 0));
    }
}
