//! Narrowed regexes: the rule regexes with their character classes cut down to the characters
//! a Western-language article is written in, for texts that hold no other.
//!
//! A Unicode class such as `\p{L}` or `\w` compiles to a large UTF-8 automaton: a few hundred
//! ranges across two-, three- and four-byte sequences. That was most of the cost of compiling
//! the built-in regexes, so most of start-up, and most of the compiled regexes' memory. A
//! regex only ever tests its classes against the characters of the text it searches, though:
//! on a text whose characters all lie in a set `S`, the regex with every class `C` replaced by
//! `C ∩ S` finds exactly the same matches and groups. So calque keeps two versions of a regex
//! that has wide classes: the narrowed one for [narrow](is_narrow) texts, which is nearly
//! every line of a news article (ASCII, Latin letters, typographic quotes and dashes, the euro
//! sign), and the original for the rest, compiled only when such a text turns up.
//!
//! `S` follows UTF-8 lead bytes, so that testing a text is a byte scan without decoding:
//! U+0000–U+027F (ASCII, Latin-1, Latin Extended-A and -B, IPA extensions: lead bytes up to
//! `0xC9`) and U+2000–U+20FF (general punctuation, super- and subscripts, currency symbols,
//! combining marks for symbols: `0xE2` followed by `0x80`–`0x83`).

use regex_syntax::hir::{
    Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Repetition,
};

use crate::text::swar;

/// The characters of a narrow text (see the module documentation).
fn narrow_set() -> ClassUnicode {
    ClassUnicode::new([
        ClassUnicodeRange::new('\0', '\u{27F}'),
        ClassUnicodeRange::new('\u{2000}', '\u{20FF}'),
    ])
}

/// Whether every character of `text` lies in the narrow set, so that a narrowed regex finds
/// in it what the original would.
pub(crate) fn is_narrow(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // ASCII eight bytes at a time: most of any article.
        if let Some(chunk) = swar::load(bytes, at) {
            if chunk & swar::HIGH_BITS == 0 {
                at += 8;
                continue;
            }
        }
        match bytes[at] {
            // ASCII, continuation bytes (their lead byte was tested), and leads of
            // U+0080–U+027F.
            0x00..=0xBF | 0xC2..=0xC9 => at += 1,
            // U+2000–U+20FF: a valid `str` has the second byte.
            0xE2 if bytes[at + 1] <= 0x83 => at += 3,
            _ => return false,
        }
    }
    true
}

/// `hir` with every Unicode class intersected with the narrow set, or `None` when that
/// changes nothing (no class reaches beyond the set, so one regex serves every text).
pub(crate) fn narrowed(hir: &Hir) -> Option<Hir> {
    let set = narrow_set();
    let mut changed = false;
    let narrow = rebuild(hir, &set, &mut changed);
    changed.then_some(narrow)
}

/// `hir` rebuilt with narrowed classes; `changed` is set when a class lost characters.
/// Recursion depth is bounded by the parser's nesting limit.
fn rebuild(hir: &Hir, set: &ClassUnicode, changed: &mut bool) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let mut narrow = class.clone();
            narrow.intersect(set);
            if narrow.ranges() != class.ranges() {
                *changed = true;
            }
            // Copied at its size: `intersect` leaves the room of the original ranges behind
            // the few it keeps, and the narrowed syntax is held until its regex is compiled
            // (half a megabyte over the built-in rules).
            Hir::class(Class::Unicode(ClassUnicode::new(narrow.iter().copied())))
        }
        HirKind::Concat(subs) => {
            Hir::concat(subs.iter().map(|s| rebuild(s, set, changed)).collect())
        }
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(|s| rebuild(s, set, changed)).collect())
        }
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(rebuild(&rep.sub, set, changed)),
            ..rep.clone()
        }),
        HirKind::Capture(cap) => Hir::capture(Capture {
            sub: Box::new(rebuild(&cap.sub, set, changed)),
            ..cap.clone()
        }),
        // Literals, byte classes (ASCII-only in a UTF-8 regex), look-arounds and the empty
        // regex cost nothing to compile as they are.
        HirKind::Empty
        | HirKind::Literal(_)
        | HirKind::Class(Class::Bytes(_))
        | HirKind::Look(_) => hir.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pattern: &str) -> Hir {
        regex_automata::util::syntax::parse(pattern).unwrap()
    }

    #[test]
    fn a_text_is_narrow_exactly_when_its_characters_are_in_the_set() {
        let set = narrow_set();
        let samples = [
            "plain ASCII, long enough for several eight-byte chunks of it",
            "Città “quoted” – dash … €5 ‰",
            "Łódź, Şişli, ǅ, ɏ and ʼ",
            "ʀ is U+0280, just past the set",
            "Ͱ Greek",
            "emoji 🙂 at the end",
            "中文",
            "\u{20FF}\u{2100}",
            "\u{1FFF}",
            "",
        ];
        for text in samples {
            let expected = text
                .chars()
                .all(|c| set.ranges().iter().any(|r| r.start() <= c && c <= r.end()));
            assert_eq!(is_narrow(text), expected, "{text:?}");
            // Every split into a prefix, as lines of any length would be.
            for (at, _) in text.char_indices() {
                let prefix = &text[..at];
                let expected = prefix
                    .chars()
                    .all(|c| set.ranges().iter().any(|r| r.start() <= c && c <= r.end()));
                assert_eq!(is_narrow(prefix), expected, "{prefix:?}");
            }
        }
        // Every character of the first planes, alone and after eight ASCII bytes.
        for c in ('\0'..='\u{3000}').chain(['\u{FFFD}', '\u{10FFFF}']) {
            let expected = set.ranges().iter().any(|r| r.start() <= c && c <= r.end());
            assert_eq!(is_narrow(&c.to_string()), expected, "{c:?}");
            assert_eq!(is_narrow(&format!("abcdefgh{c}")), expected, "{c:?}");
        }
    }

    #[test]
    fn only_classes_beyond_the_set_are_narrowed() {
        assert!(narrowed(&parse(r"(?-u:\b)the (?:Born|Nato)\.")).is_none());
        assert!(narrowed(&parse(r"[a-zàèéìòù’]+")).is_none());
        assert!(narrowed(&parse(r"\p{L}+")).is_some());
        assert!(
            narrowed(&parse(r"(?i)k")).is_some(),
            "the Kelvin sign folds to k"
        );
        let narrow = narrowed(&parse(r"(?P<word>\p{Lu}\w*)")).unwrap();
        assert!(narrow.properties().explicit_captures_len() == 1);
    }
}
