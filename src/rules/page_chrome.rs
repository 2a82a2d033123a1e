//! `page_chrome`: leftover page interface.
//!
//! Rules (all whole lines):
//! - `page_chrome/section-label`: a section name ("Business", "World News") as the first
//!   line of the document, with more text below it.
//! - `page_chrome/breadcrumb`: "Home > News > World" near the top.
//! - `page_chrome/logo`: "Example News logo": capitalized words and a lower-case "logo".
//! - `page_chrome/font-size`: "Font Size:", "Text size A A A".
//! - `page_chrome/control`: buttons and labels: "Share this article", "Share on
//!   Facebook", "Print", "Email", "Comments", "Loading…", "Skip to content", "3 min read".
//! - `page_chrome/share-bar`: a line of nothing but share targets, "Facebook Twitter Email".
//! - `page_chrome/newsletter`: "Sign up for our newsletter", "Get the latest news
//!   delivered to your inbox", "By signing up, you agree to our Privacy Policy".
//! - `page_chrome/cookie-notice`: "We use cookies to improve your experience…".
//! - `page_chrome/follow-us`: "Follow us on Facebook and Instagram".
//! - `page_chrome/slide-counter`: "1 of 6", "Slide 2 of 9".
//! - `page_chrome/timestamp`: "Published: March 3, 2021 10:15 AM ET", "Updated 2 hours ago".
//!
//! Left alone: a headline that happens to be one word further down, "Print" inside a
//! sentence, articles about cookies or newsletters (the notice must open the line),
//! "Apple Unveils New Logo" (title case, and "Logo" capitalized), a numbered list.

use super::byline::PLATFORM;
use super::{gate, is_digit, pat, whole, Admits, Anchored, Heads, Openers, Pat, Proposal};
use crate::segment::Doc;
use crate::Category::PageChrome;

/// The openers of the rules that start with openers, taken together: most lines start
/// like none of them. The members are numbered by the constants below.
const MEMBERS: &[&Openers] = &[
    &SECTION_LABEL.openers,
    &BREADCRUMB.openers,
    &FONT_SIZE.openers,
    &CONTROL.openers,
    &SHARE_BAR.openers,
    &NEWSLETTER.openers,
    &COOKIE_NOTICE.openers,
    &FOLLOW_US.openers,
    &SLIDE_COUNTER.openers,
    &TIMESTAMP.openers,
];
const HEADS: Heads = Heads::of(MEMBERS);
const SECTION_LABEL_K: u32 = 0;
const BREADCRUMB_K: u32 = 1;
const FONT_SIZE_K: u32 = 2;
const CONTROL_K: u32 = 3;
const SHARE_BAR_K: u32 = 4;
const NEWSLETTER_K: u32 = 5;
const COOKIE_NOTICE_K: u32 = 6;
const FOLLOW_US_K: u32 = 7;
const SLIDE_COUNTER_K: u32 = 8;
const TIMESTAMP_K: u32 = 9;

pub(super) fn propose(doc: &Doc, out: &mut Vec<Proposal>) {
    let n = doc.lines.len();
    for (i, line) in doc.lines.iter().enumerate() {
        let v = &*line.view;
        if v.len() > 500 {
            continue;
        }
        let a = HEADS.test(v);
        if !gate(a.any()) {
            if logo(v) {
                out.push(whole(line, PageChrome, "page_chrome/logo"));
            }
            continue;
        }
        let rule = if i < 2
            && i + 1 < n
            && SECTION_LABEL.is_match_as(v, a, SECTION_LABEL_K)
            && (i == 0 || out.iter().any(|p| p.span == doc.lines[0].span))
        {
            "page_chrome/section-label"
        } else if i < 4 && i + 1 < n && breadcrumb_as(v, a) {
            "page_chrome/breadcrumb"
        } else if logo(v) {
            "page_chrome/logo"
        } else if FONT_SIZE.is_match_as(v, a, FONT_SIZE_K) {
            "page_chrome/font-size"
        } else if CONTROL.is_match_as(v, a, CONTROL_K) {
            "page_chrome/control"
        } else if share_bar_as(v, a) {
            "page_chrome/share-bar"
        } else if NEWSLETTER.is_match_as(v, a, NEWSLETTER_K) {
            "page_chrome/newsletter"
        } else if COOKIE_NOTICE.is_match_as(v, a, COOKIE_NOTICE_K) {
            "page_chrome/cookie-notice"
        } else if FOLLOW_US.is_match_as(v, a, FOLLOW_US_K) {
            "page_chrome/follow-us"
        } else if slide_counter_as(v, a) {
            "page_chrome/slide-counter"
        } else if TIMESTAMP.is_match_as(v, a, TIMESTAMP_K) {
            "page_chrome/timestamp"
        } else {
            continue;
        };
        out.push(whole(line, PageChrome, rule));
    }
}

/// `page_chrome/section-label`. Gate: the first word of a section name.
const SECTION_LABEL: Anchored = Anchored {
    openers: Openers::new(&[
        "africa",
        "americas",
        "analysis",
        "arts",
        "asia",
        "australia",
        "autos",
        "banking",
        "baseball",
        "basketball",
        "beauty",
        "books",
        "breaking",
        "business",
        "canada",
        "careers",
        "cars",
        "celebrity",
        "china",
        "climate",
        "commentary",
        "companies",
        "cricket",
        "crime",
        "culture",
        "defense",
        "economy",
        "editorial",
        "education",
        "elections",
        "energy",
        "entertainment",
        "environment",
        "europe",
        "fashion",
        "features",
        "film",
        "finance",
        "food",
        "football",
        "games",
        "gaming",
        "golf",
        "health",
        "india",
        "industry",
        "international",
        "investing",
        "justice",
        "latest",
        "latin",
        "law",
        "life",
        "living",
        "local",
        "markets",
        "media",
        "metro",
        "middle",
        "money",
        "movies",
        "music",
        "nation",
        "news",
        "obituaries",
        "olympics",
        "opinion",
        "personal",
        "politics",
        "property",
        "real",
        "regional",
        "religion",
        "rugby",
        "sci-tech",
        "science",
        "security",
        "soccer",
        "society",
        "sport",
        "startups",
        "style",
        "tech",
        "television",
        "tennis",
        "top",
        "travel",
        "tv",
        "u.s.",
        "uk",
        "us",
        "video",
        "weather",
        "wellness",
        "world",
    ]),
    pattern: || {
        pat!(
            r"^(?i:business|politics|world|world news|us|u\.s\.|us news|u\.s\. news|uk|uk news|nation|national|international|local|local news|regional|metro|tech|technology|science|health|sport|sports|opinion|opinions|entertainment|culture|arts|arts & culture|life|lifestyle|living|style|travel|food|food & drink|money|finance|personal finance|markets|economy|investing|news|latest|latest news|breaking|breaking news|top stories|analysis|commentary|editorial|editorials|features|environment|climate|education|media|crime|law|justice|weather|video|videos|autos|cars|real estate|property|careers|books|music|movies|film|tv|television|celebrity|fashion|beauty|wellness|religion|society|obituaries|sci-tech|science & tech|tech & science|defense|security|energy|startups|gaming|games|football|soccer|basketball|baseball|cricket|tennis|golf|rugby|olympics|elections|europe|asia|africa|americas|middle east|australia|canada|india|china|latin america|asia pacific|world business|companies|industry|banking|economy & business|business news|tech news|health news)$"
        )
    },
};

#[cfg(test)]
fn section_label(v: &str) -> bool {
    SECTION_LABEL.is_match(v)
}

/// `page_chrome/breadcrumb`. Gate: "home" or "news".
const BREADCRUMB: Anchored = Anchored {
    openers: Openers::new(&["home", "news"]),
    pattern: || {
        pat!(
            r"^(?i:home|news) ?(?:>|›|»|/|\||::) ?[^>›»/|:]+(?: ?(?:>|›|»|/|\||::) ?[^>›»/|:]+){0,5}$"
        )
    },
};

#[cfg(test)]
fn breadcrumb(v: &str) -> bool {
    breadcrumb_as(v, HEADS.test(v))
}

/// [`breadcrumb`], given what [`HEADS`] says of `v`.
fn breadcrumb_as(v: &str, a: Admits) -> bool {
    BREADCRUMB.is_match_as(v, a, BREADCRUMB_K)
        && v.split(['>', '›', '»', '/', '|'])
            .all(|seg| seg.split_whitespace().count() <= 4)
}

/// Gate: the line ends with "logo".
fn logo(v: &str) -> bool {
    gate(v.ends_with("logo")) && pat!(r"^(?:[\p{Lu}\d][\w&.'-]*\s+){1,7}logo$").is_match(v)
}

/// `page_chrome/font-size`.
const FONT_SIZE: Anchored = Anchored {
    openers: Openers::new(&["font", "text", "a a a", "a+ a-", "a- a+"]),
    pattern: || {
        pat!(
            r"^(?i:(?:font|text) ?size|a a a|a\+ a-|a- a\+)\s*:?(?:\s*(?:a|a\+|a-|\+|-|small|medium|large|larger|smaller))*$"
        )
    },
};

#[cfg(test)]
fn font_size(v: &str) -> bool {
    FONT_SIZE.is_match(v)
}

/// `page_chrome/control`. Gate: the first word of a control, or a digit ("3 comments",
/// "5 min read").
const CONTROL: Anchored = Anchored {
    openers: Openers::new(&[
        "accept",
        "add",
        "advertise",
        "back",
        "bookmark",
        "close",
        "comment",
        "cookie",
        "copy",
        "e-mail",
        "email",
        "gift",
        "got",
        "hide",
        "i ",
        "join",
        "jump",
        "leave",
        "link",
        "listen",
        "load",
        "log",
        "manage",
        "menu",
        "more",
        "next",
        "pin",
        "play",
        "please",
        "post",
        "prev",
        "print",
        "read",
        "register",
        "reject",
        "report",
        "save",
        "scroll",
        "search",
        "see",
        "share",
        "show",
        "sign",
        "skip",
        "subscribe",
        "top",
        "tweet",
        "view",
        "0",
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
    ])
    .start_if(is_digit),
    pattern: || {
        pat!(
            r"^(?i:share|share this|share this (?:article|story|post|page|video)|share (?:the )?article|share story|share on (?:facebook|twitter|x|linkedin|whatsapp|reddit|pinterest|email|telegram)|share via (?:email|e-mail|facebook|twitter|whatsapp)|share via|shares|tweet|tweet this|pin it|print|print this (?:article|page|story)|print (?:article|page|story)|email|e-mail|email this (?:article|story|page)|email (?:article|story)|copy link|copy article link|link copied|comments?|show comments|view comments|hide comments|leave a comment|add (?:a )?comment|post a comment|\d+ comments?|join the conversation|listen|listen to (?:this )?(?:article|story)|listen now|play video|skip to (?:main )?content|skip navigation|skip ad|jump to|menu|close|search|sign in|log in|login|subscribe|subscribe now|register|loading|loading\.\.\.|loading…|please wait|back to top|scroll to top|top of page|next|previous|prev|next article|previous article|next story|previous story|save|save article|saved|bookmark|gift (?:this )?article|reading time:? \d{1,3} (?:min|mins|minutes?)|\d{1,3} (?:min|mins|minute|minutes) (?:read|reading|listen)|read time:? \d{1,3} (?:min|mins|minutes?)|accept|accept all|accept cookies|accept all cookies|reject all|manage cookies|cookie settings|manage preferences|got it|i agree|advertise with us|report an error|report a typo|view all|see all|show more|load more|more)\s*[:.…]*$"
        )
    },
};

#[cfg(test)]
fn control(v: &str) -> bool {
    CONTROL.is_match(v)
}

/// `page_chrome/share-bar`. Gate: a share target opens the line.
const SHARE_BAR: Anchored = Anchored {
    openers: Openers::new(&[
        "share",
        "facebook",
        "twitter",
        "x",
        "email",
        "e-mail",
        "linkedin",
        "whatsapp",
        "pinterest",
        "reddit",
        "telegram",
        "messenger",
        "print",
        "copy link",
        "sms",
        "flipboard",
        "tumblr",
        "mail",
        "comment",
        "save",
    ]),
    pattern: || {
        pat!(
            r"^(?i:(?:share|facebook|twitter|x|email|e-mail|linkedin|whatsapp|pinterest|reddit|telegram|messenger|print|copy link|sms|flipboard|tumblr|mail|comment|comments|save)\s*[|,·•/]?\s*)+$"
        )
    },
};

#[cfg(test)]
fn share_bar(v: &str) -> bool {
    share_bar_as(v, HEADS.test(v))
}

/// [`share_bar`], given what [`HEADS`] says of `v`.
fn share_bar_as(v: &str, a: Admits) -> bool {
    SHARE_BAR.is_match_as(v, a, SHARE_BAR_K)
        && v.split([' ', '|', ',', '·', '•', '/'])
            .filter(|w| !w.is_empty())
            .count()
            >= 2
}

/// `page_chrome/newsletter`.
const NEWSLETTER: Anchored = Anchored {
    openers: Openers::new(&[
        "sign up",
        "subscribe",
        "register",
        "get ",
        "by ",
        "when ",
        "enter your e",
        "thank",
        "want ",
        "like ",
    ]),
    pattern: || {
        pat!(
            r"^(?i:(?:sign up|subscribe|register)(?: now| today| here)?\s*(?:for|to) (?:our |the |my )?(?:free )?[\w' -]*(?:newsletters?|e-?mails?|alerts|updates|briefings?|digest)\b.*|get (?:the latest|our|breaking|the best)\b.*\b(?:in|to) your inbox.*|(?:by|when) (?:signing up|subscribing|clicking|you sign up)\b.*\b(?:privacy|terms|policy)\b.*|enter your e-?mail(?: address)?.*|thanks? (?:you )?for (?:signing up|subscribing).*|(?:want|like) (?:more|the latest) .*\? sign up.*)$"
        )
    },
};

#[cfg(test)]
fn newsletter(v: &str) -> bool {
    NEWSLETTER.is_match(v)
}

/// `page_chrome/cookie-notice`.
const COOKIE_NOTICE: Anchored = Anchored {
    openers: Openers::new(&["we ", "this ", "our ", "by ", "cookie", "accept ", "allow "]),
    pattern: || {
        pat!(
            r"^(?i:(?:we|this (?:web)?site|our (?:web)?site|this website|our partners) (?:and our partners )?(?:use|uses) cookies\b|by (?:continuing|using) (?:to (?:use|browse) )?(?:this|our) (?:site|website)\b.*\bcookies\b|cookies? (?:notice|policy|settings|preferences|consent)\b|(?:accept|allow) (?:all )?cookies\b)"
        )
    },
};

#[cfg(test)]
fn cookie_notice(v: &str) -> bool {
    COOKIE_NOTICE.is_match(v)
}

/// `page_chrome/follow-us`.
const FOLLOW_US: Anchored = Anchored {
    openers: Openers::new(&[
        "follow us",
        "like us",
        "find us",
        "join us",
        "connect with us",
    ]),
    pattern: || {
        pat!(format!(
            r"^(?i:follow|like|find|join|connect with) us(?: on| at)?\s*(?:{PLATFORM}(?:\s*(?:,|and|&|or)\s*{PLATFORM})*)?\s*[.!:]*$"
        ))
    },
};

#[cfg(test)]
fn follow_us(v: &str) -> bool {
    FOLLOW_US.is_match(v)
}

/// `page_chrome/slide-counter`. Gate: a label or a digit; and the pattern ends with a
/// digit (any script's: `\d` is Unicode).
const SLIDE_COUNTER: Anchored = Anchored {
    openers: Openers::new(&[
        "image", "photo", "slide", "picture", "item", "0", "1", "2", "3", "4", "5", "6", "7", "8",
        "9",
    ])
    .start_if(is_digit),
    pattern: || {
        pat!(r"^(?i:(?:image|photo|slide|picture|item)\s+)?(\d{1,3})\s*(?i:of)\s*(\d{1,3})$")
    },
};

#[cfg(test)]
fn slide_counter(v: &str) -> bool {
    slide_counter_as(v, HEADS.test(v))
}

/// [`slide_counter`], given what [`HEADS`] says of `v`.
fn slide_counter_as(v: &str, a: Admits) -> bool {
    // Part of the rule since it was written: the last character is a digit in the
    // standard library's sense.
    if !v.chars().next_back().is_some_and(char::is_numeric) {
        return false;
    }
    let Some(c) = SLIDE_COUNTER.captures_as(v, a, SLIDE_COUNTER_K) else {
        return false;
    };
    let (a, b): (u32, u32) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
    a >= 1 && a <= b
}

/// `page_chrome/timestamp`.
const TIMESTAMP: Anchored = Anchored {
    openers: Openers::new(&[
        "published",
        "updated",
        "posted",
        "last updated",
        "first published",
        "last modified",
        "modified",
    ]),
    pattern: timestamp_pattern,
};

#[cfg(test)]
fn timestamp(v: &str) -> bool {
    TIMESTAMP.is_match(v)
}

fn timestamp_pattern() -> &'static Pat {
    // ASCII classes and single spaces: the view has already folded whitespace, and the
    // Unicode classes make this alternation too large to compile.
    const DATE: &str = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,? )?(?:[a-z]{3,9}\.? [0-9]{1,2}(?:st|nd|rd|th)?,? [0-9]{4}|[0-9]{1,2} [a-z]{3,9}\.?,? [0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{2,4})";
    const TIME: &str =
        r"(?:[ ,|-]*(?:at )?[0-9]{1,2}[:.][0-9]{2}(?: ?[ap]\.?m\.?)?(?: [a-z]{2,4})?)?";
    const AGO: &str = r"[0-9]{1,3} (?:minutes?|mins?|hours?|hrs?|days?) ago";
    pat!(format!(
        r"(?i-u)^(?:published|updated|posted|last updated|first published|last modified|modified)(?: on| at)? ?:? ?(?:{DATE}{TIME}|[0-9]{{1,2}}[:.][0-9]{{2}}(?: ?[ap]\.?m\.?)?(?: [a-z]{{2,4}})?[ ,|-]+{DATE}|{AGO})(?: ?[|] ?(?:updated|published) ?:? ?(?:{DATE}{TIME}|{AGO}))?\.?$"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome() {
        assert!(section_label("Business"));
        assert!(logo("Daily Example News Foundation logo"));
        assert!(font_size("Font Size:"));
        assert!(control("Share this article"));
        assert!(control("Loading…"));
        assert!(control("3 min read"));
        assert!(share_bar("Facebook Twitter Email"));
        assert!(newsletter("Sign up for our newsletter"));
        assert!(cookie_notice(
            "We use cookies to improve your experience. By continuing you agree."
        ));
        assert!(follow_us("Follow us on Facebook and Instagram"));
        assert!(slide_counter("1 of 6"));
        assert!(timestamp("Published: March 3, 2021 10:15 AM ET"));
        assert!(timestamp("Updated 2 hours ago"));
        assert!(breadcrumb("Home > News > World"));
    }

    /// The table of openers says what each rule's own openers would.
    #[test]
    fn heads_agree() {
        crate::rules::tests::assert_heads_agree(&HEADS, MEMBERS);
    }

    /// Each gate lets through every line its pattern could match.
    #[test]
    fn gates_cover_their_patterns() {
        for a in [
            &SECTION_LABEL,
            &BREADCRUMB,
            &FONT_SIZE,
            &CONTROL,
            &SHARE_BAR,
            &NEWSLETTER,
            &COOKIE_NOTICE,
            &FOLLOW_US,
            &SLIDE_COUNTER,
            &TIMESTAMP,
        ] {
            crate::rules::tests::assert_openers_cover(a);
        }
    }

    #[test]
    fn prose_survives() {
        assert!(!logo("Company unveils new logo"));
        assert!(!cookie_notice(
            "The regulator said sites must ask before they use cookies."
        ));
        assert!(!slide_counter("6 of 1"));
        assert!(!control("Print shops are closing across the region."));
        assert!(!timestamp("Published in March, the report found little."));
    }
}
