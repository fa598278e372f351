//! Library error types: what can go wrong reading a document or loading rule packs.
//!
//! Checking a loaded document cannot fail; everything that can is done at load time.

use std::path::PathBuf;

/// A document that could not be read or decoded. Every variant names the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// The file could not be opened or read (missing, unreadable, a directory…).
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The path as the user gave it.
        path: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The bytes are not valid UTF-8.
    #[error("{path}: not valid UTF-8 (first invalid byte on line {line}, byte offset {offset}); convert the file to UTF-8")]
    InvalidUtf8 {
        /// The path as the user gave it.
        path: String,
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 0-based byte offset of the first invalid byte.
        offset: usize,
    },
    /// The text is UTF-16 (it starts with a UTF-16 byte-order mark).
    #[error("{path}: UTF-16 text is not supported; convert the file to UTF-8")]
    Utf16 {
        /// The path as the user gave it.
        path: String,
    },
    /// The file holds NUL bytes: a binary file, not an article.
    #[error("{path}: binary file (contains NUL bytes), not checked")]
    Binary {
        /// The path as the user gave it.
        path: String,
    },
    /// The file is larger than the configured limit (`--max-file-size`) or than calque can
    /// index; it is not read.
    #[error("{path}: file too large ({size} bytes; the limit is {limit} bytes), not checked")]
    TooLarge {
        /// The path as the user gave it.
        path: String,
        /// The file's size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
}

impl InputError {
    /// The path of the document this error is about, as the user gave it.
    pub fn path(&self) -> &str {
        match self {
            Self::Io { path, .. }
            | Self::InvalidUtf8 { path, .. }
            | Self::Utf16 { path }
            | Self::Binary { path }
            | Self::TooLarge { path, .. } => path,
        }
    }
}

/// One problem in one rule file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {}{problem}", .path.display(), rule_prefix(.rule))]
pub struct RuleError {
    /// The rule file (or pack folder) the problem is in.
    pub path: PathBuf,
    /// The rule's id (`pack/name`), when it is known.
    pub rule: Option<String>,
    /// What is wrong, with the TOML line and column where the parser knows them.
    pub problem: String,
}

fn rule_prefix(rule: &Option<String>) -> String {
    rule.as_ref()
        .map(|id| format!("rule `{id}`: "))
        .unwrap_or_default()
}

/// Every problem found while loading rule packs: loading reports all of them, not the first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} problem(s) in rule packs:\n{}", .0.len(), render_list(.0))]
pub struct LoadError(pub Vec<RuleError>);

fn render_list(errors: &[RuleError]) -> String {
    errors
        .iter()
        .map(|e| format!("  {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Any error the library returns: the one type to match on (or to `?` into `anyhow`) when
/// using [`Checker`](crate::Checker).
///
/// Each variant wraps the specific error unchanged, and displays exactly as it does, so a
/// caller that prints `{error}` shows the same message the `calque` binary shows.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Rule packs that do not load: every problem in every rule file.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A configuration file that cannot be read or names an unknown key, pack or rule.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// A document that cannot be read or decoded.
    #[error(transparent)]
    Input(#[from] InputError),
    /// A `select` or `ignore` entry that names no rule and no pack, with the closest valid
    /// name when one is near.
    #[error("{0}")]
    Selection(String),
}
