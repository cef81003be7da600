//! `confpress publish` (issue 28): the ACL Anthology's volume XML against
//! the real record of SIGDIAL 2020 and its schema, CEUR-WS's index.html
//! parsed back, PMLR's BibTeX parsed back, IEEE's PDFs byte for byte, ACM's
//! rights CSV, and each target's required fields as pinned errors.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::common::{Pdf, Workspace, copy_dir};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/submissions")
}

/// A PDF of `pages` US-letter pages, each with a grey bar and no text (so
/// no font to embed): a stand-in camera-ready paper. Its creation and
/// modification dates are `created` and `modified`.
pub fn blank_pdf(pages: usize, created: &str, modified: &str) -> Vec<u8> {
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        String::new(), // the page tree, once the pages are known
    ];
    let mut kids = Vec::new();
    for i in 0..pages {
        let content = format!("0.8 g 72 {} 200 8 re f", 700 - 10 * (i % 40));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ));
        let contents = objects.len();
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {contents} 0 R /Resources << >> >>"
        ));
        kids.push(format!("{} 0 R", objects.len()));
    }
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {pages} >>",
        kids.join(" ")
    );
    objects.push(format!(
        "<< /Producer (test) /CreationDate (D:{created}) /ModDate (D:{modified}) >>"
    ));
    let info = objects.len();
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", info + 1).as_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info {info} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            info + 1
        )
        .as_bytes(),
    );
    out
}

fn squashed(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Papers of an Anthology volume XML: (title, authors, pages).
fn anthology_papers(xml: &str) -> Vec<(String, Vec<String>, String)> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    fn text(n: roxmltree::Node) -> String {
        n.descendants()
            .filter(|d| d.is_text())
            .filter_map(|d| d.text())
            .collect()
    }
    doc.descendants()
        .filter(|n| n.has_tag_name("paper"))
        .map(|p| {
            let child = |tag: &str| p.children().find(|c| c.has_tag_name(tag));
            let authors = (p.children().filter(|c| c.has_tag_name("author")))
                .map(|a| {
                    let part = |tag: &str| {
                        a.children()
                            .find(|c| c.has_tag_name(tag))
                            .map(text)
                            .unwrap_or_default()
                    };
                    format!("{} {}", part("first"), part("last"))
                        .trim()
                        .to_owned()
                })
                .collect();
            (
                text(child("title").unwrap()),
                authors,
                child("pages")
                    .map(text)
                    .unwrap_or_default()
                    .replace('-', "–"),
            )
        })
        .collect()
}

#[test]
fn the_sigdial_volume_published_to_the_anthology_is_the_anthologys_record() {
    let ws = Workspace::new();
    copy_dir(
        &fixtures().join("aclpub2-sigdial2020"),
        &ws.path().join("sigdial"),
    );
    // Stand-in camera-ready papers as long as the Anthology's.
    let real = std::fs::read_to_string(fixtures().join("anthology-2020.sigdial.xml")).unwrap();
    let real = anthology_papers(&real);
    let set = std::fs::read_to_string(ws.path().join("sigdial/papers.yml")).unwrap();
    std::fs::create_dir_all(ws.path().join("pdfs")).unwrap();
    let ids_titles: Vec<(String, String)> = set
        .split("\n- ")
        .filter_map(|paper| {
            let id = paper.lines().find_map(|l| l.trim().strip_prefix("id: "))?;
            let title_at = paper.find("  title: ").or_else(|| paper.find("title: "))?;
            let title: String = paper[title_at..]
                .trim_start_matches(' ')
                .trim_start_matches("title: ")
                .lines()
                .take_while(|l| {
                    !l.trim_start()
                        .starts_with(|c: char| c.is_ascii_lowercase() && l.contains(": "))
                })
                .collect::<Vec<_>>()
                .join(" ");
            Some((id.trim().to_owned(), title))
        })
        .collect();
    for (id, title) in &ids_titles {
        let (_, _, pages) = real
            .iter()
            .find(|(t, _, _)| {
                squashed(title).starts_with(&squashed(t))
                    || squashed(t).starts_with(&squashed(title))
            })
            .unwrap_or_else(|| panic!("{title}"));
        let (a, b) = pages.split_once('–').unwrap();
        let count = b.parse::<usize>().unwrap() - a.parse::<usize>().unwrap() + 1;
        let pdf = blank_pdf(count, "20200601000000Z", "20200601000000Z");
        std::fs::write(ws.path().join(format!("pdfs/{id}.pdf")), pdf).unwrap();
    }
    // The Anthology published the paper the set marks non-archival too.
    ws.run(&[
        "import", "sigdial", "--out", "proj", "--papers", "pdfs", "--all",
    ])
    .success();
    ws.edit(
        "proj/conference.toml",
        "[proceedings]\n",
        "[proceedings]\norder = \"programme\"\n",
    );
    let run = ws.run(&["publish", "proj", "--to", "anthology"]).success();
    assert!(
        run.stdout
            .ends_with("wrote 45 files for anthology into proj/out/publish/anthology\n"),
        "{}",
        run.stdout
    );
    let dir = ws.path().join("proj/out/publish/anthology");
    let ours = std::fs::read_to_string(dir.join("2020.sigdial.xml")).unwrap();
    let ours = anthology_papers(&ours);
    assert_eq!(ours.len(), 41);
    let mut differing = Vec::new();
    for (mine, theirs) in ours.iter().zip(&real) {
        assert_eq!(squashed(&mine.0), squashed(&theirs.0), "order");
        assert_eq!(mine.2, theirs.2, "pages of {}", mine.0);
        if mine
            .1
            .iter()
            .map(|a| squashed(a))
            .ne(theirs.1.iter().map(|a| squashed(a)))
        {
            differing.push(mine.0.clone());
        }
    }
    // The Anthology's correction of "Maria Pacheco" to "Maria Leonor Pacheco".
    assert_eq!(
        differing,
        ["Identifying Collaborative Conversations using Latent Discourse Behaviors"]
    );
    for file in [
        "2020.sigdial-1.pdf",
        "2020.sigdial-1.0.pdf",
        "2020.sigdial-1.41.pdf",
        "2020.sigdial-1.bib",
    ] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    // Paper 1's PDF is the volume's pages 1–9 and its hash the XML's.
    let first = std::fs::read(dir.join("2020.sigdial-1.1.pdf")).unwrap();
    assert_eq!(Pdf::from_bytes(first.clone()).page_count(), 9);
    let xml = std::fs::read_to_string(dir.join("2020.sigdial.xml")).unwrap();
    assert!(xml.contains(&format!(
        "<url hash=\"{:08x}\">2020.sigdial-1.1</url>",
        crc32(&first)
    )));
    assert!(
        xml.contains("<bibkey>hsueh-ma-2020-semantic</bibkey>"),
        "{xml}"
    );
    match Command::new("jing")
        .arg("-c")
        .arg(fixtures().join("anthology-schema.rnc"))
        .arg(dir.join("2020.sigdial.xml"))
        .output()
    {
        Ok(out) => assert!(
            out.status.success(),
            "jing: {}",
            String::from_utf8_lossy(&out.stdout)
        ),
        Err(_) => {
            eprintln!("jing is not installed: the volume XML is not validated against the schema")
        }
    }
}

/// CRC-32 (IEEE), as the Anthology's hashes.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn ceur_index_has_every_field_and_one_entry_and_pdf_per_paper() {
    let ws = Workspace::synthetic();
    ws.run(&["publish", "proj", "--to", "ceur"]).success();
    ws.run(&["build", "proj", "--only", "proceedings", "--split"])
        .success();
    let json: serde_json::Value =
        serde_json::from_slice(&ws.read("proj/out/proceedings.json")).unwrap();
    let contributions = json["contributions"].as_array().unwrap();
    let dir = ws.path().join("proj/out/publish/ceur");
    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    // Every class of CEUR's template, each with content.
    for class in [
        "CEURVOLNR",
        "CEURURN",
        "CEURPUBYEAR",
        "CEURLIC",
        "CEURVOLACRONYM",
        "CEURVOLTITLE",
        "CEURFULLTITLE",
        "CEURLOCTIME",
        "CEURVOLEDITOR",
        "CEURSUBMITTEDPAPERS",
        "CEURACCEPTEDPAPERS",
        "CEURACCEPTEDREGULARPAPERS",
        "CEURACCEPTEDSHORTPAPERS",
        "CEURTITLE",
        "CEURPAGES",
        "CEURAUTHOR",
        "CEURPUBDATE",
    ] {
        let open = format!("<span class=\"{class}\">");
        let at = html
            .find(&open)
            .unwrap_or_else(|| panic!("{class} missing"));
        let rest = &html[at + open.len()..];
        assert!(!rest.starts_with("</span>"), "{class} empty");
    }
    assert!(html.contains("<div class=\"CEURTOC\">"));
    assert!(!html.contains("<script"));
    // One entry and one PDF per paper, with the volume's pages.
    let entries: Vec<&str> = html.split("<li id=\"paper").skip(1).collect();
    assert_eq!(entries.len(), contributions.len());
    for (n, (entry, c)) in entries.iter().zip(contributions).enumerate() {
        assert!(entry.starts_with(&format!("{}\"><a href=\"paper{}.pdf\">", n + 1, n + 1)));
        let pages = entry.split("<span class=\"CEURPAGES\">").nth(1).unwrap();
        let pages = pages.split("</span>").next().unwrap();
        assert_eq!(pages.replace('-', "–"), c["pages"].as_str().unwrap());
        assert!(dir.join(format!("paper{}.pdf", n + 1)).is_file());
    }
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        contributions.len() + 1
    );
}

#[test]
fn pmlr_bibtex_parses_back_with_keys_pages_and_pdfs() {
    let ws = Workspace::synthetic();
    let run = ws.run(&["publish", "proj", "--to", "pmlr"]).success();
    assert!(
        run.stderr.contains(
            "warning: PMLR assigns the volume number: the BibTeX says `vXXX` and `volume = {XXX}`\n"
        ),
        "{}",
        run.stderr
    );
    let dir = ws.path().join("proj/out/publish/pmlr");
    let bib = std::fs::read_to_string(dir.join("vXXX.bib")).unwrap();
    let entries: Vec<&str> = bib.split("\n@").collect();
    assert!(entries[0].starts_with("@Proceedings{vXXX,"));
    let mut keys = Vec::new();
    for entry in &entries[1..] {
        // Braces balance in every entry.
        let mut depth = 0i32;
        let mut previous = ' ';
        for c in entry.chars() {
            if previous != '\\' {
                depth += match c {
                    '{' => 1,
                    '}' => -1,
                    _ => 0,
                };
            }
            previous = c;
        }
        assert_eq!(depth, 0, "{entry}");
        let key = entry
            .strip_prefix("InProceedings{")
            .unwrap()
            .split(',')
            .next()
            .unwrap();
        assert!(
            key.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
            "{key}"
        );
        let pages = entry
            .split("pages = {")
            .nth(1)
            .unwrap()
            .split('}')
            .next()
            .unwrap();
        assert!(
            pages.split("--").all(|p| p.parse::<u32>().is_ok()),
            "{pages}"
        );
        assert!(dir.join(format!("{key}.pdf")).is_file(), "{key}");
        keys.push(key.to_owned());
    }
    let unique: std::collections::HashSet<&String> = keys.iter().collect();
    assert_eq!(unique.len(), keys.len());
    assert_eq!(keys.len(), 69);
}

/// A project of two papers with camera-ready PDFs, the second modified
/// after it was made.
fn two_papers(ws: &Workspace) -> (Vec<u8>, Vec<u8>) {
    let one = blank_pdf(3, "20250101120000Z", "20250101120000Z");
    let two = blank_pdf(2, "20250101120000Z", "20250301090000Z");
    std::fs::create_dir_all(ws.path().join("proj/papers")).unwrap();
    std::fs::write(ws.path().join("proj/papers/one.pdf"), &one).unwrap();
    std::fs::write(ws.path().join("proj/papers/two.pdf"), &two).unwrap();
    ws.write(
        "proj/conference.toml",
        r#"[conference]
title = "Workshop on Unmodified Files"
short-title = "WUF 2031"
start = 2031-05-06
editors = ["Ada Abernathy"]

[[contribution]]
id = "one"
title = "The First Paper"
authors = [{ given = "Grace", family = "Hopper", email = "grace@example.org" }]
paper = "papers/one.pdf"

[[contribution]]
id = "two"
title = "The Second Paper"
authors = [{ given = "Alan", family = "Turing", email = "alan@example.org" }]
paper = "papers/two.pdf"
"#,
    );
    (one, two)
}

#[test]
fn ieee_gets_the_authors_files_byte_for_byte_and_the_volume_stays_stamped() {
    let ws = Workspace::new();
    let (one, two) = two_papers(&ws);
    let run = ws.run(&["publish", "proj", "--to", "ieee"]).success();
    assert!(
        run.stderr.contains("warning: the camera-ready PDF of `two` has the creation date D:20250101120000Z and the modification date D:20250301090000Z; IEEE Xplore expects them equal (an unmodified file)\n"),
        "{}",
        run.stderr
    );
    let dir = ws.path().join("proj/out/publish/ieee");
    let sha = |b: &[u8]| format!("{:x}", Sha256::digest(b));
    assert_eq!(sha(&std::fs::read(dir.join("one.pdf")).unwrap()), sha(&one));
    assert_eq!(sha(&std::fs::read(dir.join("two.pdf")).unwrap()), sha(&two));
    let list = std::fs::read_to_string(dir.join("packing-list.csv")).unwrap();
    assert!(
        list.contains(&format!(
            "\"one.pdf\",\"one\",\"The First Paper\",\"Grace Hopper\",3,\"1-3\",{}",
            sha(&one)
        )),
        "{list}"
    );
    // The volume keeps its stamp unless asked not to.
    ws.run(&["build", "proj", "--only", "proceedings"])
        .success();
    let stamped = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    assert!(stamped.contains("WUF 2031, pages 1–3"), "{stamped}");
    ws.edit(
        "proj/conference.toml",
        "editors = [\"Ada Abernathy\"]\n",
        "editors = [\"Ada Abernathy\"]\n\n[proceedings]\nstamp = false\n",
    );
    ws.run(&["build", "proj", "--only", "proceedings"])
        .success();
    let plain = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    assert!(!plain.contains("WUF 2031, pages"), "{plain}");
}

#[test]
fn acm_rights_csv_lists_authors_with_affiliations_and_addresses() {
    let ws = Workspace::new();
    two_papers(&ws);
    ws.run(&["publish", "proj", "--to", "acm"]).success();
    let csv = String::from_utf8(ws.read("proj/out/publish/acm/erights.csv")).unwrap();
    assert_eq!(
        csv,
        "Paper Type,Title,Authors,Author Emails,Pages\n\"Full Paper\",\"The First Paper\",\"Grace Hopper:\",\"grace@example.org\",\"1-3\"\n\"Full Paper\",\"The Second Paper\",\"Alan Turing:\",\"alan@example.org\",\"4-5\"\n"
    );
}

/// Every file of a folder with its bytes.
fn files_in(dir: &Path) -> HashMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn each_targets_required_fields_are_errors_at_their_place_and_nothing_is_written() {
    let ws = Workspace::new();
    two_papers(&ws);
    ws.run(&["publish", "proj", "--to", "ieee"]).success();
    let before = files_in(&ws.path().join("proj/out/publish/ieee"));
    ws.edit(
        "proj/conference.toml",
        "editors = [\"Ada Abernathy\"]\n",
        "",
    );
    ws.edit("proj/conference.toml", "paper = \"papers/two.pdf\"\n", "");
    ws.edit("proj/conference.toml", ", email = \"alan@example.org\"", "");
    let run = ws.run(&["publish", "proj", "--to", "ieee"]).failure();
    assert!(
        run.stderr
            .starts_with("error: IEEE Xplore needs the volume's editors\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("error: IEEE Xplore takes each paper's camera-ready PDF; contribution `two` has none\n   ┌─ proj/conference.toml:13:6\n"),
        "{}",
        run.stderr
    );
    let after = files_in(&ws.path().join("proj/out/publish/ieee"));
    assert_eq!(before, after);
    let run = ws.run(&["publish", "proj", "--to", "acm"]).failure();
    assert!(
        run.stderr.contains("error: ACM eRights sends the rights form by e-mail; no author of contribution `two` has an address\n"),
        "{}",
        run.stderr
    );
    let run = ws.run(&["publish", "proj", "--to", "anthology"]).failure();
    assert!(
        run.stderr
            .starts_with("error: the ACL Anthology needs the volume's editors\n"),
        "{}",
        run.stderr
    );
    let run = ws.run(&["publish", "proj", "--to", "pmlr"]).failure();
    assert!(
        run.stderr
            .starts_with("error: PMLR needs the volume's editors\n"),
        "{}",
        run.stderr
    );
    ws.edit(
        "proj/conference.toml",
        "start = 2031-05-06\n",
        "start = 2031-05-06\neditors = [\"Ada Abernathy\"]\n\n[proceedings]\nlicence = \"CC BY-NC 4.0\"\n",
    );
    let run = ws.run(&["publish", "proj", "--to", "ceur"]).failure();
    assert!(
        run.stderr.starts_with(
            "error: CEUR-WS publishes under CC BY 4.0; the volume's licence is `CC BY-NC 4.0`\n"
        ),
        "{}",
        run.stderr
    );
}
