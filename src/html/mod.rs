//! Main-content extraction from HTML pages.
//!
//! [`extract`] parses a page with `scraper` (html5ever, as browsers parse; pages nested
//! deeper than 1,000 levels are first cut to that depth), and then:
//!
//! 1. drops markup that is never page text: `<head>`, `<script>`, `<style>`,
//!    `<noscript>`, `<template>`, `<iframe>`, `<svg>`, form controls, media;
//! 2. marks as junk the elements whose tag, `class`, `id`, `role`, `aria-hidden` or
//!    inline style say they are navigation, header and footer, sidebars, ads, share
//!    bars, related links, newsletter and cookie boxes, comments, bylines, captions
//!    and credits, tag lists or hidden (see [`hints`]) — unless the element, or all
//!    the elements of its hint together, hold half or more of the page's paragraphs,
//!    which makes them the content whatever their class says; and small teaser cards
//!    (a linked headline and a blurb, three or more of them);
//! 3. scores the remaining blocks by their paragraphs, link density and class hints,
//!    and keeps the best content region (see the `content` module);
//! 4. inside the region, drops lists and boxes that are mostly links, and other
//!    `<article>` elements beside the one holding the page's `<h1>`;
//! 5. writes the region as text: headings, paragraphs, lists, block quotes and tables,
//!    paragraphs separated by blank lines, list items and table rows one per line;
//!    the page's headline first when it is outside the region.
//!
//! Every element dropped in steps 1, 2, 4 and every piece of the page outside the
//! region is listed in [`Extracted::removed`] with its category, rule and a short
//! CSS path, since byte offsets into the raw HTML are not available from the DOM.
//! Elements without text are not listed: removing them removed no text.
//!
//! The text then goes through the same text rules and normalizations as plain text
//! ([`crate::Cleaner::clean_html`]), so that junk inside the content blocks (a leaked
//! script in a paragraph, a "Follow us" line) is caught as well.
//!
//! ```
//! use deboiler::html::{extract, Options};
//! let page = r#"<html><head><title>Port reopens</title></head><body>
//!   <nav><a href="/">Home</a> <a href="/world">World</a></nav>
//!   <article><h1>Port reopens after storm</h1>
//!     <p>The port reopened on Monday, three days after the storm, officials said.</p>
//!     <p>Ships queued outside the harbour, and crews worked through the night.</p>
//!     <figure><img src="a.jpg"><figcaption>Cranes at dawn. Photo: Ana Ruiz</figcaption></figure>
//!   </article>
//!   <footer>© 2026 Example News</footer></body></html>"#;
//! let out = extract(page, &Options::default());
//! assert_eq!(
//!     out.text,
//!     "Port reopens after storm\n\nThe port reopened on Monday, three days after the \
//!      storm, officials said.\n\nShips queued outside the harbour, and crews worked \
//!      through the night.\n"
//! );
//! let rules: Vec<&str> = out.removed.iter().map(|r| r.rule.as_str()).collect();
//! assert_eq!(
//!     rules,
//!     ["page_chrome/html-nav", "photo_credit/html-caption", "page_chrome/html-header-footer"]
//! );
//! assert_eq!(out.removed[1].path, "body>article>figure>figcaption");
//! ```

mod content;
mod depth;
mod dom;
pub mod hints;
mod render;

use crate::{Category, CategorySet};
use dom::{Tag, NONE};
use hints::Hint;
use render::Writer;
use scraper::{Html, Node};
use serde::{Deserialize, Serialize};

/// How to extract.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The junk categories to remove; elements of other categories stay in the text.
    /// Without [`Category::PageChrome`] the whole page body is kept (no content
    /// region). Markup that is never text (`<script>`, `<style>`, …) always goes.
    pub categories: CategorySet,
    /// Whether to put the page's headline first when it is outside the content region.
    pub headline: bool,
    /// Whether each [`DomRemoval`] gets its path, text and size. Without, removals
    /// carry their category and rule only (empty `path` and `text`, `bytes` 0), which is
    /// enough to count them and saves the work of describing them.
    pub details: bool,
}

impl Default for Options {
    /// Every category, headline kept.
    fn default() -> Options {
        Options {
            categories: CategorySet::all(),
            headline: true,
            details: true,
        }
    }
}

/// One element (or page piece) left out of the extracted text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomRemoval {
    /// The kind of junk.
    pub category: Category,
    /// The rule that fired, `category/html-…` (see [`hints`]).
    pub rule: String,
    /// A short CSS path to the element, such as `div#main>aside.related` or
    /// `body>div:nth-of-type(2)>p`.
    pub path: String,
    /// Its text, whitespace collapsed, at most 200 bytes (cut with `…`).
    pub text: String,
    /// The length of its whole text in bytes, not counting spaces and control
    /// characters.
    pub bytes: usize,
}

/// What [`extract`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extracted {
    /// The content as text, ending with a newline unless empty.
    pub text: String,
    /// The page's headline, when one was found.
    pub headline: Option<String>,
    /// What was left out, in document order.
    pub removed: Vec<DomRemoval>,
}

/// Whether a document looks like an HTML page: after an optional byte order mark and
/// whitespace it starts with `<`, and its first 2 KiB hold `<!doctype html`, `<html`,
/// `<head` or `<body` (in any case). Fragments without those (`<p>Text</p>`) are not
/// taken for pages; give `--format html` for them.
///
/// ```
/// use deboiler::html::looks_like_html;
/// assert!(looks_like_html(b"\n<!DOCTYPE html><title>x</title>"));
/// assert!(looks_like_html(b"<!-- saved page -->\n<HTML><BODY>Hi"));
/// assert!(!looks_like_html(b"<b>Note:</b> not a page"));
/// assert!(!looks_like_html(b"A story about <html> tags."));
/// ```
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Some(start) = bytes.iter().position(|b| !b.is_ascii_whitespace()) else {
        return false;
    };
    if bytes[start] != b'<' {
        return false;
    }
    let head = &bytes[start..bytes.len().min(start + 2048)];
    let lower = head.to_ascii_lowercase();
    [&b"<!doctype html"[..], b"<html", b"<head", b"<body"]
        .iter()
        .any(|tag| memchr::memmem::find(&lower, tag).is_some())
}

/// Longest text kept in a [`DomRemoval`].
const SUMMARY: usize = 200;

/// Extracts the main content of an HTML page (see the module docs).
pub fn extract(html: &str, opts: &Options) -> Extracted {
    let doc = Html::parse_document(&depth::limit(html));
    let dom = dom::flatten(&doc);
    let nodes = &dom.nodes;
    if nodes.is_empty() {
        return Extracted::default();
    }
    let s = content::stats(nodes);
    let mut junk = content::hinted_junk(nodes, &s, opts.categories);
    content::teasers(nodes, &s, opts.categories, &mut junk);
    let inside = content::inside(nodes, &junk);
    let chrome = opts.categories.contains(Category::PageChrome);
    let mut region = if chrome {
        content::region(nodes, &s, &inside)
    } else {
        Vec::new()
    };
    if region.is_empty() {
        // The whole page: every top-level node.
        region = (0..nodes.len())
            .filter(|&i| nodes[i].parent == NONE)
            .collect();
    } else {
        content::other_articles(nodes, &region, opts.categories, &mut junk);
        content::link_lists(nodes, &s, &region, &mut junk);
    }
    let mut in_region = vec![false; nodes.len()];
    for &r in &region {
        in_region[r..nodes[r].end as usize].fill(true);
    }

    let headline = if opts.headline {
        headline(&dom, &inside, &region)
    } else {
        None
    };
    let mut w = Writer::default();
    if let Some((at, text)) = &headline {
        if *at == NONE as usize || !in_region[*at] {
            w.text(text, false);
            w.brk(2);
        }
    }
    for &r in &region {
        render::subtree(nodes, r, &mut w, |i| junk[i].is_some());
        w.brk(2);
    }
    let mut text = w.out;
    if !text.is_empty() {
        text.push('\n');
    }

    let kept_heading = headline.as_ref().map_or(NONE as usize, |h| h.0);
    let removed = removals(
        nodes,
        &s.len,
        &junk,
        &region,
        &in_region,
        kept_heading,
        chrome,
        opts.details,
    );
    Extracted {
        text,
        headline: headline.map(|h| h.1),
        removed,
    }
}

/// The headline: the `<h1>` that matches the page title, else the last `<h1>` before
/// the region, else the first `<h1>`, else `og:title`. Returns its node (`NONE` for
/// `og:title`) and its text.
fn headline(dom: &dom::Dom<'_>, inside: &[bool], region: &[usize]) -> Option<(usize, String)> {
    let nodes = &dom.nodes;
    let text_of = |i: usize| render::summary(nodes, i, usize::MAX, |_| false);
    let h1s: Vec<usize> = (0..nodes.len())
        .filter(|&i| nodes[i].tag == Tag::Heading(1) && !inside[i])
        .collect();
    let titles: Vec<String> = [dom.og_title, dom.title]
        .into_iter()
        .flatten()
        .map(|t| {
            t.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .collect();
    let matching = h1s.iter().copied().find(|&i| {
        let t = text_of(i).to_lowercase();
        !t.is_empty() && titles.iter().any(|title| title.contains(&t))
    });
    let start = region.first().copied().unwrap_or(0);
    let chosen = matching
        .or_else(|| h1s.iter().copied().rfind(|&i| i < start))
        .or_else(|| h1s.first().copied());
    if let Some(i) = chosen {
        let t = text_of(i);
        if !t.is_empty() {
            return Some((i, t));
        }
    }
    let og = dom
        .og_title?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!og.is_empty()).then_some((NONE as usize, og))
}

/// Everything left out, in document order: markup that is never text, junk elements
/// inside the region, and the pieces of the page outside it (the kept headline
/// excepted).
#[allow(clippy::too_many_arguments)]
fn removals(
    nodes: &[dom::N<'_>],
    len: &[u32],
    junk: &[Option<Hint>],
    region: &[usize],
    in_region: &[bool],
    kept_heading: usize,
    chrome: bool,
    details: bool,
) -> Vec<DomRemoval> {
    let n = nodes.len();
    let mut on_path = vec![false; n];
    for &r in region {
        let mut p = r;
        while p != NONE as usize && !on_path[p] {
            on_path[p] = true;
            p = nodes[p].parent as usize;
        }
    }
    let mut found: Vec<DomRemoval> = Vec::new();
    // Lists element `i` when it held text (`bytes` of it), described by `text` when
    // details are wanted.
    let mut push = |i: usize, hint: Hint, bytes: usize, text: &dyn Fn() -> String| {
        if bytes == 0 {
            return;
        }
        let (path, text, bytes) = if details {
            (dom::locator(nodes, i), text(), bytes)
        } else {
            (String::new(), String::new(), 0)
        };
        found.push(DomRemoval {
            category: hint.category,
            rule: hint.rule.to_string(),
            path,
            text,
            bytes,
        });
    };
    // Inside a piece outside the region, up to this index: its junk elements are
    // listed under their own rules, the rest of its text under the piece.
    let mut piece_end = 0;
    let mut i = 0;
    while i < n {
        let node = &nodes[i];
        if node.tag == Tag::Dropped {
            push_dropped(node, i, details, &mut push);
            i += 1;
            continue;
        }
        let in_piece = i < piece_end;
        let piece = chrome && !on_path[i] && !in_region[i] && !in_piece;
        if let Some(h) = junk[i].filter(|_| piece || in_piece || in_region[i]) {
            let skip = |j: usize| j == kept_heading;
            let bytes = render::visible(nodes, len, i, skip);
            push(i, h, bytes, &|| render::summary(nodes, i, SUMMARY, skip));
            let end = nodes[i].end as usize;
            for (j, inner) in nodes.iter().enumerate().take(end).skip(i + 1) {
                push_dropped(inner, j, details, &mut push);
            }
            i = end;
            continue;
        }
        if piece {
            let skip = |j: usize| j == kept_heading || junk[j].is_some();
            let bytes = render::visible(nodes, len, i, skip);
            push(i, hints::OUTSIDE, bytes, &|| {
                render::summary(nodes, i, SUMMARY, skip)
            });
            piece_end = nodes[i].end as usize;
        }
        i += 1;
    }
    found
}

/// Lists node `i` if it is dropped markup (a script, a style sheet) that held text.
fn push_dropped(
    node: &dom::N<'_>,
    i: usize,
    details: bool,
    push: &mut impl FnMut(usize, Hint, usize, &dyn Fn() -> String),
) {
    if node.tag != Tag::Dropped {
        return;
    }
    let Some(h) = node.hint else {
        return;
    };
    if details {
        let (text, bytes) = dropped_text(node);
        push(i, h, bytes, &|| text.clone());
    } else {
        let any = node.node.descendants().any(|d| match d.value() {
            Node::Text(t) => t.bytes().any(|b| b > b' '),
            _ => false,
        });
        push(i, h, usize::from(any), &String::new);
    }
}

/// The text inside markup that is never shown (a script's code), collapsed and cut,
/// and its length in bytes without whitespace. Only the start is collapsed: scripts
/// can be long.
fn dropped_text(node: &dom::N<'_>) -> (String, usize) {
    let mut kept = String::new();
    let mut len = 0;
    for d in node.node.descendants() {
        if let Node::Text(t) = d.value() {
            len += render::visible_len(t);
            if kept.len() <= SUMMARY {
                for word in t.split_whitespace() {
                    if kept.len() > SUMMARY {
                        break;
                    }
                    if !kept.is_empty() {
                        kept.push(' ');
                    }
                    kept.push_str(word);
                }
            }
        }
    }
    (render::cut(kept, SUMMARY).0, len)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A paragraph of article prose, `n` distinct.
    fn para(n: usize) -> String {
        format!(
            "<p>Paragraph {n} of the story says that the council met on Tuesday, and that \
             the vote, after a long debate, went the way most residents had expected.</p>"
        )
    }

    fn story(paras: std::ops::Range<usize>) -> String {
        paras.map(para).collect()
    }

    fn text(page: &str) -> String {
        extract(page, &Options::default()).text
    }

    fn rules(page: &str) -> Vec<String> {
        extract(page, &Options::default())
            .removed
            .into_iter()
            .map(|r| r.rule)
            .collect()
    }

    #[test]
    fn article_text_kept_and_furniture_reported_by_rule() {
        let page = format!(
            "<html><body><nav><a href=/>Home</a> <a href=/a>World</a></nav>\
             <div class=content>{}</div><footer>© 2026 Example</footer>\
             <script>var ad = 1;</script></body></html>",
            story(0..4)
        );
        let out = text(&page);
        for i in 0..4 {
            assert!(out.contains(&format!("Paragraph {i} of")), "{out}");
        }
        assert!(!out.contains("Home") && !out.contains("2026"), "{out}");
        assert_eq!(
            rules(&page),
            [
                "page_chrome/html-nav",
                "page_chrome/html-header-footer",
                "ad_script/html-script"
            ]
        );
    }

    #[test]
    fn a_hinted_element_holding_the_story_is_content() {
        // The negative case: the only prose sits in a "sidebar".
        let page = format!(
            "<body><div class=sidebar>{}</div><div class=menu>Home News</div></body>",
            story(0..3)
        );
        assert!(text(&page).contains("Paragraph 2 of"));
    }

    #[test]
    fn a_class_on_every_section_is_layout_not_junk() {
        // A page builder calls every section a widget; together they are the story.
        let sections: String = (0..6)
            .map(|i| format!("<section class=\"builder-widget\">{}</section>", para(i)))
            .collect();
        let page = format!("<body><article>{sections}</article></body>");
        let out = text(&page);
        assert!(
            out.contains("Paragraph 0 of") && out.contains("Paragraph 5 of"),
            "{out}"
        );
    }

    #[test]
    fn comments_go_even_when_longer_than_the_post() {
        let page = format!(
            "<body><article class=post>{}</article><div id=comments>{}</div></body>",
            story(0..2),
            story(10..16)
        );
        let out = text(&page);
        assert!(out.contains("Paragraph 1 of"), "{out}");
        assert!(!out.contains("Paragraph 10 of"), "{out}");
    }

    #[test]
    fn the_region_climbs_past_wrappers_to_the_whole_story() {
        // Paragraphs split into wrapped parts by ad slots.
        let parts: String = (0..4)
            .map(|i| {
                format!(
                    "<div class=part><div>{}{}</div></div><div class=slot></div>",
                    para(2 * i),
                    para(2 * i + 1)
                )
            })
            .collect();
        let page = format!("<body><div class=wrap>{parts}</div><aside>Popular now</aside></body>");
        let out = text(&page);
        for i in 0..8 {
            assert!(out.contains(&format!("Paragraph {i} of")), "{out}");
        }
    }

    #[test]
    fn teaser_cards_go_unless_they_are_the_page() {
        let card = |i: usize| {
            format!(
                "<li><h3><a href=/s{i}>Other story number {i} headline</a></h3>\
                 <p>A short blurb about the other story, with a comma, number {i}.</p></li>"
            )
        };
        let cards: String = (0..4).map(card).collect();
        let page = format!(
            "<body><article>{}<ul>{cards}</ul></article></body>",
            story(0..5)
        );
        let out = extract(&page, &Options::default());
        assert!(!out.text.contains("blurb"), "{}", out.text);
        let teasers = out
            .removed
            .iter()
            .filter(|r| r.rule == "related_stub/html-teaser");
        assert_eq!(teasers.count(), 4);
        // The same cards with no story around them are the content.
        let alone = format!("<body><ul>{cards}</ul></body>");
        assert!(text(&alone).contains("blurb"));
    }

    #[test]
    fn other_articles_beside_the_one_with_the_headline_go() {
        let other = |i: usize| {
            format!(
                "<article class=card><h2>Other post {i}</h2>{}</article>",
                para(20 + i)
            )
        };
        let page = format!(
            "<body><main><article><h1>The post</h1>{}</article><h3>You may like</h3>{}{}</main></body>",
            story(0..3),
            other(0),
            other(1)
        );
        let out = extract(&page, &Options::default());
        assert!(!out.text.contains("Paragraph 20 of"), "{}", out.text);
        assert_eq!(
            out.removed
                .iter()
                .filter(|r| r.rule == "related_stub/html-other-article")
                .count(),
            2
        );
        // A live blog: updates are articles, the headline is above them.
        let live = format!(
            "<body><main><h1>Live: the vote</h1>{}{}</main></body>",
            other(0),
            other(1)
        );
        assert!(text(&live).contains("Paragraph 21 of"));
    }

    #[test]
    fn hidden_copies_go_but_responsive_classes_stay() {
        let page = format!(
            "<body><div class=story>{}<p class=\"hidden-xs\">Visible on big screens, this \
             sentence is part of the story too.</p></div>\
             <div style=\"display: none\">{}</div></body>",
            story(0..3),
            story(0..3)
        );
        let out = text(&page);
        assert_eq!(out.matches("Paragraph 0 of").count(), 1, "{out}");
        assert!(out.contains("Visible on big screens"), "{out}");
    }

    #[test]
    fn link_lists_inside_the_story_go() {
        let links: String = (0..5)
            .map(|i| format!("<li><a href=/r{i}>Related headline {i}</a></li>"))
            .collect();
        let page = format!(
            "<body><div class=body>{}<ul>{links}</ul>{}</div></body>",
            story(0..2),
            story(2..4)
        );
        let out = extract(&page, &Options::default());
        assert!(!out.text.contains("Related headline"), "{}", out.text);
        assert!(out
            .removed
            .iter()
            .any(|r| r.rule == "page_chrome/html-link-list" && r.path == "body>div.body>ul"));
    }

    #[test]
    fn headline_first_unless_switched_off() {
        let page = format!(
            "<html><head><title>Council votes | Example</title></head><body>\
             <div class=top><h1>Council votes</h1></div><div class=story>{}</div></body></html>",
            story(0..3)
        );
        let with = extract(&page, &Options::default());
        assert!(
            with.text.starts_with("Council votes\n\nParagraph 0"),
            "{}",
            with.text
        );
        assert_eq!(with.headline.as_deref(), Some("Council votes"));
        // The kept headline is not listed as removed.
        assert!(with
            .removed
            .iter()
            .all(|r| !r.text.contains("Council votes")));
        let without = extract(
            &page,
            &Options {
                headline: false,
                ..Options::default()
            },
        );
        assert!(without.text.starts_with("Paragraph 0"), "{}", without.text);
    }

    #[test]
    fn without_page_chrome_the_whole_body_stays() {
        let page = format!(
            "<body><nav>Home News</nav><div>{}</div></body>",
            story(0..2)
        );
        let opts = Options {
            categories: CategorySet::all().without(Category::PageChrome),
            ..Options::default()
        };
        let out = extract(&page, &opts);
        assert!(out.text.starts_with("Home News"), "{}", out.text);
    }

    #[test]
    fn text_keeps_lines_lists_tables_and_pre() {
        let page = "<body><div class=story><p>One<br>two</p><ul><li>a</li><li>b</li></ul>\
                    <table><thead><tr><th>k</th><th>v</th></tr></thead>\
                    <tbody><tr><td>x</td><td>1</td></tr></tbody></table>\
                    <pre>  keep   this\n  as is</pre></div></body>";
        let out = extract(
            page,
            &Options {
                categories: CategorySet::none(),
                headline: false,
                ..Options::default()
            },
        );
        assert_eq!(
            out.text,
            "One\ntwo\n\na\nb\n\nk v\nx 1\n\n  keep   this\n  as is\n"
        );
    }

    #[test]
    fn without_details_removals_are_the_same_ones_undescribed() {
        let page = format!(
            "<body><nav>Home News</nav><div class=story>{}<figure><figcaption>A photo. \
             Photo: A. Person</figcaption></figure></div><script>var x = 1;</script>\
             <script src=a.js></script></body>",
            story(0..3)
        );
        let full = extract(&page, &Options::default());
        let brief = extract(
            &page,
            &Options {
                details: false,
                ..Options::default()
            },
        );
        assert_eq!(full.text, brief.text);
        let rules = |x: &Extracted| x.removed.iter().map(|r| r.rule.clone()).collect::<Vec<_>>();
        assert_eq!(rules(&full), rules(&brief));
        assert_eq!(rules(&full).len(), 3, "{:?}", rules(&full));
        assert!(brief
            .removed
            .iter()
            .all(|r| r.path.is_empty() && r.text.is_empty() && r.bytes == 0));
        assert!(full
            .removed
            .iter()
            .all(|r| !r.path.is_empty() && r.bytes > 0));
    }

    #[test]
    fn locators_use_ids_classes_and_positions() {
        let page = "<body><div id=main><p>a</p><aside class=\"box related\">Read this</aside>\
                    <aside>More</aside></div></body>";
        let out = extract(
            page,
            &Options {
                headline: false,
                ..Options::default()
            },
        );
        let paths: Vec<&str> = out.removed.iter().map(|r| r.path.as_str()).collect();
        assert!(
            paths.contains(&"div#main>aside.box:nth-of-type(1)"),
            "{paths:?}"
        );
        assert!(
            paths.contains(&"div#main>aside:nth-of-type(2)"),
            "{paths:?}"
        );
    }
}
