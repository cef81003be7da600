//! `confpress import` of accepted papers from submission systems (issue
//! 27): the aclpub2 set of SIGDIAL 2020 against the ACL Anthology's record
//! of the volume, OpenReview's data, HotCRP's JSON with its decisions, the
//! camera-ready PDFs matched by id, and a re-import that keeps the chair's
//! edits.

use std::path::{Path, PathBuf};

use crate::common::{Pdf, Workspace, copy_dir};
use crate::proceedings::camera_ready;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/submissions")
}

/// Words and letters only, lower case: text compared across line breaks
/// and the hyphens that break a line.
fn squashed(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The Anthology's papers of the volume: title and "First Last" authors.
fn anthology() -> Vec<(String, Vec<String>)> {
    let xml = std::fs::read_to_string(fixtures().join("anthology-2020.sigdial.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    fn text(n: roxmltree::Node) -> String {
        n.descendants()
            .filter(|d| d.is_text())
            .filter_map(|d| d.text())
            .collect()
    }
    fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, tag: &str) -> Option<roxmltree::Node<'a, 'i>> {
        n.children().find(|c| c.has_tag_name(tag))
    }
    doc.descendants()
        .filter(|n| n.has_tag_name("paper"))
        .map(|paper| {
            let title = text(child(paper, "title").unwrap());
            let authors = (paper.children().filter(|c| c.has_tag_name("author")))
                .map(|a| {
                    let first = child(a, "first").map(text).unwrap_or_default();
                    let last = child(a, "last").map(text).unwrap_or_default();
                    format!("{first} {last}").trim().to_owned()
                })
                .collect();
            (title, authors)
        })
        .collect()
}

/// The contributions of the imported `conference.toml`: title and authors'
/// names, in the file's order.
fn imported(ws: &Workspace) -> Vec<(String, Vec<String>)> {
    let text = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    let config: toml::Table = text.parse().unwrap();
    let contributions = config["contribution"].as_array().unwrap();
    contributions
        .iter()
        .map(|c| {
            let title = c["title"].as_str().unwrap().to_owned();
            let authors = (c.get("authors").and_then(|a| a.as_array()))
                .map(|list| {
                    list.iter()
                        .map(|a| match a.get("name") {
                            Some(name) => name.as_str().unwrap().to_owned(),
                            None => format!(
                                "{} {}",
                                a.get("given").and_then(|g| g.as_str()).unwrap_or_default(),
                                a["family"].as_str().unwrap()
                            )
                            .trim()
                            .to_owned(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            (title, authors)
        })
        .collect()
}

#[test]
fn the_sigdial_set_gives_the_anthologys_volume() {
    let ws = Workspace::new();
    copy_dir(
        &fixtures().join("aclpub2-sigdial2020"),
        &ws.path().join("sigdial"),
    );
    let run = ws.run(&["import", "sigdial", "--out", "proj"]).success();
    assert!(
        run.stdout.starts_with(
            "imported 40 papers and 12 committees in 13 sessions from sigdial (aclpub2 input set) into proj\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("warning: left out 1 paper marked `archival: false`: `4`\n"),
        "{}",
        run.stderr
    );
    // The programme's order and the export's authors are the Anthology's,
    // but for the one paper the set marks non-archival.
    let anthology = anthology();
    let ours = imported(&ws);
    let left: Vec<&String> = (anthology.iter())
        .filter(|(t, _)| !ours.iter().any(|(o, _)| squashed(o) == squashed(t)))
        .map(|(t, _)| t)
        .collect();
    assert_eq!(
        left,
        ["Unsupervised Evaluation of Interactive Dialog with DialoGPT"]
    );
    let expected: Vec<String> = (anthology.iter())
        .filter(|(t, _)| !left.contains(&t))
        .map(|(t, _)| squashed(t))
        .collect();
    let order: Vec<String> = ours.iter().map(|(t, _)| squashed(t)).collect();
    assert_eq!(order, expected);
    let mut differing = Vec::new();
    for (title, authors) in &ours {
        let (_, theirs) = (anthology.iter())
            .find(|(t, _)| squashed(t) == squashed(title))
            .unwrap();
        if authors
            .iter()
            .map(|a| squashed(a))
            .ne(theirs.iter().map(|a| squashed(a)))
        {
            differing.push((authors.clone(), theirs.clone()));
        }
    }
    // The one difference is the Anthology's correction of a first name.
    assert_eq!(differing.len(), 1, "{differing:?}");
    assert!(differing[0].0.contains(&"Maria Pacheco".to_owned()));
    assert!(differing[0].1.contains(&"Maria Leonor Pacheco".to_owned()));

    ws.run(&["build", "proj", "--only", "proceedings"])
        .success();
    let text = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    let flat = squashed(&text);
    for (title, authors) in &ours {
        assert!(flat.contains(&squashed(title)), "{title}");
        for author in authors {
            assert!(flat.contains(&squashed(author)), "{author}");
        }
    }
    // The book: its title, editors (turned round where the set wrote them
    // last name first), committees.
    assert!(
        text.contains("Proceedings of the 21th Annual Meeting"),
        "{text}"
    );
    assert!(text.contains("Casey Kennington"), "{text}");
    assert!(!text.contains("Kennington Casey"), "{text}");
    assert!(text.contains("Senior Program Committee"), "{text}");
    assert!(
        text.contains("Manfred Stede, Universität Potsdam"),
        "{text}"
    );
    assert!(
        run.stderr.contains(
            "warning: the editor “Kennington Casey” of conference_details.yml is “Casey Kennington” in the committees or papers; imported as the latter\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn openreview_data_keeps_every_author_in_order_with_orcid() {
    let ws = Workspace::new();
    copy_dir(
        &fixtures().join("openreview-emnlp2025-demos"),
        &ws.path().join("or"),
    );
    ws.run(&["import", "or", "--out", "proj"]).success();
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert_eq!(config.matches("[[contribution]]").count(), 77);
    assert_eq!(config.matches("orcid = ").count(), 185);
    let ours = imported(&ws);
    assert_eq!(ours.iter().map(|(_, a)| a.len()).sum::<usize>(), 528);
    ws.run(&["build", "proj", "--only", "proceedings"])
        .success();
    let flat = squashed(&Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text());
    for (title, authors) in &ours {
        assert!(flat.contains(&squashed(title)), "{title}");
        for author in authors {
            assert!(flat.contains(&squashed(author)), "{author}");
        }
    }
}

/// A HotCRP "Download > JSON" of four papers, in today's shape.
const HOTCRP: &str = r#"[
 {"object": "paper", "pid": 1, "title": "Scalable Timers for Soft State Protocols",
  "status": "accept", "decision": "Accepted",
  "abstract": "Soft state protocols use periodic refresh messages.",
  "authors": [{"given_name": "Puneet", "family_name": "Sharma", "affiliation": "USC/ISI"},
              {"given_name": "Deborah", "family_name": "Estrin", "affiliation": "USC/ISI"}]},
 {"object": "paper", "pid": 2, "title": "A Rejected Paper", "status": "reject",
  "decision": "Rejected", "authors": [{"given_name": "Ann", "family_name": "Other"}]},
 {"object": "paper", "pid": 3, "title": "Ruth Müller’s Paper \\& Co", "status": "accept",
  "decision": "Accepted", "abstract": "We gain 3.6\\% with \\textbf{bold} ideas and $x^2$.",
  "authors": [{"first": "Łukasz", "last": "Żółć", "affiliation": "Uniwersytet Warszawski"},
              {"name": "Αλέξανδρος Παπαδόπουλος"}]},
 {"object": "paper", "pid": 4, "title": "Withdrawn", "status": "withdrawn",
  "authors": [{"given_name": "W", "family_name": "D"}]}
]"#;

#[test]
fn hotcrp_json_imports_the_accepted_papers_and_all_with_all() {
    let ws = Workspace::new();
    ws.write("hotcrp.json", HOTCRP);
    let run = ws
        .run(&["import", "hotcrp.json", "--out", "proj"])
        .success();
    assert!(
        run.stdout.starts_with("imported 2 papers in 0 sessions"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("warning: left out 1 paper with the status `reject`: `2`\n")
            && run
                .stderr
                .contains("warning: left out 1 paper with the status `withdrawn`: `4`\n"),
        "{}",
        run.stderr
    );
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert!(
        config.contains("title = \"Ruth Müller’s Paper & Co\""),
        "{config}"
    );
    assert!(
        config.contains(
            "{ given = \"Łukasz\", family = \"Żółć\", affiliations = [\"uniwersytet-warszawski\"] }"
        ),
        "{config}"
    );
    let abstract_text = String::from_utf8(ws.read("proj/abstracts/3.md")).unwrap();
    assert_eq!(
        abstract_text,
        "We gain 3.6% with **bold** ideas and \\(x^2\\).\n"
    );
    ws.run(&["build", "proj", "--only", "proceedings"])
        .success();
    let text = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    // (Compared without spaces: the text extraction spaces Greek letters.)
    for name in [
        "Puneet Sharma",
        "Deborah Estrin",
        "Łukasz Żółć",
        "Αλέξανδρος Παπαδόπουλος",
        "Ruth Müller’s Paper & Co",
    ] {
        assert!(
            squashed(&text).contains(&squashed(name)),
            "{name} in {text}"
        );
    }
    assert!(text.contains("Παπαδόπουλος, Αλέξανδρος"), "{text}");
    assert!(!text.contains("A Rejected Paper"));

    let all = Workspace::new();
    all.write("hotcrp.json", HOTCRP);
    let run = all
        .run(&["import", "hotcrp.json", "--out", "proj", "--all"])
        .success();
    assert!(
        run.stdout.starts_with("imported 4 papers"),
        "{}",
        run.stdout
    );
}

#[test]
fn camera_ready_pdfs_are_matched_by_id_and_the_missing_ones_named() {
    let ws = Workspace::new();
    ws.write("hotcrp.json", HOTCRP);
    let pdf = camera_ready(&ws, "ONE", 2);
    std::fs::create_dir_all(ws.path().join("final")).unwrap();
    std::fs::write(ws.path().join("final/1.pdf"), &pdf).unwrap();
    std::fs::write(ws.path().join("final/99.pdf"), &pdf).unwrap();
    let run = ws
        .run(&[
            "import",
            "hotcrp.json",
            "--out",
            "proj",
            "--papers",
            "final",
        ])
        .success();
    assert!(
        run.stderr
            .contains("warning: no camera-ready PDF in `final` for 1 paper: `3`\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("warning: 1 PDF in `final` matches no paper: `99.pdf`\n"),
        "{}",
        run.stderr
    );
    assert_eq!(ws.read("proj/papers/1.pdf"), pdf);
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert!(config.contains("paper = \"papers/1.pdf\""), "{config}");
    ws.run(&["build", "proj", "--only", "proceedings"])
        .success();
    let text = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    assert!(text.contains("CAMERA-READY-ONE page 2"), "{text}");
}

#[test]
fn a_reimport_keeps_the_chairs_edits() {
    let ws = Workspace::new();
    copy_dir(
        &fixtures().join("aclpub2-sigdial2020"),
        &ws.path().join("sigdial"),
    );
    ws.run(&["import", "sigdial", "--out", "proj"]).success();
    // The chair adds keywords to a paper and a table of their own, and
    // corrects nothing the export holds.
    ws.edit(
        "proj/conference.toml",
        "id = \"22\"\n",
        "id = \"22\"\nkeywords = [\"dialogue\", \"generation\"]\n",
    );
    ws.append("proj/conference.toml", "\n[print]\nbleed = \"3mm\"\n");
    // The export changes a title.
    ws.edit(
        "sigdial/papers.yml",
        "title: Semantic Guidance of Dialogue Generation with Reinforcement Learning",
        "title: Semantic Guidance of Dialogue Generation with Reinforcement Learning (revised)",
    );
    ws.run(&["import", "sigdial", "--out", "proj"]).success();
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert!(
        config.contains("keywords = [\"dialogue\", \"generation\"]"),
        "{config}"
    );
    assert!(config.contains("[print]\nbleed = \"3mm\""), "{config}");
    assert!(
        config.contains("Reinforcement Learning (revised)"),
        "{config}"
    );
    // The committees (tables without an id) once each, not once an import.
    assert_eq!(config.matches("[[committee]]").count(), 12);
    ws.run(&["build", "proj", "--only", "proceedings"])
        .success();
}

#[test]
fn papers_join_a_schedules_contributions_by_id_or_title() {
    let ws = Workspace::new();
    ws.write("hotcrp.json", HOTCRP);
    ws.write(
        "proj/conference.toml",
        r#"[conference]
title = "A Programme"
start = 2031-05-06

[[contribution]]
id = "1"
title = "Scalable timers for soft-state protocols"
authors = ["Puneet Sharma"]
day = 2031-05-06
start = "09:00"
duration = 20

[[contribution]]
id = "talk-7"
title = "RUTH MÜLLER’S PAPER & CO"
authors = ["Łukasz Żółć"]
day = 2031-05-06
start = "09:20"
duration = 20

[[contribution]]
id = "keynote"
title = "Opening Keynote"
authors = ["Someone Else"]
"#,
    );
    ws.write(
        "hotcrp.json",
        &HOTCRP.replace(
            "\"pid\": 4, \"title\": \"Withdrawn\", \"status\": \"withdrawn\"",
            "\"pid\": 4, \"title\": \"Nowhere in the Programme\", \"status\": \"accept\"",
        ),
    );
    let run = ws
        .run(&["import", "hotcrp.json", "--into", "proj"])
        .success();
    assert!(
        run.stdout
            .starts_with("joined 2 papers from hotcrp.json (HotCRP paper JSON) to proj\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(
            "warning: 1 paper matches no contribution of `proj` by id or title and is not added: `4` “Nowhere in the Programme”\n"
        ),
        "{}",
        run.stderr
    );
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    // Matched by id: the paper's authors, with their affiliation declared;
    // the programme's title and time stay.
    assert!(
        config.contains("title = \"Scalable timers for soft-state protocols\""),
        "{config}"
    );
    assert!(
        config.contains("authors = [{ given = \"Puneet\", family = \"Sharma\", affiliations = [\"usc-isi\"] }, { given = \"Deborah\", family = \"Estrin\", affiliations = [\"usc-isi\"] }]"),
        "{config}"
    );
    assert!(
        config.contains("[[affiliation]]\nid = \"usc-isi\"\nname = \"USC/ISI\""),
        "{config}"
    );
    // Matched by title: the second author joins.
    assert!(config.contains("Αλέξανδρος Παπαδόπουλος"), "{config}");
    assert!(config.contains("authors = [\"Someone Else\"]"), "{config}");
    ws.run(&["build", "proj", "--only", "proceedings"])
        .success();
    // A schedule is not joined.
    ws.write("schedule.json", "{\"schedule\": {}}");
    let run = ws
        .run(&["import", "schedule.json", "--into", "proj"])
        .failure();
    assert!(
        run.stderr.starts_with("error: `schedule.json` is a schedule, not a submission system's papers; `--into` joins papers to a project\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_wrong_orcid_is_named_and_left_out() {
    let ws = Workspace::new();
    ws.write(
        "hotcrp.json",
        r#"[{"pid": 7, "title": "T", "status": "accept",
  "authors": [{"given_name": "Josiah", "family_name": "Carberry", "orcid": "https://orcid.org/0000-0002-1825-0097"},
              {"given_name": "Wrong", "family_name": "Digit", "orcid": "0000-0002-1825-0098"}]}]"#,
    );
    let run = ws
        .run(&["import", "hotcrp.json", "--out", "proj"])
        .success();
    assert!(
        run.stderr.contains("warning: paper `7`: the ORCID iD `0000-0002-1825-0098` of Wrong Digit is not a valid iD (its check digit or its form is wrong); it is left out\n"),
        "{}",
        run.stderr
    );
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert!(
        config.contains(
            "{ given = \"Josiah\", family = \"Carberry\", orcid = \"0000-0002-1825-0097\" }"
        ),
        "{config}"
    );
    assert!(!config.contains("0098"), "{config}");
}

#[test]
fn the_sets_preface_and_sponsor_logos_come_along() {
    let ws = Workspace::new();
    copy_dir(
        &fixtures().join("aclpub2-sigdial2020"),
        &ws.path().join("sigdial"),
    );
    std::fs::create_dir_all(ws.path().join("sigdial/sponsor_logos")).unwrap();
    image::RgbImage::from_pixel(60, 30, image::Rgb([200, 30, 30]))
        .save(ws.path().join("sigdial/sponsor_logos/apple.png"))
        .unwrap();
    ws.write(
        "sigdial/prefaces/introduction.tex",
        "Welcome to \\textbf{SIGDIAL} 2020 --- the first one held online.\n\nWe thank 100\\% of our reviewers.\n",
    );
    let run = ws.run(&["import", "sigdial", "--out", "proj"]).success();
    assert!(
        run.stderr.contains("warning: 4 files the set names are not in `sigdial`: rasa.jpg, honda.png, toshiba.jpeg, boise.png\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("warning: invited_talks.yml: 2 invited talks not imported (not papers): “Invited 1”, “Invited 2”\n"),
        "{}",
        run.stderr
    );
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert!(
        config.contains("[[sponsor]]\nname = \"Apple (Gold)\"\nlogo = \"sponsors/apple.png\""),
        "{config}"
    );
    assert!(
        config.contains("preface = \"front/preface.md\""),
        "{config}"
    );
    ws.run(&["build", "proj"]).success();
    let text = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    assert!(text.contains("We thank 100% of our reviewers."), "{text}");
    assert!(
        text.contains("SIGDIAL 2020 — the first one held online."),
        "{text}"
    );
}

#[test]
fn titles_and_names_that_look_like_code_are_printed_as_written() {
    let ws = Workspace::new();
    let titles = [
        "#set page(width: 1cm) and #panic(\"x\")",
        "Rock & Roll: 100% of $HOME is `code` <b>bold</b> [link](x) \"quoted\"",
        "A = {x | x > 0}; #let y = 1",
    ];
    let papers: Vec<String> = (titles.iter().enumerate())
        .map(|(i, t)| {
            serde_json::json!({
                "pid": i + 1, "title": t, "status": "accept",
                "authors": [{"name": format!("#{i} O'Brien & \"Sons\" $x$")}]
            })
            .to_string()
        })
        .collect();
    ws.write("hotcrp.json", &format!("[{}]", papers.join(",")));
    ws.run(&["import", "hotcrp.json", "--out", "proj"])
        .success();
    ws.run(&["build", "proj", "--only", "proceedings"])
        .success();
    let text = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    let flat: String = text.split_whitespace().collect();
    for title in titles {
        let want: String = title.split_whitespace().collect();
        assert!(flat.contains(&want), "{title} in {text}");
    }
    assert!(flat.contains("#0O'Brien&\"Sons\"$x$"), "{text}");
}
