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

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use regex::{Captures, Regex};
use serde::Deserialize;

use super::phrases::match_case;
use super::template::{GroupRef, Template};
use super::{BuildContext, Hit};

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
    Dates(DatesCheck),
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
                let mut distinct = HashSet::new();
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
            Check::Dates => Compiled::Dates(DatesCheck::new()),
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

    /// Appends a hit for every minority occurrence in `text`, with byte ranges into `text`, in
    /// order of position.
    pub(crate) fn find_in_document(&self, text: &str, out: &mut Vec<Hit>) {
        let mut flags = Vec::new();
        match &self.check {
            Compiled::Names(c) => c.find(text, &mut flags),
            Compiled::Dates(c) => c.find(text, &mut flags),
            Compiled::Spelling(c) => c.find(text, &mut flags),
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
fn is_letter(c: char) -> bool {
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

/// Every word of `text`, in order.
fn scan_words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_letter(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        // Where the last joining apostrophe was, to cut a possessive `'s`.
        let mut last_apostrophe: Option<usize> = None;
        loop {
            match chars.peek().copied() {
                Some((i, c)) if is_letter(c) => {
                    end = i + c.len_utf8();
                    chars.next();
                }
                Some((i, c)) if c == '-' || is_apostrophe(c) => {
                    let after = text[i + c.len_utf8()..].chars().next();
                    if after.is_some_and(is_letter) {
                        if is_apostrophe(c) {
                            last_apostrophe = Some(i);
                        }
                        chars.next();
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
        if word.end > word.start {
            words.push(word);
        }
    }
    words
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
    // One edit: what is left between prefix and suffix is at most one letter on each side.
    let (ra, rb) = (a.len() - prefix - suffix, b.len() - prefix - suffix);
    ra <= 1 && rb <= 1 && prefix >= 1 && suffix >= 2
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
struct Form {
    surface: String,
    key: String,
    count: usize,
    /// Index of the first occurrence: ties go to the form written first.
    first: usize,
    /// Several words, or seen at least once away from a sentence start: a real name, not an
    /// ordinary word capitalised because it opens a sentence.
    is_name: bool,
}

impl NamesCheck {
    fn find(&self, text: &str, out: &mut Vec<Flag>) {
        let words = scan_words(text);
        let mut forms: Vec<Form> = Vec::new();
        let mut by_surface: HashMap<String, usize> = HashMap::new();
        // (form, byte range) of every occurrence, in text order of run starts.
        let mut occurrences: Vec<(usize, Range<usize>)> = Vec::new();

        // Runs of capitalised words joined by one space: `Russian President Vladimir Putin`.
        let mut i = 0;
        while i < words.len() {
            if !is_capitalised(&text[words[i].start..words[i].end]) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < words.len()
                && !words[j - 1].possessive
                && matches!(&text[words[j - 1].end..words[j].start], " " | "\u{A0}")
                && is_capitalised(&text[words[j].start..words[j].end])
            {
                j += 1;
            }
            let run = &words[i..j];
            // Every sub-run up to MAX_NAME_WORDS words is a candidate, so that `Then Kim Jong
            // Un` still yields `Kim Jong Un`.
            for a in 0..run.len() {
                for b in a..run.len().min(a + MAX_NAME_WORDS) {
                    let range = run[a].start..run[b].end;
                    let surface = text[range.clone()].replace('\u{A0}', " ");
                    let initial = a == 0 && is_sentence_initial(text, range.start);
                    let id = match by_surface.get(&surface) {
                        Some(&id) => id,
                        None => {
                            let key = name_key(&surface);
                            if key.chars().count() < MIN_KEY {
                                continue;
                            }
                            forms.push(Form {
                                surface: surface.clone(),
                                key,
                                count: 0,
                                first: occurrences.len(),
                                is_name: b > a,
                            });
                            by_surface.insert(surface, forms.len() - 1);
                            forms.len() - 1
                        }
                    };
                    let form = &mut forms[id];
                    form.count += 1;
                    form.is_name |= !initial;
                    occurrences.push((id, range));
                }
            }
            i = j;
        }

        let mut groups = Groups::new(forms.len());
        self.join_variants(&forms, &mut groups);

        // Per group: the majority form, how many forms it has, and whether one of them is
        // surely a name (a group of sentence-initial words only, `Cooperation` /
        // `Co-operation`, is a spelling matter, not a name).
        let mut best: HashMap<usize, usize> = HashMap::new();
        let mut sizes: HashMap<usize, usize> = HashMap::new();
        let mut named: HashSet<usize> = HashSet::new();
        for (id, form) in forms.iter().enumerate() {
            let root = groups.root(id);
            *sizes.entry(root).or_default() += 1;
            if form.is_name {
                named.insert(root);
            }
            let entry = best.entry(root).or_insert(id);
            let current = &forms[*entry];
            if (form.count, std::cmp::Reverse(form.first))
                > (current.count, std::cmp::Reverse(current.first))
            {
                *entry = id;
            }
        }

        // Flag minority occurrences; the longest wins where candidates overlap (`Kim Jong Un`
        // over its own `Jong Un`).
        let mut flagged: Vec<(usize, Range<usize>, usize)> = Vec::new();
        for (id, range) in occurrences {
            let root = groups.root(id);
            if !named.contains(&root) || sizes.get(&root).copied().unwrap_or(0) < 2 {
                continue;
            }
            let winner = best[&root];
            if winner != id {
                flagged.push((id, range, winner));
            }
        }
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
                replacement: major.surface.clone(),
                majority: major.surface.clone(),
                minority: forms[id].surface.clone(),
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
        let mut by_key: HashMap<&str, usize> = HashMap::new();
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
        let mut by_collapsed: HashMap<String, usize> = HashMap::new();
        for &(key, i) in &keys {
            let collapsed = collapse_doubles(key);
            if collapsed.chars().count() < MIN_COLLAPSED {
                continue;
            }
            match by_collapsed.get(&collapsed) {
                Some(&j) if allowed(key, &forms[j].key) => groups.join(i, j),
                Some(_) => {}
                None => {
                    by_collapsed.insert(collapsed, i);
                }
            }
        }

        // One interior edit on long names, found through shared one-letter deletions.
        let mut buckets: HashMap<String, Vec<usize>> = HashMap::new();
        let mut seen_keys: HashSet<&str> = HashSet::new();
        for (i, form) in forms.iter().enumerate() {
            let key = form.key.as_str();
            if !form.is_name || !seen_keys.insert(key) {
                continue;
            }
            let chars: Vec<char> = key.chars().collect();
            if chars.len() < MIN_FUZZY || chars.len() > MAX_FUZZY {
                continue;
            }
            buckets.entry(key.to_owned()).or_default().push(i);
            for skip in 0..chars.len() {
                let variant: String = chars
                    .iter()
                    .enumerate()
                    .filter(|&(k, _)| k != skip)
                    .map(|(_, c)| *c)
                    .collect();
                let bucket = buckets.entry(variant).or_default();
                if bucket.last() != Some(&i) {
                    bucket.push(i);
                }
            }
        }
        let mut bucket_list: Vec<&Vec<usize>> = buckets.values().collect();
        // Deterministic order of joins (HashMap order is not).
        bucket_list.sort();
        for bucket in bucket_list {
            if bucket.len() < 2 || bucket.len() > MAX_BUCKET {
                continue;
            }
            for (x, &a) in bucket.iter().enumerate() {
                for &b in &bucket[x + 1..] {
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
    day_month: Regex,
    month_day: Regex,
}

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
        let day_month =
            format!(r"\b{day}{space}(?P<month>{MONTHS})\b(?:{space}(?P<year>\d{{4}})\b)?");
        let month_day = format!(
            r"\b(?P<month>{MONTHS})(?P<dot>\.)?{space}{day}\b(?:,?{space}(?P<year>\d{{4}})\b)?"
        );
        Self {
            day_month: Regex::new(&day_month).expect("the day-month regex is valid"),
            month_day: Regex::new(&month_day).expect("the month-day regex is valid"),
        }
    }

    fn find(&self, text: &str, out: &mut Vec<Flag>) {
        let mut dates: Vec<Date> = Vec::new();
        for caps in self.day_month.captures_iter(text) {
            let (whole, month) = (&caps[0], &caps["month"]);
            let start = caps.get(0).map_or(0, |m| m.start());
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
                &caps["day"],
                caps.name("suffix").map_or("", |m| m.as_str())
            );
            let other = match caps.name("year") {
                Some(y) => format!("{month} {day}, {}", y.as_str()),
                None => format!("{month} {day}"),
            };
            dates.push(Date {
                range: start..start + whole.len(),
                month_start: caps.name("month").map_or(0, |m| m.start()),
                style: DateStyle::DayMonth,
                other,
            });
        }
        let day_month_months: HashSet<usize> = dates.iter().map(|d| d.month_start).collect();
        let mut ambiguous: HashSet<usize> = HashSet::new();
        for caps in self.month_day.captures_iter(text) {
            let m0 = caps.get(0).expect("group 0 always matches");
            let month = &caps["month"];
            if !valid_day(&caps) {
                continue;
            }
            // A full month name followed by a full stop ends a sentence: `in May. 5 people…`
            if caps.name("dot").is_some() && month.len() > 3 && month != "Sept" {
                continue;
            }
            if caps.name("year").is_none() && is_quantity(&text[m0.end()..]) {
                continue;
            }
            let month_start = m0.start();
            // `on 17 June 19 people…`: a number on both sides; count neither.
            if day_month_months.contains(&month_start) {
                ambiguous.insert(month_start);
                continue;
            }
            let day = format!(
                "{}{}",
                &caps["day"],
                caps.name("suffix").map_or("", |m| m.as_str())
            );
            let other = match caps.name("year") {
                Some(y) => format!("{day} {month} {}", y.as_str()),
                None => format!("{day} {month}"),
            };
            dates.push(Date {
                range: m0.range(),
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

/// Whether the captured day is a day of a month (1–31).
fn valid_day(caps: &Captures<'_>) -> bool {
    caps["day"]
        .parse::<u8>()
        .is_ok_and(|d| (1..=31).contains(&d))
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
    /// Lower-case word → (its counterpart in the other variety, its variety, its dimension).
    words: HashMap<String, (String, Variety, usize)>,
}

impl SpellingCheck {
    fn new(name: &str, lines: &[String]) -> Result<Self, Vec<String>> {
        let mut words = HashMap::new();
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
        if problems.is_empty() {
            Ok(Self { words })
        } else {
            Err(problems)
        }
    }

    fn find(&self, text: &str, out: &mut Vec<Flag>) {
        // (range, counterpart, variety, dimension) of every listed word.
        let mut found: Vec<(Range<usize>, &str, Variety, usize)> = Vec::new();
        let mut start = None;
        for (i, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            if is_letter(c) {
                start.get_or_insert(i);
                continue;
            }
            let Some(s) = start.take() else {
                continue;
            };
            let word = &text[s..i];
            if !word.is_ascii() || word.len() < 4 {
                continue;
            }
            let Some((other, variety, dimension)) = self.words.get(&word.to_ascii_lowercase())
            else {
                continue;
            };
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
