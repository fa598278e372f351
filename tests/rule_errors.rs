//! Rule-file mistakes, one test each, through `calque rules test DIR` (the command a rule
//! author runs): every error names the file, the rule, and, for TOML errors, the line
//! (DESIGN.md, "Guarantees": "A broken rule file names its file, line and rule id").
//!
//! `tests/rule_examples.rs` already covers, at the library level, a rule whose `id` differs
//! from its file name, a bad `pattern`, a `message` naming a missing group, an unknown list
//! macro in a pattern, a user pack named like a default pack; `tests/cli.rs` an unknown
//! top-level key (with its line) and an `ok` example the rule flags. What follows covers the
//! rest.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

/// A valid rule; each test breaks one thing in it. Line numbers below count from `id`, line 1.
const RULE: &str = r#"id = "lorem"
category = "style"
severity = "warning"
message = "“$0” is a placeholder"
description = """
## What it does
Flags lorem.
## Why is this bad?
Placeholder text.
## Example
lorem → ipsum
## Fix safety
Safe.
"""
[match]
kind = "pattern"
pattern = '\b(?P<word>lorem)\b'
[fix]
replace = "ipsum"
applicability = "safe"
[[examples]]
bad = "lorem here"
good = "ipsum here"
[[examples]]
ok = "Lorem"
"#;

struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Writes `files` into a pack folder named `house` under `root` and runs `calque rules test`.
fn rules_test(root: &Path, files: &[(&str, &str)]) -> Outcome {
    let pack = root.join("house");
    fs::create_dir_all(&pack).unwrap();
    for (name, text) in files {
        fs::write(pack.join(name), text).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_calque"))
        .args(["rules", "test"])
        .arg(&pack)
        .output()
        .unwrap();
    Outcome {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl Outcome {
    /// Exit 2 and an error line that names `file`, the rule `house/<rule>`, and says `what`.
    fn load_error(&self, file: &str, rule: &str, what: &str) {
        assert_eq!(self.code, Some(2), "{}{}", self.stdout, self.stderr);
        let prefix = format!("{file}: rule `house/{rule}`: ");
        let line = self.stderr.lines().find(|l| l.contains(&prefix));
        assert!(
            line.is_some_and(|l| l.contains(what)),
            "no line with {prefix:?} and {what:?} in:\n{}",
            self.stderr
        );
    }
}

fn in_tempdir(files: &[(&str, &str)]) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    rules_test(dir.path(), files)
}

#[test]
fn the_unbroken_rule_passes() {
    let out = in_tempdir(&[("lorem.toml", RULE)]);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
}

#[test]
fn malformed_toml_names_its_line() {
    // An unclosed string on line 17.
    let text = RULE.replace(r"pattern = '\b(?P<word>lorem)\b'", r"pattern = '\blorem");
    in_tempdir(&[("lorem.toml", &text)]).load_error(
        "lorem.toml",
        "lorem",
        "TOML parse error at line 17",
    );
}

#[test]
fn an_unknown_key_inside_a_table_names_the_key_and_its_line() {
    // `[fix]` starts on line 18; the misspelt key is on line 20.
    let text = RULE.replace(
        "applicability = \"safe\"",
        "applicability = \"safe\"\ntitel = \"x\"",
    );
    let out = in_tempdir(&[("lorem.toml", &text)]);
    out.load_error("lorem.toml", "lorem", "TOML parse error at line 21");
    assert!(
        out.stderr.contains("unknown field `titel`"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_unknown_key_in_pack_toml_names_the_file_and_its_line() {
    let out = in_tempdir(&[
        ("lorem.toml", RULE),
        (
            "pack.toml",
            "description = \"House rules\"\nlanguage = \"en\"\n",
        ),
    ]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("pack.toml: TOML parse error at line 2, column 1"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("unknown field `language`"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_bad_exception_regex_is_named_by_its_position() {
    let text = RULE.replace(
        r"pattern = '\b(?P<word>lorem)\b'",
        "pattern = '\\b(?P<word>lorem)\\b'\nexceptions = ['ok', 'lorem[']",
    );
    in_tempdir(&[("lorem.toml", &text)]).load_error(
        "lorem.toml",
        "lorem",
        "exception #2 does not compile",
    );
}

#[test]
fn a_regex_over_the_size_limit_is_a_rule_error_not_a_slow_check() {
    // 2,000 Unicode word chars in a row compile to far more than the 8 MiB limit of
    // src/matchers/lazy_regex.rs.
    let text = RULE.replace(r"\b(?P<word>lorem)\b", r"(?P<word>lorem)\w{2000}");
    in_tempdir(&[("lorem.toml", &text)]).load_error(
        "lorem.toml",
        "lorem",
        "`pattern` does not compile: Compiled regex exceeds size limit",
    );
}

#[test]
fn a_pack_folder_name_used_twice_is_refused_with_both_places() {
    let dir = tempfile::tempdir().unwrap();
    for side in ["a", "b"] {
        let pack = dir.path().join(side).join("house");
        fs::create_dir_all(&pack).unwrap();
        fs::write(pack.join("lorem.toml"), RULE).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_calque"))
        .args(["check", "--rules"])
        .arg(dir.path().join("a/house"))
        .arg("--rules")
        .arg(dir.path().join("b/house"))
        .arg("-")
        .write_stdin("lorem\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let first = dir.path().join("a/house/lorem.toml");
    let second = dir.path().join("b/house");
    assert!(
        stderr.contains(&format!(
            "{}: a pack named `house` is already loaded",
            second.display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "rule `house/lorem`: duplicate rule id; also defined in {}",
            first.display()
        )),
        "{stderr}"
    );
}

#[test]
fn a_replacement_naming_a_missing_group_is_refused() {
    let text = RULE.replace("replace = \"ipsum\"", "replace = \"${wrod}\"");
    in_tempdir(&[("lorem.toml", &text)]).load_error("lorem.toml", "lorem", "`replace` refers to");
    let out = in_tempdir(&[("lorem.toml", &text)]);
    assert!(out.stderr.contains("wrod"), "{}", out.stderr);
}

#[test]
fn an_unknown_list_macro_in_an_exception_is_refused() {
    let text = RULE.replace(
        r"pattern = '\b(?P<word>lorem)\b'",
        "pattern = '\\b(?P<word>lorem)\\b'\nexceptions = ['{latin-words}']",
    );
    in_tempdir(&[("lorem.toml", &text)]).load_error(
        "lorem.toml",
        "lorem",
        "unknown list macro `{latin-words}`: no lists/latin-words.txt in any pack",
    );
}

#[test]
fn examples_that_contradict_their_rule_fail_rules_test_with_exit_1() {
    // A `bad` the rule does not flag, and a `good` its fix does not produce.
    let text = RULE
        .replace("bad = \"lorem here\"", "bad = \"dolor here\"")
        .replace(
            "[[examples]]\nok = \"Lorem\"",
            "[[examples]]\nbad = \"lorem there\"\ngood = \"dolor there\"\n[[examples]]\nok = \"Lorem\"",
        );
    let out = in_tempdir(&[("lorem.toml", &text)]);
    assert_eq!(out.code, Some(1), "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("house/lorem ("), "{}", out.stdout);
    assert!(
        out.stdout.contains("lorem.toml) example #1 [bad]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("lorem.toml) example #2 [good]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("1 rules, 3 examples: 2 failed."),
        "{}",
        out.stdout
    );
}
