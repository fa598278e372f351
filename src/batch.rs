//! Checks many inputs in parallel (rayon) and assembles one [`Report`] whose order does not
//! depend on the thread count.

use std::io::Read;

use rayon::prelude::*;

use crate::document::{Document, DEFAULT_MAX_FILE_SIZE};
use crate::engine::{check, check_in_batch};
use crate::error::InputError;
use crate::inputs::Input;
use crate::report::{FileReport, InputFailure, Report};
use crate::rules::RuleSet;

/// An input ready for a worker thread: a path to read there, or an input already read
/// (standard input, or the first file, read while the rules got ready).
enum Pending<'a> {
    Path(&'a std::path::Path),
    Read {
        document: Result<Document, InputError>,
        stdin: bool,
    },
}

/// Reads and checks every input; standard input is read from `stdin`. Inputs that cannot be
/// read are returned as errors (and listed in the report); every other input is still checked.
/// Files over [`DEFAULT_MAX_FILE_SIZE`] are errors too. A file without findings is reported
/// without its text ([`Document::is_released`]); standard input keeps it.
pub fn check_inputs(
    inputs: &[Input],
    rules: &RuleSet,
    stdin: impl Read,
) -> (Report, Vec<InputError>) {
    check_inputs_with_progress(inputs, rules, stdin, DEFAULT_MAX_FILE_SIZE, &|_, _| {})
}

/// As [`check_inputs`], refusing files over `max_file_size` bytes (from their metadata, before
/// reading them) and calling `progress(done, total)` after each input (from worker threads, in
/// no particular order): the CLI shows it on a terminal.
pub fn check_inputs_with_progress(
    inputs: &[Input],
    rules: &RuleSet,
    mut stdin: impl Read,
    max_file_size: u64,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> (Report, Vec<InputError>) {
    let done = std::sync::atomic::AtomicUsize::new(0);
    let total = inputs.len();
    let mut stdin_read = false;
    let pending: Vec<Pending<'_>> = inputs
        .iter()
        .map(|input| match input {
            Input::File(path) => Pending::Path(path),
            // Standard input is read once, on this thread; a second `-` has nothing left to read.
            Input::Stdin(name) if !stdin_read => {
                stdin_read = true;
                Pending::Read {
                    document: Document::from_reader(name, &mut stdin),
                    stdin: true,
                }
            }
            Input::Stdin(name) => Pending::Read {
                document: Err(InputError::Io {
                    path: name.clone(),
                    source: std::io::Error::other("standard input given more than once"),
                }),
                stdin: true,
            },
        })
        .collect();
    let mut pending = pending;
    // The rules get ready (prefilter, always-needed regexes) while the first file is read:
    // on one large file, reading it is a tenth of the run.
    let first_path = match pending.first() {
        Some(Pending::Path(path)) => Some(*path),
        _ => None,
    };
    // From this many files on, a faster prefilter automaton pays for its build.
    let many = pending.len() >= 64;
    // The first file's size, from its metadata: a large one is worth the prefilter's larger
    // automata, built now while the file is read rather than after (not for one that will be
    // refused as too large).
    let first_len = first_path
        .and_then(|path| std::fs::metadata(path).ok())
        .map(|m| m.len())
        .filter(|&len| len <= max_file_size)
        .map_or(0, |len| usize::try_from(len).unwrap_or(usize::MAX));
    // Many files or a large one: regexes compile their lazy DFAs at once (see `LazyRegex`).
    let much_text = many || first_len >= crate::engine::PARALLEL_BYTES;
    match first_path {
        Some(path) => {
            let ((), read) = rayon::join(
                || rules.prepare(many, much_text, first_len),
                || Document::from_file_with_limit(path, max_file_size),
            );
            pending[0] = Pending::Read {
                document: read,
                stdin: false,
            };
        }
        None => rules.prepare(many, much_text, 0),
    }
    let results: Vec<Result<FileReport, InputError>> = pending
        .into_par_iter()
        .map(|pending| {
            // Standard input is never released: `--fix` echoes it whole, fixed or not.
            let (mut document, from_stdin) = match pending {
                Pending::Path(path) => {
                    (Document::from_file_with_limit(path, max_file_size)?, false)
                }
                Pending::Read { document, stdin } => (document?, stdin),
            };
            let findings = if many {
                // The other files keep the other cores busy.
                document.word_count();
                check_in_batch(&document, rules)
            } else {
                // The summary's word count is one more pass over the text: on another core
                // while the rules run, rather than after them.
                rayon::join(|| check(&document, rules), || document.word_count()).0
            };
            // A file without findings is reported by its path and word count: no report reads
            // its text, which a batch over a large repository would otherwise hold to its end.
            if findings.is_empty() && !from_stdin {
                document.release_text();
            }
            progress(
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                total,
            );
            Ok(FileReport { document, findings })
        })
        .collect();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(e) => errors.push(e),
        }
    }
    let failures = errors.iter().map(InputFailure::from).collect();
    (Report::new(files, failures), errors)
}
