//! The house rules of `src/`, checked on every `cargo test` (as
//! rust-analyzer's `tidy` does): every file opens with `//!`, holds at most
//! 600 lines, and uses no module of a later layer; no two modules use each
//! other in a circle (unit tests aside); few files lie flat in `src/`.
//!
//! The layers, earliest first (see `ARCHITECTURE.md`): the flat base, then
//! `config`, `model/`, `text/`, `load/`, `typeset/`, `documents/`,
//! `exports/`, `commands/` and the binary's `cli/`. A module may use its own
//! folder, earlier layers and the base.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The most lines a source file may hold.
const MAX_LINES: usize = 600;
/// The most `.rs` files directly in `src/`.
const MAX_FLAT: usize = 15;
/// The flat files of the base, which every layer may use.
const BASE: &[&str] = &[
    "lib", "main", "alloc", "diag", "escape", "output", "progress", "report", "version", "vpaths",
];
/// The layers after the base, earliest first: a module's first segment
/// under `src/` (a folder, or `config.rs`).
const LAYERS: &[&str] = &[
    "config",
    "model",
    "text",
    "load",
    "typeset",
    "documents",
    "exports",
    "commands",
    "cli",
];

#[test]
fn every_source_file_keeps_the_house_rules() {
    let problems = check(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(
        problems.is_empty(),
        "the house rules of src/ (tests/tidy.rs, ARCHITECTURE.md) are broken:\n{}",
        problems.join("\n")
    );
}

#[test]
fn a_long_file_an_upward_use_and_a_circle_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    let write = |path: &str, text: &str| {
        let path = src.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("lib.rs", "//! Root.\nmod model;\nmod load;\n");
    write("diag.rs", "no opening comment\n");
    write(
        "model/mod.rs",
        "//! Model.\nuse crate::load::Checker;\nmod a;\nmod b;\n",
    );
    write("model/a.rs", "//! A.\nuse super::b::B;\npub struct A;\n");
    write(
        "model/b.rs",
        "//! B.\nuse super::a::A; // uses a, which uses b\n",
    );
    write(
        "load/mod.rs",
        &format!(
            "//! Load.\n{}fn f() {{ let s = \"crate::cli::x {{\"; }}\n",
            "// filler\n".repeat(MAX_LINES)
        ),
    );
    write("stray.rs", "//! Not in a layer.\n");
    let problems = check(&src);
    let expected = [
        "src/diag.rs: does not open with a `//!` comment saying what it holds",
        "src/load/mod.rs: 602 lines, over 600: split it along its seams",
        "src/model/mod.rs:2: uses `crate::load`, of a later layer (model uses only the base, config and model)",
        "src/stray.rs: in no layer: move it into a layer's folder, or add it to BASE in tests/tidy.rs (and ARCHITECTURE.md)",
        "src/model/a.rs ↔ src/model/b.rs: a circle of uses (model::a → model::b → model::a)",
    ];
    for line in expected {
        assert!(
            problems.iter().any(|p| p == line),
            "missing: {line}\nfound:\n{}",
            problems.join("\n")
        );
    }
    assert_eq!(problems.len(), expected.len(), "{}", problems.join("\n"));
}

/// Every broken rule of the tree under `src`, one line each.
fn check(src: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut files = Vec::new();
    collect(src, &mut files);
    files.sort();
    let flat = files.iter().filter(|f| f.parent() == Some(src)).count();
    if flat > MAX_FLAT {
        problems.push(format!(
            "src/: {flat} files lie flat, over {MAX_FLAT}: give them a layer's folder"
        ));
    }
    let mut modules: BTreeMap<Vec<String>, String> = BTreeMap::new();
    let mut uses: Vec<(Vec<String>, Vec<Vec<String>>)> = Vec::new();
    for file in &files {
        let shown = format!("src/{}", file.strip_prefix(src).unwrap().to_string_lossy());
        let text = std::fs::read_to_string(file).unwrap();
        if !text.starts_with("//!") {
            problems.push(format!(
                "{shown}: does not open with a `//!` comment saying what it holds"
            ));
        }
        let lines = text.lines().count();
        if lines > MAX_LINES {
            problems.push(format!(
                "{shown}: {lines} lines, over {MAX_LINES}: split it along its seams"
            ));
        }
        let module = module_of(file.strip_prefix(src).unwrap());
        let Some(rank) = rank(&module) else {
            problems.push(format!(
                "{shown}: in no layer: move it into a layer's folder, or add it to BASE in tests/tidy.rs (and ARCHITECTURE.md)"
            ));
            continue;
        };
        let mut used = Vec::new();
        for (line, path, in_tests) in paths(&module, &strip(&text)) {
            if let Some(other) = rank_of_path(&path)
                && other > rank
            {
                let allowed = allowed(rank);
                problems.push(format!(
                    "{shown}:{line}: uses `crate::{}`, of a later layer ({} uses only {allowed})",
                    path[0],
                    LAYERS[rank - 1]
                ));
            }
            // A unit test may build what its module's output goes into.
            if !in_tests {
                used.push(path);
            }
        }
        modules.insert(module.clone(), shown);
        uses.push((module, used));
    }
    problems.extend(circles(&modules, &uses));
    problems
}

/// The `.rs` files below `dir`.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// A file's module path: `documents/join/mod.rs` is `documents::join`.
fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The layer of a module: 0 for the base, then 1… for [`LAYERS`].
fn rank(module: &[String]) -> Option<usize> {
    match module {
        [] => Some(0),
        [first] if BASE.contains(&first.as_str()) => Some(0),
        [first, ..] => LAYERS.iter().position(|l| l == first).map(|i| i + 1),
    }
}

/// The layer of what a path names; `None` for what lies outside `src`.
fn rank_of_path(path: &[String]) -> Option<usize> {
    rank(&path[..1])
}

/// What a module of layer `rank` may use, for the message.
fn allowed(rank: usize) -> String {
    let earlier: Vec<&str> = LAYERS[..rank - 1].to_vec();
    let mut list = vec!["the base"];
    list.extend(earlier);
    list.push(LAYERS[rank - 1]);
    match list.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => list.join(""),
    }
}

/// Every module path the code of `module` names, with its line and
/// whether unit tests name it: `crate::…` and `super::…` paths (inside `use`
/// braces too), made absolute. Inline modules (`mod tests { … }`) shift what
/// `super` means.
fn paths(module: &[String], code: &str) -> Vec<(usize, Vec<String>, bool)> {
    let mut found = Vec::new();
    // The inline modules open at each brace depth.
    let mut inline: Vec<(usize, String)> = Vec::new();
    let mut depth = 0usize;
    let bytes: Vec<char> = code.chars().collect();
    let mut line = 1;
    let mut i = 0;
    let mut pending_mod: Option<String> = None;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            '\n' => line += 1,
            '{' => {
                depth += 1;
                if let Some(name) = pending_mod.take() {
                    inline.push((depth, name));
                }
            }
            '}' => {
                if inline.last().is_some_and(|(d, _)| *d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
            }
            ';' => pending_mod = None,
            _ => {}
        }
        let word_start = c.is_alphabetic() && (i == 0 || !is_ident(bytes[i - 1]));
        if word_start {
            let rest: String = bytes[i..(i + 4000).min(bytes.len())].iter().collect();
            if let Some(name) = rest
                .strip_prefix("mod ")
                .map(|r| r.split(|c: char| !is_ident(c)).next().unwrap_or(""))
            {
                pending_mod = Some(name.to_owned());
            }
            let here: Vec<String> = module
                .iter()
                .cloned()
                .chain(inline.iter().map(|(_, n)| n.clone()))
                .collect();
            if rest.starts_with("crate::") || rest.starts_with("super::") {
                let (prefix, tail) = path_at(&rest);
                for suffix in expand(&tail) {
                    let mut base = match prefix.first().map(String::as_str) {
                        Some("crate") => Vec::new(),
                        _ => {
                            let ups = prefix.len();
                            if ups > here.len() {
                                continue;
                            }
                            here[..here.len() - ups].to_vec()
                        }
                    };
                    base.extend(suffix);
                    let in_tests = inline.iter().any(|(_, name)| name == "tests");
                    if !base.is_empty() {
                        found.push((line, base, in_tests));
                    }
                }
                // Skip the path, so `super::super` is read once.
                let skip = rest.find(|c: char| !(is_ident(c) || c == ':')).unwrap_or(0);
                i += skip.max(1);
                continue;
            }
        }
        i += 1;
    }
    found
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits `crate::a::b…` or `super::super::c…` into its anchor (`crate`,
/// or one `super` per level) and the text after it.
fn path_at(text: &str) -> (Vec<String>, String) {
    let mut prefix = Vec::new();
    let mut rest = text;
    loop {
        if let Some(r) = rest.strip_prefix("crate::") {
            prefix.push("crate".to_owned());
            rest = r;
        } else if let Some(r) = rest.strip_prefix("super::") {
            prefix.push("super".to_owned());
            rest = r;
        } else {
            break;
        }
    }
    (prefix, rest.to_owned())
}

/// The module paths a path's tail names: `a::b::C` is `[a, b, C]`; a
/// braced group `{a, b::{c, d}}` is each of its members.
fn expand(tail: &str) -> Vec<Vec<String>> {
    let mut segments = Vec::new();
    let mut rest = tail;
    loop {
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..closing(group)];
            let mut all = Vec::new();
            for member in split_top(inner) {
                let member = member.trim();
                if member.is_empty() || member == "self" || member == "*" {
                    if member == "self" && !segments.is_empty() {
                        all.push(segments.clone());
                    }
                    continue;
                }
                for mut tail in expand(member) {
                    let mut path = segments.clone();
                    path.append(&mut tail);
                    all.push(path);
                }
            }
            return all;
        }
        let end = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        segments.push(rest[..end].to_owned());
        match rest[end..].strip_prefix("::") {
            Some(next) => rest = next,
            None => break,
        }
    }
    if segments.is_empty() {
        Vec::new()
    } else {
        vec![segments]
    }
}

/// Where the brace group opened before `text` closes.
fn closing(text: &str) -> usize {
    let mut depth = 1;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// The members of a brace group, split at its top-level commas.
fn split_top(text: &str) -> Vec<&str> {
    let (mut members, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                members.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    members.push(&text[start..]);
    members
}

/// The code with comments, strings and character literals blanked (line
/// breaks kept), so that neither braces nor paths inside them count. Doc
/// comments go too: a link in prose is no use.
fn strip(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                    continue;
                }
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && (i == 0 || !is_ident(chars[i - 1]))
        {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let close: String = std::iter::once('"')
                .chain("#".repeat(hashes).chars())
                .collect();
            let body: String = chars[j + 1..].iter().collect();
            let len = body.find(&close).map_or(body.chars().count(), |b| {
                body[..b].chars().count() + close.chars().count()
            });
            for &ch in &chars[i..(j + 1 + len).min(chars.len())] {
                blank(&mut out, ch);
            }
            i = j + 1 + len;
        } else if c == '"' {
            blank(&mut out, c);
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
                if i < chars.len() {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
            if i < chars.len() {
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{..}'), not a lifetime.
            let literal = match (next, chars.get(i + 2)) {
                (Some('\\'), _) => chars
                    .get(i + 3..)
                    .and_then(|rest| rest.iter().position(|&ch| ch == '\''))
                    .map(|p| i + 3 + p),
                (Some(_), Some('\'')) => Some(i + 2),
                _ => None,
            };
            match literal {
                Some(end) => {
                    for &ch in &chars[i..=end] {
                        blank(&mut out, ch);
                    }
                    i = end + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Circles of uses between modules. A module's use of its own ancestors
/// (a child using its parent's items) is part of Rust's module tree, not a
/// circle; every other use counts.
fn circles(
    modules: &BTreeMap<Vec<String>, String>,
    uses: &[(Vec<String>, Vec<Vec<String>>)],
) -> Vec<String> {
    // The module a path lies in: its longest prefix that is a file's module.
    let owner = |path: &[String]| -> Option<Vec<String>> {
        (1..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|p| modules.contains_key(p))
    };
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (from, paths) in uses {
        for path in paths {
            if let Some(to) = owner(path)
                && &to != from
                && !from.starts_with(&to)
            {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    let mut found = Vec::new();
    let mut seen: BTreeSet<BTreeSet<Vec<String>>> = BTreeSet::new();
    for start in edges.keys() {
        if let Some(circle) = circle_from(start, &edges)
            && seen.insert(circle.iter().cloned().collect())
        {
            let names: Vec<String> = circle.iter().map(|m| m.join("::")).collect();
            let mut files: Vec<&str> = circle.iter().map(|m| modules[m].as_str()).collect();
            files.sort();
            files.dedup();
            found.push(format!(
                "{}: a circle of uses ({} → {})",
                files.join(" ↔ "),
                names.join(" → "),
                names[0]
            ));
        }
    }
    found
}

/// The shortest circle through `start`, if any (breadth first).
fn circle_from(
    start: &Vec<String>,
    edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
) -> Option<Vec<Vec<String>>> {
    let mut came_from: BTreeMap<&Vec<String>, &Vec<String>> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(at) = queue.pop_front() {
        for next in edges.get(at).into_iter().flatten() {
            if next == start {
                let mut circle = vec![at.clone()];
                let mut back = at;
                while back != start {
                    back = came_from[back];
                    circle.push(back.clone());
                }
                circle.reverse();
                return Some(circle);
            }
            if !came_from.contains_key(next) && next != start {
                came_from.insert(next, at);
                queue.push_back(next);
            }
        }
    }
    None
}
