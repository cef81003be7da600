//! The characters of user text: which are invisible and go, which script a
//! name is written in, which way it runs. Names and titles pass through
//! [`clean`] before anything compares or prints them.

use icu_properties::props::{ExtendedPictographic, GeneralCategory, Script};
use icu_properties::{CodePointMapData, CodePointSetData};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A character taken out of a text by [`clean`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// Its byte offset in the text as given.
    pub offset: usize,
    /// The character.
    pub char: char,
}

/// `text` trimmed, in NFC, without invisible format characters (bidi marks
/// and embeddings, zero-width spaces, soft hyphens, byte order marks, word
/// joiners…) and control characters; line breaks and tabs become spaces.
/// A zero-width joiner or non-joiner between two letters of a script that
/// shapes with it (Devanagari, Arabic, Persian…) is kept: there it changes
/// how the word is written, and so are the joiners and tags inside an emoji
/// sequence. Returns the clean text and what was removed.
pub fn clean(text: &str) -> (String, Vec<Removed>) {
    let gc = CodePointMapData::<GeneralCategory>::new();
    let mut kept = String::with_capacity(text.len());
    let mut removed = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(offset, c)) in chars.iter().enumerate() {
        let category = gc.get(c);
        if c == '\n' || c == '\t' || c == '\r' {
            kept.push(' ');
            continue;
        }
        let invisible = matches!(category, GeneralCategory::Format | GeneralCategory::Control);
        if !invisible {
            kept.push(c);
            continue;
        }
        let joiner = matches!(c, '\u{200c}' | '\u{200d}');
        let between_letters = |j: Option<usize>| {
            j.and_then(|j| chars.get(j)).is_some_and(|&(_, n)| {
                (n.is_alphabetic() || is_combining_mark(n)) && shapes_with_joiners(n)
            })
        };
        let in_emoji = in_emoji_sequence(&chars, i);
        if in_emoji || joiner && between_letters(i.checked_sub(1)) && between_letters(Some(i + 1)) {
            kept.push(c);
        } else {
            removed.push(Removed { offset, char: c });
        }
    }
    let collapsed = kept
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (collapsed.nfc().collect(), removed)
}

/// Whether the invisible character at `i` belongs to an emoji: a
/// zero-width joiner between two emoji (🏳️‍⚧️, 👩‍🔬) or a tag character
/// after one (the flags of Scotland and Wales). Removing it would print
/// other emoji than the author wrote.
fn in_emoji_sequence(chars: &[(usize, char)], i: usize) -> bool {
    let pictographic = CodePointSetData::new::<ExtendedPictographic>();
    // An emoji with what may follow it inside a sequence: a variation
    // selector, a skin tone, tags.
    let emoji_before = chars[..i]
        .iter()
        .rev()
        .map(|&(_, c)| c)
        .find(|&c| !(is_emoji_modifier(c) || is_tag(c) || is_variation_selector(c)))
        .is_some_and(|c| pictographic.contains(c));
    match chars[i].1 {
        '\u{200d}' => {
            emoji_before
                && chars
                    .get(i + 1)
                    .is_some_and(|&(_, n)| pictographic.contains(n))
        }
        c if is_tag(c) => emoji_before,
        _ => false,
    }
}

fn is_tag(c: char) -> bool {
    ('\u{e0020}'..='\u{e007f}').contains(&c)
}

fn is_emoji_modifier(c: char) -> bool {
    ('\u{1f3fb}'..='\u{1f3ff}').contains(&c)
}

fn is_variation_selector(c: char) -> bool {
    ('\u{fe00}'..='\u{fe0f}').contains(&c)
}

/// Whether joiners mean something between letters of `c`'s script: the
/// scripts of India and South-East Asia, Arabic and its relatives.
fn shapes_with_joiners(c: char) -> bool {
    let script = CodePointMapData::<Script>::new().get(c);
    !matches!(
        script,
        Script::Latin
            | Script::Greek
            | Script::Cyrillic
            | Script::Armenian
            | Script::Georgian
            | Script::Han
            | Script::Hiragana
            | Script::Katakana
            | Script::Hangul
            | Script::Common
            | Script::Inherited
    )
}

/// How a removed character is named in a message: "U+200E LEFT-TO-RIGHT MARK".
pub fn describe(c: char) -> String {
    let name = match c {
        '\u{00ad}' => " SOFT HYPHEN",
        '\u{061c}' => " ARABIC LETTER MARK",
        '\u{180e}' => " MONGOLIAN VOWEL SEPARATOR",
        '\u{200b}' => " ZERO WIDTH SPACE",
        '\u{200c}' => " ZERO WIDTH NON-JOINER",
        '\u{200d}' => " ZERO WIDTH JOINER",
        '\u{200e}' => " LEFT-TO-RIGHT MARK",
        '\u{200f}' => " RIGHT-TO-LEFT MARK",
        '\u{202a}' => " LEFT-TO-RIGHT EMBEDDING",
        '\u{202b}' => " RIGHT-TO-LEFT EMBEDDING",
        '\u{202c}' => " POP DIRECTIONAL FORMATTING",
        '\u{202d}' => " LEFT-TO-RIGHT OVERRIDE",
        '\u{202e}' => " RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => " WORD JOINER",
        '\u{2066}' => " LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => " RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => " FIRST STRONG ISOLATE",
        '\u{2069}' => " POP DIRECTIONAL ISOLATE",
        '\u{feff}' => " ZERO WIDTH NO-BREAK SPACE (byte order mark)",
        c if c.is_control() => " (a control character)",
        _ => " (an invisible format character)",
    };
    format!("U+{:04X}{name}", c as u32)
}

/// Whether a name is written in a script whose names put the family name
/// first: Han (Chinese, Japanese kanji), Hangul, Hiragana or Katakana.
pub fn family_first_script(name: &str) -> bool {
    let scripts = CodePointMapData::<Script>::new();
    name.chars().any(|c| {
        matches!(
            scripts.get(c),
            Script::Han | Script::Hangul | Script::Hiragana | Script::Katakana
        )
    })
}

/// A name family name first: joined without a space when both parts are
/// written in Han, Hangul or Kana ("山田太郎"), with one otherwise ("Nguyễn
/// Thị Minh Khai").
pub fn family_first(family: &str, given: &str) -> String {
    if written_without_spaces(&format!("{family}{given}")) {
        format!("{family}{given}")
    } else {
        format!("{family} {given}")
    }
}

/// Whether a name is written entirely in those scripts, which join family
/// and given names without a space ("山田太郎", "김민준").
fn written_without_spaces(name: &str) -> bool {
    let scripts = CodePointMapData::<Script>::new();
    name.chars().filter(|c| !c.is_whitespace()).all(|c| {
        matches!(
            scripts.get(c),
            Script::Han | Script::Hangul | Script::Hiragana | Script::Katakana
        )
    })
}

/// A text as it may stand in an identifier (a DOI, a batch id): lower case
/// ASCII letters and digits (accents dropped: "ü" is "u"), every other run of
/// characters one hyphen.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let bare = text.nfd().filter(|&c| !is_combining_mark(c));
    for c in bare.flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joiners_and_tags_inside_emoji_stay() {
        for emoji in [
            "🏳\u{fe0f}\u{200d}\u{26a7}\u{fe0f}",
            "👩\u{200d}🔬",
            "👩🏽\u{200d}🚀",
            "🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}",
        ] {
            let title = format!("A {emoji} talk");
            assert_eq!(clean(&title), (title.clone(), Vec::new()), "{emoji}");
        }
        // A joiner after an emoji but before a letter is still invisible
        // noise, and so is a tag with no emoji before it.
        let (text, removed) = clean("🚀\u{200d}a b\u{e0067}");
        assert_eq!(text, "🚀a b");
        assert_eq!(removed.len(), 2);
    }

    #[test]
    fn invisible_characters_are_removed_where_they_stand() {
        let (clean_text, removed) = clean("Jos\u{e9}\u{200e} M\u{00ad}\u{fc}ller ");
        assert_eq!(clean_text, "José Müller");
        assert_eq!(
            removed,
            vec![
                Removed {
                    offset: 5,
                    char: '\u{200e}'
                },
                Removed {
                    offset: 10,
                    char: '\u{ad}'
                }
            ]
        );
        assert_eq!(describe('\u{200e}'), "U+200E LEFT-TO-RIGHT MARK");
    }

    #[test]
    fn slugs_are_lower_case_words_with_hyphens() {
        assert_eq!(slug("Enzyme Conference 2023"), "enzyme-conference-2023");
        assert_eq!(slug("  C++ & Rust: Ünïcode! "), "c-rust-unicode");
    }

    #[test]
    fn text_is_nfc_and_spaces_collapse() {
        assert_eq!(clean("Jose\u{301}\n  Garci\u{301}a").0, "José García");
    }

    #[test]
    fn joiners_stay_inside_indic_and_arabic_words_only() {
        // Devanagari "क्‍ष": the ZWJ asks for a half form.
        let (text, removed) = clean("क्\u{200d}ष");
        assert_eq!(text, "क्\u{200d}ष");
        assert!(removed.is_empty());
        // Persian "می‌خواهم": the ZWNJ separates letters without a space.
        assert!(clean("می\u{200c}خواهم").1.is_empty());
        // Between Latin letters it is a stray mark.
        assert_eq!(clean("Ann\u{200d}a").1.len(), 1);
    }

    #[test]
    fn scripts_that_write_the_family_name_first() {
        assert!(family_first_script("山田太郎"));
        assert!(family_first_script("김민준"));
        assert!(!family_first_script("Nguyễn Thị Minh Khai"));
        assert!(written_without_spaces("王小明"));
        assert!(!written_without_spaces("Ada 王"));
        assert_eq!(family_first("山田", "太郎"), "山田太郎");
        assert_eq!(
            family_first("Nguyễn", "Thị Minh Khai"),
            "Nguyễn Thị Minh Khai"
        );
    }
}
