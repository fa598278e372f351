//! `--fix` never loses data, end to end through the binary (DESIGN.md, "Guarantees"): the
//! permissions of a fixed file are kept, a symlink is written through to its target and stays
//! a symlink, and a write that fails leaves the original byte for byte, no temporary file
//! behind, and an error naming the file (exit 2).
//!
//! The atomic write itself is unit-tested in `src/cli/write.rs`; CRLF, BOM and the no-op
//! second run in `tests/gate.rs`.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;

use assert_cmd::Command;

const BROKEN: &str = "It ended.Then\n";
const FIXED: &str = "It ended. Then\n";

fn fix_in(dir: &Path, files: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_calque"))
        .current_dir(dir)
        .args(["check", "--fix"])
        .args(files)
        .output()
        .unwrap()
}

/// Names of the files in `dir`, sorted: a leftover `.calque-*.tmp` shows up here.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn fix_keeps_the_permissions_of_each_file() {
    let dir = tempfile::tempdir().unwrap();
    for (name, mode) in [
        ("private.txt", 0o600),
        ("shared.md", 0o664),
        ("odd.txt", 0o751),
    ] {
        let path = dir.path().join(name);
        fs::write(&path, BROKEN).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
    }
    let out = fix_in(dir.path(), &["private.txt", "shared.md", "odd.txt"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    for (name, mode) in [
        ("private.txt", 0o600),
        ("shared.md", 0o664),
        ("odd.txt", 0o751),
    ] {
        let path = dir.path().join(name);
        assert_eq!(fs::read_to_string(&path).unwrap(), FIXED, "{name}");
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o7777,
            mode,
            "{name}"
        );
    }
}

#[test]
fn fix_writes_through_a_symlink_and_keeps_the_link() {
    // A content repository that links one article into two sections: the link must stay a
    // link, and the shared text is fixed once.
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("shared")).unwrap();
    let real = dir.path().join("shared/article.md");
    fs::write(&real, BROKEN).unwrap();
    symlink("shared/article.md", dir.path().join("linked.md")).unwrap();
    let out = fix_in(dir.path(), &["linked.md"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let link = dir.path().join("linked.md");
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(
        fs::read_link(&link).unwrap(),
        Path::new("shared/article.md")
    );
    assert_eq!(fs::read_to_string(&real).unwrap(), FIXED);
    assert_eq!(listing(dir.path()), ["linked.md", "shared"]);
    assert_eq!(listing(&dir.path().join("shared")), ["article.md"]);
}

#[test]
// The skip note goes to the test output, where `cargo test -- --nocapture` shows it.
#[allow(clippy::print_stdout)]
fn a_read_only_folder_leaves_the_file_intact_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("locked");
    fs::create_dir(&folder).unwrap();
    let path = folder.join("a.txt");
    fs::write(&path, BROKEN).unwrap();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o555)).unwrap();
    if fs::write(folder.join("probe"), "").is_ok() {
        // Root (as in CI) writes into a mode-555 folder anyway; the next test covers a failed
        // write in a way root cannot bypass.
        println!("skipped: running as root, a read-only folder is still writable");
        fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let out = fix_in(dir.path(), &["locked/a.txt"]);
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("calque: error: locked/a.txt: cannot create a temporary file"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), BROKEN);
    assert_eq!(listing(&folder), ["a.txt"]);
}

#[test]
fn a_write_that_fails_halfway_leaves_the_original_and_no_temporary_file() {
    // A full disk or an exhausted quota, simulated in a way that holds for root too: the file
    // size limit (RLIMIT_FSIZE, `ulimit -f 0`) makes every write into a regular file fail with
    // EFBIG, as ENOSPC would. SIGXFSZ is ignored so that the write returns the error instead
    // of killing the process (an ignored signal stays ignored across `exec`). Reading, and
    // writing the report into a pipe, are not affected.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    let original = format!("{BROKEN}Second line.\n");
    fs::write(&path, &original).unwrap();
    let out = Command::new("sh")
        .current_dir(dir.path())
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 0 && exec \"$0\" check --fix a.txt")
        .arg(env!("CARGO_BIN_EXE_calque"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("calque: error: a.txt: cannot write the fixed text"),
        "{stderr}"
    );
    assert!(
        stderr.contains("fixed 0 finding(s) in 0 file(s)"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), original);
    assert_eq!(listing(dir.path()), ["a.txt"], "no temporary file is left");
    // The report still shows the finding that could not be fixed.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("core/missing-space-after-punctuation"),
        "{stdout}"
    );
}
