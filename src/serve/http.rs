//! The preview's HTTP server: the page, the state, page SVGs, the PDFs, and
//! a stream of server-sent events that tells browsers of every rebuild.

use std::io::{self, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Request, Response, StatusCode};

use super::state::Preview;
use crate::diag::{Diagnostic, Result};
use crate::documents::DocumentKind;

/// The page that shows the documents: markup, style and script in one file.
const INDEX: &str = include_str!("index.html");

/// How often an idle event stream says it is alive (and finds closed ones).
const KEEP_ALIVE: Duration = Duration::from_secs(10);

/// Listens on `addr` (the first free port from `addr`'s, trying ten, when
/// `fixed` is false). The error says what to do when the port is taken.
pub fn bind(addr: SocketAddr, fixed: bool) -> Result<tiny_http::Server> {
    let tries = if fixed || addr.port() == 0 { 1 } else { 10 };
    for i in 0..tries {
        let mut at = addr;
        at.set_port(addr.port() + i);
        match TcpListener::bind(at) {
            Ok(listener) => {
                return tiny_http::Server::from_listener(listener, None).map_err(|err| {
                    Diagnostic::error(format!("cannot serve on {at}: {err}")).into()
                });
            }
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

/// Answers requests until the process ends; each request has a thread.
pub fn run(server: tiny_http::Server, preview: Arc<Preview>, out_dir: PathBuf) {
    let out_dir = Arc::new(out_dir);
    let loopback = server
        .server_addr()
        .to_ip()
        .is_some_and(|addr| addr.ip().is_loopback());
    for request in server.incoming_requests() {
        // A web page elsewhere must not read the preview through a name that
        // resolves to this machine (DNS rebinding): on the loopback address,
        // only local names are answered.
        if loopback && !local_host(&request) {
            let _ = respond(
                request,
                403,
                "text/plain; charset=utf-8",
                b"local names only".to_vec(),
                "no-store",
            );
            continue;
        }
        let preview = preview.clone();
        let out_dir = out_dir.clone();
        std::thread::spawn(move || {
            let _ = handle(request, &preview, &out_dir);
        });
    }
}

/// Whether the request's `Host` names this machine.
fn local_host(request: &Request) -> bool {
    let Some(host) = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str())
    else {
        return true;
    };
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    };
    matches!(name, "localhost" | "127.0.0.1" | "[::1]")
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

fn respond(
    request: Request,
    status: u16,
    kind: &str,
    body: Vec<u8>,
    cache: &str,
) -> io::Result<()> {
    let response = Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", cache))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    request.respond(response)
}

fn not_found(request: Request) -> io::Result<()> {
    respond(
        request,
        404,
        "text/plain; charset=utf-8",
        b"not found".to_vec(),
        "no-store",
    )
}

fn handle(request: Request, preview: &Preview, out_dir: &std::path::Path) -> io::Result<()> {
    if request.method() != &tiny_http::Method::Get {
        return respond(
            request,
            405,
            "text/plain; charset=utf-8",
            b"GET only".to_vec(),
            "no-store",
        );
    }
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_owned();
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match segments.as_slice() {
        [""] => respond(
            request,
            200,
            "text/html; charset=utf-8",
            INDEX.as_bytes().to_vec(),
            "no-store",
        ),
        ["state"] => {
            let json = serde_json::to_vec(&preview.shown()).expect("the state serialises");
            respond(request, 200, "application/json", json, "no-store")
        }
        ["events"] => events(request, preview),
        ["page", kind, file] => {
            let (Some(kind), Some(hash)) = (document(kind), file.strip_suffix(".svg")) else {
                return not_found(request);
            };
            match preview.page_svg(kind, hash) {
                // A hash names one content for ever.
                Some(svg) => respond(
                    request,
                    200,
                    "image/svg+xml",
                    svg.as_bytes().to_vec(),
                    "public, max-age=31536000, immutable",
                ),
                None => not_found(request),
            }
        }
        ["pdf", file] => {
            let Some(kind) = DocumentKind::ALL
                .into_iter()
                .find(|k| k.file_name() == *file)
            else {
                return not_found(request);
            };
            match std::fs::read(out_dir.join(kind.file_name())) {
                Ok(pdf) => respond(request, 200, "application/pdf", pdf, "no-store"),
                Err(_) => not_found(request),
            }
        }
        _ => not_found(request),
    }
}

fn document(name: &str) -> Option<DocumentKind> {
    DocumentKind::ALL.into_iter().find(|k| k.name() == name)
}

/// A server-sent event stream: the state now, then the state after every
/// change, until the browser goes away.
fn events(request: Request, preview: &Preview) -> io::Result<()> {
    let mut writer = request.into_writer();
    writer.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n",
    )?;
    let mut state = preview.shown();
    loop {
        let json = serde_json::to_string(&state).expect("the state serialises");
        write!(writer, "data: {json}\n\n")?;
        writer.flush()?;
        let seen = state.version;
        loop {
            state = preview.wait_past(seen, KEEP_ALIVE);
            if state.version != seen {
                break;
            }
            // A comment line: ignored by browsers, fails once one is gone.
            writer.write_all(b": alive\n\n")?;
            writer.flush()?;
        }
    }
}
