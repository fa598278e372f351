//! `kind = "quotes"`: pairing and mixing of quotation marks within a paragraph.
//!
//! This module owns everything calque knows about quotation marks: which characters are
//! quotes (`“ ” " « »`, and `‘` where it cannot be an opening quote), which side of a word a
//! mark sits on, how marks pair up inside a paragraph, and the defects machine translation
//! leaves there. One analysis serves every `quotes` rule; the rule's `check` picks which kind
//! of defect it reports, so that each defect has its own message, severity and examples:
//!
//! | `check` | defect | fix |
//! |---|---|---|
//! | `closing-as-opening` | `ally“,`: an opening mark closes a quotation; `Italy‘s` | `ally”,` |
//! | `opening-as-closing` | `said ”Yes`, `concludes:” It`: a closing mark opens one | `said “Yes` |
//! | `mixed-styles` | `“…satellites."`, `«…”`: closed with another style than it opened | `”` |
//! | `space-inside` | `“ text”`, `text ”`: a space just inside the marks | `“text”` |
//! | `unclosed` | an opening mark never closed in its paragraph | none |
//! | `reopened` | `“A … “B`: a second opening while the first is still open | none |
//! | `unopened` | a closing mark with no opening before it | none |
//!
//! A paragraph is a run of non-blank lines (in `.txt` articles usually one long line). Double
//! quotes (`“ ” " « »`) are paired with a two-level stack: a quotation in another style may
//! nest inside an open one (`“… «…» …”`), a second opening in the same style may not.
//! Single quotes are left out of the pairing: `’` and `'` are mostly apostrophes (`Italy’s`,
//! `’90s`, `rock 'n' roll`), so only the unambiguous `‘`-after-a-word case is reported.
//!
//! A quotation left open at the end of a paragraph is not reported when the next paragraph
//! opens with a quotation mark (the English convention for a quotation over several
//! paragraphs), nor when the text stops mid-sentence (an excerpt cut short). Markdown code
//! spans and fenced blocks are skipped: their quotes are string delimiters, not prose.
//!
//! Directions come from the marks themselves where they have one (curly, guillemets) and from
//! context where they do not (straight `"` alternates; a mark between a space and a word opens,
//! one between a word and a space or punctuation closes). Every reported position is at a
//! char boundary, the analysis is one pass over the paragraph's bytes, and a paragraph without
//! a byte that can start a quote mark is skipped without decoding it.

use std::ops::Range;

use serde::Deserialize;

use super::template::{GroupRef, Template};
use super::{is_word_char, BuildContext, Hit};

/// The defect a `quotes` rule reports (`[match].check`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Check {
    /// An opening mark where a closing one is meant (`ally“,` → `ally”,`).
    ClosingAsOpening,
    /// A closing mark where an opening one is meant (`said ”Yes` → `said “Yes`).
    OpeningAsClosing,
    /// A quotation closed in another style than it was opened (`“…."` → `“….”`).
    MixedStyles,
    /// Space just inside the marks (`“ text”`, `text ”`).
    SpaceInside,
    /// An opening mark never closed in its paragraph.
    Unclosed,
    /// An opening mark while a quotation in the same style is still open.
    Reopened,
    /// A closing mark with no quotation open.
    Unopened,
}

/// `[match]` parameters of `kind = "quotes"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct QuotesSpec {
    /// Which defect the rule reports.
    pub check: Check,
    /// With `check = "unclosed"`: a quotation left open at the end of a paragraph is fine when
    /// the next paragraph opens with a quotation mark (the English convention for a quotation
    /// running over several paragraphs). Default `true`.
    #[serde(default)]
    pub continued_paragraphs: Option<bool>,
    /// Regexes whose matches on the hit's line suppress the hit.
    #[serde(default, alias = "unless")]
    pub exceptions: Vec<String>,
}

/// A compiled `quotes` rule.
#[derive(Debug)]
pub(crate) struct QuotesMatcher {
    check: Check,
    continued_paragraphs: bool,
    message: Template,
}

impl QuotesMatcher {
    /// Template variables this kind fills in, besides `$0` (the hit): `replacement` (the
    /// suggested text for the span, empty when there is none), `expected` (the quotation mark
    /// that belongs there) and `opening` (the mark that opened the quotation concerned).
    pub(crate) const VARIABLES: &'static [&'static str] = &["replacement", "expected", "opening"];

    /// Compiles the parameters.
    ///
    /// # Errors
    /// `continued_paragraphs` with a check other than `unclosed`, or a `[fix].replace`
    /// template: this kind computes its own replacements.
    pub(crate) fn compile(spec: QuotesSpec, cx: &BuildContext<'_>) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        if spec.continued_paragraphs.is_some() && spec.check != Check::Unclosed {
            problems.push("`continued_paragraphs` applies only to `check = \"unclosed\"`".into());
        }
        if cx.replace.is_some() {
            problems.push(
                "`quotes` rules compute their own replacement; remove [fix].replace \
                 (keep `applicability`)"
                    .into(),
            );
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Self {
            check: spec.check,
            continued_paragraphs: spec.continued_paragraphs.unwrap_or(true),
            message: cx.message.clone(),
        })
    }

    /// Appends a hit for every defect of this rule's `check` in `text`, with byte offsets
    /// into `text`.
    #[cfg(test)]
    pub(crate) fn find_in_document(&self, text: &str, out: &mut Vec<Hit>) {
        self.find_in_document_cached(text, &super::DocumentCache::default(), out);
    }

    /// As `QuotesMatcher::find_in_document`, sharing one analysis of `text` between the
    /// quote rules of a document (each rule reports one `check` of the same pairing).
    pub(crate) fn find_in_document_cached(
        &self,
        text: &str,
        cache: &super::DocumentCache,
        out: &mut Vec<Hit>,
    ) {
        let found = cache.quotes[usize::from(self.continued_paragraphs)].get_or_init(|| {
            let mut all = Vec::new();
            analyse(text, self.continued_paragraphs, &mut |found: Found| {
                all.push(found)
            });
            all
        });
        for found in found.iter().filter(|f| f.check == self.check) {
            out.push(self.hit(text, found.clone()));
        }
    }

    fn hit(&self, text: &str, found: Found) -> Hit {
        let snippet = &text[found.range.clone()];
        let message = self.message.expand(|g| match g {
            GroupRef::Index(0) => Some(snippet),
            GroupRef::Name(n) if n == "replacement" => Some(found.replacement.unwrap_or("")),
            GroupRef::Name(n) if n == "expected" => Some(found.expected),
            GroupRef::Name(n) if n == "opening" => Some(found.opening),
            _ => None,
        });
        Hit {
            range: found.range,
            message,
            suggestions: found.replacement.map(str::to_owned).into_iter().collect(),
        }
    }
}

/// One defect found by the analysis, before it becomes a [`Hit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    check: Check,
    /// Byte range into the whole text.
    range: Range<usize>,
    /// What replaces `range`, when the fix is known.
    replacement: Option<&'static str>,
    /// The mark that belongs at this place (or the mark itself when none is known).
    expected: &'static str,
    /// The opening mark of the quotation concerned, or "".
    opening: &'static str,
}

/// The family a double quotation mark belongs to; a quotation must close in the style it opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `“ ”`
    Curly,
    /// `"`
    Straight,
    /// `« »`
    Guillemet,
}

impl Style {
    fn opening(self) -> &'static str {
        match self {
            Self::Curly => "“",
            Self::Straight => "\"",
            Self::Guillemet => "«",
        }
    }

    fn closing(self) -> &'static str {
        match self {
            Self::Curly => "”",
            Self::Straight => "\"",
            Self::Guillemet => "»",
        }
    }

    /// The opening mark preceded by a space: the fix for a space on the wrong side.
    fn spaced_opening(self) -> &'static str {
        match self {
            Self::Curly => " “",
            Self::Straight => " \"",
            Self::Guillemet => " «",
        }
    }
}

/// A quotation opened and not yet closed.
#[derive(Debug)]
struct Open {
    /// Byte range of the opening mark in the text.
    range: Range<usize>,
    style: Style,
    /// A space-inside defect at the opening mark, reported only once the quotation closes:
    /// until then the mark might be a stray rather than an opening.
    pending: Option<Found>,
    /// `« text »` with spaces inside both marks is French typography, consistent in itself:
    /// the closing guillemet's space is not reported then.
    french_spacing: bool,
}

/// Open quotations of one paragraph: at most two levels (a quotation in another style nested
/// in an open one); kept in an array so that a paragraph never allocates.
#[derive(Debug, Default)]
struct Stack {
    items: [Option<Open>; 2],
    len: usize,
}

impl Stack {
    fn top(&self) -> Option<&Open> {
        self.len.checked_sub(1).and_then(|i| self.items[i].as_ref())
    }

    fn push(&mut self, open: Open) {
        debug_assert!(self.len < 2);
        self.items[self.len] = Some(open);
        self.len += 1;
    }

    fn pop(&mut self) -> Option<Open> {
        let i = self.len.checked_sub(1)?;
        self.len = i;
        self.items[i].take()
    }

    fn is_full(&self) -> bool {
        self.len == 2
    }
}

/// Marks that may stand just before an opening quote as a space does: `(“`, `—“`, `‘“`,
/// `=` for an HTML attribute (`alt=""`), and Markdown emphasis (`*"…"*`, `_"…"_`).
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '<'
            | '='
            | '*'
            | '_'
            | '—'
            | '–'
            | '-'
            | '/'
            | '“'
            | '‘'
            | '«'
            | '"'
            | '\''
            | '„'
    )
}

/// Marks that may follow a closing quote as a space does: `”.`, `”)`, `”’`, `"*`.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '>'
            | '*'
            | '_'
            | '…'
            | '—'
            | '–'
            | '-'
            | '”'
            | '’'
            | '»'
            | '"'
            | '\''
    )
}

/// Sentence punctuation that ends a word: a mark right after it sits on the word's right side.
fn is_trailing_punct(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '…' | '%')
}

/// Spaces inside a line: the ones a space-inside defect consists of (never a line break, so a
/// hit stays on one line).
fn is_hspace(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{3000}'
    )
}

/// Whether the mark has a space or an opener on its left (or starts the paragraph).
fn left_open(prev: Option<char>) -> bool {
    prev.is_none_or(|c| c.is_whitespace() || is_opener(c))
}

/// Whether the mark has a space or closing punctuation on its right (or ends the paragraph).
fn right_closed(next: Option<char>) -> bool {
    next.is_none_or(|c| c.is_whitespace() || is_closer(c))
}

/// Space on the left, a word on the right: `said “Yes`.
fn opening_shaped(prev: Option<char>, next: Option<char>) -> bool {
    left_open(prev) && !right_closed(next)
}

/// A word on the left, space or punctuation on the right: `ally”,`.
fn closing_shaped(prev: Option<char>, next: Option<char>) -> bool {
    !left_open(prev) && right_closed(next)
}

/// Endings that make a `‘` between letters an apostrophe typed wrong (`Italy‘s`, `don‘t`).
const CONTRACTIONS: [&str; 7] = ["s", "t", "d", "m", "ll", "re", "ve"];

/// Whether some byte of `bytes` can start a quotation mark this module looks at: `"`, or the
/// lead byte of `“ ” ‘` (0xE2) or `« »` (0xC2).
fn may_hold_quotes(bytes: &[u8]) -> bool {
    memchr::memchr3(b'"', 0xE2, 0xC2, bytes).is_some()
}

/// Longest backtick run taken as a Markdown code-span delimiter; longer runs are literal.
const MAX_TICKS: usize = 8;

/// Skips Markdown code spans (`` `“…ally“` ``): quotes inside them are quoted text, not prose.
/// Remembers which delimiter lengths have no closing run left in the paragraph, so that
/// unmatched backticks cost one scan each length, not one per backtick.
#[derive(Debug, Default)]
struct CodeSpans {
    unclosed: [bool; MAX_TICKS + 1],
}

impl CodeSpans {
    /// With a run of backticks at `i`: the offset just past the span it opens, or past the run
    /// itself when no run of the same length closes it.
    fn skip(&mut self, bytes: &[u8], i: usize) -> usize {
        let n = bytes[i..].iter().take_while(|&&b| b == b'`').count();
        let after = i + n;
        if n > MAX_TICKS || self.unclosed[n] {
            return after;
        }
        let mut j = after;
        while j < bytes.len() {
            if bytes[j] != b'`' {
                j += 1;
                continue;
            }
            let m = bytes[j..].iter().take_while(|&&b| b == b'`').count();
            if m == n {
                return j + m;
            }
            j += m;
        }
        self.unclosed[n] = true;
        after
    }
}

/// Byte ranges of the paragraphs of `text`: maximal runs of lines that are not blank, without
/// the final line break. A Markdown code fence (```` ``` ```` or `~~~` lines and what they
/// enclose) separates paragraphs as a blank line does: code is not prose, and its quotes are
/// string delimiters.
fn paragraphs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut pos = 0;
    let mut in_fence = false;
    std::iter::from_fn(move || {
        let mut start = None;
        let mut end = pos;
        while pos < text.len() {
            let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
            let line = text[pos..line_end].trim();
            let is_fence = line.starts_with("```") || line.starts_with("~~~");
            in_fence ^= is_fence;
            let blank = line.is_empty() || is_fence || in_fence;
            let next = (line_end + 1).min(text.len());
            if blank {
                if start.is_some() {
                    pos = next;
                    break;
                }
            } else {
                start.get_or_insert(pos);
                end = line_end;
            }
            pos = if line_end == text.len() {
                text.len()
            } else {
                next
            };
        }
        start.map(|s| s..end)
    })
}

/// Whether a paragraph opens with a quotation mark (after leading spaces): the sign that the
/// previous paragraph's open quotation continues in it.
fn opens_with_quote(paragraph: &str) -> bool {
    paragraph
        .trim_start()
        .starts_with(['“', '"', '«', '‘', '„'])
}

/// Whether a paragraph stops mid-sentence: its last character is not sentence punctuation or
/// a closing mark.
fn is_cut_off(paragraph: &str) -> bool {
    paragraph.trim_end().chars().next_back().is_some_and(|c| {
        !matches!(
            c,
            '.' | '!' | '?' | '…' | ':' | ';' | '”' | '"' | '»' | '’' | '\'' | ')' | ']'
        )
    })
}

/// Runs the analysis over every paragraph of `text` and hands each defect to `emit`.
fn analyse(text: &str, continued_paragraphs: bool, emit: &mut dyn FnMut(Found)) {
    if !may_hold_quotes(text.as_bytes()) {
        return;
    }
    let mut paras = paragraphs(text).peekable();
    while let Some(range) = paras.next() {
        let para = &text[range.clone()];
        if !may_hold_quotes(para.as_bytes()) {
            continue;
        }
        let mut stack = analyse_paragraph(para, range.start, emit);
        let continued = match paras.peek() {
            Some(next) => continued_paragraphs && opens_with_quote(&text[next.clone()]),
            // A text cut off mid-sentence (an excerpt, a scrape that stopped early) may well
            // close the quotation after the cut: nothing to judge.
            None => is_cut_off(para),
        };
        while let Some(open) = stack.pop() {
            if !continued {
                emit(Found {
                    check: Check::Unclosed,
                    range: open.range,
                    replacement: None,
                    expected: open.style.closing(),
                    opening: open.style.opening(),
                });
            }
        }
    }
}

/// Pairs the double quotes of one paragraph (`base` is its offset in the text), emits the
/// defects found on the way and returns what is still open at its end.
fn analyse_paragraph(para: &str, base: usize, emit: &mut dyn FnMut(Found)) -> Stack {
    let bytes = para.as_bytes();
    let mut stack = Stack::default();
    let mut code = CodeSpans::default();
    let after = |i: usize, found: Option<usize>| found.map_or(bytes.len(), |k| i + k);
    // The next backtick at or after `i`, looked for apart from the marks: memchr finds at most
    // three bytes at once, and code spans are rare in prose.
    let mut next_tick = after(0, memchr::memchr(b'`', bytes));
    let mut i = 0;
    while i < bytes.len() {
        // Only these bytes can start a mark; 0xE2 and 0xC2 are lead bytes, so `i` is a char
        // boundary whenever one of them is found. Skipping to them with memchr (rather than
        // testing every byte) matters: this runs over the whole document.
        let next_mark = after(i, memchr::memchr3(b'"', 0xE2, 0xC2, &bytes[i..]));
        if next_tick < next_mark {
            i = code.skip(bytes, next_tick);
            next_tick = after(i, memchr::memchr(b'`', &bytes[i..]));
            continue;
        }
        i = next_mark;
        let Some(c) = para[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        // `(")`: a mention of the character itself, not a quotation mark.
        if para[..i].ends_with('(') && para[i + len..].starts_with(')') {
            i += len;
            continue;
        }
        let mark = Mark {
            para,
            base,
            start: i,
            end: i + len,
            prev: para[..i].chars().next_back(),
            next: para[i + len..].chars().next(),
        };
        match c {
            '“' => opening_mark(&mark, Style::Curly, &mut stack, emit),
            '«' => opening_mark(&mark, Style::Guillemet, &mut stack, emit),
            '”' => closing_mark(&mark, Style::Curly, &mut stack, emit),
            '»' => closing_mark(&mark, Style::Guillemet, &mut stack, emit),
            '"' => straight_mark(&mark, &mut stack, emit),
            '‘' => single_opening_mark(&mark, emit),
            _ => {}
        }
        i += len;
    }
    stack
}

/// One quotation mark in its paragraph.
struct Mark<'a> {
    para: &'a str,
    base: usize,
    /// Byte range of the mark in the paragraph.
    start: usize,
    end: usize,
    prev: Option<char>,
    next: Option<char>,
}

impl Mark<'_> {
    /// The mark's range in the whole text.
    fn range(&self) -> Range<usize> {
        self.base + self.start..self.base + self.end
    }

    /// Start of the run of spaces just before the mark, if there is one and it does not begin
    /// the line (indentation is not a space inside quotes).
    fn space_before(&self) -> Option<usize> {
        let before = &self.para[..self.start];
        let trimmed = before.trim_end_matches(is_hspace);
        if trimmed.len() == before.len() {
            return None;
        }
        match trimmed.chars().next_back() {
            None | Some('\n' | '\r') => None,
            Some(_) => Some(trimmed.len()),
        }
    }

    /// End of the run of spaces just after the mark and the character after it, if there is a
    /// run and it does not end the line.
    fn space_after(&self) -> Option<(usize, char)> {
        let after = &self.para[self.end..];
        let trimmed = after.trim_start_matches(is_hspace);
        if trimmed.len() == after.len() {
            return None;
        }
        match trimmed.chars().next() {
            None | Some('\n' | '\r') => None,
            Some(c) => Some((self.para.len() - trimmed.len(), c)),
        }
    }

    /// A range from paragraph offsets to text offsets.
    fn abs(&self, range: Range<usize>) -> Range<usize> {
        self.base + range.start..self.base + range.end
    }
}

/// What opening a quotation at `mark` implies: a space just inside it is pending.
fn open_at(mark: &Mark<'_>, style: Style) -> Open {
    let mut pending = None;
    let mut french_spacing = false;
    if let Some((end, _)) = mark.space_after() {
        if style == Style::Guillemet && left_open(mark.prev) {
            french_spacing = true;
        } else {
            // `“ text` loses the space; `said:“ text` has it on the wrong side of the mark.
            let glued_left = !left_open(mark.prev);
            pending = Some(Found {
                check: Check::SpaceInside,
                range: mark.abs(mark.start..end),
                replacement: Some(if glued_left {
                    style.spaced_opening()
                } else {
                    style.opening()
                }),
                expected: style.opening(),
                opening: style.opening(),
            });
        }
    }
    Open {
        range: mark.range(),
        style,
        pending,
        french_spacing,
    }
}

/// Starts a quotation at `mark`: nested if the open one is in another style, otherwise it
/// replaces the open one, which is reported as reopened.
fn start_quotation(mark: &Mark<'_>, style: Style, stack: &mut Stack, emit: &mut dyn FnMut(Found)) {
    if let Some(top) = stack.top() {
        if top.style == style || stack.is_full() {
            emit(Found {
                check: Check::Reopened,
                range: mark.range(),
                replacement: None,
                expected: top.style.closing(),
                opening: top.style.opening(),
            });
            stack.pop();
        }
    }
    stack.push(open_at(mark, style));
}

/// Closes the innermost quotation at `mark`, whose own style is `style`, and reports a style
/// mismatch and a space before the mark; a space pending at the opening is reported now
/// that the pair is certain.
fn close_quotation(mark: &Mark<'_>, style: Style, stack: &mut Stack, emit: &mut dyn FnMut(Found)) {
    let Some(open) = stack.pop() else {
        return;
    };
    if let Some(pending) = open.pending {
        emit(pending);
    }
    if open.style != style {
        emit(Found {
            check: Check::MixedStyles,
            range: mark.range(),
            replacement: Some(open.style.closing()),
            expected: open.style.closing(),
            opening: open.style.opening(),
        });
    }
    // `text ”.` loses the space; `” word` (a word right after) is too unclear to fix.
    let french = open.style == Style::Guillemet && open.french_spacing;
    if let Some(space) = mark.space_before() {
        if !french && !mark.next.is_some_and(is_word_char) {
            emit(Found {
                check: Check::SpaceInside,
                range: mark.abs(space..mark.end),
                replacement: Some(style.closing()),
                expected: style.closing(),
                opening: open.style.opening(),
            });
        }
    }
}

/// `“` or `«`: opens a quotation, unless it sits where a quotation closes.
fn opening_mark(mark: &Mark<'_>, style: Style, stack: &mut Stack, emit: &mut dyn FnMut(Found)) {
    if let Some(top) = stack.top() {
        let expected = top.style.closing();
        let opening = top.style.opening();
        // `ally“,` — glued to the word it ends.
        let glued = closing_shaped(mark.prev, mark.next);
        // `nation “,` / `up “.` / `said “ next` — after a space, with nothing to open.
        let spaced = mark.space_before().filter(|_| {
            mark.next
                .is_none_or(|c| c.is_whitespace() || is_trailing_punct(c))
        });
        if glued || spaced.is_some() {
            let start = spaced.unwrap_or(mark.start);
            emit(Found {
                check: Check::ClosingAsOpening,
                range: mark.abs(start..mark.end),
                replacement: Some(expected),
                expected,
                opening,
            });
            if let Some(open) = stack.pop() {
                if let Some(pending) = open.pending {
                    emit(pending);
                }
            }
            return;
        }
    }
    start_quotation(mark, style, stack, emit);
}

/// `”` or `»`: closes the innermost quotation; with none open it is an opening typed wrong
/// (`said ”Yes`, `concludes:” It`) or a stray.
fn closing_mark(mark: &Mark<'_>, style: Style, stack: &mut Stack, emit: &mut dyn FnMut(Found)) {
    if stack.top().is_some() {
        close_quotation(mark, style, stack, emit);
        return;
    }
    let expected = style.opening();
    if opening_shaped(mark.prev, mark.next) {
        emit(Found {
            check: Check::OpeningAsClosing,
            range: mark.range(),
            replacement: Some(expected),
            expected,
            opening: "",
        });
        stack.push(Open {
            range: mark.range(),
            style,
            pending: None,
            french_spacing: false,
        });
        return;
    }
    // `concludes:” It`: the mark and the space after it swapped places.
    if let (Some(':'), Some((end, after))) = (mark.prev, mark.space_after()) {
        if is_word_char(after) {
            emit(Found {
                check: Check::OpeningAsClosing,
                range: mark.abs(mark.start..end),
                replacement: Some(style.spaced_opening()),
                expected,
                opening: "",
            });
            stack.push(Open {
                range: mark.range(),
                style,
                pending: None,
                french_spacing: false,
            });
            return;
        }
    }
    emit(Found {
        check: Check::Unopened,
        range: mark.range(),
        replacement: None,
        expected: style.closing(),
        opening: expected,
    });
}

/// `"`: no direction of its own. It closes the open quotation unless its shape says it
/// opens; after a digit with no straight quotation open it is an inch or seconds mark
/// (`5'11"`), not a quote.
fn straight_mark(mark: &Mark<'_>, stack: &mut Stack, emit: &mut dyn FnMut(Found)) {
    let style = Style::Straight;
    let after_digit = mark.prev.is_some_and(|c| c.is_ascii_digit());
    match stack.top() {
        _ if after_digit && is_feet_and_inches(&mark.para[..mark.start]) => {}
        Some(top) if after_digit && top.style != style => {}
        None if after_digit => {}
        Some(_) => {
            if opening_shaped(mark.prev, mark.next) {
                start_quotation(mark, style, stack, emit);
            } else {
                close_quotation(mark, style, stack, emit);
            }
        }
        None => {
            if !closing_shaped(mark.prev, mark.next) {
                stack.push(open_at(mark, style));
            } else if let (Some(':'), Some((_, after))) = (mark.prev, mark.space_after()) {
                // `said:" Yes` opens, with the space on the wrong side (reported by `open_at`).
                if is_word_char(after) {
                    stack.push(open_at(mark, style));
                }
            } else {
                emit(Found {
                    check: Check::Unopened,
                    range: mark.range(),
                    replacement: None,
                    expected: "\"",
                    opening: "\"",
                });
            }
        }
    }
}

/// Whether `before` ends with feet and inches (`5'11`, `6′2`), so that a `"` after it is the
/// inch mark even inside a straight quotation.
fn is_feet_and_inches(before: &str) -> bool {
    let digits = before.trim_end_matches(|c: char| c.is_ascii_digit());
    let mut rest = digits.chars().rev();
    matches!(rest.next(), Some('\'' | '’' | '′')) && rest.next().is_some_and(|c| c.is_ascii_digit())
}

/// `‘` right after a word is never an opening quote: it is a closing quote (`the ‘plan‘ was`)
/// or an apostrophe (`Italy‘s`). Single quotes are not paired (`’` doubles as the apostrophe).
fn single_opening_mark(mark: &Mark<'_>, emit: &mut dyn FnMut(Found)) {
    let Some(prev) = mark.prev else {
        return;
    };
    let next_is_word = mark.next.is_some_and(is_word_char);
    let wrong = if is_word_char(prev) && next_is_word {
        // Between letters only a contraction ending makes it an apostrophe: `so-called‘plan’`
        // is a missing space, not an apostrophe.
        let rest = &mark.para[mark.end..];
        let word_len = rest
            .char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(rest.len(), |(i, _)| i);
        CONTRACTIONS.contains(&&rest[..word_len])
    } else {
        (is_word_char(prev) || is_trailing_punct(prev)) && !next_is_word
    };
    if wrong {
        emit(Found {
            check: Check::ClosingAsOpening,
            range: mark.range(),
            replacement: Some("’"),
            expected: "’",
            opening: "‘",
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every defect in `text`, as (check, flagged text, replacement), in the order found.
    fn found(text: &str) -> Vec<(Check, String, Option<&'static str>)> {
        let mut out = Vec::new();
        analyse(text, true, &mut |f: Found| {
            out.push((f.check, text[f.range.clone()].to_owned(), f.replacement));
        });
        out
    }

    /// The flagged texts of one check.
    fn flagged(text: &str, check: Check) -> Vec<String> {
        found(text)
            .into_iter()
            .filter(|(c, _, _)| *c == check)
            .map(|(_, s, _)| s)
            .collect()
    }

    fn assert_clean(text: &str) {
        assert_eq!(found(text), vec![], "in {text:?}");
    }

    fn matcher(check: Check, message: &str) -> QuotesMatcher {
        let lists = |_: &str| None;
        let cx = BuildContext {
            message: Template::parse(message),
            replace: None,
            lists: &lists,
        };
        let spec = QuotesSpec {
            check,
            continued_paragraphs: None,
            exceptions: vec![],
        };
        QuotesMatcher::compile(spec, &cx).unwrap()
    }

    #[test]
    fn closing_typed_as_opening_after_a_word() {
        let text = "“Rome is our oldest friend and ally“, said the minister.";
        assert_eq!(
            found(text),
            vec![(Check::ClosingAsOpening, "“".into(), Some("”"))]
        );
    }

    #[test]
    fn closing_typed_as_opening_after_a_space() {
        let text = "“We are here to rebuild the city “, says the mayor.";
        assert_eq!(
            found(text),
            vec![(Check::ClosingAsOpening, " “".into(), Some("”"))]
        );
        assert_eq!(
            flagged(
                "“It will be hard. We will never give up “.",
                Check::ClosingAsOpening
            ),
            [" “"]
        );
        assert_eq!(
            flagged("“We stay “ said the mayor.", Check::ClosingAsOpening),
            [" “"]
        );
    }

    #[test]
    fn opening_typed_as_closing() {
        assert_eq!(
            found("The mayor said ”We stay.”"),
            vec![(Check::OpeningAsClosing, "”".into(), Some("“"))]
        );
        assert_eq!(
            found("The mayor concludes:” We stay.”"),
            vec![(Check::OpeningAsClosing, "” ".into(), Some(" “"))]
        );
    }

    #[test]
    fn curly_opened_straight_closed() {
        let text = "fighting “against the old order of the empire.\"The president";
        assert_eq!(
            found(text),
            vec![(Check::MixedStyles, "\"".into(), Some("”"))]
        );
    }

    #[test]
    fn guillemets_closed_by_another_mark() {
        assert_eq!(
            found("He called it «a good deal” and left."),
            vec![(Check::MixedStyles, "”".into(), Some("»"))]
        );
        // Space and style both wrong: two defects on overlapping spans.
        assert_eq!(
            found("“The harvest is lost ». Then"),
            vec![
                (Check::MixedStyles, "»".into(), Some("”")),
                (Check::SpaceInside, " »".into(), Some("»")),
            ]
        );
    }

    #[test]
    fn space_inside_the_marks() {
        assert_eq!(
            found("He said “ we stay” and left."),
            vec![(Check::SpaceInside, "“ ".into(), Some("“"))]
        );
        assert_eq!(
            found("He said “we stay ”. Then"),
            vec![(Check::SpaceInside, " ”".into(), Some("”"))]
        );
        assert_eq!(
            found("He said:“ we stay”."),
            vec![(Check::SpaceInside, "“ ".into(), Some(" “"))]
        );
        assert_eq!(
            flagged("a \"  spaced  \" pair", Check::SpaceInside),
            ["\"  ", "  \""]
        );
    }

    #[test]
    fn french_spacing_inside_guillemets_is_consistent() {
        assert_clean("Il a dit « oui » hier.");
        assert_eq!(flagged("Il a dit «oui » hier.", Check::SpaceInside), [" »"]);
    }

    #[test]
    fn unclosed_reopened_unopened() {
        assert_eq!(
            flagged("He said “we stay and left.", Check::Unclosed),
            ["“"]
        );
        assert_eq!(
            flagged("“We stay. “Then we go,” he said.", Check::Reopened),
            ["“"]
        );
        assert_eq!(
            flagged("\"It is good. \"It helps,\" she said.", Check::Reopened),
            ["\""]
        );
        assert_eq!(
            flagged("He said we stay” and left.", Check::Unopened),
            ["”"]
        );
        assert_eq!(found("He said we stay” and left.").len(), 1);
        // The text stops mid-sentence: the quotation may close after the cut.
        assert_clean("He said “we stay and ");
        assert_eq!(
            flagged("He said “we stay and\n\nNext.", Check::Unclosed),
            ["“"]
        );
    }

    #[test]
    fn multi_paragraph_quotation_leaves_the_opening_unclosed() {
        assert_clean("“We came first.\n\n“And we stay,” he said.");
        assert_clean("\"We came first.\r\n\r\n\"And we stay,\" he said.");
        assert_eq!(
            flagged("“We came first.\n\nAnd we stay, he said.", Check::Unclosed),
            ["“"]
        );
        let text = "“We came first.\n\n“And we stay.";
        let mut out = Vec::new();
        analyse(text, false, &mut |f| out.push(f.range));
        assert_eq!(out, [0..3, 19..22]);
    }

    #[test]
    fn nested_quotes_and_apostrophes_are_fine() {
        assert_clean("“She told me ‘never again’, and meant it,” he said.");
        assert_clean("“Italy’s plan, the ’90s and don’t,” he said; it's 'fine'.");
        assert_clean("“He called it \"fake news\" and left,” she said.");
        assert_clean("He said «it is “the end”» and left.");
        assert_clean("The students’ union said ‘no’.");
        assert_clean("(“Yes”) — “no” / “maybe”…");
    }

    #[test]
    fn straight_quotes_used_consistently_and_inch_marks() {
        assert_clean("He said \"yes\" and she said \"no\".");
        assert_clean("He is 5'11\" tall and 6\" wider.");
        assert_clean("\"He is 5'11\" tall,\" she said.");
        assert_clean("Press the \"2\" key.");
        assert_clean("An empty \"\" string.");
        assert_clean("<img alt=\"\" src=\"a.png\"> “Yes”");
        assert_clean("She said: \"Yes.\"\"No,\" he said.");
    }

    #[test]
    fn single_opening_after_a_word() {
        assert_eq!(
            found("The ‘plan‘ was dropped."),
            vec![(Check::ClosingAsOpening, "‘".into(), Some("’"))]
        );
        assert_eq!(flagged("Italy‘s plan", Check::ClosingAsOpening), ["‘"]);
        assert_clean("the so-called‘plan’ was");
        assert_clean("‘Tis the season; ‘90s music.");
    }

    #[test]
    fn edges_of_the_text() {
        assert_clean("");
        assert_clean("\n\n\n");
        assert_eq!(flagged("“.", Check::Unclosed), ["“"]);
        assert_clean("“");
        assert_eq!(flagged("”", Check::Unopened), ["”"]);
        assert_eq!(flagged("\"", Check::Unclosed), ["\""]);
        assert_eq!(flagged("‘", Check::ClosingAsOpening), Vec::<String>::new());
        assert_eq!(flagged("a“.", Check::Unclosed), ["“"]);
        assert_clean("a“");
        assert_clean("“a”");
        assert_clean("«a»");
        assert_clean(" “ ");
    }

    #[test]
    fn crlf_and_line_starts() {
        assert_clean("“One,” he said.\r\n\r\n“Two,” she said.\r\n");
        // Indentation before a closing mark is not a space inside the quotes.
        assert_eq!(
            flagged("“One line\n  ” then", Check::SpaceInside),
            Vec::<String>::new()
        );
        // A mark closing a line with a CR after it.
        assert_eq!(
            found("“We stay “\r\nnext"),
            vec![(Check::ClosingAsOpening, " “".into(), Some("”"))]
        );
    }

    #[test]
    fn non_ascii_neighbours_and_offsets() {
        let text = "Città «è bella” e più.";
        let mut out = Vec::new();
        analyse(text, true, &mut |f| out.push(f.range));
        assert_eq!(out.len(), 1);
        assert_eq!(&text[out[0].clone()], "”");
        assert_clean("Perché “è così”, disse.");
        assert_eq!(flagged("“Ελλάδα“ είπε", Check::ClosingAsOpening), ["“"]);
    }

    #[test]
    fn paragraphs_split_on_blank_lines_only() {
        let text = "a\nb\n\n  \nc\r\n\r\nd";
        let got: Vec<&str> = paragraphs(text).map(|r| &text[r]).collect();
        assert_eq!(got, ["a\nb", "c\r", "d"]);
        assert_eq!(paragraphs("").count(), 0);
        assert_eq!(paragraphs("\n").count(), 0);
        // Quotes pair across the lines of one paragraph.
        assert_clean("“One line\nand the next,” he said.");
    }

    #[test]
    fn markdown_code_is_not_prose() {
        assert_clean("It starts with _\"/\"_ or *\"./\"*; U+0022 (\") is the quote.");
        assert_clean("The defect `ally“,` and ``a ` “b``, then “fine”.");
        assert_clean("```json\n{\"a\": \"b\n\n\"c\"}\n```\n\n“Fine,” he said.");
        // Unmatched backticks are literal.
        assert_eq!(
            flagged("A ` tick “ally“, and `` two.", Check::ClosingAsOpening),
            ["“"]
        );
        let many = "x ``` ".to_owned() + &"` a ".repeat(100_001) + " “a“,";
        assert_eq!(flagged(&many, Check::ClosingAsOpening), ["“"]);
    }

    #[test]
    fn matcher_fills_the_template_variables() {
        let m = matcher(
            Check::MixedStyles,
            "opened with $opening, closed with $0: use $expected ($replacement)",
        );
        let mut hits = Vec::new();
        m.find_in_document("“a\"", &mut hits);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].message, "opened with “, closed with \": use ” (”)");
        assert_eq!(hits[0].suggestions, ["”"]);
        assert_eq!(hits[0].range, 4..5);
        let m = matcher(Check::Unclosed, "$0 never closed");
        hits.clear();
        m.find_in_document("x “a.", &mut hits);
        assert_eq!(hits[0].suggestions, Vec::<String>::new());
    }

    #[test]
    fn compile_rejects_misplaced_parameters() {
        let lists = |_: &str| None;
        let cx = BuildContext {
            message: Template::parse("m"),
            replace: Some(Template::parse("x")),
            lists: &lists,
        };
        let spec = QuotesSpec {
            check: Check::MixedStyles,
            continued_paragraphs: Some(true),
            exceptions: vec![],
        };
        let problems = QuotesMatcher::compile(spec, &cx).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    #[test]
    fn linear_on_a_million_quotes() {
        let text = "“a“ ".repeat(250_000) + &"\"".repeat(500_000) + &"”".repeat(250_000);
        let start = std::time::Instant::now();
        let mut n = 0;
        analyse(&text, true, &mut |_| n += 1);
        assert!(n > 0);
        assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
    }

    #[test]
    fn random_input_gives_ranges_on_char_boundaries() {
        const ALPHABET: [&str; 16] = [
            "“", "”", "\"", "«", "»", "‘", "’", "'", " ", "\n", "\r\n", "a", "é", ".", ",", "`",
        ];
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..2_000 {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                // xorshift: deterministic, no dependency.
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(ALPHABET[(seed % 16) as usize]);
            }
            seed = seed.wrapping_add(1);
            analyse(&text, true, &mut |f: Found| {
                assert!(f.range.start < f.range.end, "{text:?}");
                assert!(text.is_char_boundary(f.range.start), "{text:?}");
                assert!(text.is_char_boundary(f.range.end), "{text:?}");
                assert!(!text[f.range.clone()].contains('\n'), "{text:?}");
            });
        }
    }

    #[test]
    fn no_panic_on_odd_input() {
        for text in [
            "\"\"\"\"\"",
            "“”“”‘’‘’«»«»",
            "“\n”",
            " ” ",
            "\u{A0}“\u{A0}",
            "x‘",
            "‘s",
            "é‘s",
            "\r“\r",
            "«",
            "» «",
        ] {
            let _ = found(text);
        }
    }
}
