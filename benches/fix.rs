//! Criterion benchmark of the `fix` path: throughput of
//! `Cleaner::fixer().clean_text(doc)` (what `deboiler fix` runs on each document) on
//! three synthetic news documents of about 1 MB each, made here from a fixed seed:
//!
//! - `clean`: plain ASCII news prose with straight quotes; no step changes it, so this
//!   is the cost of finding out that there is nothing to do.
//! - `quotes`: the same prose with typographic punctuation (’ “ ” — …), as most scraped
//!   news has; every line with a curly quote is rewritten.
//! - `mojibake1`: the `quotes` prose where one paragraph line in a hundred starts with a
//!   sentence of accented words and the whole line is damaged the usual way: its UTF-8
//!   bytes read as windows-1252 ("cafÃ©", "doesnâ€™t").
//!
//! Each input is fixed once before timing and the result checked (the clean text comes
//! back unchanged, no curly quote survives, the damaged lines come back as if they had
//! never been damaged), so a fast but wrong fixer does not pass.
//!
//! Run it with `cargo bench --bench fix` (under a minute); criterion prints the
//! throughput in MiB/s. `scripts/gen_news.py MODE SIZE_MB` writes the same text at any
//! size for the whole-tool comparison with ftfy in `scripts/speed_vs_ftfy.sh`.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use deboiler::Cleaner;
use std::hint::black_box;
use std::time::Duration;

/// Generates the synthetic news text; `scripts/gen_news.py` is the same generator in
/// Python and gives the same bytes for the same mode and size.
mod news {
    /// Which variant of the news text to write.
    #[derive(Clone, Copy, PartialEq, Eq)]
    pub enum Mode {
        /// ASCII only: straight quotes, "--" and "...".
        Clean,
        /// Typographic punctuation: ’ “ ” — ….
        Quotes,
        /// `Quotes`, with every hundredth paragraph led by an accented sentence.
        Accented,
        /// `Accented`, with those paragraphs damaged: UTF-8 read as windows-1252.
        Mojibake,
    }

    /// One paragraph line in this many gets an accented sentence (and damage).
    pub const EVERY: usize = 100;

    const PEOPLE: &[&str] = &[
        "Maria Lopez",
        "the mayor",
        "Daniel Okafor",
        "a spokeswoman for the agency",
        "Priya Raman",
        "the finance minister",
        "Tom Becker",
        "the company's chief executive",
        "Helen Park",
        "a senior official",
        "James Whitfield",
        "the union's president",
        "Aisha Bello",
        "the head coach",
        "Robert Chen",
        "the county sheriff",
    ];
    const ORGS: &[&str] = &[
        "the city council",
        "the state legislature",
        "the central bank",
        "the school board",
        "the transit authority",
        "Northwind Energy",
        "the health department",
        "the electoral commission",
        "Harbor Logistics",
        "the university",
        "the port authority",
        "the chamber of commerce",
    ];
    const PLACES: &[&str] = &[
        "Riverside",
        "the northern district",
        "Lakeview",
        "the old harbor",
        "Springfield",
        "the capital",
        "Oak Valley",
        "the industrial park",
        "Millbrook",
        "the coastal towns",
        "Fairmont",
        "the border region",
    ];
    const WHEN: &[&str] = &[
        "on Monday",
        "on Tuesday",
        "on Wednesday",
        "on Thursday",
        "on Friday",
        "over the weekend",
        "last week",
        "earlier this month",
        "late on Sunday",
        "this morning",
    ];
    const TOPICS: &[&str] = &[
        "the budget",
        "the new bridge",
        "water prices",
        "the bus network",
        "the hospital expansion",
        "flood defenses",
        "the teachers' contract",
        "housing permits",
        "the stadium deal",
        "air quality",
        "the tax plan",
        "the offshore wind farm",
    ];
    const SAID: &[&str] = &[
        "said",
        "told reporters",
        "wrote in a statement",
        "said in an interview",
        "added",
    ];

    /// Sentences with slots: {P} person, {O} organization, {C} place, {W} when, {T}
    /// topic, {S} a verb of saying, {N} a number. Straight quotes come in pairs within
    /// a sentence; "'" is only ever an apostrophe.
    const SENTENCES: &[&str] = &[
        "{O} voted {N} to 4 {W} to approve {T}, a decision {P} called \"long overdue.\"",
        "\"We can't keep waiting,\" {P} {S}. \"People in {C} have been patient for years.\"",
        "The plan would cost about ${N} million over five years, according to figures released by {O}.",
        "{P} {S} that work on {T} would begin in the spring, weather permitting.",
        "Residents of {C} packed a community hall {W} to hear the details of {T}.",
        "It's the third time this year that {O} has delayed a vote on {T}.",
        "Critics say the proposal doesn't go far enough -- and that {C} will pay the price.",
        "{P} declined to comment on the timing, saying only that talks were \"still going on.\"",
        "Traffic near {C} was backed up for {N} minutes {W} after a lane was closed.",
        "Officials didn't say how many jobs would be affected, but {P} put the figure at roughly {N}.",
        "The report, which runs to {N} pages, found that {T} had been underfunded for a decade.",
        "\"This isn't about politics,\" {P} {S}. \"It's about safety.\"",
        "Shares of Northwind Energy rose {N} cents in early trading {W}.",
        "{O} said it would publish a full review of {T} before the end of the year.",
        "Some shop owners in {C} said they'd heard nothing from {O} until the letters arrived...",
        "Asked whether the deadline would slip, {P} paused... then said, \"We'll see.\"",
        "Turnout in {C} rose by {N} voters, the most since the district's boundaries were redrawn.",
        "The measure now goes to {O}, which is expected to take it up {W}.",
        "According to {P}, inspectors visited {N} sites in {C} -- more than double last year's total.",
        "Forecasters warned of heavy rain across {C} through the weekend.",
        "{P} {S} the delay was \"frustrating, but not surprising.\"",
        "A spokesman for {O} said the numbers were preliminary and could still change.",
        "Volunteers handed out {N} meals in {C} {W}, the organizers said.",
        "The governor's office hasn't responded to requests for comment.",
    ];

    const HEADLINES: &[&str] = &[
        "Council delays vote on {T}",
        "Storm warning issued for {C}",
        "{C} residents question the cost of {T}",
        "Talks on {T} stall again",
        "What the new rules mean for {C}",
        "Officials promise answers on {T}",
    ];

    /// Sentences with accented letters, curly quotes and a euro sign: the characters
    /// whose UTF-8 bytes turn into the familiar mojibake when read as windows-1252.
    const ACCENTED: &[&str] = &[
        "The café near {C} reopened {W} after a façade repair, and its owner said business \"doesn't feel the same.\"",
        "Zoë Müller, who sent her résumé to {O} from São Paulo, called the hiring process \"naïve at best.\"",
        "Tickets cost €{N}, and the organizers said the soirée \"wasn't about money -- it was about the music.\"",
        "José Núñez, the coöperative's director, said the piñata contest drew {N} entrants...",
        "The exposé, written by Søren Ødegård, says the rosé served at the gala came from Mâcon.",
    ];

    /// A 64-bit linear congruential generator (Knuth's MMIX constants); `below` uses
    /// the high bits, which are the random-looking ones.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) % n as u64) as usize
        }
    }

    /// Fills the slots of a template, left to right, and capitalizes its first letter.
    fn fill(template: &str, rng: &mut Lcg, out: &mut String) {
        let start = out.len();
        let mut chars = template.chars();
        while let Some(c) = chars.next() {
            if c != '{' {
                out.push(c);
                continue;
            }
            let slot = chars.next().expect("slot code");
            chars.next(); // the closing brace
            let list = match slot {
                'P' => PEOPLE,
                'O' => ORGS,
                'C' => PLACES,
                'W' => WHEN,
                'T' => TOPICS,
                'S' => SAID,
                'N' => {
                    let n = 10 + rng.below(890);
                    out.push_str(&n.to_string());
                    continue;
                }
                _ => panic!("unknown slot {{{slot}}}"),
            };
            out.push_str(list[rng.below(list.len())]);
        }
        if let Some(first) = out[start..].chars().next() {
            let upper = first.to_ascii_uppercase();
            out.replace_range(
                start..start + first.len_utf8(),
                upper.encode_utf8(&mut [0; 4]),
            );
        }
    }

    /// ASCII punctuation to typographic: "'" to ’, "..." to …, "--" to —, and
    /// straight double quotes to “ and ” in turn.
    fn typographic(line: &str) -> String {
        let mut out = String::with_capacity(line.len() + line.len() / 8);
        let mut open = true;
        for c in line.replace("...", "…").replace("--", "—").chars() {
            match c {
                '\'' => out.push('’'),
                '"' => {
                    out.push(if open { '“' } else { '”' });
                    open = !open;
                }
                _ => out.push(c),
            }
        }
        out
    }

    /// The text as a program that read its UTF-8 bytes as windows-1252 would show it.
    fn damage(line: &str) -> String {
        let (text, _, _) = encoding_rs::WINDOWS_1252.decode(line.as_bytes());
        text.into_owned()
    }

    /// News articles (a headline, then paragraphs, each one line with a blank line
    /// after it) until the ASCII rendering would be at least `target` bytes long, so
    /// every mode holds the same articles (the others come out a few percent longer).
    pub fn generate(mode: Mode, target: usize) -> String {
        let mut rng = Lcg(0x5EED_0001);
        // A second stream for the accented sentences, so every mode draws the same
        // articles from the first.
        let mut accented_rng = Lcg(0x5EED_0002);
        let mut text = String::with_capacity(target + 4096);
        let mut paragraphs = 0usize;
        let mut line = String::new();
        let mut ascii_len = 0;
        while ascii_len < target {
            line.clear();
            let headline = HEADLINES[rng.below(HEADLINES.len())];
            fill(headline, &mut rng, &mut line);
            text.push_str(&line);
            text.push_str("\n\n");
            ascii_len += line.len() + 2;
            for _ in 0..4 + rng.below(5) {
                paragraphs += 1;
                line.clear();
                let marked = paragraphs % EVERY == 0 && mode != Mode::Clean && mode != Mode::Quotes;
                if marked {
                    let k = (paragraphs / EVERY) % ACCENTED.len();
                    fill(ACCENTED[k], &mut accented_rng, &mut line);
                    line.push(' ');
                }
                let common = line.len();
                for i in 0..2 + rng.below(4) {
                    if i > 0 {
                        line.push(' ');
                    }
                    fill(SENTENCES[rng.below(SENTENCES.len())], &mut rng, &mut line);
                }
                ascii_len += line.len() - common + 2;
                let line = match mode {
                    Mode::Clean => line.clone(),
                    Mode::Mojibake if marked => damage(&typographic(&line)),
                    _ => typographic(&line),
                };
                text.push_str(&line);
                text.push_str("\n\n");
            }
        }
        text
    }
}

use news::Mode;

/// The size of each generated input.
const TARGET: usize = 1_000_000;

/// Asserts that two megabyte-sized texts are equal, showing only where they first
/// differ (a plain `assert_eq!` would print both).
fn same(got: &str, want: &str, what: &str) {
    let Some(at) = got.bytes().zip(want.bytes()).position(|(a, b)| a != b) else {
        assert_eq!(got.len(), want.len(), "{what}: lengths differ");
        return;
    };
    let context = |s: &str| {
        let mut start = at.saturating_sub(60);
        while !s.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (at + 60).min(s.len());
        while !s.is_char_boundary(end) {
            end += 1;
        }
        s[start..end].to_string()
    };
    panic!(
        "{what}: first difference at byte {at}\n got: {:?}\nwant: {:?}",
        context(got),
        context(want)
    );
}

fn bench(c: &mut Criterion) {
    let fixer = Cleaner::fixer();
    let clean = news::generate(Mode::Clean, TARGET);
    let quotes = news::generate(Mode::Quotes, TARGET);
    let accented = news::generate(Mode::Accented, TARGET);
    let mojibake = news::generate(Mode::Mojibake, TARGET);

    // The checks that make the numbers mean something, outside the timed loops.
    same(
        &fixer.clean_text(&clean).text,
        &clean,
        "clean ASCII must pass unchanged",
    );
    let straightened = fixer.clean_text(&quotes).text;
    assert!(
        !straightened.contains(['’', '“', '”']),
        "curly quotes must be straightened"
    );
    same(
        &straightened,
        &clean.replace("...", "…").replace("--", "—"),
        "fixing the quotes text must give the clean text, dashes and ellipses kept",
    );
    assert!(mojibake.contains("cafÃ©") && mojibake.contains("doesnâ€™t"));
    let repaired = fixer.clean_text(&mojibake);
    assert!(
        !repaired.text.contains("Ã") && !repaired.text.contains("â€"),
        "mojibake must be repaired"
    );
    same(
        &repaired.text,
        &fixer.clean_text(&accented).text,
        "repairing the damaged lines must give what fixing the undamaged ones gives",
    );
    assert!(repaired.report.normalized.mojibake > 0);

    let mut group = c.benchmark_group("fix");
    group.sample_size(20);
    // Flat: the same number of iterations per sample, which suits runs of tens of ms.
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    for (name, doc) in [
        ("clean", &clean),
        ("quotes", &quotes),
        ("mojibake1", &mojibake),
    ] {
        group.throughput(Throughput::Bytes(doc.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| fixer.clean_text(black_box(doc)).text.len())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
