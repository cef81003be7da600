//! Names as their authors write them: fonts for every script and a located
//! warning (or error) for what no font can draw, family-name order, index
//! collation by the conference language, invisible characters, and
//! right-to-left names inside left-to-right lines.
//!
//! Builds run with `--ignore-system-fonts`, so that what they find does not
//! depend on the fonts of the machine running the tests.

use std::path::PathBuf;

use crate::common::{Pdf, Workspace, run_with_env};
use crate::words;

fn fixture_fonts() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts")
}

/// A project whose one contribution has `authors` (a TOML array's inside),
/// in language `lang`.
fn project(lang: &str, authors: &str) -> Workspace {
    let ws = Workspace::new();
    ws.write(
        "proj/conference.toml",
        &format!(
            r#"[conference]
title = "Names Workshop"
start = 2024-05-06
lang = "{lang}"

[[session]]
id = "s1"
title = "Session"

[[contribution]]
id = "t1"
session = "s1"
title = "On names"
authors = [{authors}]
"#
        ),
    );
    ws
}

fn build(ws: &Workspace) -> crate::common::Run {
    ws.run(&["build", "proj", "--ignore-system-fonts"])
}

/// The author index of the proceedings as read back: letter headings, names
/// and page numbers, without the dot leaders (and the page's folio last).
/// Text extraction joins each letter heading to the name below it:
/// "LLovelace, Ada 1".
fn index(ws: &Workspace) -> String {
    let text = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    let heading = ["Author index", "Autorenverzeichnis"]
        .into_iter()
        .find(|h| text.contains(h))
        .expect("an author index");
    let start = text.rfind(heading).unwrap() + heading.len();
    text[start..]
        .split_whitespace()
        .filter(|word| *word != ".")
        .collect::<Vec<_>>()
        .join(" ")
}

/// Puts the test subset of Noto Sans CJK SC (王小明, 김민준, 山田太郎…) into the
/// project's `fonts/` folder.
fn add_cjk_font(ws: &Workspace) {
    let font = "NotoSansCJKsc-Regular-subset.otf";
    std::fs::create_dir_all(ws.path().join("proj/fonts")).unwrap();
    std::fs::copy(
        fixture_fonts().join(font),
        ws.path().join("proj/fonts").join(font),
    )
    .unwrap();
}

#[test]
fn a_cjk_name_is_drawn_from_the_projects_font() {
    let ws = project("en", r#""Ada Lovelace", "王小明""#);
    add_cjk_font(&ws);
    let run = build(&ws).success();
    assert!(!run.stderr.contains("no font"), "{}", run.stderr);
    for name in ["booklet.pdf", "proceedings.pdf"] {
        let pdf = Pdf::open(ws.path().join("proj/out").join(name));
        assert!(
            pdf.fonts().iter().any(|f| f.starts_with("NotoSansCJKsc")),
            "{name}: {:?}",
            pdf.fonts()
        );
        assert!(pdf.text().contains("王小明"), "{name}: {}", pdf.text());
    }
}

#[test]
fn a_name_no_font_can_draw_is_a_warning_at_its_place() {
    let ws = project("en", r#""Ada Lovelace", "王小明""#);
    let run = build(&ws).success();
    let expected = "warning: the name `王小明` of contribution `t1` has characters no font can draw: 王 小 明 (U+738B U+5C0F U+660E); they print as empty boxes\n   ┌─ proj/conference.toml:14:28\n";
    assert!(run.stderr.starts_with(expected), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("= hint: Han script: put a font that covers it, such as Noto Serif CJK SC"),
        "{}",
        run.stderr
    );
    // Reported once, though both documents print it.
    assert_eq!(
        run.stderr.matches("no font can draw").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn missing_glyphs_fail_a_strict_check_and_an_error_setting_keeps_the_pdfs() {
    let ws = project("en", r#""김민준""#);
    let run = ws
        .run(&["check", "proj", "--strict", "--ignore-system-fonts"])
        .failure();
    assert!(
        run.stderr.starts_with(
            "error: the name `김민준` of contribution `t1` has characters no font can draw"
        ),
        "{}",
        run.stderr
    );
    // A good build, then the setting: the build fails and leaves its PDFs.
    let good = project("en", r#""Ada Lovelace""#);
    build(&good).success();
    let before = good.read("proj/out/booklet.pdf");
    good.edit("proj/conference.toml", r#""Ada Lovelace""#, r#""김민준""#);
    good.edit(
        "proj/conference.toml",
        "[[session]]",
        "[fonts]\nmissing-glyphs = \"error\"\n\n[[session]]",
    );
    let run = build(&good).failure();
    assert!(
        run.stderr.starts_with("error: the name `김민준`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("proj/conference.toml:17:12"),
        "{}",
        run.stderr
    );
    assert_eq!(good.read("proj/out/booklet.pdf"), before);
}

#[test]
fn a_family_first_name_is_indexed_under_its_family_name_without_a_comma() {
    let ws = project(
        "en",
        r#"{ given = "Thị Minh Khai", family = "Nguyễn", family-first = true }, "Ada Lovelace", { given = "Taro", family = "Yamada" }"#,
    );
    build(&ws).success();
    assert_eq!(
        index(&ws),
        "LLovelace, Ada 1 NNguyễn Thị Minh Khai 1 YYamada, Taro 1 2"
    );
    let text = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    // Printed as written, family name first; never inverted.
    assert!(text.contains("Nguyễn Thị Minh Khai"), "{text}");
    assert!(!text.contains("Khai, Nguyễn"), "{text}");
    assert!(text.contains("Taro Yamada"), "{text}");
}

#[test]
fn cjk_names_put_the_family_name_first_and_readings_sort_them() {
    let ws = project(
        "en",
        r#"{ given = "太郎", family = "山田", sort-as = "Yamada Taro" }, "Zoe Zorn", "Ada Lovelace""#,
    );
    add_cjk_font(&ws);
    build(&ws).success();
    assert_eq!(index(&ws), "LLovelace, Ada 1 Y山田太郎 1 ZZorn, Zoe 1 2");
}

#[test]
fn swedish_collation_puts_a_ring_and_umlauts_after_z() {
    let authors = r#""Örjan Östberg", "Åsa Åberg", "Zoe Zorn", "Ärla Ärlig", "Ada Adams""#;
    let ws = project("sv", authors);
    let run = build(&ws).success();
    // No Swedish labels: said, and the index still sorts the Swedish way.
    assert!(
        run.stderr.contains("no labels in language `sv`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        index(&ws),
        "AAdams, Ada 1 ZZorn, Zoe 1 ÅÅberg, Åsa 1 ÄÄrlig, Ärla 1 ÖÖstberg, Örjan 1 2"
    );

    // German files Ä with A and Ö with O.
    let ws = project("de", authors);
    build(&ws).success();
    assert_eq!(
        index(&ws),
        "AÅberg, Åsa 1 Adams, Ada 1 Ärlig, Ärla 1 OÖstberg, Örjan 1 ZZorn, Zoe 1 2"
    );
}

#[test]
fn a_name_written_in_nfd_and_in_nfc_is_one_person() {
    let ws = project("en", "\"Jose\u{301} Garci\u{301}a\"");
    ws.append(
        "proj/conference.toml",
        "\n[[contribution]]\nid = \"t2\"\nsession = \"s1\"\ntitle = \"Again\"\nauthors = [\"José García\"]\n",
    );
    build(&ws).success();
    // One entry (both contributions are on page 1).
    assert_eq!(index(&ws), "GGarcía, José 1 2");
}

#[test]
fn an_invisible_mark_in_a_name_is_removed_with_a_warning_where_it_was_typed() {
    // Typed as the character itself…
    let ws = project("en", "\"Ann\u{200E} Lee\"");
    let run = build(&ws).success();
    let expected = "warning: the name `Ann Lee` holds an invisible U+200E LEFT-TO-RIGHT MARK; it is left out\n   ┌─ proj/conference.toml:14:16\n";
    assert!(run.stderr.starts_with(expected), "{}", run.stderr);
    let text = Pdf::open(ws.path().join("proj/out/booklet.pdf")).text();
    assert!(text.contains("Ann Lee"), "{text}");
    assert!(!text.contains('\u{200E}'), "{text:?}");
    // …or as a TOML escape: the warning points at the escape.
    let ws = project("en", r#""Ann\u200E Lee""#);
    let run = build(&ws).success();
    assert!(
        run.stderr.contains("proj/conference.toml:14:16"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("^^^^^^"), "{}", run.stderr);
    // A zero-width joiner inside a Devanagari name is part of the name.
    let ws = project("en", "\"क्\u{200D}ष\"");
    let run = build(&ws).success();
    assert!(!run.stderr.contains("invisible"), "{}", run.stderr);
}

#[test]
fn a_right_to_left_name_keeps_the_index_line_left_to_right() {
    if !words::pdftotext_available() {
        return;
    }
    let ws = project("en", r#""Ada Lovelace", "דוד בן־גוריון", "محمد الخوارزمي""#);
    build(&ws).success();
    let pdf = Pdf::open(ws.path().join("proj/out/proceedings.pdf"));
    let words = words::words(&pdf.bytes);
    let last = words.iter().map(|w| w.page).max().unwrap();
    let mut lines: Vec<Vec<&words::Word>> = Vec::new();
    for word in words.iter().filter(|w| w.page == last) {
        match lines.iter_mut().find(|l| (l[0].y1 - word.y1).abs() < 2.0) {
            Some(line) => line.push(word),
            None => lines.push(vec![word]),
        }
    }
    // Every index line (the ones with dot leaders): the page number is the
    // right-most word, for the Hebrew and Arabic names as for Lovelace.
    let entries: Vec<&Vec<&words::Word>> = lines
        .iter()
        .filter(|l| l.iter().any(|w| w.text == "."))
        .collect();
    assert_eq!(entries.len(), 3, "{lines:?}");
    for line in entries {
        let rightmost = line.iter().max_by(|a, b| a.x1.total_cmp(&b.x1)).unwrap();
        let leftmost = line.iter().min_by(|a, b| a.x0.total_cmp(&b.x0)).unwrap();
        assert_eq!(rightmost.text, "1", "{line:?}");
        assert!(leftmost.text != "1" && leftmost.text != ".", "{line:?}");
    }
    // In the author lines, the Hebrew name (listed first) comes before the
    // Arabic one: left of it on the same line, or on an earlier line.
    let hebrew = |w: &words::Word| w.text.chars().any(|c| ('\u{5d0}'..='\u{5ea}').contains(&c));
    let arabic = |w: &words::Word| w.text.chars().any(|c| ('\u{627}'..='\u{64a}').contains(&c));
    for document in ["booklet.pdf", "proceedings.pdf"] {
        let pdf = Pdf::open(ws.path().join("proj/out").join(document));
        let all = words::words(&pdf.bytes);
        let first_page = all
            .iter()
            .filter(|w| hebrew(w))
            .map(|w| w.page)
            .min()
            .unwrap();
        let on_page: Vec<&words::Word> = all.iter().filter(|w| w.page == first_page).collect();
        let h = on_page.iter().find(|w| hebrew(w)).unwrap();
        let a = on_page.iter().find(|w| arabic(w)).unwrap();
        let same_line = (h.y1 - a.y1).abs() < 2.0;
        assert!(
            (same_line && h.x1 <= a.x0) || (!same_line && h.y1 < a.y1),
            "{document}: {h:?} / {a:?}"
        );
    }
}

/// The system's fonts come after the project's and the bundled ones, and a
/// build says which it used. The "system" here is a fontconfig file naming
/// one folder, holding the test font, so the test sees no other font.
#[test]
fn a_system_font_fills_in_and_the_build_says_so() {
    let ws = project("en", r#""王小明""#);
    std::fs::create_dir_all(ws.path().join("system-fonts")).unwrap();
    std::fs::copy(
        fixture_fonts().join("NotoSansCJKsc-Regular-subset.otf"),
        ws.path().join("system-fonts/cjk.otf"),
    )
    .unwrap();
    let folder = ws.path().join("system-fonts");
    ws.write(
        "fonts.conf",
        &format!(
            "<?xml version=\"1.0\"?>\n<fontconfig><dir>{}</dir></fontconfig>\n",
            folder.display()
        ),
    );
    let conf = ws.path().join("fonts.conf");
    let env = [("FONTCONFIG_FILE", conf.to_str().unwrap())];
    let run = run_with_env(ws.path(), &["build", "proj"], &env).success();
    assert!(
        run.stdout.contains(
            "used system fonts: Noto Sans CJK SC (--ignore-system-fonts builds without them)"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains("no font can draw"), "{}", run.stderr);
    let pdf = Pdf::open(ws.path().join("proj/out/booklet.pdf"));
    assert!(pdf.text().contains("王小明"));
    // Without the system's fonts: the warning, and no such line.
    let run = run_with_env(ws.path(), &["build", "proj", "--ignore-system-fonts"], &env).success();
    assert!(!run.stdout.contains("used system fonts"), "{}", run.stdout);
    assert!(run.stderr.contains("no font can draw"), "{}", run.stderr);
    // `[fonts] system = false` does the same.
    ws.edit(
        "proj/conference.toml",
        "[[session]]",
        "[fonts]\nsystem = false\n\n[[session]]",
    );
    let run = run_with_env(ws.path(), &["build", "proj"], &env).success();
    assert!(run.stderr.contains("no font can draw"), "{}", run.stderr);
}
