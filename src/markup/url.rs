//! Bare URLs in prose (`https://…`, `www.…`): found so that the view masks them, since a URL is
//! full of `.X` and glued words that the spacing rules would flag.
//!
//! The extent follows GitHub's extended autolinks: a URL runs to the next whitespace or `<`,
//! and trailing punctuation (`.`, `,`, `:`, `;`, `!`, `?`, quotes, an unbalanced `)`) is left to
//! the sentence. This module finds ranges only; the view decides what masking means.

use std::ops::Range;

/// Longest scheme looked at (`https`, `ftp`, `mailto`, …); bounds the walk back from `://`,
/// which keeps the scan linear.
const MAX_SCHEME_LEN: usize = 32;

/// Every bare URL in `text`, sorted and disjoint, as byte ranges on char boundaries.
pub(crate) fn find_urls(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut urls = Vec::new();
    // Nothing before `floor` may start a URL: it is inside the previous one.
    let mut floor = 0;
    let mut i = 0;
    while i < bytes.len() {
        let start = if bytes[i..].starts_with(b"://") {
            scheme_start(bytes, i, floor).map(|s| (s, i + 3))
        } else if is_www_at(bytes, i) {
            Some((i, i + 4))
        } else {
            None
        };
        if let Some((start, host)) = start {
            if text[host..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
            {
                let end = url_end(text, host);
                urls.push(start..end);
                floor = end;
                i = end.max(i + 1);
                continue;
            }
        }
        i += 1;
    }
    urls
}

/// The start of the scheme that ends at `colon` (`https` in `https://`), if there is one: an
/// ASCII letter followed by letters, digits, `+`, `-` or `.`, not glued to a word before it.
fn scheme_start(bytes: &[u8], colon: usize, floor: usize) -> Option<usize> {
    let lowest = floor.max(colon.saturating_sub(MAX_SCHEME_LEN));
    let mut start = colon;
    while start > lowest && is_scheme_byte(bytes[start - 1]) {
        start -= 1;
    }
    // `.`, `+`, `-` and digits may not begin a scheme: skip them (`.https://` starts at `h`).
    while start < colon && !bytes[start].is_ascii_alphabetic() {
        start += 1;
    }
    (start < colon).then_some(start)
}

fn is_scheme_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')
}

/// Whether `www.` starts at `i`, not inside a word.
fn is_www_at(bytes: &[u8], i: usize) -> bool {
    bytes.len() >= i + 4
        && bytes[i..i + 4].eq_ignore_ascii_case(b"www.")
        && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] >= 0x80))
}

/// Where a URL whose host starts at `host` ends: at whitespace, `<`, `>`, a double quote, a
/// backtick or typographic quotes, then minus trailing punctuation.
fn url_end(text: &str, host: usize) -> usize {
    let mut end = text.len();
    for (offset, c) in text[host..].char_indices() {
        if c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '<' | '>' | '"' | '`' | '“' | '”' | '‘' | '’' | '«' | '»' | '\u{FFFD}'
            )
        {
            end = host + offset;
            break;
        }
    }
    trim_trailing_punctuation(&text[..end], host)
}

/// Drops the punctuation that ends the sentence rather than the URL, and a closing bracket
/// without its opening one (`(see https://x.org/a)`).
fn trim_trailing_punctuation(url: &str, host: usize) -> usize {
    let bytes = url.as_bytes();
    let mut balance_paren: isize = bytes[host..]
        .iter()
        .map(|&b| match b {
            b'(' => 1,
            b')' => -1,
            _ => 0,
        })
        .sum();
    let mut end = bytes.len();
    while end > host {
        match bytes[end - 1] {
            b'.' | b',' | b':' | b';' | b'!' | b'?' | b'\'' | b'*' | b'_' | b'~' => end -= 1,
            b')' if balance_paren < 0 => {
                balance_paren += 1;
                end -= 1;
            }
            _ => break,
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<&str> {
        find_urls(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn urls_stop_at_space_and_leave_sentence_punctuation() {
        assert_eq!(
            urls("See https://a.Be/x?y=1&z=2. Then www.site.It, ok"),
            ["https://a.Be/x?y=1&z=2", "www.site.It"]
        );
    }

    #[test]
    fn unbalanced_closing_parenthesis_belongs_to_the_sentence() {
        assert_eq!(urls("(see http://x.org/a_(b))."), ["http://x.org/a_(b)"]);
        assert_eq!(urls("“http://x.org/p”"), ["http://x.org/p"]);
    }

    #[test]
    fn prose_with_glued_sentences_is_not_a_url() {
        assert!(urls("ended.Then the www of it; a://").is_empty());
        assert!(urls("swww.x").is_empty());
        assert!(urls("éwww.x").is_empty());
        assert!(urls("").is_empty());
    }

    #[test]
    fn scheme_may_not_start_with_punctuation() {
        assert_eq!(urls("(.https://a.b"), ["https://a.b"]);
        assert_eq!(urls("git+ssh://h/r"), ["git+ssh://h/r"]);
    }

    #[test]
    fn non_ascii_urls_end_on_char_boundaries() {
        assert_eq!(urls("à https://é.it/’x’"), ["https://é.it/"]);
    }
}
