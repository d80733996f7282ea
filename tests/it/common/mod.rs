//! Helpers shared by the integration tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `tests/data`: the corpus files and reference outputs the tests use.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// The shared corpus, present on the developers' machines and in CI but
/// not in a user's clone.
pub fn shared_corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    p.is_dir().then_some(p)
}

/// Runs the perftui binary in `dir` with `args`.
pub fn perftui_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_perftui"))
        .args(args)
        .current_dir(dir)
        // The references print times in UTC (pprof, as perftui, uses the
        // local zone: tests that check zones set their own).
        .env("TZ", "UTC")
        .output()
        .expect("run perftui")
}

/// Runs perftui in `tests/data` with `env` set too.
pub fn perftui_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_perftui"))
        .args(args)
        .current_dir(data_dir())
        .env("TZ", "UTC")
        .envs(env.iter().copied())
        .output()
        .expect("run perftui")
}

/// Runs perftui in `tests/data`, so file names print as the reference
/// tools printed them (`pprof/cpu_before.pb.gz`).
pub fn perftui(args: &[&str]) -> Output {
    perftui_in(&data_dir(), args)
}

/// Reads a reference output.
pub fn reference(name: &str) -> String {
    std::fs::read_to_string(data_dir().join("reference").join(name))
        .unwrap_or_else(|e| panic!("reference {name}: {e}"))
}

/// Stdout of a successful run.
pub fn stdout_ok(args: &[&str]) -> String {
    let out = perftui(args);
    assert!(
        out.status.success(),
        "perftui {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// `../shared/peers/SUBPATH` (other projects' test files, read in place),
/// or `None` with a printed note when the workspace has no such folder.
pub fn peer(subpath: &str) -> Option<PathBuf> {
    let p = data_dir().join("../../../shared/peers").join(subpath);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "skipping: {} is absent (the workspace's peers folder)",
            p.display()
        );
        None
    }
}

/// perftui's top table of one sample type, every node kept, as (flat,
/// cum, name) rows from its CSV.
pub fn top_rows(file: &str, sample_index: &str) -> Vec<(i64, i64, String)> {
    let csv = stdout_ok(&[
        "top",
        "--format",
        "csv",
        "--nodefraction",
        "0",
        "--sample-index",
        sample_index,
        file,
    ]);
    csv.lines()
        .skip(1)
        .map(|l| {
            // flat,flat_pct,sum_pct,cum,cum_pct,unit,name,inline
            let f: Vec<&str> = l.split(',').collect();
            let num = |s: &str| s.parse::<i64>().expect("a number");
            (num(f[0]), num(f[3]), f[6..f.len() - 1].join(","))
        })
        .collect()
}

/// A tiny HTTP server on 127.0.0.1 (a port the OS picks) serving corpus
/// profiles at net/http/pprof's paths, as a running Go service would:
/// `/debug/pprof/profile` (CPU), `/heap`, `/goroutine` (`?debug=1|2` for the
/// text dumps); `/flip` alternates two CPU profiles per request; `/text` is
/// not a profile; anything else is 404. Returns the base URL and a counter
/// of requests served.
pub fn serve_profiles() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{BufRead, BufReader, Write};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let url = format!("http://{}", listener.local_addr().unwrap());
    let served = std::sync::Arc::new(AtomicUsize::new(0));
    let count = std::sync::Arc::clone(&served);
    let read = |f: &str| std::fs::read(data_dir().join(f)).unwrap();
    let (cpu_a, cpu_b) = (
        read("pprof/cpu_before.pb.gz"),
        read("pprof/cpu_after.pb.gz"),
    );
    let heap = read("pprof/heap.pb.gz");
    let (gor, gor1, gor2) = (
        read("pprof/goroutine.pb.gz"),
        read("pprof/goroutine.debug1.txt"),
        read("pprof/goroutine.debug2.txt"),
    );
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            if reader.read_line(&mut first).is_err() {
                continue;
            }
            // Skip the headers.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = first.split_whitespace().nth(1).unwrap_or("/").to_string();
            let n = count.fetch_add(1, Ordering::SeqCst);
            let body: Option<&[u8]> = match path.as_str() {
                p if p.starts_with("/debug/pprof/profile") => Some(&cpu_a),
                "/debug/pprof/heap" => Some(&heap),
                "/debug/pprof/goroutine" => Some(&gor),
                "/debug/pprof/goroutine?debug=1" => Some(&gor1),
                "/debug/pprof/goroutine?debug=2" => Some(&gor2),
                "/flip" => Some(if n % 2 == 0 { &cpu_a } else { &cpu_b }),
                "/text" => Some(b"<html>not a profile</html>"),
                _ => None,
            };
            let head = match body {
                Some(b) => format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    b.len()
                ),
                None => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_string(),
            };
            let _ = stream.write_all(head.as_bytes());
            if let Some(b) = body {
                let _ = stream.write_all(b);
            }
            let _ = stream.flush();
        }
    });
    (url, served)
}

/// A URL on 127.0.0.1 where nothing listens: port 1. A port the OS gave
/// and took back is not safe: a parallel test may be given it again, and a
/// connect to a free ephemeral port can pick that same port as its source
/// and connect to itself (seen in CI as "connection reset by peer"). Port 1
/// is outside the ephemeral range and needs root to bind.
pub fn refused_url() -> String {
    let addr = "127.0.0.1:1";
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "something listens on {addr}; the refused-connection tests need it free"
    );
    format!("http://{addr}/debug/pprof/heap")
}

/// A fresh directory under the system temp dir, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// `perftui-<name>-<pid>`, emptied first.
    pub fn new(name: &str) -> Self {
        let p = std::env::temp_dir().join(format!("perftui-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The sample run directories (`before/`, `after/`).
pub fn runs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-profiles/runs")
}

/// The run summary of the sample run directories.
pub fn runs_summary() -> perftui::run_summary::RunsApp {
    let pairs = perftui::run_dirs::pair(
        &runs_dir().join("before"),
        &runs_dir().join("after"),
        u64::MAX,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    perftui::run_summary::RunsApp::new(pairs, "before → after".into())
}

/// Go 1.19's `go` (Debian's golang-1.19), whose `go tool pprof` made the
/// references, for tests that hand perftui's output back to pprof.
/// `.ci/run` installs it and sets `PERFTUI_REQUIRE_GO=1`, so there the
/// tests fail rather than skip; elsewhere they skip with a message.
pub fn go119() -> Option<PathBuf> {
    let go = std::env::var_os("PERFTUI_GO119")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/lib/go-1.19/bin/go"));
    if go.exists() {
        return Some(go);
    }
    assert!(
        std::env::var_os("PERFTUI_REQUIRE_GO").is_none(),
        "{} is required (PERFTUI_REQUIRE_GO is set) but missing: apt-get install -y golang-1.19",
        go.display()
    );
    eprintln!(
        "skipping: {} is missing (apt-get install -y golang-1.19)",
        go.display()
    );
    None
}

/// Writes `contents` to a file `name` of a fresh temporary directory and
/// asserts that `perftui top` refuses it, exit status 1, with exactly
/// `perftui: PATH: malformed profile: MESSAGE`.
pub fn assert_malformed(name: &str, contents: &str, message: &str) {
    // Tests run in parallel threads of one process: each call its own dir.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = TempDir::new(&format!("malformed-{n}"));
    let f = dir.0.join(name);
    std::fs::write(&f, contents).unwrap();
    let out = perftui(&["top", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{name}");
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!("perftui: {}: malformed profile: {message}\n", f.display())
    );
}
