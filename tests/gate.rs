//! calque as a CI gate and an editor's tool, end to end through the binary: configuration
//! found two folders up, unknown keys, `--fix` and `--diff`, baselines, the quality score,
//! `ignore_paths`, the glossary.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn calque_in(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_calque"));
    cmd.current_dir(dir);
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_config_two_folders_up_turns_a_rule_off_and_sets_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("content/2024");
    fs::create_dir_all(&deep).unwrap();
    fs::write(deep.join("a.txt"), "It ended.Then\nTwo  spaces.\n").unwrap();
    let out = calque_in(&deep)
        .args(["check", "--format", "concise", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("missing-space-after-punctuation"));

    fs::write(
        dir.path().join("calque.toml"),
        "fail_on = \"warning\"\n[rules]\n\"core/missing-space-after-punctuation\" = \"off\"\n",
    )
    .unwrap();
    let out = calque_in(&deep)
        .args(["check", "--format", "concise", "a.txt"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(!stdout.contains("missing-space"), "{stdout}");
    assert!(stdout.contains("core/space-run"), "{stdout}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "fail_on = warning makes the warning fail"
    );
    // --no-config ignores it.
    let out = calque_in(&deep)
        .args(["check", "--no-config", "--format", "concise", "a.txt"])
        .output()
        .unwrap();
    assert!(text(&out.stdout).contains("missing-space"));
}

#[test]
fn unknown_config_keys_and_rule_ids_name_the_right_one() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "ok\n").unwrap();
    fs::write(dir.path().join("calque.toml"), "ignore_path = [\"x\"]\n").unwrap();
    let out = calque_in(dir.path())
        .args(["check", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("unknown key `ignore_path`; did you mean `ignore_paths`?"),
        "{}",
        text(&out.stderr)
    );

    fs::write(
        dir.path().join("calque.toml"),
        "[rules]\n\"core/space-runs\" = \"off\"\n",
    )
    .unwrap();
    let out = calque_in(dir.path())
        .args(["check", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("did you mean `core/space-run`?"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn fix_keeps_crlf_and_bom_and_is_a_no_op_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    fs::write(
        &path,
        b"\xEF\xBB\xBFIt ended.Then  it rained.\r\nSecond line.\r\nCAPTCHA\r\nLast.\r\n",
    )
    .unwrap();
    let out = calque_in(dir.path())
        .args(["check", "--fix", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let fixed = fs::read(&path).unwrap();
    assert_eq!(
        fixed,
        b"\xEF\xBB\xBFIt ended. Then it rained.\r\nSecond line.\r\nLast.\r\n"
    );
    let modified = fs::metadata(&path).unwrap().modified().unwrap();

    let out = calque_in(dir.path())
        .args(["check", "--fix", "a.txt"])
        .output()
        .unwrap();
    assert!(text(&out.stderr).contains("fixed 0 finding(s) in 0 file(s)"));
    assert_eq!(fs::read(&path).unwrap(), fixed);
    assert_eq!(
        fs::metadata(&path).unwrap().modified().unwrap(),
        modified,
        "an unchanged file is not rewritten"
    );
}

#[test]
fn unsafe_fixes_need_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    fs::write(&path, "after the invasion ofUkraine.\n").unwrap();
    calque_in(dir.path())
        .args(["check", "--fix", "a.txt"])
        .assert()
        .code(0);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "after the invasion ofUkraine.\n"
    );
    calque_in(dir.path())
        .args(["check", "--fix", "--unsafe-fixes", "a.txt"])
        .assert()
        .code(0);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "after the invasion of Ukraine.\n"
    );
}

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    fs::write(&path, "It ended.Then\nunchanged\n").unwrap();
    let out = calque_in(dir.path())
        .args(["check", "--diff", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n-It ended.Then\n+It ended. Then\n unchanged\n"
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "It ended.Then\nunchanged\n"
    );
}

#[test]
fn fix_on_stdin_prints_the_fixed_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = calque_in(dir.path())
        .args(["check", "--fix", "-"])
        .write_stdin("It ended.Then\n")
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), "It ended. Then\n");
}

/// A clean standard input is echoed whole by `--fix`: files without findings give up their
/// text after the check, standard input does not.
#[test]
fn fix_on_clean_stdin_prints_it_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let clean = "A clean sentence.\nAnother one, quite clean too.\n";
    let out = calque_in(dir.path())
        .args(["check", "--fix", "-"])
        .write_stdin(clean)
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), clean);
}

#[test]
fn a_baseline_survives_a_line_shift_and_still_catches_the_new_finding() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    fs::write(&path, "Intro.\nIt ended.Then it rained.\n").unwrap();
    calque_in(dir.path())
        .args(["check", "--write-baseline", "base.json", "a.txt"])
        .assert()
        .code(0);
    let baseline: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("base.json")).unwrap()).unwrap();
    assert_eq!(baseline["findings"].as_array().unwrap().len(), 1);

    fs::write(
        &path,
        "A new first line.\nIntro.\nIt ended.Then it rained.\nNew defect.Here\n",
    )
    .unwrap();
    let out = calque_in(dir.path())
        .args([
            "check",
            "--baseline",
            "base.json",
            "--format",
            "concise",
            "a.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), "a.txt:4:11: error[core/missing-space-after-punctuation] Missing space after “.”: two sentences are glued together\n");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn the_json_summary_carries_words_and_a_penalty_score_and_max_penalty_gates() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.txt"),
        "One two three four five six seven eight nine.Ten\n",
    )
    .unwrap();
    let out = calque_in(dir.path())
        .args(["check", "--format", "json", "a.txt"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(json["summary"]["words"], 10);
    assert_eq!(json["summary"]["penalty"], 5.0);
    assert_eq!(json["summary"]["penalty_per_1000_words"], 500.0);

    let out = calque_in(dir.path())
        .args([
            "check",
            "--fail-on",
            "never",
            "--max-penalty",
            "100",
            "a.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr)
        .contains("a.txt: penalty 500.00 per 1,000 words is above the maximum 100"));
    calque_in(dir.path())
        .args([
            "check",
            "--fail-on",
            "never",
            "--max-penalty",
            "600",
            "a.txt",
        ])
        .assert()
        .code(0);

    fs::write(dir.path().join("calque.toml"), "[penalty]\nerror = 1\n").unwrap();
    let out = calque_in(dir.path())
        .args(["check", "--format", "json", "a.txt"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    assert_eq!(json["summary"]["penalty_per_1000_words"], 100.0);
}

#[test]
fn ignore_paths_skip_walked_and_named_files() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("drafts")).unwrap();
    fs::write(dir.path().join("drafts/a.txt"), "It ended.Then\n").unwrap();
    fs::write(dir.path().join("b.txt"), "It ended.Then\n").unwrap();
    fs::write(
        dir.path().join("calque.toml"),
        "ignore_paths = [\"drafts/\"]\n",
    )
    .unwrap();
    let out = calque_in(dir.path())
        .args(["check", "--format", "concise", "."])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("b.txt") && !stdout.contains("drafts"),
        "{stdout}"
    );
    let out = calque_in(dir.path())
        .args(["check", "--format", "concise", "drafts/a.txt"])
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn a_glossary_becomes_a_rule() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("terms.tsv"),
        "# house terms\nPremier\tPrime Minister\n",
    )
    .unwrap();
    fs::write(dir.path().join("calque.toml"), "glossary = \"terms.tsv\"\n").unwrap();
    fs::write(dir.path().join("a.txt"), "The premier spoke.\n").unwrap();
    let out = calque_in(dir.path())
        .args(["check", "--format", "json", "a.txt"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let finding = &json["findings"][0];
    assert_eq!(finding["rule"], "glossary/glossary-term");
    assert_eq!(finding["suggestions"][0], "Prime Minister");
    let out = calque_in(dir.path())
        .args([
            "check", "--ignore", "glossary", "--format", "concise", "a.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn the_example_config_is_valid() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = calque_in(root)
        .args([
            "check",
            "--config",
            "examples/calque.toml",
            "--format",
            "json",
            "samples/",
        ])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let space_run = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "core/space-run")
        .unwrap();
    assert_eq!(space_run["severity"], "info");
}

#[test]
fn markdown_code_urls_front_matter_and_suppressed_lines_stay_silent() {
    let dir = tempfile::tempdir().unwrap();
    let md = "---\ntitle: ended.Then\n---\n\nProse ended.Then\n\n```\ncode ended.Then\n```\n\nA `span ended.Then` and [link](https://x.org/ended.Then) and https://e.com/a.B\n\n<!-- calque-disable-next-line core/missing-space-after-punctuation -->\nQuiet ended.Then\n<!-- ended.Then -->\n";
    fs::write(dir.path().join("a.md"), md).unwrap();
    let out = calque_in(dir.path())
        .args(["check", "--format", "concise", "a.md"])
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), "a.md:5:12: error[core/missing-space-after-punctuation] Missing space after “.”: two sentences are glued together\n");
}

#[test]
fn an_html_finding_is_at_the_right_column_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let html = "<html><head><style>p.Note{}</style><script>var a='x.Y';</script></head>\n<body><p title=\"a.B\">Caf&eacute; &amp; bar ended.Then</p></body></html>\n";
    fs::write(dir.path().join("a.html"), html).unwrap();
    let out = calque_in(dir.path())
        .args(["check", "--format", "concise", "a.html"])
        .output()
        .unwrap();
    let column = html.lines().nth(1).unwrap().find("d.T").unwrap() + 2; // 1-based column of `.`
    assert_eq!(
        text(&out.stdout),
        format!("a.html:2:{column}: error[core/missing-space-after-punctuation] Missing space after “.”: two sentences are glued together\n")
    );
}

#[test]
fn stdin_filename_names_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let out = calque_in(dir.path())
        .args([
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "draft.md",
            "-",
        ])
        .write_stdin("`code ended.Then`\n")
        .output()
        .unwrap();
    assert_eq!(text(&out.stdout), "");
    let out = calque_in(dir.path())
        .args([
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "draft.txt",
            "-",
        ])
        .write_stdin("`code ended.Then`\n")
        .output()
        .unwrap();
    assert!(text(&out.stdout).contains("draft.txt:1:12"));
}
