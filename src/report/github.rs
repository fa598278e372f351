//! `--format github`: GitHub Actions workflow commands, which the runner turns into annotations
//! on the pull request's diff. This file owns that text format only; what is found, and in
//! which order, is the report's business.
//!
//! # Contract
//!
//! One line per finding, in report order:
//!
//! ```text
//! ::error file=samples/a.txt,line=34,col=667,endLine=34,endColumn=675,title=it-en/nato-as-the-born::“the Born” is … NATO (fix: “NATO”)
//! ```
//!
//! - The command is `error`, `warning` or `notice` (for severity `info`).
//! - `line`/`endLine` are 1-based; `col`/`endColumn` are 1-based char columns, end exclusive,
//!   as in the JSON report. `col` and `endColumn` are written only when the finding starts and
//!   ends on the same line: GitHub ignores (or misplaces) column ranges of multi-line
//!   annotations. See
//!   <https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions#setting-an-error-message>.
//! - A finding whose range ends with a line break (it ends at column 1 of the next line) is
//!   shown as ending on its last char, so the annotation does not spill onto the next line.
//! - `title` is the rule id. The message is the finding's, followed by its suggestions when it
//!   has any: ` (fix: “NATO”)`, ` (fix: “a” or “b”)`, ` (fix: delete)`, or
//!   ` (fix: delete the line)` when the suggestion removes the whole line.
//! - Values are escaped as `@actions/core` does (`toCommandValue` / `escapeData` /
//!   `escapeProperty` in `packages/core/src/command.ts`): in the message `%`, CR and LF become
//!   `%25`, `%0D`, `%0A`; in properties `:` and `,` also become `%3A` and `%2C`, since they
//!   delimit the properties.
//! - An input that could not be checked is an `::error file={path},title=calque::{message}`
//!   line, so a broken file shows up on the run's summary too.
//!
//! GitHub shows at most 10 annotations of each level per step (and 50 per job), so a large
//! report is better uploaded as SARIF (`--format sarif`).

use std::io::{self, Write};

use super::{Report, Span};
use crate::document::Document;
use crate::finding::{Finding, Severity};
use crate::text::OneIndexed;

pub(super) fn render(report: &Report, out: &mut impl Write) -> io::Result<()> {
    for file in &report.files {
        for finding in &file.findings {
            render_finding(&file.document, finding, out)?;
        }
    }
    for failure in &report.failures {
        writeln!(
            out,
            "::error file={},title=calque::{}",
            escape_property(&failure.path),
            escape_data(&failure.message)
        )?;
    }
    Ok(())
}

fn render_finding(document: &Document, finding: &Finding, out: &mut impl Write) -> io::Result<()> {
    let command = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let span = visible_span(document, finding);
    let mut properties = format!(
        "file={},line={}",
        escape_property(document.path()),
        span.start.line
    );
    if span.start.line == span.end.line {
        properties.push_str(&format!(
            ",col={},endLine={},endColumn={}",
            span.start.column, span.end.line, span.end.column
        ));
    } else {
        properties.push_str(&format!(",endLine={}", span.end.line));
    }
    properties.push_str(&format!(",title={}", escape_property(&finding.rule)));
    writeln!(
        out,
        "::{command} {properties}::{}",
        escape_data(&message(finding))
    )
}

/// The finding's span, pulled back from column 1 of the next line to the end of its last line
/// when the range ends with a line break (a whole-line finding): GitHub would otherwise
/// annotate one line too many and drop the columns.
fn visible_span(document: &Document, finding: &Finding) -> Span {
    let mut span = Span::of(document, finding);
    if span.end.line > span.start.line
        && span.end.column == OneIndexed::MIN
        && !finding.range.is_empty()
    {
        let index = document.line_index();
        let last = span.end.line.to_zero_indexed() - 1;
        let end = index.line_range(last, document.text()).end();
        span.end = index.location(end, document.text());
        // The range was only the line break of the start line (an empty line's finding).
        if span.end < span.start {
            span.end = span.start;
        }
    }
    span
}

/// The message, with the suggestions appended so that they show in the annotation.
fn message(finding: &Finding) -> String {
    if finding.suggestions.is_empty() {
        return finding.message.clone();
    }
    let fixes: Vec<String> = finding
        .suggestions
        .iter()
        .map(|s| {
            if s.replacement.is_empty() && s.range != finding.range {
                // Wider than the finding: the rule deletes the line, line break included.
                "delete the line".to_owned()
            } else if s.replacement.is_empty() {
                "delete".to_owned()
            } else {
                format!("“{}”", s.replacement)
            }
        })
        .collect();
    format!("{} (fix: {})", finding.message, fixes.join(" or "))
}

/// Escapes a command's message as `@actions/core`'s `escapeData`: `%` first, so that the
/// escapes it adds are not escaped again.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value as `@actions/core`'s `escapeProperty`: like the message, plus `:`
/// (ends the properties) and `,` (separates them).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Applicability, Category, Suggestion};
    use crate::report::{FileReport, InputFailure};
    use crate::text::TextRange;

    fn finding(range: std::ops::Range<usize>, severity: Severity, fixes: &[&str]) -> Finding {
        let range = TextRange::from_usize(range);
        Finding {
            rule: "core/x".into(),
            category: Category::Spacing,
            severity,
            range,
            message: "100% wrong:\r\nreally".into(),
            suggestions: fixes
                .iter()
                .map(|r| Suggestion {
                    replacement: (*r).into(),
                    range,
                })
                .collect(),
            fix: (!fixes.is_empty()).then_some(Applicability::Safe),
        }
    }

    fn render_text(path: &str, text: &str, findings: Vec<Finding>) -> String {
        let document = Document::from_text(path, text).unwrap();
        let report = Report::new(vec![FileReport { document, findings }], vec![]);
        let mut out = Vec::new();
        render(&report, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_data_and_properties_like_the_actions_toolkit() {
        assert_eq!(escape_data("50%\r\n:,"), "50%25%0D%0A:,");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        let out = render_text(
            "dir,1/a:b.txt",
            "It ended.Then\n",
            vec![finding(8..9, Severity::Error, &[])],
        );
        assert_eq!(
            out,
            "::error file=dir%2C1/a%3Ab.txt,line=1,col=9,endLine=1,endColumn=10,title=core/x::100%25 wrong:%0D%0Areally\n"
        );
    }

    #[test]
    fn columns_are_chars_and_levels_map_to_commands() {
        // `é` and `’` are one column each.
        let out = render_text(
            "a.txt",
            "Perché l’ok.Then\n",
            vec![
                finding(13..14, Severity::Warning, &[". "]),
                finding(13..14, Severity::Info, &["a", ""]),
            ],
        );
        let lines: Vec<&str> = out.lines().collect();
        assert!(
            lines[0].starts_with("::warning file=a.txt,line=1,col=11,endLine=1,endColumn=12,"),
            "{out}"
        );
        assert!(lines[0].ends_with(" (fix: “. ”)"), "{out}");
        assert!(lines[1].starts_with("::notice "), "{out}");
        assert!(lines[1].ends_with(" (fix: “a” or delete)"), "{out}");
    }

    #[test]
    fn multi_line_findings_have_no_columns() {
        let out = render_text(
            "a.txt",
            "one\ntwo\nthree\n",
            vec![finding(2..6, Severity::Error, &[])],
        );
        assert!(
            out.starts_with("::error file=a.txt,line=1,endLine=2,title=core/x::"),
            "{out}"
        );
    }

    #[test]
    fn a_suggestion_wider_than_the_finding_deletes_the_line() {
        let mut f = finding(0..7, Severity::Error, &[""]);
        f.suggestions[0].range = TextRange::from_usize(0..8);
        let out = render_text("a.txt", "CAPTCHA\nnext\n", vec![f]);
        assert!(
            out.ends_with("::100%25 wrong:%0D%0Areally (fix: delete the line)\n"),
            "{out}"
        );
    }

    #[test]
    fn a_range_ending_with_a_line_break_stays_on_its_line() {
        let out = render_text(
            "a.txt",
            "CAPTCHA\nnext\n",
            vec![finding(0..8, Severity::Error, &[""])],
        );
        assert!(
            out.starts_with("::error file=a.txt,line=1,col=1,endLine=1,endColumn=8,"),
            "{out}"
        );
        assert!(out.ends_with(" (fix: delete)\n"), "{out}");
    }

    #[test]
    fn an_empty_report_prints_nothing_and_failures_are_errors() {
        let mut out = Vec::new();
        render(&Report::default(), &mut out).unwrap();
        assert!(out.is_empty());
        let report = Report::new(
            vec![],
            vec![InputFailure {
                path: "bad.txt".into(),
                message: "bad.txt: not valid UTF-8".into(),
                too_large: false,
            }],
        );
        render(&report, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "::error file=bad.txt,title=calque::bad.txt: not valid UTF-8\n"
        );
    }
}
