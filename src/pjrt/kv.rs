//! The key-value store that multi-process PJRT clients exchange their topology (and, on GPUs,
//! their NCCL ids) through: process 0 serves it over TCP, every process (process 0 included)
//! reaches it with a [`KvClient`].
//!
//! Wire protocol, one request per connection, one line each way, keys and values hex-encoded
//! so any bytes pass:
//! `PUT <key> <value>` → `OK`; `GET <key> <timeout_ms>` → `VALUE <value>` or `TIMEOUT`;
//! `TRY <key>` → `VALUE <value>` or `MISSING`; anything else → `ERROR <message>`.
//! A connection per request keeps the client thread-safe without a lock held across a
//! blocking get (PJRT calls `get` from several threads at once).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum KvError {
    #[error("cannot serve the key-value store on {address}: {source}")]
    Bind {
        address: String,
        source: std::io::Error,
    },

    #[error(
        "cannot reach the key-value store of process 0 at {coordinator} within {:.1} s: {source}",
        .waited.as_secs_f64()
    )]
    Unreachable {
        coordinator: String,
        waited: Duration,
        source: std::io::Error,
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

    #[error("the key-value store at {coordinator} answered `{reply}` to {request}")]
    Protocol {
        coordinator: String,
        request: &'static str,
        reply: String,
    },
}

pub type KvResult<T> = std::result::Result<T, KvError>;

/// Extra time a client waits for a `GET` reply beyond the get's own timeout, so the server's
/// `TIMEOUT` (not a socket error) is what a slow key produces.
const REPLY_GRACE: Duration = Duration::from_secs(5);
/// Pause between attempts to reach a coordinator that is not listening yet.
const RECONNECT_PAUSE: Duration = Duration::from_millis(50);

#[derive(Default)]
struct Store {
    entries: Mutex<HashMap<Vec<u8>, Vec<u8>>>,
    changed: Condvar,
}

impl Store {
    fn put(&self, key: Vec<u8>, value: Vec<u8>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.insert(key, value);
        self.changed.notify_all();
    }

    fn get(&self, key: &[u8], timeout: Duration) -> Option<Vec<u8>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let (entries, _) = self
            .changed
            .wait_timeout_while(entries, timeout, |entries| !entries.contains_key(key))
            .unwrap_or_else(|e| e.into_inner());
        entries.get(key).cloned()
    }

    fn try_get(&self, key: &[u8]) -> Option<Vec<u8>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.get(key).cloned()
    }
}

/// The store served by process 0: a listener thread and a thread per connection. Stops
/// accepting when dropped.
pub struct KvServer {
    address: SocketAddr,
    stop: Arc<AtomicBool>,
}

impl KvServer {
    /// Serves on `address` (`host:port`; port 0 picks a free one, see [`address`](Self::address)).
    pub fn bind(address: &str) -> KvResult<KvServer> {
        let bind_error = |source| KvError::Bind {
            address: address.to_string(),
            source,
        };
        let listener = TcpListener::bind(address).map_err(bind_error)?;
        let local = listener.local_addr().map_err(bind_error)?;
        let stop = Arc::new(AtomicBool::new(false));
        let store = Arc::new(Store::default());
        let accept_stop = stop.clone();
        thread::Builder::new()
            .name("kv-server".into())
            .spawn(move || {
                for connection in listener.incoming() {
                    if accept_stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(connection) = connection else { continue };
                    let store = store.clone();
                    // A failed spawn drops the connection; its client sees a protocol error.
                    let _ = thread::Builder::new()
                        .name("kv-connection".into())
                        .spawn(move || serve(&store, connection));
                }
            })
            .map_err(bind_error)?;
        Ok(KvServer {
            address: local,
            stop,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
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

fn serve(store: &Store, connection: TcpStream) {
    let Ok(mut writer) = connection.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(connection);
    let mut line = String::new();
    while matches!(reader.read_line(&mut line), Ok(n) if n > 0) {
        let reply = answer(store, line.trim_end());
        if writer.write_all(reply.as_bytes()).is_err() || writer.write_all(b"\n").is_err() {
            return;
        }
        line.clear();
    }
}

fn answer(store: &Store, request: &str) -> String {
    let words: Vec<&str> = request.split(' ').collect();
    let value_reply = |value: Option<Vec<u8>>, absent: &str| match value {
        Some(value) => format!("VALUE {}", hex(&value)),
        None => absent.to_string(),
    };
    match words.as_slice() {
        ["PUT", key, value] => match (unhex(key), unhex(value)) {
            (Some(key), Some(value)) => {
                store.put(key, value);
                "OK".into()
            }
            _ => "ERROR malformed hex".into(),
        },
        ["GET", key, timeout_ms] => match (unhex(key), timeout_ms.parse::<u64>()) {
            (Some(key), Ok(ms)) => {
                value_reply(store.get(&key, Duration::from_millis(ms)), "TIMEOUT")
            }
            _ => "ERROR malformed GET".into(),
        },
        ["TRY", key] => match unhex(key) {
            Some(key) => value_reply(store.try_get(&key), "MISSING"),
            None => "ERROR malformed hex".into(),
        },
        _ => format!("ERROR unknown request `{request}`"),
    }
}

/// A handle on the store at `coordinator`; cheap, `Send + Sync`, usable from any thread.
#[derive(Clone, Debug)]
pub struct KvClient {
    coordinator: String,
    /// How long a request keeps trying to reach a coordinator that is not up yet.
    connect_timeout: Duration,
}

impl KvClient {
    pub fn new(coordinator: &str, connect_timeout: Duration) -> KvClient {
        KvClient {
            coordinator: coordinator.to_string(),
            connect_timeout,
        }
    }

    pub fn coordinator(&self) -> &str {
        &self.coordinator
    }

    pub fn put(&self, key: &[u8], value: &[u8]) -> KvResult<()> {
        let reply = self.request(
            "PUT",
            &format!("PUT {} {}", hex(key), hex(value)),
            Duration::ZERO,
        )?;
        match reply.as_str() {
            "OK" => Ok(()),
            _ => Err(self.protocol("PUT", reply)),
        }
    }

    /// The value of `key`, waiting up to `timeout` for some process to put it.
    pub fn get(&self, key: &[u8], timeout: Duration) -> KvResult<Vec<u8>> {
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
        let mut stream = self.connect()?;
        let io_error = |source| KvError::Unreachable {
            coordinator: self.coordinator.clone(),
            waited: server_wait + REPLY_GRACE,
            source,
        };
        stream
            .set_read_timeout(Some(server_wait + REPLY_GRACE))
            .map_err(io_error)?;
        stream
            .write_all(format!("{line}\n").as_bytes())
            .map_err(io_error)?;
        let mut reply = String::new();
        let read = BufReader::new(stream)
            .read_line(&mut reply)
            .map_err(io_error)?;
        if read == 0 {
            return Err(self.protocol(kind, "(connection closed)".into()));
        }
        Ok(reply.trim_end().to_string())
    }

    /// Connects, retrying until `connect_timeout`: the other processes may start before
    /// process 0 listens.
    fn connect(&self) -> KvResult<TcpStream> {
        let start = Instant::now();
        loop {
            let attempt = self
                .coordinator
                .to_socket_addrs()
                .and_then(|mut addresses| {
                    addresses.next().ok_or_else(|| {
                        std::io::Error::new(std::io::ErrorKind::NotFound, "no address")
                    })
                })
                .and_then(|address| TcpStream::connect_timeout(&address, RECONNECT_PAUSE * 20));
            match attempt {
                Ok(stream) => return Ok(stream),
                Err(source) if start.elapsed() >= self.connect_timeout => {
                    return Err(KvError::Unreachable {
                        coordinator: self.coordinator.clone(),
                        waited: start.elapsed(),
                        source,
                    })
                }
                Err(_) => thread::sleep(RECONNECT_PAUSE),
            }
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
    fn one_process_puts_gets_and_times_out() {
        let server = KvServer::bind("127.0.0.1:0").unwrap();
        let client = KvClient::new(&server.address().to_string(), Duration::from_secs(5));
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
    fn a_get_waits_for_a_later_put_from_another_thread() {
        let server = KvServer::bind("127.0.0.1:0").unwrap();
        let client = KvClient::new(&server.address().to_string(), Duration::from_secs(5));
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
    fn an_absent_coordinator_is_named() {
        let free = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let client = KvClient::new(&free.to_string(), Duration::from_millis(200));
        let err = client.put(b"k", b"v").unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(
                "cannot reach the key-value store of process 0 at {free} within"
            )),
            "{err}"
        );
    }
}
