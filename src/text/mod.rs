//! Positions in text: byte offsets inside the engine, 1-based lines and char columns outside.
//!
//! Everything that finds or edits text works in byte offsets ([`TextSize`], [`TextRange`]) into a
//! document's UTF-8 text. Users only ever see 1-based line numbers and 1-based columns that count
//! Unicode scalar values (chars); [`LineIndex`] is the one place that converts between the two.

mod cover;
mod line_index;
mod range;
pub(crate) mod swar;

pub(crate) use cover::Cover;
pub use line_index::{LineIndex, OneIndexed, SourceLocation};
pub use range::{TextRange, TextSize};
