//! Every built-in rule's embedded examples, run in one test that lists every failure at once,
//! plus the load-time validation that keeps rule files honest.

use std::fs;

use calque::rules::selftest;
use calque::RuleSet;

#[test]
fn every_builtin_example_passes() {
    let rules = RuleSet::builtin();
    assert!(rules.len() >= 9, "the default packs are embedded");
    let failures = selftest::run(&rules);
    assert!(failures.is_empty(), "{}", selftest::render(&failures));
}

#[test]
fn every_builtin_rule_has_bad_and_ok_examples_and_the_doc_headings() {
    for rule in RuleSet::builtin().rules() {
        let bad = rule
            .examples()
            .iter()
            .filter(|e| matches!(e, calque::rules::Example::Bad { .. }))
            .count();
        let ok = rule
            .examples()
            .iter()
            .filter(|e| matches!(e, calque::rules::Example::Ok { .. }))
            .count();
        assert!(
            bad >= 1 && ok >= 1,
            "{}: {bad} bad, {ok} ok examples",
            rule.id()
        );
        for heading in ["## What it does", "## Why is this bad?", "## Example"] {
            assert!(
                rule.description().contains(heading),
                "{} lacks {heading}",
                rule.id()
            );
        }
    }
}

#[test]
fn the_default_packs_are_loaded() {
    let rules = RuleSet::builtin();
    let packs: Vec<&str> = rules.packs().map(|p| p.name.as_str()).collect();
    assert_eq!(
        packs,
        ["core", "de-en", "en", "es-en", "fr-en", "it-en", "pt-en"]
    );
}

const GOOD_RULE: &str = r#"
id = "a-rule"
category = "style"
severity = "info"
message = "found $0"
description = """
## What it does
x
## Why is this bad?
x
## Example
x
"""
[match]
kind = "pattern"
pattern = 'foo'
[[examples]]
bad = "foo"
[[examples]]
ok = "bar"
"#;

fn load_pack(files: &[(&str, &str)]) -> Result<RuleSet, calque::LoadError> {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("mypack");
    fs::create_dir(&pack).unwrap();
    for (name, text) in files {
        fs::write(pack.join(name), text).unwrap();
    }
    RuleSet::load(&[pack])
}

#[test]
fn a_valid_user_pack_loads_beside_the_defaults() {
    let rules = load_pack(&[("a-rule.toml", GOOD_RULE)]).unwrap();
    assert!(rules.get("mypack/a-rule").is_some());
    assert!(rules.get("it-en/nato-as-the-born").is_some());
}

#[test]
fn unknown_keys_are_rejected_with_their_name() {
    let text = GOOD_RULE.replace("severity = \"info\"", "severity = \"info\"\nseverty = 1");
    let err = load_pack(&[("a-rule.toml", &text)])
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown field `severty`"), "{err}");
    assert!(err.contains("a-rule.toml"), "{err}");
}

#[test]
fn every_problem_in_every_file_is_reported() {
    let bad_regex = GOOD_RULE
        .replace("id = \"a-rule\"", "id = \"bad-regex\"")
        .replace("'foo'", "'(foo'");
    let bad_group = GOOD_RULE
        .replace("id = \"a-rule\"", "id = \"bad-group\"")
        .replace("found $0", "found $missing")
        .replace("[[examples]]\nok = \"bar\"\n", "");
    let wrong_id = GOOD_RULE.replace("id = \"a-rule\"", "id = \"other\"");
    let macro_rule = GOOD_RULE
        .replace("id = \"a-rule\"", "id = \"bad-macro\"")
        .replace("'foo'", "'{nolist}'");
    let err = load_pack(&[
        ("bad-regex.toml", &bad_regex),
        ("bad-group.toml", &bad_group),
        ("wrong-id.toml", &wrong_id),
        ("bad-macro.toml", &macro_rule),
        ("broken.toml", "id = "),
    ])
    .unwrap_err();
    let text = err.to_string();
    for needle in [
        "rule `mypack/bad-regex`: `pattern` does not compile",
        "rule `mypack/bad-group`: `message` refers to $missing",
        "rule `mypack/bad-group`: needs at least one `ok` example",
        "rule `mypack/wrong-id`: `id = \"other\"` must equal the file name `wrong-id`",
        "rule `mypack/bad-macro`: unknown list macro `{nolist}`",
        "broken.toml: rule `mypack/broken`: TOML parse error at line 1",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    assert_eq!(err.0.len(), 6, "{text}");
}

#[test]
fn a_user_pack_named_like_a_default_pack_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("core");
    fs::create_dir(&pack).unwrap();
    fs::write(pack.join("a-rule.toml"), GOOD_RULE).unwrap();
    let err = RuleSet::load(&[pack]).unwrap_err().to_string();
    assert!(
        err.contains("a pack named `core` is already loaded"),
        "{err}"
    );
}

#[test]
fn list_macros_read_the_packs_word_lists() {
    let rule = GOOD_RULE
        .replace("'foo'", r"'\b{zoo-animals}\b'")
        .replace("bad = \"foo\"", "bad = \"a wolf\"");
    let rules = load_pack(&[("a-rule.toml", &rule), ("lists", "")]);
    // `lists` above is a file, not a folder: the macro cannot resolve.
    assert!(rules.is_err());

    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("zoo");
    fs::create_dir_all(pack.join("lists")).unwrap();
    fs::write(
        pack.join("lists/zoo-animals.txt"),
        "# comment\nwolf\nbear\n",
    )
    .unwrap();
    fs::write(pack.join("a-rule.toml"), &rule).unwrap();
    let rules = RuleSet::load_only(&[pack]).unwrap();
    assert_eq!(rules.len(), 1);
    assert!(selftest::run(&rules).is_empty());
}

/// A document-scope rule's exceptions are searched once per line, not once per hit (a line of
/// many hits was quadratic): each hit is still judged by the exception matches around it.
#[test]
fn a_document_rule_exception_suppresses_only_the_hits_inside_it() {
    // `GOOD_RULE`'s id, texts and description, with a `quotes` match and an exception.
    let header = &GOOD_RULE[..GOOD_RULE.find("[match]").unwrap()];
    let rule = format!(
        r#"{header}[match]
kind = "quotes"
check = "reopened"
exceptions = ['“b[^“]*']
[[examples]]
bad = "“a “c"
flagged = "“"
[[examples]]
ok = "“a” “c”"
"#
    );
    let rules = load_pack(&[("a-rule.toml", &rule)])
        .unwrap()
        .filter(|r| r.id() == "mypack/a-rule");
    let text = "“a “b “c “b “d\nnext “x “b\n";
    let document = calque::Document::from_text("a.txt", text).unwrap();
    let flagged: Vec<usize> = calque::check(&document, &rules)
        .iter()
        .map(|f| f.range.start().to_usize())
        .collect();
    // Every mark after the first reopens (the paragraph goes on across the line break), but
    // those an exception match (`“b…`) covers, on both lines, are not flagged.
    let expected: Vec<usize> = text
        .match_indices('“')
        .map(|(at, _)| at)
        .filter(|&at| at != 0 && !text[at..].starts_with("“b"))
        .collect();
    assert_eq!(flagged, expected, "{text}");
    assert_eq!(flagged.len(), 3);
}
