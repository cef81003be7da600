//! Every class of user mistake: one message with file, line, column and the
//! offending line, a non-zero exit, and the PDFs of the last good build left
//! exactly as they were.

use crate::common::{Pdf, Workspace};

/// Builds the minimal project, applies `breakage`, builds again, and checks
/// that the build fails with exactly `expected` on stderr while the earlier
/// PDFs survive byte for byte.
#[track_caller]
fn fails_and_keeps_pdfs(breakage: impl FnOnce(&Workspace), expected: &str) {
    let ws = Workspace::minimal();
    ws.run(&["build", "proj"]).success();
    let booklet = ws.read("proj/out/booklet.pdf");
    let proceedings = ws.read("proj/out/proceedings.pdf");

    breakage(&ws);
    let run = ws.run(&["build", "proj"]).failure();
    assert_eq!(
        run.stderr.trim_end(),
        expected.trim_end(),
        "\nactual stderr:\n{}",
        run.stderr
    );
    assert!(
        run.stdout.is_empty(),
        "nothing is reported as written: {}",
        run.stdout
    );
    assert!(
        ws.read("proj/out/booklet.pdf") == booklet,
        "booklet.pdf was touched"
    );
    assert!(
        ws.read("proj/out/proceedings.pdf") == proceedings,
        "proceedings.pdf was touched"
    );
    let mut leftovers: Vec<String> = std::fs::read_dir(ws.path().join("proj/out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    leftovers.sort();
    assert_eq!(
        leftovers,
        ["booklet.pdf", "proceedings.pdf", "programme.json"],
        "no temporary files are left behind"
    );
}

const CONFIG: &str = "proj/conference.toml";

#[test]
fn toml_syntax_error() {
    fails_and_keeps_pdfs(
        |ws| {
            ws.edit(CONFIG, "Small Things\"", "Small Things");
        },
        r#"
error: invalid basic string, expected `"`
  ┌─ proj/conference.toml:2:39
  │
2 │ title = "Test Workshop on Small Things
  │                                       ^
  │
  = hint: close the string on the same line, or use triple quotes ("""…""") for text over several lines
"#
        .trim_start(),
    );
}

#[test]
fn wrong_type() {
    fails_and_keeps_pdfs(
        |ws| {
            ws.edit(CONFIG, "number = 1", "number = \"one\"");
        },
        r#"
error: invalid type: string "one", expected a whole number
  ┌─ proj/conference.toml:8:10
  │
8 │ number = "one"
  │          ^^^^^
"#
        .trim_start(),
    );
}

#[test]
fn unknown_key() {
    fails_and_keeps_pdfs(
        |ws| {
            ws.edit(CONFIG, "title = \"Test Workshop", "titel = \"Test Workshop");
        },
        r#"
error: unknown field `titel`, expected one of `title`, `short-title`, `subtitle`, `start`, `end`, `day-change`, `venue`, `url`, `time-zone`, `lang`, `keywords`, `editors`, `welcome`, `document-date`, `index-particles`
  ┌─ proj/conference.toml:2:1
  │
2 │ titel = "Test Workshop on Small Things"
  │ ^^^^^
  │
  = hint: did you mean `title`?
"#
        .trim_start(),
    );
}

#[test]
fn missing_abstract_file() {
    fails_and_keeps_pdfs(
        |ws| {
            ws.extend_talk("abstract = \"abstracts/missing.md\"");
        },
        r#"
error: abstract file `abstracts/missing.md` not found
   ┌─ proj/conference.toml:16:12
   │
16 │ abstract = "abstracts/missing.md"
   │            ^^^^^^^^^^^^^^^^^^^^^^
   │
   = hint: paths are relative to the folder that holds conference.toml
"#
        .trim_start(),
    );
}

#[test]
fn duplicate_id() {
    fails_and_keeps_pdfs(
        |ws| {
            ws.extend_talk("\n[[contribution]]\nid = \"t1\"\ntitle = \"Again\"");
        },
        r#"
error: duplicate contribution id `t1`
   ┌─ proj/conference.toml:18:6
   │
18 │ id = "t1"
   │      ^^^^
   │
   = first used at proj/conference.toml:12:6
"#
        .trim_start(),
    );
}

#[test]
fn unknown_reference() {
    fails_and_keeps_pdfs(
        |ws| {
            ws.edit(CONFIG, "session = \"s1\"", "session = \"s9\"");
        },
        r#"
error: contribution `t1` refers to session `s9`, which is not declared
   ┌─ proj/conference.toml:13:11
   │
13 │ session = "s9"
   │           ^^^^
   │
   = hint: did you mean `s1`?
"#
        .trim_start(),
    );
}

#[test]
fn unknown_affiliation() {
    fails_and_keeps_pdfs(
        |ws| {
            ws.edit(
                CONFIG,
                "authors = [\"Ada Lovelace\"]",
                "authors = [{ name = \"Ada Lovelace\", affiliations = [\"ucl\"] }]",
            );
        },
        r#"
error: affiliation `ucl` is not declared
   ┌─ proj/conference.toml:15:53
   │
15 │ authors = [{ name = "Ada Lovelace", affiliations = ["ucl"] }]
   │                                                     ^^^^^
   │
   = hint: declare it with an [[affiliation]] table and this id
"#
        .trim_start(),
    );
}

#[test]
fn session_ending_before_it_starts() {
    fails_and_keeps_pdfs(
        |ws| {
            ws.edit(
                CONFIG,
                "title = \"First Session\"",
                "title = \"First Session\"\nstart = \"14:00\"\nend = \"13:30\"",
            );
        },
        r#"
error: session `s1` ends at 13:30 but starts at 14:00
   ┌─ proj/conference.toml:11:7
   │
11 │ end = "13:30"
   │       ^^^^^^^
   │
   = hint: the end must be after the start
"#
        .trim_start(),
    );
}

#[test]
fn malformed_date() {
    fails_and_keeps_pdfs(
        |ws| {
            ws.edit(CONFIG, "end = 2024-05-07", "end = \"May 7th\"");
        },
        r#"
error: `end` must be a date such as 2023-02-22
  ┌─ proj/conference.toml:4:7
  │
4 │ end = "May 7th"
  │       ^^^^^^^^^
"#
        .trim_start(),
    );
}

#[test]
fn typst_error_in_an_abstract() {
    fails_and_keeps_pdfs(
        |ws| {
            ws.extend_talk("abstract = \"abstracts/t1.typ\"");
            ws.write(
                "proj/abstracts/t1.typ",
                "We study $x$.\n\nSee #undefinedthing for details.\n",
            );
        },
        r#"
error: unknown variable: undefinedthing
  ┌─ proj/abstracts/t1.typ:3:6
  │
3 │ See #undefinedthing for details.
  │      ^^^^^^^^^^^^^^
"#
        .trim_start(),
    );
}

#[test]
fn typst_error_in_a_project_template() {
    fails_and_keeps_pdfs(
        |ws| {
            ws.write(
                "proj/templates/booklet.typ",
                "#import \"lib.typ\": *\n= #conf.title\n#conf.no-such-key\n",
            );
        },
        r#"
error: dictionary does not contain key "no-such-key"
  ┌─ proj/templates/booklet.typ:3:7
  │
3 │ #conf.no-such-key
  │       ^^^^^^^^^^^
"#
        .trim_start(),
    );
}

#[test]
fn abstracts_cannot_read_outside_the_project() {
    fails_and_keeps_pdfs(
        |ws| {
            ws.extend_talk("abstract = \"t1.typ\"");
            ws.write("secret.txt", "secret");
            ws.write("proj/t1.typ", "#read(\"../secret.txt\")\n");
        },
        r#"
error: path `"../secret.txt"` would escape the project root
  ┌─ proj/t1.typ:1:7
  │
1 │ #read("../secret.txt")
  │       ^^^^^^^^^^^^^^^
  │
  = hint: cannot access files outside of the project sandbox
"#
        .trim_start(),
    );
}

#[cfg(unix)]
#[test]
fn symlinks_cannot_lead_out_of_the_project() {
    fails_and_keeps_pdfs(
        |ws| {
            ws.extend_talk("abstract = \"t1.typ\"");
            ws.write("secret.txt", "secret");
            std::os::unix::fs::symlink(
                ws.path().join("secret.txt"),
                ws.path().join("proj/link.txt"),
            )
            .unwrap();
            ws.write("proj/t1.typ", "#read(\"link.txt\")\n");
        },
        r#"
error: failed to load file (access denied)
  ┌─ proj/t1.typ:1:7
  │
1 │ #read("link.txt")
  │       ^^^^^^^^^^
"#
        .trim_start(),
    );
}

#[test]
fn packages_are_refused_with_a_hint() {
    fails_and_keeps_pdfs(
        |ws| {
            ws.extend_talk("abstract = \"t1.typ\"");
            ws.write("proj/t1.typ", "#import \"@preview/cetz:0.3.0\"\n");
        },
        r#"
error: failed to load package (confpress does not load packages (@preview/cetz:0.3.0); copy what you need into the project folder)
  ┌─ proj/t1.typ:1:9
  │
1 │ #import "@preview/cetz:0.3.0"
  │         ^^^^^^^^^^^^^^^^^^^^^
  │
  = hint: confpress works offline: Typst Universe packages are not available
"#
        .trim_start(),
    );
}

#[test]
fn several_model_errors_are_reported_together() {
    let ws = Workspace::minimal();
    ws.edit(CONFIG, "session = \"s1\"", "session = \"nope\"");
    ws.edit(
        CONFIG,
        "title = \"First Session\"",
        "title = \"First Session\"\nday = \"tomorrow\"",
    );
    let run = ws.run(&["check", "proj"]).failure();
    assert_eq!(run.stderr.matches("error:").count(), 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("proj/conference.toml:10:7"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("proj/conference.toml:14:11"),
        "{}",
        run.stderr
    );
}

#[test]
fn typst_math_in_markdown_that_does_not_parse_is_a_warning_at_the_markdown() {
    let ws = Workspace::minimal();
    ws.extend_talk("abstract = \"abstracts/t1.md\"");
    ws.write(
        "proj/abstracts/t1.md",
        "Fine $x^2$.\n\nBroken: $sqrt(x$ here.\n",
    );
    let run = ws.run(&["build", "proj"]).success();
    assert!(
        run.stderr.starts_with(
            "warning: this Typst math does not parse: unclosed delimiter\n  ┌─ proj/abstracts/t1.md:3:10\n"
        ),
        "{}",
        run.stderr
    );
    let text = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    assert!(text.contains("Broken: $sqrt(x$ here."), "{text}");
    ws.run(&["build", "--strict", "proj"]).failure();
}

#[test]
fn a_duration_past_midnight() {
    fails_and_keeps_pdfs(
        |ws| {
            ws.extend_talk("start = \"23:30\"\nduration = 45");
        },
        r#"
error: a duration of 45 minutes from 23:30 does not end on the same day
   ┌─ proj/conference.toml:17:12
   │
17 │ duration = 45
   │            ^^
"#
        .trim_start(),
    );
}

#[test]
fn a_day_change_that_is_no_time() {
    fails_and_keeps_pdfs(
        |ws| {
            ws.edit(
                CONFIG,
                "end = 2024-05-07\n",
                "end = 2024-05-07\nday-change = \"25:00\"\n",
            );
        },
        r#"
error: `day-change` must be a time of day such as 09:30
  ┌─ proj/conference.toml:5:14
  │
5 │ day-change = "25:00"
  │              ^^^^^^^
"#
        .trim_start(),
    );
}
