//! The installed binary, end to end: exit codes, standard input, every format, broken rule
//! packs, bad input beside good input, and the `rules` subcommands.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

const SAMPLE: &str = "samples/000_ade58a808b0d7e0d.txt";

fn calque() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_calque"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR");
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
}

#[test]
fn findings_at_the_default_threshold_exit_1() {
    calque().args(["check", SAMPLE]).assert().code(1);
}

#[test]
fn fail_on_never_exits_0_and_fail_on_info_counts_warnings() {
    calque()
        .args(["check", "--fail-on", "never", SAMPLE])
        .assert()
        .code(0);
    // Only a warning (a doubled space): clean at the default threshold, a failure at `info`.
    calque()
        .args(["check", "-"])
        .write_stdin("Two  spaces.\n")
        .assert()
        .code(0);
    calque()
        .args(["check", "--fail-on", "warning", "-"])
        .write_stdin("Two  spaces.\n")
        .assert()
        .code(1);
    calque()
        .args(["check", "--fail-on", "info", "-"])
        .write_stdin("Two  spaces.\n")
        .assert()
        .code(1);
}

#[test]
fn clean_text_on_stdin_exits_0_and_says_so() {
    let out = calque()
        .args(["check", "-"])
        .write_stdin("A clean sentence. Another one.\n")
        .assert()
        .code(0);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(stdout, "No findings in 1 file.\n");
}

#[test]
fn stdin_is_reported_under_stdin_filename() {
    let out = stdout_of(
        calque()
            .args([
                "check",
                "--format",
                "concise",
                "--stdin-filename",
                "draft.txt",
                "-",
            ])
            .write_stdin("It ended.Then\n"),
    );
    assert_eq!(out, "draft.txt:1:9: error[core/missing-space-after-punctuation] Missing space after “.”: two sentences are glued together\n");
}

#[test]
fn concise_has_one_line_per_finding() {
    let out = stdout_of(calque().args(["check", "--format", "concise", SAMPLE]));
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() >= 20, "{out}");
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("samples/000_ade58a808b0d7e0d.txt:")),
        "{out}"
    );
    assert!(lines.contains(&"samples/000_ade58a808b0d7e0d.txt:37:1: error[core/captcha-line] A CAPTCHA prompt scraped from the web page, not part of the article"));
}

#[test]
fn json_parses_and_carries_every_field() {
    let out = stdout_of(calque().args(["check", "--format", "json", SAMPLE]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["version"], 1);
    let findings = json["findings"].as_array().unwrap();
    let born = findings
        .iter()
        .find(|f| f["rule"] == "it-en/nato-as-the-born")
        .unwrap();
    for key in [
        "path",
        "rule",
        "category",
        "severity",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "snippet",
        "suggestions",
        "fix",
    ] {
        assert!(born.get(key).is_some(), "missing {key}");
    }
    assert_eq!(born["line"], 34);
    assert_eq!(born["snippet"], "the Born");
    assert_eq!(born["suggestions"][0], "NATO");
    assert_eq!(json["summary"]["files"], 1);
    assert_eq!(json["summary"]["findings"], findings.len());
}

#[test]
fn columns_count_chars_across_accents_quotes_emoji_and_crlf() {
    // `é`, `’` and `🙂` are one column each; CRLF does not shift the next line.
    let text = "Perché l’ok 🙂 ended.Then\r\nSecond ended.Then\r\n";
    let out = stdout_of(
        calque()
            .args(["check", "--select", "core", "--format", "json", "-"])
            .write_stdin(text),
    );
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let spots: Vec<(u64, u64, u64)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["end_column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(spots, vec![(1, 20, 21), (2, 13, 14)]);
}

#[test]
fn a_bom_is_tolerated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.txt");
    fs::write(&path, "\u{FEFF}It ended.Then\n").unwrap();
    let out = stdout_of(calque().args(["check", "--format", "concise"]).arg(&path));
    assert!(out.contains("bom.txt:1:9: error"), "{out}");
}

#[test]
fn full_output_has_no_colour_unless_asked() {
    let plain = stdout_of(calque().args(["check", SAMPLE]));
    assert!(!plain.contains('\x1b'));
    assert!(
        plain.contains("   = fix (safe): Replace with “NATO”: “the Born” → “NATO”"),
        "{plain}"
    );
    let coloured = stdout_of(calque().args(["check", "--color", "always", SAMPLE]));
    assert!(coloured.contains("\x1b[1;31merror\x1b[0m"));
}

#[test]
fn non_utf8_file_beside_a_good_one_is_named_and_the_good_one_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a-bad.txt"), b"caf\xE9 ended.Then\n").unwrap();
    fs::write(dir.path().join("b-good.txt"), "It ended.Then\n").unwrap();
    let out = calque()
        .args(["check", "--format", "concise"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stdout.contains("b-good.txt:1:9: error[core/missing-space-after-punctuation]"),
        "{stdout}"
    );
    assert!(stderr.contains("a-bad.txt: not valid UTF-8"), "{stderr}");
}

#[test]
fn missing_and_binary_paths_are_errors_that_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("image.txt");
    fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00\x00").unwrap();
    let out = calque()
        .args(["check", "no/such/file.txt"])
        .arg(&binary)
        .arg(SAMPLE)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("no/such/file.txt: cannot read"), "{stderr}");
    assert!(stderr.contains("image.txt: binary file"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("nato-as-the-born"),
        "the sample is still checked"
    );
}

#[test]
fn json_lists_input_errors() {
    let out = stdout_of(calque().args(["check", "--format", "json", "missing.txt", SAMPLE]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["input_errors"][0]["path"], "missing.txt");
}

fn write_rule(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(format!("{name}.toml")), text).unwrap();
}

const RULE: &str = r#"
id = "NAME"
category = "style"
severity = "warning"
message = "“$0” is a placeholder"
description = """
## What it does
Flags lorem.
## Why is this bad?
Placeholder text.
## Example
lorem → (nothing)
"""
[match]
kind = "pattern"
pattern = '\blorem\b'
[[examples]]
bad = "lorem ipsum"
[[examples]]
ok = "Lorem"
"#;

#[test]
fn a_broken_rules_folder_exits_2_listing_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("house");
    fs::create_dir(&pack).unwrap();
    write_rule(
        &pack,
        "bad-regex",
        &RULE
            .replace("NAME", "bad-regex")
            .replace(r"\blorem\b", "(lorem"),
    );
    write_rule(
        &pack,
        "bad-key",
        &RULE.replace("NAME", "bad-key").replace(
            "severity = \"warning\"",
            "severity = \"warning\"\ncolour = \"red\"",
        ),
    );
    write_rule(
        &pack,
        "bad-severity",
        &RULE
            .replace("NAME", "bad-severity")
            .replace("\"warning\"", "\"fatal\""),
    );
    let out = calque()
        .args(["check", "--rules"])
        .arg(&pack)
        .arg(SAMPLE)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("3 problem(s) in rule packs"), "{stderr}");
    assert!(
        stderr.contains("bad-regex.toml: rule `house/bad-regex`: `pattern` does not compile"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad-key.toml: rule `house/bad-key`: TOML parse error at line 5"),
        "{stderr}"
    );
    assert!(stderr.contains("unknown field `colour`"), "{stderr}");
    assert!(
        stderr.contains("bad-severity.toml: rule `house/bad-severity`"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_user_pack_adds_rules_and_rules_test_runs_its_examples() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("house");
    fs::create_dir(&pack).unwrap();
    write_rule(&pack, "lorem", &RULE.replace("NAME", "lorem"));
    let out = stdout_of(
        calque()
            .args(["check", "--format", "concise", "--rules"])
            .arg(&pack)
            .arg("-")
            .write_stdin("some lorem here\n"),
    );
    assert_eq!(
        out,
        "-:1:6: warning[house/lorem] “lorem” is a placeholder\n"
    );

    let passed = calque().args(["rules", "test"]).arg(&pack).assert().code(0);
    assert!(String::from_utf8_lossy(&passed.get_output().stdout)
        .contains("1 rules, 2 examples: all passed."));

    // An `ok` example the rule contradicts: reported, exit 1.
    write_rule(
        &pack,
        "lorem",
        &RULE
            .replace("NAME", "lorem")
            .replace("ok = \"Lorem\"", "ok = \"lorem again\""),
    );
    let failed = calque().args(["rules", "test"]).arg(&pack).assert().code(1);
    let text = String::from_utf8_lossy(&failed.get_output().stdout).into_owned();
    assert!(
        text.contains("house/lorem") && text.contains("example #2 [ok]"),
        "{text}"
    );
}

#[test]
fn rules_test_without_a_folder_runs_the_defaults() {
    calque().args(["rules", "test"]).assert().code(0);
}

#[test]
fn rules_list_shows_every_rule() {
    let out = stdout_of(calque().args(["rules", "list"]));
    assert!(out.lines().any(|l| l.starts_with("it-en/nato-as-the-born")
        && l.contains("mistranslation")
        && l.contains("error")));
    assert!(out
        .lines()
        .any(|l| l.starts_with("core/missing-space-after-punctuation")));
}

#[test]
fn rules_explain_shows_description_and_examples_and_suggests_on_typos() {
    let out = stdout_of(calque().args(["rules", "explain", "it-en/nato-as-the-born"]));
    assert!(
        out.contains("## What it does") && out.contains("## Examples") && out.contains("- ok:"),
        "{out}"
    );
    let err = calque()
        .args(["rules", "explain", "it-en/nato-as-the-bron"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&err.get_output().stderr).into_owned();
    assert!(
        stderr.contains("did you mean `it-en/nato-as-the-born`?"),
        "{stderr}"
    );
}

#[test]
fn select_and_ignore_take_rules_and_packs() {
    let only =
        stdout_of(calque().args(["check", "--format", "concise", "--select", "it-en", SAMPLE]));
    assert!(only.lines().all(|l| l.contains("[it-en/")), "{only}");
    let without = stdout_of(calque().args([
        "check",
        "--format",
        "concise",
        "--ignore",
        "core/missing-space-after-punctuation",
        SAMPLE,
    ]));
    assert!(!without.contains("missing-space"));
    let err = calque()
        .args(["check", "--select", "core/captcha-lin", SAMPLE])
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&err.get_output().stderr)
        .contains("did you mean `core/captcha-line`?"));
}

#[test]
fn folders_are_walked_for_article_files_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::write(dir.path().join("sub/b.md"), "It ended.Then\n").unwrap();
    fs::write(dir.path().join("a.txt"), "It ended.Then\n").unwrap();
    fs::write(dir.path().join("ignored.rs"), "It ended.Then\n").unwrap();
    let out = stdout_of(
        calque()
            .args(["check", "--format", "concise"])
            .arg(dir.path()),
    );
    let files: Vec<&str> = out.lines().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(files.len(), 2, "{out}");
    assert!(
        files[0].ends_with("a.txt") && files[1].ends_with("b.md"),
        "{out}"
    );
}

#[test]
fn github_output_is_one_workflow_command_per_finding() {
    let out = stdout_of(calque().args(["check", "--format", "github", SAMPLE]));
    assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
    insta::assert_snapshot!("github", out);
}

fn sarif_of_sample() -> String {
    stdout_of(calque().args(["check", "--format", "sarif", SAMPLE]))
}

#[test]
fn sarif_output_snapshot() {
    let out = sarif_of_sample();
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    let born = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "it-en/nato-as-the-born")
        .unwrap();
    assert_eq!(
        born["locations"][0]["physicalLocation"]["region"]["startLine"],
        34
    );
    insta::assert_snapshot!("sarif", out);
}

/// The SARIF log validates against the OASIS schema in `../shared/schemas/` (draft-07). The
/// schema lives outside the repository, so a fresh clone without `../shared` skips this test.
/// Nothing is fetched: the schema's `$schema` (draft-07) is built into the `jsonschema` crate,
/// its `$ref`s are all local (`#/definitions/…`), and the validator is offline.
#[test]
#[allow(clippy::print_stderr)] // A skipped test must say why; the crate otherwise never prints.
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-schema-2.1.0.json");
    let Ok(schema) = fs::read_to_string(&schema_path) else {
        eprintln!(
            "note: skipping SARIF schema validation: {} is absent",
            schema_path.display()
        );
        return;
    };
    // The OASIS schema's pattern for `run.language` has a stray `]`, which the draft-07
    // meta-schema rejects as a `regex` once formats are checked (and they must be, for
    // `uri-reference` and friends). calque never writes `run.language`; the pattern is
    // corrected to what it was meant to say before the schema is compiled.
    let schema = schema.replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#,
    );
    let schema: serde_json::Value = serde_json::from_str(&schema).unwrap();
    // `offline()`: no `$ref` may be fetched (the draft-07 meta-schema is built into the crate,
    // and the crate is built without its HTTP and file resolvers anyway).
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .offline()
        .build(&schema)
        .expect("the SARIF schema compiles offline");

    let check = |name: &str, text: &str| {
        let instance: serde_json::Value = serde_json::from_str(text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    };
    check("sample", &sarif_of_sample());
    // Input failures (notifications), standard input and a clean report are valid too.
    let failing = stdout_of(
        calque()
            .args(["check", "--format", "sarif", "missing file.txt", "-"])
            .write_stdin("Perché l’ok 🙂 ended.Then\n"),
    );
    check("failures", &failing);
    let clean = stdout_of(
        calque()
            .args(["check", "--format", "sarif", "-"])
            .write_stdin("A clean sentence.\n"),
    );
    check("clean", &clean);
    // The validator does reject a broken log, so the checks above mean something.
    let mut broken: serde_json::Value = serde_json::from_str(&clean).unwrap();
    broken["runs"][0]["columnKind"] = "bytes".into();
    assert!(!validator.is_valid(&broken));
    // Formats are checked too: a path with a space must be percent-encoded to be a URI.
    let mut spaced: serde_json::Value = serde_json::from_str(&failing).unwrap();
    spaced["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["locations"][0]
        ["physicalLocation"]["artifactLocation"]["uri"] = "missing file.txt".into();
    assert!(!validator.is_valid(&spaced));
}

/// The progress line is printed from worker threads when stderr is a terminal: it once waited
/// forever on a stderr lock the main thread held. `script` (util-linux) gives the run a
/// terminal; where it is missing the test says so and passes.
#[test]
#[allow(clippy::print_stderr)] // A skipped test must say why.
fn progress_on_a_terminal_does_not_hang() {
    use std::process::{Command as Std, Stdio};
    use std::time::{Duration, Instant};
    if Std::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: `script` (util-linux) is not installed, no terminal to test with");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        fs::write(
            dir.path().join(format!("a{i}.txt")),
            "It ended.Then it rained.\n",
        )
        .unwrap();
    }
    let command = format!(
        "'{}' check --format json --fail-on never '{}' > /dev/null",
        env!("CARGO_BIN_EXE_calque"),
        dir.path().display()
    );
    let mut child = Std::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("calque with a terminal on stderr did not finish in 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
}
