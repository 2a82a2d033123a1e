//! The one place that applies removals to the source text.
//!
//! Rules only propose spans; this module turns the source plus a sorted, non-overlapping
//! list of spans into the text that normalization then runs on. Its behaviour is part
//! of the report's contract, since [`crate::replay`] calls it too:
//!
//! - A line that had a removal and is left with nothing but whitespace disappears
//!   together with its line break, so removing "Font Size:" leaves no hole.
//! - An inline removal inside a line also takes the whitespace before it ("said.
//!   (RELATED: …)" becomes "said."); one at the start of a line takes the whitespace
//!   after it. The rest of the line stays.
//! - Lines without removals are copied as they are.

use crate::origin::OriginMap;
use crate::Span;
use std::ops::Range;

/// Applies `spans` (sorted by start, non-overlapping) to `source`.
///
/// ```
/// use deboiler::{draft::apply_removals, Span};
/// let src = "Font Size:\nThe bank said no. (RELATED: Banks)\nEnd.";
/// let out = apply_removals(src, &[Span::new(0, 10), Span::new(29, 45)]);
/// assert_eq!(out, "The bank said no.\nEnd.");
/// ```
pub fn apply_removals(source: &str, spans: &[Span]) -> String {
    if spans.is_empty() {
        return source.to_string();
    }
    let mut out = String::with_capacity(source.len());
    for r in kept_ranges(source, spans) {
        out.push_str(&source[r]);
    }
    out
}

/// Maps each byte of [`apply_removals`]`(source, spans)` back to `source`. Built apart
/// from the text, and only when a repair must be traced back, which few documents need.
pub(crate) fn removal_map(source: &str, spans: &[Span]) -> OriginMap {
    if spans.is_empty() {
        return OriginMap::identity(source.len());
    }
    let mut map = OriginMap::default();
    for r in kept_ranges(source, spans) {
        map.copy(r);
    }
    map
}

/// The ranges of `source` that are kept, in order.
fn kept_ranges(source: &str, spans: &[Span]) -> Vec<Range<usize>> {
    let mut kept = Vec::new();
    let mut next = 0; // first span that may still touch the current line
    let mut line_start = 0;
    let bytes = source.as_bytes();
    while line_start < source.len() {
        // Spans sorted and apart end in order: those ending by this line's start can
        // touch neither it nor any line after it.
        while next < spans.len() && spans[next].end <= line_start {
            next += 1;
        }
        if let Some(s) = spans.get(next).filter(|s| s.start <= line_start) {
            // Inside a span: each line that ends before the span does goes, line
            // break and all, with nothing to look at.
            if let Some(i) = memchr::memrchr(b'\n', &bytes[line_start..s.end]) {
                line_start += i + 1;
                continue;
            }
        }
        // The lines before the one the next span starts in are untouched: keep them
        // in one piece.
        let upto = spans.get(next).map_or(source.len(), |s| s.start);
        if upto > line_start {
            let skip = memchr::memrchr(b'\n', &bytes[line_start..upto])
                .map_or(line_start, |i| line_start + i + 1);
            if skip > line_start {
                kept.push(line_start..skip);
                line_start = skip;
                if line_start >= source.len() {
                    break;
                }
            }
        }
        let nl = memchr::memchr(b'\n', &bytes[line_start..]);
        let (line_end, after) = match nl {
            Some(i) => (line_start + i, line_start + i + 1),
            None => (source.len(), source.len()),
        };
        // The spans that may touch this line (`keep_outside` skips the others).
        let near = spans[next..]
            .iter()
            .take_while(|s| s.start < line_end || (s.start == line_end && line_start == line_end))
            .count();
        let near = &spans[next..next + near];
        if line_start < line_end
            && near
                .first()
                .is_some_and(|s| s.start <= line_start && line_end <= s.end)
        {
            // A line removed whole (most removals): it goes with its line break.
            line_start = after;
            continue;
        }
        if !near.iter().any(|s| touches(*s, line_start, line_end)) {
            kept.push(line_start..after);
        } else if keep_outside(source, line_start..line_end, near, &mut kept) {
            kept.push(line_end..after);
        }
        line_start = after;
    }
    kept
}

/// Whether a span removes something from the line `start..end`. A blank line counts as
/// touched when a span runs across it.
fn touches(s: Span, start: usize, end: usize) -> bool {
    if start == end {
        return touches_blank(s, start, end);
    }
    s.start < end && start < s.end
}

/// Whether a span runs across the blank line at `start` (`end` is `start` then).
fn touches_blank(s: Span, start: usize, end: usize) -> bool {
    start == end && s.start <= start && start < s.end
}

/// Appends to `kept` the ranges of the line `line` of `source` outside those of
/// `spans` that touch it, with the whitespace that an inline removal leaves behind taken
/// out; appends nothing when only whitespace is left. Returns whether it appended any.
fn keep_outside(
    source: &str,
    line: Range<usize>,
    spans: &[Span],
    kept: &mut Vec<Range<usize>>,
) -> bool {
    // The line's ranges are `kept[base..]`; what is before belongs to earlier lines.
    let base = kept.len();
    let mut pos = line.start;
    let mut skip_leading_ws = false;
    let trim_start = |r: Range<usize>| {
        let s = &source[r.clone()];
        r.end - s.trim_start().len()..r.end
    };
    for s in spans.iter().filter(|s| touches(**s, line.start, line.end)) {
        let a = s.start.clamp(line.start, line.end);
        let b = s.end.clamp(line.start, line.end);
        if a > pos {
            kept.push(if skip_leading_ws {
                trim_start(pos..a)
            } else {
                pos..a
            });
        }
        // Whitespace before an inline removal goes with it.
        while kept.len() > base {
            let last = kept.last_mut().expect("longer than base");
            last.end = last.start + source[last.clone()].trim_end().len();
            if last.start < last.end {
                break;
            }
            kept.pop();
        }
        skip_leading_ws = kept.len() == base;
        pos = pos.max(b);
    }
    kept.push(if skip_leading_ws {
        trim_start(pos..line.end)
    } else {
        pos..line.end
    });
    // Drop the empty ranges, keeping the order.
    let mut len = base;
    for i in base..kept.len() {
        if !kept[i].is_empty() {
            kept[len] = kept[i].clone();
            len += 1;
        }
    }
    kept.truncate(len);
    if kept[base..]
        .iter()
        .all(|r| source[r.clone()].trim().is_empty())
    {
        kept.truncate(base);
    }
    kept.len() > base
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_line_goes_with_its_break() {
        assert_eq!(apply_removals("a\nxx\nb", &[Span::new(2, 4)]), "a\nb");
        assert_eq!(apply_removals("a\n\nxx", &[Span::new(3, 5)]), "a\n\n");
    }

    #[test]
    fn inline_takes_space_before() {
        let src = "Said so.\u{a0}(RELATED: x) More.";
        let start = src.find('(').unwrap();
        let end = src.find(')').unwrap() + 1;
        assert_eq!(
            apply_removals(src, &[Span::new(start, end)]),
            "Said so. More."
        );
    }

    #[test]
    fn inline_at_line_start_takes_space_after() {
        assert_eq!(
            apply_removals("(Photo: AP) Text.", &[Span::new(0, 11)]),
            "Text."
        );
    }

    #[test]
    fn multi_line_span_drops_blank_lines_inside() {
        let src = "keep\ncode {\n\n}\nkeep2";
        assert_eq!(apply_removals(src, &[Span::new(5, 14)]), "keep\nkeep2");
    }

    /// What [`kept_ranges`] gives, found the slow way: every line on its own, with
    /// every span that touches it.
    fn kept_line_by_line(source: &str, spans: &[Span]) -> Vec<Range<usize>> {
        let mut kept = Vec::new();
        let mut line_start = 0;
        while line_start < source.len() {
            let (line_end, after) = match source[line_start..].find('\n') {
                Some(i) => (line_start + i, line_start + i + 1),
                None => (source.len(), source.len()),
            };
            let touching: Vec<Span> = spans
                .iter()
                .filter(|s| touches(**s, line_start, line_end))
                .copied()
                .collect();
            if touching.is_empty() {
                kept.push(line_start..after);
            } else if keep_outside(source, line_start..line_end, &touching, &mut kept) {
                kept.push(line_end..after);
            }
            line_start = after;
        }
        kept
    }

    /// Skipping untouched lines and the lines inside a span changes nothing: every
    /// text of up to six characters of "a", space and newline, with every one or two
    /// spans.
    #[test]
    fn skipping_lines_changes_nothing() {
        let alphabet = ["a", " ", "\n"];
        for source in crate::testing::texts_over(&alphabet, 6) {
            let len = source.len();
            let mut cases: Vec<Vec<Span>> = Vec::new();
            for a in 0..len {
                for b in a + 1..=len {
                    cases.push(vec![Span::new(a, b)]);
                    for c in b..len {
                        for d in c + 1..=len {
                            cases.push(vec![Span::new(a, b), Span::new(c, d)]);
                        }
                    }
                }
            }
            for spans in &cases {
                let slow = kept_line_by_line(&source, spans);
                let mut map = OriginMap::default();
                let mut text = String::new();
                for r in slow {
                    text.push_str(&source[r.clone()]);
                    map.copy(r);
                }
                assert_eq!(apply_removals(&source, spans), text, "{source:?} {spans:?}");
                assert_eq!(removal_map(&source, spans), map, "{source:?} {spans:?}");
            }
        }
    }

    #[test]
    fn crlf_line_removed_whole() {
        assert_eq!(apply_removals("a\r\nxx\r\nb", &[Span::new(3, 5)]), "a\r\nb");
    }
}
