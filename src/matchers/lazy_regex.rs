//! Regexes compiled on first use: start-up cost is paid only for the rules a document needs.
//!
//! Compiling the built-in packs' regexes (Unicode classes, word-list alternations) is most of
//! what start-up costs, and a short article only ever runs a handful of them: the line
//! prefilter rules the others out on every line. So the built-in rules keep their regex
//! sources and compile each one the first time a line needs it. That they compile at all is
//! checked by the test suite (every built-in rule is compiled and run on its examples), which
//! is why a failure here is a bug, not an input error. Rules from a user's folder are compiled
//! when loaded instead, so that a broken pattern is reported with its file and line.

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};

/// Largest compiled regex, in bytes: a bigger one is a rule-file error, not a slow check.
const REGEX_SIZE_LIMIT: usize = 8 * 1024 * 1024;

/// Compiles `pattern` with calque's limits.
///
/// # Errors
/// The regex does not parse or is larger than [`REGEX_SIZE_LIMIT`].
fn build(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
}

/// A regex source, compiled on first use (or at once, see [`LazyRegex::eager`]).
#[derive(Debug)]
pub(crate) struct LazyRegex {
    source: String,
    regex: OnceLock<Regex>,
}

impl LazyRegex {
    /// A regex compiled the first time [`LazyRegex::get`] needs it; the caller vouches that
    /// `source` compiles (built-in rules, tested).
    pub(crate) fn lazy(source: String) -> Self {
        Self {
            source,
            regex: OnceLock::new(),
        }
    }

    /// An already compiled regex.
    pub(crate) fn eager(regex: Regex) -> Self {
        Self {
            source: regex.as_str().to_owned(),
            regex: OnceLock::from(regex),
        }
    }

    /// A rule's regex: compiled now, so that an error surfaces at load (a user's pack), or on
    /// first use (`lazy`, the built-in packs).
    ///
    /// # Errors
    /// A regex compiled now that does not compile, with the `regex` crate's message.
    pub(crate) fn for_rule(source: String, lazy: bool) -> Result<Self, String> {
        if lazy {
            Ok(Self::lazy(source))
        } else {
            build(&source).map(Self::eager).map_err(|e| e.to_string())
        }
    }

    /// The capture group names, index 0 first: from the compiled regex, or read from the
    /// syntax tree of one not compiled yet.
    ///
    /// # Errors
    /// An uncompiled source that does not parse.
    pub(crate) fn capture_names(&self) -> Result<Vec<Option<String>>, String> {
        match self.regex.get() {
            Some(regex) => Ok(regex
                .capture_names()
                .map(|n| n.map(str::to_owned))
                .collect()),
            None => capture_names(&self.source),
        }
    }

    /// The regex source.
    pub(crate) fn as_str(&self) -> &str {
        &self.source
    }

    /// The compiled regex.
    ///
    /// # Panics
    /// If a lazy source does not compile: the built-in rules' tests rule that out.
    pub(crate) fn get(&self) -> &Regex {
        self.regex.get_or_init(|| {
            build(&self.source).unwrap_or_else(|e| {
                panic!("built-in regex {:?} does not compile: {e}", self.source)
            })
        })
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
        let eager = LazyRegex::eager(build(r"\p{Lu}\p{Ll}+").unwrap());
        assert_eq!(lazy.as_str(), eager.as_str());
        assert_eq!(lazy.get().find("a Roma b").unwrap().as_str(), "Roma");
        assert_eq!(eager.get().find("a Roma b").unwrap().as_str(), "Roma");
    }

    #[test]
    fn capture_names_agree_with_the_compiled_regex() {
        for pattern in [r"a(?P<x>b)(c)(?:d)((?P<y>e)|f)*", r"(?<n>\p{L}+)", r"plain"] {
            let compiled: Vec<Option<String>> = build(pattern)
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
                    build(regex.as_str()).is_ok(),
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
        assert!(build(r"\w{1000}\w{1000}").is_err());
    }
}
