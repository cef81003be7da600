//! A DOI in a finished PDF's XMP metadata: `prism:doi` and `prism:url`
//! (PRISM, with the PDF/A extension schema that declares them) and
//! `dc:identifier`, the places reference managers and repositories look.

use lopdf::{Document, Object};

/// `pdf` with `doi` in its XMP metadata.
pub fn add_doi(pdf: &[u8], doi: &str) -> Result<Vec<u8>, String> {
    let mut doc = Document::load_mem(pdf).map_err(|e| e.to_string())?;
    let id = doc
        .catalog()
        .and_then(|c| c.get(b"Metadata"))
        .and_then(Object::as_reference)
        .map_err(|e| format!("no XMP metadata: {e}"))?;
    let stream = doc
        .get_object_mut(id)
        .and_then(Object::as_stream_mut)
        .map_err(|e| e.to_string())?;
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let xml = String::from_utf8(bytes).map_err(|_| "XMP metadata that is not UTF-8".to_owned())?;
    let at = xml
        .rfind("</rdf:RDF>")
        .ok_or_else(|| "XMP metadata without rdf:RDF".to_owned())?;
    let doi = crate::escape::xml(doi);
    let added = format!(
        concat!(
            "<rdf:Description rdf:about=\"\" xmlns:prism=\"http://prismstandard.org/namespaces/basic/3.0/\">",
            "<prism:doi>{doi}</prism:doi><prism:url>https://doi.org/{doi}</prism:url>",
            "</rdf:Description>",
            "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">",
            "<dc:identifier>doi:{doi}</dc:identifier>",
            "</rdf:Description>",
            "{extension}"
        ),
        doi = doi,
        extension = if xml.contains("pdfaExtension:schemas") {
            ""
        } else {
            EXTENSION
        }
    );
    let mut out = String::with_capacity(xml.len() + added.len());
    out.push_str(&xml[..at]);
    out.push_str(&added);
    out.push_str(&xml[at..]);
    stream.set_plain_content(out.into_bytes());
    // XMP stays uncompressed and unfiltered, as PDF/A wants it.
    stream.dict.remove(b"Filter");
    stream.dict.remove(b"DecodeParms");
    let mut saved = Vec::new();
    doc.save_to(&mut saved).map_err(|e| e.to_string())?;
    Ok(saved)
}

/// Declares the PRISM properties to PDF/A validators (ISO 19005-2, 6.6.2.3).
const EXTENSION: &str = concat!(
    "<rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" ",
    "xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">",
    "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">",
    "<pdfaSchema:schema>PRISM Basic Metadata</pdfaSchema:schema>",
    "<pdfaSchema:namespaceURI>http://prismstandard.org/namespaces/basic/3.0/</pdfaSchema:namespaceURI>",
    "<pdfaSchema:prefix>prism</pdfaSchema:prefix>",
    "<pdfaSchema:property><rdf:Seq>",
    "<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>doi</pdfaProperty:name>",
    "<pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category>",
    "<pdfaProperty:description>Digital Object Identifier</pdfaProperty:description></rdf:li>",
    "<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>url</pdfaProperty:name>",
    "<pdfaProperty:valueType>URL</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category>",
    "<pdfaProperty:description>The resolving address of the DOI</pdfaProperty:description></rdf:li>",
    "</rdf:Seq></pdfaSchema:property>",
    "</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"
);
