//! The booklet as a print product: page count, imposition, bleed and trim,
//! index order, languages, and the mistakes a chair can make in `[booklet]`.

use crate::common::{Pdf, Workspace, build_content, rejects};
use std::path::Path;

fn synthetic() -> Workspace {
    Workspace::synthetic()
}

#[test]
fn page_counts_are_multiples_of_four() {
    let ws = synthetic();
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    let synthetic = Pdf::open(ws.path().join("proj/out/booklet.pdf"));
    assert_eq!(
        synthetic.page_count() % 4,
        0,
        "synthetic: {}",
        synthetic.page_count()
    );

    let out = ws.path().join("enzyme");
    build_content(ws.path(), &out);
    let enzyme = Pdf::open(out.join("booklet.pdf"));
    assert_eq!(
        enzyme.page_count() % 4,
        0,
        "enzyme: {}",
        enzyme.page_count()
    );
    // Padding is notes pages right before the back cover, nothing blank in between.
    let pages = enzyme.page_texts();
    let n = pages.len();
    assert!(pages[n - 2].starts_with("Notes"), "{}", pages[n - 2]);
    assert!(
        pages[n - 1].contains("Enzyme Conference 2023 · 22–24 February 2023"),
        "{}",
        pages[n - 1]
    );
    assert!(pages.iter().all(|p| !p.trim().is_empty()), "a blank page");
}

#[test]
fn imposition_puts_pages_in_saddle_stitch_order() {
    let ws = synthetic();
    let run = ws
        .run(&["build", "proj", "--only", "booklet", "--impose"])
        .success();
    assert!(
        run.stdout.contains("wrote proj/out/booklet-imposed.pdf"),
        "{}",
        run.stdout
    );
    let booklet = Pdf::open(ws.path().join("proj/out/booklet.pdf")).page_texts();
    let imposed = Pdf::open(ws.path().join("proj/out/booklet-imposed.pdf"));
    let n = booklet.len();
    assert_eq!(
        imposed.page_count(),
        n / 2,
        "half as many sheet sides as pages"
    );
    let sides = imposed.page_texts();
    for (s, side) in sides.iter().enumerate() {
        let sheet = s / 2;
        let (left, right) = if s % 2 == 0 {
            (n - 2 * sheet, 2 * sheet + 1)
        } else {
            (2 * sheet + 2, n - 2 * sheet - 1)
        };
        let (l, r) = (&booklet[left - 1], &booklet[right - 1]);
        let lp = side
            .find(l.as_str())
            .unwrap_or_else(|| panic!("side {s}: page {left} missing:\n{side}\n---\n{l}"));
        let rp = side
            .rfind(r.as_str())
            .unwrap_or_else(|| panic!("side {s}: page {right} missing"));
        assert!(
            lp < rp || l == r,
            "side {s}: page {left} must be left of page {right}"
        );
    }
    // Sheets are A4 landscape.
    let media = media_box(&imposed, 1);
    assert!(
        (media[2] - 841.89).abs() < 0.1 && (media[3] - 595.28).abs() < 0.1,
        "{media:?}"
    );
}

fn media_box(pdf: &Pdf, page: u32) -> Vec<f32> {
    page_box(pdf, page, b"MediaBox").expect("a media box")
}

/// The box `name` (MediaBox, TrimBox…) of `page`, if it has one.
pub fn page_box(pdf: &Pdf, page: u32, name: &[u8]) -> Option<Vec<f32>> {
    let id = pdf.doc.get_pages()[&page];
    let dict = pdf.doc.get_dictionary(id).unwrap();
    let array = dict.get(name).ok()?.as_array().ok()?.clone();
    Some(array.iter().map(|v| v.as_float().unwrap()).collect())
}

#[test]
fn bleed_and_trim_boxes_have_the_configured_sizes() {
    let ws = synthetic();
    ws.edit(
        "proj/conference.toml",
        "[booklet]\n",
        "[print]\nbleed = \"3mm\"\ncrop-marks = true\n\n[booklet]\n",
    );
    ws.run(&["build", "proj", "--only", "booklet", "--impose"])
        .success();
    let pdf = Pdf::open(ws.path().join("proj/out/booklet.pdf"));
    let mm = |x: f32| x * 72.0 / 25.4;
    let close =
        |a: &[f32], b: &[f32]| a.len() == 4 && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 0.05);
    for page in 1..=pdf.page_count() as u32 {
        // Trim: A5. Bleed: 3 mm around it. Media: 9 mm more for the crop marks.
        let outer = mm(3.0 + 9.0);
        let media = media_box(&pdf, page);
        assert!(
            close(
                &media,
                &[0.0, 0.0, mm(148.0) + 2.0 * outer, mm(210.0) + 2.0 * outer]
            ),
            "page {page} media {media:?}"
        );
        let trim = page_box(&pdf, page, b"TrimBox").expect("a trim box");
        assert!(
            close(&trim, &[outer, outer, outer + mm(148.0), outer + mm(210.0)]),
            "page {page} trim {trim:?}"
        );
        let bleed = page_box(&pdf, page, b"BleedBox").expect("a bleed box");
        assert!(
            close(
                &bleed,
                &[mm(9.0), mm(9.0), media[2] - mm(9.0), media[3] - mm(9.0)]
            ),
            "page {page} bleed {bleed:?}"
        );
    }
    // The imposed sheets show trimmed pages, whatever the bleed.
    let imposed = Pdf::open(ws.path().join("proj/out/booklet-imposed.pdf"));
    assert_eq!(imposed.page_count(), pdf.page_count() / 2);
}

#[test]
fn author_index_follows_family_names_with_accents_and_particles() {
    let ws = synthetic();
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    let pages = Pdf::open(ws.path().join("proj/out/booklet.pdf")).page_texts();
    let index = pages
        .iter()
        .find(|p| p.starts_with("Author index"))
        .expect("an index page");
    let expected = [
        "Abernathy,",
        "Álvarez,",
        "de Bastion,",
        "Bergström,",
        "Castellanos,",
        "Eklund,",
        "Ferreira,",
        "Gößling,",
        "von Hohenfels,",
        "Hückelheim,",
        "Ibáñez,",
        "Jovanović,",
        "Kowalczyk,",
        "Lindqvist,",
        "van der Meer,",
        "Nakamura,",
        "Ñúñez,",
        "Ødegård,",
        "Petrov,",
        "Quispe,",
        "Rossi,",
        "Szabó,",
        "Tanaka,",
        "Ueda,",
        "Varga,",
        "Wójcik,",
        "Yilmaz,",
        "Zürcher,",
    ];
    let positions: Vec<usize> = expected
        .iter()
        .map(|name| {
            index
                .find(name)
                .unwrap_or_else(|| panic!("{name} not in the index: {index}"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "order: {index}");

    // With particles kept, "de Bastion" moves to D and "van der Meer" to V.
    ws.edit(
        "proj/conference.toml",
        "lang = \"en\"",
        "lang = \"en\"\nindex-particles = \"keep\"",
    );
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    let pages = Pdf::open(ws.path().join("proj/out/booklet.pdf")).page_texts();
    let index = pages
        .iter()
        .find(|p| p.starts_with("Author index"))
        .unwrap();
    let pos = |name: &str| index.find(name).unwrap();
    assert!(
        pos("Castellanos,") < pos("de Bastion,") && pos("de Bastion,") < pos("Eklund,"),
        "{index}"
    );
    assert!(
        pos("Ueda,") < pos("van der Meer,") && pos("van der Meer,") < pos("Varga,"),
        "{index}"
    );
    assert!(
        pos("Varga,") < pos("von Hohenfels,") && pos("von Hohenfels,") < pos("Wójcik,"),
        "{index}"
    );
}

#[test]
fn glance_grid_and_sessions_carry_the_schedule() {
    let ws = synthetic();
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    let pages = Pdf::open(ws.path().join("proj/out/booklet.pdf")).page_texts();
    let day1 = pages
        .iter()
        .find(|p| p.starts_with("MONDAY, 15 SEPTEMBER Programme at a glance"))
        .expect("day 1 grid");
    for expected in [
        "Aula",
        "Room 2",
        "Room 3",
        "Coffee · 10:15–10:45",
        "Lunch · 12:15–13:30",
        // The keynote session holds one talk: its cell shows the talk.
        "OPENING KEYNOTE",
        "Quantised Ray Tracers",
        "Poster Session",
    ] {
        assert!(day1.contains(expected), "{expected:?} not in {day1}");
    }
    let day2 = pages
        .iter()
        .find(|p| p.starts_with("TUESDAY, 16 SEPTEMBER Programme at a glance"))
        .expect("day 2 grid");
    assert!(
        day2.contains("Closing Panel: What We Did Not Imagine"),
        "{day2}"
    );
    let practical = pages
        .iter()
        .find(|p| p.starts_with("Practical information"))
        .expect("info page");
    assert!(practical.contains("imaginary#systems"), "{practical}");
    let back = pages.last().unwrap();
    assert!(
        back.contains("WITH THE SUPPORT OF") && back.contains("Friends of Elsewhere"),
        "{back}"
    );
}

#[test]
fn labels_follow_the_language() {
    let ws = synthetic();
    ws.edit("proj/conference.toml", "lang = \"en\"", "lang = \"de\"");
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    let text = Pdf::open(ws.path().join("proj/out/booklet.pdf")).text();
    for expected in [
        "Programm auf einen Blick",
        "MONTAG, 15. SEPTEMBER",
        "Autorenverzeichnis",
        "Praktische Hinweise",
        "15.–16. September 2031",
        "Mit Unterstützung von".to_uppercase().as_str(),
    ] {
        assert!(text.contains(expected), "{expected:?} missing");
    }

    ws.edit("proj/conference.toml", "lang = \"de\"", "lang = \"nl\"");
    let run = ws.run(&["build", "proj", "--only", "booklet"]).success();
    assert!(
        run.stderr.starts_with(
            "warning: confpress has no labels in language `nl`; the documents use English labels\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("proj/conference.toml:12:8")
            && run.stderr.contains("hint: labels exist for en, de, fr, es"),
        "{}",
        run.stderr
    );
    assert!(
        Pdf::open(ws.path().join("proj/out/booklet.pdf"))
            .text()
            .contains("Programme at a glance")
    );
}

#[test]
fn abstracts_option_chooses_how_much_to_print() {
    let ws = synthetic();
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    let short = Pdf::open(ws.path().join("proj/out/booklet.pdf")).text();
    assert!(
        short.contains("Results show…") || short.contains("…"),
        "short abstracts end with an ellipsis"
    );
    ws.edit(
        "proj/conference.toml",
        "abstracts = \"short\"",
        "abstracts = \"none\"",
    );
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    let none = Pdf::open(ws.path().join("proj/out/booklet.pdf")).text();
    assert!(
        !none.contains("We present an approach"),
        "no abstracts printed"
    );
    ws.edit(
        "proj/conference.toml",
        "abstracts = \"none\"",
        "abstracts = \"full\"",
    );
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    let full = Pdf::open(ws.path().join("proj/out/booklet.pdf")).text();
    assert!(
        full.contains(
            "Plain text keeps #hashes, $dollars$, *stars* and <angle brackets> as typed."
        )
    );
}

#[test]
fn unknown_paper() {
    rejects(
        "\n[booklet]\npaper = \"a55\"\n",
        r#"
error: unknown paper `a55`
  ┌─ proj/conference.toml:7:9
  │
7 │ paper = "a55"
  │         ^^^^^
  │
  = hint: did you mean `a5`?
"#,
    );
}

#[test]
fn missing_logo() {
    rejects(
        "\n[booklet]\nlogo = \"images/logo.png\"\n",
        r#"
error: logo file `images/logo.png` not found
  ┌─ proj/conference.toml:7:8
  │
7 │ logo = "images/logo.png"
  │        ^^^^^^^^^^^^^^^^^
  │
  = hint: paths are relative to the folder that holds conference.toml
"#,
    );
}

#[test]
fn broken_logo() {
    let ws = Workspace::minimal();
    ws.edit(
        "proj/conference.toml",
        "end = 2024-05-07\n",
        "end = 2024-05-07\n\n[booklet]\nlogo = \"logo.png\"\n",
    );
    std::fs::write(
        ws.path().join("proj/logo.png"),
        b"\x89PNG\r\n\x1a\nbut not really",
    )
    .unwrap();
    let run = ws.run(&["build", "proj"]).failure();
    assert!(
        run.stderr
            .starts_with("error: logo `logo.png` cannot be used: it is not a readable image"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("proj/conference.toml:7:8"),
        "{}",
        run.stderr
    );
}

#[test]
fn low_resolution_logo_is_a_warning() {
    let ws = Workspace::minimal();
    ws.edit(
        "proj/conference.toml",
        "end = 2024-05-07\n",
        "end = 2024-05-07\n\n[booklet]\nlogo = \"logo.png\"\n",
    );
    let path = ws.path().join("proj/logo.png");
    image_png(&path, 200, 50);
    let run = ws.run(&["build", "proj"]).success();
    assert_eq!(
        run.stderr.trim_end(),
        r#"warning: logo `logo.png` prints at 127 dpi at its width of 40 mm
  ┌─ proj/conference.toml:7:8
  │
7 │ logo = "logo.png"
  │        ^^^^^^^^^^
  │
  = hint: for sharp print use an image at least 473 pixels wide, or an SVG"#
    );
}

/// A plain PNG of the given size, written without any image library: one
/// IDAT of uncompressed (stored) deflate blocks.
fn image_png(path: &Path, width: u32, height: u32) {
    fn crc(data: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc(&body).to_be_bytes());
    }
    let row = 1 + 3 * width as usize;
    let raw: Vec<u8> = (0..height)
        .flat_map(|_| std::iter::once(0).chain(std::iter::repeat_n(90u8, row - 1)))
        .collect();
    let mut z = vec![0x78, 0x01];
    for (i, block) in raw.chunks(65535).enumerate() {
        let last = (i + 1) * 65535 >= raw.len();
        z.push(u8::from(last));
        z.extend((block.len() as u16).to_le_bytes());
        z.extend((!(block.len() as u16)).to_le_bytes());
        z.extend(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    z.extend(((b << 16) | a).to_be_bytes());
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &z);
    chunk(&mut png, b"IEND", &[]);
    std::fs::write(path, png).unwrap();
}

#[test]
fn session_in_a_room_no_day_lists() {
    let ws = Workspace::minimal();
    ws.edit(
        "proj/conference.toml",
        "title = \"First Session\"",
        "title = \"First Session\"\nday = 2024-05-06\nroom = \"Room 3\"",
    );
    ws.edit(
        "proj/conference.toml",
        "end = 2024-05-07\n",
        "end = 2024-05-07\n\n[[day]]\ndate = 2024-05-06\nrooms = [\"Aula\", \"Room 2\"]\n",
    );
    let run = ws.run(&["build", "proj"]).failure();
    assert_eq!(
        run.stderr.trim_end(),
        r#"error: room `Room 3` is not among the rooms of 2024-05-06
   ┌─ proj/conference.toml:15:8
   │
15 │ room = "Room 3"
   │        ^^^^^^^^
   │
   = hint: did you mean `Room 2`?"#
    );
}

#[test]
fn overlapping_contributions_in_one_room_are_a_warning() {
    let ws = Workspace::minimal();
    ws.extend_talk("day = 2024-05-06\nroom = \"Aula\"\nstart = \"10:00\"\nduration = 30\n\n[[contribution]]\nid = \"t2\"\ntitle = \"Second\"\nday = 2024-05-06\nroom = \"Aula\"\nstart = \"10:15\"\nduration = 20");
    let run = ws.run(&["build", "proj"]).success();
    assert_eq!(
        run.stderr.trim_end(),
        r#"warning: contribution `t2` (10:15–10:35) overlaps contribution `t1` (10:00–10:30) in room `Aula`
   ┌─ proj/conference.toml:26:9
   │
26 │ start = "10:15"
   │         ^^^^^^^
   │
   = hint: both are printed; build with `--strict` (or `strict = true`) to refuse conflicts
   = the other one starts at proj/conference.toml:18:9"#
    );
    // Both are in the booklet.
    let text = Pdf::open(ws.path().join("proj/out/booklet.pdf")).text();
    assert!(text.contains("A Talk About Nothing") && text.contains("Second"));

    // --strict refuses it, and what was written stays.
    ws.write("proj/out/booklet.pdf", "the last good PDF");
    let strict = ws.run(&["build", "proj", "--strict"]).failure();
    assert!(
        strict
            .stderr
            .starts_with("error: contribution `t2` (10:15–10:35) overlaps"),
        "{}",
        strict.stderr
    );
    assert_eq!(ws.read("proj/out/booklet.pdf"), b"the last good PDF");
    // So does `strict = true` in the configuration.
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    ws.write("proj/conference.toml", &format!("strict = true\n{config}"));
    ws.run(&["build", "proj"]).failure();
    ws.run(&["check", "proj"]).failure();
}

#[test]
fn a_contribution_inside_a_long_one_is_found_too() {
    let ws = Workspace::minimal();
    ws.extend_talk("day = 2024-05-06\nroom = \"Aula\"\nstart = \"10:00\"\nduration = 120\n\n[[contribution]]\nid = \"t2\"\ntitle = \"Second\"\nday = 2024-05-06\nroom = \"Aula\"\nstart = \"10:15\"\nduration = 20\n\n[[contribution]]\nid = \"t3\"\ntitle = \"Third\"\nday = 2024-05-06\nroom = \"Aula\"\nstart = \"11:00\"\nduration = 20");
    let run = ws.run(&["build", "proj"]).success();
    assert!(
        run.stderr.contains(
            "warning: contribution `t2` (10:15–10:35) overlaps contribution `t1` (10:00–12:00)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "warning: contribution `t3` (11:00–11:20) overlaps contribution `t1` (10:00–12:00)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_speaker_in_two_rooms_at_once_and_a_talk_outside_its_session() {
    let ws = Workspace::minimal();
    ws.edit(
        "proj/conference.toml",
        "title = \"First Session\"",
        "title = \"First Session\"\nday = 2024-05-06\nroom = \"Aula\"\nstart = \"10:00\"\nend = \"11:00\"",
    );
    ws.extend_talk("start = \"10:45\"\nduration = 30\n\n[[contribution]]\nid = \"t2\"\ntitle = \"Elsewhere\"\nauthors = [\"Ada Lovelace\"]\nday = 2024-05-06\nroom = \"Room 2\"\nstart = \"11:00\"\nduration = 20");
    let run = ws.run(&["build", "proj"]).success();
    assert!(
        run.stderr.contains(
            "warning: contribution `t1` (10:45–11:15) lies outside its session `s1` (10:00–11:00)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("warning: Ada Lovelace speaks in two rooms at once: contribution `t2` (11:00–11:20, room `Room 2`) and contribution `t1` (10:45–11:15, room `Aula`)"),
        "{}",
        run.stderr
    );
}

#[test]
fn many_rooms_split_across_pages_and_custom_paper() {
    let ws = synthetic();
    ws.edit(
        "proj/conference.toml",
        "rooms = [\"Aula\", \"Room 2\", \"Room 3\"]",
        "rooms = [\"Aula\", \"Room 2\", \"Room 3\", \"Room 4\", \"Room 5\", \"Room 6\", \"Room 7\"]",
    );
    ws.edit(
        "proj/conference.toml",
        "[booklet]\n",
        "[booklet]\npaper = \"160mm x 230mm\"\n",
    );
    let toml = std::fs::read_to_string(ws.path().join("proj/conference.toml")).unwrap();
    ws.write(
        "proj/conference.toml",
        &format!("{toml}\n[[session]]\nid = \"x7\"\ntitle = \"Seventh Room Session\"\nday = 2031-09-15\nstart = \"10:45\"\nend = \"12:15\"\nroom = \"Room 7\"\n"),
    );
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    let pdf = Pdf::open(ws.path().join("proj/out/booklet.pdf"));
    let pages = pdf.page_texts();
    let first = pages
        .iter()
        .find(|p| p.contains("Programme at a glance (1/2)"))
        .expect("first half");
    let second = pages
        .iter()
        .find(|p| p.contains("Programme at a glance (2/2)"))
        .expect("second half");
    assert!(
        // Five rooms a page on a page this narrow, in a compact style.
        first.contains("Aula") && first.contains("Room 5") && !first.contains("Room 6"),
        "{first}"
    );
    assert!(
        second.contains("Room 6") && second.contains("Seventh Room Session"),
        "{second}"
    );
    // Breaks run across every room, on both halves.
    assert!(first.contains("Lunch · 12:15–13:30") && second.contains("Lunch · 12:15–13:30"));
    let media = media_box(&pdf, 1);
    let mm = |x: f32| x * 72.0 / 25.4;
    assert!(
        (media[2] - mm(160.0)).abs() < 0.05 && (media[3] - mm(230.0)).abs() < 0.05,
        "{media:?}"
    );
}
