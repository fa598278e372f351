//! Turns the paths given on the command line into the list of files to check: files as given,
//! folders walked recursively (honouring `.gitignore`, skipping hidden files) for the
//! extensions calque reads, minus the configuration's `ignore_paths`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::InputError;

/// File extensions picked up when walking a folder (a file named explicitly is always checked).
pub const CHECKED_EXTENSIONS: [&str; 5] = ["txt", "md", "markdown", "html", "htm"];

/// One thing to check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// A file on disk.
    File(PathBuf),
    /// Standard input, reported under this name.
    Stdin(String),
}

/// Glob patterns (gitignore syntax) of paths not to check, relative to a root folder.
#[derive(Debug, Clone, Default)]
pub struct IgnoreGlobs {
    matcher: Option<Arc<ignore::overrides::Override>>,
    cwd: PathBuf,
}

impl IgnoreGlobs {
    /// Compiles `globs`, relative to `root` (the configuration file's folder).
    ///
    /// # Errors
    /// A glob that does not parse, named.
    pub fn new(root: &Path, globs: &[String]) -> Result<Self, String> {
        let cwd = std::env::current_dir().unwrap_or_default();
        if globs.is_empty() {
            return Ok(Self { matcher: None, cwd });
        }
        let mut builder = ignore::overrides::OverrideBuilder::new(cwd.join(root));
        for glob in globs {
            // In an override set, `!glob` means “ignore what matches”.
            builder
                .add(&format!("!{glob}"))
                .map_err(|e| format!("ignore_paths: `{glob}`: {e}"))?;
        }
        let matcher = builder.build().map_err(|e| format!("ignore_paths: {e}"))?;
        Ok(Self {
            matcher: Some(Arc::new(matcher)),
            cwd,
        })
    }

    /// Whether `path` (relative to the current folder, or absolute) is ignored.
    pub fn is_ignored(&self, path: &Path, is_dir: bool) -> bool {
        let Some(matcher) = &self.matcher else {
            return false;
        };
        let absolute = self.cwd.join(path);
        // A file inside an ignored folder is ignored too.
        absolute
            .ancestors()
            .enumerate()
            .any(|(i, p)| matcher.matched(p, is_dir || i > 0).is_ignore())
    }
}

/// Expands `paths` (`-` is standard input) into inputs, sorted within each folder; paths that
/// do not exist or cannot be walked become errors naming them. Paths matching `ignore` are
/// left out, also when named explicitly (a pre-commit hook passes every changed file).
pub fn expand(
    paths: &[PathBuf],
    stdin_name: &str,
    ignore: &IgnoreGlobs,
) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin(stdin_name.to_owned()));
        } else if ignore.is_ignored(path, path.is_dir()) {
            continue;
        } else if path.is_dir() {
            walk(path, ignore, &mut inputs, &mut errors);
        } else {
            // Missing or unreadable files are reported when they are read, with the OS's reason.
            inputs.push(Input::File(path.clone()));
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, ignore: &IgnoreGlobs, inputs: &mut Vec<Input>, errors: &mut Vec<InputError>) {
    let mut found = Vec::new();
    let globs = ignore.clone();
    let walker = ignore::WalkBuilder::new(dir)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            !globs.is_ignored(entry.path(), entry.file_type().is_some_and(|t| t.is_dir()))
        })
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let (is_file, is_link) = entry
                    .file_type()
                    .map_or((false, false), |t| (t.is_file(), t.is_symlink()));
                let path = entry.into_path();
                let wanted = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| CHECKED_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
                // Only a link needs a look at its target (one more system call per file: a
                // tenth of walking a folder of 10,000 articles).
                if wanted && (is_file || (is_link && !path.is_dir())) {
                    found.push(path);
                }
            }
            Err(err) => {
                let path = error_path(&err).unwrap_or(dir).display().to_string();
                errors.push(InputError::Io {
                    path,
                    source: std::io::Error::other(strip_path(&err)),
                });
            }
        }
    }
    found.sort();
    inputs.extend(found.into_iter().map(Input::File));
}

fn error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// The error's message without the path prefix `ignore` adds (the path is printed once, first).
fn strip_path(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => {
            strip_path(err)
        }
        other => other.to_string(),
    }
}
