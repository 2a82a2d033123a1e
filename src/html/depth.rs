//! A guard against pathologically deep pages. The HTML5 tree builder checks the stack of
//! open elements for many tags, so its time grows with the square of the nesting depth:
//! a page of 100,000 unclosed `<div>`s takes it about 25 seconds. Real pages nest a few
//! dozen levels. [`limit`] scans the tags once (cheaply, without building anything) and,
//! only when the page nests deeper than [`MAX_DEPTH`], rewrites it without the start
//! tags beyond that depth (and as many end tags), keeping all of its text.

use std::borrow::Cow;

/// The deepest nesting left as it is.
pub(super) const MAX_DEPTH: usize = 1000;

/// Elements that have no end tag, and so do not nest (`name` in any case).
fn is_void(name: &[u8]) -> bool {
    let mut lower = [0u8; 8];
    if name.len() > lower.len() {
        return false;
    }
    let lower = &mut lower[..name.len()];
    lower.copy_from_slice(name);
    lower.make_ascii_lowercase();
    matches!(
        &*lower,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"keygen"
            | b"frame"
    )
}

/// One tag found by [`scan`]: where it starts and ends, and whether it opens a level,
/// closes one or neither.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Open,
    Close,
    Other,
}

/// Calls `f(start, end, kind)` for every tag of `page`, in order. Comments and the
/// contents of `<script>` and `<style>` are skipped as the tokenizer would. Without
/// `whole_tags`, `end` is where the tag's name ends (finding the `>` costs a search per
/// tag, and only a rewrite needs it); a self-closing `<x/>` then counts as opening,
/// which only makes the depth look larger.
fn scan(page: &str, whole_tags: bool, mut f: impl FnMut(usize, usize, Kind)) {
    let b = page.as_bytes();
    let end_tag = memchr::memmem::Finder::new(b"</");
    let comment_end = memchr::memmem::Finder::new(b"-->");
    let mut at = 0;
    while let Some(off) = memchr::memchr(b'<', &b[at..]) {
        let start = at + off;
        let rest = &b[start + 1..];
        if rest.starts_with(b"!--") {
            at = comment_end
                .find(&b[start + 4..])
                .map_or(b.len(), |e| start + 4 + e + 3);
            continue;
        }
        let (close, name_at) = match rest.first() {
            Some(b'/') => (true, start + 2),
            Some(c) if c.is_ascii_alphabetic() => (false, start + 1),
            _ => {
                at = start + 1;
                continue;
            }
        };
        let name_end = b[name_at..]
            .iter()
            .position(|c| !c.is_ascii_alphanumeric())
            .map_or(b.len(), |p| name_at + p);
        let name = &b[name_at..name_end];
        let end = if whole_tags {
            match memchr::memchr(b'>', &b[name_end..]) {
                Some(gt) => name_end + gt + 1,
                None => return,
            }
        } else {
            name_end
        };
        let kind = if close {
            Kind::Close
        } else if whole_tags && b[end - 2] == b'/' || is_void(name) {
            Kind::Other
        } else {
            Kind::Open
        };
        f(start, end, kind);
        at = end;
        let raw = !close
            && matches!(name.len(), 5 | 6)
            && (name.eq_ignore_ascii_case(b"script") || name.eq_ignore_ascii_case(b"style"));
        if raw {
            // Raw text up to the matching end tag.
            let mut from = end;
            at = b.len();
            while let Some(p) = end_tag.find(&b[from..]) {
                let tag = from + p + 2;
                let name_here = b.get(tag..tag + name.len());
                if name_here.is_some_and(|n| n.eq_ignore_ascii_case(name)) {
                    at = from + p;
                    break;
                }
                from = tag;
            }
        }
    }
}

/// `page`, or when it nests deeper than [`MAX_DEPTH`], `page` without the start tags
/// beyond that depth and as many of the end tags that follow them.
pub(super) fn limit(page: &str) -> Cow<'_, str> {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    scan(page, false, |_, _, kind| match kind {
        Kind::Open => {
            depth += 1;
            deepest = deepest.max(depth);
        }
        Kind::Close => depth = depth.saturating_sub(1),
        Kind::Other => {}
    });
    if deepest <= MAX_DEPTH {
        return Cow::Borrowed(page);
    }
    let mut out = String::with_capacity(page.len());
    let (mut depth, mut skipped, mut copied) = (0usize, 0usize, 0usize);
    scan(page, true, |start, end, kind| {
        let drop = match kind {
            Kind::Open if depth >= MAX_DEPTH => {
                skipped += 1;
                true
            }
            Kind::Open => {
                depth += 1;
                false
            }
            Kind::Close if skipped > 0 => {
                skipped -= 1;
                true
            }
            Kind::Close => {
                depth = depth.saturating_sub(1);
                false
            }
            Kind::Other => false,
        };
        if drop {
            out.push_str(&page[copied..start]);
            copied = end;
        }
    });
    out.push_str(&page[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_are_left_alone() {
        let page = "<html><body><div><p>a<br>b</p><!-- <div><div> --><script>if (a<b) {}</script></div></body></html>";
        assert!(matches!(limit(page), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_cut_at_the_limit_and_the_text_kept() {
        let n = MAX_DEPTH + 500;
        let page = format!(
            "<body>{}<p>deep text</p>{}</body>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let cut = limit(&page);
        let opens = cut.matches("<div>").count();
        assert!(opens < MAX_DEPTH, "{opens}");
        assert_eq!(opens, cut.matches("</div>").count());
        assert!(cut.contains("deep text"));
    }
}
