//! Unicode for the fonts of camera-ready papers that name their glyphs but
//! do not say which characters they are (pdfTeX's math fonts: no
//! ToUnicode), so that a volume's text maps to Unicode as PDF/UA asks: a
//! glyph name is looked up in the Adobe Glyph List (the `glyph-names`
//! crate), as `uniXXXX`/`uXXXXX`, or in the names TeX's Computer Modern
//! fonts use beyond that list.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The character a glyph name stands for, if known.
pub fn character(name: &str) -> Option<char> {
    let hex = |digits: &str| {
        u32::from_str_radix(digits, 16)
            .ok()
            .and_then(char::from_u32)
    };
    if let Some(digits) = name.strip_prefix("uni").filter(|d| d.len() == 4) {
        return hex(digits);
    }
    if let Some(c) = (name.strip_prefix('u'))
        .filter(|d| (4..=6).contains(&d.len()))
        .and_then(hex)
    {
        return Some(c);
    }
    static AGL: OnceLock<HashMap<&'static str, char>> = OnceLock::new();
    let agl = AGL.get_or_init(|| {
        glyph_names::GLYPH_NAME_PAIRS
            .iter()
            .map(|&(c, n)| (n, c))
            .collect()
    });
    if let Some(c) = agl.get(name) {
        return Some(*c);
    }
    if let Some((_, c)) = TEX.iter().find(|(n, _)| *n == name) {
        return Some(*c);
    }
    // Computer Modern Extension: sizes of one sign ("parenleftBig",
    // "summationdisplay", "radicalbigg").
    let base = [
        "bigg", "Bigg", "big", "Big", "display", "text", "ex", "tp", "bt", "mid",
    ]
    .iter()
    .find_map(|suffix| name.strip_suffix(suffix))?;
    agl.get(base)
        .copied()
        .or_else(|| TEX.iter().find(|(n, _)| *n == base).map(|(_, c)| *c))
}

/// The encoding a Type 1 font program holds (`dup 11 /alpha put` in its
/// clear-text part): code and glyph name, by code.
pub fn program_encoding(program: &[u8]) -> Vec<(u8, String)> {
    let end = (program.windows(5).position(|w| w == b"eexec")).unwrap_or(program.len());
    let text = String::from_utf8_lossy(&program[..end]);
    let mut codes: Vec<(u8, String)> = Vec::new();
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        if word != "dup" {
            continue;
        }
        let Some(code) = words.peek().and_then(|w| w.parse::<u8>().ok()) else {
            continue;
        };
        words.next();
        let Some(glyph) = words.peek().and_then(|w| w.strip_prefix('/')) else {
            continue;
        };
        let glyph = glyph.to_owned();
        words.next();
        if words.peek() == Some(&"put") {
            codes.push((code, glyph));
        }
    }
    codes.sort();
    codes.dedup_by_key(|(code, _)| *code);
    codes
}

/// A ToUnicode CMap for a simple font: each code with its character.
pub fn cmap(codes: &[(u8, char)]) -> Vec<u8> {
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n",
    );
    for chunk in codes.chunks(100) {
        out.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (code, c) in chunk {
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            out.push_str(&format!("<{code:02X}> <{hex}>\n"));
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

/// Glyph names of TeX's Computer Modern fonts that the Adobe Glyph List
/// for new fonts lacks.
const TEX: &[(&str, char)] = &[
    ("circlecopyrt", '©'),
    ("asteriskmath", '∗'),
    ("diamondmath", '⋄'),
    ("circleplus", '⊕'),
    ("circleminus", '⊖'),
    ("circlemultiply", '⊗'),
    ("circledivide", '⊘'),
    ("circledot", '⊙'),
    ("openbullet", '◦'),
    ("equivasymptotic", '≍'),
    ("equivalence", '≡'),
    ("reflexsubset", '⊆'),
    ("reflexsuperset", '⊇'),
    ("precedesequal", '⪯'),
    ("followsequal", '⪰'),
    ("similar", '∼'),
    ("approxequal", '≈'),
    ("propersubset", '⊂'),
    ("propersuperset", '⊃'),
    ("lessmuch", '≪'),
    ("greatermuch", '≫'),
    ("precedes", '≺'),
    ("follows", '≻'),
    ("arrowleft", '←'),
    ("arrowright", '→'),
    ("arrowup", '↑'),
    ("arrowdown", '↓'),
    ("arrowboth", '↔'),
    ("arrownortheast", '↗'),
    ("arrowsoutheast", '↘'),
    ("arrownorthwest", '↖'),
    ("arrowsouthwest", '↙'),
    ("similarequal", '≃'),
    ("arrowdblleft", '⇐'),
    ("arrowdblright", '⇒'),
    ("arrowdblup", '⇑'),
    ("arrowdbldown", '⇓'),
    ("arrowdblboth", '⇔'),
    ("arrowbothv", '↕'),
    ("arrowdblbothv", '⇕'),
    ("proportional", '∝'),
    ("prime", '′'),
    ("infinity", '∞'),
    ("element", '∈'),
    ("owner", '∋'),
    ("triangle", '△'),
    ("triangleinv", '▽'),
    ("triangleright", '▷'),
    ("triangleleft", '◁'),
    ("negationslash", '\u{338}'),
    ("mapsto", '↦'),
    ("universal", '∀'),
    ("existential", '∃'),
    ("logicalnot", '¬'),
    ("emptyset", '∅'),
    ("Rfractur", 'ℜ'),
    ("Ifractur", 'ℑ'),
    ("latticetop", '⊤'),
    ("perpendicular", '⊥'),
    ("aleph", 'ℵ'),
    ("union", '∪'),
    ("intersection", '∩'),
    ("unionmulti", '⊎'),
    ("logicaland", '∧'),
    ("logicalor", '∨'),
    ("turnstileleft", '⊢'),
    ("turnstileright", '⊣'),
    ("floorleft", '⌊'),
    ("floorright", '⌋'),
    ("ceilingleft", '⌈'),
    ("ceilingright", '⌉'),
    ("angbracketleft", '⟨'),
    ("angbracketright", '⟩'),
    ("bardbl", '‖'),
    ("wreathproduct", '≀'),
    ("radical", '√'),
    ("coproduct", '∐'),
    ("nabla", '∇'),
    ("integral", '∫'),
    ("contintegral", '∮'),
    ("summation", '∑'),
    ("product", '∏'),
    ("unionsq", '⊔'),
    ("intersectionsq", '⊓'),
    ("subsetsqequal", '⊑'),
    ("supersetsqequal", '⊒'),
    ("club", '♣'),
    ("diamond", '♢'),
    ("heart", '♡'),
    ("spade", '♠'),
    ("minusplus", '∓'),
    ("theta1", 'ϑ'),
    ("pi1", 'ϖ'),
    ("rho1", 'ϱ'),
    ("sigma1", 'ς'),
    ("phi1", 'φ'),
    ("epsilon1", 'ε'),
    ("omega1", 'ϖ'),
    ("arrowlefttophalf", '↼'),
    ("arrowleftbothalf", '↽'),
    ("arrowrighttophalf", '⇀'),
    ("arrowrightbothalf", '⇁'),
    ("arrowhookleft", '↩'),
    ("arrowhookright", '↪'),
    ("partialdiff", '∂'),
    ("flat", '♭'),
    ("natural", '♮'),
    ("sharp", '♯'),
    ("slurbelow", '⌣'),
    ("slurabove", '⌢'),
    ("lscript", 'ℓ'),
    ("dotlessj", 'ȷ'),
    ("weierstrass", '℘'),
    ("vector", '\u{20D7}'),
    ("tie", '⁀'),
    ("star", '⋆'),
    ("ff", 'ﬀ'),
    ("ffi", 'ﬃ'),
    ("ffl", 'ﬄ'),
    ("visiblespace", '␣'),
    ("suppress", '\u{337}'),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tex_and_adobe_names_map_to_characters() {
        assert_eq!(character("alpha"), Some('α'));
        assert_eq!(character("circlecopyrt"), Some('©'));
        assert_eq!(character("parenleftBig"), Some('('));
        assert_eq!(character("summationdisplay"), Some('∑'));
        assert_eq!(character("uni2264"), Some('≤'));
        assert_eq!(character("u1D400"), Some('𝐀'));
        assert_eq!(character("not-a-glyph"), None);
        let text = String::from_utf8(cmap(&[(0x0B, 'α'), (0x41, '𝐀')])).unwrap();
        assert!(text.contains("<0B> <03B1>\n<41> <D835DC00>\n"), "{text}");
    }
}
