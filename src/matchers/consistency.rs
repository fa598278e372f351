//! `kind = "consistency"`: one thing written two ways in one article.
//!
//! This kind owns three document-scope checks, chosen by the `check` parameter:
//!
//! - `names`: a proper name spelled two ways (`Kim Jong-un` / `Kim Jong Un`,
//!   `Zelensky` / `Zelenskyy`, `Emilia-Romagna` / `Emilia Romagna`);
//! - `dates`: day–month and month–day dates mixed (`17 June` / `June 19`);
//! - `spelling`: American and British spellings mixed (`kilometers` / `kilometres`), from a
//!   pair list kept as pack data (`lists/us-uk-spellings.txt`).
//!
//! Each check counts the variants in the whole text, takes the majority as the article's own
//! style (a tie goes to the variant that appears first) and flags every occurrence of the
//! other variants, suggesting the majority form. All work is linear in the text (plus a sort
//! of the hits): names are compared only inside hash buckets (same normalised key, same key
//! with doubled letters collapsed, or a shared one-letter deletion), never all pairs.
//!
//! Template variables, besides `$0` (the hit):
//!
//! | variable | `names` | `dates` | `spelling` |
//! |---|---|---|---|
//! | `$replacement` | the majority spelling | the hit rewritten in the majority style | the other variety's word, case kept |
//! | `$majority` | the majority spelling | the first majority-style date, as written | `British` or `American` |
//! | `$minority` | the hit's spelling | `day-month` or `month-day` (the hit's style) | `British` or `American` |
//! | `$count` | occurrences of the majority spelling | majority-style dates | majority-variety words |

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use serde::Deserialize;

use super::lazy_regex::{Captured, Haystack, LazyRegex};
use super::phrases::match_case;
use super::repeated_word::{lowercase_into, MAX_LOOKUP_BYTES};
use super::template::{GroupRef, Template};
use super::{char_at, BuildContext, Hit};
use crate::prefilter::Literals;
use crate::text::{swar, Cover};

/// Which consistency check a rule runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Check {
    /// One proper name spelled two ways.
    Names,
    /// Day–month and month–day dates mixed.
    Dates,
    /// American and British spellings mixed.
    Spelling,
}

/// `[match]` parameters of `kind = "consistency"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConsistencySpec {
    /// The check to run: `names`, `dates` or `spelling`.
    pub check: Check,
    /// `spelling`: the word list of `US UK` pairs, one pair a line (default `us-uk-spellings`).
    #[serde(default)]
    pub list: Option<String>,
    /// `names`: a word list of names that look alike but are different entities, one pair a
    /// line, separated by `|` (`Colombia | Columbia`); such pairs are never grouped.
    #[serde(default)]
    pub distinct: Option<String>,
    /// Regexes whose matches on the hit's line suppress the hit.
    #[serde(default, alias = "unless")]
    pub exceptions: Vec<String>,
}

/// A compiled `consistency` rule.
#[derive(Debug)]
pub(crate) struct ConsistencyMatcher {
    message: Template,
    replace: Option<Template>,
    check: Compiled,
}

#[derive(Debug)]
enum Compiled {
    Names(NamesCheck),
    Dates(Box<DatesCheck>),
    Spelling(SpellingCheck),
}

/// What a flagged occurrence needs for its message and suggestion.
struct Flag {
    range: Range<usize>,
    replacement: String,
    majority: String,
    minority: String,
    count: usize,
}

impl ConsistencyMatcher {
    /// Template variables this kind fills in, besides `$0` (the hit).
    pub(crate) const VARIABLES: &'static [&'static str] =
        &["replacement", "majority", "minority", "count"];

    /// Compiles the parameters.
    ///
    /// # Errors
    /// A parameter that does not belong to the chosen check, a missing word list, or a
    /// malformed list line.
    pub(crate) fn compile(
        spec: ConsistencySpec,
        cx: &BuildContext<'_>,
    ) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        if spec.list.is_some() && spec.check != Check::Spelling {
            problems.push("`list` is a parameter of `check = \"spelling\"` only".to_owned());
        }
        if spec.distinct.is_some() && spec.check != Check::Names {
            problems.push("`distinct` is a parameter of `check = \"names\"` only".to_owned());
        }
        let check = match spec.check {
            Check::Names => {
                let mut distinct = HashSet::default();
                if let Some(name) = &spec.distinct {
                    match cx.list(name) {
                        Ok(lines) => {
                            for line in lines {
                                match line.split_once('|') {
                                    Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                                        let (a, b) = (name_key(a.trim()), name_key(b.trim()));
                                        distinct.insert((a.clone(), b.clone()));
                                        distinct.insert((b, a));
                                    }
                                    _ => problems.push(format!(
                                        "list `{name}`: line {line:?} is not two names separated by `|`"
                                    )),
                                }
                            }
                        }
                        Err(p) => problems.push(p),
                    }
                }
                Compiled::Names(NamesCheck { distinct })
            }
            Check::Dates => Compiled::Dates(Box::new(DatesCheck::new())),
            Check::Spelling => {
                let name = spec.list.as_deref().unwrap_or("us-uk-spellings");
                match cx.list(name) {
                    Ok(lines) => match SpellingCheck::new(name, lines) {
                        Ok(c) => Compiled::Spelling(c),
                        Err(mut p) => {
                            problems.append(&mut p);
                            return Err(problems);
                        }
                    },
                    Err(p) => {
                        problems.push(p);
                        return Err(problems);
                    }
                }
            }
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Self {
            message: cx.message.clone(),
            replace: cx.replace.clone(),
            check,
        })
    }

    /// Compiles the check's regexes now (see [`super::Matcher::warm_up`]).
    pub(crate) fn warm_up(&self) {
        if let Compiled::Dates(dates) = &self.check {
            dates.day_month.warm_up();
            dates.month_day.warm_up();
        }
    }

    /// See [`super::Matcher::expect_much`].
    pub(crate) fn expect_much(&self) {
        match &self.check {
            Compiled::Dates(dates) => {
                dates.day_month.expect_much();
                dates.month_day.expect_much();
            }
            Compiled::Spelling(spelling) => spelling.expect_much(),
            Compiled::Names(_) => {}
        }
    }

    /// The listed words of a spelling check (see [`super::Matcher::walk_words`]).
    pub(crate) fn walk_words(&self) -> Option<&[String]> {
        match &self.check {
            Compiled::Spelling(c) => Some(&c.patterns),
            Compiled::Names(_) | Compiled::Dates(_) => None,
        }
    }

    /// Appends a hit for every minority occurrence in `text`, with byte ranges into `text`, in
    /// order of position; `walked` as [`super::Matcher::find_in_document`] takes it.
    pub(crate) fn find_in_document(
        &self,
        text: &str,
        walked: Option<&[(u32, u32)]>,
        out: &mut Vec<Hit>,
    ) {
        let mut flags = Vec::new();
        match &self.check {
            Compiled::Names(c) => c.find(text, &mut flags),
            Compiled::Dates(c) => c.find(text, &mut flags),
            Compiled::Spelling(c) => c.find(text, walked, &mut flags),
        }
        flags.sort_by_key(|f| (f.range.start, f.range.end));
        for flag in flags {
            let hit_text = &text[flag.range.clone()];
            let count = flag.count.to_string();
            let lookup = |g: &GroupRef| -> Option<&str> {
                match g {
                    GroupRef::Index(0) => Some(hit_text),
                    GroupRef::Name(n) => match n.as_str() {
                        "replacement" => Some(flag.replacement.as_str()),
                        "majority" => Some(flag.majority.as_str()),
                        "minority" => Some(flag.minority.as_str()),
                        "count" => Some(count.as_str()),
                        _ => None,
                    },
                    GroupRef::Index(_) => None,
                }
            };
            let message = self.message.expand(lookup);
            let suggestion = match &self.replace {
                Some(t) => t.expand(lookup),
                None => flag.replacement.clone(),
            };
            out.push(Hit {
                range: flag.range,
                message,
                suggestions: vec![suggestion],
            });
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/// Letters of words, including combining marks (decomposed accents).
#[inline]
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    if super::is_general_punctuation(c) {
        return false;
    }
    c.is_alphabetic() || ('\u{0300}'..='\u{036F}').contains(&c)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Whether the word starting at byte `start` begins a sentence (or a line, a heading, a
/// quotation after a colon): there, any word is capitalised, so a capital says nothing about
/// whether it is a name. Looks back at most a few characters, to stay linear.
fn is_sentence_initial(text: &str, start: usize) -> bool {
    for c in text[..start].chars().rev().take(24) {
        match c {
            ' ' | '\t' | '\u{A0}' | '"' | '“' | '”' | '‘' | '\'' | '(' | '[' | '«' | '*' | '_'
            | '#' | '>' => continue,
            '\n' | '\r' | '.' | '!' | '?' | ':' | ';' | '…' | '•' | '–' | '—' | '-' | '|' => {
                return true
            }
            _ => return false,
        }
    }
    // Start of the text, or a long run of spaces and quotes: treat as a new sentence, which
    // is the conservative answer.
    true
}

/// How many hyphens a spelling has: on a tie between name spellings the hyphenated one wins,
/// since machine translation splits compound names (`Emilia Romagna` for `Emilia-Romagna`)
/// and does not join them. Accents are not counted: a stray accent (`Dràghi`) is as likely as
/// a lost one.
fn marks(surface: &str) -> usize {
    surface.matches('-').count()
}

/// The variant that wins: most occurrences, ties to the one seen first.
fn majority_of<T: Copy>(variants: impl Iterator<Item = (T, usize, usize)>) -> Option<T> {
    variants
        .min_by_key(|&(_, count, first)| (std::cmp::Reverse(count), first))
        .map(|(v, _, _)| v)
}

// ---------------------------------------------------------------------------------------------
// names
// ---------------------------------------------------------------------------------------------

/// Longest sub-run of a capitalised run considered as one name (`Kim Jong Un` is three).
const MAX_NAME_WORDS: usize = 4;
/// Normalised keys shorter than this are ignored (`Un`, `Al`): too little evidence.
const MIN_KEY: usize = 4;
/// Doubled-letter variants (`Zelensky` / `Zelenskyy`) need this many letters once collapsed,
/// so that short distinct names (`Ana` / `Anna`, `Rosi` / `Rossi`) stay apart.
const MIN_COLLAPSED: usize = 6;
/// One-edit variants (`Stoltenberg` / `Stoltenburg`) need this many letters.
const MIN_FUZZY: usize = 8;
/// Longer keys are not fuzzy-matched (bounds the deletion neighbourhood).
const MAX_FUZZY: usize = 48;
/// Deletion buckets larger than this are ambiguous and skipped (bounds the pair checks).
const MAX_BUCKET: usize = 8;

#[derive(Debug)]
struct NamesCheck {
    /// Normalised key pairs that are different entities, in both orders.
    distinct: HashSet<(String, String)>,
}

/// One word of the text: a letter run, with internal hyphens and apostrophes (`Jong-un`,
/// `Zelens'kyj`), a possessive `'s` cut off.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    /// Ended by a possessive or a bare apostrophe: a name run stops here.
    possessive: bool,
}

/// The word that starts at byte `start` of `text` (a letter there, not inside a word), and
/// where the scan of it stopped (past a possessive `'s`, which the word leaves out).
fn word_at(text: &str, start: usize) -> (Word, usize) {
    let bytes = text.as_bytes();
    let mut i = start + char_at(text, start).map_or(1, |(_, n)| n);
    let mut end = i;
    // Where the last joining apostrophe was, to cut a possessive `'s`.
    let mut last_apostrophe: Option<usize> = None;
    loop {
        while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            end = i;
        }
        match char_at(text, i) {
            Some((c, n)) if is_letter(c) => {
                i += n;
                end = i;
            }
            Some((c, n)) if c == '-' || is_apostrophe(c) => {
                if char_at(text, i + n).is_some_and(|(after, _)| is_letter(after)) {
                    if is_apostrophe(c) {
                        last_apostrophe = Some(i);
                    }
                    i += n;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    let mut word = Word {
        start,
        end,
        possessive: false,
    };
    if let Some(a) = last_apostrophe {
        let tail = &text[a..end];
        // The last apostrophe followed by a lone `s`: `Putin's`, `Kim Jong-un’s`.
        if tail.chars().count() == 2 && tail.ends_with('s') {
            word.end = a;
            word.possessive = true;
        }
    }
    if text[end..].starts_with(is_apostrophe) {
        word.possessive = true;
    }
    (word, end)
}

/// Every word of `text`, in order: the reference [`name_runs`] is tested against.
#[cfg(test)]
fn scan_words(text: &str, mut each: impl FnMut(Word)) {
    let mut i = 0;
    while let Some((c, n)) = char_at(text, i) {
        if !is_letter(c) {
            i += n;
            continue;
        }
        let (word, next) = word_at(text, i);
        i = next;
        if word.end > word.start {
            each(word);
        }
    }
}

/// A name-like word: capital first letter, some lower-case letter, and not an acronym with a
/// suffix (`UN-backed`).
fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    if chars.next().is_some_and(char::is_uppercase) {
        return false;
    }
    word.chars().any(char::is_lowercase)
}

/// Folds a letter with a diacritic to its base letter(s); other characters are returned as is.
fn fold_diacritic(c: char, out: &mut String) {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        'ð' => "d",
        _ => {
            out.push(c);
            return;
        }
    };
    out.push_str(base);
}

/// A name's comparison key: lower case, diacritics folded, hyphens, spaces, apostrophes and
/// combining marks removed (`Emilia-Romagna`, `Emilia Romagna` → `emiliaromagna`).
fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if is_letter(c) && !('\u{0300}'..='\u{036F}').contains(&c) {
            fold_diacritic(c, &mut key);
        } else if c.is_numeric() {
            key.push(c);
        }
    }
    key
}

/// `key` with every run of one letter collapsed to one (`zelenskyy` → `zelensky`).
fn collapse_doubles(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut last = None;
    for c in key.chars() {
        if last != Some(c) {
            out.push(c);
        }
        last = Some(c);
    }
    out
}

/// Whether `a` and `b` differ by exactly one inserted, deleted or substituted letter, placed
/// inside the name: not the first letter, and not in the last two, where suffixes live
/// (`Korea` / `Korean`, `Giorgia` / `Giorgio`, `Andersen` / `Anderson`).
fn one_interior_edit(a: &[char], b: &[char]) -> bool {
    if a.len().abs_diff(b.len()) > 1 || a == b {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let room = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    // One edit (Levenshtein distance 1, by strsim), and inside the name: not the first letter,
    // not the last two, where demonyms and plurals differ (`Korea` / `Korean`).
    prefix >= 1 && suffix >= 2 && strsim::generic_levenshtein(&a.to_vec(), &b.to_vec()) == 1
}

/// Whether one key ends in `ee` and the other does not: the doubled letter is then the suffix
/// of a different word (`Licensee` / `License`, `Nominee` / `Nomine`), not a spelling variant.
fn ee_suffix(a: &str, b: &str) -> bool {
    a.ends_with("ee") != b.ends_with("ee")
}

/// Hashes a name key and each of its one-letter deletions, all in time linear in the key: a
/// polynomial hash (`Σ cᵢ·Bⁿ⁻¹⁻ⁱ`, wrapping) of the key with position `p` deleted is the key's
/// hash plus `(prefix(p) − prefix(p+1))·Bⁿ⁻¹⁻ᵖ`, from the prefix hashes. Hashing every deletion
/// afresh took time quadratic in the key, and multi-word keys run to 48 letters. Collisions
/// are harmless: every candidate pair is checked with [`one_interior_edit`].
#[derive(Default)]
struct DeletionHasher {
    /// `prefix[i]`: the hash of the key's first `i` characters.
    prefix: Vec<u64>,
    /// `power[i]`: `Bⁱ`.
    power: Vec<u64>,
}

impl DeletionHasher {
    const BASE: u64 = 0x9e37_79b9_7f4a_7c15 | 1;

    /// Takes `key`; returns its length in characters.
    fn load(&mut self, key: &str) -> usize {
        self.prefix.clear();
        self.prefix.push(0);
        let mut h = 0u64;
        for c in key.chars() {
            h = h
                .wrapping_mul(Self::BASE)
                .wrapping_add(u64::from(u32::from(c)) + 1);
            self.prefix.push(h);
        }
        let n = self.prefix.len() - 1;
        while self.power.len() <= n {
            let next = self.power.last().map_or(1, |p| p.wrapping_mul(Self::BASE));
            self.power.push(next);
        }
        n
    }

    /// The hash of the whole key.
    fn whole(&self) -> u32 {
        Self::finish(self.prefix[self.prefix.len() - 1])
    }

    /// The hash of the key without its character `p`: that of the key as one string, so a
    /// deletion from a longer key meets the whole shorter key.
    fn without(&self, p: usize) -> u32 {
        let n = self.prefix.len() - 1;
        let whole = self.prefix[n];
        let shift = self.power[n - 1 - p];
        let delta = self.prefix[p].wrapping_sub(self.prefix[p + 1]);
        Self::finish(whole.wrapping_add(delta.wrapping_mul(shift)))
    }

    /// 32 well-mixed bits of `h` (a variant stays at 8 bytes with its form's index).
    fn finish(h: u64) -> u32 {
        let h = (h ^ (h >> 31)).wrapping_mul(0x517c_c1b7_2722_0a95);
        (h >> 32) as u32
    }
}

/// Sorts `(hash, form)` pairs by hash, stably: a radix sort in three passes of 11 bits. The
/// comparison sort took a quarter of the names check on a text with many distinct names.
fn sort_by_hash(pairs: &mut Vec<(u32, u32)>) {
    const BITS: u32 = 11;
    const BUCKETS: usize = 1 << BITS;
    let mut other = vec![(0u32, 0u32); pairs.len()];
    for pass in 0..3 {
        let shift = pass * BITS;
        let digit = |h: u32| ((h >> shift) as usize) & (BUCKETS - 1);
        let mut starts = vec![0usize; BUCKETS + 1];
        for &(h, _) in pairs.iter() {
            starts[digit(h) + 1] += 1;
        }
        for b in 1..=BUCKETS {
            starts[b] += starts[b - 1];
        }
        for &pair in pairs.iter() {
            let d = digit(pair.0);
            other[starts[d]] = pair;
            starts[d] += 1;
        }
        std::mem::swap(pairs, &mut other);
    }
}

/// The ranges of the capitalised runs of a document, in order, each stored as two LEB128
/// numbers: its distance from the previous run's end, and its length. Both are small, so a run
/// takes 2–4 bytes rather than the 8 of two 32-bit offsets.
#[derive(Default)]
struct RunList {
    bytes: Vec<u8>,
    last_end: usize,
}

impl RunList {
    /// Appends `run`, which starts at or after the previous run's end.
    fn push(&mut self, run: Range<usize>) {
        debug_assert!(run.start >= self.last_end && run.end >= run.start);
        leb128(&mut self.bytes, run.start - self.last_end);
        leb128(&mut self.bytes, run.end - run.start);
        self.last_end = run.end;
    }

    /// The runs, in the order they were pushed.
    fn iter(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let mut pos = 0;
        let mut end = 0;
        std::iter::from_fn(move || {
            if pos >= self.bytes.len() {
                return None;
            }
            let start = end + read_leb128(&self.bytes, &mut pos);
            end = start + read_leb128(&self.bytes, &mut pos);
            Some(start..end)
        })
    }
}

/// Appends `n` as LEB128: seven bits per byte, the high bit set on all but the last.
fn leb128(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads a number written by [`leb128`] at `*pos`, and moves past it.
fn read_leb128(bytes: &[u8], pos: &mut usize) -> usize {
    let (mut n, mut shift) = (0usize, 0);
    loop {
        let byte = bytes[*pos];
        *pos += 1;
        n |= usize::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return n;
        }
        shift += 7;
    }
}

/// Union-find over name forms.
struct Groups {
    parent: Vec<usize>,
}

impl Groups {
    fn new(n: usize) -> Self {
        Self {
            parent: (0..n).collect(),
        }
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra != rb {
            // The smaller index (the form seen first) stays the root: deterministic.
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi] = lo;
        }
    }
}

/// One way a name is written, with its occurrences.
struct Form<'t> {
    /// Borrowed from the text, unless a no-break space had to be made plain.
    surface: Cow<'t, str>,
    key: String,
    count: usize,
    /// Index of the first occurrence: ties go to the form written first.
    first: usize,
    /// Several words, or seen at least once away from a sentence start: a real name, not an
    /// ordinary word capitalised because it opens a sentence.
    is_name: bool,
}

/// Calls `each(run)` with the words of every run of capitalised words joined by one space
/// (`Russian President Vladimir Putin`), in order. Words stream by: only the current run is
/// kept, not every word of the document.
///
/// This walks the whole document, and most of its words start with a lower-case ASCII letter:
/// those only end the current run, so they are skipped byte by byte without being scanned as
/// words. A word is scanned (by [`word_at`]) where a capital or a non-ASCII byte starts one;
/// the result is that of `name_runs_of_every_word`, which the tests compare it with.
fn name_runs(text: &str, mut each: impl FnMut(&[Word])) {
    let bytes = text.as_bytes();
    let mut run: Vec<Word> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // To the next byte that may start a capitalised word, noting any lower-case letter on
        // the way: the start or the rest of a word that is not capitalised.
        let mut lower_word = false;
        // Eight bytes at a time, straight to the first that stops the skip (the lowest
        // flagged byte: the load is little-endian), noting the lower-case letters before it.
        while let Some(x) = swar::load(bytes, i) {
            let stops = (x & swar::HIGH_BITS) | swar::between(x, b'A' - 1, b'Z' + 1);
            let lower = swar::between(x, b'a' - 1, b'z' + 1);
            if stops == 0 {
                lower_word |= lower != 0;
                i += 8;
                continue;
            }
            // The bytes below the first stop are ASCII, so `lower` is exact there.
            let k = stops.trailing_zeros() / 8;
            lower_word |= lower & ((1u64 << (8 * k)) - 1) != 0;
            i += k as usize;
            break;
        }
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii_uppercase() || !b.is_ascii() {
                break;
            }
            lower_word |= b.is_ascii_lowercase();
            i += 1;
        }
        if lower_word && !run.is_empty() {
            each(&run);
            run.clear();
        }
        let Some((c, n)) = char_at(text, i) else {
            break;
        };
        if !is_letter(c) || inside_word(text, i) {
            // A separator (a curly quote, a no-break space), or a capital inside a word that
            // starts with a lower-case letter (`iPhone`, `dell’Italia`): that word has ended
            // the run already.
            i += n;
            continue;
        }
        let (word, next) = word_at(text, i);
        i = next;
        if word.end > word.start {
            name_run_step(text, word, &mut run, &mut each);
        }
    }
    if !run.is_empty() {
        each(&run);
    }
}

/// Whether the letter at byte `i` continues a word rather than starting one: a letter before
/// it, or a hyphen or apostrophe with a letter before that (which [`word_at`] joins across).
fn inside_word(text: &str, i: usize) -> bool {
    let mut before = text[..i].chars().rev();
    match before.next() {
        Some(c) if is_letter(c) => true,
        Some(c) if c == '-' || is_apostrophe(c) => before.next().is_some_and(is_letter),
        _ => false,
    }
}

/// [`name_runs`]' handling of one word: it joins the current run, or ends it (and starts the
/// next one if it is capitalised).
fn name_run_step(text: &str, word: Word, run: &mut Vec<Word>, each: &mut impl FnMut(&[Word])) {
    let capitalised = is_capitalised(&text[word.start..word.end]);
    let joins = run.last().is_some_and(|last: &Word| {
        !last.possessive && matches!(&text[last.end..word.start], " " | "\u{A0}")
    });
    if capitalised && joins {
        run.push(word);
        return;
    }
    if !run.is_empty() {
        each(run);
        run.clear();
    }
    if capitalised {
        run.push(word);
    }
}

/// [`name_runs`] by way of every word of the text: the plain definition, for the tests.
#[cfg(test)]
fn name_runs_of_every_word(text: &str, mut each: impl FnMut(&[Word])) {
    let mut run: Vec<Word> = Vec::new();
    scan_words(text, |word| name_run_step(text, word, &mut run, &mut each));
    if !run.is_empty() {
        each(&run);
    }
}

/// Calls `each(range, surface, several_words)` for every candidate name of `run`: every
/// sub-run up to [`MAX_NAME_WORDS`] words, so that `Then Kim Jong Un` still yields `Kim Jong
/// Un`. The surface has no-break spaces made plain.
fn sub_runs<'t>(
    text: &'t str,
    run: &[Word],
    mut each: impl FnMut(Range<usize>, Cow<'t, str>, bool),
) {
    for a in 0..run.len() {
        sub_runs_from(text, run, a, &mut each);
    }
}

/// The sub-runs of [`sub_runs`] that start at word `a` of `run`.
fn sub_runs_from<'t>(
    text: &'t str,
    run: &[Word],
    a: usize,
    mut each: impl FnMut(Range<usize>, Cow<'t, str>, bool),
) {
    // Whether a no-break space joins two of the words so far: the words of a run are joined
    // by exactly one space or no-break space (see `name_run_step`), so a gap of two bytes is
    // one, and no byte of the surface need be searched.
    let mut nbsp = false;
    for b in a..run.len().min(a + MAX_NAME_WORDS) {
        nbsp |= b > a && run[b].start - run[b - 1].end > 1;
        let range = run[a].start..run[b].end;
        let raw = &text[range.clone()];
        // Allocates only for a no-break space.
        let surface = if nbsp {
            Cow::Owned(raw.replace('\u{A0}', " "))
        } else {
            Cow::Borrowed(raw)
        };
        each(range, surface, b > a);
    }
}

/// The words of a run found by [`name_runs`], from its range: they are separated by exactly
/// one space or no-break space.
fn run_words(text: &str, run: &Range<usize>, words: &mut Vec<Word>) {
    words.clear();
    let mut start = run.start;
    for (i, c) in text[run.clone()].char_indices() {
        if c == ' ' || c == '\u{A0}' {
            words.push(Word {
                start,
                end: run.start + i,
                possessive: false,
            });
            start = run.start + i + c.len_utf8();
        }
    }
    words.push(Word {
        start,
        end: run.end,
        possessive: false,
    });
}

/// The words of a run's text (see [`run_words`]) as bytes: split at each space and no-break
/// space, without decoding characters.
fn run_word_bytes(run: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = Some(run);
    std::iter::from_fn(move || {
        let bytes = rest?;
        let mut i = 0;
        while i < bytes.len() {
            let separator = match bytes[i] {
                b' ' => 1,
                0xC2 if bytes.get(i + 1) == Some(&0xA0) => 2,
                _ => 0,
            };
            if separator > 0 {
                rest = Some(&bytes[i + separator..]);
                return Some(&bytes[..i]);
            }
            i += 1;
        }
        rest = None;
        Some(bytes)
    })
}

impl NamesCheck {
    fn find(&self, text: &str, out: &mut Vec<Flag>) {
        let mut forms: Vec<Form> = Vec::new();
        // Each surface seen, with its form; `None` for one whose key is too short to be a name
        // (`He`, `US`), remembered so that its key is not worked out again at each occurrence.
        let mut by_surface: HashMap<Cow<'_, str>, Option<usize>> = HashMap::default();
        // Occurrences are counted, not kept: a large document has millions of candidate
        // sub-runs, and only the few of a flagged form are wanted. The runs are kept (one range
        // for several candidates) to find those again without rescanning the text.
        // Delta-encoded: a 10 MB article has ~200,000 runs, a few bytes each this way.
        let mut runs = RunList::default();
        let mut seen = 0;
        name_runs(text, |run| {
            runs.push(run[0].start..run[run.len() - 1].end);
            let initial = is_sentence_initial(text, run[0].start);
            sub_runs(text, run, |range, surface, several| {
                // Fewer ASCII bytes than a name's key needs make a key as short (`The`, `He`,
                // `US`): no name, known without a look-up. The commonest capitalised words.
                if surface.len() < MIN_KEY && surface.is_ascii() {
                    return;
                }
                let id = match by_surface.get(surface.as_ref()) {
                    Some(&Some(id)) => id,
                    Some(None) => return,
                    None => {
                        let key = name_key(&surface);
                        if key.chars().count() < MIN_KEY {
                            by_surface.insert(surface, None);
                            return;
                        }
                        forms.push(Form {
                            surface: surface.clone(),
                            key,
                            count: 0,
                            first: seen,
                            is_name: several,
                        });
                        by_surface.insert(surface, Some(forms.len() - 1));
                        forms.len() - 1
                    }
                };
                let form = &mut forms[id];
                form.count += 1;
                // Only the run's first word can open a sentence.
                form.is_name |= !(initial && range.start == run[0].start);
                seen += 1;
            });
        });

        let mut groups = Groups::new(forms.len());
        self.join_variants(&forms, &mut groups);

        // Per group: the majority form, how many forms it has, and whether one of them is
        // surely a name (a group of sentence-initial words only, `Cooperation` /
        // `Co-operation`, is a spelling matter, not a name).
        let mut best: HashMap<usize, usize> = HashMap::default();
        let mut sizes: HashMap<usize, usize> = HashMap::default();
        let mut named: HashSet<usize> = HashSet::default();
        for (id, form) in forms.iter().enumerate() {
            let root = groups.root(id);
            *sizes.entry(root).or_default() += 1;
            if form.is_name {
                named.insert(root);
            }
            let entry = best.entry(root).or_insert(id);
            let current = &forms[*entry];
            if (
                form.count,
                marks(&form.surface),
                std::cmp::Reverse(form.first),
            ) > (
                current.count,
                marks(&current.surface),
                std::cmp::Reverse(current.first),
            ) {
                *entry = id;
            }
        }

        // The winner each flagged form gives way to: a form of a named group of several forms
        // that is not the group's majority.
        let winners: Vec<Option<usize>> = (0..forms.len())
            .map(|id| {
                let root = groups.root(id);
                let shared = named.contains(&root) && sizes.get(&root).copied().unwrap_or(0) >= 2;
                Some(best[&root]).filter(|&winner| shared && winner != id)
            })
            .collect();
        if winners.iter().all(Option::is_none) {
            return;
        }
        // Flag minority occurrences; the longest wins where candidates overlap (`Kim Jong Un`
        // over its own `Jong Un`).
        let mut flagged: Vec<(usize, Range<usize>, usize)> = Vec::new();
        let mut words = Vec::new();
        // The forms that win a group of several: a minority spelling inside one of their
        // occurrences is left alone, so that fixing never undoes another fix (`Jong-un` inside
        // a winning `Kim Jong-un`, where `Jong Un` wins the shorter group).
        let winning: HashSet<usize> = winners.iter().flatten().copied().collect();
        let mut won: Vec<Range<usize>> = Vec::new();
        // The first words of the forms to flag or that win: a sub-run is looked up only where
        // its first word is one of them, one hash per word instead of one per sub-run.
        let first_words: HashSet<&str> = forms
            .iter()
            .enumerate()
            .filter(|&(id, _)| winners[id].is_some() || winning.contains(&id))
            .filter_map(|(_, form)| form.surface.split(' ').next())
            .collect();
        // The first byte and length of each first word, one bit each: most words of the runs
        // are ruled out by one test, and a run none of whose words passes it is not split
        // into words at all (a large document has hundreds of thousands of runs, and a few
        // first words).
        let mut shapes = [0u64; 256];
        for word in &first_words {
            shapes[usize::from(word.as_bytes()[0])] |= 1 << word.len().min(63);
        }
        let may_start = |word: &[u8]| {
            word.first()
                .is_some_and(|&b| shapes[usize::from(b)] >> word.len().min(63) & 1 == 1)
        };
        for run in runs.iter() {
            if !run_word_bytes(&text.as_bytes()[run.clone()]).any(may_start) {
                continue;
            }
            run_words(text, &run, &mut words);
            for (a, word) in words.iter().enumerate() {
                if !first_words.contains(&text[word.start..word.end]) {
                    continue;
                }
                sub_runs_from(text, &words, a, |range, surface, _| {
                    if let Some(&Some(id)) = by_surface.get(surface.as_ref()) {
                        if let Some(winner) = winners[id] {
                            flagged.push((id, range, winner));
                        } else if winning.contains(&id) {
                            won.push(range);
                        }
                    }
                });
            }
        }
        // A winning occurrence contains a flagged one if it starts no later and ends no
        // sooner (it cannot be the same range: that is one form).
        let mut winning_cover = Cover::default();
        winning_cover.set(won);
        flagged.retain(|(_, range, _)| !winning_cover.covers(range));
        flagged.sort_by_key(|(_, r, _)| (std::cmp::Reverse(r.len()), r.start));
        let mut kept: Vec<Range<usize>> = Vec::new();
        for (id, range, winner) in flagged {
            // `kept` is short in practice (one entry per flagged name); a sorted vector with a
            // binary search keeps it n·log n anyway.
            let pos = kept.partition_point(|k| k.start < range.start);
            let overlaps = (pos > 0 && kept[pos - 1].end > range.start)
                || (pos < kept.len() && kept[pos].start < range.end);
            if overlaps {
                continue;
            }
            kept.insert(pos, range.clone());
            let major = &forms[winner];
            out.push(Flag {
                range,
                replacement: major.surface.to_string(),
                majority: major.surface.to_string(),
                minority: forms[id].surface.to_string(),
                count: major.count,
            });
        }
    }

    /// Joins forms that are one name written two ways. Forms seen only at a sentence start
    /// join by key and by doubled letters, but never by a one-letter edit: a capitalised
    /// ordinary word is too often one letter away from some name.
    fn join_variants(&self, forms: &[Form], groups: &mut Groups) {
        let allowed = |a: &str, b: &str| !self.distinct.contains(&(a.to_owned(), b.to_owned()));

        // Same key: differs only in case, hyphens, spaces, apostrophes or diacritics.
        let mut by_key: HashMap<&str, usize> = HashMap::default();
        // One representative form per key, in order of first appearance: deterministic.
        let mut keys: Vec<(&str, usize)> = Vec::new();
        for (i, form) in forms.iter().enumerate() {
            match by_key.get(form.key.as_str()) {
                Some(&j) => groups.join(i, j),
                None => {
                    by_key.insert(&form.key, i);
                    keys.push((&form.key, i));
                }
            }
        }

        // Same key once doubled letters are collapsed: `Zelensky` / `Zelenskyy`.
        let mut by_collapsed: HashMap<String, usize> = HashMap::default();
        for &(key, i) in &keys {
            let collapsed = collapse_doubles(key);
            if collapsed.chars().count() < MIN_COLLAPSED {
                continue;
            }
            match by_collapsed.get(&collapsed) {
                Some(&j) if allowed(key, &forms[j].key) && !ee_suffix(key, &forms[j].key) => {
                    groups.join(i, j);
                }
                Some(_) => {}
                None => {
                    by_collapsed.insert(collapsed, i);
                }
            }
        }

        // One interior edit on long names, found through shared one-letter deletions (the
        // symmetric-delete trick): a substitution at position p leaves both names equal once p
        // is deleted, an insertion leaves the longer equal to the shorter. Only interior
        // positions are deleted, as only interior edits count. Variants are hashed, sorted and
        // compared in runs of equal hashes (a collision costs one extra check, never a wrong
        // join): no all-pairs comparison and no allocation per variant.
        let mut variants: Vec<(u32, u32)> = Vec::new();
        let index = |i: usize| u32::try_from(i).expect("fewer than 2^32 name forms");
        let mut seen_keys: HashSet<&str> = HashSet::default();
        let mut hasher = DeletionHasher::default();
        for (i, form) in forms.iter().enumerate() {
            let key = form.key.as_str();
            if !form.is_name || !seen_keys.insert(key) {
                continue;
            }
            let n = hasher.load(key);
            if !(MIN_FUZZY..=MAX_FUZZY).contains(&n) {
                continue;
            }
            variants.push((hasher.whole(), index(i)));
            for skip in 1..n - 2 {
                variants.push((hasher.without(skip), index(i)));
            }
        }
        // Pushed in form order, so a stable sort by hash alone also orders each run of equal
        // hashes by form: the order of sorting the pairs themselves.
        sort_by_hash(&mut variants);
        variants.dedup();
        // The order of joins does not matter: the groups are the same, and each group's
        // majority is chosen by count and first position, not by its root.
        for bucket in variants.chunk_by(|a, b| a.0 == b.0) {
            if bucket.len() < 2 || bucket.len() > MAX_BUCKET {
                continue;
            }
            for (x, &(_, a)) in bucket.iter().enumerate() {
                for &(_, b) in &bucket[x + 1..] {
                    let (a, b) = (a as usize, b as usize);
                    let (ka, kb) = (&forms[a].key, &forms[b].key);
                    let (ca, cb): (Vec<char>, Vec<char>) =
                        (ka.chars().collect(), kb.chars().collect());
                    if one_interior_edit(&ca, &cb) && allowed(ka, kb) {
                        groups.join(a, b);
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// dates
// ---------------------------------------------------------------------------------------------

/// English month names and their usual abbreviations, full names first so that the
/// alternation prefers them (`Sept` before `Sep`).
const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|\
                      November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";

/// Words after `May 5` that make the number a quantity, not a day (`in May 5 million…`).
const QUANTITY_WORDS: [&str; 8] = [
    "million", "billion", "trillion", "thousand", "hundred", "percent", "per", "%",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateStyle {
    /// `17 June`, `17 June 2024`.
    DayMonth,
    /// `June 17`, `June 17, 2024`.
    MonthDay,
}

impl DateStyle {
    fn name(self) -> &'static str {
        match self {
            Self::DayMonth => "day-month",
            Self::MonthDay => "month-day",
        }
    }
}

#[derive(Debug)]
struct DatesCheck {
    /// Compiled on first use, like the rules' regexes (start-up).
    day_month: LazyRegex,
    month_day: LazyRegex,
    /// The month names, built on first use by a large text (see [`DatesCheck::lines`]).
    months: OnceLock<Option<aho_corasick::AhoCorasick>>,
}

/// From this size on, the dates check searches only the lines that name a month.
const MONTH_LINES_FROM: usize = 64 << 10;
/// Month lines closer than this are searched as one range (see [`DatesCheck::lines`]).
const MONTH_LINES_APART: usize = 1 << 10;

/// One date found in the text.
struct Date {
    range: Range<usize>,
    month_start: usize,
    style: DateStyle,
    /// The date rewritten in the other style.
    other: String,
}

impl DatesCheck {
    fn new() -> Self {
        let day = r"(?P<day>\d{1,2})(?P<suffix>st|nd|rd|th)?";
        let space = r"[ \x{A0}]";
        let day_month = format!(
            r"(?-u:\b){day}{space}(?P<month>{MONTHS})(?-u:\b)(?:{space}(?P<year>\d{{4}})(?-u:\b))?"
        );
        let month_day = format!(
            r"(?-u:\b)(?P<month>{MONTHS})(?P<dot>\.)?{space}{day}(?-u:\b)(?:,?{space}(?P<year>\d{{4}})(?-u:\b))?"
        );
        Self {
            day_month: LazyRegex::lazy(day_month),
            month_day: LazyRegex::lazy(month_day),
            months: OnceLock::new(),
        }
    }

    /// The ranges of `text` to search for dates: on a large text, each line that names a
    /// month (without its line feed), in order; else the whole text.
    ///
    /// Every date holds a month name, and none spans a line: its parts are joined by spaces or
    /// no-break spaces only. So the lines without a month name hold no date, and a search of
    /// each other line (which sees the text around it) finds what a search of the whole text
    /// finds there. The day-month regex starts with a digit, which its engine cannot look for
    /// ahead: searched whole, it walked every byte of the text with its lazy DFA.
    fn lines(&self, text: &str) -> Vec<Range<usize>> {
        let whole = std::iter::once(0..text.len()).collect();
        if text.len() < MONTH_LINES_FROM {
            return whole;
        }
        let months = self.months.get_or_init(|| {
            // The longest name at a place: `September`, not the `Sep` it starts with.
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(MONTHS.split('|'))
                .ok()
        });
        let Some(months) = months else {
            return whole;
        };
        let bytes = text.as_bytes();
        let mut lines: Vec<Range<usize>> = Vec::new();
        let mut at = 0;
        while let Some(found) = months.find(aho_corasick::Input::new(text).range(at..)) {
            // A month name as a word: `Mar` in `Marco` is none. Before it, a date has a space
            // or a word boundary; after it, a word boundary, a full stop or a space.
            let apart = !found
                .start()
                .checked_sub(1)
                .is_some_and(|i| bytes[i].is_ascii_alphanumeric())
                && !bytes
                    .get(found.end())
                    .is_some_and(|b| b.is_ascii_alphanumeric());
            if !apart {
                at = found.start() + 1;
                continue;
            }
            let start = memchr::memrchr(b'\n', &bytes[..found.start()]).map_or(0, |i| i + 1);
            let end = memchr::memchr(b'\n', &bytes[found.end()..])
                .map_or(text.len(), |i| found.end() + i);
            // Lines close together are searched as one range: a search has a cost of its own,
            // and the lines between hold no date.
            match lines.last_mut() {
                Some(last) if start - last.end < MONTH_LINES_APART => last.end = end,
                _ => lines.push(start..end),
            }
            at = end;
        }
        lines
    }

    fn find(&self, text: &str, out: &mut Vec<Flag>) {
        self.find_in_lines(text, &self.lines(text), out);
    }

    /// [`DatesCheck::find`], searching `lines` of `text` only.
    fn find_in_lines(&self, text: &str, lines: &[Range<usize>], out: &mut Vec<Flag>) {
        let mut dates: Vec<Date> = Vec::new();
        let haystack = Haystack::new(text);
        for caps in in_lines(&self.day_month, haystack, lines) {
            let m0 = caps.get(0).expect("group 0 always matches");
            let month = caps
                .name("month")
                .expect("the month takes part in every match");
            let start = m0.start;
            if !valid_day(&caps) {
                continue;
            }
            // `3.17 June`, `1,17 June`: the number is the tail of a larger one.
            let mut before = text[..start].chars().rev();
            if matches!(before.next(), Some('.' | ',' | ':'))
                && before.next().is_some_and(|c| c.is_ascii_digit())
            {
                continue;
            }
            let day = format!(
                "{}{}",
                caps.name("day").unwrap_or_default(),
                caps.name("suffix").unwrap_or_default()
            );
            let other = match caps.name("year") {
                Some(y) => format!("{month} {day}, {y}"),
                None => format!("{month} {day}"),
            };
            dates.push(Date {
                range: m0,
                month_start: caps.range_of("month").map_or(0, |m| m.start),
                style: DateStyle::DayMonth,
                other,
            });
        }
        let day_month_months: HashSet<usize> = dates.iter().map(|d| d.month_start).collect();
        let mut ambiguous: HashSet<usize> = HashSet::default();
        for caps in in_lines(&self.month_day, haystack, lines) {
            let m0 = caps.get(0).expect("group 0 always matches");
            let month = caps
                .name("month")
                .expect("the month takes part in every match");
            if !valid_day(&caps) {
                continue;
            }
            // A full month name followed by a full stop ends a sentence: `in May. 5 people…`
            if caps.name("dot").is_some() && !is_abbreviation(month) {
                continue;
            }
            if caps.name("year").is_none() && is_quantity(&text[m0.end..]) {
                continue;
            }
            let month_start = m0.start;
            // `on 17 June 19 people…`: a number on both sides; count neither.
            if day_month_months.contains(&month_start) {
                ambiguous.insert(month_start);
                continue;
            }
            let day = format!(
                "{}{}",
                caps.name("day").unwrap_or_default(),
                caps.name("suffix").unwrap_or_default()
            );
            let other = match caps.name("year") {
                Some(y) => format!("{day} {month} {y}"),
                None => format!("{day} {month}"),
            };
            dates.push(Date {
                range: m0,
                month_start,
                style: DateStyle::MonthDay,
                other,
            });
        }
        dates.retain(|d| !ambiguous.contains(&d.month_start));
        dates.sort_by_key(|d| d.range.start);

        let stats = |style: DateStyle| {
            let count = dates.iter().filter(|d| d.style == style).count();
            let first = dates
                .iter()
                .position(|d| d.style == style)
                .unwrap_or(usize::MAX);
            (style, count, first)
        };
        let (dm, md) = (stats(DateStyle::DayMonth), stats(DateStyle::MonthDay));
        if dm.1 == 0 || md.1 == 0 {
            return;
        }
        let Some(majority) = majority_of([dm, md].into_iter()) else {
            return;
        };
        let count = if majority == DateStyle::DayMonth {
            dm.1
        } else {
            md.1
        };
        let example = dates
            .iter()
            .find(|d| d.style == majority)
            .map(|d| text[d.range.clone()].to_owned())
            .unwrap_or_default();
        for date in dates.into_iter().filter(|d| d.style != majority) {
            out.push(Flag {
                range: date.range,
                replacement: date.other,
                majority: example.clone(),
                minority: date.style.name().to_owned(),
                count,
            });
        }
    }
}

/// The groups of every match of `regex` in each of `lines` of `haystack`, in order.
fn in_lines<'a>(
    regex: &'a LazyRegex,
    haystack: Haystack<'a>,
    lines: &'a [Range<usize>],
) -> impl Iterator<Item = Captured<'a>> + 'a {
    lines
        .iter()
        .flat_map(move |line| regex.captures_iter_in(haystack, line.clone()))
}

/// Whether `month` is an abbreviation, which may take a full stop (`Oct. 6`).
fn is_abbreviation(month: &str) -> bool {
    matches!(
        month,
        "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
    )
}

/// Whether the captured day is a day of a month (1–31).
fn valid_day(caps: &Captured<'_>) -> bool {
    caps.name("day")
        .and_then(|day| day.parse::<u8>().ok())
        .is_some_and(|d| (1..=31).contains(&d))
}

/// Whether `rest` (the text after `Month N`) makes N a quantity or part of a larger number:
/// `May 5 million`, `May 5%`, `June 1.5`.
fn is_quantity(rest: &str) -> bool {
    let mut chars = rest.chars();
    match chars.next() {
        Some('%') => return true,
        Some('.' | ',' | ':') if chars.next().is_some_and(|c| c.is_ascii_digit()) => return true,
        _ => {}
    }
    let next_word = rest
        .trim_start_matches([' ', '\u{A0}'])
        .split(|c: char| !c.is_alphanumeric() && c != '%')
        .next()
        .unwrap_or("");
    let next_word = next_word.to_ascii_lowercase();
    rest.starts_with([' ', '\u{A0}', '%']) && QUANTITY_WORDS.contains(&next_word.as_str())
}

// ---------------------------------------------------------------------------------------------
// spelling
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variety {
    American,
    British,
}

impl Variety {
    fn name(self) -> &'static str {
        match self {
            Self::American => "American",
            Self::British => "British",
        }
    }
}

/// Spelling differences counted separately: `-ize` / `-ise` is its own dimension because
/// Oxford spelling (British, used by the Times, Nature, OUP) writes `-ize` with `-our` and
/// `-re`; mixing `organize` with `colour` is a house style, not an inconsistency.
const DIMENSIONS: usize = 2;

#[derive(Debug)]
struct SpellingCheck {
    /// Lower-case word → its entry.
    words: HashMap<String, Listed>,
    /// Which word lengths (bit n: n bytes, 63 for longer) the list has for each pair of first
    /// letters: most words of a text are ruled out here, before being lowercased and hashed.
    shapes: Vec<u64>,
    /// The listed words that can be found (four letters or more), in automaton pattern order.
    patterns: Vec<String>,
    /// The words as a DFA (ASCII case-insensitive), built on first use by a large text: one
    /// search finds their occurrences, faster than a look-up of every word once the build (a
    /// few milliseconds, too much for an article) is paid back.
    automaton: OnceLock<Option<Box<Literals>>>,
    /// Many bytes are announced (a large file, a batch of many): every text is searched with
    /// the automaton, small ones included.
    much: AtomicBool,
}

/// A listed word's counterpart in the other variety, its variety and its dimension.
type Listed = (String, Variety, usize);

/// Texts from this size on are searched with [`SpellingCheck::automaton`].
const SPELLING_AUTOMATON_BYTES: usize = 1 << 20;

/// The [`SpellingCheck::shapes`] slot and bit of an ASCII word of at least two letters.
fn shape(word: &[u8]) -> (usize, u64) {
    let letter = |b: u8| usize::from(b.to_ascii_lowercase().wrapping_sub(b'a')).min(25);
    (
        letter(word[0]) * 26 + letter(word[1]),
        1 << word.len().min(63),
    )
}

/// The DFA of [`SpellingCheck::automaton`] over `patterns`.
fn spelling_automaton(patterns: &[String]) -> Option<Box<Literals>> {
    Literals::dfa(patterns).map(Box::new)
}

impl SpellingCheck {
    fn new(name: &str, lines: &[String]) -> Result<Self, Vec<String>> {
        let mut words = HashMap::default();
        let mut problems = Vec::new();
        for line in lines {
            let parts: Vec<&str> = line.split_whitespace().collect();
            let [us, uk] = parts.as_slice() else {
                problems.push(format!(
                    "list `{name}`: line {line:?} is not one American and one British word"
                ));
                continue;
            };
            let (us, uk) = (us.to_lowercase(), uk.to_lowercase());
            if us == uk || !us.chars().chain(uk.chars()).all(|c| c.is_ascii_lowercase()) {
                problems.push(format!(
                    "list `{name}`: line {line:?} needs two different lower-case ASCII words"
                ));
                continue;
            }
            let dimension = usize::from(us.replace("iz", "is") == uk);
            for (word, other, variety) in
                [(&us, &uk, Variety::American), (&uk, &us, Variety::British)]
            {
                if let Some((_, v, _)) =
                    words.insert(word.clone(), (other.clone(), variety, dimension))
                {
                    if v != variety {
                        problems.push(format!(
                            "list `{name}`: `{word}` is listed as both American and British"
                        ));
                    }
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut shapes = vec![0u64; 26 * 26];
        // Words under four letters are not checked: too many are ordinary words elsewhere.
        let mut patterns: Vec<String> = words
            .keys()
            .filter(|w| (4..=MAX_LOOKUP_BYTES).contains(&w.len()))
            .cloned()
            .collect();
        patterns.sort_unstable();
        for word in &patterns {
            let (slot, bit) = shape(word.as_bytes());
            shapes[slot] |= bit;
        }
        Ok(Self {
            words,
            shapes,
            patterns,
            automaton: OnceLock::new(),
            much: AtomicBool::new(false),
        })
    }

    /// See [`super::Matcher::expect_much`]: the automaton pays for itself over many texts.
    fn expect_much(&self) {
        self.much.store(true, Ordering::Relaxed);
    }

    /// The listed words in `text` that are whole words, with their entries, in order: from
    /// `walked` (the occurrences of [`SpellingCheck::patterns`] the line prefilter found, in
    /// order), else by one automaton search on a large text, else by a look-up of every word.
    fn occurrences(
        &self,
        text: &str,
        walked: Option<&[(u32, u32)]>,
    ) -> Vec<(Range<usize>, &Listed)> {
        if let Some(walked) = walked {
            return walked
                .iter()
                .filter_map(|&(word, start)| self.whole_word(text, word, start))
                .collect();
        }
        if text.len() >= SPELLING_AUTOMATON_BYTES || self.much.load(Ordering::Relaxed) {
            let automaton = self
                .automaton
                .get_or_init(|| spelling_automaton(&self.patterns));
            if let Some(automaton) = automaton {
                return self.occurrences_by_search(automaton, text);
            }
        }
        self.occurrences_by_words(text)
    }

    /// [`SpellingCheck::occurrences`] by an automaton over the listed words: every occurrence
    /// of every word (overlapping ones too, by the prefilter's two-chain walk), kept when no
    /// letter touches it on either side, so that it is a whole word of the text. A listed word
    /// has letters only, so two occurrences that count never overlap: sorted by start, they
    /// are the whole words in order.
    fn occurrences_by_search(
        &self,
        automaton: &Literals,
        text: &str,
    ) -> Vec<(Range<usize>, &Listed)> {
        let mut found = Vec::new();
        automaton.overlapping(text.as_bytes(), &mut found);
        let mut occurrences: Vec<(Range<usize>, &Listed)> = found
            .into_iter()
            .filter_map(|(pattern, start)| self.whole_word(text, pattern, start))
            .collect();
        occurrences.sort_unstable_by_key(|(range, _)| range.start);
        occurrences
    }

    /// The occurrence of `patterns[word]` found at `start` of `text` (in any ASCII case), with
    /// its entry, if no letter touches it on either side: a whole word of the text.
    fn whole_word(&self, text: &str, word: u32, start: u32) -> Option<(Range<usize>, &Listed)> {
        let word = &self.patterns[word as usize];
        let range = start as usize..start as usize + word.len();
        let bounded = !(text[..range.start]
            .chars()
            .next_back()
            .is_some_and(is_letter)
            || text[range.end..].chars().next().is_some_and(is_letter));
        Some((range, self.words.get(word).filter(|_| bounded)?))
    }

    /// [`SpellingCheck::occurrences`] word by word.
    fn occurrences_by_words(&self, text: &str) -> Vec<(Range<usize>, &Listed)> {
        let mut found = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        // Byte-indexed, ASCII letters without decoding: this walks the whole document.
        while let Some((c, n)) = char_at(text, i) {
            if !is_letter(c) {
                i += n;
                continue;
            }
            let s = i;
            loop {
                while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
                    i += 1;
                }
                match char_at(text, i) {
                    Some((c, n)) if is_letter(c) => i += n,
                    _ => break,
                }
            }
            let word = &text[s..i];
            if !word.is_ascii() || word.len() < 4 {
                continue;
            }
            let (slot, bit) = shape(word.as_bytes());
            if self.shapes[slot] & bit == 0 {
                continue;
            }
            // Lowercased on the stack: this runs for every word of the document.
            let mut buf = [0u8; MAX_LOOKUP_BYTES];
            if let Some(entry) = lowercase_into(word, &mut buf).and_then(|l| self.words.get(l)) {
                found.push((s..i, entry));
            }
        }
        found
    }

    fn find(&self, text: &str, walked: Option<&[(u32, u32)]>, out: &mut Vec<Flag>) {
        // (range, counterpart, variety, dimension) of every listed word.
        let mut found: Vec<(Range<usize>, &str, Variety, usize)> = Vec::new();
        for (range, (other, variety, dimension)) in self.occurrences(text, walked) {
            let (s, i) = (range.start, range.end);
            let word = &text[s..i];
            // A capital inside a sentence makes the word part of a name (`Pearl Harbor`,
            // `World Health Organization`, `Labour Party`), spelt as its owner spells it.
            let capital = word.starts_with(|c: char| c.is_ascii_uppercase());
            let all_caps = word.bytes().all(|b| b.is_ascii_uppercase());
            if capital && !all_caps && !is_sentence_initial(text, s) {
                continue;
            }
            found.push((s..i, other, *variety, *dimension));
        }
        for dimension in 0..DIMENSIONS {
            let stats = |variety: Variety| {
                let mut hits = found
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.3 == dimension && f.2 == variety);
                let first = hits.next().map_or(usize::MAX, |(i, _)| i);
                (
                    variety,
                    usize::from(first != usize::MAX) + hits.count(),
                    first,
                )
            };
            let (us, uk) = (stats(Variety::American), stats(Variety::British));
            if us.1 == 0 || uk.1 == 0 {
                continue;
            }
            let Some(majority) = majority_of([us, uk].into_iter()) else {
                continue;
            };
            let count = if majority == Variety::American {
                us.1
            } else {
                uk.1
            };
            for (range, other, variety, _) in
                found.iter().filter(|f| f.3 == dimension && f.2 != majority)
            {
                out.push(Flag {
                    range: range.clone(),
                    replacement: match_case(&text[range.clone()], other),
                    majority: majority.name().to_owned(),
                    minority: variety.name().to_owned(),
                    count,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_words_of_a_run_are_its_words() {
        // `ª` is 0xC2 0xAA, a letter whose first byte is also the no-break space's.
        for text in [
            "Kim",
            "Kim Jong Un",
            "Kim\u{A0}Jong\u{A0}Un",
            "Emilia-Romagna Region",
            "Nª Señora\u{A0}Ávila",
        ] {
            let mut words = Vec::new();
            run_words(text, &(0..text.len()), &mut words);
            let expected: Vec<&[u8]> = words
                .iter()
                .map(|w| &text.as_bytes()[w.start..w.end])
                .collect();
            let found: Vec<&[u8]> = run_word_bytes(text.as_bytes()).collect();
            assert_eq!(found, expected, "{text}");
        }
    }

    const SPELLINGS: &str = "color colour\ncolors colours\nkilometers kilometres\n\
                             center centre\ndefense defence\nharbor harbour\n\
                             organize organise\norganized organised\norganization organisation";

    fn matcher(check: &str, message: &str) -> ConsistencyMatcher {
        let spellings: Vec<String> = SPELLINGS.lines().map(str::to_owned).collect();
        let distinct: Vec<String> = vec!["Colombia | Columbia".to_owned()];
        let lookup = |name: &str| match name {
            "us-uk-spellings" => Some(spellings.as_slice()),
            "distinct-names" => Some(distinct.as_slice()),
            _ => None,
        };
        let cx = BuildContext {
            message: Template::parse(message),
            replace: None,
            lists: &lookup,
        };
        let spec: ConsistencySpec = toml::from_str(check).expect("valid spec");
        ConsistencyMatcher::compile(spec, &cx).expect("compiles")
    }

    fn names() -> ConsistencyMatcher {
        matcher(
            "check = \"names\"\ndistinct = \"distinct-names\"",
            "$0 -> $majority",
        )
    }

    fn dates() -> ConsistencyMatcher {
        matcher(
            "check = \"dates\"",
            "$0 is $minority, not like $majority ($count)",
        )
    }

    fn spelling() -> ConsistencyMatcher {
        matcher(
            "check = \"spelling\"",
            "$0 is $minority, not $majority ($count)",
        )
    }

    /// (flagged text, first suggestion) of every hit.
    fn flags(m: &ConsistencyMatcher, text: &str) -> Vec<(String, String)> {
        let mut hits = Vec::new();
        m.find_in_document(text, None, &mut hits);
        hits.into_iter()
            .map(|h| (text[h.range].to_owned(), h.suggestions[0].clone()))
            .collect()
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    // --- names ----------------------------------------------------------------------------

    #[test]
    fn a_deletion_hashes_as_the_shortened_key() {
        let mut hasher = DeletionHasher::default();
        let mut fresh = DeletionHasher::default();
        for key in [
            "stoltenberg",
            "kimjongun",
            "zelenskyy",
            "emiliaromagna",
            "dràghi",
            "ab",
        ] {
            let n = hasher.load(key);
            assert_eq!(n, key.chars().count());
            fresh.load(key);
            assert_eq!(hasher.whole(), fresh.whole(), "{key}");
            let chars: Vec<char> = key.chars().collect();
            for p in 0..n {
                let short: String = chars[..p].iter().chain(&chars[p + 1..]).collect();
                fresh.load(&short);
                assert_eq!(hasher.without(p), fresh.whole(), "{key} without {p}");
            }
        }
        // Different keys, different hashes (these at least).
        hasher.load("stoltenberg");
        let a = hasher.whole();
        hasher.load("stoltenburg");
        assert_ne!(a, hasher.whole());
    }

    #[test]
    fn the_radix_sort_orders_as_the_comparison_sort() {
        // Pseudo-random hashes, pushed in form order as the names check pushes them.
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut pairs: Vec<(u32, u32)> = (0..5_000u32)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Few distinct hashes, so that runs of equal hashes are long.
                ((x as u32 % 700).wrapping_mul(6_151_351), i / 3)
            })
            .collect();
        let mut expected = pairs.clone();
        expected.sort_unstable();
        sort_by_hash(&mut pairs);
        assert_eq!(pairs, expected);
    }

    #[test]
    fn names_minority_spelling_gets_the_majority() {
        let text =
            "Kim Jong-un spoke. Then Kim Jong Un left.\n\nAides of Kim Jong-un's party cheered.";
        assert_eq!(
            flags(&names(), text),
            pairs(&[("Kim Jong Un", "Kim Jong-un")])
        );
    }

    #[test]
    fn a_minority_spelling_inside_a_winning_longer_name_is_left_alone() {
        // `Kim Jong-un` wins its group on a tie, `Jong Un` wins the shorter one twice to
        // once: flagging the `Jong-un` inside the winning `Kim Jong-un` as well would undo the
        // one fix with the other, and `--fix` would never settle (found by a property test).
        let text = "Kim Jong-un said.\nItalyKim Jong Un met Kim Jong Un.";
        assert_eq!(
            flags(&names(), text),
            pairs(&[("Kim Jong Un", "Kim Jong-un")])
        );
    }

    #[test]
    fn a_no_break_space_inside_a_name_is_a_space() {
        // The majority spelling has no-break spaces: the replacement has plain ones.
        let text =
            "Aides of Kim\u{A0}Jong\u{A0}Un left. Kim\u{A0}Jong\u{A0}Un spoke. Kim Jong-un left.";
        assert_eq!(
            flags(&names(), text),
            pairs(&[("Kim Jong-un", "Kim Jong Un")])
        );
        // Only the second gap is one, and the sub-run that starts after the first sees it.
        let text = "Aides of Kim Jong\u{A0}Un left. Then Jong\u{A0}Un spoke. Kim Jong-un left. Kim Jong\u{A0}Un came.";
        assert_eq!(
            flags(&names(), text),
            pairs(&[("Kim Jong-un", "Kim Jong Un")])
        );
    }

    #[test]
    fn names_tie_goes_to_the_hyphenated_spelling_then_the_first() {
        // Machine translation splits hyphenated names; it does not join them.
        let text = "Floods hit Emilia Romagna. Rescuers reached Emilia-Romagna at night.";
        assert_eq!(
            flags(&names(), text),
            pairs(&[("Emilia Romagna", "Emilia-Romagna")])
        );
        let text = "Rescuers reached Emilia-Romagna at night. Floods hit Emilia Romagna.";
        assert_eq!(
            flags(&names(), text),
            pairs(&[("Emilia Romagna", "Emilia-Romagna")])
        );
        let text = "Zelenskyy spoke first. Then Zelensky answered.";
        assert_eq!(flags(&names(), text), pairs(&[("Zelensky", "Zelenskyy")]));
        let text = "Zelensky spoke first. Then Zelenskyy answered.";
        assert_eq!(flags(&names(), text), pairs(&[("Zelenskyy", "Zelensky")]));
    }

    #[test]
    fn names_doubled_letter_and_one_inner_edit() {
        let text = "President Zelenskyy said so, and later Zelensky agreed with Zelenskyy.";
        assert_eq!(flags(&names(), text), pairs(&[("Zelensky", "Zelenskyy")]));
        let text = "Jens Stoltenberg spoke; later Stoltenburg and Stoltenberg left.";
        assert_eq!(
            flags(&names(), text),
            pairs(&[("Stoltenburg", "Stoltenberg")])
        );
    }

    #[test]
    fn names_message_fills_the_variables() {
        let mut hits = Vec::new();
        names().find_in_document(
            "Kim Jong-un and Kim Jong Un and Kim Jong-un.",
            None,
            &mut hits,
        );
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].message, "Kim Jong Un -> Kim Jong-un");
    }

    #[test]
    fn names_demonyms_plurals_possessives_and_prefixes_are_not_variants() {
        let m = names();
        for text in [
            "Korea and Korean firms; Russia and Russian troops; Italy and Italian banks.",
            "Kim Jong-un honoured Kim Jong-il, and Kim Jong-un's sister spoke.",
            "Austria and Australia signed; Slovakia and Slovenia watched.",
            "The Americans and the American envoy met Germans and a German minister.",
            "Vladimir Putin arrived. Putin's car was Russian. Putin left.",
            "Giorgia Meloni met Giorgio Napolitano's widow.",
            "Colombia and Columbia University signed a deal.",
            "Andersen and Anderson wrote the report.",
            "The Licensee accepts the License, and the License binds the Licensee.",
        ] {
            assert_eq!(flags(&m, text), pairs(&[]), "in {text:?}");
        }
    }

    #[test]
    fn names_sentence_initial_ordinary_words_are_not_names() {
        let m = names();
        // `Organisation` / `Organization` only ever open sentences: ordinary words.
        let text = "Organisation was poor. Organization improved later.";
        assert_eq!(flags(&m, text), pairs(&[]));
        // All-caps datelines and acronyms are not compared with the mixed-case name.
        let text = "ROME (Reuters) - Rome said NATO and Nato officials met.";
        assert_eq!(flags(&m, text), pairs(&[]));
    }

    #[test]
    fn names_with_diacritics_and_apostrophes() {
        let m = names();
        let text = "Zelens'kyj said it. Zelenskyj agreed, and Zelens'kyj left.";
        assert_eq!(flags(&m, text), pairs(&[("Zelenskyj", "Zelens'kyj")]));
        let text = "Mario Draghi spoke; Mario Dràghi listened; Draghi left.";
        assert_eq!(flags(&m, text), pairs(&[("Mario Dràghi", "Mario Draghi")]));
        // The flagged range is a byte range into the whole text.
        let text = "Città: «Forlì» e Forli. Forlì!";
        let mut hits = Vec::new();
        m.find_in_document(text, None, &mut hits);
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].range.clone()], "Forli");
    }

    #[test]
    fn name_runs_skipping_lower_case_words_finds_the_runs_of_every_word() {
        // Pieces that meet in every order: capitals inside words, joiners, possessives,
        // no-break spaces, non-ASCII letters of both cases, digits and punctuation.
        let pieces = [
            "Kim",
            " ",
            "Jong-un",
            "’s",
            "iPhone",
            "dell’Italia",
            "\u{A0}",
            "Émilie",
            "élan",
            "NATO",
            "x",
            "-",
            "'",
            "Putin's",
            ". ",
            "5G",
            "McDonald",
            "naïve",
            "Ça",
            "\n",
            "a",
            "’",
            "Roma",
            "“",
            "ſ",
            "Ω",
        ];
        type RunsOf = fn(&str, &mut dyn FnMut(&[Word]));
        let runs = |text: &str, f: RunsOf| {
            let mut out = Vec::new();
            f(text, &mut |run: &[Word]| {
                out.push(
                    run.iter()
                        .map(|w| (w.start, w.end, w.possessive))
                        .collect::<Vec<_>>(),
                );
            });
            out
        };
        let mut rng = crate::markup::test_support::Rng::new(7);
        for _ in 0..3_000 {
            let text: String = (0..12).map(|_| *rng.pick(&pieces)).collect();
            assert_eq!(
                runs(&text, |t, e| name_runs(t, e)),
                runs(&text, |t, e| name_runs_of_every_word(t, e)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn spelling_search_finds_what_the_word_scan_finds() {
        let lines: Vec<String> = SPELLINGS.lines().map(str::to_owned).collect();
        let check = SpellingCheck::new("x", &lines).unwrap();
        let automaton = spelling_automaton(&check.patterns).unwrap();
        let ranges = |found: Vec<(Range<usize>, &Listed)>| -> Vec<Range<usize>> {
            found.into_iter().map(|(range, _)| range).collect()
        };
        let text = "Colors, colours and COLOURS; discolored centres: the Center's centerfold. \
                    Kilometerskilometres organizations organisationally, defence-defense, \
                    harbouring Harbor colourcolor organiz organize coloré Colour\u{301} \
                    «centre» 3center center3 _color_";
        let by_words = check.occurrences_by_words(text);
        assert_eq!(check.occurrences_by_search(&automaton, text), by_words);
        // A short text is looked up word by word, without building the automaton...
        assert_eq!(check.occurrences(text, None), by_words);
        assert!(check.automaton.get().is_none());
        // ...unless many bytes are announced: then it is searched with the automaton too.
        check.expect_much();
        assert!(check.much.load(Ordering::Relaxed));
        assert_eq!(check.occurrences(text, None), by_words);
        assert!(check.automaton.get().is_some());
        let by_words = ranges(by_words);
        let words: Vec<&str> = by_words.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            words,
            [
                "Colors", "colours", "COLOURS", "Center", "defence", "defense", "Harbor",
                "organize", "centre", "center", "center", "color"
            ]
        );
    }

    #[test]
    fn names_across_crlf_lines() {
        let text = "Kim Jong-un spoke.\r\nKim Jong Un left.\r\nKim Jong-un returned.\r\n";
        assert_eq!(
            flags(&names(), text),
            pairs(&[("Kim Jong Un", "Kim Jong-un")])
        );
    }

    #[test]
    fn names_a_leading_sentence_word_does_not_hide_the_name() {
        let text = "Kim Jong-un spoke. Yesterday Kim Jong Un left. Kim Jong-un returned.";
        assert_eq!(
            flags(&names(), text),
            pairs(&[("Kim Jong Un", "Kim Jong-un")])
        );
    }

    // --- dates ----------------------------------------------------------------------------

    #[test]
    fn a_large_text_finds_the_dates_of_its_month_lines_as_a_search_of_the_whole() {
        // Dates at a line's start and end, after a number's tail, across a no-break space,
        // with a line of a month name but no date, lines with none, CRLF endings, and two
        // dates on one line; repeated past the size from which only month lines are searched.
        let lines = [
            "On 17 June 2024 the talks began.",
            "June 18, 2024 was the second day; 19 June the third",
            "It rose 3.17 June figures, or so they said.",
            "In May 5 million people voted; Oct. 6 and 6\u{a0}October too.",
            "Nothing here at all, only words and numbers 12 34.",
            "The month of December passed.\r",
            "17 June",
            "",
            "June 17",
            "In Sept. 2001 and 11 September 2001, Marco met Janet at the Market.",
        ];
        // Each line far from the next, so that none is searched only for being near another.
        let apart = format!("\n{}\n", "word ".repeat(MONTH_LINES_APART / 4));
        let unit = lines.join(&apart);
        let text = std::iter::repeat_n(unit.as_str(), MONTH_LINES_FROM / unit.len() + 2)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(text.len() >= MONTH_LINES_FROM);
        let check = DatesCheck::new();
        let found = check.lines(&text);
        assert!(
            found.len() < text.lines().count(),
            "only month lines: {}",
            found.len()
        );
        // The lines between are left out: most of the text is not searched.
        let searched: usize = found.iter().map(ExactSizeIterator::len).sum();
        assert!(searched < text.len() / 2, "{searched} of {}", text.len());
        let spans = |flags: &[Flag]| -> Vec<(Range<usize>, String)> {
            flags
                .iter()
                .map(|f| (f.range.clone(), f.replacement.clone()))
                .collect()
        };
        let (mut gated, mut whole) = (Vec::new(), Vec::new());
        check.find(&text, &mut gated);
        check.find_in_lines(&text, std::slice::from_ref(&(0..text.len())), &mut whole);
        assert!(!whole.is_empty());
        assert_eq!(spans(&gated), spans(&whole));
    }

    #[test]
    fn dates_tie_goes_to_the_first_style() {
        let text = "It was announced on Monday 17 June.And on June 19, he arrived.";
        assert_eq!(flags(&dates(), text), pairs(&[("June 19", "19 June")]));
        let text = "On June 19 he arrived; on 17 June it was announced.";
        assert_eq!(flags(&dates(), text), pairs(&[("17 June", "June 17")]));
    }

    #[test]
    fn dates_majority_wins_and_years_move() {
        let text = "On 3 May 2024, then 4 May, then May 5, 2024, then 6 May.";
        assert_eq!(
            flags(&dates(), text),
            pairs(&[("May 5, 2024", "5 May 2024")])
        );
        let text = "On March 3, March 4th and 5 March 2025.";
        assert_eq!(
            flags(&dates(), text),
            pairs(&[("5 March 2025", "March 5, 2025")])
        );
    }

    #[test]
    fn dates_message_fills_the_variables() {
        let mut hits = Vec::new();
        dates().find_in_document("On 1 June, 2 June and July 3.", None, &mut hits);
        assert_eq!(hits[0].message, "July 3 is month-day, not like 1 June (2)");
    }

    #[test]
    fn dates_need_a_day_number_beside_the_month() {
        let m = dates();
        for text in [
            "In June 2024, on 3 June, prices rose. May I ask why? They may 5 times try.",
            "The March on Rome began on 28 October.",
            "On 2 June, in May 5 million voted and May 6% said no.",
            "On 17 June 19 people died; on June 18 more followed... 40 June 32",
            "In May. 5 people came on 3 May.",
        ] {
            assert_eq!(flags(&m, text), pairs(&[]), "in {text:?}");
        }
    }

    #[test]
    fn dates_abbreviations_and_crlf() {
        let text = "On 2 Oct.\r\nOn 4 October.\r\nOn Oct. 6.\r\n";
        assert_eq!(flags(&dates(), text), pairs(&[("Oct. 6", "6 Oct")]));
    }

    // --- spelling -------------------------------------------------------------------------

    #[test]
    fn spelling_minority_variety_gets_the_majority_form_with_its_case() {
        let text = "The colour of the centre. Kilometers away, the colours faded. KILOMETERS.";
        assert_eq!(
            flags(&spelling(), text),
            pairs(&[("Kilometers", "Kilometres"), ("KILOMETERS", "KILOMETRES")])
        );
    }

    #[test]
    fn spelling_tie_goes_to_the_first_variety() {
        let text = "The defense of the centre.";
        assert_eq!(flags(&spelling(), text), pairs(&[("centre", "center")]));
        let text = "The defence of the center.";
        assert_eq!(flags(&spelling(), text), pairs(&[("center", "centre")]));
    }

    #[test]
    fn spelling_ize_is_counted_apart_oxford_style() {
        let m = spelling();
        assert_eq!(
            flags(&m, "The colour was organized by the organization."),
            pairs(&[])
        );
        assert_eq!(
            flags(
                &m,
                "They organized it; the organisation and the organization agreed."
            ),
            pairs(&[("organisation", "organization")])
        );
    }

    #[test]
    fn spelling_names_inside_sentences_keep_their_spelling() {
        let m = spelling();
        assert_eq!(
            flags(
                &m,
                "Ships left Pearl Harbor for the harbour; the Defense Department and the defence."
            ),
            pairs(&[])
        );
        assert_eq!(
            flags(&m, "The colour faded. Color returned."),
            pairs(&[("Color", "Colour")])
        );
    }

    #[test]
    fn spelling_message_fills_the_variables() {
        let mut hits = Vec::new();
        spelling().find_in_document("colour, colours, color", None, &mut hits);
        assert_eq!(hits[0].message, "color is American, not British (2)");
    }

    #[test]
    fn spelling_list_errors_are_reported() {
        let lines = vec!["color".to_owned(), "Colour colour".to_owned()];
        let problems = SpellingCheck::new("x", &lines).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    // --- robustness -----------------------------------------------------------------------

    #[test]
    fn empty_and_odd_inputs_do_not_panic() {
        let checks = [names(), dates(), spelling()];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let alphabet: Vec<char> = "aK Jj-'’s.\r\n\u{A0}àÉ́ 17 June May,2024 ☃ Zz yY"
            .chars()
            .collect();
        let mut texts = vec![
            String::new(),
            " ".into(),
            "'".into(),
            "-".into(),
            "A".into(),
            "June".into(),
            "31 June".into(),
            "Ab's".into(),
        ];
        for _ in 0..300 {
            let mut s = String::new();
            for _ in 0..(seed % 60) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            texts.push(s);
        }
        for text in &texts {
            for m in &checks {
                let mut hits = Vec::new();
                m.find_in_document(text, None, &mut hits);
                for h in hits {
                    assert!(
                        text.is_char_boundary(h.range.start) && text.is_char_boundary(h.range.end)
                    );
                }
            }
        }
    }

    #[test]
    fn long_documents_stay_fast() {
        // Many distinct capitalised words: buckets keep the name check near-linear.
        let mut text = String::new();
        for i in 0..40_000 {
            let a = char::from(b'A' + (i % 26) as u8);
            let b = char::from(b'a' + ((i / 26) % 26) as u8);
            let c = char::from(b'a' + ((i / 676) % 26) as u8);
            text.push_str(&format!(
                "Then {a}{b}{c}hamberton met {a}{c}{b}ellington on 3 June. "
            ));
        }
        let start = std::time::Instant::now();
        for m in [names(), dates(), spelling()] {
            let mut hits = Vec::new();
            m.find_in_document(&text, None, &mut hits);
        }
        assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    }

    #[test]
    fn parameters_of_another_check_are_rejected() {
        let cx = BuildContext {
            message: Template::parse("x"),
            replace: None,
            lists: &|_| None,
        };
        let spec: ConsistencySpec = toml::from_str("check = \"dates\"\nlist = \"x\"").unwrap();
        assert!(ConsistencyMatcher::compile(spec, &cx).is_err());
        assert!(toml::from_str::<ConsistencySpec>("check = \"nope\"").is_err());
        assert!(toml::from_str::<ConsistencySpec>("check = \"names\"\nfoo = 1").is_err());
    }
}
