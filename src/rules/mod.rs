//! Compiled rules and rule sets: [`Rule`], [`Example`], [`RuleSet`] (stable order, by id).
//!
//! Rules are data: each comes from one TOML file `rules/<pack>/<name>.toml` and gets the id
//! `pack/name`. The default packs are embedded in the binary at build time (see `build.rs`);
//! users add their own packs with [`RuleSet::load`].

mod load;
mod macros;
pub(crate) mod schema;
pub mod selftest;
mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::config::RuleSetting;
use crate::error::LoadError;
use crate::finding::{Applicability, Category, RuleId, Severity};
use crate::markup::DocumentKind;
use crate::matchers::{Conditions, Matcher};
use crate::prefilter::{Gate, Literal, Prefilter};

pub use load::PackSource;

/// A rule's embedded example, run by [`selftest`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Example {
    /// Text the rule must flag.
    Bad {
        /// The text.
        text: String,
        /// The text once the first suggestions are applied until nothing changes.
        good: Option<String>,
        /// The text the first finding must cover.
        flagged: Option<String>,
        /// The exact number of findings.
        count: Option<usize>,
    },
    /// Text the rule must not flag.
    Ok {
        /// The text.
        text: String,
    },
}

/// What a rule's fix does, beyond the replacement texts its matcher produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixInfo {
    /// Whether `--fix` may apply it unasked.
    pub applicability: Applicability,
    /// A short imperative title (“Insert a space”), if the rule gives one.
    pub title: Option<String>,
    /// Whether the fix deletes the whole line, line break included.
    pub delete_line: bool,
}

/// A compiled, validated rule.
#[derive(Debug)]
pub struct Rule {
    /// Shared with every finding of the rule (a large article has thousands).
    id: RuleId,
    pack: String,
    category: Category,
    severity: Severity,
    message: String,
    description: String,
    path: PathBuf,
    pub(crate) matcher: Matcher,
    pub(crate) conditions: Conditions,
    /// Literals every hit's line contains (lowercase ASCII), for the line prefilter: `None`
    /// runs the rule on every line, an empty set never (document-scope rules).
    pub(crate) literals: Option<Vec<Literal>>,
    fix: Option<FixInfo>,
    examples: Vec<Example>,
    /// The formats the rule runs on; `None`: all.
    pub(crate) formats: Option<Vec<DocumentKind>>,
}

impl Rule {
    /// Announces a large amount of text to check: the rule's regexes compile with their
    /// fastest engines from the first search.
    pub(crate) fn expect_much(&self) {
        self.matcher.expect_much();
        self.conditions.expect_much();
    }

    /// The id, `pack/name`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The id, shared: what a finding of the rule holds.
    pub(crate) fn shared_id(&self) -> RuleId {
        self.id.clone()
    }

    /// The pack the rule belongs to.
    pub fn pack(&self) -> &str {
        &self.pack
    }

    /// The category.
    pub fn category(&self) -> Category {
        self.category
    }

    /// The default severity.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// The message template as written in the rule file.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The Markdown description (`## What it does`, `## Why is this bad?`, …).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The rule file, relative to its pack's parent folder for embedded rules.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The fix, if the rule has one.
    pub fn fix(&self) -> Option<&FixInfo> {
        self.fix.as_ref()
    }

    /// Whether the rule runs on documents of this format.
    pub fn applies_to(&self, kind: DocumentKind) -> bool {
        self.formats
            .as_ref()
            .is_none_or(|formats| formats.contains(&kind))
    }

    /// The embedded examples.
    pub fn examples(&self) -> &[Example] {
        &self.examples
    }
}

/// Metadata of one loaded pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackInfo {
    /// The pack's name (its folder's name).
    pub name: String,
    /// What the pack is for.
    pub description: String,
    /// Whether the pack is one of the defaults embedded in the binary.
    pub builtin: bool,
    /// Source language of the translations it checks (`it`), if it is for one.
    pub source: Option<String>,
    /// Target language (`en`), if the pack says.
    pub target: Option<String>,
}

/// A set of compiled rules, ordered by id.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub(crate) rules: Vec<Arc<Rule>>,
    pub(crate) packs: BTreeMap<String, PackInfo>,
    /// Severities set by configuration, by rule id.
    pub(crate) severities: BTreeMap<String, Severity>,
    /// The line prefilter over `rules`, built on first use (start-up stays cheap for
    /// `calque rules …`); a changed rule list gets a new one.
    pub(crate) prefilter: Arc<OnceLock<Prefilter>>,
}

impl RuleSet {
    /// The default packs embedded in the binary.
    ///
    /// # Panics
    /// Never in a released build: the embedded packs are validated by `tests/rule_examples.rs`.
    pub fn builtin() -> Self {
        Self::load(&[]).expect("built-in rules are validated in tests/rule_examples.rs")
    }

    /// The default packs plus one pack per folder in `dirs` (a folder's name is its pack's name).
    ///
    /// # Errors
    /// Every problem in every rule file, at once.
    pub fn load(dirs: &[PathBuf]) -> Result<Self, LoadError> {
        let mut sources = load::builtin_sources();
        let mut errors = Vec::new();
        for dir in dirs {
            match load::read_pack_dir(dir) {
                Ok(source) => sources.push(source),
                Err(mut errs) => errors.append(&mut errs),
            }
        }
        match validate::compile(&sources) {
            Ok(set) if errors.is_empty() => Ok(set),
            Ok(_) => Err(LoadError(errors)),
            Err(LoadError(mut more)) => {
                errors.append(&mut more);
                Err(LoadError(errors))
            }
        }
    }

    /// Only the packs in `dirs`, without the defaults (used by `calque rules test DIR`). The
    /// default packs' word lists stay available to `{list}` macros.
    ///
    /// # Errors
    /// Every problem in every rule file, at once.
    pub fn load_only(dirs: &[PathBuf]) -> Result<Self, LoadError> {
        let all = Self::load(dirs)?;
        let names: Vec<String> = dirs.iter().map(|d| load::pack_name(d)).collect();
        Ok(all.filter(|rule| names.iter().any(|n| n == rule.pack())))
    }

    /// The rules, ordered by id.
    pub fn rules(&self) -> impl ExactSizeIterator<Item = &Rule> + Clone {
        self.rules.iter().map(|r| &**r)
    }

    /// The loaded packs, by name.
    pub fn packs(&self) -> impl Iterator<Item = &PackInfo> {
        self.packs.values()
    }

    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules
            .binary_search_by(|r| r.id().cmp(id))
            .ok()
            .map(|i| &*self.rules[i])
    }

    /// The number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there is no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rules for which `keep` is true.
    pub fn filter(&self, mut keep: impl FnMut(&Rule) -> bool) -> Self {
        let rules: Vec<Arc<Rule>> = self.rules.iter().filter(|r| keep(r)).cloned().collect();
        // The same rules keep the same prefilter (built once, shared); others get a new one.
        let prefilter = if rules.len() == self.rules.len() {
            Arc::clone(&self.prefilter)
        } else {
            Arc::default()
        };
        Self {
            rules,
            packs: self.packs.clone(),
            severities: self.severities.clone(),
            prefilter,
        }
    }

    /// Gets ready to check: builds the prefilter while the regexes every document needs are
    /// compiled, all on the thread pool (see [`crate::matchers::Matcher::warm_up`]). `many`
    /// says a batch of many files follows, worth the prefilter's faster automaton; `much_text`
    /// that many bytes follow (many files, or a large one), worth compiling each regex with its
    /// lazy DFA from the start; `first_len` is the size of the first document (0 if unknown),
    /// for which the prefilter builds what a document of that size searches with (see
    /// [`Prefilter::prepare`]). Checking without it is correct, only slower to start: the same
    /// work then runs one piece after another on the first document.
    pub(crate) fn prepare(&self, many: bool, much_text: bool, first_len: usize) {
        use rayon::prelude::*;
        if much_text {
            for rule in &self.rules {
                rule.expect_much();
            }
        }
        rayon::join(
            || {
                let prefilter = self.prefilter();
                if many {
                    prefilter.prefer_dfa();
                }
                prefilter.prepare(first_len);
            },
            || {
                self.rules
                    .par_iter()
                    .for_each(|rule| rule.matcher.warm_up(rule.literals.as_deref()));
            },
        );
    }

    /// The line prefilter of these rules, in the order of [`RuleSet::rules`].
    pub(crate) fn prefilter(&self) -> &Prefilter {
        self.prefilter.get_or_init(|| {
            let literals: Vec<Option<&[Literal]>> =
                self.rules.iter().map(|r| r.literals.as_deref()).collect();
            let gates: Vec<Gate<'_>> = self.rules.iter().map(|r| r.matcher.gate()).collect();
            let walks: Vec<Option<&[String]>> =
                self.rules.iter().map(|r| r.matcher.walk_words()).collect();
            Prefilter::new(&literals, &gates).with_walk_words(&walks)
        })
    }

    /// The severity findings of `rule` get: the configured one, else the rule's own.
    pub fn severity_of(&self, rule: &Rule) -> Severity {
        self.severities
            .get(rule.id())
            .copied()
            .unwrap_or(rule.severity)
    }

    /// Applies a configuration's `packs` (which default packs run; user packs always run) and
    /// `[rules]` table (`off` or a severity per rule id).
    ///
    /// # Errors
    /// An unknown pack or rule id, with the closest valid name when one is near.
    pub fn configure(
        &self,
        packs: Option<&[String]>,
        settings: &BTreeMap<String, RuleSetting>,
    ) -> Result<Self, String> {
        let unknown =
            |kind: &str, name: &str, candidates: &mut dyn Iterator<Item = &str>| match closest(
                name, candidates,
            ) {
                Some(near) => format!("unknown {kind} `{name}`; did you mean `{near}`?"),
                None => format!("unknown {kind} `{name}`"),
            };
        if let Some(packs) = packs {
            for pack in packs {
                if !self.packs.contains_key(pack) {
                    return Err(unknown(
                        "pack",
                        pack,
                        &mut self.packs.keys().map(String::as_str),
                    ));
                }
            }
        }
        for id in settings.keys() {
            if self.get(id).is_none() {
                return Err(format!(
                    "[rules] {}",
                    unknown("rule id", id, &mut self.rules().map(Rule::id))
                ));
            }
        }
        let mut set = self.filter(|rule| {
            let pack_on = packs.is_none_or(|p| p.iter().any(|n| n == rule.pack()))
                || !self.packs.get(rule.pack()).is_some_and(|p| p.builtin);
            pack_on && settings.get(rule.id()) != Some(&RuleSetting::Off)
        });
        for (id, setting) in settings {
            if let RuleSetting::Severity(severity) = setting {
                set.severities.insert(id.clone(), *severity);
            }
        }
        Ok(set)
    }

    /// Adds a glossary as the rule `glossary/glossary-term`: each `wrong` term, matched as a
    /// whole word in any case, is flagged with `right` as its (unsafe) fix.
    ///
    /// # Errors
    /// A glossary whose terms cannot be compiled, naming `path`.
    pub fn with_glossary(
        &self,
        path: &Path,
        pairs: Vec<(String, String)>,
    ) -> Result<Self, LoadError> {
        let rule = validate::glossary_rule(path, pairs)?;
        let mut set = self.clone();
        set.packs.insert(
            "glossary".into(),
            PackInfo {
                name: "glossary".into(),
                description: "the configured glossary".into(),
                builtin: false,
                source: None,
                target: None,
            },
        );
        set.rules.retain(|r| r.id() != rule.id());
        set.rules.push(Arc::new(rule));
        set.rules.sort_by(|a, b| a.id.cmp(&b.id));
        set.prefilter = Arc::default();
        Ok(set)
    }

    /// Applies `--select` and `--ignore`: each entry is a rule id or a pack name. An empty
    /// `select` keeps every rule.
    ///
    /// # Errors
    /// An entry that names no rule and no pack, with the closest valid name when one is near.
    pub fn select(&self, select: &[String], ignore: &[String]) -> Result<Self, String> {
        for name in select.iter().chain(ignore) {
            if self.get(name).is_none() && !self.packs.contains_key(name) {
                let candidates = self
                    .rules()
                    .map(Rule::id)
                    .chain(self.packs.keys().map(String::as_str));
                return Err(match closest(name, candidates) {
                    Some(near) => format!("unknown rule or pack `{name}`; did you mean `{near}`?"),
                    None => format!("unknown rule or pack `{name}`"),
                });
            }
        }
        let names =
            |rule: &Rule, list: &[String]| list.iter().any(|n| n == rule.id() || n == rule.pack());
        Ok(self.filter(|rule| (select.is_empty() || names(rule, select)) && !names(rule, ignore)))
    }
}

/// The candidate closest to `name` by Jaro-Winkler similarity, if it is close enough to be a typo.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}
