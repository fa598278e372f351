//! Matcher kinds: each finds candidate spans in one line of text for one rule.
//!
//! Dispatch is over *kinds* (`pattern`, `phrases`, …), never over rule ids: rules are data.
//! Matchers are pure: no I/O, no printing, and they know nothing of documents or line numbers.
//! They return [`Hit`]s with offsets local to the line they were given.

mod pattern;
pub(crate) mod phrases;
pub(crate) mod template;

use std::ops::Range;

use regex::Regex;

pub(crate) use pattern::PatternMatcher;
pub(crate) use phrases::{PhraseEntry, PhrasesMatcher};

/// A candidate finding inside one line: the flagged span, its message and its replacements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Byte range inside the line.
    pub range: Range<usize>,
    /// The rule's message with the hit's text filled in.
    pub message: String,
    /// Replacements for `range`, best first.
    pub suggestions: Vec<String>,
}

/// A compiled matcher of one of the kinds a rule file may choose.
#[derive(Debug)]
pub(crate) enum Matcher {
    Pattern(PatternMatcher),
    Phrases(PhrasesMatcher),
}

impl Matcher {
    /// Appends every hit in `line` to `out`, in order of position.
    pub(crate) fn find(&self, line: &str, out: &mut Vec<Hit>) {
        match self {
            Self::Pattern(m) => m.find(line, out),
            Self::Phrases(m) => m.find(line, out),
        }
    }
}

/// Regexes whose matches on the same line suppress a hit lying inside one of them
/// (LanguageTool's antipatterns: the `regex` crate has no look-around).
#[derive(Debug, Default)]
pub(crate) struct Exceptions {
    regexes: Vec<Regex>,
}

impl Exceptions {
    /// Wraps compiled exception regexes.
    pub(crate) fn new(regexes: Vec<Regex>) -> Self {
        Self { regexes }
    }

    /// Whether a hit at `range` of `line` lies inside a match of any exception.
    pub(crate) fn suppresses(&self, line: &str, range: &Range<usize>) -> bool {
        self.regexes.iter().any(|re| {
            re.find_iter(line)
                .any(|m| m.start() <= range.start && range.end <= m.end())
        })
    }
}

/// Whether `c` is part of a word, for whole-word checks: letters, digits, and the marks that
/// combine with them.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || ('\u{0300}'..='\u{036F}').contains(&c)
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Assertions named for what they check, shared by the matcher tests.
    use super::*;

    /// Asserts that `matcher` flags exactly `expected` in `text` (one line).
    pub(crate) fn assert_hits(matcher: &Matcher, text: &str, expected: &[&str]) {
        let mut hits = Vec::new();
        matcher.find(text, &mut hits);
        let got: Vec<&str> = hits.iter().map(|h| &text[h.range.clone()]).collect();
        assert_eq!(got, expected, "hits in {text:?}");
    }

    /// Asserts that `matcher` flags nothing in `text`.
    pub(crate) fn assert_no_hits(matcher: &Matcher, text: &str) {
        assert_hits(matcher, text, &[]);
    }

    /// The first suggestion of each hit in `text`.
    pub(crate) fn first_suggestions(matcher: &Matcher, text: &str) -> Vec<String> {
        let mut hits = Vec::new();
        matcher.find(text, &mut hits);
        hits.into_iter()
            .filter_map(|h| h.suggestions.into_iter().next())
            .collect()
    }
}
