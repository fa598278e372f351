//! Embeds the default rule packs (`rules/<pack>/*.toml` and `rules/<pack>/lists/*.txt`) into the
//! binary, so that an installed `calque` needs no files beside it.
//!
//! The generated file `$OUT_DIR/embedded_rules.rs` holds one `(relative path, contents)` pair per
//! file, sorted by path so that rule order never depends on the file system.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let root =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed=rules");

    let mut files = Vec::new();
    collect(&rules, &rules, &mut files);
    files.sort();

    let mut out = String::from(
        "/// Every file of the default packs: (path relative to `rules/`, contents).\n",
    );
    out.push_str("pub(crate) static EMBEDDED_FILES: &[(&str, &str)] = &[\n");
    for (rel, abs) in &files {
        out.push_str(&format!("    ({rel:?}, include_str!({abs:?})),\n"));
    }
    out.push_str("];\n");
    let dest =
        PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_rules.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}

/// Collects `*.toml` and `lists/*.txt` files below `dir`, as (relative path with `/`, absolute path).
fn collect(base: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            collect(base, &path, files);
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext != "toml" && ext != "txt" {
            continue;
        }
        let rel = path
            .strip_prefix(base)
            .expect("walked below base")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        files.push((rel, path.display().to_string()));
    }
}
