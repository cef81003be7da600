//! `confpress watch` against every way editors save a file, with the project
//! named relatively and absolutely: each save must reach the PDF, however
//! many came before it.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::Workspace;
use crate::watching::{ProjectPath, Watching};

/// The ways editors and tools write a file.
#[derive(Debug, Clone, Copy)]
enum Save {
    /// Opens the file and overwrites it (no new inode).
    InPlace,
    /// Truncates, pauses, then writes: a reader can see the empty file.
    TruncateThenWrite,
    /// Writes a temporary file beside it and renames it over (`sed -i`,
    /// Python's `os.replace`, many editors' atomic save).
    RenameOver,
    /// Deletes the file, then writes it anew.
    DeleteThenRecreate,
    /// Vim with `backupcopy=no`: a swap file and a `4913` probe beside it,
    /// the original renamed to a `~` backup, a new file written, the backup
    /// removed.
    Vim,
    /// Emacs: an auto-save `#name#`, the original renamed to `name~` (kept),
    /// a new file written.
    Emacs,
    /// JetBrains "safe write": `name___jb_tmp___` written, the original
    /// renamed to `name___jb_old___`, the temporary renamed over, the old
    /// one removed.
    JetBrains,
}

impl Save {
    const ALL: [Save; 7] = [
        Save::InPlace,
        Save::TruncateThenWrite,
        Save::RenameOver,
        Save::DeleteThenRecreate,
        Save::Vim,
        Save::Emacs,
        Save::JetBrains,
    ];

    fn write(self, path: &Path, text: &str) {
        let beside = |suffix: &str| sibling(path, |name| format!("{name}{suffix}"));
        match self {
            Save::InPlace => {
                let mut file = OpenOptions::new().write(true).open(path).unwrap();
                file.write_all(text.as_bytes()).unwrap();
                file.set_len(text.len() as u64).unwrap();
            }
            Save::TruncateThenWrite => {
                let mut file = OpenOptions::new()
                    .write(true)
                    .truncate(true)
                    .open(path)
                    .unwrap();
                std::thread::sleep(Duration::from_millis(40));
                file.write_all(text.as_bytes()).unwrap();
            }
            Save::RenameOver => {
                let temporary = beside(".tmp");
                fs::write(&temporary, text).unwrap();
                fs::rename(&temporary, path).unwrap();
            }
            Save::DeleteThenRecreate => {
                fs::remove_file(path).unwrap();
                std::thread::sleep(Duration::from_millis(40));
                fs::write(path, text).unwrap();
            }
            Save::Vim => {
                let swap = sibling(path, |name| format!(".{name}.swp"));
                let probe = path.with_file_name("4913");
                let backup = beside("~");
                fs::write(&swap, "swap").unwrap();
                fs::write(&probe, "").unwrap();
                fs::remove_file(&probe).unwrap();
                fs::rename(path, &backup).unwrap();
                fs::write(path, text).unwrap();
                fs::remove_file(&backup).unwrap();
                fs::remove_file(&swap).unwrap();
            }
            Save::Emacs => {
                let autosave = sibling(path, |name| format!("#{name}#"));
                fs::write(&autosave, text).unwrap();
                fs::rename(path, beside("~")).unwrap();
                fs::write(path, text).unwrap();
                fs::remove_file(&autosave).unwrap();
            }
            Save::JetBrains => {
                let temporary = beside("___jb_tmp___");
                let old = beside("___jb_old___");
                fs::write(&temporary, text).unwrap();
                fs::rename(path, &old).unwrap();
                fs::rename(&temporary, path).unwrap();
                fs::remove_file(&old).unwrap();
            }
        }
    }
}

fn sibling(path: &Path, name: impl Fn(&str) -> String) -> PathBuf {
    let own = path.file_name().unwrap().to_str().unwrap();
    path.with_file_name(name(own))
}

/// The minimal project with an abstract in a subfolder and a booklet logo.
fn project() -> Workspace {
    let ws = Workspace::minimal();
    ws.extend_talk("abstract = \"abstracts/t1.md\"");
    ws.write("proj/abstracts/t1.md", "Abstract version zero.\n");
    ws.append(
        "proj/conference.toml",
        "\n[booklet]\nlogo = \"images/logo.svg\"\n",
    );
    ws.write("proj/images/logo.svg", &logo(0));
    ws
}

/// A logo whose colour differs with `n`.
fn logo(n: usize) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\">\
         <rect width=\"40\" height=\"20\" fill=\"#{:06x}\"/></svg>\n",
        n * 0x0b1f37 % 0xffffff
    )
}

/// The project's configuration with the talk titled `title`.
fn config_titled(ws: &Workspace, title: &str) -> String {
    let text = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    let talk = text.find("[[contribution]]").expect("the talk");
    let start = talk + text[talk..].find("title = ").expect("the talk's title");
    let end = start + text[start..].find('\n').unwrap();
    format!("{}title = \"{title}\"{}", &text[..start], &text[end..])
}

/// The built-in booklet template with a marker at its end, as a project's
/// own `templates/booklet.typ`.
fn template_marked(marker: &str) -> String {
    let builtin = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/booklet.typ");
    let text = fs::read_to_string(builtin).unwrap();
    format!("{text}\n#[{marker}]\n")
}

/// Every save style on the configuration, an abstract in a subfolder, an
/// image and a project template, in a row, each reaching the PDF; then
/// editors' side files alone rebuild nothing; a removed folder comes back;
/// and the last PDFs equal a fresh build's.
fn every_save_reaches_the_pdf(path: ProjectPath) {
    let ws = project();
    let watching = Watching::start_at(&ws, path, &[]);
    watching.expect_rebuilt("booklet.pdf", "first build");
    let proj = ws.path().join("proj");
    let config = proj.join("conference.toml");
    let mut n = 0;

    // The configuration: four rename-saves in a row, 0.3 s apart (the
    // reported sequence), then every style, then rename-saves again.
    let mut styles = vec![Save::RenameOver; 4];
    styles.extend(Save::ALL);
    styles.extend([Save::RenameOver, Save::InPlace, Save::RenameOver]);
    for style in styles {
        n += 1;
        let marker = format!("Talk{n:02}{style:?}");
        style.write(&config, &config_titled(&ws, &marker));
        let step = format!("{path:?} path, conference.toml saved {style:?} (save {n})");
        watching.expect_pdf_text(&ws, "proj/out/proceedings.pdf", &marker, &step);
        std::thread::sleep(Duration::from_millis(300));
    }

    // An abstract in a subfolder.
    for style in Save::ALL {
        n += 1;
        let marker = format!("Abstract{n:02}{style:?}");
        style.write(&proj.join("abstracts/t1.md"), &format!("{marker}.\n"));
        let step = format!("{path:?} path, abstracts/t1.md saved {style:?}");
        watching.expect_pdf_text(&ws, "proj/out/proceedings.pdf", &marker, &step);
    }

    // An image: the booklet changes.
    for style in Save::ALL {
        n += 1;
        let before = ws.read("proj/out/booklet.pdf");
        style.write(&proj.join("images/logo.svg"), &logo(n));
        let step = format!("{path:?} path, images/logo.svg saved {style:?}");
        watching.expect_rebuilt("booklet.pdf", &step);
        assert!(ws.read("proj/out/booklet.pdf") != before, "{step}");
    }

    // A project template, first created (its folder did not exist), then
    // saved in every style.
    n += 1;
    ws.write(
        "proj/templates/booklet.typ",
        &template_marked(&format!("Template{n:02}")),
    );
    let marker = format!("Template{n:02}");
    let step = format!("{path:?} path, templates/booklet.typ created");
    watching.expect_pdf_text(&ws, "proj/out/booklet.pdf", &marker, &step);
    for style in Save::ALL {
        n += 1;
        let marker = format!("Template{n:02}{style:?}");
        style.write(
            &proj.join("templates/booklet.typ"),
            &template_marked(&marker),
        );
        let step = format!("{path:?} path, templates/booklet.typ saved {style:?}");
        watching.expect_pdf_text(&ws, "proj/out/booklet.pdf", &marker, &step);
    }

    // Side files alone (swap, backup, temporary) rebuild nothing.
    std::thread::sleep(Duration::from_millis(300));
    watching.drain();
    ws.write("proj/.conference.toml.swp", "swap");
    ws.write("proj/conference.toml.tmp", "title = ");
    ws.write("proj/abstracts/t1.md~", "old");
    ws.write("proj/abstracts/.#t1.md", "lock");
    watching.expect_silence(Duration::from_millis(1500), "side files only");

    // The abstracts folder removed (an error), then restored.
    fs::remove_dir_all(proj.join("abstracts")).unwrap();
    watching.expect_stderr("error: abstract file `abstracts/t1.md` not found");
    n += 1;
    let marker = format!("Restored{n:02}");
    ws.write("proj/abstracts/t1.md", &format!("{marker}.\n"));
    let step = format!("{path:?} path, abstracts folder recreated");
    watching.expect_pdf_text(&ws, "proj/out/proceedings.pdf", &marker, &step);

    // What watch wrote last is what a fresh build makes of the files now.
    ws.run(&["build", "proj", "--out", "fresh"]).success();
    for pdf in ["booklet.pdf", "proceedings.pdf"] {
        assert!(
            ws.read(&format!("proj/out/{pdf}")) == ws.read(&format!("fresh/{pdf}")),
            "{path:?} path: the watched {pdf} is not the fresh build's"
        );
    }
}

#[test]
fn every_save_style_reaches_the_pdf_with_a_relative_project_path() {
    every_save_reaches_the_pdf(ProjectPath::Relative);
}

#[test]
fn every_save_style_reaches_the_pdf_with_an_absolute_project_path() {
    every_save_reaches_the_pdf(ProjectPath::Absolute);
}

/// Polling (`--poll`, for file systems that send no notifications) sees
/// the same saves.
#[test]
fn polling_sees_every_save_style() {
    let ws = project();
    let watching = Watching::start_at(&ws, ProjectPath::Relative, &["--poll"]);
    watching.expect_rebuilt("booklet.pdf", "first build");
    let config = ws.path().join("proj/conference.toml");
    for (n, style) in Save::ALL
        .into_iter()
        .chain([Save::RenameOver; 3])
        .enumerate()
    {
        let marker = format!("Polled{n:02}{style:?}");
        style.write(&config, &config_titled(&ws, &marker));
        let step = format!("--poll, conference.toml saved {style:?}");
        watching.expect_pdf_text(&ws, "proj/out/proceedings.pdf", &marker, &step);
    }
}

/// 200 edits mixing every save style on the configuration and an abstract,
/// each waited for: every one is rebuilt, none is lost, and the memory of
/// the watching process stays flat.
#[test]
fn soak_every_edit_is_rebuilt_and_memory_stays_flat() {
    let ws = project();
    let watching = Watching::start_at(&ws, ProjectPath::Relative, &[]);
    watching.expect_rebuilt("booklet.pdf", "first build");
    let proj = ws.path().join("proj");
    let mut warm = None;
    for n in 0..200 {
        let style = Save::ALL[n % Save::ALL.len()];
        let marker = format!("Soak{n:03}{style:?}");
        if n % 2 == 0 {
            style.write(&proj.join("conference.toml"), &config_titled(&ws, &marker));
        } else {
            style.write(&proj.join("abstracts/t1.md"), &format!("{marker}.\n"));
        }
        let step = format!("soak edit {n}, saved {style:?}");
        watching.expect_pdf_text(&ws, "proj/out/proceedings.pdf", &marker, &step);
        if n == 40 {
            warm = watching.resident_kib();
        }
    }
    if let (Some(warm), Some(last)) = (warm, watching.resident_kib()) {
        println!("resident memory: {warm} KiB after 40 edits, {last} KiB after 200");
        // Flat: Typst's caches are evicted after each build, so 160 more
        // builds may not add more than a little.
        assert!(
            last < warm + 16 * 1024,
            "memory grew from {warm} KiB after 40 edits to {last} KiB after 200"
        );
    }
}

/// A 24-bit BMP of one colour.
fn bmp(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    let row = (width * 3 + 3) & !3;
    let mut b = Vec::new();
    b.extend(b"BM");
    b.extend((54 + row * height).to_le_bytes());
    b.extend(0u32.to_le_bytes());
    b.extend(54u32.to_le_bytes());
    b.extend(40u32.to_le_bytes());
    b.extend(width.to_le_bytes());
    b.extend(height.to_le_bytes());
    b.extend(1u16.to_le_bytes());
    b.extend(24u16.to_le_bytes());
    b.extend(0u32.to_le_bytes());
    b.extend((row * height).to_le_bytes());
    b.extend(2835u32.to_le_bytes());
    b.extend(2835u32.to_le_bytes());
    b.extend([0u8; 8]);
    for _ in 0..height {
        for _ in 0..width {
            b.extend([rgb[2], rgb[1], rgb[0]]);
        }
        b.resize(b.len() + (row - width * 3) as usize, 0);
    }
    b
}

/// A logo confpress converts (a BMP, which Typst cannot embed) reaches Typst
/// as converted bytes, not as the project's file: its edits must rebuild
/// all the same.
#[test]
fn a_logo_confpress_converts_is_watched_too() {
    let ws = Workspace::minimal();
    ws.append(
        "proj/conference.toml",
        "\n[booklet]\nlogo = \"images/logo.bmp\"\n",
    );
    let logo = ws.path().join("proj/images/logo.bmp");
    fs::create_dir_all(logo.parent().unwrap()).unwrap();
    fs::write(&logo, bmp(480, 12, [200, 30, 30])).unwrap();
    let watching = Watching::start_at(&ws, ProjectPath::Relative, &[]);
    watching.expect_rebuilt("booklet.pdf", "first build");
    for (n, style) in [Save::InPlace, Save::RenameOver].into_iter().enumerate() {
        let before = ws.read("proj/out/booklet.pdf");
        let colour = [30, 60 + 80 * n as u8, 200];
        let bytes = bmp(480, 12, colour);
        if let Save::InPlace = style {
            fs::write(&logo, &bytes).unwrap();
        } else {
            let temporary = logo.with_extension("bmp.tmp");
            fs::write(&temporary, &bytes).unwrap();
            fs::rename(&temporary, &logo).unwrap();
        }
        let step = format!("images/logo.bmp saved {style:?}");
        watching.expect_rebuilt("booklet.pdf", &step);
        assert!(ws.read("proj/out/booklet.pdf") != before, "{step}");
    }
}

/// Truncate-and-write saves of the configuration, one after another: the
/// half-written file in between is never reported as an error (the failed
/// build is tried again once the rest of the save has arrived).
#[test]
fn truncate_and_write_saves_never_show_a_half_written_error() {
    let ws = Workspace::minimal();
    let watch = Watching::start(&ws);
    watch.expect_stdout("rebuilt ");
    let path = ws.path().join("proj/conference.toml");
    for round in 0..8 {
        let text = fs::read_to_string(&path).unwrap();
        let marker = format!("TRUNCATED{round}");
        let edited = match round {
            0 => text.replace("A Talk About Nothing", &marker),
            _ => text.replace(&format!("TRUNCATED{}", round - 1), &marker),
        };
        Save::TruncateThenWrite.write(&path, &edited);
        watch.expect_pdf_text(
            &ws,
            "proj/out/booklet.pdf",
            &marker,
            &format!("save {round}"),
        );
    }
    let errors: Vec<String> = watch.stderr_lines();
    assert!(
        errors.is_empty(),
        "errors shown for half-written saves: {errors:?}"
    );
}
