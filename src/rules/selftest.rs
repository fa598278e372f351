//! Runs every rule's embedded examples against that rule alone and collects every failure,
//! for `tests/rule_examples.rs` and `calque rules test`.
//!
//! Semantics (rules/README.md): `bad` must be flagged; with `good`, applying the first
//! suggestion of every finding until nothing changes must give exactly `good`, and `good` must
//! then be clean; `flagged` is the text of the first finding; `count` the number of findings;
//! `ok` must not be flagged.

use std::fmt;

use crate::document::Document;
use crate::engine::check_rules;
use crate::fix::fix_until_stable;
use crate::rules::{Example, Rule, RuleSet};

/// One example that did not behave as its rule file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule id.
    pub rule: String,
    /// The rule file.
    pub path: String,
    /// 1-based position of the example in the rule file.
    pub example: usize,
    /// What was checked: `bad`, `good`, `flagged`, `count` or `ok`.
    pub check: &'static str,
    /// The example's input text.
    pub input: String,
    /// What the rule file expects.
    pub expected: String,
    /// What the rule did.
    pub got: String,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}) example #{} [{}]\n    input:    {:?}\n    expected: {}\n    got:      {}",
            self.rule, self.path, self.example, self.check, self.input, self.expected, self.got
        )
    }
}

/// Runs the examples of every rule in `rules`.
pub fn run(rules: &RuleSet) -> Vec<ExampleFailure> {
    rules.rules().flat_map(run_rule).collect()
}

/// Runs the examples of one rule.
pub fn run_rule(rule: &Rule) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    let findings_of = |text: &str| {
        let doc = Document::from_text("example", text).expect("examples are small");
        let findings = check_rules(&doc, &[rule], None, false);
        let flagged: Vec<String> = findings
            .iter()
            .map(|f| doc.slice(f.range).to_owned())
            .collect();
        (doc, findings, flagged)
    };
    for (i, example) in rule.examples().iter().enumerate() {
        let mut fail = |check: &'static str, input: &str, expected: String, got: String| {
            failures.push(ExampleFailure {
                rule: rule.id().to_owned(),
                path: rule.path().display().to_string(),
                example: i + 1,
                check,
                input: input.to_owned(),
                expected,
                got,
            });
        };
        match example {
            Example::Ok { text } => {
                let (_, _, flagged) = findings_of(text);
                if !flagged.is_empty() {
                    fail(
                        "ok",
                        text,
                        "no finding".into(),
                        format!("flagged {flagged:?}"),
                    );
                }
            }
            Example::Bad {
                text,
                good,
                flagged: want_flagged,
                count,
            } => {
                let (doc, findings, flagged) = findings_of(text);
                if findings.is_empty() {
                    fail(
                        "bad",
                        text,
                        "at least one finding".into(),
                        "no finding".into(),
                    );
                    continue;
                }
                if let Some(want) = want_flagged {
                    if flagged.first() != Some(want) {
                        fail(
                            "flagged",
                            text,
                            format!("{want:?}"),
                            format!("{:?}", flagged[0]),
                        );
                    }
                }
                if let Some(n) = count {
                    if findings.len() != *n {
                        fail(
                            "count",
                            text,
                            format!("{n} finding(s)"),
                            format!("{} finding(s): {flagged:?}", findings.len()),
                        );
                    }
                }
                if let Some(good) = good {
                    let fixed = fix_until_stable(
                        &doc,
                        |d| check_rules(d, &[rule], None, false),
                        |f| f.suggestions.first(),
                    );
                    if &fixed.text != good {
                        fail(
                            "good",
                            text,
                            format!("{good:?}"),
                            format!("{:?}", fixed.text),
                        );
                    } else {
                        let (_, _, left) = findings_of(good);
                        if !left.is_empty() {
                            fail(
                                "good",
                                good,
                                "no finding on the fixed text".into(),
                                format!("flagged {left:?}"),
                            );
                        }
                    }
                }
            }
        }
    }
    failures
}

/// Renders failures as one readable block, every failure listed.
pub fn render(failures: &[ExampleFailure]) -> String {
    let mut out = format!("{} example(s) failed:\n", failures.len());
    for failure in failures {
        out.push_str(&format!("\n{failure}\n"));
    }
    out
}
