//! Byte-offset newtypes: [`TextSize`] and [`TextRange`] into a document's text (never shown to users).

use std::fmt;
use std::ops::Range;

/// A byte offset into a document's UTF-8 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TextSize(u32);

impl TextSize {
    /// Wraps a byte offset.
    ///
    /// # Panics
    /// Panics if the offset does not fit in `u32`; documents are limited to 4 GiB when loaded.
    pub fn new(offset: usize) -> Self {
        Self(u32::try_from(offset).expect("documents are smaller than 4 GiB (checked at load)"))
    }

    /// The offset as a `usize`, for slicing.
    pub fn to_usize(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Display for TextSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A half-open byte range `[start, end)` into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TextRange {
    start: TextSize,
    end: TextSize,
}

impl TextRange {
    /// A range from `start` to `end` (exclusive).
    ///
    /// # Panics
    /// Panics if `end < start`: callers build ranges from matches, which are ordered.
    pub fn new(start: TextSize, end: TextSize) -> Self {
        assert!(start <= end, "a range ends after it starts");
        Self { start, end }
    }

    /// A range from plain byte offsets.
    pub fn from_usize(range: Range<usize>) -> Self {
        Self::new(TextSize::new(range.start), TextSize::new(range.end))
    }

    /// The first byte.
    pub fn start(self) -> TextSize {
        self.start
    }

    /// One past the last byte.
    pub fn end(self) -> TextSize {
        self.end
    }

    /// The length in bytes.
    pub fn len(self) -> usize {
        self.end.to_usize() - self.start.to_usize()
    }

    /// Whether the range covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The range as `usize` offsets, for slicing.
    pub fn to_std(self) -> Range<usize> {
        self.start.to_usize()..self.end.to_usize()
    }

    /// This range moved right by `offset` bytes.
    pub fn shifted(self, offset: TextSize) -> Self {
        Self::from_usize(
            self.start.to_usize() + offset.to_usize()..self.end.to_usize() + offset.to_usize(),
        )
    }

    /// Whether `other` lies entirely inside this range.
    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two ranges share at least one byte, or are the same empty position.
    pub fn overlaps(self, other: TextRange) -> bool {
        if self.is_empty() || other.is_empty() {
            return self.start == other.start || (self.start < other.end && other.start < self.end);
        }
        self.start < other.end && other.start < self.end
    }
}
