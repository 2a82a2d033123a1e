//! Page text from the flat DOM: paragraphs separated by blank lines, list items and
//! table rows one per line, `<br>` as a line break, whitespace collapsed except in
//! `<pre>`.

use super::dom::{Tag, N};

/// Builds text a word at a time, holding back separators until the next word so that
/// no text starts or ends with one and breaks never pile up.
#[derive(Default)]
pub(super) struct Writer {
    pub out: String,
    /// A space is owed before the next word.
    space: bool,
    /// Newlines owed before the next word: 1 for a line break, 2 for a paragraph.
    lines: u8,
}

impl Writer {
    /// Owes at least `n` newlines.
    pub(super) fn brk(&mut self, n: u8) {
        self.lines = self.lines.max(n);
    }

    fn sep(&mut self) {
        if !self.out.is_empty() {
            match self.lines {
                0 if self.space => self.out.push(' '),
                0 => {}
                1 => self.out.push('\n'),
                _ => self.out.push_str("\n\n"),
            }
        }
        self.space = false;
        self.lines = 0;
    }

    /// Appends text, collapsing its whitespace (or keeping it, in `<pre>`).
    pub(super) fn text(&mut self, t: &str, pre: bool) {
        if pre {
            if !t.is_empty() {
                self.sep();
                self.out.push_str(t);
            }
            return;
        }
        let mut words = t.split(char::is_whitespace).filter(|w| !w.is_empty());
        let Some(first) = words.next() else {
            self.space |= !t.is_empty();
            return;
        };
        self.space |= t.starts_with(char::is_whitespace);
        self.sep();
        self.out.push_str(first);
        for w in words {
            self.out.push(' ');
            self.out.push_str(w);
        }
        self.space = t.ends_with(char::is_whitespace);
    }
}

/// Writes the subtree of node `i`, leaving out the subtrees for which `skip` is true.
pub(super) fn subtree(
    nodes: &[N<'_>],
    i: usize,
    w: &mut Writer,
    mut skip: impl FnMut(usize) -> bool,
) {
    let end = nodes[i].end as usize;
    // Open elements that need something at their end: (end, tag).
    let mut open: Vec<(usize, Tag)> = Vec::new();
    let mut pre = 0usize;
    let mut at = i;
    let close = |open: &mut Vec<(usize, Tag)>, pre: &mut usize, w: &mut Writer, at: usize| {
        while let Some(&(e, tag)) = open.last() {
            if e > at {
                break;
            }
            open.pop();
            match tag {
                Tag::Pre => {
                    *pre -= 1;
                    w.brk(2);
                }
                Tag::Item | Tag::Row => w.brk(1),
                _ => w.brk(2),
            }
        }
    };
    while at < end {
        close(&mut open, &mut pre, w, at);
        let n = &nodes[at];
        if n.tag == Tag::Dropped || skip(at) {
            at = n.end as usize;
            continue;
        }
        match n.tag {
            Tag::Text => w.text(n.text, pre > 0),
            Tag::Br => w.brk(if w.lines >= 1 { 2 } else { 1 }),
            Tag::Cell => w.space = true,
            Tag::Item | Tag::Row => {
                w.brk(1);
                open.push((n.end as usize, n.tag));
            }
            Tag::Pre => {
                w.brk(2);
                pre += 1;
                open.push((n.end as usize, n.tag));
            }
            Tag::Block | Tag::Heading(_) => {
                w.brk(2);
                open.push((n.end as usize, n.tag));
            }
            Tag::Link | Tag::Inline | Tag::Dropped => {}
        }
        at += 1;
    }
    close(&mut open, &mut pre, w, usize::MAX);
}

/// The text of node `i` on one line, whitespace collapsed, at most `max` bytes (cut at
/// a character boundary and ended with `…`), and its whole length.
pub(super) fn summary(nodes: &[N<'_>], i: usize, max: usize) -> (String, usize) {
    let mut w = Writer::default();
    subtree(nodes, i, &mut w, |_| false);
    let flat = w.out.split_whitespace().collect::<Vec<_>>().join(" ");
    cut(flat, max)
}

/// `text` cut to at most `max` bytes at a character boundary, with `…` when cut, and
/// its length before cutting.
pub(super) fn cut(mut text: String, max: usize) -> (String, usize) {
    let len = text.len();
    if len > max {
        let mut at = max;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        text.truncate(at);
        text.push('…');
    }
    (text, len)
}
