//! Telling a caller how a long build goes: the steps the library reports
//! as it works, for whatever display the binary shows.

/// Told of each step of a build ("typesetting the booklet", "part 3 of
/// 12"), for a progress display; called from the threads that do the work.
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(String) + Send + Sync>);

impl Progress {
    /// Tells of a step.
    pub fn tell(&self, step: impl Into<String>) {
        (self.0)(step.into());
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress(..)")
    }
}
