//! [`OriginMap`]: where each byte of a derived text came from in the source.
//!
//! Removals and repairs produce new text; the report must still point into the source.
//! The map is a list of pieces of the derived text, each either copied verbatim from a
//! source range (every byte maps one to one) or written by a replacement (the whole
//! piece maps to the source range it replaced). Texts that nothing changed never build
//! one.

use crate::Span;
use std::ops::Range;

/// One piece of the derived text, from `out` up to the next piece's `out`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    /// Where the piece starts in the derived text.
    out: usize,
    /// The source range it came from.
    src: Span,
    /// Copied byte for byte (else written by a replacement of `src`).
    verbatim: bool,
}

/// Maps byte offsets of a derived text back to the source text.
///
/// ```ignore
/// let mut map = OriginMap::default();
/// map.copy(0..4); // "Keep" of "Keep junk more"
/// map.copy(9..14); // " more"
/// assert_eq!(map.span(5..9), Span::new(10, 14));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct OriginMap {
    pieces: Vec<Piece>,
    len: usize,
}

/// A replacement of `range` of a text by `len` bytes of new text.
pub(crate) trait Replaced {
    /// The replaced range of the old text.
    fn range(&self) -> Range<usize>;
    /// Length of the new text written in its place.
    fn new_len(&self) -> usize;
}

impl OriginMap {
    /// The map of a text that is its own source.
    pub(crate) fn identity(len: usize) -> OriginMap {
        let mut map = OriginMap::default();
        map.copy(0..len);
        map
    }

    /// Appends text copied verbatim from `src` in the source.
    pub(crate) fn copy(&mut self, src: Range<usize>) {
        if src.is_empty() {
            return;
        }
        let len = src.len();
        match self.pieces.last_mut() {
            // Contiguous with the last copy: extend it.
            Some(p) if p.verbatim && p.src.end == src.start => p.src.end = src.end,
            _ => self.pieces.push(Piece {
                out: self.len,
                src: Span::new(src.start, src.end),
                verbatim: true,
            }),
        }
        self.len += len;
    }

    /// Appends `len` bytes of new text written in place of `src`.
    fn replaced(&mut self, len: usize, src: Span) {
        if len == 0 {
            return;
        }
        self.pieces.push(Piece {
            out: self.len,
            src,
            verbatim: false,
        });
        self.len += len;
    }

    /// Length of the derived text.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The piece that holds byte `pos` of the derived text (`pos < len`).
    fn piece_at(&self, pos: usize) -> &Piece {
        let i = self.pieces.partition_point(|p| p.out <= pos);
        &self.pieces[i.saturating_sub(1)]
    }

    /// The source span a non-empty range of the derived text came from: exact inside
    /// verbatim pieces, and widened to the whole replaced range inside written ones.
    pub(crate) fn span(&self, range: Range<usize>) -> Span {
        debug_assert!(range.start < range.end && range.end <= self.len);
        let first = self.piece_at(range.start);
        let last = self.piece_at(range.end - 1);
        let start = if first.verbatim {
            first.src.start + (range.start - first.out)
        } else {
            first.src.start
        };
        let end = if last.verbatim {
            last.src.start + (range.end - last.out)
        } else {
            last.src.end
        };
        Span::new(start, end)
    }

    /// The map of the text made by applying `edits` (sorted, non-overlapping ranges of
    /// the text this map describes) to it.
    pub(crate) fn after<E: Replaced>(&self, edits: &[E]) -> OriginMap {
        let mut next = OriginMap::default();
        let mut at = 0;
        for e in edits {
            let r = e.range();
            self.copy_range(at..r.start, &mut next);
            if !r.is_empty() {
                next.replaced(e.new_len(), self.span(r.clone()));
            }
            at = r.end;
        }
        self.copy_range(at..self.len, &mut next);
        next
    }

    /// Appends to `next` the part of this map that covers `range`.
    fn copy_range(&self, range: Range<usize>, next: &mut OriginMap) {
        if range.is_empty() {
            return;
        }
        let from = self.pieces.partition_point(|p| p.out <= range.start) - 1;
        for (i, p) in self.pieces.iter().enumerate().skip(from) {
            if p.out >= range.end {
                break;
            }
            let end = self.pieces.get(i + 1).map_or(self.len, |q| q.out);
            let (a, b) = (p.out.max(range.start), end.min(range.end));
            if p.verbatim {
                let src = p.src.start + (a - p.out);
                next.copy(src..src + (b - a));
            } else {
                next.replaced(b - a, p.src);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct E(Range<usize>, usize);
    impl Replaced for E {
        fn range(&self) -> Range<usize> {
            self.0.clone()
        }
        fn new_len(&self) -> usize {
            self.1
        }
    }

    #[test]
    fn copies_map_one_to_one() {
        let mut map = OriginMap::default();
        map.copy(0..4);
        map.copy(9..14);
        assert_eq!(map.len(), 9);
        assert_eq!(map.span(0..4), Span::new(0, 4));
        assert_eq!(map.span(5..9), Span::new(10, 14));
        assert_eq!(map.span(3..5), Span::new(3, 10));
    }

    #[test]
    fn edits_compose() {
        // "a &amp;#8217; b": first "&amp;" becomes "&", then "&#8217;" becomes "’".
        let src = "a &amp;#8217; b";
        let map = OriginMap::identity(src.len());
        let once = map.after(&[E(2..7, 1)]);
        assert_eq!(once.len(), 11); // "a &#8217; b"
        assert_eq!(once.span(2..3), Span::new(2, 7));
        assert_eq!(once.span(3..9), Span::new(7, 13));
        assert_eq!(once.span(2..9), Span::new(2, 13));
        let twice = once.after(&[E(2..9, 3)]);
        assert_eq!(twice.len(), 7); // "a ’ b"
        assert_eq!(twice.span(2..5), Span::new(2, 13));
        assert_eq!(twice.span(5..7), Span::new(13, 15));
        // A deletion leaves nothing that maps into it.
        let gone = twice.after(&[E(0..2, 0)]);
        assert_eq!(gone.span(0..3), Span::new(2, 13));
    }
}
