//! The text of a spreadsheet export as it is found in the wild: UTF-8 (with
//! or without a byte-order mark), UTF-16, or — an EasyChair CSV opened and
//! saved again in a spreadsheet program — Windows-1252 or Mac Roman. The
//! two 8-bit encodings are told apart by which reads the bytes above 127
//! as letters inside words; when neither clearly does, the file is refused
//! with the line of its first such byte, never read as mojibake.

use encoding_rs::{Encoding, MACINTOSH, WINDOWS_1252};

use crate::diag::{Diagnostic, Result};

/// The text of `bytes` and, when it was not Unicode, the encoding it was
/// read in.
pub fn decode(name: &str, bytes: &[u8]) -> Result<(String, Option<&'static str>)> {
    let unicode = bytes.starts_with(&[0xEF, 0xBB, 0xBF])
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || std::str::from_utf8(bytes).is_ok();
    if unicode {
        return Ok((super::super::decode::text(name, bytes)?, None));
    }
    let score = |encoding: &'static Encoding| {
        let (text, _, malformed) = encoding.decode(bytes);
        if malformed {
            return None;
        }
        let chars: Vec<char> = text.chars().collect();
        let mut good = 0i64;
        for (i, c) in chars.iter().enumerate() {
            if (*c as u32) < 128 {
                continue;
            }
            let word = |k: Option<&char>| k.is_some_and(|c| c.is_alphabetic());
            let inside =
                word(i.checked_sub(1).and_then(|k| chars.get(k))) || word(chars.get(i + 1));
            // A letter inside a word is what names are made of; a symbol
            // there is what the other encoding would have made of it.
            good += match (c.is_alphabetic(), inside) {
                (true, true) => 2,
                (true, false) => 0,
                (false, true) => -3,
                (false, false) => 0,
            };
        }
        Some((good, text.into_owned()))
    };
    let windows = score(WINDOWS_1252);
    let mac = score(MACINTOSH);
    let line = 1 + bytes
        .iter()
        .take_while(|b| **b < 128)
        .filter(|b| **b == b'\n')
        .count();
    match (windows, mac) {
        (Some((w, text)), Some((m, _))) if w > m && w > 0 => Ok((text, Some("Windows-1252"))),
        (Some((w, _)), Some((m, text))) if m > w && m > 0 => Ok((text, Some("Mac Roman"))),
        (None, Some((m, text))) if m > 0 => Ok((text, Some("Mac Roman"))),
        (Some((w, text)), None) if w > 0 => Ok((text, Some("Windows-1252"))),
        _ => Err(Diagnostic::error(format!(
            "`{name}` is not UTF-8, and whether it is Windows-1252 or Mac Roman cannot be told (first byte above 127 on line {line})"
        ))
        .hint("save it from the spreadsheet program as “CSV UTF-8”, or download it again")
        .into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_encodings_are_told_apart() {
        let names = "id,Authors\n1,José Müller and Françoise Lefèvre\n";
        let (mac, _, _) = MACINTOSH.encode(names);
        let (windows, _, _) = WINDOWS_1252.encode(names);
        assert_eq!(
            decode("a.csv", &mac).unwrap(),
            (names.to_owned(), Some("Mac Roman"))
        );
        assert_eq!(
            decode("a.csv", &windows).unwrap(),
            (names.to_owned(), Some("Windows-1252"))
        );
        assert_eq!(
            decode("a.csv", names.as_bytes()).unwrap(),
            (names.to_owned(), None)
        );
        // A lone byte that is a letter in neither reading: refused.
        let err = decode("b.csv", b"id\n1,x \xD7 y\n").unwrap_err();
        assert!(format!("{err:?}").contains("line 2"), "{err:?}");
    }
}
