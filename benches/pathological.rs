//! Pathological documents at three sizes, to show whether checking stays linear: a line of a
//! million curly quotes, a line of a million words, a line of a million glued sentences
//! (`a.A`, one finding each). Prints the time and throughput of `check` and of rendering the
//! findings (`concise`, which locates every finding), per size, so linearity can be read off:
//! a linear step takes ~10× longer from 100k to 1M chars and ~4× from 1M to 4M.
//!
//! Not a test: timings depend on the machine. Run with `cargo bench --bench pathological`;
//! `CALQUE_BENCH_SIZES=100000,1000000` picks other sizes (in chars).
//!
//! Rendering locates each finding with `LineIndex::location`, which counts chars from the start
//! of the line: with thousands of findings on one long line that is quadratic. A step whose
//! quadratic extrapolation would exceed [`SKIP_AFTER`] is skipped and says so, rather than
//! running for hours.

use std::hint::black_box;
use std::io;
use std::time::{Duration, Instant};

use calque::report::FileReport;
use calque::{check, Document, OutputFormat, RenderOptions, Report, RuleSet};

/// Skip a step whose predicted time (quadratic in size from the last measurement) is longer.
const SKIP_AFTER: Duration = Duration::from_secs(60);

/// Builds a text of `chars` chars by repeating `unit`.
fn repeat(unit: &str, chars: usize) -> String {
    let unit_chars = unit.chars().count();
    unit.repeat(chars.div_ceil(unit_chars))
}

fn inputs(chars: usize) -> [(&'static str, String); 3] {
    [
        ("curly quotes “", repeat("“", chars)),
        ("one-line words", repeat("word ", chars)),
        ("glued a.A", repeat("a.A", chars)),
    ]
}

fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64().max(1e-9)
}

/// The last measurement of one step (check or render) of one input: its size and time.
#[derive(Default, Clone, Copy)]
struct Last(Option<(usize, Duration)>);

impl Last {
    /// The time a step of `chars` would take if it were quadratic, when that exceeds
    /// [`SKIP_AFTER`]: the step is then skipped.
    fn too_slow(self, chars: usize) -> Option<Duration> {
        let (size, time) = self.0?;
        let ratio = chars as f64 / size as f64;
        Some(time.mul_f64(ratio * ratio)).filter(|p| *p > SKIP_AFTER)
    }

    /// Times `step` unless it is predicted too slow; records the time.
    fn run<T>(
        &mut self,
        chars: usize,
        step: impl FnOnce() -> T,
    ) -> Result<(T, Duration), Duration> {
        if let Some(predicted) = self.too_slow(chars) {
            return Err(predicted);
        }
        let start = Instant::now();
        let out = black_box(step());
        let time = start.elapsed();
        self.0 = Some((chars, time));
        Ok((out, time))
    }
}

fn columns(bytes: usize, result: Result<Duration, Duration>) -> (String, String) {
    match result {
        Ok(t) => (
            format!("{:.3}", t.as_secs_f64()),
            format!("{:.1}", mb_per_s(bytes, t)),
        ),
        Err(predicted) => (
            "skipped".into(),
            format!("(~{:.0} s)", predicted.as_secs_f64()),
        ),
    }
}

#[allow(clippy::print_stdout)] // a bench's report is its output
fn main() {
    let sizes: Vec<usize> = std::env::var("CALQUE_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000, 1_000_000, 4_000_000]);
    let rules = RuleSet::builtin();
    println!(
        "{:<16} {:>9} {:>10} {:>9} {:>10} {:>9} {:>10} {:>9}",
        "input", "chars", "bytes", "findings", "check s", "MB/s", "render s", "MB/s"
    );
    let mut last_check = [Last::default(); 3];
    let mut last_render = [Last::default(); 3];
    for &chars in &sizes {
        for (i, (name, text)) in inputs(chars).into_iter().enumerate() {
            let bytes = text.len();
            let document = Document::from_text("bench.txt", text).expect("under 4 GiB");
            let checked = last_check[i].run(chars, || check(&document, &rules));
            let count = checked
                .as_ref()
                .map_or(String::from("-"), |(f, _)| f.len().to_string());
            let rendered = match &checked {
                Ok((findings, _)) => {
                    let report = Report::new(
                        vec![FileReport {
                            document: document.clone(),
                            findings: findings.clone(),
                        }],
                        Vec::new(),
                    );
                    last_render[i]
                        .run(chars, || {
                            report
                                .render(
                                    OutputFormat::Concise,
                                    &rules,
                                    RenderOptions { color: false },
                                    &mut io::sink(),
                                )
                                .expect("a sink does not fail")
                        })
                        .map(|(_, t)| t)
                }
                // Nothing to render: mark it skipped with the check's prediction.
                Err(predicted) => Err(*predicted),
            };
            let (check_s, check_mbs) = columns(bytes, checked.map(|(_, t)| t));
            let (render_s, render_mbs) = columns(bytes, rendered);
            println!(
                "{name:<16} {chars:>9} {bytes:>10} {count:>9} {check_s:>10} {check_mbs:>9} {render_s:>10} {render_mbs:>9}"
            );
        }
    }
}
