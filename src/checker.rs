//! The library's front door: [`Checker`], built once from a configuration (rule packs,
//! `[rules]` settings, glossary, `select`/`ignore`, `ignore_paths`, penalty weights), then used
//! to check text, files and folders, fix text, and render reports, exactly as `calque check`
//! does, without printing anything.
//!
//! This module owns the combination of a [`Config`] with rule packs into a [`RuleSet`]; the CLI
//! calls it too, so that the library and the binary cannot drift apart. It does not own
//! checking (the engine), fixing ([`crate::fix`]) or printing ([`crate::report`]); it drives
//! them.
//!
//! ```
//! use calque::{Checker, OutputFormat};
//!
//! let checker = Checker::builder().select(["it-en"]).build()?;
//! let report = checker.check_str("draft.md", "Italy joined the Born in 1949.\n");
//! let concise = checker.render(&report, OutputFormat::Concise);
//! assert!(concise.starts_with("draft.md:1:14: error[it-en/nato-as-the-born]"));
//! # Ok::<(), calque::Error>(())
//! ```

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::batch::check_inputs_with_progress;
use crate::config::{read_glossary, Config};
use crate::document::Document;
use crate::document::DEFAULT_MAX_FILE_SIZE;
use crate::engine::check;
use crate::error::{Error, InputError};
use crate::finding::Applicability;
use crate::fix::{fix_document, FixOutcome};
use crate::inputs::{self, IgnoreGlobs};
use crate::report::{FileReport, InputFailure, OutputFormat, RenderOptions, Report};
use crate::rules::RuleSet;

/// Checks and fixes articles with one set of rules and one configuration.
///
/// Build it with [`Checker::builder`] (or [`Checker::default_rules`] for the embedded packs
/// with no configuration); everything that can fail (reading the configuration, loading and
/// validating rule packs, compiling glossaries and `ignore_paths` globs) fails there, so the
/// checking methods cannot. A `Checker` is immutable and `Sync`: share one across threads and
/// tests.
#[derive(Debug, Clone)]
pub struct Checker {
    rules: RuleSet,
    config: Config,
    ignore_paths: IgnoreGlobs,
    /// Files larger than this are not read (an input error naming the file).
    max_file_size: u64,
}

/// Collects the settings of a [`Checker`]; [`CheckerBuilder::build`] validates them all.
///
/// Without [`config`](Self::config), [`config_file`](Self::config_file) or
/// [`discover_config`](Self::discover_config), the checker uses the defaults (every embedded
/// pack, default severities and penalty weights): a library never picks up a `calque.toml`
/// it was not pointed at.
#[derive(Debug, Clone, Default)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct CheckerBuilder {
    config: ConfigSource,
    rules_dirs: Vec<PathBuf>,
    select: Vec<String>,
    ignore: Vec<String>,
    max_file_size: Option<u64>,
}

/// Where the builder's configuration comes from; read in `build`, so that errors come out in
/// one place.
#[derive(Debug, Clone, Default)]
enum ConfigSource {
    #[default]
    Defaults,
    Given(Box<Config>),
    File(PathBuf),
    Discover(PathBuf),
}

impl CheckerBuilder {
    /// Uses an already loaded configuration (see [`Config::load`] and [`Config::parse`]).
    pub fn config(mut self, config: &Config) -> Self {
        self.config = ConfigSource::Given(Box::new(config.clone()));
        self
    }

    /// Reads the configuration from this `calque.toml` when [`build`](Self::build) runs (the
    /// CLI's `--config FILE`). Relative paths in it are resolved against its folder.
    pub fn config_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.config = ConfigSource::File(path.into());
        self
    }

    /// Uses the nearest `calque.toml` in `start` or a folder above it, or the defaults if there
    /// is none (what the CLI does from the current folder).
    pub fn discover_config(mut self, start: impl Into<PathBuf>) -> Self {
        self.config = ConfigSource::Discover(start.into());
        self
    }

    /// Adds a rule pack: a folder of rule files whose name is the pack's name (the CLI's
    /// `--rules DIR`). Repeatable; these packs come after the configuration's `rules_dirs`.
    pub fn rules_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.rules_dirs.push(dir.into());
        self
    }

    /// Runs only these rules or packs (the CLI's `--select`); may be called more than once.
    /// Nothing selected means every rule.
    pub fn select<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.select.extend(names.into_iter().map(Into::into));
        self
    }

    /// Does not run these rules or packs (the CLI's `--ignore`); may be called more than once.
    pub fn ignore<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.ignore.extend(names.into_iter().map(Into::into));
        self
    }

    /// Reads the configuration, loads and validates the rule packs, applies the
    /// configuration's settings and glossary, then `select` and `ignore`.
    ///
    /// ```
    /// use calque::{Checker, Error};
    ///
    /// let checker = Checker::builder().ignore(["core/space-run"]).build()?;
    /// assert!(checker.rules().get("core/space-run").is_none());
    ///
    /// // A typo is an error that suggests the closest name.
    /// let err = Checker::builder().select(["it-en/nato-as-the-bron"]).build().unwrap_err();
    /// assert!(matches!(err, Error::Selection(_)));
    /// assert!(err.to_string().contains("did you mean `it-en/nato-as-the-born`?"));
    /// # Ok::<(), Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Config`] for a configuration that cannot be read or names an unknown key, pack
    /// or rule, or a bad glossary or `ignore_paths` glob; [`Error::Load`] for rule packs that do
    /// not load (every problem at once); [`Error::Selection`] for a `select`/`ignore` entry
    /// that names no rule and no pack.
    /// Files larger than `bytes` are not read (`--max-file-size`); default: the
    /// configuration's `max_file_size`, else [`DEFAULT_MAX_FILE_SIZE`].
    pub fn max_file_size(mut self, bytes: u64) -> Self {
        self.max_file_size = Some(bytes);
        self
    }

    /// Validates everything and builds the checker.
    pub fn build(self) -> Result<Checker, Error> {
        let config = match self.config {
            ConfigSource::Defaults => Config::default(),
            ConfigSource::Given(config) => *config,
            ConfigSource::File(path) => Config::load(&path)?,
            ConfigSource::Discover(start) => match Config::discover(&start) {
                Some(path) => Config::load(&path)?,
                None => Config::default(),
            },
        };
        let rules = rules_for(&config, &self.rules_dirs, &self.select, &self.ignore)?;
        let ignore_paths = IgnoreGlobs::new(&config.root, &config.ignore_paths)
            .map_err(|problem| config.error(problem))?;
        let max_file_size = self
            .max_file_size
            .or(config.max_file_size)
            .unwrap_or(DEFAULT_MAX_FILE_SIZE);
        Ok(Checker {
            rules,
            config,
            ignore_paths,
            max_file_size,
        })
    }
}

/// The rules a configuration asks for: the default packs, the configuration's `rules_dirs`
/// and then `extra_dirs`, the configuration's `packs` and `[rules]`, its glossary, then
/// `select` and `ignore`. The order matters for error messages only: each step validates
/// names against the rules the previous steps left.
fn rules_for(
    config: &Config,
    extra_dirs: &[PathBuf],
    select: &[String],
    ignore: &[String],
) -> Result<RuleSet, Error> {
    let dirs: Vec<PathBuf> = config
        .rules_dirs
        .iter()
        .chain(extra_dirs)
        .cloned()
        .collect();
    let mut rules = RuleSet::load(&dirs)?
        .configure(config.packs.as_deref(), &config.rules)
        .map_err(|problem| config.error(problem))?;
    if let Some(glossary) = &config.glossary {
        rules = rules.with_glossary(glossary, read_glossary(glossary)?)?;
    }
    rules.select(select, ignore).map_err(Error::Selection)
}

impl Default for Checker {
    fn default() -> Self {
        Self::default_rules()
    }
}

impl Checker {
    /// A builder for a checker; see [`CheckerBuilder`].
    ///
    /// ```
    /// use calque::Checker;
    ///
    /// let dir = tempfile::tempdir()?;
    /// let config = dir.path().join("calque.toml");
    /// std::fs::write(&config, "[rules]\n\"core/space-run\" = \"off\"\n")?;
    ///
    /// let checker = Checker::builder().config_file(&config).ignore(["de-en"]).build()?;
    /// assert!(checker.rules().get("core/space-run").is_none());
    /// assert!(checker.rules().rules().all(|rule| rule.pack() != "de-en"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn builder() -> CheckerBuilder {
        CheckerBuilder::default()
    }

    /// The embedded default packs, with no configuration.
    ///
    /// # Panics
    /// Never in a released build: the embedded packs are validated by `tests/rule_examples.rs`.
    pub fn default_rules() -> Self {
        Self {
            rules: RuleSet::builtin(),
            config: Config::default(),
            ignore_paths: IgnoreGlobs::default(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }

    /// The rules this checker runs, ordered by id.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The configuration in force (defaults when none was given): `fail_on`, `max_penalty`
    /// and the penalty weights are for the caller to act on.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Checks text in memory. `path` names the document in the report and picks its format
    /// from its extension: `.md`/`.markdown` Markdown, `.html`/`.htm` HTML, anything else
    /// plain text.
    ///
    /// A text too large to index (over 4 GiB) is not checked: the report lists it in
    /// [`Report::failures`], as the CLI does.
    ///
    /// ```
    /// use calque::Checker;
    ///
    /// let checker = Checker::default_rules();
    /// let report = checker.check_str("draft.txt", "The summit ended.Leaders left.\n");
    /// let finding = &report.files[0].findings[0];
    /// assert_eq!(finding.rule, "core/missing-space-after-punctuation");
    /// assert_eq!(finding.suggestions[0].replacement, ". ");
    ///
    /// // In Markdown, code is not prose: nothing to report.
    /// let report = checker.check_str("draft.md", "Run `ended.Leaders` to see.\n");
    /// assert_eq!(report.summary().findings, 0);
    /// ```
    pub fn check_str(&self, path: &str, text: &str) -> Report {
        match Document::from_text(path, text) {
            Ok(document) => self.report_of(document),
            Err(error) => self.with_penalty(Report::new(vec![], vec![InputFailure::from(&error)])),
        }
    }

    /// Reads and checks one file; the report names it by `path` exactly as given (a relative
    /// path stays relative). Any extension is read; the format comes from it as in
    /// [`check_str`](Self::check_str).
    ///
    /// ```
    /// use calque::{Checker, InputError};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("article.md");
    /// std::fs::write(&path, "# Summit\n\nThe United States and the Born met.\n")?;
    ///
    /// let report = Checker::default_rules().check_file(&path)?;
    /// assert_eq!(report.files[0].findings[0].rule, "it-en/nato-as-the-born");
    ///
    /// // Bad input is a typed error naming the file.
    /// std::fs::write(&path, b"caf\xe9\n")?;
    /// let err = Checker::default_rules().check_file(&path).unwrap_err();
    /// assert!(matches!(err, InputError::InvalidUtf8 { line: 1, .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// A file that cannot be read or is not UTF-8 text ([`InputError`]).
    pub fn check_file(&self, path: impl AsRef<Path>) -> Result<Report, InputError> {
        Ok(self.report_of(Document::from_file(path.as_ref())?))
    }

    /// Checks files and folders as `calque check PATH...` does: folders are walked (honouring
    /// `.gitignore`, skipping hidden files) for `.txt`, `.md`, `.markdown`, `.html` and `.htm`
    /// files, the configuration's `ignore_paths` are left out, and files are checked in
    /// parallel. `-` reads the process's standard input.
    ///
    /// Inputs that cannot be read are listed in [`Report::failures`], sorted by path; every
    /// other input is still checked. The report does not depend on the number of threads.
    ///
    /// A file without findings keeps its path, format and word count in the report, not its
    /// text ([`Document::is_released`]): no report reads it, and a repository of tens of
    /// thousands of articles, mostly clean once a gate is in place, would otherwise be held
    /// in memory whole until the end. Standard input keeps its text; so does a file checked
    /// with [`check_file`](Self::check_file).
    pub fn check_paths(&self, paths: &[PathBuf]) -> Report {
        self.check_paths_with(paths, "-", std::io::stdin().lock(), &|_, _| {})
    }

    /// As [`check_paths`](Self::check_paths), with standard input (`-`) read from `stdin` and
    /// reported as `stdin_name` (the CLI's `--stdin-filename`), calling `progress(done, total)`
    /// after each input (from worker threads, in no particular order).
    pub fn check_paths_with(
        &self,
        paths: &[PathBuf],
        stdin_name: &str,
        stdin: impl Read,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Report {
        let (inputs, walk_errors) = inputs::expand(paths, stdin_name, &self.ignore_paths);
        let (mut report, read_errors) =
            check_inputs_with_progress(&inputs, &self.rules, stdin, self.max_file_size, progress);
        // Walk errors (unreadable folders) join read errors, sorted with them (a stable sort:
        // two errors about one path keep the order they happened in).
        let mut failures: Vec<InputFailure> = walk_errors
            .iter()
            .chain(&read_errors)
            .map(Into::into)
            .collect();
        failures.sort_by(|a, b| a.path.cmp(&b.path));
        report.failures = failures;
        self.with_penalty(report)
    }

    /// Applies the fixes `calque check --fix` would (`Applicability::Safe`), or
    /// `--fix --unsafe-fixes` (`Applicability::Unsafe`), re-checking until the text is stable.
    /// Only findings with exactly one suggestion are fixed unasked.
    ///
    /// ```
    /// use calque::{Applicability, Checker};
    ///
    /// let checker = Checker::default_rules();
    /// let text = "It ended.Then  the Born met after the invasion ofUkraine.";
    /// let fixed = checker.fix_str("draft.txt", text, Applicability::Safe)?;
    /// assert_eq!(fixed.text, "It ended. Then NATO met after the invasion ofUkraine.");
    /// assert!(fixed.converged);
    ///
    /// // Unsafe fixes (a glued word may be a name) only when asked for.
    /// let fixed = checker.fix_str("draft.txt", text, Applicability::Unsafe)?;
    /// assert_eq!(fixed.text, "It ended. Then NATO met after the invasion of Ukraine.");
    /// # Ok::<(), calque::InputError>(())
    /// ```
    ///
    /// # Errors
    /// A text too large to index ([`InputError::TooLarge`]).
    pub fn fix_str(
        &self,
        path: &str,
        text: &str,
        allowed: Applicability,
    ) -> Result<FixOutcome, InputError> {
        let document = Document::from_text(path, text)?;
        Ok(fix_document(&document, &self.rules, allowed))
    }

    /// Renders a report in `format`, without colour, exactly as `calque check --format …`
    /// prints it (the `full` and `sarif` formats need this checker's rules for their
    /// metadata).
    ///
    /// ```
    /// use calque::{Checker, OutputFormat};
    ///
    /// let checker = Checker::default_rules();
    /// let report = checker.check_str("draft.txt", "It ended.Then\n");
    /// let json: serde_json::Value =
    ///     serde_json::from_str(&checker.render(&report, OutputFormat::Json))?;
    /// assert_eq!(json["version"], 1);
    /// assert_eq!(json["findings"][0]["snippet"], ".");
    /// assert_eq!(
    ///     checker.render(&report, OutputFormat::Concise),
    ///     "draft.txt:1:9: error[core/missing-space-after-punctuation] \
    ///      Missing space after “.”: two sentences are glued together\n"
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn render(&self, report: &Report, format: OutputFormat) -> String {
        let mut out = Vec::new();
        report
            .render(
                format,
                &self.rules,
                RenderOptions { color: false },
                &mut out,
            )
            .expect("writing to a Vec<u8> cannot fail, and reports always serialize");
        String::from_utf8(out).expect("printers write UTF-8: documents are UTF-8 text")
    }

    fn report_of(&self, document: Document) -> Report {
        let findings = check(&document, &self.rules);
        self.with_penalty(Report::new(vec![FileReport { document, findings }], vec![]))
    }

    /// The configuration's penalty weights go into every report, so that the summary's score
    /// is the one the CLI prints.
    fn with_penalty(&self, mut report: Report) -> Report {
        report.penalty = self.config.penalty;
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A batch keeps the text of the files with findings only; a clean file keeps its path,
    /// format and word count, and standard input keeps its text.
    #[test]
    fn a_batch_releases_the_text_of_clean_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let clean = "A clean sentence with seven words.\n";
        let dirty = "It ended.Then it rained.\n";
        std::fs::write(dir.path().join("a_clean.md"), clean).unwrap();
        std::fs::write(dir.path().join("b_dirty.txt"), dirty).unwrap();
        let checker = Checker::default_rules();
        let report = checker.check_paths_with(
            &[dir.path().to_path_buf(), PathBuf::from("-")],
            "stdin.txt",
            clean.as_bytes(),
            &|_, _| {},
        );
        let files: Vec<(&str, &FileReport)> = report
            .files
            .iter()
            .map(|f| {
                let name = Path::new(f.document.path()).file_name().unwrap();
                (name.to_str().unwrap(), f)
            })
            .collect();
        let [("a_clean.md", a), ("b_dirty.txt", b), ("stdin.txt", s)] = files[..] else {
            panic!("{files:?}");
        };
        assert!(a.findings.is_empty() && a.document.is_released());
        assert_eq!(a.document.text(), "");
        assert_eq!(a.document.word_count(), 6);
        assert_eq!(a.document.kind(), crate::markup::DocumentKind::Markdown);
        assert!(!b.findings.is_empty() && !b.document.is_released());
        assert_eq!(b.document.text(), dirty);
        assert!(s.findings.is_empty() && !s.document.is_released());
        assert_eq!(s.document.text(), clean);
        assert_eq!(report.summary().words, 6 + 5 + 6);
        // A single file checked on its own keeps its text.
        let one = checker.check_file(dir.path().join("a_clean.md")).unwrap();
        assert!(!one.files[0].document.is_released());
    }

    #[test]
    fn a_checker_is_shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Checker>();
    }

    #[test]
    fn config_settings_reach_the_rules_and_the_report() {
        let config = Config::parse(
            Path::new("/proj/calque.toml"),
            "[rules]\n\"core/missing-space-after-punctuation\" = \"warning\"\n[penalty]\nwarning = 2\n",
        )
        .unwrap();
        let checker = Checker::builder().config(&config).build().unwrap();
        let report = checker.check_str("a.txt", "It ended.Then\n");
        let summary = report.summary();
        assert_eq!((summary.errors, summary.warnings), (0, 1));
        assert_eq!(summary.penalty, 2.0);
    }

    #[test]
    fn unknown_rules_in_the_config_are_config_errors() {
        let config = Config::parse(
            Path::new("/proj/calque.toml"),
            "[rules]\n\"core/nope\" = \"off\"\n",
        )
        .unwrap();
        let err = Checker::builder().config(&config).build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        assert!(err
            .to_string()
            .starts_with("/proj/calque.toml: [rules] unknown rule id"));
    }

    #[test]
    fn a_missing_config_file_is_a_config_error() {
        let err = Checker::builder()
            .config_file("/nonexistent/calque.toml")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
    }

    #[test]
    fn discovery_without_a_file_uses_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let checker = Checker::builder()
            .discover_config(dir.path())
            .build()
            .unwrap();
        assert_eq!(checker.rules().len(), RuleSet::builtin().len());
        assert!(checker.config().path.is_none());
    }
}
