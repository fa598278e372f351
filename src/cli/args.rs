//! Command-line arguments (clap derive); the only file that knows clap's types.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// calque: find the defects machine translation leaves in articles, and fix them.
#[derive(Debug, Parser)]
#[command(name = "calque", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files or folders (`-` reads standard input).
    Check(CheckArgs),
    /// List, explain and test rules.
    #[command(subcommand)]
    Rules(RulesCommand),
}

/// `calque check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check; `-` reads standard input. Default: the current folder.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Full, help_heading = "Output")]
    pub format: FormatArg,

    /// Lowest severity that makes the exit code 1 [default: error, or the config's `fail_on`].
    #[arg(long, value_enum, help_heading = "Output")]
    pub fail_on: Option<FailOnArg>,

    /// Fail (exit 1) when a file's penalty per 1,000 words is above N (MQM-style score).
    #[arg(long, value_name = "N", help_heading = "Output")]
    pub max_penalty: Option<f64>,

    /// Colour the `full` output: `auto` colours only a terminal (and honours NO_COLOR).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, help_heading = "Output")]
    pub color: ColorArg,

    /// The name under which standard input is reported; its extension picks the format.
    #[arg(long, value_name = "NAME", help_heading = "Input")]
    pub stdin_filename: Option<String>,

    /// Use this configuration file instead of the nearest `calque.toml`.
    #[arg(long, value_name = "FILE", help_heading = "Input")]
    pub config: Option<PathBuf>,

    /// Ignore every `calque.toml`.
    #[arg(long, conflicts_with = "config", help_heading = "Input")]
    pub no_config: bool,

    /// Do not read files larger than BYTES; each is reported as an input error (exit 2)
    /// [default: the config's `max_file_size`, else 67108864 (64 MiB)].
    #[arg(long, value_name = "BYTES", help_heading = "Input")]
    pub max_file_size: Option<u64>,

    /// Check files on N threads [default: one per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..), help_heading = "Input")]
    pub threads: Option<u16>,

    /// Apply safe fixes that have exactly one suggestion, then report what is left.
    #[arg(long, group = "fix_mode", help_heading = "Fix")]
    pub fix: bool,

    /// Print the fixes as a unified diff and write nothing (exit 1 if there is any).
    #[arg(long, group = "fix_mode", help_heading = "Fix")]
    pub diff: bool,

    /// With `--fix` or `--diff`, apply unsafe fixes too.
    #[arg(long, help_heading = "Fix")]
    pub unsafe_fixes: bool,

    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE", help_heading = "Baseline")]
    pub baseline: Option<PathBuf>,

    /// Record every finding of this run in FILE (and exit 0 unless an input failed).
    #[arg(long, value_name = "FILE", help_heading = "Baseline")]
    pub write_baseline: Option<PathBuf>,

    #[command(flatten)]
    pub rules: RuleArgs,

    /// Only run these rules or packs (repeatable, or comma-separated).
    #[arg(
        long,
        value_name = "RULE_OR_PACK",
        value_delimiter = ',',
        help_heading = "Rules"
    )]
    pub select: Vec<String>,

    /// Do not run these rules or packs (repeatable, or comma-separated).
    #[arg(
        long,
        value_name = "RULE_OR_PACK",
        value_delimiter = ',',
        help_heading = "Rules"
    )]
    pub ignore: Vec<String>,
}

/// Rule sources shared by every subcommand.
#[derive(Debug, Args)]
pub struct RuleArgs {
    /// Add a rule pack: a folder of rule files, named after the pack (repeatable).
    #[arg(long = "rules", value_name = "DIR", help_heading = "Rules")]
    pub dirs: Vec<PathBuf>,
}

/// `calque rules …`.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Every rule: id, category, severity, message.
    List {
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// A rule's description and examples.
    Explain {
        /// The rule id, `pack/name`.
        rule: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Validate a rule pack and run its examples (default: the built-in packs).
    Test {
        /// The pack folder to test.
        dir: Option<PathBuf>,
    },
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Findings with context and fixes, for people.
    Full,
    /// One line per finding.
    Concise,
    /// Versioned JSON.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    /// Fail on errors.
    Error,
    /// Fail on warnings and errors.
    Warning,
    /// Fail on any finding.
    Info,
    /// Never fail because of findings.
    Never,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour when standard output is a terminal.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}
