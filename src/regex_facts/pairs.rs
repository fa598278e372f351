//! Byte pairs every match of a regex contains: a cheap test, one table look-up per byte, that
//! rules a line out before a regex scans it.
//!
//! The rules with no required literal (`glued-words`, `missing-space-after-punctuation`, …)
//! were gated by their regexes in one set, a lazy DFA over every byte of every line: as much
//! time as the literal walk itself. Yet each such regex has two things side by side in every
//! match that prose seldom puts side by side: a lower-case letter then a capital, a full stop
//! then a capital. [`required_pairs`] reads such a pair of byte sets from the syntax tree, and
//! a line that has no byte of the first set followed by a byte of the second is not searched.
//!
//! A line is seen with a line feed before and after it (lines never hold one), so that `^` and
//! `$` are bytes too: `^[,;]` needs `\n,` or `\n;`.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// What a character of General Punctuation (U+2000 to U+206F: curly quotes, dashes) leaves
/// as the first byte of the next pair, in place of its last byte: that byte (`“` ends in
/// `0x9C`) is also the last byte of some letter, and `“The` would pass for a lower-case letter
/// before a capital. The keys are bytes no UTF-8 text holds; the commonest marks have their
/// own, the rest share `0xFF`.
fn punctuation_key(c: u32) -> u8 {
    match c {
        0x2019 => 0xF8, // ’
        0x201C => 0xF9, // “
        0x201D => 0xFA, // ”
        0x2018 => 0xFB, // ‘
        0x2013 => 0xFC, // –
        0x2014 => 0xFD, // —
        0x2026 => 0xFE, // …
        0x2022 => 0xC0, // •
        _ => 0xFF,
    }
}

/// Every key [`punctuation_key`] gives.
const PUNCTUATION_KEYS: [u8; 9] = [0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xC0, 0xFF];

/// The byte that `bytes[i]` leaves as the first of the next pair: itself, or the key of the
/// General Punctuation character it ends.
fn key_at(bytes: &[u8], i: usize) -> u8 {
    match (
        i.checked_sub(2).map(|j| bytes[j]),
        i.checked_sub(1).map(|j| bytes[j]),
    ) {
        (Some(0xE2), Some(second @ (0x80 | 0x81))) => {
            let c = 0x2000 | (u32::from(second & 1) << 6) | u32::from(bytes[i] & 0x3F);
            if c <= 0x206F {
                punctuation_key(c)
            } else {
                bytes[i]
            }
        }
        _ => bytes[i],
    }
}

/// A set of bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ByteSet([u64; 4]);

impl ByteSet {
    fn insert(&mut self, b: u8) {
        self.0[usize::from(b >> 6)] |= 1 << (b & 63);
    }

    fn insert_range(&mut self, low: u8, high: u8) {
        for b in low..=high {
            self.insert(b);
        }
    }

    /// Whether `b` is in the set.
    pub(crate) fn contains(&self, b: u8) -> bool {
        self.0[usize::from(b >> 6)] >> (b & 63) & 1 == 1
    }

    fn union(mut self, other: Self) -> Self {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a |= b;
        }
        self
    }

    fn one(b: u8) -> Self {
        let mut set = Self::default();
        set.insert(b);
        set
    }

    /// How many of the set's bytes are of each [`Kind`], indexed as [`KINDS`].
    fn class_counts(&self) -> [u32; KINDS.len()] {
        let mut counts = [0; KINDS.len()];
        for b in self.iter() {
            counts[kind(b) as usize] += 1;
        }
        counts
    }

    /// The bytes, ascending.
    pub(crate) fn iter(&self) -> impl Iterator<Item = u8> + '_ {
        (0..=255u8).filter(|&b| self.contains(b))
    }
}

/// Pairs of bytes: every `(a, b)` with `a` in the first set and `b` in the second of one of
/// the products.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Pairs(pub(crate) Vec<(ByteSet, ByteSet)>);

impl Pairs {
    /// How often prose is expected to hold one of the pairs (a rough share of its byte pairs).
    ///
    /// [`class_pair_cost`] is the same for every two bytes of the same two classes, so a product
    /// costs the members of each class it holds times the cost of one pair of them: a few
    /// dozen products of counts, where summing over the pairs of bytes cost up to 65,536 each
    /// (and the search of the syntax tree asks for costs many times: it was a third of the
    /// gate's build, paid before a large file's lines could be cut up and checked).
    fn cost(&self) -> f64 {
        self.0
            .iter()
            .map(|(first, second)| {
                let (a, b) = (first.class_counts(), second.class_counts());
                let mut total = 0.0;
                for (ka, &na) in a.iter().enumerate() {
                    for (kb, &nb) in b.iter().enumerate() {
                        if na > 0 && nb > 0 {
                            total += f64::from(na * nb) * class_pair_cost(KINDS[ka], KINDS[kb]);
                        }
                    }
                }
                total
            })
            .sum()
    }

    fn union(mut self, other: Self) -> Self {
        self.0.extend(other.0);
        self
    }
}

/// The classes of bytes [`class_pair_cost`] tells apart.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Lower,
    Upper,
    Digit,
    Space,
    /// The punctuation of every sentence: `.,;:!?'"()-`.
    Punctuation,
    /// Other ASCII: `^`, `|`, `<`, `#`, control characters.
    Rare,
    LineFeed,
    /// `0xE2`, which starts the curly quotes and dashes of news text.
    QuoteLead,
    /// The keys of `“` and `‘`, which a capital often follows.
    OpeningQuote,
    /// The first byte of another non-ASCII character (or a key of [`punctuation_key`]).
    Lead,
    /// A later byte of one.
    Continuation,
}

/// Every [`Kind`], in the order of its discriminant.
const KINDS: [Kind; 11] = [
    Kind::Lower,
    Kind::Upper,
    Kind::Digit,
    Kind::Space,
    Kind::Punctuation,
    Kind::Rare,
    Kind::LineFeed,
    Kind::QuoteLead,
    Kind::OpeningQuote,
    Kind::Lead,
    Kind::Continuation,
];

/// A byte's class.
fn kind(b: u8) -> Kind {
    match b {
        b'a'..=b'z' => Kind::Lower,
        b'A'..=b'Z' => Kind::Upper,
        b'0'..=b'9' => Kind::Digit,
        b' ' => Kind::Space,
        b'\n' => Kind::LineFeed,
        b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'"' | b'(' | b')' | b'-' => {
            Kind::Punctuation
        }
        0xE2 => Kind::QuoteLead,
        0xF9 | 0xFB => Kind::OpeningQuote,
        0x80..=0xBF => Kind::Continuation,
        0xC0..=0xFF => Kind::Lead,
        _ => Kind::Rare,
    }
}

/// How many bytes a class has, for spreading its share evenly over them.
fn class_size(k: Kind) -> f64 {
    match k {
        Kind::Lower | Kind::Upper => 26.0,
        Kind::Digit => 10.0,
        Kind::Space | Kind::LineFeed | Kind::QuoteLead => 1.0,
        Kind::Punctuation => 11.0,
        Kind::OpeningQuote => 2.0,
        Kind::Continuation => 64.0,
        Kind::Lead => 63.0,
        Kind::Rare => 54.0,
    }
}

/// A rough share of the byte pairs of English news prose that are one given byte of class
/// `ka` followed by one given byte of class `kb`: the share of the pair of classes, spread
/// evenly over their members. Only the order of candidates matters: `[a-z][A-Z]` is rare,
/// `[A-Z][a-z]` is not; ` “` is common, `| ` is not.
fn class_pair_cost(ka: Kind, kb: Kind) -> f64 {
    use Kind::{
        Continuation, Digit, Lead, LineFeed, Lower, OpeningQuote, Punctuation, QuoteLead, Space,
        Upper,
    };
    let (na, nb) = (class_size(ka), class_size(kb));
    let share = match (ka, kb) {
        (Lower, Lower) => 0.55,
        (Lower, Space) => 0.15,
        (Space, Lower) => 0.13,
        (Upper, Lower) => 0.03,
        (Space, Upper) | (Lower, Punctuation) | (Punctuation, Space) => 0.02,
        (QuoteLead, Continuation) | (Continuation, Continuation) => 0.01,
        (Space, QuoteLead) | (Lower, QuoteLead) | (OpeningQuote, Upper) => 0.005,
        (Upper, Upper) | (Digit, Digit) | (Space, Punctuation) | (Punctuation, Lower) => 0.005,
        (Space, Digit) | (Digit, Space) | (Digit, Punctuation) | (Punctuation, Digit) => 0.003,
        (Continuation, Space) | (Continuation, Lower) | (Lead, Continuation) => 0.003,
        (LineFeed, Upper) | (Punctuation, LineFeed) | (Punctuation, Punctuation) => 0.002,
        (Kind::Rare, _) | (_, Kind::Rare) => 0.0001,
        _ => 0.0005,
    };
    share / (na * nb)
}

/// What one node of the tree tells: the bytes its matches start and end with, whether it can
/// match nothing, and the cheapest pairs every one of its matches contains.
struct Info {
    first: ByteSet,
    last: ByteSet,
    nullable: bool,
    best: Option<Pairs>,
}

impl Info {
    fn empty() -> Self {
        Self {
            first: ByteSet::default(),
            last: ByteSet::default(),
            nullable: true,
            best: None,
        }
    }

    fn byte(set: ByteSet) -> Self {
        Self {
            first: set,
            last: set,
            nullable: false,
            best: None,
        }
    }
}

fn cheaper(a: Option<Pairs>, b: Option<Pairs>) -> Option<Pairs> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.cost() < a.cost() { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// Pairs of bytes one of which every match of `hir` contains, on a line seen with a line feed
/// before and after it (see the module documentation); `None` if none is known.
pub(crate) fn required_pairs(hir: &Hir) -> Option<Pairs> {
    info(hir).best
}

/// `set`, and if it holds a byte that may end a General Punctuation character, every key
/// such a character may leave instead.
fn with_keys(mut set: ByteSet) -> ByteSet {
    if (0x80..=0xBF).any(|b| set.contains(b)) {
        for key in PUNCTUATION_KEYS {
            set.insert(key);
        }
    }
    set
}

fn info(hir: &Hir) -> Info {
    match hir.kind() {
        HirKind::Empty => Info::empty(),
        // Lines hold no line feed: `^` is the one before the line, `$` the one after.
        HirKind::Look(Look::Start | Look::StartLF | Look::End | Look::EndLF) => {
            Info::byte(ByteSet::one(b'\n'))
        }
        // Word boundaries and the rest take no byte.
        HirKind::Look(_) => Info::empty(),
        HirKind::Literal(lit) => {
            let bytes = &lit.0;
            let Some(&first) = bytes.first() else {
                return Info::empty();
            };
            if std::str::from_utf8(bytes).is_err() {
                // Bytes that may start inside a character: their keys are not known here.
                return Info {
                    first: ByteSet::one(first),
                    last: with_keys(ByteSet::one(bytes[bytes.len() - 1])),
                    nullable: false,
                    best: None,
                };
            }
            let best = (1..bytes.len())
                .map(|i| {
                    Pairs(vec![(
                        ByteSet::one(key_at(bytes, i - 1)),
                        ByteSet::one(bytes[i]),
                    )])
                })
                .fold(None, |best, pairs| cheaper(best, Some(pairs)));
            Info {
                first: ByteSet::one(first),
                last: ByteSet::one(key_at(bytes, bytes.len() - 1)),
                nullable: false,
                best,
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut set = ByteSet::default();
            for r in class.ranges() {
                set.insert_range(r.start(), r.end());
            }
            Info {
                last: with_keys(set),
                ..Info::byte(set)
            }
        }
        HirKind::Class(Class::Unicode(class)) => {
            let (mut first, mut last) = (ByteSet::default(), ByteSet::default());
            for r in class.ranges() {
                // The first byte of a character grows with its code point.
                let lead = |c: char| c.encode_utf8(&mut [0; 4]).as_bytes()[0];
                first.insert_range(lead(r.start()), lead(r.end()));
                if r.start().is_ascii() {
                    last.insert_range(r.start() as u8, r.end().min('\x7F') as u8);
                }
                if !r.end().is_ascii() {
                    let (start, end) = (u32::from(r.start()).max(0x80), u32::from(r.end()));
                    // General Punctuation leaves its keys.
                    for c in start.max(0x2000)..=end.min(0x206F) {
                        last.insert(punctuation_key(c));
                    }
                    // Another character's last byte holds its six lowest bits: exact for a
                    // short range (a class of accented letters is many ranges of one or two).
                    if end - start >= 63 {
                        last.insert_range(0x80, 0xBF);
                    } else {
                        for c in (start..=end).filter(|c| !(0x2000..=0x206F).contains(c)) {
                            last.insert(0x80 | (c & 0x3F) as u8);
                        }
                    }
                }
            }
            Info {
                first,
                last,
                nullable: false,
                best: None,
            }
        }
        HirKind::Capture(cap) => info(&cap.sub),
        HirKind::Repetition(rep) => {
            let sub = info(&rep.sub);
            if rep.min == 0 {
                return Info {
                    nullable: true,
                    best: None,
                    ..sub
                };
            }
            // Two copies side by side: the last byte of one, the first of the next.
            let doubled =
                (rep.min >= 2 && !sub.nullable).then(|| Pairs(vec![(sub.last, sub.first)]));
            Info {
                best: cheaper(sub.best, doubled),
                ..sub
            }
        }
        HirKind::Alternation(alts) => {
            let parts: Vec<Info> = alts.iter().map(info).collect();
            let best = parts
                .iter()
                .map(|p| p.best.clone())
                .collect::<Option<Vec<Pairs>>>()
                .map(|all| all.into_iter().fold(Pairs::default(), Pairs::union));
            Info {
                first: parts
                    .iter()
                    .fold(ByteSet::default(), |s, p| s.union(p.first)),
                last: parts
                    .iter()
                    .fold(ByteSet::default(), |s, p| s.union(p.last)),
                nullable: parts.iter().any(|p| p.nullable),
                best,
            }
        }
        HirKind::Concat(items) => concat(&items.iter().map(info).collect::<Vec<_>>()),
    }
}

/// [`info`] of a sequence: each item's own pairs, and at each cut between two parts that both
/// take a byte in every match, the last bytes of the one before and the first of the one
/// after.
fn concat(parts: &[Info]) -> Info {
    let mut best = None;
    for part in parts {
        best = cheaper(best, part.best.clone());
    }
    for cut in 1..parts.len() {
        let (before, after) = parts.split_at(cut);
        let (Some(last), Some(first)) = (
            edge(before.iter().rev(), |p| p.last),
            edge(after.iter(), |p| p.first),
        ) else {
            continue;
        };
        best = cheaper(best, Some(Pairs(vec![(last, first)])));
    }
    Info {
        first: edge(parts.iter(), |p| p.first).unwrap_or_else(|| {
            parts
                .iter()
                .fold(ByteSet::default(), |s, p| s.union(p.first))
        }),
        last: edge(parts.iter().rev(), |p| p.last).unwrap_or_else(|| {
            parts
                .iter()
                .fold(ByteSet::default(), |s, p| s.union(p.last))
        }),
        nullable: parts.iter().all(|p| p.nullable),
        best,
    }
}

/// The bytes a sequence of parts (walked from one end) starts with at that end: each part's
/// up to the first that cannot be empty; `None` if every part can be.
fn edge<'a>(
    mut parts: impl Iterator<Item = &'a Info>,
    side: impl Fn(&Info) -> ByteSet,
) -> Option<ByteSet> {
    let mut set = ByteSet::default();
    loop {
        let part = parts.next()?;
        set = set.union(side(part));
        if !part.nullable {
            return Some(set);
        }
    }
}

/// The table [`scan`] reads: for each pair of bytes (first byte times 256 plus the second),
/// the bits of the regexes that need it. Bit `i` is regex `i` of `pairs`, up to eight.
pub(crate) fn table(pairs: &[Pairs]) -> Box<Table> {
    let mut table: Box<Table> = Box::new([0; 1 << 16]);
    for (bit, pairs) in pairs.iter().enumerate().take(8) {
        for (first, second) in &pairs.0 {
            for a in first.iter() {
                for b in second.iter() {
                    table[usize::from(a) << 8 | usize::from(b)] |= 1 << bit;
                }
            }
        }
    }
    table
}

/// A [`table`]: one byte of bits for each pair of bytes, indexed `first << 8 | second`. A
/// fixed size, so that an index made of two bytes needs no bounds check.
pub(crate) type Table = [u8; 1 << 16];

/// The bits of [`table`] that `line`, with a line feed before and after it, holds a pair of.
/// Each byte is paired with the key the one before it left ([`key_at`]).
pub(crate) fn scan(table: &Table, line: &[u8]) -> u8 {
    let pair = |first: u8, second: u8| table[usize::from(u16::from_be_bytes([first, second]))];
    let Some(&first) = line.first() else {
        return pair(b'\n', b'\n');
    };
    let n = line.len();
    let mut found = pair(b'\n', first);
    // The key the byte before `i` left: the first byte's is itself.
    let mut previous = first;
    let mut i = 1;
    while i < n {
        // Eight ASCII bytes at once: each is its own key, so each pair is two neighbouring
        // bytes as they are, and the look-ups are independent of one another (most of the
        // text, in a loop that takes no branch per byte).
        if let Some(chunk) = line.get(i..i + 8) {
            let chunk: &[u8; 8] = chunk.try_into().expect("eight bytes");
            if u64::from_le_bytes(*chunk) & crate::text::swar::HIGH_BITS == 0 {
                found |= pair(previous, chunk[0]);
                for k in 1..8 {
                    found |= pair(chunk[k - 1], chunk[k]);
                }
                previous = chunk[7];
                i += 8;
                continue;
            }
        }
        // Otherwise up to eight bytes one by one, a non-ASCII byte leaving its key.
        for (j, &b) in line.iter().enumerate().take(n.min(i + 8)).skip(i) {
            found |= pair(previous, b);
            previous = if b >= 0x80 { key_at(line, j) } else { b };
        }
        i = n.min(i + 8);
    }
    found | pair(previous, b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cost_by_classes_is_the_sum_over_pairs_of_bytes() {
        // The cost was a sum over every pair of bytes of a product; by classes it must stay
        // that sum, or the choice of pairs changes. Sets of varied classes, from a simple
        // deterministic sequence.
        let mut seed = 0x9E37_79B9u32;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        for _ in 0..200 {
            let mut set = || {
                let mut set = ByteSet::default();
                for _ in 0..next() % 40 {
                    set.insert((next() % 256) as u8);
                }
                set
            };
            let product = (set(), set());
            let by_bytes: f64 = product
                .0
                .iter()
                .map(|a| {
                    let cost = |b| class_pair_cost(kind(a), kind(b));
                    product.1.iter().map(cost).sum::<f64>()
                })
                .sum();
            let by_classes = Pairs(vec![product]).cost();
            assert!(
                (by_bytes - by_classes).abs() <= 1e-12 * by_bytes.max(1e-300),
                "{by_bytes} {by_classes}"
            );
        }
    }

    /// [`scan`] as one byte at a time: the definition the chunked loop must keep.
    fn scan_bytewise(table: &Table, line: &[u8]) -> u8 {
        let mut found = 0;
        let mut previous = b'\n';
        for (i, &b) in line.iter().enumerate() {
            found |= table[usize::from(previous) << 8 | usize::from(b)];
            previous = if b >= 0x80 { key_at(line, i) } else { b };
        }
        found | table[usize::from(previous) << 8 | usize::from(b'\n')]
    }

    #[test]
    fn the_scan_by_eight_bytes_finds_what_the_scan_by_byte_finds() {
        // A table with one pair set, for every pair of the bytes and keys a line has (and the
        // line feed): a pair missed, or read with the wrong first byte, shows. A non-ASCII
        // character (a curly quote, which leaves a key, and a letter, which does not) at every
        // position of lines around the eight-byte chunks, and lines of every length up to
        // three chunks.
        let mut lines: Vec<String> = (0..=26)
            .map(|n| "The cat, sat. On a mat!".chars().cycle().take(n).collect())
            .collect();
        for n in [1, 7, 8, 9, 16, 17, 25] {
            for at in 0..=n {
                for insert in ["\u{201D}", "é", "\u{2026}x"] {
                    let mut line: String = "abcdefghijklmnopqrstuvwxyz".chars().take(n).collect();
                    line.insert_str(at, insert);
                    lines.push(line);
                }
            }
        }
        lines.push("“Quote” – and… ‘more’ — é’s".to_owned());
        let mut table: Box<Table> = Box::new([0; 1 << 16]);
        for line in &lines {
            let bytes = line.as_bytes();
            let mut seen: Vec<u8> = bytes.to_vec();
            seen.extend(PUNCTUATION_KEYS);
            seen.push(b'\n');
            seen.sort_unstable();
            seen.dedup();
            for &a in &seen {
                for &b in &seen {
                    let at = usize::from(a) << 8 | usize::from(b);
                    table[at] = 1;
                    let expected = scan_bytewise(&table, bytes);
                    assert_eq!(
                        scan(&table, bytes),
                        expected,
                        "{line:?}, pair {a:#x} {b:#x}"
                    );
                    table[at] = 0;
                }
            }
        }
    }

    fn pairs_of(pattern: &str) -> Option<Pairs> {
        required_pairs(&regex_syntax::parse(pattern).unwrap())
    }

    /// Every line the regex matches has one of its pairs, and a narrow one one of the pairs
    /// of the narrowed regex (which the prefilter reads for narrow lines).
    fn check(pattern: &str, lines: &[&str]) {
        let hir = regex_syntax::parse(pattern).unwrap();
        let pairs = required_pairs(&hir).unwrap_or_else(|| panic!("{pattern}: no pairs"));
        let needed = table(&[pairs]);
        let narrowed = crate::matchers::narrow::narrowed(&hir).unwrap_or(hir);
        let narrow_needed = table(&[required_pairs(&narrowed).unwrap()]);
        let regex = regex::Regex::new(pattern).unwrap();
        let mut matched = 0;
        for line in lines {
            if regex.is_match(line) {
                matched += 1;
                assert_eq!(scan(&needed, line.as_bytes()), 1, "{pattern} on {line:?}");
                if crate::matchers::narrow::is_narrow(line) {
                    let found = scan(&narrow_needed, line.as_bytes());
                    assert_eq!(found, 1, "{pattern} narrowed, on {line:?}");
                }
            }
        }
        assert!(matched >= 5, "{pattern} matched only {matched} lines");
    }

    #[test]
    fn the_rare_pair_of_a_rule_is_chosen() {
        // A lower-case letter then a capital, not a capital then a lower-case letter.
        let glued = table(&[pairs_of(r"\p{Ll}{2,}\p{Lu}\p{Ll}+").unwrap()]);
        assert_eq!(scan(&glued, b"iPhone and YouTube"), 1);
        assert_eq!(scan(&glued, b"The Prime Minister said"), 0);
        // `^` is the line feed before the line.
        let opening = table(&[pairs_of(r"^(?P<p>[,;])\s*\p{L}").unwrap()]);
        assert_eq!(scan(&opening, b", and then"), 1);
        assert_eq!(scan(&opening, b"this, and then"), 0);
    }

    #[test]
    fn a_regex_that_can_match_anything_has_no_pairs() {
        assert_eq!(pairs_of(r"\p{L}+"), None);
        assert_eq!(pairs_of(r"a?b?"), None);
        assert_eq!(pairs_of(r"(?:ab)?"), None);
        assert!(pairs_of(r"ab|c").is_none());
    }

    #[test]
    fn every_match_holds_one_of_the_pairs() {
        // Generated lines over the characters these regexes turn on, each line checked with
        // the regex: a line it matches must get through.
        let patterns = [
            r"(?:^|[^\p{L}\p{N}_@#/\\.\-'’])(?P<word>(?P<left>\p{Ll}{2,})(?P<right>\p{Lu}\p{Ll}+))",
            r"(?:^|[^\p{L}\p{N}_\-/.#@])(?P<all>(?P<head>\p{L}*\p{N}+)(?P<word>\p{Ll}{4,}))(?:[^\p{L}\p{N}_]|$)",
            r"(?:\p{Ll}|\p{N}|[)\]%]|\p{Lu}{2})(?P<gap>[.!?;][\x22”’»)]*)[“‘«\x22]?\p{Lu}",
            r"^\s*(?P<symbols>[\^~|\\•·°¬¨´]{1,5})\s*$",
            r"^(?P<p>[,;])\s*\p{L}",
            r"(?i)ab(?:c|de)?f",
            r"x{2,}",
            r"(?:^|\s)q$",
            r"\bab\b",
            r"c\b[.,;]",
        ];
        const PIECES: &[&str] = &[
            "a", "b", "c", "d", "e", "f", "q", "x", "X", "Q", "B", "ab", "abc", "7", "42", "é",
            "É", " ", "  ", ".", ",", ";", "!", "?", "\"", "”", "“", "’", "'", "»", "«", ")", "]",
            "%", "^", "~", "|", "\\", "•", "°", "-", "/", "#", "@", "_", "\t", "\u{A0}", "Ab",
            "iPhone", "3rd", "2020s",
        ];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let lines: Vec<String> = (0..4000)
            .map(|_| {
                let n = (next() % 8) as usize;
                (0..n)
                    .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                    .collect()
            })
            .collect();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        for pattern in patterns {
            check(pattern, &lines);
        }
    }
}
