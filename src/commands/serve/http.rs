//! The preview's HTTP server: the page, the state, page SVGs, the PDFs, and
//! a stream of server-sent events that tells browsers of every rebuild.
//!
//! A small HTTP/1.x server on std's sockets, with httparse (hyper's parser)
//! reading the request heads: a thread for each connection, one request on
//! each (`Connection: close`). The preview asks for a few dozen things at a
//! time on the loopback address, where a connection costs nothing. tiny_http
//! 0.12, used before, shares a pool of threads among kept-alive connections
//! and now and then left a request unread until one of them closed (a page
//! of the preview stayed blank).

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::state::Preview;
use crate::diag::{Diagnostic, Result};
use crate::documents::DocumentKind;

/// The page that shows the documents: markup, style and script in one file.
const INDEX: &str = include_str!("index.html");

/// How often an idle event stream says it is alive (and finds closed ones).
const KEEP_ALIVE: Duration = Duration::from_secs(10);

/// How long a browser may take to send a request's head, and the most of it
/// read: a GET's head is a few hundred bytes.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
const HEAD_LIMIT: usize = 32 * 1024;

/// Listens on `addr` (the first free port from `addr`'s, trying ten, when
/// `fixed` is false). The error says what to do when the port is taken.
pub fn bind(addr: SocketAddr, fixed: bool) -> Result<TcpListener> {
    let tries = if fixed || addr.port() == 0 { 1 } else { 10 };
    for i in 0..tries {
        let mut at = addr;
        at.set_port(addr.port() + i);
        match TcpListener::bind(at) {
            Ok(listener) => return Ok(listener),
            Err(err) if err.kind() == io::ErrorKind::AddrInUse => continue,
            Err(err) => {
                return Err(Diagnostic::error(format!("cannot listen on {at}: {err}"))
                    .hint("check the `--host` address")
                    .into());
            }
        }
    }
    let message = if tries == 1 {
        format!("port {} is already in use", addr.port())
    } else {
        format!(
            "ports {} to {} are all in use",
            addr.port(),
            addr.port() + tries - 1
        )
    };
    Err(Diagnostic::error(message)
        .hint("another `confpress serve` may be running; stop it, or choose a free port with `--port`, e.g. `--port 8080` (`--port 0` takes any free one)")
        .into())
}

/// Answers requests until the process ends; each connection has a thread.
pub fn run(listener: TcpListener, preview: Arc<Preview>, out_dir: PathBuf) {
    let out_dir = Arc::new(out_dir);
    let loopback = listener
        .local_addr()
        .is_ok_and(|addr| addr.ip().is_loopback());
    for stream in listener.incoming() {
        // A failed accept (a connection reset before it was taken, too many
        // open files) concerns that connection only; a pause keeps a lasting
        // one from spinning.
        let Ok(stream) = stream else {
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let preview = preview.clone();
        let out_dir = out_dir.clone();
        std::thread::spawn(move || {
            let _ = connection(stream, loopback, &preview, &out_dir);
        });
    }
}

/// Reads one request from `stream` and answers it.
fn connection(
    stream: TcpStream,
    loopback: bool,
    preview: &Preview,
    out_dir: &Path,
) -> io::Result<()> {
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    let request = match read_head(&mut &stream)? {
        Some(request) => request,
        None => {
            let response = Response::text(400, "a malformed request");
            return response.send(stream, "HTTP/1.1");
        }
    };
    // A web page elsewhere must not read the preview through a name that
    // resolves to this machine (DNS rebinding): on the loopback address,
    // only local names are answered.
    if loopback && !request.host.as_deref().is_none_or(local_host) {
        return Response::text(403, "local names only").send(stream, request.version);
    }
    if request.method != "GET" {
        return Response::text(405, "GET only").send(stream, request.version);
    }
    handle(stream, &request, preview, out_dir)
}

/// What the server needs of a request: its method, path and `Host`.
#[derive(Debug, PartialEq)]
struct Request {
    method: String,
    /// The target without its query or fragment.
    path: String,
    /// `HTTP/1.0` or `HTTP/1.1`, as the request says: the answer's version.
    version: &'static str,
    host: Option<String>,
}

/// The request line and headers, up to the blank line, as httparse reads
/// them; `None` if they are not HTTP/1.x, or the connection ends first.
fn read_head(stream: &mut impl Read) -> io::Result<Option<Request>> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0; 4096];
    loop {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Ok(None);
        }
        head.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(&head) {
            Ok(httparse::Status::Complete(_)) => return Ok(request(&parsed)),
            Ok(httparse::Status::Partial) if head.len() < HEAD_LIMIT => continue,
            _ => return Ok(None),
        }
    }
}

/// What the server needs of a parsed head.
fn request(parsed: &httparse::Request) -> Option<Request> {
    let (Some(method), Some(target), Some(minor)) = (parsed.method, parsed.path, parsed.version)
    else {
        return None;
    };
    if !target.starts_with('/') {
        return None;
    }
    Some(Request {
        method: method.to_owned(),
        path: target.split(['?', '#']).next().unwrap_or("/").to_owned(),
        version: if minor == 0 { "HTTP/1.0" } else { "HTTP/1.1" },
        host: parsed
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case("host"))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_owned()),
    })
}

/// Whether a `Host` value names this machine.
fn local_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    };
    matches!(name, "localhost" | "127.0.0.1" | "[::1]")
}

/// A whole answer: status, type, caching and body.
struct Response {
    status: u16,
    kind: &'static str,
    cache: &'static str,
    body: Vec<u8>,
}

impl Response {
    fn new(status: u16, kind: &'static str, cache: &'static str, body: Vec<u8>) -> Self {
        Self {
            status,
            kind,
            cache,
            body,
        }
    }

    fn text(status: u16, text: &str) -> Self {
        Self::new(
            status,
            "text/plain; charset=utf-8",
            "no-store",
            text.as_bytes().to_vec(),
        )
    }

    /// Writes the answer and closes the connection.
    fn send(self, mut stream: TcpStream, version: &str) -> io::Result<()> {
        let length = format!("Content-Length: {}\r\n", self.body.len());
        let allow = if self.status == 405 {
            "Allow: GET\r\n"
        } else {
            ""
        };
        let head = head(
            version,
            self.status,
            self.kind,
            self.cache,
            &(length + allow),
        );
        stream.write_all(head.as_bytes())?;
        stream.write_all(&self.body)?;
        stream.flush()?;
        // The browser reads to the end; the close tells it where that is.
        stream.shutdown(std::net::Shutdown::Write)?;
        // Closing with bytes unread (a body sent with a refused POST) would
        // reset the connection, and the browser could lose the answer: read
        // what is left, a little, until the browser closes its side.
        stream.set_read_timeout(Some(Duration::from_secs(2)))?;
        io::copy(&mut (&stream).take(HEAD_LIMIT as u64), &mut io::sink())?;
        Ok(())
    }
}

/// A response's head; `more` holds further header lines, each ending in
/// CRLF. Every answer closes its connection.
fn head(version: &str, status: u16, kind: &str, cache: &str, more: &str) -> String {
    format!(
        "{version} {status} {}\r\nContent-Type: {kind}\r\nCache-Control: {cache}\r\nX-Content-Type-Options: nosniff\r\n{more}Connection: close\r\n\r\n",
        reason(status),
    )
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "",
    }
}

fn not_found() -> Response {
    Response::text(404, "not found")
}

/// Answers a GET of `request.path`.
fn handle(
    stream: TcpStream,
    request: &Request,
    preview: &Preview,
    out_dir: &Path,
) -> io::Result<()> {
    let segments: Vec<&str> = request.path.trim_start_matches('/').split('/').collect();
    let response = match segments.as_slice() {
        [""] => Response::new(
            200,
            "text/html; charset=utf-8",
            "no-store",
            INDEX.as_bytes().to_vec(),
        ),
        ["state"] => {
            let json = serde_json::to_vec(&preview.shown()).expect("the state serialises");
            Response::new(200, "application/json", "no-store", json)
        }
        ["events"] => return events(stream, request.version, preview),
        ["page", kind, file] => {
            match (document(kind), file.strip_suffix(".svg")) {
                (Some(kind), Some(hash)) => match preview.page_svg(kind, hash) {
                    // A hash names one content for ever.
                    Some(svg) => Response::new(
                        200,
                        "image/svg+xml",
                        "public, max-age=31536000, immutable",
                        svg.as_bytes().to_vec(),
                    ),
                    None => not_found(),
                },
                _ => not_found(),
            }
        }
        ["pdf", file] => match DocumentKind::ALL
            .into_iter()
            .find(|k| k.file_name() == *file)
            .and_then(|kind| std::fs::read(out_dir.join(kind.file_name())).ok())
        {
            Some(pdf) => Response::new(200, "application/pdf", "no-store", pdf),
            None => not_found(),
        },
        _ => not_found(),
    };
    response.send(stream, request.version)
}

fn document(name: &str) -> Option<DocumentKind> {
    DocumentKind::ALL.into_iter().find(|k| k.name() == name)
}

/// A server-sent event stream: the state now, then the state after every
/// change, until the browser goes away.
fn events(mut stream: TcpStream, version: &str, preview: &Preview) -> io::Result<()> {
    // No length: the stream lasts until the browser goes away.
    let head = head(version, 200, "text/event-stream", "no-store", "");
    stream.write_all(head.as_bytes())?;
    let mut state = preview.shown();
    loop {
        let json = serde_json::to_string(&state).expect("the state serialises");
        write!(stream, "data: {json}\n\n")?;
        stream.flush()?;
        let seen = state.version;
        loop {
            state = preview.wait_past(seen, KEEP_ALIVE);
            if state.version != seen {
                break;
            }
            // A comment line: ignored by browsers, fails once one is gone.
            stream.write_all(b": alive\n\n")?;
            stream.flush()?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> Option<Request> {
        read_head(&mut text.as_bytes()).unwrap()
    }

    #[test]
    fn a_request_head_gives_method_path_version_and_host() {
        assert_eq!(
            head(
                "GET /page/booklet/ab.svg?x=1#top HTTP/1.1\r\nhOsT:  localhost:8000 \r\nAccept: */*\r\n\r\n"
            ),
            Some(Request {
                method: "GET".into(),
                path: "/page/booklet/ab.svg".into(),
                version: "HTTP/1.1",
                host: Some("localhost:8000".into()),
            })
        );
        // Bare line feeds, a blank line before the request, no Host.
        assert_eq!(
            head("\r\nPOST /state HTTP/1.0\n\n"),
            Some(Request {
                method: "POST".into(),
                path: "/state".into(),
                version: "HTTP/1.0",
                host: None,
            })
        );
    }

    #[test]
    fn what_is_not_an_http_1_head_is_refused() {
        for text in [
            "",
            "GET / HTTP/1.1\r\nHost: localhost\r\n",
            "GET / HTTP/1.1\r\nHost: localhost",
            "GET /\r\n\r\n",
            "GET / HTTP/2\r\n\r\n",
            "GET  / HTTP/1.1\r\n\r\n",
            "GET http://localhost/ HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nno colon\r\n\r\n",
            "\u{fffd}\u{0}\r\n\r\n",
        ] {
            assert_eq!(head(text), None, "{text:?}");
        }
        assert_eq!(
            read_head(&mut &b"GET /\xff HTTP/1.1\r\n\r\n"[..]).unwrap(),
            None
        );
    }

    #[test]
    fn only_local_names_are_local() {
        for host in [
            "localhost",
            "localhost:8000",
            "127.0.0.1:1",
            "[::1]:8000",
            "[::1]",
        ] {
            assert!(local_host(host), "{host}");
        }
        for host in [
            "attacker.example",
            "localhost.attacker.example",
            "127.0.0.2",
            "",
        ] {
            assert!(!local_host(host), "{host}");
        }
    }
}
