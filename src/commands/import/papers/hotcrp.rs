//! HotCRP's paper JSON ("Download > JSON"): an array of paper objects
//! (`pid`, `status`, `decision`, `title`, `abstract`, `authors`, `topics`,
//! `final`/`submission` documents), or a database with a `papers` array as
//! HotCRP's own test data keeps it (`_id_`). Authors are `name`,
//! `first`/`last` or `given_name`/`family_name`, with `affiliation`.

use serde_json::Value;

use super::{Paper, PaperAuthor, Volume, latex};
use crate::config::Kind;
use crate::diag::{Diagnostic, Result};

/// The JSON of `text` if it is HotCRP's: papers with `pid` or `_id_` and
/// authors. Only text naming such keys is parsed (a schedule's JSON is not
/// parsed twice).
pub fn sniff(text: &str) -> Option<Value> {
    let start = text.trim_start();
    if !start.starts_with('[') && !start.starts_with('{') {
        return None;
    }
    let named = |key: &str| text.contains(&format!("\"{key}\""));
    if !named("title") || !(named("pid") || named("_id_") || named("object")) {
        return None;
    }
    let value: Value = serde_json::from_str(text).ok()?;
    let is_paper = |p: &Value| {
        (p.get("pid").is_some()
            || p.get("_id_").is_some()
            || p.get("object") == Some(&"paper".into()))
            && p.get("title").is_some()
    };
    papers(&value)
        .first()
        .is_some_and(is_paper)
        .then_some(value)
}

/// The paper objects.
fn papers(value: &Value) -> &[Value] {
    let list = match value {
        Value::Array(_) => value,
        _ => value.get("papers").unwrap_or(&Value::Null),
    };
    list.as_array().map_or(&[], Vec::as_slice)
}

fn text(value: &Value, key: &str) -> Option<String> {
    let text = match value.get(key)? {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// Reads the papers: the accepted ones, unless `all`, where the export
/// carries decisions.
pub fn read(name: &str, value: &Value, all: bool) -> Result<(Volume, Vec<Diagnostic>)> {
    let mut volume = Volume::default();
    let mut warnings = Vec::new();
    let list = papers(value);
    let decided = list
        .iter()
        .any(|p| p.get("decision").is_some() || p.get("status").is_some());
    if !decided {
        warnings.push(
            Diagnostic::warning(format!(
                "`{name}` carries no decisions; every submitted paper is imported"
            ))
            .hint("download the JSON of the accepted papers only, or delete the others from conference.toml"),
        );
    }
    let mut left: Vec<(String, Vec<String>)> = Vec::new();
    for (index, paper) in list.iter().enumerate() {
        let Some(id) = text(paper, "pid").or_else(|| text(paper, "_id_")) else {
            warnings.push(Diagnostic::warning(format!(
                "paper {} of `{name}` has no `pid`; it is left out",
                index + 1
            )));
            continue;
        };
        let status = text(paper, "status").unwrap_or_default().to_lowercase();
        let decision = text(paper, "decision").unwrap_or_default().to_lowercase();
        let accepted = if decided {
            status == "accept" || status == "accepted" || decision.contains("accept")
        } else {
            paper.get("submitted") != Some(&Value::Bool(false))
        };
        if !accepted && !all {
            let why = match (status.as_str(), decision.as_str()) {
                ("", "") => "not submitted".to_owned(),
                ("", d) => format!("with the decision “{d}”"),
                (s, _) => format!("with the status `{s}`"),
            };
            match left.iter_mut().find(|(reason, _)| *reason == why) {
                Some((_, ids)) => ids.push(id),
                None => left.push((why, vec![id])),
            }
            continue;
        }
        let Some(title) = text(paper, "title") else {
            warnings.push(Diagnostic::warning(format!(
                "paper `{id}` of `{name}` has no `title`; it is left out"
            )));
            continue;
        };
        let authors: Vec<PaperAuthor> = (paper.get("authors").and_then(Value::as_array))
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(|a| {
                let given = text(a, "given_name")
                    .or_else(|| text(a, "first"))
                    .unwrap_or_default();
                let family = text(a, "family_name")
                    .or_else(|| text(a, "last"))
                    .unwrap_or_default();
                let author = PaperAuthor {
                    given,
                    family,
                    name: text(a, "name").unwrap_or_default(),
                    affiliation: text(a, "affiliation"),
                    orcid: text(a, "orcid"),
                };
                (!author.full_name().is_empty()).then_some(author)
            })
            .collect();
        let keywords = (paper.get("topics").and_then(Value::as_array))
            .map(|t| {
                t.iter()
                    .filter_map(|k| k.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let file = ["final", "submission"]
            .iter()
            .find_map(|key| text(paper.get(*key)?, "filename"));
        volume.papers.push(Paper {
            id,
            title,
            abstract_text: latex::markdown(&text(paper, "abstract").unwrap_or_default()),
            keywords,
            kind: Kind::Talk,
            track: None,
            authors,
            file,
        });
    }
    volume.left_out = left;
    Ok((volume, warnings))
}
