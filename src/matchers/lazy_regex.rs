//! Regexes compiled on first use: start-up cost is paid only for the rules a document needs.
//!
//! Compiling the built-in packs' regexes (Unicode classes, word-list alternations) is most of
//! what start-up costs, and a short article only ever runs a handful of them: the line
//! prefilter rules the others out on every line. So the built-in rules keep their regex
//! sources and compile each one the first time a line needs it. That they compile at all is
//! checked by the test suite (every built-in rule is compiled and run on its examples), which
//! is why a failure here is a bug, not an input error. Rules from a user's folder are compiled
//! (first step below) when loaded instead, so that a broken pattern is reported with its file
//! and line.
//!
//! A regex is compiled in two steps. First with the engines that need only the forward NFA
//! (the bounded backtracker and the PikeVM): half the compile time, and fast enough on the few
//! lines of an article. Once it has searched [`FULL_AFTER`] bytes, or at once when a large file
//! or a folder is announced ([`LazyRegex::expect_much`]) or when it searches every line of the
//! document ([`LazyRegex::warm_up`]), it is compiled with the lazy DFA (forward and reverse),
//! which such inputs pay back many times.
//! Neither builds the one-pass DFA: it only speeds up capture groups, which calque reads on
//! the rare hit, and it was 40 % of the compiled regexes' memory.
//!
//! A regex with wide Unicode classes is compiled in two versions, each in those two steps: the
//! [narrowed](super::narrow) one for texts of Latin letters and typographic punctuation
//! (nearly every line of an article), the one as written for any other text, only when one
//! turns up.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use regex_automata::meta::{self, BuildError, Regex};
use regex_automata::util::captures::Captures;
use regex_automata::Input;
use regex_syntax::hir::Hir;

use super::narrow;
use super::repeated_word::Pair;
use super::untranslated::LineMemo;

/// Largest compiled regex, in bytes: a bigger one is a rule-file error, not a slow check.
const REGEX_SIZE_LIMIT: usize = 8 * 1024 * 1024;

/// Bytes a regex searches with the NFA engines before it is compiled with the lazy DFA: a
/// rough break-even between the second compile (up to a millisecond) and the PikeVM's extra
/// time per byte.
const FULL_AFTER: usize = 32 * 1024;

/// Parses `pattern` as the meta engine would (default syntax options).
///
/// # Errors
/// The syntax error, worded as the `regex` crate words it (with its caret).
fn parse(pattern: &str) -> Result<Hir, String> {
    regex_automata::util::syntax::parse(pattern).map_err(|e| e.to_string())
}

/// Compiles `hir` with calque's limits: `light`, with the NFA engines only.
///
/// # Errors
/// The regex is larger than [`REGEX_SIZE_LIMIT`].
fn build(hir: &Hir, light: bool) -> Result<Regex, String> {
    let config = meta::Config::new()
        .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
        .onepass(false);
    let config = if light {
        config.hybrid(false).dfa(false)
    } else {
        config
    };
    meta::Builder::new()
        .configure(config)
        .build_from_hir(hir)
        .map_err(|e| describe(&e))
}

/// A build error as the `regex` crate words it: the syntax error with its caret, or the limit.
fn describe(error: &BuildError) -> String {
    if let Some(limit) = error.size_limit() {
        format!("Compiled regex exceeds size limit of {limit} bytes.")
    } else if let Some(syntax) = error.syntax_error() {
        syntax.to_string()
    } else {
        error.to_string()
    }
}

/// A regex source, compiled on first use (or at once, see [`LazyRegex::for_rule`]).
#[derive(Debug)]
pub(crate) struct LazyRegex {
    source: String,
    /// The syntax tree narrow texts compile from, from the first use on.
    syntax: OnceLock<Box<Syntax>>,
    /// Compiled from the source as written: for texts that are not narrow.
    wide: Engines,
    /// Compiled from the narrowed source: for [narrow](narrow::is_narrow) texts, when the
    /// source has classes to narrow.
    narrow: Engines,
    /// Bytes searched so far by a light regex (either version).
    searched: AtomicUsize,
}

/// The syntax tree a regex's narrow texts compile from.
///
/// The tree as written is not kept when narrowing changes it: its wide classes were most of
/// the trees' memory (half a megabyte over the built-in rules), and it is needed only to
/// compile the wide version, which few texts call for. That compile parses the source again,
/// a small part of its cost.
#[derive(Debug)]
struct Syntax {
    /// The narrowed tree, or the tree as written when narrowing changes nothing.
    narrow: Hir,
    /// Whether `narrow` differs from the tree as written.
    narrowed: bool,
}

impl Syntax {
    fn new(wide: Hir) -> Self {
        match narrow::narrowed(&wide) {
            Some(narrow) => Self {
                narrow,
                narrowed: true,
            },
            None => Self {
                narrow: wide,
                narrowed: false,
            },
        }
    }
}

/// A text to search, and whether it is [narrow](narrow::is_narrow): tested once for all the
/// regexes that search the same line, not by each of them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Haystack<'a> {
    text: &'a str,
    narrow: bool,
    /// The line's repeated words, when the line prefilter found them (see
    /// [`super::repeated_word::repeated_pairs`]).
    repeated_pairs: Option<&'a [Pair]>,
    /// Where the `untranslated` rules leave their scan of the line for one another. A mutex,
    /// so that a haystack can be shared by tasks; only one thread uses a memo, so it is never
    /// waited for.
    memo: Option<&'a Mutex<LineMemo>>,
}

impl<'a> Haystack<'a> {
    /// `text`, tested.
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text,
            narrow: narrow::is_narrow(text),
            repeated_pairs: None,
            memo: None,
        }
    }

    /// With a memo for the `untranslated` rules' scan of the line: a pass over one document's
    /// lines gives every line its scratch's memo, and the line's address and length tell the
    /// memo which line its scan is of (see [`LineMemo`]).
    pub(crate) fn with_memo(self, memo: &'a Mutex<LineMemo>) -> Self {
        Self {
            memo: Some(memo),
            ..self
        }
    }

    /// The memo of the `untranslated` rules' scan, if the pass gave one.
    pub(crate) fn memo(&self) -> Option<&'a Mutex<LineMemo>> {
        self.memo
    }

    /// With the repeated words the line prefilter found in the text.
    pub(crate) fn with_repeated_pairs(self, pairs: Option<&'a [Pair]>) -> Self {
        Self {
            repeated_pairs: pairs,
            ..self
        }
    }

    /// The text.
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// The repeated words of the text, if the line prefilter found them.
    pub(crate) fn repeated_pairs(&self) -> Option<&'a [Pair]> {
        self.repeated_pairs
    }
}

/// One version of a regex, compiled in two steps.
#[derive(Debug, Default)]
struct Engines {
    /// The NFA engines only.
    light: OnceLock<Regex>,
    /// With the lazy DFA; once built, always used.
    full: OnceLock<Regex>,
}

impl LazyRegex {
    /// A regex compiled the first time it is used; the caller vouches that `source` compiles
    /// (built-in rules, tested).
    pub(crate) fn lazy(source: String) -> Self {
        Self {
            source,
            syntax: OnceLock::new(),
            wide: Engines::default(),
            narrow: Engines::default(),
            searched: AtomicUsize::new(0),
        }
    }

    /// A rule's regex: compiled now, so that an error surfaces at load (a user's pack), or on
    /// first use (`lazy`, the built-in packs).
    ///
    /// # Errors
    /// A regex compiled now that does not compile, with the syntax error or the size limit.
    pub(crate) fn for_rule(source: String, lazy: bool) -> Result<Self, String> {
        let regex = Self::lazy(source);
        if !lazy {
            // The version as written: the narrowed one is smaller, so it cannot fail where
            // this one passes.
            let hir = parse(&regex.source)?;
            let light = build(&hir, true)?;
            regex.wide.light.get_or_init(|| light);
            regex.syntax.get_or_init(|| Box::new(Syntax::new(hir)));
        }
        Ok(regex)
    }

    /// The capture group names, index 0 (the whole match) first, read from the syntax tree.
    ///
    /// # Errors
    /// The source does not parse.
    pub(crate) fn capture_names(&self) -> Result<Vec<Option<String>>, String> {
        crate::regex_facts::capture_names(&self.source)
    }

    /// The regex source.
    pub(crate) fn as_str(&self) -> &str {
        &self.source
    }

    /// Compiles now, with the lazy DFA, what searches of narrow texts will use: see
    /// [`Matcher::warm_up`](super::Matcher), which warms up the regexes that search every
    /// line. Those search the whole document, and the lazy DFA pays for its compile on a
    /// document as short as 5 KB (4 % fewer instructions for the whole run than the bounded
    /// backtracker, which needed ~2,000 per byte for such a regex). Wide texts are rare
    /// enough to wait for.
    pub(crate) fn warm_up(&self) {
        self.expect_much();
        self.engine(Haystack::new(""));
    }

    /// Announces many bytes to search (a large file, a folder): the next search compiles the
    /// lazy DFA at once, without a light regex first.
    pub(crate) fn expect_much(&self) {
        self.searched.fetch_max(FULL_AFTER, Ordering::Relaxed);
    }

    /// # Panics
    /// If a lazy source does not parse: the built-in rules' tests rule that out.
    fn syntax(&self) -> &Syntax {
        self.syntax
            .get_or_init(|| Box::new(Syntax::new(self.parsed())))
    }

    /// The source's syntax tree, as written.
    ///
    /// # Panics
    /// If a lazy source does not parse: the built-in rules' tests rule that out.
    fn parsed(&self) -> Hir {
        parse(&self.source)
            .unwrap_or_else(|e| panic!("regex {:?} does not parse: {e}", self.source))
    }

    /// The version of the regex for `haystack`.
    fn version(&self, haystack: Haystack<'_>) -> &Engines {
        if haystack.narrow && self.syntax().narrowed {
            &self.narrow
        } else {
            &self.wide
        }
    }

    /// The syntax tree `engines` compile from: the wide version's is parsed again when it is
    /// not the one kept (see [`Syntax`]).
    fn tree(&self, engines: &Engines) -> Cow<'_, Hir> {
        let syntax = self.syntax();
        if std::ptr::eq(engines, &self.narrow) || !syntax.narrowed {
            Cow::Borrowed(&syntax.narrow)
        } else {
            Cow::Owned(self.parsed())
        }
    }

    /// The regex to search `haystack` with: the lazy-DFA one once it exists or once
    /// [`FULL_AFTER`] bytes have been searched, else the light one.
    fn engine(&self, haystack: Haystack<'_>) -> &Regex {
        self.engine_for(haystack, haystack.text.len())
    }

    /// [`LazyRegex::engine`] for a search of `len` bytes of `haystack`.
    fn engine_for(&self, haystack: Haystack<'_>, len: usize) -> &Regex {
        let engines = self.version(haystack);
        if let Some(full) = engines.full.get() {
            return full;
        }
        if self.searched.fetch_add(len, Ordering::Relaxed) + len >= FULL_AFTER {
            return self.full(engines);
        }
        self.light(engines)
    }

    /// # Panics
    /// If the wide version of a lazy source does not compile: the built-in rules' tests rule
    /// that out.
    fn light<'a>(&'a self, engines: &'a Engines) -> &'a Regex {
        engines
            .light
            .get_or_init(|| match build(&self.tree(engines), true) {
                Ok(regex) => regex,
                // The narrowed version is smaller than the wide one, and the wide one serves
                // narrow texts too, just more slowly.
                Err(_) if !std::ptr::eq(engines, &self.wide) => self.light(&self.wide).clone(),
                Err(e) => panic!("regex {:?} does not compile: {e}", self.source),
            })
    }

    fn full<'a>(&'a self, engines: &'a Engines) -> &'a Regex {
        engines.full.get_or_init(|| {
            // The lazy DFA adds no way to fail beyond the NFA's, which `light` has passed;
            // should it fail all the same, the light engines stay in use.
            build(&self.tree(engines), false).unwrap_or_else(|_| self.light(engines).clone())
        })
    }

    /// Every match in `haystack`, as byte ranges, in order.
    pub(crate) fn find_iter<'a>(
        &'a self,
        haystack: Haystack<'a>,
    ) -> impl Iterator<Item = Range<usize>> + 'a {
        self.engine(haystack)
            .find_iter(haystack.text)
            .map(|m| m.range())
    }

    /// Whether the regex matches somewhere in `haystack`.
    pub(crate) fn is_match(&self, haystack: Haystack<'_>) -> bool {
        self.engine(haystack).is_match(haystack.text)
    }

    /// The groups of the first match at or after `start` (look-around sees the text before
    /// it), as `regex::Regex::captures_at` gives them. Not counted as searched bytes: it is
    /// called on the span a [`LazyRegex::find_iter`] match just found.
    pub(crate) fn captures_at<'h>(
        &self,
        haystack: Haystack<'h>,
        start: usize,
    ) -> Option<Captured<'h>> {
        let engines = self.version(haystack);
        let haystack = haystack.text;
        let regex = engines.full.get().unwrap_or_else(|| self.light(engines));
        let mut caps = regex.create_captures();
        regex.search_captures(&Input::new(haystack).range(start..), &mut caps);
        caps.is_match().then_some(Captured { caps, haystack })
    }

    /// The groups of every match in `range` of `haystack`, in order, their ranges in the whole
    /// haystack: the text around `range` is seen by look-around (`\b` at its start), as in a
    /// search of the whole haystack.
    pub(crate) fn captures_iter_in<'a, 'h: 'a>(
        &'a self,
        haystack: Haystack<'h>,
        range: Range<usize>,
    ) -> impl Iterator<Item = Captured<'h>> + 'a {
        let text = haystack.text;
        let input = regex_automata::Input::new(text).range(range.clone());
        self.engine_for(haystack, range.len())
            .captures_iter(input)
            .map(move |caps| Captured {
                caps,
                haystack: text,
            })
    }
}

/// The capture groups of one match.
pub(crate) struct Captured<'h> {
    caps: Captures,
    haystack: &'h str,
}

impl<'h> Captured<'h> {
    /// The range of group `index` (0 is the whole match), if it took part in the match.
    pub(crate) fn get(&self, index: usize) -> Option<Range<usize>> {
        self.caps.get_group(index).map(|span| span.range())
    }

    /// The range of the group called `name`, if it took part in the match.
    pub(crate) fn range_of(&self, name: &str) -> Option<Range<usize>> {
        self.caps.get_group_by_name(name).map(|span| span.range())
    }

    /// The text of group `index`, if it took part in the match.
    pub(crate) fn text(&self, index: usize) -> Option<&'h str> {
        self.get(index).map(|r| &self.haystack[r])
    }

    /// The text of the group called `name`, if it took part in the match.
    pub(crate) fn name(&self, name: &str) -> Option<&'h str> {
        self.range_of(name).map(|r| &self.haystack[r])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lazy_and_eager_regexes_match_alike() {
        let lazy = LazyRegex::lazy(r"\p{Lu}\p{Ll}+".to_owned());
        let eager = LazyRegex::for_rule(r"\p{Lu}\p{Ll}+".to_owned(), false).unwrap();
        assert_eq!(lazy.as_str(), eager.as_str());
        for regex in [&lazy, &eager] {
            assert_eq!(
                regex
                    .find_iter(Haystack::new("a Roma b Pisa"))
                    .collect::<Vec<_>>(),
                [2..6, 9..13]
            );
        }
        assert!(LazyRegex::for_rule("(".to_owned(), false).is_err());
    }

    /// The light engines and the lazy DFA find the same matches and groups, before and after
    /// the switch, whichever way a search starts.
    #[test]
    fn the_switch_to_the_lazy_dfa_changes_no_match() {
        let regex = LazyRegex::lazy(r"(?-u:\b)(?P<w>\p{Lu}\p{Ll}+)(?P<p>[.!?])?".to_owned());
        let line = "Roma. e Pisa! ma non ROMA, poi Zürich";
        let want = vec![0..5, 8..13, 31..38];
        let groups = |regex: &LazyRegex| {
            let caps = regex.captures_at(Haystack::new(line), 6).unwrap();
            (
                caps.get(0),
                caps.name("w"),
                caps.text(2),
                caps.range_of("p"),
            )
        };
        assert_eq!(
            regex.find_iter(Haystack::new(line)).collect::<Vec<_>>(),
            want
        );
        assert!(
            regex.narrow.full.get().is_none(),
            "one line does not switch"
        );
        let light = groups(&regex);
        assert_eq!(light, (Some(8..13), Some("Pisa"), Some("!"), Some(12..13)));
        let long = format!("{line}\n").repeat(FULL_AFTER / line.len() + 1);
        assert_eq!(
            regex.find_iter(Haystack::new(&long)).count(),
            3 * (FULL_AFTER / line.len() + 1)
        );
        assert!(regex.narrow.full.get().is_some(), "a long search switches");
        assert_eq!(
            regex.find_iter(Haystack::new(line)).collect::<Vec<_>>(),
            want
        );
        assert_eq!(groups(&regex), light);
        assert!(regex.is_match(Haystack::new(line)) && !regex.is_match(Haystack::new("roma")));
        let dates: Vec<_> = regex
            .captures_iter_in(Haystack::new(line), 0..line.len())
            .map(|c| c.name("w"))
            .collect();
        assert_eq!(dates, [Some("Roma"), Some("Pisa"), Some("Zürich")]);
    }

    /// A rule's regexes: its exceptions and context, and its pattern if it has one.
    fn rule_regexes(rule: &crate::Rule) -> Vec<&LazyRegex> {
        let mut regexes: Vec<&LazyRegex> = rule.conditions.regexes().collect();
        if let crate::matchers::Matcher::Pattern(m) = &rule.matcher {
            regexes.push(m.regex());
        }
        regexes
    }

    /// The promise [`LazyRegex::get`] relies on: every built-in regex compiles.
    #[test]
    fn every_built_in_regex_compiles() {
        let rules = crate::RuleSet::builtin();
        let mut count = 0;
        for rule in rules.rules() {
            for regex in rule_regexes(rule) {
                let hir = parse(regex.as_str()).unwrap();
                let narrow = narrow::narrowed(&hir);
                assert!(
                    [Some(&hir), narrow.as_ref()]
                        .into_iter()
                        .flatten()
                        .all(|hir| build(hir, false).is_ok() && build(hir, true).is_ok()),
                    "{}: {}",
                    rule.id(),
                    regex.as_str()
                );
                count += 1;
            }
            rule.matcher.warm_up(None);
        }
        assert!(count > 60, "{count}");
    }

    /// Every match and group of a narrowed built-in regex, on narrow texts, as the regex as
    /// written finds them: on every rule's examples (each regex on all of them), the sample
    /// article's lines, and texts of accented and typographic characters.
    #[test]
    fn narrowed_regexes_find_what_the_originals_find_in_narrow_texts() {
        let rules = crate::RuleSet::builtin();
        let mut texts: Vec<String> = rules
            .rules()
            .flat_map(|rule| rule.examples())
            .map(|example| match example {
                crate::rules::Example::Bad { text, .. } | crate::rules::Example::Ok { text } => {
                    text.clone()
                }
            })
            .collect();
        let sample = include_str!("../../samples/000_ade58a808b0d7e0d.txt");
        texts.extend(sample.lines().map(str::to_owned));
        texts.extend(
            [
                "Città, perché “così”: l’Élysée – 3ª volta… €12,5 mln",
                "À Zürich, Łódź and Şişli; ǅ ɏ ʼn — ‘quoted’ «guillemets» 5‰",
                "the day.The Born pandemic.Russia 2021vaccine iPhone Ph.D K",
                "  ~ ¬  ",
                "“Italy, which,” she said.“No.” I teachers, IS it ſ",
            ]
            .map(str::to_owned),
        );
        texts.retain(|t| narrow::is_narrow(t));
        assert!(texts.len() > 300, "{}", texts.len());
        let mut narrowed = 0;
        for rule in rules.rules() {
            for regex in rule_regexes(rule) {
                let hir = parse(regex.as_str()).unwrap();
                let Some(narrow) = narrow::narrowed(&hir) else {
                    continue;
                };
                narrowed += 1;
                for light in [true, false] {
                    let (wide, narrow) =
                        (build(&hir, light).unwrap(), build(&narrow, light).unwrap());
                    for text in &texts {
                        let all = |r: &Regex| -> Vec<Vec<Option<Range<usize>>>> {
                            r.captures_iter(text.as_str())
                                .map(|c| {
                                    (0..c.group_len())
                                        .map(|g| c.get_group(g).map(|s| s.range()))
                                        .collect()
                                })
                                .collect()
                        };
                        assert_eq!(all(&wide), all(&narrow), "{}: {text:?}", regex.as_str());
                    }
                }
            }
        }
        assert!(narrowed > 20, "{narrowed}");
    }

    /// A text with a character beyond the narrow set is searched with the regex as written.
    #[test]
    fn wide_texts_use_the_regex_as_written() {
        let regex = LazyRegex::lazy(r"\p{L}+".to_owned());
        assert_eq!(
            regex
                .find_iter(Haystack::new("Roma e Città"))
                .collect::<Vec<_>>(),
            [0..4, 5..6, 7..13]
        );
        assert!(regex.wide.light.get().is_none());
        // Only the narrowed tree is kept; the wide version below parses the source again.
        assert!(regex.syntax().narrowed);
        assert!(matches!(regex.tree(&regex.wide), Cow::Owned(_)));
        assert_eq!(
            regex
                .find_iter(Haystack::new("東京 and Ἀθῆναι"))
                .collect::<Vec<_>>(),
            [0..6, 7..10, 11..25]
        );
        assert!(regex.wide.light.get().is_some());
        let caps = regex
            .captures_at(Haystack::new("東京 and Ἀθῆναι"), 11)
            .unwrap();
        assert_eq!(caps.text(0), Some("Ἀθῆναι"));
    }

    /// A regex with nothing to narrow keeps its tree as written, for both versions.
    #[test]
    fn a_regex_without_wide_classes_keeps_its_tree() {
        let regex = LazyRegex::lazy(r"[a-z]+ed\b".to_owned());
        assert!(!regex.syntax().narrowed);
        assert!(matches!(regex.tree(&regex.wide), Cow::Borrowed(_)));
        assert_eq!(
            regex
                .find_iter(Haystack::new("東京 ended"))
                .collect::<Vec<_>>(),
            vec![7..12]
        );
    }

    #[test]
    fn the_size_limit_applies() {
        for light in [true, false] {
            let error = build(&parse(r"\w{1000}\w{1000}").unwrap(), light).unwrap_err();
            assert!(error.contains("exceeds size limit"), "{error}");
        }
    }
}
