//! [`Builder`] -> [`Cleaner`]: the configured, reusable entry point of the library.

use crate::decode::{decode_with, Decoded, Encoding};
use crate::html;
use crate::normalize::{normalize_traced, NormOptions};
use crate::repeated::RepeatedLines;
use crate::report::{HtmlReport, Removal, Report};
use crate::segment::Doc;
use crate::{draft, rules, Category, CategorySet, Span};
use std::borrow::Cow;
use std::sync::Arc;

/// Settings for a [`Cleaner`]; call [`Builder::build`] to freeze them.
///
/// ```
/// use deboiler::{Category, CategorySet, Cleaner, NormOptions};
/// let cleaner = Cleaner::builder()
///     .categories(CategorySet::all().without(Category::Byline))
///     .normalize(NormOptions { quotes: false, ..NormOptions::clean() })
///     .build();
/// assert!(!cleaner.categories().contains(Category::Byline));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Builder {
    categories: CategorySet,
    norm: NormOptions,
    repeated: Option<Arc<RepeatedLines>>,
    no_headline: bool,
}

impl Builder {
    /// Which categories of junk to remove (default: all).
    pub fn categories(mut self, set: CategorySet) -> Builder {
        self.categories = set;
        self
    }

    /// Which normalization steps to run (default: [`NormOptions::clean`]).
    pub fn normalize(mut self, opts: NormOptions) -> Builder {
        self.norm = opts;
        self
    }

    /// Also removes the lines of `lines`, the lines a corpus repeats, as
    /// `page_chrome/repeated-line` (when `page_chrome` is one of the categories; see
    /// [`crate::repeated`]). Default: none.
    pub fn repeated_lines(mut self, lines: Arc<RepeatedLines>) -> Builder {
        self.repeated = Some(lines);
        self
    }

    /// Whether [`Cleaner::clean_html`] puts the page's headline first when it is outside
    /// the content region (default: yes; `--no-headline`).
    pub fn headline(mut self, keep: bool) -> Builder {
        self.no_headline = !keep;
        self
    }

    /// Freezes the settings into a [`Cleaner`].
    pub fn build(self) -> Cleaner {
        Cleaner {
            config: Arc::new(self),
        }
    }
}

/// Removes junk from documents and normalizes what is left.
///
/// A `Cleaner` is immutable, `Send + Sync` and cheap to clone (one `Arc`), so one can be
/// shared by every thread of a batch job. All patterns are compiled once per process.
#[derive(Clone, Debug)]
pub struct Cleaner {
    config: Arc<Builder>,
}

/// The result of cleaning one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cleaned {
    /// The clean text.
    pub text: String,
    /// What was removed and normalized, in source coordinates.
    pub report: Report,
}

impl Default for Cleaner {
    fn default() -> Cleaner {
        Cleaner::new()
    }
}

impl Cleaner {
    /// A cleaner with the default settings: every category, every normalization.
    pub fn new() -> Cleaner {
        Builder::default().build()
    }

    /// A cleaner that only fixes characters: no removals and no whitespace reflow
    /// (what `deboiler fix` runs).
    pub fn fixer() -> Cleaner {
        Cleaner::builder()
            .categories(CategorySet::none())
            .normalize(NormOptions::fix())
            .build()
    }

    /// Starts configuring a cleaner.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// The categories this cleaner removes.
    pub fn categories(&self) -> CategorySet {
        self.config.categories
    }

    /// The normalization steps this cleaner runs.
    pub fn norm_options(&self) -> &NormOptions {
        &self.config.norm
    }

    /// This cleaner, also removing the repeated lines of a corpus (see
    /// [`Builder::repeated_lines`]).
    pub fn with_repeated_lines(&self, lines: Arc<RepeatedLines>) -> Cleaner {
        Builder::clone(&self.config).repeated_lines(lines).build()
    }

    /// The repeated lines this cleaner removes, if it was given any.
    pub fn repeated_lines(&self) -> Option<&RepeatedLines> {
        self.config.repeated.as_deref()
    }

    /// Finds what would be removed from `text`, without changing it: sorted,
    /// non-overlapping removals in source coordinates.
    pub fn find_removals(&self, text: &str) -> Vec<Removal> {
        self.removals_in(text, true)
    }

    /// [`Cleaner::find_removals`], with the full-page classifier only for `whole_pages`
    /// (text extracted from HTML had its page structure separated already).
    fn removals_in(&self, text: &str, whole_pages: bool) -> Vec<Removal> {
        if self.config.categories.is_empty() {
            return Vec::new();
        }
        let doc = Doc::new(text);
        let mut found = rules::find_with(&doc, self.config.categories, whole_pages);
        if let Some(lines) = &self.config.repeated {
            if self.config.categories.contains(Category::PageChrome) {
                found = rules::repeated::add(&doc, lines, found);
            }
        }
        found
            .into_iter()
            .map(|p| Removal {
                category: p.category,
                rule: Cow::Borrowed(p.rule),
                span: p.span,
                text: text[p.span.range()].to_string(),
            })
            .collect()
    }

    /// Cleans one document.
    ///
    /// ```
    /// use deboiler::Cleaner;
    /// let input = "Font Size:\nThe caf\u{c3}\u{a9} said it would appeal.\n";
    /// let out = Cleaner::new().clean_text(input);
    /// assert_eq!(out.text, "The caf\u{e9} said it would appeal.\n");
    /// assert_eq!(out.report.removed[0].rule, "page_chrome/font-size");
    /// let fix = &out.report.repairs[0];
    /// assert_eq!((fix.kind.as_str(), fix.fixed.as_str()), ("mojibake", "\u{e9}"));
    /// assert_eq!(&input[fix.span.range()], "\u{c3}\u{a9}");
    /// assert_eq!(fix.encodings, ["windows-1252"]);
    /// ```
    pub fn clean_text(&self, text: &str) -> Cleaned {
        let (clean, report) = self.clean_cow(text, true);
        Cleaned {
            text: clean.into_owned(),
            report,
        }
    }

    /// [`Cleaner::clean_text`] on text the caller owns: when cleaning changes nothing
    /// (the common case for `fix` on clean text), the text is handed back without a
    /// copy.
    ///
    /// ```
    /// use deboiler::Cleaner;
    /// let out = Cleaner::fixer().clean_string("Plain text.\n".to_string());
    /// assert_eq!(out.text, "Plain text.\n");
    /// ```
    pub fn clean_string(&self, text: String) -> Cleaned {
        self.clean_string_as(text, true)
    }

    /// [`Cleaner::clean_string`], with the full-page classifier only for `whole_pages`.
    fn clean_string_as(&self, text: String, whole_pages: bool) -> Cleaned {
        let (clean, report) = self.clean_cow(&text, whole_pages);
        let changed = match clean {
            Cow::Borrowed(_) => None,
            Cow::Owned(s) => Some(s),
        };
        Cleaned {
            text: changed.unwrap_or(text),
            report,
        }
    }

    /// Cleans `text`, borrowing it back when nothing changed (see
    /// [`Cleaner::removals_in`] for `whole_pages`).
    pub(crate) fn clean_cow<'t>(&self, text: &'t str, whole_pages: bool) -> (Cow<'t, str>, Report) {
        let removed = self.removals_in(text, whole_pages);
        let spans: Vec<Span> = removed.iter().map(|r| r.span).collect();
        let (clean, normalized, repairs) = if spans.is_empty() {
            normalize_traced(text, &self.config.norm, text, &[])
        } else {
            let kept = draft::apply_removals(text, &spans);
            let (clean, normalized, repairs) =
                normalize_traced(&kept, &self.config.norm, text, &spans);
            // Normalizing often changes nothing more: then the kept text is the
            // result, without a copy.
            let changed = match clean {
                Cow::Borrowed(_) => None,
                Cow::Owned(s) => Some(s),
            };
            (Cow::Owned(changed.unwrap_or(kept)), normalized, repairs)
        };
        let report = Report {
            bytes_in: text.len(),
            bytes_out: clean.len(),
            removed,
            normalized,
            repairs,
            ..Report::default()
        };
        (clean, report)
    }

    /// Decodes `bytes` (BOM, declared charset, UTF-8 or detection; see
    /// [`crate::decode`]) and cleans the text. Offsets in the report refer to the decoded
    /// text; the report also says which encoding was used, how it was chosen, and where
    /// undecodable bytes were replaced.
    ///
    /// ```
    /// use deboiler::{decode::EncodingSource, Cleaner};
    /// let out = Cleaner::new().clean_bytes(b"\xFF\xFEh\x00i\x00");
    /// assert_eq!(out.text, "hi\n");
    /// assert_eq!(out.report.encoding.as_deref(), Some("UTF-16LE"));
    /// assert_eq!(out.report.encoding_source, Some(EncodingSource::Bom));
    /// ```
    pub fn clean_bytes(&self, bytes: &[u8]) -> Cleaned {
        self.clean_bytes_as(bytes, None)
    }

    /// [`Cleaner::clean_bytes`], reading the bytes in `forced` when given instead of
    /// choosing an encoding (see [`crate::decode::decode_with`]; `--encoding`).
    pub fn clean_bytes_as(&self, bytes: &[u8], forced: Option<&'static Encoding>) -> Cleaned {
        let decoded = decode_with(bytes, forced);
        let mut out = self.clean_text(&decoded.text);
        decoded.annotate(&mut out.report);
        out
    }

    /// [`Cleaner::clean_bytes_as`] on bytes the caller owns: valid UTF-8 that cleaning
    /// does not change comes back as the same buffer, without a copy (what the batch
    /// driver uses for whole files).
    ///
    /// ```
    /// use deboiler::Cleaner;
    /// let out = Cleaner::fixer().clean_owned_bytes(b"caf\xC3\xA9\n".to_vec(), None);
    /// assert_eq!(out.text, "caf\u{e9}\n");
    /// assert_eq!(out.report.encoding.as_deref(), Some("UTF-8"));
    /// ```
    pub fn clean_owned_bytes(&self, bytes: Vec<u8>, forced: Option<&'static Encoding>) -> Cleaned {
        let decoded = decode_with(&bytes, forced);
        let whole = matches!(decoded.text, Cow::Borrowed(t) if t.len() == bytes.len());
        if !whole {
            let mut out = self.clean_text(&decoded.text);
            decoded.annotate(&mut out.report);
            return out;
        }
        // The text is the buffer itself: keep what decoding found, let go of the
        // borrow, and clean the buffer as a String.
        let found = Decoded {
            text: Cow::Borrowed(""),
            ..decoded
        };
        drop(decoded.text);
        let text = String::from_utf8(bytes).expect("decoding borrowed it as UTF-8");
        let mut out = self.clean_string(text);
        found.annotate(&mut out.report);
        out
    }

    /// Extracts the main content of an HTML page (see [`crate::html`]) and cleans it
    /// like text. The report's `html` part lists what the extraction left out, by CSS
    /// path; the offsets in `removed` and `repairs` point into the extracted text,
    /// which is `html.extracted` bytes long ([`html::extract`] gives it back).
    ///
    /// ```
    /// use deboiler::Cleaner;
    /// let page = "<body><div class=\"share-bar\">Share on Facebook</div>\
    ///             <p>The council approved the budget on Tuesday, after a long debate.</p></body>";
    /// let out = Cleaner::new().clean_html(page);
    /// assert_eq!(out.text, "The council approved the budget on Tuesday, after a long debate.\n");
    /// let html = out.report.html.unwrap();
    /// assert_eq!(html.removed[0].rule, "page_chrome/html-share");
    /// assert_eq!(html.removed[0].path, "body>div.share-bar");
    /// ```
    pub fn clean_html(&self, page: &str) -> Cleaned {
        self.clean_html_as(page, true)
    }

    /// [`Cleaner::clean_html`]; without `details`, the report's HTML removals carry
    /// their category and rule only (no path or text), enough for counting them.
    pub(crate) fn clean_html_as(&self, page: &str, details: bool) -> Cleaned {
        let opts = html::Options {
            details,
            ..self.html_options()
        };
        let extracted = html::extract(page, &opts);
        let mut out = self.clean_string_as(extracted.text, false);
        out.report.html = Some(HtmlReport {
            bytes: page.len(),
            extracted: out.report.bytes_in,
            headline: extracted.headline,
            removed: extracted.removed,
        });
        out
    }

    /// The text [`Cleaner::clean_html`] would clean: the page's extracted content, before
    /// the text rules.
    pub fn extract_html(&self, page: &str) -> String {
        html::extract(page, &self.html_options()).text
    }

    /// The text [`Cleaner::clean_html_bytes`] would clean: the decoded page's extracted
    /// content, before the text rules.
    pub fn extract_html_bytes(&self, bytes: &[u8], forced: Option<&'static Encoding>) -> String {
        self.extract_html(&decode_with(bytes, forced).text)
    }

    fn html_options(&self) -> html::Options {
        html::Options {
            categories: self.config.categories,
            headline: !self.config.no_headline,
            details: true,
        }
    }

    /// [`Cleaner::clean_html`] on bytes: decoded first, respecting the page's declared
    /// charset (see [`crate::decode`]), or as `forced` when given.
    pub fn clean_html_bytes(&self, bytes: &[u8], forced: Option<&'static Encoding>) -> Cleaned {
        self.clean_html_bytes_as(bytes, forced, true)
    }

    /// [`Cleaner::clean_html_bytes`]; without `details`, the report's HTML removals
    /// carry their category and rule only, which is all a run's summary counts (the
    /// batch driver asks for details only when a report is written).
    pub fn clean_html_bytes_as(
        &self,
        bytes: &[u8],
        forced: Option<&'static Encoding>,
        details: bool,
    ) -> Cleaned {
        let decoded = decode_with(bytes, forced);
        let mut out = self.clean_html_as(&decoded.text, details);
        decoded.annotate(&mut out.report);
        out
    }
}
