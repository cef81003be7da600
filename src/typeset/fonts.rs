//! Fonts, in the order a compilation looks for them: the project's own
//! `fonts/` folder, the fonts compiled into the binary (the bundled OFL
//! families, then those that ship with Typst: Libertinus Serif, New Computer
//! Modern, DejaVu Sans Mono), then the system's fonts unless they are turned
//! off for a reproducible build.
//!
//! The templates set Charis SIL and Inter first; for the scripts those do not
//! cover (Han, Hangul, Kana, Arabic, Hebrew, Devanagari, Thai…) they fall
//! back to the families listed in `/.confpress/fonts.json`: the project's
//! families, then well-matched serif or sans families the system has, in an
//! order that fits the conference language (Japanese forms of Han characters
//! for a Japanese conference). Emoji come from the bundled Noto Emoji (black
//! outlines, which print), right after Charis SIL and Inter, so that no
//! system font decides how they look.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use serde::Serialize;
use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontFlags, FontInfo};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontPath, FontStore};

/// The bundled font files by name (see `fonts/*/COPYRIGHT` for their licences).
pub const FILES: &[(&str, &[u8])] = &[
    (
        "CharisSIL-Regular.ttf",
        include_bytes!("../../fonts/charis-sil/CharisSIL-Regular.ttf"),
    ),
    (
        "CharisSIL-Italic.ttf",
        include_bytes!("../../fonts/charis-sil/CharisSIL-Italic.ttf"),
    ),
    (
        "CharisSIL-Bold.ttf",
        include_bytes!("../../fonts/charis-sil/CharisSIL-Bold.ttf"),
    ),
    (
        "CharisSIL-BoldItalic.ttf",
        include_bytes!("../../fonts/charis-sil/CharisSIL-BoldItalic.ttf"),
    ),
    (
        "Inter-Regular.otf",
        include_bytes!("../../fonts/inter/Inter-Regular.otf"),
    ),
    (
        "Inter-Italic.otf",
        include_bytes!("../../fonts/inter/Inter-Italic.otf"),
    ),
    (
        "Inter-Medium.otf",
        include_bytes!("../../fonts/inter/Inter-Medium.otf"),
    ),
    (
        "Inter-SemiBold.otf",
        include_bytes!("../../fonts/inter/Inter-SemiBold.otf"),
    ),
    (
        "Inter-Bold.otf",
        include_bytes!("../../fonts/inter/Inter-Bold.otf"),
    ),
    (
        "NotoEmoji-Regular.ttf",
        include_bytes!("../../fonts/noto-emoji/NotoEmoji-Regular.ttf"),
    ),
];

/// The project folder that holds a project's own fonts.
pub const PROJECT_FONTS: &str = "fonts";

/// The fonts compiled into the binary, parsed once per process.
static BUILTIN: LazyLock<Vec<(Font, FontInfo)>> = LazyLock::new(|| {
    let bundled = FILES.iter().flat_map(|(_, data)| {
        Font::iter(Bytes::new(*data)).map(|font| {
            let info = font.info().clone();
            (font, info)
        })
    });
    bundled.chain(typst_kit::fonts::embedded()).collect()
});

/// The system's fonts, found once per process (loaded only when used).
static SYSTEM: LazyLock<Vec<(PathBuf, u32, FontInfo)>> = LazyLock::new(|| {
    typst_kit::fonts::system()
        .map(|(path, info)| (path.path, path.index, info))
        .collect()
});

/// Where a font comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The project's `fonts/` folder.
    Project(PathBuf),
    /// Compiled into confpress.
    Builtin,
    /// Installed on this system.
    System(PathBuf),
}

/// The fonts one project's compilations see.
pub struct FontSet {
    store: FontStore,
    origins: Vec<Origin>,
    /// The fallback families for the templates, as `fonts.json` (made once:
    /// every rebuild of a watch puts it into the world again).
    fallbacks: Bytes,
}

/// The families the templates fall back to after their own, by style.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Fallbacks {
    /// After Charis SIL.
    pub serif: Vec<String>,
    /// After Inter.
    pub sans: Vec<String>,
}

impl FontSet {
    /// The fonts of the project in `root` (its `fonts/` folder, if any), the
    /// built-in ones, and the system's when `system` is true. `lang` orders
    /// the fallbacks for Han characters.
    pub fn new(root: &Path, system: bool, lang: &str) -> Self {
        let mut store = FontStore::new();
        let mut origins = Vec::new();
        let folder = root.join(PROJECT_FONTS);
        let mut project_families = Vec::new();
        if folder.is_dir() {
            let mut found: Vec<(FontPath, FontInfo)> = typst_kit::fonts::scan(&folder).collect();
            // Folder scans come in directory order: make it stable.
            found.sort_by(|a, b| (&a.0.path, a.0.index).cmp(&(&b.0.path, b.0.index)));
            for (path, info) in found {
                if !project_families.contains(&info.family) {
                    project_families.push(info.family.clone());
                }
                origins.push(Origin::Project(path.path.clone()));
                store.push((path, info));
            }
        }
        let builtin_families: BTreeSet<String> = BUILTIN
            .iter()
            .map(|(_, info)| info.family.to_lowercase())
            .collect();
        for (font, info) in BUILTIN.iter() {
            origins.push(Origin::Builtin);
            store.push((font.clone(), info.clone()));
        }
        if system {
            for (path, index, info) in SYSTEM.iter() {
                // A system copy of a bundled family (another version of
                // Inter) must not replace the one the templates were made for.
                if builtin_families.contains(&info.family.to_lowercase()) {
                    continue;
                }
                origins.push(Origin::System(path.clone()));
                store.push((
                    FontPath {
                        path: path.clone(),
                        index: *index,
                    },
                    info.clone(),
                ));
            }
        }
        let fallbacks = fallbacks(store.book(), &project_families, lang);
        let fallbacks = Bytes::new(serde_json::to_vec(&fallbacks).unwrap_or_default());
        Self {
            store,
            origins,
            fallbacks,
        }
    }

    /// The font book, for `World::book`.
    pub fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    /// A font by its index in the book, for `World::font`.
    pub fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }

    /// The fallback families, as the templates read them.
    pub fn fallbacks_json(&self) -> Bytes {
        self.fallbacks.clone()
    }

    /// The font files of the project's `fonts/` folder.
    pub fn project_files(&self) -> Vec<&Path> {
        let mut paths: Vec<&Path> = self
            .origins
            .iter()
            .filter_map(|origin| match origin {
                Origin::Project(path) => Some(path.as_path()),
                _ => None,
            })
            .collect();
        paths.dedup();
        paths
    }

    /// Where the font of a family comes from: the first font of the book
    /// with that family name.
    pub fn origin_of(&self, family: &str) -> Option<&Origin> {
        let book = self.store.book();
        let index = (0..self.origins.len()).find(|&i| {
            book.info(i)
                .is_some_and(|info| info.family.eq_ignore_ascii_case(family))
        })?;
        self.origins.get(index)
    }
}

/// Families, best first, that cover the scripts the bundled faces do not, in
/// a serif and a sans style. Japanese, Korean and traditional Chinese forms
/// come first for those languages.
fn fallbacks(book: &FontBook, project: &[String], lang: &str) -> Fallbacks {
    let primary = lang.split('-').next().unwrap_or("").to_ascii_lowercase();
    let han_order: &[&str] = match primary.as_str() {
        "ja" => &["JP", "SC", "TC", "KR", "HK"],
        "ko" => &["KR", "SC", "JP", "TC", "HK"],
        "zh" if lang.contains("TW") || lang.contains("Hant") => &["TC", "HK", "SC", "JP", "KR"],
        "zh" if lang.contains("HK") => &["HK", "TC", "SC", "JP", "KR"],
        _ => &["SC", "TC", "JP", "KR", "HK"],
    };
    let cjk = |style: &str| -> Vec<String> {
        let mut names = Vec::new();
        for region in han_order {
            names.push(format!("Noto {style} CJK {region}"));
            names.push(format!("Source Han {style} {region}"));
        }
        names.push(format!("Source Han {style}"));
        for region in han_order {
            names.push(format!("Noto {style} {region}"));
        }
        names
    };
    let serif_scripts = [
        "Noto Naskh Arabic",
        "Amiri",
        "Noto Serif Hebrew",
        "Frank Ruehl CLM",
        "David CLM",
        "Noto Serif Devanagari",
        "Noto Serif Bengali",
        "Noto Serif Tamil",
        "Noto Serif Telugu",
        "Noto Serif Gujarati",
        "Noto Serif Thai",
        "Noto Serif Khmer",
        "Noto Serif Armenian",
        "Noto Serif Georgian",
        "Noto Serif Ethiopic",
        "Noto Serif Sinhala",
        "Noto Serif Myanmar",
        "Noto Serif",
        "DejaVu Serif",
        "FreeSerif",
    ];
    let sans_scripts = [
        "Noto Sans Arabic",
        "Noto Kufi Arabic",
        "Noto Sans Hebrew",
        "Noto Sans Devanagari",
        "Noto Sans Bengali",
        "Noto Sans Tamil",
        "Noto Sans Telugu",
        "Noto Sans Gujarati",
        "Noto Sans Thai",
        "Noto Sans Khmer",
        "Noto Sans Armenian",
        "Noto Sans Georgian",
        "Noto Sans Ethiopic",
        "Noto Sans Sinhala",
        "Noto Sans Myanmar",
        "Noto Sans",
        "DejaVu Sans",
        "FreeSans",
    ];
    let serif: Vec<String> = cjk("Serif")
        .into_iter()
        .chain(serif_scripts.iter().map(|s| s.to_string()))
        // A serif face for a script is better than none; sans comes next.
        .chain(cjk("Sans"))
        .chain(sans_scripts.iter().map(|s| s.to_string()))
        .collect();
    let sans: Vec<String> = cjk("Sans")
        .into_iter()
        .chain(sans_scripts.iter().map(|s| s.to_string()))
        .chain(cjk("Serif"))
        .chain(serif_scripts.iter().map(|s| s.to_string()))
        .collect();
    Fallbacks {
        serif: ordered(book, project, &serif, true),
        sans: ordered(book, project, &sans, false),
    }
}

/// The fallback families of one style: the project's first (those of the
/// preferred list in its order, then the others, the style's own before the
/// other style), then the preferred families the book has.
fn ordered(book: &FontBook, project: &[String], preferred: &[String], serif: bool) -> Vec<String> {
    let rank = |family: &str| {
        preferred
            .iter()
            .position(|p| p.eq_ignore_ascii_case(family))
    };
    let flags = |family: &str| {
        book.select_family(&family.to_lowercase())
            .next()
            .and_then(|i| book.info(i))
            .map(|info| info.flags)
            .unwrap_or(FontFlags::empty())
    };
    let mut own: Vec<&String> = project.iter().collect();
    // Preferred families in their order, then the style's own, then the
    // other style, monospaced faces last.
    own.sort_by_key(|family| match rank(family) {
        Some(r) => (0, r),
        None if flags(family).contains(FontFlags::MONOSPACE) => (3, 0),
        None if flags(family).contains(FontFlags::SERIF) == serif => (1, 0),
        None => (2, 0),
    });
    let mut out: Vec<String> = own.into_iter().cloned().collect();
    for name in preferred {
        if book.contains_family(&name.to_lowercase())
            && !out.iter().any(|o| o.eq_ignore_ascii_case(name))
        {
            out.push(name.clone());
        }
    }
    out
}

/// The fonts of the built-in set alone, for tests that compile without a
/// project.
#[cfg(test)]
pub fn builtin() -> FontSet {
    FontSet::new(Path::new("/nonexistent"), false, "en")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_families_are_present() {
        let fonts = builtin();
        let families: Vec<String> = fonts
            .book()
            .families()
            .map(|(name, _)| name.to_lowercase())
            .collect();
        for family in [
            "charis sil",
            "inter",
            "libertinus serif",
            "dejavu sans mono",
        ] {
            assert!(
                families.iter().any(|f| f == family),
                "{family} missing from {families:?}"
            );
        }
        assert_eq!(fonts.origin_of("Inter"), Some(&Origin::Builtin));
    }
}
