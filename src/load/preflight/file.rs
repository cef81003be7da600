//! Checks of a paper's file as a whole: a cross-reference table lopdf had
//! to repair, and what PDF/A-2 or -3 cannot carry.

use lopdf::Document;

use super::Finding;

/// A warning when the file's cross-reference table is broken.
pub(super) fn xref(data: &[u8]) -> Option<Finding> {
    broken_xref(data).then(|| {
        Finding::warning(
            None,
            "its cross-reference table is broken; confpress read it by repairing it".into(),
            "the file is damaged: ask for a fresh export (a repair by `qpdf in.pdf out.pdf` also rewrites it)",
        )
    })
}

/// Whether `startxref` points at something other than a cross-reference
/// table or stream (lopdf then rebuilt the table to read the file).
fn broken_xref(data: &[u8]) -> bool {
    let tail = &data[data.len().saturating_sub(2048)..];
    let Some(at) = find_last(tail, b"startxref") else {
        return true;
    };
    let rest = std::str::from_utf8(&tail[at + 9..]).unwrap_or("");
    let Some(offset) = rest
        .split_whitespace()
        .next()
        .and_then(|n| n.parse::<usize>().ok())
    else {
        return true;
    };
    let Some(target) = data.get(offset..) else {
        return true;
    };
    let target = &target[..target.len().min(40)];
    let text = String::from_utf8_lossy(target);
    let text = text.trim_start();
    // A table ("xref") or a stream object ("12 0 obj").
    !(text.starts_with("xref") || {
        let mut words = text.split_whitespace();
        words.next().is_some_and(|w| w.parse::<u32>().is_ok())
            && words.next().is_some_and(|w| w.parse::<u32>().is_ok())
            && words.next().is_some_and(|w| w.starts_with("obj"))
    })
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// What PDF/A-2 or -3 cannot carry: JavaScript, PDF 2.0.
pub(super) fn pdf_a(doc: &Document) -> Vec<Finding> {
    let mut findings = Vec::new();
    if doc.version.starts_with('2') {
        findings.push(Finding::warning(
            None,
            format!(
                "it is PDF {}, newer than PDF/A-2 and -3 (PDF 1.7) allow",
                doc.version
            ),
            "export as PDF 1.7 (or PDF/A), or build the volume without `pdf-standard`",
        ));
    }
    let javascript = doc.objects.values().any(|o| {
        o.as_dict().is_ok_and(|d| {
            d.has(b"JS") || d.get(b"S").ok().and_then(|s| s.as_name().ok()) == Some(b"JavaScript")
        })
    });
    if javascript {
        findings.push(Finding::warning(
            None,
            "it holds JavaScript, which PDF/A forbids".into(),
            "export without interactive features (forms, scripts)",
        ));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_intact_xref_is_not_reported() {
        let good = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n0 1\n0000000000 65535 f \ntrailer\n<<>>\nstartxref\n29\n%%EOF\n";
        assert!(!broken_xref(good));
        let bad = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n0 1\n0000000000 65535 f \ntrailer\n<<>>\nstartxref\n3\n%%EOF\n";
        assert!(broken_xref(bad));
    }
}
