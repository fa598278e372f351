//! Rule file → compiled [`Rule`]: parse the TOML, expand list macros, compile regexes (a user
//! pack's at once, the built-in packs' on first use) and phrase tables, check templates,
//! examples and description headings. Every problem in every file is collected and reported
//! at once.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::load::{PackSource, SourceFile};
use super::macros::{expand_for_pack, parse_list, Lists};
use super::schema::{CaseMode, ExampleSpec, Format, MatchSpec, PackFile, PhraseTable, RuleFile};
use super::{Example, FixInfo, PackInfo, Rule, RuleSet};
use crate::error::{LoadError, RuleError};
use crate::markup::DocumentKind;
use crate::matchers::consistency::ConsistencyMatcher;
use crate::matchers::lazy_regex::LazyRegex;
use crate::matchers::phrases::is_phrase_group;
use crate::matchers::quotes::QuotesMatcher;
use crate::matchers::repeated_word::RepeatedWordMatcher;
use crate::matchers::template::{GroupRef, Template};
use crate::matchers::untranslated::UntranslatedMatcher;
use crate::matchers::{
    BuildContext, Conditions, Matcher, PatternMatcher, PhraseEntry, PhrasesMatcher,
};

/// Headings every description must have, in the order `calque rules explain` shows them.
const REQUIRED_HEADINGS: [&str; 3] = ["## What it does", "## Why is this bad?", "## Example"];

/// Compiles every pack, or returns every problem found.
pub(crate) fn compile(sources: &[PackSource]) -> Result<RuleSet, LoadError> {
    let mut errors = Vec::new();
    let mut lists: Lists = BTreeMap::new();
    let mut packs = BTreeMap::new();
    for source in sources {
        let mut info = PackInfo {
            name: source.name.clone(),
            description: String::new(),
            builtin: source.builtin,
            source: None,
            target: None,
        };
        for file in &source.files {
            if let Some(name) = file
                .rel
                .strip_prefix("lists/")
                .and_then(|n| n.strip_suffix(".txt"))
            {
                lists
                    .entry(source.name.clone())
                    .or_default()
                    .insert(name.to_owned(), parse_list(&file.text));
            } else if file.rel == "pack.toml" {
                match toml::from_str::<PackFile>(&file.text) {
                    Ok(pack) => {
                        info.description = pack.description;
                        info.source = pack.source;
                        info.target = pack.target;
                    }
                    Err(e) => errors.push(RuleError {
                        path: source.dir.join(&file.rel),
                        rule: None,
                        problem: one_line(&e.to_string()),
                    }),
                }
            }
        }
        if packs.insert(source.name.clone(), info).is_some() {
            errors.push(RuleError {
                path: source.dir.clone(),
                rule: None,
                problem: format!(
                    "a pack named `{}` is already loaded; rename the folder",
                    source.name
                ),
            });
        }
    }

    // Rule files compile independently: on all cores, which halves start-up on two. The
    // results come back in file order, so duplicates and errors are reported as before.
    let jobs: Vec<(&PackSource, &str, &SourceFile)> = sources
        .iter()
        .flat_map(|source| source.files.iter().map(move |file| (source, file)))
        .filter_map(|(source, file)| {
            let stem = file.rel.strip_suffix(".toml")?;
            (stem != "pack" && !stem.contains('/')).then_some((source, stem, file))
        })
        .collect();
    let compiled: Vec<(std::path::PathBuf, String, Result<Rule, Vec<String>>)> = jobs
        .par_iter()
        .map(|&(source, stem, file)| {
            let path = source.dir.join(format!("{stem}.toml"));
            let id = format!("{}/{stem}", source.name);
            // Built-in regexes compile on first use (they are known to compile); a user's are
            // compiled now, so that a broken one is reported at load with its file.
            let lazy = source.builtin;
            let rule = compile_rule(&source.name, stem, &path, file, &lists, lazy);
            (path, id, rule)
        })
        .collect();
    let mut rules: Vec<Arc<Rule>> = Vec::new();
    let mut seen: HashMap<String, std::path::PathBuf> = HashMap::new();
    for (path, id, result) in compiled {
        match result {
            Ok(rule) => {
                if let Some(first) = seen.get(&id) {
                    errors.push(RuleError {
                        path: path.clone(),
                        rule: Some(id.clone()),
                        problem: format!("duplicate rule id; also defined in {}", first.display()),
                    });
                } else {
                    seen.insert(id, path);
                    rules.push(Arc::new(rule));
                }
            }
            Err(problems) => errors.extend(problems.into_iter().map(|problem| RuleError {
                path: path.clone(),
                rule: Some(id.clone()),
                problem,
            })),
        }
    }
    if !errors.is_empty() {
        return Err(LoadError(errors));
    }
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(RuleSet {
        rules,
        packs,
        severities: BTreeMap::new(),
        prefilter: Default::default(),
    })
}

/// The rule a glossary becomes: a phrase table, case-preserving, whole words, unsafe fixes.
pub(crate) fn glossary_rule(path: &Path, pairs: Vec<(String, String)>) -> Result<Rule, LoadError> {
    let error = |problem: String| {
        LoadError(vec![RuleError {
            path: path.to_owned(),
            rule: Some("glossary/glossary-term".into()),
            problem,
        }])
    };
    let entries: Vec<PhraseEntry> = pairs
        .into_iter()
        .map(|(phrase, right)| PhraseEntry {
            phrase,
            replacement: Some(right),
        })
        .collect();
    let message = Template::parse("“$0” is not the glossary's term: use “$replacement”");
    let matcher =
        PhrasesMatcher::new(entries, CaseMode::Preserve, true, message, None).map_err(error)?;
    Ok(Rule {
        id: "glossary/glossary-term".into(),
        pack: "glossary".into(),
        category: crate::finding::Category::Terminology,
        severity: crate::finding::Severity::Warning,
        message: "“$0” is not the glossary's term: use “$replacement”".into(),
        description: "## What it does\nFlags the wrong terms of the configured glossary.\n\n## Why is this bad?\nThe publication has chosen another term.\n\n## Example\nSee the glossary file.\n\n## Fix safety\nUnsafe: a term may be right in a quotation.\n".into(),
        path: path.to_owned(),
        conditions: Conditions::default(),
        literals: Some(matcher.literals()),
        matcher: Matcher::Phrases(matcher),
        fix: Some(FixInfo { applicability: crate::finding::Applicability::Unsafe, title: Some("Use the glossary's term".into()), delete_line: false }),
        examples: Vec::new(),
        formats: None,
    })
}

/// A rule file's data: from its JSON form when it has one (an embedded file), else parsed
/// from its TOML, whose errors carry lines and columns.
fn read_rule_file(source: &SourceFile) -> Result<RuleFile, Vec<String>> {
    if let Some(file) = source.json.and_then(|json| serde_json::from_str(json).ok()) {
        return Ok(file);
    }
    toml::from_str(&source.text).map_err(|e| vec![one_line(&e.to_string())])
}

/// TOML errors span several lines (a snippet and a caret); keep them readable in a list.
fn one_line(message: &str) -> String {
    message
        .trim()
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n    ")
}

fn compile_rule(
    pack: &str,
    stem: &str,
    path: &Path,
    source: &SourceFile,
    lists: &Lists,
    lazy: bool,
) -> Result<Rule, Vec<String>> {
    let file = read_rule_file(source)?;
    let mut problems = Vec::new();

    if file.id != stem {
        problems.push(format!(
            "`id = \"{}\"` must equal the file name `{stem}`",
            file.id
        ));
    }
    if !is_kebab_case(stem) {
        problems.push(format!(
            "rule name `{stem}` must be kebab-case (lowercase letters, digits, `-`)"
        ));
    }
    if file.message.trim().is_empty() {
        problems.push("`message` is empty".into());
    }
    for heading in REQUIRED_HEADINGS {
        if !file.description.contains(heading) {
            problems.push(format!("`description` lacks the heading `{heading}`"));
        }
    }
    if file.fix.is_some() && !file.description.contains("## Fix safety") {
        problems
            .push("`description` lacks the heading `## Fix safety` (the rule has a [fix])".into());
    }

    let message = Template::parse(&file.message);
    let fix = file.fix.as_ref();
    let replace = fix.and_then(|f| f.replace.as_deref()).map(Template::parse);
    let title = fix.and_then(|f| f.title.as_deref()).map(Template::parse);
    if let Some(f) = fix {
        if f.delete_line && f.replace.is_some() {
            problems.push("[fix] has both `replace` and `delete_line`; choose one".into());
        }
    }

    let mut context = Vec::new();
    let (matcher, exceptions) = match file.matcher {
        MatchSpec::Pattern(spec) => {
            let pattern = expand_for_pack(&spec.pattern, pack, lists).map_err(|p| {
                problems.push(p);
            });
            let regex = pattern.ok().and_then(|p| {
                let compiled = LazyRegex::for_rule(p, lazy)
                    .and_then(|re| re.capture_names().map(|names| (re, names)));
                compiled
                    .map_err(|e| problems.push(format!("`pattern` does not compile: {e}")))
                    .ok()
            });
            let exceptions = compile_exceptions(&spec.exceptions, pack, lists, lazy, &mut problems);
            context = compile_exceptions(&spec.context, pack, lists, lazy, &mut problems);
            let Some((regex, names)) = regex else {
                return Err(problems);
            };
            let names: Vec<Option<&str>> = names.iter().map(Option::as_deref).collect();
            let mark = match &spec.mark {
                None => 0,
                Some(name) => names
                    .iter()
                    .position(|n| *n == Some(name.as_str()))
                    .unwrap_or_else(|| {
                        problems.push(format!(
                            "`mark = \"{name}\"` names no capture group of the pattern"
                        ));
                        0
                    }),
            };
            let has_group = |g: &GroupRef| match g {
                GroupRef::Index(i) => *i < names.len(),
                GroupRef::Name(n) => names.contains(&Some(n.as_str())),
            };
            check_groups("message", &message, &has_group, &mut problems);
            for (key, template) in [("replace", &replace), ("title", &title)] {
                if let Some(t) = template {
                    check_groups(key, t, &has_group, &mut problems);
                }
            }
            if fix.is_some_and(|f| f.replace.is_none() && !f.delete_line) {
                problems.push("[fix] needs `replace` or `delete_line = true`".into());
            }
            (
                Matcher::Pattern(PatternMatcher::new(regex, mark, message, replace)),
                exceptions,
            )
        }
        MatchSpec::Phrases(spec) => {
            let exceptions = compile_exceptions(&spec.exceptions, pack, lists, lazy, &mut problems);
            context = compile_exceptions(&spec.context, pack, lists, lazy, &mut problems);
            let is_table = matches!(spec.phrases, PhraseTable::Table(_));
            let entries: Vec<PhraseEntry> = match spec.phrases {
                PhraseTable::List(list) => list
                    .into_iter()
                    .map(|phrase| PhraseEntry {
                        phrase,
                        replacement: None,
                    })
                    .collect(),
                PhraseTable::Table(table) => table
                    .into_iter()
                    .map(|(phrase, right)| PhraseEntry {
                        phrase,
                        replacement: Some(right),
                    })
                    .collect(),
            };
            if entries.is_empty() {
                problems.push("`phrases` is empty".into());
            }
            for entry in &entries {
                if entry.phrase.trim() != entry.phrase || entry.phrase.is_empty() {
                    problems.push(format!(
                        "phrase {:?} is empty or has leading/trailing whitespace",
                        entry.phrase
                    ));
                }
            }
            if is_table {
                if replace.is_some() {
                    problems.push(
                        "a phrase table carries its own replacements; remove [fix].replace".into(),
                    );
                }
                if fix.is_none() {
                    problems.push("a phrase table needs a [fix] with its `applicability`".into());
                }
            } else if fix.is_some_and(|f| f.replace.is_none() && !f.delete_line) {
                problems.push("[fix] needs `replace` or `delete_line = true`".into());
            }
            let has_group = |g: &GroupRef| is_phrase_group(g);
            check_groups("message", &message, &has_group, &mut problems);
            for (key, template) in [("replace", &replace), ("title", &title)] {
                if let Some(t) = template {
                    check_groups(key, t, &has_group, &mut problems);
                }
            }
            let case = spec.case.unwrap_or(if is_table {
                CaseMode::Preserve
            } else {
                CaseMode::Sensitive
            });
            match PhrasesMatcher::new(entries, case, spec.whole_word, message, replace) {
                Ok(m) => (Matcher::Phrases(m), exceptions),
                Err(e) => {
                    problems.push(e);
                    return Err(problems);
                }
            }
        }
        builtin => {
            // The built-in kinds share everything but their parameters.
            let exceptions =
                compile_exceptions(builtin.exceptions(), pack, lists, lazy, &mut problems);
            let built = Builtin {
                message,
                replace,
                title: &title,
                fix,
                pack,
                lists,
            };
            let matcher = match builtin {
                MatchSpec::Quotes(spec) => built.compile(
                    spec,
                    QuotesMatcher::compile,
                    QuotesMatcher::VARIABLES,
                    Matcher::Quotes,
                    &mut problems,
                )?,
                MatchSpec::RepeatedWord(spec) => built.compile(
                    spec,
                    RepeatedWordMatcher::compile,
                    RepeatedWordMatcher::VARIABLES,
                    Matcher::RepeatedWord,
                    &mut problems,
                )?,
                MatchSpec::Consistency(spec) => built.compile(
                    spec,
                    ConsistencyMatcher::compile,
                    ConsistencyMatcher::VARIABLES,
                    Matcher::Consistency,
                    &mut problems,
                )?,
                MatchSpec::Untranslated(spec) => built.compile(
                    spec,
                    UntranslatedMatcher::compile,
                    UntranslatedMatcher::VARIABLES,
                    Matcher::Untranslated,
                    &mut problems,
                )?,
                MatchSpec::Pattern(_) | MatchSpec::Phrases(_) => unreachable!("matched above"),
            };
            (matcher, exceptions)
        }
    };

    let examples = compile_examples(&file.examples, fix.is_some(), &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let literals = matcher.literals();
    Ok(Rule {
        id: format!("{pack}/{stem}").into(),
        pack: pack.to_owned(),
        category: file.category,
        severity: file.severity,
        message: file.message,
        description: file.description,
        path: path.to_owned(),
        literals,
        matcher,
        conditions: Conditions::new(exceptions, context),
        fix: file.fix.map(|f| FixInfo {
            applicability: f.applicability,
            title: f.title,
            delete_line: f.delete_line,
        }),
        examples,
        formats: file.formats.map(|formats| {
            formats
                .into_iter()
                .map(|f| match f {
                    Format::Text => DocumentKind::Text,
                    Format::Markdown => DocumentKind::Markdown,
                    Format::Html => DocumentKind::Html,
                })
                .collect()
        }),
    })
}

/// What every built-in kind needs from the rule file to compile.
struct Builtin<'a> {
    message: Template,
    replace: Option<Template>,
    title: &'a Option<Template>,
    fix: Option<&'a super::schema::FixSpec>,
    pack: &'a str,
    lists: &'a Lists,
}

impl Builtin<'_> {
    /// Checks the templates against the kind's variables, then compiles the kind. Returns the
    /// problems so far when the kind cannot be built at all.
    fn compile<S, M>(
        self,
        spec: S,
        compile: fn(S, &BuildContext<'_>) -> Result<M, Vec<String>>,
        variables: &[&str],
        wrap: fn(M) -> Matcher,
        problems: &mut Vec<String>,
    ) -> Result<Matcher, Vec<String>> {
        let has_group = |g: &GroupRef| match g {
            GroupRef::Index(i) => *i == 0,
            GroupRef::Name(n) => variables.contains(&n.as_str()),
        };
        check_groups("message", &self.message, &has_group, problems);
        for (key, template) in [("replace", &self.replace), ("title", self.title)] {
            if let Some(t) = template {
                check_groups(key, t, &has_group, problems);
            }
        }
        if self.fix.is_some_and(|f| f.delete_line) {
            problems.push("`delete_line` is for line rules of kind `pattern` or `phrases`".into());
        }
        let (pack, lists) = (self.pack, self.lists);
        let lookup = move |name: &str| {
            lists
                .get(pack)
                .and_then(|l| l.get(name))
                .or_else(|| lists.values().find_map(|l| l.get(name)))
                .map(Vec::as_slice)
        };
        let cx = BuildContext {
            message: self.message,
            replace: self.replace,
            lists: &lookup,
        };
        match compile(spec, &cx) {
            Ok(m) => Ok(wrap(m)),
            Err(mut more) => {
                problems.append(&mut more);
                Err(std::mem::take(problems))
            }
        }
    }
}

/// Exception or context regexes: compiled now, or (`lazy`, built-in rules) on first use.
fn compile_exceptions(
    sources: &[String],
    pack: &str,
    lists: &Lists,
    lazy: bool,
    problems: &mut Vec<String>,
) -> Vec<LazyRegex> {
    let mut out = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        match expand_for_pack(source, pack, lists).and_then(|expanded| {
            LazyRegex::for_rule(expanded, lazy)
                .map_err(|e| format!("exception #{} does not compile: {e}", i + 1))
        }) {
            Ok(re) => out.push(re),
            Err(p) => problems.push(p),
        }
    }
    out
}

fn check_groups(
    key: &str,
    template: &Template,
    has_group: &dyn Fn(&GroupRef) -> bool,
    problems: &mut Vec<String>,
) {
    for group in template.groups() {
        if !has_group(group) {
            problems.push(format!(
                "`{key}` refers to {group}, which the match does not define"
            ));
        }
    }
}

fn compile_examples(
    specs: &[ExampleSpec],
    has_fix: bool,
    problems: &mut Vec<String>,
) -> Vec<Example> {
    let mut examples = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let n = i + 1;
        match (&spec.bad, &spec.ok) {
            (Some(bad), None) => {
                if has_fix && spec.good.is_none() {
                    problems.push(format!(
                        "example #{n}: a rule with a [fix] needs `good` beside `bad`"
                    ));
                }
                examples.push(Example::Bad {
                    text: bad.clone(),
                    good: spec.good.clone(),
                    flagged: spec.flagged.clone(),
                    count: spec.count,
                });
            }
            (None, Some(ok)) => {
                if spec.good.is_some() || spec.flagged.is_some() || spec.count.is_some() {
                    problems.push(format!(
                        "example #{n}: `good`, `flagged` and `count` go with `bad`, not `ok`"
                    ));
                }
                examples.push(Example::Ok { text: ok.clone() });
            }
            (Some(_), Some(_)) => problems.push(format!(
                "example #{n}: has both `bad` and `ok`; split it in two"
            )),
            (None, None) => problems.push(format!("example #{n}: needs `bad` or `ok`")),
        }
    }
    if !examples.iter().any(|e| matches!(e, Example::Bad { .. })) {
        problems.push("needs at least one `bad` example".into());
    }
    if !examples.iter().any(|e| matches!(e, Example::Ok { .. })) {
        problems
            .push("needs at least one `ok` example (a false positive the rule must avoid)".into());
    }
    examples
}

fn is_kebab_case(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists() -> Lists {
        let mut l = Lists::new();
        l.entry("en".into()).or_default().insert(
            "countries".into(),
            vec!["Italy".into(), "North Korea".into()],
        );
        l
    }

    #[test]
    fn macros_expand_longest_first_and_leave_regex_braces_alone() {
        let out = expand_for_pack(r"the {countries}\p{Lu}{2,}\{x}", "en", &lists()).unwrap();
        assert_eq!(out, r"the (?:North Korea|Italy)\p{Lu}{2,}\{x}");
    }

    #[test]
    fn unknown_macro_is_an_error() {
        let err = expand_for_pack("{nope}", "en", &lists()).unwrap_err();
        assert!(err.contains("unknown list macro `{nope}`"), "{err}");
    }

    #[test]
    fn macros_of_other_packs_are_found() {
        assert!(expand_for_pack("{countries}", "it-en", &lists()).is_ok());
    }

    /// The JSON form of every embedded rule file holds what its TOML does (the build wrote
    /// one for each), so reading it instead changes nothing.
    #[test]
    fn embedded_rule_files_read_the_same_from_json() {
        let mut count = 0;
        for source in super::super::load::builtin_sources() {
            for file in &source.files {
                if !file.rel.ends_with(".toml") || file.rel == "pack.toml" {
                    continue;
                }
                let json = file.json.expect("every embedded rule file has a JSON form");
                let from_json: RuleFile = serde_json::from_str(json).unwrap();
                let from_toml: RuleFile = toml::from_str(&file.text).unwrap();
                assert_eq!(
                    format!("{from_json:?}"),
                    format!("{from_toml:?}"),
                    "{}",
                    file.rel
                );
                count += 1;
            }
        }
        assert!(count >= 60, "{count}");
    }

    #[test]
    fn kebab_case_names() {
        assert!(is_kebab_case("nato-as-the-born"));
        assert!(!is_kebab_case("Nato"));
        assert!(!is_kebab_case("a--b"));
    }
}
