//! Multi-process runtime: two real processes (this test binary re-running itself as process 1)
//! meet through process 0's key-value store and exchange keys; a process that never shows up,
//! or a coordinator that never listens, gives a timeout error naming it; a plugin whose clients
//! do not span the processes (the CPU plugin) is refused by every process.

use std::net::TcpListener;
use std::process::Command;
use std::time::Duration;

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
    // Returning at all shows that it gave up waiting.
    let err = DistributedRuntime::connect(group(0, 3, &coordinator), Duration::from_millis(300))
        .unwrap_err();
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
    // Port 1 (tcpmux), where nothing listens: a port freed by `free_address` can be handed to
    // another test's store running in parallel, which then answers (CI once saw that, 5 s late).
    let coordinator = "127.0.0.1:1".to_string();
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

/// Runs `siglip ARGS --num-processes 2 --process-id I --coordinator C` as both processes of
/// a run at once; their outputs in process order.
fn two_siglip_processes(args: &[&str]) -> Vec<std::process::Output> {
    let coordinator = free_address();
    let process = |id: usize| {
        Command::new(env!("CARGO_BIN_EXE_siglip"))
            .args(args)
            .args(["--num-processes", "2", "--process-id", &id.to_string()])
            .args(["--coordinator", &coordinator])
            .output()
            .unwrap()
    };
    std::thread::scope(|scope| {
        let second = scope.spawn(|| process(1));
        vec![process(0), second.join().unwrap()]
    })
}

/// The CPU plugin ignores the key-value store, so after both processes meet through the
/// coordinator each would get a client of its own and train alone. Both refuse instead, naming
/// the plugin and what it reported, before a run directory is made.
#[test]
fn a_plugin_without_multi_process_clients_is_refused_by_every_process() {
    let devices = two_siglip_processes(&["devices", "--cpu-devices", "2"]);
    let run_dir = tempfile::tempdir().unwrap();
    let run_dir = run_dir.path().join("run");
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/configs/tiny_cpu.yaml");
    let run = run_dir.to_str().unwrap();
    let train = two_siglip_processes(&["train", "-c", config, "--run-dir", run]);
    for (id, out) in devices.iter().chain(&train).enumerate() {
        let (id, devices) = (id % 2, if id < 2 { 2 } else { 1 });
        assert!(!out.status.success(), "process {id}: {out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let expected = format!(
            "does not join multi-process runs: started as process {id} of 2 (flags), its client \
             reports process 0 and only this process's {devices} device(s) ({devices} in all)"
        );
        assert!(
            stderr.contains("error: creating a PJRT client from "),
            "{stderr}"
        );
        assert!(stderr.contains(&expected), "{stderr}");
    }
    assert!(!run_dir.exists());
}
