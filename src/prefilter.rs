//! The line prefilter: one Aho-Corasick pass over a line finds which rules can match it, so a
//! rule costs nothing on the lines that cannot match (issue #5).
//!
//! Each rule declares the literals every one of its matches contains (“required literals”):
//! a `pattern` rule's are computed from its regex (see [`required_literals`]), a `phrases`
//! rule's are its phrases, an `untranslated` rule's are its word list. A rule without such a
//! set (its regex could match anything) runs on every line. Literals are compared ASCII
//! case-insensitively, which only widens the set of candidate lines: the prefilter may let a
//! line through that the rule then rejects, never the reverse.

use std::sync::OnceLock;

use aho_corasick::automaton::Automaton;
use aho_corasick::{dfa, nfa::contiguous, Anchored, MatchKind};
use regex_automata::meta;
use regex_syntax::hir::Hir;

use crate::matchers::repeated_word::{repeated_pairs, Pair};
use crate::regex_facts::pairs;
use crate::text::swar;

pub(crate) use crate::regex_facts::required_literals;

/// Most literals the prefilter builds a DFA for. The default packs have about 900. With a
/// thousand generated phrase rules more (2,000 literals), the DFA of the literals' five-byte
/// keys costs 3.7 MB more peak memory on a 10 MB file and checks it in 146 ms instead of the
/// NFA's 185 (best of eight; 12 % fewer instructions). Beyond this many, the DFA's size is left
/// to grow no further.
const MAX_DFA_PATTERNS: usize = 4000;

/// A required literal, and whether a line's occurrence of it only counts at word boundaries
/// (the words of a list, whole-word phrases).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Literal {
    /// Lowercase ASCII letters; other characters as they are.
    pub text: String,
    /// The occurrence must not follow a word character.
    pub word_start: bool,
    /// The occurrence must not precede a word character.
    pub word_end: bool,
}

impl Literal {
    /// A literal that may occur anywhere.
    #[cfg(test)]
    pub(crate) fn anywhere(text: String) -> Self {
        Self {
            text,
            word_start: false,
            word_end: false,
        }
    }

    /// Whether the literal occurs at `line[start..]` (ASCII letters in any case, as the
    /// automaton matches them), and the occurrence counts. The automaton only found its key
    /// there (see [`key_of`]).
    fn occurs_at(&self, line: &str, start: usize) -> bool {
        occurs_ignoring_case(line.as_bytes(), start, self.text.as_bytes())
            && self.counts(line, start, start + self.text.len())
    }

    /// Whether the occurrence at `line[start..end]` counts.
    fn counts(&self, line: &str, start: usize, end: usize) -> bool {
        let before = || {
            line.get(..start)
                .and_then(|s| s.chars().next_back())
                .is_some_and(crate::matchers::is_word_char)
        };
        let after = || {
            line.get(end..)
                .and_then(|s| s.chars().next())
                .is_some_and(crate::matchers::is_word_char)
        };
        !((self.word_start && before()) || (self.word_end && after()))
    }
}

/// Whether `text` occurs at `line[start..]`, ASCII letters in any case (as the automaton
/// matches them).
fn occurs_ignoring_case(line: &[u8], start: usize, text: &[u8]) -> bool {
    line.get(start..start + text.len())
        .is_some_and(|found| found.eq_ignore_ascii_case(text))
}

/// How much of a literal the automaton searches for: its first [`KEY_LEN`] bytes (to the end
/// of the character they cut into), the rest being compared where the key is found. Many
/// literals share their first bytes (the words of a list: `gover`no, `gover`natore): searching
/// for the keys takes the DFA of the default packs from 1.9 MB to 0.8 MB with no measurable
/// loss of speed, and that memory is much of what a large file's check holds besides the text.
const KEY_LEN: usize = 5;

/// The key of a literal: see [`KEY_LEN`].
fn key_of(text: &str) -> &str {
    let mut end = KEY_LEN.min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    &text[..end]
}

/// Whether a rule with these required literals gets past the literal automaton on every line:
/// it has none, or one of a single byte (`.`, a space), which nearly every line holds and
/// whose every occurrence would cost an automaton match.
pub(crate) fn runs_on_every_line(literals: Option<&[Literal]>) -> bool {
    literals.is_none_or(|set| set.iter().any(|l| l.text.len() < 2))
}

/// `text` with the two non-ASCII letters that case-fold to ASCII ones made ASCII: `ſ` (long s)
/// and `K` (Kelvin sign). A case-insensitive regex's literals come in both spellings
/// (`alſo read`); folded, they are one pattern, and the automaton's alphabet stays small
/// enough for its DFA to keep half the size (found when a literal with U+2007 doubled it).
fn fold_ascii_variants(text: &str) -> String {
    if text.contains(['ſ', '\u{212A}']) {
        text.replace('ſ', "s").replace('\u{212A}', "k")
    } else {
        text.to_owned()
    }
}

/// Whether `line` holds `ſ` or `K`, which the folded literals cannot match.
fn has_ascii_variant(line: &str) -> bool {
    // Both are rare; `memmem` finds them without decoding the line. The searchers are built
    // once: `memmem::find` builds one per call, which cost more than the search on every line.
    static FINDERS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 2]> =
        std::sync::LazyLock::new(|| {
            [
                memchr::memmem::Finder::new("ſ".as_bytes()),
                memchr::memmem::Finder::new("\u{212A}".as_bytes()),
            ]
        });
    FINDERS.iter().any(|f| f.find(line.as_bytes()).is_some())
}

/// What besides its literals can rule a rule out on a line.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Gate<'a> {
    /// Nothing: without literals, the rule runs on every line.
    None,
    /// The rule's regex: on a large document, the byte pairs every match holds rule it out
    /// on most lines, and the regex itself on the rest (see [`RegexGate`]).
    Regex(&'a str),
    /// A `repeated-word` rule: it can only match where a word follows itself.
    RepeatedWord,
}

/// One automaton over the required literals of a set of rules.
#[derive(Debug)]
pub(crate) struct Prefilter {
    automaton: Option<Literals>,
    /// The same literals as a DFA, built on first use by a large document: faster to search,
    /// slower to build, so small articles (and start-up) keep the NFA.
    dfa: OnceLock<Option<Literals>>,
    /// The literals, in automaton pattern order, for building the DFA.
    patterns: Vec<String>,
    /// For automaton pattern `i`, the rules that need it: `owners[spans[i].0..spans[i].1]`,
    /// each with the boundary conditions of its literal.
    spans: Vec<(u32, u32)>,
    owners: Vec<(u32, Literal)>,
    /// For each owner, its literal's first eight bytes as a `u64` and the mask of the bytes it
    /// has ([`head`]): many literals share a key (`the a` starts a dozen country names), and
    /// one compare of eight bytes rules out most of them where the key occurs.
    heads: Vec<(u64, u64)>,
    /// Rules with no literal: they run on every line.
    always: Vec<u32>,
    /// Some literal had `ſ` or the Kelvin sign folded to ASCII (see [`fold_ascii_variants`]):
    /// a line holding either then runs every rule.
    folded_any: bool,
    /// Rules with no literal whose regex is known: on a large document, [`RegexGate`] tells
    /// which of them match a line.
    gated: Vec<u32>,
    /// The regexes of `gated`, in order.
    gate_patterns: Vec<String>,
    /// The gate, built on first use by a large document.
    gate: OnceLock<Option<RegexGate>>,
    /// `repeated-word` rules: they run only on a line where a word follows itself.
    repeats: Vec<u32>,
    rules: usize,
    /// Words a document-scope rule wants found in the walk over the lines (see
    /// [`Prefilter::with_walk_words`]), numbered across all such rules.
    walk_words: Vec<String>,
    /// Where the DFA finds the walk words, built with it: a small document never needs them.
    walk: OnceLock<WalkKeys>,
    /// Each rule that has walk words, with the numbers of its words.
    walkers: Vec<(u32, std::ops::Range<u32>)>,
}

/// The keys of the walk words in the DFA (see [`Prefilter::with_walk_words`]).
#[derive(Debug, Default)]
struct WalkKeys {
    /// The keys that are no rule literal's, searched for after the rules' keys.
    extra: Vec<String>,
    /// For automaton pattern `i`, the walk words whose key it is: `owners[spans[i]]`, each
    /// with its [`head`] and mask.
    spans: Vec<(u32, u32)>,
    owners: Vec<(u32, u64, u64)>,
}

/// What [`Prefilter::candidates_and_pairs`] found on a line.
pub(crate) struct LineCandidates<'s> {
    /// The rules that can match the line, in order.
    pub rules: &'s [u32],
    /// The line's repeated words, if the scan for them ran (see [`repeated_pairs`]).
    pub pairs: Option<&'s [Pair]>,
    /// The walk words at word boundaries or not, as `(word, start in the line)`, if the
    /// scratch walks them (see [`Scratch::walk_words`]).
    pub words: &'s [(u32, u32)],
}

impl Prefilter {
    /// Builds the automaton; `literals[i]` are rule `i`'s required literals, if it has any,
    /// and `gates[i]` what else can rule it out on a line (missing entries are [`Gate::None`]).
    ///
    /// A rule whose set holds a one-byte literal (`.`, a space) runs on every line: such a
    /// byte is in nearly every line anyway, and each occurrence would cost an automaton match.
    /// On large documents such a rule is gated by its regex in a set.
    pub(crate) fn new(literals: &[Option<&[Literal]>], gates: &[Gate<'_>]) -> Self {
        let mut by_literal: std::collections::BTreeMap<String, Vec<(u32, Literal)>> =
            std::collections::BTreeMap::new();
        let mut always = Vec::new();
        let mut folded_any = false;
        for (rule, set) in literals.iter().enumerate() {
            let rule = u32::try_from(rule).expect("fewer than 4 billion rules");
            match set {
                Some(set) if runs_on_every_line(Some(set)) => always.push(rule),
                Some(set) => {
                    for literal in set.iter() {
                        let text = fold_ascii_variants(&literal.text);
                        folded_any |= text != literal.text;
                        let owners = by_literal.entry(key_of(&text).to_owned()).or_default();
                        let owner = (
                            rule,
                            Literal {
                                text,
                                ..literal.clone()
                            },
                        );
                        if !owners.contains(&owner) {
                            owners.push(owner);
                        }
                    }
                }
                None => always.push(rule),
            }
        }
        let mut spans = Vec::with_capacity(by_literal.len());
        let mut owners: Vec<(u32, Literal)> = Vec::new();
        for rules in by_literal.values() {
            let start = owners.len() as u32;
            owners.extend(rules.iter().cloned());
            spans.push((start, owners.len() as u32));
        }
        let heads = owners
            .iter()
            .map(|(_, literal)| head_and_mask(literal.text.as_bytes()))
            .collect();
        let automaton = if by_literal.is_empty() {
            None
        } else {
            contiguous::NFA::builder()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .prefilter(false)
                .build(by_literal.keys())
                .ok()
                .map(Literals::Nfa)
        };
        // Without an automaton (it failed to build), every rule runs: slower, never wrong.
        if automaton.is_none() && !by_literal.is_empty() {
            always = (0..literals.len() as u32).collect();
        }
        let gate_of = |r: u32| gates.get(r as usize).copied().unwrap_or(Gate::None);
        let (repeats, always): (Vec<u32>, Vec<u32>) = always
            .into_iter()
            .partition(|&r| matches!(gate_of(r), Gate::RepeatedWord));
        let (gated, always): (Vec<u32>, Vec<u32>) = always
            .into_iter()
            .partition(|&r| matches!(gate_of(r), Gate::Regex(_)));
        let gate_patterns = gated
            .iter()
            .filter_map(|&r| match gate_of(r) {
                Gate::Regex(pattern) => Some(pattern.to_owned()),
                _ => None,
            })
            .collect();
        Self {
            automaton,
            dfa: OnceLock::new(),
            folded_any,
            patterns: by_literal.keys().cloned().collect(),
            spans,
            owners,
            heads,
            always,
            gated,
            gate_patterns,
            repeats,
            gate: OnceLock::new(),
            rules: literals.len(),
            walk_words: Vec::new(),
            walk: OnceLock::new(),
            walkers: Vec::new(),
        }
    }

    /// Adds the words that document-scope rules want found (`walks[i]` for rule `i`): the
    /// large-document walk over the lines then reports every occurrence of each, in any ASCII
    /// case, so that a rule that looks for a few hundred words in a whole document (the
    /// spelling check) need not walk the text again with an automaton of its own. Only the
    /// DFA searches for the words' keys: a small document keeps the NFA of the rules'
    /// literals, and such a rule finds its words itself.
    ///
    /// Words are lowercase ASCII; a word with no key the DFA can hold (too many patterns)
    /// leaves its rule to find its words itself: [`Scratch::walk_words`] then says no.
    pub(crate) fn with_walk_words(mut self, walks: &[Option<&[String]>]) -> Self {
        for (rule, words) in walks.iter().enumerate() {
            let Some(words) = words.filter(|w| !w.is_empty()) else {
                continue;
            };
            let first = self.walk_words.len() as u32;
            self.walk_words.extend(words.iter().cloned());
            let rule = u32::try_from(rule).expect("fewer than 4 billion rules");
            self.walkers
                .push((rule, first..self.walk_words.len() as u32));
        }
        self
    }

    /// The walk words' keys, worked out when the DFA is built.
    fn walk_keys(&self) -> &WalkKeys {
        self.walk.get_or_init(|| {
            let rule_keys = self.patterns.len();
            let mut extra: std::collections::BTreeMap<&str, Vec<u32>> = Default::default();
            let mut by_pattern: Vec<Vec<u32>> = vec![Vec::new(); rule_keys];
            for (id, word) in self.walk_words.iter().enumerate() {
                let key = key_of(word);
                match self.patterns.binary_search_by(|p| p.as_str().cmp(key)) {
                    Ok(i) => by_pattern[i].push(id as u32),
                    Err(_) => extra.entry(key).or_default().push(id as u32),
                }
            }
            let mut keys = WalkKeys::default();
            for (key, ids) in extra {
                keys.extra.push(key.to_owned());
                by_pattern.push(ids);
            }
            for ids in by_pattern {
                let start = keys.owners.len() as u32;
                for id in ids {
                    let (want, mask) = head_and_mask(self.walk_words[id as usize].as_bytes());
                    keys.owners.push((id, want, mask));
                }
                keys.spans.push((start, keys.owners.len() as u32));
            }
            keys
        })
    }

    /// The rules that have walk words, each with the numbers of its words (see
    /// [`Prefilter::with_walk_words`]).
    pub(crate) fn walkers(&self) -> &[(u32, std::ops::Range<u32>)] {
        &self.walkers
    }

    /// The automaton to search a document of `len` bytes with: the DFA from 1 MB on.
    fn automaton_for(&self, len: usize) -> Option<&Literals> {
        const LARGE: usize = 1 << 20;
        match self.dfa.get() {
            // Built for a large batch of small files: use it for all of them.
            Some(Some(dfa)) => Some(dfa),
            _ if len < LARGE => self.automaton.as_ref(),
            _ => self.dfa().or(self.automaton.as_ref()),
        }
    }

    /// The DFA over the literals, built on first use; `None` over [`MAX_DFA_PATTERNS`].
    fn dfa(&self) -> Option<&Literals> {
        self.dfa
            .get_or_init(|| {
                // No literal at all (the rules left by a configuration may have none): no
                // automaton, rather than one that walks every byte to find nothing.
                if self.patterns.is_empty() {
                    return None;
                }
                // The walk words' own keys after the rules' (see [`Prefilter::with_walk_words`]).
                let extra = &self.walk_keys().extra;
                if self.patterns.len() + extra.len() > MAX_DFA_PATTERNS {
                    return None;
                }
                let patterns: Vec<&str> = (self.patterns.iter().chain(extra))
                    .map(String::as_str)
                    .collect();
                Literals::dfa(&patterns)
            })
            .as_ref()
    }

    /// Builds the faster automaton for every document to come, small ones included: worth
    /// its build time (about 10 ms) on a batch of many files, not on one article.
    pub(crate) fn prefer_dfa(&self) {
        self.dfa();
    }

    /// The gate of the literal-less rules on a document of `len` bytes: from 64 KB on, where
    /// its build time is paid back. `None` on a small document or when a regex fails to build
    /// (then those rules run on every line).
    fn gate_for(&self, len: usize) -> Option<&RegexGate> {
        const LARGE: usize = 64 << 10;
        if len < LARGE || self.gated.is_empty() {
            return None;
        }
        self.gate
            .get_or_init(|| RegexGate::new(&self.gate_patterns))
            .as_ref()
    }

    /// Builds now, side by side, what a document of `len` bytes will search with (the literal
    /// DFA and the gate, for a large one): done before the lines are cut into parallel
    /// chunks, so that the chunks do not wait one after another on a build.
    pub(crate) fn prepare(&self, len: usize) {
        rayon::join(|| self.automaton_for(len), || self.gate_for(len));
    }

    /// A reusable buffer for [`Prefilter::candidates`] over a document of `len` bytes.
    pub(crate) fn scratch(&self, len: usize) -> Scratch<'_> {
        Scratch {
            walk: false,
            words: Vec::new(),
            seen: vec![false; self.rules],
            rules: Vec::with_capacity(self.rules),
            automaton: self.automaton_for(len),
            gate: self.gate_for(len),
            found: Vec::new(),
            pairs: Vec::new(),
        }
    }

    /// The rules (indices, ascending) that may match `line`.
    pub(crate) fn candidates<'s>(&self, line: &str, scratch: &'s mut Scratch<'_>) -> &'s [u32] {
        self.candidates_and_pairs(line, scratch).rules
    }

    /// [`Prefilter::candidates`], the line's repeated words if the scan for them ran (see
    /// [`repeated_pairs`]): the `repeated-word` rules look at those only), and the walk words
    /// on the line if the scratch walks them.
    pub(crate) fn candidates_and_pairs<'s>(
        &self,
        line: &str,
        scratch: &'s mut Scratch<'_>,
    ) -> LineCandidates<'s> {
        let Scratch {
            seen,
            rules,
            automaton,
            gate,
            found,
            pairs,
            walk,
            words,
        } = scratch;
        for &r in rules.iter() {
            seen[r as usize] = false;
        }
        rules.clear();
        words.clear();
        if self.folded_any && has_ascii_variant(line) {
            // The folded literals cannot see this line's `ſ` or `K`: every rule runs.
            rules.extend(0..self.rules as u32);
            for &r in rules.iter() {
                seen[r as usize] = true;
            }
            if *walk {
                if let Some(automaton) = automaton {
                    automaton.overlapping(line.as_bytes(), found);
                    self.words_found(line, found, words);
                }
            }
            return LineCandidates {
                rules,
                pairs: None,
                words,
            };
        }
        rules.extend(&self.always);
        match gate {
            Some(gate) => {
                // First the byte pairs: most lines hold none that a gated regex needs, and
                // few hold those of more than one.
                let narrow = crate::matchers::narrow::is_narrow(line);
                let table = if narrow { &gate.narrow } else { &gate.wide };
                let possible = self
                    .gated
                    .iter()
                    .zip(&gate.regexes)
                    .zip(table.possible(line));
                let possible = possible.filter_map(|(rule, p)| p.then_some(rule));
                if narrow || !gate.narrow_only {
                    // Then the regex of each rule still possible: the lazy DFA scans the line
                    // only for those.
                    rules.extend(
                        possible
                            .filter(|(_, regex)| regex.is_match(line))
                            .map(|(&rule, _)| rule),
                    );
                } else {
                    rules.extend(possible.map(|(&rule, _)| rule));
                }
            }
            None => rules.extend(&self.gated),
        }
        // One word scan for all of them, instead of one per rule.
        let scanned = !self.repeats.is_empty();
        if scanned {
            repeated_pairs(line, pairs);
            if !pairs.is_empty() {
                rules.extend(&self.repeats);
            }
        }
        for &r in rules.iter() {
            seen[r as usize] = true;
        }
        if let Some(automaton) = automaton {
            if rules.len() < self.rules || *walk {
                automaton.overlapping(line.as_bytes(), found);
                if *walk {
                    self.words_found(line, found, words);
                }
                for &(pattern, at) in found.iter() {
                    // The walk words' own keys come after the rules': they have no rule.
                    let Some(&(start, end)) = self.spans.get(pattern as usize) else {
                        continue;
                    };
                    let (start, end) = (start as usize, end as usize);
                    let here = head(line.as_bytes(), at as usize);
                    let owners = self.owners[start..end].iter().zip(&self.heads[start..end]);
                    for ((r, literal), &(want, mask)) in owners {
                        let r = *r;
                        if (here ^ want) & mask != 0 {
                            continue;
                        }
                        if !seen[r as usize] && literal.occurs_at(line, at as usize) {
                            seen[r as usize] = true;
                            rules.push(r);
                        }
                    }
                }
            }
        }
        rules.sort_unstable();
        let pairs: &'s Vec<Pair> = pairs;
        LineCandidates {
            rules,
            pairs: scanned.then_some(pairs.as_slice()),
            words,
        }
    }

    /// The walk words among the automaton's matches `found` on `line`, into `words`.
    fn words_found(&self, line: &str, found: &[(u32, u32)], words: &mut Vec<(u32, u32)>) {
        let keys = self.walk_keys();
        for &(pattern, at) in found {
            let (start, end) = keys.spans[pattern as usize];
            if start == end {
                continue;
            }
            let here = head(line.as_bytes(), at as usize);
            for &(word, want, mask) in &keys.owners[start as usize..end as usize] {
                if (here ^ want) & mask != 0 {
                    continue;
                }
                let text = self.walk_words[word as usize].as_bytes();
                if occurs_ignoring_case(line.as_bytes(), at as usize, text) {
                    words.push((word, at));
                }
            }
        }
    }
}

/// Up to eight bytes of `bytes` from `at` as a little-endian `u64`, zero beyond the end, with
/// ASCII capitals made lower case (other bytes as they are): compared under a literal's mask,
/// it is `eq_ignore_ascii_case` on the literal's first eight bytes.
fn head(bytes: &[u8], at: usize) -> u64 {
    let x = swar::load(bytes, at).unwrap_or_else(|| {
        let rest = bytes.get(at..).unwrap_or_default();
        let mut chunk = [0u8; 8];
        chunk[..rest.len().min(8)].copy_from_slice(&rest[..rest.len().min(8)]);
        u64::from_le_bytes(chunk)
    });
    // The high bit of each capital, moved down to 0x20: `between` is exact per byte and
    // leaves bytes of 128 and above out.
    x | (swar::between(x, b'A' - 1, b'Z' + 1) >> 2)
}

/// The [`head`] of a literal's first eight bytes, and the mask of the bytes it has.
fn head_and_mask(bytes: &[u8]) -> (u64, u64) {
    let n = bytes.len().min(8);
    let mask = if n == 8 {
        u64::MAX
    } else {
        (1u64 << (8 * n)) - 1
    };
    (head(bytes, 0) & mask, mask)
}

/// The literal automaton: Aho-Corasick, searched for every occurrence of every key.
///
/// The search is a loop of our own over the automaton's transitions. `AhoCorasick`'s
/// overlapping iterator keeps its position in a state object and checks it at every byte: it
/// spent about 16 instructions per byte of text, the largest single cost of checking a large
/// file with few findings. This loop keeps the state in a register (about 5).
#[derive(Debug)]
pub(crate) enum Literals {
    /// Compact and quick to build: small documents.
    Nfa(contiguous::NFA),
    /// One table look-up per byte: large documents and batches.
    Dfa(dfa::DFA),
}

impl Literals {
    /// A DFA over `patterns`, ASCII case-insensitive: `None` if it cannot be built.
    pub(crate) fn dfa(patterns: &[impl AsRef<[u8]>]) -> Option<Self> {
        dfa::DFA::builder()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .prefilter(false)
            .build(patterns)
            .ok()
            .map(Literals::Dfa)
    }

    /// Every occurrence of every pattern in `haystack` as `(pattern, start)`, into `found`
    /// (cleared first), in no particular order. A text is under 4 GB (the document limit).
    pub(crate) fn overlapping(&self, haystack: &[u8], found: &mut Vec<(u32, u32)>) {
        found.clear();
        match self {
            Literals::Nfa(nfa) => overlapping(nfa, haystack, found),
            Literals::Dfa(dfa) => overlapping(dfa, haystack, found),
        }
    }
}

/// [`Literals::overlapping`] on one kind of automaton: monomorphised, so that its transition
/// function is inlined into the loop, and not inlined itself, so that the loop keeps its state
/// in registers (inlined into the prefilter, it spilled them to the stack at every byte).
///
/// A walk is one chain of dependent table look-ups, each waiting for the one before: the
/// processor idles between them. So a long haystack is cut into parts walked side by side,
/// independent chains in one loop: four for a long line, two for a shorter one.
#[inline(never)]
fn overlapping<A: Automaton>(aut: &A, haystack: &[u8], found: &mut Vec<(u32, u32)>) {
    /// Shorter haystacks are walked in one go: cutting is not worth its set-up.
    const TWO_FROM: usize = 64;
    /// Shorter ones in two parts. Eight parts were slower than four on a long line: the
    /// chains' states no longer fit in registers.
    const FOUR_FROM: usize = 256;
    let Ok(start) = aut.start_state(Anchored::No) else {
        return;
    };
    match haystack.len() {
        n if n < TWO_FROM => walk(aut, start, haystack, 0, usize::MAX, found),
        n if n < FOUR_FROM => chains::<A, 2>(aut, start, haystack, found),
        _ => chains::<A, 4>(aut, start, haystack, found),
    }
}

/// [`overlapping`] as `N` chains. Part `k` starts afresh at its first byte, so it finds every
/// match that starts in it; it goes on past its end by the longest pattern less one byte and
/// keeps only the matches that start before that end. Each match is found once.
#[inline(always)]
fn chains<A: Automaton, const N: usize>(
    aut: &A,
    start: aho_corasick::automaton::StateID,
    haystack: &[u8],
    found: &mut Vec<(u32, u32)>,
) {
    let n = haystack.len();
    let reach = aut.max_pattern_len().saturating_sub(1);
    let starts: [usize; N] = std::array::from_fn(|k| n * k / N);
    // Where part `k`'s matches must start before, and where its walk ends.
    let before: [usize; N] = std::array::from_fn(|k| if k + 1 < N { starts[k + 1] } else { n });
    let ends: [usize; N] = std::array::from_fn(|k| (before[k] + reach).min(n));
    let common = (0..N).map(|k| ends[k] - starts[k]).min().unwrap_or(0);
    let parts: [&[u8]; N] = std::array::from_fn(|k| &haystack[starts[k]..starts[k] + common]);
    let report = |sid, end: usize, before: usize, found: &mut Vec<(u32, u32)>| {
        for m in 0..aut.match_len(sid) {
            let pattern = aut.match_pattern(sid, m);
            let start = end - aut.pattern_len(pattern);
            if start < before {
                found.push((pattern.as_u32(), start as u32));
            }
        }
    };
    let mut states = [start; N];
    // One index into all the parts at once: the chains advance together.
    #[allow(clippy::needless_range_loop)]
    for j in 0..common {
        let mut any = false;
        for k in 0..N {
            states[k] = aut.next_state(Anchored::No, states[k], parts[k][j]);
            // Match states only: `is_special` holds for the start state too, which prose
            // returns to after most words, and each visit cost a branch the processor guessed
            // wrong. No dead state is reached (see [`walk`]).
            any |= aut.is_match(states[k]);
        }
        if any {
            for k in 0..N {
                if aut.is_match(states[k]) {
                    report(states[k], starts[k] + j + 1, before[k], found);
                }
            }
        }
    }
    // The rest of each walk.
    for k in 0..N {
        let from = starts[k] + common;
        walk(
            aut,
            states[k],
            &haystack[from..ends[k]],
            from,
            before[k],
            found,
        );
    }
}

/// Walks `haystack` (which starts at `offset` of the line) from state `sid`, pushing the
/// matches that start before `before`.
#[inline(always)]
fn walk<A: Automaton>(
    aut: &A,
    mut sid: aho_corasick::automaton::StateID,
    haystack: &[u8],
    offset: usize,
    before: usize,
    found: &mut Vec<(u32, u32)>,
) {
    // An unanchored search with standard semantics never stops early: it has no dead state
    // to reach, only match states to report.
    debug_assert!(aut.match_kind() == MatchKind::Standard);
    for (i, &byte) in haystack.iter().enumerate() {
        sid = aut.next_state(Anchored::No, sid, byte);
        if aut.is_match(sid) {
            for k in 0..aut.match_len(sid) {
                let pattern = aut.match_pattern(sid, k);
                let start = offset + i + 1 - aut.pattern_len(pattern);
                if start < before {
                    found.push((pattern.as_u32(), start as u32));
                }
            }
        }
    }
}

/// Per-thread state of a prefilter scan, reused from line to line (no allocation per line).
#[derive(Debug)]
pub(crate) struct Scratch<'p> {
    seen: Vec<bool>,
    rules: Vec<u32>,
    automaton: Option<&'p Literals>,
    gate: Option<&'p RegexGate>,
    /// The literal automaton's matches on the current line: `(pattern, start)`.
    found: Vec<(u32, u32)>,
    /// The current line's repeated words.
    pairs: Vec<Pair>,
    /// Whether the walk words are looked for (see [`Scratch::walk_words`]).
    walk: bool,
    /// The walk words on the current line: `(word, start)`.
    words: Vec<(u32, u32)>,
}

impl Scratch<'_> {
    /// Asks for the walk words of `prefilter` (the one this scratch is of) to be found on
    /// every line: they are when this scratch searches with the DFA, which has their keys.
    /// Returns whether they will be.
    pub(crate) fn walk_words(&mut self, prefilter: &Prefilter) -> bool {
        let dfa = prefilter.dfa.get().and_then(Option::as_ref);
        self.walk = !prefilter.walkers.is_empty()
            && self
                .automaton
                .is_some_and(|a| dfa.is_some_and(|d| std::ptr::eq(a, d)));
        self.walk
    }
}

/// The gate of the literal-less rules: the byte pairs each regex needs in every match
/// ([`pairs`]), then the regex itself (narrowed, see [`crate::matchers::narrow`]) for the rules
/// whose pairs a line holds. A line that is not narrow runs those rules' own regexes, as
/// written, in the rules themselves.
#[derive(Debug)]
struct RegexGate {
    /// Each gated rule's regex (narrowed where it can be).
    regexes: Vec<meta::Regex>,
    /// Some class was narrowed, so the regexes only answer for narrow lines.
    narrow_only: bool,
    /// The pairs of the regexes as written: they hold on any line.
    wide: PairTable,
    /// The pairs of the narrowed regexes (fewer bytes: Latin letters, not every script's):
    /// they hold on narrow lines.
    narrow: PairTable,
}

impl RegexGate {
    /// `None` if a pattern does not parse or a regex does not build: then the gated rules
    /// run on every line.
    fn new(patterns: &[String]) -> Option<Self> {
        let wide = patterns
            .iter()
            .map(|pattern| regex_automata::util::syntax::parse(pattern).ok())
            .collect::<Option<Vec<_>>>()?;
        let narrowed: Vec<_> = wide.iter().map(crate::matchers::narrow::narrowed).collect();
        let narrow: Vec<&Hir> = wide
            .iter()
            .zip(&narrowed)
            .map(|(hir, narrowed)| narrowed.as_ref().unwrap_or(hir))
            .collect();
        let config = meta::Config::new()
            .which_captures(regex_automata::nfa::thompson::WhichCaptures::None)
            .nfa_size_limit(Some(32 << 20));
        let regexes = narrow
            .iter()
            .map(|hir| {
                meta::Builder::new()
                    .configure(config.clone())
                    .build_from_hir(hir)
                    .ok()
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self {
            regexes,
            narrow_only: narrowed.iter().any(Option::is_some),
            wide: PairTable::new(wide.iter()),
            narrow: PairTable::new(narrow.iter().copied()),
        })
    }
}

/// The byte pairs of up to eight regexes in one table ([`pairs::table`] has eight bits), and
/// each regex's bit: `None` for one with no pairs known (or past the eighth).
#[derive(Debug)]
struct PairTable {
    table: Box<pairs::Table>,
    bits: Vec<Option<u8>>,
}

impl PairTable {
    fn new<'h>(hirs: impl Iterator<Item = &'h Hir>) -> Self {
        let mut needed = Vec::new();
        let bits = hirs
            .map(|hir| {
                let found = pairs::required_pairs(hir).filter(|_| needed.len() < 8)?;
                needed.push(found);
                Some(1u8 << (needed.len() - 1))
            })
            .collect();
        Self {
            table: pairs::table(&needed),
            bits,
        }
    }

    /// For each regex, whether `line` holds one of the byte pairs it needs (always, for one
    /// with none known): only those can match.
    fn possible(&self, line: &str) -> impl Iterator<Item = bool> + '_ {
        let found = pairs::scan(&self.table, line.as_bytes());
        self.bits
            .iter()
            .map(move |bit| bit.is_none_or(|bit| found & bit != 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_a_large_document_a_gated_rule_runs_only_where_its_pairs_and_regex_occur() {
        let glued = r"\p{Ll}{2,}\p{Lu}\p{Ll}+";
        let prefilter = Prefilter::new(&[None, None], &[Gate::Regex(glued), Gate::None]);
        // Small: no gate, the rule runs on every line.
        assert_eq!(
            prefilter.candidates("The Prime Minister", &mut prefilter.scratch(0)),
            &[0, 1]
        );
        let mut scratch = prefilter.scratch(1 << 20);
        // No lower-case letter before a capital: ruled out by the pairs alone.
        assert_eq!(
            prefilter.candidates("The Prime Minister", &mut scratch),
            &[1]
        );
        assert_eq!(prefilter.candidates("“The” Minister", &mut scratch), &[1]);
        // The pair, but not the regex (one lower-case letter only): ruled out by the regex.
        assert_eq!(prefilter.candidates("iPhone", &mut scratch), &[1]);
        assert_eq!(
            prefilter.candidates("the pandemicRussia", &mut scratch),
            &[0, 1]
        );
        // Not narrow: the pairs of the regex as written (any script's letters), and the rule's
        // own regex decides.
        assert_eq!(prefilter.candidates("東京 Tokyo", &mut scratch), &[1]);
        assert_eq!(
            prefilter.candidates("東京 pandemicRussia", &mut scratch),
            &[0, 1]
        );
        assert_eq!(prefilter.candidates("Москва", &mut scratch), &[0, 1]);
    }

    /// The walk words are found on every line the DFA walks, wherever they occur (inside
    /// other words too: their rule decides what counts), in any ASCII case: on a line every
    /// rule runs on anyway, on a line with a folded letter, and where a word's key is also a
    /// rule literal's key. With the NFA (a small document) they are not looked for.
    #[test]
    fn walk_words_are_found_on_every_line_the_dfa_walks() {
        // `colou` is the key of a rule literal and of two walk words; `ſ` makes every rule
        // run on a line that holds it.
        let a = vec![Literal::anywhere("colourful".to_owned())];
        let b = vec![Literal::anywhere("alſo".to_owned())];
        let words: Vec<String> = ["colour", "colours", "color", "centre", "defence"]
            .map(str::to_owned)
            .to_vec();
        let other = vec!["harbour".to_owned()];
        let make = || {
            Prefilter::new(&[Some(&a), None, Some(&b), Some(&[])], &[]).with_walk_words(&[
                None,
                Some(&words),
                None,
                Some(&other),
            ])
        };
        let prefilter = make();
        assert_eq!(prefilter.walkers(), &[(1, 0..5), (3, 5..6)]);
        let all: Vec<&String> = words.iter().chain(&other).collect();
        let expected = |line: &str| {
            let lower = line.to_ascii_lowercase();
            let mut found = Vec::new();
            for (id, word) in all.iter().enumerate() {
                for (at, _) in lower.match_indices(word.as_str()) {
                    found.push((id as u32, at as u32));
                }
            }
            found.sort_unstable();
            found
        };
        let lines = [
            "The Colours of the CENTRE: a colourful defence of the harbour.",
            "colors, colour, coloursome; centred defenceless Harbours",
            "Alſo read: the colour of the centre",
            "nothing listed here at all",
            "",
            "colou",
        ];
        let mut scratch = prefilter.scratch(2 << 20);
        assert!(scratch.walk_words(&prefilter));
        for line in lines {
            let found = prefilter.candidates_and_pairs(line, &mut scratch);
            let mut words = found.words.to_vec();
            words.sort_unstable();
            assert_eq!(words, expected(line), "{line:?}");
        }
        // A small document's NFA (before any DFA was built) has no walk word; its rule
        // candidates are the DFA's.
        let small = make();
        let mut nfa = small.scratch(0);
        assert!(!nfa.walk_words(&small));
        for line in lines {
            let rules = small.candidates_and_pairs(line, &mut nfa).rules.to_vec();
            assert_eq!(prefilter.candidates(line, &mut scratch), rules, "{line:?}");
            assert!(small.candidates_and_pairs(line, &mut nfa).words.is_empty());
        }
        // Without walk words, a scratch of the DFA has none to look for.
        let plain = Prefilter::new(&[Some(&a)], &[]);
        assert!(!plain.scratch(2 << 20).walk_words(&plain));
    }

    #[test]
    fn candidates_are_the_rules_whose_literals_occur() {
        let a = vec![Literal::anywhere("born".to_owned())];
        let b = vec![
            Literal::anywhere("captcha".to_owned()),
            Literal {
                text: "robot".to_owned(),
                word_start: true,
                word_end: true,
            },
        ];
        let prefilter = Prefilter::new(&[Some(&a), None, Some(&b)], &[]);
        let mut scratch = prefilter.scratch(0);
        assert_eq!(
            prefilter.candidates("the Born summit", &mut scratch),
            &[0, 1]
        );
        assert_eq!(
            prefilter.candidates("I'm not a ROBOT", &mut scratch),
            &[1, 2]
        );
        assert_eq!(prefilter.candidates("nothing", &mut scratch), &[1]);
        assert_eq!(
            prefilter.candidates("robots and “robot”", &mut scratch),
            &[1, 2]
        );
        assert_eq!(prefilter.candidates("robots", &mut scratch), &[1]);
    }

    #[test]
    fn a_head_is_eight_bytes_lower_cased_as_ascii() {
        for b in 0u8..=255 {
            for lane in 0..8 {
                let mut bytes = [b'Q'; 8];
                bytes[lane] = b;
                let expected = u64::from_le_bytes(bytes.map(|c| c.to_ascii_lowercase()));
                assert_eq!(head(&bytes, 0), expected, "byte {b} in lane {lane}");
            }
        }
        // Short of eight bytes, the rest is zero.
        assert_eq!(head(b"xAb", 1), u64::from_le_bytes(*b"ab\0\0\0\0\0\0"));
        assert_eq!(head(b"xAb", 3), 0);
    }

    #[test]
    fn literals_sharing_a_key_are_told_apart_by_their_heads() {
        let countries: Vec<Literal> = ["the albania", "the america", "the asia", "the ab"]
            .map(|c| Literal {
                word_end: true,
                ..Literal::anywhere(c.to_owned())
            })
            .to_vec();
        let other = vec![Literal::anywhere("the amer".to_owned())];
        let prefilter = Prefilter::new(&[Some(&countries), Some(&other)], &[]);
        let mut scratch = prefilter.scratch(0);
        let mut candidates = |line: &str| prefilter.candidates(line, &mut scratch).to_vec();
        assert_eq!(candidates("in THE AMERICA, now"), [0, 1]);
        assert_eq!(candidates("the Americans"), [1]);
        assert_eq!(candidates("the Asian the as the ab"), [0]);
        assert_eq!(
            candidates("the Albanians and the Abkhaz"),
            Vec::<u32>::new()
        );
        assert_eq!(candidates("to the Albania"), [0]);
        assert_eq!(candidates("the a"), Vec::<u32>::new());
    }

    #[test]
    fn rules_without_literals_get_no_automaton_even_for_a_large_text() {
        // Document-wide checks have an empty literal set: no line ever runs them.
        let none: Vec<Literal> = Vec::new();
        let prefilter = Prefilter::new(&[Some(&none), Some(&none)], &[]);
        let large = 2 << 20;
        assert!(prefilter.automaton_for(large).is_none());
        let mut scratch = prefilter.scratch(large);
        assert!(prefilter
            .candidates("the Born summit", &mut scratch)
            .is_empty());
    }

    /// The loop over the automata finds what `AhoCorasick`'s overlapping iterator finds, on
    /// both kinds, with overlapping keys, ASCII case, multi-byte characters and the line's ends.
    #[test]
    fn the_overlapping_loop_finds_what_aho_corasick_finds() {
        let patterns = [
            "the b", "he bo", "born", "the", "he", "e", "città", "ttà d", "à", "  ", " ,", "xnumx",
        ];
        let texts = [
            "The Born summit, the born, THE BORN",
            "la Città del Vaticano e la CITTÀ; città",
            "xnumxXNUMX  ,  , e",
            "",
            "e",
            "nothing here at all",
            "the the the hehe",
        ];
        // Long lines are walked in two or four parts: keys across the cuts, at both ends.
        let long = [
            "The Born summit, the born, THE BORN. ".repeat(5),
            format!("{}the born{}", "x".repeat(60), "y".repeat(57)),
            format!("{}città{}", "x".repeat(61), "x".repeat(60)),
            format!("{}the b", "e".repeat(80)),
        ];
        // A key at every position of a longer line, across the cut and near both ends.
        let everywhere: Vec<String> = (0..250)
            .step_by(3)
            .map(|at| format!("{}the born{}", "x".repeat(at), "y".repeat(250 - at)))
            .chain(
                (0..700)
                    .step_by(7)
                    .map(|at| format!("{}the born{}", "x".repeat(at), "y".repeat(700 - at))),
            )
            .collect();
        let texts = texts
            .iter()
            .copied()
            .chain(long.iter().map(String::as_str))
            .chain(everywhere.iter().map(String::as_str));
        let reference = aho_corasick::AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(patterns)
            .unwrap();
        let nfa = contiguous::NFA::builder()
            .ascii_case_insensitive(true)
            .prefilter(false)
            .build(patterns)
            .unwrap();
        let dfa = dfa::DFA::builder()
            .ascii_case_insensitive(true)
            .prefilter(false)
            .build(patterns)
            .unwrap();
        for text in texts {
            let mut expected: Vec<(usize, usize)> = reference
                .find_overlapping_iter(text)
                .map(|m| (m.pattern().as_usize(), m.start()))
                .collect();
            expected.sort_unstable();
            for automaton in [Literals::Nfa(nfa.clone()), Literals::Dfa(dfa.clone())] {
                let mut found = vec![(7, 7)];
                automaton.overlapping(text.as_bytes(), &mut found);
                let mut found: Vec<(usize, usize)> = found
                    .iter()
                    .map(|&(p, at)| (p as usize, at as usize))
                    .collect();
                found.sort_unstable();
                assert_eq!(found, expected, "{text:?} with {automaton:?}");
            }
        }
    }

    /// Reading Unicode and Perl classes as `.` loses no literal a full translation finds: they
    /// are too large to give one anyway. Checked on every built-in pattern and on a few shapes.
    #[test]
    fn a_key_found_is_not_enough_the_whole_literal_must_be_there() {
        let long = |t: &str| Literal {
            text: t.to_owned(),
            word_start: true,
            word_end: true,
        };
        let (a, b) = (vec![long("governo")], vec![long("governatore")]);
        let c = vec![Literal::anywhere("città del".to_owned())];
        assert_eq!(key_of("governatore"), "gover");
        assert_eq!(key_of("cità"), "cità", "a key ends on a character boundary");
        let prefilter = Prefilter::new(&[Some(&a), Some(&b), Some(&c)], &[]);
        let mut scratch = prefilter.scratch(0);
        let mut run = |line: &str| prefilter.candidates(line, &mut scratch).to_vec();
        assert_eq!(run("il Governo"), [0]);
        assert_eq!(run("il GOVERNATORE e il governo"), [0, 1]);
        assert_eq!(run("governa governi governatori"), Vec::<u32>::new());
        assert_eq!(
            run("a gover"),
            Vec::<u32>::new(),
            "the line ends inside the literal"
        );
        assert_eq!(
            run("la CITTÀ del"),
            Vec::<u32>::new(),
            "non-ASCII letters keep their case"
        );
        assert_eq!(run("la città del"), [2]);
        // The large-document DFA finds the same.
        let mut scratch = prefilter.scratch(8 << 20);
        assert_eq!(
            prefilter.candidates("il governo del governatore", &mut scratch),
            &[0, 1]
        );
    }
}
