//! [`Category`]: the closed set of removal kinds, with their stable names.
//!
//! The names are API: they appear in reports, in `--remove`/`--keep` flags and in the
//! gold files, so they never change once published.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of junk a removal is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Ad, tracking and widget code that leaked into the text, and "Advertisement" labels.
    AdScript,
    /// Author, contributor, reporter and translator credits, with their contact and social lines.
    Byline,
    /// Copyright, syndication and republication notices.
    LicenseFooter,
    /// Image credits, captions and image alt text.
    PhotoCredit,
    /// "Related news", "Read more", "(RELATED: …)" teasers.
    RelatedStub,
    /// Leftover page interface: section labels, logos, font and share controls, prompts.
    PageChrome,
}

impl Category {
    /// Every category, in the order rules run and reports list them.
    pub const ALL: [Category; 6] = [
        Category::AdScript,
        Category::Byline,
        Category::LicenseFooter,
        Category::PhotoCredit,
        Category::RelatedStub,
        Category::PageChrome,
    ];

    /// The stable snake_case name, as used in reports and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Category::AdScript => "ad_script",
            Category::Byline => "byline",
            Category::LicenseFooter => "license_footer",
            Category::PhotoCredit => "photo_credit",
            Category::RelatedStub => "related_stub",
            Category::PageChrome => "page_chrome",
        }
    }

    /// Parses a stable name back into a category.
    ///
    /// ```
    /// use deboiler::Category;
    /// assert_eq!(Category::from_name("byline"), Some(Category::Byline));
    /// assert_eq!(Category::from_name("bylines"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == name)
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of categories, used to choose which kinds of junk a [`crate::Cleaner`] removes.
///
/// ```
/// use deboiler::{Category, CategorySet};
/// let set = CategorySet::all().without(Category::Byline);
/// assert!(!set.contains(Category::Byline));
/// assert!(set.contains(Category::AdScript));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CategorySet(u8);

impl CategorySet {
    /// Every category.
    pub fn all() -> CategorySet {
        CategorySet(Category::ALL.iter().fold(0, |acc, c| acc | c.bit()))
    }

    /// No category.
    pub fn none() -> CategorySet {
        CategorySet(0)
    }

    /// This set plus `c`.
    pub fn with(self, c: Category) -> CategorySet {
        CategorySet(self.0 | c.bit())
    }

    /// This set minus `c`.
    pub fn without(self, c: Category) -> CategorySet {
        CategorySet(self.0 & !c.bit())
    }

    /// Whether `c` is in the set.
    pub fn contains(self, c: Category) -> bool {
        self.0 & c.bit() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The categories in the set, in [`Category::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Category> {
        Category::ALL.into_iter().filter(move |c| self.contains(*c))
    }
}

impl Default for CategorySet {
    fn default() -> CategorySet {
        CategorySet::all()
    }
}

impl FromIterator<Category> for CategorySet {
    fn from_iter<I: IntoIterator<Item = Category>>(iter: I) -> CategorySet {
        iter.into_iter()
            .fold(CategorySet::none(), CategorySet::with)
    }
}
