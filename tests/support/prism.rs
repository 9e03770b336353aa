//! Prism (`@stoplight/prism-cli`, installed by `npm ci --prefix tests/prism`) as a child
//! process: a mock server that validates every request against the spec it serves. With
//! `--errors`, a request that breaks the spec is answered with an error status and an
//! `sl-violations` header naming what is wrong.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `prism mock --errors`; stopped when dropped.
pub struct Prism {
    child: Child,
    log: PathBuf,
    base_url: String,
}

impl Prism {
    /// Starts Prism for `spec` on a free local port and waits until it accepts connections.
    pub fn start(name: &str, spec: &Path) -> Prism {
        let bin = prism_bin();
        let port = free_port();
        let log = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("prism-{name}.log"));
        let log_file = std::fs::File::create(&log).expect("log file is writable");
        let child = Command::new(&bin)
            .args(["mock", "--errors", "--host", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("log file"))
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let mut prism = Prism {
            child,
            log,
            base_url: format!("http://127.0.0.1:{port}"),
        };
        prism.wait_until_listening(port);
        prism
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// What Prism printed so far: its validation messages for each request.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn wait_until_listening(&mut self, port: u16) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("Prism exited ({status}) before listening:\n{}", self.log());
            }
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("Prism did not listen within 60 s:\n{}", self.log());
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `$PRISM`, or the copy `npm ci --prefix tests/prism` installs.
fn prism_bin() -> PathBuf {
    if let Some(bin) = std::env::var_os("PRISM") {
        return bin.into();
    }
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/prism/node_modules/.bin/prism");
    assert!(
        bin.exists(),
        "Prism is not installed: run `npm ci --prefix tests/prism` (or set PRISM to its binary)"
    );
    bin
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free local port")
        .port()
}

/// Copies the spec folder `from` to a scratch folder and gives each `$ref` to a file that does
/// not exist (code samples the published spec leaves out) an empty file, so that Prism, which
/// resolves every `$ref` including those under `x-` extensions, can load it.
pub fn copy_with_missing_refs_filled(from: &Path, name: &str) -> PathBuf {
    let to = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&to);
    copy_dir(from, &to);
    for file in files(&to) {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for line in text.lines() {
            let Some(target) = line.trim().strip_prefix("$ref:") else {
                continue;
            };
            let target = target.trim().trim_matches(['"', '\'']);
            if target.starts_with('#') || target.contains("://") {
                continue;
            }
            let target = target.split('#').next().unwrap_or_default();
            let path = file.parent().expect("a file has a folder").join(target);
            if !path.exists() {
                std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
                std::fs::write(&path, "").expect("placeholder is writable");
            }
        }
    }
    to
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("spec folder is readable") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out
}
