//! Markup-aware views of a document: what the matchers see of a Markdown or HTML file, and the
//! way back from a position in that view to the file on disk.
//!
//! A [`View`] is the source text with everything that is not prose (code, tags, URLs, front
//! matter, comments) replaced by ASCII spaces and HTML entities decoded. It keeps every line
//! break at the same line number as the source, so a matcher working line by line sees the
//! same lines; byte offsets may differ (an entity is shorter once decoded), so a sorted piece
//! table maps view offsets back to source offsets ([`View::to_source`]).
//!
//! Inline suppression comments (`<!-- calque-disable RULE -->`) are parsed by [`Suppressions`].
//!
//! This module owns the formats and the mapping; it does not run rules, print, or know about
//! findings: the engine builds a view, runs its matchers over [`View::text`], and maps each hit
//! back with [`View::to_source`], dropping the ones that map to `None`.
//!
//! ```
//! use calque::markup::{DocumentKind, View};
//!
//! let source = "<p>Caf&eacute; ended.Then</p>";
//! let view = View::build(DocumentKind::from_path("a.html"), source);
//! assert_eq!(view.text(), "   Café ended.Then    ");
//! let dot = view.text().find('.').unwrap();
//! assert_eq!(view.to_source(dot..dot + 2), Some(20..22));
//! assert_eq!(&source[20..22], ".T");
//! ```

mod html;
mod markdown;
mod suppress;
mod url;

use std::ops::Range;

pub use suppress::Suppressions;

/// The format of a document, which decides what of it is prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DocumentKind {
    /// Plain text: everything is prose.
    Text,
    /// CommonMark with the common extensions (tables, footnotes, front matter).
    Markdown,
    /// HTML, a fragment or a whole page.
    Html,
}

impl DocumentKind {
    /// The kind of a file from its extension, case-insensitively: `.md` and `.markdown` are
    /// Markdown, `.html` and `.htm` are HTML, anything else (and no extension) is plain text.
    ///
    /// ```
    /// use calque::markup::DocumentKind;
    /// assert_eq!(DocumentKind::from_path("content/Summit.MD"), DocumentKind::Markdown);
    /// assert_eq!(DocumentKind::from_path("page.htm"), DocumentKind::Html);
    /// assert_eq!(DocumentKind::from_path("-"), DocumentKind::Text);
    /// ```
    pub fn from_path(path: &str) -> Self {
        let extension = std::path::Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
        if extension.eq_ignore_ascii_case("md") || extension.eq_ignore_ascii_case("markdown") {
            Self::Markdown
        } else if extension.eq_ignore_ascii_case("html") || extension.eq_ignore_ascii_case("htm") {
            Self::Html
        } else {
            Self::Text
        }
    }
}

/// Builds the view of `source` and parses its suppression comments in one pass over the
/// markup (both need the same parse).
pub fn prepare(kind: DocumentKind, source: &str) -> (View, Suppressions) {
    match kind {
        DocumentKind::Markdown => {
            let scan = markdown::scan(source);
            let suppressions = Suppressions::from_comments(source, &scan.comments);
            (View::assemble(source, &scan.spans), suppressions)
        }
        DocumentKind::Html => {
            let scan = html::scan(source, 0..source.len());
            let suppressions = Suppressions::from_comments(source, &scan.comments);
            (View::assemble(source, &scan.spans), suppressions)
        }
        DocumentKind::Text => (View::plain(source), Suppressions::default()),
    }
}

/// A piece of source that the view keeps: prose copied verbatim, or an entity decoded.
/// Every byte of the source outside the spans is masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Span {
    /// Source byte range, on char boundaries.
    pub range: Range<usize>,
    /// `None`: copy the source; `Some(text)`: the decoded text of an entity (never a line
    /// break, so lines stay aligned).
    pub decoded: Option<Box<str>>,
}

impl Span {
    pub(crate) fn keep(range: Range<usize>) -> Self {
        Self {
            range,
            decoded: None,
        }
    }

    pub(crate) fn decoded(range: Range<usize>, text: &str) -> Self {
        Self {
            range,
            decoded: Some(text.into()),
        }
    }
}

/// An HTML comment found in prose (not in code or raw text): where suppressions live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Comment {
    /// The whole comment, `<!--` to `-->`.
    pub range: Range<usize>,
    /// Its text between the delimiters.
    pub body: Range<usize>,
}

/// What a format scanner finds: the prose spans of the view (sorted by start) and the
/// terminated HTML comments (sorted by start).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Scan {
    pub spans: Vec<Span>,
    pub comments: Vec<Comment>,
}

/// What one piece of the view is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PieceKind {
    /// Copied from the source byte for byte.
    Verbatim,
    /// Spaces (and the source's `\r`, `\n`), one per source byte.
    Masked,
    /// One decoded entity: lengths differ, only its two ends map.
    Decoded,
}

/// A run of the view that starts at `view` and comes from the source at `src`; it ends where
/// the next piece starts (or at the end of both texts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    view: usize,
    src: usize,
    kind: PieceKind,
}

/// The text the matchers see, and the map from its byte offsets back to the source's.
///
/// Invariants: the view has the same `\n` at the same line numbers as the source; masked
/// source bytes become one ASCII space each (`\r` and `\n` are kept); a decoded entity is one
/// piece that maps only as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    text: String,
    /// Sorted by `view` (and by `src`); empty for an identity view.
    pieces: Vec<Piece>,
    source_len: usize,
}

impl View {
    /// The identity view of a plain-text document: the text itself, offsets unchanged.
    pub fn plain(source: &str) -> Self {
        Self {
            text: source.to_owned(),
            pieces: Vec::new(),
            source_len: source.len(),
        }
    }

    /// The view of `source` read as `kind`.
    ///
    /// ```
    /// use calque::markup::{DocumentKind, View};
    /// let view = View::build(DocumentKind::Markdown, "Run `a.B` now.Then");
    /// // The code span becomes five spaces; the prose keeps its byte offsets.
    /// assert_eq!(view.text(), format!("Run {} now.Then", " ".repeat(5)));
    /// ```
    pub fn build(kind: DocumentKind, source: &str) -> Self {
        match kind {
            DocumentKind::Markdown => Self::assemble(source, &markdown::scan(source).spans),
            DocumentKind::Html => {
                Self::assemble(source, &html::scan(source, 0..source.len()).spans)
            }
            DocumentKind::Text => Self::plain(source),
        }
    }

    /// The text for the matchers: same lines as the source, markup masked, entities decoded.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the view is the source unchanged, so that offsets need no mapping.
    pub fn is_identity(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The source byte range that `view_range` (byte offsets into [`View::text`]) comes from.
    ///
    /// `None` when the range touches a masked region (it covers markup, not prose), starts or
    /// ends strictly inside a decoded entity, does not lie on char boundaries of the view, or
    /// lies outside it: the engine drops such a finding. An empty range (an insertion point)
    /// maps wherever it sits at the edge of prose. The range returned lies on char boundaries
    /// of the source.
    pub fn to_source(&self, view_range: Range<usize>) -> Option<Range<usize>> {
        let Range { start, end } = view_range;
        if start > end
            || end > self.text.len()
            || !self.text.is_char_boundary(start)
            || !self.text.is_char_boundary(end)
        {
            return None;
        }
        if self.is_identity() {
            return Some(start..end);
        }
        if start == end {
            return self.map_point(start).map(|p| p..p);
        }
        let first = self.piece_containing(start);
        let src_start = match self.pieces[first].kind {
            PieceKind::Masked => return None,
            PieceKind::Decoded if start != self.pieces[first].view => return None,
            _ => self.pieces[first].src + (start - self.pieces[first].view),
        };
        let mut last = first;
        while last + 1 < self.pieces.len() && self.pieces[last + 1].view < end {
            last += 1;
            if self.pieces[last].kind == PieceKind::Masked {
                return None;
            }
        }
        let piece = self.pieces[last];
        let src_end = match piece.kind {
            PieceKind::Masked => return None,
            PieceKind::Decoded if end != self.view_end(last) => return None,
            PieceKind::Decoded => self.src_end(last),
            PieceKind::Verbatim => piece.src + (end - piece.view),
        };
        Some(src_start..src_end)
    }

    /// `view_range` (a line of the view, say) without the masked bytes at its two ends.
    ///
    /// Line matchers should see this narrower line: a Markdown heading, list item or block
    /// quote (`## See also`, `- Photo: Ansa`) starts with masked markup, and rules anchored at
    /// the start of a line (`^See also`) would otherwise never match. Offsets found in the
    /// narrowed line are shifted by its start, as for any line.
    ///
    /// ```
    /// use calque::markup::{DocumentKind, View};
    /// let view = View::build(DocumentKind::Markdown, "## See also\n");
    /// let line = view.trim_markup(0..11);
    /// assert_eq!(&view.text()[line], "See also");
    /// ```
    pub fn trim_markup(&self, view_range: Range<usize>) -> Range<usize> {
        let Range { mut start, mut end } = view_range;
        if self.is_identity() || start >= end || end > self.text.len() {
            return start..end;
        }
        let mut index = self.piece_containing(start);
        while start < end && self.pieces[index].kind == PieceKind::Masked {
            start = self.view_end(index).min(end);
            index += 1;
        }
        let mut index = self.piece_containing(end - 1);
        while start < end && self.pieces[index].kind == PieceKind::Masked {
            end = self.pieces[index].view.max(start);
            index = index.saturating_sub(1);
        }
        start..end
    }

    /// Maps an insertion point: inside verbatim prose, or on the edge of a piece that has
    /// prose on at least one side.
    fn map_point(&self, offset: usize) -> Option<usize> {
        let index = self.piece_containing(offset);
        let piece = self.pieces[index];
        let at_start = offset == piece.view;
        match piece.kind {
            PieceKind::Verbatim => Some(piece.src + (offset - piece.view)),
            PieceKind::Decoded if at_start => Some(piece.src),
            // Past the end of the view: the end of the last piece.
            PieceKind::Decoded if offset == self.text.len() => Some(self.source_len),
            PieceKind::Masked | PieceKind::Decoded
                if at_start && index > 0 && self.pieces[index - 1].kind != PieceKind::Masked =>
            {
                Some(piece.src)
            }
            _ => None,
        }
    }

    /// The index of the piece holding view byte `offset` (the last piece for the end).
    fn piece_containing(&self, offset: usize) -> usize {
        self.pieces
            .partition_point(|p| p.view <= offset)
            .saturating_sub(1)
    }

    fn view_end(&self, index: usize) -> usize {
        self.pieces
            .get(index + 1)
            .map_or(self.text.len(), |p| p.view)
    }

    fn src_end(&self, index: usize) -> usize {
        self.pieces
            .get(index + 1)
            .map_or(self.source_len, |p| p.src)
    }

    /// Builds the view from the prose spans of a format (sorted by start), masking bare URLs
    /// found in the prose and every byte outside the spans.
    fn assemble(source: &str, spans: &[Span]) -> Self {
        let urls = url::find_urls(source);
        let mut builder = Builder {
            source,
            text: String::with_capacity(source.len()),
            pieces: Vec::new(),
        };
        let mut pos = 0;
        // Index of the first URL that may still overlap the current span.
        let mut next_url = 0;
        for span in spans {
            let Range { start, end } = span.range.clone();
            // Spans come sorted from the scanners; an overlapping or invalid one is skipped
            // rather than trusted, so that the view stays contiguous.
            if start < pos
                || end > source.len()
                || start >= end
                || !source.is_char_boundary(start)
                || !source.is_char_boundary(end)
            {
                continue;
            }
            builder.mask(pos..start);
            while next_url < urls.len() && urls[next_url].end <= start {
                next_url += 1;
            }
            match &span.decoded {
                Some(text) => {
                    let in_url = urls
                        .get(next_url)
                        .is_some_and(|u| u.start < end && start < u.end);
                    if in_url {
                        builder.mask(start..end);
                    } else {
                        builder.decode(start..end, text);
                    }
                }
                None => {
                    let mut cursor = start;
                    while let Some(u) = urls.get(next_url).filter(|u| u.start < end) {
                        let mask_start = u.start.max(cursor);
                        builder.keep(cursor..mask_start);
                        cursor = u.end.min(end);
                        builder.mask(mask_start..cursor);
                        if u.end > end {
                            break;
                        }
                        next_url += 1;
                    }
                    builder.keep(cursor..end);
                }
            }
            pos = end;
        }
        builder.mask(pos..source.len());
        let Builder {
            text, mut pieces, ..
        } = builder;
        if pieces.len() == 1 && pieces[0].kind == PieceKind::Verbatim {
            pieces.clear();
        }
        Self {
            text,
            pieces,
            source_len: source.len(),
        }
    }
}

/// Appends the view piece by piece, walking the source from start to end.
struct Builder<'s> {
    source: &'s str,
    text: String,
    pieces: Vec<Piece>,
}

impl Builder<'_> {
    fn keep(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        self.push_piece(PieceKind::Verbatim, range.start);
        self.text.push_str(&self.source[range]);
    }

    fn mask(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        self.push_piece(PieceKind::Masked, range.start);
        // One space per byte keeps masked regions the same length in both texts; `\r` and `\n`
        // stay so that lines (and CRLF line ends) are unchanged.
        let masked = self.source.as_bytes()[range].iter().map(|&b| match b {
            b'\n' | b'\r' => b as char,
            _ => ' ',
        });
        self.text.extend(masked);
    }

    fn decode(&mut self, range: Range<usize>, text: &str) {
        // Each entity is a piece of its own: its inside maps nowhere.
        self.pieces.push(Piece {
            view: self.text.len(),
            src: range.start,
            kind: PieceKind::Decoded,
        });
        self.text.push_str(text);
    }

    /// Starts a piece of `kind` at source offset `src`, or extends the previous one: the
    /// builder walks the source contiguously, so a piece of the same kind simply continues.
    fn push_piece(&mut self, kind: PieceKind, src: usize) {
        if kind != PieceKind::Decoded && self.pieces.last().is_some_and(|p| p.kind == kind) {
            return;
        }
        self.pieces.push(Piece {
            view: self.text.len(),
            src,
            kind,
        });
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Invariant checks and a seeded generator of awkward markup, shared by the format tests.

    use super::*;

    /// A small xorshift generator: fuzzing without a dependency, reproducible by seed.
    pub(crate) struct Rng(u64);

    impl Rng {
        pub(crate) fn new(seed: u64) -> Self {
            Self(seed.max(1))
        }

        pub(crate) fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        pub(crate) fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        /// One of `items`, at random.
        pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
            &items[self.below(items.len())]
        }
    }

    /// How many random inputs a fuzz test tries: `CALQUE_FUZZ_ITERATIONS` for a longer run
    /// (`CALQUE_FUZZ_ITERATIONS=200000 cargo test --release markup`), else `default`.
    pub(crate) fn fuzz_iterations(default: usize) -> usize {
        std::env::var("CALQUE_FUZZ_ITERATIONS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    }

    /// Random text made of fragments that stress both parsers, plus raw random bytes.
    pub(crate) fn random_source(rng: &mut Rng) -> String {
        const FRAGMENTS: &[&str] = &[
            "<",
            ">",
            "&",
            ";",
            "#",
            "&amp;",
            "&eacute",
            "&#x2019;",
            "&#",
            "<!--",
            "-->",
            "<p>",
            "</p>",
            "<a href=\"",
            "\"",
            "'",
            "<script>",
            "</script>",
            "<![CDATA[",
            "]]>",
            "```",
            "~~~",
            "`",
            "*",
            "_",
            "[",
            "]",
            "(",
            ")",
            "![",
            "---",
            "+++",
            "\n",
            "\r\n",
            "\r",
            "    ",
            "> ",
            "- ",
            "1. ",
            "http://",
            "https://a.b/",
            "www.",
            " ",
            "é",
            "’",
            "🙂",
            "\u{a0}",
            "ended.Then",
            "calque-disable",
            "calque-enable core/x",
            "|",
            "\\",
        ];
        let mut bytes = Vec::new();
        for _ in 0..rng.below(60) {
            if rng.below(5) == 0 {
                bytes.push(rng.next() as u8);
            } else {
                bytes.extend_from_slice(FRAGMENTS[rng.below(FRAGMENTS.len())].as_bytes());
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// Asserts the view's contract on `source`: same line breaks at the same lines, and every
    /// mapped range on source char boundaries, on the same line, and equal to the view's text
    /// where no entity lies inside.
    pub(crate) fn assert_view_invariants(view: &View, source: &str) {
        let text = view.text();
        let view_lines: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
        let source_lines: Vec<usize> = source.match_indices('\n').map(|(i, _)| i).collect();
        assert_eq!(
            view_lines.len(),
            source_lines.len(),
            "line count differs for {source:?}"
        );
        let mut line_start = 0;
        for line_end in view_lines.iter().copied().chain([text.len()]) {
            let trimmed = view.trim_markup(line_start..line_end);
            assert!(line_start <= trimmed.start && trimmed.start <= trimmed.end);
            assert!(trimmed.end <= line_end, "{source:?}");
            assert!(text.is_char_boundary(trimmed.start) && text.is_char_boundary(trimmed.end));
            line_start = line_end + 1;
        }
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        for (a, &start) in boundaries.iter().enumerate() {
            for &end in boundaries[a..].iter().take(6) {
                let Some(mapped) = view.to_source(start..end) else {
                    continue;
                };
                assert!(mapped.start <= mapped.end && mapped.end <= source.len());
                assert!(
                    source.is_char_boundary(mapped.start),
                    "{source:?} {mapped:?}"
                );
                assert!(source.is_char_boundary(mapped.end), "{source:?} {mapped:?}");
                let view_line = text[..start].matches('\n').count();
                let source_line = source[..mapped.start].matches('\n').count();
                assert_eq!(view_line, source_line, "line of {start} in {source:?}");
                if !source[mapped.clone()].contains('&') {
                    assert_eq!(&text[start..end], &source[mapped], "in {source:?}");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_from_extension_ignores_case() {
        assert_eq!(DocumentKind::from_path("a.md"), DocumentKind::Markdown);
        assert_eq!(
            DocumentKind::from_path("dir.x/a.MarkDown"),
            DocumentKind::Markdown
        );
        assert_eq!(DocumentKind::from_path("a.HTML"), DocumentKind::Html);
        assert_eq!(DocumentKind::from_path("a.htm"), DocumentKind::Html);
        assert_eq!(DocumentKind::from_path("a.txt"), DocumentKind::Text);
        assert_eq!(DocumentKind::from_path("md"), DocumentKind::Text);
        assert_eq!(DocumentKind::from_path(".md"), DocumentKind::Text);
        assert_eq!(DocumentKind::from_path(""), DocumentKind::Text);
    }

    #[test]
    fn plain_view_is_identity() {
        let view = View::plain("é ended.Then\r\n");
        assert!(view.is_identity());
        assert_eq!(view.text(), "é ended.Then\r\n");
        assert_eq!(view.to_source(2..4), Some(2..4));
        assert_eq!(View::build(DocumentKind::Text, "a<b>"), View::plain("a<b>"));
    }

    #[test]
    fn ranges_off_char_boundaries_or_out_of_bounds_map_nowhere() {
        let view = View::plain("é");
        assert_eq!(view.to_source(1..2), None);
        assert_eq!(view.to_source(0..3), None);
        assert_eq!(view.to_source(2..2), Some(2..2));
    }

    #[test]
    fn masked_and_decoded_pieces_map_as_documented() {
        // Source: "ab" prose, "<i>" masked, "&amp;" decoded, "cd" prose.
        let source = "ab<i>&amp;cd";
        let view = View::build(DocumentKind::Html, source);
        assert_eq!(view.text(), "ab   &cd");
        assert_eq!(view.to_source(0..2), Some(0..2));
        assert_eq!(view.to_source(1..3), None, "touches the masked tag");
        assert_eq!(view.to_source(5..6), Some(5..10), "the whole entity");
        assert_eq!(view.to_source(5..8), Some(5..12));
        assert_eq!(view.to_source(6..8), Some(10..12));
        // Insertion points at the edges of prose map; inside a mask they do not.
        assert_eq!(view.to_source(2..2), Some(2..2));
        assert_eq!(view.to_source(3..3), None);
        assert_eq!(view.to_source(6..6), Some(10..10));
        assert_eq!(view.to_source(8..8), Some(12..12));
    }

    #[test]
    fn trim_markup_drops_masked_ends_only() {
        let source = "> - **Photo:** Ansa <!-- x -->\r\nplain\n<p>&nbsp;a</p>";
        let view = View::build(DocumentKind::Markdown, source);
        let index = crate::text::LineIndex::new(view.text());
        let lines: Vec<&str> = (0..index.line_count())
            .map(|l| {
                let line = index.line_range(l, view.text()).to_std();
                &view.text()[view.trim_markup(line)]
            })
            .collect();
        // The space before the comment is prose: only masked bytes are trimmed.
        assert_eq!(lines, ["Photo:   Ansa ", "plain", "\u{A0}a"]);
        let html = View::build(DocumentKind::Html, "<b></b>");
        assert_eq!(html.trim_markup(0..7), 7..7);
        assert_eq!(View::plain(" a ").trim_markup(0..3), 0..3);
        assert_eq!(html.trim_markup(3..3), 3..3);
    }

    #[test]
    fn empty_source_gives_empty_identity_view() {
        for kind in [
            DocumentKind::Text,
            DocumentKind::Markdown,
            DocumentKind::Html,
        ] {
            let view = View::build(kind, "");
            assert_eq!(view.text(), "");
            assert!(view.is_identity());
            assert_eq!(view.to_source(0..0), Some(0..0));
        }
    }

    #[test]
    fn prepare_builds_view_and_suppressions_together() {
        let source = "<!-- calque-disable-next-line core -->\nended.Then\n";
        let (view, suppressions) = prepare(DocumentKind::Markdown, source);
        assert_eq!(
            view.text(),
            View::build(DocumentKind::Markdown, source).text()
        );
        assert!(suppressions.is_suppressed("core/missing-space", 1));
        let (view, suppressions) = prepare(DocumentKind::Text, source);
        assert!(view.is_identity());
        assert!(suppressions.is_empty());
    }
}

#[cfg(test)]
mod scale_tests {
    //! Guards against quadratic behaviour: each input is ~256 KB of one pathological pattern;
    //! a quadratic scan would take minutes, a linear one milliseconds.

    use super::*;

    #[test]
    fn pathological_inputs_are_scanned_in_linear_time() {
        let patterns = [
            "<",
            "<a",
            "</a",
            "<!",
            "<!--",
            "<?",
            "<a x=\"",
            "<script></",
            "<![CDATA[",
            "&",
            "&#1",
            "&amp",
            "&#x",
            "http://",
            "a:// ",
            "www.",
            "[",
            "*a",
            "`",
            "_",
            "![",
            "](",
            "> ",
            "- ",
            "\n",
            "\r\n",
            "<!-- calque-disable -->\n",
            "|",
            "\\",
            "```\n",
        ];
        for pattern in patterns {
            let source = pattern.repeat(256 * 1024 / pattern.len());
            let started = std::time::Instant::now();
            for kind in [DocumentKind::Markdown, DocumentKind::Html] {
                let (view, suppressions) = prepare(kind, &source);
                assert_eq!(
                    view.text().matches('\n').count(),
                    source.matches('\n').count()
                );
                let _ = suppressions.is_suppressed("core/x", 100);
            }
            // Generous for a debug build on a slow machine; quadratic takes far longer.
            assert!(
                started.elapsed().as_secs() < 20,
                "{pattern:?} took {:?}",
                started.elapsed()
            );
        }
    }
}
