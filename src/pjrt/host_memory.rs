//! How the process's malloc treats large blocks, set once before a client starts its threads.
//!
//! XLA's CPU client allocates a program's temporaries (bench-small's train step: 822 MiB in one
//! block) with malloc at every execution and frees them after it. glibc serves a block that
//! large with a fresh `mmap` and gives it back with `munmap`, so every step faults in and zeroes
//! all of it again: 17 % of bench-small's step in kernel time (`perf`, benches/README.md).
//! Serving large blocks from the heap and keeping freed memory lets the next step reuse the
//! same pages; the cost is that the process keeps its high-water mark of memory.

/// glibc's `mallopt`: one arena for all threads (a thread's own arena serves a block larger
/// than its 64 MiB heaps with `mmap` whatever the settings), no `mmap` for large blocks, no
/// trimming of the heap's free top.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub(crate) fn keep_freed_memory() {
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
        // SAFETY: mallopt only sets allocator parameters; both are valid for any value.
        unsafe {
            mallopt(M_ARENA_MAX, 1);
            mallopt(M_MMAP_MAX, 0);
            mallopt(M_TRIM_THRESHOLD, c_int::MAX);
        }
    });
}

/// Other C libraries: their allocator as it is.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub(crate) fn keep_freed_memory() {}
