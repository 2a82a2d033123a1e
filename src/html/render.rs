//! Page text from the flat DOM: paragraphs separated by blank lines, list items and
//! table rows one per line, `<br>` as a line break, whitespace collapsed except in
//! `<pre>`.

use super::dom::{Tag, N};

/// Builds text a word at a time, holding back separators until the next word so that
/// no text starts or ends with one and breaks never pile up.
pub(super) struct Writer {
    pub out: String,
    /// A space is owed before the next word.
    space: bool,
    /// Newlines owed before the next word: 1 for a line break, 2 for a paragraph.
    lines: u8,
    /// Everything on one line: breaks become spaces.
    flat: bool,
    /// Nothing more is written once `out` is this long.
    limit: usize,
}

impl Default for Writer {
    fn default() -> Writer {
        Writer {
            out: String::new(),
            space: false,
            lines: 0,
            flat: false,
            limit: usize::MAX,
        }
    }
}

/// Bytes of `t` that are not spaces or control characters.
pub(super) fn visible_len(t: &str) -> usize {
    // Counted 32 bytes at a time into a byte-sized sum, which compiles to vector
    // compares (scripts make this a long count).
    let mut chunks = t.as_bytes().chunks_exact(32);
    let mut n = 0;
    for chunk in &mut chunks {
        let mut k = 0u8;
        for &b in chunk {
            k += u8::from(b > b' ');
        }
        n += usize::from(k);
    }
    n + chunks.remainder().iter().filter(|&&b| b > b' ').count()
}

impl Writer {
    /// A writer for a one-line summary of at most about `limit` bytes.
    pub(super) fn summary(limit: usize) -> Writer {
        Writer {
            flat: true,
            limit,
            ..Writer::default()
        }
    }

    /// Owes at least `n` newlines.
    pub(super) fn brk(&mut self, n: u8) {
        self.lines = self.lines.max(n);
    }

    fn sep(&mut self) {
        if !self.out.is_empty() {
            match self.lines {
                0 if self.space => self.out.push(' '),
                0 => {}
                _ if self.flat => self.out.push(' '),
                1 => self.out.push('\n'),
                _ => self.out.push_str("\n\n"),
            }
        }
        self.space = false;
        self.lines = 0;
    }

    /// Appends text, collapsing its whitespace (or keeping it, in `<pre>`).
    pub(super) fn text(&mut self, t: &str, pre: bool) {
        if self.out.len() >= self.limit {
            return;
        }
        if pre && !self.flat {
            if !t.is_empty() {
                self.sep();
                self.out.push_str(t);
            }
            return;
        }
        if t.is_ascii() {
            self.words(t, t.split_ascii_whitespace(), |b: &u8| {
                b.is_ascii_whitespace()
            });
        } else {
            let words = t.split(char::is_whitespace).filter(|w| !w.is_empty());
            self.words(t, words, |_| false);
        }
    }

    /// Appends the `words` of `t`, with the spaces around them. `ascii_space` tells
    /// an ASCII space byte (for the fast check of the text's ends).
    fn words<'t>(
        &mut self,
        t: &'t str,
        mut words: impl Iterator<Item = &'t str>,
        ascii_space: impl Fn(&u8) -> bool,
    ) {
        let starts =
            t.as_bytes().first().is_some_and(&ascii_space) || t.starts_with(char::is_whitespace);
        let ends =
            t.as_bytes().last().is_some_and(&ascii_space) || t.ends_with(char::is_whitespace);
        let Some(first) = words.next() else {
            self.space |= !t.is_empty();
            return;
        };
        self.space |= starts;
        self.sep();
        self.out.push_str(first);
        for w in words {
            self.out.push(' ');
            self.out.push_str(w);
        }
        self.space = ends;
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
    while at < end && w.out.len() < w.limit {
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
/// a character boundary and ended with `…`). Subtrees for which `skip` is true are
/// left out. Writing stops at `max`, so a long piece costs no more than a short one.
pub(super) fn summary(
    nodes: &[N<'_>],
    i: usize,
    max: usize,
    skip: impl FnMut(usize) -> bool,
) -> String {
    let mut w = Writer::summary(max.saturating_add(1));
    subtree(nodes, i, &mut w, skip);
    cut(w.out, max).0
}

/// The text bytes of node `i` (from `len`, the per-node counts of the content module),
/// leaving out the subtrees for which `skip` is true.
pub(super) fn visible(
    nodes: &[N<'_>],
    len: &[u32],
    i: usize,
    mut skip: impl FnMut(usize) -> bool,
) -> usize {
    let mut total = 0;
    let mut at = i;
    let end = nodes[i].end as usize;
    while at < end {
        if at != i && skip(at) {
            at = nodes[at].end as usize;
            continue;
        }
        if nodes[at].tag == Tag::Text {
            total += len[at] as usize;
        }
        at += 1;
    }
    total
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
