//! Text -> lines with their spans, and a folded "view" of each line for matching.
//!
//! Rules look at the *view* of a line: curly quotes straightened, every run of Unicode
//! whitespace turned into one space, control and zero-width characters dropped, ends
//! trimmed. That lets one pattern match `Send tips to kyle@…` whether the scrape has a
//! space or a no-break space there. A view offset maps back to the source with
//! [`Line::source_span`], so removals are always reported in source coordinates.

use crate::normalize::chars::{class, Class};
use crate::Span;
use std::borrow::Cow;

/// One non-blank line of the document.
#[derive(Debug)]
pub struct Line<'a> {
    /// The line's content in the source, without its ending and surrounding whitespace.
    pub span: Span,
    /// `&source[span]`.
    pub raw: &'a str,
    /// The folded text rules match against.
    pub view: Cow<'a, str>,
    /// Whether the view differs from the raw text. Its map back to the source is
    /// rebuilt only when a rule reports a span of it (see [`Line::source_span`]), which
    /// few lines need.
    folded: bool,
    /// Index of the paragraph (run of lines without a blank line between) it belongs to.
    pub para: usize,
    /// The classes of bytes the view holds, for the rules' gates.
    pub(crate) has: Has,
}

/// The classes of bytes a text holds, found in one pass over it, so that the rules'
/// gates can ask "is there a bracket?" of every line without searching it again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Has(u32);

impl Has {
    /// `(`
    pub(crate) const OPEN_PAREN: Has = Has(1);
    /// `)`
    pub(crate) const CLOSE_PAREN: Has = Has(1 << 1);
    /// `[`
    pub(crate) const OPEN_BRACKET: Has = Has(1 << 2);
    /// `{`
    pub(crate) const OPEN_BRACE: Has = Has(1 << 3);
    /// `;`
    pub(crate) const SEMICOLON: Has = Has(1 << 4);
    /// `:`
    pub(crate) const COLON: Has = Has(1 << 5);
    /// `@`
    pub(crate) const AT: Has = Has(1 << 6);
    /// `/`
    pub(crate) const SLASH: Has = Has(1 << 7);
    /// `|`
    pub(crate) const PIPE: Has = Has(1 << 8);
    /// `>`
    pub(crate) const GREATER: Has = Has(1 << 9);
    /// `.`
    pub(crate) const PERIOD: Has = Has(1 << 10);
    /// `!` or `?`
    pub(crate) const BANG_OR_QUESTION: Has = Has(1 << 11);
    /// A byte that is not ASCII.
    pub(crate) const NOT_ASCII: Has = Has(1 << 12);
    /// An ASCII control character (tab included) or DEL.
    pub(crate) const CONTROL: Has = Has(1 << 13);
    /// An ASCII character an agency credit line cannot hold: anything but letters,
    /// whitespace and `'.&-/()`.
    pub(crate) const NOT_CREDIT: Has = Has(1 << 14);
    /// A lower-case `b`, which several phrases rules look for have ("not be",
    /// "contribut").
    pub(crate) const LOWER_B: Has = Has(1 << 15);

    /// The classes of the bytes of `text`.
    pub(crate) fn of(text: &str) -> Has {
        // Eight bytes a round, into two accumulators, so that the lookups do not wait
        // on one another.
        let class = |b: u8| CLASSES[usize::from(b)];
        let mut eights = text.as_bytes().chunks_exact(8);
        let (mut a, mut b) = (0, 0);
        for c in &mut eights {
            a |= class(c[0]) | class(c[1]) | class(c[2]) | class(c[3]);
            b |= class(c[4]) | class(c[5]) | class(c[6]) | class(c[7]);
        }
        for &c in eights.remainder() {
            a |= class(c);
        }
        Has(a | b)
    }

    /// Whether any of the classes in `classes` is present.
    #[inline]
    pub(crate) fn any(self, classes: Has) -> bool {
        self.0 & classes.0 != 0
    }

    /// Whether all of the classes in `classes` are present.
    #[inline]
    pub(crate) fn all(self, classes: Has) -> bool {
        self.0 & classes.0 == classes.0
    }
}

impl std::ops::BitOr for Has {
    type Output = Has;
    fn bitor(self, other: Has) -> Has {
        Has(self.0 | other.0)
    }
}

/// The classes of each byte (see [`Has`]).
const CLASSES: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let mut has = match c {
            b'(' => Has::OPEN_PAREN.0,
            b')' => Has::CLOSE_PAREN.0,
            b'[' => Has::OPEN_BRACKET.0,
            b'{' => Has::OPEN_BRACE.0,
            b';' => Has::SEMICOLON.0,
            b':' => Has::COLON.0,
            b'@' => Has::AT.0,
            b'/' => Has::SLASH.0,
            b'|' => Has::PIPE.0,
            b'>' => Has::GREATER.0,
            b'.' => Has::PERIOD.0,
            b'!' | b'?' => Has::BANG_OR_QUESTION.0,
            b'b' => Has::LOWER_B.0,
            0x80..=0xff => Has::NOT_ASCII.0,
            0..=0x1f | 0x7f => Has::CONTROL.0,
            _ => 0,
        };
        let credit = c.is_ascii_alphabetic()
            || c.is_ascii_whitespace()
            || matches!(c, 0x0b | b'\'' | b'.' | b'&' | b'-' | b'/' | b'(' | b')');
        if c.is_ascii() && !credit {
            has |= Has::NOT_CREDIT.0;
        }
        t[b] = has;
        b += 1;
    }
    t
};

impl Line<'_> {
    /// Maps a byte range of the view back to a span of the source.
    pub fn source_span(&self, start: usize, end: usize) -> Span {
        let base = self.span.start;
        if !self.folded {
            return Span::new(base + start, base + end);
        }
        // Fold the line again, only as far as the view byte `end - 1`, noting the source
        // of the characters behind view bytes `start` and `end - 1`.
        let last = end.checked_sub(1);
        let (mut s, mut e) = (None, None);
        let mut at = 0; // view bytes so far
        for (i, c, mapped) in folded_chars(self.raw) {
            at += mapped.len_utf8();
            if s.is_none() && start < at {
                s = Some(i);
            }
            // The end is one past the last character taken, not the start of the next
            // one, so that trailing whitespace the view collapsed is not included.
            if e.is_none() && last.is_some_and(|l| l < at) {
                e = Some(i + c.len_utf8());
            }
            if s.is_some() && (e.is_some() || last.is_none()) {
                break;
            }
        }
        let s = base + s.unwrap_or(self.raw.len());
        let e = e.map_or(s, |e| base + e);
        Span::new(s, e.max(s))
    }

    /// Number of words (runs of non-space) in the view.
    pub fn words(&self) -> usize {
        // The view never has two spaces in a row (folding collapses every run of
        // whitespace, even across a dropped zero-width character), so each space
        // separates two words, except one at either end: a dropped character can leave
        // one there. A space is one byte, and no other byte of UTF-8 text is one, so
        // the spaces are counted with a vector byte count.
        let b = self.view.as_bytes();
        let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
            return 0;
        };
        let spaces = memchr::memchr_iter(b' ', b).count();
        (spaces + 1).saturating_sub(usize::from(first == b' ') + usize::from(last == b' '))
    }
}

#[cfg(test)]
fn char_len_at(raw: &str, at: usize) -> usize {
    raw[at..].chars().next().map_or(0, char::len_utf8)
}

/// A document as rules see it: the source and its non-blank lines.
#[derive(Debug)]
pub struct Doc<'a> {
    /// The decoded source text.
    pub source: &'a str,
    /// The non-blank lines, in order.
    pub lines: Vec<Line<'a>>,
}

impl<'a> Doc<'a> {
    /// Segments `source` into lines.
    pub fn new(source: &'a str) -> Doc<'a> {
        let bytes = source.as_bytes();
        // Room for lines of forty bytes: a guess, which spares counting the lines first.
        let mut lines = Vec::with_capacity(bytes.len() / 40 + 4);
        // Where the text has two spaces in a row, found in one search of the whole
        // text rather than one per line: a line of printable ASCII is folded only
        // where it has them.
        let mut doubles = DOUBLE_SPACE.find_iter(bytes).peekable();
        let mut para = 0;
        let mut gap = false;
        let mut start = 0;
        let mut breaks = memchr::memchr_iter(b'\n', bytes);
        loop {
            let end = breaks.next().unwrap_or(bytes.len());
            let piece = &source[start..end];
            let rest = trim_start(piece);
            let content = trim_end(rest);
            if content.is_empty() {
                gap = true;
            } else {
                if gap && !lines.is_empty() {
                    para += 1;
                }
                gap = false;
                let s = start + piece.len() - rest.len();
                let mut has = Has::of(content);
                let view = if has.any(Has::NOT_ASCII | Has::CONTROL) {
                    view_of(content)
                } else {
                    // The first two spaces in a row at or after the line's start; the
                    // line is trimmed, so a pair that starts inside it ends inside it.
                    while doubles.next_if(|&at| at < s).is_some() {}
                    match doubles.peek() {
                        Some(&at) if at < s + content.len() => fold_from(content, at - s + 1),
                        _ => Cow::Borrowed(content),
                    }
                };
                if let Cow::Owned(folded) = &view {
                    has = Has::of(folded);
                }
                lines.push(Line {
                    span: Span::new(s, s + content.len()),
                    raw: content,
                    folded: matches!(view, Cow::Owned(_)),
                    view,
                    para,
                    has,
                });
            }
            if end == bytes.len() {
                break;
            }
            start = end + 1;
        }
        Doc { source, lines }
    }

    /// Whether line `i` is alone in its paragraph (blank lines or the document edge on
    /// both sides).
    pub fn alone(&self, i: usize) -> bool {
        let p = self.lines[i].para;
        (i == 0 || self.lines[i - 1].para != p) && self.lines.get(i + 1).is_none_or(|n| n.para != p)
    }
}

/// Whether `b` is an ASCII byte that is not whitespace in the sense of
/// [`char::is_whitespace`] (which, unlike [`u8::is_ascii_whitespace`], counts the
/// vertical tab).
fn ascii_not_space(b: u8) -> bool {
    b.is_ascii() && !matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// [`str::trim_start`], at once when the first byte is ASCII and not whitespace.
fn trim_start(s: &str) -> &str {
    match s.as_bytes().first() {
        Some(&b) if ascii_not_space(b) => s,
        _ => s.trim_start(),
    }
}

/// [`str::trim_end`], at once when the last byte is ASCII and not whitespace.
fn trim_end(s: &str) -> &str {
    match s.as_bytes().last() {
        Some(&b) if ascii_not_space(b) => s,
        _ => s.trim_end(),
    }
}

/// Finds two spaces in a row: all that changes the view of a line of printable ASCII.
static DOUBLE_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"  "));

/// The folded view of a trimmed line (see the module docs), borrowed when folding
/// changes nothing, which is most lines: [`fold`] without the map, only faster.
fn view_of(raw: &str) -> Cow<'_, str> {
    match first_change(raw) {
        None => Cow::Borrowed(raw),
        Some(at) => fold_from(raw, at),
    }
}

/// The folded view of `raw`, which folding first changes at `at`.
fn fold_from(raw: &str, at: usize) -> Cow<'_, str> {
    let b = raw.as_bytes();
    let mut view = String::with_capacity(raw.len());
    let mut in_space = raw[..at].ends_with(' ');
    // Bytes from `run` on are copied as they are when the run ends.
    let mut run = 0;
    let mut i = at;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_graphic() {
            in_space = false;
            i += 1;
            continue;
        }
        if c == b' ' && !in_space {
            in_space = true;
            i += 1;
            continue;
        }
        view.push_str(&raw[run..i]);
        let ch = raw[i..].chars().next().expect("a character starts here");
        i += ch.len_utf8();
        run = i;
        match fold_char(ch) {
            None => {}
            Some(' ') if in_space => {}
            Some(mapped) => {
                in_space = mapped == ' ';
                view.push(mapped);
            }
        }
    }
    view.push_str(&raw[run..]);
    Cow::Owned(view)
}

/// Where folding first changes `raw`, if it does: at a control, a curly quote, any
/// whitespace but a single space, or the second of two spaces.
fn first_change(raw: &str) -> Option<usize> {
    let b = raw.as_bytes();
    let mut in_space = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_graphic() {
            in_space = false;
            i += 1;
            continue;
        }
        if c == b' ' {
            if in_space {
                return Some(i);
            }
            in_space = true;
            i += 1;
            continue;
        }
        let ch = raw[i..].chars().next().expect("a character starts here");
        if fold_char(ch) != Some(ch) {
            return Some(i);
        }
        in_space = false;
        i += ch.len_utf8();
    }
    None
}

/// What one character becomes in the view, if anything.
fn fold_char(c: char) -> Option<char> {
    Some(match class(c) {
        Class::Control => return None,
        Class::Single => '\'',
        Class::Double => '"',
        Class::Space | Class::Blank => ' ',
        Class::Keep if c.is_whitespace() => ' ',
        Class::Keep => c,
    })
}

/// The characters of a line's view, each with the offset in `raw` and the character of
/// `raw` it stands for: what folding maps each character to, with runs of spaces cut to
/// the first.
fn folded_chars(raw: &str) -> impl Iterator<Item = (usize, char, char)> + '_ {
    let mut in_space = false;
    raw.char_indices().filter_map(move |(i, c)| {
        let mapped = fold_char(c)?;
        let space = mapped == ' ';
        let skip = space && in_space;
        in_space = space;
        (!skip).then_some((i, c, mapped))
    })
}

/// Folds a trimmed line for matching; see the module docs. With `with_map`, a folded
/// view comes with the source offset of the character behind each view byte, plus one
/// entry for the end: the definition [`Doc::new`] and [`Line::source_span`] are held
/// to.
#[cfg(test)]
fn fold(raw: &str, offset: usize, with_map: bool) -> (Cow<'_, str>, Option<Vec<u32>>) {
    let simple = raw.bytes().all(|b| (0x20..0x7f).contains(&b)) && !raw.contains("  ");
    if simple {
        return (Cow::Borrowed(raw), None);
    }
    let mut view = String::with_capacity(raw.len());
    let mut map = Vec::with_capacity(if with_map { raw.len() + 1 } else { 0 });
    for (i, _, mapped) in folded_chars(raw) {
        view.push(mapped);
        if with_map {
            map.extend(std::iter::repeat_n((offset + i) as u32, mapped.len_utf8()));
        }
    }
    if !with_map {
        return (Cow::Owned(view), None);
    }
    map.push((offset + raw.len()) as u32);
    (Cow::Owned(view), Some(map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_paragraphs() {
        let d = Doc::new("Title\n\n  a line\nnext\r\n\n\nlast");
        let v: Vec<_> = d.lines.iter().map(|l| (l.raw, l.para)).collect();
        assert_eq!(v, [("Title", 0), ("a line", 1), ("next", 1), ("last", 2)]);
        assert!(d.alone(0) && !d.alone(1) && d.alone(3));
    }

    /// Words are the non-empty pieces between spaces.
    #[test]
    fn words_are_pieces_between_spaces() {
        let d = Doc::new(
            "a\n  one two\nx  y   z \n\u{e9}t\u{e9} \u{a0}caf\u{e9}\nsolo\n\u{200b} lead \u{200b}\n\
             \u{200b}\na \u{200b} b\n\u{200b} \u{200b}",
        );
        for l in &d.lines {
            let pieces = l.view.split(' ').filter(|w| !w.is_empty()).count();
            assert_eq!(l.words(), pieces, "{:?}", l.view);
        }
    }

    /// The views found with the document's double spaces are the folded lines.
    #[test]
    fn views_of_double_spaces() {
        let src = "  a  b\n   \n c   d  \n\n  e f\n\tg  h \u{e9}  i\n  \n j k    l";
        let d = Doc::new(src);
        let views: Vec<&str> = d.lines.iter().map(|l| &*l.view).collect();
        assert_eq!(views, ["a b", "c d", "e f", "g h \u{e9} i", "j k l"]);
        for l in &d.lines {
            assert_eq!(l.view, fold(l.raw, 0, false).0, "{:?}", l.raw);
        }
    }

    /// Every range of every folded view maps back where the full map of `fold` says.
    #[test]
    fn source_spans_follow_the_map() {
        let src = "  Send\u{a0}tips \u{2018}now\u{2019}  to\u{200b} kyle@x.org\t\u{201c}caf\u{e9}\u{201d}  \n\
                   x \u{3000} y\u{7}z   \u{2014} end\u{a0}";
        let d = Doc::new(src);
        let mut folded = 0;
        for l in &d.lines {
            let (view, map) = fold(l.raw, l.span.start, true);
            assert_eq!(view, l.view);
            let Some(map) = map else { continue };
            folded += 1;
            let n = l.view.len();
            for start in (0..=n).filter(|&i| l.view.is_char_boundary(i)) {
                for end in (start..=n).filter(|&i| l.view.is_char_boundary(i)) {
                    let s = map[start] as usize;
                    let e = if end == 0 {
                        s
                    } else {
                        let last = map[end - 1] as usize;
                        last + char_len_at(l.raw, last - l.span.start)
                    };
                    let want = Span::new(s, e.max(s));
                    assert_eq!(
                        l.source_span(start, end),
                        want,
                        "{:?} {start}..{end}",
                        l.view
                    );
                }
            }
        }
        assert_eq!(folded, 2);
    }

    #[test]
    fn view_folds_and_maps_back() {
        let src = "Send tips to\u{a0}kyle@x.org \u{2018}now\u{2019}";
        let d = Doc::new(src);
        let l = &d.lines[0];
        assert_eq!(l.view, "Send tips to kyle@x.org 'now'");
        let at = l.view.find("kyle").unwrap();
        let sp = l.source_span(0, at + 4);
        assert_eq!(&src[sp.range()], "Send tips to\u{a0}kyle");
        let q = l.view.find('\'').unwrap();
        assert_eq!(
            &src[l.source_span(q, l.view.len()).range()],
            "\u{2018}now\u{2019}"
        );
    }
}
