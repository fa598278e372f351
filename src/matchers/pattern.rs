//! `kind = "pattern"`: a regex, an optional `mark` group that narrows the flagged span, and a
//! replacement template expanded from the match's groups.

use super::lazy_regex::{Haystack, LazyRegex};
use super::template::Template;
use super::Hit;

/// A compiled `pattern` rule.
#[derive(Debug)]
pub(crate) struct PatternMatcher {
    regex: LazyRegex,
    /// Index of the group that is flagged and replaced; 0 is the whole match.
    mark: usize,
    message: Template,
    replace: Option<Template>,
}

impl PatternMatcher {
    /// Builds a matcher; the caller has validated that `mark` and every template group exist.
    pub(crate) fn new(
        regex: LazyRegex,
        mark: usize,
        message: Template,
        replace: Option<Template>,
    ) -> Self {
        Self {
            regex,
            mark,
            message,
            replace,
        }
    }

    /// The regex, compiled or not yet.
    pub(crate) fn regex(&self) -> &LazyRegex {
        &self.regex
    }

    pub(crate) fn find(&self, line: Haystack<'_>, out: &mut Vec<Hit>) {
        // `find_iter` runs the fast engines; the slower capture search runs only on the rare hit.
        for m in self.regex.find_iter(line) {
            let Some(caps) = self.regex.captures_at(line, m.start) else {
                continue;
            };
            let span = caps
                .get(self.mark)
                .unwrap_or_else(|| caps.get(0).expect("group 0 always matches"));
            out.push(Hit {
                range: span,
                message: self.message.expand_captures(&caps),
                suggestions: self
                    .replace
                    .iter()
                    .map(|t| t.expand_captures(&caps))
                    .collect(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matchers::test_support::*;
    use crate::matchers::Matcher;

    fn matcher(pattern: &str, mark: &str, replace: Option<&str>) -> Matcher {
        let regex = LazyRegex::for_rule(pattern.to_owned(), false).unwrap();
        let mark = if mark.is_empty() {
            0
        } else {
            let names = regex.capture_names().unwrap();
            names
                .iter()
                .position(|n| n.as_deref() == Some(mark))
                .unwrap()
        };
        Matcher::Pattern(PatternMatcher::new(
            regex,
            mark,
            Template::parse("found $0"),
            replace.map(Template::parse),
        ))
    }

    #[test]
    fn mark_narrows_the_span_and_the_replacement() {
        let m = matcher(r"\p{Ll}(?P<p>[.!?])\p{Lu}", "p", Some("$p "));
        assert_hits(&m, "the pandemic.Russia and ended!The", &[".", "!"]);
        assert_eq!(first_suggestions(&m, "pandemic.Russia"), vec![". "]);
    }

    #[test]
    fn hits_at_line_edges_and_after_non_ascii() {
        let m = matcher(r"Born", "", Some("NATO"));
        assert_hits(&m, "Born", &["Born"]);
        assert_hits(&m, "“È la Born”", &["Born"]);
        assert_no_hits(&m, "");
    }

    #[test]
    fn message_expands_the_match() {
        let m = matcher(r"x+", "", None);
        let mut hits = Vec::new();
        m.find(Haystack::new("a xx b"), &mut hits);
        assert_eq!(hits[0].message, "found xx");
        assert!(hits[0].suggestions.is_empty());
    }
}
