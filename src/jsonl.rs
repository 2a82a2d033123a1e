//! JSON Lines records: one pass that checks a line is a JSON object, finds the field to
//! clean and the record's `id`, and writes the record back with the cleaned field.
//!
//! The batch driver cleans one field of every record and must give every other field
//! back untouched, so a record is never built into a tree: [`scan`] walks the top-level
//! object once, validating everything on the way (strings and their escapes, numbers,
//! literals, nested arrays and objects), and keeps only where each member's key and
//! value are. The value of the field to clean is decoded during that same walk (and
//! borrowed when it has no escape); only it is escaped again on output, every other
//! value is copied as it stands.
//!
//! What is accepted, and what comes out, is what serde_json gave before this module
//! existed (a test compares the two on many malformed lines):
//!
//! - a line is one object, whitespace around it; keys must be valid strings (an
//!   escaped lone UTF-16 surrogate in a key is an error), other values only valid JSON
//!   (lone surrogates in them are copied as they are);
//! - when a key appears twice the last one counts, as in a JSON parser, but both are
//!   written back;
//! - the output is compact: members are joined by `,` and `:` without the whitespace
//!   of the input (keys are written as serde_json writes them), nested values are
//!   copied byte for byte, and the cleaned text is escaped exactly like serde_json does
//!   (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other C0 controls as `\u00XX` in
//!   lowercase hex; DEL, U+2028 and everything else as they are);
//! - invalid UTF-8 anywhere in a line is replaced by U+FFFD first (and counted).
//!
//! A rejected line is handed to serde_json once more to say what is wrong and where:
//! errors are rare, and its messages name the problem and the column.

use crate::error::lowercase_first;
use crate::{Cleaner, Report};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// Whether `line` is a JSON Lines record: a JSON object (invalid UTF-8 is tolerated, as
/// when cleaning).
pub(crate) fn is_record(line: &[u8]) -> bool {
    scan(&lossy(line).0, "", &mut Vec::new(), &mut Vec::new()).is_ok()
}

/// [`Records::clean`] on a text field, with the output line returned (the tests'
/// shorthand).
#[cfg(test)]
pub(crate) fn clean_record(
    line: &[u8],
    cleaner: &Cleaner,
    field: &str,
) -> Result<(Option<String>, Vec<u8>, Report), String> {
    let mut out = Vec::new();
    let (id, report) = Records::new(cleaner, field, None, true).clean(line, &mut out)?;
    Ok((id, out, report))
}

/// Cleans one field of JSON Lines records, one record after another. It keeps what one
/// record needs (the list of its members) for the next, so that a record costs no
/// allocation of its own beyond the cleaning.
pub(crate) struct Records<'c> {
    cleaner: &'c Cleaner,
    field: &'c str,
    html: Option<bool>,
    ids: bool,
    members: Vec<Member>,
    /// The buffer the last record's field was decoded into, to decode the next one.
    decoded: Vec<u8>,
}

impl<'c> Records<'c> {
    /// Cleans `field` with `cleaner`. With `html` set, the field holds an HTML page
    /// whose main content is extracted and cleaned (`Cleaner::clean_html`), its removals
    /// described when `html` is `Some(true)` (see [`crate::html::Options::details`]).
    /// With `ids`, [`Records::clean`] also returns each record's id (only a report
    /// needs it).
    pub(crate) fn new(
        cleaner: &'c Cleaner,
        field: &'c str,
        html: Option<bool>,
        ids: bool,
    ) -> Records<'c> {
        Records {
            cleaner,
            field,
            html,
            ids,
            members: Vec::with_capacity(8),
            decoded: Vec::new(),
        }
    }

    /// Cleans the field of one record and appends the output line (with its newline)
    /// to `out`. Returns the record's id (if it has one and ids were asked for) and the
    /// report, or a message for the failure, and then `out` is left as it was.
    ///
    /// A record is UTF-8, as JSON Lines requires, so its report has no `encoding`:
    /// invalid bytes in the line are replaced and counted in `invalid_bytes`, but have
    /// no position (the text cleaned is the unescaped field value, not the line).
    pub(crate) fn clean(
        &mut self,
        line: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<(Option<String>, Report), String> {
        let field = self.field;
        let (text, invalid_bytes) = lossy(line);
        let record =
            scan(&text, field, &mut self.members, &mut self.decoded).map_err(|_| explain(&text))?;
        let Some((at, value)) = record.field else {
            return Err(format!(
                "record has no \"{field}\" field; choose the field to clean with --field NAME"
            ));
        };
        let Some((value, lone_surrogates)) = value else {
            return Err(format!(
                "field \"{field}\" is not a string; choose the field to clean with --field NAME"
            ));
        };
        let cleaner = self.cleaner;
        let (cleaned, mut report, unchanged) = match self.html {
            Some(details) => {
                let cleaned = cleaner.clean_html_as(&value, details);
                (Cow::Owned(cleaned.text), cleaned.report, false)
            }
            None => {
                let (cleaned, report) = cleaner.clean_cow(&value, true);
                // A slice of the text as long as it is the text.
                let unchanged = matches!(&cleaned, Cow::Borrowed(c) if c.len() == value.len());
                (cleaned, report, unchanged)
            }
        };
        report.invalid_bytes = invalid_bytes;
        report.lone_surrogates = lone_surrogates;

        // The output is about as long as the line: one reservation for all of it.
        out.reserve(text.len() + cleaned.len() / 8 + 2);
        let bytes = text.as_bytes();
        out.push(b'{');
        for (j, m) in self.members.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            if m.key_escaped {
                let (key, _) = unescape(inner(&text[m.key.clone()]));
                write_string(out, &key);
            } else {
                out.extend_from_slice(&bytes[m.key.clone()]);
            }
            out.push(b':');
            if j == at && !(unchanged && record.canonical) {
                write_string(out, &cleaned);
            } else {
                // Another member, or the field as it was written: the text is the
                // same and so would be its escapes.
                out.extend_from_slice(&bytes[m.value.clone()]);
            }
        }
        out.extend_from_slice(b"}\n");
        let id = match record.id {
            Some(i) if self.ids => id_of(&text[self.members[i].value.clone()]),
            _ => None,
        };
        drop(cleaned);
        if let Cow::Owned(value) = value {
            self.decoded = value.into_bytes();
        }
        Ok((id, report))
    }
}

/// Calls `f` with the text [`clean_record`] would clean in `field` of `line`, read
/// the same way; `None` when the record would fail instead.
pub(crate) fn with_field<R>(line: &[u8], field: &str, f: impl FnOnce(&str) -> R) -> Option<R> {
    let (text, _) = lossy(line);
    let record = scan(&text, field, &mut Vec::new(), &mut Vec::new()).ok()?;
    let (_, value) = record.field?;
    let (value, _) = value?;
    Some(f(&value))
}

/// One member of the top-level object: byte ranges into the line.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Member {
    /// The key with its quotes.
    key: Range<usize>,
    /// Whether the key holds an escape (and so must be decoded to be compared).
    key_escaped: bool,
    /// The value, without the whitespace around it.
    value: Range<usize>,
}

/// A string value decoded, with the number of lone surrogates replaced by U+FFFD.
type Decoded<'a> = (Cow<'a, str>, usize);

/// What [`scan`] finds in a record, besides its members.
struct Scanned<'a> {
    /// The last member called like the field to clean, and its value decoded if it is
    /// a string.
    field: Option<(usize, Option<Decoded<'a>>)>,
    /// Whether that string value is written exactly as [`write_string`] writes the
    /// text it decodes to (see [`Scanner::canonical`]).
    canonical: bool,
    /// The last member called `id`.
    id: Option<usize>,
}

/// Why [`scan`] refused a line: only that it did (see [`explain`] for what and where).
#[derive(Debug, PartialEq, Eq)]
struct Malformed;

/// Checks that `text` is one JSON object (whitespace around it allowed), lists its
/// members in `members` (emptied first) and decodes the value of the last one called
/// `field`, into the buffer `spare` when it has escapes (`spare` is then left empty).
fn scan<'a>(
    text: &'a str,
    field: &str,
    members: &mut Vec<Member>,
    spare: &mut Vec<u8>,
) -> Result<Scanned<'a>, Malformed> {
    members.clear();
    let mut s = Scanner {
        text,
        b: text.as_bytes(),
        i: 0,
        stack: Vec::new(),
        canonical: false,
        spare: std::mem::take(spare),
    };
    let mut found = Scanned {
        field: None,
        canonical: false,
        id: None,
    };
    s.ws();
    s.eat(b'{')?;
    s.ws();
    if s.peek() == Some(b'}') {
        s.i += 1;
    } else {
        loop {
            let start = s.i;
            s.eat(b'"')?;
            let key_escaped = s.string()?;
            let key = start..s.i;
            let name = inner(&text[key.clone()]);
            let name = if key_escaped {
                // A key is decoded whole, and must be valid Unicode.
                match unescape(name) {
                    (name, 0) => name,
                    _ => return Err(Malformed),
                }
            } else {
                Cow::Borrowed(name)
            };
            s.ws();
            s.eat(b':')?;
            s.ws();
            let start = s.i;
            let index = members.len();
            if name == field {
                let value = if s.peek() == Some(b'"') {
                    s.i += 1;
                    Some(s.decode_string()?)
                } else {
                    s.value()?;
                    None
                };
                found.field = Some((index, value));
                found.canonical = s.canonical;
            } else {
                s.value()?;
            }
            if name == "id" {
                found.id = Some(index);
            }
            members.push(Member {
                key,
                key_escaped,
                value: start..s.i,
            });
            s.ws();
            match s.next()? {
                b',' => s.ws(),
                b'}' => break,
                _ => return Err(Malformed),
            }
        }
    }
    s.ws();
    if s.i != s.b.len() {
        return Err(Malformed);
    }
    *spare = s.spare;
    Ok(found)
}

/// For each letter of a one-letter escape (`\n`), the byte it stands for; 0 for every
/// other byte.
static SIMPLE_ESCAPES: [u8; 256] = {
    let mut table = [0; 256];
    table[b'n' as usize] = b'\n';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table[b'/' as usize] = b'/';
    table[b't' as usize] = b'\t';
    table[b'r' as usize] = b'\r';
    table[b'b' as usize] = 0x08;
    table[b'f' as usize] = 0x0c;
    table
};

/// A cursor over a line, with the arrays and objects open around it.
struct Scanner<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    /// `[` or `{` for each open container, innermost last (a loop, not recursion, so
    /// that deep nesting cannot overflow the stack).
    stack: Vec<u8>,
    /// Whether the string [`Scanner::decode_string`] decoded last is written exactly
    /// as [`write_string`] writes its text: every escape is the one serde_json writes
    /// (`\n`, `\"`, `\u001f`), none other (`\/`, `\u00e9`, `\u001F`). The record can
    /// then give back its own bytes for a text that cleaning left alone.
    canonical: bool,
    /// A buffer to decode a string into (so that records do not each allocate one).
    spare: Vec<u8>,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn next(&mut self) -> Result<u8, Malformed> {
        let b = self.peek().ok_or(Malformed)?;
        self.i += 1;
        Ok(b)
    }

    fn eat(&mut self, want: u8) -> Result<(), Malformed> {
        if self.next()? == want {
            Ok(())
        } else {
            Err(Malformed)
        }
    }

    /// Skips JSON whitespace.
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    /// Moves to the next byte that ends a run of plain string text: a quote, a
    /// backslash or a control character (an error), if any.
    fn skip_plain(&mut self) {
        self.i += find_special(&self.b[self.i..]);
    }

    /// Skips the escape after a backslash; returns its letter and, for `\u`, the code
    /// unit.
    fn escape(&mut self) -> Result<(u8, u32), Malformed> {
        match self.next()? {
            b'u' => {
                let digits = self.b.get(self.i..self.i + 4).ok_or(Malformed)?;
                let unit = hex4(digits).ok_or(Malformed)?;
                self.i += 4;
                Ok((b'u', unit))
            }
            esc @ (b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Ok((esc, 0)),
            _ => Err(Malformed),
        }
    }

    /// Skips the rest of a string after its opening quote; returns whether it holds an
    /// escape.
    fn string(&mut self) -> Result<bool, Malformed> {
        let mut escaped = false;
        loop {
            self.skip_plain();
            match self.next()? {
                b'"' => return Ok(escaped),
                b'\\' => {
                    escaped = true;
                    self.escape()?;
                }
                _ => return Err(Malformed), // a control character
            }
        }
    }

    /// Decodes the rest of a string after its opening quote: [`Scanner::string`] that
    /// also unescapes (see [`unescape`]).
    ///
    /// This is the one long string of a record, with an escape every few dozen bytes
    /// (`\n` between paragraphs, `\"` around quotes), so the loop works on local
    /// positions and takes the simple escapes without a call.
    fn decode_string(&mut self) -> Result<Decoded<'a>, Malformed> {
        let (text, b) = (self.text, self.b);
        let start = self.i;
        let mut i = start + find_special(&b[start..]);
        self.canonical = true;
        if b.get(i) == Some(&b'"') {
            self.i = i + 1;
            return Ok((Cow::Borrowed(&text[start..i]), 0));
        }
        // The decoded text is no longer than what is left of the line, and
        // `decode_simple` wants sixteen bytes more.
        let mut d = Decoder::with_buffer(std::mem::take(&mut self.spare), b.len() - start + 16);
        d.text(&text[start..i]);
        loop {
            // Without a surrogate waiting for its other half, plain text and
            // one-letter escapes are taken in one loop.
            if d.high.is_none() {
                let (end, slash) = decode_simple(&mut d.out, b, i);
                // serde_json writes a slash as it is.
                self.canonical &= !slash;
                i = end;
            }
            match b.get(i) {
                Some(b'"') => {
                    self.i = i + 1;
                    return Ok(d.finish());
                }
                Some(b'\\') => {
                    self.i = i + 1;
                    let (esc, unit) = self.escape()?;
                    d.escape(esc, unit);
                    // Only a control character without a one-letter escape is written
                    // as `\u00xx`, in lowercase.
                    self.canonical &= esc == b'u' && unit < 0x20 && {
                        let mut written = Vec::new();
                        escape_into(&mut written, unit as u8);
                        written == b[i..self.i]
                    };
                    i = self.i;
                    // Plain text after a high surrogate: it was alone.
                    if d.high.is_some() && b.get(i).is_some_and(|&c| !is_special(c)) {
                        d.high = None;
                        d.replace_lone();
                    }
                }
                // A control character, or the end of the line.
                _ => return Err(Malformed),
            }
        }
    }

    /// Skips a number: `-`, an integer without leading zeros, a fraction, an exponent.
    fn number(&mut self) -> Result<(), Malformed> {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.next()? {
            b'0' => {}
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return Err(Malformed),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(Malformed);
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(Malformed);
            }
        }
        Ok(())
    }

    /// Skips ASCII digits; returns how many.
    fn digits(&mut self) -> usize {
        let n = self.b[self.i..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        self.i += n;
        n
    }

    /// Skips `word`.
    fn literal(&mut self, word: &[u8]) -> Result<(), Malformed> {
        if self.b[self.i..].starts_with(word) {
            self.i += word.len();
            Ok(())
        } else {
            Err(Malformed)
        }
    }

    /// Skips an object key, its colon and the whitespace up to its value.
    fn key(&mut self) -> Result<(), Malformed> {
        self.eat(b'"')?;
        self.string()?;
        self.ws();
        self.eat(b':')?;
        self.ws();
        Ok(())
    }

    /// Skips one value (the cursor is on its first byte).
    fn value(&mut self) -> Result<(), Malformed> {
        debug_assert!(self.stack.is_empty());
        loop {
            // A value, or the start of a container.
            match self.next()? {
                b'"' => {
                    self.string()?;
                }
                b'-' | b'0'..=b'9' => {
                    self.i -= 1;
                    self.number()?;
                }
                b't' => self.literal(b"rue")?,
                b'f' => self.literal(b"alse")?,
                b'n' => self.literal(b"ull")?,
                open @ (b'[' | b'{') => {
                    self.ws();
                    let close = if open == b'[' { b']' } else { b'}' };
                    if self.peek() == Some(close) {
                        self.i += 1;
                    } else {
                        self.stack.push(open);
                        if open == b'{' {
                            self.key()?;
                        }
                        continue;
                    }
                }
                _ => return Err(Malformed),
            }
            // After a value: close containers until a comma asks for the next value.
            loop {
                let Some(&open) = self.stack.last() else {
                    return Ok(());
                };
                self.ws();
                match (open, self.next()?) {
                    (_, b',') => {
                        self.ws();
                        if open == b'{' {
                            self.key()?;
                        }
                        break;
                    }
                    (b'[', b']') | (b'{', b'}') => {
                        self.stack.pop();
                    }
                    _ => return Err(Malformed),
                }
            }
        }
    }
}

/// Builds the text of a string with escapes.
///
/// A lone UTF-16 surrogate (`\ud83d` without its other half, written by tools that cut
/// strings in UTF-16) becomes U+FFFD and is counted; pairs decode as usual.
struct Decoder {
    /// The text so far, as bytes so that [`decode_simple`] can append to it. It only ever
    /// holds whole UTF-8 characters: runs of a `&str` that begin and end next to an
    /// ASCII byte (the quote, a backslash, an escape's last byte) or at the string's
    /// ends, and characters pushed whole.
    out: Vec<u8>,
    /// A high surrogate waiting for its low half.
    high: Option<u32>,
    lone: usize,
}

impl Decoder {
    /// A decoder for text of at most `capacity` bytes (more is fine, but slower).
    fn new(capacity: usize) -> Decoder {
        Decoder::with_buffer(Vec::new(), capacity)
    }

    /// [`Decoder::new`] writing into `buffer`, emptied first.
    fn with_buffer(mut buffer: Vec<u8>, capacity: usize) -> Decoder {
        buffer.clear();
        buffer.reserve(capacity);
        Decoder {
            out: buffer,
            high: None,
            lone: 0,
        }
    }

    fn replace_lone(&mut self) {
        self.lone += 1;
        self.push('\u{FFFD}');
    }

    fn push(&mut self, c: char) {
        self.out
            .extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    }

    /// Text between escapes.
    fn text(&mut self, plain: &str) {
        if !plain.is_empty() {
            if self.high.take().is_some() {
                self.replace_lone();
            }
            self.out.extend_from_slice(plain.as_bytes());
        }
    }

    /// An escape: its letter, and the code unit of a `\u` escape.
    fn escape(&mut self, esc: u8, unit: u32) {
        let c = match esc {
            b'u' => {
                match (self.high.take(), unit) {
                    (Some(h), 0xDC00..=0xDFFF) => {
                        let c = 0x10000 + ((h - 0xD800) << 10) + (unit - 0xDC00);
                        self.push(char::from_u32(c).expect("a surrogate pair is a character"));
                    }
                    (h, _) => {
                        if h.is_some() {
                            self.replace_lone();
                        }
                        match char::from_u32(unit) {
                            Some(c) => self.push(c),
                            None if unit <= 0xDBFF => self.high = Some(unit),
                            None => self.replace_lone(),
                        }
                    }
                }
                return;
            }
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            other => char::from(other), // `"`, `\`, `/`
        };
        if self.high.take().is_some() {
            self.replace_lone();
        }
        self.push(c);
    }

    /// The text, and how many lone surrogates it had.
    fn finish(mut self) -> Decoded<'static> {
        // A high surrogate left waiting has no low half, whatever follows.
        if self.high.take().is_some() {
            self.replace_lone();
        }
        // SAFETY: `out` holds whole UTF-8 characters only (see the field): every run
        // appended is a slice of a `&str` that starts and ends at a character
        // boundary, and every character is pushed encoded whole. Checking it again
        // would cost a pass over the text (measured: about 0.7 instructions a byte).
        let text = unsafe { String::from_utf8_unchecked(self.out) };
        (Cow::Owned(text), self.lone)
    }
}

/// Decodes the inside of a string literal that [`scan`] accepted, borrowing it when it
/// has no escape (see [`Decoder`] for lone surrogates).
fn unescape(s: &str) -> Decoded<'_> {
    let bytes = s.as_bytes();
    let Some(first) = memchr::memchr(b'\\', bytes) else {
        return (Cow::Borrowed(s), 0);
    };
    let mut d = Decoder::new(s.len());
    d.text(&s[..first]);
    let mut at = first;
    while at < bytes.len() {
        if bytes[at] != b'\\' {
            let end = memchr::memchr(b'\\', &bytes[at..]).map_or(bytes.len(), |i| at + i);
            d.text(&s[at..end]);
            at = end;
            continue;
        }
        let esc = bytes[at + 1];
        let unit = if esc == b'u' {
            hex4(&bytes[at + 2..at + 6]).expect("scan checked the digits")
        } else {
            0
        };
        d.escape(esc, unit);
        at += if esc == b'u' { 6 } else { 2 };
    }
    d.finish()
}

/// The text between the quotes of a string literal.
fn inner(literal: &str) -> &str {
    &literal[1..literal.len() - 1]
}

/// The record's `id` from its raw value: a string (unless it escapes a lone surrogate),
/// or a number written as it stands.
fn id_of(raw: &str) -> Option<String> {
    match raw.as_bytes().first()? {
        b'"' => match unescape(inner(raw)) {
            (id, 0) => Some(id.into_owned()),
            _ => None,
        },
        b'-' | b'0'..=b'9' => Some(raw.to_string()),
        _ => None,
    }
}

/// The value of four hex digits, if they are.
fn hex4(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0, |n, &d| {
        let v = char::from(d).to_digit(16)?;
        Some(n << 4 | v)
    })
}

/// Writes `s` as a JSON string literal, escaped the way serde_json escapes it.
///
/// Strings are mostly plain text, with an escape every few dozen bytes: sixteen bytes
/// are tested and stored at a time, straight into the spare capacity of `out` (a store
/// of a known size needs no call to `memcpy`, and the length is set once), the bytes
/// stored after a special one are simply not counted, and escapes are written there
/// too, without leaving the loop. An
/// escape is longer than the byte it stands for: the room reserved has some to spare,
/// and when escapes have used it up the rest is reserved again.
pub(crate) fn write_string(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    // What is left to write.
    let mut rest = s.as_bytes();
    loop {
        // Room for the rest as it is, the sixteen bytes of its last chunk and an
        // escape, and some for the escapes to come.
        let room = rest.len() + 22 + rest.len() / 8 + 32;
        out.reserve(room);
        let len = out.len();
        let dst = out.spare_capacity_mut().as_mut_ptr().cast::<u8>();
        // Always `w + rest.len() + 22 <= room`, so that every store below fits.
        let mut w = 0;
        let done = loop {
            // SAFETY: `w + rest.len() + 22 <= room` by the invariant.
            let k = unsafe { store_plain(dst.add(w), rest) };
            w += k;
            rest = &rest[k..];
            let Some((&b, after)) = rest.split_first() else {
                break true;
            };
            let escape = escape_of(b);
            // SAFETY: `w + 22 <= room` by the invariant, and an escape is at most six
            // bytes; the bytes past its length are not counted.
            unsafe { dst.add(w).cast::<[u8; 8]>().write_unaligned(escape.0) };
            w += escape.1;
            rest = after;
            if w + rest.len() + 22 > room {
                break false;
            }
        };
        // SAFETY: the stores above wrote every byte from `len` to `len + w`, each
        // from where the counted bytes ended.
        unsafe { out.set_len(len + w) };
        if done {
            break;
        }
    }
    out.push(b'"');
}

/// Decodes `src` from `from` into `out`: plain text and one-letter escapes (`\n`),
/// up to the first byte that needs more, a quote, another escape, a control character
/// or the end. Returns where that byte is, and whether a `\/` was decoded.
///
/// Like [`write_string`], sixteen bytes are tested and stored at a time into the spare
/// capacity of `out`; a one-letter escape is written there too, without leaving the
/// loop. What is written is never longer than what is read (an escape is two bytes
/// read for one written), which keeps every store within the room reserved.
#[inline(always)]
fn decode_simple(out: &mut Vec<u8>, src: &[u8], from: usize) -> (usize, bool) {
    let room = src.len() - from + 16;
    out.reserve(room);
    let len = out.len();
    let dst = out.spare_capacity_mut().as_mut_ptr().cast::<u8>();
    // `rest` is what is left to read, `w` how much was written; always
    // `w <= src.len() - from - rest.len()` (what was read), so
    // `w + rest.len() + 16 <= room`.
    let mut rest = &src[from..];
    let mut w = 0;
    let mut slash = false;
    loop {
        // SAFETY: `w + rest.len() + 16 <= room`, as above.
        let k = unsafe { store_plain(dst.add(w), rest) };
        w += k;
        rest = &rest[k..];
        // `rest` starts with a special byte, or is empty.
        let simple = match rest {
            [b'\\', letter, ..] => {
                slash |= *letter == b'/';
                SIMPLE_ESCAPES[usize::from(*letter)]
            }
            _ => 0,
        };
        if simple == 0 {
            break;
        }
        // SAFETY: `w` is at most what was read, so within the room; then two bytes
        // are read and one written, which keeps `w` at most what was read.
        unsafe { dst.add(w).write(simple) };
        w += 1;
        rest = &rest[2..];
    }
    // SAFETY: the stores above wrote every byte from `len` to `len + w`: each chunk
    // from where the counted bytes ended, each escape right after them.
    unsafe { out.set_len(len + w) };
    (src.len() - rest.len(), slash)
}

/// Stores `rest` at `dst` sixteen bytes at a time, up to its first [`is_special`] byte,
/// and returns where that byte is (`rest.len()` when there is none): the copy loop of
/// [`write_string`] and [`decode_simple`]. Bytes stored past that point, up to the end
/// of their sixteen, are the caller's to overwrite or not count; the last chunk is
/// padded, with its end marked.
///
/// # Safety
///
/// `dst` must be valid for writes of `rest.len() + 16` bytes.
#[inline(always)]
unsafe fn store_plain(dst: *mut u8, rest: &[u8]) -> usize {
    let mut left = rest;
    let mut n = 0;
    let found = loop {
        let Some((chunk, after)) = left.split_first_chunk::<16>() else {
            break None;
        };
        // SAFETY: `n + 16 <= rest.len()`, within what the caller made writable; an
        // unaligned write needs no alignment.
        unsafe { dst.add(n).cast::<[u8; 16]>().write_unaligned(*chunk) };
        let mask = special_mask(chunk);
        if mask != 0 {
            break Some(mask.trailing_zeros() as usize);
        }
        left = after;
        n += 16;
    };
    n + match found {
        Some(k) => k,
        None => {
            let mut padded = [0; 16];
            padded[..left.len()].copy_from_slice(left);
            // SAFETY: `n <= rest.len()`, so `n + 16 <= rest.len() + 16`.
            unsafe { dst.add(n).cast::<[u8; 16]>().write_unaligned(padded) };
            (special_mask(&padded) | 1 << left.len()).trailing_zeros() as usize
        }
    }
}

/// Writes the escape of an [`is_special`] byte, as serde_json writes it.
fn escape_into(out: &mut Vec<u8>, b: u8) {
    let (bytes, len) = escape_of(b);
    out.extend_from_slice(&bytes[..len]);
}

/// The escape of an [`is_special`] byte as serde_json writes it: its bytes, padded to
/// eight, and its length.
#[inline(always)]
fn escape_of(b: u8) -> ([u8; 8], usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        b'\n' => b'n',
        b'\t' => b't',
        b'\r' => b'r',
        0x08 => b'b',
        0x0c => b'f',
        _ => 0,
    };
    if short != 0 {
        ([b'\\', short, 0, 0, 0, 0, 0, 0], 2)
    } else {
        let (high, low) = (HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]);
        ([b'\\', b'u', b'0', b'0', high, low, 0, 0], 6)
    }
}

/// Whether a JSON string cannot hold `b` as it is: `"`, `\` or a C0 control.
fn is_special(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// Where the first byte of `bytes` that [`is_special`] is, or `bytes.len()`. Most of
/// a string is plain text: sixteen bytes are tested at once.
#[inline(always)]
fn find_special(bytes: &[u8]) -> usize {
    let mut rest = bytes;
    while let Some((chunk, after)) = rest.split_first_chunk::<16>() {
        let mask = special_mask(chunk);
        if mask != 0 {
            return bytes.len() - rest.len() + mask.trailing_zeros() as usize;
        }
        rest = after;
    }
    bytes.len() - rest.len() + find_special_swar(rest)
}

/// Bit `k`: `chunk[k]` is [`is_special`]. With SSE2, which every x86-64 processor
/// has.
#[cfg(target_arch = "x86_64")]
#[inline]
fn special_mask(chunk: &[u8; 16]) -> u32 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of the x86-64 baseline, so the intrinsics are available,
    // and the unaligned load reads exactly the sixteen bytes of `chunk`.
    let found = unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
        // min(v, 0x1f) == v exactly for the bytes below 0x20.
        let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
        let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let slash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        _mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, slash)))
    };
    found as u32
}

/// [`special_mask`] elsewhere.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn special_mask(chunk: &[u8; 16]) -> u32 {
    chunk
        .iter()
        .enumerate()
        .fold(0, |bits, (k, &b)| bits | u32::from(is_special(b)) << k)
}

/// The first [`is_special`] byte of `bytes`, or `bytes.len()`, on 64-bit words: eight
/// bytes are tested at a time.
#[inline]
fn find_special_swar(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // Each test flags its lowest matching byte exactly (a borrow only runs upward
        // from a true match), so the lowest flag of the three is the first special byte.
        let control = w.wrapping_sub(ONES * 0x20) & !w;
        let q = w ^ (ONES * u64::from(b'"'));
        let quote = q.wrapping_sub(ONES) & !q;
        let s = w ^ (ONES * u64::from(b'\\'));
        let slash = s.wrapping_sub(ONES) & !s;
        let found = (control | quote | slash) & HIGH;
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    let rest = &bytes[i..];
    i + rest
        .iter()
        .position(|&b| is_special(b))
        .unwrap_or(rest.len())
}

/// Says what is wrong with a line [`scan`] refused, in serde_json's words: the same
/// object with string keys and values left raw, so it objects to the same things.
fn explain(text: &str) -> String {
    match serde_json::from_str::<HashMap<String, &RawValue>>(text) {
        Err(e) => json_message(&e),
        // Only if the two disagreed, which the tests rule out.
        Ok(_) => "malformed JSON; fix or remove the line".to_string(),
    }
}

/// A serde_json error about a single line, without the `line 1` it always mentions.
fn json_message(e: &serde_json::Error) -> String {
    if e.classify() == serde_json::error::Category::Data {
        return "not a JSON object; every line of a JSON Lines input must be one object \
                (give --format text to clean it as plain text)"
            .to_string();
    }
    let full = e.to_string();
    let what = match full.rfind(" at line ") {
        Some(i) => &full[..i],
        None => &full,
    };
    format!(
        "malformed JSON: {} at column {}; fix or remove the line",
        lowercase_first(what),
        e.column()
    )
}

/// The bytes as UTF-8, invalid sequences replaced by U+FFFD, and how many bytes were
/// invalid.
fn lossy(bytes: &[u8]) -> (Cow<'_, str>, usize) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.into(), 0),
        Err(_) => {
            let invalid = bytes.utf8_chunks().map(|c| c.invalid().len()).sum();
            (String::from_utf8_lossy(bytes), invalid)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CategorySet;

    /// Normalization only: these tests are about records, not the rules.
    fn cleaner() -> Cleaner {
        Cleaner::builder().categories(CategorySet::none()).build()
    }

    fn clean(line: &str) -> Result<(Option<String>, Vec<u8>, Report), String> {
        clean_record(line.as_bytes(), &cleaner(), "text")
    }

    fn output(line: &str) -> String {
        String::from_utf8(clean(line).unwrap().1).unwrap()
    }

    fn error(line: &[u8]) -> String {
        clean_record(line, &cleaner(), "text").unwrap_err()
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let (text, lone) = unescape(r#"a \ud83d b \ud83d\ude00 c \udc00\n\u00e9\"\ud800"#);
        assert_eq!(text, "a \u{FFFD} b \u{1F600} c \u{FFFD}\n\u{e9}\"\u{FFFD}");
        assert_eq!(lone, 3);
        let line = br#"{"id":7,"text":"x \ud83d y"}"#;
        let (id, out, report) = clean_record(line, &Cleaner::fixer(), "text").unwrap();
        assert_eq!(id.as_deref(), Some("7"));
        assert_eq!(out, "{\"id\":7,\"text\":\"x \u{FFFD} y\"}\n".as_bytes());
        assert_eq!(report.lone_surrogates, 1);
        // Elsewhere than in the field they are copied; in a key they are an error.
        assert_eq!(
            output(r#"{"a":"\udc00","text":""}"#),
            "{\"a\":\"\\udc00\",\"text\":\"\"}\n"
        );
        assert!(error(br#"{"\udc00":1,"text":""}"#).starts_with("malformed JSON: lone"));
    }

    #[test]
    fn record_ids() {
        let id = |line: &str| clean(line).unwrap().0;
        assert_eq!(id(r#"{"id":"a\"b","text":""}"#), Some("a\"b".to_string()));
        assert_eq!(id(r#"{"id":-12,"text":""}"#), Some("-12".to_string()));
        assert_eq!(
            id(r#"{"id":1.5e3,"id":2,"text":""}"#),
            Some("2".to_string())
        );
        assert_eq!(id(r#"{"\u0069d":"x","text":""}"#), Some("x".to_string()));
        assert_eq!(id(r#"{"id":"\ud800","text":""}"#), None);
        assert_eq!(id(r#"{"id":null,"text":""}"#), None);
        assert_eq!(id(r#"{"id":[1],"text":""}"#), None);
        assert_eq!(id(r#"{"text":""}"#), None);
    }

    #[test]
    fn invalid_utf8_in_a_record_is_replaced_and_counted() {
        let (_, out, report) =
            clean_record(b"{\"k\":\"\xC3\",\"text\":\"a\xFFb\"}", &cleaner(), "text").unwrap();
        assert_eq!(
            out,
            "{\"k\":\"\u{FFFD}\",\"text\":\"a\u{FFFD}b\\n\"}\n".as_bytes()
        );
        assert_eq!(report.invalid_bytes, 2);
    }

    #[test]
    fn output_is_compact_and_keeps_other_values_as_they_stand() {
        assert_eq!(
            output(
                "\t{ \"id\" : \"doc-0\", \"n\": 1.50E+2 ,\"tags\": [ \"a\", {\"b\": null} ], \
                 \"text\": \"x\\u0020 y\", \"te\\u0078t\": \"caf\\u00e9\u{2028}\\/\" } \r"
            ),
            "{\"id\":\"doc-0\",\"n\":1.50E+2,\"tags\":[ \"a\", {\"b\": null} ],\
             \"text\":\"x\\u0020 y\",\"text\":\"caf\u{e9}\u{2028}/\\n\"}\n"
        );
    }

    #[test]
    fn the_field_is_escaped_like_serde_json() {
        let mut text: String = (0u8..0x80).map(char::from).collect();
        text.push_str("\u{2028}\u{2029}\u{FEFF}\u{10FFFF}e\u{301}");
        // Escapes back to back use up the room reserved for them, again and again.
        let mut texts = vec![
            text,
            String::new(),
            "\"\\\"".to_string(),
            "\u{1}".repeat(1000),
            format!("{}{}", "a".repeat(300), "\"\n".repeat(500)),
        ];
        // A special byte at every place of strings around the sixteen-byte blocks.
        for len in 1..40 {
            for at in 0..len {
                for special in ["\n", "\"", "\u{1}", "\u{e9}"] {
                    let mut t = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"[..len].to_string();
                    t.replace_range(at..=at, special);
                    texts.push(t);
                }
            }
        }
        for s in &texts {
            let mut ours = b"x".to_vec();
            write_string(&mut ours, s);
            let theirs = format!("x{}", serde_json::to_string(s).unwrap());
            assert_eq!(String::from_utf8(ours).unwrap(), theirs);
        }
    }

    #[test]
    fn fields_decode_with_escapes_at_every_place() {
        let mut texts = vec![String::new(), "\u{1F600}\u{e9}\\\"".to_string()];
        for len in 1..40 {
            for at in 0..len {
                for special in ["\n", "\"", "\u{1}", "\u{e9}", "\\", "\u{1F600}"] {
                    let mut t = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"[..len].to_string();
                    t.replace_range(at..=at, special);
                    texts.push(t);
                }
            }
        }
        for t in &texts {
            let json = serde_json::to_string(t).unwrap();
            // At the end of the line, and before more of it; escaped by serde_json,
            // and with every character as a `\u` escape.
            let spelled: String = t.encode_utf16().map(|u| format!("\\u{u:04X}")).collect();
            for value in [json, format!("\"{spelled}\"")] {
                for line in [
                    format!("{{\"text\":{value}}}"),
                    format!("{{\"text\":{value},\"tail\":\"{}\"}}", "x".repeat(40)),
                ] {
                    let got = with_field(line.as_bytes(), "text", str::to_string);
                    assert_eq!(got.as_deref(), Some(t.as_str()), "{line}");
                }
            }
        }
    }

    #[test]
    fn special_bytes_are_found_like_a_byte_loop_finds_them() {
        let naive = |b: &[u8]| b.iter().position(|&c| is_special(c)).unwrap_or(b.len());
        let base = "abcdefghijklmnop\u{e9}qrstuvwxyz~\u{7f}0123456789".repeat(3);
        let base = base.as_bytes();
        for len in 0..base.len() {
            for at in 0..=len {
                for special in [b'"', b'\\', 0, 0x1f, b'\n', b' ', 0x7f, 0xff] {
                    let mut b = base[..len].to_vec();
                    if at < len {
                        b[at] = special;
                    }
                    assert_eq!(find_special(&b), naive(&b), "{b:?}");
                    assert_eq!(find_special_swar(&b), naive(&b), "{b:?}");
                }
            }
        }
    }

    #[test]
    fn malformed_records_say_what_is_wrong() {
        for (line, want) in [
            (
                &b"{\"text\":\"abc"[..],
                "malformed JSON: EOF while parsing a string at column 12",
            ),
            (
                b"{\"text\":\"a\"",
                "malformed JSON: EOF while parsing an object",
            ),
            (
                b"{\"text\":\"a\"} x",
                "malformed JSON: trailing characters at column 14",
            ),
            (b"{\"text\":\"a\"}{}", "malformed JSON: trailing characters"),
            (
                b"{\"text\":\"a\\x\"}",
                "malformed JSON: invalid escape at column 12",
            ),
            (b"{\"text\":\"\\u12G4\"}", "malformed JSON: invalid escape"),
            (b"{\"text\":\"a\tb\"}", "malformed JSON: control character"),
            (b"{\"text\":01}", "malformed JSON: invalid number"),
            (b"{\"text\":1.}", "malformed JSON: invalid number"),
            (b"{\"text\":-}", "malformed JSON: invalid number"),
            (b"{\"text\":tru}", "malformed JSON: expected ident"),
            (b"{\"text\":[1,]}", "malformed JSON: expected value"),
            (b"{\"text\":\"a\",}", "malformed JSON: trailing comma"),
            (b"{text:1}", "malformed JSON: key must be a string"),
            (b"{\"a\" 1}", "malformed JSON: expected `:`"),
            (b"[1]", "not a JSON object"),
            (b"\"text\"", "not a JSON object"),
            (b"12", "not a JSON object"),
            (b"{\"id\":1}", "record has no \"text\" field"),
            (b"{\"Text\":\"a\"}", "record has no \"text\" field"),
            (b"{\"text\":3}", "field \"text\" is not a string"),
            (
                b"{\"text\":\"a\",\"text\":null}",
                "field \"text\" is not a string",
            ),
        ] {
            let got = error(line);
            assert!(
                got.starts_with(want),
                "{}: {got}",
                String::from_utf8_lossy(line)
            );
        }
    }

    #[test]
    fn a_text_left_alone_is_written_like_serde_json_writes_it() {
        // Escaped as serde_json escapes: the record's own bytes.
        let line = r#"{"text":"say \"hi\"\n\nback\\slash\n","id":1}"#;
        assert_eq!(output(line), format!("{line}\n"));
        // Escaped otherwise: written again.
        assert_eq!(
            output(r#"{"text":"a \/ b\u000Ac \u00e9\n"}"#),
            "{\"text\":\"a / b\\nc \u{e9}\\n\"}\n"
        );
    }

    #[test]
    fn duplicate_keys_clean_the_last_and_keep_both() {
        assert_eq!(
            output(r#"{"text":"a  b","text":"c  d"}"#),
            "{\"text\":\"a  b\",\"text\":\"c d\\n\"}\n"
        );
        assert!(clean(r#"{"text":"a","text":7}"#).is_err());
    }

    #[test]
    fn deep_nesting_is_scanned_without_recursion() {
        let deep = format!(
            "{{\"a\":{}1{},\"text\":\"\"}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(clean(&deep).is_ok());
        assert!(!is_record(&deep.as_bytes()[..deep.len() - 1]));
    }

    /// The implementation this module replaced, on serde_json: the scanner must accept,
    /// refuse and write exactly what it did.
    mod oracle {
        use super::*;
        use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
        use std::fmt;

        struct Record<'a>(Vec<(String, &'a RawValue)>);

        impl<'de: 'a, 'a> Deserialize<'de> for Record<'a> {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Record<'a>, D::Error> {
                struct Fields;
                impl<'de> Visitor<'de> for Fields {
                    type Value = Record<'de>;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a JSON object")
                    }
                    fn visit_map<A: MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<Record<'de>, A::Error> {
                        let mut fields = Vec::new();
                        while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
                            fields.push(entry);
                        }
                        Ok(Record(fields))
                    }
                }
                d.deserialize_map(Fields)
            }
        }

        pub(super) fn is_record(line: &[u8]) -> bool {
            serde_json::from_str::<Record>(&lossy(line).0).is_ok()
        }

        pub(super) fn clean_record(
            line: &[u8],
            cleaner: &Cleaner,
            field: &str,
        ) -> Result<(Option<String>, Vec<u8>, Report), String> {
            let (text, invalid_bytes) = lossy(line);
            let record: Record = serde_json::from_str(&text).map_err(|e| json_message(&e))?;
            let position = |key: &str| record.0.iter().rposition(|(k, _)| k == key);
            let at = position(field).ok_or_else(|| format!("record has no \"{field}\""))?;
            let raw = record.0[at].1.get();
            let (value, lone_surrogates) = match serde_json::from_str::<String>(raw) {
                Ok(value) => (value, 0),
                Err(_) => match raw.as_bytes()[0] {
                    b'"' => {
                        let (v, n) = unescape(inner(raw));
                        (v.into_owned(), n)
                    }
                    _ => return Err(format!("field \"{field}\" is not a string")),
                },
            };
            let mut cleaned = cleaner.clean_text(&value);
            cleaned.report.invalid_bytes = invalid_bytes;
            cleaned.report.lone_surrogates = lone_surrogates;
            let mut out = vec![b'{'];
            for (j, (key, raw)) in record.0.iter().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut out, key).unwrap();
                out.push(b':');
                if j == at {
                    serde_json::to_writer(&mut out, &cleaned.text).unwrap();
                } else {
                    out.extend_from_slice(raw.get().as_bytes());
                }
            }
            out.extend_from_slice(b"}\n");
            let id = position("id").and_then(|i| {
                let raw = record.0[i].1.get();
                match raw.as_bytes()[0] {
                    b'"' => serde_json::from_str(raw).ok(),
                    b'-' | b'0'..=b'9' => Some(raw.to_string()),
                    _ => None,
                }
            });
            Ok((id, out, cleaned.report))
        }
    }

    /// Compares the scanner with serde_json on one line.
    fn agree(line: &[u8], cleaner: &Cleaner) {
        let shown = String::from_utf8_lossy(line);
        assert_eq!(is_record(line), oracle::is_record(line), "{shown}");
        let ours = clean_record(line, cleaner, "text");
        let theirs = oracle::clean_record(line, cleaner, "text");
        match (ours, theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{shown}"),
            // The oracle shortens the messages it does not need to compare.
            (Err(a), Err(b)) => assert!(a.starts_with(&b), "{shown}: {a} / {b}"),
            (a, b) => panic!("{shown}: {a:?} / {b:?}"),
        }
    }

    #[test]
    fn agrees_with_serde_json_on_tricky_lines() {
        let cleaner = cleaner();
        for line in [
            &b"{}"[..],
            b" {\"text\" :\"a\" } ",
            b"{\"text\":\"\\ud83d\\ude00 \\uD83D\\uDE00 \\ud83d\\u0041 \\ud83d\\n\"}",
            b"{\"text\":\"x\",\"o\":{\"\\ud800\":[]}}",
            b"{\"\\ud83d\\ude00\":1,\"text\":\"\"}",
            b"{\"\\ud83d\":1,\"text\":\"\"}",
            b"{\"\\ud83d\\u0041\":1,\"text\":\"\"}",
            b"{\"text\":\"\",\"n\":[-0,0.0e0,-1E-0,1e+9,{},[],[{}],{\"a\":[]}]}",
            b"{\"text\":\"\",\"n\":00}",
            b"{\"text\":\"\",\"n\":-01}",
            b"{\"text\":\"\",\"n\":1e}",
            b"{\"text\":\"\",\"n\":.5}",
            b"{\"text\":\"\",\"n\":+1}",
            b"{\"text\":\"\",\"n\":[1 2]}",
            b"{\"text\":\"\",\"n\":{\"a\"}}",
            b"{\"text\":\"\",\"n\":{\"a\":1,}}",
            b"{\"text\":\"\",\"n\":{,}}",
            b"{\"text\":\"\",\"n\":[,]}",
            b"{\"text\":\"\",\"n\":nulll}",
            b"{\"text\":\"\" \"n\":1}",
            b"{\"text\":\"\"\x0b}",
            b"\x0c{\"text\":\"\"}",
            b"{\"text\":\"\\u00\"}",
            b"{\"text\":\"\\",
            b"{\"text\":\"\\u",
            b"{\"text\"",
            b"{",
            b"",
            b"   ",
            b"{\"text\":\"\xF0\x9F\x98\"}",
            b"{\"te\xFFxt\":\"a\",\"text\":\"b\"}",
            b"{\"text\":\"a\x7f\xC2\x85\"}",
            // Texts that cleaning leaves alone, written as serde_json writes them or
            // not: the output must be serde_json's either way.
            b"{\"text\":\"clean \\\"quoted\\\" text\\n\"}",
            b"{\"text\":\"clean\\n\\nparagraphs\\n\",\"id\":1}",
            b"{\"text\":\"a slash \\/ here\\n\"}",
            b"{\"text\":\"caf\\u00e9 and caf\xC3\xA9\\n\"}",
            b"{\"text\":\"\\u0041 spelled\\u000a\"}",
            b"{\"text\":\"\\ud83d\\ude00 pair\\n\"}",
            b"{\"text\":\"lone \\ud83d\\n\"}",
            b"{\"text\":\"no newline at the end\"}",
            b"{\"text\":\"\\u001f\\u001F\\u0008\\b\\n\"}",
        ] {
            agree(line, &cleaner);
        }
    }

    /// A small deterministic generator (xorshift) for the mutation test.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    #[test]
    fn agrees_with_serde_json_on_mutated_lines() {
        let cleaner = cleaner();
        let long = format!(
            "{{\"id\": 3, \"text\": \"{}\", \"tail\": \"{}\"}}",
            "word \\\"quoted\\\" and\\n\\nmore\\u00e9\\\\ ".repeat(12),
            "x".repeat(70)
        );
        let seeds: [&[u8]; 6] = [
            long.as_bytes(),
            br#"{"id": "doc-1", "source": "x/y", "text": "Hello \"world\"\n\nBye\u00a0 now\ud83d\ude00", "n": -1.5e3}"#,
            br#"{"text":"a\\b\/c\t\u2019","tags":["a",{"b":[true,false,null]}],"id":12}"#,
            br#"{"\u0074ext":"x","text":"y  \ud800z","id":"\u0041"}"#,
            br#"{"meta":{"k":[0,1.25,{"x":"\udc00"}]},"text":"caf\u00c3\u00a9"}"#,
            "{\"text\":\"\u{e9}\u{2028}\u{10FFFF}\",\"id\":0}".as_bytes(),
        ];
        let alphabet = b"\"\\{}[],: \t0-1.eE+ufd8Dxntrl\x01\n\xC3\xA9";
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for seed in seeds {
            agree(seed, &cleaner);
            for _ in 0..4000 {
                let mut line = seed.to_vec();
                for _ in 0..1 + rng.below(3) {
                    let at = rng.below(line.len() + 1);
                    let byte = alphabet[rng.below(alphabet.len())];
                    match rng.below(4) {
                        0 if at < line.len() => {
                            line.remove(at);
                        }
                        1 if at < line.len() => line[at] = byte,
                        2 => line.truncate(at),
                        _ => line.insert(at, byte),
                    }
                }
                agree(&line, &cleaner);
            }
        }
    }
}
