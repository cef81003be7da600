//! `confpress serve` seen through a real headless browser: the preview
//! loads, shows the booklet's first page, follows edits of the TOML without
//! a reload (keeping the scroll position, fetching only the pages that
//! changed), shows a broken edit as an overlay over the last good pages, and
//! drops the overlay once the file is repaired. Screenshots of each step go
//! to `target/tmp/serve/`.

use std::net::TcpListener;
use std::path::PathBuf;
use std::time::Duration;

use crate::browser::Browser;
use crate::common::{Pdf, Workspace, content_dir, copy_dir};
use crate::watching::Watching;

const PATIENCE: Duration = Duration::from_secs(30);

/// The text layer of the first page, once its SVG is in the page.
const FIRST_PAGE_TEXT: &str = r#"(() => {
  const page = document.querySelector('.page[data-index="0"]');
  return page && page.dataset.loaded ? page.querySelector('.confpress-text').textContent : '';
})()"#;

fn screenshots() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("serve")
}

/// The Enzyme project served on a free port; the preview's URL.
fn served(ws: &Workspace) -> (Watching, String) {
    copy_dir(&content_dir(), &ws.path().join("proj"));
    let _ = std::fs::remove_dir_all(ws.path().join("proj/out"));
    let serving = Watching::serve(ws, &["--port", "0"]);
    let line = serving.expect_stdout("serving the preview at ");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no local URL in {line:?}"))
        .to_owned();
    serving.expect_stdout("rebuilt ");
    (serving, url)
}

#[test]
fn the_browser_shows_edits_errors_and_repairs_live() {
    let Some(mut browser) = Browser::start("the_browser_shows_edits_errors_and_repairs_live")
    else {
        return;
    };
    let ws = Workspace::new();
    let (_serving, url) = served(&ws);
    browser.open(&url);

    // Page 1 of the booklet: the cover, with the conference's title.
    let text = browser.wait_for(FIRST_PAGE_TEXT, "the booklet's first page", PATIENCE);
    assert!(
        text.as_str().unwrap().contains("Enzyme Conference 2023"),
        "{text}"
    );
    let booklet = Pdf::open(ws.path().join("proj/out/booklet.pdf"));
    assert_eq!(
        browser.eval("document.querySelectorAll('.page').length"),
        booklet.page_count(),
        "one page element per page of booklet.pdf"
    );
    let tabs = browser.eval("document.getElementById('tabs').textContent");
    let proceedings = Pdf::open(ws.path().join("proj/out/proceedings.pdf"));
    assert_eq!(
        tabs,
        format!(
            "Booklet{} pp.Proceedings{} pp.",
            booklet.page_count(),
            proceedings.page_count()
        )
    );
    assert_eq!(
        browser.eval("document.title"),
        "Enzyme Conference 2023 — preview"
    );
    assert_eq!(
        browser.eval("document.getElementById('overlay').hidden"),
        true
    );
    browser.screenshot(&screenshots().join("1-loaded.png"));

    // Scroll to the second page, let the pages near it load, then edit.
    // Scrolled again at every look: on a busy machine the first scroll can
    // come before the pages above have their height.
    browser.wait_for(
        "document.querySelector('.page[data-index=\"1\"]').scrollIntoView(), \
         document.querySelector('.page[data-index=\"2\"]').dataset.loaded || ''",
        "the pages near the second",
        PATIENCE,
    );
    let scrolled = browser.eval("window.scrollY");
    assert!(scrolled.as_f64().unwrap() > 100.0, "{scrolled}");
    let before =
        browser.eval("[...document.querySelectorAll('.page')].map(p => p.dataset.loaded || '')");
    browser.eval("performance.clearResourceTimings(); 0");
    ws.edit(
        "proj/conference.toml",
        "title = \"Enzyme Conference 2023\"",
        "title = \"Enzyme Conference 2023 (live edit)\"",
    );
    let text = browser.wait_for(
        &format!("{FIRST_PAGE_TEXT}.includes('(live edit)')"),
        "the edited title on page 1",
        PATIENCE,
    );
    assert_eq!(text, true);
    assert_eq!(
        browser.eval("window.scrollY"),
        scrolled,
        "the scroll position is kept"
    );
    assert_eq!(
        browser.eval("document.title"),
        "Enzyme Conference 2023 (live edit) — preview"
    );
    // Only pages whose content changed were fetched again.
    let after = browser.eval("[...document.querySelectorAll('.page')].map(p => p.dataset.hash)");
    let fetched = browser.eval(
        "performance.getEntriesByType('resource').map(e => new URL(e.name).pathname).filter(p => p.startsWith('/page/'))",
    );
    let fetched: Vec<&str> = fetched
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let (before, after) = (before.as_array().unwrap(), after.as_array().unwrap());
    let mut unchanged = 0;
    for (old, new) in before.iter().zip(after) {
        let (old, new) = (old.as_str().unwrap(), new.as_str().unwrap());
        if !old.is_empty() && old == new {
            unchanged += 1;
            assert!(
                !fetched.iter().any(|f| f.contains(new)),
                "page {new} did not change but was fetched again: {fetched:?}"
            );
        }
    }
    assert!(!fetched.is_empty(), "the changed pages were fetched");
    browser.screenshot(&screenshots().join("2-edited.png"));
    eprintln!(
        "serve: after the title edit {} page(s) fetched, {unchanged} loaded page(s) unchanged",
        fetched.len()
    );

    // A broken edit: the overlay names the file, line and column, over the
    // last good pages.
    browser.eval("window.scrollTo(0, 0); 0");
    ws.edit(
        "proj/conference.toml",
        "title = \"Enzyme Conference 2023 (live edit)\"",
        "title = \"Enzyme Conference 2023 (broken",
    );
    let overlay = browser.wait_for(
        "document.getElementById('overlay').hidden ? '' : document.getElementById('overlay').textContent",
        "the error overlay",
        PATIENCE,
    );
    let overlay = overlay.as_str().unwrap();
    assert!(overlay.contains("The build failed"), "{overlay}");
    assert!(overlay.contains("proj/conference.toml:8:"), "{overlay}");
    assert!(overlay.contains("invalid basic string"), "{overlay}");
    assert!(
        overlay.contains("title = \"Enzyme Conference 2023 (broken"),
        "the offending line is shown: {overlay}"
    );
    let text = browser.eval(FIRST_PAGE_TEXT);
    assert!(
        text.as_str().unwrap().contains("(live edit)"),
        "the last good page stays: {text}"
    );
    assert_eq!(
        browser.eval("document.getElementById('status').textContent"),
        "build failed"
    );
    browser.screenshot(&screenshots().join("3-broken.png"));

    // Repaired: the overlay goes, the page follows.
    ws.edit(
        "proj/conference.toml",
        "title = \"Enzyme Conference 2023 (broken",
        "title = \"Enzyme Conference 2023 (repaired)\"",
    );
    browser.wait_for(
        &format!(
            "document.getElementById('overlay').hidden && {FIRST_PAGE_TEXT}.includes('(repaired)')"
        ),
        "the overlay to go and the repaired title",
        PATIENCE,
    );
    browser.screenshot(&screenshots().join("4-repaired.png"));

    // The other document: the proceedings' first page.
    browser.eval("document.querySelector('#tabs button[data-kind=\"proceedings\"]').click(); 0");
    let text = browser.wait_for(FIRST_PAGE_TEXT, "the proceedings' first page", PATIENCE);
    assert!(text.as_str().unwrap().contains("(repaired)"), "{text}");
    assert_eq!(
        browser.eval("document.querySelectorAll('.page').length"),
        proceedings.page_count()
    );
    browser.screenshot(&screenshots().join("5-proceedings.png"));
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let ws = Workspace::minimal();
    let run = ws.run(&["serve", "proj", "--port", &port]).failure();
    assert_eq!(
        run.stderr.trim(),
        format!(
            "error: port {port} is already in use\n = hint: another `confpress serve` may be running; stop it, or choose a free port with `--port`, e.g. `--port 8080` (`--port 0` takes any free one)"
        )
    );
}

/// A GET request to the preview server: status line and body.
fn get(url: &str, path: &str, host: Option<&str>) -> (String, String) {
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    let host = host.unwrap_or(addr);
    raw(url, &format!("GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n"))
}

/// The status line and body the preview server answers `request` with.
fn raw(url: &str, request: &str) -> (String, String) {
    use std::io::{Read, Write};
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .unwrap_or_else(|err| panic!("no answer to {request:?}: {err}"));
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_owned(), body.to_owned())
}

#[test]
fn pages_are_served_as_svg_with_their_text_as_data() {
    let ws = Workspace::new();
    copy_dir(&content_dir(), &ws.path().join("proj"));
    // Markup in a title must arrive as text, in the PDF and in the preview.
    ws.edit(
        "proj/conference.toml",
        "title = \"Enzyme Conference 2023\"",
        "title = \"Enzyme <script>alert(1)</script> & #co\"",
    );
    let serving = Watching::serve(&ws, &["--port", "0"]);
    let line = serving.expect_stdout("serving the preview at ");
    let url = line.split_whitespace().nth(4).unwrap().to_owned();
    serving.expect_stdout("rebuilt ");

    let (status, body) = get(&url, "/state", None);
    assert_eq!(status, "HTTP/1.0 200 OK");
    let state: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(state["title"], "Enzyme <script>alert(1)</script> & #co");
    assert_eq!(state["errors"], serde_json::json!([]));
    let booklet = Pdf::open(ws.path().join("proj/out/booklet.pdf"));
    let pages = state["documents"][0]["pages"].as_array().unwrap();
    assert_eq!(state["documents"][0]["kind"], "booklet");
    assert_eq!(pages.len(), booklet.page_count());
    // A5, in points.
    assert_eq!(pages[0]["width"].as_f64().unwrap().round(), 420.0);
    assert_eq!(pages[0]["height"].as_f64().unwrap().round(), 595.0);

    let hash = pages[0]["hash"].as_str().unwrap();
    let (status, svg) = get(&url, &format!("/page/booklet/{hash}.svg"), None);
    assert_eq!(status, "HTTP/1.0 200 OK");
    assert!(svg.starts_with("<svg "), "{}", &svg[..100]);
    // The title is escaped text in the SVG's text layer (on two lines).
    assert!(svg.contains(">Enzyme &lt;script&gt;alert(1)&lt;/</text>"));
    assert!(svg.contains(">script&gt; &amp; #co</text>"));
    assert!(!svg.contains("<script>"));

    // Anything else is not there; a page from elsewhere cannot read it.
    assert_eq!(
        get(&url, "/page/booklet/0123.svg", None).0,
        "HTTP/1.0 404 Not Found"
    );
    assert_eq!(
        get(&url, "/../conference.toml", None).0,
        "HTTP/1.0 404 Not Found"
    );
    assert_eq!(
        get(&url, "/state", Some("attacker.example")).0,
        "HTTP/1.0 403 Forbidden"
    );
    let (status, pdf) = get(&url, "/pdf/booklet.pdf", None);
    assert_eq!(status, "HTTP/1.0 200 OK");
    assert!(pdf.starts_with("%PDF-"));

    // What is not a GET in HTTP/1.x is refused, and says so.
    let post = "POST /state HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello";
    assert_eq!(
        raw(&url, post),
        ("HTTP/1.1 405 Method Not Allowed".into(), "GET only".into())
    );
    assert_eq!(
        raw(&url, "\u{16}\u{3}\u{1}\u{2}\u{0}\u{1}\r\n\r\n"),
        (
            "HTTP/1.1 400 Bad Request".into(),
            "a malformed request".into()
        )
    );
}

#[test]
fn connections_that_send_nothing_hold_up_no_one() {
    use std::io::Write;
    let ws = Workspace::new();
    let (_serving, url) = served(&ws);
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    // Browsers keep idle connections open and send requests in any order;
    // a preview must answer each request whatever the others do.
    let idle: Vec<_> = (0..16)
        .map(|i| {
            let mut stream = std::net::TcpStream::connect(addr).unwrap();
            if i % 2 == 0 {
                stream.write_all(b"GET /sta").unwrap();
            }
            stream
        })
        .collect();
    for _ in 0..3 {
        let (status, body) = get(&url, "/state", None);
        assert_eq!(status, "HTTP/1.0 200 OK");
        assert!(
            body.contains("\"title\":\"Enzyme Conference 2023\""),
            "{body}"
        );
    }
    drop(idle);
}

/// The state a browser is sent, once it satisfies `done` (polled).
fn state_when(url: &str, done: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let state: serde_json::Value = serde_json::from_str(&get(url, "/state", None).1).unwrap();
        if done(&state) {
            return state;
        }
        assert!(std::time::Instant::now() < deadline, "timed out: {state}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_first_build_that_fails_shows_its_error_and_no_pages_until_repaired() {
    let ws = Workspace::minimal();
    ws.edit(
        "proj/conference.toml",
        "title = \"A Talk About Nothing\"",
        "title = \"A Talk About Nothing",
    );
    let serving = Watching::serve(&ws, &["--port", "0"]);
    let line = serving.expect_stdout("serving the preview at ");
    let url = line.split_whitespace().nth(4).unwrap().to_owned();
    let state = state_when(&url, |s| !s["errors"].as_array().unwrap().is_empty());
    assert_eq!(state["documents"], serde_json::json!([]));
    assert_eq!(state["errors"][0]["place"], "proj/conference.toml:14:30");
    assert_eq!(state["errors"][0]["severity"], "error");
    assert!(
        state["errors"][0]["text"]
            .as_str()
            .unwrap()
            .contains("14 │ title = \"A Talk About Nothing"),
        "{state}"
    );
    ws.edit(
        "proj/conference.toml",
        "title = \"A Talk About Nothing",
        "title = \"A Talk About Something\"",
    );
    let state = state_when(&url, |s| !s["documents"].as_array().unwrap().is_empty());
    assert_eq!(state["errors"], serde_json::json!([]));
    let kinds: Vec<&str> = state["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["booklet", "proceedings"]);
}
