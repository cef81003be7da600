//! The proceedings volume: front matter, numbering, outline, affiliations,
//! references, standards, and the mistakes a publication chair can make.

use crate::common::{Pdf, Workspace};

/// Text without any whitespace: for comparisons where extraction splits runs
/// around superscripts or inside a wrapped address.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A copy of the synthetic project in `proj`, built; returns the workspace
/// and the proceedings.
fn synthetic(edit: impl FnOnce(&Workspace)) -> (Workspace, Pdf) {
    let ws = Workspace::synthetic();
    edit(&ws);
    ws.run(&["build", "proj", "--only", "proceedings"])
        .success();
    let pdf = Pdf::open(ws.path().join("proj/out/proceedings.pdf"));
    (ws, pdf)
}

#[test]
fn outline_runs_from_front_matter_through_sessions_to_indices() {
    let (_ws, pdf) = synthetic(|_| {});
    let outline = pdf.outline();
    let top: Vec<&str> = outline
        .iter()
        .filter(|(d, _)| *d == 1)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        &top[..4],
        ["Preface", "Committees", "Contents", "Opening Keynote"]
    );
    assert_eq!(
        &top[top.len() - 3..],
        [
            "Closing Panel: What We Did Not Imagine",
            "Author index",
            "Keyword index"
        ]
    );
    // Every contribution is a bookmark, under its session.
    let second: Vec<&(usize, String)> = outline.iter().filter(|(d, _)| *d == 2).collect();
    assert_eq!(
        second.len() + 1,
        69,
        "68 contributions in sessions, the panel on its own"
    );
    let keynote = outline
        .iter()
        .position(|(_, t)| t == "Opening Keynote")
        .unwrap();
    assert_eq!(
        outline[keynote + 1],
        (2, "Quantised Ray Tracers".to_owned())
    );
}

#[test]
fn page_labels_are_roman_then_arabic_from_one() {
    let (_ws, pdf) = synthetic(|_| {});
    let labels = pdf.page_labels();
    let first_main = labels
        .iter()
        .position(|l| l == "1")
        .expect("an arabic page 1");
    assert_eq!(&labels[..4], ["i", "ii", "iii", "iv"]);
    assert!(
        labels[..first_main]
            .iter()
            .all(|l| l.chars().all(|c| "ivxlc".contains(c))),
        "{labels:?}"
    );
    for (i, label) in labels[first_main..].iter().enumerate() {
        assert_eq!(label, &(i + 1).to_string());
    }
    // The contents page, its printed number and its label agree.
    let pages = pdf.page_texts();
    let contents = pages
        .iter()
        .position(|p| p.starts_with("Contents"))
        .unwrap();
    assert!(
        pages[contents].ends_with(&format!(" {}", labels[contents])),
        "{}",
        pages[contents]
    );
    assert!(
        pages[first_main].starts_with("SESSION 1 Opening Keynote"),
        "{}",
        pages[first_main]
    );
}

#[test]
fn front_matter_carries_the_imprint_and_committees() {
    let (_ws, pdf) = synthetic(|_| {});
    let pages = pdf.page_texts();
    let imprint = &pages[3];
    for expected in [
        "Published by Imaginary Press, Utopia City",
        "ISBN 978-3-16-148410-0",
        "DOI 10.5555/sis.2031",
        "© 2031 the authors",
        "This volume is published under the licence Creative Commons Attribution 4.0 International (CC BY 4.0): https://creativecommons.org/licenses/by/4.0/",
    ] {
        assert!(
            squash(imprint).contains(&squash(expected)),
            "{expected:?} not in {imprint}"
        );
    }
    assert!(
        pages[4].starts_with("Preface This volume collects"),
        "{}",
        pages[4]
    );
    assert!(
        pages[5].starts_with("Committees Programme committee"),
        "{}",
        pages[5]
    );
    assert!(
        pages[5].contains("Friends of Elsewhere"),
        "sponsors in the front matter"
    );
    let info = pdf.info();
    assert_eq!(
        info["Title"],
        "Symposium on Imaginary Systems 2031 – Proceedings"
    );
    assert_eq!(info["Author"], "Ada Abernathy, Wen Nakamura");
    assert_eq!(info["CreationDate"], "D:20310901000000Z");
}

#[test]
fn affiliations_are_numbered_per_contribution_by_first_appearance() {
    let (_ws, pdf) = synthetic(|_| {});
    let text = pdf.text();
    // Checked by hand against conference.toml: lemuria, hypo, then ias, utopia.
    let entry = "Verified Mesh Generators from First Principles \
        What a proof assistant says about triangles Chloé Rossi1,2, Ursula de Bastion3,4 \
        1Lemuria Polytechnic, Lemuria 2Hypothetical Computing Centre, Erewhon \
        3Institute for Imaginary Systems, Atlantis 4Fictional University of Utopia, Utopia City, Nowhere \
        KEYWORDS meshes, verification";
    assert!(squash(&text).contains(&squash(entry)), "not found: {entry}");
}

#[test]
fn shared_affiliations_get_one_number() {
    let ws = Workspace::minimal();
    ws.edit(
        "proj/conference.toml",
        "authors = [\"Ada Lovelace\"]",
        "authors = [{ name = \"Ada Lovelace\", affiliations = [\"x\", \"y\"] }, { name = \"Bo Li\", affiliations = [\"y\"] }, { name = \"Cy Twombly\", affiliations = [\"z\"] }]",
    );
    let toml = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    ws.write(
        "proj/conference.toml",
        &format!("{toml}\n[[affiliation]]\nid = \"z\"\nname = \"Zeta Lab\"\n\n[[affiliation]]\nid = \"y\"\nname = \"Ypsilon Institute\"\n\n[[affiliation]]\nid = \"x\"\nname = \"Xi College\"\n"),
    );
    ws.run(&["build", "proj", "--only", "proceedings"])
        .success();
    let text = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    let expected = "Ada Lovelace1,2, Bo Li2, Cy Twombly3 1Xi College 2Ypsilon Institute 3Zeta Lab";
    assert!(squash(&text).contains(&squash(expected)), "{text}");
}

#[test]
fn references_come_from_the_bibtex_file() {
    let (_ws, pdf) = synthetic(|_| {});
    let text = pdf.text();
    assert!(
        text.contains(
            "References [1] A. Abernathy and W. Nakamura, “Imaginary Systems: A Survey,”"
        ),
        "{text}"
    );
    assert!(
        text.contains("D. Zürcher, “Quantised Ray Tracers Revisited,”"),
        "{text}"
    );
}

#[test]
fn keyword_index_lists_keywords_with_pages() {
    let (_ws, pdf) = synthetic(|_| {});
    let pages = pdf.page_texts();
    let index = pages
        .iter()
        .find(|p| p.starts_with("Keyword index"))
        .expect("a keyword index");
    let order = [
        "meshes",
        "quantisation",
        "query planning",
        "ray tracing",
        "sound synthesis",
        "verification",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|k| index.find(k).unwrap_or_else(|| panic!("{k}")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{index}");
    // "quantisation" is on the keynote (page 1) and a talk on page 2.
    let entry = &index[index.find("quantisation").unwrap()..index.find("query planning").unwrap()];
    assert!(entry.replace(' ', "").ends_with("1,2"), "{entry}");
}

#[test]
fn order_by_title_lists_contributions_alphabetically() {
    let (_ws, pdf) = synthetic(|ws| {
        ws.edit(
            "proj/conference.toml",
            "keyword-index = true",
            "keyword-index = true\norder = \"title\"",
        );
    });
    let outline = pdf.outline();
    let titles: Vec<String> = outline
        .iter()
        .filter(|(d, t)| {
            *d == 1
                && ![
                    "Preface",
                    "Committees",
                    "Contents",
                    "Author index",
                    "Keyword index",
                ]
                .contains(&t.as_str())
        })
        .map(|(_, t)| t.clone())
        .collect();
    assert_eq!(titles.len(), 69);
    let mut sorted = titles.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(titles, sorted);
}

#[test]
fn pdf_a_2b_is_declared_in_the_xmp_metadata() {
    let (_ws, pdf) = synthetic(|ws| {
        ws.edit(
            "proj/conference.toml",
            "keyword-index = true",
            "keyword-index = true\npdf-standard = \"a-2b\"",
        );
    });
    let xmp = pdf.xmp();
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{xmp}");
    assert!(
        xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "{xmp}"
    );
}

/// A PDF/A volume built in parts is exported part by part, each part
/// checked by Typst's exporter, and joined: the volume still claims PDF/A-2b,
/// with one output intent, and reads as the volume exported whole.
#[test]
fn a_pdf_a_volume_built_in_parts_keeps_its_standard() {
    let parts = volume_in_parts_with_standard("a-2b", |_| {});
    let xmp = parts.xmp();
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{xmp}");
    assert!(
        xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "{xmp}"
    );
    let intents = parts
        .doc
        .catalog()
        .and_then(|c| c.get(b"OutputIntents"))
        .map(|o| parts.resolve(o).as_array().map(Vec::len).unwrap_or(0));
    assert_eq!(intents.ok(), Some(1));
}

/// PDF/UA-1 (with PDF/A-2b) in parts: the contents and indices link into
/// the body through URI marks that the join turns into links, and the
/// exporter checks each part against the standards with those marks in it.
/// The joined volume, with its formulas and camera-ready papers, claims
/// PDF/UA-1, reads as the volume exported whole, and veraPDF passes it.
#[test]
fn a_pdf_ua_volume_built_in_parts_keeps_its_standard() {
    let ws = Workspace::synthetic();
    ws.edit(
        "proj/conference.toml",
        "keyword-index = true",
        "keyword-index = true\npdf-standard = [\"a-2b\", \"ua-1\"]",
    );
    with_papers(&ws);
    let parts = whole_and_in_parts(&ws, "8", &[], "ua-1").1;
    assert!(parts.internal_links().len() > 100);
    let xmp = parts.xmp();
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    assert!(parts.is_tagged());
    let pdfs = [ws.path().join("parts/proceedings.pdf")];
    crate::common::conform_to_both(&pdfs, "the volume in parts is");
}

/// The synthetic volume with `pdf-standard = standard` (after `prepare`),
/// built whole and in parts of 8: checks that the two read the same and
/// returns the one built in parts.
fn volume_in_parts_with_standard(standard: &str, prepare: impl Fn(&Workspace)) -> Pdf {
    let ws = Workspace::synthetic();
    ws.edit(
        "proj/conference.toml",
        "keyword-index = true",
        &format!("keyword-index = true\npdf-standard = \"{standard}\""),
    );
    prepare(&ws);
    whole_and_in_parts(&ws, "8", &[], standard).1
}

/// The join turns the marks that stand for links between parts into links;
/// a link an author wrote that looks like one stays the link it is.
#[test]
fn a_link_in_an_abstract_cannot_pass_for_a_link_between_parts() {
    let ws = Workspace::synthetic();
    ws.edit(
        "proj/abstracts/d1-keynote-talk.md",
        "(https://example.org/d1-keynote-talk)",
        "(confpress-page:3:0:0)",
    );
    build_volume(&ws, "8", "parts", &[]);
    let pdf = ws.read("parts/proceedings.pdf");
    let uri = b"/URI (confpress-page:3:0:0)";
    assert!(pdf.windows(uri.len()).any(|w| w == uri));
}

/// An image an author's Typst abstract says needs no alt text, which
/// PDF/UA-1 refuses.
const NO_ALT: &str = "\nA figure whose author said it needs none: #box(image(\"/images/logo.svg\", width: 1cm, alt: none))\n";

/// A part that Typst's exporter refuses (here PDF/UA-1: an image without
/// alt text) stops a build in parts as it stops a build whole: the
/// exporter's error at the abstract, a failure, and the PDFs written before
/// left as they were. (Parts are exported on a thread of their own while the
/// next is laid out: its error must come back, not be lost with the thread.)
#[test]
fn an_export_error_in_a_part_fails_the_build_and_keeps_the_old_pdf() {
    let ws = Workspace::synthetic();
    build_volume(&ws, "8", "parts", &[]);
    let before = ws.read("parts/proceedings.pdf");
    ws.edit(
        "proj/conference.toml",
        "keyword-index = true",
        "keyword-index = true\npdf-standard = \"ua-1\"",
    );
    // (Every formula and image gets alt text, unless an author says
    // `alt: none`.)
    ws.append("proj/abstracts/d1-s1-1-2.typ", NO_ALT);
    let first_error = "\
error: PDF/UA-1 error: missing alt text
  ┌─ proj/abstracts/d1-s1-1-2.typ:5:48
  │
5 │ A figure whose author said it needs none: #box(image(\"/images/logo.svg\", width: 1cm, alt: none))
  │                                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  │
  = hint: make sure your images and equations have alt text
";
    for size in ["0", "8"] {
        let run = run_volume(&ws, size, "parts", &[]).failure();
        assert!(run.stderr.starts_with(first_error), "{}", run.stderr);
        assert_eq!(ws.read("parts/proceedings.pdf"), before, "part size {size}");
    }
}

#[test]
fn split_pdfs_of_a_pdf_ua_volume_are_tagged_as_pdf_ua_requires() {
    let ws = Workspace::minimal();
    ws.append(
        "proj/conference.toml",
        "\n[proceedings]\npdf-standard = \"ua-1\"\n",
    );
    ws.run(&["build", "proj", "--only", "proceedings", "--split"])
        .success();
    let part = Pdf::open(ws.path().join("proj/out/split/t1.pdf"));
    // The part claims PDF/UA-1 as the volume does, so it must carry the
    // structure: tagged, with the contribution's heading in the tree.
    assert!(
        part.xmp().contains("<pdfuaid:part>1</pdfuaid:part>"),
        "{}",
        part.xmp()
    );
    assert!(part.is_tagged());
    let structure = part.structure();
    assert!(
        structure
            .iter()
            .any(|(_, role, title)| role == "H2" && title == "A Talk About Nothing"),
        "{structure:?}"
    );
    let info = part.info();
    assert_eq!(info["Title"], "A Talk About Nothing");
    assert_eq!(info["Author"], "Ada Lovelace");
}

/// Builds the minimal project with `[proceedings]` set to `section`, expecting
/// exactly `expected` on stderr.
#[track_caller]
fn rejects(section: &str, expected: &str) {
    crate::common::rejects(&format!("\n[proceedings]\n{section}\n"), expected);
}

#[test]
fn unknown_pdf_standard() {
    rejects(
        "pdf-standard = \"a-9z\"",
        r#"
error: unknown PDF standard `a-9z`
  ┌─ proj/conference.toml:7:16
  │
7 │ pdf-standard = "a-9z"
  │                ^^^^^^
  │
  = hint: use one of a-2b, a-3b, ua-1, or a list such as ["a-2b", "ua-1"]
"#,
    );
    // In a list, at the list.
    rejects(
        "pdf-standard = [\"a-2b\", \"ua-2\"]",
        r#"
error: unknown PDF standard `ua-2`
  ┌─ proj/conference.toml:7:16
  │
7 │ pdf-standard = ["a-2b", "ua-2"]
  │                ^^^^^^^^^^^^^^^^
  │
  = hint: use one of a-2b, a-3b, ua-1, or a list such as ["a-2b", "ua-1"]
"#,
    );
}

#[test]
fn isbn_with_a_wrong_check_digit() {
    rejects(
        "isbn = \"978-3-16-148410-1\"",
        r#"
error: `978-3-16-148410-1` is not a valid ISBN
  ┌─ proj/conference.toml:7:8
  │
7 │ isbn = "978-3-16-148410-1"
  │        ^^^^^^^^^^^^^^^^^^^
  │
  = hint: an ISBN has 10 or 13 digits and ends in a check digit, such as 978-3-16-148410-0
"#,
    );
}

#[test]
fn broken_bibtex_is_a_clear_error() {
    let ws = Workspace::minimal();
    ws.extend_talk("bibliography = \"refs.bib\"");
    ws.write("proj/refs.bib", "@article{broken,\n  title = {Unclosed\n");
    let run = ws.run(&["build", "proj"]).failure();
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    assert!(
        run.stderr.contains("proj/refs.bib:"),
        "names the BibTeX file: {}",
        run.stderr
    );
}

/// Makes a camera-ready paper of `pages` US-letter pages with confpress
/// itself (a project whose booklet template is the paper's Typst source), and
/// returns its bytes. Every page carries `CAMERA-READY-<marker> page <n>`.
pub fn camera_ready(ws: &Workspace, marker: &str, pages: usize) -> Vec<u8> {
    let dir = format!("paper-{marker}");
    ws.write(
        &format!("{dir}/conference.toml"),
        "[conference]\ntitle = \"Paper\"\nstart = 2031-01-01\n",
    );
    ws.write(
        &format!("{dir}/templates/booklet.typ"),
        &format!(
            "#set page(paper: \"us-letter\", margin: 25mm)\n#for i in range(1, {pages} + 1) [\n  #if i > 1 {{ pagebreak() }}\n  = CAMERA-READY-{marker} page #i\n  #lorem(120)\n]\n"
        ),
    );
    ws.run(&["build", &dir, "--only", "booklet"]).success();
    ws.read(&format!("{dir}/out/booklet.pdf"))
}

pub fn with_papers(ws: &Workspace) {
    let alpha = camera_ready(ws, "ALPHA", 3);
    let beta = camera_ready(ws, "BETA", 2);
    std::fs::create_dir_all(ws.path().join("proj/papers")).unwrap();
    std::fs::write(ws.path().join("proj/papers/alpha.pdf"), alpha).unwrap();
    std::fs::write(ws.path().join("proj/papers/beta.pdf"), beta).unwrap();
    ws.edit(
        "proj/conference.toml",
        "id = \"d1-s1-2-2\"\n",
        "id = \"d1-s1-2-2\"\npaper = \"papers/alpha.pdf\"\n",
    );
    ws.edit(
        "proj/conference.toml",
        "id = \"d2-s1-3-1\"\n",
        "id = \"d2-s1-3-1\"\npaper = \"papers/beta.pdf\"\n",
    );
}

#[test]
fn papers_are_included_with_their_real_page_ranges() {
    let ws = Workspace::synthetic();
    with_papers(&ws);
    let run = ws
        .run(&["build", "proj", "--only", "proceedings", "--split"])
        .success();
    assert!(
        run.stdout.contains("wrote proj/out/proceedings.json"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("wrote proj/out/split/d1-s1-2-2.pdf (3 pages"),
        "{}",
        run.stdout
    );

    let volume = Pdf::open(ws.path().join("proj/out/proceedings.pdf"));
    let texts = volume.page_texts();
    let labels = volume.page_labels();
    let json: serde_json::Value =
        serde_json::from_slice(&ws.read("proj/out/proceedings.json")).unwrap();
    let entries = json["contributions"].as_array().unwrap();
    assert_eq!(entries.len(), 69);

    for (id, marker, count) in [("d1-s1-2-2", "ALPHA", 3), ("d2-s1-3-1", "BETA", 2)] {
        let entry = entries.iter().find(|e| e["id"] == id).unwrap();
        // The physical pages where the paper's text appears…
        let found: Vec<usize> = texts
            .iter()
            .enumerate()
            .filter(|(_, t)| t.contains(&format!("CAMERA-READY-{marker} page")))
            .map(|(i, _)| i + 1)
            .collect();
        assert_eq!(found.len(), count, "{marker}");
        // …are the range proceedings.json gives, in physical and printed pages.
        let (first, last) = (found[0], *found.last().unwrap());
        assert_eq!(entry["pdf-pages"], serde_json::json!([first, last]), "{id}");
        assert_eq!(entry["first-page"], labels[first - 1].as_str(), "{id}");
        assert_eq!(entry["last-page"], labels[last - 1].as_str(), "{id}");
        let range = format!("{}–{}", labels[first - 1], labels[last - 1]);
        assert_eq!(entry["pages"], range.as_str());
        // The stamped footer names the range, on every page of the paper.
        for page in first..=last {
            assert!(
                texts[page - 1].contains(&format!("SIS 2031, pages {range}")),
                "page {page}: {}",
                texts[page - 1]
            );
        }
        // The contents list the range too.
        let contents: String = texts
            .iter()
            .filter(|t| t.contains("Contents") || t.contains("SESSION"))
            .cloned()
            .collect();
        assert!(contents.contains(&range), "contents lack {range}");

        // The split PDF holds the same pages, with the same printed numbers.
        let part = Pdf::open(
            ws.path()
                .join("proj/out")
                .join(entry["file"].as_str().unwrap()),
        );
        assert_eq!(part.page_count(), count);
        assert_eq!(part.page_labels(), labels[first - 1..last], "{id}");
        // (Compared without spaces: pdf-extract puts a space before some
        // hyphens in the part and not in the volume; poppler's pdftotext
        // gives both the same text.)
        for (i, text) in part.page_texts().iter().enumerate() {
            assert_eq!(squash(text), squash(&texts[first - 1 + i]), "{id} page {i}");
        }
        // It is tagged, and its metadata name the contribution, not the volume.
        assert!(part.is_tagged(), "{id}");
        assert_eq!(part.info()["Title"], entry["title"].as_str().unwrap());
    }
    // Contributions without papers have their own split PDF with their page.
    let plain = entries.iter().find(|e| e["id"] == "d1-s1-1-1").unwrap();
    let part = Pdf::open(
        ws.path()
            .join("proj/out")
            .join(plain["file"].as_str().unwrap()),
    );
    let first = plain["pdf-pages"][0].as_u64().unwrap() as usize;
    assert_eq!(squash(&part.page_texts()[0]), squash(&texts[first - 1]));
    // Its structure tree holds its heading (a paper's pages are images, and
    // have none to hold).
    let title = plain["title"].as_str().unwrap();
    let structure = part.structure();
    assert!(
        structure
            .iter()
            .any(|(_, role, t)| role == "H2" && t == title),
        "{structure:?}"
    );

    let bib = String::from_utf8(ws.read("proj/out/proceedings.bib")).unwrap();
    let alpha = entries.iter().find(|e| e["id"] == "d1-s1-2-2").unwrap();
    let pages = alpha["pages"].as_str().unwrap().replace('–', "--");
    assert!(bib.contains("@inproceedings{d1-s1-2-2,\n"), "{bib}");
    assert!(
        bib.contains(&format!("  pages     = {{{pages}}},\n")),
        "{bib}"
    );
    assert_eq!(bib.matches("@inproceedings{").count(), 69);
}

/// Builds the proceedings of `proj` alone, in parts of `size` (0: whole),
/// into `out`, with more arguments; the build must succeed.
pub fn build_volume(ws: &Workspace, size: &str, out: &str, more: &[&str]) -> crate::common::Run {
    run_volume(ws, size, out, more).success()
}

/// Builds the proceedings of `proj` whole into `whole` and in parts of
/// `size` into `parts`, with more arguments; checks that the one was laid
/// out whole and the other in parts, and that the two read the same
/// ([`assert_same_volume`], told `what`). Returns them, whole first.
#[track_caller]
fn whole_and_in_parts(ws: &Workspace, size: &str, more: &[&str], what: &str) -> (Pdf, Pdf) {
    let whole_run = build_volume(ws, "0", "whole", more);
    assert!(
        !whole_run.stdout.contains(" parts)"),
        "{what}: {}",
        whole_run.stdout
    );
    let parts_run = build_volume(ws, size, "parts", more);
    assert!(
        parts_run.stdout.contains("(the proceedings in "),
        "{what}: {}",
        parts_run.stdout
    );
    let whole = Pdf::open(ws.path().join("whole/proceedings.pdf"));
    let parts = Pdf::open(ws.path().join("parts/proceedings.pdf"));
    assert_same_volume(&parts, &whole, what);
    (whole, parts)
}

/// [`build_volume`], whether it succeeds or not.
fn run_volume(ws: &Workspace, size: &str, out: &str, more: &[&str]) -> crate::common::Run {
    let mut args = vec![
        "build",
        "proj",
        "--only",
        "proceedings",
        "--part-size",
        size,
        "--out",
        out,
    ];
    args.extend(more);
    ws.run(&args)
}

/// The text of every page without its spaces. A volume built in parts
/// embeds font subsets per part, and where one glyph serves two characters
/// (the hyphen-minus of "Shangri-La" and the soft hyphen of a word broken at
/// the end of a line) the one a part meets first goes into the font's
/// character map and the other is written as ActualText; the text
/// extractor puts a space before ActualText, so the spaces alone may differ.
fn texts(pdf: &Pdf) -> Vec<String> {
    pdf.page_texts()
        .into_iter()
        .map(|t| t.chars().filter(|c| !c.is_whitespace()).collect())
        .collect()
}

/// Asserts that two volumes read alike: pages, their text and labels, the
/// outline, and where every link leads.
#[track_caller]
pub fn assert_same_volume(a: &Pdf, b: &Pdf, what: &str) {
    assert_eq!(a.page_count(), b.page_count(), "{what}");
    assert_eq!(texts(a), texts(b), "{what}");
    assert_eq!(a.page_labels(), b.page_labels(), "{what}");
    assert_eq!(a.outline(), b.outline(), "{what}");
    assert_eq!(a.internal_links(), b.internal_links(), "{what}");
    for pdf in [a, b] {
        let pages = format!("<xmpTPg:NPages>{}</xmpTPg:NPages>", pdf.page_count());
        assert!(pdf.xmp().contains(&pages), "{what}: {}", pdf.xmp());
    }
    // One tagged structure, and its bookkeeping sound.
    // Text outside paragraphs is tagged as spans, and Typst joins what
    // meets across a page break into one: where a flow of contributions is
    // cut, the end of one and the start of the next are two spans instead.
    let elements = |pdf: &Pdf| -> Vec<(usize, String, String)> {
        pdf.structure()
            .into_iter()
            .filter(|(_, role, _)| role != "Span")
            .collect()
    };
    assert_eq!(elements(a), elements(b), "{what}");
    assert_eq!(a.structure_problems(), Vec::<String>::new(), "{what}");
    assert_eq!(b.structure_problems(), Vec::<String>::new(), "{what}");
    // What a screen reader says of each link: the same words for links to
    // the web; for links within the volume "page N", a page the volume has
    // (laid out in parts, a link to a place on a page names it by its
    // position in the file; whole, by its printed number).
    let (a_texts, b_texts) = (a.link_texts(), b.link_texts());
    assert_eq!(a_texts.len(), b_texts.len(), "{what}");
    for (x, y) in a_texts.iter().zip(&b_texts) {
        match (x.strip_prefix("page "), y.strip_prefix("page ")) {
            (Some(n), Some(_)) => {
                let n: usize = n.parse().unwrap_or_else(|_| panic!("{what}: {x}"));
                assert!((1..=a.page_count()).contains(&n), "{what}: {x}");
            }
            _ => assert_eq!(x, y, "{what}"),
        }
    }
}

/// A large volume is laid out in parts (front matter, runs of sessions,
/// indices) and joined; forcing parts on the small synthetic volume, with
/// camera-ready papers in it, must give the volume compiled in one go.
#[test]
fn a_volume_compiled_in_parts_is_the_volume_compiled_whole() {
    let ws = Workspace::synthetic();
    with_papers(&ws);
    let (whole, parts) = whole_and_in_parts(&ws, "8", &["--split"], "by session");
    // Parts that end before sessions give the very same structure.
    assert_eq!(parts.structure(), whole.structure());
    assert_eq!(parts.info(), whole.info());
    // Contents and indices link to the same places.
    let links = whole.internal_links();
    assert!(links.len() > 69 * 2, "{} links", links.len());
    assert_eq!(
        ws.read("parts/proceedings.json"),
        ws.read("whole/proceedings.json")
    );
    assert_eq!(
        ws.read("parts/proceedings.bib"),
        ws.read("whole/proceedings.bib")
    );
    for id in ["d1-s1-2-2", "d1-s1-1-1"] {
        let split = |dir: &str| Pdf::from_bytes(ws.read(&format!("{dir}/split/{id}.pdf")));
        assert_eq!(texts(&split("parts")), texts(&split("whole")), "{id}");
    }
    // Parts are as deterministic as the whole: the same bytes every time,
    // and whether they are laid out one by one or side by side (where each
    // part's first page is guessed, and a wrong guess laid out again).
    build_volume(&ws, "8", "parts-again", &["--split"]);
    assert!(ws.read("parts-again/proceedings.pdf") == ws.read("parts/proceedings.pdf"));
    for jobs in ["1", "2", "3"] {
        let out = format!("parts-jobs-{jobs}");
        build_volume(&ws, "8", &out, &["--split", "--jobs", jobs]);
        assert!(
            ws.read(&format!("{out}/proceedings.pdf")) == ws.read("parts/proceedings.pdf"),
            "--jobs {jobs}"
        );
        assert_eq!(
            ws.read(&format!("{out}/proceedings.json")),
            ws.read("parts/proceedings.json"),
            "--jobs {jobs}"
        );
    }
}

/// A volume by title or id flows from one contribution to the next: its
/// parts are cut where a contribution happens to begin a page, and the
/// joined volume is still the volume laid out in one go, to the position of
/// every link target.
#[test]
fn a_flowing_volume_compiled_in_parts_is_the_volume_compiled_whole() {
    for order in ["title", "id"] {
        let ws = Workspace::synthetic();
        with_papers(&ws);
        ws.edit(
            "proj/conference.toml",
            "[proceedings]\n",
            &format!("[proceedings]\norder = \"{order}\"\n"),
        );
        let (whole, _) = whole_and_in_parts(&ws, "6", &[], order);
        let links = whole.internal_links();
        assert!(links.len() > 69 * 2, "{order}: {} links", links.len());
    }
}

/// Gives the posters of the synthetic volume's poster session abstracts of
/// different lengths, so that some of them begin a page and parts of 2 or 3
/// contributions begin inside that session.
pub fn with_poster_abstracts(ws: &Workspace) {
    let words = [
        "posters",
        "show",
        "work",
        "in",
        "progress",
        "on",
        "imaginary",
        "systems",
    ];
    for (i, length) in [500, 150, 650, 250, 0, 550, 350, 600, 200, 450]
        .into_iter()
        .enumerate()
    {
        if length == 0 {
            continue;
        }
        let n = i + 1;
        let text: Vec<&str> = (0..length)
            .map(|k| words[(k * 7 + n) % words.len()])
            .collect();
        ws.write(
            &format!("proj/abstracts/poster-{n}.md"),
            &format!("{}.\n", text.join(" ")),
        );
        ws.edit(
            "proj/conference.toml",
            &format!("id = \"d1-s3-3-{n}\"\n"),
            &format!("id = \"d1-s3-3-{n}\"\nabstract = \"abstracts/poster-{n}.md\"\n"),
        );
    }
}

/// A session longer than a part is cut where one of its contributions
/// begins a page, and the next part continues the session without its head
/// (its title still in the running head): the volume reads as the volume
/// compiled whole. The posters of the synthetic volume's poster session get
/// abstracts of different lengths, so that some begin a page; parts of 2
/// contributions then begin inside that session.
#[test]
fn a_volume_cut_inside_its_sessions_is_the_volume_compiled_whole() {
    let ws = Workspace::synthetic();
    with_papers(&ws);
    with_poster_abstracts(&ws);
    build_volume(&ws, "0", "whole", &["--split"]);
    let whole = Pdf::open(ws.path().join("whole/proceedings.pdf"));
    for size in ["2", "3"] {
        let out = format!("parts-{size}");
        let run = build_volume(&ws, size, &out, &["--split"]);
        // A part that begins inside a session meets PDF/UA-1 (the default)
        // on its own: no fallback to plain PDF.
        assert!(!run.stderr.contains("plain PDF"), "{}", run.stderr);
        let parts = Pdf::open(ws.path().join(format!("{out}/proceedings.pdf")));
        assert!(parts.xmp().contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert_same_volume(
            &parts,
            &whole,
            &format!("cut inside sessions, parts of {size}"),
        );
        assert_eq!(parts.info(), whole.info());
        assert_eq!(
            ws.read(&format!("{out}/proceedings.json")),
            ws.read("whole/proceedings.json")
        );
        for id in ["d1-s3-3-4", "d1-s3-3-9"] {
            let split = |dir: &str| Pdf::from_bytes(ws.read(&format!("{dir}/split/{id}.pdf")));
            assert_eq!(texts(&split(&out)), texts(&split("whole")), "{id}");
        }
    }
    // The running head names the session on the pages a part continues.
    let heads = |pdf: &Pdf| {
        pdf.page_texts()
            .iter()
            .filter(|t| t.starts_with("SIS 2031 Poster Session"))
            .count()
    };
    assert!(heads(&whole) > 0, "{:?}", whole.page_texts());
    let parts = Pdf::open(ws.path().join("parts-2/proceedings.pdf"));
    assert_eq!(heads(&parts), heads(&whole));
}

/// A project's own proceedings template, edited from the built-in one, is
/// laid out in parts as well when it reads `part.json` as the built-in one
/// does, and gives the volume it gives whole; one that does not is compiled
/// whole.
#[test]
fn a_project_template_that_reads_part_json_is_laid_out_in_parts() {
    let builtin = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/proceedings.typ"),
    )
    .unwrap();
    let contents = "heading(level: 1, label-of(\"contents\"))";
    assert!(builtin.contains(contents));
    let edited = builtin.replace(contents, "heading(level: 1, [Table of contents (edited)])");
    let ws = Workspace::synthetic();
    ws.write("proj/templates/proceedings.typ", &edited);
    let (whole, parts) = whole_and_in_parts(&ws, "8", &[], "an edited template");
    assert!(parts.text().contains("Table of contents (edited)"));

    // Told nothing of parts, a template is laid out whole.
    let fixed = "(front: true, main: true, back: true, items: none, first-page: 1, targets: none, body-offset: none)";
    ws.write(
        "proj/templates/proceedings.typ",
        &edited.replace("json(\"part.json\")", fixed),
    );
    let run = build_volume(&ws, "8", "own", &[]);
    assert!(!run.stdout.contains(" parts)"), "{}", run.stdout);
    let own = Pdf::open(ws.path().join("own/proceedings.pdf"));
    assert_eq!(own.page_texts(), whole.page_texts());
}

#[test]
fn a_paper_that_is_not_a_pdf() {
    let ws = Workspace::minimal();
    ws.extend_talk("paper = \"paper.pdf\"");
    ws.write("proj/paper.pdf", "this is a Word document, honestly");
    let run = ws.run(&["build", "proj"]).failure();
    assert_eq!(
        run.stderr.trim_end(),
        r#"error: paper `paper.pdf` is not a PDF file
   ┌─ proj/conference.toml:16:9
   │
16 │ paper = "paper.pdf"
   │         ^^^^^^^^^^^
   │
   = hint: export the camera-ready version as PDF"#
    );
}

#[test]
fn an_encrypted_paper() {
    // A one-page PDF whose trailer declares standard encryption.
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        "<< /Filter /Standard /V 1 /R 2 /O (0123456789abcdef0123456789abcdef) /U (0123456789abcdef0123456789abcdef) /P -4 >>",
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{object}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R /Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    let ws = Workspace::minimal();
    ws.extend_talk("paper = \"locked.pdf\"");
    ws.write("proj/locked.pdf", &pdf);
    let run = ws.run(&["build", "proj"]).failure();
    assert!(
        run.stderr
            .starts_with("error: paper `locked.pdf` is encrypted\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hint: ask the authors for a version without password or restrictions")
    );
}

#[test]
fn pdf_ua_complaints_are_readable_errors_at_their_source() {
    let ws = Workspace::synthetic();
    ws.run(&["build", "proj", "--only", "proceedings"])
        .success();
    let before = ws.read("proj/out/proceedings.pdf");
    ws.edit(
        "proj/conference.toml",
        "keyword-index = true",
        "keyword-index = true\npdf-standard = \"ua-1\"",
    );
    ws.append("proj/abstracts/d1-s1-1-2.typ", NO_ALT);
    let run = ws
        .run(&["build", "proj", "--only", "proceedings"])
        .failure();
    // Formulas and images get alt text for PDF/UA-1, unless the author
    // says `alt: none`: the error is at the author's own line.
    assert!(
        run.stderr.starts_with(
            "error: PDF/UA-1 error: missing alt text\n  ┌─ proj/abstracts/d1-s1-1-2.typ:5:48\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hint: make sure your images and equations have alt text")
    );
    assert!(!run.stderr.contains(".md:"), "{}", run.stderr);
    assert!(
        ws.read("proj/out/proceedings.pdf") == before,
        "the last good PDF survives"
    );
}

#[test]
fn proceedings_author_index_follows_family_names() {
    let (_ws, pdf) = synthetic(|_| {});
    let pages = pdf.page_texts();
    let index: String = pages
        .iter()
        .skip_while(|p| !p.starts_with("Author index"))
        .take_while(|p| !p.starts_with("Keyword index"))
        .cloned()
        .collect();
    let expected = [
        "Abernathy,",
        "Álvarez,",
        "de Bastion,",
        "Bergström,",
        "Gößling,",
        "von Hohenfels,",
        "Hückelheim,",
        "van der Meer,",
        "Nakamura,",
        "Ñúñez,",
        "Ødegård,",
        "Zürcher,",
    ];
    let positions: Vec<usize> = expected
        .iter()
        .map(|n| index.find(n).unwrap_or_else(|| panic!("{n}")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{index}");
}
