//! The `calque` binary: runs the CLI and maps its outcome to an exit code (0 clean, 1 findings,
//! 2 error). A closed pipe (`calque check … | head`) ends quietly with 0, as ripgrep does.

use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let stdout = io::stdout();
    let mut stdout = io::BufWriter::new(stdout.lock());
    // Not locked for the whole run: the progress line is printed from worker threads, which
    // would wait forever on a lock this thread holds.
    let mut stderr = io::stderr();
    let result = calque::cli::run(&mut stdout, &mut stderr);
    let flushed = stdout.flush();
    match (result, flushed) {
        (Ok(status), Ok(())) => ExitCode::from(status.code()),
        (Ok(_), Err(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        (Ok(_), Err(e)) => {
            let _ = writeln!(stderr, "calque: error: {e}");
            ExitCode::from(2)
        }
        (Err(e), _) if calque::cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        (Err(e), _) => {
            let _ = writeln!(stderr, "calque: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
