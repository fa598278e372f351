//! The glue between command-line arguments and the library: validate arguments, load rules,
//! run the subcommand, print, and decide the exit status. Uses `anyhow`; the library does not.

mod args;
mod write;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use std::fs;

use anyhow::{Context, Result};
use clap::Parser;

pub use args::Cli;
use args::{CheckArgs, ColorArg, Command, FailOnArg, FormatArg, RulesCommand};

use crate::baseline::Baseline;
use crate::checker::Checker;
use crate::config::FailOn;
use crate::document::Document;
use crate::engine::check;
use crate::finding::Applicability;
use crate::fix::fix_document;
use crate::report::{OutputFormat, RenderOptions};
use crate::rules::{selftest, Example, RuleSet};
use write::{unified_diff, write_atomically};

/// How the process ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// No finding at or above `--fail-on`: exit 0.
    Clean,
    /// At least one finding at or above `--fail-on`, or a failing rule example: exit 1.
    Findings,
    /// A usage, configuration, rule-file or input error: exit 2.
    Error,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Self::Clean => 0,
            Self::Findings => 1,
            Self::Error => 2,
        }
    }
}

/// Parses the process arguments and runs calque, writing to `stdout` and `stderr`: the
/// binary's entry point, run once per process (the loaded rules are left to the process's end).
///
/// # Errors
/// Errors that end the run early (rule packs that do not load, an unknown rule); input errors
/// are printed to `stderr` and turn the status into [`ExitStatus::Error`] instead.
pub fn run(stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<ExitStatus> {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => run_check(args, stdout, stderr),
        Command::Rules(RulesCommand::List { rules }) => {
            let rules = load_rules(&rules.dirs)?;
            for rule in rules.rules() {
                writeln!(
                    stdout,
                    "{:<48} {:<15} {:<8} {}",
                    rule.id(),
                    rule.category(),
                    rule.severity(),
                    rule.message()
                )?;
            }
            Ok(ExitStatus::Clean)
        }
        Command::Rules(RulesCommand::Explain { rule, rules }) => {
            let rules = load_rules(&rules.dirs)?;
            explain(&rules, &rule, stdout)
        }
        Command::Rules(RulesCommand::Test { dir }) => rules_test(dir, stdout),
    }
}

fn load_rules(dirs: &[PathBuf]) -> Result<RuleSet> {
    Ok(RuleSet::load(dirs)?)
}

/// The checker in force: the configuration (`--config`, none with `--no-config`, else the
/// nearest `calque.toml` above the current folder), the `--rules` packs, `--select` and
/// `--ignore`. The library combines them, so `calque check` and [`Checker`] cannot differ.
fn build_checker(args: &CheckArgs) -> Result<Checker> {
    let builder = Checker::builder().select(&args.select).ignore(&args.ignore);
    let builder = match args.max_file_size {
        Some(bytes) => builder.max_file_size(bytes),
        None => builder,
    };
    let builder = args
        .rules
        .dirs
        .iter()
        .fold(builder, |builder, dir| builder.rules_dir(dir));
    let builder = if args.no_config {
        builder
    } else if let Some(path) = &args.config {
        builder.config_file(path)
    } else {
        builder.discover_config(std::env::current_dir()?)
    };
    Ok(builder.build()?)
}

fn run_check(
    args: CheckArgs,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<ExitStatus> {
    // Never freed: the process ends after this run, and freeing hundreds of compiled rules one
    // by one was half a millisecond of an article's check.
    let checker = std::mem::ManuallyDrop::new(build_checker(&args)?);
    let (config, rules) = (checker.config(), checker.rules());
    let baseline = match &args.baseline {
        Some(path) => {
            let text = fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read the baseline", path.display()))?;
            Some(Baseline::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?)
        }
        None => None,
    };
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let stdin_name = args.stdin_filename.as_deref().unwrap_or("-");

    // Progress goes to a terminal only: never into CI logs, files or machine-readable output.
    let show_progress = io::stderr().is_terminal();
    // The worker threads cannot share the `stderr` writer; the CLI may print (the library may not).
    #[allow(clippy::print_stderr)]
    let progress = |done: usize, total: usize| {
        if show_progress && total > 20 && (done % 16 == 0 || done == total) {
            eprint!("\rcalque: checked {done}/{total} files\x1b[K");
            if done == total {
                eprint!("\r\x1b[K");
            }
        }
    };
    let run = || checker.check_paths_with(&paths, stdin_name, io::stdin().lock(), &progress);
    let report = match args.threads {
        Some(n) => {
            let pool = || rayon::ThreadPoolBuilder::new().num_threads(usize::from(n));
            // The global pool, so that rendering the report in parallel keeps to it as well;
            // set up already (a second run in one process), a pool of its own for the check.
            match pool().build_global() {
                Ok(()) => run(),
                Err(_) => pool().build()?.install(run),
            }
        }
        None => run(),
    };
    // Never dropped: the process ends after this run, and the system takes back its memory at
    // once, where freeing a large report's text and findings one allocation at a time cost
    // about two milliseconds on one thread after all else was done.
    let mut report = std::mem::ManuallyDrop::new(report);

    let allowed = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let mut status = ExitStatus::Clean;
    if args.diff {
        let mut changed = 0;
        for file in report.files.iter().filter(|f| has_autofix(f, allowed)) {
            let fixed = fix_document(&file.document, rules, allowed);
            if fixed.text != file.document.text() {
                changed += 1;
                write!(
                    stdout,
                    "{}",
                    unified_diff(file.document.path(), file.document.text(), &fixed.text)
                )?;
            }
        }
        writeln!(
            stderr,
            "calque: {changed} file(s) would be changed by --fix{}",
            if args.unsafe_fixes {
                " --unsafe-fixes"
            } else {
                ""
            }
        )?;
        report_failures(&report, stderr)?;
        return Ok(if !report.failures.is_empty() {
            ExitStatus::Error
        } else if changed > 0 {
            ExitStatus::Findings
        } else {
            ExitStatus::Clean
        });
    }
    let reads_stdin = paths.iter().any(|p| p.as_os_str() == "-");
    let mut report_out: &mut dyn Write = stdout;
    let mut stdin_fixed: Option<String> = None;
    if args.fix {
        let (mut fixed_count, mut files_changed) = (0, 0);
        for file in &mut report.files {
            let is_stdin = reads_stdin && file.document.path() == stdin_name;
            if !has_autofix(file, allowed) {
                // Nothing to apply: no second check, no write; stdin is still echoed.
                if is_stdin {
                    stdin_fixed = Some(file.document.text().to_owned());
                }
                continue;
            }
            let fixed = fix_document(&file.document, rules, allowed);
            if is_stdin {
                stdin_fixed = Some(fixed.text.clone());
            } else if fixed.text != file.document.text() {
                if let Err(e) = write_atomically(&file.document, &fixed.text) {
                    writeln!(stderr, "calque: error: {e:#}")?;
                    status = ExitStatus::Error;
                    continue;
                }
                files_changed += 1;
            }
            if fixed.text != file.document.text() {
                fixed_count += fixed.applied;
                let document = Document::from_text(file.document.path(), fixed.text)?;
                file.findings = check(&document, rules);
                file.document = document;
            }
        }
        writeln!(
            stderr,
            "calque: fixed {fixed_count} finding(s) in {files_changed} file(s)"
        )?;
        // With standard input the fixed text goes to standard output, the report to stderr.
        if stdin_fixed.is_some() {
            report_out = stderr;
        }
    }
    if let Some(baseline) = &baseline {
        baseline.filter(&mut report);
    }
    if let Some(path) = &args.write_baseline {
        fs::write(path, Baseline::from_report(&report).to_json())
            .with_context(|| format!("{}: cannot write the baseline", path.display()))?;
    }

    let format = match args.format {
        FormatArg::Full => OutputFormat::Full,
        FormatArg::Concise => OutputFormat::Concise,
        FormatArg::Json => OutputFormat::Json,
        FormatArg::Sarif => OutputFormat::Sarif,
        FormatArg::Github => OutputFormat::Github,
    };
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    if let Some(text) = &stdin_fixed {
        stdout.write_all(text.as_bytes())?;
        stdout.flush()?;
        report.render(format, rules, RenderOptions { color: false }, stderr)?;
    } else {
        report.render(format, rules, RenderOptions { color }, report_out)?;
        report_out.flush()?;
    }
    report_failures(&report, stderr)?;
    if report.failures.iter().any(|f| f.too_large) {
        writeln!(
            stderr,
            "calque: note: raise the limit with --max-file-size BYTES or `max_file_size` in calque.toml, or skip such files with `ignore_paths`"
        )?;
    }

    if !report.failures.is_empty() || status == ExitStatus::Error {
        return Ok(ExitStatus::Error);
    }
    if args.write_baseline.is_some() {
        return Ok(ExitStatus::Clean);
    }
    let fail_on = args.fail_on.map(|f| match f {
        FailOnArg::Error => FailOn::Error,
        FailOnArg::Warning => FailOn::Warning,
        FailOnArg::Info => FailOn::Info,
        FailOnArg::Never => FailOn::Never,
    });
    let threshold = fail_on
        .or(config.fail_on)
        .unwrap_or(FailOn::Error)
        .threshold();
    if threshold.is_some_and(|t| report.has_findings_at(t)) {
        status = ExitStatus::Findings;
    }
    if let Some(max) = args.max_penalty.or(config.max_penalty) {
        for file in &report.files {
            let penalty = report.file_penalty(file);
            if penalty > max {
                writeln!(
                    stderr,
                    "calque: {}: penalty {penalty:.2} per 1,000 words is above the maximum {max}",
                    file.document.path()
                )?;
                status = ExitStatus::Findings;
            }
        }
    }
    Ok(status)
}

/// Whether any finding of `file` has a fix `--fix` may apply under `allowed`: files without
/// one are neither re-checked nor rewritten.
fn has_autofix(file: &crate::report::FileReport, allowed: Applicability) -> bool {
    file.findings.iter().any(|f| f.autofix(allowed).is_some())
}

fn report_failures(report: &crate::report::Report, stderr: &mut dyn Write) -> io::Result<()> {
    for failure in &report.failures {
        writeln!(stderr, "calque: error: {}", failure.message)?;
    }
    Ok(())
}

fn explain(rules: &RuleSet, id: &str, out: &mut dyn Write) -> Result<ExitStatus> {
    let Some(rule) = rules.get(id) else {
        let hint = crate::rules::closest(id, rules.rules().map(|r| r.id()))
            .map(|near| format!("; did you mean `{near}`?"))
            .unwrap_or_default();
        anyhow::bail!("unknown rule `{id}`{hint}");
    };
    writeln!(out, "{}", rule.id())?;
    writeln!(
        out,
        "category: {} ({})",
        rule.category(),
        rule.category().mqm()
    )?;
    writeln!(out, "severity: {}", rule.severity())?;
    match rule.fix() {
        Some(fix) => writeln!(out, "fix: {}", fix.applicability.as_str())?,
        None => writeln!(out, "fix: none")?,
    }
    writeln!(out, "message: {}", rule.message())?;
    writeln!(out, "file: {}", rule.path().display())?;
    writeln!(out)?;
    writeln!(out, "{}", rule.description().trim_end())?;
    writeln!(out)?;
    writeln!(out, "## Examples")?;
    for example in rule.examples() {
        match example {
            Example::Bad {
                text,
                good: Some(good),
                ..
            } => writeln!(out, "- bad:  {text:?}\n  good: {good:?}")?,
            Example::Bad { text, .. } => writeln!(out, "- bad:  {text:?}")?,
            Example::Ok { text } => writeln!(out, "- ok:   {text:?}")?,
        }
    }
    Ok(ExitStatus::Clean)
}

fn rules_test(dir: Option<PathBuf>, out: &mut dyn Write) -> Result<ExitStatus> {
    let rules = match &dir {
        Some(dir) => RuleSet::load_only(std::slice::from_ref(dir))?,
        None => RuleSet::builtin(),
    };
    let failures = selftest::run(&rules);
    let examples: usize = rules.rules().map(|r| r.examples().len()).sum();
    if failures.is_empty() {
        writeln!(
            out,
            "{} rules, {examples} examples: all passed.",
            rules.len()
        )?;
        Ok(ExitStatus::Clean)
    } else {
        write!(out, "{}", selftest::render(&failures))?;
        writeln!(
            out,
            "\n{} rules, {examples} examples: {} failed.",
            rules.len(),
            failures.len()
        )?;
        Ok(ExitStatus::Findings)
    }
}

/// Whether an error chain is a closed pipe (`calque check | head`): not worth reporting.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
