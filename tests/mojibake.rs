//! Property tests for encoding repair, self-contained:
//!
//! - correct text in many scripts comes out of `fix` unchanged;
//! - text damaged by reading its UTF-8 bytes in a single-byte encoding is restored,
//!   for every (text, encoding) pair in [`RESTORED`]; the pairs left out are
//!   ambiguous or not yet handled (see the comment there), and a test checks the list
//!   stays honest: every pair outside it really is damage we do not restore yet.

use deboiler::Cleaner;
use encoding_rs::Encoding;

/// Correct sentences, written for these tests, without curly quotes (which `fix`
/// straightens) so that "unchanged" means byte for byte.
const TEXTS: &[(&str, &str)] = &[
    (
        "english",
        "The council approved the budget on Tuesday after a long debate.",
    ),
    (
        "french",
        "Le conseil a approuvé le budget mardi après un long débat sur les écoles.",
    ),
    (
        "german",
        "Der Stadtrat hat am Dienstag den Haushalt für die Schulen beschlossen.",
    ),
    (
        "polish",
        "Rada miasta przyjęła we wtorek budżet po długiej dyskusji o szkołach.",
    ),
    (
        "czech",
        "Městská rada ve čtvrtek schválila rozpočet na příští rok.",
    ),
    (
        "spanish",
        "El ayuntamiento aprobó el presupuesto tras un largo debate sobre la educación.",
    ),
    (
        "portuguese",
        "A câmara aprovou o orçamento após uma longa discussão sobre as escolas.",
    ),
    (
        "turkish",
        "Belediye meclisi salı günü okullar için bütçeyi onayladı.",
    ),
    (
        "russian",
        "Городской совет во вторник утвердил бюджет после долгих споров.",
    ),
    (
        "greek",
        "Το δημοτικό συμβούλιο ενέκρινε τον προϋπολογισμό την Τρίτη.",
    ),
    ("chinese", "市议会周二在长时间辩论后批准了预算。"),
    ("japanese", "市議会は火曜日、長い議論の末に予算を承認した。"),
    (
        "arabic",
        "وافق مجلس المدينة على الميزانية يوم الثلاثاء بعد نقاش طويل.",
    ),
    (
        "hebrew",
        "מועצת העיר אישרה את התקציב ביום שלישי לאחר דיון ארוך.",
    ),
    ("emoji", "Great game tonight 🎉🔥 see you at the stadium ⚽"),
    ("math", "For all x ∈ ℝ, x² ≥ 0 and √4 = 2; ∑ 1/n² = π²/6."),
    (
        "vietnamese",
        "Hội đồng thành phố đã thông qua ngân sách vào thứ Ba.",
    ),
    (
        "latvian",
        "Pilsētas dome otrdien apstiprināja budžetu pēc ilgām debatēm.",
    ),
    (
        "symbols",
        "Prices rose 5% to €12.50 (about £10.80); the ×2 offer ends at 18:00 ± 5 min.",
    ),
    ("shouting", "ÇA VA? OUI, TRÈS BIEN… À DEMAIN — L'ÉQUIPE"),
];

const ENCODINGS: &[&str] = &[
    "windows-1252",
    "windows-1251",
    "windows-1250",
    "iso-8859-2",
    "windows-1257",
    "macintosh",
];

/// (text, encoding) pairs whose damage `fix` restores exactly, as measured. Left out:
/// pairs an encoding cannot damage without losing bytes, math symbols and shouted
/// French read as windows-1251 or MacRoman, and German read as ISO-8859-2 ("fĂźr" is
/// "für" or "fßr": one damaged word cannot tell).
const RESTORED: &[(&str, &[&str])] = &[
    (
        "french",
        &[
            "windows-1252",
            "windows-1251",
            "windows-1250",
            "iso-8859-2",
            "windows-1257",
            "macintosh",
        ],
    ),
    (
        "german",
        &[
            "windows-1252",
            "windows-1251",
            "windows-1250",
            "windows-1257",
            "macintosh",
        ],
    ),
    (
        "polish",
        &[
            "windows-1252",
            "windows-1251",
            "windows-1250",
            "iso-8859-2",
            "windows-1257",
            "macintosh",
        ],
    ),
    (
        "czech",
        &[
            "windows-1252",
            "windows-1251",
            "windows-1250",
            "iso-8859-2",
            "macintosh",
        ],
    ),
    (
        "spanish",
        &[
            "windows-1252",
            "windows-1251",
            "windows-1250",
            "iso-8859-2",
            "windows-1257",
            "macintosh",
        ],
    ),
    (
        "portuguese",
        &[
            "windows-1252",
            "windows-1251",
            "windows-1250",
            "iso-8859-2",
            "windows-1257",
            "macintosh",
        ],
    ),
    (
        "turkish",
        &[
            "windows-1252",
            "windows-1251",
            "windows-1250",
            "iso-8859-2",
            "windows-1257",
            "macintosh",
        ],
    ),
    (
        "russian",
        &[
            "windows-1252",
            "windows-1251",
            "windows-1250",
            "iso-8859-2",
            "windows-1257",
            "macintosh",
        ],
    ),
    (
        "greek",
        &[
            "windows-1252",
            "windows-1251",
            "windows-1250",
            "iso-8859-2",
            "windows-1257",
            "macintosh",
        ],
    ),
    (
        "chinese",
        &[
            "windows-1252",
            "windows-1251",
            "windows-1250",
            "iso-8859-2",
            "windows-1257",
            "macintosh",
        ],
    ),
    (
        "japanese",
        &[
            "windows-1252",
            "windows-1251",
            "windows-1250",
            "iso-8859-2",
            "macintosh",
        ],
    ),
    (
        "arabic",
        &[
            "windows-1252",
            "windows-1251",
            "windows-1250",
            "iso-8859-2",
            "macintosh",
        ],
    ),
    (
        "hebrew",
        &[
            "windows-1252",
            "windows-1251",
            "windows-1250",
            "iso-8859-2",
            "windows-1257",
            "macintosh",
        ],
    ),
    (
        "emoji",
        &[
            "windows-1252",
            "windows-1251",
            "windows-1250",
            "iso-8859-2",
            "macintosh",
        ],
    ),
    ("math", &["windows-1252", "windows-1250", "iso-8859-2"]),
    (
        "vietnamese",
        &[
            "windows-1252",
            "windows-1251",
            "windows-1250",
            "iso-8859-2",
            "macintosh",
        ],
    ),
    (
        "latvian",
        &[
            "windows-1252",
            "windows-1251",
            "windows-1250",
            "iso-8859-2",
            "windows-1257",
            "macintosh",
        ],
    ),
    (
        "symbols",
        &[
            "windows-1252",
            "windows-1251",
            "windows-1250",
            "iso-8859-2",
            "windows-1257",
        ],
    ),
    (
        "shouting",
        &["windows-1252", "windows-1250", "iso-8859-2", "windows-1257"],
    ),
];

fn fix(text: &str) -> String {
    Cleaner::fixer().clean_text(text).text
}

/// What a reader in `encoding` makes of the UTF-8 bytes of `text`; `None` when that
/// encoding cannot show every byte (the damage would be lossy) or changes nothing.
fn damage(text: &str, encoding: &str) -> Option<String> {
    let enc = Encoding::for_label(encoding.as_bytes()).expect("known encoding");
    let (damaged, had_errors) = enc.decode_without_bom_handling(text.as_bytes());
    (!had_errors && damaged != text).then(|| damaged.into_owned())
}

#[test]
fn correct_text_in_any_script_is_never_changed() {
    for (name, text) in TEXTS {
        assert_eq!(fix(text), *text, "{name} changed");
        assert!(
            Cleaner::fixer().clean_text(text).report.normalized.mojibake == 0,
            "{name}"
        );
    }
}

#[test]
fn damage_is_restored_where_unambiguous() {
    let mut failures = Vec::new();
    for (name, encodings) in RESTORED {
        let text = TEXTS
            .iter()
            .find(|(n, _)| n == name)
            .expect("listed text")
            .1;
        for encoding in *encodings {
            let damaged =
                damage(text, encoding).unwrap_or_else(|| panic!("{name}/{encoding} undamaged"));
            let got = fix(&damaged);
            if got != text {
                failures.push(format!("{name}/{encoding}: {damaged:?} -> {got:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "not restored:\n{}",
        failures.join("\n")
    );
}

#[test]
fn unlisted_pairs_are_really_not_restored_yet() {
    // Keeps RESTORED honest: when a change starts restoring another pair, add it.
    let mut newly = Vec::new();
    for (name, text) in TEXTS {
        for encoding in ENCODINGS {
            let listed = RESTORED
                .iter()
                .any(|(n, e)| n == name && e.contains(encoding));
            if listed {
                continue;
            }
            if let Some(damaged) = damage(text, encoding) {
                if fix(&damaged) == *text {
                    newly.push(format!("{name}/{encoding}"));
                }
            }
        }
    }
    assert!(
        newly.is_empty(),
        "restored but not listed in RESTORED: {newly:?}"
    );
}

#[test]
fn doubly_damaged_text_is_restored() {
    for (name, text) in TEXTS
        .iter()
        .filter(|(n, _)| ["french", "portuguese", "russian"].contains(n))
    {
        let once = damage(text, "windows-1252").unwrap();
        let twice = damage(&once, "windows-1252").unwrap();
        assert_eq!(fix(&twice), *text, "{name} damaged twice");
    }
}

#[test]
fn correct_text_beside_damage_is_never_changed() {
    // Damage elsewhere in the document turns on the document-wide steps (codec votes,
    // spaces that stood for lost bytes); the correct text must still come out as is.
    let damaged = damage("Customers\u{2019} café", "windows-1252").unwrap();
    for (name, text) in TEXTS {
        for doc in [format!("{text} {damaged}"), format!("{damaged}\n{text}")] {
            let got = fix(&doc);
            assert!(got.contains(text), "{name}: {doc:?} -> {got:?}");
            assert!(got.contains("Customers' café"), "{name}: {got:?}");
        }
    }
}

#[test]
fn lost_no_break_spaces_are_restored() {
    // Damage, then a later step turning the no-break space (byte 0xA0 of "à", "Š",
    // "Р") into a space, and maybe collapsing it with the space after it.
    for (text, encoding) in [
        ("Il est allé à la plage, déjà à midi.", "windows-1252"),
        ("A câmara aprovou às pressas o orçamento.", "windows-1252"),
        (
            "Šveices baņķieri gaida konkrētus projektus.",
            "windows-1257",
        ),
        ("Русский язык и Рига.", "windows-1252"),
    ] {
        let damaged = damage(text, encoding).unwrap().replace('\u{a0}', " ");
        assert_eq!(fix(&damaged), text, "{damaged:?}");
        let collapsed = damaged.replace("  ", " ");
        assert_eq!(fix(&collapsed), text, "{collapsed:?}");
    }
}
