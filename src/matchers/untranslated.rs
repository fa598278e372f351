//! `kind = "untranslated"`: source-language words left in the English text (Italian `della`,
//! `anche`, `perché`), and whole sentences left untranslated.
//!
//! This module owns the scan of a line for words of a source-language word list, the guards
//! that keep names and quoted phrases out of it, and the split of a line into sentences that
//! decides when a sentence as a whole is untranslated.
//!
//! The word lists are pack data (`rules/it-en/lists/italian-words.txt`). An entry is a word,
//! optionally followed by a tab and an English equivalent (`anche<TAB>also`), which becomes an
//! (unsafe) suggestion. An elided form ends with its apostrophe (`dell'`), and matches before
//! either apostrophe (`dell'Italia`, `dell’Italia`). An entry starting with `~` only counts
//! towards untranslated sentences and is never flagged alone: a word shared by several source
//! languages (`que`) or one that English borrows now and then (`de`).
//!
//! Guards, because precision matters more than recall:
//! - a list word next to a capitalised word is part of a name or a title (*Corriere della
//!   Sera*, *Banca d'Italia*, *Leonardo da Vinci*, *Le Monde*); a capitalised list word that
//!   does not open a sentence is a name (*Della Valle*); an all-capitals word is a headline or
//!   an acronym;
//! - a short quoted or italicised span (up to [`QUOTE_WINDOW`] characters) is a phrase the
//!   writer quotes on purpose (*the slogan “prima gli italiani”*).
//!
//! The rule with `unit = "word"` flags each word, except in sentences that the rule with
//! `unit = "sentence"` flags as a whole (same `min_words` and `english` list), so that an
//! untranslated sentence gives one finding, not one per word.
//!
//! The scan is one pass over the line (candidate words are lowercased on the stack, see
//! [`lowercase_into`]) into a [`LineScan`] of its sentences and their counts, from which each
//! rule makes its hits. The scan reads the lists only, not the unit or the threshold: on a
//! large document, the word and the sentence rule of a language share it through the line's
//! [`LineMemo`], whose buffers serve line after line.

use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use serde::Deserialize;

use super::phrases::match_case;
use super::repeated_word::{in_code_or_url, is_apostrophe, lowercase_into, MAX_LOOKUP_BYTES};
use super::template::{GroupRef, Template};
use super::{is_word_char, BuildContext, Hit};

/// How many characters after an opening quote or italics marker are searched for its closing
/// mark: a span closed within this window is a quoted phrase and is not checked. Longer quoted
/// text (reported speech) is checked like the rest of the line.
pub(crate) const QUOTE_WINDOW: usize = 120;

/// How many words a sentence hit names in `$words`.
const NAMED_WORDS: usize = 4;

/// `[match]` parameters of `kind = "untranslated"`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UntranslatedSpec {
    /// Regexes whose matches on the hit's line suppress the hit.
    #[serde(default, alias = "unless")]
    pub exceptions: Vec<String>,
    /// The source-language word list (`lists/<name>.txt`).
    pub words: String,
    /// `word` flags single words; `sentence` flags sentences with at least `min_words` of them.
    #[serde(default)]
    pub unit: Unit,
    /// How many source-language words make a sentence untranslated (they must also outnumber
    /// the English function words of the sentence).
    #[serde(default = "default_min_words")]
    pub min_words: usize,
    /// A list of English function words, counted against the source-language words of a
    /// sentence. Without it, only `min_words` decides.
    #[serde(default)]
    pub english: Option<String>,
}

fn default_min_words() -> usize {
    3
}

/// What one hit covers.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Unit {
    /// One source-language word.
    #[default]
    Word,
    /// A whole sentence in the source language.
    Sentence,
}

/// One word list entry.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// The English equivalent, if the list gives one.
    translation: Option<String>,
    /// Whether the word may be flagged alone, or only counts towards sentences.
    flag: bool,
}

/// A compiled `untranslated` rule.
#[derive(Debug)]
pub(crate) struct UntranslatedMatcher {
    /// Lowercase words, elided forms ending in `'`.
    words: HashMap<String, Entry>,
    /// Lowercase English function words.
    english: HashSet<String>,
    unit: Unit,
    min_words: usize,
    message: Template,
    /// A 128-bit hash of the lists as the scan reads them (the words with whether each may be
    /// flagged, and the English words): matchers with the same fingerprint scan a line alike.
    /// Computed when a memo first needs it: sorting and hashing the lists of every such rule
    /// cost a 5 KB article's run 2 % more instructions, and only large documents share scans.
    fingerprint: OnceLock<u128>,
}

/// A word of the line as the scan sees it.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    /// Whether an apostrophe and a letter follow (`dell'` of `dell'Italia`).
    elided: bool,
}

/// What the scan knows about the sentence it is in.
#[derive(Debug, Default)]
struct Sentence {
    /// Byte offset of its first word, if it has one yet.
    start: Option<usize>,
    /// End of its last word or closing punctuation.
    end: usize,
    /// The length of [`LineScan::words`] when the sentence began: words from there on are its
    /// own.
    first_word: usize,
    counts: Counts,
}

/// The words of a sentence that decide whether it is untranslated.
#[derive(Debug, Default)]
struct Counts {
    /// Source-language words found (outside names and quotes).
    source: usize,
    /// Of those, words that may be flagged alone (not count-only `~` entries). A sentence
    /// needs one: count-only words are shared with other languages and with English, and the
    /// line prefilter looks for flaggable words only.
    flaggable: usize,
    /// English function words found.
    english: usize,
    /// The first few source-language words, for the sentence message.
    named: [Range<usize>; NAMED_WORDS],
}

impl Counts {
    /// Whether the sentence is untranslated as a whole: at least `min_words` source-language
    /// words, more than its English function words, one of them flaggable.
    fn untranslated(&self, min_words: usize) -> bool {
        self.source >= min_words && self.source > self.english && self.flaggable > 0
    }
}

/// What the scan of a line found, sentence by sentence: all that either unit needs to make
/// its hits. The scan depends on the word list and the English list only, so a word rule and
/// a sentence rule over the same lists (each language has both) scan a line once and share
/// it through the line's [`LineMemo`].
#[derive(Debug, Default)]
pub(crate) struct LineScan {
    /// The sentences with at least one word, in order.
    sentences: Vec<ScannedSentence>,
    /// The flaggable source-language words of all the sentences, in order.
    words: Vec<Token>,
}

/// A sentence of a [`LineScan`].
#[derive(Debug)]
struct ScannedSentence {
    /// Byte range of the sentence: its first word to its last word or closing punctuation.
    range: Range<usize>,
    counts: Counts,
    /// Its flaggable words, in [`LineScan::words`].
    words: Range<usize>,
}

/// The last [`LineScan`] made on a line, for the next rule over the same lists. It belongs to
/// one pass over one document's lines (see [`super::Haystack::with_memo`]): a line is known by
/// its address and length in the document's text, which stay put for the pass.
#[derive(Debug, Default)]
pub(crate) struct LineMemo {
    /// The line's address and length, and the lists' [`UntranslatedMatcher::fingerprint`].
    key: Option<(usize, usize, u128)>,
    scan: LineScan,
}

impl UntranslatedMatcher {
    /// The flaggable list words (a hit, word or sentence, needs one), for the line prefilter,
    /// with the non-ASCII capitals the scan would match.
    pub(crate) fn literals(&self) -> Option<Vec<crate::prefilter::Literal>> {
        let mut out = Vec::with_capacity(self.words.len());
        for (word, _) in self.words.iter().filter(|(_, entry)| entry.flag) {
            let elided = word.ends_with(['\'', '’']);
            let word = word.trim_end_matches(['\'', '’']);
            if word.is_empty() {
                return None;
            }
            // The prefilter folds ASCII case only: list the non-ASCII capitals the scan would
            // also match (`Già`/`GIÀ`, `Über`). Odd mixes such as `gIÀ` are not covered.
            let mut first_upper = String::new();
            let mut chars = word.chars();
            first_upper.extend(chars.next().into_iter().flat_map(char::to_uppercase));
            first_upper.push_str(chars.as_str());
            let all_upper: String = word
                .chars()
                .flat_map(|c| {
                    if c.is_ascii() {
                        vec![c]
                    } else {
                        c.to_uppercase().collect()
                    }
                })
                .collect();
            for variant in [word.to_owned(), first_upper, all_upper] {
                if elided {
                    // `dell'`/`dell’`: the apostrophe is part of the literal, or `d'` would let
                    // every word starting with `d` through.
                    for apostrophe in ['\'', '’'] {
                        let text = format!("{}{apostrophe}", variant.to_ascii_lowercase());
                        out.push(crate::prefilter::Literal {
                            text,
                            word_start: true,
                            word_end: false,
                        });
                    }
                } else {
                    let text = variant.to_ascii_lowercase();
                    out.push(crate::prefilter::Literal {
                        text,
                        word_start: true,
                        word_end: true,
                    });
                }
            }
        }
        out.sort();
        out.dedup();
        Some(out)
    }

    /// Template variables this kind fills in, besides `$0` (the hit): `$replacement` (the
    /// English equivalent of a word, if the list gives one), `$count` and `$words` (for a
    /// sentence: how many source-language words, and the first few of them).
    pub(crate) const VARIABLES: &'static [&'static str] = &["replacement", "count", "words"];

    /// Compiles the parameters: reads the word lists into lowercase tables.
    pub(crate) fn compile(
        spec: UntranslatedSpec,
        cx: &BuildContext<'_>,
    ) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        let mut words = HashMap::default();
        match cx.list(&spec.words) {
            Ok(entries) => {
                for line in entries {
                    match parse_entry(line) {
                        Ok((word, entry)) => {
                            words.insert(word, entry);
                        }
                        Err(p) => problems.push(format!("lists/{}.txt: {p}", spec.words)),
                    }
                }
            }
            Err(p) => problems.push(p),
        }
        let english = match spec.english.as_deref().map(|name| cx.list(name)) {
            None => HashSet::default(),
            Some(Ok(entries)) => entries.iter().map(|w| w.to_lowercase()).collect(),
            Some(Err(p)) => {
                problems.push(p);
                HashSet::default()
            }
        };
        if spec.min_words == 0 {
            problems.push("`min_words` must be at least 1".into());
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Self {
            fingerprint: OnceLock::new(),
            words,
            english,
            unit: spec.unit,
            min_words: spec.min_words,
            message: cx.message.clone(),
        })
    }

    /// Appends a hit for every source-language word (or untranslated sentence) of `line`,
    /// reusing the line's scan when its memo holds one over the same lists.
    pub(crate) fn find(&self, line: super::Haystack<'_>, out: &mut Vec<Hit>) {
        let text = line.text();
        match line.memo() {
            Some(memo) => {
                let mut memo = memo
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let fingerprint = *self
                    .fingerprint
                    .get_or_init(|| fingerprint(&self.words, &self.english));
                let key = (text.as_ptr() as usize, text.len(), fingerprint);
                if memo.key != Some(key) {
                    // Forgotten first: a scan cut short leaves no key to a half-made scan.
                    memo.key = None;
                    self.scan(text, &mut memo.scan);
                    memo.key = Some(key);
                }
                self.emit(text, &memo.scan, out);
            }
            None => {
                let mut scan = LineScan::default();
                self.scan(text, &mut scan);
                self.emit(text, &scan, out);
            }
        }
    }

    /// Scans `line` into `scan` (cleared first): its sentences, their counts and their
    /// flaggable source-language words.
    fn scan(&self, line: &str, scan: &mut LineScan) {
        scan.sentences.clear();
        scan.words.clear();
        let mut sentence = Sentence::default();
        // Offset before which the text is inside a short quoted span.
        let mut quoted_until = 0;
        let mut previous: Option<Token> = None;
        // End of the last word, even across a sentence end (where `previous` is reset), so
        // that each gap is scanned once: the scan stays linear.
        let mut last_end = 0;
        // Whether `previous` is a list word or an English function word (as opposed to a
        // name or content word).
        let mut previous_common = false;
        let mut tokens = Tokens::new(line).peekable();
        while let Some(token) = tokens.next() {
            let gap_start = last_end;
            last_end = token.end;
            let gap = &line[gap_start..token.start];
            // Does a sentence end in the gap? (`.` `!` `?` `…` then white space.)
            if let Some(end) = sentence_end(gap) {
                sentence.end = gap_start + end;
                let next = Sentence {
                    first_word: scan.words.len(),
                    ..Sentence::default()
                };
                close_sentence(std::mem::replace(&mut sentence, next), scan);
                previous = None;
            }
            if let Some(close) = quoted_span_end(line, gap_start, token.start) {
                quoted_until = quoted_until.max(close);
            }
            let sentence_initial = sentence.start.is_none();
            sentence.start.get_or_insert(token.start);
            sentence.end = token.end;
            let next = tokens.peek().copied();
            if token.start < quoted_until {
                previous = Some(token);
                previous_common = false;
                continue;
            }
            // A sentence's first word is capitalised anyway: it is name context only if it is
            // neither a list word nor an English function word (`Ursula von der Leyen`, not
            // `Anche sono` or `The della`).
            let neighbour =
                previous.filter(|p| !(previous_common && sentence.start == Some(p.start)));
            previous_common = self.visit(
                line,
                token,
                neighbour,
                next,
                sentence_initial,
                &mut sentence,
                &mut scan.words,
            );
            previous = Some(token);
        }
        close_sentence(sentence, scan);
    }

    /// Looks `token` up and counts it; records it in `words` if it may be flagged. Returns
    /// whether the token is a list word or an English function word.
    #[allow(clippy::too_many_arguments)] // the scan state, kept on the stack
    fn visit(
        &self,
        line: &str,
        token: Token,
        previous: Option<Token>,
        next: Option<Token>,
        sentence_initial: bool,
        sentence: &mut Sentence,
        words: &mut Vec<Token>,
    ) -> bool {
        let text = &line[token.start..token.end];
        let mut buf = [0u8; MAX_LOOKUP_BYTES];
        let Some(lower) = lowercase_into(text, &mut buf) else {
            return false;
        };
        let Some(entry) = self.entry(lower, token.elided) else {
            let english = !token.elided && self.english.contains(lower);
            if english {
                sentence.counts.english += 1;
            }
            return english;
        };
        if is_name(line, token, previous, next, sentence_initial) {
            return true;
        }
        let counts = &mut sentence.counts;
        if counts.source < NAMED_WORDS {
            counts.named[counts.source] = token.start..token.end;
        }
        counts.source += 1;
        counts.flaggable += usize::from(entry.flag);
        if entry.flag {
            words.push(token);
        }
        true
    }

    /// The list entry of a word, given lowercased: an elided form (`dell'`) is looked up
    /// with its apostrophe.
    fn entry(&self, lower: &str, elided: bool) -> Option<&Entry> {
        if !elided {
            return self.words.get(lower);
        }
        // `lower` fits in the lookup buffer, so it fits with the apostrophe here.
        let mut key = [0u8; MAX_LOOKUP_BYTES + 1];
        key[..lower.len()].copy_from_slice(lower.as_bytes());
        key[lower.len()] = b'\'';
        std::str::from_utf8(&key[..=lower.len()])
            .ok()
            .and_then(|k| self.words.get(k))
    }

    /// This rule's hits from the scan of `line`: in word mode, the flaggable words of the
    /// sentences that are not untranslated as a whole; in sentence mode, those sentences.
    fn emit(&self, line: &str, scan: &LineScan, out: &mut Vec<Hit>) {
        for sentence in &scan.sentences {
            let untranslated = sentence.counts.untranslated(self.min_words);
            match self.unit {
                Unit::Word if !untranslated => {
                    for &token in &scan.words[sentence.words.clone()] {
                        let mut buf = [0u8; MAX_LOOKUP_BYTES];
                        let entry = lowercase_into(&line[token.start..token.end], &mut buf)
                            .and_then(|lower| self.entry(lower, token.elided));
                        // The scan found the entry, in lists of the same fingerprint.
                        if let Some(entry) = entry {
                            out.push(self.word_hit(line, token, entry));
                        }
                    }
                }
                Unit::Sentence if untranslated => out.push(self.sentence_hit(line, sentence)),
                Unit::Word | Unit::Sentence => {}
            }
        }
    }

    fn word_hit(&self, line: &str, token: Token, entry: &Entry) -> Hit {
        // An elided form is flagged with its apostrophe: `dell’` of `dell’Italia`.
        let end = if token.elided {
            token.end + line[token.end..].chars().next().map_or(0, char::len_utf8)
        } else {
            token.end
        };
        let text = &line[token.start..end];
        let replacement = entry.translation.as_deref().map(|t| {
            let t = match_case(text, t);
            if token.elided {
                t + " "
            } else {
                t
            }
        });
        let message = self.message.expand(|g| match g {
            GroupRef::Index(0) => Some(text),
            GroupRef::Name(n) if n == "replacement" => replacement.as_deref(),
            _ => None,
        });
        Hit {
            range: token.start..end,
            message,
            suggestions: replacement.into_iter().collect(),
        }
    }

    /// The hit for an untranslated sentence.
    fn sentence_hit(&self, line: &str, sentence: &ScannedSentence) -> Hit {
        let text = &line[sentence.range.clone()];
        let Counts { source, named, .. } = &sentence.counts;
        let count = source.to_string();
        let words = named[..(*source).min(NAMED_WORDS)]
            .iter()
            .map(|r| &line[r.clone()])
            .collect::<Vec<_>>()
            .join(", ");
        let message = self.message.expand(|g| match g {
            GroupRef::Index(0) => Some(text),
            GroupRef::Name(n) if n == "count" => Some(count.as_str()),
            GroupRef::Name(n) if n == "words" => Some(words.as_str()),
            _ => None,
        });
        Hit {
            range: sentence.range.clone(),
            message,
            suggestions: Vec::new(),
        }
    }
}

/// Ends `sentence`: records it in `scan` if it has a word.
fn close_sentence(sentence: Sentence, scan: &mut LineScan) {
    let Some(start) = sentence.start else {
        return;
    };
    scan.sentences.push(ScannedSentence {
        range: start..sentence.end,
        counts: sentence.counts,
        words: sentence.first_word..scan.words.len(),
    });
}

/// [`UntranslatedMatcher::fingerprint`] of the lists: the words (sorted) with whether each may
/// be flagged, then the English words (sorted), hashed twice with different seeds.
fn fingerprint(words: &HashMap<String, Entry>, english: &HashSet<String>) -> u128 {
    use std::hash::{Hash, Hasher};
    let mut listed: Vec<(&str, bool)> = words.iter().map(|(w, e)| (w.as_str(), e.flag)).collect();
    listed.sort_unstable();
    let mut english: Vec<&str> = english.iter().map(String::as_str).collect();
    english.sort_unstable();
    let hash = |seed: u64| {
        // `DefaultHasher::new` hashes alike throughout a run, which is all the memo needs.
        let mut hasher = std::hash::DefaultHasher::new();
        seed.hash(&mut hasher);
        listed.hash(&mut hasher);
        english.hash(&mut hasher);
        hasher.finish()
    };
    u128::from(hash(1)) << 64 | u128::from(hash(2))
}

/// Parses a list line: `word`, `word<TAB>translation`, `~word` (counts, never flagged).
fn parse_entry(line: &str) -> Result<(String, Entry), String> {
    let (word, translation) = match line.split_once('\t') {
        Some((w, t)) => (
            w.trim(),
            Some(t.trim().to_owned()).filter(|t| !t.is_empty()),
        ),
        None => (line.trim(), None),
    };
    let (word, flag) = match word.strip_prefix('~') {
        Some(w) => (w, false),
        None => (word, true),
    };
    let word = word.replace('’', "'").to_lowercase();
    let stem = word.strip_suffix('\'').unwrap_or(&word);
    if stem.is_empty() || !stem.chars().all(is_word_char) {
        return Err(format!(
            "entry {line:?} is not one word (letters, then an optional apostrophe)"
        ));
    }
    if word.len() > MAX_LOOKUP_BYTES {
        return Err(format!(
            "entry {line:?} is longer than {MAX_LOOKUP_BYTES} bytes"
        ));
    }
    Ok((word, Entry { translation, flag }))
}

/// Whether the list word `token` belongs to a name or title: capitalised itself away from the
/// start of a sentence, all capitals, joined by a hyphen, or next to a capitalised word.
fn is_name(
    line: &str,
    token: Token,
    previous: Option<Token>,
    next: Option<Token>,
    sentence_initial: bool,
) -> bool {
    let text = &line[token.start..token.end];
    let mut letters = text.chars().filter(|c| c.is_alphabetic());
    let first_upper = letters.next().is_some_and(char::is_uppercase);
    if first_upper && (!sentence_initial || letters.clone().any(char::is_uppercase)) {
        return true;
    }
    // Part of a URL, an address or code: `mit.edu`, `/license/mit`.
    if in_code_or_url(line, token.start, token.end) {
        return true;
    }
    // Joined by a hyphen, it is part of a compound name (`Kim Jong-il`, `Aix-les-Bains`).
    if line[..token.start].ends_with(['-', '‑']) || line[token.end..].starts_with(['-', '‑']) {
        return true;
    }
    let capitalised = |t: Token| line[t.start..t.end].starts_with(char::is_uppercase);
    // A neighbour counts if only white space separates it (or the apostrophe of an elision).
    let adjacent = |gap: &str| gap.chars().all(|c| c.is_whitespace() || is_apostrophe(c));
    let before = previous.is_some_and(|p| capitalised(p) && adjacent(&line[p.end..token.start]));
    let after = next.is_some_and(|n| capitalised(n) && adjacent(&line[token.end..n.start]));
    before || after
}

/// If `gap` (text between two words) ends a sentence, the offset just past its final
/// punctuation (and closing quotes or brackets).
fn sentence_end(gap: &str) -> Option<usize> {
    let mut end = None;
    let mut chars = gap.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '!' | '?' | '…') {
            // Closing marks that belong to the sentence just ended.
            let mut stop = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if matches!(d, '.' | '!' | '?' | '…' | '”' | '"' | '’' | '»' | ')' | ']') {
                    stop = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            if chars.peek().is_some_and(|&(_, d)| d.is_whitespace()) {
                end = Some(stop);
            }
        }
    }
    end
}

/// If an opening quote or italics marker stands in `line[from..to]` (the gap before a word)
/// and its closing mark follows within [`QUOTE_WINDOW`] characters, the offset of that
/// closing mark.
fn quoted_span_end(line: &str, from: usize, to: usize) -> Option<usize> {
    let gap = &line[from..to];
    let (i, open) = gap
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, '“' | '«' | '„' | '‹' | '‘' | '"' | '*'))?;
    // The mark opens a span only right before the word (French style allows a space).
    if !gap[i + open.len_utf8()..].chars().all(char::is_whitespace) {
        return None;
    }
    let closers: &[char] = match open {
        '“' => &['”', '“'],
        '«' => &['»'],
        '„' => &['“', '”'],
        '‹' => &['›'],
        '‘' => &['’'],
        '"' => &['"'],
        _ => &['*'],
    };
    let after = to;
    let mut chars = line[after..].char_indices().take(QUOTE_WINDOW).peekable();
    while let Some((j, c)) = chars.next() {
        if closers.contains(&c) {
            // `’` closes `‘` only when no letter follows (else it is an apostrophe).
            if c == '’' && chars.peek().is_some_and(|&(_, n)| is_word_char(n)) {
                continue;
            }
            return Some(after + j);
        }
    }
    None
}

/// The words of a line: runs of word characters. An apostrophe splits words (`dell'Italia` is
/// `dell` + `Italia`) and marks the first as elided.
struct Tokens<'a> {
    line: &'a str,
    pos: usize,
}

impl<'a> Tokens<'a> {
    fn new(line: &'a str) -> Self {
        Self { line, pos: 0 }
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let rest = &self.line[self.pos..];
        let (offset, _) = rest.char_indices().find(|&(_, c)| is_word_char(c))?;
        let start = self.pos + offset;
        let end = self.line[start..]
            .char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(self.line.len(), |(i, _)| start + i);
        self.pos = end;
        let mut after = self.line[end..].chars();
        let elided = after.next().is_some_and(is_apostrophe)
            && after.next().is_some_and(is_word_char)
            // An English contraction or possessive is not an elision: `all's`, `don't`.
            && !is_english_clitic(&self.line[end..]);
        Some(Token { start, end, elided })
    }
}

/// Whether `rest` (starting at an apostrophe) is an English clitic: `'s`, `'t`, `'re`, `'ll`,
/// `'ve`, `'d`, `'m` followed by a non-letter.
fn is_english_clitic(rest: &str) -> bool {
    let mut chars = rest.chars();
    chars.next(); // the apostrophe
    let tail = chars.as_str();
    ["s", "t", "re", "ll", "ve", "d", "m"].iter().any(|c| {
        tail.len() >= c.len()
            && tail.is_char_boundary(c.len())
            && tail[..c.len()].eq_ignore_ascii_case(c)
            && !tail[c.len()..].starts_with(is_word_char)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matchers::test_support::*;
    use crate::matchers::{Haystack, Matcher};

    const LIST: &[&str] = &[
        "della\tof the",
        "anche\talso",
        "perché\tbecause",
        "sono",
        "già\talready",
        "dell'\tof the",
        "~que",
        "di",
        "da",
    ];

    fn matcher(unit: Unit) -> Matcher {
        Matcher::Untranslated(untranslated(unit, LIST))
    }

    fn untranslated(unit: Unit, list: &[&str]) -> UntranslatedMatcher {
        let mut words = HashMap::default();
        for line in list {
            let (w, e) = parse_entry(line).unwrap();
            words.insert(w, e);
        }
        let english: HashSet<String> = ["the", "and", "of", "is"]
            .iter()
            .map(|w| (*w).to_owned())
            .collect();
        UntranslatedMatcher {
            fingerprint: OnceLock::new(),
            words,
            english,
            unit,
            min_words: 3,
            message: Template::parse("“$0” ($replacement$count $words)"),
        }
    }

    #[test]
    fn the_lists_fingerprint_is_what_the_scan_reads() {
        let of = |m: &UntranslatedMatcher| fingerprint(&m.words, &m.english);
        let word = of(&untranslated(Unit::Word, LIST));
        // The unit and the threshold do not change the scan.
        let mut sentence = untranslated(Unit::Sentence, LIST);
        sentence.min_words = 5;
        assert_eq!(word, of(&sentence));
        // A word more, or a word that may no longer be flagged alone, does.
        let longer = [LIST, &["nuovo"]].concat();
        assert_ne!(word, of(&untranslated(Unit::Word, &longer)));
        let count_only: Vec<&str> = LIST
            .iter()
            .map(|l| if *l == "sono" { "~sono" } else { *l })
            .collect();
        assert_ne!(word, of(&untranslated(Unit::Word, &count_only)));
    }

    #[test]
    fn rules_sharing_a_memo_find_what_each_finds_alone() {
        // The word and sentence rules of a list, and a rule over another list, run on each
        // line in turn with one memo, as a pass over a document's lines runs them; lines come
        // from pieces that make and break sentences, names and quotes. Each rule must find on
        // each line what it finds alone.
        let other = ["sono\tare", "di", "già"];
        let rules = [
            Matcher::Untranslated(untranslated(Unit::Sentence, LIST)),
            Matcher::Untranslated(untranslated(Unit::Word, LIST)),
            Matcher::Untranslated(untranslated(Unit::Word, &other)),
        ];
        let pieces = [
            "anche ", "sono ", "già ", "perché ", "della ", "dell’", "que ", "the ", "of ",
            "Roma ", "Anche ", ". ", "“", "” ", "law ", "di ", "Banca ", "and ", "is ", ". ",
        ];
        let mut rng = crate::markup::test_support::Rng::new(5);
        let lines: Vec<String> = (0..3_000)
            .map(|_| (0..12).map(|_| *rng.pick(&pieces)).collect())
            .collect();
        let memo = std::sync::Mutex::new(LineMemo::default());
        let mut shared_hits = 0;
        for line in &lines {
            for (k, rule) in rules.iter().enumerate() {
                // Each rule runs twice in a row now and then: the second reads the memo of
                // its own scan.
                for _ in 0..1 + usize::from(k == 1 && line.len() % 3 == 0) {
                    let mut shared = Vec::new();
                    rule.find(Haystack::new(line).with_memo(&memo), &mut shared);
                    let mut alone = Vec::new();
                    rule.find(Haystack::new(line), &mut alone);
                    let ranges = |hits: &[Hit]| {
                        hits.iter()
                            .map(|h| (h.range.clone(), h.message.clone(), h.suggestions.clone()))
                            .collect::<Vec<_>>()
                    };
                    assert_eq!(ranges(&shared), ranges(&alone), "rule {k} on {line:?}");
                    shared_hits += shared.len();
                }
            }
        }
        // The lines hold words and sentences to flag, so a scan that finds none cannot pass.
        assert!(shared_hits > 1_000, "{shared_hits}");
    }

    fn words() -> Matcher {
        matcher(Unit::Word)
    }

    #[test]
    fn flags_list_words_with_their_translation() {
        let m = words();
        assert_hits(&m, "The law was passed anche by the Senate.", &["anche"]);
        assert_eq!(
            first_suggestions(&m, "The law was passed anche by the Senate."),
            vec!["also"]
        );
        assert_hits(&m, "He is sono tired.", &["sono"]);
        assert!(first_suggestions(&m, "He is sono tired.").is_empty());
    }

    #[test]
    fn start_and_end_of_line_case_and_empty() {
        let m = words();
        assert_hits(&m, "Anche the minister left.", &["Anche"]);
        assert_eq!(
            first_suggestions(&m, "Anche the minister left."),
            vec!["Also"]
        );
        assert_hits(&m, "the minister left perché", &["perché"]);
        assert_no_hits(&m, "");
        assert_no_hits(&m, "   ");
        assert_no_hits(&m, "ANCHE the minister");
    }

    #[test]
    fn non_ascii_neighbours_and_parts_of_words() {
        let m = words();
        assert_hits(&m, "the “già” of the text and more text here", &[]);
        assert_hits(&m, "the law, già passed, and the rest", &["già"]);
        assert_no_hits(&m, "the dellas and sonoro");
        assert_no_hits(&m, "èdella");
        assert_hits(&m, "(della)", &["della"]);
    }

    #[test]
    fn elisions() {
        let m = words();
        assert_hits(&m, "the future dell'economia is bleak", &["dell'"]);
        assert_hits(&m, "the future dell’economia is bleak", &["dell’"]);
        assert_eq!(
            first_suggestions(&m, "the future dell’economia is bleak"),
            vec!["of the "]
        );
        // Before a capital, an elision is part of a name.
        assert_no_hits(&m, "the president dell'Italia spoke");
        // English clitics are not elisions.
        assert_hits(&m, "della's", &["della"]);
    }

    #[test]
    fn names_and_titles() {
        let m = words();
        assert_no_hits(&m, "the Corriere della Sera reported");
        assert_no_hits(&m, "a painting by Leonardo da Vinci");
        assert_no_hits(&m, "said Diego Della Valle, and");
        assert_no_hits(&m, "the Piazza della Signoria and Banca di Roma");
        assert_no_hits(&m, "He left della Sera");
        assert_no_hits(&m, "Ursula da Leyen spoke");
        assert_hits(&m, "The della law", &["della"]);
        assert_no_hits(&m, "Kim Jong-della and Aix-anche-Bains");
        assert_no_hits(&m, "see https://example.it/anche/della.html and perché.it");
        // A capitalised word across a comma is no name context.
        assert_hits(&m, "said Rossi, anche the mayor", &["anche"]);
    }

    #[test]
    fn short_quotes_and_italics_are_skipped_long_ones_are_not() {
        let m = words();
        assert_no_hits(&m, "the slogan “prima della gente” won");
        assert_no_hits(&m, "the slogan «anche noi» won");
        assert_no_hits(&m, "the slogan \"anche noi\" won");
        assert_no_hits(&m, "the motto *anche noi* won");
        let long = format!("he said “{} anche the end”", "word ".repeat(40));
        assert_hits(&m, &long, &["anche"]);
        // An unclosed quote does not hide the rest of the line.
        assert_hits(&m, "the “quote anche", &["anche"]);
        assert_hits(&m, "the “ quote and then later on a long way away from it all in the distance of this line which goes on and on for more than a hundred and twenty chars anche", &["anche"]);
    }

    #[test]
    fn untranslated_sentences_give_one_hit() {
        let words = words();
        let sentences = matcher(Unit::Sentence);
        let line = "The vote is today. Anche sono già perché della legge. The end.";
        assert_no_hits(&words, line);
        assert_hits(&sentences, line, &["Anche sono già perché della legge."]);
        let mut hits = Vec::new();
        sentences.find(crate::matchers::Haystack::new(line), &mut hits);
        assert_eq!(
            hits[0].message,
            "“Anche sono già perché della legge.” (5 Anche, sono, già, perché)"
        );
        // English function words outnumbering the list words: an English sentence.
        let english = "The sono of the anche and the già is the end.";
        assert_no_hits(&sentences, english);
        assert_hits(&words, english, &["sono", "anche", "già"]);
        // Count-only words count towards sentences but are never flagged alone.
        assert_hits(&sentences, "que sono anche", &["que sono anche"]);
        assert_no_hits(&words, "que the law");
    }

    #[test]
    fn no_panic_on_odd_input() {
        let m = words();
        let s = matcher(Unit::Sentence);
        for text in [
            "'",
            "’",
            "“",
            "«»",
            "d'",
            "della'",
            "…",
            "a. b",
            "İİ della",
            "\u{0301}della",
        ] {
            let mut hits = Vec::new();
            m.find(crate::matchers::Haystack::new(text), &mut hits);
            s.find(crate::matchers::Haystack::new(text), &mut hits);
        }
    }

    #[test]
    fn parse_entry_checks_its_line() {
        assert!(parse_entry("two words").is_err());
        assert!(parse_entry("~").is_err());
        assert_eq!(parse_entry("Dell’").unwrap().0, "dell'");
        assert!(!parse_entry("~que").unwrap().1.flag);
    }
}
