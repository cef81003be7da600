//! Test helpers: run the real `confpress` binary on a project in a temporary
//! folder and read back the PDFs it wrote.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lopdf::{Document, Object};

/// The Enzyme project shipped in `content/`.
pub fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// The synthetic test project.
pub fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/synthetic")
}

/// A file of `tests/fixtures`.
pub fn fixture_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

/// Copies a folder recursively, leaving out build output (`out`).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() == "out" {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A minimal valid project, used as a base that tests then break.
pub const MINIMAL: &str = r#"[conference]
title = "Test Workshop on Small Things"
start = 2024-05-06
end = 2024-05-07

[[session]]
id = "s1"
number = 1
title = "First Session"

[[contribution]]
id = "t1"
session = "s1"
title = "A Talk About Nothing"
authors = ["Ada Lovelace"]
"#;

/// A temporary workspace: the binary runs with it as working directory, on a
/// project in its subfolder `proj`, so messages show `proj/…` paths.
pub struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    /// An empty workspace.
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    /// A workspace whose `proj` holds a copy of the synthetic project in
    /// `tests/fixtures/synthetic` (without any `out` folder).
    pub fn synthetic() -> Self {
        let ws = Self::new();
        copy_dir(&fixture_dir(), &ws.path().join("proj"));
        ws
    }

    /// A workspace whose `proj` holds the minimal project.
    pub fn minimal() -> Self {
        let ws = Self::new();
        ws.write("proj/conference.toml", MINIMAL);
        ws
    }

    /// The workspace folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file below the workspace, creating folders.
    pub fn write(&self, relative: &str, text: &str) -> &Self {
        let path = self.dir.path().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self
    }

    /// Adds text at the end of a file of the workspace, such as a new table.
    pub fn append(&self, relative: &str, text: &str) -> &Self {
        let path = self.dir.path().join(relative);
        let old = fs::read_to_string(&path).unwrap();
        fs::write(path, format!("{old}{text}")).unwrap();
        self
    }

    /// Replaces text in a file of the workspace; panics if `from` is absent.
    pub fn edit(&self, relative: &str, from: &str, to: &str) -> &Self {
        let path = self.dir.path().join(relative);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from:?} not in {relative}");
        fs::write(path, text.replacen(from, to, 1)).unwrap();
        self
    }

    /// Adds TOML lines to the minimal project's one talk (after its authors).
    pub fn extend_talk(&self, lines: &str) -> &Self {
        let authors = "authors = [\"Ada Lovelace\"]";
        self.edit(
            "proj/conference.toml",
            authors,
            &format!("{authors}\n{lines}"),
        )
    }

    /// Runs confpress with the given arguments in the workspace.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }

    /// Reads a file of the workspace.
    pub fn read(&self, relative: &str) -> Vec<u8> {
        fs::read(self.dir.path().join(relative))
            .unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
    }
}

/// The result of one run of the binary.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts success and returns self.
    #[track_caller]
    pub fn success(self) -> Self {
        assert_eq!(
            self.code,
            Some(0),
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts failure with exit code 1 and returns self.
    #[track_caller]
    pub fn failure(self) -> Self {
        assert_eq!(
            self.code,
            Some(1),
            "expected exit code 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
}

/// Builds the minimal project with `extra` inserted after its `end` date,
/// expecting the build to fail with exactly `expected` on stderr.
#[track_caller]
pub fn rejects(extra: &str, expected: &str) {
    let ws = Workspace::minimal();
    ws.edit(
        "proj/conference.toml",
        "end = 2024-05-07\n",
        &format!("end = 2024-05-07\n{extra}"),
    );
    let run = ws.run(&["build", "proj"]).failure();
    assert_eq!(
        run.stderr.trim_end(),
        expected.trim(),
        "\nactual:\n{}",
        run.stderr
    );
}

/// Runs confpress in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_with_env(dir, args, &[])
}

/// Builds the shipped project, `content/`, into `out` (run from `dir`, so
/// nothing is written into the source tree), and checks that it succeeded.
pub fn build_content(dir: &Path, out: &Path) -> Run {
    run_in(
        dir,
        &[
            "build",
            content_dir().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .success()
}

/// Runs confpress in `dir` with extra environment variables.
pub fn run_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_confpress"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .envs(env.iter().copied())
        .output()
        .expect("confpress runs");
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// A PDF read back.
pub struct Pdf {
    pub doc: Document,
    pub bytes: Vec<u8>,
}

impl Pdf {
    pub fn open(path: impl AsRef<Path>) -> Self {
        let bytes = fs::read(path.as_ref())
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.as_ref().display()));
        Self::from_bytes(bytes)
    }

    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        let doc = Document::load_mem(&bytes).expect("a valid PDF");
        Self { doc, bytes }
    }

    pub fn page_count(&self) -> usize {
        self.doc.get_pages().len()
    }

    /// All text, whitespace collapsed (see [`normalize`]).
    pub fn text(&self) -> String {
        normalize(&pdf_extract::extract_text_from_mem(&self.bytes).expect("text extraction"))
    }

    /// The text of each page, whitespace collapsed.
    pub fn page_texts(&self) -> Vec<String> {
        pdf_extract::extract_text_from_mem_by_pages(&self.bytes)
            .expect("text extraction")
            .iter()
            .map(|t| normalize(t))
            .collect()
    }

    /// The outline (bookmarks) as (depth, title), depth-first.
    pub fn outline(&self) -> Vec<(usize, String)> {
        let catalog = self.doc.catalog().expect("catalog");
        let mut out = Vec::new();
        if let Ok(outlines) = catalog
            .get(b"Outlines")
            .and_then(|o| self.resolve(o).as_dict().cloned())
            && let Ok(first) = outlines.get(b"First")
        {
            self.walk_outline(first, 1, &mut out);
        }
        out
    }

    fn walk_outline(&self, item: &Object, depth: usize, out: &mut Vec<(usize, String)>) {
        let mut next = Some(item.clone());
        while let Some(current) = next {
            let dict = self
                .resolve(&current)
                .as_dict()
                .expect("outline item")
                .clone();
            out.push((
                depth,
                decode_text(self.resolve(dict.get(b"Title").unwrap())),
            ));
            if let Ok(child) = dict.get(b"First") {
                self.walk_outline(child, depth + 1, out);
            }
            next = dict.get(b"Next").ok().cloned();
        }
    }

    /// Every link that leads into the document, in page order: (page it sits
    /// on, page it leads to, how far up that page in whole points), pages
    /// counted from 1.
    pub fn internal_links(&self) -> Vec<(usize, usize, i64)> {
        self.link_points()
            .into_iter()
            .map(|(from, to, _, y)| (from, to, y))
            .collect()
    }

    /// Every link to a place in the document: its page, the page it leads
    /// to and the point there (x and y, rounded to points).
    pub fn link_points(&self) -> Vec<(usize, usize, i64, i64)> {
        let pages = self.doc.get_pages();
        let number: std::collections::HashMap<lopdf::ObjectId, usize> =
            pages.iter().map(|(n, id)| (*id, *n as usize)).collect();
        let mut out = Vec::new();
        for (n, id) in &pages {
            let page = self.doc.get_dictionary(*id).expect("page dict");
            let Ok(annots) = page.get(b"Annots") else {
                continue;
            };
            for annot in self.resolve(annots).as_array().expect("annotations") {
                let annot = self.resolve(annot).as_dict().expect("annotation");
                let dest = annot.get(b"Dest").ok().or_else(|| {
                    annot
                        .get(b"A")
                        .ok()
                        .and_then(|a| self.resolve(a).as_dict().ok())
                        .and_then(|a| a.get(b"D").ok())
                });
                let Some(dest) = dest.map(|d| self.resolve(d)) else {
                    continue;
                };
                let dest = dest.as_array().expect("an explicit destination");
                let target = number[&dest[0].as_reference().expect("a page")];
                let at = |i: usize| {
                    dest.get(i)
                        .and_then(|v| v.as_float().ok())
                        .unwrap_or_default()
                        .round() as i64
                };
                out.push((*n as usize, target, at(2), at(3)));
            }
        }
        out
    }

    /// The text that describes each link to assistive technology (its
    /// /Contents), page by page.
    pub fn link_texts(&self) -> Vec<String> {
        let mut out = Vec::new();
        for id in self.doc.get_pages().values() {
            let page = self.doc.get_dictionary(*id).expect("page dict");
            let Ok(annots) = page.get(b"Annots") else {
                continue;
            };
            for annot in self.resolve(annots).as_array().expect("annotations") {
                let annot = self.resolve(annot).as_dict().expect("annotation");
                if let Ok(contents) = annot.get(b"Contents") {
                    let bytes = self.resolve(contents).as_str().expect("a string");
                    out.push(String::from_utf8_lossy(bytes).into_owned());
                }
            }
        }
        out
    }

    /// The page labels as a viewer shows them ("i", "ii", … "1", "2", …),
    /// from the catalog's /PageLabels number tree (flat /Nums only).
    pub fn page_labels(&self) -> Vec<String> {
        let catalog = self.doc.catalog().expect("catalog");
        let Ok(labels) = catalog.get(b"PageLabels") else {
            return Vec::new();
        };
        let tree = self.resolve(labels).as_dict().expect("a number tree");
        let nums = self
            .resolve(tree.get(b"Nums").expect("flat /Nums"))
            .as_array()
            .expect("array");
        let ranges: Vec<(usize, String, i64)> = nums
            .chunks(2)
            .map(|pair| {
                let start = pair[0].as_i64().expect("page index") as usize;
                let dict = self.resolve(&pair[1]).as_dict().expect("label dict");
                let style = dict
                    .get(b"S")
                    .ok()
                    .and_then(|s| s.as_name().ok())
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .unwrap_or_default();
                let first = dict
                    .get(b"St")
                    .ok()
                    .and_then(|n| n.as_i64().ok())
                    .unwrap_or(1);
                (start, style, first)
            })
            .collect();
        (0..self.page_count())
            .map(|page| {
                let Some((start, style, first)) =
                    ranges.iter().rev().find(|(start, ..)| *start <= page)
                else {
                    return String::new();
                };
                let n = first + (page - start) as i64;
                match style.as_str() {
                    "D" => n.to_string(),
                    "r" => roman(n),
                    _ => String::new(),
                }
            })
            .collect()
    }

    /// The XMP metadata stream, as text.
    pub fn xmp(&self) -> String {
        let catalog = self.doc.catalog().expect("catalog");
        let id = catalog
            .get(b"Metadata")
            .and_then(Object::as_reference)
            .expect("XMP metadata");
        let stream = self.doc.get_object(id).unwrap().as_stream().unwrap();
        let bytes = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        String::from_utf8(bytes).expect("UTF-8 XMP")
    }

    /// Whether the catalog declares the PDF tagged (`/MarkInfo /Marked true`).
    pub fn is_tagged(&self) -> bool {
        let catalog = self.doc.catalog().expect("catalog");
        catalog
            .get(b"MarkInfo")
            .map(|info| self.resolve(info))
            .and_then(Object::as_dict)
            .and_then(|info| info.get(b"Marked"))
            .and_then(Object::as_bool)
            .unwrap_or(false)
    }

    /// The structure tree as (depth, role, title) of each structure element,
    /// depth-first; the title is the element's `/T`, empty when it has none.
    pub fn structure(&self) -> Vec<(usize, String, String)> {
        let catalog = self.doc.catalog().expect("catalog");
        let mut out = Vec::new();
        if let Ok(root) = catalog.get(b"StructTreeRoot")
            && let Ok(kids) = self.resolve(root).as_dict().and_then(|d| d.get(b"K"))
        {
            self.walk_structure(kids, 1, &mut out);
        }
        out
    }

    fn walk_structure(&self, kids: &Object, depth: usize, out: &mut Vec<(usize, String, String)>) {
        match self.resolve(kids) {
            Object::Array(items) => {
                for item in items {
                    self.walk_structure(item, depth, out);
                }
            }
            Object::Dictionary(elem) => {
                // Marked-content and object references have a /Type; structure
                // elements have a role in /S.
                let Ok(role) = elem.get(b"S").and_then(Object::as_name) else {
                    return;
                };
                let title = elem
                    .get(b"T")
                    .map(|t| decode_text(self.resolve(t)))
                    .unwrap_or_default();
                out.push((depth, String::from_utf8_lossy(role).into_owned(), title));
                if let Ok(children) = elem.get(b"K") {
                    self.walk_structure(children, depth + 1, out);
                }
            }
            _ => {}
        }
    }

    /// The base names of the fonts embedded in the PDF, without the subset
    /// prefix ("NotoSansCJKsc-Regular-Identity-H"), sorted.
    pub fn fonts(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .doc
            .objects
            .values()
            .filter_map(|object| object.as_dict().ok())
            .filter(|dict| dict.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"Font"))
            .filter_map(|dict| dict.get(b"BaseFont").ok()?.as_name().ok())
            .map(|name| {
                let name = String::from_utf8_lossy(name).into_owned();
                match name.split_once('+') {
                    Some((_, base)) => base.to_owned(),
                    None => name,
                }
            })
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// The document information dictionary, decoded.
    pub fn info(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        if let Ok(info) = self.doc.trailer.get(b"Info") {
            for (key, value) in self.resolve(info).as_dict().expect("info dict").iter() {
                out.insert(
                    String::from_utf8_lossy(key).into_owned(),
                    decode_text(self.resolve(value)),
                );
            }
        }
        out
    }

    /// What is wrong with the tagged structure's bookkeeping: a page or an
    /// annotation whose parent-tree key is missing, keys given twice, the
    /// next key not past the last.
    pub fn structure_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let Ok(root) = self.doc.catalog().and_then(|c| c.get(b"StructTreeRoot")) else {
            return vec!["no structure tree".into()];
        };
        let root = self.resolve(root).as_dict().expect("a structure root");
        let tree = self.resolve(root.get(b"ParentTree").expect("a parent tree"));
        let nums = self
            .resolve(
                tree.as_dict()
                    .unwrap()
                    .get(b"Nums")
                    .expect("a flat parent tree"),
            )
            .as_array()
            .unwrap();
        let mut keys = std::collections::HashSet::new();
        for pair in nums.chunks(2) {
            let key = pair[0].as_i64().unwrap();
            if !keys.insert(key) {
                problems.push(format!("parent tree key {key} given twice"));
            }
        }
        let next = root
            .get(b"ParentTreeNextKey")
            .and_then(Object::as_i64)
            .unwrap_or(0);
        if keys.iter().any(|k| *k >= next) {
            problems.push(format!("ParentTreeNextKey {next} is not past every key"));
        }
        for (n, id) in self.doc.get_pages() {
            let page = self.doc.get_dictionary(id).unwrap();
            match page.get(b"StructParents").and_then(Object::as_i64) {
                Ok(key) if keys.contains(&key) => {}
                Ok(key) => problems.push(format!(
                    "page {n}: StructParents {key} not in the parent tree"
                )),
                Err(_) => {}
            }
            let Ok(annots) = page.get(b"Annots") else {
                continue;
            };
            for annot in self.resolve(annots).as_array().unwrap() {
                let annot = self.resolve(annot).as_dict().unwrap();
                if let Ok(key) = annot.get(b"StructParent").and_then(Object::as_i64)
                    && !keys.contains(&key)
                {
                    problems.push(format!(
                        "page {n}: an annotation's StructParent {key} is not in the parent tree"
                    ));
                }
            }
        }
        problems
    }

    /// The object a reference points at (any other object as it is).
    pub fn resolve<'a>(&'a self, object: &'a Object) -> &'a Object {
        match object {
            Object::Reference(id) => self.doc.get_object(*id).expect("resolvable reference"),
            other => other,
        }
    }
}

fn roman(mut n: i64) -> String {
    let table = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in table {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// Decodes a PDF text string (UTF-16BE with BOM, or PDFDocEncoding ≈ Latin-1).
fn decode_text(object: &Object) -> String {
    match object {
        Object::String(bytes, _) => {
            if bytes.starts_with(&[0xFE, 0xFF]) {
                let units: Vec<u16> = bytes[2..]
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                    .collect();
                String::from_utf16_lossy(&units)
            } else {
                bytes.iter().map(|&b| b as char).collect()
            }
        }
        Object::Name(name) => String::from_utf8_lossy(name).into_owned(),
        other => format!("{other:?}"),
    }
}

/// Collapses runs of whitespace to one space and joins words broken after a
/// hyphen at a line end, so text can be compared regardless of line breaks.
pub fn normalize(text: &str) -> String {
    // A hyphen at a line break extracts as a soft hyphen from untagged PDFs.
    let text = text.replace('\u{ad}', "-");
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("- ", "-")
}

/// Builds the booklet of `ws`'s project with `--strict` over a booklet
/// written before: the build fails with an error starting `error_start`,
/// and the earlier booklet stays as it was.
#[track_caller]
pub fn strict_refuses_booklet(ws: &Workspace, error_start: &str) {
    ws.write("proj/out/booklet.pdf", "the last good PDF");
    let strict = ws
        .run(&["build", "proj", "--only", "booklet", "--strict"])
        .failure();
    assert!(strict.stderr.starts_with(error_start), "{}", strict.stderr);
    assert_eq!(ws.read("proj/out/booklet.pdf"), b"the last good PDF");
}

/// veraPDF, if installed (`/opt/pdfval/bin/verapdf` as `.ci/run` installs
/// it, or on the PATH).
pub fn verapdf() -> Option<String> {
    ["/opt/pdfval/bin/verapdf", "verapdf"]
        .into_iter()
        .find(|v| Command::new(v).arg("--help").output().is_ok())
        .map(str::to_owned)
}

/// Asserts that veraPDF finds `pdf` conforming to `profile` ("2b", "ua1").
pub fn conforms(verapdf: &str, pdf: &std::path::Path, profile: &str) {
    conform_all(verapdf, &[pdf.to_path_buf()], profile);
}

/// Asserts that veraPDF finds every one of `pdfs` conforming to PDF/UA-1
/// and to PDF/A-2b, the default standards; where veraPDF is not installed,
/// says that `what` is not validated and validates nothing.
pub fn conform_to_both(pdfs: &[PathBuf], what: &str) {
    let Some(verapdf) = verapdf() else {
        eprintln!("veraPDF is not installed: {what} not validated");
        return;
    };
    for profile in ["ua1", "2b"] {
        conform_all(&verapdf, pdfs, profile);
    }
}

/// Asserts that veraPDF finds every one of `pdfs` conforming to `profile`
/// (one run of the validator for all).
pub fn conform_all(verapdf: &str, pdfs: &[PathBuf], profile: &str) {
    let out = Command::new(verapdf)
        .args(["-f", profile])
        .args(pdfs)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{profile}: {report}");
    assert_eq!(
        report.lines().filter(|l| l.starts_with("PASS ")).count(),
        pdfs.len(),
        "{profile}: {report}"
    );
}
