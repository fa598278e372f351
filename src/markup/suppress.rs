//! Inline suppression comments in Markdown and HTML: which rules are silenced on which lines.
//!
//! ```text
//! <!-- calque-disable RULE… -->            from this line …
//! <!-- calque-enable RULE… -->             … to this line (inclusive)
//! <!-- calque-disable-next-line RULE… -->  the line after the comment only
//! ```
//!
//! A RULE is a rule id (`core/doubled-space`) or a pack name (`it-en`); several may be given,
//! separated by commas or spaces; none means every rule. `calque-enable` without a rule ends
//! every open region; with rules, it ends the regions opened for exactly those names (so
//! `calque-enable core/x` does not punch a hole in `calque-disable core`). A region never
//! closed runs to the end of the file. Only real comments count: a directive shown inside a
//! code block or a code span is text, not a directive.
//!
//! This module only reads the comments; the engine asks [`Suppressions::is_suppressed`] for
//! each finding, and may warn about [`Suppressions::mentioned_rules`] that no rule matches.

use std::collections::BTreeSet;

use super::{html, markdown, Comment, DocumentKind};
use crate::text::{LineIndex, TextSize};

/// What a region silences.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// Every rule.
    All,
    /// A rule id (`pack/name`) or a pack (`pack`).
    Name(String),
}

impl Target {
    fn covers(&self, rule_id: &str) -> bool {
        match self {
            Self::All => true,
            Self::Name(name) if name.contains('/') => name == rule_id,
            Self::Name(pack) => rule_id
                .strip_prefix(pack.as_str())
                .is_some_and(|rest| rest.starts_with('/')),
        }
    }
}

/// Lines `first..=last` (0-based, of the source) where `target` is silenced.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Region {
    target: Target,
    first: usize,
    last: usize,
}

/// The suppression comments of one document.
///
/// ```
/// use calque::markup::{DocumentKind, Suppressions};
///
/// let source = "<!-- calque-disable-next-line it-en -->\nthe Born\nthe Born\n";
/// let suppressions = Suppressions::parse(DocumentKind::Markdown, source);
/// assert!(suppressions.is_suppressed("it-en/nato-as-the-born", 1));
/// assert!(!suppressions.is_suppressed("it-en/nato-as-the-born", 2));
/// assert!(!suppressions.is_suppressed("core/doubled-space", 1));
/// assert_eq!(suppressions.mentioned_rules().collect::<Vec<_>>(), ["it-en"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suppressions {
    regions: Vec<Region>,
    mentioned: BTreeSet<String>,
}

/// The directives, as written after `<!--`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Directive {
    Disable,
    Enable,
    DisableNextLine,
}

impl Suppressions {
    /// Reads the suppression comments of `source` as `kind`; plain text has none.
    pub fn parse(kind: DocumentKind, source: &str) -> Self {
        match kind {
            DocumentKind::Markdown => Self::from_comments(source, &markdown::scan(source).comments),
            DocumentKind::Html => {
                Self::from_comments(source, &html::scan(source, 0..source.len()).comments)
            }
            DocumentKind::Text => Self::default(),
        }
    }

    /// Whether findings of `rule_id` on 0-based source line `line` are silenced.
    pub fn is_suppressed(&self, rule_id: &str, line: usize) -> bool {
        self.regions
            .iter()
            .any(|r| r.first <= line && line <= r.last && r.target.covers(rule_id))
    }

    /// Whether no line is silenced for any rule (the engine can skip the lookups).
    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    /// Every rule id or pack name the directives mention, sorted and without duplicates, so
    /// that the caller can warn about names that match no rule.
    pub fn mentioned_rules(&self) -> impl Iterator<Item = &str> {
        self.mentioned.iter().map(String::as_str)
    }

    /// Builds the regions from the comments of a scan (sorted by position).
    pub(crate) fn from_comments(source: &str, comments: &[Comment]) -> Self {
        let mut suppressions = Self::default();
        if comments.is_empty() {
            return suppressions;
        }
        let index = LineIndex::new(source);
        let line_of = |offset: usize| index.line_of(TextSize::new(offset));
        // Regions opened by `calque-disable` and not yet closed: (target, first line).
        let mut open: Vec<(Target, usize)> = Vec::new();
        for comment in comments {
            let Some((directive, targets)) = parse_directive(&source[comment.body.clone()]) else {
                continue;
            };
            for target in &targets {
                if let Target::Name(name) = target {
                    suppressions.mentioned.insert(name.clone());
                }
            }
            let first = line_of(comment.range.start);
            match directive {
                Directive::Disable => open.extend(targets.into_iter().map(|t| (t, first))),
                Directive::DisableNextLine => {
                    let next = line_of(comment.range.end) + 1;
                    suppressions
                        .regions
                        .extend(targets.into_iter().map(|target| Region {
                            target,
                            first: next,
                            last: next,
                        }));
                }
                Directive::Enable => {
                    let last = line_of(comment.range.end);
                    let closes = |t: &Target| targets.contains(&Target::All) || targets.contains(t);
                    let (closed, still_open): (Vec<_>, Vec<_>) =
                        open.into_iter().partition(|(t, _)| closes(t));
                    open = still_open;
                    suppressions
                        .regions
                        .extend(closed.into_iter().map(|(target, first)| Region {
                            target,
                            first,
                            last,
                        }));
                }
            }
        }
        suppressions
            .regions
            .extend(open.into_iter().map(|(target, first)| Region {
                target,
                first,
                last: usize::MAX,
            }));
        suppressions
    }
}

/// Reads a comment body such as ` calque-disable core/a, it-en ` into its directive and
/// targets (`[All]` when no rule is named); `None` for any other comment.
fn parse_directive(body: &str) -> Option<(Directive, Vec<Target>)> {
    let body = body.trim();
    let (word, rest) = body
        .split_once(|c: char| c.is_whitespace())
        .unwrap_or((body, ""));
    let directive = match word {
        "calque-disable" => Directive::Disable,
        "calque-enable" => Directive::Enable,
        "calque-disable-next-line" => Directive::DisableNextLine,
        _ => return None,
    };
    let mut targets: Vec<Target> = rest
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|name| !name.is_empty())
        .map(|name| Target::Name(name.to_owned()))
        .collect();
    if targets.is_empty() {
        targets.push(Target::All);
    }
    Some((directive, targets))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{fuzz_iterations, random_source, Rng};
    use super::*;

    fn markdown(source: &str) -> Suppressions {
        Suppressions::parse(DocumentKind::Markdown, source)
    }

    /// The 0-based lines on which `rule` is silenced, among the first `lines`.
    fn silenced(suppressions: &Suppressions, rule: &str, lines: usize) -> Vec<usize> {
        (0..lines)
            .filter(|&l| suppressions.is_suppressed(rule, l))
            .collect()
    }

    #[test]
    fn region_runs_from_disable_to_enable_line() {
        let s = markdown(
            "a\n<!-- calque-disable core/doubled-space -->\nb\nc\n<!-- calque-enable core/doubled-space -->\nd\n",
        );
        assert_eq!(silenced(&s, "core/doubled-space", 7), [1, 2, 3, 4]);
        assert!(silenced(&s, "core/other", 7).is_empty());
        assert!(!s.is_empty());
    }

    #[test]
    fn unclosed_region_runs_to_the_end() {
        let s = markdown("a\n<!-- calque-disable -->\nb\n");
        assert_eq!(silenced(&s, "any/rule", 3), [1, 2]);
        assert!(s.is_suppressed("any/rule", 1_000_000));
    }

    #[test]
    fn next_line_counts_from_the_end_of_the_comment() {
        let s = markdown("<!--\ncalque-disable-next-line it-en\n-->\nthe Born\nthe Born\n");
        assert_eq!(silenced(&s, "it-en/nato-as-the-born", 6), [3]);
    }

    #[test]
    fn packs_and_lists_of_rules() {
        let s = Suppressions::parse(
            DocumentKind::Html,
            "<!-- calque-disable-next-line it-en, core/a en/b -->\r\nx\r\n",
        );
        assert!(s.is_suppressed("it-en/x", 1));
        assert!(s.is_suppressed("core/a", 1));
        assert!(s.is_suppressed("en/b", 1));
        assert!(!s.is_suppressed("core/b", 1));
        assert!(!s.is_suppressed("en/a", 1));
        // A pack name is not a prefix of another pack's name.
        assert!(!s.is_suppressed("it-en-x/y", 1));
        assert!(!s.is_suppressed("it-en", 1));
        assert_eq!(
            s.mentioned_rules().collect::<Vec<_>>(),
            ["core/a", "en/b", "it-en"]
        );
    }

    #[test]
    fn enable_without_rules_ends_every_region_and_with_rules_only_theirs() {
        let s = markdown(
            "<!-- calque-disable core -->\n<!-- calque-disable en/x -->\n\
             <!-- calque-enable core -->\nx\n<!-- calque-enable -->\ny\n",
        );
        assert_eq!(silenced(&s, "core/a", 6), [0, 1, 2]);
        assert_eq!(silenced(&s, "en/x", 6), [1, 2, 3, 4]);
    }

    #[test]
    fn directives_in_code_and_other_comments_are_ignored() {
        let s = markdown(
            "```\n<!-- calque-disable -->\n```\n\n`<!-- calque-disable -->`\n\n\
             <!-- calque-disabled -->\n<!-- just a note -->\n",
        );
        assert!(s.is_empty());
        assert_eq!(s.mentioned_rules().count(), 0);
        let html = Suppressions::parse(
            DocumentKind::Html,
            "<script>/* <!-- calque-disable --> */</script>\nx\n",
        );
        assert!(html.is_empty());
    }

    #[test]
    fn plain_text_and_empty_sources_have_no_suppressions() {
        assert!(Suppressions::parse(DocumentKind::Text, "<!-- calque-disable -->").is_empty());
        assert!(markdown("").is_empty());
        assert!(Suppressions::parse(DocumentKind::Html, "").is_empty());
        assert!(Suppressions::parse(DocumentKind::Html, "<!-- calque-disable").is_empty());
    }

    #[test]
    fn random_input_never_panics() {
        let mut rng = Rng::new(42);
        for _ in 0..fuzz_iterations(2000) {
            let source = random_source(&mut rng);
            for kind in [DocumentKind::Markdown, DocumentKind::Html] {
                let s = Suppressions::parse(kind, &source);
                let _ = s.is_suppressed("core/x", 0);
            }
        }
    }
}
