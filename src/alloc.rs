//! Process-wide memory settings.

/// Makes every thread allocate from one shared heap (glibc only). Typst lays
/// out on several threads, and glibc would give each its own heap, holding on
/// to memory one thread freed while another asks for more: one heap keeps
/// the peak of a large build about a tenth lower, for a few percent of time.
pub fn share_one_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only adjusts an allocator setting; it is called before
    // any other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}
