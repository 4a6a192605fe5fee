//! How the process's malloc treats large blocks, set once before a CPU client starts its threads.
//!
//! XLA's CPU client allocates a program's temporaries (bench-small's train step: 822 MiB in one
//! block) with malloc at every execution and frees them after it. glibc serves a block that
//! large with a fresh `mmap` and gives it back with `munmap`, so every step faults in and zeroes
//! all of it again: 15–17 % of bench-small's step in kernel time (`perf`, benches/README.md).
//! Serving large blocks from the heap and keeping freed memory lets the next step reuse the
//! same pages. The cost is memory: the process keeps its high-water mark, and the heap settles
//! at a few blocks of temporaries (bench-small: peak RSS 3.2 GB instead of 1.5 GB), so
//! `SIGLIP_KEEP_FREED_MEMORY=0` leaves malloc as it is.

/// The environment variable that turns this off (`0`) or on (`1`, the default).
pub(crate) const KEEP_FREED_MEMORY_ENV: &str = "SIGLIP_KEEP_FREED_MEMORY";

/// Applies the policy unless [`KEEP_FREED_MEMORY_ENV`] says `0`.
pub(crate) fn keep_freed_memory() {
    match std::env::var(KEEP_FREED_MEMORY_ENV).as_deref() {
        Ok("0") => {}
        Ok("1") | Err(std::env::VarError::NotPresent) => set_malloc_options(),
        Ok(other) => tracing::warn!(
            "ignoring {KEEP_FREED_MEMORY_ENV}={other:?} (0 or 1); keeping freed memory"
        ),
        Err(std::env::VarError::NotUnicode(_)) => tracing::warn!(
            "ignoring {KEEP_FREED_MEMORY_ENV}: not UTF-8 (0 or 1); keeping freed memory"
        ),
    }
}

/// glibc's `mallopt`: one arena for all threads (a thread's own arena serves a block larger
/// than its 64 MiB heaps with `mmap` whatever the settings), no `mmap` for large blocks, no
/// trimming of the heap's free top.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn set_malloc_options() {
    use std::ffi::c_int;
    use std::sync::Once;
    extern "C" {
        fn mallopt(param: c_int, value: c_int) -> c_int;
    }
    // <malloc.h>
    const M_TRIM_THRESHOLD: c_int = -1;
    const M_MMAP_MAX: c_int = -4;
    const M_ARENA_MAX: c_int = -8;
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: mallopt only sets allocator parameters; these values are valid for each.
        unsafe {
            mallopt(M_ARENA_MAX, 1);
            mallopt(M_MMAP_MAX, 0);
            mallopt(M_TRIM_THRESHOLD, c_int::MAX);
        }
    });
}

/// Other C libraries: their allocator as it is.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn set_malloc_options() {}
