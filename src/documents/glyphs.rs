//! After layout: the characters no font could draw (Typst sets them as the
//! empty "tofu" box, glyph 0, and says nothing), traced back to the names,
//! titles and abstracts that hold them; and the system fonts a document
//! used, so a build can say that it depends on this machine.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use icu_properties::props::{DefaultIgnorableCodePoint, Script};
use icu_properties::{CodePointMapData, CodePointSetData, PropertyNamesLong};
use typst::layout::{Frame, FrameItem};
use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, Error, Location, Result};
use crate::model::{AbstractFormat, MissingGlyphs, Project};
use crate::typeset::fonts::{FontSet, Origin};
use crate::typeset::world::ProjectWorld;

/// What the pages of a document drew with: the characters no font had, and
/// the font families used.
#[derive(Debug, Default, Clone)]
pub struct Drawn {
    /// Characters drawn as the empty box.
    pub missing: BTreeSet<char>,
    /// Families of the fonts used.
    pub families: BTreeSet<String>,
}

/// Looks at every text run of `document`.
pub fn drawn(document: &PagedDocument) -> Drawn {
    let mut drawn = Drawn::default();
    for page in document.pages() {
        walk(&page.frame, &mut drawn);
    }
    drawn
}

fn walk(frame: &Frame, drawn: &mut Drawn) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => walk(&group.frame, drawn),
            FrameItem::Text(text) => {
                let family = &text.font.font().info().family;
                if !drawn.families.contains(family.as_str()) {
                    drawn.families.insert(family.clone());
                }
                let ignorable = CodePointSetData::new::<DefaultIgnorableCodePoint>();
                for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                    let chars = text.text.get(glyph.range()).unwrap_or_default();
                    // Joiners and variation selectors draw nothing of their
                    // own: the character they belong to is the one missing.
                    drawn.missing.extend(
                        chars
                            .chars()
                            .filter(|&c| !c.is_whitespace() && !ignorable.contains(c)),
                    );
                }
            }
            _ => {}
        }
    }
}

/// The families among `families` that come from the system.
pub fn system_fonts(families: &BTreeSet<String>, fonts: &FontSet) -> Vec<String> {
    families
        .iter()
        .filter(|family| matches!(fonts.origin_of(family), Some(Origin::System(_))))
        .cloned()
        .collect()
}

/// One diagnostic per text of the programme that holds characters no font
/// could draw, at the place it was written; characters found in no text
/// (a template's own) in one more. Errors when the project says so.
pub fn report(missing: &BTreeSet<char>, project: &Project) -> Vec<Diagnostic> {
    if missing.is_empty() {
        return Vec::new();
    }
    let mut found: BTreeSet<char> = BTreeSet::new();
    // The same name in many contributions is reported once, where it first
    // appears.
    let mut fields: BTreeMap<String, (String, Location, Vec<char>, usize)> = BTreeMap::new();
    // "the name `王小明` of contribution `t1`".
    let whose = |place: &crate::model::TextPlace| match &place.contribution {
        Some(id) => format!("{} `{}` of contribution `{id}`", place.what, place.text),
        None => format!("{} `{}`", place.what, place.text),
    };
    let mut order: Vec<String> = Vec::new();
    for place in &project.sources.texts {
        let chars: Vec<char> = unique(place.text.chars().filter(|c| missing.contains(c)));
        if chars.is_empty() {
            continue;
        }
        found.extend(&chars);
        match fields.get_mut(&place.text) {
            Some(entry) => entry.3 += 1,
            None => {
                order.push(place.text.clone());
                fields.insert(
                    place.text.clone(),
                    (whose(place), place.at.clone(), chars, 0),
                );
            }
        }
    }
    let mut diagnostics: Vec<Diagnostic> = order
        .iter()
        .map(|text| {
            let (what, at, chars, more) = &fields[text];
            let mut diagnostic = diagnostic(
                project,
                format!("{what} has characters no font can draw: {}", list(chars)),
                chars,
            )
            .at(at.clone());
            if *more > 0 {
                diagnostic
                    .notes
                    .push(format!("and in {more} more places with the same text"));
            }
            diagnostic
        })
        .collect();
    // Abstracts, located at the first line holding such a character.
    let mut abstracts: Vec<_> = project.sources.abstracts.iter().collect();
    abstracts.sort_by(|a, b| a.0.cmp(b.0));
    for (id, source) in abstracts {
        let Ok(text) = fs::read_to_string(project.root.join(&source.path)) else {
            continue;
        };
        let chars: Vec<char> = unique(text.chars().filter(|c| missing.contains(c)));
        let Some(&first) = chars.first() else {
            continue;
        };
        found.extend(&chars);
        let offset = text.find(first).unwrap_or(0);
        let kind = match source.format {
            AbstractFormat::Typst => "Typst",
            AbstractFormat::Markdown => "Markdown",
            AbstractFormat::Text => "text",
        };
        let file = project.display(&source.path);
        diagnostics.push(
            diagnostic(
                project,
                format!(
                    "the {kind} abstract of contribution `{id}` has characters no font can draw: {}",
                    list(&chars)
                ),
                &chars,
            )
            .at(Location::new(
                file,
                text.clone().into(),
                offset..offset + first.len_utf8(),
            )),
        );
    }
    let rest: Vec<char> = missing.difference(&found).copied().collect();
    if !rest.is_empty() {
        diagnostics.push(diagnostic(
            project,
            format!("characters no font can draw: {}", list(&rest)),
            &rest,
        ));
    }
    diagnostics
}

/// A warning or, as the project asks, an error, with the hint for `chars`.
fn diagnostic(project: &Project, message: String, chars: &[char]) -> Diagnostic {
    let message = format!("{message}; they print as empty boxes");
    let diagnostic = match project.missing_glyphs {
        MissingGlyphs::Warning => Diagnostic::warning(message),
        MissingGlyphs::Error => Diagnostic::error(message),
    };
    diagnostic.hint(hint(chars))
}

fn unique(chars: impl Iterator<Item = char>) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in chars {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// "王 小 明 (U+738B U+5C0F U+660E)"; long lists are cut.
fn list(chars: &[char]) -> String {
    const SHOWN: usize = 12;
    let shown: Vec<String> = chars.iter().take(SHOWN).map(char::to_string).collect();
    let codes: Vec<String> = chars
        .iter()
        .take(SHOWN)
        .map(|&c| format!("U+{:04X}", c as u32))
        .collect();
    let more = match chars.len().saturating_sub(SHOWN) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    format!("{} ({}){more}", shown.join(" "), codes.join(" "))
}

/// Which fonts would cover `chars`, and how to add one.
fn hint(chars: &[char]) -> String {
    let scripts = CodePointMapData::<Script>::new();
    let names = PropertyNamesLong::<Script>::new();
    let mut families: Vec<String> = Vec::new();
    let mut script_names: Vec<String> = Vec::new();
    for &c in chars {
        let script = scripts.get(c);
        let name = names.get(script).unwrap_or("Unknown").replace('_', " ");
        if !script_names.contains(&name) {
            script_names.push(name.clone());
        }
        let family = match script {
            Script::Han => {
                "Noto Serif CJK SC (or JP, KR, TC for Japanese, Korean, traditional Chinese forms)"
                    .to_owned()
            }
            Script::Hangul => "Noto Serif CJK KR".to_owned(),
            Script::Hiragana | Script::Katakana => "Noto Serif CJK JP".to_owned(),
            Script::Arabic => "Noto Naskh Arabic".to_owned(),
            Script::Common | Script::Inherited | Script::Unknown => {
                "Noto Sans Symbols 2 or Noto Sans Math".to_owned()
            }
            _ => format!("Noto Serif {name} or Noto Sans {name}"),
        };
        if !families.contains(&family) {
            families.push(family);
        }
    }
    format!(
        "{} script: put a font that covers it, such as {}, into the project's `fonts/` folder \
         (.ttf, .otf, .ttc; used before the bundled fonts), or install one on this system",
        script_names.join(", "),
        families.join("; ")
    )
}

/// Characters a document drew as empty boxes, reported at the fields that
/// hold them (added to `warnings`, or the errors when the project refuses
/// them); otherwise the families of system fonts it used.
pub(super) fn missing(
    world: &ProjectWorld,
    project: &Project,
    drawn: Drawn,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<String>> {
    let tofu = report(&drawn.missing, project);
    if project.missing_glyphs == MissingGlyphs::Error && !tofu.is_empty() {
        return Err(Error(tofu));
    }
    warnings.extend(tofu);
    Ok(system_fonts(&drawn.families, world.fonts()))
}
