//! The publication chair's toolkit: preflight of camera-ready papers, DOIs,
//! the Crossref deposit (validated against the official 5.3.1 schema with
//! xmllint, skipped with a message when it is absent), and one page range per
//! contribution everywhere it is printed or exported.

use std::path::PathBuf;
use std::process::Command;

use lopdf::dictionary;
use lopdf::{Document, Object, Stream};

use crate::common::{Pdf, Workspace, content_dir, copy_dir};

/// A camera-ready paper made with Typst (through confpress: a project whose
/// booklet template is `source`), written to `proj/papers/NAME.pdf`.
fn typst_paper(ws: &Workspace, name: &str, source: &str) {
    let dir = format!("make-{name}");
    ws.write(
        &format!("{dir}/conference.toml"),
        "[conference]\ntitle = \"Paper\"\nstart = 2031-01-01\n",
    );
    ws.write(&format!("{dir}/templates/booklet.typ"), source);
    ws.run(&["build", &dir, "--only", "booklet", "--ignore-system-fonts"])
        .success();
    let bytes = ws.read(&format!("{dir}/out/booklet.pdf"));
    std::fs::create_dir_all(ws.path().join("proj/papers")).unwrap();
    std::fs::write(ws.path().join(format!("proj/papers/{name}.pdf")), bytes).unwrap();
}

/// A paper's Typst source: `paper` size, the title and author on page 1,
/// `pages` pages, and `extra` markup on page 1.
fn source(paper: &str, title: &str, pages: usize, extra: &str) -> String {
    format!(
        "#set page(paper: \"{paper}\", margin: 25mm)\n= {title}\nAda Lovelace\n\n{extra}\n#lorem(80)\n#for i in range(1, {pages}) [#pagebreak() #lorem(50)]\n"
    )
}

/// A one-page PDF written by hand whose font, Helvetica, is not embedded.
fn unembedded_font_paper() -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
    });
    let content =
        b"BT /F1 18 Tf 72 700 Td (Things Without Fonts) Tj 0 -30 Td (Ada Lovelace) Tj ET".to_vec();
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A project with one contribution per `(id, title, paper)`, all by Ada
/// Lovelace, and `extra` TOML after the conference table.
fn project(ws: &Workspace, extra: &str, papers: &[(&str, &str, &str)]) {
    let mut toml = format!(
        "[conference]\ntitle = \"Workshop on Small Things\"\nshort-title = \"Small Things\"\nstart = 2024-05-06\n\n{extra}\n\n[[session]]\nid = \"s1\"\ntitle = \"Papers\"\n"
    );
    for (id, title, paper) in papers {
        toml.push_str(&format!(
            "\n[[contribution]]\nid = \"{id}\"\nsession = \"s1\"\ntitle = \"{title}\"\nauthors = [\"Ada Lovelace\"]\npaper = \"papers/{paper}.pdf\"\n"
        ));
    }
    ws.write("proj/conference.toml", &toml);
}

#[test]
fn preflight_warns_about_letter_pages_the_stamp_band_and_a_wrong_title() {
    let ws = Workspace::new();
    typst_paper(
        &ws,
        "letter",
        &source("us-letter", "Letter Sized Things", 1, ""),
    );
    typst_paper(
        &ws,
        "band",
        &source(
            "a4",
            "Things at the Foot",
            1,
            "#place(bottom + left, dy: 12mm)[Page 1 of 1]",
        ),
    );
    typst_paper(&ws, "wrong", &source("a4", "An Older Title", 1, ""));
    typst_paper(&ws, "fine", &source("a4", "Fine Things", 1, ""));
    project(
        &ws,
        "",
        &[
            ("t1", "Letter Sized Things", "letter"),
            ("t2", "Things at the Foot", "band"),
            ("t3", "A Newer Title", "wrong"),
            ("t4", "Fine Things", "fine"),
        ],
    );
    let run = ws
        .run(&["build", "proj", "--ignore-system-fonts"])
        .success();
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: paper `papers/letter.pdf`: its pages are US Letter, 216 × 279 mm, not A4 like the volume",
            "warning: paper `papers/band.pdf`, page 1: text lies where confpress stamps its footer (6–24 mm above the bottom edge); the stamp would print over it",
            "warning: paper `papers/wrong.pdf`, page 1: the first page does not show the title “A Newer Title”",
        ],
        "{}",
        run.stderr
    );
    // Each at the paper's entry, with a hint.
    assert!(
        run.stderr.contains("┌─ proj/conference.toml:17:9"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("= hint: ask for an A4 export"),
        "{}",
        run.stderr
    );
    // --strict refuses them, and writes nothing new.
    let before = ws.read("proj/out/proceedings.pdf");
    let run = ws
        .run(&["build", "proj", "--strict", "--ignore-system-fonts"])
        .failure();
    assert!(
        run.stderr
            .starts_with("error: paper `papers/letter.pdf`: its pages are US Letter"),
        "{}",
        run.stderr
    );
    assert_eq!(ws.read("proj/out/proceedings.pdf"), before);
}

#[test]
fn preflight_errors_stop_the_build_and_check_reports_them_as_json() {
    let ws = Workspace::new();
    typst_paper(&ws, "long", &source("a4", "Long Things", 3, ""));
    std::fs::write(
        ws.path().join("proj/papers/nofont.pdf"),
        unembedded_font_paper(),
    )
    .unwrap();
    project(
        &ws,
        "[proceedings.page-limits]\ntalk = 2",
        &[
            ("t1", "Long Things", "long"),
            ("t2", "Things Without Fonts", "nofont"),
        ],
    );
    let run = ws
        .run(&["build", "proj", "--ignore-system-fonts"])
        .failure();
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(
        errors,
        [
            "error: paper `papers/long.pdf`: 3 pages, over the limit for talks of 2",
            "error: paper `papers/nofont.pdf`, page 1: font `Helvetica` is not embedded",
        ],
        "{}",
        run.stderr
    );
    assert!(!ws.path().join("proj/out").exists());

    let run = ws
        .run(&["check", "proj", "--format", "json", "--ignore-system-fonts"])
        .failure();
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect(&run.stdout);
    assert_eq!(json["ok"], false);
    let findings = json["findings"].as_array().unwrap();
    let limit = findings
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains("over the limit"))
        .expect("the page limit");
    assert_eq!(limit["severity"], "error");
    assert_eq!(limit["place"]["file"], "proj/conference.toml");
    assert_eq!(limit["place"]["line"], 18);
    assert_eq!(limit["place"]["column"], 9);
    assert!(
        findings.iter().any(|f| f["message"]
            == "paper `papers/nofont.pdf`, page 1: font `Helvetica` is not embedded"),
        "{json}"
    );
    // A per-contribution limit wins over the kind's.
    ws.edit(
        "proj/conference.toml",
        "paper = \"papers/long.pdf\"",
        "paper = \"papers/long.pdf\"\npage-limit = 3",
    );
    let run = ws
        .run(&["check", "proj", "--ignore-system-fonts"])
        .failure();
    assert!(!run.stderr.contains("over the limit"), "{}", run.stderr);
}

/// `xmllint` validating `xml` against the vendored Crossref 5.3.1 schema;
/// `None` (said) when xmllint is not installed.
fn crossref_valid(xml: &std::path::Path) -> Option<(bool, String)> {
    if Command::new("xmllint").arg("--version").output().is_err() {
        eprintln!("skipped: schema validation needs xmllint (Debian package libxml2-utils)");
        return None;
    }
    let schema =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/crossref/schema-5.3.1");
    let out = Command::new("xmllint")
        .env("XML_CATALOG_FILES", schema.join("catalog.xml"))
        .args(["--nonet", "--noout", "--schema"])
        .arg(schema.join("crossref5.3.1.xsd"))
        .arg(xml)
        .output()
        .unwrap();
    Some((
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

const DEPOSIT: &str = "publisher = \"Enzyme Conference Organisers\"\ndoi-prefix = \"10.5555\"\nurl-pattern = \"https://enzyme.mit.edu/conference/2023/{id}\"\ndepositor = \"Enzyme Conference Organisers\"\ndepositor-email = \"organisers@example.org\"\n";

#[test]
fn enzyme_with_a_doi_prefix_deposits_a_valid_crossref_file() {
    let ws = Workspace::new();
    copy_dir(&content_dir(), &ws.path().join("proj"));
    // Into the example's own [proceedings] table.
    ws.edit(
        "proj/conference.toml",
        "[proceedings]\n",
        &format!("[proceedings]\n{DEPOSIT}"),
    );
    ws.run(&["build", "proj", "--crossref", "--split"])
        .success();
    let xml = ws.path().join("proj/out/crossref.xml");
    let text = std::fs::read_to_string(&xml).unwrap();
    assert!(
        text.contains("<doi>10.5555/enzyme-conference-2023.tapenade</doi>"),
        "{text}"
    );
    assert!(
        text.contains("<resource>https://enzyme.mit.edu/conference/2023/tapenade</resource>"),
        "{text}"
    );
    assert!(text.contains("<surname>Hascoet</surname>"), "{text}");
    if let Some((valid, messages)) = crossref_valid(&xml) {
        assert!(valid, "{messages}");
    }
    // In the volume's text (contents and each contribution), and in the
    // split PDF's XMP.
    let volume = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    assert_eq!(
        volume
            .matches("doi:10.5555/enzyme-conference-2023.tapenade")
            .count(),
        2,
        "{volume}"
    );
    let split = String::from_utf8_lossy(&ws.read("proj/out/split/tapenade.pdf")).into_owned();
    assert!(split.contains("<prism:doi>10.5555/enzyme-conference-2023.tapenade</prism:doi>"));
    assert!(
        split
            .contains("<dc:identifier>doi:10.5555/enzyme-conference-2023.tapenade</dc:identifier>")
    );
    let json: serde_json::Value =
        serde_json::from_slice(&ws.read("proj/out/proceedings.json")).unwrap();
    assert_eq!(
        json["contributions"][0]["doi"],
        "10.5555/enzyme-conference-2023.pdsr-enzyme"
    );
    let bib = String::from_utf8(ws.read("proj/out/proceedings.bib")).unwrap();
    assert!(
        bib.contains("doi       = {10.5555/enzyme-conference-2023.tapenade}"),
        "{bib}"
    );
}

#[test]
fn a_deposit_without_its_keys_names_each_one() {
    let ws = Workspace::new();
    copy_dir(&content_dir(), &ws.path().join("proj"));
    ws.edit(
        "proj/conference.toml",
        "[proceedings]\n",
        "[proceedings]\ndoi-prefix = \"10.5555\"\n",
    );
    let run = ws.run(&["build", "proj", "--crossref"]).failure();
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(
        errors,
        [
            "error: the Crossref deposit needs `publisher` in [proceedings]",
            "error: the Crossref deposit needs `depositor` in [proceedings]",
            "error: the Crossref deposit needs `url-pattern` in [proceedings]",
        ],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("proj/conference.toml:"),
        "{}",
        run.stderr
    );
    // A DOI that is not one, and the same DOI twice.
    let ws = Workspace::minimal();
    ws.extend_talk("doi = \"10.12/x\"");
    let run = ws.run(&["build", "proj"]).failure();
    assert!(
        run.stderr.starts_with("error: `10.12/x` is not a DOI"),
        "{}",
        run.stderr
    );
    let ws = Workspace::minimal();
    ws.edit(
        "proj/conference.toml",
        "end = 2024-05-07\n",
        "end = 2024-05-07\n\n[proceedings]\ndoi-prefix = \"10.5555\"\n",
    );
    ws.extend_talk("doi = \"10.5555/test-workshop-on-small-things.t2\"");
    ws.append(
        "proj/conference.toml",
        "\n[[contribution]]\nid = \"t2\"\nsession = \"s1\"\ntitle = \"Another\"\nauthors = [\"Ada Lovelace\"]\n",
    );
    let run = ws.run(&["build", "proj"]).failure();
    assert!(
        run.stderr.starts_with(
            "error: the DOI `10.5555/test-workshop-on-small-things.t2` is given twice"
        ),
        "{}",
        run.stderr
    );
}

/// One page range per contribution: the stamp on a paper's pages, the
/// contents, the split PDF's page labels, proceedings.json, proceedings.bib
/// and crossref.xml all agree, for abstracts and multi-page papers alike.
#[test]
fn page_ranges_agree_everywhere() {
    let ws = Workspace::synthetic();
    crate::proceedings::with_papers(&ws);
    ws.edit("proj/conference.toml", "[proceedings]\n", "[proceedings]\ndoi-prefix = \"10.5555\"\nurl-pattern = \"https://example.org/{id}\"\ndepositor = \"Chair\"\ndepositor-email = \"chair@example.org\"\n");
    ws.run(&[
        "build",
        "proj",
        "--only",
        "proceedings",
        "--split",
        "--crossref",
    ])
    .success();
    let xml_path = ws.path().join("proj/out/crossref.xml");
    if let Some((valid, messages)) = crossref_valid(&xml_path) {
        assert!(valid, "{messages}");
    }
    let xml = std::fs::read_to_string(&xml_path).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&ws.read("proj/out/proceedings.json")).unwrap();
    let bib = String::from_utf8(ws.read("proj/out/proceedings.bib")).unwrap();
    let volume = Pdf::open(ws.path().join("proj/out/proceedings.pdf"));
    let texts = volume.page_texts();
    // The contents are in the front matter, numbered in roman numerals.
    let labels = volume.page_labels();
    let contents: String = texts
        .iter()
        .zip(&labels)
        .filter(|(_, label)| label.chars().all(|c| "ivxlc".contains(c)))
        .map(|(text, _)| text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let entries = json["contributions"].as_array().unwrap();
    for id in ["d1-s1-2-2", "d2-s1-3-1", "d1-keynote-talk"] {
        let entry = entries.iter().find(|e| e["id"] == id).unwrap();
        let (first, last) = (
            entry["first-page"].as_str().unwrap(),
            entry["last-page"].as_str().unwrap(),
        );
        let range = if first == last {
            first.to_owned()
        } else {
            format!("{first}–{last}")
        };
        // BibTeX.
        let bib_range = if first == last {
            first.to_owned()
        } else {
            format!("{first}--{last}")
        };
        let record = bib
            .split("@inproceedings")
            .find(|r| r.starts_with(&format!("{{{id},")))
            .unwrap();
        assert!(
            record.contains(&format!("pages     = {{{bib_range}}}")),
            "{record}"
        );
        // Crossref.
        let paper = xml
            .split("<conference_paper")
            .find(|p| p.contains(&format!("/{id}</resource>")))
            .unwrap();
        assert!(
            paper.contains(&format!("<first_page>{first}</first_page>")),
            "{paper}"
        );
        if first != last {
            assert!(
                paper.contains(&format!("<last_page>{last}</last_page>")),
                "{paper}"
            );
        }
        // The split PDF's page labels.
        let split = Pdf::open(ws.path().join(format!("proj/out/split/{id}.pdf")));
        let labels = split.page_labels();
        assert_eq!(labels.first().map(String::as_str), Some(first), "{id}");
        assert_eq!(labels.last().map(String::as_str), Some(last), "{id}");
        // The contents, and the stamp on every page of a paper.
        let c = json["contributions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .unwrap();
        let title = c["title"].as_str().unwrap();
        assert!(contents.contains(title), "{title} in the contents");
        if first != last {
            assert!(
                contents.contains(&range),
                "{range} in the contents: {contents}"
            );
            let stamp = format!("pages {range}");
            let [from, to] = [
                c["pdf-pages"][0].as_u64().unwrap() as usize,
                c["pdf-pages"][1].as_u64().unwrap() as usize,
            ];
            for page in from..=to {
                assert!(
                    texts[page - 1].contains(&stamp),
                    "page {page}: {}",
                    texts[page - 1]
                );
            }
        }
    }
}
