//! The published JSON Schema of the JSON report (`schemas/report-v1.schema.json`) against what
//! the binary prints: every sample's report, a report with input errors and standard input, a
//! clean report, and reports that must be rejected (so that passing means something).

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/report-v1.schema.json");
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// The schema compiled for draft 2020-12, offline (the meta-schema is built into the crate and
/// every `$ref` is local), with formats checked.
fn validator() -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .offline()
        .build(&schema())
        .expect("the report schema compiles offline")
}

/// `calque check --format json ARGS…` run from the repository root, so paths stay relative.
fn json_of(args: &[&str], stdin: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_calque"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--format", "json", "--no-config"])
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).expect("the JSON report parses")
}

fn assert_valid(validator: &jsonschema::Validator, name: &str, report: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
}

#[test]
fn the_schema_is_a_valid_draft_2020_12_schema() {
    jsonschema::meta::validate(&schema()).expect("valid against its meta-schema");
}

#[test]
fn every_sample_report_validates() {
    let validator = validator();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut names: Vec<String> = fs::read_dir(&samples)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for name in &names {
        let path = format!("samples/{name}");
        let report = json_of(&[&path], "");
        assert_valid(&validator, &path, &report);
        assert_eq!(report["summary"]["files"], 1, "{path}");
    }
    // All samples in one run, as a content repository's CI would check them.
    let all = json_of(&["samples"], "");
    assert_valid(&validator, "samples/", &all);
    assert!(
        all["findings"].as_array().is_some_and(|f| !f.is_empty()),
        "the samples have findings, so the finding schema was exercised"
    );
}

#[test]
fn reports_with_input_errors_stdin_and_no_findings_validate() {
    let validator = validator();
    let failing = json_of(
        &["missing file.txt", "-"],
        "Perché l’ok 🙂 ended.Then  the Born met.\n",
    );
    assert_valid(&validator, "failures", &failing);
    assert_eq!(failing["input_errors"][0]["path"], "missing file.txt");
    let clean = json_of(&["-"], "A clean sentence.\n");
    assert_valid(&validator, "clean", &clean);
    assert_eq!(clean["findings"], serde_json::json!([]));
}

#[test]
fn the_schema_rejects_what_version_1_does_not_promise() {
    let validator = validator();
    let report = json_of(&["-"], "It ended.Then\n");
    assert_valid(&validator, "base", &report);
    let broken = |edit: &dyn Fn(&mut Value)| {
        let mut copy = report.clone();
        edit(&mut copy);
        copy
    };
    for (what, bad) in [
        ("version 2", broken(&|r| r["version"] = 2.into())),
        (
            "column 0",
            broken(&|r| r["findings"][0]["column"] = 0.into()),
        ),
        (
            "unknown severity",
            broken(&|r| r["findings"][0]["severity"] = "fatal".into()),
        ),
        (
            "unknown fix",
            broken(&|r| r["findings"][0]["fix"] = "maybe".into()),
        ),
        (
            "missing snippet",
            broken(&|r| {
                r["findings"][0].as_object_mut().unwrap().remove("snippet");
            }),
        ),
        (
            "suggestion not a string",
            broken(&|r| r["findings"][0]["suggestions"] = serde_json::json!([1])),
        ),
    ] {
        assert!(!validator.is_valid(&bad), "{what} was accepted");
    }
    // New keys are allowed everywhere: that is the compatibility promise.
    let extended = broken(&|r| {
        r["generator"] = "calque".into();
        r["findings"][0]["confidence"] = 0.9.into();
        r["summary"]["lines"] = 1.into();
    });
    assert_valid(&validator, "extended", &extended);
}

/// A rule with a category or severity the schema does not list would print reports that fail
/// validation: the schema's enums must cover every built-in rule.
#[test]
fn the_schema_lists_every_category_and_severity_the_rules_use() {
    let schema = schema();
    let listed = |def: &str| -> Vec<String> {
        schema["$defs"]["finding"]["properties"][def]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let (categories, severities) = (listed("category"), listed("severity"));
    for rule in calque::RuleSet::builtin().rules() {
        let category = rule.category().as_str();
        assert!(categories.iter().any(|c| c == category), "{category}");
        let severity = rule.severity().as_str();
        assert!(severities.iter().any(|s| s == severity), "{severity}");
    }
}
