//! Turns the paths given on the command line into the list of files to check: files as given,
//! folders walked recursively (honouring `.gitignore`, skipping hidden files) for the
//! extensions calque reads.

use std::path::{Path, PathBuf};

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

/// Expands `paths` (`-` is standard input) into inputs, sorted within each folder; paths that
/// do not exist or cannot be walked become errors naming them.
pub fn expand(paths: &[PathBuf], stdin_name: &str) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin(stdin_name.to_owned()));
        } else if path.is_dir() {
            walk(path, &mut inputs, &mut errors);
        } else {
            // Missing or unreadable files are reported when they are read, with the OS's reason.
            inputs.push(Input::File(path.clone()));
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<InputError>) {
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(dir)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry
                    .file_type()
                    .is_some_and(|t| t.is_file() || t.is_symlink());
                let path = entry.into_path();
                let wanted = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| CHECKED_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
                if is_file && wanted && !path.is_dir() {
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
