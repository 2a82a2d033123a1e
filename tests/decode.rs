//! Decoding: the fixtures under `corpus/input/encodings/` (news text in legacy
//! encodings, UTF-16 with byte order marks, declared charsets) decode to exactly the text
//! they were written as, and the report says which encoding was used and how it was
//! chosen; undecodable bytes are reported with positions that slice the decoded text to
//! U+FFFD; `--encoding` forces an encoding and refuses a bad label.

mod common;
use common::{code, deboiler, stderr, stdout, BIN};
use deboiler::decode::{decode, decode_with, Encoding, EncodingSource};
use deboiler::{Cleaner, Report};
use serde_json::Value;
use std::borrow::Cow;
use std::fs;

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/input/encodings")
}

/// Each fixture: file name, the text it was written as, the encoding and how it is found.
const FIXTURES: [(&str, &str, &str, EncodingSource); 10] = [
    (
        "french-windows-1252.txt",
        FRENCH,
        "windows-1252",
        EncodingSource::Detected,
    ),
    // ISO-8859-1 is windows-1252 to WHATWG (and to every browser).
    (
        "german-latin1.txt",
        GERMAN,
        "windows-1252",
        EncodingSource::Detected,
    ),
    (
        "japanese-shift_jis.txt",
        JAPANESE,
        "Shift_JIS",
        EncodingSource::Detected,
    ),
    ("chinese-gbk.txt", CHINESE, "GBK", EncodingSource::Detected),
    (
        "russian-windows-1251.txt",
        RUSSIAN_1251,
        "windows-1251",
        EncodingSource::Detected,
    ),
    (
        "russian-koi8-r.txt",
        RUSSIAN_KOI8,
        "KOI8-R",
        EncodingSource::Detected,
    ),
    (
        "bulgarian-declared-windows-1251.html",
        BULGARIAN_HTML,
        "windows-1251",
        EncodingSource::Declared,
    ),
    (
        "polish-declared-iso-8859-2.xml",
        POLISH_XML,
        "ISO-8859-2",
        EncodingSource::Declared,
    ),
    (
        "spanish-utf-16le-bom.txt",
        SPANISH,
        "UTF-16LE",
        EncodingSource::Bom,
    ),
    (
        "greek-utf-16be-bom.txt",
        GREEK,
        "UTF-16BE",
        EncodingSource::Bom,
    ),
];

#[test]
fn fixtures_decode_to_their_text() {
    let mut failures = Vec::new();
    for (name, text, encoding, source) in FIXTURES {
        let bytes = fs::read(fixture_dir().join(name)).unwrap();
        assert!(bytes.len() < 5000, "{name} should stay small");
        let d = decode(&bytes);
        if d.text != text || d.encoding != encoding || d.source != source || !d.errors.is_empty() {
            failures.push(format!(
                "{name}: got {} ({}), {} errors, text:\n{}",
                d.encoding,
                d.source,
                d.errors.len(),
                d.text
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn clean_bytes_reports_the_encoding() {
    let cleaner = Cleaner::fixer();
    for (name, text, encoding, source) in FIXTURES {
        let bytes = fs::read(fixture_dir().join(name)).unwrap();
        let out = cleaner.clean_bytes(&bytes);
        assert_eq!(out.text, cleaner.clean_text(text).text, "{name}");
        assert_eq!(out.report.encoding.as_deref(), Some(encoding), "{name}");
        assert_eq!(out.report.encoding_source, Some(source), "{name}");
        assert_eq!(out.report.bytes_in, text.len(), "{name}");
        assert!(out.report.decode_errors.is_empty(), "{name}");
    }
    // Text handed over as text was not decoded.
    let report = cleaner.clean_text(FRENCH).report;
    assert_eq!((report.encoding, report.encoding_source), (None, None));
}

#[test]
fn a_document_cut_mid_character_is_still_detected() {
    for (name, text, encoding) in [
        ("japanese-shift_jis.txt", JAPANESE, "Shift_JIS"),
        ("chinese-gbk.txt", CHINESE, "GBK"),
    ] {
        // Drop the final newline and the trail byte of the last character.
        let bytes = fs::read(fixture_dir().join(name)).unwrap();
        let cut = &bytes[..bytes.len() - 2];
        let d = decode(cut);
        assert_eq!(
            (d.encoding, d.source),
            (encoding, EncodingSource::Detected),
            "{name}"
        );
        let mut kept = text.trim_end().to_string();
        kept.pop();
        kept.push('\u{FFFD}');
        assert_eq!(d.text, kept, "{name}");
        assert_eq!(d.errors.len(), 1);
        assert_eq!(
            (d.errors[0].input_offset, d.errors[0].input_len),
            (cut.len() - 1, 1)
        );
    }
}

#[test]
fn ascii_is_borrowed_not_copied() {
    let bytes = b"The council voted 7-2 on Tuesday to add bike lanes.\n";
    let d = decode(bytes);
    assert!(matches!(d.text, Cow::Borrowed(_)));
    assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Utf8));
    // Also under a declared or forced ASCII-compatible encoding.
    assert!(matches!(
        decode(b"<meta charset=koi8-r>News").text,
        Cow::Borrowed(_)
    ));
    assert!(matches!(
        decode_with(bytes, Encoding::for_label(b"shift_jis")).text,
        Cow::Borrowed(_)
    ));
}

#[test]
fn invalid_utf8_positions_slice_to_the_replacement_character() {
    // UTF-8 news text with a latin-1 byte pasted in and a character cut off at the end.
    let mut bytes = "Le ministre a d\u{e9}clar\u{e9} : \u{ab} Nous tiendrons \u{201c}nos\u{201d} engagements \u{bb}, "
        .as_bytes()
        .to_vec();
    let pasted = bytes.len() + 4;
    bytes.extend_from_slice(b"cet \xE9t\xE9 ");
    bytes.extend_from_slice("\u{e0} Bruxelles \u{2014} ".as_bytes());
    let cut = bytes.len();
    bytes.extend_from_slice(&"\u{2026}".as_bytes()[..2]);

    let d = decode(&bytes);
    assert_eq!((d.encoding, d.source), ("UTF-8", EncodingSource::Utf8));
    let at: Vec<(usize, usize)> = d
        .errors
        .iter()
        .map(|e| (e.input_offset, e.input_len))
        .collect();
    assert_eq!(at, [(pasted, 1), (pasted + 2, 1), (cut, 2)]);
    assert_eq!(d.invalid_bytes, 4);
    for e in &d.errors {
        assert_eq!(&d.text[e.span.range()], "\u{FFFD}");
    }
    assert!(d.text.ends_with("\u{2014} \u{FFFD}"));

    // The same positions come out of the command line's report.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.txt"), &bytes).unwrap();
    let o = deboiler(dir.path(), &["fix", "bad.txt", "--report", "r.jsonl"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let r = &report_lines(&dir.path().join("r.jsonl"))[0];
    assert_eq!(r["encoding"], "UTF-8");
    assert_eq!(r["encoding_source"], "utf-8");
    assert_eq!(r["invalid_bytes"], 4);
    let errors = r["decode_errors"].as_array().unwrap();
    assert_eq!(errors.len(), 3);
    for (e, want) in errors.iter().zip(&d.errors) {
        assert_eq!(e["input_offset"], want.input_offset);
        assert_eq!(e["input_len"], want.input_len);
        let (start, end) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&d.text[start..end], "\u{FFFD}");
    }
}

#[test]
fn reports_round_trip_and_old_reports_still_parse() {
    let mut bytes = b"\xFF\xFE".to_vec();
    bytes.extend("Se\u{f1}al".encode_utf16().flat_map(u16::to_le_bytes));
    bytes.extend_from_slice(b"\x00\xDC"); // a lone low surrogate
    let report = Cleaner::new().clean_bytes(&bytes).report;
    assert_eq!(report.decode_errors.len(), 1);
    assert_eq!(report.decode_errors[0].input_offset, 12);
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.contains(r#""encoding":"UTF-16LE","encoding_source":"bom","decode_errors":[{"input_offset":12,"input_len":2,"start":6,"end":9}]"#), "{json}");
    assert_eq!(serde_json::from_str::<Report>(&json).unwrap(), report);

    // A report without the decoding fields, as earlier versions wrote them.
    let mut old = serde_json::to_value(&report).unwrap();
    for key in [
        "encoding",
        "encoding_source",
        "decode_errors",
        "invalid_bytes",
    ] {
        old.as_object_mut().unwrap().remove(key);
    }
    let parsed: Report = serde_json::from_value(old).unwrap();
    assert_eq!((parsed.encoding, parsed.encoding_source), (None, None));
    assert!(parsed.decode_errors.is_empty());
}

#[test]
fn cli_reports_each_fixture_encoding() {
    let dir = tempfile::tempdir().unwrap();
    // The directory as a whole, in auto format: every fixture is sniffed as text.
    let fixtures = fixture_dir();
    let o = Command::new(BIN)
        .args(["clean", "--quiet", "-O"])
        .arg(dir.path().join("out"))
        .arg("--report")
        .arg(dir.path().join("r.jsonl"))
        .arg(&fixtures)
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let lines = report_lines(&dir.path().join("r.jsonl"));
    assert_eq!(lines.len(), FIXTURES.len());
    for line in &lines {
        let id = line["id"].as_str().unwrap();
        let (_, _, encoding, source) = FIXTURES
            .iter()
            .find(|f| id.ends_with(f.0))
            .unwrap_or_else(|| panic!("unexpected {id}"));
        assert_eq!(line["encoding"], *encoding, "{id}");
        assert_eq!(line["encoding_source"], source.name(), "{id}");
    }
    let out = fs::read_to_string(dir.path().join("out/japanese-shift_jis.txt")).unwrap();
    assert!(
        out.contains("\u{77e5}\u{4e8b}\u{306f}\u{8a18}\u{8005}\u{4f1a}\u{898b}\u{3067}"),
        "{out}"
    );
}

#[test]
fn cli_encoding_forces_the_decoder() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = fs::read(fixture_dir().join("russian-windows-1251.txt")).unwrap();
    // Forced to the right encoding: the same text, reported as forced.
    let o = deboiler(
        dir.path(),
        &["fix", "--encoding", "cp1251", "--report", "r.jsonl", "-"],
        &bytes,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), Cleaner::fixer().clean_text(RUSSIAN_1251).text);
    let r = &report_lines(&dir.path().join("r.jsonl"))[0];
    assert_eq!(r["encoding"], "windows-1251");
    assert_eq!(r["encoding_source"], "forced");

    // Forced to a wrong one: what the user asked for, mojibake and all.
    let o = deboiler(
        dir.path(),
        &["fix", "--encoding", "KOI8-R", "--report", "r.jsonl"],
        &bytes,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let koi8 = Encoding::for_label(b"koi8-r").unwrap().decode(&bytes).0;
    assert_eq!(stdout(&o), Cleaner::fixer().clean_text(&koi8).text);
    let r = &report_lines(&dir.path().join("r.jsonl"))[0];
    assert_eq!(r["encoding"], "KOI8-R");

    // A forced UTF-16 still drops its byte order mark.
    let greek = fs::read(fixture_dir().join("greek-utf-16be-bom.txt")).unwrap();
    let o = deboiler(dir.path(), &["fix", "--encoding", "utf-16be"], &greek);
    assert_eq!(stdout(&o), Cleaner::fixer().clean_text(GREEK).text);
}

#[test]
fn cli_refuses_a_bad_encoding_label() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["clean", "fix"] {
        let o = deboiler(dir.path(), &[cmd, "--encoding", "latin-42", "-"], b"text\n");
        assert_eq!(code(&o), 2);
        let err = stderr(&o);
        assert!(
            err.contains("latin-42") && err.contains("unknown encoding label"),
            "{err}"
        );
        assert_eq!(stdout(&o), "");
    }
}

#[test]
fn json_lines_are_utf8_whatever_the_encoding_flag() {
    let dir = tempfile::tempdir().unwrap();
    let line = "{\"id\":1,\"text\":\"Caf\u{e9} \u{201c}cr\u{e8}me\u{201d}\"}\n";
    let o = deboiler(
        dir.path(),
        &[
            "fix",
            "--encoding",
            "windows-1252",
            "--format",
            "jsonl",
            "--report",
            "r.jsonl",
        ],
        line.as_bytes(),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "{\"id\":1,\"text\":\"Caf\u{e9} \\\"cr\u{e8}me\\\"\"}\n"
    );
    let r = &report_lines(&dir.path().join("r.jsonl"))[0];
    assert!(
        r.get("encoding").is_none() && r.get("encoding_source").is_none(),
        "{r}"
    );
}

#[test]
fn cli_fix_reports_repairs_and_lone_surrogates() {
    let dir = tempfile::tempdir().unwrap();
    // A mojibake word, an entity, and a lone surrogate escaped in the JSON.
    let line = "{\"id\":\"a\",\"text\":\"The caf\u{c3}\u{a9} it&#8217;s \\ud83d end\"}\n";
    let o = deboiler(
        dir.path(),
        &["fix", "--format", "jsonl", "--report", "r.jsonl", "-"],
        line.as_bytes(),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "{\"id\":\"a\",\"text\":\"The caf\u{e9} it's \u{FFFD} end\"}\n"
    );
    let err = stderr(&o);
    assert!(err.contains("repaired: mojibake 1, entities 1"), "{err}");
    assert!(err.contains("1 lone surrogates replaced"), "{err}");
    let r = &report_lines(&dir.path().join("r.jsonl"))[0];
    assert_eq!(r["lone_surrogates"], 1, "{r}");
    let repairs = r["repairs"].as_array().expect("repairs listed");
    assert_eq!(repairs.len(), 2, "{r}");
    assert_eq!(repairs[0]["kind"], "entities");
    assert_eq!(repairs[1]["kind"], "mojibake");
    assert_eq!(repairs[1]["text"], "\u{c3}\u{a9}");
    assert_eq!(repairs[1]["fixed"], "\u{e9}");
    assert_eq!(repairs[1]["encodings"][0], "windows-1252");
    assert_eq!(
        (repairs[1]["start"].as_u64(), repairs[1]["end"].as_u64()),
        (Some(7), Some(11))
    );
}

fn report_lines(path: &Path) -> Vec<Value> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `french-windows-1252.txt`, as it was written before encoding.
const FRENCH: &str = "Le gouvernement a présenté mercredi son projet de budget pour l’année prochaine. “Nous devons réduire le déficit sans casser la croissance”, a déclaré le ministre de l’Économie devant les députés.\n\
\n\
Le texte prévoit 40 milliards d’euros d’économies, dont une partie sur les dépenses de santé. L’opposition a dénoncé un budget d’austérité qui frappe “le cœur des services publics”… Selon Bercy, la mesure coûterait en moyenne 3 € par ménage et par mois.\n\
\n\
Les syndicats appellent à manifester le 12 octobre à Paris et dans plusieurs grandes villes.\n\
";

/// `german-latin1.txt`, as it was written before encoding.
const GERMAN: &str = "Die Bundesregierung hat am Dienstag in Berlin ein neues Klimaschutzgesetz beschlossen. Künftig sollen Gebäude, Verkehr und Industrie ihre Emissionen schneller senken als bisher geplant.\n\
\n\
Der Minister sagte, man müsse die Straßen und Schienen gleichzeitig modernisieren. Kritik kam von Umweltverbänden: Die Ziele seien zu vage, die Förderung für Wärmepumpen reiche nicht aus. Auch die Länder äußerten Bedenken wegen der Kosten für die Kommunen.\n\
\n\
Schließlich soll der Bundestag noch vor der Sommerpause über das Gesetz abstimmen.\n\
";

/// `japanese-shift_jis.txt`, as it was written before encoding.
const JAPANESE: &str = "東京都は二十日、都心部に自転車専用レーンを整備する計画を発表した。来年春までに主要道路の約四十キロに専用レーンを設ける。\n\
\n\
知事は記者会見で「安全で快適な移動手段を増やしたい」と述べた。事業費は約八十億円を見込んでいる。\n\
\n\
一方、沿道の商店会からは荷物の積み降ろしの場所が減るとの懸念も出ており、都は今月中に説明会を開く予定だ。\n\
";

/// `chinese-gbk.txt`, as it was written before encoding.
const CHINESE: &str = "新华社北京三月五日电 国务院总理在政府工作报告中表示，今年国内生产总值增长的预期目标为百分之五左右。\n\
\n\
报告提出，将继续实施积极的财政政策和稳健的货币政策，加大对科技创新和中小企业的支持力度。多位人大代表在分组审议时表示，这一目标既积极又稳妥，有利于稳定市场预期。\n\
\n\
专家认为，扩大国内需求仍是今年经济工作的重点，消费和投资有望继续回升。\n\
";

/// `russian-windows-1251.txt`, as it was written before encoding.
const RUSSIAN_1251: &str = "Правительство Москвы в среду утвердило программу ремонта дорог на следующий год. По словам заместителя мэра, будет отремонтировано более 400 километров улиц.\n\
\n\
Работы начнутся в апреле и завершатся до середины октября. «Мы постараемся не перекрывать движение в часы пик», — сообщил чиновник журналистам.\n\
\n\
Жители смогут следить за ходом работ на официальном портале города.\n\
";

/// `russian-koi8-r.txt`, as it was written before encoding.
const RUSSIAN_KOI8: &str = "Центральный банк России в пятницу сохранил ключевую ставку на прежнем уровне. Решение совета директоров совпало с ожиданиями большинства аналитиков.\n\
\n\
Регулятор отметил, что инфляция в последние месяцы замедлилась, однако риски для цен всё ещё остаются высокими. Следующее заседание запланировано на конец июля.\n\
\n\
Курс рубля после объявления решения почти не изменился.\n\
";

/// `bulgarian-declared-windows-1251.html`, as it was written before encoding.
const BULGARIAN_HTML: &str = "<!DOCTYPE html>\n\
<html lang=\"bg\">\n\
<head>\n\
<meta charset=\"windows-1251\">\n\
<title>Новини</title>\n\
</head>\n\
<body>\n\
<p>Народното събрание прие на първо четене промените в Закона за движението по пътищата. Глобите за превишена скорост в населените места се увеличават двойно.</p>\n\
<p>Според вносителите мерките ще намалят броя на тежките катастрофи. Опозицията настоява за повече камери вместо по-високи санкции.</p>\n\
</body>\n\
</html>\n\
";

/// `polish-declared-iso-8859-2.xml`, as it was written before encoding.
const POLISH_XML: &str = "<?xml version=\"1.0\" encoding=\"ISO-8859-2\"?>\n\
<article>\n\
<title>Ustawa o ochronie zdrowia</title>\n\
<p>Rząd przyjął w czwartek projekt ustawy o ochronie zdrowia psychicznego dzieci i młodzieży. Minister zapowiedział, że nowe przepisy wejdą w życie od stycznia przyszłego roku.</p>\n\
<p>Według resortu w każdym powiecie ma powstać ośrodek środowiskowej opieki. Związki zawodowe lekarzy żądają jednak wyższych nakładów i szybszego zwiększenia liczby etatów.</p>\n\
</article>\n\
";

/// `spanish-utf-16le-bom.txt`, as it was written before encoding.
const SPANISH: &str = "El Gobierno aprobó el martes un plan para ampliar la red de trenes de cercanías en Madrid y Barcelona. ¿Llegará a tiempo? Los usuarios esperan mejoras desde hace años.\n\
\n\
La inversión prevista asciende a 1.200 millones de euros, según el Ministerio de Transportes. Señal de alarma: la puntualidad cayó un 8 % el año pasado 🚆.\n\
";

/// `greek-utf-16be-bom.txt`, as it was written before encoding.
const GREEK: &str = "Η κυβέρνηση ανακοίνωσε την Πέμπτη νέα μέτρα στήριξης για τα νοικοκυριά ενόψει του χειμώνα. Το επίδομα θέρμανσης θα αυξηθεί και θα καταβληθεί νωρίτερα από πέρυσι.\n\
\n\
Σύμφωνα με το υπουργείο Οικονομικών, το κόστος των μέτρων ανέρχεται σε 300 εκατομμύρια ευρώ.\n\
";
