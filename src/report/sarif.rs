//! `--format sarif`: a SARIF 2.1.0 log for code-scanning services (GitHub code scanning, Azure
//! DevOps, SARIF viewers). This file owns the mapping from a [`Report`] to SARIF; it does not
//! decide what is found, nor the order of findings (the report is already sorted).
//!
//! # Contract
//!
//! The log validates against the OASIS schema (`sarif-schema-2.1.0.json`, kept at
//! `../shared/schemas/` and checked by `tests/cli.rs`). It is pretty-printed, has no
//! timestamps, no absolute paths of our making and no machine-dependent fields, so the same
//! input gives byte-identical output. Its shape:
//!
//! ```json
//! {
//!   "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
//!   "version": "2.1.0",
//!   "runs": [{
//!     "tool": {"driver": {
//!       "name": "calque", "version": "0.1.0",
//!       "rules": [{
//!         "id": "it-en/nato-as-the-born", "name": "nato-as-the-born",
//!         "shortDescription": {"text": "<the rule's message template>"},
//!         "fullDescription": {"text": "<the first paragraph of the description>"},
//!         "help": {"text": "<description>", "markdown": "<description>"},
//!         "defaultConfiguration": {"level": "error"},
//!         "properties": {"category": "mistranslation", "mqm": "Accuracy/Mistranslation",
//!                        "tags": ["mistranslation"]}
//!       }]
//!     }},
//!     "invocations": [{"executionSuccessful": true}],
//!     "columnKind": "unicodeCodePoints",
//!     "results": [{
//!       "ruleId": "it-en/nato-as-the-born", "ruleIndex": 0, "level": "error",
//!       "message": {"text": "<the finding's message>"},
//!       "locations": [{"physicalLocation": {
//!         "artifactLocation": {"uri": "samples/a.txt", "uriBaseId": "%SRCROOT%"},
//!         "region": {"startLine": 34, "startColumn": 667, "endLine": 34, "endColumn": 675,
//!                    "snippet": {"text": "the Born"}}
//!       }}],
//!       "partialFingerprints": {"calque/v1": "5f1c0e2a9b3d4c7e:1"},
//!       "properties": {"category": "mistranslation", "mqm": "Accuracy/Mistranslation"},
//!       "fixes": [{
//!         "description": {"text": "Replace with “NATO”"},
//!         "artifactChanges": [{
//!           "artifactLocation": {"uri": "samples/a.txt", "uriBaseId": "%SRCROOT%"},
//!           "replacements": [{
//!             "deletedRegion": {"startLine": 34, "startColumn": 667, "endLine": 34, "endColumn": 675},
//!             "insertedContent": {"text": "NATO"}
//!           }]
//!         }],
//!         "properties": {"applicability": "safe"}
//!       }]
//!     }]
//!   }]
//! }
//! ```
//!
//! - **Columns** are 1-based and count Unicode scalar values (chars), as in the JSON report;
//!   the run says so with `columnKind: "unicodeCodePoints"` (SARIF §3.14.17: the default for
//!   consumers is UTF-16 code units, which differ from chars outside the BMP, e.g. emoji).
//!   `endColumn` is exclusive (SARIF §3.30.8: "the column following the end of the region").
//! - **Rules**: `tool.driver.rules` lists the rules that produced at least one result, in id
//!   order, and `ruleIndex` points into that list. Listing only the rules used keeps the log
//!   small (each descriptor carries the rule's whole Markdown description, and there are dozens
//!   of rules) and its diff tied to the findings; SARIF (§3.19.23) and GitHub code scanning ask
//!   only that every `ruleId` of a result be described. `defaultConfiguration.level` is the
//!   rule's own severity; a result's `level` is the finding's, after configuration.
//! - **Levels**: `error` → `error`, `warning` → `warning`, `info` → `note`.
//! - **Paths**: `uri` is the path as given on the command line, `\` turned into `/` and
//!   percent-encoded where RFC 3986 requires it. A relative path gets `uriBaseId: "%SRCROOT%"`,
//!   the base GitHub code scanning resolves against the checkout; an absolute path (the user
//!   gave one) becomes a `file://` URI. Standard input is `-` unless `--stdin-filename` names it.
//! - **Fixes**: one `fix` per suggestion, best first (SARIF fixes are alternatives). The
//!   `deletedRegion` is the suggestion's range, which may be wider than the result's region: a
//!   rule that deletes a line also deletes its line break, so the region ends at column 1 of
//!   the next line. The first fix carries `properties.applicability` (`safe` or `unsafe`):
//!   whether `calque check --fix` applies it unasked.
//! - **Fingerprints**: `partialFingerprints["calque/v1"]` is the finding's baseline
//!   fingerprint ([`crate::baseline::fingerprint`]: the rule id, the snippet and the text around
//!   it on its line), then `:` and the occurrence number of that fingerprint in the file. It does not contain the line number, so
//!   an alert survives edits elsewhere in the article (GitHub uses it to match alerts across
//!   runs).
//! - **Input errors** (unreadable, binary, non-UTF-8 files) become
//!   `invocations[0].toolExecutionNotifications` with level `error`, and
//!   `executionSuccessful` is then `false`.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::{InputFailure, Report};
use crate::document::Document;
use crate::finding::{Category, Finding, Severity};
use crate::rules::{Rule, RuleSet};
use crate::text::TextRange;

/// The SARIF version written.
pub const SARIF_VERSION: &str = "2.1.0";

/// The `$schema` written at the top of the log: the SchemaStore copy of the OASIS schema, which
/// is what SARIF tools (and GitHub's own examples) reference.
pub const SARIF_SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of calque's entry in `partialFingerprints`; the suffix is bumped if the hashed
/// input ever changes, so that old and new fingerprints are never compared.
const FINGERPRINT_KEY: &str = "calque/v1";

/// Where relative URIs are resolved from; GitHub code scanning maps it to the checkout root.
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation<'a>; 1],
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<OwnedText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Markdown<'a>>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct OwnedText {
    text: String,
}

#[derive(Serialize, Clone, Copy)]
struct Markdown<'a> {
    text: &'a str,
    markdown: &'a str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    category: &'static str,
    mqm: &'static str,
    /// GitHub code scanning shows `tags` as filters in its alert list.
    tags: [&'static str; 1],
}

#[derive(Serialize)]
struct ResultProperties {
    category: &'static str,
    mqm: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Text<'a>,
    locations: [NotificationLocation; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NotificationLocation {
    physical_location: FileOnly,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FileOnly {
    artifact_location: ArtifactLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text<'a>,
    locations: [Location<'a>; 1],
    partial_fingerprints: BTreeMap<&'static str, String>,
    properties: ResultProperties,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<Fix<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation,
    region: Region<'a>,
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region<'a> {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix<'a> {
    description: OwnedText,
    artifact_changes: [ArtifactChange<'a>; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<FixProperties>,
}

#[derive(Serialize)]
struct FixProperties {
    applicability: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: [Replacement<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region<'a>,
    inserted_content: Text<'a>,
}

pub(super) fn render(report: &Report, rules: &RuleSet, out: &mut impl Write) -> io::Result<()> {
    let (descriptors, index) = descriptors(report, rules);
    let mut results = Vec::new();
    for file in &report.files {
        let location = artifact_location(file.document.path());
        let mut occurrences: HashMap<String, usize> = HashMap::new();
        for finding in &file.findings {
            // The same fingerprint as `--baseline`, so that both recognise a finding alike.
            let hash = crate::baseline::fingerprint(&file.document, finding);
            let occurrence = occurrences.entry(hash.clone()).or_insert(0);
            *occurrence += 1;
            let fingerprint = format!("{hash}:{occurrence}");
            results.push(result(
                &file.document,
                finding,
                &location,
                index[&*finding.rule],
                rules.get(&finding.rule),
                fingerprint,
            ));
        }
    }
    let log = Log {
        schema: SARIF_SCHEMA_URI,
        version: SARIF_VERSION,
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "calque",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: information_uri(),
                    rules: descriptors,
                },
            },
            invocations: [invocation(&report.failures)],
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
    writeln!(out)
}

/// The project's web page from `Cargo.toml` (`homepage`, else `repository`); `None` while the
/// package declares neither, since SARIF requires an absolute URI here, not an empty string.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|uri| !uri.is_empty())
}

/// The descriptors of the rules the report uses, in id order, and each rule id's index.
fn descriptors<'a>(
    report: &'a Report,
    rules: &'a RuleSet,
) -> (Vec<Descriptor<'a>>, HashMap<&'a str, usize>) {
    // A finding's rule may be missing from `rules` when a library user renders with another
    // set; it still gets a (thinner) descriptor, since every ruleIndex must point at one.
    let mut used: BTreeMap<&str, &Finding> = BTreeMap::new();
    for finding in report.files.iter().flat_map(|f| &f.findings) {
        used.entry(&*finding.rule).or_insert(finding);
    }
    let mut index = HashMap::new();
    let descriptors = used
        .into_iter()
        .enumerate()
        .map(|(i, (id, finding))| {
            index.insert(id, i);
            match rules.get(id) {
                Some(rule) => descriptor(rule),
                None => Descriptor {
                    id,
                    name: rule_name(id),
                    short_description: Text { text: id },
                    full_description: None,
                    help: None,
                    default_configuration: Configuration {
                        level: level(finding.severity),
                    },
                    properties: rule_properties(finding.category),
                },
            }
        })
        .collect();
    (descriptors, index)
}

fn descriptor(rule: &Rule) -> Descriptor<'_> {
    let description = rule.description().trim_end();
    // `help` is what GitHub shows under “Show more”: the whole Markdown description. SARIF
    // requires a plain `text` beside `markdown`; the Markdown (headings, backticks) reads fine
    // as text, so both carry it. `fullDescription` is the one-paragraph summary.
    let help = (!description.is_empty()).then_some(Markdown {
        text: description,
        markdown: description,
    });
    Descriptor {
        id: rule.id(),
        name: rule_name(rule.id()),
        short_description: Text {
            text: rule.message(),
        },
        full_description: summary(description).map(|text| OwnedText { text }),
        help,
        default_configuration: Configuration {
            level: level(rule.severity()),
        },
        properties: rule_properties(rule.category()),
    }
}

/// The first paragraph of a rule's description that is not a heading (the body of
/// `## What it does`), on one line.
fn summary(description: &str) -> Option<String> {
    description
        .split("\n\n")
        .map(|paragraph| {
            paragraph
                .lines()
                .filter(|line| !line.trim_start().starts_with('#'))
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .find(|paragraph| !paragraph.is_empty())
}

/// The rule's name without its pack (`nato-as-the-born`): SARIF's `name` is a short,
/// human-readable identifier, and the pack is already in `id`.
fn rule_name(id: &str) -> &str {
    id.rsplit_once('/').map_or(id, |(_, name)| name)
}

fn rule_properties(category: Category) -> RuleProperties {
    RuleProperties {
        category: category.as_str(),
        mqm: category.mqm(),
        tags: [category.as_str()],
    }
}

/// SARIF has no `info` level; `note` is its lowest that is still shown (§3.27.10).
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result<'a>(
    document: &'a Document,
    finding: &'a Finding,
    location: &ArtifactLocation,
    rule_index: usize,
    rule: Option<&Rule>,
    fingerprint: String,
) -> SarifResult<'a> {
    let fixes = finding
        .suggestions
        .iter()
        .enumerate()
        .map(|(i, suggestion)| Fix {
            description: OwnedText {
                text: fix_description(document, finding, i, rule),
            },
            artifact_changes: [ArtifactChange {
                artifact_location: location.clone(),
                replacements: [Replacement {
                    deleted_region: region(document, suggestion.range, false),
                    inserted_content: Text {
                        text: &suggestion.replacement,
                    },
                }],
            }],
            // `fix` is about the first suggestion only (see `Finding::fix`).
            properties: finding
                .fix
                .filter(|_| i == 0)
                .map(|applicability| FixProperties {
                    applicability: applicability.as_str(),
                }),
        })
        .collect();
    SarifResult {
        rule_id: &finding.rule,
        rule_index,
        level: level(finding.severity),
        message: Text {
            text: &finding.message,
        },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: location.clone(),
                region: region(document, finding.range, true),
            },
        }],
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint)]),
        properties: ResultProperties {
            category: finding.category.as_str(),
            mqm: finding.category.mqm(),
        },
        fixes,
    }
}

/// The region of `range`: 1-based lines and char columns, end exclusive, as in the JSON report
/// (the same [`LineIndex`](crate::text::LineIndex) conversion as [`Span`](super::Span)).
fn region(document: &Document, range: TextRange, with_snippet: bool) -> Region<'_> {
    let index = document.line_index();
    let start = index.location(range.start(), document.text());
    let end = index.location(range.end(), document.text());
    Region {
        start_line: start.line.get(),
        start_column: start.column.get(),
        end_line: end.line.get(),
        end_column: end.column.get(),
        snippet: with_snippet.then(|| Text {
            text: document.slice(range),
        }),
    }
}

/// What the `i`th suggestion does, in words: the rule's own fix title when the rule has a
/// single suggestion, else a description built from the texts.
fn fix_description(
    document: &Document,
    finding: &Finding,
    i: usize,
    rule: Option<&Rule>,
) -> String {
    let suggestion = &finding.suggestions[i];
    let fix = rule.and_then(Rule::fix);
    if finding.suggestions.len() == 1 {
        if let Some(title) = fix.and_then(|f| f.title.as_deref()) {
            return title.to_owned();
        }
        if fix.is_some_and(|f| f.delete_line) {
            return "Delete the line".to_owned();
        }
    }
    let old = document.slice(suggestion.range);
    if suggestion.replacement.is_empty() {
        format!("Delete “{old}”")
    } else {
        format!("Replace “{old}” with “{}”", suggestion.replacement)
    }
}

/// The `artifactLocation` of a path as given on the command line.
fn artifact_location(path: &str) -> ArtifactLocation {
    let slashed = path.replace('\\', "/");
    let is_windows_absolute = slashed.as_bytes().get(1) == Some(&b':')
        && slashed.as_bytes()[0].is_ascii_alphabetic()
        && slashed.as_bytes().get(2) == Some(&b'/');
    if slashed.starts_with('/') || is_windows_absolute || Path::new(path).is_absolute() {
        // The user gave an absolute path: SARIF needs an absolute URI for it (§3.4.3), and a
        // relative reference with `%SRCROOT%` would point somewhere else.
        let rooted = if slashed.starts_with('/') {
            slashed
        } else {
            format!("/{slashed}")
        };
        ArtifactLocation {
            uri: format!("file://{}", percent_encode(&rooted)),
            uri_base_id: None,
        }
    } else {
        let relative = slashed.strip_prefix("./").unwrap_or(&slashed);
        ArtifactLocation {
            uri: percent_encode(relative),
            uri_base_id: Some(SRCROOT),
        }
    }
}

/// Percent-encodes what RFC 3986 does not allow in a path (spaces, `%`, `#`, `?`, non-ASCII
/// bytes…), so that the `uri` is a valid URI reference, as the schema's `format: uri-reference`
/// and code-scanning uploads require.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || b"-._~/!$&'()*+,;=@".contains(&byte)
            // A `:` in the first segment would read as a scheme (`c:` in `c:/x`); elsewhere it
            // is allowed.
            || (byte == b':' && out.contains('/'));
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn invocation(failures: &[InputFailure]) -> Invocation<'_> {
    Invocation {
        execution_successful: failures.is_empty(),
        tool_execution_notifications: failures
            .iter()
            .map(|failure| Notification {
                level: "error",
                message: Text {
                    text: &failure.message,
                },
                locations: [NotificationLocation {
                    physical_location: FileOnly {
                        artifact_location: artifact_location(&failure.path),
                    },
                }],
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Applicability, Suggestion};
    use crate::report::FileReport;

    fn finding(rule: &str, range: std::ops::Range<usize>, replacement: Option<&str>) -> Finding {
        let range = TextRange::from_usize(range);
        Finding {
            rule: rule.into(),
            category: Category::Spacing,
            severity: Severity::Info,
            range,
            message: "Message".into(),
            suggestions: replacement
                .map(|r| Suggestion {
                    replacement: r.into(),
                    range,
                })
                .into_iter()
                .collect(),
            fix: replacement.map(|_| Applicability::Safe),
        }
    }

    fn render_json(report: &Report, rules: &RuleSet) -> serde_json::Value {
        let mut out = Vec::new();
        render(report, rules, &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn an_empty_report_is_a_valid_run_without_results() {
        let sarif = render_json(&Report::default(), &RuleSet::default());
        assert_eq!(sarif["version"], "2.1.0");
        let run = &sarif["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "calque");
        assert_eq!(run["tool"]["driver"]["rules"], serde_json::json!([]));
        assert_eq!(run["results"], serde_json::json!([]));
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    }

    #[test]
    fn columns_are_chars_and_multi_line_regions_keep_both_ends() {
        // `é` is two bytes but one column; the second finding runs across a line break.
        let text = "Perché.Ora\nab\ncd\n";
        let document = Document::from_text("a b/x.txt", text).unwrap();
        let findings = vec![
            finding("core/x", 7..8, Some(". ")),
            finding("core/y", 13..16, None),
        ];
        let report = Report::new(vec![FileReport { document, findings }], vec![]);
        let sarif = render_json(&report, &RuleSet::default());
        let results = &sarif["runs"][0]["results"];
        let region = &results[0]["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            (
                &region["startLine"],
                &region["startColumn"],
                &region["endColumn"]
            ),
            (&1.into(), &7.into(), &8.into())
        );
        assert_eq!(region["snippet"]["text"], ".");
        let region = &results[1]["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            (
                &region["startLine"],
                &region["endLine"],
                &region["endColumn"]
            ),
            (&2.into(), &3.into(), &2.into())
        );
        assert_eq!(region["snippet"]["text"], "b\nc");
        let uri = &results[0]["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(uri["uri"], "a%20b/x.txt");
        assert_eq!(uri["uriBaseId"], "%SRCROOT%");
        // Unknown rules still get a descriptor, and ruleIndex points at it.
        assert_eq!(results[1]["ruleIndex"], 1);
        assert_eq!(
            sarif["runs"][0]["tool"]["driver"]["rules"][1]["id"],
            "core/y"
        );
        assert_eq!(results[0]["level"], "note");
        let fix = &results[0]["fixes"][0];
        assert_eq!(
            fix["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
            ". "
        );
        assert_eq!(fix["properties"]["applicability"], "safe");
        assert!(results[1].get("fixes").is_none());
    }

    #[test]
    fn fingerprints_ignore_the_line_number_and_count_repeats() {
        let one = Document::from_text("a.txt", "It ended.Then\n").unwrap();
        let two =
            Document::from_text("a.txt", "New line.\nIt ended.Then\nIt ended.Then\n").unwrap();
        let f = finding("core/x", 8..9, None);
        let moved = finding("core/x", 18..19, None);
        assert_eq!(
            crate::baseline::fingerprint(&one, &f),
            crate::baseline::fingerprint(&two, &moved)
        );
        let report = Report::new(
            vec![FileReport {
                document: two,
                findings: vec![moved, finding("core/x", 32..33, None)],
            }],
            vec![],
        );
        let sarif = render_json(&report, &RuleSet::default());
        let results = &sarif["runs"][0]["results"];
        let a = results[0]["partialFingerprints"]["calque/v1"]
            .as_str()
            .unwrap();
        let b = results[1]["partialFingerprints"]["calque/v1"]
            .as_str()
            .unwrap();
        assert!(a.ends_with(":1") && b.ends_with(":2"), "{a} {b}");
        assert_eq!(a[..16], b[..16]);
    }

    #[test]
    fn input_failures_become_notifications_and_fail_the_invocation() {
        let report = Report::new(
            vec![],
            vec![InputFailure {
                path: "bad.txt".into(),
                message: "bad.txt: not valid UTF-8".into(),
                too_large: false,
            }],
        );
        let sarif = render_json(&report, &RuleSet::default());
        let invocation = &sarif["runs"][0]["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], false);
        let note = &invocation["toolExecutionNotifications"][0];
        assert_eq!(note["level"], "error");
        assert_eq!(note["message"]["text"], "bad.txt: not valid UTF-8");
        assert_eq!(
            note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "bad.txt"
        );
    }

    #[test]
    fn the_full_description_is_the_first_paragraph_without_headings() {
        let description = "## What it does\nFlags `x`\nand `y`.\n\n## Why is this bad?\nBecause.";
        assert_eq!(summary(description).as_deref(), Some("Flags `x` and `y`."));
        assert_eq!(summary(""), None);
    }

    #[test]
    fn paths_become_uri_references() {
        let relative = artifact_location(r".\news\caffè #1.md");
        assert_eq!(relative.uri, "news/caff%C3%A8%20%231.md");
        assert_eq!(relative.uri_base_id, Some(SRCROOT));
        let absolute = artifact_location("/tmp/a.txt");
        assert_eq!(absolute.uri, "file:///tmp/a.txt");
        assert_eq!(absolute.uri_base_id, None);
        assert_eq!(
            artifact_location(r"C:\news\a.txt").uri,
            "file:///C:/news/a.txt"
        );
        assert_eq!(artifact_location("-").uri, "-");
    }
}
