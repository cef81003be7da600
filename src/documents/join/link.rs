//! Page-link marks: links of the front and back matter into pages of other
//! parts, written by a part as [`page_link`] URLs and turned by the join
//! into links to the volume's pages ([`link_page`]).
//!
//! The mark's format is written and read here only.

use super::object::Obj;

/// The scheme of [`page_link`] marks. Only the front and back matter's
/// links are read as marks: a link an author wrote in an abstract stays what
/// it is, and so does one in the front matter that names no page of the
/// volume.
const PAGE_LINK: &str = "confpress-page:";

/// A link target on another part's page, for a part exported before or
/// after it, as the URL the join turns into a link to the volume's page
/// `index` (from 0) at `point`: Typst's own destination, moved 10 pt up
/// as typst-pdf moves it so that the line linked to shows.
pub fn page_link(index: usize, point: typst::layout::Point) -> typst::model::Url {
    let x = point.x.to_pt() as f32;
    let y = (point.y - typst::layout::Abs::pt(10.0))
        .max(typst::layout::Abs::zero())
        .to_pt() as f32;
    typst::model::Url::new(format!("{PAGE_LINK}{index}:{x}:{y}")).expect("short, not empty")
}

/// Whether `url` is a [`page_link`] mark.
pub fn is_page_link(url: &str) -> bool {
    url.starts_with(PAGE_LINK)
}

/// The volume's page index and the point of a [`page_link`] mark.
fn read_page_link(uri: &[u8]) -> Option<(usize, f32, f32)> {
    let uri = std::str::from_utf8(uri).ok()?;
    let rest = uri
        .strip_prefix('(')?
        .strip_suffix(')')?
        .strip_prefix(PAGE_LINK)?;
    let mut fields = rest.split(':');
    let index = fields.next()?.parse().ok()?;
    let x = fields.next()?.parse().ok()?;
    let y = fields.next()?.parse().ok()?;
    fields.next().is_none().then_some((index, x, y))
}

/// Turns a link annotation whose action is a [`page_link`] mark into a link
/// to that page of the volume, written as typst-pdf writes one.
pub(super) fn link_page(value: &mut Obj, volume_pages: &[(u32, f32)]) {
    if !value.get(b"Subtype").is_some_and(|s| s.is_name(b"Link")) {
        return;
    }
    let Some(Obj::Dict(action)) = value.get(b"A") else {
        return;
    };
    let Some((_, Obj::Str(uri))) = action.iter().find(|(key, _)| key == b"URI") else {
        return;
    };
    let Some((index, x, y)) = read_page_link(uri) else {
        return;
    };
    let Some(&(page, height)) = volume_pages.get(index) else {
        return;
    };
    // As pdf-writer writes a number.
    let number = |n: f32| {
        if n as i32 as f32 == n {
            Obj::Int(i64::from(n as i32))
        } else {
            Obj::Atom(n.to_string().into_bytes())
        }
    };
    let destination = vec![
        Obj::Ref(page),
        Obj::Name(b"XYZ".to_vec()),
        number(x),
        number(height - y),
        Obj::Int(0),
    ];
    value.remove(b"A");
    value.set(b"Dest", Obj::Array(destination));
}

#[cfg(test)]
mod tests {
    use super::super::object::Parser;
    use super::*;

    #[test]
    fn a_link_mark_becomes_a_link_to_the_volume_page() {
        use typst::layout::{Abs, Point};
        let point = Point::new(Abs::pt(56.5), Abs::pt(130.25));
        let url = page_link(2, point);
        assert_eq!(url.as_str(), "confpress-page:2:56.5:120.25");
        let text = format!(
            "<</Type/Annot/Subtype/Link/Rect[1 2 3 4]/A<</Type/Action/S/URI/URI({})>>/Contents(page 3)>>",
            url.as_str()
        );
        let mut annot = Parser::new(text.as_bytes(), 0).object(0).unwrap();
        let pages = [(10, 800.0), (11, 841.8898), (12, 841.8898)];
        link_page(&mut annot, &pages);
        let mut out = Vec::new();
        annot.write(&mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<</Type /Annot/Subtype /Link/Rect [1 2 3 4]/Contents (page 3)/Dest [12 0 R /XYZ 56.5 721.6398 0]>>"
        );
        // Links to the web stay as they are, and so does a mark of a page the
        // volume does not have (not one of the join's).
        for uri in [
            "https://example.org/confpress-page:1",
            "confpress-page:3:0:0",
        ] {
            let text = format!("<</Subtype/Link/A<</S/URI/URI({uri})>>>>");
            let mut annot = Parser::new(text.as_bytes(), 0).object(0).unwrap();
            let before = annot.clone();
            link_page(&mut annot, &pages[..2]);
            assert_eq!(annot, before);
        }
    }
}
