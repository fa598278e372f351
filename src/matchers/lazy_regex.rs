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
//! or a folder is announced ([`LazyRegex::expect_much`]), it is compiled with the lazy DFA
//! (forward and reverse), which such inputs pay back many times.
//! Neither builds the one-pass DFA: it only speeds up capture groups, which calque reads on
//! the rare hit, and it was 40 % of the compiled regexes' memory.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use regex_automata::meta::{self, BuildError, Regex};
use regex_automata::util::captures::Captures;
use regex_automata::Input;

/// Largest compiled regex, in bytes: a bigger one is a rule-file error, not a slow check.
const REGEX_SIZE_LIMIT: usize = 8 * 1024 * 1024;

/// Bytes a regex searches with the NFA engines before it is compiled with the lazy DFA: a
/// rough break-even between the second compile (up to a millisecond) and the PikeVM's extra
/// time per byte.
const FULL_AFTER: usize = 32 * 1024;

/// Compiles `pattern` with calque's limits: `light`, with the NFA engines only.
///
/// # Errors
/// The regex does not parse or is larger than [`REGEX_SIZE_LIMIT`].
fn build(pattern: &str, light: bool) -> Result<Regex, String> {
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
        .build(pattern)
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
    /// The NFA engines only.
    light: OnceLock<Regex>,
    /// With the lazy DFA; once built, always used.
    full: OnceLock<Regex>,
    /// Bytes searched so far by `light`.
    searched: AtomicUsize,
}

impl LazyRegex {
    /// A regex compiled the first time it is used; the caller vouches that `source` compiles
    /// (built-in rules, tested).
    pub(crate) fn lazy(source: String) -> Self {
        Self {
            source,
            light: OnceLock::new(),
            full: OnceLock::new(),
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
            let light = build(&regex.source, true)?;
            regex.light.get_or_init(|| light);
        }
        Ok(regex)
    }

    /// The capture group names, index 0 (the whole match) first, read from the syntax tree.
    ///
    /// # Errors
    /// The source does not parse.
    pub(crate) fn capture_names(&self) -> Result<Vec<Option<String>>, String> {
        capture_names(&self.source)
    }

    /// The regex source.
    pub(crate) fn as_str(&self) -> &str {
        &self.source
    }

    /// Compiles now what the next search would use: see [`Matcher::warm_up`](super::Matcher).
    pub(crate) fn warm_up(&self) {
        self.engine(0);
    }

    /// Announces many bytes to search (a large file, a folder): the next search compiles the
    /// lazy DFA at once, without a light regex first.
    pub(crate) fn expect_much(&self) {
        self.searched.fetch_max(FULL_AFTER, Ordering::Relaxed);
    }

    /// The regex to search `len` more bytes with: the lazy-DFA one once it exists or once
    /// [`FULL_AFTER`] bytes have been searched, else the light one.
    fn engine(&self, len: usize) -> &Regex {
        if let Some(full) = self.full.get() {
            return full;
        }
        if self.searched.fetch_add(len, Ordering::Relaxed) + len >= FULL_AFTER {
            return self.full();
        }
        self.light()
    }

    /// # Panics
    /// If a lazy source does not compile: the built-in rules' tests rule that out.
    fn light(&self) -> &Regex {
        self.light.get_or_init(|| {
            build(&self.source, true)
                .unwrap_or_else(|e| panic!("regex {:?} does not compile: {e}", self.source))
        })
    }

    fn full(&self) -> &Regex {
        self.full.get_or_init(|| {
            // The lazy DFA adds no way to fail beyond the NFA's, which `light` has passed;
            // should it fail all the same, the light engines stay in use.
            build(&self.source, false).unwrap_or_else(|_| self.light().clone())
        })
    }

    /// Every match in `haystack`, as byte ranges, in order.
    pub(crate) fn find_iter<'a>(
        &'a self,
        haystack: &'a str,
    ) -> impl Iterator<Item = Range<usize>> + 'a {
        self.engine(haystack.len())
            .find_iter(haystack)
            .map(|m| m.range())
    }

    /// Whether the regex matches somewhere in `haystack`.
    pub(crate) fn is_match(&self, haystack: &str) -> bool {
        self.engine(haystack.len()).is_match(haystack)
    }

    /// The groups of the first match at or after `start` (look-around sees the text before
    /// it), as `regex::Regex::captures_at` gives them. Not counted as searched bytes: it is
    /// called on the span a [`LazyRegex::find_iter`] match just found.
    pub(crate) fn captures_at<'h>(&self, haystack: &'h str, start: usize) -> Option<Captured<'h>> {
        let regex = self.full.get().unwrap_or_else(|| self.light());
        let mut caps = regex.create_captures();
        regex.search_captures(&Input::new(haystack).range(start..), &mut caps);
        caps.is_match().then_some(Captured { caps, haystack })
    }

    /// The groups of every match in `haystack`, in order.
    pub(crate) fn captures_iter<'a, 'h: 'a>(
        &'a self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Captured<'h>> + 'a {
        self.engine(haystack.len())
            .captures_iter(haystack)
            .map(move |caps| Captured { caps, haystack })
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

/// The capture group names of `pattern` as [`Regex::capture_names`] gives them (index 0, the
/// whole match, first), read from its syntax tree without compiling it.
///
/// # Errors
/// The pattern does not parse.
fn capture_names(pattern: &str) -> Result<Vec<Option<String>>, String> {
    use regex_syntax::ast::{Ast, GroupKind};
    let ast = regex_syntax::ast::parse::Parser::new()
        .parse(pattern)
        .map_err(|e| e.to_string())?;
    let mut groups: Vec<(u32, Option<String>)> = Vec::new();
    // An explicit stack, not recursion: a pattern may nest deeply.
    let mut stack = vec![&ast];
    while let Some(node) = stack.pop() {
        match node {
            Ast::Group(group) => {
                match &group.kind {
                    GroupKind::CaptureIndex(index) => groups.push((*index, None)),
                    GroupKind::CaptureName { name, .. } => {
                        groups.push((name.index, Some(name.name.clone())));
                    }
                    GroupKind::NonCapturing(_) => {}
                }
                stack.push(&group.ast);
            }
            Ast::Repetition(rep) => stack.push(&rep.ast),
            Ast::Alternation(alt) => stack.extend(&alt.asts),
            Ast::Concat(concat) => stack.extend(&concat.asts),
            _ => {}
        }
    }
    groups.sort_by_key(|g| g.0);
    Ok(std::iter::once(None)
        .chain(groups.into_iter().map(|g| g.1))
        .collect())
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
                regex.find_iter("a Roma b Pisa").collect::<Vec<_>>(),
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
            let caps = regex.captures_at(line, 6).unwrap();
            (
                caps.get(0),
                caps.name("w"),
                caps.text(2),
                caps.range_of("p"),
            )
        };
        assert_eq!(regex.find_iter(line).collect::<Vec<_>>(), want);
        assert!(regex.full.get().is_none(), "one line does not switch");
        let light = groups(&regex);
        assert_eq!(light, (Some(8..13), Some("Pisa"), Some("!"), Some(12..13)));
        let long = format!("{line}\n").repeat(FULL_AFTER / line.len() + 1);
        assert_eq!(
            regex.find_iter(&long).count(),
            3 * (FULL_AFTER / line.len() + 1)
        );
        assert!(regex.full.get().is_some(), "a long search switches");
        assert_eq!(regex.find_iter(line).collect::<Vec<_>>(), want);
        assert_eq!(groups(&regex), light);
        assert!(regex.is_match(line) && !regex.is_match("roma"));
        let dates: Vec<_> = regex.captures_iter(line).map(|c| c.name("w")).collect();
        assert_eq!(dates, [Some("Roma"), Some("Pisa"), Some("Zürich")]);
    }

    #[test]
    fn capture_names_agree_with_the_compiled_regex() {
        for pattern in [r"a(?P<x>b)(c)(?:d)((?P<y>e)|f)*", r"(?<n>\p{L}+)", r"plain"] {
            let compiled: Vec<Option<String>> = regex::Regex::new(pattern)
                .unwrap()
                .capture_names()
                .map(|n| n.map(str::to_owned))
                .collect();
            assert_eq!(capture_names(pattern).unwrap(), compiled, "{pattern}");
        }
        assert!(capture_names("(").is_err());
    }

    /// The promise [`LazyRegex::get`] relies on: every built-in regex compiles.
    #[test]
    fn every_built_in_regex_compiles() {
        let rules = crate::RuleSet::builtin();
        let mut count = 0;
        for rule in rules.rules() {
            let mut regexes: Vec<&LazyRegex> = rule.conditions.regexes().collect();
            if let crate::matchers::Matcher::Pattern(m) = &rule.matcher {
                regexes.push(m.regex());
            }
            for regex in regexes {
                assert!(
                    build(regex.as_str(), false).is_ok() && build(regex.as_str(), true).is_ok(),
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

    #[test]
    fn the_size_limit_applies() {
        for light in [true, false] {
            let error = build(r"\w{1000}\w{1000}", light).unwrap_err();
            assert!(error.contains("exceeds size limit"), "{error}");
        }
    }
}
