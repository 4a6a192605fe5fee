//! Multi-process runtime: two real processes (this test binary re-running itself) meet through
//! process 0's key-value store and exchange keys, also while strangers attack the store (no or a
//! wrong secret, random bytes, a 2 GB line, a byte a second, 10,000 connections), which must
//! leave its memory and threads bounded; a process that never shows up, or a coordinator that
//! never listens, gives a timeout error naming it; a secret given to one process only is named;
//! a plugin whose clients do not span the processes (the CPU plugin) is refused by every process.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use siglip::pjrt::{
    CoordinatorSecret, DistributedRuntime, JoinOptions, KvClient, KvError, KvLimits, ProcessFlags,
    ProcessGroup, COORDINATOR_SECRET_ENV, MAX_ENTRY_BYTES,
};

const ROLE_ENV: &str = "SIGLIP_TEST_PROCESS_ID";
const COORDINATOR_ENV: &str = "SIGLIP_TEST_COORDINATOR";
/// The store's per-line time limit in a child process, in milliseconds.
const IO_TIMEOUT_ENV: &str = "SIGLIP_TEST_IO_TIMEOUT_MS";
const SECRET: &str = "the coordinator secret of this test run";

fn free_address() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().to_string()
}

fn group(id: usize, count: usize, coordinator: &str) -> ProcessGroup {
    let flags = ProcessFlags {
        process_id: Some(id),
        num_processes: Some(count),
        coordinator: Some(coordinator.to_string()),
        coordinator_secret: Some(SECRET.to_string()),
    };
    let none = |_: &str| None;
    ProcessGroup::resolve(&flags, &none, &none).unwrap()
}

/// Both processes: join, put a key of their own, read the other's.
fn exchange(id: usize, coordinator: &str, options: &JoinOptions) {
    let runtime =
        DistributedRuntime::connect(group(id, 2, coordinator), options).expect("joining the group");
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

fn join_options() -> JoinOptions {
    JoinOptions::new(Duration::from_secs(60))
}

/// A process of a test group started by `spawn_process`; does nothing when run on its own.
#[test]
fn child_process() {
    if let (Ok(id), Ok(coordinator)) = (std::env::var(ROLE_ENV), std::env::var(COORDINATOR_ENV)) {
        let mut options = join_options();
        if let Ok(ms) = std::env::var(IO_TIMEOUT_ENV) {
            options.io_timeout = Duration::from_millis(ms.parse().unwrap());
        }
        exchange(id.parse().unwrap(), &coordinator, &options);
    }
}

/// This test binary as process `id` of a group of two, its store's lines limited to
/// `io_timeout`.
fn spawn_process(id: usize, coordinator: &str, io_timeout: Duration) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(ROLE_ENV, id.to_string())
        .env(COORDINATOR_ENV, coordinator)
        .env(IO_TIMEOUT_ENV, io_timeout.as_millis().to_string())
        .spawn()
        .unwrap()
}

#[test]
fn two_processes_exchange_keys() {
    let coordinator = free_address();
    let mut child = spawn_process(1, &coordinator, siglip::pjrt::DEFAULT_IO_TIMEOUT);
    exchange(0, &coordinator, &join_options());
    assert!(child.wait().unwrap().success(), "process 1 failed");
}

#[test]
fn a_process_that_never_shows_up_is_named() {
    let coordinator = free_address();
    // Returning at all shows that it gave up waiting.
    let options = JoinOptions::new(Duration::from_millis(300));
    let err = DistributedRuntime::connect(group(0, 3, &coordinator), &options).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "process 1 of 3 did not show up within 0.3 s (no key `siglip/arrived/1` in the \
             key-value store at {coordinator}); start it with --process-id 1 --num-processes 3 \
             --coordinator {coordinator}"
        )
    );
}

/// A process given another secret is refused; process 0's error says so, and from where.
#[test]
fn a_process_refused_for_its_secret_is_reported_by_process_0() {
    let coordinator = free_address();
    let impostor = std::thread::spawn({
        let secret = CoordinatorSecret::new("the secret of another run").unwrap();
        let client = KvClient::new(&coordinator, secret, Duration::from_secs(30));
        move || client.put(b"siglip/arrived/1", b"1")
    });
    let options = JoinOptions::new(Duration::from_secs(2));
    let err = DistributedRuntime::connect(group(0, 2, &coordinator), &options)
        .unwrap_err()
        .to_string();
    let refused = impostor.join().unwrap();
    assert!(
        matches!(refused, Err(KvError::SecretRefused { .. })),
        "{refused:?}"
    );
    let (before, after) = err.split_once("the last from 127.0.0.1:").expect(&err);
    assert!(
        before.ends_with(&format!(
            "--coordinator {coordinator}; meanwhile 1 connection(s) were refused for a wrong \
             coordinator secret, "
        )),
        "{err}"
    );
    assert!(
        after.ends_with(": give every process the same $SIGLIP_COORDINATOR_SECRET"),
        "{err}"
    );
}

#[test]
fn a_coordinator_that_never_listens_is_named() {
    // Port 1 (tcpmux), where nothing listens: a port freed by `free_address` can be handed to
    // another test's store running in parallel, which then answers (CI once saw that, 5 s late).
    let coordinator = "127.0.0.1:1".to_string();
    let options = JoinOptions::new(Duration::from_millis(300));
    let err = DistributedRuntime::connect(group(1, 2, &coordinator), &options)
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
            .env(COORDINATOR_SECRET_ENV, SECRET)
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

// ---- Strangers against a real coordinator ---------------------------------------------------

/// `VmRSS`, `VmHWM` (peak resident, KiB) or `Threads` of a running process.
fn proc_status(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{field}:")))
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"));
    line.split_whitespace().next().unwrap().parse().unwrap()
}

/// A connection to the store whose greeting has been read: its nonce, and the reader.
fn greeted(coordinator: &str) -> (BufReader<TcpStream>, Vec<u8>) {
    let start = Instant::now();
    loop {
        match TcpStream::connect(coordinator) {
            Ok(stream) => {
                let mut reader = BufReader::new(stream);
                let mut greeting = String::new();
                reader.read_line(&mut greeting).unwrap();
                let nonce = greeting.trim_end().strip_prefix("SIGLIP-KV 1 ").unwrap();
                return (reader, unhex(nonce));
            }
            Err(e) if start.elapsed() > Duration::from_secs(60) => panic!("{coordinator}: {e}"),
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Everything the store still says on `reader` before it closes (an error counts as closed).
fn rest(reader: &mut BufReader<TcpStream>) -> String {
    let mut text = String::new();
    let _ = reader.read_to_string(&mut text);
    text
}

/// Writes `total` bytes of `fill` (never a newline) after `head`, a MiB at a time, until the
/// store closes the connection; how many bytes went out.
fn stream_line(stream: &mut TcpStream, head: &[u8], total: u64) -> u64 {
    let chunk = vec![b'a'; 1 << 20];
    let mut sent = 0u64;
    if stream.write_all(head).is_err() {
        return 0;
    }
    while sent < total {
        if stream.write_all(&chunk).is_err() {
            break;
        }
        sent += chunk.len() as u64;
    }
    sent
}

/// The store's handshake done by hand from its description in `src/pjrt/kv.rs`: an HMAC-SHA256
/// of the role, the server's nonce and ours under the secret. Returns the store's reply.
fn authenticate(reader: &mut BufReader<TcpStream>, server_nonce: &[u8], secret: &str) -> String {
    let client_nonce = [9u8; 16];
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(b"siglip-kv client\0");
    mac.update(server_nonce);
    mac.update(&client_nonce);
    let proof = hex(&mac.finalize().into_bytes());
    let auth = format!("AUTH {} {proof}\n", hex(&client_nonce));
    reader.get_mut().write_all(auth.as_bytes()).unwrap();
    let mut reply = String::new();
    let _ = reader.read_line(&mut reply);
    reply
}

/// Lets this process hold `count` more files open (the hard limit permitting); how many it may.
fn raise_open_file_limit(count: u64) -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read and write the struct passed.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
        limit.rlim_cur = limit.rlim_max.min(limit.rlim_cur.max(count));
        assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &limit), 0);
    }
    limit.rlim_cur
}

/// How much resident memory the attacks below may add to the coordinator at their peak: one
/// oversized line from a holder of the secret is read up to the line limit (2 × 16 MiB of
/// hex); strangers never get past the 256-byte handshake line, so each of the at most
/// `max_connections` they hold costs a thread and a 16 KiB buffer.
const ATTACK_MEMORY_BOUND_KIB: u64 = 64 << 10;
const CONNECTIONS: u64 = 10_000;

#[test]
fn strangers_neither_get_in_nor_exhaust_the_coordinator() {
    let coordinator = free_address();
    let io_timeout = Duration::from_secs(2);
    let mut process0 = spawn_process(0, &coordinator, io_timeout);
    let pid = process0.id();
    drop(greeted(&coordinator));
    let resident_at_start = proc_status(pid, "VmRSS");

    // A byte a second: every read is quick, but the line is not whole within `io_timeout`.
    let slow = std::thread::spawn({
        let coordinator = coordinator.clone();
        move || {
            let (mut reader, _) = greeted(&coordinator);
            let mut sent = 0;
            while sent < 30 && reader.get_mut().write_all(b"A").is_ok() {
                sent += 1;
                std::thread::sleep(Duration::from_secs(1));
            }
            sent
        }
    });

    // No secret: the requests from the issue get no answer, and the connection is closed.
    let arrived = hex(b"siglip/arrived/0");
    for request in [
        "PUT 6869 6a61636b\n".to_string(),
        format!("TRY {arrived}\n"),
    ] {
        let (mut reader, _) = greeted(&coordinator);
        reader.get_mut().write_all(request.as_bytes()).unwrap();
        assert_eq!(rest(&mut reader), "", "{request}");
    }
    // A wrong secret, by hand and through the real client.
    let (mut reader, nonce) = greeted(&coordinator);
    let wrong = "a secret that is not this run's";
    assert_eq!(authenticate(&mut reader, &nonce, wrong), "DENIED\n");
    let stranger = KvClient::new(
        &coordinator,
        CoordinatorSecret::new(wrong).unwrap(),
        Duration::from_secs(5),
    );
    for result in [
        stranger.put(b"hi", b"jack").map(drop),
        stranger.try_get(b"siglip/arrived/0").map(drop),
    ] {
        assert!(
            matches!(result, Err(KvError::SecretRefused { .. })),
            "{result:?}"
        );
    }
    // Random bytes.
    let (mut reader, _) = greeted(&coordinator);
    let mut noise = vec![0u8; 1 << 20];
    rand::thread_rng().fill_bytes(&mut noise);
    let _ = reader.get_mut().write_all(&noise);
    assert_eq!(rest(&mut reader), "");
    // A 2 GB line, from a stranger and from a holder of the secret: each is cut off at its
    // limit, long before 2 GB.
    let two_gb = 2u64 << 30;
    let (mut reader, _) = greeted(&coordinator);
    let stranger_sent = stream_line(reader.get_mut(), b"", two_gb);
    let (mut reader, nonce) = greeted(&coordinator);
    assert!(authenticate(&mut reader, &nonce, SECRET).starts_with("WELCOME "));
    let insider_sent = stream_line(reader.get_mut(), b"PUT ", two_gb);
    eprintln!("2 GB lines cut off after {stranger_sent} (stranger) and {insider_sent} bytes (holder of the secret)");
    assert!(stranger_sent < 64 << 20, "{stranger_sent}");
    assert!(
        insider_sent < 2 * MAX_ENTRY_BYTES as u64 + (64 << 20),
        "{insider_sent}"
    );

    // 10,000 connections opened and held.
    let allowed = raise_open_file_limit(CONNECTIONS + 200);
    let count = CONNECTIONS.min(allowed.saturating_sub(200));
    if count < CONNECTIONS {
        eprintln!("the open-file limit of {allowed} allows only {count} connections");
    }
    let held: Vec<TcpStream> = (0..count)
        .map(|_| TcpStream::connect(&coordinator).unwrap())
        .collect();
    let cap = KvLimits::for_processes(2, io_timeout).max_connections as u64;
    // A connection's thread, and as many again closed to make room but still ending; on a
    // loaded machine the closed ones take a moment to end, so the bound is waited for.
    let bound = 2 * cap + 16;
    let settled = Instant::now() + Duration::from_secs(20);
    let mut threads = proc_status(pid, "Threads");
    while threads > bound && Instant::now() < settled {
        std::thread::sleep(Duration::from_millis(200));
        threads = proc_status(pid, "Threads");
    }
    eprintln!(
        "holding {} connections: the coordinator has {threads} threads (cap {cap} connections)",
        held.len()
    );
    assert!(threads <= bound, "{threads} threads");

    assert!(slow.join().unwrap() < 10, "the slow client was not cut off");
    let peak = proc_status(pid, "VmHWM");
    eprintln!(
        "coordinator resident: {resident_at_start} KiB at start, peak {peak} KiB, now {} KiB",
        proc_status(pid, "VmRSS")
    );
    assert!(
        peak < resident_at_start + ATTACK_MEMORY_BOUND_KIB,
        "peak {peak} KiB from {resident_at_start} KiB"
    );

    // The real processes still meet, the connections still held.
    let mut process1 = spawn_process(1, &coordinator, io_timeout);
    assert!(process1.wait().unwrap().success(), "process 1 failed");
    assert!(process0.wait().unwrap().success(), "process 0 failed");
    drop(held);
}

/// Process 0 started without the secret makes one and prints it; process 1, given another,
/// is refused by name, and process 0 logs where the refused connection came from. Process 1
/// without any secret names what to set.
#[test]
fn a_secret_given_to_one_process_only_is_named() {
    let coordinator = free_address();
    let process = |id: usize| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_siglip"));
        command
            .args(["devices", "--cpu-devices", "1", "--num-processes", "2"])
            .args([
                "--process-id",
                &id.to_string(),
                "--coordinator",
                &coordinator,
            ])
            .env_remove(COORDINATOR_SECRET_ENV)
            .env_remove("SIGLIP_LOG")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        command
    };
    let lone = process(1).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&lone.stderr),
        "error: process 1 of 2 has no coordinator secret: set $SIGLIP_COORDINATOR_SECRET (or \
         --coordinator-secret) to the one process 0 was given, or printed when it generated \
         one\n"
    );

    let process0 = process(0).spawn().unwrap();
    let process1 = process(1)
        .env(COORDINATOR_SECRET_ENV, SECRET)
        .output()
        .unwrap();
    let stderr1 = String::from_utf8_lossy(&process1.stderr);
    assert!(
        stderr1.contains(&format!(
            "error: joining process group as process 1 of 2 (from flags): the key-value store \
             at {coordinator} refused this process's coordinator secret"
        )),
        "{stderr1}"
    );
    let mut process0 = process0;
    process0.kill().unwrap();
    let stderr0 =
        String::from_utf8_lossy(&process0.wait_with_output().unwrap().stderr).into_owned();
    assert!(
        stderr0.contains(
            "generated one for this run; start processes 1 to 1 with SIGLIP_COORDINATOR_SECRET="
        ),
        "{stderr0}"
    );
    assert!(
        stderr0.contains("key-value store: refused the connection from 127.0.0.1:")
            && stderr0.contains("its proof does not match the run's coordinator secret"),
        "{stderr0}"
    );
}
