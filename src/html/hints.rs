//! What an element's markup says it is: the tag itself (`<nav>`, `<figcaption>`), its
//! `role` and `aria-label`, its `hidden` state, and the words of its `class` and `id`.
//!
//! Class and id values are cut into words at every character that is not a letter or
//! digit and at lower-to-upper case changes (`relatedPosts`, `share-bar`,
//! `post__byline` give `related posts`, `share bar`, `post byline`), and the words are
//! looked up in small vocabularies. Whole words only: `ad` matches `ad-slot` and
//! `top_ad` but not `header` or `load`; `comment` does not match `commentary`.
//!
//! Left alone on purpose: words that are as often content as furniture (`header`
//! inside an article holds the headline, `meta`, `info`, `box`, `card`, `story`,
//! `teaser`), and singular `tag` (WordPress puts `tag-<name>` on every article).

use crate::Category;
use scraper::node::Element;

/// What the markup says an element is, and the rule that removes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hint {
    /// The kind of junk.
    pub category: Category,
    /// The rule, `category/html-…`.
    pub rule: &'static str,
}

const fn hint(category: Category, rule: &'static str) -> Hint {
    Hint { category, rule }
}

/// `<script>`, `<noscript>`, `<iframe>`, `<object>`, `<embed>`: code and embedded
/// third-party frames, where ad and tracking code lives.
pub const SCRIPT: Hint = hint(Category::AdScript, "ad_script/html-script");
/// `<style>`, `<template>`, `<svg>`, `<canvas>`, form controls, media fallbacks:
/// markup that a browser does not show as text.
pub const MARKUP: Hint = hint(Category::PageChrome, "page_chrome/html-markup");
/// Ad slots and sponsored boxes by class or id (`ad`, `advert`, `sponsored`, …).
pub const AD_BOX: Hint = hint(Category::AdScript, "ad_script/html-ad-box");
/// Related-links and recommendation boxes (`related`, `recommended`, `more stories`).
pub const RELATED: Hint = hint(Category::RelatedStub, "related_stub/html-related-box");
/// Teaser cards: a headline link with a short blurb, three or more on the page (found
/// by the content module, not by markup words).
pub const TEASER: Hint = hint(Category::RelatedStub, "related_stub/html-teaser");
/// Other `<article>` elements beside the one with the page's headline (found by the
/// content module).
pub const OTHER_ARTICLE: Hint = hint(Category::RelatedStub, "related_stub/html-other-article");
/// Bylines, author boxes and datelines (`byline`, `author`, `dateline`, `<address>`).
pub const BYLINE: Hint = hint(Category::Byline, "byline/html-byline");
/// Captions and credits (`<figcaption>`, `caption`, `credit`).
pub const CAPTION: Hint = hint(Category::PhotoCredit, "photo_credit/html-caption");
/// Copyright and licence notices (`copyright`, `license`).
pub const COPYRIGHT: Hint = hint(Category::LicenseFooter, "license_footer/html-copyright");
/// Navigation (`<nav>`, `role=navigation`, `menu`, `breadcrumb`, `pagination`).
pub const NAV: Hint = hint(Category::PageChrome, "page_chrome/html-nav");
/// Page header and footer (`<footer>`, `role=banner|contentinfo`, `footer`, `masthead`).
pub const HEADER_FOOTER: Hint = hint(Category::PageChrome, "page_chrome/html-header-footer");
/// Sidebars and widgets (`<aside>`, `role=complementary`, `sidebar`, `widget`).
pub const SIDEBAR: Hint = hint(Category::PageChrome, "page_chrome/html-sidebar");
/// Share and social bars (`share`, `social`, `sharing`).
pub const SHARE: Hint = hint(Category::PageChrome, "page_chrome/html-share");
/// Newsletter and subscription boxes (`newsletter`, `subscribe`, `signup`).
pub const NEWSLETTER: Hint = hint(Category::PageChrome, "page_chrome/html-newsletter");
/// Cookie and consent banners (`cookie`, `consent`, `gdpr`).
pub const COOKIE: Hint = hint(Category::PageChrome, "page_chrome/html-cookie-banner");
/// Comment sections (`comments`, `disqus`, `respond`).
pub const COMMENTS: Hint = hint(Category::PageChrome, "page_chrome/html-comments");
/// Hidden elements (`hidden`, `aria-hidden="true"`, `sr-only`, `visually-hidden`).
pub const HIDDEN: Hint = hint(Category::PageChrome, "page_chrome/html-hidden");
/// Elements an inline style hides (`style="display: none"`).
pub const STYLE_HIDDEN: Hint = hint(Category::PageChrome, "page_chrome/html-style-hidden");
/// Forms, pop-ups and dialogs (`<form>`, `<dialog>`, `modal`, `popup`).
pub const FORM: Hint = hint(Category::PageChrome, "page_chrome/html-form");
/// Tag lists (`tags`, `tag-list`, `keywords`).
pub const TAGS: Hint = hint(Category::PageChrome, "page_chrome/html-tags");
/// Link lists inside the content region: a list, table or box whose text is mostly
/// links (see the content module).
pub const LINK_LIST: Hint = hint(Category::PageChrome, "page_chrome/html-link-list");
/// Everything outside the main content region.
pub const OUTSIDE: Hint = hint(Category::PageChrome, "page_chrome/outside-main-content");

/// The hint for tags that are never page text, or `None` for tags that may be.
pub(super) fn markup(name: &str) -> Option<Hint> {
    match name {
        "script" | "noscript" | "iframe" | "object" | "embed" | "applet" | "frame" | "frameset" => {
            Some(SCRIPT)
        }
        "style" | "template" | "svg" | "canvas" | "button" | "select" | "textarea" | "input"
        | "option" | "optgroup" | "datalist" | "video" | "audio" | "picture" | "map" | "link"
        | "meta" | "title" | "base" | "source" | "track" | "img" => Some(MARKUP),
        _ => None,
    }
}

/// The attributes extraction looks at, read in one pass over the element's list
/// (looking each up by name would intern the name every time).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Attrs<'a> {
    pub class: Option<&'a str>,
    pub id: Option<&'a str>,
    pub role: Option<&'a str>,
    pub itemprop: Option<&'a str>,
    pub style: Option<&'a str>,
    pub href: Option<&'a str>,
    pub aria_label: Option<&'a str>,
    pub hidden: bool,
    pub aria_hidden: bool,
}

impl<'a> Attrs<'a> {
    pub(super) fn of(e: &'a Element) -> Attrs<'a> {
        let mut a = Attrs::default();
        for (name, value) in e.attrs() {
            match name {
                "class" => a.class = Some(value),
                "id" => a.id = Some(value),
                "role" => a.role = Some(value),
                "itemprop" => a.itemprop = Some(value),
                "style" => a.style = Some(value),
                "href" => a.href = Some(value),
                "aria-label" => a.aria_label = Some(value),
                "hidden" => a.hidden = true,
                "aria-hidden" => a.aria_hidden = value.trim() == "true",
                _ => {}
            }
        }
        a
    }
}

/// The hints of `class` values seen on a page. Most elements share their class with
/// many others; looking the value up is cheaper than cutting it into words again.
#[derive(Default)]
pub(super) struct ClassCache<'a> {
    seen: std::collections::HashMap<&'a str, Option<Hint>>,
}

impl<'a> ClassCache<'a> {
    /// [`of_words`] of a class value, remembered.
    fn of(&mut self, class: &'a str) -> Option<Hint> {
        *self.seen.entry(class).or_insert_with(|| of_words(class))
    }
}

/// The hint of an element from its tag and attributes, if any.
pub(super) fn of_element<'a>(
    name: &str,
    a: &Attrs<'a>,
    classes: &mut ClassCache<'a>,
) -> Option<Hint> {
    let by_tag = match name {
        // The page itself is never junk, whatever words its classes carry.
        "html" | "body" | "main" => return None,
        "nav" | "menu" => Some(NAV),
        "footer" => Some(HEADER_FOOTER),
        "aside" => Some(SIDEBAR),
        "figcaption" => Some(CAPTION),
        "address" => Some(BYLINE),
        "form" | "dialog" => Some(FORM),
        _ => None,
    };
    if by_tag.is_some() {
        return by_tag;
    }
    if a.style.is_some_and(hides) {
        return Some(STYLE_HIDDEN);
    }
    if a.hidden || a.aria_hidden {
        return Some(HIDDEN);
    }
    if let Some(role) = a.role {
        let found = match role.trim() {
            "navigation" | "menu" | "menubar" => Some(NAV),
            "banner" | "contentinfo" => Some(HEADER_FOOTER),
            "complementary" => Some(SIDEBAR),
            "dialog" | "alertdialog" | "search" => Some(FORM),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    a.class
        .and_then(|c| classes.of(c))
        .or_else(|| [a.id, a.itemprop].into_iter().flatten().find_map(of_words))
}

/// Whether an inline style hides the element (`display: none`, `visibility: hidden`).
fn hides(style: &str) -> bool {
    if !style.contains(':') || !(style.contains("none") || style.contains("hidden")) {
        return false;
    }
    let s: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
}

/// The hint of a class or id value, by its words (see the module docs).
pub(super) fn of_words(value: &str) -> Option<Hint> {
    let mut found = None;
    let mut prev = Word::default();
    // `hidden` next to a screen size (`hidden-xs`, `mobile-hidden`) hides the element
    // on some screens only: it is a layout class, not a hidden element.
    let mut hidden_pending = false;
    words(value, |w| {
        let word = w.as_str();
        if hidden_pending {
            hidden_pending = false;
            if !is_screen(word) && found.is_none() {
                found = Some(HIDDEN);
            }
        }
        if found.is_none() {
            if word == "hidden" {
                hidden_pending = !is_screen(prev.as_str());
            } else {
                found = of_word(word).or_else(|| of_pair(prev.as_str(), word));
            }
        }
        prev = *w;
    });
    if hidden_pending && found.is_none() {
        found = Some(HIDDEN);
    }
    found
}

/// Words of responsive classes that name a screen size.
fn is_screen(w: &str) -> bool {
    matches!(
        w,
        "xs" | "sm"
            | "md"
            | "lg"
            | "xl"
            | "xxl"
            | "mobile"
            | "tablet"
            | "desktop"
            | "phone"
            | "print"
            | "small"
            | "medium"
            | "large"
            | "mob"
            | "tab"
            | "dt"
            | "up"
            | "down"
    )
}

/// A lowercase ASCII word of at most 24 bytes (longer words match nothing).
#[derive(Clone, Copy, Default)]
struct Word {
    bytes: [u8; 24],
    len: u8,
}

impl Word {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }
}

/// Cuts `value` into lowercase words and calls `f` on each in order, without
/// allocating.
fn words(value: &str, mut f: impl FnMut(&Word)) {
    let mut word = Word::default();
    let mut long = false;
    let mut last_lower = false;
    let mut flush = |word: &mut Word, long: &mut bool| {
        if word.len > 0 && !*long {
            f(word);
        }
        word.len = 0;
        *long = false;
    };
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() {
            if b.is_ascii_uppercase() && last_lower {
                flush(&mut word, &mut long);
            }
            last_lower = b.is_ascii_lowercase() || b.is_ascii_digit();
            if usize::from(word.len) < word.bytes.len() {
                word.bytes[usize::from(word.len)] = b.to_ascii_lowercase();
                word.len += 1;
            } else {
                long = true;
            }
        } else {
            last_lower = false;
            flush(&mut word, &mut long);
        }
    }
    flush(&mut word, &mut long);
}

/// Whether a class or id value has a word that names the content area (`article`,
/// `content`, `entry`, `post`, `story`, `body`, `text`, `main`).
pub(super) fn reads_as_content(value: &str) -> bool {
    let mut found = false;
    words(value, |w| {
        found |= matches!(
            w.as_str(),
            "article"
                | "content"
                | "entry"
                | "post"
                | "story"
                | "body"
                | "text"
                | "main"
                | "blog"
                | "prose"
                | "hentry"
                | "articlebody"
                | "postbody"
                | "entrycontent"
        );
    });
    found
}

/// The hint of one word.
fn of_word(w: &str) -> Option<Hint> {
    Some(match w {
        "ad" | "ads" | "adv" | "advert" | "adverts" | "advertisement" | "advertising"
        | "adsbygoogle" | "adslot" | "adunit" | "adsense" | "adblock" | "sponsor" | "sponsors"
        | "sponsored" | "promo" | "promos" | "promoted" | "dfp" | "doubleclick" | "taboola"
        | "outbrain" | "commercial" => AD_BOX,
        "related" | "relatedposts" | "recommended" | "recommendation" | "recommendations"
        | "trending" | "readmore" | "morestories" | "alsoread" | "mostread" | "mostpopular" => {
            RELATED
        }
        "byline" | "bylines" | "author" | "authors" | "dateline" | "contributor"
        | "contributors" | "authorbox" => BYLINE,
        "caption" | "captions" | "figcaption" | "credit" | "credits" | "photocredit" => CAPTION,
        "copyright" | "license" | "licence" => COPYRIGHT,
        "nav" | "navbar" | "navigation" | "menu" | "breadcrumb" | "breadcrumbs" | "pagination"
        | "pager" | "skiplink" => NAV,
        "footer" | "masthead" => HEADER_FOOTER,
        "sidebar" | "widget" | "widgets" | "rail" => SIDEBAR,
        "share" | "sharing" | "sharebar" | "social" | "socials" | "sharethis" | "addthis" => SHARE,
        "newsletter" | "subscribe" | "subscription" | "signup" | "optin" => NEWSLETTER,
        "cookie" | "cookies" | "consent" | "gdpr" => COOKIE,
        "comment" | "comments" | "disqus" | "respond" => COMMENTS,
        "screenreader" => HIDDEN,
        "modal" | "popup" | "overlay" => FORM,
        "tags" | "taglist" | "tagcloud" | "keywords" => TAGS,
        _ => return None,
    })
}

/// The hint of two words in a row (`read more`, `sr only`).
fn of_pair(a: &str, b: &str) -> Option<Hint> {
    Some(match (a, b) {
        ("read", "more")
        | ("more", "stories")
        | ("also", "read")
        | ("most", "read")
        | ("most", "popular")
        | ("see", "also")
        | ("you", "may") => RELATED,
        ("sr", "only") | ("visually", "hidden") | ("screen", "reader") => HIDDEN,
        ("sign", "up") | ("opt", "in") => NEWSLETTER,
        ("post", "meta") | ("entry", "meta") | ("article", "meta") | ("posted", "on") => BYLINE,
        ("tag", "list") | ("tag", "cloud") => TAGS,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_at_separators_and_case_changes() {
        let mut got = Vec::new();
        words("relatedPosts share-bar post__byline HTMLNav", |w| {
            got.push(w.as_str().to_string())
        });
        assert_eq!(
            got,
            ["related", "posts", "share", "bar", "post", "byline", "htmlnav"]
        );
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(of_words("top_ad"), Some(AD_BOX));
        assert_eq!(of_words("header load"), None);
        assert_eq!(of_words("commentary-body"), None);
        assert_eq!(of_words("post tag-politics"), None);
        assert_eq!(of_words("article-body"), None);
        assert_eq!(of_words("read-more-links"), Some(RELATED));
        assert_eq!(of_words("sr-only"), Some(HIDDEN));
        assert_eq!(of_words("box hidden"), Some(HIDDEN));
        assert_eq!(of_words("hidden-xs"), None);
        assert_eq!(of_words("elementor-hidden-mobile"), None);
        assert_eq!(of_words("is-hidden promo"), Some(HIDDEN));
    }
}
