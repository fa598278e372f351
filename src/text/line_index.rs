//! Byte offset ⇄ 1-based (line, char column), built once per document.
//!
//! Lines end at `\n`; a `\r` just before it belongs to the line break, not to the line's text
//! (so CRLF files report the same columns as LF files). A lone `\r` is an ordinary character.
//! Columns are 1-based and count Unicode scalar values (Rust `char`s), not bytes and not
//! graphemes: `é` is one column, `’` is one column, an emoji such as `🙂` is one column.

use std::cell::Cell;
use std::fmt;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{TextRange, TextSize};

/// A 1-based number: a line or a column as shown to users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OneIndexed(NonZeroU32);

impl OneIndexed {
    /// Line or column 1.
    pub const MIN: Self = Self(NonZeroU32::MIN);

    /// From a 0-based index.
    pub fn from_zero_indexed(index: usize) -> Self {
        let n = u32::try_from(index).unwrap_or(u32::MAX - 1) + 1;
        Self(NonZeroU32::new(n).expect("n >= 1"))
    }

    /// The 1-based value.
    pub fn get(self) -> usize {
        self.0.get() as usize
    }

    /// The 0-based value.
    pub fn to_zero_indexed(self) -> usize {
        self.get() - 1
    }
}

impl fmt::Display for OneIndexed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A position as shown to users: 1-based line and 1-based char column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceLocation {
    /// 1-based line number.
    pub line: OneIndexed,
    /// 1-based column, counted in chars from the start of the line.
    pub column: OneIndexed,
}

/// The start offset of every line of a text.
#[derive(Debug)]
pub struct LineIndex {
    /// Byte offset where each line starts; `line_starts[0] == 0`.
    line_starts: Vec<TextSize>,
    /// Total length of the text in bytes.
    len: TextSize,
    /// This index's own number, for [`RECENT`]: never shared with another index, even one
    /// built later at the same address.
    id: u64,
}

/// The numbers [`LineIndex::id`] takes.
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// The last two columns this thread computed, as (index, line, byte offset, char column).
    /// Printers ask for the starts and ends of sorted findings, so counting on from the
    /// nearest earlier answer keeps thousands of findings on one long line linear instead of
    /// quadratic. Per thread: the JSON report renders its parts on several threads at once,
    /// and one cache shared between them (behind a lock) took turns between positions far
    /// apart on the line, counting again from its start (a line of 800,000 findings took 5.5
    /// times as long as one of 200,000, much of it waiting for the lock).
    static RECENT: [Cell<(u64, usize, usize, usize)>; 2] =
        const { [Cell::new((u64::MAX, 0, 0, 0)), Cell::new((u64::MAX, 0, 0, 0))] };
}

impl Clone for LineIndex {
    fn clone(&self) -> Self {
        Self {
            line_starts: self.line_starts.clone(),
            len: self.len,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        }
    }
}

impl PartialEq for LineIndex {
    fn eq(&self, other: &Self) -> bool {
        self.line_starts == other.line_starts && self.len == other.len
    }
}

impl Eq for LineIndex {}

impl LineIndex {
    /// Indexes `text` in one pass over its bytes.
    pub fn new(text: &str) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 80 + 1);
        line_starts.push(TextSize::new(0));
        line_starts
            .extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| TextSize::new(i + 1)));
        Self {
            line_starts,
            len: TextSize::new(text.len()),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// The number of lines; a text that ends with `\n` has an empty last line.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based line that contains `offset`.
    pub fn line_of(&self, offset: TextSize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// The full range of 0-based line `line`, including its line break.
    pub fn line_range_with_break(&self, line: usize) -> TextRange {
        let start = self.line_starts[line];
        let end = self.line_starts.get(line + 1).copied().unwrap_or(self.len);
        TextRange::new(start, end)
    }

    /// The range of 0-based line `line`'s text, without `\n` or `\r\n`.
    pub fn line_range(&self, line: usize, text: &str) -> TextRange {
        let full = self.line_range_with_break(line);
        let bytes = &text.as_bytes()[full.to_std()];
        let mut end = bytes.len();
        if end > 0 && bytes[end - 1] == b'\n' {
            end -= 1;
            if end > 0 && bytes[end - 1] == b'\r' {
                end -= 1;
            }
        }
        TextRange::from_usize(full.start().to_usize()..full.start().to_usize() + end)
    }

    /// The line and char column of `offset`, which must lie on a char boundary of `text`.
    ///
    /// An offset inside a line break (on the `\r` of `\r\n`) gets the column just after the
    /// line's last char.
    pub fn location(&self, offset: TextSize, text: &str) -> SourceLocation {
        let line = self.line_of(offset);
        let offset = offset.to_usize();
        let id = self.id;
        RECENT.with(|slots| {
            let recent = [slots[0].get(), slots[1].get()];
            // Count on from the nearest earlier answer on this line, else from the line start.
            let (from, base) = recent
                .iter()
                .filter(|&&(i, l, byte, _)| i == id && l == line && byte <= offset)
                .max_by_key(|&&(_, _, byte, _)| byte)
                .map_or(
                    (self.line_starts[line].to_usize(), 0),
                    |&(_, _, byte, column)| (byte, column),
                );
            let between = &text[from..offset];
            // ASCII text is common; skip the char count for it.
            let column = base
                + if between.is_ascii() {
                    between.len()
                } else {
                    between.chars().count()
                };
            // Keep the two most useful answers (one tends to follow finding starts, the other
            // their ends): replace one from another line or index first, else the one further
            // back.
            let here = |k: usize| recent[k].0 == id && recent[k].1 == line;
            let slot = if !here(0) {
                0
            } else if !here(1) || recent[1].2 <= recent[0].2 {
                1
            } else {
                0
            };
            slots[slot].set((id, line, offset, column));
            SourceLocation {
                line: OneIndexed::from_zero_indexed(line),
                column: OneIndexed::from_zero_indexed(column),
            }
        })
    }

    /// The byte offset of a 1-based (line, column), if it lies inside the text.
    pub fn offset(&self, location: SourceLocation, text: &str) -> Option<TextSize> {
        let line = location.line.to_zero_indexed();
        if line >= self.line_count() {
            return None;
        }
        let range = self.line_range(line, text);
        let line_text = &text[range.to_std()];
        let column = location.column.to_zero_indexed();
        if column == line_text.chars().count() {
            return Some(range.end());
        }
        line_text
            .char_indices()
            .nth(column)
            .map(|(i, _)| TextSize::new(range.start().to_usize() + i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(index: &LineIndex, text: &str, offset: usize) -> (usize, usize) {
        let l = index.location(TextSize::new(offset), text);
        (l.line.get(), l.column.get())
    }

    #[test]
    fn columns_counted_on_from_earlier_answers_are_counted_right() {
        // Two indexes of two texts queried in turn, in an order that jumps back and forth,
        // on several threads at once: each answer is the plain count from its line's start.
        use rayon::prelude::*;
        let texts = [
            "l’Italia è qui, “sì” — 🙂 ok\nshort\n".repeat(40),
            "abc def\r\nxyz “q” é\n".repeat(60),
        ];
        let indexes: Vec<LineIndex> = texts.iter().map(|t| LineIndex::new(t)).collect();
        let plain = |text: &str, offset: usize| {
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let line = text[..offset].matches('\n').count() + 1;
            (line, text[start..offset].chars().count() + 1)
        };
        (0..8).into_par_iter().for_each(|seed| {
            let mut x = 0x9E37_79B9_7F4A_7C15u64 ^ seed;
            for _ in 0..2_000 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let k = (x % 2) as usize;
                let text = &texts[k];
                let mut offset = (x >> 8) as usize % (text.len() + 1);
                while !text.is_char_boundary(offset) {
                    offset -= 1;
                }
                let expected = plain(text, offset);
                assert_eq!(loc(&indexes[k], text, offset), expected, "{k} at {offset}");
            }
        });
    }

    #[test]
    fn ascii_columns_are_bytes_plus_one() {
        let text = "abc\ndef";
        let index = LineIndex::new(text);
        assert_eq!(loc(&index, text, 0), (1, 1));
        assert_eq!(loc(&index, text, 2), (1, 3));
        assert_eq!(loc(&index, text, 4), (2, 1));
        assert_eq!(loc(&index, text, 7), (2, 4));
    }

    #[test]
    fn non_ascii_columns_count_chars() {
        // `é` is 2 bytes, `’` 3 bytes, `🙂` 4 bytes: each is one column.
        let text = "é’🙂x";
        let index = LineIndex::new(text);
        assert_eq!(loc(&index, text, 2), (1, 2));
        assert_eq!(loc(&index, text, 5), (1, 3));
        assert_eq!(loc(&index, text, 9), (1, 4));
    }

    #[test]
    fn crlf_line_breaks_do_not_shift_columns() {
        let text = "ab\r\ncd\r\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        assert_eq!(loc(&index, text, 4), (2, 1));
        assert_eq!(index.line_range(0, text).to_std(), 0..2);
        assert_eq!(index.line_range(1, text).to_std(), 4..6);
        assert_eq!(index.line_range(2, text).to_std(), 8..8);
    }

    #[test]
    fn lone_cr_is_not_a_line_break() {
        let text = "a\rb";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 1);
        assert_eq!(loc(&index, text, 2), (1, 3));
    }

    #[test]
    fn offset_round_trips_location() {
        let text = "“È la Nato”\r\nsecond 🙂 line";
        let index = LineIndex::new(text);
        for (offset, _) in text.char_indices() {
            let location = index.location(TextSize::new(offset), text);
            if text[offset..].starts_with('\n') {
                continue; // the `\n` of CRLF reports the column of `\r`
            }
            assert_eq!(
                index.offset(location, text),
                Some(TextSize::new(offset)),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn cached_columns_agree_with_counting_in_any_order() {
        let text = "é’🙂 x “y” ".repeat(200) + "\nsecond é line\n" + &"ab€".repeat(50);
        let index = LineIndex::new(&text);
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        // Sorted, reversed, then interleaved like the starts and ends of findings.
        let mut order: Vec<usize> = offsets.clone();
        order.extend(offsets.iter().rev());
        order.extend(
            offsets
                .iter()
                .zip(offsets.iter().skip(5))
                .flat_map(|(a, b)| [*a, *b]),
        );
        for offset in order {
            let got = index.location(TextSize::new(offset), &text);
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let want = text[line_start..offset].chars().count() + 1;
            assert_eq!(got.column.get(), want, "offset {offset}");
        }
    }

    #[test]
    fn empty_text_has_one_empty_line() {
        let index = LineIndex::new("");
        assert_eq!(index.line_count(), 1);
        assert_eq!(loc(&index, "", 0), (1, 1));
    }
}
