//! A deterministic generator of news-like articles with injected machine-translation defects,
//! for benchmarks: the same seed gives the same bytes on every machine, and nothing is read
//! from outside the repository.
//!
//! Sentences are built from a fixed English vocabulary (function words, news nouns and verbs,
//! names, numbers), paragraphs are single long lines as in scraped articles, and about one
//! sentence in forty carries a defect of a class calque checks (a glued sentence, a glued word,
//! a doubled space, “the Born”, an Italian article, a quote typed the wrong way, boilerplate).

#![allow(dead_code)] // each bench binary uses part of it

/// xorshift64*: small, fast, and the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FUNCTION: &[&str] = &[
    "the", "the", "the", "of", "of", "and", "and", "to", "in", "in", "a", "for", "on", "with",
    "that", "by", "as", "at", "from", "its", "their", "this", "which", "after", "before",
    "between", "over", "into", "about", "while",
];
const NOUNS: &[&str] = &[
    "government",
    "minister",
    "agreement",
    "talks",
    "region",
    "country",
    "economy",
    "sanctions",
    "weapons",
    "parliament",
    "election",
    "report",
    "officials",
    "president",
    "summit",
    "alliance",
    "border",
    "farmers",
    "drought",
    "floods",
    "rescuers",
    "river",
    "prices",
    "inflation",
    "energy",
    "security",
    "court",
    "decision",
    "bear",
    "wolves",
    "province",
    "mayor",
    "residents",
    "visit",
    "meeting",
    "statement",
    "policy",
    "budget",
    "investment",
    "company",
    "workers",
    "unions",
    "strike",
    "hospital",
    "schools",
    "roads",
    "rain",
    "harvest",
];
const VERBS: &[&str] = &[
    "said",
    "announced",
    "signed",
    "confirmed",
    "rejected",
    "approved",
    "warned",
    "reported",
    "met",
    "visited",
    "criticised",
    "welcomed",
    "discussed",
    "proposed",
    "increased",
    "reduced",
    "ordered",
    "launched",
    "reached",
    "expects",
    "says",
    "remains",
    "continues",
    "wants",
    "needs",
    "has",
    "will",
    "could",
];
const ADJECTIVES: &[&str] = &[
    "new",
    "strategic",
    "economic",
    "military",
    "regional",
    "national",
    "international",
    "heavy",
    "local",
    "political",
    "difficult",
    "historic",
    "important",
    "recent",
    "senior",
    "public",
    "private",
    "severe",
];
const NAMES: &[&str] = &[
    "Russia",
    "North Korea",
    "Italy",
    "Rome",
    "Moscow",
    "Pyongyang",
    "Ukraine",
    "Kyiv",
    "Brussels",
    "Washington",
    "Vladimir Putin",
    "Kim Jong-un",
    "Giorgia Meloni",
    "Sergio Mattarella",
    "NATO",
    "the European Union",
    "Emilia-Romagna",
    "Bologna",
    "Trento",
    "the United States",
    "Coldiretti",
    "Stoltenberg",
];
const NUMBERS: &[&str] = &[
    "2022", "2023", "17", "24", "300", "1.5", "36.5", "20%", "900", "3,300",
];

fn word(rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=3 => rng.pick(FUNCTION).to_owned(),
        4..=5 => rng.pick(NOUNS).to_owned(),
        6 => rng.pick(VERBS).to_owned(),
        7 => rng.pick(ADJECTIVES).to_owned(),
        8 => rng.pick(NAMES).to_owned(),
        _ => rng.pick(NUMBERS).to_owned(),
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// One sentence, ending with its punctuation, with a defect one time in `defect_every`.
fn sentence(rng: &mut Rng, defect_every: usize) -> String {
    let len = 8 + rng.below(22);
    let mut words: Vec<String> = Vec::with_capacity(len);
    while words.len() < len {
        let w = word(rng);
        // Random text would double words far more often than prose does.
        if words.last() != Some(&w) {
            words.push(w);
        }
    }
    words[0] = capitalise(&words[0]);
    if rng.below(6) == 0 {
        let at = 2 + rng.below(len - 3);
        words[at].push(',');
    }
    let mut s = words.join(" ");
    if rng.below(8) == 0 {
        s = format!("“{s}”, the {} said", rng.pick(NOUNS));
    }
    s.push('.');
    if rng.below(defect_every.max(1)) == 0 {
        s = inject(rng, s);
    }
    s
}

fn inject(rng: &mut Rng, s: String) -> String {
    match rng.below(8) {
        0 => s.replacen(" the ", " the Born and the ", 1),
        1 => s.replacen(" of ", " ofUkraine and ", 1),
        2 => s.replacen(' ', "  ", 1),
        3 => format!("There {s}"),
        4 => s.replacen(" a ", " a new one strategic ", 1),
        5 => s.replacen('”', "“", 1),
        6 => s.replacen(" and ", " and the Russia and ", 1),
        _ => s.replacen(" with ", " with with ", 1),
    }
}

/// An article of about `bytes` bytes: a title, paragraphs of 3–8 sentences on one line each,
/// sometimes glued sentences and a boilerplate line at the end.
pub fn article(rng: &mut Rng, bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 512);
    out.push_str(&capitalise(&format!(
        "{} {} {}",
        rng.pick(NAMES),
        rng.pick(VERBS),
        rng.pick(NOUNS)
    )));
    out.push_str("\n\n");
    while out.len() < bytes {
        let sentences = 3 + rng.below(6);
        for i in 0..sentences {
            let s = sentence(rng, 40);
            if i > 0 {
                // One sentence boundary in fifty lost its space (`pandemic.Russia`).
                out.push_str(if rng.below(50) == 0 { "" } else { " " });
            }
            out.push_str(&s);
        }
        out.push_str("\n\n");
    }
    if rng.below(4) == 0 {
        out.push_str(
            [
                "CAPTCHA\n",
                "Discover the site Example\n",
                "Licensed under: CC-BY-SA\n",
                "^\n",
            ][rng.below(4)],
        );
    }
    out
}

/// Articles of about 5 KB concatenated up to `bytes`: one large file.
pub fn large_text(seed: u64, bytes: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(bytes + 8192);
    while out.len() < bytes {
        out.push_str(&article(&mut rng, 5_000));
    }
    out
}
