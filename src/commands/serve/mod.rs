//! `confpress serve`: `watch`, plus a live preview in the browser.
//!
//! The build loop is `watch`'s, unchanged (one Typst world, rebuilds of
//! what changed, the PDFs written as ever); after each build the pages of
//! the documents go to a small local web server ([`http`]), which sends them
//! as SVG ([`svg`]) and tells open browsers of the new state ([`state`]) by
//! server-sent events. A browser fetches only the pages whose hash changed.

mod http;
mod state;
mod svg;

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::Arc;

use crate::commands::build::BuildOptions;
use crate::commands::watch;
use crate::diag::Result;
use crate::progress::EarlyPages;

pub use state::Preview;

/// Where and how to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The address to listen on (127.0.0.1 unless asked otherwise).
    pub host: IpAddr,
    /// The port; `None` takes the first free one from 3000; 0 any free one.
    pub port: Option<u16>,
    /// Look at files periodically instead of relying on notifications.
    pub poll: bool,
}

/// The port tried first when none is given.
pub const DEFAULT_PORT: u16 = 3000;

/// What `serve` tells its caller.
pub enum Event<'a> {
    /// The server listens here; the first build begins.
    Listening(SocketAddr),
    /// What `watch` tells.
    Watch(watch::Event<'a>),
}

/// Serves the preview of the project in `dir` and rebuilds it after every
/// change. Returns only if the server cannot start.
pub fn serve(
    dir: &Path,
    options: &BuildOptions,
    serve: &ServeOptions,
    mut report: impl FnMut(Event),
) -> Result<std::convert::Infallible> {
    let addr = SocketAddr::new(serve.host, serve.port.unwrap_or(DEFAULT_PORT));
    let server = http::bind(addr, serve.port.is_some())?;
    let listening = server
        .local_addr()
        .map_err(|err| crate::diag::Diagnostic::error(format!("cannot serve on {addr}: {err}")))?;
    let preview = Arc::new(Preview::new());
    let out_dir = options.out.clone().unwrap_or_else(|| dir.join("out"));
    {
        let preview = preview.clone();
        std::thread::spawn(move || http::run(server, preview, out_dir));
    }
    report(Event::Listening(listening));
    // A part of a large volume laid out anew is shown as soon as it is,
    // before the PDFs are made.
    let early = {
        let preview = preview.clone();
        EarlyPages(Arc::new(move |part| preview.early(part)))
    };
    let options = BuildOptions {
        keep_pages: true,
        early_pages: Some(early),
        ..options.clone()
    };
    watch::watch(dir, &options, serve.poll, |event| {
        match &event {
            watch::Event::Building => preview.building(),
            watch::Event::Built(outcome, session) => {
                preview.built(outcome, session, &session.title().unwrap_or_default())
            }
            watch::Event::Notice(_) => {}
        }
        report(Event::Watch(event));
    })
}
