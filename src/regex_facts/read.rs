//! What calque reads from a regex's syntax without compiling it: the literals every match
//! contains (for the line prefilter) and the capture group names.
//!
//! Self-contained (the standard library and `regex-syntax` only): `build.rs` includes this
//! file to read the built-in rules' regexes once, at build time (see [`super`]), and the
//! library includes it to read any other regex when it is loaded.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Most strings a literal set may hold before it is given up (a big alternation, a class
/// such as `\p{Lu}`): beyond it the set filters nothing and costs an automaton.
const MAX_SET: usize = 400;

/// A set of strings, one of which every match contains; `exact` when the node matches exactly
/// one of them and nothing else; `prefix` and `suffix` when every match starts (ends) with one
/// of them, so that `[ ]+[,;]` still yields ` ,` and ` ;`.
#[derive(Debug, Clone, Default)]
struct Literals {
    exact: Option<Set>,
    required: Option<Required>,
    prefix: Option<Set>,
    suffix: Option<Set>,
}

/// A set of literals, shared: one node's set is often its prefix, suffix and exact set at once,
/// and is passed up the tree unchanged, so it is counted rather than copied.
type Set = std::rc::Rc<Vec<String>>;

/// A required set, and which of its ends stand apart in every match.
type Required = (Set, Apart);

/// Whether no word character comes right before (`start`) or right after (`end`) the required
/// literal in any match (the regex has punctuation, a space or an end of the text there): the
/// prefilter then skips an occurrence a letter touches, as `the russia` in `the Russian`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Apart {
    start: bool,
    end: bool,
}

impl Apart {
    fn new(start: bool, end: bool) -> Self {
        Self { start, end }
    }

    /// Boundaries of either side: they filter, and stop a set being made minimal.
    fn any(self) -> bool {
        self.start || self.end
    }
}

impl Literals {
    /// A node matching exactly one of `set`: its own prefix and suffix.
    fn exactly(set: Option<Set>) -> Self {
        Self {
            prefix: set.clone(),
            suffix: set.clone(),
            exact: set,
            required: None,
        }
    }
}

/// Most strings a set made by joining a part's prefix or suffix to its neighbours may hold:
/// such sets multiply quickly (`(said|declared) each other (available|…)`), and every string
/// is one more pattern in the prefilter's automaton, whose DFA tripled in size without them
/// being capped. A longer set is not formed; the shorter literals stay.
const MAX_JOINED: usize = 32;

/// What [`required_literals`] reads from a regex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RequiredLiterals {
    /// Every match contains one of these (lowercased ASCII).
    pub(crate) literals: Vec<String>,
    /// In a match, no word character precedes the literal it contains.
    pub(crate) word_start: bool,
    /// In a match, no word character follows the literal it contains.
    pub(crate) word_end: bool,
}

/// The literals every match of `pattern` contains, or `None` when the regex can match without
/// any (then the rule runs on every line).
pub(crate) fn required_literals(pattern: &str) -> Option<RequiredLiterals> {
    let lits = literals(&literal_hir(pattern)?);
    best(lits.required.into_iter().chain(anywhere(lits.exact))).map(|(set, apart)| {
        RequiredLiterals {
            literals: std::rc::Rc::try_unwrap(set).unwrap_or_else(|shared| (*shared).clone()),
            word_start: apart.start,
            word_end: apart.end,
        }
    })
}

/// A node's exact set as a required one, with nothing known of what surrounds it.
fn anywhere(set: Option<Set>) -> Option<Required> {
    set.map(|set| (set, Apart::default()))
}

/// Whether `c` is surely not a word character (`crate::matchers::is_word_char`): ASCII other
/// than letters, digits and `_`, General Punctuation (curly quotes, dashes, special spaces) or
/// white space. A subset, so that this file stays self-contained for `build.rs`: a character
/// it does not know is taken to be a word character, which only loses a boundary.
fn surely_not_word(c: char) -> bool {
    if c.is_ascii() {
        !(c.is_ascii_alphanumeric() || c == '_')
    } else {
        ('\u{2000}'..='\u{206F}').contains(&c) || c.is_whitespace()
    }
}

/// Whether every match of `items` in sequence starts (`forward`) or ends (backward) with a
/// character that is surely not a word character, or at an end of the text or line: what
/// comes after (before) a literal then never joins it into a longer word.
fn apart(items: &[Hir], forward: bool) -> bool {
    use regex_syntax::hir::Look;
    let edge = if forward {
        [Look::End, Look::EndLF, Look::EndCRLF]
    } else {
        [Look::Start, Look::StartLF, Look::StartCRLF]
    };
    let check = |item: &Hir| match item.kind() {
        HirKind::Look(look) if edge.contains(look) => Some(true),
        // Other assertions consume nothing: the next item says what comes.
        HirKind::Look(_) => None,
        _ => Some(edge_apart(item, forward)),
    };
    let found = if forward {
        items.iter().find_map(check)
    } else {
        items.iter().rev().find_map(check)
    };
    found.unwrap_or(false)
}

/// [`apart`] for one node.
fn edge_apart(hir: &Hir, forward: bool) -> bool {
    match hir.kind() {
        HirKind::Literal(lit) => std::str::from_utf8(&lit.0)
            .ok()
            .and_then(|s| {
                if forward {
                    s.chars().next()
                } else {
                    s.chars().next_back()
                }
            })
            .is_some_and(surely_not_word),
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .all(|r| (r.start()..=r.end()).all(surely_not_word)),
        HirKind::Class(Class::Bytes(class)) => class
            .ranges()
            .iter()
            .all(|r| (r.start()..=r.end()).all(|b| b.is_ascii() && surely_not_word(char::from(b)))),
        HirKind::Capture(cap) => edge_apart(&cap.sub, forward),
        HirKind::Repetition(rep) => rep.min > 0 && edge_apart(&rep.sub, forward),
        HirKind::Alternation(alts) => alts
            .iter()
            .all(|alt| apart(std::slice::from_ref(alt), forward)),
        HirKind::Concat(items) => apart(items, forward),
        HirKind::Look(_) => apart(std::slice::from_ref(hir), forward),
        HirKind::Empty => false,
    }
}

/// `pattern`'s syntax tree with every Unicode or Perl class (`\p{L}`, `\w`, and bracketed
/// classes holding one) turned into `.`: such classes are far too large to yield literals, and
/// building their tables was most of what reading the built-in patterns cost at start-up.
/// Seeing a class as any character only ever loses a literal or a boundary, never invents
/// one. `\s` is the exception: small, and a boundary wherever it touches a literal. Bytes are
/// allowed (`.` under `(?-u)`): such a node yields no literal either.
fn literal_hir(pattern: &str) -> Option<Hir> {
    let mut ast = regex_syntax::ast::parse::Parser::new()
        .parse(pattern)
        .ok()?;
    widen_classes(&mut ast);
    regex_syntax::hir::translate::TranslatorBuilder::new()
        .utf8(false)
        .build()
        .translate(pattern, &ast)
        .ok()
}

/// Replaces, in place, the classes [`literal_hir`] does not need with `.`.
fn widen_classes(ast: &mut regex_syntax::ast::Ast) {
    use regex_syntax::ast::{Ast, ClassSet, ClassSetItem};
    /// Whether a bracketed class holds a Unicode or Perl class anywhere.
    fn has_big_item(set: &ClassSet) -> bool {
        match set {
            ClassSet::BinaryOp(op) => has_big_item(&op.lhs) || has_big_item(&op.rhs),
            ClassSet::Item(item) => is_big(item),
        }
    }
    fn is_big(item: &ClassSetItem) -> bool {
        match item {
            ClassSetItem::Unicode(_) => true,
            ClassSetItem::Perl(perl) => !is_space(perl),
            ClassSetItem::Bracketed(inner) => has_big_item(&inner.kind),
            ClassSetItem::Union(union) => union.items.iter().any(is_big),
            _ => false,
        }
    }
    // `\s` is small and kept: white space before or after a literal is a word boundary.
    fn is_space(perl: &regex_syntax::ast::ClassPerl) -> bool {
        perl.kind == regex_syntax::ast::ClassPerlKind::Space && !perl.negated
    }
    let wide = match ast {
        Ast::ClassUnicode(_) => true,
        Ast::ClassPerl(perl) => !is_space(perl),
        Ast::ClassBracketed(class) => has_big_item(&class.kind),
        Ast::Repetition(rep) => {
            widen_classes(&mut rep.ast);
            false
        }
        Ast::Group(group) => {
            widen_classes(&mut group.ast);
            false
        }
        Ast::Alternation(alt) => {
            alt.asts.iter_mut().for_each(widen_classes);
            false
        }
        Ast::Concat(concat) => {
            concat.asts.iter_mut().for_each(widen_classes);
            false
        }
        _ => false,
    };
    if wide {
        *ast = Ast::dot(*ast.span());
    }
}

/// The better of several candidate sets: the longest shortest string, then the fewest strings,
/// then one that stands apart.
/// Each is first made minimal: a string that contains another of its set adds nothing to a
/// required set (`born's` holds `born`; `x?` multiplies out into such pairs). Not a set that
/// stands apart: `italian` followed apart does not cover `italians` followed apart.
fn best(sets: impl Iterator<Item = Required>) -> Option<Required> {
    sets.filter(|(s, _)| !s.is_empty() && s.iter().all(|l| !l.is_empty()))
        .map(|(s, apart)| (if apart.any() { s } else { minimal(s) }, apart))
        .max_by_key(|(s, apart)| {
            (
                s.iter().map(String::len).min().unwrap_or(0).min(8),
                std::cmp::Reverse(s.len()),
                u8::from(apart.start) + u8::from(apart.end),
            )
        })
}

/// `set` without the strings that contain another of its strings.
fn minimal(set: Set) -> Set {
    let redundant = |s: &String| {
        set.iter()
            .any(|t| t.len() < s.len() && s.contains(t.as_str()))
    };
    if !set.iter().any(redundant) {
        return set;
    }
    Set::new(set.iter().filter(|s| !redundant(s)).cloned().collect())
}

fn normalise(mut set: Vec<String>) -> Option<Set> {
    for s in &mut set {
        s.make_ascii_lowercase();
    }
    if set.len() > 1 {
        set.sort_unstable();
        set.dedup();
    }
    (set.len() <= MAX_SET).then(|| Set::new(set))
}

fn literals(hir: &Hir) -> Literals {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Literals::exactly(Some(Set::new(vec![String::new()]))),
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(s) => Literals::exactly(normalise(vec![s.to_owned()])),
            Err(_) => Literals::default(),
        },
        HirKind::Class(Class::Unicode(class)) => {
            let count: u32 = class
                .ranges()
                .iter()
                .map(|r| u32::from(r.end()) - u32::from(r.start()) + 1)
                .sum();
            if count > 16 {
                return Literals::default();
            }
            let set = class
                .ranges()
                .iter()
                .flat_map(|r| (r.start()..=r.end()).map(String::from))
                .collect();
            Literals::exactly(normalise(set))
        }
        HirKind::Class(Class::Bytes(_)) => Literals::default(),
        HirKind::Capture(cap) => literals(&cap.sub),
        HirKind::Repetition(rep) => {
            if rep.min == 0 {
                // `x?` matches one of `x`'s exact strings or nothing: still exact, so that
                // `years? old` multiplies out to {"year old", "years old"} instead of ending
                // the run at `year`. Any other repetition that may be empty says nothing.
                if rep.max == Some(1) {
                    let optional = literals(&rep.sub).exact.and_then(|set| {
                        let mut with_empty = (*set).clone();
                        with_empty.push(String::new());
                        normalise(with_empty)
                    });
                    return Literals::exactly(optional);
                }
                return Literals::default();
            }
            let sub = literals(&rep.sub);
            let exact = if rep.max == Some(1) {
                sub.exact.clone()
            } else {
                None
            };
            // Two copies in a row are in every match of `x{2,}`: `[ \x{A0}]{2,}` needs `  `.
            let doubled = (rep.min >= 2)
                .then(|| sub.exact.as_ref().and_then(|e| product(e, e)))
                .flatten()
                .filter(|d| d.len() <= MAX_JOINED);
            Literals {
                exact,
                required: best(
                    sub.required
                        .into_iter()
                        .chain(anywhere(sub.exact))
                        .chain(anywhere(doubled)),
                ),
                // The first copy starts every match, the last one ends it.
                prefix: sub.prefix,
                suffix: sub.suffix,
            }
        }
        HirKind::Alternation(alts) => {
            let parts: Vec<Literals> = alts.iter().map(literals).collect();
            let exact = union(parts.iter().map(|p| p.exact.clone()));
            // Each branch's best; apart on a side only if every branch's is.
            let mut all = Apart::new(true, true);
            let required = union(parts.iter().map(|p| {
                let (set, apart) = best(
                    p.required
                        .clone()
                        .into_iter()
                        .chain(anywhere(p.exact.clone())),
                )?;
                all.start &= apart.start;
                all.end &= apart.end;
                Some(set)
            }))
            .map(|set| (set, all));
            Literals {
                exact,
                required,
                prefix: union(parts.iter().map(|p| p.prefix.clone())),
                suffix: union(parts.iter().map(|p| p.suffix.clone())),
            }
        }
        HirKind::Concat(items) => {
            let parts: Vec<Literals> = items.iter().map(literals).collect();
            let mut candidates: Vec<Required> = Vec::new();
            // Runs of consecutive exact parts, multiplied out: `[Tt]he ` → {"the "}. A part
            // that is not exact still ends a run with its prefix, and starts the next one with
            // its suffix: `[ ]+` then `[,;]` gives {" ,", " ;"}.
            let mut run: Option<Set> = None;
            // Whether `run` began as a part's suffix: then it is kept to MAX_JOINED strings.
            let mut joined_run = false;
            // Whether what comes before `run` stands apart.
            let mut run_start = false;
            let mut whole: Option<Set> = Some(Set::new(vec![String::new()]));
            for (i, part) in parts.iter().enumerate() {
                // A run that ends before this part is followed by `items[i..]`; one that starts
                // at it, preceded by `items[..i]`.
                let end_apart = || apart(&items[i..], true);
                let start_apart = || apart(&items[..i], false);
                match &part.exact {
                    Some(set) => {
                        // The run so far, where what follows stands apart, is a candidate of
                        // its own: multiplied on, the boundary is lost (`the Russia` then
                        // `(?:[,.]|$)` gives `the russia,`, `the russia.`, `the russia`).
                        if let Some(before) = run.as_ref().filter(|_| end_apart()) {
                            candidates.push((before.clone(), Apart::new(run_start, true)));
                        }
                        run = Some(match run.take() {
                            Some(prefix) => match product(&prefix, set)
                                .filter(|p| !joined_run || p.len() <= MAX_JOINED)
                            {
                                Some(p) => {
                                    // A run of zero-width parts so far (`^`, `\b`): its
                                    // strings start here.
                                    if prefix.iter().all(String::is_empty) {
                                        run_start = start_apart();
                                    }
                                    p
                                }
                                None => {
                                    candidates.push((prefix, Apart::new(run_start, end_apart())));
                                    joined_run = false;
                                    run_start = start_apart();
                                    set.clone()
                                }
                            },
                            None => {
                                joined_run = false;
                                run_start = start_apart();
                                set.clone()
                            }
                        });
                        whole = whole.and_then(|w| product(&w, set));
                    }
                    None => {
                        if let Some(before) = run.take() {
                            let joined = part
                                .prefix
                                .as_ref()
                                .and_then(|p| product(&before, p))
                                .filter(|j| j.len() <= MAX_JOINED);
                            candidates.push(match joined {
                                // It ends inside this part.
                                Some(joined) => (joined, Apart::new(run_start, false)),
                                None => (before, Apart::new(run_start, end_apart())),
                            });
                        }
                        run = part.suffix.clone().filter(|s| s.len() <= MAX_JOINED);
                        joined_run = run.is_some();
                        // It starts inside this part.
                        run_start = false;
                        whole = None;
                    }
                }
                candidates.extend(part.required.clone());
            }
            // What follows the whole concatenation is not known here.
            candidates.extend(run.map(|run| (run, Apart::new(run_start, false))));
            // Zero-width parts (anchors, boundaries) are exactly "": the concatenation starts
            // with its first part of any width and ends with its last.
            let wide = |p: &&Literals| {
                p.exact
                    .as_ref()
                    .is_none_or(|e| e.iter().any(|s| !s.is_empty()))
            };
            let prefix = parts.iter().find(wide).and_then(|p| p.prefix.clone());
            let suffix = parts.iter().rev().find(wide).and_then(|p| p.suffix.clone());
            Literals {
                prefix: whole.clone().or(prefix),
                suffix: whole.clone().or(suffix),
                exact: whole,
                required: best(candidates.into_iter()),
            }
        }
    }
}

fn union(sets: impl Iterator<Item = Option<Set>>) -> Option<Set> {
    let mut all = Vec::new();
    for set in sets {
        all.extend(set?.iter().cloned());
    }
    normalise(all)
}

fn product(left: &[String], right: &[String]) -> Option<Set> {
    if left.len() * right.len() > MAX_SET {
        return None;
    }
    normalise(
        left.iter()
            .flat_map(|l| {
                right.iter().map(move |r| {
                    let mut joined = String::with_capacity(l.len() + r.len());
                    joined.push_str(l);
                    joined.push_str(r);
                    joined
                })
            })
            .collect(),
    )
}

/// The capture group names of `pattern` as `regex::Regex::capture_names` gives them (index 0, the
/// whole match, first), read from its syntax tree without compiling it.
///
/// # Errors
/// The pattern does not parse.
pub(crate) fn capture_names(pattern: &str) -> Result<Vec<Option<String>>, String> {
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

    fn req(pattern: &str) -> Option<Vec<String>> {
        required_literals(pattern).map(|r| r.literals)
    }

    #[test]
    fn literals_come_from_concatenations_and_classes() {
        assert_eq!(req(r"\b[Tt]he Born\b"), Some(vec!["the born".to_owned()]));
        assert_eq!(req(r"(?i:captcha)"), Some(vec!["captcha".to_owned()]));
        assert_eq!(
            req(r"\p{Ll}(?P<p>[.!?])\p{Lu}"),
            Some(vec!["!".to_owned(), ".".to_owned(), "?".to_owned()])
        );
        assert_eq!(
            req(r"(?:said|declared) to each other"),
            Some(vec![
                "declared to each other".to_owned(),
                "said to each other".to_owned()
            ])
        );
    }

    #[test]
    fn repetitions_and_their_neighbours_give_longer_literals() {
        let run = req(r"[\x20\x{A0}]{2,}").unwrap();
        assert!(run.contains(&"  ".to_owned()), "{run:?}");
        assert!(run.iter().all(|l| l.chars().count() == 2), "{run:?}");
        assert_eq!(
            req(r"\p{L}(?P<sp>[ ]+)(?P<p>[,;])"),
            Some(vec![" ,".to_owned(), " ;".to_owned()])
        );
        assert_eq!(req(r"(?:ab)+c"), Some(vec!["abc".to_owned()]));
        // A repetition that may be empty says nothing about its neighbours.
        let optional = req(r"a[ ]*;").unwrap();
        assert!(optional.iter().all(|l| l.len() == 1), "{optional:?}");
    }

    #[test]
    fn optional_parts_join_their_neighbours() {
        // `years?` and `(?: old)?` no longer end the run: the literal spans them.
        let years = req(r"\b(?:\d+|two) years?(?: old)? (?:since|from)\.").unwrap();
        assert!(years.iter().all(|l| l.starts_with(" year")), "{years:?}");
        assert!(years.contains(&" years old from".to_owned()), "{years:?}");
        assert_eq!(years.len(), 8, "{years:?}");
        // A string holding another of its set is dropped: `born` covers `born's`.
        assert_eq!(req(r"Born(?:'s)?\b"), Some(vec!["born".to_owned()]));
        assert_eq!(
            req(r"\p{Lu}\w+(?: himself)? (?:he|she) said"),
            Some(vec![" he said".to_owned(), " she said".to_owned()])
        );
    }

    #[test]
    fn a_literal_after_a_line_start_space_or_punctuation_stands_apart() {
        let before = |pattern: &str| {
            required_literals(pattern).map(|r| (r.literals, r.word_start, r.word_end))
        };
        // What comes before: a start of the text or line, white space, punctuation.
        assert_eq!(
            before(r"(?:^|[.!?]\s+)(?P<i>I) (?P<noun>\p{Ll}{2,})"),
            Some((vec!["i ".to_owned()], true, false))
        );
        assert_eq!(
            before(r"(?m:^)the Russia\."),
            Some((vec!["the russia.".to_owned()], true, false))
        );
        assert_eq!(
            before(r"\p{L}the Russia"),
            Some((vec!["the russia".to_owned()], false, false))
        );
        assert_eq!(
            before(r"(?:^|x)the Russia"),
            Some((vec!["the russia".to_owned()], false, false))
        );
    }

    #[test]
    fn a_literal_followed_by_punctuation_or_the_end_stands_apart() {
        let apart = |pattern: &str| required_literals(pattern).map(|r| (r.literals, r.word_end));
        let russia = |word_end| Some((vec!["the russia".to_owned()], word_end));
        // Punctuation, a space, the end of the text or line: never a letter.
        assert_eq!(
            apart(r"[Tt]he Russia(?:[,.;”]|$| (?:and|or)\b)"),
            russia(true)
        );
        assert_eq!(apart(r"(?m)the Russia(?:$|\s*[.!?])"), russia(false));
        assert_eq!(apart(r"the Russia(?:$|[.!?])"), russia(true));
        // What may be a letter, or nothing at all, says nothing.
        assert_eq!(
            apart(r"the Russia(?:[,.]|n)"),
            Some((
                vec![
                    "the russia,".to_owned(),
                    "the russia.".to_owned(),
                    "the russian".to_owned()
                ],
                false
            ))
        );
        assert_eq!(apart(r"the Russia[^a-z]"), russia(false));
        assert_eq!(apart(r"the Russia\b"), russia(false));
        assert_eq!(apart(r"the Russia[,.]?"), russia(false));
        assert_eq!(apart(r"the Russia"), russia(false));
        // A set that stands apart keeps its longer strings.
        assert_eq!(
            apart(r"\p{L}+ Italians?[.,]"),
            Some((vec![" italian".to_owned(), " italians".to_owned()], true))
        );
        // Inside an alternation, every branch must stand apart.
        assert_eq!(apart(r"(?:the Russia[,.]|the Russia:)"), russia(false));
        assert_eq!(
            apart(r"(?:a\p{L}+ the Russia[,.]|b\p{L}+ the Russia$)"),
            Some((vec![" the russia".to_owned()], true))
        );
    }

    #[test]
    fn alternations_need_every_branch() {
        assert_eq!(req("abc|de"), Some(vec!["abc".to_owned(), "de".to_owned()]));
        assert_eq!(req(r"abc|\p{L}+"), None);
        assert_eq!(req(r"\p{Lu}\p{Ll}+"), None);
        assert_eq!(req(r"x?"), None);
    }

    #[test]
    fn widened_classes_give_the_literals_of_the_full_syntax_tree() {
        let full = |pattern: &str| {
            let hir = regex_syntax::ParserBuilder::new()
                .build()
                .parse(pattern)
                .unwrap();
            let lits = literals(&hir);
            best(lits.required.into_iter().chain(anywhere(lits.exact)))
                .map(|(set, apart)| ((*set).clone(), apart))
        };
        let mut patterns: Vec<String> = [
            r"\p{Lu}\p{Ll}+ (?i:città) [^\p{L}\d]x",
            r"(?-u:\w)+ said(?-u:\b)",
            r"[\w&&[^\d]]{2}ab|[[:alpha:]\pN]cd",
            r"(?i)ſtraße",
        ]
        .map(str::to_owned)
        .to_vec();
        let rules = crate::RuleSet::builtin();
        for rule in rules.rules() {
            if let crate::matchers::Matcher::Pattern(m) = &rule.matcher {
                patterns.push(m.regex().as_str().to_owned());
            }
        }
        for pattern in &patterns {
            let widened = required_literals(pattern);
            let full = full(pattern);
            assert_eq!(
                widened.as_ref().map(|r| &r.literals),
                full.as_ref().map(|(set, _)| set),
                "{pattern}"
            );
            // A widened class may hide a boundary (`[^\p{L}]` is any character), never
            // invent one.
            if let (Some(widened), Some((_, full))) = (widened, full) {
                assert!(!widened.word_start || full.start, "{pattern}");
                assert!(!widened.word_end || full.end, "{pattern}");
            }
        }
        assert_eq!(req(r"(?-u:\w)+ said").unwrap(), [" said"]);
    }

    /// The automaton searches for keys (a literal's first bytes); the rest of the literal is
    /// compared where a key is found, in any ASCII case, and then its word boundaries.
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
}
