//! Changes since print: the synthetic programme is built, its
//! programme.json kept as the printed one, then changed (one talk cancelled,
//! one moved, one retitled, one added, a chair changed); the insert and the
//! terminal list hold each change with its label and the old booklet page.

use crate::common::{Pdf, Workspace};

#[test]
fn every_change_is_listed_with_its_old_page() {
    let ws = Workspace::synthetic();
    ws.run(&["build", "proj"]).success();
    std::fs::copy(
        ws.path().join("proj/out/programme.json"),
        ws.path().join("printed.json"),
    )
    .unwrap();
    let printed: serde_json::Value = serde_json::from_slice(&ws.read("printed.json")).unwrap();
    assert_eq!(printed["version"], 1);
    let page_of = |id: &str| {
        printed["contributions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()["booklet-page"]
            .as_u64()
            .expect("a booklet page")
    };
    // The page recorded is where the entry is printed.
    let booklet = Pdf::open(ws.path().join("proj/out/booklet.pdf")).page_texts();
    assert!(
        booklet[page_of("d1-s1-1-2") as usize - 1]
            .contains("Quantised Sound Synthesisers in Practice")
    );

    let toml = "proj/conference.toml";
    ws.edit(
        toml,
        "title = \"Verified Mesh Generators from First Principles\"",
        "title = \"Verified Mesh Generators, Revisited\"",
    );
    ws.edit(
        toml,
        "chairs = [\"Kalinda Abernathy\"]",
        "chairs = [\"Ada Lovelace\"]",
    );
    // Cancelled: the contribution's table is gone.
    let text = String::from_utf8(ws.read(toml)).unwrap();
    let cancelled = text
        .split("[[contribution]]")
        .find(|b| b.contains("id = \"d1-s1-1-2\""))
        .unwrap()
        .to_owned();
    ws.edit(toml, &format!("[[contribution]]{cancelled}"), "");
    // Moved to another room and time (out of its session's room, so it
    // leaves the session too).
    ws.edit(
        toml,
        "id = \"d1-s1-1-4\"\n",
        "id = \"d1-s1-1-4\"\nroom = \"Room 2\"\n",
    );
    let moved = String::from_utf8(ws.read(toml)).unwrap();
    let block = moved
        .split("[[contribution]]")
        .find(|b| b.contains("id = \"d1-s1-1-4\""))
        .unwrap()
        .to_owned();
    let start = block
        .lines()
        .find(|l| l.starts_with("start = "))
        .unwrap()
        .to_owned();
    ws.edit(toml, &block, &block.replace(&start, "start = \"17:40\""));
    ws.append(
        toml,
        "\n[[contribution]]\nid = \"late-addition\"\ntitle = \"A Late Addition\"\nday = 2031-09-15\nstart = \"18:10\"\nduration = 10\nroom = \"Aula\"\nauthors = [\"Ada Lovelace\"]\n",
    );
    let run = ws
        .run(&["build", "proj", "--changes-since", "printed.json"])
        .success();
    let stdout = &run.stdout;
    assert!(
        stdout.contains("5 changes since print:\n  Monday, 15 September\n"),
        "{stdout}"
    );
    for line in [
        format!(
            "    09:15  new chairs    d1-keynote “Opening Keynote”: Kalinda Abernathy → Ada Lovelace (booklet p. {})",
            printed["sessions"][0]["booklet-page"]
        ),
        format!(
            "    10:45  retitled      d1-s1-1-1 “Verified Mesh Generators, Revisited” (was Verified Mesh Generators from First Principles) (booklet p. {})",
            page_of("d1-s1-1-1")
        ),
        format!(
            "    11:07  cancelled     d1-s1-1-2 “Quantised Sound Synthesisers in Practice” (was 11:07, Aula) (booklet p. {})",
            page_of("d1-s1-1-2")
        ),
        format!(
            "    17:40  moved         d1-s1-1-4 “Incremental Ocean Models”: 11:51, Aula → 17:40, Room 2 (booklet p. {})",
            page_of("d1-s1-1-4")
        ),
        "    18:10  new           late-addition “A Late Addition”: Aula".to_owned(),
    ] {
        assert!(stdout.contains(&line), "{line}\nnot in\n{stdout}");
    }
    let insert = Pdf::open(ws.path().join("proj/out/changes.pdf"));
    let text = insert.text();
    for expected in [
        "Programme changes",
        "NEW CHAIRS",
        "Kalinda Abernathy → Ada Lovelace",
        "NEW TITLE",
        "CANCELLED",
        "Quantised Sound Synthesisers in Practice",
        "MOVED",
        "11:51, Aula → 17:40, Room 2",
        "NEW",
        "A Late Addition",
        &format!("p. {}", page_of("d1-s1-1-2")),
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    // The insert is the booklet's size.
    let booklet = Pdf::open(ws.path().join("proj/out/booklet.pdf"));
    let size = |pdf: &Pdf| {
        let page = pdf.doc.get_pages()[&1];
        format!(
            "{:?}",
            pdf.doc
                .get_dictionary(page)
                .unwrap()
                .get(b"MediaBox")
                .unwrap()
        )
    };
    assert_eq!(size(&insert), size(&booklet));

    // Compared with itself: nothing changed, no insert (the old one goes).
    std::fs::copy(
        ws.path().join("proj/out/programme.json"),
        ws.path().join("now.json"),
    )
    .unwrap();
    let run = ws
        .run(&["build", "proj", "--changes-since", "now.json"])
        .success();
    assert!(
        run.stdout
            .contains("no changes since print: no changes.pdf written"),
        "{}",
        run.stdout
    );
    assert!(!ws.path().join("proj/out/changes.pdf").exists());
}

#[test]
fn a_file_that_is_not_a_printed_programme_fails_cleanly() {
    let ws = Workspace::minimal();
    ws.run(&["build", "proj"]).success();
    let before = ws.read("proj/out/booklet.pdf");
    ws.write(
        "broken.json",
        "{\"generator\": \"confpress 0.1.0\",\n \"contributions\": [ {\"id\": 3} ]\n}\n",
    );
    let run = ws
        .run(&["build", "proj", "--changes-since", "broken.json"])
        .failure();
    assert!(
        run.stderr.starts_with("error: `broken.json` is not a confpress programme.json: invalid type: integer `3`, expected a string\n  ┌─ broken.json:2:28\n"),
        "{}",
        run.stderr
    );
    ws.write("other.json", "{\"title\": \"a web page's JSON\"}");
    let run = ws
        .run(&["build", "proj", "--changes-since", "other.json"])
        .failure();
    assert_eq!(
        run.stderr.lines().next().unwrap(),
        "error: `other.json` is not a confpress programme.json (it names no confpress generator)"
    );
    ws.write(
        "future.json",
        "{\"generator\": \"confpress 9.0.0\", \"version\": 7}",
    );
    let run = ws
        .run(&["build", "proj", "--changes-since", "future.json"])
        .failure();
    assert_eq!(
        run.stderr.lines().next().unwrap(),
        "error: `future.json` is a programme.json of version 7, newer than this confpress reads (1)"
    );
    assert_eq!(ws.read("proj/out/booklet.pdf"), before);
}
