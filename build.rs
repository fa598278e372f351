//! Embeds the default rule packs (`rules/<pack>/*.toml` and `rules/<pack>/lists/*.txt`) into the
//! binary, so that an installed `calque` needs no files beside it.
//!
//! The generated file `$OUT_DIR/embedded_rules.rs` holds one `(relative path, contents)` pair per
//! file, sorted by path so that rule order never depends on the file system.
//!
//! It also reads the built-in pattern rules' regexes once, here, for the facts loading them
//! would otherwise read on every start (`src/regex_facts.rs`): `$OUT_DIR/regex_facts.rs` holds
//! each regex's required literals and capture group names, computed by the library's own code
//! (the two files below are included, not copied).

use std::collections::BTreeMap;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

#[path = "src/rules/macros.rs"]
mod macros;
#[path = "src/regex_facts/read.rs"]
mod read;

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
    // Each file read and each TOML parsed once, for both tables below.
    let sources: Vec<Source> = files
        .iter()
        .map(|(rel, abs)| {
            let text = fs::read_to_string(abs).expect("a rule file is readable");
            // A file that does not parse is reported when the crate loads it; here it is
            // only left out.
            let table = rel
                .ends_with(".toml")
                .then(|| text.parse::<toml::Table>().ok())
                .flatten();
            Source {
                rel: rel.clone(),
                text,
                table,
            }
        })
        .collect();
    out.push_str(&json_forms(&sources));
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out_dir.join("embedded_rules.rs"), out).expect("OUT_DIR is writable");
    fs::write(out_dir.join("regex_facts.rs"), regex_facts(&sources)).expect("OUT_DIR is writable");
}

/// A file of the default packs: its path relative to `rules/`, its text, and its table if it
/// is a TOML file that parses.
struct Source {
    rel: String,
    text: String,
    table: Option<toml::Table>,
}

/// The embedded TOML files once more as JSON, `(path, JSON)` sorted by path: the same data,
/// which `serde_json` reads several times faster than `toml` parses it (a tenth of start-up
/// went to parsing the rule files). A file that does not parse is left out: loading then
/// parses its TOML and reports the error.
fn json_forms(sources: &[Source]) -> String {
    let mut out = String::from(
        "/// The embedded `.toml` files as JSON, by path: read instead of the TOML.\n\
         pub(crate) static EMBEDDED_JSON: &[(&str, &str)] = &[\n",
    );
    for source in sources {
        let Some(table) = &source.table else { continue };
        let json = serde_json::to_string(table).expect("TOML values serialise");
        let _ = writeln!(out, "    ({:?}, {json:?}),", source.rel);
    }
    out.push_str("];\n");
    out
}

/// A regex's required literals and capture group names.
type Facts = (Option<read::RequiredLiterals>, Vec<Option<String>>);

/// The Rust source of the prepared regex facts: every built-in `pattern` rule's regex, with
/// its list macros expanded as loading expands them, sorted by source.
fn regex_facts(sources: &[Source]) -> String {
    // pack -> list name -> words, in pack order (as loading looks them up).
    let mut lists = macros::Lists::new();
    let mut patterns: Vec<(&str, &str)> = Vec::new();
    for source in sources {
        let Some((pack, name)) = source.rel.split_once('/') else {
            continue;
        };
        if let Some(list) = name
            .strip_prefix("lists/")
            .and_then(|n| n.strip_suffix(".txt"))
        {
            lists
                .entry(pack.to_owned())
                .or_default()
                .insert(list.to_owned(), macros::parse_list(&source.text));
        } else if let Some(table) = source.table.as_ref().filter(|_| name != "pack.toml") {
            let matcher = table.get("match").and_then(toml::Value::as_table);
            let is_pattern = matcher
                .and_then(|m| m.get("kind"))
                .and_then(toml::Value::as_str)
                == Some("pattern");
            let pattern = matcher
                .and_then(|m| m.get("pattern"))
                .and_then(toml::Value::as_str);
            if let (true, Some(pattern)) = (is_pattern, pattern) {
                patterns.push((pack, pattern));
            }
        }
    }
    let mut facts: BTreeMap<String, Facts> = BTreeMap::new();
    for (pack, pattern) in &patterns {
        let expanded = macros::expand_for_pack(pattern, pack, &lists);
        let Ok(expanded) = expanded else { continue };
        let Ok(names) = read::capture_names(&expanded) else {
            continue;
        };
        let literals = read::required_literals(&expanded);
        facts.insert(expanded, (literals, names));
    }
    let mut out = String::from(
        "/// One built-in regex, read at build time.\n\
         struct Prepared {\n\
         \x20   pattern: &'static str,\n\
         \x20   literals: Option<&'static [&'static str]>,\n\
         \x20   word_start: bool,\n\
         \x20   word_end: bool,\n\
         \x20   names: &'static [Option<&'static str>],\n\
         }\n\n\
         /// The built-in pattern rules' regexes, sorted by source.\n\
         static PREPARED: &[Prepared] = &[\n",
    );
    for (pattern, (literals, names)) in &facts {
        let (literals, word_start, word_end) = match literals {
            Some(set) => (
                format!("Some(&{:?})", set.literals),
                set.word_start,
                set.word_end,
            ),
            None => ("None".to_owned(), false, false),
        };
        let _ = writeln!(
            out,
            "    Prepared {{ pattern: {pattern:?}, literals: {literals}, word_start: {word_start}, word_end: {word_end}, names: &{names:?} }},"
        );
    }
    out.push_str("];\n");
    out
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
