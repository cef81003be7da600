//! Writes a synthetic confpress project of N contributions, for benchmarks:
//! five days, three parallel rooms, six two-hour slots a day (90 sessions,
//! as many talks in each as N needs), realistic title lengths, 1–8 authors,
//! 150–300-word Markdown abstracts.
//!
//! `cargo run --release --example scale -- 1000 /tmp/scale-1000`

use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic generator (no dependency, same project every time).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "adaptive",
    "sparse",
    "gradient",
    "compiler",
    "kernel",
    "parallel",
    "memory",
    "solver",
    "mesh",
    "tensor",
    "stochastic",
    "scalable",
    "verified",
    "incremental",
    "distributed",
    "quantum",
    "simulation",
    "inference",
    "optimisation",
    "runtime",
    "differentiable",
    "hybrid",
    "robust",
    "efficient",
    "model",
    "method",
    "analysis",
    "framework",
    "system",
    "approach",
    "data",
];
const GIVEN: &[&str] = &[
    "Ada", "Bruno", "Chloé", "Dmitri", "Émile", "Fatima", "Grete", "Hiroshi", "Inès", "Jonas",
    "Łukasz", "Noor", "Priya", "Søren", "Zoë",
];
const FAMILY: &[&str] = &[
    "Abernathy",
    "Bergström",
    "Castellanos",
    "de Bastion",
    "Eklund",
    "Gößling",
    "Hückelheim",
    "Ibáñez",
    "van der Meer",
    "Nakamura",
    "Ødegård",
    "Petrov",
    "Szabó",
    "Yilmaz",
    "Zürcher",
];

/// The shape of a synthetic programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)]
pub enum Shape {
    /// Talks in 90 sessions, the volume by session.
    Sessions,
    /// The same talks, the volume ordered by title.
    ByTitle,
    /// A poster list: every contribution outside any session.
    Posters,
    /// One poster session holding every contribution.
    PosterSession,
}

/// Writes the project into `dir`.
#[allow(dead_code)]
pub fn generate(n: usize, dir: &Path) -> std::io::Result<()> {
    generate_shape(n, dir, Shape::Sessions)
}

/// Writes a project of the given shape into `dir`.
pub fn generate_shape(n: usize, dir: &Path, shape: Shape) -> std::io::Result<()> {
    let mut rng = Lcg(42);
    std::fs::create_dir_all(dir.join("abstracts"))?;
    let mut toml = String::from(
        "[conference]\ntitle = \"Synthetic Scale Conference\"\nstart = 2031-06-02\nend = 2031-06-06\nvenue = \"Nowhere\"\ndocument-date = 2031-06-01\n\n",
    );
    let rooms = ["Room A", "Room B", "Room C"];
    let (days, slots) = (5, 6);
    if shape == Shape::ByTitle {
        toml.push_str("[proceedings]\norder = \"title\"\n\n");
    }
    let sessions = if shape == Shape::Posters {
        0
    } else if shape == Shape::PosterSession {
        1
    } else {
        (days * slots * rooms.len()).min(n.max(1))
    };
    let per_session = n.div_ceil(sessions.max(1));
    for s in 0..sessions {
        let day = 2 + s / (slots * rooms.len());
        let slot = (s / rooms.len()) % slots;
        let start = 8 * 60 + slot * 120;
        let _ = writeln!(
            toml,
            "[[session]]\nid = \"s{s}\"\nnumber = {}\ntitle = \"Session on {} {}\"\nday = 2031-06-{day:02}\nstart = \"{:02}:{:02}\"\nend = \"{:02}:{:02}\"\nroom = \"{}\"\n",
            s + 1,
            rng.pick(WORDS),
            rng.pick(WORDS),
            (start / 60) % 24,
            start % 60,
            ((start + 100) / 60) % 24,
            (start + 100) % 60,
            rooms[s % rooms.len()],
        );
    }
    for c in 0..n {
        let session = c / per_session;
        let title_words = 4 + rng.below(10);
        let mut title: Vec<String> = (0..title_words)
            .map(|_| rng.pick(WORDS).to_owned())
            .collect();
        title[0] = capitalise(&title[0]);
        let authors: Vec<String> = (0..1 + rng.below(8))
            .map(|_| format!("\"{} {}\"", rng.pick(GIVEN), rng.pick(FAMILY)))
            .collect();
        let place = if shape == Shape::Posters {
            format!("kind = \"poster\"\nboard = \"P{}\"", c + 1)
        } else if shape == Shape::PosterSession {
            format!(
                "session = \"s0\"\nkind = \"poster\"\nboard = \"P{}\"",
                c + 1
            )
        } else {
            format!("session = \"s{session}\"")
        };
        let _ = writeln!(
            toml,
            "[[contribution]]\nid = \"c{c}\"\n{place}\ntitle = \"{}\"\nauthors = [{}]\nabstract = \"abstracts/c{c}.md\"\n",
            title.join(" "),
            authors.join(", "),
        );
        let words = 150 + rng.below(151);
        let mut text = String::new();
        for w in 0..words {
            text.push_str(rng.pick(WORDS));
            text.push(if w % 17 == 16 { '.' } else { ' ' });
            if w % 90 == 89 {
                text.push_str("\n\n");
            }
        }
        std::fs::write(
            dir.join(format!("abstracts/c{c}.md")),
            format!("{}\n", capitalise(text.trim())),
        )?;
    }
    std::fs::write(dir.join("conference.toml"), toml)
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[allow(dead_code)]
fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .expect("usage: scale N DIR [sessions|title|posters|poster-session]");
    let dir = args
        .next()
        .expect("usage: scale N DIR [sessions|title|posters|poster-session]");
    let shape = match args.next().as_deref() {
        None | Some("sessions") => Shape::Sessions,
        Some("title") => Shape::ByTitle,
        Some("posters") => Shape::Posters,
        Some("poster-session") => Shape::PosterSession,
        Some(other) => {
            panic!("unknown shape {other}: sessions, title, posters or poster-session")
        }
    };
    generate_shape(n, Path::new(&dir), shape).expect("writing the project");
    println!("wrote a {shape:?} project with {n} contributions to {dir}");
}
