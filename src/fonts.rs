//! Fonts compiled into the binary: the bundled OFL families first, then the
//! fonts that ship with Typst (Libertinus Serif, New Computer Modern, DejaVu
//! Sans Mono). Loaded once per process.

use std::sync::LazyLock;

use typst::foundations::Bytes;
use typst::text::Font;
use typst_kit::fonts::FontStore;

/// The bundled font files by name (see `fonts/*/COPYRIGHT` for their licences).
pub const FILES: &[(&str, &[u8])] = &[
    (
        "CharisSIL-Regular.ttf",
        include_bytes!("../fonts/charis-sil/CharisSIL-Regular.ttf"),
    ),
    (
        "CharisSIL-Italic.ttf",
        include_bytes!("../fonts/charis-sil/CharisSIL-Italic.ttf"),
    ),
    (
        "CharisSIL-Bold.ttf",
        include_bytes!("../fonts/charis-sil/CharisSIL-Bold.ttf"),
    ),
    (
        "CharisSIL-BoldItalic.ttf",
        include_bytes!("../fonts/charis-sil/CharisSIL-BoldItalic.ttf"),
    ),
    (
        "Inter-Regular.otf",
        include_bytes!("../fonts/inter/Inter-Regular.otf"),
    ),
    (
        "Inter-Italic.otf",
        include_bytes!("../fonts/inter/Inter-Italic.otf"),
    ),
    (
        "Inter-Medium.otf",
        include_bytes!("../fonts/inter/Inter-Medium.otf"),
    ),
    (
        "Inter-SemiBold.otf",
        include_bytes!("../fonts/inter/Inter-SemiBold.otf"),
    ),
    (
        "Inter-Bold.otf",
        include_bytes!("../fonts/inter/Inter-Bold.otf"),
    ),
];

/// All fonts a document can use. Parsing the font tables happens on first use.
pub static FONTS: LazyLock<FontStore> = LazyLock::new(|| {
    let mut store = FontStore::new();
    store.extend(FILES.iter().flat_map(|(_, data)| {
        Font::iter(Bytes::new(*data)).map(|font| {
            let info = font.info().clone();
            (font, info)
        })
    }));
    store.extend(typst_kit::fonts::embedded());
    store
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_families_are_present() {
        let families: Vec<String> = FONTS
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
    }
}
