//! Property tests of the reliability guarantees (DESIGN.md, "Guarantees"): on any text, plain,
//! Markdown or HTML, checking never panics and every finding and suggestion points at whole
//! chars of the text; fixing converges, yields text that a second fix leaves alone; and a file
//! that is not UTF-8 is never touched by `calque check --fix`.
//!
//! Inputs are either arbitrary Unicode (any `char`, controls and NUL included) or assembled from
//! fragments that make rules fire and markup parsers branch (glued sentences, curly and
//! guillemet quotes, NBSP, CRLF and lone CR, HTML tags and entities, code fences, front matter,
//! emoji and combining marks), so that the edits of several rules meet and overlap.
//!
//! Each property runs `CALQUE_PROPTEST_CASES` cases (default below, chosen so that the whole file
//! takes seconds in a debug build); set it higher for a longer hunt:
//! `CALQUE_PROPTEST_CASES=5000 cargo test --release --test properties`.

use std::sync::OnceLock;

use calque::fix::fix_document;
use calque::report::Span;
use calque::{check, Applicability, Document, Finding, RuleSet};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Cases per property when `CALQUE_PROPTEST_CASES` is not set.
const DEFAULT_CASES: u32 = 96;

fn config(default: u32) -> Config {
    let cases = std::env::var("CALQUE_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        // A shrunk failure is printed in full; no regression file is written into `tests/`.
        failure_persistence: None,
        ..Config::default()
    }
}

/// The default packs, compiled once for every case.
fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(RuleSet::builtin)
}

/// Pieces that trigger rules (glued sentences and words, quotes, space runs, boilerplate lines,
/// homographs, untranslated words) or markup handling (tags, entities, code, front matter,
/// headings, suppression comments), plus line breaks of every kind and multi-byte chars whose
/// boundaries a careless slice would split.
const FRAGMENTS: &[&str] = &[
    "ended.Then",
    "It ended.Leaders met.",
    "“",
    "”",
    "\"",
    "'",
    "«",
    "»",
    " ",
    "  ",
    "\u{00A0}",
    "\u{00A0}\u{00A0}",
    "the Born",
    "The Born",
    "CAPTCHA\n",
    "CAPTCHA",
    "ofUkraine",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "<p>",
    "</p>",
    "<p class=\"a.B\">",
    "&amp;",
    "&eacute;",
    "&",
    "<",
    "`",
    "```\n",
    "---\n",
    "# ",
    "- ",
    "> ",
    "[x](https://e.com/a.Be)",
    "<!-- calque-disable -->",
    "<!-- calque-enable -->",
    "<!-- calque-disable-next-line core/missing-space-after-punctuation -->\n",
    "della",
    "anche",
    "the the",
    "Kim Jong-un",
    "Kim Jong Un",
    "colour",
    "color",
    "10 %",
    " ,",
    "Photo: Reuters\n",
    "^\n",
    ".",
    ",",
    "Italy",
    "word",
    "😀",
    "👍🏽",
    "🇮🇹",
    "e\u{0301}",
    "\u{0301}",
    "\u{FEFF}",
    "\u{200B}",
    "é",
    "日本",
];

/// Text made of rule-triggering fragments, sometimes with arbitrary chars between them.
fn fragments() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(FRAGMENTS).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..48).prop_map(|pieces| pieces.concat())
}

/// Arbitrary Unicode: any scalar value, controls and NUL included.
fn unicode() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..160).prop_map(String::from_iter)
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![1 => unicode(), 3 => fragments()]
}

/// A path per format: the extension picks plain text, Markdown or HTML.
fn path() -> impl Strategy<Value = &'static str> {
    prop::sample::select(&["a.txt", "a.md", "a.html"][..])
}

/// The 1-based (line, char column) of `offset`, computed without the line index: lines end at
/// `\n` only (a lone `\r` is not a break), columns count chars.
fn independent_location(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..offset].chars().count() + 1)
}

fn assert_on_char_boundaries(text: &str, start: usize, end: usize, what: &str) {
    assert!(
        start <= end && end <= text.len(),
        "{what} {start}..{end} outside the text ({} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what} {start}..{end} splits a char"
    );
}

fn assert_findings_are_well_formed(document: &Document, findings: &[Finding]) {
    let text = document.text();
    for finding in findings {
        let range = finding.range.to_std();
        assert_on_char_boundaries(
            text,
            range.start,
            range.end,
            &format!("{} range", finding.rule),
        );
        let span = Span::of(document, finding);
        assert_eq!(
            (span.start.line.get(), span.start.column.get()),
            independent_location(text, range.start),
            "{}: start of {range:?}",
            finding.rule
        );
        assert_eq!(
            (span.end.line.get(), span.end.column.get()),
            independent_location(text, range.end),
            "{}: end of {range:?}",
            finding.rule
        );
        for suggestion in &finding.suggestions {
            let r = suggestion.range.to_std();
            assert_on_char_boundaries(
                text,
                r.start,
                r.end,
                &format!("{} suggestion", finding.rule),
            );
        }
    }
}

/// Fixing converges, and fixing the fixed text again changes nothing.
fn assert_fix_is_stable(path: &str, text: &str, allowed: Applicability) {
    let document = Document::from_text(path, text).unwrap();
    let fixed = fix_document(&document, rules(), allowed);
    assert!(
        fixed.converged,
        "{allowed:?} fixes of {text:?} did not converge"
    );
    // `fixed.text` is a `String`, so it is UTF-8 by construction; what could break is an edit
    // splitting a char, which would have panicked in `apply_edits` above.
    let again = Document::from_text(path, fixed.text.clone()).unwrap();
    let second = fix_document(&again, rules(), allowed);
    assert_eq!(
        second.text,
        again.text(),
        "a second {allowed:?} fix of {text:?} changed {:?}",
        fixed.text
    );
    assert_eq!(second.applied, 0);
    assert_findings_are_well_formed(&again, &check(&again, rules()));
}

proptest! {
    #![proptest_config(config(DEFAULT_CASES))]

    /// Guards: findings slicing chars apart (a panic in every printer) and columns that drift
    /// from the bytes (a wrong position in SARIF, GitHub annotations and the editor's jump).
    #[test]
    fn findings_lie_on_char_boundaries_and_spans_agree(path in path(), text in text()) {
        let document = Document::from_text(path, text).unwrap();
        let findings = check(&document, rules());
        assert_findings_are_well_formed(&document, &findings);
    }

    /// Guards: `--fix` looping, splitting a char, or leaving work for a second run.
    #[test]
    fn safe_fixes_converge_and_are_idempotent(path in path(), text in fragments()) {
        assert_fix_is_stable(path, &text, Applicability::Safe);
    }

    /// As above with `--unsafe-fixes`, whose edits are more numerous and overlap more.
    #[test]
    fn unsafe_fixes_converge_and_are_idempotent(path in path(), text in text()) {
        assert_fix_is_stable(path, &text, Applicability::Unsafe);
    }
}

proptest! {
    // Each case spawns the binary: a few cases show the property; raise the count to hunt.
    #![proptest_config(config(8))]

    /// Guards "no lost byte": a file calque cannot decode is reported (exit 2) and never
    /// rewritten, even when its valid parts hold fixable defects.
    #[test]
    fn invalid_utf8_is_never_changed_by_fix(
        prefix in fragments(),
        noise in prop::collection::vec(any::<u8>(), 0..64),
        bad in prop::sample::select(&[0xFFu8, 0xFE, 0xC0, 0x80, 0xED][..]),
        at in any::<prop::sample::Index>(),
    ) {
        let mut bytes = prefix.into_bytes();
        bytes.extend_from_slice(&noise);
        // 0xFF, 0xFE, 0xC0 and 0x80 never start a valid UTF-8 char; 0xED followed by 0xA0 is a
        // surrogate. Either way the file is not UTF-8, wherever the byte goes.
        let at = at.index(bytes.len() + 1);
        bytes.splice(at..at, [bad, 0xA0]);
        prop_assume!(std::str::from_utf8(&bytes).is_err());
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("article.md");
        std::fs::write(&file, &bytes).unwrap();
        let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_calque"))
            .args(["check", "--fix", "--unsafe-fixes"])
            .arg(&file)
            .output()
            .unwrap();
        prop_assert_eq!(out.status.code(), Some(2));
        prop_assert!(String::from_utf8_lossy(&out.stderr).contains("article.md"));
        prop_assert_eq!(std::fs::read(&file).unwrap(), bytes);
    }
}

/// Regression: the minimal input proptest found. The file starts with two BOMs; each fix pass
/// re-created the document with `Document::from_text`, which stripped the second U+FEFF, so
/// the edits landed 3 bytes off and the fix never converged.
#[test]
fn a_second_bom_does_not_shift_fix_offsets() {
    for path in ["a.txt", "a.md", "a.html"] {
        assert_fix_is_stable(
            path,
            "\u{feff}\u{feff}a<p class=\"a.B\">",
            Applicability::Unsafe,
        );
        assert_fix_is_stable(path, "\u{feff}\u{feff}é ended.Then", Applicability::Safe);
    }
}
