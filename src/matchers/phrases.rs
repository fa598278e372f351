//! `kind = "phrases"`: literal phrases, or a wrong → right table, matched as whole words in one
//! pass (Aho-Corasick), with case-sensitive, case-insensitive and case-preserving modes.
//!
//! Case-insensitive matching folds ASCII letters only; non-ASCII letters must match exactly
//! (`perché` matches `Perché` but not `PERCHÉ`). That keeps byte offsets exact and matching
//! one pass; phrase tables list the rare non-ASCII capitalised forms they need.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::template::{GroupRef, Template};
use super::{is_word_char, Hit};
use crate::prefilter::Literal;
use crate::rules::schema::CaseMode;

/// One phrase and, in table form, its replacement.
#[derive(Debug, Clone)]
pub(crate) struct PhraseEntry {
    pub phrase: String,
    pub replacement: Option<String>,
}

/// A compiled `phrases` rule.
#[derive(Debug)]
pub(crate) struct PhrasesMatcher {
    automaton: AhoCorasick,
    entries: Vec<PhraseEntry>,
    case: CaseMode,
    whole_word: bool,
    message: Template,
    /// `[fix].replace` for the list form; the table form carries its own replacements.
    replace: Option<Template>,
}

impl PhrasesMatcher {
    /// Builds the automaton.
    ///
    /// # Errors
    /// Fails if the automaton is too large to build.
    pub(crate) fn new(
        entries: Vec<PhraseEntry>,
        case: CaseMode,
        whole_word: bool,
        message: Template,
        replace: Option<Template>,
    ) -> Result<Self, String> {
        // A compact automaton: it only runs on the lines where the prefilter saw one of the
        // phrases, and a DFA per rule cost 18 KB and build time for each of a thousand rules.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .ascii_case_insensitive(case != CaseMode::Sensitive)
            .build(entries.iter().map(|e| &e.phrase))
            .map_err(|e| format!("cannot build the phrase table: {e}"))?;
        Ok(Self {
            automaton,
            entries,
            case,
            whole_word,
            message,
            replace,
        })
    }

    /// The phrases, lowercased (ASCII), for the line prefilter.
    pub(crate) fn literals(&self) -> Vec<Literal> {
        self.entries
            .iter()
            .map(|e| Literal {
                text: e.phrase.to_ascii_lowercase(),
                // The whole-word test applies where the phrase starts or ends with a word char.
                word_start: self.whole_word && e.phrase.chars().next().is_some_and(is_word_char),
                word_end: self.whole_word && e.phrase.chars().next_back().is_some_and(is_word_char),
            })
            .collect()
    }

    pub(crate) fn find(&self, line: &str, out: &mut Vec<Hit>) {
        // Overlapping search, then leftmost-longest selection: a longer phrase that fails the
        // whole-word test must not hide a shorter one that passes at the same place.
        let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
        for m in self.automaton.find_overlapping_iter(line) {
            let (start, end) = (m.start(), m.end());
            if !line.is_char_boundary(start) || !line.is_char_boundary(end) {
                continue;
            }
            let entry = &self.entries[m.pattern().as_usize()];
            if self.case != CaseMode::Sensitive
                && !non_ascii_equal(&line[start..end], &entry.phrase)
            {
                continue;
            }
            if self.whole_word && !is_whole_word(line, start, end) {
                continue;
            }
            candidates.push((start, end, m.pattern().as_usize()));
        }
        candidates.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut next_free = 0;
        for (start, end, index) in candidates {
            if start < next_free {
                continue;
            }
            next_free = end;
            out.push(self.hit(line, start, end, &self.entries[index]));
        }
    }

    fn hit(&self, line: &str, start: usize, end: usize, entry: &PhraseEntry) -> Hit {
        let text = &line[start..end];
        let replacement = match (&entry.replacement, &self.replace) {
            (Some(fixed), _) => Some(fixed.clone()),
            (None, Some(template)) => Some(template.expand(|g| match g {
                GroupRef::Index(0) => Some(text),
                _ => None,
            })),
            (None, None) => None,
        };
        let replacement = replacement.map(|r| match self.case {
            CaseMode::Preserve => match_case(text, &r),
            _ => r,
        });
        let message = self.message.expand(|g| match g {
            GroupRef::Index(0) => Some(text),
            GroupRef::Name(n) if n == "replacement" => replacement.as_deref(),
            _ => None,
        });
        Hit {
            range: start..end,
            message,
            suggestions: replacement.into_iter().collect(),
        }
    }
}

/// The template groups a phrases rule may use: `$0` (the hit) and `$replacement`.
pub(crate) fn is_phrase_group(group: &GroupRef) -> bool {
    matches!(group, GroupRef::Index(0)) || matches!(group, GroupRef::Name(n) if n == "replacement")
}

/// ASCII folding matched the hit; its non-ASCII bytes must still be identical.
fn non_ascii_equal(hit: &str, phrase: &str) -> bool {
    hit.bytes()
        .zip(phrase.bytes())
        .all(|(a, b)| a == b || (a.is_ascii() && b.is_ascii()))
}

/// Whether `line[start..end]` is not glued to a word character on either side, where the
/// phrase itself begins or ends with a word character.
pub(crate) fn is_whole_word(line: &str, start: usize, end: usize) -> bool {
    let phrase = &line[start..end];
    let first_is_word = phrase.chars().next().is_some_and(is_word_char);
    let last_is_word = phrase.chars().next_back().is_some_and(is_word_char);
    let before_ok = !first_is_word || !line[..start].chars().next_back().is_some_and(is_word_char);
    let after_ok = !last_is_word || !line[end..].chars().next().is_some_and(is_word_char);
    before_ok && after_ok
}

/// Copies the case of `hit` onto `replacement` (Harper's `replace_with_match_case`): all caps
/// stays all caps, a capital first letter stays capital; otherwise the replacement is kept as
/// written, so that proper nouns (`NATO`, `Meloni`) keep their capitals.
pub(crate) fn match_case(hit: &str, replacement: &str) -> String {
    let letters: Vec<char> = hit.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return replacement.to_uppercase();
    }
    if letters.first().is_some_and(|c| c.is_uppercase()) {
        let mut chars = replacement.chars();
        return match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
    }
    replacement.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matchers::test_support::*;
    use crate::matchers::Matcher;

    fn table(pairs: &[(&str, &str)], case: CaseMode) -> Matcher {
        let entries = pairs
            .iter()
            .map(|(p, r)| PhraseEntry {
                phrase: (*p).into(),
                replacement: Some((*r).into()),
            })
            .collect();
        Matcher::Phrases(
            PhrasesMatcher::new(
                entries,
                case,
                true,
                Template::parse("“$0” → “$replacement”"),
                None,
            )
            .unwrap(),
        )
    }

    #[test]
    fn whole_words_only() {
        let m = table(&[("the Born", "NATO")], CaseMode::Sensitive);
        assert_hits(
            &m,
            "allies of the Born, and the Born.",
            &["the Born", "the Born"],
        );
        assert_no_hits(&m, "bathe Born");
        assert_no_hits(&m, "the Borne");
        assert_no_hits(&m, "the born leader");
    }

    #[test]
    fn longest_phrase_wins_but_shorter_survives_a_failed_boundary() {
        let m = table(
            &[("Born", "NATO"), ("Born summit", "NATO summit")],
            CaseMode::Sensitive,
        );
        assert_hits(&m, "the Born summit", &["Born summit"]);
        assert_hits(&m, "the Born summits", &["Born"]);
    }

    #[test]
    fn preserve_copies_case() {
        let m = table(&[("make attention", "pay attention")], CaseMode::Preserve);
        assert_eq!(
            first_suggestions(&m, "Make attention now"),
            vec!["Pay attention"]
        );
        assert_eq!(
            first_suggestions(&m, "MAKE ATTENTION"),
            vec!["PAY ATTENTION"]
        );
        assert_eq!(
            first_suggestions(&m, "we make attention"),
            vec!["pay attention"]
        );
    }

    #[test]
    fn insensitive_folds_ascii_only_and_respects_non_ascii_neighbours() {
        let m = table(&[("perché", "because")], CaseMode::Insensitive);
        assert_hits(&m, "Perché no", &["Perché"]);
        assert_no_hits(&m, "PERCHÉ no");
        assert_no_hits(&m, "èperché");
        assert_hits(&m, "“perché”", &["perché"]);
    }

    #[test]
    fn message_names_hit_and_replacement() {
        let m = table(&[("Melons", "Meloni")], CaseMode::Sensitive);
        let mut hits = Vec::new();
        m.find(
            crate::matchers::Haystack::new("Prime minister Melons said"),
            &mut hits,
        );
        assert_eq!(hits[0].message, "“Melons” → “Meloni”");
    }

    #[test]
    fn match_case_keeps_proper_nouns() {
        assert_eq!(match_case("the born", "NATO"), "NATO");
        assert_eq!(match_case("The", "a"), "A");
        assert_eq!(match_case("", "x"), "x");
    }
}
