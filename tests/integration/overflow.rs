//! Nothing falls off the page: long author lists break across pages or are
//! shortened on purpose, long titles and room names are cut where a layout
//! cannot grow, and what still overflows is reported. Every case reads the
//! word boxes back from the PDFs (`words.rs`), independently of confpress's
//! own check, and asserts that check stays silent.

use crate::common::{Pdf, Workspace, normalize, strict_refuses_booklet};
use crate::words::{layout_problems, pdftotext_available};

const GIVEN: [&str; 20] = [
    "Ada", "Björn", "Chiara", "Dmitri", "Eun-ji", "Farah", "Gustav", "Hanna", "Ivan", "Józef",
    "Kaito", "Lucía", "Mateus", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Søren", "Tomás",
];
// None is a name of the synthetic fixture, nor the start of another.
const FAMILY: [&str; 16] = [
    "Aalto",
    "Brandt",
    "Černý",
    "Drost",
    "Eklöf",
    "Falk",
    "Głowacki",
    "Hrafnsson",
    "Ilves",
    "Juhl",
    "Kask",
    "Laine",
    "Mäkelä",
    "Nygård",
    "Orrù",
    "Pihlaja",
];

/// `n` distinct author names.
fn names(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("{} {}", GIVEN[i % GIVEN.len()], FAMILY[i / GIVEN.len()]))
        .collect()
}

/// The synthetic project with its first keynote ("Quantised Ray Tracers")
/// given `n` authors, and `booklet` added to its `[booklet]` table.
fn keynote_with_authors(n: usize, booklet: &str) -> (Workspace, Vec<String>) {
    let ws = Workspace::synthetic();
    let names = names(n);
    let affiliations = ["utopia", "ias", "lemuria"];
    let entries: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let affiliation = affiliations[i % affiliations.len()];
            format!("  {{ name = \"{name}\", affiliations = [\"{affiliation}\"] }},")
        })
        .collect();
    ws.edit(
        "proj/conference.toml",
        "authors = [\n  { name = \"Hiroshi Szabó\", affiliations = [\"utopia\"] },\n]",
        &format!("authors = [\n{}\n]", entries.join("\n")),
    );
    ws.edit(
        "proj/conference.toml",
        "short-words = 30\n",
        &format!("short-words = 30\n{booklet}\n"),
    );
    (ws, names)
}

/// Builds `proj`, expecting success and no layout warning.
#[track_caller]
fn builds_cleanly(ws: &Workspace) {
    let run = ws.run(&["build", "proj"]).success();
    for words in ["runs off", "prints over"] {
        assert!(!run.stderr.contains(words), "{}", run.stderr);
    }
}

/// Text with line-end hyphens joined, whitespace normalised.
fn text_of(pdf: &Pdf) -> String {
    normalize(&pdf.text().replace("-\n", ""))
}

/// Whether `text` holds `name`, whatever line breaks did to the space
/// between its parts and wherever text extraction put affiliation marks.
fn holds(text: &str, name: &str) -> bool {
    let squeeze = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace() && !c.is_ascii_digit())
            .collect::<String>()
    };
    squeeze(text).contains(&squeeze(name))
}

#[track_caller]
fn no_layout_problems(ws: &Workspace, pdf: &str) {
    if !pdftotext_available() {
        return;
    }
    let problems = layout_problems(&ws.read(pdf));
    assert!(
        problems.is_empty(),
        "{pdf}: {} problems, such as {:?}",
        problems.len(),
        &problems[..problems.len().min(5)]
    );
}

#[test]
fn a_300_author_keynote_shows_12_and_the_others_in_the_booklet() {
    let (ws, names) = keynote_with_authors(300, "");
    builds_cleanly(&ws);
    no_layout_problems(&ws, "proj/out/booklet.pdf");
    let booklet = Pdf::open(ws.path().join("proj/out/booklet.pdf"));
    let page = booklet
        .page_texts()
        .into_iter()
        .map(|p| normalize(&p))
        .find(|p| p.contains("Quantised Ray Tracers") && !p.contains("Programme at a glance"))
        .expect("the keynote's page");
    // The session's header is on the keynote's page, not stranded before it.
    assert!(page.contains("Opening Keynote"), "{page}");
    for name in &names[..12] {
        assert!(page.contains(name.as_str()), "{name} missing: {page}");
    }
    assert!(page.contains("and 288 others"), "{page}");
    assert!(!text_of(&booklet).contains(names[12].as_str()));
}

#[test]
fn a_300_author_keynote_with_every_author_breaks_across_booklet_pages() {
    let (ws, names) = keynote_with_authors(300, "max-authors = 0");
    builds_cleanly(&ws);
    no_layout_problems(&ws, "proj/out/booklet.pdf");
    let text = text_of(&Pdf::open(ws.path().join("proj/out/booklet.pdf")));
    for name in &names {
        assert!(holds(&text, name), "{name} missing from the booklet");
    }
}

#[test]
fn the_proceedings_keep_all_300_authors_across_pages() {
    let (ws, names) = keynote_with_authors(300, "");
    builds_cleanly(&ws);
    no_layout_problems(&ws, "proj/out/proceedings.pdf");
    let proceedings = Pdf::open(ws.path().join("proj/out/proceedings.pdf"));
    let pages: Vec<String> = proceedings
        .page_texts()
        .iter()
        .map(|p| normalize(p))
        .collect();
    let text = text_of(&proceedings);
    for name in &names {
        assert!(holds(&text, name), "{name} missing from the proceedings");
    }
    // The entry spans pages; its contents line is shortened.
    let entry_pages = pages
        .iter()
        .filter(|p| holds(p, "Quantised Ray Tracers") || holds(p, &names[150]))
        .count();
    assert!(
        entry_pages >= 3,
        "the entry and its contents line span {entry_pages} pages"
    );
    let contents = pages
        .iter()
        .find(|p| p.contains("Contents") && p.contains("Quantised Ray Tracers"))
        .expect("the contents page with the keynote");
    assert!(contents.contains("and 288 others"), "{contents}");
    // Keywords follow the last author, not printed over them.
    let last = pages
        .iter()
        .find(|p| holds(p, &names[299]))
        .expect("the page with the last author");
    assert!(last.contains("KEYWORDS"), "{last}");
}

#[test]
fn a_collaboration_is_printed_before_its_authors() {
    let (ws, names) = keynote_with_authors(40, "");
    ws.edit(
        "proj/conference.toml",
        "title = \"Quantised Ray Tracers\"",
        "title = \"Quantised Ray Tracers\"\ncollaboration = \"RAY Collaboration\"",
    );
    builds_cleanly(&ws);
    for pdf in ["booklet", "proceedings"] {
        let text = text_of(&Pdf::open(ws.path().join(format!("proj/out/{pdf}.pdf"))));
        // In the entry (the glance cell names speakers too): the title, the
        // collaboration, then the first author.
        let collaboration = text.find("RAY Collaboration").expect(pdf);
        let title = text[..collaboration]
            .rfind("Quantised Ray Tracers")
            .expect(pdf);
        assert!(
            !text[title..collaboration].contains(names[0].as_str()),
            "{pdf}: {text}"
        );
        assert!(
            text[collaboration..].contains(names[0].as_str()),
            "{pdf}: {text}"
        );
    }
}

#[test]
fn long_titles_and_room_names_stay_on_the_page() {
    let ws = Workspace::synthetic();
    let long_title = "A Study of Extraordinarily Long Titles ".repeat(8);
    let long_title = long_title.trim();
    assert!(long_title.len() >= 300);
    // A talk's title, and a session's (the glance's cells and the
    // proceedings' running heads show session titles).
    ws.edit(
        "proj/conference.toml",
        "title = \"Quantised Ray Tracers\"",
        &format!("title = \"{long_title}\""),
    );
    ws.edit(
        "proj/conference.toml",
        "title = \"Opening Keynote\"",
        &format!("title = \"{long_title}\""),
    );
    // The session runs over pages, so its title becomes a running head.
    ws.write(
        "proj/abstracts/d1-keynote-talk.md",
        &"A long abstract that fills pages. ".repeat(700),
    );
    builds_cleanly(&ws);
    no_layout_problems(&ws, "proj/out/booklet.pdf");
    no_layout_problems(&ws, "proj/out/proceedings.pdf");
    let proceedings = Pdf::open(ws.path().join("proj/out/proceedings.pdf"));
    assert!(
        text_of(&proceedings).contains(long_title),
        "the title is printed whole"
    );
    // The running head is one line, cut with an ellipsis.
    let heads: Vec<String> = proceedings
        .page_texts()
        .iter()
        .map(|p| normalize(p))
        .filter(|p| p.starts_with("SIS 2031 A Study of"))
        .collect();
    assert!(
        !heads.is_empty(),
        "no page with the session as running head"
    );
    for head in &heads {
        let first: String = head.chars().take(120).collect();
        assert!(first.contains('…'), "{first}");
    }
}

/// One day with five sessions side by side, three of them in rooms with
/// 60-character names: words, a long compound, and one no hyphenation
/// pattern can split.
const FIVE_ROOMS: &str = r#"[conference]
title = "Five Rooms"
start = 2024-05-06

[[day]]
date = 2024-05-06
rooms = ["Großer Hörsaal der Fakultät für Maschinenwesen, Gebäude 5 Ost", "B", "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", "D", "Hörsaalzentrumsüderweiterungsbauabschnittsverwaltungsgebäude"]
"#;

#[test]
fn a_60_character_room_name_in_a_five_room_grid_stays_in_its_column() {
    let ws = Workspace::new();
    let mut config = FIVE_ROOMS.to_owned();
    let rooms = [
        "Großer Hörsaal der Fakultät für Maschinenwesen, Gebäude 5 Ost",
        "B",
        "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
        "D",
        "Hörsaalzentrumsüderweiterungsbauabschnittsverwaltungsgebäude",
    ];
    for (i, room) in rooms.iter().enumerate() {
        config.push_str(&format!(
            "\n[[session]]\nid = \"s{i}\"\ntitle = \"Session in room {i}\"\nday = 2024-05-06\n\
             start = \"09:00\"\nend = \"10:30\"\nroom = \"{room}\"\n\n[[contribution]]\n\
             id = \"t{i}\"\nsession = \"s{i}\"\ntitle = \"Talk {i}\"\nauthors = [\"Ada Lovelace\"]\n"
        ));
    }
    ws.write("proj/conference.toml", &config);
    builds_cleanly(&ws);
    no_layout_problems(&ws, "proj/out/booklet.pdf");
    no_layout_problems(&ws, "proj/out/proceedings.pdf");
}

#[test]
fn a_3000_word_abstract_printed_in_full_breaks_across_pages() {
    let ws = Workspace::synthetic();
    let sentence = "The method trades a little generality for a great deal of speed, \
                    and its evaluation covers twelve benchmarks. ";
    let words = sentence.split_whitespace().count();
    let long = sentence.repeat(3000 / words + 1);
    ws.write(
        "proj/abstracts/d1-keynote-talk.md",
        &format!("{long}\n\nTHE-END-OF-THE-ABSTRACT.\n"),
    );
    ws.edit(
        "proj/conference.toml",
        "abstracts = \"short\"",
        "abstracts = \"full\"",
    );
    builds_cleanly(&ws);
    no_layout_problems(&ws, "proj/out/booklet.pdf");
    let booklet = text_of(&Pdf::open(ws.path().join("proj/out/booklet.pdf")));
    assert!(booklet.contains("THE-END-OF-THE-ABSTRACT."));
}

/// A project template that lays a contribution out as a block taller than
/// the page: the check names the contribution at its entry.
const OVERFLOWING_TEMPLATE: &str = r#"#import "lib.typ": *
#set page(width: 100mm, height: 80mm, margin: 10mm)
#for c in data.contributions {
  contribution-anchor(c)
  block(breakable: false)[#c.title #v(120mm) Fell off the page]
}
"#;

#[test]
fn content_a_project_template_pushes_off_the_page_is_reported() {
    let ws = Workspace::minimal();
    ws.write("proj/templates/booklet.typ", OVERFLOWING_TEMPLATE);
    let run = ws.run(&["build", "proj", "--only", "booklet"]).success();
    assert!(
        run.stderr.starts_with(
            "warning: “Fell off the page” runs off page 1 of the booklet (contribution `t1`)\n   \
             ┌─ proj/conference.toml:12:6\n"
        ),
        "{}",
        run.stderr
    );
    // --strict: an error, and what was written before stays.
    strict_refuses_booklet(&ws, "error: “Fell off the page” runs off page 1");
    ws.run(&["check", "proj", "--strict"]).failure();
}

#[test]
fn a_long_conference_title_and_many_sponsors_keep_their_covers() {
    let ws = Workspace::synthetic();
    let title = "The International Symposium on Very Long Conference Titles and Their \
                 Consequences for Printed Programmes, Held Jointly with Its Many Satellite Workshops";
    ws.edit(
        "proj/conference.toml",
        "title = \"Symposium on Imaginary Systems 2031\"",
        &format!("title = \"{title}\""),
    );
    let sponsors: String = (0..40)
        .map(|i| {
            let logo = if i % 2 == 0 { "hardware" } else { "fund" };
            format!("\n[[sponsor]]\nname = \"Sponsor {i}\"\nlogo = \"images/sponsor-{logo}.svg\"\n")
        })
        .collect();
    ws.append("proj/conference.toml", &sponsors);
    builds_cleanly(&ws);
    no_layout_problems(&ws, "proj/out/booklet.pdf");
    let booklet = Pdf::open(ws.path().join("proj/out/booklet.pdf"));
    let pages: Vec<String> = booklet.page_texts().iter().map(|p| normalize(p)).collect();
    // Saddle stitching: a multiple of four, the sponsors on the last page only.
    assert_eq!(pages.len() % 4, 0, "{} pages", pages.len());
    let with_sponsors: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.contains("WITH THE SUPPORT OF"))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(with_sponsors, [pages.len()], "the back cover is one page");
    // The cover shows the whole title, smaller.
    assert!(holds(&pages[0], title), "{}", pages[0]);
}
