//! User text is data: characters that mean something to Typst come out as
//! typed, in titles, names and abstracts of every format.

use crate::common::{Pdf, Workspace};

const TITLE: &str = r#"Costs & #hashtags: $5 *not bold* _not emph_ @not-ref <not-label> [brackets] back\slash "quoted" naïve Ünïcödé Straße"#;
const AUTHOR: &str = r#"Zoë "Z." Ångström-Øberg"#;

fn project() -> Workspace {
    let ws = Workspace::new();
    ws.write(
        "proj/conference.toml",
        &format!(
            r#"[conference]
title = '{TITLE}'
start = 2024-05-06

[[session]]
id = "s1"
title = 'Session #1 $x$ <y> [z]'

[[contribution]]
id = "t1"
session = "s1"
title = '{TITLE}'
authors = ['{AUTHOR}', {{ name = "José Müller", presenter = true }}]
abstract = "abstracts/plain.txt"

[[contribution]]
id = "t2"
session = "s1"
title = "Markdown"
authors = ["Ada Lovelace"]
abstract = "abstracts/marked.md"

[[contribution]]
id = "t3"
session = "s1"
title = "Typst"
authors = ["Ada Lovelace"]
abstract = "abstracts/typeset.typ"
"#
        ),
    );
    ws.write(
        "proj/abstracts/plain.txt",
        "Plain text with #panic(\"boom\") and $x$ and *stars* and <tag> and @ref.\n\n// not a comment\n= not a heading\n",
    );
    ws.write(
        "proj/abstracts/marked.md",
        "Markdown with **bold**, `#code`, a [link](https://example.org) and #hash.\n\n<b>raw html</b> stays text; so does a lone $5.\n\nMath: $a^2 + b^2 = c^2$ and $#x$.\n\n- one\n- two\n",
    );
    ws.write(
        "proj/abstracts/typeset.typ",
        "Typst abstract with math $x^2$ and #emph[style].\n",
    );
    ws
}

#[test]
fn special_characters_come_out_literally() {
    let ws = project();
    ws.run(&["build", "proj"]).success();
    for name in ["booklet.pdf", "proceedings.pdf"] {
        let text = Pdf::open(ws.path().join("proj/out").join(name)).text();
        assert!(text.contains(TITLE), "{name}: title not literal in {text}");
        assert!(
            text.contains(AUTHOR),
            "{name}: author not literal in {text}"
        );
        assert!(text.contains("José Müller"), "{name}");
        assert!(text.contains("Session #1 $x$ <y> [z]"), "{name}: {text}");
    }
}

#[test]
fn abstracts_of_every_format_render() {
    let ws = project();
    ws.run(&["build", "proj"]).success();
    let text = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    for expected in [
        "Plain text with #panic(\"boom\") and $x$ and *stars* and <tag> and @ref.",
        "// not a comment = not a heading",
        // Extraction puts a space where the font style changes: check around it.
        "Markdown with bold",
        "#code",
        "a link and #hash.",
        "<b>raw html</b> stays text; so does a lone $5.",
        // Markdown math is Typst math; a `#` in it is a character, not code.
        "Math: 𝑎 2 + 𝑏 2 = 𝑐 2 and # 𝑥 .",
        "one",
        "Typst abstract with math",
        "style",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from {text}");
    }
    assert!(
        !text.contains("**bold**"),
        "markdown emphasis was not converted"
    );
}
