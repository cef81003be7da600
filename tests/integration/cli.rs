//! The command line: commands, options, exit codes, what is written where.

use crate::common::{Pdf, Workspace, run_with_env};

#[test]
fn help_is_available_for_every_command() {
    let ws = Workspace::new();
    let top = ws.run(&["--help"]).success();
    for command in ["build", "check", "init"] {
        assert!(top.stdout.contains(command), "{}", top.stdout);
        let help = ws.run(&[command, "--help"]).success();
        assert!(
            help.stdout.contains(&format!("Usage: confpress {command}")),
            "{}",
            help.stdout
        );
    }
    let build = ws.run(&["build", "--help"]).success();
    for option in ["--out", "--only", "[DIR]"] {
        assert!(build.stdout.contains(option), "{}", build.stdout);
    }
}

#[test]
fn bad_arguments_exit_with_usage_error() {
    let ws = Workspace::new();
    let run = ws.run(&["build", "--only", "poster"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("invalid value 'poster'"),
        "{}",
        run.stderr
    );
}

#[test]
fn init_writes_a_project_that_builds_and_refuses_to_overwrite() {
    let ws = Workspace::new();
    let run = ws.run(&["init", "newconf"]).success();
    assert_eq!(
        run.stdout,
        "wrote newconf/conference.toml\nbuild it with: confpress build newconf\n"
    );
    let built = ws.run(&["build", "newconf"]).success();
    assert!(
        built.stdout.starts_with("wrote newconf/out/booklet.pdf ("),
        "{}",
        built.stdout
    );
    assert!(
        built.stdout.contains("wrote newconf/out/proceedings.pdf ("),
        "{}",
        built.stdout
    );
    assert!(
        Pdf::open(ws.path().join("newconf/out/booklet.pdf"))
            .text()
            .contains("Enzyme Conference 2023")
    );

    let again = ws.run(&["init", "newconf"]).failure();
    assert_eq!(
        again.stderr.trim_end(),
        "error: `newconf/conference.toml` already exists\n = hint: choose a new or empty folder; confpress init never overwrites a project"
    );
}

#[test]
fn check_validates_without_writing() {
    let ws = Workspace::minimal();
    let run = ws.run(&["check", "proj"]).success();
    assert!(
        run.stdout
            .starts_with("checked 1 session, 1 contribution, 2 documents in "),
        "{}",
        run.stdout
    );
    assert!(!ws.path().join("proj/out").exists());
}

#[test]
fn only_and_out_choose_what_and_where() {
    let ws = Workspace::minimal();
    ws.run(&["build", "proj", "--only", "booklet", "--out", "printed"])
        .success();
    assert!(ws.path().join("printed/booklet.pdf").exists());
    assert!(!ws.path().join("printed/proceedings.pdf").exists());
    assert!(!ws.path().join("proj/out").exists());
}

#[test]
fn missing_project_is_a_clear_error() {
    let ws = Workspace::new();
    let run = ws.run(&["build", "nowhere"]).failure();
    assert_eq!(
        run.stderr.trim_end(),
        "error: project folder `nowhere` does not exist"
    );
    std::fs::create_dir(ws.path().join("empty")).unwrap();
    let run = ws.run(&["build", "empty"]).failure();
    assert_eq!(
        run.stderr.trim_end(),
        "error: no conference.toml in `empty`\n = hint: create a project with `confpress init empty`"
    );
}

#[test]
fn document_date_defaults_to_the_last_day_and_follows_source_date_epoch() {
    let ws = Workspace::minimal();
    ws.run(&["build", "proj"]).success();
    let info = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).info();
    assert_eq!(info["CreationDate"], "D:20240507000000Z");

    run_with_env(
        ws.path(),
        &["build", "proj"],
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    )
    .success();
    let info = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).info();
    assert_eq!(info["CreationDate"], "D:20231114000000Z");

    let bad = run_with_env(
        ws.path(),
        &["build", "proj"],
        &[("SOURCE_DATE_EPOCH", "yesterday")],
    )
    .failure();
    assert!(
        bad.stderr.contains("SOURCE_DATE_EPOCH is `yesterday`"),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_project_template_overrides_the_built_in_one() {
    let ws = Workspace::minimal();
    ws.write(
        "proj/templates/booklet.typ",
        "#import \"lib.typ\": *\n#set page(paper: \"a6\")\nCustom booklet for #conf.title, #data.contributions.len() talk.\n",
    );
    ws.run(&["build", "proj"]).success();
    let booklet = Pdf::open(ws.path().join("proj/out/booklet.pdf"));
    assert_eq!(booklet.page_count(), 1);
    assert!(
        booklet
            .text()
            .contains("Custom booklet for Test Workshop on Small Things, 1 talk.")
    );
    // The proceedings still use the built-in template.
    assert!(
        Pdf::open(ws.path().join("proj/out/proceedings.pdf"))
            .text()
            .contains("Contents")
    );
}

#[test]
fn the_readme_example_builds() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("```toml\n").expect("a toml example") + "```toml\n".len();
    let example = &readme[start..start + readme[start..].find("```").unwrap()];
    let ws = Workspace::new();
    ws.write("proj/conference.toml", example);
    ws.write("proj/abstracts/silva.md", "Small things *matter*.\n");
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>"#;
    ws.write("proj/images/logo.svg", svg);
    ws.write("proj/images/fund.svg", svg);
    ws.run(&["build", "proj"]).success();
    let text = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    for expected in [
        "Why Small Things Matter",
        "Universidade de Lisboa",
        "Small things matter",
        "KEYNOTE",
        "and how to count them",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    let ics = String::from_utf8(ws.read("proj/out/programme.ics")).unwrap();
    assert!(
        ics.contains("DTSTART;TZID=Europe/Lisbon:20240506T091500\r\n"),
        "{ics}"
    );
    assert!(
        ics.contains("DTEND;TZID=Europe/Lisbon:20240506T100000\r\n"),
        "{ics}"
    );
}

#[test]
fn eject_writes_a_typst_project_the_stock_cli_compiles() {
    let ws = Workspace::synthetic();
    let run = ws.run(&["eject", "proj", "--out", "ejected"]).success();
    assert!(run.stdout.starts_with("wrote "), "{}", run.stdout);
    let commands: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("  typst compile"))
        .map(str::trim)
        .collect();
    assert_eq!(commands.len(), 2, "{}", run.stdout);
    for file in [
        "templates/lib.typ",
        "templates/booklet.typ",
        "templates/proceedings.typ",
        ".confpress/programme.json",
        ".confpress/abstracts/d1-s1-1-4.typ",
        "abstracts/d1-s1-1-2.typ",
        "images/logo.svg",
        "refs/imaginary.bib",
        "fonts/CharisSIL-Regular.ttf",
        "fonts/Inter-Bold.otf",
        "README.txt",
    ] {
        assert!(
            ws.path().join("ejected").join(file).is_file(),
            "{file} missing"
        );
    }
    // Ejecting twice into the same folder is refused.
    let again = ws.run(&["eject", "proj", "--out", "ejected"]).failure();
    assert!(
        again.stderr.starts_with("error: `ejected` is not empty"),
        "{}",
        again.stderr
    );

    // With the stock Typst CLI at hand, the ejected project gives the same text.
    let typst = std::env::var_os("TYPST")
        .map(std::path::PathBuf::from)
        .or_else(|| which("typst"));
    let Some(typst) = typst else {
        eprintln!("skipped: no `typst` on PATH (or TYPST) to compile the ejected project");
        return;
    };
    ws.run(&["build", "proj"]).success();
    for command in commands {
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let status = std::process::Command::new(&typst)
            .args(&args)
            .current_dir(ws.path().join("ejected"))
            .status()
            .unwrap();
        assert!(status.success(), "{command}");
    }
    for name in ["booklet.pdf", "proceedings.pdf"] {
        let ours = Pdf::open(ws.path().join("proj/out").join(name)).text();
        let theirs = Pdf::open(ws.path().join("ejected").join(name)).text();
        assert_eq!(ours, theirs, "{name}");
    }
}

fn which(program: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| std::path::Path::new(dir).join(program))
        .find(|p| p.is_file())
}

/// Progress: nothing extra when the output is not a terminal; `--verbose`
/// tells each step with the time so far (parts of a large volume with the
/// pages so far); `--quiet` prints only problems.
#[test]
fn progress_is_shown_only_when_asked_or_on_a_terminal() {
    let ws = Workspace::synthetic();
    let run = ws.run(&["build", "proj"]).success();
    assert!(!run.stderr.contains("typesetting"), "{}", run.stderr);
    let run = ws
        .run(&[
            "build",
            "proj",
            "--verbose",
            "--part-size",
            "8",
            "--only",
            "proceedings",
        ])
        .success();
    let steps: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with('[')).collect();
    assert!(
        steps.first().is_some_and(|l| l.ends_with("] loading")),
        "{steps:?}"
    );
    assert!(
        steps
            .iter()
            .any(|l| l.ends_with("] typesetting the proceedings: part 1 of 8, 0 pages so far")),
        "{steps:?}"
    );
    assert!(
        steps
            .iter()
            .any(|l| l.contains("] typesetting the proceedings: part 8 of 8, ")),
        "{steps:?}"
    );
    assert!(
        steps.last().is_some_and(|l| l.ends_with("] writing")),
        "{steps:?}"
    );
    let run = ws.run(&["build", "proj", "--quiet"]).success();
    assert_eq!(run.stdout, "");
    // Problems still show.
    assert!(
        run.stderr.contains("speaks in two rooms at once"),
        "{}",
        run.stderr
    );
}
