//! Bytes -> text. Never fails: undecodable bytes become U+FFFD and are reported, each
//! with its position in the input bytes and in the decoded text.
//!
//! [`decode`] chooses the encoding in this order; the first step that applies wins, and
//! [`Decoded::source`] says which one it was:
//!
//! 1. **`bom`**: a byte order mark (UTF-8, UTF-16LE, UTF-16BE). The mark is dropped.
//! 2. **`declared`**: a charset declared in the first [`PRESCAN_LEN`] bytes: an HTML
//!    `<meta charset="…">` or `<meta http-equiv="Content-Type" content="…; charset=…">`,
//!    or an XML declaration `<?xml … encoding="…"?>`, matched without regard to case,
//!    quotes or spacing and resolved as a WHATWG label ([`Encoding::for_label`]). A
//!    declared UTF-16 is ignored (a page that says UTF-16 without a BOM is really
//!    ASCII-compatible), and so are labels of the WHATWG "replacement" encoding. A
//!    declared UTF-8 is kept even when the bytes are not valid UTF-8 (they are decoded
//!    lossily). One exception: when the bytes are valid UTF-8 and not plain ASCII, a
//!    declared *legacy* encoding is overruled and step 3 applies, because scrapers often
//!    re-encode a page to UTF-8 and keep its old `<meta>`, while legacy text that happens
//!    to be valid UTF-8 is vanishingly rare.
//! 3. **`utf-8`**: the bytes are valid UTF-8 (borrowed, no copy), or they are UTF-8 with a
//!    few damaged sequences: at least [`UTF8_CHARS_PER_ERROR`] valid non-ASCII characters
//!    per invalid sequence. That is a UTF-8 document that was truncated or had a stray
//!    byte pasted in; text in a legacy encoding forms valid multi-byte UTF-8 only by
//!    accident, far less often than it forms invalid sequences.
//! 4. **`detected`**: otherwise [chardetng](https://docs.rs/chardetng), the detector
//!    Firefox uses, guesses among the legacy encodings of the web (windows-1252,
//!    Shift_JIS, GBK, Big5, EUC-KR, windows-1251, KOI8, …). It cannot tell KOI8-R from
//!    KOI8-U and answers KOI8-U; when none of the bytes on which the two differ occur,
//!    both decode to the same text and the report says `KOI8-R`, the common one.
//!    chardetng sees at most [`DETECT_LEN`] bytes, and a character cut off at the end of
//!    a document (a common scraping artifact) does not mislead it: the cut character
//!    is reported as one undecodable sequence.
//!
//! [`decode_with`] takes an encoding chosen by the caller instead (source **`forced`**,
//! the `--encoding` flag): it is used whatever the bytes say, except that a byte order
//! mark of the same encoding is dropped (for UTF-16, a mark of either byte order wins).
//!
//! Decoding is lossless for valid input. Each undecodable sequence becomes one U+FFFD
//! and one [`DecodeError`], exactly as [`Encoding::decode`] would replace it.

use crate::{Report, Span};
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, KOI8_R, KOI8_U, REPLACEMENT, UTF_16BE, UTF_16LE, UTF_8};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// The encoding type of [`encoding_rs`], re-exported for [`decode_with`]:
/// `Encoding::for_label(b"windows-1251")`.
pub use encoding_rs::Encoding;

/// How many leading bytes are searched for a declared charset.
pub const PRESCAN_LEN: usize = 1024;

/// Invalid UTF-8 is still read as UTF-8 when it has at least this many valid non-ASCII
/// characters per invalid sequence (see the module docs, step 3). Single-byte legacy
/// text scores about 0; news text in Shift_JIS, EUC-JP, GBK, GB18030, Big5 and EUC-KR
/// measured 0.16 to 0.4, so 2 leaves a wide margin while a UTF-8 document with a
/// stray byte or a cut last character, the case this is for, easily clears it.
pub const UTF8_CHARS_PER_ERROR: usize = 2;

/// Detection looks at this many bytes from the first non-ASCII byte: enough for
/// chardetng to be sure, and it keeps detection (which is much slower than decoding)
/// from dominating on large documents.
pub const DETECT_LEN: usize = 64 << 10;

/// At most this many [`DecodeError`]s are kept per document; [`Decoded::invalid_bytes`]
/// still counts every undecodable byte. Binary data forced through a decoder would
/// otherwise make a report many times larger than its input.
pub const MAX_ERRORS: usize = 10_000;

/// How the encoding of a document was chosen. Serialized as `bom`, `declared`, `utf-8`,
/// `detected` or `forced`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EncodingSource {
    /// A byte order mark at the start of the input.
    #[serde(rename = "bom")]
    Bom,
    /// An HTML `<meta>` charset or an XML declaration near the start of the input.
    #[serde(rename = "declared")]
    Declared,
    /// The input is UTF-8 (valid, or with a few damaged sequences).
    #[serde(rename = "utf-8")]
    Utf8,
    /// Guessed from the bytes by chardetng.
    #[serde(rename = "detected")]
    Detected,
    /// Chosen by the caller ([`decode_with`], `--encoding`).
    #[serde(rename = "forced")]
    Forced,
}

impl EncodingSource {
    /// The stable name, as in reports: `bom`, `declared`, `utf-8`, `detected`, `forced`.
    pub fn name(self) -> &'static str {
        match self {
            EncodingSource::Bom => "bom",
            EncodingSource::Declared => "declared",
            EncodingSource::Utf8 => "utf-8",
            EncodingSource::Detected => "detected",
            EncodingSource::Forced => "forced",
        }
    }
}

impl fmt::Display for EncodingSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One undecodable byte sequence, replaced by one U+FFFD.
///
/// In a report: `{"input_offset":12,"input_len":1,"start":10,"end":13}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecodeError {
    /// Offset of the sequence in the raw input bytes (a byte order mark included).
    pub input_offset: usize,
    /// Length of the sequence in bytes.
    pub input_len: usize,
    /// Where its U+FFFD is in the decoded text: `&text[span.range()] == "\u{FFFD}"`.
    #[serde(flatten)]
    pub span: Span,
}

/// The decoded text of a document and what decoding had to do.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text; borrowed when the input was valid UTF-8 without a BOM, or ASCII in an
    /// ASCII-compatible encoding.
    pub text: Cow<'a, str>,
    /// The encoding that was used, by its WHATWG name (`UTF-8`, `UTF-16LE`,
    /// `windows-1252`, `Shift_JIS`, …).
    pub encoding: &'static str,
    /// How the encoding was chosen.
    pub source: EncodingSource,
    /// Whether a byte order mark was found and dropped.
    pub bom: bool,
    /// How many input bytes were undecodable and replaced by U+FFFD.
    pub invalid_bytes: usize,
    /// Each undecodable sequence, in input order (at most [`MAX_ERRORS`]).
    pub errors: Vec<DecodeError>,
}

impl Decoded<'_> {
    /// Moves what decoding found into `report`: its `encoding`, `encoding_source`,
    /// `invalid_bytes` and `decode_errors`. [`crate::Cleaner::clean_bytes`] calls this
    /// after cleaning the text.
    pub fn annotate(self, report: &mut Report) {
        report.encoding = Some(self.encoding.to_string());
        report.encoding_source = Some(self.source);
        report.invalid_bytes = self.invalid_bytes;
        report.decode_errors = self.errors;
    }
}

/// Decodes `bytes`, choosing the encoding as the module docs describe.
///
/// ```
/// use deboiler::decode::{decode, EncodingSource};
/// use std::borrow::Cow;
///
/// let d = decode(b"\xEF\xBB\xBFcaf\xC3\xA9");
/// assert_eq!((d.text.as_ref(), d.encoding, d.source), ("caf\u{e9}", "UTF-8", EncodingSource::Bom));
///
/// let d = decode(b"<meta charset=\"koi8-r\"><p>\xF0\xD2\xC9\xD7\xC5\xD4</p>");
/// assert_eq!(d.text, "<meta charset=\"koi8-r\"><p>\u{41f}\u{440}\u{438}\u{432}\u{435}\u{442}</p>");
/// assert_eq!((d.encoding, d.source), ("KOI8-R", EncodingSource::Declared));
///
/// // Valid UTF-8 is borrowed, not copied.
/// assert!(matches!(decode(b"plain text").text, Cow::Borrowed(_)));
/// ```
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return decode_as(enc, bytes, bom_len, EncodingSource::Bom);
    }
    if let Some(enc) = declared_encoding(bytes) {
        let stale = enc != UTF_8 && !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok();
        if !stale {
            return decode_as(enc, bytes, 0, EncodingSource::Declared);
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: Cow::Borrowed(text),
            encoding: UTF_8.name(),
            source: EncodingSource::Utf8,
            bom: false,
            invalid_bytes: 0,
            errors: Vec::new(),
        };
    }
    if mostly_utf8(bytes) {
        return decode_as(UTF_8, bytes, 0, EncodingSource::Utf8);
    }
    decode_as(detect(bytes), bytes, 0, EncodingSource::Detected)
}

/// Decodes `bytes` as `forced` when it is given (source [`EncodingSource::Forced`]), or
/// like [`decode`] when it is `None`.
///
/// A byte order mark is dropped when it belongs to `forced` (for UTF-16, a mark of
/// either byte order wins over the forced one); any other mark is decoded as text. The
/// WHATWG "replacement" encoding, which decodes every input to one U+FFFD, is not a
/// real encoding and is ignored.
///
/// ```
/// use deboiler::decode::{decode_with, Encoding, EncodingSource};
/// let forced = Encoding::for_label(b"windows-1251");
/// let d = decode_with(b"\xcf\xf0\xe8\xe2\xe5\xf2", forced);
/// assert_eq!(d.text, "\u{41f}\u{440}\u{438}\u{432}\u{435}\u{442}");
/// assert_eq!((d.encoding, d.source), ("windows-1251", EncodingSource::Forced));
/// ```
pub fn decode_with<'a>(bytes: &'a [u8], forced: Option<&'static Encoding>) -> Decoded<'a> {
    let Some(forced) = forced.filter(|&e| e != REPLACEMENT) else {
        return decode(bytes);
    };
    let (enc, bom_len) = match Encoding::for_bom(bytes) {
        Some((bom, len)) if bom == forced || (is_utf16(bom) && is_utf16(forced)) => (bom, len),
        _ => (forced, 0),
    };
    decode_as(enc, bytes, bom_len, EncodingSource::Forced)
}

fn is_utf16(enc: &'static Encoding) -> bool {
    enc == UTF_16LE || enc == UTF_16BE
}

/// Decodes `bytes[skip..]` (after a byte order mark of `skip` bytes) as `enc`.
fn decode_as<'a>(
    enc: &'static Encoding,
    bytes: &'a [u8],
    skip: usize,
    source: EncodingSource,
) -> Decoded<'a> {
    let body = &bytes[skip..];
    let mut errors = Errors::default();
    let text = if enc == UTF_8 {
        utf8_lossy(body, skip, &mut errors)
    } else {
        decode_lossy(enc, body, skip, &mut errors)
    };
    Decoded {
        text,
        encoding: enc.name(),
        source,
        bom: skip > 0,
        invalid_bytes: errors.bytes,
        errors: errors.list,
    }
}

/// The undecodable sequences found so far.
#[derive(Default)]
struct Errors {
    list: Vec<DecodeError>,
    bytes: usize,
}

impl Errors {
    /// Records a sequence at `input_offset` whose U+FFFD goes at `at` in the text.
    fn push(&mut self, input_offset: usize, input_len: usize, at: usize) {
        self.bytes += input_len;
        if self.list.len() < MAX_ERRORS {
            self.list.push(DecodeError {
                input_offset,
                input_len,
                span: Span::new(at, at + '\u{FFFD}'.len_utf8()),
            });
        }
    }
}

/// UTF-8, each maximal invalid sequence replaced by U+FFFD (as
/// `String::from_utf8_lossy` does). `base` is the offset of `body` in the input.
fn utf8_lossy<'a>(body: &'a [u8], base: usize, errors: &mut Errors) -> Cow<'a, str> {
    if let Ok(text) = std::str::from_utf8(body) {
        return Cow::Borrowed(text);
    }
    let mut text = String::with_capacity(body.len() + 16);
    let mut offset = base;
    for chunk in body.utf8_chunks() {
        text.push_str(chunk.valid());
        offset += chunk.valid().len();
        let bad = chunk.invalid();
        if !bad.is_empty() {
            errors.push(offset, bad.len(), text.len());
            text.push('\u{FFFD}');
            offset += bad.len();
        }
    }
    Cow::Owned(text)
}

/// `body` decoded as `enc` (not UTF-8), each malformed sequence replaced by U+FFFD.
/// Borrows when `enc` is ASCII-compatible and `body` is ASCII.
fn decode_lossy<'a>(
    enc: &'static Encoding,
    body: &'a [u8],
    base: usize,
    errors: &mut Errors,
) -> Cow<'a, str> {
    if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(body) {
        return text;
    }
    let mut decoder = enc.new_decoder_without_bom_handling();
    let room = |decoder: &encoding_rs::Decoder, left: usize| {
        decoder
            .max_utf8_buffer_length_without_replacement(left)
            .unwrap_or(left)
            .max(16)
    };
    let mut text = String::with_capacity(room(&decoder, body.len()));
    let mut read = 0;
    loop {
        let (result, n) =
            decoder.decode_to_string_without_replacement(&body[read..], &mut text, true);
        read += n;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => text.reserve(room(&decoder, body.len() - read)),
            DecoderResult::Malformed(bad, after) => {
                // The malformed bytes end `after` bytes before what has been read; they
                // may have been read by an earlier call, which `read` accounts for.
                let end = read.saturating_sub(usize::from(after));
                let start = end.saturating_sub(usize::from(bad));
                errors.push(base + start, end - start, text.len());
                text.push('\u{FFFD}');
            }
        }
    }
    Cow::Owned(text)
}

/// Whether invalid UTF-8 still looks like UTF-8: enough valid non-ASCII characters per
/// invalid sequence (see [`UTF8_CHARS_PER_ERROR`]).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut chars, mut errors) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        // Lead bytes of multi-byte characters: one per non-ASCII character.
        chars += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        errors += usize::from(!chunk.invalid().is_empty());
    }
    chars >= UTF8_CHARS_PER_ERROR * errors
}

/// Whether `b` decodes differently in KOI8-U and KOI8-R (Ukrainian and Belarusian
/// letters in KOI8-U, box drawing in KOI8-R).
fn is_koi8_u_only(b: u8) -> bool {
    matches!(
        b,
        0xA4 | 0xA6 | 0xA7 | 0xAD | 0xAE | 0xB4 | 0xB6 | 0xB7 | 0xBD | 0xBE
    )
}

/// The legacy encoding chardetng guesses for bytes that are not UTF-8, from at most
/// [`DETECT_LEN`] bytes after the first non-ASCII one.
fn detect(bytes: &[u8]) -> &'static Encoding {
    let first = Encoding::ascii_valid_up_to(bytes);
    let sample = &bytes[..bytes.len().min(first.saturating_add(DETECT_LEN))];
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    // Never `last`: a scraped document is often cut in the middle of a character, and
    // an incomplete last character would rule out the right multi-byte encoding
    // (Shift_JIS text cut after a lead byte would be guessed as windows-1252). Decoding
    // then reports the cut character as one undecodable sequence.
    detector.feed(sample, false);
    let guess = detector.guess(None, Utf8Detection::Deny);
    if guess == KOI8_U && !bytes.iter().any(|&b| is_koi8_u_only(b)) {
        // Same text either way; KOI8-R is by far the more common of the two.
        return KOI8_R;
    }
    guess
}

/// The encoding declared by an XML declaration or an HTML `<meta>` in the first
/// [`PRESCAN_LEN`] bytes, if it is one a declaration can be trusted to name (not UTF-16,
/// not "replacement").
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_LEN)];
    // Neither a declaration nor a tag without a `<`: plain text costs one scan.
    memchr::memchr(b'<', head)?;
    let usable = |e: &&'static Encoding| !is_utf16(e) && *e != REPLACEMENT;
    xml_encoding(head)
        .filter(usable)
        .or_else(|| meta_charsets(head).find(usable))
}

/// The `encoding` of an XML declaration at the start (after whitespace) of `head`.
fn xml_encoding(head: &[u8]) -> Option<&'static Encoding> {
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = &head[start..];
    if !starts_with_ci(rest, b"<?xml") || !rest.get(5).is_some_and(u8::is_ascii_whitespace) {
        return None;
    }
    let end = memchr::memmem::find(rest, b"?>").unwrap_or(rest.len());
    attribute(&rest[5..end], b"encoding").and_then(Encoding::for_label)
}

/// The encodings named by `charset=` in each `<meta …>` tag of `head`, in order: both
/// `<meta charset="x">` and `<meta http-equiv="Content-Type" content="text/html;
/// charset=x">`. Labels that name no encoding are skipped.
fn meta_charsets(head: &[u8]) -> impl Iterator<Item = &'static Encoding> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(i) = find_ci(&head[at..], b"<meta") {
            let tag_start = at + i + b"<meta".len();
            let tag_end =
                memchr::memchr(b'>', &head[tag_start..]).map_or(head.len(), |j| tag_start + j);
            at = tag_start;
            let tag = &head[tag_start..tag_end];
            if !tag
                .first()
                .is_some_and(|&b| b.is_ascii_whitespace() || b == b'/')
            {
                continue; // `<metadata>` and the like
            }
            if let Some(enc) = attribute(tag, b"charset").and_then(Encoding::for_label) {
                return Some(enc);
            }
        }
        None
    })
}

/// The value after the first `key` in `text` that is followed by `=`, with spaces and
/// quotes around it dropped: `charset = "utf-8"` and `charset='utf-8'` give `utf-8`.
fn attribute<'a>(text: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let mut at = 0;
    while let Some(i) = find_ci(&text[at..], key) {
        at += i + key.len();
        let mut rest = trim_start(&text[at..]);
        let Some(after_eq) = rest.strip_prefix(b"=") else {
            continue;
        };
        rest = trim_start(after_eq);
        while let [b'"' | b'\'', tail @ ..] = rest {
            rest = tail;
        }
        let len = rest
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b"\"';>/?".contains(&b))
            .unwrap_or(rest.len());
        if len > 0 {
            return Some(&rest[..len]);
        }
    }
    None
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

fn starts_with_ci(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// The first position of `needle` (lowercase ASCII) in `hay`, ignoring ASCII case.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(bytes: &[u8]) -> (&'static str, EncodingSource) {
        let d = decode(bytes);
        (d.encoding, d.source)
    }

    /// Every error slices the text to U+FFFD and points at bytes that exist.
    /// Checks that every error points at a U+FFFD and at bytes of the input, and that
    /// they add up to `invalid_bytes`; returns each error's offset and length in the
    /// input.
    fn check_errors(input: &[u8], d: &Decoded<'_>) -> Vec<(usize, usize)> {
        let mut sum = 0;
        for e in &d.errors {
            assert_eq!(&d.text[e.span.range()], "\u{FFFD}", "{e:?}");
            assert!(e.input_offset + e.input_len <= input.len(), "{e:?}");
            assert!(e.input_len > 0);
            sum += e.input_len;
        }
        assert_eq!(sum, d.invalid_bytes);
        d.errors
            .iter()
            .map(|e| (e.input_offset, e.input_len))
            .collect()
    }

    #[test]
    fn bom_wins_over_everything() {
        let mut le = b"\xFF\xFE".to_vec();
        le.extend(
            "Gr\u{fc}\u{df}e \u{1F600}"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let d = decode(&le);
        assert_eq!(d.text, "Gr\u{fc}\u{df}e \u{1F600}");
        assert_eq!(
            (d.encoding, d.source, d.bom),
            ("UTF-16LE", EncodingSource::Bom, true)
        );

        let be: Vec<u8> = b"\xFE\xFF"
            .iter()
            .copied()
            .chain("\u{3b1}\u{3b2}".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&be).text, "\u{3b1}\u{3b2}");
        assert_eq!(source(&be), ("UTF-16BE", EncodingSource::Bom));

        let d = decode(b"\xEF\xBB\xBF<meta charset=windows-1251>\xC3\xA9");
        assert_eq!(d.text, "<meta charset=windows-1251>\u{e9}");
        assert_eq!(d.source, EncodingSource::Bom);
    }

    #[test]
    fn utf16_errors_have_positions() {
        // A lone high surrogate, then an odd trailing byte.
        let bytes = b"\xFF\xFEa\x00\x00\xD8b\x00c";
        let d = decode(bytes);
        assert_eq!(d.text, "a\u{FFFD}b\u{FFFD}");
        let at = check_errors(bytes, &d);
        assert_eq!(at, [(4, 2), (8, 1)]);
    }

    #[test]
    fn meta_and_xml_declarations() {
        let cyr = b"\xcf\xf0\xe8\xe2\xe5\xf2";
        for head in [
            &b"<meta charset=\"windows-1251\">"[..],
            b"<META CHARSET='cp1251' />",
            b"<meta charset = windows-1251>",
            b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">",
            b"<meta name=viewport content=\"width=device-width\"><meta http-equiv=content-type content='text/html;charset=\"x-cp1251\"'>",
            b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><a/>",
            b"  <?XML version='1.0' encoding = 'CP1251' ?>",
        ] {
            let mut doc = head.to_vec();
            doc.extend_from_slice(cyr);
            let d = decode(&doc);
            assert_eq!(
                (d.encoding, d.source),
                ("windows-1251", EncodingSource::Declared),
                "{}",
                String::from_utf8_lossy(head)
            );
            assert!(d.text.ends_with("\u{41f}\u{440}\u{438}\u{432}\u{435}\u{442}"));
        }
    }

    #[test]
    fn declarations_that_are_ignored() {
        // Not a meta tag, an unknown label, a declaration past the prescan window.
        for head in [
            &b"<metadata charset=\"koi8-r\">"[..],
            b"<meta charset=\"klingon\">",
            b"<p>charset=koi8-r</p>",
        ] {
            assert_eq!(
                declared_encoding(head),
                None,
                "{}",
                String::from_utf8_lossy(head)
            );
        }
        let mut late = vec![b' '; PRESCAN_LEN];
        late.extend_from_slice(b"<meta charset=koi8-r>");
        assert_eq!(declared_encoding(&late), None);

        // A declared UTF-16 or "replacement" is no declaration: ASCII stays UTF-8.
        assert_eq!(
            source(b"<meta charset=\"utf-16\"><p>hi</p>"),
            ("UTF-8", EncodingSource::Utf8)
        );
        assert_eq!(
            source(b"<meta charset=\"iso-2022-kr\"><p>hi</p>"),
            ("UTF-8", EncodingSource::Utf8)
        );
        // ... and the next meta tag is still read.
        assert_eq!(
            declared_encoding(b"<meta charset=utf-16><meta charset=koi8-r>"),
            Some(KOI8_R)
        );
    }

    #[test]
    fn declared_utf8_with_bad_bytes_stays_utf8() {
        let bytes = b"<meta charset=\"utf-8\">caf\xE9 au lait";
        let d = decode(bytes);
        assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Declared));
        assert_eq!(d.text, "<meta charset=\"utf-8\">caf\u{FFFD} au lait");
        assert_eq!(d.errors[0].input_offset, 25);
        check_errors(bytes, &d);
    }

    #[test]
    fn stale_legacy_declaration_on_utf8_text_is_overruled() {
        let doc = "<meta charset=\"iso-8859-1\"><p>Caf\u{e9} \u{201c}au lait\u{201d}</p>";
        let d = decode(doc.as_bytes());
        assert_eq!(d.text, doc);
        assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Utf8));
        // ASCII text keeps its declaration (it decodes the same, and is borrowed).
        let d = decode(b"<meta charset=\"iso-8859-1\"><p>Cafe</p>");
        assert_eq!(
            (d.encoding, d.source),
            ("windows-1252", EncodingSource::Declared)
        );
        assert!(matches!(d.text, Cow::Borrowed(_)));
    }

    #[test]
    fn ascii_and_utf8_are_borrowed() {
        for bytes in [&b"plain ASCII news text\n"[..], "caf\u{e9}".as_bytes(), b""] {
            let d = decode(bytes);
            assert!(matches!(d.text, Cow::Borrowed(_)));
            assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Utf8));
            assert!(d.errors.is_empty());
        }
    }

    #[test]
    fn utf8_with_a_few_bad_bytes_is_utf8() {
        let mut bytes = "\u{201c}Na\u{ef}ve\u{201d} caf\u{e9}s, cr\u{e8}me br\u{fb}l\u{e9}e, fa\u{e7}ade, \u{e0} la r\u{e9}sidence "
            .as_bytes()
            .to_vec();
        bytes.extend_from_slice(b"\xE9t\xE9 ");
        bytes.extend_from_slice("\u{2014} end \u{2026}".as_bytes());
        bytes.extend_from_slice(b"\xE2\x80");
        let d = decode(&bytes);
        assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Utf8));
        assert_eq!(d.errors.len(), 3);
        assert_eq!(d.invalid_bytes, 4);
        assert_eq!(d.text, String::from_utf8_lossy(&bytes));
        check_errors(&bytes, &d);
        let e = d.errors[2];
        assert_eq!((e.input_offset, e.input_len), (bytes.len() - 2, 2));
    }

    #[test]
    fn legacy_text_is_detected() {
        let d = decode(
            b"Le caf\xE9 co\xFBte 3 \x80, \x93tr\xE8s cher\x94 selon les clients du quartier.",
        );
        assert_eq!(
            (d.encoding, d.source),
            ("windows-1252", EncodingSource::Detected)
        );
        assert_eq!(d.text, "Le caf\u{e9} co\u{fb}te 3 \u{20ac}, \u{201c}tr\u{e8}s cher\u{201d} selon les clients du quartier.");
        assert!(d.errors.is_empty());
    }

    #[test]
    fn malformed_legacy_sequences_have_positions() {
        // Shift_JIS: a lead byte before ASCII, and a lead byte at the end.
        let bytes = b"\x93\x8c\x8b\x9e \x82A \x82";
        let d = decode_with(bytes, Some(encoding_rs::SHIFT_JIS));
        assert_eq!(d.text, "\u{6771}\u{4eac} \u{FFFD}A \u{FFFD}");
        let at = check_errors(bytes, &d);
        assert_eq!(at, [(5, 1), (8, 1)]);
    }

    /// Positions agree with encoding_rs's own replacement on pseudo-random bytes.
    #[test]
    fn lossy_decoding_matches_encoding_rs() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let encodings = [
            UTF_8,
            UTF_16LE,
            UTF_16BE,
            encoding_rs::SHIFT_JIS,
            encoding_rs::GBK,
            encoding_rs::GB18030,
            encoding_rs::BIG5,
            encoding_rs::EUC_JP,
            encoding_rs::EUC_KR,
            encoding_rs::ISO_2022_JP,
            encoding_rs::WINDOWS_1253,
            encoding_rs::ISO_8859_8,
        ];
        for round in 0..400 {
            let len = (next() % 64) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    let b = next() as u8;
                    if round % 2 == 0 && b < 0x80 {
                        b | 0x80
                    } else {
                        b
                    }
                })
                .collect();
            for enc in encodings {
                let d = decode_with(&bytes, Some(enc));
                let body = &bytes[if d.bom {
                    Encoding::for_bom(&bytes).unwrap().1
                } else {
                    0
                }..];
                let (expected, _) = Encoding::for_label(d.encoding.as_bytes())
                    .unwrap()
                    .decode_without_bom_handling(body);
                assert_eq!(d.text, expected, "{} {bytes:x?}", enc.name());
                check_errors(&bytes, &d);
                assert_eq!(
                    d.errors.len(),
                    d.text.matches('\u{FFFD}').count(),
                    "{} {bytes:x?}",
                    enc.name()
                );
            }
            let d = decode(&bytes);
            check_errors(&bytes, &d);
        }
    }

    #[test]
    fn forcing_an_encoding() {
        let koi8 = Encoding::for_label(b"koi8-r");
        // A UTF-8 BOM under a forced KOI8-R is text, not a mark.
        let d = decode_with(b"\xEF\xBB\xBF\xF0", koi8);
        assert_eq!(d.text, "\u{41e}\u{2569}\u{a9}\u{41f}");
        assert!(!d.bom);
        // The forced encoding's own mark is dropped.
        let d = decode_with(b"\xEF\xBB\xBFcaf\xE9", Some(UTF_8));
        assert_eq!(
            (d.text.as_ref(), d.bom, d.source),
            ("caf\u{FFFD}", true, EncodingSource::Forced)
        );
        assert_eq!(d.errors[0].input_offset, 6);
        // UTF-16 of either byte order: the mark decides.
        let d = decode_with(b"\xFE\xFF\x00h\x00i", Some(UTF_16LE));
        assert_eq!((d.text.as_ref(), d.encoding), ("hi", "UTF-16BE"));
        // "replacement" is ignored; `None` detects.
        assert_eq!(
            decode_with(b"hi", Some(REPLACEMENT)).source,
            EncodingSource::Utf8
        );
        assert_eq!(decode_with(b"hi", None).source, EncodingSource::Utf8);
    }

    #[test]
    fn error_positions_are_capped_but_counted() {
        let bytes = vec![0xFF; MAX_ERRORS + 10];
        let d = decode_with(&bytes, Some(UTF_8));
        assert_eq!(d.errors.len(), MAX_ERRORS);
        assert_eq!(d.invalid_bytes, MAX_ERRORS + 10);
    }

    #[test]
    fn koi8_u_only_bytes_are_exactly_where_koi8_r_differs() {
        let differ: Vec<u8> = (0x80..=0xFF_u8)
            .filter(|&b| {
                KOI8_R.decode_without_bom_handling(&[b]).0
                    != KOI8_U.decode_without_bom_handling(&[b]).0
            })
            .collect();
        let ours: Vec<u8> = (0x80..=0xFF_u8).filter(|&b| is_koi8_u_only(b)).collect();
        assert_eq!(differ, ours);
    }

    #[test]
    fn sources_serialize_with_their_names() {
        for s in [
            EncodingSource::Bom,
            EncodingSource::Declared,
            EncodingSource::Utf8,
            EncodingSource::Detected,
            EncodingSource::Forced,
        ] {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.name()));
            assert_eq!(serde_json::from_str::<EncodingSource>(&json).unwrap(), s);
        }
        let e = DecodeError {
            input_offset: 3,
            input_len: 1,
            span: Span::new(2, 5),
        };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"input_offset":3,"input_len":1,"start":2,"end":5}"#
        );
        assert_eq!(serde_json::from_str::<DecodeError>(&json).unwrap(), e);
    }
}
