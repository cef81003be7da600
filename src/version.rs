//! The version strings written into every output, from one place.

/// "confpress" and its version, as written into data files and calendars.
pub const CONFPRESS: &str = concat!("confpress ", env!("CARGO_PKG_VERSION"));

/// The one spelling of the Typst version confpress embeds (pinned in
/// `Cargo.toml`), usable in `concat!`.
macro_rules! typst_version {
    () => {
        "0.15.1"
    };
}

/// The PDF `Creator`: confpress and the Typst that laid the pages out.
pub const CREATOR: &str = concat!(
    "confpress ",
    env!("CARGO_PKG_VERSION"),
    " (Typst ",
    typst_version!(),
    ")"
);

#[cfg(test)]
mod tests {
    /// The Typst version named in the outputs is the one linked.
    #[test]
    fn typst_version_is_the_pinned_one() {
        let manifest = include_str!("../Cargo.toml");
        assert!(manifest.contains(concat!("typst = \"=", typst_version!(), "\"")));
    }
}
