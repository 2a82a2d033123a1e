//! Finding the main content: which elements are junk by their markup, which small boxes
//! are teasers for other pages, which region of the page holds the article, and what
//! inside it is a link list or another article.
//!
//! The scoring counts *paragraphs*: text that belongs to one block element (its own
//! text, not that of nested blocks), at least 25 bytes long and not mostly link text.
//! Each paragraph scores `1 + commas + min(len / 100, 3)` and passes that score up to
//! its ancestors (in full to its parent, half to the grandparent, a third of that
//! further up). An element's candidate score is what it collected, adjusted by its
//! tag and by whether its class or id reads like content or like furniture, times
//! the share of its text that is not link text. The best candidate and those of its
//! siblings that look like more of the same article form the content region.

use super::dom::{children, Tag, N, NONE};
use super::hints::{self, Hint};
use crate::CategorySet;

/// Paragraphs shorter than this (in bytes, whitespace not counted) do not score.
const MIN_PARAGRAPH: u32 = 25;
/// A hinted element holding at least this share of the page's paragraph score is
/// content whatever its markup says (a `<div class="sidebar">` that holds the story).
const GUARD_SHARE: f32 = 0.5;
/// The guard share for comment sections.
const COMMENTS_GUARD: f32 = 0.9;

/// The region moves up to the parent when the parent's paragraph score is at least
/// this many times its own.
const CLIMB: f32 = 1.5;
/// A parent whose paragraph score is at most this many times the region's adds
/// nothing to it (a wrapper): the climb looks past it.
const WRAPPER: f32 = 1.02;

/// Teaser cards that hold this share of the page's paragraph score or more are taken
/// for the content.
const TEASER_SHARE: f32 = 0.6;
/// Largest teaser card, in text bytes.
const TEASER_CARD: u32 = 400;
/// A teaser card holds at least this much text besides its heading (the blurb; a
/// kicker or a date alone does not make the card).
const TEASER_BLURB: u32 = 40;

/// Counts gathered over the page.
pub(super) struct Stats {
    /// Text bytes (not counting spaces and control characters) in each node's subtree.
    pub len: Vec<u32>,
    /// Of those, bytes inside links.
    pub link: Vec<u32>,
    /// Paragraph score in each node's subtree.
    pub prose: Vec<f32>,
    /// Paragraph score of each block's own text.
    pub para: Vec<f32>,
}

/// Text bytes (not counting spaces and control characters) and commas of a text.
fn measure(t: &str) -> (u32, u32) {
    let mut len = 0u32;
    let mut commas = 0u32;
    for &b in t.as_bytes() {
        len += u32::from(b > b' ');
        commas += u32::from(b == b',');
    }
    if !t.is_ascii() {
        commas += (t.matches('，').count() + t.matches('、').count()) as u32;
    }
    (len, commas)
}

/// The score of a paragraph of `len` bytes, `link` of them link text, with `commas`.
fn paragraph_score(len: u32, link: u32, commas: u32) -> f32 {
    if len < MIN_PARAGRAPH || link * 2 >= len {
        return 0.0;
    }
    1.0 + commas as f32 + (len / 100).min(3) as f32
}

/// Measures every node.
pub(super) fn stats(nodes: &[N<'_>]) -> Stats {
    let n = nodes.len();
    let mut len = vec![0u32; n];
    let mut link = vec![0u32; n];
    // Own text of each block (text whose nearest block is that node).
    let mut own = vec![(0u32, 0u32, 0u32); n];
    for (i, node) in nodes.iter().enumerate() {
        if node.tag != Tag::Text {
            continue;
        }
        let (l, c) = measure(node.text);
        len[i] = l;
        if node.in_link {
            link[i] = l;
        }
        if node.block != NONE {
            let o = &mut own[node.block as usize];
            o.0 += l;
            o.1 += link[i];
            o.2 += c;
        }
    }
    let mut prose = vec![0f32; n];
    for (i, node) in nodes.iter().enumerate() {
        let (l, k, c) = own[i];
        if l > 0 && !matches!(node.tag, Tag::Heading(_)) {
            prose[i] = paragraph_score(l, k, c);
        }
    }
    let para = prose.clone();
    for i in (1..n).rev() {
        let p = nodes[i].parent;
        if p != NONE {
            let p = p as usize;
            len[p] += len[i];
            link[p] += link[i];
            prose[p] += prose[i];
        }
    }
    Stats {
        len,
        link,
        prose,
        para,
    }
}

/// Link density of node `i`: link bytes over text bytes.
pub(super) fn link_density(s: &Stats, i: usize) -> f32 {
    if s.len[i] == 0 {
        0.0
    } else {
        s.link[i] as f32 / s.len[i] as f32
    }
}

/// Which elements are junk by their markup: the hint of each topmost hinted element
/// whose category is in `cats`, except
/// - an element that holds half or more of the page's paragraphs, which is the
///   content whatever its markup says;
/// - every element of a hint whose elements together hold half or more of the
///   paragraphs: on this page that class is layout (a page builder that calls every
///   section a `widget`), not a mark of junk.
///
/// Comment sections and elements an inline style hides ([`strict`] hints) are junk
/// unless they hold nearly all the paragraphs: a long thread under a short post is
/// still not the post.
pub(super) fn hinted_junk(nodes: &[N<'_>], s: &Stats, cats: CategorySet) -> Vec<Option<Hint>> {
    let total = s.prose.first().copied().unwrap_or(0.0);
    // Whether paragraph score `p` under hint `h` is too much of the page for junk.
    let guarded = |h: Hint, p: f32| {
        if strict(h) {
            p >= COMMENTS_GUARD * total
        } else {
            p > 0.0 && p >= GUARD_SHARE * total
        }
    };
    // Calls `f` on each topmost element whose hint is wanted, `allowed` and not guarded.
    let topmost = |allowed: &dyn Fn(Hint) -> bool, f: &mut dyn FnMut(usize, Hint)| {
        let mut i = 0;
        while i < nodes.len() {
            let n = &nodes[i];
            if let Some(h) = n.hint {
                let wanted = n.tag != Tag::Dropped && cats.contains(h.category) && allowed(h);
                if wanted && !guarded(h, s.prose[i]) {
                    f(i, h);
                    i = n.end as usize;
                    continue;
                }
            }
            i += 1;
        }
    };
    let mut per_hint: Vec<(Hint, f32)> = Vec::new();
    topmost(
        &|_| true,
        &mut |i, h| match per_hint.iter_mut().find(|(x, _)| *x == h) {
            Some(entry) => entry.1 += s.prose[i],
            None => per_hint.push((h, s.prose[i])),
        },
    );
    let layout: Vec<Hint> = per_hint
        .into_iter()
        .filter(|&(h, p)| guarded(h, p))
        .map(|(h, _)| h)
        .collect();
    let mut junk = vec![None; nodes.len()];
    topmost(&|h| !layout.contains(&h), &mut |i, h| junk[i] = Some(h));
    junk
}

/// Teaser cards: a small box (at most [`TEASER_CARD`] bytes of text) around a heading
/// that is a link, such as the "more stories" lists of headline, blurb and date. The
/// blurbs read like prose, so they would otherwise pull the region towards them.
/// Taken as junk only when the page has at least three, so that one linked heading in
/// an article stays. Left alone: linked headings in boxes with more text (a product
/// round-up whose items link to shops).
pub(super) fn teasers(nodes: &[N<'_>], s: &Stats, cats: CategorySet, junk: &mut [Option<Hint>]) {
    if !cats.contains(hints::TEASER.category) {
        return;
    }
    let mut cards = Vec::new();
    for (h, node) in nodes.iter().enumerate() {
        if !matches!(node.tag, Tag::Heading(_)) || s.len[h] < 10 || s.link[h] * 5 < s.len[h] * 4 {
            continue;
        }
        let mut card = h;
        while nodes[card].parent != NONE {
            let p = nodes[card].parent as usize;
            card = p;
            if s.len[p] >= s.len[h] + TEASER_BLURB {
                break;
            }
        }
        if card != h && s.len[card] <= TEASER_CARD && !cards.contains(&card) {
            cards.push(card);
        }
    }
    // Cards that hold much of the page's paragraphs are the content (a list of
    // reviews or chapters), not teasers for other pages.
    let total = s.prose.first().copied().unwrap_or(0.0);
    let in_cards: f32 = cards.iter().map(|&c| s.prose[c]).sum();
    if cards.len() < 3 || in_cards >= TEASER_SHARE * total {
        return;
    }
    for card in cards {
        if junk[card].is_none() {
            junk[card] = Some(hints::TEASER);
        }
    }
}

/// Hints that hold even for elements with most of the page's paragraphs: comment
/// threads, and elements an inline style hides (which often hold a second copy of
/// the article for search engines). Elements hidden by a class or attribute are often
/// revealed by the page's scripts, and stay guarded.
fn strict(h: Hint) -> bool {
    h == hints::COMMENTS || h == hints::STYLE_HIDDEN
}

/// Whether each node is inside (or is) a junk element.
pub(super) fn inside(nodes: &[N<'_>], junk: &[Option<Hint>]) -> Vec<bool> {
    let mut inside = vec![false; nodes.len()];
    for (i, n) in nodes.iter().enumerate() {
        inside[i] = junk[i].is_some() || (n.parent != NONE && inside[n.parent as usize]);
    }
    inside
}

/// Score bonus for the element's tag.
fn tag_bonus(name: &str) -> f32 {
    match name {
        "article" | "main" => 10.0,
        "div" | "section" => 5.0,
        "td" | "pre" | "blockquote" => 3.0,
        "ul" | "ol" | "dl" | "li" | "dd" | "dt" | "form" | "address" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Score bonus for class, id and itemprop: schema.org's `articleBody` is a strong
/// sign, content words a good one.
fn attr_bonus(n: &N<'_>) -> f32 {
    let mut bonus = 0.0;
    if n.article_body {
        bonus += 50.0;
    }
    let content = [n.class, n.id]
        .into_iter()
        .flatten()
        .any(hints::reads_as_content);
    if content {
        bonus += 25.0;
    }
    if n.hint.is_some() {
        bonus -= 25.0;
    }
    bonus
}

/// The content region: the best candidate and the siblings that belong with it, as
/// node indices in document order. Empty when no element holds a paragraph.
pub(super) fn region(nodes: &[N<'_>], s: &Stats, inside: &[bool]) -> Vec<usize> {
    let n = nodes.len();
    let mut acc = vec![0f32; n];
    for (i, node) in nodes.iter().enumerate() {
        if node.tag == Tag::Text || inside[i] {
            continue;
        }
        let own = own_score(s, inside, i);
        if own <= 0.0 {
            continue;
        }
        let mut p = node.parent;
        let mut level = 0;
        while p != NONE && level < 5 {
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => 3.0 * l as f32,
            };
            acc[p as usize] += own / divider;
            p = nodes[p as usize].parent;
            level += 1;
        }
    }
    let score = |i: usize| -> f32 {
        if acc[i] <= 0.0 {
            return 0.0;
        }
        (acc[i] + tag_bonus(nodes[i].name()) + attr_bonus(&nodes[i])) * (1.0 - link_density(s, i))
    };
    let mut best = None;
    let mut best_score = 0.0;
    for i in 0..n {
        let sc = score(i);
        if sc > best_score {
            best_score = sc;
            best = Some(i);
        }
    }
    let Some(mut best) = best else {
        return Vec::new();
    };
    // Paragraph score outside junk, per subtree.
    let mut kept = vec![0f32; n];
    for i in (0..n).rev() {
        kept[i] += own_score(s, inside, i);
        let p = nodes[i].parent;
        if p != NONE {
            kept[p as usize] += kept[i];
        }
    }
    // Climb while the parent holds clearly more of the page's paragraphs: the
    // article goes on outside the best element (sections of a page builder,
    // paragraphs split by ad slots).
    // Wrappers that add nothing are passed through on the way.
    let mut at = best;
    loop {
        let p = nodes[at].parent;
        if p == NONE {
            break;
        }
        let p = p as usize;
        if kept[p] >= CLIMB * kept[best] {
            best = p;
        } else if kept[p] > WRAPPER * kept[best] {
            break;
        }
        at = p;
    }
    let best_score = score(best).max(best_score);
    let parent = nodes[best].parent;
    if parent == NONE {
        return vec![best];
    }
    let threshold = (0.2 * best_score).max(10.0);
    let best_class = nodes[best].class.filter(|c| !c.is_empty());
    children(nodes, parent as usize)
        .filter(|&c| {
            if c == best {
                return true;
            }
            if inside[c] || nodes[c].tag == Tag::Dropped {
                return false;
            }
            let mut sc = score(c);
            if best_class.is_some() && nodes[c].class == best_class {
                sc += 0.2 * best_score;
            }
            if sc >= threshold {
                return true;
            }
            let (len, ld) = (s.len[c], link_density(s, c));
            if nodes[c].tag == Tag::Text {
                return len > 0;
            }
            len >= 80 && ld < 0.25 || len > 0 && len < 80 && ld == 0.0 && s.prose[c] > 0.0
        })
        .collect()
}

/// The paragraph score of element `i`'s own text, nothing inside junk.
fn own_score(s: &Stats, inside: &[bool], i: usize) -> f32 {
    if inside[i] {
        0.0
    } else {
        s.para[i]
    }
}

/// Other articles inside the region: when the region holds several `<article>`
/// elements and exactly one of them has the page's `<h1>`, the others are posts the
/// page links to ("You may also like"), not more of the story. Left alone: a live blog,
/// whose updates are articles under a headline outside them.
pub(super) fn other_articles(
    nodes: &[N<'_>],
    region: &[usize],
    cats: CategorySet,
    junk: &mut [Option<Hint>],
) {
    if !cats.contains(hints::OTHER_ARTICLE.category) {
        return;
    }
    let mut articles = Vec::new();
    for &r in region {
        let mut i = r;
        while i < nodes[r].end as usize {
            if junk[i].is_some() {
                i = nodes[i].end as usize;
                continue;
            }
            if nodes[i].name() == "article" {
                articles.push(i);
                i = nodes[i].end as usize;
                continue;
            }
            i += 1;
        }
    }
    let has_h1 = |a: usize| (a..nodes[a].end as usize).any(|j| nodes[j].tag == Tag::Heading(1));
    let with_h1: Vec<usize> = articles.iter().copied().filter(|&a| has_h1(a)).collect();
    if articles.len() < 2 || with_h1.len() != 1 {
        return;
    }
    for a in articles {
        if a != with_h1[0] {
            junk[a] = Some(hints::OTHER_ARTICLE);
        }
    }
}

/// Link lists inside the region: lists, tables and boxes whose text is more than half
/// link text and that hold little of the region's paragraphs.
pub(super) fn link_lists(nodes: &[N<'_>], s: &Stats, region: &[usize], junk: &mut [Option<Hint>]) {
    let total: f32 = region.iter().map(|&r| s.prose[r]).sum();
    for &r in region {
        let mut i = r;
        let end = nodes[r].end as usize;
        while i < end {
            let n = &nodes[i];
            if junk[i].is_some() {
                i = n.end as usize;
                continue;
            }
            let boxy = matches!(
                n.name(),
                "ul" | "ol" | "dl" | "table" | "div" | "section" | "p"
            );
            if i != r
                && boxy
                && s.len[i] > 0
                && link_density(s, i) > 0.5
                && s.prose[i] <= 0.2 * total
            {
                junk[i] = Some(hints::LINK_LIST);
                i = n.end as usize;
                continue;
            }
            i += 1;
        }
    }
}
