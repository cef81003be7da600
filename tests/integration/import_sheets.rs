//! `confpress import` of spreadsheet and folder exports of accepted papers
//! (issue 27): EasyChair's CSV (also as a spreadsheet program saves it
//! again, in Mac Roman or Windows-1252), Microsoft CMT's sheet, Softconf
//! START's proceedings folder and its spreadsheet.

use std::path::{Path, PathBuf};

use crate::common::{Pdf, Workspace, copy_dir};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/submissions")
        .join(name)
}

fn squashed(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Imports `name` (copied into the workspace) into `proj`; returns stderr.
fn import(ws: &Workspace, name: &str, expect: &str) -> String {
    let from = fixture(name);
    if from.is_dir() {
        copy_dir(&from, &ws.path().join(name));
    } else {
        std::fs::copy(&from, ws.path().join(name)).unwrap();
    }
    let run = ws.run(&["import", name, "--out", "proj"]).success();
    assert!(run.stdout.starts_with(expect), "{}", run.stdout);
    run.stderr
}

/// The proceedings' text, squashed.
fn proceedings(ws: &Workspace) -> String {
    ws.run(&["build", "proj", "--only", "proceedings"])
        .success();
    squashed(&Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text())
}

fn config(ws: &Workspace) -> String {
    String::from_utf8(ws.read("proj/conference.toml")).unwrap()
}

#[test]
fn easychair_csv_gives_every_paper_and_author() {
    let ws = Workspace::new();
    import(
        &ws,
        "easychair-computel8-2025-accepted.csv",
        "imported 30 papers in 0 sessions from easychair-computel8-2025-accepted.csv (EasyChair accepted-papers CSV)",
    );
    let config = config(&ws);
    assert_eq!(config.matches("kind = \"poster\"").count(), 10);
    assert!(
        config.contains(
            "authors = [\n  { name = \"Mengzhe Geng\" },\n  { name = \"Patrick Littell\" },\n  { name = \"Aidan Pine\" },\n  { name = \"Penáć\" },\n  { name = \"Marc Tessier\" },\n  { name = \"Roland Kuhn\" },\n]"
        ),
        "{config}"
    );
    assert!(
        config.contains("title = \"Supporting SENĆOŦEN Language Documentation Efforts with Automatic Speech Recognition\""),
        "{config}"
    );
    let text = proceedings(&ws);
    for needle in [
        "SENĆOŦEN",
        "Penáć",
        "Roland Kuhn",
        "Upper and Lower Sorbian",
    ] {
        assert!(text.contains(&squashed(needle)), "{needle}");
    }
}

#[test]
fn a_rejected_row_is_left_out_and_all_keeps_it() {
    let ws = Workspace::new();
    let csv = std::fs::read_to_string(fixture("easychair-computel8-2025-accepted.csv")).unwrap();
    let csv = csv.replacen("Either session,ACCEPT POSTER,", "Either session,REJECT,", 1);
    ws.write("accepted.csv", &csv);
    let run = ws
        .run(&["import", "accepted.csv", "--out", "proj"])
        .success();
    assert!(
        run.stdout.starts_with("imported 29 papers"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("warning: left out 1 paper with the decision “REJECT”: `3`\n"),
        "{}",
        run.stderr
    );
    let run = ws
        .run(&["import", "accepted.csv", "--out", "all", "--all"])
        .success();
    assert!(
        run.stdout.starts_with("imported 30 papers"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_csv_saved_again_in_mac_roman_or_windows_1252_keeps_its_names() {
    for (file, encoding) in [
        ("easychair-computel8-macroman.csv", "Mac Roman"),
        ("easychair-computel8-windows1252.csv", "Windows-1252"),
    ] {
        let ws = Workspace::new();
        let stderr = import(&ws, file, "imported 5 papers");
        assert!(
            stderr.contains(&format!(
                "warning: `{file}` is not UTF-8; it was read as {encoding}\n"
            )),
            "{stderr}"
        );
        let config = config(&ws);
        for name in [
            "María Ximena Juarez Huerta",
            "Christèle Maizonniaux",
            "Tsuut’ina",
            "Hän",
        ] {
            assert!(config.contains(name), "{name} in {config}");
        }
        let text = proceedings(&ws);
        assert!(text.contains(&squashed("María Ximena Juarez Huerta")));
    }
}

#[test]
fn cmt_sheet_gives_sessions_in_order_and_authors_with_affiliations() {
    let ws = Workspace::new();
    import(
        &ws,
        "cmt-ismir2023.csv",
        "imported 103 papers in 7 sessions from cmt-ismir2023.csv (Microsoft CMT submissions CSV)",
    );
    let config = config(&ws);
    let sessions: Vec<&str> = (config.lines())
        .filter(|l| l.starts_with("title = \"Session "))
        .collect();
    assert_eq!(
        sessions,
        [
            "title = \"Session I\"",
            "title = \"Session II\"",
            "title = \"Session III\"",
            "title = \"Session IV\"",
            "title = \"Session V\"",
            "title = \"Session VI\"",
            "title = \"Session VII\""
        ]
    );
    assert!(
        config.contains("{ given = \"Miguel\", family = \"Perez\", affiliations = [\"universitat-pompeu-fabra-huawei\"] }"),
        "{config}"
    );
    let text = proceedings(&ws);
    assert!(text.contains(&squashed("TriAD: Capturing Harmonics With 3D Convolutions")));
}

#[test]
fn start_final_export_gives_the_workshop_volume() {
    let ws = Workspace::new();
    import(
        &ws,
        "start-calcs2018",
        "imported 21 papers in 4 sessions from start-calcs2018 (Softconf START proceedings export)",
    );
    let config = config(&ws);
    assert!(config.contains("start = 2018-07-19"), "{config}");
    assert!(
        config.contains("venue = \"Melbourne, Australia\""),
        "{config}"
    );
    assert!(config.contains("editors = [\"Gustavo Aguilar\", \"Fahad AlGhamdi\", \"Victor Soto\", \"Thamar Solorio\", \"Mona Diab\", \"Julia Hirschberg\"]"), "{config}");
    // The programme's order: papers 1 and 3 in the first session, 4, 8 and
    // 19 in the second.
    let ids: Vec<&str> = (config.lines())
        .filter_map(|l| l.strip_prefix("id = \""))
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(&ids[..5], ["1\"", "3\"", "4\"", "8\"", "19\""]);
    assert!(config.contains("chairs = [\"Thamar Solorio\"]"), "{config}");
    let text = proceedings(&ws);
    assert!(text.contains(&squashed(
        "Joint Part-of-Speech and Language ID Tagging for Code-Switched Data"
    )));
    assert!(text.contains(&squashed("Julia Hirschberg")));
}

#[test]
fn a_start_sheet_with_a_quote_left_open_is_imported_with_a_warning() {
    let ws = Workspace::new();
    let stderr = import(&ws, "start-emnlp2022-spreadsheet.csv", "imported 1 paper");
    assert!(
        stderr.contains(
            "warning: paper `108` of `start-emnlp2022-spreadsheet.csv` (record 2) has 8 of the 256 columns (a quote left open in the cell before?); it is imported with what is there\n"
        ),
        "{stderr}"
    );
}

#[test]
fn a_zip_of_a_start_export_is_read_like_the_folder() {
    use std::io::Write;
    let ws = Workspace::new();
    let root = fixture("start-calcs2018");
    let file = std::fs::File::create(ws.path().join("calcs.zip")).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let inside = Path::new("calcs").join(path.strip_prefix(&root).unwrap());
            zip.start_file(inside.to_string_lossy().replace('\\', "/"), options)
                .unwrap();
            zip.write_all(&std::fs::read(&path).unwrap()).unwrap();
        }
    }
    zip.finish().unwrap();
    let run = ws.run(&["import", "calcs.zip", "--out", "proj"]).success();
    assert!(
        run.stdout.starts_with(
            "imported 21 papers in 4 sessions from calcs.zip (Softconf START proceedings export)"
        ),
        "{}",
        run.stdout
    );
    ws.run(&["build", "proj", "--only", "proceedings"])
        .success();
    // Not a zip of an export: an error that says so.
    let file = std::fs::File::create(ws.path().join("other.zip")).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    zip.start_file("notes.txt", options).unwrap();
    zip.write_all(b"nothing").unwrap();
    zip.finish().unwrap();
    let run = ws.run(&["import", "other.zip", "--out", "p2"]).failure();
    assert!(
        run.stderr.starts_with(
            "error: `other.zip` holds no submission system's export that confpress reads\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn easychairs_html_list_gives_numbered_papers_with_plain_names() {
    let ws = Workspace::new();
    import(
        &ws,
        "easychair-eamt2023-accepted-list.html",
        "imported 60 papers in 0 sessions from easychair-eamt2023-accepted-list.html (EasyChair list of accepted submissions (HTML))",
    );
    let config = config(&ws);
    // A name linked to its web page is the name.
    assert!(
        config.contains("id = \"1\"\ntitle = \"Tailoring Domain Adaptation for Machine Translation Quality Estimation\"\nauthors = [\n  { name = \"Javad Pourmostafa Roshan Sharami\" },"),
        "{config}"
    );
    assert!(!config.contains("https://"), "{config}");
    let text = proceedings(&ws);
    assert!(text.contains(&squashed("Frédéric Blain")));
}

#[test]
fn aclpub_db_and_easy2acl_tsv_keep_their_order_and_sections() {
    let ws = Workspace::new();
    import(
        &ws,
        "aclpub-acl2018-demos-db.txt",
        "imported 24 papers in 0 sessions from aclpub-acl2018-demos-db.txt (ACLPUB db file)",
    );
    let config = config(&ws);
    assert!(
        config.contains("title = \"Platforms for Non-speakers Annotating Names in Any Language\"\nauthors = [\n  { given = \"Ying\", family = \"Lin\" },\n  { given = \"Cash\", family = \"Costello\" },"),
        "{config}"
    );
    proceedings(&ws);

    let ws = Workspace::new();
    import(
        &ws,
        "easy2acl-eamt2023-papers.tsv",
        "imported 61 papers in 5 sessions from easy2acl-eamt2023-papers.tsv (easy2acl papers.tsv)",
    );
    let tsv = self::config(&ws);
    assert!(
        tsv.contains("title = \"EAMT 2023 Best Thesis Award --- Anthony C Clarke Award\""),
        "{tsv}"
    );
    assert!(tsv.contains("id = \"6419-2\"\nsession = \"s1\""), "{tsv}");
    proceedings(&ws);
}

#[test]
fn a_committee_table_joins_a_project_without_its_addresses() {
    let ws = Workspace::new();
    ws.write(
        "proj/conference.toml",
        "[conference]\ntitle = \"W\"\nstart = 2025-03-04\n\n[[committee]]\nrole = \"Programme committee\"\nmembers = [\"Old Member\"]\n\n[[committee]]\nrole = \"Local organisers\"\nmembers = [\"Kept Person\"]\n",
    );
    std::fs::copy(
        fixture("easychair-computel8-2025-pc.csv"),
        ws.path().join("pc.csv"),
    )
    .unwrap();
    let run = ws.run(&["import", "pc.csv", "--into", "proj"]).success();
    assert!(
        run.stdout.starts_with("joined 0 papers and 2 committees from pc.csv (EasyChair programme-committee CSV) to proj\n"),
        "{}",
        run.stdout
    );
    let config = config(&ws);
    assert!(!config.contains("Old Member"), "{config}");
    assert!(config.contains("Kept Person"), "{config}");
    assert!(
        config.contains("\"Milind Agarwal, George Mason University\""),
        "{config}"
    );
    assert!(!config.contains('@'), "{config}");
    assert_eq!(config.matches("[[committee]]").count(), 3);
}

#[test]
fn easychairs_paired_csvs_in_a_folder_give_papers_and_committees() {
    let ws = Workspace::new();
    std::fs::create_dir_all(ws.path().join("easychair")).unwrap();
    for (from, to) in [
        ("easychair-computel8-2025-accepted.csv", "accepted.csv"),
        ("easychair-computel8-2025-pc.csv", "pc.csv"),
    ] {
        std::fs::copy(fixture(from), ws.path().join("easychair").join(to)).unwrap();
    }
    ws.write("easychair/notes.txt", "not an export\n");
    let run = ws.run(&["import", "easychair", "--out", "proj"]).success();
    assert!(
        run.stdout.starts_with("imported 30 papers and 2 committees in 0 sessions from easychair (EasyChair accepted-papers CSV)"),
        "{}",
        run.stdout
    );
    let text = proceedings(&ws);
    assert!(text.contains(&squashed("Godfred Agyapong, University of Florida")));
}
