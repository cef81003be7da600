//! Reading lopdf objects the way every preflight check needs them: values a
//! page inherits from its parents, references followed, numbers and
//! rectangles. Nothing here reports anything.

use lopdf::{Dictionary, Document, Object};

/// A dictionary value that pages inherit from their parents.
pub(super) fn inherited<'a>(
    doc: &'a Document,
    page: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..32 {
        if let Ok(value) = node.get(key) {
            return Some(resolve(doc, value));
        }
        node = node
            .get(b"Parent")
            .ok()
            .and_then(|p| p.as_reference().ok())
            .and_then(|id| doc.get_dictionary(id).ok())?;
    }
    None
}

/// The object a reference points at (the object itself if it is none, or
/// if the reference leads nowhere).
pub(super) fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(object),
        other => other,
    }
}

/// An integer or real object as a number.
pub(super) fn number(object: &Object) -> Option<f64> {
    match object {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

/// A rectangle as [left, bottom, right, top], whichever corners it names.
pub(super) fn rect(doc: &Document, object: &Object) -> Option<[f64; 4]> {
    let array = resolve(doc, object).as_array().ok()?;
    let v: Vec<f64> = array
        .iter()
        .filter_map(|o| number(resolve(doc, o)))
        .collect();
    (v.len() == 4).then(|| {
        [
            v[0].min(v[2]),
            v[1].min(v[3]),
            v[0].max(v[2]),
            v[1].max(v[3]),
        ]
    })
}
