//! Matcher kinds: each finds candidate spans for one rule, in one line or in a whole text.
//!
//! Dispatch is over *kinds* (`pattern`, `phrases`, `quotes`, …), never over rule ids: rules are
//! data. Matchers are pure: no I/O, no printing, and they know nothing of files or line
//! numbers. Line-scope kinds return [`Hit`]s with offsets local to the line they were given;
//! document-scope kinds (which need state across a paragraph or the whole article) get the
//! whole text and return offsets into it.
//!
//! The built-in kinds (`quotes`, `repeated-word`, `consistency`, `untranslated`) each own their
//! parameter struct (deserialised from `[match]`), a `compile` function taking a
//! [`BuildContext`], and the names of the template variables they fill in (`VARIABLES`).

pub(crate) mod consistency;
pub(crate) mod lazy_regex;
pub(crate) mod narrow;
mod pattern;
pub(crate) mod phrases;
pub(crate) mod quotes;
pub(crate) mod repeated_word;
pub(crate) mod template;
pub(crate) mod untranslated;

use std::ops::Range;

pub(crate) use pattern::PatternMatcher;
pub(crate) use phrases::{PhraseEntry, PhrasesMatcher};

pub(crate) use lazy_regex::Haystack;
use lazy_regex::LazyRegex;
use template::Template;

use crate::prefilter::Literal;

/// What a built-in kind gets when its rule is compiled.
pub(crate) struct BuildContext<'a> {
    /// The rule's `message`, parsed.
    pub message: Template,
    /// The rule's `[fix].replace`, parsed, if any.
    pub replace: Option<Template>,
    /// Looks up a word list (`lists/<name>.txt`) by name: the rule's own pack first, then any
    /// loaded pack.
    pub lists: &'a dyn Fn(&str) -> Option<&'a [String]>,
}

impl BuildContext<'_> {
    /// The word list `name`, or a problem naming it.
    pub(crate) fn list(&self, name: &str) -> Result<&[String], String> {
        (self.lists)(name)
            .ok_or_else(|| format!("unknown word list `{name}`: no lists/{name}.txt in any pack"))
    }
}

/// Work shared by the document-scope rules of one document, done by the first rule that needs
/// it: the seven quote checks read one pairing analysis.
#[derive(Debug, Default)]
pub(crate) struct DocumentCache {
    /// The quote analysis, indexed by `continued_paragraphs`.
    pub quotes: [std::sync::OnceLock<Vec<quotes::Found>>; 2],
}

/// Where a matcher looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// One line at a time; hits are line-local.
    Line,
    /// The whole text at once; hits are offsets into the text.
    Document,
}

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
    Quotes(quotes::QuotesMatcher),
    RepeatedWord(repeated_word::RepeatedWordMatcher),
    Consistency(consistency::ConsistencyMatcher),
    Untranslated(untranslated::UntranslatedMatcher),
}

impl Matcher {
    /// Whether the matcher wants lines or the whole text.
    pub(crate) fn scope(&self) -> Scope {
        match self {
            Self::Quotes(_) | Self::Consistency(_) => Scope::Document,
            Self::Pattern(_) | Self::Phrases(_) | Self::RepeatedWord(_) | Self::Untranslated(_) => {
                Scope::Line
            }
        }
    }

    /// Literals (lowercase ASCII) one of which every line with a hit contains, for the line
    /// prefilter: `None` when any line may have a hit, an empty set for document-scope kinds
    /// (they never run in the line loop).
    pub(crate) fn literals(&self) -> Option<Vec<Literal>> {
        match self {
            Self::Pattern(m) => {
                crate::prefilter::required_literals(m.regex().as_str()).map(|required| {
                    let (word_start, word_end) = (required.word_start, required.word_end);
                    (required.literals.into_iter())
                        .map(|text| Literal {
                            text,
                            word_start,
                            word_end,
                        })
                        .collect()
                })
            }
            Self::Phrases(m) => Some(m.literals()),
            Self::Untranslated(m) => m.literals(),
            Self::RepeatedWord(_) => None,
            Self::Quotes(_) | Self::Consistency(_) => Some(Vec::new()),
        }
    }

    /// Compiles now the lazy regexes that every document will need: those of a line rule that
    /// runs on every line (`literals` as [`Matcher::literals`] gave them) and those of the
    /// document-scope checks. `RuleSet::prepare` does this on all cores; left to the first
    /// check, it would run one regex after another.
    pub(crate) fn warm_up(&self, literals: Option<&[Literal]>) {
        match self {
            Self::Pattern(m) if crate::prefilter::runs_on_every_line(literals) => {
                m.regex().warm_up();
            }
            Self::Consistency(m) => m.warm_up(),
            _ => {}
        }
    }

    /// Announces a large amount of text to check: regexes compile with their fastest engines
    /// from the first search (see [`LazyRegex::expect_much`]).
    pub(crate) fn expect_much(&self) {
        match self {
            Self::Pattern(m) => m.regex().expect_much(),
            Self::Consistency(m) => m.expect_much(),
            _ => {}
        }
    }

    /// What the line prefilter can rule this matcher out with, besides its literals.
    pub(crate) fn gate(&self) -> crate::prefilter::Gate<'_> {
        match self {
            Self::Pattern(m) => crate::prefilter::Gate::Regex(m.regex().as_str()),
            Self::RepeatedWord(_) => crate::prefilter::Gate::RepeatedWord,
            _ => crate::prefilter::Gate::None,
        }
    }

    /// Line scope: appends every hit in `line` to `out`, in order of position.
    pub(crate) fn find(&self, line: Haystack<'_>, out: &mut Vec<Hit>) {
        match self {
            Self::Pattern(m) => m.find(line, out),
            Self::Phrases(m) => m.find(line.text(), out),
            Self::RepeatedWord(m) => m.find(line.text(), line.repeated_pairs(), out),
            Self::Untranslated(m) => m.find(line, out),
            Self::Quotes(_) | Self::Consistency(_) => {}
        }
    }

    /// Words this document-scope matcher looks for in the whole text, which the line
    /// prefilter's walk can find for it (see [`crate::prefilter::Prefilter::with_walk_words`]):
    /// lowercase ASCII, numbered by their place here.
    pub(crate) fn walk_words(&self) -> Option<&[String]> {
        match self {
            Self::Consistency(m) => m.walk_words(),
            _ => None,
        }
    }

    /// Document scope: appends every hit in `text` to `out`, with offsets into `text`; `cache`
    /// holds work shared with the other rules of the same document; `walked`, the occurrences
    /// of the [`Matcher::walk_words`] as `(word, start)` in order of position, if the walk over
    /// the lines found them.
    pub(crate) fn find_in_document(
        &self,
        text: &str,
        cache: &DocumentCache,
        walked: Option<&[(u32, u32)]>,
        out: &mut Vec<Hit>,
    ) {
        match self {
            Self::Quotes(m) => m.find_in_document_cached(text, cache, out),
            Self::Consistency(m) => m.find_in_document(text, walked, out),
            Self::Pattern(_) | Self::Phrases(_) | Self::RepeatedWord(_) | Self::Untranslated(_) => {
            }
        }
    }
}

/// Line conditions of a rule, checked after its matcher found hits (LanguageTool's antipatterns
/// and context: the `regex` crate has no look-around).
#[derive(Debug, Default)]
pub(crate) struct Conditions {
    /// A hit lying inside a match of one of these on the same line is dropped.
    exceptions: Vec<LazyRegex>,
    /// Every one of these must match somewhere on the line, or the line's hits are dropped.
    context: Vec<LazyRegex>,
}

impl Conditions {
    /// Wraps exception and context regexes.
    pub(crate) fn new(exceptions: Vec<LazyRegex>, context: Vec<LazyRegex>) -> Self {
        Self {
            exceptions,
            context,
        }
    }

    /// Every exception and context regex, compiled or not.
    pub(crate) fn regexes(&self) -> impl Iterator<Item = &LazyRegex> {
        self.exceptions.iter().chain(&self.context)
    }

    /// See [`Matcher::expect_much`].
    pub(crate) fn expect_much(&self) {
        self.regexes().for_each(LazyRegex::expect_much);
    }

    /// Every exception match in `line`, exception by exception: searched once per line with
    /// hits (see [`crate::text::Cover`]), so that many hits on one long line stay linear.
    pub(crate) fn exception_matches<'s>(
        &'s self,
        line: Haystack<'s>,
    ) -> impl Iterator<Item = Range<usize>> + 's {
        self.exceptions
            .iter()
            .flat_map(move |re| re.find_iter(line))
    }

    /// Whether every context regex matches somewhere in `line`.
    pub(crate) fn context_holds(&self, line: Haystack<'_>) -> bool {
        self.context.iter().all(|re| re.is_match(line))
    }
}

/// Whether `c` is part of a word, for whole-word checks: letters, digits, and the marks that
/// combine with them.
/// The character at byte `i` of `text` (a character boundary) and its length in bytes; ASCII
/// is read without decoding.
#[inline]
pub(crate) fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((char::from(b), 1));
    }
    let c = text[i..].chars().next()?;
    Some((c, c.len_utf8()))
}

/// Whether `c` is in the General Punctuation block (U+2000–U+206F: curly quotes, dashes,
/// ellipsis, special spaces), which holds no letter or digit. News text has these on most
/// lines, and answering for them here skips the Unicode table look-up of `is_alphanumeric`.
#[inline]
pub(crate) fn is_general_punctuation(c: char) -> bool {
    ('\u{2000}'..='\u{206F}').contains(&c)
}

#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    if is_general_punctuation(c) {
        return false;
    }
    c.is_alphanumeric() || c == '_' || ('\u{0300}'..='\u{036F}').contains(&c)
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Assertions named for what they check, shared by the matcher tests.
    use super::*;

    /// Asserts that `matcher` flags exactly `expected` in `text` (one line).
    pub(crate) fn assert_hits(matcher: &Matcher, text: &str, expected: &[&str]) {
        let mut hits = Vec::new();
        matcher.find(Haystack::new(text), &mut hits);
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
        matcher.find(Haystack::new(text), &mut hits);
        hits.into_iter()
            .filter_map(|h| h.suggestions.into_iter().next())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut is exact: no character of the block is a letter, a digit or a mark.
    #[test]
    fn general_punctuation_has_no_word_characters() {
        for c in ('\u{2000}'..='\u{206F}').filter(|&c| is_general_punctuation(c)) {
            assert!(!c.is_alphanumeric(), "{c:?}");
            assert!(!('\u{0300}'..='\u{036F}').contains(&c));
        }
        assert!(is_word_char('é') && !is_word_char('’') && !is_word_char('“'));
    }
}
