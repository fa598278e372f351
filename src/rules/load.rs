//! Finds the files of rule packs: the embedded defaults and user folders given with `--rules`.
//!
//! A pack is a folder: `<pack>/*.toml` rule files, an optional `<pack>/pack.toml`, and word
//! lists `<pack>/lists/<name>.txt` for `{name}` macros. Nothing is parsed here.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::RuleError;

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// One file of a pack, as text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the pack folder, with `/` separators (`nato-as-the-born.toml`, `lists/countries.txt`).
    pub rel: String,
    /// The file's contents.
    pub text: String,
    /// The same data as JSON, for an embedded `.toml` file (converted at build time): read
    /// in its place, several times faster.
    pub json: Option<&'static str>,
}

/// The files of one pack, not yet parsed.
#[derive(Debug, Clone)]
pub struct PackSource {
    /// The pack's name: its folder's name.
    pub name: String,
    /// The folder, as shown in error messages (`rules/core` for the embedded packs).
    pub dir: PathBuf,
    /// Whether the pack is embedded in the binary.
    pub builtin: bool,
    /// Its files, sorted by relative path.
    pub files: Vec<SourceFile>,
}

/// The default packs, from the files embedded at build time.
pub(crate) fn builtin_sources() -> Vec<PackSource> {
    let mut packs: Vec<PackSource> = Vec::new();
    for (path, text) in EMBEDDED_FILES {
        let Some((pack, rel)) = path.split_once('/') else {
            continue;
        };
        if packs.last().is_none_or(|p| p.name != pack) {
            packs.push(PackSource {
                name: pack.to_owned(),
                dir: Path::new("rules").join(pack),
                builtin: true,
                files: Vec::new(),
            });
        }
        let last = packs.last_mut().expect("pushed above");
        let json = EMBEDDED_JSON
            .binary_search_by(|(p, _)| p.cmp(path))
            .ok()
            .map(|i| EMBEDDED_JSON[i].1);
        last.files.push(SourceFile {
            rel: rel.to_owned(),
            text: (*text).to_owned(),
            json,
        });
    }
    packs
}

/// The pack name of a folder: its last component.
pub(crate) fn pack_name(dir: &Path) -> String {
    dir.file_name()
        .map(ToOwned::to_owned)
        .or_else(|| {
            dir.canonicalize()
                .ok()
                .and_then(|p| p.file_name().map(ToOwned::to_owned))
        })
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| dir.display().to_string())
}

/// Reads a user's pack folder.
///
/// # Errors
/// A folder that cannot be read, and every file in it that cannot be read as UTF-8, each named.
pub(crate) fn read_pack_dir(dir: &Path) -> Result<PackSource, Vec<RuleError>> {
    let mut errors = Vec::new();
    let mut files = Vec::new();
    let problem = |path: &Path, problem: String| RuleError {
        path: path.to_owned(),
        rule: None,
        problem,
    };
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return Err(vec![problem(dir, format!("cannot read rule folder: {e}"))]),
    };
    let mut paths: Vec<(String, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() && name == "lists" {
            if let Ok(lists) = fs::read_dir(&path) {
                for list in lists.flatten() {
                    let list_name = list.file_name().to_string_lossy().into_owned();
                    if list_name.ends_with(".txt") {
                        paths.push((format!("lists/{list_name}"), list.path()));
                    }
                }
            }
        } else if name.ends_with(".toml") {
            paths.push((name, path));
        }
    }
    paths.sort();
    for (rel, path) in paths {
        match fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => files.push(SourceFile {
                    rel,
                    text,
                    json: None,
                }),
                Err(_) => errors.push(problem(&path, "not valid UTF-8".into())),
            },
            Err(e) => errors.push(problem(&path, format!("cannot read: {e}"))),
        }
    }
    if files.iter().all(|f| !f.rel.ends_with(".toml")) && errors.is_empty() {
        errors.push(problem(dir, "no rule files (*.toml) in this folder".into()));
    }
    if errors.is_empty() {
        Ok(PackSource {
            name: pack_name(dir),
            dir: dir.to_owned(),
            builtin: false,
            files,
        })
    } else {
        Err(errors)
    }
}
