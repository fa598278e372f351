//! HTML: which bytes of a page are prose, and what its entities decode to.
//!
//! A small hand-written tokenizer, after the WHATWG tokenizer's states but only as far as
//! the view needs: tags with their attributes (quote-aware, so `<a title="a > b">` is one tag),
//! comments, `<!DOCTYPE>` and other `<!…>` / `<?…>` declarations, and CDATA are markup;
//! the contents of raw-text elements (`<script>`, `<style>`, …) and of code elements (`<code>`,
//! `<pre>`, …) are masked too. Text between tags is prose; named entities from a table of the
//! ones news pages use, and numeric ones, are decoded; an unknown or malformed entity stays as
//! it is. Anything unterminated (a comment, a tag, a quoted attribute) runs to the end of the
//! range, as it does in a browser. One pass, no backtracking: linear in the input.
//!
//! The same scanner reads the HTML blocks of Markdown files (see `markdown.rs`).

use std::ops::Range;

use super::{Comment, Scan, Span};

/// Elements whose content is not markup but raw text (scripts, styles, embedded documents):
/// masked up to their end tag.
const RAW_TEXT_ELEMENTS: &[&str] = &[
    "script", "style", "iframe", "noembed", "noframes", "noscript", "xmp", "textarea",
];

/// Elements whose text is code, not prose: masked while any is open.
const CODE_ELEMENTS: &[&str] = &["code", "pre", "kbd", "samp", "tt"];

/// The longest entity name looked up (`&thinsp;` is 6); a longer run of letters is text.
const MAX_ENTITY_NAME: usize = 32;

/// Scans `source[range]` as HTML.
pub(crate) fn scan(source: &str, range: Range<usize>) -> Scan {
    let mut scan = Scan::default();
    scan_into(source, range, &mut scan);
    scan
}

/// Scans `source[range]` as HTML, appending its prose spans and comments to `scan`.
pub(crate) fn scan_into(source: &str, range: Range<usize>, scan: &mut Scan) {
    let mut tokenizer = Tokenizer {
        source,
        end: range.end.min(source.len()),
        code_depth: 0,
        scan,
    };
    tokenizer.run(range.start);
}

struct Tokenizer<'s, 'a> {
    source: &'s str,
    end: usize,
    /// How many code elements are open: their text is masked.
    code_depth: usize,
    scan: &'a mut Scan,
}

impl Tokenizer<'_, '_> {
    fn run(&mut self, start: usize) {
        let bytes = self.source.as_bytes();
        let mut i = start;
        let mut text_start = start;
        while i < self.end {
            let token_end = match bytes[i] {
                b'<' => self.markup(i, text_start),
                b'&' => self.entity(i, text_start),
                _ => None,
            };
            match token_end {
                Some(next) => {
                    i = next;
                    text_start = next;
                }
                None => {
                    i += 1;
                    // Jump over plain text: only `<` and `&` start a token.
                    i += bytes[i..self.end]
                        .iter()
                        .position(|&b| b == b'<' || b == b'&')
                        .unwrap_or(self.end - i);
                }
            }
        }
        self.text(text_start..self.end);
    }

    /// Records the text run `range` as prose, unless inside code.
    fn text(&mut self, range: Range<usize>) {
        if !range.is_empty() && self.code_depth == 0 {
            self.scan.spans.push(Span::keep(range));
        }
    }

    /// If markup starts at `i` (`<` seen), records the text before it, handles the markup and
    /// returns where it ends; `None` for a literal `<`.
    fn markup(&mut self, i: usize, text_start: usize) -> Option<usize> {
        let bytes = self.source.as_bytes();
        let rest = &bytes[i..self.end];
        let next = rest.get(1).copied();
        let end = if rest.starts_with(b"<!--") {
            self.text(text_start..i);
            self.comment(i)
        } else if rest.starts_with(b"<![CDATA[") {
            self.text(text_start..i);
            self.find(i + 9, b"]]>").map_or(self.end, |k| k + 3)
        } else if next == Some(b'!') || next == Some(b'?') {
            // `<!DOCTYPE …>` and bogus comments (`<?xml …?>`) end at the first `>`.
            self.text(text_start..i);
            self.find(i + 2, b">").map_or(self.end, |k| k + 1)
        } else if next == Some(b'/') && rest.get(2).is_some_and(u8::is_ascii_alphabetic) {
            self.text(text_start..i);
            let (name, end) = self.tag(i + 2);
            if is_one_of(name, CODE_ELEMENTS) {
                self.code_depth = self.code_depth.saturating_sub(1);
            }
            end
        } else if next.is_some_and(|b| b.is_ascii_alphabetic()) {
            self.text(text_start..i);
            let (name, end) = self.tag(i + 1);
            if name.eq_ignore_ascii_case(b"plaintext") {
                // Everything after `<plaintext>` is text of that element, to the end.
                self.end
            } else if is_one_of(name, RAW_TEXT_ELEMENTS) {
                // Masked up to the end tag, which the next step reads as a tag.
                self.raw_text_end(end, name)
            } else {
                if is_one_of(name, CODE_ELEMENTS) {
                    self.code_depth += 1;
                }
                end
            }
        } else {
            return None;
        };
        Some(end)
    }

    /// Reads a comment starting at `i`; a terminated one is recorded for suppressions.
    fn comment(&mut self, i: usize) -> usize {
        let body = i + 4;
        let rest = &self.source.as_bytes()[body..self.end];
        // `<!-->` and `<!--->` are complete (empty) comments in HTML.
        if rest.starts_with(b">") {
            return body + 1;
        }
        if rest.starts_with(b"->") {
            return body + 2;
        }
        match self.find(body, b"-->") {
            Some(k) => {
                self.scan.comments.push(Comment {
                    range: i..k + 3,
                    body: body..k,
                });
                k + 3
            }
            None => self.end,
        }
    }

    /// Reads a tag from its name at `i` to its `>`: returns the name and the offset after the
    /// tag (the end of the range when it is unterminated). Quoted attribute values may hold `>`.
    fn tag(&self, i: usize) -> (&[u8], usize) {
        let bytes = &self.source.as_bytes()[..self.end];
        let name_end = i + bytes[i..]
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
            .unwrap_or(bytes.len() - i);
        let name = &bytes[i..name_end];
        let mut j = name_end;
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            match bytes.get(j) {
                None => return (name, self.end),
                Some(b'>') => return (name, j + 1),
                Some(_) => {}
            }
            // An attribute name; a leading `=` belongs to it, as in the HTML spec.
            j += 1;
            while j < bytes.len()
                && !(bytes[j].is_ascii_whitespace() || matches!(bytes[j], b'/' | b'>' | b'='))
            {
                j += 1;
            }
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if bytes.get(j) != Some(&b'=') {
                continue;
            }
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            match bytes.get(j) {
                Some(&quote @ (b'"' | b'\'')) => match self.find(j + 1, &[quote]) {
                    Some(k) => j = k + 1,
                    None => return (name, self.end),
                },
                _ => {
                    while j < bytes.len() && !(bytes[j].is_ascii_whitespace() || bytes[j] == b'>') {
                        j += 1;
                    }
                }
            }
        }
    }

    /// Where the raw text of element `name` that starts at `from` ends: at its end tag
    /// (`</script`, any case, followed by whitespace, `/` or `>`), or at the end of the range.
    fn raw_text_end(&self, from: usize, name: &[u8]) -> usize {
        let bytes = &self.source.as_bytes()[..self.end];
        let mut k = from;
        while let Some(found) = self.find(k, b"</") {
            let name_start = found + 2;
            let name_end = name_start + name.len();
            let is_end_tag = bytes
                .get(name_start..name_end)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
                && bytes
                    .get(name_end)
                    .is_none_or(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>');
            if is_end_tag {
                return found;
            }
            k = name_start;
        }
        self.end
    }

    /// If an entity starts at `i` (`&` seen), records the text before it and the decoded
    /// entity (masked inside code), and returns where it ends; `None` for anything else.
    fn entity(&mut self, i: usize, text_start: usize) -> Option<usize> {
        let (end, decoded) = decode_entity(&self.source.as_bytes()[i..self.end])?;
        let end = i + end;
        self.text(text_start..i);
        if self.code_depth == 0 {
            let mut buffer = [0; 4];
            let text = match decoded {
                Decoded::Char(c) => &*c.encode_utf8(&mut buffer),
                Decoded::Str(s) => s,
            };
            self.scan.spans.push(Span::decoded(i..end, text));
        }
        Some(end)
    }

    /// The offset of the first `needle` at or after `from`, within the range.
    fn find(&self, from: usize, needle: &[u8]) -> Option<usize> {
        let haystack = self.source.as_bytes().get(from..self.end)?;
        haystack
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|k| from + k)
    }
}

fn is_one_of(name: &[u8], names: &[&str]) -> bool {
    names
        .iter()
        .any(|n| name.eq_ignore_ascii_case(n.as_bytes()))
}

/// What an entity stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decoded {
    Char(char),
    Str(&'static str),
}

/// Decodes the entity at the start of `bytes` (which starts with `&`): its length and value.
/// `None` when it is not a complete entity this decoder knows (no `;`, an unknown name, a
/// code point that is not a character or is a control character such as a line break, which
/// would shift the view's lines).
fn decode_entity(bytes: &[u8]) -> Option<(usize, Decoded)> {
    let rest = bytes.get(1..)?;
    if rest.first() == Some(&b'#') {
        let (digits_start, radix) = match rest.get(1) {
            Some(b'x' | b'X') => (2, 16),
            _ => (1, 10),
        };
        let digits = rest
            .get(digits_start..)?
            .iter()
            .take_while(|b| b.is_ascii_hexdigit() && (radix == 16 || b.is_ascii_digit()))
            .count();
        // More than 8 digits cannot be a character; refusing them also avoids overflow.
        if digits == 0 || digits > 8 || rest.get(digits_start + digits) != Some(&b';') {
            return None;
        }
        let text = std::str::from_utf8(&rest[digits_start..digits_start + digits]).ok()?;
        let value = u32::from_str_radix(text, radix).ok()?;
        let c = numeric_char(value)?;
        return Some((1 + digits_start + digits + 1, Decoded::Char(c)));
    }
    let name_len = rest
        .iter()
        .take(MAX_ENTITY_NAME + 1)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 || name_len > MAX_ENTITY_NAME || rest.get(name_len) != Some(&b';') {
        return None;
    }
    let name = std::str::from_utf8(&rest[..name_len]).ok()?;
    named_entity(name).map(|s| (1 + name_len + 1, Decoded::Str(s)))
}

/// The character of a numeric reference, as browsers read it: 128–159 are the Windows-1252
/// characters that old pages mean by them (`&#146;` is `’`); NUL, surrogates, out-of-range
/// values and control characters are not decoded.
fn numeric_char(value: u32) -> Option<char> {
    const WINDOWS_1252: [u32; 32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
        0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
        0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ];
    let value = match value {
        0x80..=0x9F => WINDOWS_1252[(value - 0x80) as usize],
        v => v,
    };
    char::from_u32(value).filter(|c| *c == '\t' || !c.is_control())
}

/// The named entities that news pages use. The full HTML table has 2,231 names; these cover
/// typography, Latin-1 letters of the European languages, and the symbols of scraped pages.
fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{A0}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        "thinsp" => "\u{2009}",
        "zwnj" => "\u{200C}",
        "zwj" => "\u{200D}",
        "shy" => "\u{AD}",
        "ndash" => "–",
        "mdash" => "—",
        "hellip" => "…",
        "lsquo" => "‘",
        "rsquo" => "’",
        "sbquo" => "‚",
        "ldquo" => "“",
        "rdquo" => "”",
        "bdquo" => "„",
        "laquo" => "«",
        "raquo" => "»",
        "lsaquo" => "‹",
        "rsaquo" => "›",
        "bull" => "•",
        "middot" => "·",
        "prime" => "′",
        "deg" => "°",
        "times" => "×",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "euro" => "€",
        "pound" => "£",
        "sect" => "§",
        "para" => "¶",
        "aacute" => "á",
        "Aacute" => "Á",
        "agrave" => "à",
        "Agrave" => "À",
        "acirc" => "â",
        "auml" => "ä",
        "Auml" => "Ä",
        "ccedil" => "ç",
        "Ccedil" => "Ç",
        "eacute" => "é",
        "Eacute" => "É",
        "egrave" => "è",
        "Egrave" => "È",
        "ecirc" => "ê",
        "euml" => "ë",
        "iacute" => "í",
        "Iacute" => "Í",
        "igrave" => "ì",
        "Igrave" => "Ì",
        "icirc" => "î",
        "iuml" => "ï",
        "ntilde" => "ñ",
        "Ntilde" => "Ñ",
        "oacute" => "ó",
        "Oacute" => "Ó",
        "ograve" => "ò",
        "Ograve" => "Ò",
        "ocirc" => "ô",
        "ouml" => "ö",
        "Ouml" => "Ö",
        "uacute" => "ú",
        "Uacute" => "Ú",
        "ugrave" => "ù",
        "Ugrave" => "Ù",
        "ucirc" => "û",
        "uuml" => "ü",
        "Uuml" => "Ü",
        "szlig" => "ß",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{assert_view_invariants, fuzz_iterations, random_source, Rng};
    use super::super::{DocumentKind, View};
    use super::*;

    fn view(source: &str) -> View {
        let view = View::build(DocumentKind::Html, source);
        assert_view_invariants(&view, source);
        view
    }

    /// The range of the first `needle` in the view, mapped to the source.
    fn source_of(view: &View, needle: &str) -> Option<Range<usize>> {
        let start = view.text().find(needle).expect("needle in view");
        view.to_source(start..start + needle.len())
    }

    #[test]
    fn entity_before_a_finding_shifts_it_back_to_the_source() {
        let source = "<p>Caf&eacute; ended.Then</p>";
        let view = view(source);
        assert_eq!(view.text(), "   Café ended.Then    ");
        let dot = source_of(&view, ".").unwrap();
        assert_eq!(
            dot,
            source.find('.').unwrap()..source.find('.').unwrap() + 1
        );
        assert_eq!(source_of(&view, "Café"), Some(3..14));
        assert_eq!(source_of(&view, "é"), Some(6..14));
    }

    #[test]
    fn tags_and_attributes_are_masked() {
        let source = "<a href=\"x.Y\" title='a > b.C'>Read</a> more.";
        let view = view(source);
        assert!(!view.text().contains("x.Y"));
        assert!(!view.text().contains("b.C"));
        assert_eq!(view.text().trim(), "Read     more.");
        assert_eq!(source_of(&view, "Read"), Some(30..34));
        assert_eq!(source_of(&view, "more"), Some(39..43));
    }

    #[test]
    fn comments_doctype_cdata_script_style_and_code_are_masked() {
        let source = "<!DOCTYPE html><!-- a.B --><![CDATA[c.D]]><?xml e.F?>\
            <script>if (a<b) x.Y();</script><STYLE>p.G{}</Style >\
            <pre>h.I <b>j.K</b></pre><code>l.M</code>ok.N";
        let view = view(source);
        assert_eq!(view.text().trim(), "ok.N");
        assert_eq!(
            view.to_source(view.text().len() - 4..view.text().len()),
            Some(source.len() - 4..source.len())
        );
    }

    #[test]
    fn comments_are_reported_with_their_body() {
        let source = "a<!-- calque-disable core -->b<!---->c<!-->d";
        let scan = scan(source, 0..source.len());
        let bodies: Vec<&str> = scan
            .comments
            .iter()
            .map(|c| &source[c.body.clone()])
            .collect();
        // `<!---->` is an empty comment; `<!-->` is closed at once and has no body at all.
        assert_eq!(bodies, [" calque-disable core ", ""]);
        assert_eq!(
            View::build(DocumentKind::Html, source)
                .text()
                .replace(' ', ""),
            "abcd"
        );
    }

    #[test]
    fn unterminated_markup_is_masked_to_the_end() {
        for source in [
            "ok <!-- never closed.Then",
            "ok <a href=\"x.Y>never.Then",
            "ok <div class=x never.Then",
            "ok <script>never.Then",
            "ok <![CDATA[never.Then",
            "ok <!DOCTYPE never.Then",
            "ok <plaintext>never.Then</plaintext>",
        ] {
            let view = view(source);
            assert_eq!(view.text().trim_end(), "ok", "{source:?}");
        }
    }

    #[test]
    fn entities_decode_at_start_and_end_and_numerically() {
        let source = "&ldquo;Yes&rdquo; &#8217;&#x2019;&#X2019;&#146;&nbsp;&amp;";
        let view = view(source);
        assert_eq!(view.text(), "“Yes” ’’’’\u{A0}&");
        assert_eq!(source_of(&view, "“"), Some(0..7));
        assert_eq!(source_of(&view, "&"), Some(source.len() - 5..source.len()));
    }

    #[test]
    fn malformed_and_unknown_entities_stay_as_they_are() {
        for source in [
            "fish & chips",
            "&",
            "a &amp b",
            "&unknown;",
            "&#;",
            "&#x;",
            "&#0;",
            "&#10;",
            "&#xD800;",
            "&#99999999999;",
            "&#x110000;",
            "&123;",
        ] {
            let view = view(source);
            assert_eq!(view.text(), source);
            assert!(view.is_identity(), "{source:?}");
        }
    }

    #[test]
    fn literal_less_than_is_text() {
        let view = view("3 < 4 and 5 <= 6 </ 7");
        assert_eq!(view.text(), "3 < 4 and 5 <= 6 </ 7");
    }

    #[test]
    fn crlf_and_non_ascii_before_masked_regions_keep_lines_and_offsets() {
        let source = "<p>é’🙂 ended.Then</p>\r\n<p class=\"x\r\ny\">Second.Line</p>\r\n";
        let view = view(source);
        let lines: Vec<&str> = view.text().split('\n').collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0].trim(), "é’🙂 ended.Then");
        assert!(lines[0].ends_with('\r'));
        assert_eq!(lines[2].trim(), "Second.Line");
        let at = source.find("Second").unwrap();
        assert_eq!(source_of(&view, "Second"), Some(at..at + 6));
    }

    #[test]
    fn code_depth_survives_nesting_and_stray_end_tags() {
        let view = view("</code>a<pre><code>x.Y</code>z.W</pre>b");
        assert_eq!(view.text().replace(' ', ""), "ab");
    }

    #[test]
    fn random_input_never_panics_and_keeps_the_invariants() {
        let mut rng = Rng::new(0x00C0_FFEE);
        for _ in 0..fuzz_iterations(3000) {
            let source = random_source(&mut rng);
            view(&source);
        }
    }
}
