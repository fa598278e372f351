//! `kind = "repeated-word"`: a word written twice in a row (`the the`, `arrogant, arrogant`).
//!
//! This module owns the word scanner for doubled words and the small allocation-free
//! lowercasing helper ([`lowercase_into`]) that the `untranslated` kind shares. The `regex`
//! crate has no back-references, so the line is scanned word by word: each word is compared
//! with the one before it, case-insensitively, when only a space run (or a comma and a space
//! run) separates them.
//!
//! The hit is the separator plus the second word (` the` in `the the`) and the suggestion
//! deletes it, so that a triple `the the the` gives two hits that do not overlap and fix to
//! one `the`.
//!
//! Guards, because English has legitimate reduplications:
//! - words in the `allow` lists (`had had`, `that that`, `bye bye`, `very, very`) are never
//!   flagged; the lists are pack data;
//! - with `only`, just the words of that list are flagged (a rule for doubled function words,
//!   whose deletion is safe);
//! - two capitalised words are a name (`Walla Walla`, `Sirhan Sirhan`, the panda `Bao Bao`);
//! - words with digits are numbers or codes (`10 10` in a table);
//! - a word glued to a hyphen is part of a compound (`Boutros Boutros-Ghali`), one glued to
//!   URL or code punctuation is not prose (`mit.edu`, `(usize, usize)`);
//! - the case must fit a slip (`the the`, `The the`; not `from From:`), single letters are
//!   formulas (`x x`), and a gap wider than one space is a table column;
//! - after a comma, the repeat must end the phrase (`arrogant, arrogant and rude`): one that
//!   goes on (`updates, updates to the suite`) is an elaboration.

use rustc_hash::FxHashSet as HashSet;

use serde::Deserialize;

use super::template::{GroupRef, Template};
use super::{char_at, is_word_char, BuildContext, Hit};

/// `[match]` parameters of `kind = "repeated-word"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RepeatedWordSpec {
    /// Regexes whose matches on the hit's line suppress the hit.
    #[serde(default, alias = "unless")]
    pub exceptions: Vec<String>,
    /// Word lists (`lists/<name>.txt`) of words that may legitimately be doubled.
    #[serde(default)]
    pub allow: Vec<String>,
    /// A word list: when given, only these words are flagged.
    #[serde(default)]
    pub only: Option<String>,
    /// What may stand between the two words.
    #[serde(default)]
    pub separator: Separator,
}

/// What may separate the two occurrences of a doubled word.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Separator {
    /// Only white space: `the the`.
    #[default]
    Space,
    /// White space, or a comma and white space: `the the`, `arrogant, arrogant`.
    SpaceOrComma,
}

/// A compiled `repeated-word` rule.
#[derive(Debug)]
pub(crate) struct RepeatedWordMatcher {
    /// Lowercase words that are never flagged.
    allow: HashSet<String>,
    /// Lowercase words that alone are flagged, if set.
    only: Option<HashSet<String>>,
    separator: Separator,
    message: Template,
    replace: Option<Template>,
}

/// Longest word (in bytes, lowercased) the word-list lookups handle; longer words are in no
/// list, which keeps lowercasing on the stack.
pub(crate) const MAX_LOOKUP_BYTES: usize = 64;

impl RepeatedWordMatcher {
    /// Template variables this kind fills in, besides `$0` (the separator and second word):
    /// `$word`, the doubled word as first written.
    pub(crate) const VARIABLES: &'static [&'static str] = &["word"];

    /// Compiles the parameters: reads the word lists into lowercase sets.
    pub(crate) fn compile(
        spec: RepeatedWordSpec,
        cx: &BuildContext<'_>,
    ) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        let mut read = |name: &str, into: &mut HashSet<String>| match cx.list(name) {
            Ok(entries) => {
                // An entry may be written as the doubled pair (`had had`) for readability.
                into.extend(entries.iter().filter_map(|e| {
                    e.split_whitespace()
                        .next()
                        .map(|w| w.trim_end_matches(',').to_lowercase())
                }));
            }
            Err(problem) => problems.push(problem),
        };
        let mut allow = HashSet::default();
        for name in &spec.allow {
            read(name, &mut allow);
        }
        let only = spec.only.as_deref().map(|name| {
            let mut set = HashSet::default();
            read(name, &mut set);
            set
        });
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Self {
            allow,
            only,
            separator: spec.separator,
            message: cx.message.clone(),
            replace: cx.replace.clone(),
        })
    }

    /// Appends a hit for every word that repeats the word before it. `pairs`, when the line
    /// prefilter found them, are the line's [`repeated_pairs`]: only those can be hits, and
    /// the words are not scanned again.
    pub(crate) fn find(&self, line: &str, pairs: Option<&[Pair]>, out: &mut Vec<Hit>) {
        if let Some(pairs) = pairs {
            for &[p_start, p_end, start, end] in pairs {
                if self.is_doubled(line, p_start, p_end, start, end) {
                    out.push(self.hit(line, &line[p_start..p_end], p_end..end));
                }
            }
            return;
        }
        let mut previous: Option<(usize, usize)> = None;
        for (start, end) in Words::new(line) {
            if let Some((p_start, p_end)) = previous {
                if self.is_doubled(line, p_start, p_end, start, end) {
                    out.push(self.hit(line, &line[p_start..p_end], p_end..end));
                }
            }
            previous = Some((start, end));
        }
    }

    /// Whether `line[s..e]` repeats `line[ps..pe]` in a way this rule flags.
    fn is_doubled(&self, line: &str, ps: usize, pe: usize, s: usize, e: usize) -> bool {
        let (first, second) = (&line[ps..pe], &line[s..e]);
        // The cheap rejections first: most neighbouring words differ in length, and two ASCII
        // words of different lengths cannot be one word.
        let ascii = first.is_ascii() && second.is_ascii();
        if first.len() != second.len() && (ascii || first.chars().count() != second.chars().count())
        {
            return false;
        }
        let same = if ascii {
            first.eq_ignore_ascii_case(second)
        } else {
            same_word(first, second)
        };
        if !same || !self.separator_ok(&line[pe..s]) {
            return false;
        }
        if !case_compatible(first, second) {
            return false; // `from From:` (a new heading), `DIFF diff` (a name and a value)
        }
        if line[pe..s].starts_with(',') && !ends_a_phrase(&line[e..]) {
            // `updates, updates to the suite`: the second word starts an elaboration. A slip
            // (`arrogant, arrogant and rude`) is followed by punctuation or a conjunction.
            return false;
        }
        if first.chars().any(|c| c.is_numeric()) || !first.chars().any(char::is_alphabetic) {
            return false; // numbers and codes: `10 10`, `4G 4G`, `_ _`
        }
        if first.chars().count() == 1
            && !self
                .only
                .as_ref()
                .is_some_and(|o| o.contains(&first.to_lowercase()))
        {
            return false; // letters in formulas and lists: `x x`, `E e`; a listed `a a` stays
        }
        if in_code_or_url(line, ps, pe) || in_code_or_url(line, s, e) {
            return false;
        }
        if line[pe..s].starts_with(',') && line[..ps].ends_with(['(', '[', '<']) {
            return false; // a tuple or an argument list: `(usize, usize)`
        }
        if starts_upper(first) && starts_upper(second) {
            return false; // a name: `Walla Walla`, `Sirhan Sirhan`
        }
        if line[..ps].ends_with('-') || line[e..].starts_with('-') {
            return false; // part of a compound: `Boutros Boutros-Ghali`
        }
        let mut buf = [0u8; MAX_LOOKUP_BYTES];
        let Some(lower) = lowercase_into(second, &mut buf) else {
            // Longer than any list entry: in no list.
            return self.only.is_none();
        };
        if self.allow.contains(lower) {
            return false;
        }
        self.only.as_ref().is_none_or(|only| only.contains(lower))
    }

    /// Whether `sep` (the text between the two words) is a separator this rule accepts.
    fn separator_ok(&self, sep: &str) -> bool {
        let rest = match (self.separator, sep.strip_prefix(',')) {
            (Separator::SpaceOrComma, Some(rest)) => rest,
            _ => sep,
        };
        // One white-space character: wider gaps are table columns (and a doubled space is
        // `core/space-run`'s finding; once fixed, this rule sees the words).
        let mut chars = rest.chars();
        chars.next().is_some_and(char::is_whitespace) && chars.next().is_none()
    }

    fn hit(&self, line: &str, word: &str, range: std::ops::Range<usize>) -> Hit {
        let text = &line[range.clone()];
        let lookup = |g: &GroupRef| match g {
            GroupRef::Index(0) => Some(text),
            GroupRef::Name(n) if n == "word" => Some(word),
            _ => None,
        };
        let replacement = self
            .replace
            .as_ref()
            .map_or_else(String::new, |t| t.expand(lookup));
        Hit {
            range,
            message: self.message.expand(lookup),
            suggestions: vec![replacement],
        }
    }
}

/// A pair of [`repeated_pairs`].
pub(crate) type Pair = [usize; 4];

/// Every pair of neighbouring words of `line` that are one word ignoring case, in order, as
/// the byte ranges of the first and the second (`[first start, first end, second start,
/// second end]`), into `out` (cleared first). The line prefilter finds them once per line for
/// all `repeated-word` rules: a line without any needs none of them, and on a line with some
/// each rule looks at those pairs only ([`RepeatedWordMatcher::find`]) instead of scanning
/// its words again.
pub(crate) fn repeated_pairs(line: &str, out: &mut Vec<Pair>) {
    out.clear();
    let bytes = line.as_bytes();
    let mut previous: (usize, usize, bool) = (0, 0, true);
    word_runs(bytes, |start, end, plain| {
        if !plain {
            // An apostrophe or a non-ASCII byte: the run may hold several words, or none
            // (curly quotes), and its characters need decoding.
            exact_words(line, start, end, &mut previous, out);
            return;
        }
        // Most words: ASCII letters and digits only, the whole run.
        next_word(line, (start, end), true, &mut previous, out);
    });
}

/// Calls `f(start, end, plain)` for each run of the bytes that can be part of a word (ASCII
/// letters, digits, `_`, the apostrophe, every byte of a non-ASCII character) in `bytes`, in
/// order; `plain` when the run holds none of the last two, and so is one ASCII word.
///
/// Every other ASCII byte ends a word, so a line's words are the words of its runs. The runs
/// are found 64 bytes at a time from bit masks of the bytes' classes: a byte-by-byte scan
/// took a branch at every word's start and end, which no predictor learns in prose, and was
/// the largest part of the line prefilter's time.
#[inline(always)]
fn word_runs(bytes: &[u8], mut f: impl FnMut(usize, usize, bool)) {
    let n = bytes.len();
    // The run that has started and not yet ended: its start, and whether a byte of it in the
    // blocks already read was an apostrophe or non-ASCII.
    let mut open: Option<(usize, bool)> = None;
    let mut at = 0;
    // A run still open at the end closes in the padded block after the line (one more block
    // when the line fills its last one), so that `f` is called in one place: inlined there.
    while at < n || (at == n && open.is_some()) {
        let (word, special) = match bytes.get(at..at + 64) {
            Some(block) => block_masks(block),
            None => {
                // The last block, padded with bytes that end a word.
                let mut block = [0u8; 64];
                block[..n - at].copy_from_slice(&bytes[at..]);
                block_masks(&block)
            }
        };
        // A bit where a byte's class differs from the byte's before it: a run starts or ends.
        let mut edges = word ^ ((word << 1) | u64::from(open.is_some()));
        // Where in this block the open run's bytes begin.
        let mut from = 0;
        while edges != 0 {
            let k = edges.trailing_zeros();
            match open {
                Some((start, seen)) => {
                    let inside = (special >> from) & ((1u64 << (k - from)) - 1);
                    f(start, at + k as usize, !seen && inside == 0);
                    open = None;
                }
                None => {
                    open = Some((at + k as usize, false));
                    from = k;
                }
            }
            edges &= edges - 1;
        }
        if let Some((start, seen)) = open {
            open = Some((start, seen || special >> from != 0));
        }
        at += 64;
    }
}

/// For the 64 bytes of `block`, a bit per byte (the first lowest): the bytes that can be part
/// of a word (see [`word_runs`]), and the apostrophes and non-ASCII bytes among them.
fn block_masks(block: &[u8]) -> (u64, u64) {
    use crate::text::swar::{between, flags_to_bits, load, HIGH_BITS};
    let mut word = 0;
    let mut special = 0;
    for k in 0..8 {
        let x = load(block, 8 * k).expect("64 bytes");
        // `x | 0x20` makes capitals lower case and moves no other byte into `a..=z`.
        let letters = between(x | 0x2020_2020_2020_2020, b'a' - 1, b'z' + 1);
        let digits = between(x, b'0' - 1, b'9' + 1);
        let underscores = between(x, b'_' - 1, b'_' + 1);
        let odd = between(x, b'\'' - 1, b'\'' + 1) | (x & HIGH_BITS);
        word |= flags_to_bits(letters | digits | underscores | odd) << (8 * k);
        special |= flags_to_bits(odd) << (8 * k);
    }
    (word, special)
}

/// The words of `line[from..to]` (a run of [`word_runs`] that is not plain), with the pairs
/// they make with the word before each, as [`repeated_pairs`] records them: byte by byte
/// through a class table, decoding a character only where a non-ASCII byte starts one, or at
/// an apostrophe, which joins two parts of a word.
#[inline(never)]
fn exact_words(
    line: &str,
    from: usize,
    to: usize,
    previous: &mut (usize, usize, bool),
    out: &mut Vec<Pair>,
) {
    // The byte after the run, if any, ends a word: it is left out, and looking at it (an
    // apostrophe's next character) sees no word character, as it would in the whole line.
    let bytes = &line.as_bytes()[..to];
    let mut i = from;
    // Runs of one class are stepped over with `position`, a tight loop over the slice.
    let run_of = |from: usize, class: fn(u8) -> bool| {
        from + bytes[from..]
            .iter()
            .position(|&b| !class(BYTE_CLASS[usize::from(b)]))
            .unwrap_or(to - from)
    };
    loop {
        loop {
            // Bytes that are neither a word byte nor the start of a character to decode.
            i = run_of(i, |class| class == OTHER || class == APOSTROPHE);
            let Some(&b) = bytes.get(i) else {
                return;
            };
            if BYTE_CLASS[usize::from(b)] == WORD {
                break;
            }
            let (c, len) = char_at(line, i).expect("i is a char boundary");
            if is_word_char(c) {
                break;
            }
            i += len;
        }
        let start = i;
        let mut ascii = true;
        loop {
            i = run_of(i, |class| class == WORD);
            let Some(&b) = bytes.get(i) else {
                break;
            };
            let class = BYTE_CLASS[usize::from(b)];
            if class == OTHER {
                break;
            }
            let (c, len) = char_at(line, i).expect("i is a char boundary");
            let joins = (class == NON_ASCII && is_word_char(c))
                || (is_apostrophe(c)
                    && char_at(line, i + len).is_some_and(|(d, _)| is_word_char(d)));
            if !joins {
                break;
            }
            ascii &= class != NON_ASCII;
            i += len;
        }
        next_word(line, (start, i), ascii, previous, out);
    }
}

/// Takes the word at `line[start..end]` (`ascii` if it is all ASCII) after `previous` (its
/// range and whether it was all ASCII): records the pair if they are one word, and makes it
/// the previous word. Inlined into both callers: called for every word of every line, it cost
/// 48 M instructions of the generated 10 MB file's run as a call.
#[inline(always)]
fn next_word(
    line: &str,
    (start, end): (usize, usize),
    ascii: bool,
    previous: &mut (usize, usize, bool),
    out: &mut Vec<Pair>,
) {
    let (p_start, p_end, p_ascii) = *previous;
    let bytes = line.as_bytes();
    let same = if ascii && p_ascii {
        end - start == p_end - p_start
            && bytes[start..end].eq_ignore_ascii_case(&bytes[p_start..p_end])
    } else {
        p_end > p_start && same_word(&line[p_start..p_end], &line[start..end])
    };
    if same {
        out.push([p_start, p_end, start, end]);
    }
    *previous = (start, end, ascii);
}

/// [`repeated_pairs`]' byte classes: an ASCII word byte, an ASCII apostrophe (it may join
/// two parts of a word), another ASCII byte, or a byte of a non-ASCII character.
const WORD: u8 = 0;
const APOSTROPHE: u8 = 1;
const OTHER: u8 = 2;
const NON_ASCII: u8 = 3;
const BYTE_CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte >= 0x80 {
            NON_ASCII
        } else if byte == b'\'' {
            APOSTROPHE
        } else if byte.is_ascii_alphanumeric() || byte == b'_' {
            WORD
        } else {
            OTHER
        };
        b += 1;
    }
    table
};

/// Whether [`repeated_pairs`] finds any, through the general word scanner, for the tests.
#[cfg(test)]
fn has_repeated_pair_words(line: &str) -> bool {
    let mut previous: Option<&str> = None;
    for (start, end) in Words::new(line) {
        let word = &line[start..end];
        if previous.is_some_and(|p| same_word(p, word)) {
            return true;
        }
        previous = Some(word);
    }
    false
}

/// Whether the word at `line[start..end]` is glued to the punctuation of a URL, an address or
/// code (`mit.edu`, `/license/mit`, `` `foo` ``, `x=1`) rather than standing in prose.
pub(crate) fn in_code_or_url(line: &str, start: usize, end: usize) -> bool {
    let before = line[..start].chars().next_back();
    let mut after = line[end..].chars();
    let next = after.next();
    before.is_some_and(|c| {
        matches!(
            c,
            '/' | '.' | '@' | '#' | '\\' | '=' | '<' | '`' | '~' | '&'
        )
    }) || next.is_some_and(|c| matches!(c, '/' | '@' | '=' | '(' | '`' | '>' | '\\'))
        || (next == Some('.') && after.clone().next().is_some_and(is_word_char))
        || (next == Some(':') && after.next() == Some(':'))
}

/// Whether the two spellings of one word can be a slip: the same case, or a capitalised
/// sentence start followed by the lowercase word (`The the`).
fn case_compatible(first: &str, second: &str) -> bool {
    if first == second {
        return true;
    }
    let mut rest = first.chars();
    rest.next().is_some_and(char::is_uppercase)
        && !rest.any(char::is_uppercase)
        && !second.chars().any(char::is_uppercase)
}

/// Whether `rest` (the text after a word) ends the phrase: end of line, punctuation, or a
/// coordinating conjunction.
fn ends_a_phrase(rest: &str) -> bool {
    let rest = rest.trim_start();
    match rest.chars().next() {
        None => true,
        Some(c) if !is_word_char(c) => true,
        Some(_) => ["and", "or", "but", "nor"].iter().any(|w| {
            rest.strip_prefix(w)
                .is_some_and(|after| !after.starts_with(is_word_char))
        }),
    }
}

/// Whether two words are equal ignoring case.
fn same_word(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Writes `word` lowercased into `buf` and returns it, or `None` if it does not fit. Lets the
/// word-list lookups lowercase candidate words without allocating.
pub(crate) fn lowercase_into<'b>(
    word: &str,
    buf: &'b mut [u8; MAX_LOOKUP_BYTES],
) -> Option<&'b str> {
    if word.is_ascii() {
        // The common case: no Unicode case mapping needed.
        let bytes = buf.get_mut(..word.len())?;
        bytes.copy_from_slice(word.as_bytes());
        bytes.make_ascii_lowercase();
        return std::str::from_utf8(bytes).ok();
    }
    let mut len = 0;
    for c in word.chars().flat_map(char::to_lowercase) {
        let n = c.len_utf8();
        if len + n > buf.len() {
            return None;
        }
        c.encode_utf8(&mut buf[len..len + n]);
        len += n;
    }
    std::str::from_utf8(&buf[..len]).ok()
}

/// Whether `c` is an apostrophe that may stand inside a word (`don't`, `Kim’s`).
pub(crate) fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// The words of a line as byte ranges: runs of word characters, with apostrophes inside a word
/// (`don't`, `dell’Italia`) kept as part of it.
struct Words<'a> {
    line: &'a str,
    pos: usize,
}

impl<'a> Words<'a> {
    fn new(line: &'a str) -> Self {
        Self { line, pos: 0 }
    }
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        // Byte-indexed with an ASCII fast path: this runs over every word of every line for
        // two rules, and decoding each character through `char_indices` cost a tenth of a check.
        let line = self.line;
        let bytes = line.as_bytes();
        let mut i = self.pos;
        let start = loop {
            let &b = bytes.get(i)?;
            match BYTE_CLASS[usize::from(b)] {
                WORD => break i,
                NON_ASCII => {
                    let (c, n) = char_at(line, i)?;
                    if is_word_char(c) {
                        break i;
                    }
                    i += n;
                }
                _ => i += 1,
            }
        };
        let mut end;
        loop {
            while bytes
                .get(i)
                .is_some_and(|&b| BYTE_CLASS[usize::from(b)] == WORD)
            {
                i += 1;
            }
            end = i;
            let Some((c, n)) = char_at(line, i) else {
                break;
            };
            // A non-ASCII word character, or an apostrophe inside a word (`dell’Italia`).
            let joins = is_word_char(c)
                || (is_apostrophe(c) && char_at(line, i + n).is_some_and(|(d, _)| is_word_char(d)));
            if !joins {
                break;
            }
            i += n;
        }
        self.pos = end;
        Some((start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pairs [`repeated_pairs`] must find in `line`: its neighbouring words, as the
    /// general word scanner cuts them, that are one word.
    fn pairs_by_word_scanner(line: &str) -> Vec<Pair> {
        let words: Vec<(usize, usize)> = Words::new(line).collect();
        words
            .windows(2)
            .filter(|w| same_word(&line[w[0].0..w[0].1], &line[w[1].0..w[1].1]))
            .map(|w| [w[0].0, w[0].1, w[1].0, w[1].1])
            .collect()
    }

    #[test]
    fn the_pairs_are_the_neighbouring_words_of_the_word_scanner_that_match() {
        // The rules look at the prefilter's pairs instead of scanning the words: they must be
        // exactly the neighbouring words of `Words` that are one word. Lines built from pieces
        // that start, end, join and break words in every way the scanners know.
        let pieces = [
            "the", "The", " ", "  ", ",", "'", "’", "don", "t", "x_1", "X_1", "é", "É", "ï", "“",
            "”", "—", "Già", "già", "l", "dell", "a", "A", "1", "İ", "i̇", "ß", "SS", ".",
        ];
        let mut rng = crate::markup::test_support::Rng::new(11);
        let mut out = Vec::new();
        let mut with_pairs = 0;
        for round in 0..20_000 {
            // Short lines, and long ones whose runs cross the scan's 64-byte blocks.
            let count = if round % 4 == 0 { 80 } else { 10 };
            let line: String = (0..count).map(|_| *rng.pick(&pieces)).collect();
            let expected = pairs_by_word_scanner(&line);
            repeated_pairs(&line, &mut out);
            assert_eq!(out, expected, "{line:?}");
            with_pairs += usize::from(!expected.is_empty());
        }
        // The lines hold repeats often enough for a scan that finds none to fail.
        assert!(with_pairs > 100, "{with_pairs}");
    }

    #[test]
    fn a_repeat_that_ends_a_line_of_whole_blocks_is_found() {
        // The last word of a line that fills its last 64-byte block closes after the line.
        for len in [64, 128, 63, 65] {
            for repeat in ["the the", "già già", "don't don't"] {
                let line = format!("{} {repeat}", "y".repeat(len - repeat.len() - 1));
                assert_eq!(line.len(), len);
                let mut out = Vec::new();
                repeated_pairs(&line, &mut out);
                let expected = pairs_by_word_scanner(&line);
                assert_eq!(expected.len(), 1, "{line:?}");
                assert_eq!(out, expected, "{line:?}");
            }
        }
    }

    #[test]
    fn the_block_masks_classify_every_byte_as_the_byte_table_does() {
        // Every byte value in every position of a block, among neighbours of each class.
        for b in 0..=255u8 {
            for filler in [b' ', b'a', b'Z', 0x80, b'\'', b'_', b'@', b'['] {
                let mut block = [filler; 64];
                for at in [0, 7, 8, 31, 63] {
                    block[at] = b;
                    let (word, special) = block_masks(&block);
                    for (k, &byte) in block.iter().enumerate() {
                        let class = BYTE_CLASS[usize::from(byte)];
                        assert_eq!(word >> k & 1 == 1, class != OTHER, "{byte:#x} at {k}");
                        let odd = class == APOSTROPHE || class == NON_ASCII;
                        assert_eq!(special >> k & 1 == 1, odd, "{byte:#x} at {k}");
                    }
                    block[at] = filler;
                }
            }
        }
    }

    #[test]
    fn the_byte_repeat_scan_agrees_with_the_word_scanner() {
        for line in [
            "the the",
            "The the end",
            "don't don't",
            "don't don",
            "a b c a",
            "it's it's ok",
            "x_1 X_1",
            "'' ' a'a a'a",
            "end. End",
            "no repeat here",
            "tail tail'",
            "",
            "   ",
            "word",
            "ab abc abc",
            "“Già già”, disse",
            "l’Italia l’italia",
            "dell’ dell",
            "Ärger ärger",
            "İi i̇i",
            "naïve naïve",
            "a’’b a’’b",
            "caffè caffé",
            "x’ x",
        ] {
            let mut pairs = Vec::new();
            repeated_pairs(line, &mut pairs);
            assert_eq!(!pairs.is_empty(), has_repeated_pair_words(line), "{line:?}");
        }
    }
    use crate::matchers::test_support::*;
    use crate::matchers::Matcher;

    fn matcher(allow: &[&str], only: Option<&[&str]>, separator: Separator) -> Matcher {
        Matcher::RepeatedWord(RepeatedWordMatcher {
            allow: allow.iter().map(|w| (*w).to_owned()).collect(),
            only: only.map(|o| o.iter().map(|w| (*w).to_owned()).collect()),
            separator,
            message: Template::parse("“$word” twice"),
            replace: None,
        })
    }

    fn any() -> Matcher {
        matcher(&["had", "that"], None, Separator::SpaceOrComma)
    }

    #[test]
    fn flags_the_second_word_with_its_separator() {
        let m = any();
        assert_hits(&m, "in the the city", &[" the"]);
        assert_eq!(first_suggestions(&m, "in the the city"), vec![""]);
        assert_hits(&m, "He was arrogant, arrogant and rude.", &[", arrogant"]);
    }

    #[test]
    fn start_and_end_of_line_and_case() {
        let m = any();
        assert_hits(&m, "The the end", &[" the"]);
        assert_hits(&m, "the end end", &[" end"]);
        assert_no_hits(&m, "END END"); // capitalised pairs are taken for names
        assert_no_hits(&m, "end END");
        assert_no_hits(&m, "");
        assert_no_hits(&m, " ");
    }

    #[test]
    fn a_triple_gives_two_disjoint_hits() {
        assert_hits(&any(), "of the the the law", &[" the", " the"]);
    }

    #[test]
    fn other_separators_and_partial_words_are_not_doubles() {
        let m = any();
        assert_no_hits(&m, "the. The next");
        assert_no_hits(&m, "the-the");
        assert_no_hits(&m, "then the");
        assert_no_hits(&m, "the theme");
        assert_no_hits(&m, "the—the");
        assert_no_hits(&m, "the,the");
    }

    #[test]
    fn non_ascii_words_and_neighbours() {
        let m = any();
        assert_hits(&m, "“perché perché”", &[" perché"]);
        assert_hits(&m, "città città", &[" città"]);
        assert_no_hits(&m, "città cittàx");
        assert_hits(&m, "of\u{a0}of", &["\u{a0}of"]);
    }

    #[test]
    fn apostrophes_stay_inside_words() {
        let m = any();
        assert_hits(&m, "don't don't go", &[" don't"]);
        assert_no_hits(&m, "dell’Italia Italia");
        assert_hits(&m, "dell’Italia dell’Italia", &[" dell’Italia"]);
        assert_no_hits(&m, "Kim's Kim");
    }

    #[test]
    fn guards() {
        let m = any();
        assert_no_hits(&m, "He had had enough; that that was true.");
        assert_no_hits(&m, "Walla Walla and Bora Bora");
        assert_no_hits(&m, "a score of 10 10");
        assert_no_hits(&m, "Boutros Boutros-Ghali spoke");
        assert_no_hits(&m, "x x and E e");
        assert_no_hits(&m, "see `foo foo` and mit mit.edu");
        assert_no_hits(&m, "a pair (usize, usize) and hir, Hir::new");
        assert_no_hits(&m, "lines, lines in the file; name from From: here");
        assert_no_hits(&m, "set(DIFF diff) and triggers  triggers");
        assert_hits(&m, "rude, rude. Sell, sell", &[", rude", ", sell"]);
    }

    #[test]
    fn only_and_separator() {
        let m = matcher(&[], Some(&["the"]), Separator::Space);
        assert_hits(&m, "the the big big", &[" the"]);
        let m = matcher(&[], Some(&["a"]), Separator::Space);
        assert_hits(&m, "A a case", &[" a"]);
        assert_no_hits(&m, "the, the");
    }

    #[test]
    fn lowercase_into_fits_or_declines() {
        let mut buf = [0u8; MAX_LOOKUP_BYTES];
        assert_eq!(lowercase_into("PERCHÉ", &mut buf), Some("perché"));
        assert_eq!(lowercase_into(&"x".repeat(65), &mut buf), None);
        // İ lowercases to two chars; must not panic.
        assert!(lowercase_into("İ", &mut buf).is_some());
    }
}
