//! The measurement of the default packs on the evaluation corpus in `../shared/corpus`:
//! recall per label category on machine-translated articles (`mt/` against `labels/`), and
//! findings per 1,000 words on clean professional news (`clean/`).
//!
//! Run it with `cargo test --test corpus -- --nocapture` to see the tables. The corpus is
//! published text kept outside the repository: where it is absent (a fresh clone) the test
//! says so and passes. The floors asserted here are regression guards set a little below the
//! figures measured when they were last raised.
#![allow(clippy::print_stdout)] // printing the tables is this test's purpose

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use calque::report::Span;
use calque::{check, Document, Finding, RuleSet};

/// Clean news may raise at most this many findings per 1,000 words (1 per 2,000 words).
const MAX_CLEAN_PER_1000_WORDS: f64 = 0.5;
/// Floor for the share of mechanical defects (spacing, punctuation, boilerplate, repetition) found.
const MIN_MECHANICAL_RECALL: f64 = 0.8;
/// Floor for the share of all labelled defects found (many are beyond what rules can see).
const MIN_ALL_RECALL: f64 = 0.28;

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.is_dir().then_some(dir)
}

struct Label {
    line: usize,
    start: usize,
    end: usize,
    category: String,
}

fn read_labels(path: &Path) -> Vec<Label> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|row| {
            let cols: Vec<&str> = row.split('\t').collect();
            if cols.len() < 4 {
                return None;
            }
            Some(Label {
                line: cols[0].parse().ok()?,
                start: cols[1].parse().ok()?,
                end: cols[2].parse().ok()?,
                category: cols[3].to_owned(),
            })
        })
        .collect()
}

/// Whether a finding covers part of a label's span (same line, overlapping char columns).
fn covers(document: &Document, finding: &Finding, label: &Label) -> bool {
    let span = Span::of(document, finding);
    let (start_line, end_line) = (span.start.line.get(), span.end.line.get());
    if label.line < start_line || label.line > end_line {
        return false;
    }
    let start = if start_line == label.line {
        span.start.column.get()
    } else {
        1
    };
    let end = if end_line == label.line {
        span.end.column.get().max(start + 1)
    } else {
        usize::MAX
    };
    start < label.end.max(label.start + 1) && label.start < end
}

fn is_mechanical(category: &str) -> bool {
    category.starts_with("spacing")
        || category.starts_with("punctuation")
        || category == "boilerplate"
        || category == "repetition"
}

fn load(path: &Path) -> Document {
    let name = format!(
        "corpus/{}",
        path.strip_prefix(corpus_dir().unwrap()).unwrap().display()
    );
    Document::from_bytes(name, fs::read(path).unwrap()).unwrap()
}

fn sorted_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn corpus_recall_and_clean_rate() {
    let Some(dir) = corpus_dir() else {
        println!(
            "skipped: ../shared/corpus is not present (a fresh clone has no evaluation corpus)"
        );
        return;
    };
    let rules = RuleSet::builtin();

    // Recall per category on mt/.
    let mut per_category: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut unlabelled = 0;
    let mut total_findings = 0;
    for path in sorted_files(&dir.join("mt")) {
        let document = load(&path);
        let findings = check(&document, &rules);
        let labels_path = dir
            .join("labels")
            .join(path.with_extension("tsv").file_name().unwrap());
        let labels = if labels_path.exists() {
            read_labels(&labels_path)
        } else {
            Vec::new()
        };
        for label in &labels {
            let hit = findings.iter().any(|f| covers(&document, f, label));
            let entry = per_category.entry(label.category.clone()).or_default();
            entry.1 += 1;
            if hit {
                entry.0 += 1;
            }
        }
        total_findings += findings.len();
        unlabelled += findings
            .iter()
            .filter(|f| !labels.iter().any(|l| covers(&document, f, l)))
            .count();
    }
    let (mut mech, mut mech_total, mut all, mut all_total) = (0, 0, 0, 0);
    println!("\nRecall on mt/ by label category:");
    for (category, (hit, total)) in &per_category {
        println!(
            "  {category:<28} {hit:>3} / {total:<3} {:>5.0}%",
            100.0 * *hit as f64 / *total as f64
        );
        if is_mechanical(category) {
            mech += hit;
            mech_total += total;
        }
        all += hit;
        all_total += total;
    }
    let mechanical = mech as f64 / mech_total.max(1) as f64;
    println!(
        "  {:<28} {mech:>3} / {mech_total:<3} {:>5.0}%",
        "mechanical",
        100.0 * mechanical
    );
    println!(
        "  {:<28} {all:>3} / {all_total:<3} {:>5.0}%",
        "all",
        100.0 * all as f64 / all_total.max(1) as f64
    );
    println!("  findings on mt/: {total_findings}, of which outside any label: {unlabelled}");

    // Findings per 1,000 words on clean/.
    let (mut words, mut count) = (0, 0);
    println!("\nFindings on clean/:");
    for path in sorted_files(&dir.join("clean")) {
        let document = load(&path);
        let findings = check(&document, &rules);
        words += document.word_count();
        count += findings.len();
        for finding in &findings {
            let span = Span::of(&document, finding);
            println!(
                "  {}:{}:{} {} {:?}",
                document.path(),
                span.start.line,
                span.start.column,
                finding.rule,
                document.slice(finding.range)
            );
        }
    }
    let rate = 1000.0 * count as f64 / words.max(1) as f64;
    println!("  {count} finding(s) in {words} words: {rate:.2} per 1,000 words\n");

    assert!(
        rate <= MAX_CLEAN_PER_1000_WORDS,
        "clean news raises {rate:.2} findings per 1,000 words"
    );
    assert!(
        mechanical >= MIN_MECHANICAL_RECALL,
        "mechanical recall fell to {:.0}%",
        100.0 * mechanical
    );
    let overall = all as f64 / all_total.max(1) as f64;
    assert!(
        overall >= MIN_ALL_RECALL,
        "overall recall fell to {:.0}%",
        100.0 * overall
    );
}
