//! Facts read from rule regexes without compiling them (required literals, capture group
//! names), with the built-in rules' answers prepared at build time.
//!
//! Reading a regex means parsing it into a syntax tree and, for its literals, translating it
//! and multiplying out case-insensitive alternations: a sixth of everything start-up did with
//! a short article. The built-in rules' regexes never change after the build, so `build.rs`
//! reads them then, with the same code ([`read`], included there), and the answers are looked
//! up here by the regex's exact source. A regex not in the table (a user's rule, or a built-in
//! pattern `build.rs` expanded differently) is read at load time: the table can make loading
//! faster, never different.

pub(crate) mod pairs;
mod read;

include!(concat!(env!("OUT_DIR"), "/regex_facts.rs"));

/// The prepared facts of `pattern`, if `build.rs` read it.
fn prepared(pattern: &str) -> Option<&'static Prepared> {
    PREPARED
        .binary_search_by(|entry| entry.pattern.cmp(pattern))
        .ok()
        .map(|i| &PREPARED[i])
}

pub(crate) use read::RequiredLiterals;

/// The literals every match of `pattern` contains (lowercased ASCII), and whether a word
/// character may precede or follow them in a match, or `None` when the regex can match without
/// any (then the rule runs on every line).
pub(crate) fn required_literals(pattern: &str) -> Option<RequiredLiterals> {
    match prepared(pattern) {
        Some(entry) => entry.required_literals(),
        None => read::required_literals(pattern),
    }
}

impl Prepared {
    /// What [`read::required_literals`] gave at build time.
    fn required_literals(&self) -> Option<RequiredLiterals> {
        self.literals.map(|set| RequiredLiterals {
            literals: set.iter().map(|&s| s.to_owned()).collect(),
            word_start: self.word_start,
            word_end: self.word_end,
        })
    }
}

/// The capture group names of `pattern` as `regex::Regex::capture_names` gives them (index 0,
/// the whole match, first).
///
/// # Errors
/// The pattern does not parse.
pub(crate) fn capture_names(pattern: &str) -> Result<Vec<Option<String>>, String> {
    match prepared(pattern) {
        Some(entry) => Ok(entry.names.iter().map(|n| n.map(str::to_owned)).collect()),
        None => read::capture_names(pattern),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table holds what reading each regex now gives (it cannot go stale: it is built from
    /// the same code), sorted for the binary search.
    #[test]
    fn prepared_facts_are_what_reading_gives() {
        assert!(PREPARED.windows(2).all(|w| w[0].pattern < w[1].pattern));
        for entry in PREPARED {
            assert_eq!(
                entry.required_literals(),
                read::required_literals(entry.pattern),
                "{}",
                entry.pattern
            );
            let names: Vec<Option<String>> =
                entry.names.iter().map(|n| n.map(str::to_owned)).collect();
            assert_eq!(
                Ok(names),
                read::capture_names(entry.pattern),
                "{}",
                entry.pattern
            );
        }
    }

    /// Every built-in pattern rule's regex, as loading expands it, is in the table: otherwise
    /// `build.rs` and loading disagree on macros, and start-up silently reads it again.
    #[test]
    fn every_built_in_pattern_is_prepared() {
        let rules = crate::RuleSet::builtin();
        let mut count = 0;
        for rule in rules.rules() {
            if let crate::matchers::Matcher::Pattern(m) = &rule.matcher {
                assert!(prepared(m.regex().as_str()).is_some(), "{}", rule.id());
                count += 1;
            }
        }
        assert!(count > 30, "{count}");
        assert!(prepared("a user's (?P<own>pattern)").is_none());
        assert_eq!(
            capture_names("a user's (?P<own>pattern)").unwrap(),
            [None, Some("own".to_owned())]
        );
    }
}
