//! What the binary can be asked to do, one module a command: `build` (and
//! `check`), `watch`, `serve`, `eject`, `import`, `publish` and `init`.
//!
//! Commands write files (atomically, through `output`) and return reports;
//! they never print: the binary's `cli` does.

pub mod build;
pub mod eject;
pub mod import;
pub mod init;
pub mod publish;
pub mod serve;
pub mod watch;
