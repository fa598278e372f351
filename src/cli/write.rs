//! `--fix` and `--diff`: building the fixed text of each file, printing it as a unified diff,
//! or writing it back atomically (temporary file in the same folder + rename), keeping the
//! byte-order mark, line endings and permissions, and never overwriting a file that changed
//! since it was read.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::document::Document;

/// The bytes of a document as they are on disk: the BOM, if it had one, then the text.
pub(crate) fn disk_bytes(text: &str, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len() + 3);
    if bom {
        bytes.extend_from_slice(b"\xEF\xBB\xBF");
    }
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

/// Writes `fixed` over the file `document` was read from.
///
/// The write goes through symlinks to their target, into a temporary file beside it that takes
/// the original's permissions and is then renamed over it, so that a reader never sees a half
/// written file and a failure leaves the original as it was.
///
/// # Errors
/// The file changed since it was read, or cannot be written; the original is untouched.
pub(crate) fn write_atomically(document: &Document, fixed: &str) -> Result<()> {
    let path = Path::new(document.path());
    let target = fs::canonicalize(path)
        .with_context(|| format!("{}: cannot resolve the path", document.path()))?;
    let current = fs::read(&target)
        .with_context(|| format!("{}: cannot read it again before writing", document.path()))?;
    if current != disk_bytes(document.text(), document.has_bom()) {
        bail!(
            "{}: the file changed since it was read; not overwritten",
            document.path()
        );
    }
    let dir = target.parent().unwrap_or_else(|| Path::new("."));
    let permissions = fs::metadata(&target)?.permissions();
    let mut temp = tempfile::Builder::new()
        .prefix(".calque-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| {
            format!(
                "{}: cannot create a temporary file in {}",
                document.path(),
                dir.display()
            )
        })?;
    temp.write_all(&disk_bytes(fixed, document.has_bom()))
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("{}: cannot write the fixed text", document.path()))?;
    fs::set_permissions(temp.path(), permissions)
        .with_context(|| format!("{}: cannot copy permissions", document.path()))?;
    temp.persist(&target)
        .map_err(|e| e.error)
        .with_context(|| {
            format!(
                "{}: cannot replace the file; the original is unchanged",
                document.path()
            )
        })?;
    Ok(())
}

/// A unified diff of one file's fix, with `a/` and `b/` headers.
pub(crate) fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_keeps_bom_crlf_and_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, b"\xEF\xBB\xBFIt ended.Then\r\nok\r\n").unwrap();
        let document = Document::from_file(&path).unwrap();
        write_atomically(&document, "It ended. Then\r\nok\r\n").unwrap();
        assert_eq!(
            fs::read(&path).unwrap(),
            b"\xEF\xBB\xBFIt ended. Then\r\nok\r\n"
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "It ended.Then\n").unwrap();
        let document = Document::from_file(&path).unwrap();
        fs::write(&path, "Someone else's edit\n").unwrap();
        let err = write_atomically(&document, "It ended. Then\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("changed since it was read"), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "Someone else's edit\n");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_written_through_and_modes_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        fs::write(&real, "It ended.Then\n").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let document = Document::from_file(&link).unwrap();
        write_atomically(&document, "It ended. Then\n").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "It ended. Then\n");
        assert_eq!(
            fs::metadata(&real).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[test]
    fn diffs_have_headers_and_hunks() {
        let diff = unified_diff("a.txt", "It ended.Then\n", "It ended. Then\n");
        assert!(diff.starts_with("--- a/a.txt\n+++ b/a.txt\n@@"), "{diff}");
        assert!(diff.contains("-It ended.Then\n+It ended. Then\n"), "{diff}");
    }
}
