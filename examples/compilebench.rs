use regex_syntax::hir::{self, Class, Hir, HirKind};
fn restrict(hir: &Hir, r: &hir::ClassUnicode) -> Hir {
    match hir.kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(hir::Literal(bytes)) => {
            let s = std::str::from_utf8(bytes).unwrap();
            if s.chars()
                .all(|c| r.ranges().iter().any(|x| x.start() <= c && c <= x.end()))
            {
                Hir::literal(bytes.clone())
            } else {
                Hir::fail()
            }
        }
        HirKind::Class(Class::Unicode(class)) => {
            let mut c = class.clone();
            c.intersect(r);
            Hir::class(Class::Unicode(c))
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut c = class.clone();
            c.intersect(&hir::ClassBytes::new([hir::ClassBytesRange::new(0, 0x7f)]));
            Hir::class(Class::Bytes(c))
        }
        HirKind::Look(l) => Hir::look(*l),
        HirKind::Repetition(rep) => Hir::repetition(hir::Repetition {
            min: rep.min,
            max: rep.max,
            greedy: rep.greedy,
            sub: Box::new(restrict(&rep.sub, r)),
        }),
        HirKind::Capture(c) => Hir::capture(hir::Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(restrict(&c.sub, r)),
        }),
        HirKind::Concat(s) => Hir::concat(s.iter().map(|h| restrict(h, r)).collect()),
        HirKind::Alternation(s) => Hir::alternation(s.iter().map(|h| restrict(h, r)).collect()),
    }
}
fn main() {
    let mode = std::env::args().nth(1).unwrap();
    let pats: Vec<String> = std::fs::read_to_string("/tmp/rules-patterns.txt")
        .unwrap()
        .lines()
        .map(|s| s.to_string())
        .collect();
    let ascii = hir::ClassUnicode::new([hir::ClassUnicodeRange::new('\0', '\x7f')]);
    let latin = hir::ClassUnicode::new([
        hir::ClassUnicodeRange::new('\0', '\u{24f}'),
        hir::ClassUnicodeRange::new('\u{2000}', '\u{206f}'),
        hir::ClassUnicodeRange::new('\u{20a0}', '\u{20cf}'),
        hir::ClassUnicodeRange::new('\u{2100}', '\u{214f}'),
    ]);
    let mut n = 0;
    for p in &pats {
        match mode.as_str() {
            "full" => {
                n += regex::Regex::new(p).unwrap().captures_len();
            }
            "parse" => {
                n += regex_syntax::parse(p)
                    .unwrap()
                    .properties()
                    .explicit_captures_len();
            }
            "ascii" => {
                let h = regex_syntax::parse(p).unwrap();
                n += regex::Regex::new(&restrict(&h, &ascii).to_string())
                    .unwrap()
                    .captures_len();
            }
            "latin" => {
                let h = regex_syntax::parse(p).unwrap();
                n += regex::Regex::new(&restrict(&h, &latin).to_string())
                    .unwrap()
                    .captures_len();
            }
            "ascii_hir" => {
                let h = regex_syntax::parse(p).unwrap();
                let h = restrict(&h, &ascii);
                n += regex_automata::meta::Regex::builder()
                    .build_from_hir(&h)
                    .unwrap()
                    .pattern_len();
            }
            "fwd_full" => {
                n += regex_automata::hybrid::dfa::DFA::new(p)
                    .unwrap()
                    .pattern_len();
            }
            "fwd_ascii" => {
                let h = regex_syntax::parse(p).unwrap();
                let h = restrict(&h, &ascii);
                let nfa = regex_automata::nfa::thompson::Compiler::new()
                    .build_from_hir(&h)
                    .unwrap();
                n += regex_automata::hybrid::dfa::DFA::builder()
                    .build_from_nfa(nfa)
                    .unwrap()
                    .pattern_len();
            }
            "fwd_latin" => {
                let h = regex_syntax::parse(p).unwrap();
                let h = restrict(&h, &latin);
                let nfa = regex_automata::nfa::thompson::Compiler::new()
                    .build_from_hir(&h)
                    .unwrap();
                n += regex_automata::hybrid::dfa::DFA::builder()
                    .build_from_nfa(nfa)
                    .unwrap()
                    .pattern_len();
            }
            _ => {}
        }
    }
    println!("{n}");
}
