//! The single-byte encodings UTF-8 is commonly misread as, as tables from character
//! back to byte, and the prefilter that keeps clean text on the fast path.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// A multiplicative hasher for `char` keys: the codec tables are looked up once per
/// character of every suspect word, where SipHash dominated the profile.
#[derive(Default)]
pub(super) struct CharHasher(u64);

impl Hasher for CharHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type CharMap<V> = HashMap<char, V, BuildHasherDefault<CharHasher>>;

/// A single-byte encoding that UTF-8 is commonly misread as.
pub(super) struct Codec {
    /// Its WHATWG name (or `IBM437`), as reported.
    pub(super) name: &'static str,
    /// The byte each non-ASCII character of the encoding stands for.
    pub(super) to_byte: CharMap<u8>,
}

impl Codec {
    /// The byte `c` stands for, if it is a non-ASCII character of this encoding.
    pub(super) fn byte(&self, c: char) -> Option<u8> {
        if c.is_ascii() {
            None
        } else {
            self.to_byte.get(&c).copied()
        }
    }
}

/// IBM code page 437 (DOS), bytes 0x80–0xFF; not a WHATWG encoding, so listed here.
const CP437_HIGH: &str = "\u{c7}\u{fc}\u{e9}\u{e2}\u{e4}\u{e0}\u{e5}\u{e7}\u{ea}\u{eb}\u{e8}\u{ef}\u{ee}\u{ec}\u{c4}\u{c5}\u{c9}\u{e6}\u{c6}\u{f4}\u{f6}\u{f2}\u{fb}\u{f9}\u{ff}\u{d6}\u{dc}\u{a2}\u{a3}\u{a5}\u{20a7}\u{192}\u{e1}\u{ed}\u{f3}\u{fa}\u{f1}\u{d1}\u{aa}\u{ba}\u{bf}\u{2310}\u{ac}\u{bd}\u{bc}\u{a1}\u{ab}\u{bb}\u{2591}\u{2592}\u{2593}\u{2502}\u{2524}\u{2561}\u{2562}\u{2556}\u{2555}\u{2563}\u{2551}\u{2557}\u{255d}\u{255c}\u{255b}\u{2510}\u{2514}\u{2534}\u{252c}\u{251c}\u{2500}\u{253c}\u{255e}\u{255f}\u{255a}\u{2554}\u{2569}\u{2566}\u{2560}\u{2550}\u{256c}\u{2567}\u{2568}\u{2564}\u{2565}\u{2559}\u{2558}\u{2552}\u{2553}\u{256b}\u{256a}\u{2518}\u{250c}\u{2588}\u{2584}\u{258c}\u{2590}\u{2580}\u{3b1}\u{df}\u{393}\u{3c0}\u{3a3}\u{3c3}\u{b5}\u{3c4}\u{3a6}\u{398}\u{3a9}\u{3b4}\u{221e}\u{3c6}\u{3b5}\u{2229}\u{2261}\u{b1}\u{2265}\u{2264}\u{2320}\u{2321}\u{f7}\u{2248}\u{b0}\u{2219}\u{b7}\u{221a}\u{207f}\u{b2}\u{25a0}\u{a0}";

/// The suspect encodings, likeliest first.
pub(super) static CODECS: LazyLock<Vec<Codec>> = LazyLock::new(|| {
    let from_rs = |enc: &'static encoding_rs::Encoding, c1: bool| {
        let mut to_byte = CharMap::default();
        for b in 0x80u8..=0xFF {
            let byte = [b];
            let (s, _) = enc.decode_without_bom_handling(&byte);
            if let Some(c) = s.chars().next().filter(|&c| c != '\u{FFFD}') {
                to_byte.insert(c, b);
            }
        }
        if c1 {
            // Latin-1 readers keep 0x80–0x9F as C1 controls instead of punctuation.
            for b in 0x80u8..=0x9F {
                to_byte.entry(char::from(b)).or_insert(b);
            }
        }
        Codec {
            name: enc.name(),
            to_byte,
        }
    };
    vec![
        from_rs(encoding_rs::WINDOWS_1252, true),
        from_rs(encoding_rs::WINDOWS_1251, false),
        from_rs(encoding_rs::WINDOWS_1250, false),
        from_rs(encoding_rs::ISO_8859_2, true),
        from_rs(encoding_rs::WINDOWS_1257, false),
        from_rs(encoding_rs::MACINTOSH, false),
        Codec {
            name: "IBM437",
            to_byte: CP437_HIGH.chars().zip(0x80u8..=0xFF).collect(),
        },
    ]
});

/// Characters that can start a damaged sequence in some codec (they stand for a UTF-8
/// lead byte), plus C1 controls, as a bitset over the Basic Multilingual Plane (all of
/// them are in it): text without any of them is never touched.
static LEADS: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut bits = vec![0u64; 0x10000 / 64];
    let mut set = |c: char| bits[c as usize / 64] |= 1 << (c as usize % 64);
    ('\u{80}'..='\u{9f}').for_each(&mut set);
    for codec in CODECS.iter() {
        for (&c, &b) in &codec.to_byte {
            if (0xC2..=0xF4).contains(&b) {
                set(c);
            }
        }
    }
    bits
});

/// Whether `c` can stand for a UTF-8 lead byte in some codec (or is a C1 control).
pub(in crate::normalize) fn is_lead(c: char) -> bool {
    let i = c as usize;
    (0x80..0x10000).contains(&i) && LEADS[i / 64] & (1 << (i % 64)) != 0
}
