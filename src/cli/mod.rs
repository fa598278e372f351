//! The glue between command-line arguments and the library: validate arguments, load rules,
//! run the subcommand, print, and decide the exit status. Uses `anyhow`; the library does not.

mod args;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Result;
use clap::Parser;

pub use args::Cli;
use args::{CheckArgs, ColorArg, Command, FailOnArg, FormatArg, RulesCommand};

use crate::batch::check_inputs;
use crate::finding::Severity;
use crate::inputs;
use crate::report::{OutputFormat, RenderOptions};
use crate::rules::{selftest, Example, RuleSet};

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

/// Parses the process arguments and runs calque, writing to `stdout` and `stderr`.
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

fn run_check(
    args: CheckArgs,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<ExitStatus> {
    let rules = load_rules(&args.rules.dirs)?;
    let rules = rules
        .select(&args.select, &args.ignore)
        .map_err(anyhow::Error::msg)?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let stdin_name = args.stdin_filename.as_deref().unwrap_or("-");
    let (inputs, mut errors) = inputs::expand(&paths, stdin_name);
    let (mut report, read_errors) = check_inputs(&inputs, &rules, io::stdin().lock());
    errors.extend(read_errors);
    // Walk errors (unreadable folders) join read errors in the report, sorted with them.
    report.failures = {
        let mut all: Vec<_> = errors.iter().map(Into::into).collect();
        all.sort_by(|a: &crate::report::InputFailure, b| a.path.cmp(&b.path));
        all
    };

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
    report.render(format, &rules, RenderOptions { color }, stdout)?;
    stdout.flush()?;
    for failure in &report.failures {
        writeln!(stderr, "calque: error: {}", failure.message)?;
    }

    if !report.failures.is_empty() {
        return Ok(ExitStatus::Error);
    }
    let threshold = match args.fail_on {
        FailOnArg::Error => Some(Severity::Error),
        FailOnArg::Warning => Some(Severity::Warning),
        FailOnArg::Info => Some(Severity::Info),
        FailOnArg::Never => None,
    };
    Ok(match threshold {
        Some(t) if report.has_findings_at(t) => ExitStatus::Findings,
        _ => ExitStatus::Clean,
    })
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
