//! `--format concise`: one line per finding, `path:line:col: severity[rule] message`, for
//! editors' quickfix lists and grep.

use std::io::{self, Write};

use super::{Report, Span};

pub(super) fn render(report: &Report, out: &mut impl Write) -> io::Result<()> {
    for file in &report.files {
        for finding in &file.findings {
            let span = Span::of(&file.document, finding);
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                file.document.path(),
                span.start.line,
                span.start.column,
                finding.severity,
                finding.rule,
                finding.message
            )?;
        }
    }
    Ok(())
}
