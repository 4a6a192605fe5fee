//! The key-value store that multi-process PJRT clients exchange their topology (and, on GPUs,
//! their NCCL ids) through: process 0 serves it over TCP, every process (process 0 included)
//! reaches it with a [`KvClient`]. Only holders of the run's [`CoordinatorSecret`] get in, and
//! what a peer can make the server hold or wait for is bounded ([`KvLimits`]).
//!
//! Wire protocol, one request per connection, one line at a time, keys and values hex-encoded
//! so any bytes pass:
//! 1. server: `SIGLIP-KV 1 <server nonce>`, or `BUSY` (at its connection limit: try again);
//! 2. client: `AUTH <client nonce> <HMAC-SHA256(secret, "client" ‖ server nonce ‖ client nonce)>`;
//! 3. server: `WELCOME <HMAC-SHA256(secret, "server" ‖ ...)>` (so the client knows it reached
//!    this run's process 0), or `DENIED` and it closes;
//! 4. client: `PUT <key> <value>` → `OK`, or `CONFLICT` if the key holds another value (keys
//!    are written once, as PJRT's clients expect); `GET <key> <timeout_ms>` → `VALUE <value>` or
//!    `TIMEOUT`; `TRY <key>` → `VALUE <value>` or `MISSING`; anything else → `ERROR <message>`.
//!
//! The secret never crosses the wire, and fresh nonces make each proof good for one connection.
//! A connection per request keeps the client thread-safe without a lock held across a
//! blocking get (PJRT calls `get` from several threads at once).

use std::collections::{HashMap, VecDeque};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use socket2::{Domain, Protocol, Socket, Type};

#[derive(Debug, thiserror::Error)]
pub enum KvError {
    #[error("cannot serve the key-value store on {address}: {source}")]
    Bind {
        address: SocketAddr,
        source: io::Error,
    },

    #[error(
        "cannot reach the key-value store of process 0 at {coordinator} within {:.1} s: {source}",
        .waited.as_secs_f64()
    )]
    Unreachable {
        coordinator: String,
        waited: Duration,
        source: io::Error,
    },

    #[error(
        "key `{key}` did not appear in the key-value store at {coordinator} within {:.1} s",
        .waited.as_secs_f64()
    )]
    Timeout {
        key: String,
        coordinator: String,
        waited: Duration,
    },

    #[error(
        "key `{key}` already holds another value in the key-value store at {coordinator} \
         (keys are written once)"
    )]
    Conflict { key: String, coordinator: String },

    #[error(
        "the key-value store at {coordinator} refused this process's coordinator secret: every \
         process of the run needs the one process 0 has"
    )]
    SecretRefused { coordinator: String },

    #[error(
        "the server at {coordinator} did not prove that it knows the coordinator secret: it is \
         not this run's process 0 (another run's, on the same port?)"
    )]
    ServerUnproven { coordinator: String },

    #[error(
        "key `{key}` and its value are {bytes} bytes; the key-value store takes at most \
         {MAX_ENTRY_BYTES}"
    )]
    TooLarge { key: String, bytes: usize },

    #[error("the key-value store at {coordinator} answered `{reply}` to {request}")]
    Protocol {
        coordinator: String,
        request: &'static str,
        reply: String,
    },
}

pub type KvResult<T> = std::result::Result<T, KvError>;

/// Why a coordinator secret is refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SecretError {
    #[error("is empty")]
    Empty,
    #[error(
        "has {0} characters; a coordinator secret needs at least {MIN_SECRET_CHARS} (e.g. the 64 \
         hex digits of `openssl rand -hex 32`)"
    )]
    TooShort(usize),
}

/// Fewest characters a secret may have: a short one could be guessed offline from one
/// overheard handshake.
pub const MIN_SECRET_CHARS: usize = 16;

/// The secret the processes of one run share; only its holders can use the store. It is never
/// sent: each side proves it knows the secret with an HMAC over fresh nonces.
#[derive(Clone, PartialEq, Eq)]
pub struct CoordinatorSecret {
    text: String,
    generated: bool,
}

impl std::fmt::Debug for CoordinatorSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CoordinatorSecret(..)")
    }
}

impl CoordinatorSecret {
    pub fn new(text: &str) -> Result<CoordinatorSecret, SecretError> {
        match text.chars().count() {
            0 => Err(SecretError::Empty),
            n if n < MIN_SECRET_CHARS => Err(SecretError::TooShort(n)),
            _ => Ok(CoordinatorSecret {
                text: text.to_string(),
                generated: false,
            }),
        }
    }

    /// 256 random bits from the operating system, as 64 hex digits.
    pub fn generate() -> CoordinatorSecret {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        CoordinatorSecret {
            text: hex(&bytes),
            generated: true,
        }
    }

    /// Whether [`generate`](Self::generate) made it (process 0 then prints it for the others).
    pub fn is_generated(&self) -> bool {
        self.generated
    }

    /// The secret itself, for printing a generated one; never sent to the store.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The HMAC-SHA256 proof that `role` knows the secret, bound to both nonces.
    fn proof(&self, role: &[u8], server_nonce: &Nonce, client_nonce: &Nonce) -> Hmac<Sha256> {
        // HMAC takes keys of any length, so this cannot fail.
        let mut mac = Hmac::<Sha256>::new_from_slice(self.text.as_bytes())
            .expect("HMAC accepts keys of every length");
        mac.update(role);
        mac.update(server_nonce);
        mac.update(client_nonce);
        mac
    }

    /// Whether `claimed` is `role`'s proof, compared in constant time.
    fn verify(&self, role: &[u8], server: &Nonce, client: &Nonce, claimed: &[u8]) -> bool {
        self.proof(role, server, client)
            .verify_slice(claimed)
            .is_ok()
    }
}

/// What a connection may send and how long it may take; bounds what strangers can make the
/// server hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KvLimits {
    /// Connections open at once. Past it, a new connection closes the oldest one that has not
    /// yet proved the secret (so strangers holding connections cannot lock the run's
    /// processes out), or is answered `BUSY` if every one has.
    pub max_connections: usize,
    /// How long a peer has to send each whole line (the handshake, then the request): a total
    /// per line, so a client trickling one byte at a time is cut off too.
    pub io_timeout: Duration,
}

impl KvLimits {
    /// Room for a run of `processes`: each keeps at most a few requests in flight (PJRT's
    /// threads, the join loop), and a blocking `GET` holds its connection while it waits.
    pub fn for_processes(processes: usize, io_timeout: Duration) -> KvLimits {
        KvLimits {
            max_connections: 64 + 8 * processes,
            io_timeout,
        }
    }
}

/// The usual [`KvLimits::io_timeout`]: a line is a few hundred bytes to a few MB on a data
/// center network.
pub const DEFAULT_IO_TIMEOUT: Duration = Duration::from_secs(10);

/// Largest key plus value a `PUT` may carry: room to spare for the topology descriptions and
/// 128-byte NCCL ids that PJRT's clients exchange.
pub const MAX_ENTRY_BYTES: usize = 16 << 20;
/// Longest request or reply line: both hex-encoded, with the words around them.
const MAX_LINE_BYTES: usize = 2 * MAX_ENTRY_BYTES + 64;
/// Longest handshake line (`AUTH` and two hex words are about 100 bytes).
const HANDSHAKE_LINE_BYTES: usize = 256;
/// Longest a `GET` waits for its key, whatever it asks for: a waiting `GET` holds a connection.
pub const MAX_GET_WAIT: Duration = Duration::from_secs(600);
/// Stack of a connection's thread: it parses lines and computes HMACs, nothing deep.
const CONNECTION_STACK_BYTES: usize = 256 << 10;
/// Connections the kernel queues before they are accepted: all the hosts of a large slice
/// connect at once at start-up. (std's listener allows 128; with it, each of 10,000
/// connections that the store closed took ~5 ms to open instead of ~0.05 ms.)
const LISTEN_BACKLOG: i32 = 1024;
/// Read buffer of a connection.
const READ_BUFFER_BYTES: usize = 16 << 10;

/// Extra time a client waits for a `GET` reply beyond the get's own timeout, so the server's
/// `TIMEOUT` (not a socket error) is what a slow key produces.
const REPLY_GRACE: Duration = Duration::from_secs(5);
/// Pause between attempts to reach a coordinator that is not listening yet, or is busy.
const RECONNECT_PAUSE: Duration = Duration::from_millis(50);
/// How long a client waits for the server's half of the handshake.
const HANDSHAKE_WAIT: Duration = Duration::from_secs(10);

const GREETING: &str = "SIGLIP-KV 1";
const CLIENT_ROLE: &[u8] = b"siglip-kv client\0";
const SERVER_ROLE: &[u8] = b"siglip-kv server\0";
const NONCE_BYTES: usize = 16;
type Nonce = [u8; NONCE_BYTES];

// ---- Lines with a byte limit and a deadline ------------------------------------------------

/// Why a line could not be read.
#[derive(Debug, thiserror::Error)]
enum LineError {
    #[error("no whole line within {:.1} s", .0.as_secs_f64())]
    TooSlow(Duration),
    #[error("a line longer than {0} bytes")]
    TooLong(usize),
    #[error("the connection closed")]
    Closed,
    #[error("a line that is not UTF-8 text")]
    NotText,
    #[error(transparent)]
    Io(io::Error),
}

impl From<LineError> for io::Error {
    fn from(error: LineError) -> io::Error {
        match error {
            LineError::Io(e) => e,
            LineError::TooSlow(_) => io::Error::new(io::ErrorKind::TimedOut, error),
            LineError::Closed => io::Error::new(io::ErrorKind::UnexpectedEof, error),
            _ => io::Error::new(io::ErrorKind::InvalidData, error),
        }
    }
}

/// Reads from a socket until a deadline, however the bytes trickle in.
struct DeadlineReader {
    stream: TcpStream,
    deadline: Instant,
}

impl Read for DeadlineReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buf)
    }
}

/// One connection, read and written a line at a time.
struct Lines {
    reader: BufReader<DeadlineReader>,
    writer: TcpStream,
}

impl Lines {
    fn new(stream: TcpStream) -> io::Result<Lines> {
        let reader = DeadlineReader {
            stream: stream.try_clone()?,
            deadline: Instant::now(),
        };
        Ok(Lines {
            reader: BufReader::with_capacity(READ_BUFFER_BYTES, reader),
            writer: stream,
        })
    }

    /// The next line, without its newline, if it is at most `limit` bytes and arrives whole
    /// within `within`; a longer line is refused after `limit` bytes, not buffered.
    fn read_line(&mut self, limit: usize, within: Duration) -> Result<String, LineError> {
        self.reader.get_mut().deadline = Instant::now() + within;
        let mut line = Vec::new();
        let read = (&mut self.reader)
            .take(limit as u64 + 1)
            .read_until(b'\n', &mut line);
        match read {
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                Err(LineError::TooSlow(within))
            }
            Err(e) => Err(LineError::Io(e)),
            Ok(_) if line.last() == Some(&b'\n') => {
                line.pop();
                String::from_utf8(line).map_err(|_| LineError::NotText)
            }
            Ok(_) if line.len() > limit => Err(LineError::TooLong(limit)),
            Ok(_) => Err(LineError::Closed),
        }
    }

    /// Writes `line` and a newline; a peer that takes more than `within` per write is dropped.
    fn write_line(&mut self, line: &str, within: Duration) -> io::Result<()> {
        self.writer.set_write_timeout(Some(within))?;
        let mut bytes = Vec::with_capacity(line.len() + 1);
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
        self.writer.write_all(&bytes)
    }
}

// ---- The server ----------------------------------------------------------------------------

#[derive(Default)]
struct Store {
    entries: Mutex<HashMap<Vec<u8>, Vec<u8>>>,
    changed: Condvar,
}

impl Store {
    fn lock(&self) -> MutexGuard<'_, HashMap<Vec<u8>, Vec<u8>>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Stores `value` under `key` unless the key holds another value; false then.
    fn put(&self, key: Vec<u8>, value: Vec<u8>) -> bool {
        let mut entries = self.lock();
        match entries.get(&key) {
            Some(existing) => *existing == value,
            None => {
                entries.insert(key, value);
                self.changed.notify_all();
                true
            }
        }
    }

    fn get(&self, key: &[u8], timeout: Duration) -> Option<Vec<u8>> {
        let (entries, _) = self
            .changed
            .wait_timeout_while(self.lock(), timeout, |entries| !entries.contains_key(key))
            .unwrap_or_else(|e| e.into_inner());
        entries.get(key).cloned()
    }

    fn try_get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.lock().get(key).cloned()
    }
}

/// The open connections: those still in the handshake (oldest first, with a handle to close
/// them by), how many have proved the secret, and how many were closed to make room but
/// their threads have not ended yet (so threads stay bounded too).
#[derive(Default)]
struct Connections {
    next_id: u64,
    unproven: VecDeque<(u64, TcpStream)>,
    proven: usize,
    evicted: usize,
}

/// Connections that failed the secret (not those that sent garbage or nothing): how many, and
/// the last one's address.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Refusals {
    pub count: usize,
    pub last_peer: Option<SocketAddr>,
}

struct Shared {
    store: Store,
    secret: CoordinatorSecret,
    limits: KvLimits,
    connections: Mutex<Connections>,
    refusals: Mutex<Refusals>,
}

impl Shared {
    fn connections(&self) -> MutexGuard<'_, Connections> {
        self.connections.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes `stream` in as an unproven connection, closing the oldest unproven one if the
    /// server is full; `None` if it is full of proven ones (or of threads still ending).
    fn admit(&self, stream: &TcpStream) -> Option<u64> {
        let mut connections = self.connections();
        let max = self.limits.max_connections;
        if connections.unproven.len() + connections.proven >= max {
            if connections.evicted >= max {
                return None;
            }
            let (_, oldest) = connections.unproven.pop_front()?;
            let _ = oldest.shutdown(Shutdown::Both);
            connections.evicted += 1;
        }
        let handle = stream.try_clone().ok()?;
        connections.next_id += 1;
        let id = connections.next_id;
        connections.unproven.push_back((id, handle));
        Some(id)
    }

    /// Forgets unproven connection `id`; false if it was already closed to make room.
    fn drop_unproven(&self, id: u64) -> bool {
        let mut connections = self.connections();
        let position = connections.unproven.iter().position(|(i, _)| *i == id);
        position
            .and_then(|p| connections.unproven.remove(p))
            .is_some()
    }

    fn is_unproven(&self, id: u64) -> bool {
        self.connections().unproven.iter().any(|(i, _)| *i == id)
    }

    /// Counts `id` as proven; false if it was closed to make room meanwhile.
    fn prove(&self, id: u64) -> bool {
        let kept = self.drop_unproven(id);
        if kept {
            self.connections().proven += 1;
        }
        kept
    }

    fn note_refusal(&self, peer: SocketAddr) {
        let mut refusals = self.refusals.lock().unwrap_or_else(|e| e.into_inner());
        refusals.count += 1;
        refusals.last_peer = Some(peer);
    }
}

/// A connection's place among [`Connections`], given up when its thread ends.
struct Slot<'a> {
    shared: &'a Shared,
    id: u64,
    proven: bool,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        if self.proven {
            self.shared.connections().proven -= 1;
        } else if !self.shared.drop_unproven(self.id) {
            self.shared.connections().evicted -= 1;
        }
    }
}

/// Why a connection was closed in the handshake.
#[derive(Debug, thiserror::Error)]
enum HandshakeError {
    #[error("{0}")]
    Line(#[from] LineError),
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("it sent something other than `AUTH <nonce> <proof>`")]
    NotAHandshake,
    #[error("its proof does not match the run's coordinator secret")]
    WrongSecret,
    #[error("it was closed to make room for a newer connection")]
    Evicted,
}

/// The store served by process 0: a listener thread and a thread per connection. Stops
/// accepting when dropped.
pub struct KvServer {
    address: SocketAddr,
    stop: Arc<AtomicBool>,
    shared: Arc<Shared>,
}

impl KvServer {
    /// Serves on `address` (port 0 picks a free one, see [`address`](Self::address)) to the
    /// holders of `secret`.
    pub fn bind(
        address: SocketAddr,
        secret: CoordinatorSecret,
        limits: KvLimits,
    ) -> KvResult<KvServer> {
        let bind_error = |source| KvError::Bind { address, source };
        let listener = listen(address).map_err(bind_error)?;
        let local = listener.local_addr().map_err(bind_error)?;
        let stop = Arc::new(AtomicBool::new(false));
        let shared = Arc::new(Shared {
            store: Store::default(),
            secret,
            limits,
            connections: Mutex::default(),
            refusals: Mutex::default(),
        });
        let accept_stop = stop.clone();
        let accept_shared = shared.clone();
        thread::Builder::new()
            .name("kv-server".into())
            .spawn(move || accept(&listener, &accept_shared, &accept_stop))
            .map_err(bind_error)?;
        Ok(KvServer {
            address: local,
            stop,
            shared,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Connections refused so far for a wrong secret.
    pub fn refusals(&self) -> Refusals {
        *self
            .shared
            .refusals
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for KvServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees `stop`; a listener on 0.0.0.0 is reached via loopback.
        let mut wake = self.address;
        if wake.ip().is_unspecified() {
            wake.set_ip([127, 0, 0, 1].into());
        }
        let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
    }
}

/// A listener on `address` with room for [`LISTEN_BACKLOG`] connections not yet accepted.
fn listen(address: SocketAddr) -> io::Result<TcpListener> {
    let socket = Socket::new(
        Domain::for_address(address),
        Type::STREAM,
        Some(Protocol::TCP),
    )?;
    // As std's TcpListener::bind: a restarted process 0 can take its port back at once.
    socket.set_reuse_address(true)?;
    socket.bind(&address.into())?;
    socket.listen(LISTEN_BACKLOG)?;
    Ok(socket.into())
}

fn accept(listener: &TcpListener, shared: &Arc<Shared>, stop: &AtomicBool) {
    for connection in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let stream = match connection {
            Ok(stream) => stream,
            Err(e) => {
                // Out of file descriptors, say: pause instead of spinning on the same error.
                tracing::warn!("key-value store: accepting a connection: {e}");
                thread::sleep(RECONNECT_PAUSE);
                continue;
            }
        };
        let Ok(peer) = stream.peer_addr() else {
            continue;
        };
        let Some(id) = shared.admit(&stream) else {
            let _ = stream.set_write_timeout(Some(RECONNECT_PAUSE));
            let _ = (&stream).write_all(b"BUSY\n");
            continue;
        };
        let connection_shared = shared.clone();
        let spawned = thread::Builder::new()
            .name("kv-connection".into())
            .stack_size(CONNECTION_STACK_BYTES)
            .spawn(move || serve(&connection_shared, stream, id, peer));
        if spawned.is_err() {
            shared.drop_unproven(id);
        }
    }
}

fn serve(shared: &Shared, stream: TcpStream, id: u64, peer: SocketAddr) {
    let mut slot = Slot {
        shared,
        id,
        proven: false,
    };
    let Ok(mut lines) = Lines::new(stream) else {
        return;
    };
    let timeout = shared.limits.io_timeout;
    match handshake(shared, &mut lines, &mut slot) {
        Ok(()) => {}
        // However its handshake failed, it was closed to make room (not worth a warning).
        Err(_) if !slot.proven && !shared.is_unproven(id) => {
            tracing::debug!("key-value store: closed the connection from {peer} for a newer one");
            return;
        }
        Err(e) => {
            tracing::warn!("key-value store: refused the connection from {peer}: {e}");
            // Told only now, so the refusal is logged and counted before the client knows.
            if matches!(e, HandshakeError::WrongSecret) {
                shared.note_refusal(peer);
                let _ = lines.write_line("DENIED", timeout);
            }
            return;
        }
    }
    let reply = match lines.read_line(MAX_LINE_BYTES, timeout) {
        Ok(request) => answer(&shared.store, &request),
        Err(e @ LineError::TooLong(_)) => format!("ERROR {e}"),
        Err(e) => {
            tracing::warn!("key-value store: no request from {peer}: {e}");
            return;
        }
    };
    if let Err(e) = lines.write_line(&reply, timeout) {
        tracing::warn!("key-value store: answering {peer}: {e}");
    }
}

/// Greets with a nonce, checks the client's proof, proves the secret back.
fn handshake(shared: &Shared, lines: &mut Lines, slot: &mut Slot) -> Result<(), HandshakeError> {
    let timeout = shared.limits.io_timeout;
    let server_nonce: Nonce = rand::random();
    lines.write_line(&format!("{GREETING} {}", hex(&server_nonce)), timeout)?;
    let line = lines.read_line(HANDSHAKE_LINE_BYTES, timeout)?;
    let words: Vec<&str> = line.split(' ').collect();
    let (client_nonce, claimed) = match words.as_slice() {
        ["AUTH", nonce, proof] => {
            match (unhex(nonce).and_then(|n| n.try_into().ok()), unhex(proof)) {
                (Some(nonce), Some(proof)) => (nonce, proof),
                _ => return Err(HandshakeError::NotAHandshake),
            }
        }
        _ => return Err(HandshakeError::NotAHandshake),
    };
    let secret = &shared.secret;
    if !secret.verify(CLIENT_ROLE, &server_nonce, &client_nonce, &claimed) {
        return Err(HandshakeError::WrongSecret);
    }
    if !shared.prove(slot.id) {
        return Err(HandshakeError::Evicted);
    }
    slot.proven = true;
    let proof = secret.proof(SERVER_ROLE, &server_nonce, &client_nonce);
    lines.write_line(
        &format!("WELCOME {}", hex(&proof.finalize().into_bytes())),
        timeout,
    )?;
    Ok(())
}

fn answer(store: &Store, request: &str) -> String {
    let words: Vec<&str> = request.split(' ').collect();
    let value_reply = |value: Option<Vec<u8>>, absent: &str| match value {
        Some(value) => format!("VALUE {}", hex(&value)),
        None => absent.to_string(),
    };
    match words.as_slice() {
        ["PUT", key, value] => match (unhex(key), unhex(value)) {
            (Some(key), Some(value)) => match store.put(key, value) {
                true => "OK".into(),
                false => "CONFLICT".into(),
            },
            _ => "ERROR malformed hex".into(),
        },
        ["GET", key, timeout_ms] => match (unhex(key), timeout_ms.parse::<u64>()) {
            (Some(key), Ok(ms)) => {
                let wait = Duration::from_millis(ms).min(MAX_GET_WAIT);
                value_reply(store.get(&key, wait), "TIMEOUT")
            }
            _ => "ERROR malformed GET".into(),
        },
        ["TRY", key] => match unhex(key) {
            Some(key) => value_reply(store.try_get(&key), "MISSING"),
            None => "ERROR malformed hex".into(),
        },
        _ => "ERROR unknown request".into(),
    }
}

// ---- The client ----------------------------------------------------------------------------

/// A handle on the store at `coordinator`; cheap, `Send + Sync`, usable from any thread.
#[derive(Clone, Debug)]
pub struct KvClient {
    coordinator: String,
    secret: CoordinatorSecret,
    /// How long a request keeps trying to reach a coordinator that is not up yet (or busy).
    connect_timeout: Duration,
}

/// A failed attempt to open a connection: worth another try, or not.
enum Attempt {
    Retry(io::Error),
    Fail(KvError),
}

impl KvClient {
    pub fn new(
        coordinator: &str,
        secret: CoordinatorSecret,
        connect_timeout: Duration,
    ) -> KvClient {
        KvClient {
            coordinator: coordinator.to_string(),
            secret,
            connect_timeout,
        }
    }

    pub fn coordinator(&self) -> &str {
        &self.coordinator
    }

    pub fn put(&self, key: &[u8], value: &[u8]) -> KvResult<()> {
        let bytes = key.len() + value.len();
        if bytes > MAX_ENTRY_BYTES {
            return Err(KvError::TooLarge {
                key: String::from_utf8_lossy(key).into_owned(),
                bytes,
            });
        }
        let reply = self.request(
            "PUT",
            &format!("PUT {} {}", hex(key), hex(value)),
            Duration::ZERO,
        )?;
        match reply.as_str() {
            "OK" => Ok(()),
            "CONFLICT" => Err(KvError::Conflict {
                key: String::from_utf8_lossy(key).into_owned(),
                coordinator: self.coordinator.clone(),
            }),
            _ => Err(self.protocol("PUT", reply)),
        }
    }

    /// The value of `key`, waiting up to `timeout` (at most [`MAX_GET_WAIT`]) for some
    /// process to put it.
    pub fn get(&self, key: &[u8], timeout: Duration) -> KvResult<Vec<u8>> {
        let timeout = timeout.min(MAX_GET_WAIT);
        let request = format!("GET {} {}", hex(key), timeout.as_millis());
        let reply = self.request("GET", &request, timeout)?;
        match self.parse_value("GET", reply, "TIMEOUT")? {
            Some(value) => Ok(value),
            None => Err(KvError::Timeout {
                key: String::from_utf8_lossy(key).into_owned(),
                coordinator: self.coordinator.clone(),
                waited: timeout,
            }),
        }
    }

    /// The value of `key` if some process has put it, without waiting.
    pub fn try_get(&self, key: &[u8]) -> KvResult<Option<Vec<u8>>> {
        let reply = self.request("TRY", &format!("TRY {}", hex(key)), Duration::ZERO)?;
        self.parse_value("TRY", reply, "MISSING")
    }

    fn parse_value(
        &self,
        request: &'static str,
        reply: String,
        absent: &str,
    ) -> KvResult<Option<Vec<u8>>> {
        if reply == absent {
            return Ok(None);
        }
        match reply.strip_prefix("VALUE ").and_then(unhex) {
            Some(value) => Ok(Some(value)),
            None => Err(self.protocol(request, reply)),
        }
    }

    fn protocol(&self, request: &'static str, reply: String) -> KvError {
        KvError::Protocol {
            coordinator: self.coordinator.clone(),
            request,
            reply,
        }
    }

    /// Sends one request line and reads the reply line; `server_wait` is how long the server
    /// may legitimately take to answer.
    fn request(&self, kind: &'static str, line: &str, server_wait: Duration) -> KvResult<String> {
        let mut lines = self.connect()?;
        let io_error = |source| KvError::Unreachable {
            coordinator: self.coordinator.clone(),
            waited: server_wait + REPLY_GRACE,
            source,
        };
        lines.write_line(line, REPLY_GRACE).map_err(io_error)?;
        match lines.read_line(MAX_LINE_BYTES, server_wait + REPLY_GRACE) {
            Ok(reply) => Ok(reply),
            Err(LineError::Closed) => Err(self.protocol(kind, "(connection closed)".into())),
            Err(e) => Err(io_error(e.into())),
        }
    }

    /// Connects and proves the secret, retrying until `connect_timeout` while the coordinator
    /// is not listening yet (the other processes may start before process 0) or is busy.
    fn connect(&self) -> KvResult<Lines> {
        let start = Instant::now();
        loop {
            match self.handshake() {
                Ok(lines) => return Ok(lines),
                Err(Attempt::Fail(e)) => return Err(e),
                Err(Attempt::Retry(source)) if start.elapsed() >= self.connect_timeout => {
                    return Err(KvError::Unreachable {
                        coordinator: self.coordinator.clone(),
                        waited: start.elapsed(),
                        source,
                    })
                }
                Err(Attempt::Retry(_)) => thread::sleep(RECONNECT_PAUSE),
            }
        }
    }

    /// One connection and its handshake (see the module header).
    fn handshake(&self) -> Result<Lines, Attempt> {
        let address = self
            .coordinator
            .to_socket_addrs()
            .and_then(|mut addresses| {
                addresses
                    .next()
                    .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no address"))
            })
            .map_err(Attempt::Retry)?;
        let stream =
            TcpStream::connect_timeout(&address, HANDSHAKE_WAIT).map_err(Attempt::Retry)?;
        let mut lines = Lines::new(stream).map_err(Attempt::Retry)?;
        let read = |lines: &mut Lines| {
            lines
                .read_line(HANDSHAKE_LINE_BYTES, HANDSHAKE_WAIT)
                .map_err(|e| Attempt::Retry(e.into()))
        };
        let greeting = read(&mut lines)?;
        if greeting == "BUSY" {
            return Err(Attempt::Retry(io::Error::other(
                "it stayed at its connection limit",
            )));
        }
        let server_nonce: Nonce = greeting
            .strip_prefix(GREETING)
            .and_then(|rest| rest.strip_prefix(' '))
            .and_then(unhex)
            .and_then(|nonce| nonce.try_into().ok())
            .ok_or_else(|| Attempt::Fail(self.protocol("a connection", greeting.clone())))?;
        let client_nonce: Nonce = rand::random();
        let proof = self.secret.proof(CLIENT_ROLE, &server_nonce, &client_nonce);
        let auth = format!(
            "AUTH {} {}",
            hex(&client_nonce),
            hex(&proof.finalize().into_bytes())
        );
        lines
            .write_line(&auth, HANDSHAKE_WAIT)
            .map_err(Attempt::Retry)?;
        let reply = read(&mut lines)?;
        if reply == "DENIED" {
            return Err(Attempt::Fail(KvError::SecretRefused {
                coordinator: self.coordinator.clone(),
            }));
        }
        let server_proof = reply.strip_prefix("WELCOME ").and_then(unhex);
        match server_proof {
            Some(claimed)
                if self
                    .secret
                    .verify(SERVER_ROLE, &server_nonce, &client_nonce, &claimed) =>
            {
                Ok(lines)
            }
            _ => Err(Attempt::Fail(KvError::ServerUnproven {
                coordinator: self.coordinator.clone(),
            })),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut text = String::with_capacity(bytes.len() * 2 + 1);
    for byte in bytes {
        let _ = write!(text, "{byte:02x}");
    }
    // An empty value still needs a word on the line.
    if text.is_empty() {
        text.push('-');
    }
    text
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if text == "-" {
        return Some(Vec::new());
    }
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(text: &str) -> CoordinatorSecret {
        CoordinatorSecret::new(text).unwrap()
    }

    fn serve(limits: KvLimits) -> (KvServer, KvClient) {
        let run_secret = secret("the secret of this test run");
        let server =
            KvServer::bind("127.0.0.1:0".parse().unwrap(), run_secret.clone(), limits).unwrap();
        let client = KvClient::new(
            &server.address().to_string(),
            run_secret,
            Duration::from_secs(5),
        );
        (server, client)
    }

    fn serve_default() -> (KvServer, KvClient) {
        serve(KvLimits::for_processes(2, DEFAULT_IO_TIMEOUT))
    }

    #[test]
    fn hex_round_trips_any_bytes() {
        for bytes in [&b""[..], b"\x00\xff\n ", b"key/with spaces"] {
            assert_eq!(unhex(&hex(bytes)).as_deref(), Some(bytes));
        }
        assert_eq!(hex(b"\x01\xab"), "01ab");
        assert_eq!(unhex("abc"), None);
        assert_eq!(unhex("zz"), None);
    }

    #[test]
    fn secrets_must_be_long_enough_and_generated_ones_differ() {
        assert_eq!(CoordinatorSecret::new(""), Err(SecretError::Empty));
        assert_eq!(
            CoordinatorSecret::new("fifteen chars!!"),
            Err(SecretError::TooShort(15))
        );
        let given = secret("sixteen chars!!!");
        assert!(!given.is_generated());
        assert_eq!(format!("{given:?}"), "CoordinatorSecret(..)");
        let (a, b) = (CoordinatorSecret::generate(), CoordinatorSecret::generate());
        assert!(a.is_generated());
        assert_eq!(a.text().len(), 64);
        assert!(unhex(a.text()).is_some());
        assert_ne!(a.text(), b.text());
    }

    #[test]
    fn one_process_puts_gets_and_times_out() {
        let (server, client) = serve_default();
        client.put(b"a", b"\x00 value\n").unwrap();
        assert_eq!(client.get(b"a", Duration::ZERO).unwrap(), b"\x00 value\n");
        assert_eq!(client.try_get(b"a").unwrap().unwrap(), b"\x00 value\n");
        assert_eq!(client.try_get(b"b").unwrap(), None);
        let start = Instant::now();
        let err = client.get(b"b", Duration::from_millis(200)).unwrap_err();
        assert!(start.elapsed() >= Duration::from_millis(200));
        assert_eq!(
            err.to_string(),
            format!(
                "key `b` did not appear in the key-value store at {} within 0.2 s",
                server.address()
            )
        );
    }

    #[test]
    fn keys_are_written_once() {
        let (server, client) = serve_default();
        let err = client.put(b"big", &vec![0; MAX_ENTRY_BYTES]).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "key `big` and its value are {} bytes; the key-value store takes at most {}",
                MAX_ENTRY_BYTES + 3,
                MAX_ENTRY_BYTES
            )
        );
        client.put(b"k", b"first").unwrap();
        // The same value again is harmless (a retried put).
        client.put(b"k", b"first").unwrap();
        let err = client.put(b"k", b"second").unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "key `k` already holds another value in the key-value store at {} (keys are \
                 written once)",
                server.address()
            )
        );
        assert_eq!(client.try_get(b"k").unwrap().unwrap(), b"first");
    }

    #[test]
    fn a_get_waits_for_a_later_put_from_another_thread() {
        let (_server, client) = serve_default();
        let putter = client.clone();
        let handle = thread::spawn(move || {
            thread::sleep(Duration::from_millis(100));
            putter.put(b"late", b"here").unwrap();
        });
        assert_eq!(
            client.get(b"late", Duration::from_secs(10)).unwrap(),
            b"here"
        );
        handle.join().unwrap();
    }

    #[test]
    fn a_wrong_secret_is_refused_and_counted() {
        let (server, client) = serve_default();
        let address = server.address().to_string();
        let stranger = KvClient::new(
            &address,
            secret("not the secret of this run"),
            Duration::from_secs(5),
        );
        let err = stranger.put(b"k", b"hijack").unwrap_err();
        assert!(matches!(err, KvError::SecretRefused { .. }), "{err}");
        assert!(matches!(
            stranger.try_get(b"k").unwrap_err(),
            KvError::SecretRefused { .. }
        ));
        assert_eq!(client.try_get(b"k").unwrap(), None);
        let refusals = server.refusals();
        assert_eq!(refusals.count, 2);
        assert!(refusals.last_peer.unwrap().ip().is_loopback());
    }

    /// A server that greets like the store but does not know the secret: the client must not
    /// take its answers.
    #[test]
    fn a_server_that_cannot_prove_the_secret_is_refused() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let impostor = thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut lines = Lines::new(stream).unwrap();
            let second = Duration::from_secs(5);
            lines
                .write_line(&format!("{GREETING} {}", hex(&[7; NONCE_BYTES])), second)
                .unwrap();
            lines.read_line(HANDSHAKE_LINE_BYTES, second).unwrap();
            lines
                .write_line(&format!("WELCOME {}", hex(&[0; 32])), second)
                .unwrap();
        });
        let client = KvClient::new(&address, secret("the secret of a run"), Duration::ZERO);
        let err = client.try_get(b"k").unwrap_err();
        assert!(matches!(err, KvError::ServerUnproven { .. }), "{err}");
        impostor.join().unwrap();
    }

    /// Strangers holding connections are closed for the run's processes; a server full of
    /// proven connections (blocking GETs) answers `BUSY`, and clients wait for a free one.
    #[test]
    fn connections_are_capped_strangers_first() {
        let limits = KvLimits {
            max_connections: 2,
            io_timeout: DEFAULT_IO_TIMEOUT,
        };
        let (server, client) = serve(limits);
        let greeted = || {
            let stream = TcpStream::connect(server.address()).unwrap();
            let mut lines = Lines::new(stream).unwrap();
            let greeting = lines.read_line(HANDSHAKE_LINE_BYTES, Duration::from_secs(5));
            (lines, greeting)
        };
        let strangers: Vec<_> = (0..2).map(|_| greeted()).collect();
        assert!(strangers.iter().all(|(_, greeting)| greeting.is_ok()));
        client.put(b"k", b"v").unwrap();
        // The oldest stranger was closed to let the client in.
        let (mut oldest, _) = strangers.into_iter().next().unwrap();
        assert!(matches!(
            oldest.read_line(HANDSHAKE_LINE_BYTES, Duration::from_secs(5)),
            Err(LineError::Closed | LineError::Io(_))
        ));

        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let waiter = client.clone();
                thread::spawn(move || waiter.get(b"never", Duration::from_secs(1)))
            })
            .collect();
        // Once both slots hold proven GETs, a new connection is told the server is busy
        // (until then, each may close a waiter still in its handshake, which tries again).
        while greeted().1.ok().as_deref() != Some("BUSY") {
            thread::yield_now();
        }
        let impatient = KvClient::new(
            &server.address().to_string(),
            secret("the secret of this test run"),
            Duration::from_millis(100),
        );
        let err = impatient.try_get(b"k").unwrap_err().to_string();
        assert!(err.ends_with("it stayed at its connection limit"), "{err}");
        // A patient client gets in once the GETs time out.
        assert_eq!(client.try_get(b"k").unwrap().unwrap(), b"v");
        for waiter in waiters {
            assert!(matches!(
                waiter.join().unwrap(),
                Err(KvError::Timeout { .. })
            ));
        }
    }

    #[test]
    fn an_absent_coordinator_is_named() {
        let free = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let client = KvClient::new(
            &free.to_string(),
            secret("the secret of a run"),
            Duration::from_millis(200),
        );
        let err = client.put(b"k", b"v").unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(
                "cannot reach the key-value store of process 0 at {free} within"
            )),
            "{err}"
        );
    }
}
