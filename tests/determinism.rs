//! Output is deterministic (DESIGN.md, Guarantees): the same input gives byte-identical stdout,
//! stderr and exit code in every format, whatever the thread count, locale, terminal type or
//! current folder, and reported paths stay relative exactly as given.
//!
//! The input is a folder of generated articles (defective and clean, plain text, Markdown,
//! HTML, nested folders, a non-ASCII file name and one non-UTF-8 file) in a scratch folder.

use std::fs;
use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

const FORMATS: [&str; 5] = ["full", "concise", "json", "sarif", "github"];

/// Sentences with defects of several rules (spacing, quotes, homographs, boilerplate,
/// consistency); a few per article so that files take different times to check.
const DEFECTS: [&str; 8] = [
    "The summit ended.Leaders left before the vote.",
    "The United States and the Born they said to each other concerned.",
    "Kim Jong-un met the press; later Kim Jong Un left.",
    "He called it “a historic ally“ in the speech.",
    "Prices rose by 12 % in a year , said the minister.",
    "They signed a new one strategic partnership after the invasion ofUkraine.",
    "The the delegates applauded.",
    "CAPTCHA",
];

const CLEAN: [&str; 4] = [
    "The talks continued in Geneva on Tuesday.",
    "Officials from both countries described the meeting as constructive.",
    "A joint statement is expected later this week.",
    "Neither side gave details of the proposals.",
];

/// Writes the article folder under `root/articles` and returns nothing: two calls with
/// different roots give identical trees.
fn write_articles(root: &Path) {
    let dir = root.join("articles");
    fs::create_dir_all(dir.join("nested/deeper")).unwrap();
    for i in 0..12 {
        let mut text = format!("Article {i}\n\n");
        for j in 0..(3 + i % 4) {
            let sentence = if (i + j) % 3 == 0 {
                DEFECTS[(i * 3 + j) % DEFECTS.len()]
            } else {
                CLEAN[(i + j) % CLEAN.len()]
            };
            text.push_str(sentence);
            text.push(if j % 2 == 0 { ' ' } else { '\n' });
        }
        text.push('\n');
        let (name, body) = match i % 4 {
            0 => (format!("{i:02}-article.txt"), text),
            1 => (
                format!("{i:02}-article.md"),
                format!("# Heading {i}\n\n{text}\n```\nended.Leaders in code\n```\n"),
            ),
            2 => (
                format!("nested/{i:02}-article.html"),
                format!("<html><body><p>{}</p></body></html>\n", text.trim_end()),
            ),
            _ => (format!("nested/deeper/{i:02}-article.txt"), text),
        };
        fs::write(dir.join(name), body).unwrap();
    }
    fs::write(dir.join("clean.txt"), CLEAN.join(" ") + "\n").unwrap();
    fs::write(dir.join("città.md"), "# Città\n\nIt ended.Then “quoted“.\n").unwrap();
    // Latin-1 `é`: not UTF-8, reported as an input error while the rest is checked.
    fs::write(dir.join("latin1.txt"), b"Caf\xe9 society ended.Then\n").unwrap();
    // Not an article extension: a folder walk skips it.
    fs::write(dir.join("notes.csv"), "ended.Then\n").unwrap();
}

/// `calque check --format FORMAT ARGS…` in `cwd`, with a cleared environment plus `env`.
fn run(cwd: &Path, format: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_calque"));
    cmd.current_dir(cwd)
        .env_clear()
        .args(["check", "--no-config", "--format", format])
        .args(args);
    for (key, value) in env {
        cmd.env(key, value);
    }
    cmd.output().unwrap()
}

fn assert_same(what: &str, format: &str, expected: &Output, actual: &Output) {
    assert_eq!(
        String::from_utf8_lossy(&expected.stdout),
        String::from_utf8_lossy(&actual.stdout),
        "{format}: stdout differs with {what}"
    );
    assert_eq!(
        expected.stdout, actual.stdout,
        "{format}: stdout bytes differ with {what}"
    );
    assert_eq!(
        String::from_utf8_lossy(&expected.stderr),
        String::from_utf8_lossy(&actual.stderr),
        "{format}: stderr differs with {what}"
    );
    assert_eq!(
        expected.status.code(),
        actual.status.code(),
        "{format}: exit code differs with {what}"
    );
}

/// One way of running the same check: what differs, the current folder, the arguments after
/// `--format`, and the environment.
type Variant<'a> = (&'a str, &'a Path, Vec<&'a str>, Vec<(&'a str, &'a str)>);

const BASE_ENV: [(&str, &str); 3] = [("LC_ALL", "C"), ("LANG", "C"), ("TERM", "dumb")];

#[test]
fn output_does_not_depend_on_threads_locale_terminal_or_folder() {
    let scratch = tempfile::tempdir().unwrap();
    let one = scratch.path().join("one");
    let two = scratch.path().join("two/elsewhere");
    write_articles(&one);
    write_articles(&two);
    let scratch_path = scratch.path().to_string_lossy().into_owned();
    let reversed = article_files_reversed(&two);

    for format in FORMATS {
        let base = run(&one, format, &["--threads", "1", "articles"], &BASE_ENV);
        assert_eq!(base.status.code(), Some(2), "{format}: the non-UTF-8 file");
        let stdout = String::from_utf8(base.stdout.clone()).unwrap();
        assert!(stdout.contains("articles/00-article.txt"), "{format}");
        assert!(
            !stdout.contains(&scratch_path),
            "{format}: an absolute path leaked into the report"
        );
        assert!(
            !stdout.contains('\x1b'),
            "{format}: colour without a terminal"
        );

        let variants: [Variant<'_>; 6] = [
            (
                "--threads 2",
                &one,
                vec!["--threads", "2", "articles"],
                BASE_ENV.to_vec(),
            ),
            (
                "the default thread count",
                &one,
                vec!["articles"],
                BASE_ENV.to_vec(),
            ),
            (
                "another locale",
                &one,
                vec!["--threads", "2", "articles"],
                vec![
                    ("LC_ALL", "tr_TR.UTF-8"),
                    ("LANG", "de_DE.UTF-8"),
                    ("LC_COLLATE", "sv_SE.UTF-8"),
                    ("TERM", "dumb"),
                ],
            ),
            (
                "a colour terminal",
                &one,
                vec!["--threads", "1", "articles"],
                vec![
                    ("LC_ALL", "C"),
                    ("TERM", "xterm-256color"),
                    ("COLORTERM", "truecolor"),
                    ("CLICOLOR_FORCE", "1"),
                    ("FORCE_COLOR", "1"),
                    ("COLUMNS", "40"),
                ],
            ),
            (
                "another current folder",
                &two,
                vec!["--threads", "2", "articles"],
                BASE_ENV.to_vec(),
            ),
            (
                "the files named one by one, in reverse order",
                &two,
                reversed.iter().map(String::as_str).collect(),
                BASE_ENV.to_vec(),
            ),
        ];
        for (what, cwd, args, env) in variants {
            assert_same(what, format, &base, &run(cwd, format, &args, &env));
        }
    }
}

/// The article files under `root/articles`, as paths relative to `root`, in reverse order.
fn article_files_reversed(root: &Path) -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e != "csv") {
                let relative = path.strip_prefix(root).unwrap();
                out.push(relative.to_string_lossy().into_owned());
            }
        }
    }
    let mut files = Vec::new();
    walk(&root.join("articles"), root, &mut files);
    files.sort();
    files.reverse();
    files
}

/// Paths are reported as given: `../articles/…` from a sibling folder, `./articles/…` with a
/// leading `./`, never made absolute or normalised.
#[test]
fn reported_paths_stay_relative_as_given() {
    let scratch = tempfile::tempdir().unwrap();
    write_articles(scratch.path());
    let sibling = scratch.path().join("sibling");
    fs::create_dir(&sibling).unwrap();
    for (cwd, path) in [
        (scratch.path(), "articles"),
        (scratch.path(), "./articles"),
        (sibling.as_path(), "../articles"),
    ] {
        let output = run(cwd, "concise", &["--threads", "2", path], &BASE_ENV);
        let stdout = String::from_utf8(output.stdout).unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(!stdout.is_empty());
        for line in stdout.lines() {
            assert!(line.starts_with(&format!("{path}/")), "{path}: {line}");
        }
        assert!(
            stderr.contains(&format!("{path}/latin1.txt: not valid UTF-8")),
            "{path}: {stderr}"
        );
        // The same run twice is byte-identical, and the JSON names files the same way.
        let json = run(cwd, "json", &["--threads", "2", path], &BASE_ENV);
        let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        for finding in report["findings"].as_array().unwrap() {
            let reported = finding["path"].as_str().unwrap();
            assert!(reported.starts_with(&format!("{path}/")), "{reported}");
        }
        assert_eq!(
            json.stdout,
            run(cwd, "json", &["--threads", "1", path], &BASE_ENV).stdout
        );
    }
}
