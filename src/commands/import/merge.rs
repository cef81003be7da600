//! Re-importing into an edited project: the configuration an import makes,
//! merged with the one the chair edited.

/// `fresh`, the configuration an import makes, with what the chair added to
/// `current`, the one on disk: keys the export does not write (a session's
/// chairs, a contribution's keywords), tables it does not write (`[print]`,
/// `[[sponsor]]`…), and sessions and contributions of the chair's own
/// (returned as "session `id`"). The export's own fields win. `None` when
/// `current` is not TOML: then it is not merged, and not overwritten either.
pub(super) fn merge_config(current: &str, fresh: &str) -> Option<(String, Vec<String>)> {
    use toml_edit::{DocumentMut, Item, Table};
    let current: DocumentMut = current.parse().ok()?;
    let mut fresh: DocumentMut = fresh.parse().ok()?;
    // When and where a session or contribution takes place is the export's,
    // even where it writes none: a talk taken out of the timetable has no
    // time, not the one it had at the last import.
    let add_missing = |into: &mut Table, from: &Table, owned: &[&str]| {
        for (key, item) in from.iter() {
            if !into.contains_key(key) && !owned.contains(&key) {
                into.insert(key, item.clone());
            }
        }
    };
    let mut kept = Vec::new();
    for (key, item) in current.as_table().iter() {
        match (fresh.get_mut(key), item) {
            (None, _) => {
                fresh.insert(key, item.clone());
            }
            (Some(Item::Table(into)), Item::Table(from)) => add_missing(into, from, &[]),
            (Some(Item::ArrayOfTables(into)), Item::ArrayOfTables(from)) => {
                // What names an entry: a day its date, a committee its
                // role, a sponsor its name, everything else its id.
                let id_key = match key {
                    "day" => "date",
                    "committee" => "role",
                    "sponsor" => "name",
                    _ => "id",
                };
                let id_of = |t: &Table| t.get(id_key).map(|v| v.to_string().trim().to_owned());
                for theirs in from.iter() {
                    let id = id_of(theirs);
                    let found = into
                        .iter()
                        .position(|ours| id.is_some() && id_of(ours) == id);
                    let owned: &[&str] = match key {
                        "session" | "contribution" => &["day", "start", "end", "duration", "room"],
                        _ => &[],
                    };
                    // An entry without a name, as the export has it.
                    let same = id.is_none()
                        && into
                            .iter()
                            .any(|ours| ours.to_string() == theirs.to_string());
                    match found.and_then(|i| into.get_mut(i)) {
                        Some(ours) => add_missing(ours, theirs, owned),
                        None if same => {}
                        None => {
                            into.push(theirs.clone());
                            if let Some(id) = id
                                && (key == "session" || key == "contribution")
                            {
                                kept.push(format!("{key} `{}`", id.trim_matches('"')));
                            }
                        }
                    }
                }
            }
            // A key the export writes: its value wins.
            _ => {}
        }
    }
    Some((fresh.to_string(), kept))
}
