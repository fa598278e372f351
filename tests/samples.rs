//! Snapshots of the `full` and `json` reports of every file in `samples/`, and the fix
//! round trip on each: a snapshot diff is the review of a rule change.

use std::fs;
use std::path::Path;

use calque::fix::fix_document;
use calque::report::{FileReport, OutputFormat, RenderOptions, Report};
use calque::{check, Applicability, Document, RuleSet};

/// The sample as a document named by its repository-relative path, so snapshots hold no
/// absolute path.
fn load(path: &Path) -> Document {
    let name = format!("samples/{}", path.file_name().unwrap().to_string_lossy());
    Document::from_bytes(name, fs::read(path).unwrap()).unwrap()
}

fn render(report: &Report, rules: &RuleSet, format: OutputFormat) -> String {
    let mut out = Vec::new();
    report
        .render(format, rules, RenderOptions { color: false }, &mut out)
        .unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn sample_reports() {
    let rules = RuleSet::builtin();
    insta::glob!("../samples", "*.*", |path| {
        let document = load(path);
        let findings = check(&document, &rules);
        let report = Report::new(vec![FileReport { document, findings }], vec![]);
        insta::assert_snapshot!("full", render(&report, &rules, OutputFormat::Full));
        // Snapshot the bytes as printed (key order included); they must also parse.
        let json = render(&report, &rules, OutputFormat::Json);
        serde_json::from_str::<serde_json::Value>(&json).expect("the JSON report parses");
        insta::assert_snapshot!("json", json);
    });
}

#[test]
fn sample_fixes_converge() {
    let rules = RuleSet::builtin();
    insta::glob!("../samples", "*.*", |path| {
        let document = load(path);
        let fixed = fix_document(&document, &rules, Applicability::Safe);
        assert!(
            fixed.converged,
            "{}: fixes did not converge",
            document.path()
        );
        let again = Document::from_text(document.path(), fixed.text.clone()).unwrap();
        let left: Vec<_> = check(&again, &rules)
            .into_iter()
            .filter(|f| f.autofix(Applicability::Safe).is_some())
            .collect();
        assert!(
            left.is_empty(),
            "{}: safe fixes left after fixing: {left:?}",
            document.path()
        );
        assert_eq!(
            fix_document(&again, &rules, Applicability::Safe).text,
            fixed.text,
            "a second fix changes nothing"
        );
        insta::assert_snapshot!("fixed", fixed.text);
    });
}
