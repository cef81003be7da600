//! An export's bytes as text, decoded by its byte-order mark: UTF-16 (little
//! or big endian, as .NET and Windows tools save it) or UTF-8 with or without
//! a mark. The mark itself is dropped.

use crate::diag::{Diagnostic, Result};

/// The text of `bytes`, named `name` in an error.
pub(super) fn text(name: &str, bytes: &[u8]) -> Result<String> {
    let utf16 = |little: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|pair| match (pair, little) {
                ([a, b], true) => u16::from_le_bytes([*a, *b]),
                ([a, b], false) => u16::from_be_bytes([*a, *b]),
                // An odd last byte: not a code unit.
                _ => 0xDC00,
            })
            .collect();
        String::from_utf16(&units).map_err(|_| {
            Diagnostic::error(format!(
                "`{name}` starts with a UTF-16 {} byte-order mark but is not UTF-16 text",
                if little { "LE" } else { "BE" }
            ))
            .into()
        })
    };
    match bytes {
        [0xFF, 0xFE, ..] => utf16(true),
        [0xFE, 0xFF, ..] => utf16(false),
        _ => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            String::from_utf8(bytes.to_vec()).map_err(|_| {
                Diagnostic::error(format!("`{name}` is not UTF-8 text"))
                    .hint("schedule exports are UTF-8 or UTF-16 (with a byte-order mark) XML or JSON files")
                    .into()
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn byte_order_marks_tell_the_encoding() {
        let utf16 = |little: bool| {
            let mut bytes = if little {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for unit in "<s>é🚀</s>".encode_utf16() {
                bytes.extend(if little {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                });
            }
            bytes
        };
        assert_eq!(text("f", &utf16(true)).unwrap(), "<s>é🚀</s>");
        assert_eq!(text("f", &utf16(false)).unwrap(), "<s>é🚀</s>");
        assert_eq!(text("f", "\u{feff}<s/>".as_bytes()).unwrap(), "<s/>");
        assert_eq!(text("f", b"<s/>").unwrap(), "<s/>");
        assert!(text("f", &[0xFF, 0xFE, b'<']).is_err());
        assert!(text("f", &[0xFF, 0xFE, 0x00, 0xD8]).is_err());
        assert!(text("f", &[0xC3, 0x28]).is_err());
    }
}
