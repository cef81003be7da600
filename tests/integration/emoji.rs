//! Emoji in titles and abstracts, as real community schedules write them:
//! each drawn in the bundled Noto Emoji (no empty box, no warning, on any
//! machine), joiner sequences and flags kept whole.

use crate::common::{Pdf, Workspace};

/// A rocket, a telephone with its emoji variation selector, the transgender
/// flag (a joiner sequence) and Scotland's flag (tag characters).
const TITLE: &str = "🚀 Launch, ☎️ Call, 🏳️‍⚧️ Pride and 🏴󠁧󠁢󠁳󠁣󠁴󠁿 Flags";

fn project() -> Workspace {
    let ws = Workspace::new();
    ws.write(
        "proj/conference.toml",
        &format!(
            r#"[conference]
title = "Emoji Camp 💌"
start = 2024-05-06

[[session]]
id = "s1"
title = "Popcorn 🍿 Session"

[[contribution]]
id = "t1"
session = "s1"
title = "{TITLE}"
authors = ["Ada Lovelace"]
abstract = "abstracts/t1.md"
"#
        ),
    );
    ws.write("proj/abstracts/t1.md", "We met at 👩‍🔬 night 🚀.\n");
    ws
}

#[test]
fn emoji_print_in_both_documents_without_a_warning() {
    let ws = project();
    let run = ws
        .run(&["build", "proj", "--ignore-system-fonts", "--strict"])
        .success();
    assert_eq!(run.stderr, "", "no warning at all");
    for document in ["booklet", "proceedings"] {
        let pdf = Pdf::open(ws.path().join(format!("proj/out/{document}.pdf")));
        let text = pdf.text();
        // The title whole: the joiner and the tags were not taken out.
        assert!(text.contains(TITLE), "{document}: {text}");
        assert!(
            pdf.fonts().iter().any(|f| f.contains("NotoEmoji")),
            "{document}: {:?}",
            pdf.fonts()
        );
    }
    let proceedings = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    assert!(proceedings.contains("👩‍🔬 night 🚀"), "{proceedings}");
}

/// A character no font has, followed by the emoji variation selector: the
/// warning names the character, not the selector (which draws nothing).
#[test]
fn a_variation_selector_is_never_reported_as_undrawable() {
    let ws = project();
    ws.edit(
        "proj/conference.toml",
        "Ada Lovelace",
        "Ada \u{378}\u{fe0f} Lovelace",
    );
    let run = ws
        .run(&["build", "proj", "--ignore-system-fonts"])
        .success();
    assert!(
        run.stderr.contains(
            "has characters no font can draw: \u{378} (U+0378); they print as empty boxes"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("FE0F"), "{}", run.stderr);
}
