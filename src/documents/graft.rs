//! Camera-ready pages in a volume under a PDF standard. Typst refuses to
//! embed a PDF in a PDF/A or PDF/UA file (it cannot vouch for what the
//! other file holds), so the template draws an empty placeholder with the
//! page's alt text (a tagged figure), and after export each paper's page is
//! grafted under its placeholder: its content as a form XObject, drawn as
//! an artifact (the figure's alt text is what a screen reader gets), its
//! own marked content and structure references removed, fitted into the
//! placeholder's box as `fit: "contain"` would.

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use typst::layout::{Frame, FrameItem, Point, Transform};
use typst::visualize::ImageKind;
use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, Result};
use crate::model::PAPER_MARK as MARK;
use crate::text::glyph_names;
use crate::typeset::world::ProjectWorld;

/// A placeholder found on a page of the laid-out document.
struct Placement {
    /// Page index in the document (and the PDF).
    page: usize,
    /// Its box in points, from the page's top left: x, y, width, height.
    rect: [f64; 4],
    /// The paper's virtual path and the page (from 1).
    paper: String,
    number: usize,
}

/// `pdf`, the export of `document`, with the camera-ready pages grafted
/// under their placeholders; unchanged when there are none.
pub fn papers(pdf: Vec<u8>, document: &PagedDocument, world: &ProjectWorld) -> Result<Vec<u8>> {
    let placements = placements(document);
    if placements.is_empty() {
        return Ok(pdf);
    }
    let fail =
        |err: String| Diagnostic::error(format!("cannot draw the camera-ready pages: {err}"));
    let mut volume = Document::load_mem(&pdf).map_err(|e| fail(e.to_string()))?;
    let pages = volume.get_pages();
    let mut papers: HashMap<String, (Document, HashMap<ObjectId, ObjectId>)> = HashMap::new();
    for (k, placement) in placements.iter().enumerate() {
        if !papers.contains_key(&placement.paper) {
            let bytes = world
                .project_file(&placement.paper)
                .ok_or_else(|| fail(format!("cannot read `{}`", placement.paper)))?;
            let doc = Document::load_mem(&bytes)
                .map_err(|e| fail(format!("`{}`: {e}", placement.paper)))?;
            papers.insert(placement.paper.clone(), (doc, HashMap::new()));
        }
        let (paper, copied) = papers.get_mut(&placement.paper).expect("inserted");
        let page_id = *pages
            .get(&(placement.page as u32 + 1))
            .ok_or_else(|| fail(format!("the volume has no page {}", placement.page + 1)))?;
        graft(&mut volume, page_id, paper, copied, placement, k).map_err(|e| {
            fail(format!(
                "`{}`, page {}: {e}",
                placement.paper, placement.number
            ))
        })?;
    }
    let mut out = Vec::new();
    volume.save_to(&mut out).map_err(|e| fail(e.to_string()))?;
    Ok(out)
}

/// The camera-ready papers `document`'s placeholders draw, each with a
/// digest of what its file holds now: with the pages, what decides what
/// [`papers`] makes of their export.
pub fn papers_drawn(document: &PagedDocument, world: &ProjectWorld) -> Vec<(String, u128)> {
    let mut papers: Vec<String> = (placements(document).into_iter())
        .map(|p| p.paper)
        .collect();
    papers.sort();
    papers.dedup();
    papers
        .into_iter()
        .map(|paper| {
            let digest = typst::utils::hash128(&world.project_file(&paper));
            (paper, digest)
        })
        .collect()
}

/// The placeholders of a document's pages, page by page.
fn placements(document: &PagedDocument) -> Vec<Placement> {
    let mut placements = Vec::new();
    for (page, p) in document.pages().iter().enumerate() {
        find(&p.frame, Transform::identity(), page, &mut placements);
    }
    placements
}

/// The placeholders of a frame.
fn find(frame: &Frame, ts: Transform, page: usize, out: &mut Vec<Placement>) {
    for (pos, item) in frame.items() {
        let ts = ts.pre_concat(Transform::translate(pos.x, pos.y));
        match item {
            FrameItem::Group(group) => {
                find(&group.frame, ts.pre_concat(group.transform), page, out)
            }
            FrameItem::Image(image, size, _) => {
                let ImageKind::Svg(svg) = image.kind() else {
                    continue;
                };
                let Some((paper, number)) = mark(svg.data()) else {
                    continue;
                };
                let a = Point::zero().transform(ts);
                let b = Point::new(size.x, size.y).transform(ts);
                out.push(Placement {
                    page,
                    rect: [
                        a.x.to_pt().min(b.x.to_pt()),
                        a.y.to_pt().min(b.y.to_pt()),
                        (b.x - a.x).to_pt().abs(),
                        (b.y - a.y).to_pt().abs(),
                    ],
                    paper,
                    number,
                });
            }
            _ => {}
        }
    }
}

/// The paper and page a placeholder's SVG names.
fn mark(svg: &[u8]) -> Option<(String, usize)> {
    let text = std::str::from_utf8(svg).ok()?;
    let start = text.find(MARK)? + MARK.len();
    let rest = &text[start..text[start..].find('<')? + start];
    let (paper, number) = rest.rsplit_once(' ')?;
    let paper = paper
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    Some((paper, number.parse().ok()?))
}

/// Draws page `placement.number` of `paper` under the placeholder.
fn graft(
    volume: &mut Document,
    page_id: ObjectId,
    paper: &Document,
    copied: &mut HashMap<ObjectId, ObjectId>,
    placement: &Placement,
    k: usize,
) -> std::result::Result<(), String> {
    let paper_pages = paper.get_pages();
    let source = *paper_pages
        .get(&(placement.number as u32))
        .ok_or("no such page")?;
    let boxed = |key: &[u8]| inherited(paper, source, key).and_then(|o| rect(paper, &o));
    let media = boxed(b"MediaBox").unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let crop = boxed(b"CropBox").map_or(media, |c| {
        [
            c[0].max(media[0]),
            c[1].max(media[1]),
            c[2].min(media[2]),
            c[3].min(media[3]),
        ]
    });
    let rotate = inherited(paper, source, b"Rotate")
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(0)
        .rem_euclid(360);

    // The page's content without its marked content (its structure is not
    // the volume's), as a form XObject with its resources copied over.
    let raw = paper.get_page_content(source).map_err(|e| e.to_string())?;
    let content = strip_marks(&raw).unwrap_or(raw);
    let resources = resources(paper, source);
    let resources = copy(volume, paper, &Object::Dictionary(resources), copied);
    let (w, h) = (crop[2] - crop[0], crop[3] - crop[1]);
    let mut form = Dictionary::new();
    form.set("Type", Object::Name(b"XObject".to_vec()));
    form.set("Subtype", Object::Name(b"Form".to_vec()));
    form.set(
        "BBox",
        Object::Array(crop.iter().map(|&v| Object::Real(v as f32)).collect()),
    );
    form.set("Resources", resources);
    if let Ok(group) = paper.get_dictionary(source).and_then(|p| p.get(b"Group")) {
        form.set("Group", copy(volume, paper, group, copied));
    }
    let mut stream = Stream::new(form, content);
    let _ = stream.compress();
    let form_id = volume.add_object(stream);

    // Fit as `contain`: the page as shown (rotated) centred in the box.
    let (shown_w, shown_h) = if rotate % 180 == 90 { (h, w) } else { (w, h) };
    let [x, y, bw, bh] = placement.rect;
    let scale = (bw / shown_w).min(bh / shown_h);
    let page_height = page_height(volume, page_id)?;
    let left = x + (bw - shown_w * scale) / 2.0;
    let bottom = page_height - (y + bh) + (bh - shown_h * scale) / 2.0;
    // Unrotated box to origin, rotated clockwise by /Rotate, scaled, placed.
    let [a, b, c, d, e, f] = match rotate {
        90 => [0.0, -1.0, 1.0, 0.0, -crop[1], w + crop[0]],
        180 => [-1.0, 0.0, 0.0, -1.0, w + crop[0], h + crop[1]],
        270 => [0.0, 1.0, -1.0, 0.0, h + crop[1], -crop[0]],
        _ => [1.0, 0.0, 0.0, 1.0, -crop[0], -crop[1]],
    };
    let name = format!("CpPaper{k}");
    let drawing = format!(
        "q /Artifact BMC {} {} {} {} {} {} cm /{name} Do EMC Q\n",
        num(a * scale),
        num(b * scale),
        num(c * scale),
        num(d * scale),
        num(e * scale + left),
        num(f * scale + bottom)
    );
    let drawing_id = volume.add_object(Stream::new(Dictionary::new(), drawing.into_bytes()));

    // Drawn first, so the volume's stamp prints over it.
    let page = volume
        .get_object(page_id)
        .and_then(Object::as_dict)
        .map_err(|e| e.to_string())?
        .clone();
    let mut page = page;
    let contents = match page.get(b"Contents") {
        Ok(Object::Array(items)) => items.clone(),
        Ok(other) => vec![other.clone()],
        Err(_) => Vec::new(),
    };
    page.set(
        "Contents",
        Object::Array([vec![Object::Reference(drawing_id)], contents].concat()),
    );
    let mut page_resources = dictionary_at(volume, &page, b"Resources")?;
    let mut xobjects = dictionary_at(volume, &page_resources, b"XObject")?;
    xobjects.set(name, Object::Reference(form_id));
    page_resources.set("XObject", Object::Dictionary(xobjects));
    page.set("Resources", Object::Dictionary(page_resources));
    volume.objects.insert(page_id, Object::Dictionary(page));
    Ok(())
}

/// Content without its marked-content operators (their MCIDs point into
/// the paper's structure tree, which the volume does not have).
fn strip_marks(content: &[u8]) -> Option<Vec<u8>> {
    let content = Content::decode(content).ok()?;
    let operations: Vec<lopdf::content::Operation> = (content.operations.into_iter())
        .filter(|op| !matches!(op.operator.as_str(), "BDC" | "BMC" | "EMC" | "MP" | "DP"))
        .collect();
    Content { operations }.encode().ok()
}

/// A form XObject's content, decoded and without marked content.
fn unmarked(stream: &Stream) -> Option<Vec<u8>> {
    let content = stream.decompressed_content().ok()?;
    strip_marks(&content)
}

/// A Type 1 font without `ToUnicode` or `Encoding` (TeX's math fonts, as
/// pdfTeX writes them): the encoding its program holds, written out as
/// `Differences` — the same glyphs, now named in the PDF, so that readers
/// (and PDF/UA) know the characters they stand for.
fn builtin_encoding(paper: &Document, font: &Dictionary) -> Option<Vec<Object>> {
    let name = |key: &[u8]| font.get(key).ok().and_then(|v| v.as_name().ok());
    if name(b"Type") != Some(b"Font")
        || name(b"Subtype") != Some(b"Type1")
        || font.has(b"ToUnicode")
        || font.has(b"Encoding")
    {
        return None;
    }
    let resolve = |v: &Object| match v {
        Object::Reference(id) => paper.get_object(*id).ok().cloned(),
        v => Some(v.clone()),
    };
    let descriptor = resolve(font.get(b"FontDescriptor").ok()?)?;
    let file = resolve(descriptor.as_dict().ok()?.get(b"FontFile").ok()?)?;
    let program = file.as_stream().ok()?.decompressed_content().ok()?;
    let codes = glyph_names::program_encoding(&program);
    if codes.is_empty() {
        return None;
    }
    let mut differences = Vec::new();
    let mut next = -1;
    for (code, glyph) in codes {
        let code = i64::from(code);
        if code != next {
            differences.push(Object::Integer(code));
        }
        differences.push(Object::Name(glyph.into_bytes()));
        next = code + 1;
    }
    Some(differences)
}

/// A ToUnicode CMap for a Type 1 font that has none, from the names of its
/// glyphs (its `Differences`, or `builtin` ones read from its program).
fn to_unicode(paper: &Document, font: &Dictionary, builtin: Option<&[Object]>) -> Option<Vec<u8>> {
    let name = |key: &[u8]| font.get(key).ok().and_then(|v| v.as_name().ok());
    if name(b"Type") != Some(b"Font")
        || name(b"Subtype") != Some(b"Type1")
        || font.has(b"ToUnicode")
    {
        return None;
    }
    let differences: Vec<Object> = match builtin {
        Some(builtin) => builtin.to_vec(),
        None => {
            let encoding = match font.get(b"Encoding").ok()? {
                Object::Reference(id) => paper.get_object(*id).ok()?,
                other => other,
            };
            let differences = encoding.as_dict().ok()?.get(b"Differences").ok()?;
            match differences {
                Object::Reference(id) => paper.get_object(*id).ok()?.as_array().ok()?.clone(),
                other => other.as_array().ok()?.clone(),
            }
        }
    };
    let mut code = 0i64;
    let mut codes = Vec::new();
    for item in differences {
        match item {
            Object::Integer(n) => code = n,
            Object::Name(glyph) => {
                let glyph = String::from_utf8_lossy(&glyph);
                if let (Ok(byte), Some(c)) = (u8::try_from(code), glyph_names::character(&glyph)) {
                    codes.push((byte, c));
                }
                code += 1;
            }
            _ => {}
        }
    }
    (!codes.is_empty()).then(|| glyph_names::cmap(&codes))
}

/// A copy of the dictionary at `key` of `dict`, written in place or
/// referred to; empty when there is none.
fn dictionary_at(
    doc: &Document,
    dict: &Dictionary,
    key: &[u8],
) -> std::result::Result<Dictionary, String> {
    Ok(match dict.get(key) {
        Ok(Object::Reference(id)) => doc.get_dictionary(*id).map_err(|e| e.to_string())?.clone(),
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    })
}

/// A number as PDF content writes it.
fn num(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// The height of a volume page (its media box).
fn page_height(volume: &Document, page_id: ObjectId) -> std::result::Result<f64, String> {
    let page = volume.get_dictionary(page_id).map_err(|e| e.to_string())?;
    let media = page.get(b"MediaBox").map_err(|e| e.to_string())?;
    let r = rect(volume, media).ok_or("no media box")?;
    Ok(r[3] - r[1])
}

/// A page attribute, looked up through the page tree.
fn inherited(doc: &Document, page: ObjectId, key: &[u8]) -> Option<Object> {
    let mut dict = doc.get_dictionary(page).ok()?;
    for _ in 0..64 {
        if let Ok(value) = dict.get(key) {
            return Some(value.clone());
        }
        let parent = dict.get(b"Parent").ok()?.as_reference().ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// A rectangle `[x0 y0 x1 y1]`, normalised.
fn rect(doc: &Document, value: &Object) -> Option<[f64; 4]> {
    let value = match value {
        Object::Reference(id) => doc.get_object(*id).ok()?,
        v => v,
    };
    let items = value.as_array().ok()?;
    let n: Vec<f64> = items
        .iter()
        .filter_map(|o| match o {
            Object::Integer(i) => Some(*i as f64),
            Object::Real(r) => Some(f64::from(*r)),
            _ => None,
        })
        .collect();
    let [x0, y0, x1, y1] = n[..] else { return None };
    Some([x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)])
}

/// A page's resources, inherited ones included (the nearest wins).
fn resources(doc: &Document, page: ObjectId) -> Dictionary {
    let (own, inherited) = doc.get_page_resources(page).unwrap_or((None, Vec::new()));
    let mut merged = Dictionary::new();
    for id in inherited.iter().rev() {
        if let Ok(dict) = doc.get_dictionary(*id) {
            for (key, value) in dict.iter() {
                merged.set(key.clone(), value.clone());
            }
        }
    }
    if let Some(dict) = own {
        for (key, value) in dict.iter() {
            merged.set(key.clone(), value.clone());
        }
    }
    merged
}

/// `value` of `paper` copied into `volume`, with every object it refers to
/// (each once), minus what ties it to the paper's structure tree.
fn copy(
    volume: &mut Document,
    paper: &Document,
    value: &Object,
    copied: &mut HashMap<ObjectId, ObjectId>,
) -> Object {
    match value {
        Object::Reference(id) => {
            if let Some(new) = copied.get(id) {
                return Object::Reference(*new);
            }
            let new = volume.new_object_id();
            copied.insert(*id, new);
            let object = paper.get_object(*id).cloned().unwrap_or(Object::Null);
            let object = copy(volume, paper, &object, copied);
            volume.objects.insert(new, object);
            Object::Reference(new)
        }
        Object::Array(items) => Object::Array(
            items
                .iter()
                .map(|o| copy(volume, paper, o, copied))
                .collect(),
        ),
        Object::Dictionary(dict) => Object::Dictionary(copy_dict(volume, paper, dict, copied)),
        Object::Stream(stream) => {
            let dict = copy_dict(volume, paper, &stream.dict, copied);
            let form = stream
                .dict
                .get(b"Subtype")
                .ok()
                .and_then(|s| s.as_name().ok())
                == Some(b"Form");
            match form.then(|| unmarked(stream)).flatten() {
                Some(content) => {
                    let mut dict = dict;
                    dict.remove(b"Filter");
                    dict.remove(b"DecodeParms");
                    let mut stream = Stream::new(dict, content);
                    let _ = stream.compress();
                    Object::Stream(stream)
                }
                None => Object::Stream(Stream::new(dict, stream.content.clone())),
            }
        }
        other => other.clone(),
    }
}

fn copy_dict(
    volume: &mut Document,
    paper: &Document,
    dict: &Dictionary,
    copied: &mut HashMap<ObjectId, ObjectId>,
) -> Dictionary {
    let mut out = Dictionary::new();
    let builtin = builtin_encoding(paper, dict);
    if let Some(differences) = &builtin {
        out.set(
            "Encoding",
            Object::Dictionary(Dictionary::from_iter([
                ("Type", Object::Name(b"Encoding".to_vec())),
                ("Differences", Object::Array(differences.clone())),
            ])),
        );
    }
    if let Some(cmap) = to_unicode(paper, dict, builtin.as_deref()) {
        let mut stream = Stream::new(Dictionary::new(), cmap);
        let _ = stream.compress();
        out.set("ToUnicode", Object::Reference(volume.add_object(stream)));
    }
    for (key, value) in dict.iter() {
        // Structure, links to the paper's pages and its tree: not ours.
        if matches!(
            key.as_slice(),
            b"StructParent" | b"StructParents" | b"Parent"
        ) {
            continue;
        }
        out.set(key.clone(), copy(volume, paper, value, copied));
    }
    out
}
