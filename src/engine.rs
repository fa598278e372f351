//! Drives the matchers over a document: every rule, line by line (or over the whole text for
//! document-scope kinds), conditions applied, hits turned into [`Finding`]s with byte ranges
//! into the file's text, findings sorted.
//!
//! Matchers see one line at a time (findings are line-level, and it keeps a regex from
//! spanning lines by accident through `\s`). Hits come back with line-local offsets and are
//! shifted to document offsets here, the one place that knows both.
//!
//! Markdown and HTML documents are scanned through a [`View`] (prose only, entities decoded,
//! same line numbers); every hit is mapped back to the file's own bytes, and a hit that
//! touches markup, or sits on a line silenced by a `<!-- calque-disable -->` comment, is
//! dropped.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use crate::document::Document;
use crate::finding::{Finding, Suggestion};
use crate::markup::{self, DocumentKind, Suppressions, View};
use crate::matchers::untranslated::LineMemo;
use crate::matchers::{DocumentCache, Haystack, Hit, Scope};
use crate::prefilter::Prefilter;
use crate::rules::{Rule, RuleSet};
use crate::text::{Cover, TextRange, TextSize};

/// Checks `document` against every rule of `rules`. Infallible: all that can fail happened
/// when the rules were loaded and the document read.
///
/// ```
/// let rules = calque::RuleSet::builtin();
/// let doc = calque::Document::from_text("draft.txt", "The summit ended.Leaders left.").unwrap();
/// let findings = calque::check(&doc, &rules);
/// assert_eq!(findings[0].rule, "core/missing-space-after-punctuation");
/// ```
pub fn check(document: &Document, rules: &RuleSet) -> Vec<Finding> {
    check_with(document, rules, true)
}

/// [`check`] for one file of a batch of many, which already keeps every core busy: a short
/// document's rules then run one after another on its thread, without tasks of their own.
pub(crate) fn check_in_batch(document: &Document, rules: &RuleSet) -> Vec<Finding> {
    check_with(document, rules, false)
}

/// [`check`]; `split_short` lets a short document's rules run as tasks of their own.
fn check_with(document: &Document, rules: &RuleSet, split_short: bool) -> Vec<Finding> {
    let list: Vec<&Rule> = rules.rules().collect();
    let mut findings = check_rules(document, &list, Some(rules.prefilter()), split_short);
    for finding in &mut findings {
        if let Some(rule) = rules.get(&finding.rule) {
            finding.severity = rules.severity_of(rule);
        }
    }
    findings
}

/// The prose view of a Markdown or HTML document, and its suppression comments.
struct Markup {
    view: View,
    /// The view as a document, for its line index.
    scanned: Document,
    suppressions: Suppressions,
}

/// Checks `document` against the given rules only, through its prose view if it has markup.
/// `prefilter`, built over exactly `rules`, skips the line rules that cannot match a line;
/// without it every line rule runs on every line. With `split_short`, a short document's line
/// rules run as tasks of their own (see [`Pass::lines_by_rule`]).
pub(crate) fn check_rules(
    document: &Document,
    rules: &[&Rule],
    prefilter: Option<&Prefilter>,
    split_short: bool,
) -> Vec<Finding> {
    let markup = match document.kind() {
        DocumentKind::Text => None,
        kind => {
            let (view, suppressions) = markup::prepare(kind, document.text());
            let scanned = Document::from_text(document.path(), view.text().to_owned())
                .expect("a view is no larger than a loaded document");
            Some(Markup {
                view,
                scanned,
                suppressions,
            })
        }
    };
    let scanned = markup.as_ref().map_or(document, |m| &m.scanned);
    let cx = Pass {
        document,
        markup: markup.as_ref(),
        scanned,
        rules,
        prefilter,
        cache: DocumentCache::default(),
    };
    // The document rules, and apart those that take their words from the prefilter's walk
    // over the lines (see `Prefilter::with_walk_words`), with the numbers of their words:
    // they run after the lines.
    let mut document_rules: Vec<&Rule> = Vec::new();
    let mut walkers: Vec<(&Rule, Range<u32>)> = Vec::new();
    for (i, &rule) in rules.iter().enumerate() {
        if rule.matcher.scope() != Scope::Document || !rule.applies_to(document.kind()) {
            continue;
        }
        let words = prefilter.and_then(|p| {
            let walker = p.walkers().iter().find(|(r, _)| *r as usize == i);
            walker.map(|(_, words)| words.clone())
        });
        match words {
            Some(words) => walkers.push((rule, words)),
            None => document_rules.push(rule),
        }
    }
    let line_count = scanned.line_index().line_count();

    let mut findings: Vec<Finding> =
        if scanned.text().len() < PARALLEL_BYTES || rayon::current_num_threads() < 2 {
            let mut findings = Vec::new();
            for rule in &document_rules {
                cx.document_rule(rule, None, &mut findings);
            }
            let mut words = Vec::new();
            let walked = match prefilter {
                Some(prefilter) if split_short && rayon::current_num_threads() > 1 => {
                    cx.lines_by_rule(prefilter, line_count, &mut findings);
                    false
                }
                _ => cx.lines(
                    0..line_count,
                    &mut findings,
                    (!walkers.is_empty()).then_some(&mut words),
                ),
            };
            cx.walkers(&walkers, walked.then_some(words), &mut findings);
            findings
        } else {
            // A large document is split: each document-scope rule is a task, and the lines are cut
            // into chunks of about equal size. The sort below orders the findings completely
            // (identical findings aside), so the order in which the parts arrive does not show:
            // the output is the same on any number of threads.
            for rule in rules {
                rule.expect_much();
            }
            // Small chunks, so that the thread that finishes last does not finish much later
            // than the other: the document rules are single tasks of uneven length.
            let chunks = line_chunks(scanned, rayon::current_num_threads() * 16);
            // Each part joins the whole as soon as it is done and is freed, so that the next
            // part reuses its memory. Collecting the parts and copying them into a whole at the
            // end held every finding twice at the peak of the check: 1.3 MB of a 10 MB article
            // with 14,600 findings. The whole grows by doubling; once large it is a mapping of
            // its own, which grows without a copy and whose untouched room costs nothing.
            let whole = Mutex::new(Vec::new());
            let add_part = |mut part: Vec<Finding>| {
                if !part.is_empty() {
                    whole
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .append(&mut part);
                }
            };
            // The walk words the chunks found, and whether every chunk looked for them.
            let words = Mutex::new(Vec::new());
            let walked = AtomicBool::new(true);
            rayon::join(
                || {
                    document_rules.par_iter().for_each(|rule| {
                        let mut out = Vec::new();
                        cx.document_rule(rule, None, &mut out);
                        add_part(out);
                    });
                },
                || {
                    if let Some(prefilter) = prefilter {
                        prefilter.prepare(scanned.text().len());
                    }
                    chunks.par_iter().for_each(|lines| {
                        let mut out = Vec::new();
                        let mut found = Vec::new();
                        let want = (!walkers.is_empty()).then_some(&mut found);
                        if !cx.lines(lines.clone(), &mut out, want) {
                            walked.store(false, Ordering::Relaxed);
                        }
                        add_part(out);
                        if !found.is_empty() {
                            let mut words = words.lock().unwrap_or_else(PoisonError::into_inner);
                            words.append(&mut found);
                        }
                    });
                    let words = words.into_inner().unwrap_or_else(PoisonError::into_inner);
                    let mut out = Vec::new();
                    let walked = walked.load(Ordering::Relaxed);
                    cx.walkers(&walkers, walked.then_some(words), &mut out);
                    add_part(out);
                },
            );
            // The shared analyses (the quote pairing of a 10 MB article is 0.6 MB) are done
            // with: their memory serves the report.
            drop(cx);
            whole.into_inner().unwrap_or_else(PoisonError::into_inner)
        };
    // Unstable, with ties broken by everything else a report shows: a stable sort sets aside
    // a copy of all the findings (1.3 MB at the peak of a 10 MB article with 14,600), and the
    // order stays the same on any number of threads, as the findings of one rule on one range
    // that compare equal here are identical.
    fn suggestions(f: &Finding) -> impl Iterator<Item = (TextRange, &str)> {
        f.suggestions
            .iter()
            .map(|s| (s.range, s.replacement.as_str()))
    }
    findings.sort_unstable_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.message.cmp(&b.message))
            .then_with(|| suggestions(a).cmp(suggestions(b)))
    });
    findings
}

/// Documents from this size on are checked on several threads.
pub(crate) const PARALLEL_BYTES: usize = 256 * 1024;

/// Cuts the lines of `document` into at most `parts` runs of about equal byte size.
fn line_chunks(document: &Document, parts: usize) -> Vec<Range<usize>> {
    let index = document.line_index();
    let (len, lines) = (document.text().len(), index.line_count());
    let mut chunks = Vec::with_capacity(parts);
    let mut start = 0;
    for k in 1..=parts {
        let end = if k == parts {
            lines
        } else {
            (index.line_of(TextSize::new(len * k / parts)) + 1).min(lines)
        };
        if end > start {
            chunks.push(start..end);
            start = end;
        }
    }
    chunks
}

/// One document's check: what every part of it reads.
struct Pass<'a> {
    document: &'a Document,
    markup: Option<&'a Markup>,
    /// The text the rules see: the document, or its prose view.
    scanned: &'a Document,
    rules: &'a [&'a Rule],
    prefilter: Option<&'a Prefilter>,
    cache: DocumentCache,
}

impl Pass<'_> {
    /// Runs the document rules that take their words from the walk over the lines, each with
    /// the numbers of its words (see [`Prefilter::walkers`]). `words` are the walk words found,
    /// as `(word, start)` in any order, if every line was walked for them; without them each
    /// rule finds its words itself.
    fn walkers(
        &self,
        walkers: &[(&Rule, Range<u32>)],
        words: Option<Vec<(u32, u32)>>,
        findings: &mut Vec<Finding>,
    ) {
        let Some(mut words) = words else {
            for (rule, _) in walkers {
                self.document_rule(rule, None, findings);
            }
            return;
        };
        // In order of position; each rule's words are then in order too.
        words.sort_unstable_by_key(|&(w, at)| (at, w));
        for (k, (rule, numbers)) in walkers.iter().enumerate() {
            // The rule's own words, numbered from 0 as its list is. The last rule (the only
            // one, with the built-in packs) takes them in place: a large document has tens of
            // thousands.
            let own = |&(w, at): &(u32, u32)| numbers.contains(&w).then(|| (w - numbers.start, at));
            if k + 1 == walkers.len() {
                let mut kept = 0;
                for i in 0..words.len() {
                    if let Some(word) = own(&words[i]) {
                        words[kept] = word;
                        kept += 1;
                    }
                }
                words.truncate(kept);
                self.document_rule(rule, Some(&words), findings);
                return;
            }
            let mine: Vec<(u32, u32)> = words.iter().filter_map(own).collect();
            self.document_rule(rule, Some(&mine), findings);
        }
    }

    /// Runs one document-scope rule; `walked` are its words found by the walk over the lines,
    /// if they were (see [`Pass::walkers`]).
    fn document_rule(
        &self,
        rule: &Rule,
        walked: Option<&[(u32, u32)]>,
        findings: &mut Vec<Finding>,
    ) {
        let (text, index) = (self.scanned.text(), self.scanned.line_index());
        let mut hits = Vec::new();
        rule.matcher
            .find_in_document(text, &self.cache, walked, &mut hits);
        // The line of the last hit, tested once for all its hits: a long line with many hits
        // (a line of a hundred thousand curly quotes) was tested, and its exceptions searched,
        // once per hit, in time quadratic in its length.
        let mut tested = None;
        let mut context = false;
        let mut exceptions = Cover::default();
        for hit in hits {
            let line_no = index.line_of(TextSize::new(hit.range.start));
            let line_range = index.line_range(line_no, text).to_std();
            let local = hit.range.start.saturating_sub(line_range.start)
                ..hit
                    .range
                    .end
                    .min(line_range.end)
                    .saturating_sub(line_range.start);
            if tested != Some(line_no) {
                tested = Some(line_no);
                let line = Haystack::new(&text[line_range]);
                context = rule.conditions.context_holds(line);
                if context {
                    exceptions.set(rule.conditions.exception_matches(line));
                }
            }
            if !context || exceptions.covers(&local) {
                continue;
            }
            findings.extend(to_finding(
                self.document,
                self.markup,
                rule,
                TextSize::new(0),
                hit,
            ));
        }
    }

    /// The lines among 0-based `lines` that line rules run on (not blank), with their ranges
    /// in the scanned text.
    fn line_texts(&self, lines: Range<usize>) -> impl Iterator<Item = (Range<usize>, &str)> {
        let (text, index) = (self.scanned.text(), self.scanned.line_index());
        lines.filter_map(move |line| {
            let full_range = index.line_range(line, text);
            // In a view, markup at the ends of a line is trimmed so that `^` anchors still work.
            let line_range = match self.markup {
                Some(m) => m.view.trim_markup(full_range.to_std()),
                None => full_range.to_std(),
            };
            let line = &text[line_range.clone()];
            (!line.trim_start().is_empty()).then_some((line_range, line))
        })
    }

    /// Runs the line-scope rules over every line of a short document, one rule per task: the
    /// regexes a short article needs compile on first use, and this way they compile side by
    /// side on the thread pool instead of one after another as the lines go (the larger part
    /// of checking an article). Each rule's findings are in line
    /// order, and the caller's stable sort gives the same order as [`Pass::lines`].
    fn lines_by_rule(&self, prefilter: &Prefilter, line_count: usize, out: &mut Vec<Finding>) {
        let kind = self.document.kind();
        let lines: Vec<(Range<usize>, &str)> = self.line_texts(0..line_count).collect();
        // Tested once for every rule's regexes; only lines some rule runs on.
        let mut haystacks: Vec<Option<Haystack<'_>>> = vec![None; lines.len()];
        // For each rule, the lines the prefilter lets it run on.
        let mut by_rule: Vec<Vec<u32>> = vec![Vec::new(); self.rules.len()];
        let mut scratch = prefilter.scratch(self.scanned.text().len());
        for (i, (_, line)) in lines.iter().enumerate() {
            for &rule in prefilter.candidates(line, &mut scratch) {
                by_rule[rule as usize].push(i as u32);
                haystacks[i].get_or_insert_with(|| Haystack::new(line));
            }
        }
        let parts: Vec<Vec<Finding>> = self
            .rules
            .par_iter()
            .zip(&by_rule)
            .filter(|(rule, on)| !on.is_empty() && rule.applies_to(kind))
            .map(|(rule, on)| {
                let mut found = Vec::new();
                let mut scratch = LineScratch::default();
                for &i in on {
                    let (range, _) = &lines[i as usize];
                    let line = haystacks[i as usize].expect("tested with its candidates");
                    self.rule_on_line(rule, range, line, &mut scratch, &mut found);
                }
                found
            })
            .collect();
        for part in parts {
            out.extend(part);
        }
    }

    /// Runs the line-scope rules over 0-based lines `lines`. With `words`, the prefilter's
    /// walk words found on the lines are appended to it as `(word, start in the scanned
    /// text)`, if the prefilter walks them on this document: the answer says whether it did.
    fn lines(
        &self,
        lines: Range<usize>,
        findings: &mut Vec<Finding>,
        mut words: Option<&mut Vec<(u32, u32)>>,
    ) -> bool {
        let text = self.scanned.text();
        let kind = self.document.kind();
        let rules = self.rules;
        let mut line_scratch = LineScratch::default();
        let mut scratch = self.prefilter.map(|p| p.scratch(text.len()));
        let walked = match (self.prefilter, &mut scratch, &words) {
            (Some(p), Some(scratch), Some(_)) => scratch.walk_words(p),
            _ => false,
        };
        let all_line_rules: Vec<u32> = (0..rules.len() as u32)
            .filter(|&i| rules[i as usize].matcher.scope() == Scope::Line)
            .collect();
        for (line_range, line) in self.line_texts(lines) {
            let (candidates, pairs) = match (self.prefilter, &mut scratch) {
                (Some(p), Some(scratch)) => {
                    let found = p.candidates_and_pairs(line, scratch);
                    if let Some(words) = words.as_deref_mut() {
                        let base = line_range.start as u32;
                        words.extend(found.words.iter().map(|&(w, at)| (w, base + at)));
                    }
                    (found.rules, found.pairs)
                }
                _ => (all_line_rules.as_slice(), None),
            };
            if candidates.is_empty() {
                continue;
            }
            // Tested once for all the rules' regexes.
            let line = Haystack::new(line).with_repeated_pairs(pairs);
            for &index in candidates {
                let rule = rules[index as usize];
                if rule.applies_to(kind) {
                    self.rule_on_line(rule, &line_range, line, &mut line_scratch, findings);
                }
            }
        }
        walked
    }

    /// Runs one line rule on `line` (at `line_range` of the scanned text), with its context
    /// and exceptions.
    fn rule_on_line(
        &self,
        rule: &Rule,
        line_range: &Range<usize>,
        line: Haystack<'_>,
        scratch: &mut LineScratch,
        findings: &mut Vec<Finding>,
    ) {
        let LineScratch {
            hits,
            exceptions,
            memo,
        } = scratch;
        hits.clear();
        rule.matcher.find(line.with_memo(memo), hits);
        if hits.is_empty() || !rule.conditions.context_holds(line) {
            return;
        }
        // A hit inside an exception match is dropped.
        exceptions.set(rule.conditions.exception_matches(line));
        for hit in hits.drain(..) {
            if exceptions.covers(&hit.range) {
                continue;
            }
            findings.extend(to_finding(
                self.document,
                self.markup,
                rule,
                TextSize::new(line_range.start),
                hit,
            ));
        }
    }
}

/// Buffers reused from line to line: a rule's hits on the line, its exception matches, and
/// the `untranslated` rules' scan of the line (which the word and the sentence rule of a
/// language share where they run on the same lines in turn, as [`Pass::lines`] runs them).
#[derive(Default)]
struct LineScratch {
    hits: Vec<Hit>,
    exceptions: Cover,
    memo: Mutex<LineMemo>,
}

/// Turns a hit into a finding of `document`; `base` is the offset the hit's range counts from
/// (the start of its line for line-scope matchers, 0 for document-scope ones). Through a view,
/// the range is mapped back to the file, and `None` comes back for a hit that touches markup or
/// is silenced by a comment.
fn to_finding(
    document: &Document,
    markup: Option<&Markup>,
    rule: &Rule,
    base: TextSize,
    hit: Hit,
) -> Option<Finding> {
    let scanned: Range<usize> = TextRange::from_usize(hit.range).shifted(base).to_std();
    let range = match markup {
        Some(m) => TextRange::from_usize(m.view.to_source(scanned)?),
        None => TextRange::from_usize(scanned),
    };
    let line = document.line_index().line_of(range.start());
    if markup.is_some_and(|m| m.suppressions.is_suppressed(rule.id(), line)) {
        return None;
    }
    let is_html = document.kind() == DocumentKind::Html;
    let suggestions: Vec<Suggestion> = match rule.fix() {
        Some(fix) if fix.delete_line => vec![Suggestion {
            replacement: String::new(),
            range: line_deletion(document, line),
        }],
        _ => hit
            .suggestions
            .into_iter()
            .map(|replacement| Suggestion {
                // A replacement goes into HTML source: its text must not become markup.
                replacement: if is_html {
                    escape_html(&replacement)
                } else {
                    replacement
                },
                range,
            })
            .collect(),
    };
    let fix = rule
        .fix()
        .filter(|_| !suggestions.is_empty())
        .map(|f| f.applicability);
    Some(Finding {
        rule: rule.shared_id(),
        category: rule.category(),
        severity: rule.severity(),
        range,
        message: hit.message,
        suggestions,
        fix,
    })
}

fn escape_html(text: &str) -> String {
    if !text.contains(['&', '<', '>']) {
        return text.to_owned();
    }
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The bytes to delete to remove 0-based `line` with its line break; the last line of a file
/// takes the break before it instead, so that no empty line is left behind.
fn line_deletion(document: &Document, line: usize) -> TextRange {
    let index = document.line_index();
    let full = index.line_range_with_break(line);
    let has_break = document.slice(full).ends_with('\n');
    if !has_break && line > 0 {
        let previous = index.line_range(line - 1, document.text());
        return TextRange::new(previous.end(), full.end());
    }
    full
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules_found(path: &str, text: &str) -> Vec<(String, String)> {
        let rules = RuleSet::builtin();
        let document = Document::from_text(path, text).unwrap();
        check(&document, &rules)
            .into_iter()
            .map(|f| (f.rule.to_string(), document.slice(f.range).to_owned()))
            .collect()
    }

    /// A large document is checked in parallel parts; the findings are those of one thread.
    #[test]
    fn a_large_document_gets_the_same_findings_on_any_number_of_threads() {
        let paragraph = "It ended.Then the Born summit met “quote” and the the talks on 17 June \
                         and June 19. Zelensky and Zelenskyy met; the color and colour\u{A0} .\n\n";
        let text = paragraph.repeat(PARALLEL_BYTES / paragraph.len() + 50);
        let rules = RuleSet::builtin();
        let document = Document::from_text("big.txt", text).unwrap();
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| check(&document, &rules))
        };
        let one = on(1);
        assert!(one.len() > 1000, "{}", one.len());
        assert_eq!(one, on(2));
        assert_eq!(one, on(5));
    }

    #[test]
    fn markdown_code_and_urls_are_not_checked_but_prose_is() {
        let text = "# Title\n\nIt ended.Then.\n\n```\ncode ended.Then\n```\n\nSee `a.Be` and [x](https://e.com/a.Be).\n";
        let found = rules_found("a.md", text);
        assert_eq!(
            found,
            vec![(
                "core/missing-space-after-punctuation".to_owned(),
                ".".to_owned()
            )]
        );
    }

    #[test]
    fn html_findings_point_into_the_file() {
        let text = "<p class=\"a.B\">Caf&eacute; ended.Then</p>\n";
        let rules = RuleSet::builtin();
        let document = Document::from_text("a.html", text).unwrap();
        let findings = check(&document, &rules);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(
            findings[0].range.start().to_usize(),
            text.find("d.T").unwrap() + 1
        );
    }

    #[test]
    fn suppression_comments_silence_rules() {
        let text = "<!-- calque-disable-next-line core/missing-space-after-punctuation -->\nIt ended.Then\nIt ended.Then\n<!-- calque-disable -->\nIt ended.Then\n<!-- calque-enable -->\nIt ended.Then\n";
        let found = rules_found("a.md", text);
        assert_eq!(found.len(), 2, "{found:?}");
    }

    /// The prefilter may only skip rules that cannot match: with and without it, the findings
    /// are the same, on texts built from fragments that trigger every kind of rule.
    #[test]
    fn the_prefilter_never_changes_the_findings() {
        const FRAGMENTS: &[&str] = &[
            "ended.Then ",
            "the Born ",
            "The Born summit ",
            "ofUkraine ",
            "  ",
            "\u{A0} ",
            "CAPTCHA\n",
            "“quote” ",
            "“open ",
            "ally“, ",
            "satellites.\"The ",
            "There Russia ",
            "the Russia and ",
            "a new one strategic ",
            "one Russian-made limousine ",
            "Putin himself he admitted ",
            "said to each other concerned ",
            "program North Korean. ",
            "weapons North Koreans to ",
            "a 24 years old since ",
            "Kim Jong-un ",
            "Kim Jong Un ",
            "17 June ",
            "June 19 ",
            "color ",
            "colour ",
            "della ",
            "Della ",
            "già ",
            "GIÀ ",
            "Più ",
            "perché ",
            "PERCHÉ ",
            "dell’Italia ",
            "dell'Italia ",
            "l’économie ",
            "d'Italia ",
            "también ",
            "über ",
            "Über ",
            "the the ",
            "arrogant, arrogant. ",
            "XNUMX ",
            "20 % ",
            "taxes , ",
            "Jj4accused ",
            "Thursdaywhen ",
            "Giorgia Melons ",
            "Room of Deputies ",
            "Tar ",
            "the Coldiretti, ",
            "I provisions ",
            "thank you to the ",
            "According to him, it would be ",
            "were signed the agreements ",
            "Photo: ANSA\n",
            "Source: Reuters\n",
            "© AFP via Getty Images\n",
            "^\n",
            "Share Tweet\n",
            "<div>\n",
            ", he said\n",
            "word ",
            "Rome ",
            "é ",
            "\n",
            "\n\n",
            "\r\n",
            "It ",
            "was ",
            "in ",
            "NATO ",
            "Stoltenberg ",
            "Born and the fight ",
            "puppies of the bear ",
            "herd of wolves ",
            "Discover the site X\n",
            "Licensed under: CC-BY-SA\n",
            // Literals that carry word boundaries, touched by letters or not.
            "the Russian ",
            "the Russia. ",
            "the Americans, ",
            "Salvini ",
            ". I ",
            "I points ",
            "a 5 years from ",
            "a 5 year old since ",
            "thank you ",
            "thank youto ",
            "accordingly, it would be ",
            "There Russia\n",
            "ThereRussia ",
            // Letters that case-fold to ASCII ones (the prefilter folds its literals).
            "Alſo read: the news\n",
            "Copy lin\u{212A}\n",
            "licenſed under CC BY\n",
            // Letters beyond the narrowed regexes' set: the regexes as written must see them.
            "ended.Ἀθῆναι ",
            "ofΠαρίσι ",
            "2021έτος ",
            "東京 ",
        ];
        let rules = RuleSet::builtin();
        let list: Vec<&Rule> = rules.rules().collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        // Two threads, so that a short document's rules do run as tasks of their own.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let mut big = String::new();
        for case in 0..300 {
            let mut text = String::new();
            for _ in 0..(5 + case % 60) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(FRAGMENTS[(state % FRAGMENTS.len() as u64) as usize]);
            }
            for path in ["a.txt", "a.md"] {
                let document = Document::from_text(path, text.clone()).unwrap();
                // Rule by rule as tasks, and line by line: the same findings.
                let with =
                    pool.install(|| check_rules(&document, &list, Some(rules.prefilter()), true));
                let lines = check_rules(&document, &list, Some(rules.prefilter()), false);
                let without = check_rules(&document, &list, None, false);
                assert_eq!(with, without, "{path}: {text:?}");
                assert_eq!(lines, without, "{path}: {text:?}");
            }
            big.push_str(&text);
            big.push('\n');
        }
        // All of them in one document, large enough for the byte-pair gate and the DFA.
        while big.len() < 2 << 20 {
            big.push_str(&big.clone());
        }
        let document = Document::from_text("big.txt", big).unwrap();
        let with = check_rules(&document, &list, Some(rules.prefilter()), true);
        assert!(with.len() > 10_000, "{}", with.len());
        assert_eq!(with, check_rules(&document, &list, None, false));
    }

    /// A second spelling rule, from a user's pack, with a list that shares words with the
    /// built-in one: on a large document both take their words from the walk over the lines
    /// (the last one in place, the other from a copy), and find what they find without it.
    #[test]
    fn two_spelling_rules_share_the_walk_over_the_lines() {
        let dir = tempfile::tempdir().unwrap();
        let pack = dir.path().join("house");
        std::fs::create_dir_all(pack.join("lists")).unwrap();
        std::fs::write(
            pack.join("lists/spellings.txt"),
            "gray grey\ncolor colour\njewelry jewellery\n",
        )
        .unwrap();
        std::fs::write(
            pack.join("house-spelling.toml"),
            r#"id = "house-spelling"
category = "consistency"
severity = "info"
message = "“$0”: write “$replacement”"
description = """
## What it does
House spellings.

## Why is this bad?
One house style.

## Example
`grey` → `gray`
"""

[match]
kind = "consistency"
check = "spelling"
list = "spellings"

[[examples]]
bad = "A grey sky, a gray sea and a gray coat."
flagged = "grey"

[[examples]]
ok = "A gray sky."
"#,
        )
        .unwrap();
        let rules = RuleSet::load(&[pack]).unwrap();
        let list: Vec<&Rule> = rules.rules().collect();
        assert_eq!(rules.prefilter().walkers().len(), 2);
        let mut big = String::new();
        let pieces = [
            "The grey colour of the jewellery. ",
            "A gray color, gray jewelry and a centre. ",
            "Colours of the center, GRAY and Grey.\n",
            "nothing here\n",
        ];
        let mut i = 0usize;
        while big.len() < 2 << 20 {
            big.push_str(pieces[i % 7 % pieces.len()]);
            i += 1;
        }
        let document = Document::from_text("big.txt", big).unwrap();
        let with = check_rules(&document, &list, Some(rules.prefilter()), true);
        for id in ["house/house-spelling", "en/mixed-us-uk-spelling"] {
            assert!(with.iter().any(|f| f.rule.as_str() == id), "{id}");
        }
        assert_eq!(with, check_rules(&document, &list, None, false));
    }

    /// Every built-in rule's examples, checked by all the rules with the prefilter and without:
    /// the literals read from each regex (and the boundaries they carry) never hide a hit.
    #[test]
    fn the_prefilter_keeps_every_hit_of_every_example() {
        let rules = RuleSet::builtin();
        let list: Vec<&Rule> = rules.rules().collect();
        for rule in &list {
            for example in rule.examples() {
                let (crate::rules::Example::Bad { text, .. } | crate::rules::Example::Ok { text }) =
                    example;
                let document = Document::from_text("example.txt", text.clone()).unwrap();
                let with = check_rules(&document, &list, Some(rules.prefilter()), false);
                let without = check_rules(&document, &list, None, false);
                assert_eq!(with, without, "{}: {text:?}", rule.id());
            }
        }
    }

    #[test]
    fn rules_limited_to_a_format_skip_the_others() {
        // core/punctuation-at-line-start runs on plain text only: in Markdown a line may start
        // with a link or code span followed by a comma.
        let rule = "core/punctuation-at-line-start".to_owned();
        assert!(rules_found("a.txt", "It ended\n, he said.\n")
            .iter()
            .any(|(r, _)| *r == rule));
        assert!(!rules_found("a.md", "[`Foo`], a type.\n")
            .iter()
            .any(|(r, _)| *r == rule));
    }

    #[test]
    fn boilerplate_lines_are_found_under_markdown_markup() {
        let found = rules_found("a.md", "Text.\n\n- CAPTCHA\n");
        assert!(
            found.iter().any(|(rule, _)| rule == "core/captcha-line"),
            "{found:?}"
        );
    }
}
