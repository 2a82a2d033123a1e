//! Bytes -> text. Never fails: undecodable bytes become U+FFFD and are counted.
//!
//! This first version understands byte order marks (UTF-8, UTF-16LE, UTF-16BE) and
//! otherwise reads UTF-8, replacing invalid sequences. Encoding detection and declared
//! charsets come later.

use std::borrow::Cow;

/// The decoded text of a document and what decoding had to do.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text, borrowed when the bytes were valid UTF-8 without a BOM.
    pub text: Cow<'a, str>,
    /// The encoding that was used, by its WHATWG name (`UTF-8`, `UTF-16LE`, …).
    pub encoding: &'static str,
    /// Whether a byte order mark was found (and dropped).
    pub bom: bool,
    /// How many bytes were invalid and replaced by U+FFFD.
    pub invalid_bytes: usize,
}

/// Decodes `bytes`; see the module docs.
///
/// ```
/// use deboiler::decode::decode;
/// let d = decode(b"\xEF\xBB\xBFcaf\xC3\xA9 \xFF");
/// assert_eq!(d.text, "caf\u{e9} \u{FFFD}");
/// assert!(d.bom);
/// assert_eq!(d.invalid_bytes, 1);
/// ```
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if enc == encoding_rs::UTF_8 {
            let (text, invalid_bytes) = utf8_lossy(body);
            return Decoded {
                text,
                encoding: enc.name(),
                bom: true,
                invalid_bytes,
            };
        }
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        let invalid_bytes = if had_errors {
            text.matches('\u{FFFD}').count()
        } else {
            0
        };
        return Decoded {
            text,
            encoding: enc.name(),
            bom: true,
            invalid_bytes,
        };
    }
    let (text, invalid_bytes) = utf8_lossy(bytes);
    Decoded {
        text,
        encoding: "UTF-8",
        bom: false,
        invalid_bytes,
    }
}

/// UTF-8 with invalid sequences replaced; counts the invalid bytes.
fn utf8_lossy(bytes: &[u8]) -> (Cow<'_, str>, usize) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), 0),
        Err(_) => {
            let mut invalid = 0;
            for chunk in bytes.utf8_chunks() {
                invalid += chunk.invalid().len();
            }
            (String::from_utf8_lossy(bytes), invalid)
        }
    }
}
