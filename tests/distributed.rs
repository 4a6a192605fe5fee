//! Multi-process runtime: two real processes (this test binary re-running itself as process 1)
//! meet through process 0's key-value store and exchange keys; a process that never shows up,
//! or a coordinator that never listens, gives a timeout error naming it.

use std::net::TcpListener;
use std::process::Command;
use std::time::{Duration, Instant};

use siglip::pjrt::{DistributedRuntime, ProcessFlags, ProcessGroup};

const ROLE_ENV: &str = "SIGLIP_TEST_PROCESS_ID";
const COORDINATOR_ENV: &str = "SIGLIP_TEST_COORDINATOR";

fn free_address() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().to_string()
}

fn group(id: usize, count: usize, coordinator: &str) -> ProcessGroup {
    let flags = ProcessFlags {
        process_id: Some(id),
        num_processes: Some(count),
        coordinator: Some(coordinator.to_string()),
    };
    let none = |_: &str| None;
    ProcessGroup::resolve(&flags, &none, &none).unwrap()
}

/// Both processes: join, put a key of their own, read the other's.
fn exchange(id: usize, coordinator: &str) {
    let runtime = DistributedRuntime::connect(group(id, 2, coordinator), Duration::from_secs(60))
        .expect("joining the group");
    let kv = runtime.kv();
    kv.put(
        format!("test/from/{id}").as_bytes(),
        format!("hello from {id}\n\0").as_bytes(),
    )
    .unwrap();
    let other = 1 - id;
    let value = kv
        .get(
            format!("test/from/{other}").as_bytes(),
            Duration::from_secs(60),
        )
        .unwrap();
    assert_eq!(value, format!("hello from {other}\n\0").as_bytes());
}

/// Process 1 of `two_processes_exchange_keys`; does nothing when run on its own.
#[test]
fn process_one() {
    if let (Ok(id), Ok(coordinator)) = (std::env::var(ROLE_ENV), std::env::var(COORDINATOR_ENV)) {
        exchange(id.parse().unwrap(), &coordinator);
    }
}

#[test]
fn two_processes_exchange_keys() {
    let coordinator = free_address();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "process_one", "--nocapture", "--test-threads=1"])
        .env(ROLE_ENV, "1")
        .env(COORDINATOR_ENV, &coordinator)
        .spawn()
        .unwrap();
    exchange(0, &coordinator);
    assert!(child.wait().unwrap().success(), "process 1 failed");
}

#[test]
fn a_process_that_never_shows_up_is_named() {
    let coordinator = free_address();
    let start = Instant::now();
    let err = DistributedRuntime::connect(group(0, 3, &coordinator), Duration::from_millis(300))
        .unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(10));
    assert_eq!(
        err.to_string(),
        format!(
            "process 1 of 3 did not show up within 0.3 s (no key `siglip/arrived/1` in the \
             key-value store at {coordinator}); start it with --process-id 1 --num-processes 3 \
             --coordinator {coordinator}"
        )
    );
}

#[test]
fn a_coordinator_that_never_listens_is_named() {
    let coordinator = free_address();
    let err = DistributedRuntime::connect(group(1, 2, &coordinator), Duration::from_millis(300))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(&format!(
            "cannot reach the key-value store of process 0 at {coordinator} within 0."
        )),
        "{err}"
    );
}

/// `siglip devices` as both processes of a run: each joins through the coordinator (the CPU
/// plugin then still shows only its own devices) and names its place in the group.
#[test]
fn two_siglip_processes_join_through_the_flags() {
    let coordinator = free_address();
    let devices = |id: usize| {
        Command::new(env!("CARGO_BIN_EXE_siglip"))
            .args(["devices", "--cpu-devices", "1", "--num-processes", "2"])
            .args([
                "--process-id",
                &id.to_string(),
                "--coordinator",
                &coordinator,
            ])
            .output()
    };
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| devices(1));
        (devices(0), second.join().unwrap())
    });
    for (id, out) in [(0, first), (1, second)] {
        let out = out.unwrap();
        assert!(out.status.success(), "process {id}: {out:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains(&format!("\nprocess:       {id} of 2 (flags)\n")),
            "{stdout}"
        );
    }
}
