//! Markdown: which bytes of a CommonMark file are prose, read with `pulldown-cmark`.
//!
//! Prose is what the parser reports as text outside code: paragraphs, headings, list items,
//! table cells, block quotes, link text, image alt text, emphasis. Everything else is masked:
//! fenced and indented code blocks, code spans, link and image destinations and titles,
//! autolinks, reference definitions, raw inline HTML, markup characters (`#`, `*`, `>`, `[`, …),
//! and YAML (`---`) or TOML (`+++`) front matter at the very start. HTML blocks are read with
//! the HTML scanner, so that prose inside `<div>…</div>` is still checked while tags,
//! comments and scripts are not. Entities (`&eacute;`) are decoded as the parser decodes them.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{html, Comment, Scan, Span};

/// The extensions of the Markdown that content repositories write. Smart punctuation stays
/// off: it would change the text the rules see (`"` into `“`), hiding quote defects.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Scans a Markdown source into prose spans and HTML comments.
pub(crate) fn scan(source: &str) -> Scan {
    // Front matter is found here rather than by the parser's metadata-block options, whose
    // rules (no blank line after the opening fence, …) would let a block fall through as
    // prose; the rest of the file is parsed on its own, its offsets shifted back.
    let front = front_matter_end(source);
    let mut scan = Scan::default();
    let mut code_depth = 0usize;
    // For each open link: whether it is an autolink (`<https://…>`), whose text is a URL.
    let mut links: Vec<bool> = Vec::new();
    let mut html_block: Option<(Range<usize>, Vec<Range<usize>>)> = None;
    for (event, range) in Parser::new_ext(&source[front..], options()).into_offset_iter() {
        let range = range.start + front..range.end + front;
        match event {
            Event::Start(Tag::CodeBlock(_)) => code_depth += 1,
            Event::End(TagEnd::CodeBlock) => code_depth = code_depth.saturating_sub(1),
            Event::Start(Tag::Link { link_type, .. }) => {
                links.push(matches!(link_type, LinkType::Autolink | LinkType::Email));
            }
            Event::End(TagEnd::Link) => {
                links.pop();
            }
            Event::Start(Tag::HtmlBlock) => html_block = Some((range, Vec::new())),
            Event::Html(_) => {
                if let Some((_, lines)) = &mut html_block {
                    lines.push(range);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((block, lines)) = html_block.take() {
                    scan_html_block(source, block, &lines, &mut scan);
                }
            }
            Event::InlineHtml(_) => {
                let html = &source[range.clone()];
                if html.len() >= 7 && html.starts_with("<!--") && html.ends_with("-->") {
                    scan.comments.push(Comment {
                        body: range.start + 4..range.end - 3,
                        range,
                    });
                }
            }
            Event::Text(text) if code_depth == 0 && !links.last().copied().unwrap_or(false) => {
                scan.spans.push(text_span(source, range, &text));
            }
            _ => {}
        }
    }
    // The parser reports text in source order; sorting costs nothing then and guarantees
    // the order the view needs if an extension ever reports out of order.
    scan.spans.sort_by_key(|s| s.range.start);
    scan.comments.sort_by_key(|c| c.range.start);
    scan
}

/// The span of a text event: the source itself, or an entity the parser decoded.
fn text_span(source: &str, range: Range<usize>, text: &str) -> Span {
    let raw = &source[range.clone()];
    // An entity is reported as its own text event, whose text differs from the source. A
    // decoded line break (`&#10;`) would shift the view's lines: such an entity stays raw.
    if raw != text && raw.starts_with('&') && !text.is_empty() && !text.contains(['\n', '\r']) {
        Span::decoded(range, text)
    } else {
        Span::keep(range)
    }
}

/// Reads an HTML block with the HTML scanner, keeping only what lies on the block's own
/// lines (`lines`, the parser's `Html` events): inside a list or block quote, the block's
/// range also spans the container markers (`> `) of its later lines.
fn scan_html_block(source: &str, block: Range<usize>, lines: &[Range<usize>], scan: &mut Scan) {
    let inner = html::scan(source, block);
    scan.comments.extend(inner.comments);
    let mut first = 0;
    for span in inner.spans {
        let Range { start, end } = span.range;
        while first < lines.len() && lines[first].end <= start {
            first += 1;
        }
        for line in lines[first..].iter().take_while(|l| l.start < end) {
            let (s, e) = (line.start.max(start), line.end.min(end));
            match &span.decoded {
                None if s < e => scan.spans.push(Span::keep(s..e)),
                Some(text) if s == start && e == end => {
                    scan.spans.push(Span::decoded(s..e, text));
                }
                _ => {}
            }
        }
    }
}

/// Where YAML (`---` … `---` or `...`) or TOML (`+++` … `+++`) front matter that opens the
/// file ends (after its closing line); 0 when there is none. An opening fence that is never
/// closed is not front matter: it is a thematic break.
fn front_matter_end(source: &str) -> usize {
    let fence = if source.starts_with("---") {
        "---"
    } else if source.starts_with("+++") {
        "+++"
    } else {
        return 0;
    };
    let Some(first_end) = source.find('\n') else {
        return 0;
    };
    if !source[3..first_end]
        .trim_end_matches([' ', '\t', '\r'])
        .is_empty()
    {
        return 0;
    }
    let mut pos = first_end + 1;
    while pos < source.len() {
        let line_end = source[pos..].find('\n').map(|k| pos + k);
        let line = &source[pos..line_end.unwrap_or(source.len())];
        let line = line.trim_end_matches([' ', '\t', '\r']);
        if line == fence || (fence == "---" && line == "...") {
            return line_end.map_or(source.len(), |e| e + 1);
        }
        match line_end {
            Some(e) => pos = e + 1,
            None => break,
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{assert_view_invariants, fuzz_iterations, random_source, Rng};
    use super::super::{DocumentKind, View};
    use super::*;

    fn view(source: &str) -> View {
        let view = View::build(DocumentKind::Markdown, source);
        assert_view_invariants(&view, source);
        view
    }

    /// Each non-blank line of the view, its runs of ASCII spaces (masked markup) made one.
    fn prose(view: &View) -> Vec<String> {
        view.text()
            .lines()
            .map(|l| {
                l.split([' ', '\r'])
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|l| !l.is_empty())
            .collect()
    }

    #[test]
    fn code_and_link_targets_are_masked_and_prose_keeps_its_offsets() {
        let source = "# Summit\n\nThe summit ended.Then [leaders](https://x.it/a.Be \"t.T\") \
            left.\n\n```text\nended.Then\n```\n\n    indented.Code\n";
        let view = view(source);
        let prose_at = source.find("ended.Then").unwrap();
        assert_eq!(&view.text()[prose_at..prose_at + 10], "ended.Then");
        assert_eq!(
            view.to_source(prose_at..prose_at + 10),
            Some(prose_at..prose_at + 10)
        );
        assert_eq!(view.text().matches("ended.Then").count(), 1);
        assert!(!view.text().contains("a.Be"));
        assert!(!view.text().contains("t.T"));
        assert!(!view.text().contains("indented"));
        assert_eq!(
            prose(&view),
            ["Summit", "The summit ended.Then leaders left."]
        );
    }

    #[test]
    fn inline_code_autolinks_bare_urls_and_reference_definitions_are_masked() {
        let source = "Run `x.Y` at <https://a.Be> or see https://c.De/f.G.\n\n\
            Read [the report][r] now.\n\n[r]: https://h.Ij \"k.L\"\n";
        let view = view(source);
        for hidden in ["x.Y", "a.Be", "c.De", "f.G", "h.Ij", "k.L"] {
            assert!(
                !view.text().contains(hidden),
                "{hidden} in {:?}",
                view.text()
            );
        }
        assert!(view.text().contains("the report"));
        // The sentence's own period after the URL stays prose.
        let period = source.find("f.G.").unwrap() + 3;
        assert_eq!(view.to_source(period..period + 1), Some(period..period + 1));
    }

    #[test]
    fn front_matter_is_masked_only_when_closed() {
        let yaml = "---\r\ntitle: a.B\r\n---\r\nBody.Text\r\n";
        assert_eq!(prose(&view(yaml)), ["Body.Text"]);
        let toml = "+++\ntitle = \"a.B\"\n+++\nBody.\n";
        assert_eq!(prose(&view(toml)), ["Body."]);
        let dots = "---\ntitle: a.B\n...\nBody.\n";
        assert_eq!(prose(&view(dots)), ["Body."]);
        let unclosed = "---\ntitle: a.B\n";
        assert_eq!(prose(&view(unclosed)), ["title: a.B"]);
        assert_eq!(front_matter_end("---x\n---\n"), 0);
        assert_eq!(front_matter_end("---"), 0);
    }

    #[test]
    fn html_comments_inline_and_block_html_are_masked_but_block_prose_is_kept() {
        let source = "Text <span class=\"a.B\">in span</span> <!-- c.D -->.\n\n\
            <div class=\"e.F\">\nBlock prose&nbsp;here.\n<script>g.H()</script>\n</div>\n\n\
            > <p title=\"i.J\">quoted</p>\n";
        let view = view(source);
        assert_eq!(
            prose(&view),
            ["Text in span .", "Block prose\u{A0}here.", "quoted"]
        );
        let nbsp = view.text().find('\u{A0}').unwrap();
        let entity = source.find("&nbsp;").unwrap();
        assert_eq!(view.to_source(nbsp..nbsp + 2), Some(entity..entity + 6));
    }

    #[test]
    fn comments_are_collected_for_suppressions_but_not_from_code() {
        let source = "<!-- calque-disable core -->\n\nText <!-- inline -->\n\n\
            ```\n<!-- in code -->\n```\n\n`<!-- in span -->`\n";
        let scan = scan(source);
        let bodies: Vec<&str> = scan
            .comments
            .iter()
            .map(|c| &source[c.body.clone()])
            .collect();
        assert_eq!(bodies, [" calque-disable core ", " inline "]);
    }

    #[test]
    fn entities_are_decoded_and_escapes_masked() {
        let source = "Caf&eacute; ended.Then \\*not emphasis\\* &amp; &#8217;";
        let view = view(source);
        // The backslashes of the escapes are masked; the escaped `*` are text.
        assert_eq!(view.text(), "Café ended.Then  *not emphasis * & ’");
        let entity = source.find("&eacute;").unwrap();
        assert_eq!(view.to_source(3..5), Some(entity..entity + 8));
    }

    #[test]
    fn crlf_nested_lists_and_non_ascii_before_code() {
        let source = "- é’🙂 `a.B` one.Two\r\n  - nested.Item\r\n    1. deeper\r\n\r\nEnd.\r\n";
        let view = view(source);
        assert_eq!(
            prose(&view),
            ["é’🙂 one.Two", "nested.Item", "deeper", "End."]
        );
        let at = source.find("one.Two").unwrap();
        assert_eq!(&view.text()[at..at + 7], "one.Two");
        assert_eq!(view.text().matches("\r\n").count(), 5);
    }

    #[test]
    fn unterminated_code_fence_is_masked_to_the_end() {
        let source = "Before.\n\n```\nended.Then\nmore.Code";
        assert_eq!(prose(&view(source)), ["Before."]);
        let comment = "Before.\n\n<!-- never closed\nended.Then\n";
        assert_eq!(prose(&view(comment)), ["Before."]);
    }

    #[test]
    fn tables_footnotes_and_task_lists_keep_their_text() {
        let source =
            "| a.B | c |\n|---|---|\n| d | e |\n\nText[^1].\n\n[^1]: A note.\n\n- [x] done\n";
        let view = view(source);
        assert_eq!(prose(&view), ["a.B c", "d e", "Text .", "A note.", "done"]);
    }

    #[test]
    fn empty_and_blank_sources() {
        assert_eq!(view("").text(), "");
        assert_eq!(view("\n\n").text(), "\n\n");
        assert_eq!(view("\r\n").text(), "\r\n");
    }

    #[test]
    fn random_input_never_panics_and_keeps_the_invariants() {
        let mut rng = Rng::new(0x5EED_CAFE);
        for _ in 0..fuzz_iterations(3000) {
            let source = random_source(&mut rng);
            view(&source);
        }
    }
}
