//! A flat copy of the parsed page: one entry per element or text node, in document
//! order, with parent links and subtree ends, so that the content scoring is a few
//! passes over an array instead of pointer chasing through the tree.

use super::hints::{self, Attrs, Hint};
use ego_tree::NodeRef;
use scraper::{Html, Node};
use std::fmt::Write;

/// What a node is, as far as extraction cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tag {
    /// A text node.
    Text,
    /// `<br>`: a line break inside a block.
    Br,
    /// `<hr>`, `<p>`, `<div>` and other blocks that start a new paragraph.
    Block,
    /// `<h1>`…`<h6>`.
    Heading(u8),
    /// `<li>`, `<dt>`, `<dd>`: one line each.
    Item,
    /// `<tr>`: one line per row.
    Row,
    /// `<td>`, `<th>`: cells, kept on their row.
    Cell,
    /// `<pre>`: whitespace kept as it is.
    Pre,
    /// `<a>`.
    Link,
    /// Anything else: inline markup (`<span>`, `<em>`, …) or unknown tags.
    Inline,
    /// Markup that is never page text (`<script>`, `<style>`, …): kept as a leaf so
    /// that locators count it, never descended into.
    Dropped,
}

impl Tag {
    /// Whether the tag starts and ends a paragraph of its own.
    pub(super) fn is_block(self) -> bool {
        matches!(
            self,
            Tag::Block | Tag::Heading(_) | Tag::Item | Tag::Row | Tag::Pre
        )
    }
}

/// One node of the page.
pub(super) struct N<'a> {
    /// Index of the parent element (`u32::MAX` for the root).
    pub parent: u32,
    /// One past the index of the last node of the subtree.
    pub end: u32,
    pub tag: Tag,
    /// The tree node (for the element's name and attributes).
    pub node: NodeRef<'a, Node>,
    /// For text nodes, the text; empty otherwise.
    pub text: &'a str,
    /// The nearest block-level ancestor (the paragraph a text node belongs to).
    pub block: u32,
    /// Whether the node is inside an `<a>`.
    pub in_link: bool,
    /// What the element's tag, class, id, role and aria attributes say it is.
    pub hint: Option<Hint>,
    /// The element's `class` and `id`.
    pub class: Option<&'a str>,
    pub id: Option<&'a str>,
    /// Whether its `itemprop` is schema.org's `articleBody`.
    pub article_body: bool,
}

impl<'a> N<'a> {
    /// The element's tag name (`""` for text).
    pub(super) fn name(&self) -> &'a str {
        match self.node.value() {
            Node::Element(e) => e.name(),
            _ => "",
        }
    }
}

/// The flat page, plus what the document head says.
pub(super) struct Dom<'a> {
    pub nodes: Vec<N<'a>>,
    /// Text of `<title>`.
    pub title: Option<&'a str>,
    /// `<meta property="og:title">`.
    pub og_title: Option<&'a str>,
}

/// Sentinel parent of the root.
pub(super) const NONE: u32 = u32::MAX;

/// How a tag is treated: its [`Tag`], and for markup that is never text, the hint it
/// is reported under.
fn classify(name: &str) -> (Tag, Option<Hint>) {
    let tag = match name {
        "p" | "div" | "section" | "article" | "main" | "body" | "blockquote" | "ul" | "ol"
        | "dl" | "table" | "figure" | "figcaption" | "header" | "footer" | "nav" | "aside"
        | "address" | "center" | "details" | "summary" | "fieldset" | "form" | "hr" | "caption"
        | "hgroup" | "dialog" | "menu" => Tag::Block,
        "h1" => Tag::Heading(1),
        "h2" => Tag::Heading(2),
        "h3" => Tag::Heading(3),
        "h4" => Tag::Heading(4),
        "h5" => Tag::Heading(5),
        "h6" => Tag::Heading(6),
        "li" | "dt" | "dd" => Tag::Item,
        "tr" => Tag::Row,
        "td" | "th" => Tag::Cell,
        "pre" | "listing" | "xmp" | "plaintext" => Tag::Pre,
        "br" => Tag::Br,
        "a" => Tag::Link,
        _ => match hints::markup(name) {
            Some(h) => return (Tag::Dropped, Some(h)),
            None => Tag::Inline,
        },
    };
    (tag, None)
}

/// Flattens the parsed page. `<head>` is read for the title and left out; markup that
/// is never text becomes a [`Tag::Dropped`] leaf.
pub(super) fn flatten(html: &Html) -> Dom<'_> {
    let mut dom = Dom {
        nodes: Vec::with_capacity(html.tree.values().len()),
        title: None,
        og_title: None,
    };
    enum Frame<'a> {
        Enter(NodeRef<'a, Node>, u32, u32, bool),
        Exit(u32),
    }
    let mut classes = hints::ClassCache::default();
    let mut stack = vec![Frame::Enter(html.tree.root(), NONE, NONE, false)];
    while let Some(frame) = stack.pop() {
        let (node, parent, block, in_link) = match frame {
            Frame::Exit(i) => {
                dom.nodes[i as usize].end = dom.nodes.len() as u32;
                continue;
            }
            Frame::Enter(node, parent, block, in_link) => (node, parent, block, in_link),
        };
        let (tag, hint, text, attrs) = match node.value() {
            Node::Text(t) => (Tag::Text, None, &**t, Attrs::default()),
            Node::Element(e) => {
                let name = e.name();
                if name == "head" {
                    read_head(node, &mut dom);
                    continue;
                }
                let attrs = Attrs::of(e);
                let (tag, hint) = match classify(name) {
                    (Tag::Dropped, hint) => (Tag::Dropped, hint),
                    (tag, _) => (tag, hints::of_element(name, &attrs, &mut classes)),
                };
                (tag, hint, "", attrs)
            }
            Node::Document | Node::Fragment => {
                for child in node.children().rev() {
                    stack.push(Frame::Enter(child, parent, block, in_link));
                }
                continue;
            }
            _ => continue,
        };
        let i = dom.nodes.len() as u32;
        dom.nodes.push(N {
            parent,
            end: i + 1,
            tag,
            node,
            text,
            block,
            in_link,
            hint,
            class: attrs.class,
            id: attrs.id,
            article_body: attrs.itemprop.is_some_and(|p| p.contains("articleBody")),
        });
        if matches!(tag, Tag::Text | Tag::Dropped) {
            continue;
        }
        stack.push(Frame::Exit(i));
        let child_block = if tag.is_block() || tag == Tag::Cell {
            i
        } else {
            block
        };
        // An in-page anchor (`href="#section"`) is not a way off the page.
        let child_link =
            in_link || tag == Tag::Link && attrs.href.is_some_and(|h| !h.starts_with('#'));
        for child in node.children().rev() {
            stack.push(Frame::Enter(child, i, child_block, child_link));
        }
    }
    dom
}

/// Takes the title and `og:title` from the document head.
fn read_head<'a>(head: NodeRef<'a, Node>, dom: &mut Dom<'a>) {
    for node in head.descendants() {
        let Node::Element(e) = node.value() else {
            continue;
        };
        match e.name() {
            "title" if dom.title.is_none() => {
                dom.title = node
                    .first_child()
                    .and_then(|c| c.value().as_text().map(|t| &**t));
            }
            "meta" if e.attr("property") == Some("og:title") => {
                dom.og_title = e.attr("content");
            }
            _ => {}
        }
    }
}

/// The element children of node `i`, in order.
pub(super) fn children<'d>(nodes: &'d [N<'_>], i: usize) -> impl Iterator<Item = usize> + 'd {
    let end = nodes[i].end as usize;
    let mut at = i + 1;
    std::iter::from_fn(move || {
        if at >= end {
            return None;
        }
        let here = at;
        at = nodes[at].end as usize;
        Some(here)
    })
}

/// A short CSS path to node `i`: `tag#id`, or `tag.class` with `:nth-of-type(k)` when
/// the parent has several children of that tag, from the nearest ancestor with an id
/// (or from `body`) down, joined by `>`.
pub(super) fn locator(nodes: &[N<'_>], i: usize) -> String {
    fn usable_id<'a>(n: &N<'a>) -> Option<&'a str> {
        n.id.filter(|id| !id.is_empty() && !id.contains(' '))
    }
    // The elements on the path, from `i` up.
    let mut chain: Vec<usize> = Vec::with_capacity(16);
    let mut at = i;
    loop {
        chain.push(at);
        let n = &nodes[at];
        if usable_id(n).is_some() || n.name() == "body" || n.parent == NONE {
            break;
        }
        at = n.parent as usize;
    }
    let mut out = String::with_capacity(chain.len() * 16);
    for (k, &at) in chain.iter().rev().enumerate() {
        if k > 0 {
            out.push('>');
        }
        let n = &nodes[at];
        let name = n.name();
        out.push_str(name);
        if let Some(id) = usable_id(n) {
            out.push('#');
            out.push_str(id);
            continue;
        }
        if let Some(class) = n.class.and_then(|c| c.split_whitespace().next()) {
            out.push('.');
            out.push_str(class);
        }
        if n.parent != NONE {
            // Its position among the parent's children of the same tag, and how many
            // there are.
            let (mut position, mut same) = (0, 0);
            for c in children(nodes, n.parent as usize) {
                if nodes[c].tag != Tag::Text && nodes[c].name() == name {
                    same += 1;
                    if c == at {
                        position = same;
                    }
                }
            }
            if same > 1 {
                let _ = write!(out, ":nth-of-type({position})");
            }
        }
    }
    out
}
