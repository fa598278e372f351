//! A document to check: its path as given, its exact UTF-8 text, and its line index.
//!
//! The byte-order mark, if any, is stripped from the text and remembered, so that offsets count
//! from the first character of the article and a fixed file can be written back with its BOM.

use std::io::Read;
use std::path::Path;

use crate::error::InputError;
use crate::markup::DocumentKind;
use crate::text::swar;
use crate::text::{LineIndex, TextRange, TextSize};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Largest document calque indexes: byte offsets are stored in `u32`.
pub const MAX_DOCUMENT_BYTES: u64 = u32::MAX as u64 - 1;

/// The default of `--max-file-size` / `max_file_size`: 64 MiB.
///
/// An article is kilobytes; the longest reports and book chapters in Markdown are a few
/// megabytes. 64 MiB leaves a wide margin for those while refusing what is not an article (a
/// database dump or a log named `.txt`), which would otherwise cost seconds and several times
/// its size in memory (text, prose view, line index, findings) for a report nobody reads.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// Files from this size on are read in parts side by side (see [`read_in_parts`]).
const READ_IN_PARTS_BYTES: u64 = 4 << 20;

/// Reads a large file of `size` bytes (from its metadata) in parts on the thread pool; `None`
/// for a smaller one, on one thread, or where the file is not `size` bytes after all (it
/// changed): the caller then reads it from the start the usual way.
///
/// Reading is mostly the kernel's copy into fresh memory, a fault per page: for a 10 MB
/// article, 13 ms on one thread, while the other had the rules ready after 11 and waited.
#[cfg(unix)]
fn read_in_parts(file: &std::fs::File, size: u64) -> std::io::Result<Option<Vec<u8>>> {
    use rayon::prelude::*;
    use std::os::unix::fs::FileExt;
    let threads = rayon::current_num_threads();
    let Ok(len) = usize::try_from(size) else {
        return Ok(None);
    };
    if size < READ_IN_PARTS_BYTES || threads < 2 {
        return Ok(None);
    }
    // Zeroed by the allocator as fresh pages, not byte by byte.
    let mut bytes = vec![0u8; len];
    // A few parts per thread, so that one that starts late still shares the work.
    let part = len.div_ceil(threads * 4);
    let whole = bytes
        .par_chunks_mut(part)
        .enumerate()
        .map(|(k, mut rest)| {
            let mut offset = (k * part) as u64;
            while !rest.is_empty() {
                match file.read_at(rest, offset) {
                    // Shorter than its metadata said.
                    Ok(0) => return Ok(false),
                    Ok(n) => {
                        rest = &mut rest[n..];
                        offset += n as u64;
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(true)
        })
        .collect::<std::io::Result<Vec<bool>>>()?
        .into_iter()
        .all(|full| full);
    // Longer than its metadata said.
    let longer = file.read_at(&mut [0u8], size)? != 0;
    Ok((whole && !longer).then_some(bytes))
}

/// Reads a file in parts where the platform can read at an offset (see above); elsewhere never.
#[cfg(not(unix))]
fn read_in_parts(_file: &std::fs::File, _size: u64) -> std::io::Result<Option<Vec<u8>>> {
    Ok(None)
}

/// A loaded document. Immutable: fixing produces a new text, not a changed document.
#[derive(Debug, Clone)]
pub struct Document {
    path: String,
    kind: DocumentKind,
    text: String,
    has_bom: bool,
    line_index: LineIndex,
    /// The word count, computed once (see [`Document::word_count`]).
    words: std::sync::OnceLock<usize>,
    /// Whether the text was dropped after the check (see [`Document::release_text`]).
    released: bool,
}

impl Document {
    /// A document from text already in memory, taken verbatim: a leading U+FEFF is a char of
    /// the text, not a byte-order mark (a BOM belongs to the bytes of a file; see
    /// [`Document::from_bytes`]).
    ///
    /// Verbatim matters because calque re-creates documents from text it holds (each pass of
    /// `--fix`, the prose view of Markdown and HTML): stripping a second U+FEFF there shifted
    /// every offset by 3 bytes against the text the edits were applied to (found by
    /// `tests/properties.rs` on a file starting with two BOMs).
    ///
    /// # Errors
    /// Fails if the text is larger than [`MAX_DOCUMENT_BYTES`].
    pub fn from_text(path: impl Into<String>, text: impl Into<String>) -> Result<Self, InputError> {
        Self::build(path.into(), text.into(), false)
    }

    fn build(path: String, text: String, has_bom: bool) -> Result<Self, InputError> {
        check_size(&path, text.len() as u64)?;
        let line_index = LineIndex::new(&text);
        let kind = DocumentKind::from_path(&path);
        Ok(Self {
            path,
            kind,
            text,
            has_bom,
            line_index,
            words: std::sync::OnceLock::new(),
            released: false,
        })
    }

    /// A document from raw bytes: a UTF-8 BOM is tolerated; UTF-16, binary data and invalid
    /// UTF-8 are refused with an error that names `path`.
    ///
    /// # Errors
    /// See [`InputError`].
    pub fn from_bytes(path: impl Into<String>, bytes: Vec<u8>) -> Result<Self, InputError> {
        let path = path.into();
        check_size(&path, bytes.len() as u64)?;
        if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            return Err(InputError::Utf16 { path });
        }
        let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(&bytes);
        // Text files have no NUL bytes; looking at the start is enough, as git and ripgrep do.
        if body.iter().take(8192).any(|&b| b == 0) {
            return Err(InputError::Binary { path });
        }
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                // Only the first U+FEFF is a BOM; a second one is text and stays.
                let has_bom = text.starts_with('\u{FEFF}');
                if has_bom {
                    text.drain(..3);
                }
                Self::build(path, text, has_bom)
            }
            Err(err) => {
                let offset = err.utf8_error().valid_up_to();
                let bytes = err.into_bytes();
                if bytes.contains(&0) {
                    return Err(InputError::Binary { path });
                }
                let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
                Err(InputError::InvalidUtf8 { path, line, offset })
            }
        }
    }

    /// Reads a file; `path` is reported exactly as given.
    ///
    /// # Errors
    /// See [`InputError`].
    pub fn from_file(path: &Path) -> Result<Self, InputError> {
        Self::from_file_with_limit(path, MAX_DOCUMENT_BYTES)
    }

    /// Reads a file of at most `limit` bytes (capped at [`MAX_DOCUMENT_BYTES`]); a larger one is
    /// refused with [`InputError::TooLarge`] before it is read, from its metadata.
    ///
    /// # Errors
    /// See [`InputError`].
    pub fn from_file_with_limit(path: &Path, limit: u64) -> Result<Self, InputError> {
        let shown = path.display().to_string();
        let io = |source| InputError::Io {
            path: shown.clone(),
            source,
        };
        let limit = limit.min(MAX_DOCUMENT_BYTES);
        let file = std::fs::File::open(path).map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        if size > limit {
            return Err(InputError::TooLarge {
                path: shown,
                size,
                limit,
            });
        }
        if let Some(bytes) = read_in_parts(&file, size).map_err(io)? {
            return Self::from_bytes(shown, bytes);
        }
        // The metadata can be short of the truth (a file still growing, a FIFO or a device
        // reports 0): never read more than one byte past the limit.
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
        let read = bytes.len() as u64;
        if read > limit {
            return Err(InputError::TooLarge {
                path: shown,
                size: read.max(size),
                limit,
            });
        }
        Self::from_bytes(shown, bytes)
    }

    /// Reads standard input, reported under `name` (`-` unless `--stdin-filename` says otherwise).
    ///
    /// # Errors
    /// See [`InputError`].
    pub fn from_reader(name: &str, mut reader: impl Read) -> Result<Self, InputError> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|source| InputError::Io {
                path: name.to_owned(),
                source,
            })?;
        Self::from_bytes(name, bytes)
    }

    /// The path as the user gave it.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The format, from the path's extension (`--stdin-filename` names it for standard input).
    pub fn kind(&self) -> DocumentKind {
        self.kind
    }

    /// The text, without a byte-order mark.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the file started with a UTF-8 byte-order mark.
    pub fn has_bom(&self) -> bool {
        self.has_bom
    }

    /// The line index of the text.
    pub fn line_index(&self) -> &LineIndex {
        &self.line_index
    }

    /// The text of `range`.
    pub fn slice(&self, range: TextRange) -> &str {
        &self.text[range.to_std()]
    }

    /// Iterates over the lines as (0-based line number, range of the line without its break).
    pub fn lines(&self) -> impl Iterator<Item = (usize, TextRange)> + '_ {
        (0..self.line_index.line_count())
            .map(|line| (line, self.line_index.line_range(line, &self.text)))
    }

    /// Drops the text (and its line index), keeping the path, the format, the BOM flag and the
    /// word count: for a file that was checked and has no finding, whose text no report reads.
    /// A batch over a large repository would otherwise hold every file's text to its end.
    pub(crate) fn release_text(&mut self) {
        self.word_count();
        self.text = String::new();
        self.line_index = LineIndex::new("");
        self.released = true;
    }

    /// Whether the text was dropped after the check, as a batch does for a file without
    /// findings (see [`Checker::check_paths`](crate::Checker::check_paths)): [`Document::text`]
    /// is then empty whatever the file held; the word count stays.
    pub fn is_released(&self) -> bool {
        self.released
    }

    /// The number of words, for per-1,000-word rates: runs of alphanumeric characters.
    pub fn word_count(&self) -> usize {
        *self.words.get_or_init(|| self.count_words())
    }

    fn count_words(&self) -> usize {
        let mut count = 0;
        let text = self.text.as_str();
        // Byte by byte over ASCII (most of an English article) through a table, without a
        // branch on the word/space alternation, which a branch predictor cannot learn; a
        // character is decoded only where a non-ASCII byte starts one (continuation bytes
        // belong to the character before them).
        // Eight ASCII bytes at a time: the high bit of each word byte; a word starts at a
        // flagged byte whose predecessor (the byte below it, carried over from the last eight
        // for the lowest) is not flagged.
        fn ascii_eight(x: u64, in_word: &mut u8) -> usize {
            let word = swar::alphanumeric(x);
            let before = (word << 8) | (u64::from(*in_word) << 7);
            *in_word = u8::from(word >> 63 == 1);
            swar::count_flagged(word & !before) as usize
        }
        let bytes = text.as_bytes();
        let mut in_word = 0u8;
        let mut chunk_start = 0;
        while chunk_start < bytes.len() {
            let chunk_end = (chunk_start + 64).min(bytes.len());
            let chunk = &bytes[chunk_start..chunk_end];
            // Whole chunks of ASCII are tested with one fold, not eight by eight: the single
            // loop over eights took 18 M instructions more on 10 MB of articles.
            if chunk.len() == 64 && chunk.iter().fold(0, |all, &b| all | b) < 0x80 {
                // 64 ASCII bytes: most of an English text.
                for at in (0..64).step_by(8) {
                    count +=
                        ascii_eight(swar::load(chunk, at).expect("in the chunk"), &mut in_word);
                }
            } else {
                // A chunk with a non-ASCII character (a curly quote, an accent) or the text's
                // end: its ASCII eights as above, the others byte by byte.
                for (g, eight) in chunk.chunks(8).enumerate() {
                    if let Some(x) = swar::load(eight, 0).filter(|x| x & swar::HIGH_BITS == 0) {
                        count += ascii_eight(x, &mut in_word);
                        continue;
                    }
                    for (k, &b) in eight.iter().enumerate() {
                        let class = BYTE_CLASS[usize::from(b)];
                        let at = chunk_start + 8 * g + k;
                        let is_word = match class {
                            0 | 1 => class,
                            LEAD => u8::from(text[at..].chars().next().is_some_and(|c| {
                                // Curly quotes and dashes are answered without a table look-up.
                                !crate::matchers::is_general_punctuation(c) && c.is_alphanumeric()
                            })),
                            _ => continue,
                        };
                        count += usize::from(is_word > in_word);
                        in_word = is_word;
                    }
                }
            }
            chunk_start = chunk_end;
        }
        count
    }

    /// The position just past the text.
    pub fn end(&self) -> TextSize {
        TextSize::new(self.text.len())
    }
}

/// [`Document::word_count`]'s byte classes: 1 an ASCII letter or digit, 0 other ASCII, `LEAD`
/// the first byte of a multi-byte character, `CONTINUATION` the others.
const BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => 1,
            0..=0x7F => 0,
            0x80..=0xBF => CONTINUATION,
            _ => LEAD,
        };
        b += 1;
    }
    table
};
const LEAD: u8 = 2;
const CONTINUATION: u8 = 3;

fn check_size(path: &str, size: u64) -> Result<(), InputError> {
    if size > MAX_DOCUMENT_BYTES {
        return Err(InputError::TooLarge {
            path: path.to_owned(),
            size,
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A large file read in parts is the file, byte for byte, whatever the number of threads
    /// and wherever the parts cut a character; a size that is not the file's gives `None`, and
    /// the document is then read the usual way.
    #[cfg(unix)]
    #[test]
    fn a_large_file_read_in_parts_is_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("large.txt");
        let mut text = String::from("\u{FEFF}");
        let mut i = 0u64;
        while text.len() < (READ_IN_PARTS_BYTES as usize) + 12_345 {
            i = i
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            text.push_str(["Rome ", "città ", "“quoted” ", "東京 ", "\n"][(i >> 60) as usize % 5]);
        }
        std::fs::write(&path, &text).unwrap();
        let size = text.len() as u64;
        for threads in [2, 3, 8] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                let file = std::fs::File::open(&path).unwrap();
                let read = read_in_parts(&file, size).unwrap();
                assert_eq!(read.as_deref(), Some(text.as_bytes()), "{threads} threads");
                assert_eq!(read_in_parts(&file, size - 1).unwrap(), None);
                assert_eq!(read_in_parts(&file, size + 1).unwrap(), None);
                let doc = Document::from_file(&path).unwrap();
                assert!(doc.has_bom());
                assert_eq!(doc.text(), &text[3..]);
            });
        }
        // One thread, or a smaller file: not in parts.
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let file = std::fs::File::open(&path).unwrap();
        assert_eq!(one.install(|| read_in_parts(&file, size).unwrap()), None);
        assert_eq!(read_in_parts(&file, READ_IN_PARTS_BYTES - 1).unwrap(), None);
    }

    #[test]
    fn bom_is_stripped_and_remembered() {
        let doc = Document::from_bytes("a.txt", b"\xEF\xBB\xBFhello".to_vec()).unwrap();
        assert_eq!(doc.text(), "hello");
        assert!(doc.has_bom());
    }

    #[test]
    fn only_bytes_have_a_bom_and_only_the_first_one() {
        // Regression (tests/properties.rs): a file that starts with two BOMs kept its offsets
        // only while `from_text` left the second U+FEFF alone.
        let doc = Document::from_bytes("a.txt", "\u{FEFF}\u{FEFF}x".into()).unwrap();
        assert_eq!((doc.text(), doc.has_bom()), ("\u{FEFF}x", true));
        let again = Document::from_text("a.txt", doc.text()).unwrap();
        assert_eq!((again.text(), again.has_bom()), ("\u{FEFF}x", false));
    }

    #[test]
    fn invalid_utf8_names_file_and_line() {
        let err = Document::from_bytes("bad.txt", b"ok\nok\n\xFFno".to_vec()).unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("bad.txt: not valid UTF-8"), "{message}");
        assert!(message.contains("line 3"), "{message}");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        std::fs::write(&path, "0123456789").unwrap();
        let err = Document::from_file_with_limit(&path, 9).unwrap_err();
        assert!(
            matches!(
                err,
                InputError::TooLarge {
                    size: 10,
                    limit: 9,
                    ..
                }
            ),
            "{err}"
        );
        assert!(Document::from_file_with_limit(&path, 10).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_device_that_reports_no_size_is_still_bounded() {
        // /dev/zero says it holds 0 bytes and never ends: the limit must stop the read.
        let err = Document::from_file_with_limit(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(
            matches!(err, InputError::TooLarge { limit: 1024, .. }),
            "{err}"
        );
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let err = Document::from_bytes("x.bin", b"PK\x03\x04\x00\x00".to_vec()).unwrap_err();
        assert!(matches!(err, InputError::Binary { .. }));
    }

    #[test]
    fn utf16_is_refused_clearly() {
        let err = Document::from_bytes("u.txt", b"\xFF\xFEa\x00".to_vec()).unwrap_err();
        assert!(err.to_string().contains("UTF-16"));
    }

    #[test]
    fn words_are_counted() {
        let doc = Document::from_text("a", "L’Italia, 2024: è qui.").unwrap();
        assert_eq!(doc.word_count(), 5);
    }

    #[test]
    fn words_are_counted_the_same_across_ascii_chunks() {
        // The count takes 64 ASCII bytes at a time: words cut by a chunk's edge, chunks
        // holding a non-ASCII letter, and a text that does not fill its last chunk.
        let reference = |text: &str| {
            let mut count = 0;
            let mut in_word = false;
            for c in text.chars() {
                let is_word = c.is_alphanumeric();
                count += usize::from(is_word && !in_word);
                in_word = is_word;
            }
            count
        };
        let pieces = [
            "word", " ", "é", "’", "Ab1", ", ", "x", "—", "naïve", "\n", "  ",
        ];
        let mut text = String::new();
        for i in 0..2_000 {
            text.push_str(pieces[(i * 7 + i / 13) % pieces.len()]);
            let doc = Document::from_text("a", text.clone()).unwrap();
            assert_eq!(doc.word_count(), reference(&text), "{text:?}");
        }
    }
}
