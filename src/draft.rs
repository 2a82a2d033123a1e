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

use crate::Span;

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
    let mut next = 0; // first span that may still touch the current line
    let mut line_start = 0;
    while line_start < source.len() || (line_start == 0 && source.is_empty()) {
        let nl = memchr::memchr(b'\n', &source.as_bytes()[line_start..]);
        let (line_end, after) = match nl {
            Some(i) => (line_start + i, line_start + i + 1),
            None => (source.len(), source.len()),
        };
        while next < spans.len()
            && spans[next].end <= line_start
            && !touches_blank(spans[next], line_start, line_end)
        {
            next += 1;
        }
        let touching: Vec<Span> = spans[next..]
            .iter()
            .take_while(|s| s.start < line_end || (s.start == line_end && line_start == line_end))
            .filter(|s| touches(**s, line_start, line_end))
            .copied()
            .collect();
        if touching.is_empty() {
            out.push_str(&source[line_start..after]);
        } else {
            let kept = keep_outside(&source[line_start..line_end], line_start, &touching);
            if !kept.trim().is_empty() {
                out.push_str(&kept);
                out.push_str(&source[line_end..after]);
            }
        }
        if after == line_start {
            break;
        }
        line_start = after;
    }
    out
}

/// Whether a span removes something from the line `start..end`. A blank line counts as
/// touched when a span runs across it.
fn touches(s: Span, start: usize, end: usize) -> bool {
    if start == end {
        return touches_blank(s, start, end);
    }
    s.start < end && start < s.end
}

fn touches_blank(s: Span, start: usize, end: usize) -> bool {
    start == end && s.start <= start && start < s.end
}

/// The parts of `line` (which starts at `offset` in the source) outside `spans`, with
/// the whitespace that an inline removal leaves behind taken out.
fn keep_outside(line: &str, offset: usize, spans: &[Span]) -> String {
    let mut kept = String::with_capacity(line.len());
    let mut pos = 0;
    let mut skip_leading_ws = false;
    for s in spans {
        let a = s.start.saturating_sub(offset).min(line.len());
        let b = s.end.saturating_sub(offset).min(line.len());
        if a > pos {
            let piece = &line[pos..a];
            kept.push_str(if skip_leading_ws {
                piece.trim_start()
            } else {
                piece
            });
        }
        // Whitespace before an inline removal goes with it.
        let trimmed = kept.trim_end().len();
        kept.truncate(trimmed);
        skip_leading_ws = kept.is_empty();
        pos = pos.max(b);
    }
    let rest = &line[pos..];
    kept.push_str(if skip_leading_ws {
        rest.trim_start()
    } else {
        rest
    });
    kept
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

    #[test]
    fn crlf_line_removed_whole() {
        assert_eq!(apply_removals("a\r\nxx\r\nb", &[Span::new(3, 5)]), "a\r\nb");
    }
}
