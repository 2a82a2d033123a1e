//! `photo_credit`: image credits, captions and image alt text.
//!
//! Rules:
//! - `photo_credit/credit-parenthetical`: an inline credit in brackets, "(photo credit:
//!   REUTERS/Jane Doe)", "(AP Photo/Jane Doe)", "(Photo: Example Post)"; only the brackets
//!   go when the rest of the line is prose.
//! - `photo_credit/caption-with-credit`: a short line that is a caption followed by such
//!   a credit, "The flooded riverbank on Sunday. (Photo: Jane Doe)": the whole line goes.
//! - `photo_credit/credit-line`: "Image: Shutterstock.com", "Photo by Jane Doe on
//!   Unsplash", "Credit: Jane Doe/Example Post".
//! - `photo_credit/agency-line`: a line that is only an agency credit, "Getty Images",
//!   "Jane Doe/Getty Images", "AFP via Getty Images", "REUTERS/Jane Doe".
//! - `photo_credit/caption-label`: "Image copyright …", "Image caption …", "toggle
//!   caption", "Jane Doe/NPR hide caption", "Enlarge this image".
//! - `photo_credit/caption-repeat`: a line near a caption-with-credit line that repeats
//!   its caption (scrapers often keep the alt text and the caption both).
//! - `photo_credit/caption-beside-credit`: a short line in the same small paragraph as a
//!   credit line, where that paragraph holds nothing but the caption and credits.
//! - `photo_credit/portrait-caption`: a line of its own that is only a name and a title,
//!   "Jane Doe, chief executive of Example Corp": the caption of a portrait.
//!
//! Left alone: stories about photo agencies ("Getty Images reported revenue of…" is a
//! sentence, not a credit line), a short sentence inside a paragraph of story text
//! (captions are only taken beside a credit in a paragraph of their own), sub-headlines
//! that say something about a person ("Jane Doe, CEO of Example, steps down").

use super::{
    content_lowercase_words, ends_like_news_org, ends_like_sentence, finder, gate, has_fold_wild,
    name, part, pat, rfind_period_space, starts_like_name, starts_with_function_word, whole,
    Anchored, Filter, Found, Openers, Pat, Proposal, NEWS_ORG,
};
use crate::segment::{Doc, Has, Line};
use crate::Category::PhotoCredit;

/// Longest bracketed credit, brackets included.
const MAX_CREDIT: usize = 140;

/// Longest caption taken together with its credit.
const MAX_CAPTION: usize = 200;

/// A first test for the rules that start with openers.
const ANY_OPENER: Filter = Filter::any_of(&[&CREDIT_LINE.openers, &CAPTION_LABEL.openers]);

pub(super) fn propose(doc: &Doc, out: &mut Vec<Proposal>) {
    let lines = &doc.lines;
    let mut credit = vec![false; lines.len()];
    let mut captions: Vec<(usize, &str)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let v = &*line.view;
        let found = credit_paren_possible(v, line.has)
            .then(|| find_credit_paren(v))
            .flatten();
        if let Some(m) = found.filter(|m| m.len() <= MAX_CREDIT) {
            let before = v[..m.start()].trim();
            let after = v[m.end()..].trim();
            if after.is_empty() && before.len() <= MAX_CAPTION && sentences(before) <= 2 {
                credit[i] = true;
                if !before.is_empty() {
                    captions.push((i, before));
                    out.push(whole(line, PhotoCredit, "photo_credit/caption-with-credit"));
                } else {
                    out.push(whole(
                        line,
                        PhotoCredit,
                        "photo_credit/credit-parenthetical",
                    ));
                }
            } else {
                let found: Vec<_> = credit_paren()
                    .find_all(v)
                    .into_iter()
                    .filter(|m| m.len() <= MAX_CREDIT)
                    .collect();
                for m in found {
                    out.push(part(
                        line,
                        m.start(),
                        m.end(),
                        PhotoCredit,
                        "photo_credit/credit-parenthetical",
                    ));
                }
            }
            continue;
        }
        if v.len() > 250 {
            continue;
        }
        if let Some(at) = trailing_credit(v, line.has) {
            credit[i] = true;
            captions.push((i, v[..at].trim()));
            out.push(whole(line, PhotoCredit, "photo_credit/caption-with-credit"));
            continue;
        }
        let opens = gate(ANY_OPENER.may_admit(v));
        let rule = if opens && credit_line(v) {
            "photo_credit/credit-line"
        } else if agency_line(v, line.has) {
            "photo_credit/agency-line"
        } else if caption_label(v, opens) {
            "photo_credit/caption-label"
        } else if i > 0 && doc.alone(i) && portrait_caption(v) {
            "photo_credit/portrait-caption"
        } else {
            continue;
        };
        credit[i] = rule != "photo_credit/portrait-caption";
        out.push(whole(line, PhotoCredit, rule));
    }

    if captions.is_empty() && !credit.contains(&true) {
        return;
    }
    for (i, line) in lines.iter().enumerate() {
        if credit[i] {
            continue;
        }
        let v = &*line.view;
        // Captions are in line order: look only at the ones within three lines.
        let from = captions.partition_point(|&(at, _)| at + 3 < i);
        let repeats = captions[from..]
            .iter()
            .take_while(|&&(at, _)| at <= i + 3)
            .any(|&(at, cap)| at != i && cap == v);
        if repeats {
            out.push(whole(line, PhotoCredit, "photo_credit/caption-repeat"));
        } else if beside_credit(doc, &credit, i) {
            out.push(whole(
                line,
                PhotoCredit,
                "photo_credit/caption-beside-credit",
            ));
        }
    }
}

/// Rough sentence count of a caption.
fn sentences(s: &str) -> usize {
    period_spaces(s).count() + usize::from(!s.is_empty())
}

/// Where each ". " in `s` starts, as `s.match_indices(". ")` finds them (". " cannot
/// overlap itself) without building a searcher.
fn period_spaces(s: &str) -> impl Iterator<Item = usize> + '_ {
    let b = s.as_bytes();
    memchr::memchr_iter(b'.', b).filter(|&i| b.get(i + 1) == Some(&b' '))
}

/// Whether line `i` is a short caption beside credits: alone with them in a paragraph
/// of at most three lines, or directly followed, in its paragraph, by two or more
/// credit lines (the caption / credit / "hide caption" stacks of some sites).
fn beside_credit(doc: &Doc, credit: &[bool], i: usize) -> bool {
    let line: &Line = &doc.lines[i];
    let v = &*line.view;
    let same_para = |j: &usize| doc.lines[*j].para == line.para;
    let next_to_credit = (i > 0 && credit[i - 1] && same_para(&(i - 1)))
        || (i + 1 < credit.len() && credit[i + 1] && same_para(&(i + 1)));
    if !next_to_credit {
        return false;
    }
    // A link is a listing ("Registration: https://…"), not a caption.
    if i == 0 || v.len() > MAX_CAPTION || line.words() > 30 || sentences(v) > 2 || v.contains("://")
    {
        return false;
    }
    // The paragraph's lines, or enough of them to know it has more than three.
    let para: Vec<usize> = (i.saturating_sub(3)..doc.lines.len().min(i + 4))
        .filter(same_para)
        .collect();
    let small = para.len() <= 3
        && para.iter().any(|&j| credit[j])
        && para.iter().filter(|&&j| !credit[j]).count() == 1;
    let stacked = (i + 1..doc.lines.len())
        .take_while(|j| same_para(j) && credit[*j])
        .count()
        >= 2;
    small || stacked
}

/// "A sea otter in a kelp bed. Image: Jane Doe/Shutterstock" or "FILE PHOTO: A sign
/// outside the plant. REUTERS/Jane Doe/File Photo": a caption of at most two sentences
/// (after an optional "FILE PHOTO:" label) that ends in an unbracketed credit. Returns
/// where the credit starts.
fn trailing_credit(v: &str, has: Has) -> Option<usize> {
    let labelled = pat!(
        r"[.!?] (?:(?i:photo|image|picture|photograph|illustration)s?(?: credit)?|Credit): [^.]{2,}$"
    );
    // Gate: the labelled form needs ": " right after one of its labels.
    let b = v.as_bytes();
    let label_before = |at: usize| {
        const LABELS: &[&str] = &[
            "photo",
            "photos",
            "image",
            "images",
            "picture",
            "pictures",
            "photograph",
            "photographs",
            "illustration",
            "illustrations",
            "credit",
        ];
        LABELS
            .iter()
            .any(|l| at >= l.len() && b[at - l.len()..at].eq_ignore_ascii_case(l.as_bytes()))
    };
    let labelled_possible = || {
        has.all(Has::COLON)
            && has.any(Has::PERIOD | Has::BANG_OR_QUESTION)
            && (finder!(": ").find_iter(b).any(label_before) || has_fold_wild(b))
    };
    let found = gate(labelled_possible())
        .then(|| labelled.find(v))
        .flatten();
    let at = match found {
        Some(m) => m.start() + 1,
        None if !has.any(Has::PERIOD) => return None,
        None => last_period_space(v).map(|i| i + 1).filter(|&i| {
            let tail = v[i..].trim();
            let has = Has::of(tail);
            gate(agency_line_possible(tail, has)) && agency_line(tail, has)
        })?,
    };
    let caption = pat!(r"^(?i:file photo|photo|pictured):\s*").replace(&v[..at], "");
    if caption.split_whitespace().count() < 3 {
        return None;
    }
    let credit = v[at..].trim();
    let credit_ok = credit_line(credit) || agency_line(credit, Has::of(credit));
    (caption.trim().len() <= MAX_CAPTION && sentences(&caption) <= 2 && credit_ok).then_some(at)
}

/// Where the last ". " in `v` starts, like [`rfind_period_space`], which is searched
/// for without the closing period most lines end with (no space follows it).
fn last_period_space(v: &str) -> Option<usize> {
    rfind_period_space(v.strip_suffix('.').unwrap_or(v))
}

/// Gate for [`credit_paren`]: a "(" that may open a credit (see [`may_open_credit`]),
/// and a ")".
fn credit_paren_possible(v: &str, has: Has) -> bool {
    let b = v.as_bytes();
    let opens = || memchr::memchr_iter(b'(', b).any(|i| may_open_credit(b, i));
    gate(has.all(Has::OPEN_PAREN | Has::CLOSE_PAREN) && opens())
}

/// Whether a match of [`credit_paren`] may start at the "(" at `at` of `b`.
///
/// The next character is what one of its forms starts with: a capital, a character
/// that is not ASCII, or the first letter of a label or of "iStock" or "dpa". No form
/// takes a bracket inside, so the credit runs to the next bracket, which closes it.
/// And what it holds starts with a label (in any case; a character that is not ASCII
/// among its first bytes may be one that case folding matches to "s"), or with one of
/// the agencies of the last form, or else holds what the agency form puts after its
/// agency: a slash, "Photo", "Images" or "Pictures". Most brackets of story text, and
/// all of those of scripts, fail.
fn may_open_credit(b: &[u8], at: usize) -> bool {
    const LABELS: &[&str] = &[
        "main ",
        "top ",
        "cover ",
        "file ",
        "header ",
        "lead ",
        "photo",
        "image",
        "pic",
        "illustration",
        "screenshot",
        "credit",
        "courtesy",
    ];
    const AGENCIES: &[&str] = &["Getty Images", "Shutterstock", "iStock", "Alamy"];
    let first = b
        .get(at + 1)
        .is_some_and(|&c| c.is_ascii_uppercase() || !c.is_ascii() || b"mtcfhlpisd".contains(&c));
    if !first {
        return false;
    }
    let rest = &b[at + 1..];
    let Some(end) = memchr::memchr2(b'(', b')', rest).filter(|&end| rest[end] == b')') else {
        return false;
    };
    let inside = &rest[..end];
    let head = &inside[..inside.len().min(12)];
    LABELS
        .iter()
        .any(|l| head.len() >= l.len() && head[..l.len()].eq_ignore_ascii_case(l.as_bytes()))
        || !head.is_ascii()
        || AGENCIES.iter().any(|a| inside.starts_with(a.as_bytes()))
        || memchr::memchr(b'/', inside).is_some()
        || finder!("Photo").find(inside).is_some()
        || finder!("Images").find(inside).is_some()
        || finder!("Pictures").find(inside).is_some()
}

/// The first match of [`credit_paren`] in `v`, as `credit_paren().find(v)` finds it.
///
/// Every match starts with a "(", so the leftmost is the first that an anchored
/// search from a "(" finds, and the line's other text is never searched; nor is a "("
/// that no match can start at.
fn find_credit_paren(v: &str) -> Option<Found<'_>> {
    let b = v.as_bytes();
    memchr::memchr_iter(b'(', b)
        .filter(|&at| gate(may_open_credit(b, at)))
        .find_map(|at| credit_paren().find_anchored_at(v, at))
}

/// Bracketed credits.
fn credit_paren() -> &'static Pat {
    pat!(
        r"\((?:(?i:(?:main |top |cover |file |header |lead )?(?:photo|image|picture|pic|photograph|illustration|screenshot)s?(?: credit)?)\s*(?::|by\b| [-–] |/|courtesy(?: of)?)\s*[^()]+|(?i:credits?|courtesy)\s*(?::|by\b|of\b)\s*[^()]+|(?:[\p{Lu}][\w.&'-]*\s+){0,3}(?:AP|AFP|EPA|Reuters|REUTERS|Getty|UPI|Xinhua|Bloomberg|Shutterstock|Alamy|iStock|PA|dpa)(?:\s+Photo|\s+Images|\s+Pictures|/)[^()]*|(?:Getty Images|Shutterstock(?:\.com)?|iStock(?:photo)?|Alamy)[^()]*)\)"
    )
}

/// "Image: Shutterstock.com", "Photo by Jane Doe on Unsplash": a photo label, a
/// separator and a credit that names people or agencies. A label followed by a sentence
/// or a spec is not a credit: "Photo: 20 megapixels, RAW supported" is a spec line, and
/// a capitalized label with a headline ("PHOTOS: The best floats of the parade") is a
/// teaser, left to `related_stub`.
///
/// Gate: the openers of [`CREDIT_LINE`], the last pattern below, which must match.
fn credit_line(v: &str) -> bool {
    if !gate(CREDIT_LINE.openers.admit(v)) {
        return false;
    }
    // The cheap tests first: a question, a sentence, a price.
    if v.ends_with('?') || period_spaces(v).next().is_some() || v.contains(['$', '€', '£', '%'])
    {
        return false;
    }
    // "Photographer: Jane Doe" is a credit; "Photographer / Videographer" is a heading.
    // (No character that is not ASCII matches a letter of "photographer" ignoring case.)
    if let Some(rest) = strip_prefix_ignore_ascii_case(v, "photographer") {
        if !rest.trim_start().starts_with(':') {
            return false;
        }
    }
    if let Some(rest) = teaser(v) {
        if content_lowercase_words(rest) >= 2 {
            return false;
        }
    }
    credit_after_label(v).is_some_and(|credit| content_lowercase_words(credit) <= 1)
}

/// `v` without `prefix`, if it starts with it, ignoring ASCII case.
fn strip_prefix_ignore_ascii_case<'v>(v: &'v str, prefix: &str) -> Option<&'v str> {
    let head = v.as_bytes().get(..prefix.len())?;
    // Equal ignoring ASCII case, `head` is ASCII, so `v` can be cut after it.
    head.eq_ignore_ascii_case(prefix.as_bytes())
        .then(|| &v[prefix.len()..])
}

/// What follows the label of a teaser line in capitals, "PHOTOS: The storm in pictures":
/// group 2 of `^(PHOTOS?|VIDEOS?|PICTURES|GALLERY|IMAGES): (.*)$`.
fn teaser(v: &str) -> Option<&str> {
    const LABELS: &[&str] = &[
        "PHOTOS", "PHOTO", "VIDEOS", "VIDEO", "PICTURES", "GALLERY", "IMAGES",
    ];
    let rest = LABELS
        .iter()
        .find_map(|label| v.strip_prefix(label)?.strip_prefix(": "))?;
    // `.` takes anything but a line feed.
    (!rest.contains('\n')).then_some(rest)
}

/// The credit of a [`CREDIT_LINE`] (its group 1), with `v` past its openers.
///
/// Group 1 is `(\S.*)$`, which, in text without a line feed, is the first character
/// that is not whitespace after the separator and the rest of the line: so it starts
/// with the last character of the match of the same pattern cut after that character,
/// which is searched only as far as the separator, not to the end of the line, and
/// without groups.
fn credit_after_label(v: &str) -> Option<&str> {
    if v.contains('\n') {
        return CREDIT_LINE
            .captures(v)
            .map(|c| c.get(1).expect("group 1").as_str());
    }
    let end = pat!(format!(r"{CREDIT_LABEL}\S")).find(v)?.end();
    let first = v[..end].chars().next_back().expect("a character");
    Some(&v[end - first.len_utf8()..])
}

/// `photo_credit/credit-line`: a photo label, a separator and the credit.
const CREDIT_LINE: Anchored = Anchored {
    openers: Openers::new(&[
        "main ",
        "top ",
        "cover ",
        "file ",
        "lead ",
        "photo",
        "image",
        "pic",
        "illustration",
        "screenshot",
        "credit",
        "source image",
        "courtesy",
    ]),
    pattern: || pat!(format!(r"{CREDIT_LABEL}(\S.*)$")),
};

/// [`CREDIT_LINE`] up to its group 1: the label, the separator and any whitespace.
const CREDIT_LABEL: &str = r"^(?i:(?:main |top |cover |file |lead )?(?:photos?|images?|pictures?|pics?|photographs?|photography|illustrations?|screenshots?)(?: (?:credit|credits|source|courtesy))?|credits?|image source|source image|courtesy(?: of)?|photographer)\s*(?::|by\b| [-–—] |/|courtesy(?: of)?\b)\s*";

/// Picture agencies and stock libraries.
const AGENCY: &str = r"(?:Getty Images|Getty|AFP|AP|Reuters|REUTERS|EPA(?:-EFE)?|EFE|Shutterstock(?:\.com)?|iStock(?:photo)?(?:\.com)?|Alamy(?: Stock Photo)?|Associated Press|Bloomberg|Xinhua|UPI|PA(?: Wire| Images| Media)?|Corbis|Unsplash|Pexels|Pixabay|NurPhoto|SOPA Images|LightRocket|Anadolu(?: Agency)?|dpa|DPA|ANP|AAP|Kyodo|Sipa(?: USA)?|WireImage|FilmMagic|Invision|TNS|ZUMA(?: Press| Wire)?|Redux|Polaris|Newscom|Wikimedia Commons|Flickr|NASA)";

/// The agencies of [`AGENCY`], each as far as its first optional part.
const AGENCIES: &[&str] = &[
    "Getty",
    "AFP",
    "AP",
    "Reuters",
    "REUTERS",
    "EPA",
    "EFE",
    "Shutterstock",
    "iStock",
    "Alamy",
    "Associated Press",
    "Bloomberg",
    "Xinhua",
    "UPI",
    "PA",
    "Corbis",
    "Unsplash",
    "Pexels",
    "Pixabay",
    "NurPhoto",
    "SOPA Images",
    "LightRocket",
    "Anadolu",
    "dpa",
    "DPA",
    "ANP",
    "AAP",
    "Kyodo",
    "Sipa",
    "WireImage",
    "FilmMagic",
    "Invision",
    "TNS",
    "ZUMA",
    "Redux",
    "Polaris",
    "Newscom",
    "Wikimedia Commons",
    "Flickr",
    "NASA",
];

/// Whether `v` starts with one of the [`AGENCIES`].
fn starts_with_agency(v: &str) -> bool {
    /// The most agencies that start with one byte.
    const MOST: usize = 8;
    /// For each ASCII byte, the indices (into [`AGENCIES`]) of the agencies that start
    /// with it, then `u8::MAX`: most lines start with a byte no agency starts with,
    /// and the others are compared with a few agencies, not all of them.
    const BY_FIRST: [[u8; MOST]; 128] = {
        let mut by_first = [[u8::MAX; MOST]; 128];
        let mut i = 0;
        while i < AGENCIES.len() {
            let first = AGENCIES[i].as_bytes()[0] as usize;
            let mut k = 0;
            while by_first[first][k] != u8::MAX {
                k += 1;
            }
            by_first[first][k] = i as u8;
            i += 1;
        }
        by_first
    };
    /// The first eight bytes (at most) of each agency, as a little-endian word, and a
    /// mask of those bytes: a line's first eight bytes, loaded once, are compared with
    /// each candidate in a few instructions.
    const HEADS: [(u64, u64); AGENCIES.len()] = {
        let mut heads = [(0, 0); AGENCIES.len()];
        let mut i = 0;
        while i < AGENCIES.len() {
            heads[i] = super::head_and_mask(AGENCIES[i].as_bytes());
            i += 1;
        }
        heads
    };
    let b = v.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    let Some(candidates) = BY_FIRST.get(usize::from(first)) else {
        return false;
    };
    // The line's first eight bytes, zero past its end (no agency has a zero byte).
    let head = super::first_eight(b);
    candidates.iter().take_while(|&&i| i != u8::MAX).any(|&i| {
        let (word, mask) = HEADS[usize::from(i)];
        let a = AGENCIES[usize::from(i)].as_bytes();
        head & mask == word && (a.len() <= 8 || b.get(8..a.len()) == Some(&a[8..]))
    })
}

/// A line that is only an agency credit.
///
/// `has` is what `v` holds; of it only the classes that a closing period does not
/// change are used.
fn agency_line(v: &str, has: Has) -> bool {
    if v.len() > 120 || ends_like_sentence(v) && !v.ends_with("Inc.") {
        return agency_with_period(v, has);
    }
    // Gates: the first and last forms below take no ASCII character but letters,
    // whitespace and `'.&-/()`. In the first, the agency opens the line or follows a
    // slash or "for"/"via" (see `agency_follows`); the second needs a name, " for "
    // and a news organisation; the last a slash.
    let alphabet = !has.any(Has::NOT_CREDIT);
    const SEG: &str = r"[\p{L}\p{M}'.&\- ]{2,}";
    let agency_pattern = pat!(format!(
        r"^(?:{SEG}\s*/\s*)*(?:{SEG}\s+(?:for|via)\s+)?{AGENCY}(?:\s*(?:/|via|for)\s*{SEG})*(?:\s*\(?(?i:file|file photo|illustration|handout)\)?)?$"
    ));
    if gate(alphabet && agency_follows(v, has)) && agency_pattern.is_match(v) {
        return true;
    }
    // "Jane Doe for NPR", "Jane Doe for The Example Times": a photographer's credit.
    let for_org = for_org_pattern();
    let for_org_possible = || {
        ends_like_news_org(v)
            && finder!(" for ").find(v.as_bytes()).is_some()
            && starts_like_name(v)
    };
    if gate(for_org_possible()) && !starts_with_function_word(v) && for_org.is_match(v) {
        return true;
    }
    if !gate(alphabet && has.any(Has::SLASH)) {
        return false;
    }
    // "REUTERS/DADO RUVIC/ILLUSTRATION": slash-separated names with no sentence in them.
    let slashed = pat!(
        r"^\p{Lu}[\p{L}\p{M}'.\-]*(?: [\p{L}\p{M}'.\-]+){0,3}(?:\s*/\s*\p{Lu}[\p{L}\p{M}'.&\-]*(?: [\p{L}\p{M}'.&\-]+){0,3}){1,4}$"
    );
    // One part must be a name (two words) and one a wire in capitals or a news
    // organisation, so "Pick-Up/Drop-Off Catering" is not a credit.
    let org = pat!(format!(
        r"^(?:{NEWS_ORG}|\p{{Lu}}{{2,}}(?: \p{{Lu}}{{2,}})*)$"
    ));
    slashed.is_match(v)
        && v.split('/').any(|seg| seg.trim().contains(' '))
        && v.split('/').any(|seg| org.is_match(seg.trim()))
        && content_lowercase_words(v) == 0
}

/// "Jane Doe/Getty Images." with a closing period.
fn agency_with_period(v: &str, has: Has) -> bool {
    // The cheap tests first: most lines that end in a period are turned away by the
    // gates of `agency_line` before their ". " would be searched for.
    v.len() <= 120
        && v.ends_with('.')
        && agency_line(&v[..v.len() - 1], has)
        && !v[..v.len() - 1].contains(". ")
}

/// Whether one of the [`AGENCIES`] opens `v`, or follows a "/" or a "for" or "via" and
/// whitespace: where the first form of [`agency_line`] has its agency. `has` is what
/// `v` holds.
fn agency_follows(v: &str, has: Has) -> bool {
    let b = v.as_bytes();
    let at = |i: usize| starts_with_agency(v[i..].trim_start());
    starts_with_agency(v)
        || has.any(Has::SLASH) && memchr::memchr_iter(b'/', b).any(|i| at(i + 1))
        || any_for_or_via(b, |i| {
            v[i + 3..].starts_with(char::is_whitespace) && at(i + 3)
        })
}

/// Whether `found` holds at some place in `b` where "for" or "via" starts.
///
/// The lines asked are short, and a search for the two words, or for their first
/// bytes, costs more in setting up than in searching; this looks for the first bytes
/// eight at a time, and at most a few are found in a line.
fn any_for_or_via(b: &[u8], mut found: impl FnMut(usize) -> bool) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // The high bit of each zero byte of `x`, and perhaps of a byte above one, which is
    // checked like the others.
    let zeros = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut check = |i: usize| {
        let word = &b[i..];
        (word.starts_with(b"for") || word.starts_with(b"via")) && found(i)
    };
    let mut chunks = b.chunks_exact(8);
    let mut i = 0;
    for chunk in &mut chunks {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let mut firsts = zeros(w ^ (ONES * u64::from(b'f'))) | zeros(w ^ (ONES * u64::from(b'v')));
        while firsts != 0 {
            if check(i + (firsts.trailing_zeros() / 8) as usize) {
                return true;
            }
            firsts &= firsts - 1;
        }
        i += 8;
    }
    (i..b.len()).any(|j| matches!(b[j], b'f' | b'v') && check(j))
}

/// A cheap necessary condition for [`agency_line`] of `v`, which holds `has`: letters
/// and an agency where the first form has it or a slash (the first and last forms), or
/// a news organisation at the end before any closing periods (the second form).
fn agency_line_possible(v: &str, has: Has) -> bool {
    let alphabet = !has.any(Has::NOT_CREDIT);
    alphabet && (has.any(Has::SLASH) || agency_follows(v, has))
        || ends_like_news_org(v.trim_end_matches('.'))
}

/// `photo_credit/caption-label`, but for the "… hide caption" form.
const CAPTION_LABEL: Anchored = Anchored {
    openers: Openers::new(&[
        "image",
        "media",
        "video",
        "photo",
        "toggle caption",
        "hide caption",
        "show caption",
        "enlarge this image",
        "click to enlarge",
        "open image in gallery",
        "view ",
        "expand image",
    ]),
    pattern: || {
        pat!(
            r"^(?i:(?:image|media|video|photo) (?:copyright|caption|source)\b.*|(?:toggle|hide|show) caption|enlarge this image|click to enlarge|open image in gallery|view (?:photo )?gallery|expand image|image \d{1,3} of \d{1,3}|photo \d{1,3} of \d{1,3})$"
        )
    },
};

/// BBC/NPR style caption furniture. The "… hide caption" form is only taken with a
/// lower-case "caption". `opens`: whether the first test of [`ANY_OPENER`] passed.
fn caption_label(v: &str, opens: bool) -> bool {
    if v.ends_with("caption") && pat!(r"^(?i:.+ (?:hide|toggle) caption)$").is_match(v) {
        return true;
    }
    opens && CAPTION_LABEL.is_match(v)
}

/// Titles people are photographed with.
const TITLE: &str = r"(?i:(?:the\s+)?(?:(?:former|acting|interim|deputy|vice|co-?|chief|senior|executive|managing|general|founding|then-|outgoing|incoming)\s*)*(?:ceo|cfo|coo|cto|founder|co-founder|chairman|chairwoman|chair|president|chief executive(?: officer)?|chief \w+ officer|director|minister|prime minister|secretary|senator|governor|mayor|spokesperson|spokesman|spokeswoman|head|leader|owner|managing director|general manager|coach|captain|ambassador|commissioner|judge|professor|chancellor|premier|king|queen|pope)(?:\s+(?:and|&)\s+[\w-]+)*)";

/// "Mark Doe CEO of Example", "Jane Doe, chief executive of Example Corp".
///
/// Gate: the line starts like a name.
fn portrait_caption(v: &str) -> bool {
    v.len() <= 100
        && gate(starts_like_name(v))
        && !starts_with_function_word(v)
        && portrait_pattern().is_match(v)
}

fn portrait_pattern() -> &'static Pat {
    pat!(format!(
        r"^(?:{n}),?\s+{TITLE}\s+(?:of|at|for)\s+(?:the\s+)?\p{{Lu}}[\w&.'-]*(?:\s+(?:of|and|&|for|the|\p{{Lu}}[\w&.'-]*)){{0,6}}$",
        n = name()
    ))
}

fn for_org_pattern() -> &'static Pat {
    pat!(format!(r"^(?:{n}) for {NEWS_ORG}$", n = name()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index by first byte finds what comparing every agency finds.
    #[test]
    fn starts_with_agency_is_any_starts_with() {
        let mut lines: Vec<String> = AGENCIES.iter().map(|a| format!("{a} x")).collect();
        lines.extend(AGENCIES.iter().map(|a| a[..a.len() - 1].to_string()));
        lines.extend(
            [
                "",
                "A",
                "\u{e9}AFP",
                "afp",
                "Gettysburg",
                "The AP",
                "NASA/JPL",
            ]
            .map(String::from),
        );
        for v in &lines {
            let every = AGENCIES.iter().any(|a| v.starts_with(a));
            assert_eq!(starts_with_agency(v), every, "{v:?}");
        }
    }

    /// The search from each "(" finds what a search of the whole line does.
    #[test]
    fn find_credit_paren_is_find() {
        for v in [
            "(photo credit: REUTERS/DADO RUVIC/ILLUSTRATION/FILE PHOTO)",
            "Biden speaks. (AP Photo/Evan Doe)",
            "Text (the budget) and (Photo: Jane Doe) more (AP Photo/X)",
            "((Photo: nested) (credit: x)",
            "(Photo: unclosed",
            "A (\u{e9}t\u{e9}) caption (Getty Images)",
            "(iStock) (dpa) (Shutterstock.com/Jane Doe)",
            "no brackets at all",
            "(",
            "()",
            "(function() { var x = (a, b); })",
            "(d, s, id){ (AP) x (Reuters/Jane Doe) (dpa/x) (dpa)",
            "(Jane Doe Photo) (Jane Doe/AFP) (Main photo: x) (main image: x)",
            "(ILLUSTRATION by Jane) (COURTESY of Jane) (screen\u{17F}hot: x)",
            "(Getty Images) (iStockphoto) (Alamy Stock Photo) (Shutterstock.com)",
            "(Xinhua/Jane Doe) (EPA-EFE/Jane Doe) (Pic: x) (Credits: x)",
        ] {
            assert_eq!(find_credit_paren(v), credit_paren().find(v), "{v}");
        }
    }

    #[test]
    fn credits() {
        assert!(
            credit_paren().is_match("(photo credit: REUTERS/DADO RUVIC/ILLUSTRATION/FILE PHOTO)")
        );
        assert!(credit_paren().is_match("Biden speaks. (AP Photo/Evan Doe)"));
        assert!(credit_line("Image: Shutterstock.com"));
        assert!(agency_line("Getty Images", Has::of("Getty Images")));
        assert!(agency_line(
            "Jane Doe/Getty Images",
            Has::of("Jane Doe/Getty Images")
        ));
        assert!(agency_line(
            "AFP via Getty Images",
            Has::of("AFP via Getty Images")
        ));
        assert!(agency_line(
            "REUTERS/DADO RUVIC",
            Has::of("REUTERS/DADO RUVIC")
        ));
        assert!(caption_label("toggle caption", true));
        assert!(portrait_caption("Mark Zuckerberg CEO of Facebook"));
        assert!(portrait_caption(
            "Jane Doe, chief executive of Example Corp"
        ));
    }

    /// Each gate lets through every line its pattern could match.
    #[test]
    fn gates_cover_their_patterns() {
        use crate::rules::tests::assert_openers_cover;
        assert_openers_cover(&CREDIT_LINE);
        assert_openers_cover(&CAPTION_LABEL);
        for pat in [for_org_pattern(), portrait_pattern()] {
            crate::rules::tests::assert_gate_covers(
                pat.as_str(),
                crate::rules::tests::name_verdict,
            );
        }
    }

    /// Every alternative of [`AGENCY`] starts with one of the [`AGENCIES`].
    #[test]
    fn agencies_cover_every_alternative() {
        let inner = &AGENCY[3..AGENCY.len() - 1];
        let alts = crate::rules::tests::top_level_alternatives(inner);
        assert!(alts.len() > 30);
        for alt in alts {
            let literal = alt.split(['(', '\\']).next().unwrap();
            assert!(starts_with_agency(literal), "{alt}");
        }
    }

    /// Lines for the tests of the hand-written searches below.
    const LINES: &[&str] = &[
        "",
        "f",
        "for",
        "via",
        "Jane Doe for AFP",
        "Jane Doe via Getty Images",
        "forvia fo vi f v",
        "Photo: fvfvfvfv for",
        "a b c d e f g h for i via",
        "PHOTOS: The storm in pictures",
        "PHOTO: Jane Doe",
        "PHOTOS:Jane",
        "VIDEOS: x",
        "IMAGES: a\nb",
        "Photo by Jane Doe on Unsplash",
        "Photo:   Jane",
        "photo courtesy of Jane Doe",
        "PHOTO BY.jane",
        "Image: Shutterstock.com",
        "Credit: Jane Doe/Example Post",
        "Photographer: Jane Doe",
        "Photo: a\nb",
        "Photo:\nJane",
        "Photo \u{2014} Jane",
        "Image source: \u{e9}t\u{e9}",
        "The end. Jane Doe for Reuters.",
        "U.S. growth slowed. It fell 2.5 percent.",
        "One. Two.",
        "x. ",
        ". .",
    ];

    /// [`LINES`], and lines of every length up to fifty with a word or a ". " at every
    /// place, for the searches that look at sixteen bytes at a time.
    fn long_lines() -> Vec<String> {
        let mut lines: Vec<String> = LINES.iter().map(|v| v.to_string()).collect();
        for len in 0..50 {
            for at in 0..len {
                for word in ["for", "via", ". ", "f", "v", ".", "vi. for"] {
                    let mut v = "x".repeat(len);
                    v.insert_str(at, word);
                    lines.push(v.clone());
                    v.push_str(". end.");
                    lines.push(v);
                }
            }
        }
        lines
    }

    /// `any_for_or_via` finds every "for" and "via", in order.
    #[test]
    fn any_for_or_via_finds_every_word() {
        for v in &long_lines() {
            let b = v.as_bytes();
            let expected: Vec<usize> = (0..b.len())
                .filter(|&i| b[i..].starts_with(b"for") || b[i..].starts_with(b"via"))
                .collect();
            let mut found = Vec::new();
            assert!(!any_for_or_via(b, |i| {
                found.push(i);
                false
            }));
            assert_eq!(found, expected, "{v:?}");
        }
    }

    /// The hand-written parts of `credit_line` find what its patterns do.
    #[test]
    fn credit_line_parts_are_its_patterns() {
        let teaser_pattern = pat!(r"^(PHOTOS?|VIDEOS?|PICTURES|GALLERY|IMAGES): (.*)$");
        for v in LINES {
            let expected = teaser_pattern
                .captures(v)
                .map(|c| c.get(2).unwrap().as_str());
            assert_eq!(teaser(v), expected, "{v:?}");
            let expected = CREDIT_LINE.captures(v).map(|c| c.get(1).unwrap().as_str());
            if CREDIT_LINE.openers.admit(v) {
                assert_eq!(credit_after_label(v), expected, "{v:?}");
            }
            let photographer = pat!(r"^(?i:photographer)").is_match(v);
            let rest = strip_prefix_ignore_ascii_case(v, "photographer");
            assert_eq!(rest.is_some(), photographer, "{v:?}");
            let colon = pat!(r"^(?i:photographer)\s*:").is_match(v);
            assert_eq!(rest.is_some_and(|r| r.trim_start().starts_with(':')), colon);
        }
        for v in &long_lines() {
            assert_eq!(period_spaces(v).count(), v.matches(". ").count(), "{v:?}");
            assert_eq!(last_period_space(v), v.rfind(". "), "{v:?}");
        }
    }

    #[test]
    fn prose_survives() {
        assert!(!agency_line(
            "Getty Images reported revenue of $900 million last year.",
            Has::of("Getty Images reported revenue of $900 million last year.")
        ));
        assert!(!portrait_caption(
            "Jane Doe, CEO of Example, steps down after a decade"
        ));
        assert!(!credit_line("Photography is a dying art, some say?"));
        assert!(!agency_line(
            "Wells Fargo declined to address the news.",
            Has::of("Wells Fargo declined to address the news.")
        ));
    }
}
