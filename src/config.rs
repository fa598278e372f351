//! `calque.toml`: finding it (walking up from the current folder, or `--config`), reading it,
//! and checking every key and rule id, with a “did you mean …” for each unknown one.
//!
//! ```toml
//! packs = ["core", "en", "it-en"]        # default packs to run (default: all)
//! rules_dirs = ["house-rules"]           # extra packs, relative to this file
//! fail_on = "warning"                    # error | warning | info | never
//! ignore_paths = ["drafts/**", "*.tmp.md"]
//! glossary = "glossary.tsv"              # wrong<TAB>right per line
//! max_penalty = 20.0                     # per file, per 1,000 words
//! max_file_size = 134217728              # bytes; larger files are not read (default 64 MiB)
//!
//! [rules]
//! "core/space-run" = "off"               # off | error | warning | info
//! "en/pleonastic-subject" = "error"
//!
//! [penalty]                              # MQM-style weights per finding
//! error = 5.0
//! warning = 1.0
//! info = 0.0
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::finding::Severity;
use crate::rules::closest;

/// The file name looked for.
pub const CONFIG_FILE: &str = "calque.toml";

/// A problem in a configuration file, naming the file and the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {problem}", .path.display())]
pub struct ConfigError {
    /// The configuration file.
    pub path: PathBuf,
    /// What is wrong.
    pub problem: String,
}

/// What a rule is set to in `[rules]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    /// Not run.
    Off,
    /// Run with this severity.
    Severity(Severity),
}

/// The severity threshold of the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailOn {
    /// Errors fail.
    Error,
    /// Warnings and errors fail.
    Warning,
    /// Every finding fails.
    Info,
    /// Findings never fail.
    Never,
}

impl FailOn {
    /// The lowest failing severity, if any.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            Self::Error => Some(Severity::Error),
            Self::Warning => Some(Severity::Warning),
            Self::Info => Some(Severity::Info),
            Self::Never => None,
        }
    }
}

/// MQM-style penalty weights per finding severity.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PenaltyWeights {
    /// Points per error (MQM major): 5 by default.
    #[serde(default = "five")]
    pub error: f64,
    /// Points per warning (MQM minor): 1 by default.
    #[serde(default = "one")]
    pub warning: f64,
    /// Points per info: 0 by default.
    #[serde(default)]
    pub info: f64,
}

fn five() -> f64 {
    5.0
}
fn one() -> f64 {
    1.0
}

impl Default for PenaltyWeights {
    fn default() -> Self {
        Self {
            error: 5.0,
            warning: 1.0,
            info: 0.0,
        }
    }
}

impl PenaltyWeights {
    /// The weight of one finding of `severity`.
    pub fn weight(&self, severity: Severity) -> f64 {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    packs: Option<Vec<String>>,
    #[serde(default)]
    rules_dirs: Vec<PathBuf>,
    fail_on: Option<FailOn>,
    #[serde(default)]
    ignore_paths: Vec<String>,
    glossary: Option<PathBuf>,
    max_penalty: Option<f64>,
    max_file_size: Option<u64>,
    #[serde(default)]
    rules: BTreeMap<String, String>,
    penalty: Option<PenaltyWeights>,
}

const TOP_KEYS: [&str; 9] = [
    "packs",
    "rules_dirs",
    "fail_on",
    "ignore_paths",
    "glossary",
    "max_penalty",
    "max_file_size",
    "rules",
    "penalty",
];
const PENALTY_KEYS: [&str; 3] = ["error", "warning", "info"];

/// A loaded configuration. Paths in it are resolved against the folder of the file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The file it was read from (`None`: no file, defaults).
    pub path: Option<PathBuf>,
    /// The folder relative paths are resolved against.
    pub root: PathBuf,
    /// Default packs to run; `None` runs them all.
    pub packs: Option<Vec<String>>,
    /// Extra pack folders.
    pub rules_dirs: Vec<PathBuf>,
    /// Per-rule settings by rule id.
    pub rules: BTreeMap<String, RuleSetting>,
    /// The exit-code threshold, unless `--fail-on` is given.
    pub fail_on: Option<FailOn>,
    /// Glob patterns (gitignore syntax, relative to `root`) of files not to check.
    pub ignore_paths: Vec<String>,
    /// A TSV glossary of wrong → right terms.
    pub glossary: Option<PathBuf>,
    /// The highest penalty per 1,000 words a file may have.
    pub max_penalty: Option<f64>,
    /// Files larger than this many bytes are not read, unless `--max-file-size` says otherwise
    /// (default [`crate::document::DEFAULT_MAX_FILE_SIZE`]).
    pub max_file_size: Option<u64>,
    /// Penalty weights.
    pub penalty: PenaltyWeights,
}

impl Config {
    /// Finds `calque.toml` in `start` or the nearest folder above it.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|dir| dir.join(CONFIG_FILE))
            .find(|p| p.is_file())
    }

    /// Reads and checks a configuration file.
    ///
    /// # Errors
    /// An unreadable file, invalid TOML, an unknown key (with the closest valid key), or a
    /// value of the wrong type or out of range.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let err = |problem: String| ConfigError {
            path: path.to_owned(),
            problem,
        };
        let text = fs::read_to_string(path).map_err(|e| err(format!("cannot read: {e}")))?;
        Self::parse(path, &text)
    }

    /// Parses configuration text read from `path`.
    ///
    /// # Errors
    /// As [`Config::load`].
    pub fn parse(path: &Path, text: &str) -> Result<Self, ConfigError> {
        let err = |problem: String| ConfigError {
            path: path.to_owned(),
            problem,
        };
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| err(e.to_string().trim().to_owned()))?;
        check_keys(&table, &TOP_KEYS, "").map_err(err)?;
        if let Some(toml::Value::Table(penalty)) = table.get("penalty") {
            check_keys(penalty, &PENALTY_KEYS, "penalty.").map_err(err)?;
        }
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| err(e.to_string().trim().to_owned()))?;
        let mut rules = BTreeMap::new();
        for (id, value) in raw.rules {
            let setting = match value.as_str() {
                "off" => RuleSetting::Off,
                "error" => RuleSetting::Severity(Severity::Error),
                "warning" => RuleSetting::Severity(Severity::Warning),
                "info" => RuleSetting::Severity(Severity::Info),
                other => {
                    return Err(err(format!(
                        "[rules] \"{id}\" = \"{other}\": expected \"off\", \"error\", \"warning\" or \"info\""
                    )))
                }
            };
            rules.insert(id, setting);
        }
        if let Some(max) = raw.max_penalty {
            if !(max.is_finite() && max >= 0.0) {
                return Err(err(format!(
                    "max_penalty = {max}: expected a number of 0 or more"
                )));
            }
        }
        let root = path.parent().map(Path::to_owned).unwrap_or_default();
        let resolve = |p: PathBuf| if p.is_absolute() { p } else { root.join(p) };
        Ok(Self {
            path: Some(path.to_owned()),
            packs: raw.packs,
            rules_dirs: raw.rules_dirs.into_iter().map(resolve).collect(),
            rules,
            fail_on: raw.fail_on,
            ignore_paths: raw.ignore_paths,
            glossary: raw.glossary.map(resolve),
            max_penalty: raw.max_penalty,
            max_file_size: raw.max_file_size,
            penalty: raw.penalty.unwrap_or_default(),
            root,
        })
    }

    /// The configuration error for an unknown rule id or pack named in this file.
    pub fn error(&self, problem: String) -> ConfigError {
        ConfigError {
            path: self
                .path
                .clone()
                .unwrap_or_else(|| PathBuf::from(CONFIG_FILE)),
            problem,
        }
    }
}

fn check_keys(table: &toml::Table, known: &[&str], prefix: &str) -> Result<(), String> {
    for key in table.keys() {
        if !known.contains(&key.as_str()) {
            return Err(match closest(key, known.iter().copied()) {
                Some(near) => {
                    format!("unknown key `{prefix}{key}`; did you mean `{prefix}{near}`?")
                }
                None => format!(
                    "unknown key `{prefix}{key}`; valid keys are {}",
                    known.join(", ")
                ),
            });
        }
    }
    Ok(())
}

/// Reads a glossary: one `wrong<TAB>right` pair per line; blank lines and `#` comments skipped.
///
/// # Errors
/// An unreadable file, or a line without exactly one tab, named by its number.
pub fn read_glossary(path: &Path) -> Result<Vec<(String, String)>, ConfigError> {
    let err = |problem: String| ConfigError {
        path: path.to_owned(),
        problem,
    };
    let text = fs::read_to_string(path).map_err(|e| err(format!("cannot read glossary: {e}")))?;
    let mut pairs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        match line.split_once('\t') {
            Some((wrong, right)) if !wrong.trim().is_empty() && !right.contains('\t') => {
                pairs.push((wrong.trim().to_owned(), right.trim().to_owned()));
            }
            _ => return Err(err(format!("line {}: expected `wrong<TAB>right`", i + 1))),
        }
    }
    if pairs.is_empty() {
        return Err(err("the glossary has no entries".into()));
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("/proj/calque.toml"), text)
    }

    #[test]
    fn full_config_parses_and_resolves_paths() {
        let config = parse(
            "packs = [\"core\"]\nrules_dirs = [\"house\"]\nfail_on = \"warning\"\nignore_paths = [\"drafts/**\"]\nglossary = \"g.tsv\"\nmax_penalty = 12.5\n[rules]\n\"core/space-run\" = \"off\"\n\"en/x\" = \"info\"\n[penalty]\nerror = 10\n",
        )
        .unwrap();
        assert_eq!(config.rules_dirs, vec![PathBuf::from("/proj/house")]);
        assert_eq!(config.glossary, Some(PathBuf::from("/proj/g.tsv")));
        assert_eq!(config.fail_on, Some(FailOn::Warning));
        assert_eq!(config.rules["core/space-run"], RuleSetting::Off);
        assert_eq!(config.rules["en/x"], RuleSetting::Severity(Severity::Info));
        assert_eq!(
            config.penalty,
            PenaltyWeights {
                error: 10.0,
                warning: 1.0,
                info: 0.0
            }
        );
    }

    #[test]
    fn unknown_keys_name_the_closest_valid_key() {
        let e = parse("fail-on = \"error\"").unwrap_err().to_string();
        assert_eq!(
            e,
            "/proj/calque.toml: unknown key `fail-on`; did you mean `fail_on`?"
        );
        let e = parse("[penalty]\nwarnings = 2").unwrap_err().to_string();
        assert!(
            e.contains("unknown key `penalty.warnings`; did you mean `penalty.warning`?"),
            "{e}"
        );
    }

    #[test]
    fn bad_values_are_named() {
        let e = parse("[rules]\n\"core/x\" = \"loud\"")
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"core/x\" = \"loud\""), "{e}");
        assert!(parse("fail_on = \"sometimes\"").is_err());
        assert!(parse("max_penalty = -1").is_err());
        assert!(parse("max_file_size = -1").is_err());
        assert_eq!(
            parse("max_file_size = 1024").unwrap().max_file_size,
            Some(1024)
        );
    }

    #[test]
    fn discovery_walks_up() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b");
        fs::create_dir_all(&deep).unwrap();
        fs::write(dir.path().join(CONFIG_FILE), "").unwrap();
        assert_eq!(Config::discover(&deep), Some(dir.path().join(CONFIG_FILE)));
    }

    #[test]
    fn glossary_lines_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.tsv");
        fs::write(&path, "# terms\nMelons\tMeloni\n\nthe Born\tNATO\n").unwrap();
        assert_eq!(read_glossary(&path).unwrap().len(), 2);
        fs::write(&path, "no tab here\n").unwrap();
        assert!(read_glossary(&path)
            .unwrap_err()
            .to_string()
            .contains("line 1"));
    }
}
