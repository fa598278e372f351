//! Word lists (`lists/<name>.txt`) and the `{name}` macros that put them into a regex.
//!
//! Self-contained (the standard library and `regex-syntax` only): `build.rs` includes this
//! file to expand the built-in rules' patterns exactly as loading them does.

use std::collections::BTreeMap;

/// Every loaded word list: pack name → list name → words.
pub(crate) type Lists = BTreeMap<String, BTreeMap<String, Vec<String>>>;

/// Expands the `{name}` list macros of a pattern of `pack` (see [`expand`]) with the lists of
/// `pack` first, then those of any pack, in pack order.
pub(crate) fn expand_for_pack(pattern: &str, pack: &str, lists: &Lists) -> Result<String, String> {
    expand(pattern, |name| {
        lists
            .get(pack)
            .and_then(|l| l.get(name))
            .or_else(|| lists.values().find_map(|l| l.get(name)))
            .map(Vec::as_slice)
    })
}

/// A word list: one entry per line; blank lines and `#` comments are skipped.
pub(crate) fn parse_list(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(ToOwned::to_owned)
        .collect()
}

/// Expands `{name}` list macros into `(?:word|word…)`, longest first so that alternation
/// prefers `North Korea` over `North`. Regex syntax that uses braces is left alone: counted
/// repetitions (`{2,}`), `\p{…}` classes and escaped braces.
fn expand<'l>(
    pattern: &str,
    list: impl Fn(&str) -> Option<&'l [String]>,
) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let before = &rest[..open];
        out.push_str(before);
        let after = &rest[open + 1..];
        let name_end = after.find('}');
        let is_escaped = before.ends_with('\\') && !before.ends_with("\\\\");
        let is_class = before.ends_with("\\p") || before.ends_with("\\P");
        let name = name_end.map(|end| &after[..end]).filter(|name| {
            !name.is_empty()
                && name.starts_with(|c: char| c.is_ascii_lowercase())
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        });
        match name {
            Some(name) if !is_escaped && !is_class => {
                let words = list(name).ok_or_else(|| {
                    format!("unknown list macro `{{{name}}}`: no lists/{name}.txt in any pack")
                })?;
                let mut words: Vec<&String> = words.iter().collect();
                words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
                let alternation: Vec<String> =
                    words.iter().map(|w| regex_syntax::escape(w)).collect();
                out.push_str("(?:");
                out.push_str(&alternation.join("|"));
                out.push(')');
                rest = &after[name.len() + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}
