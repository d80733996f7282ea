//! `parca://` sources and `perftui push` against a real Parca server
//! (v0.21.0, built by `.ci/parca.sh`; `PERFTUI_PARCA` names the binary).
//! Without `PERFTUI_PARCA` the tests build it with that script (once, into
//! a cache outside the repository); they skip, and say why, only when that
//! is impossible (no Go). `.ci/run` sets `PERFTUI_REQUIRE_PARCA=1`, so
//! there they fail rather than skip.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{self, TempDir};

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A Parca server on a free loopback port, stopped when dropped.
pub(crate) struct Parca {
    child: Child,
    port: u16,
    _dir: TempDir,
}

/// The Parca binary: `PERFTUI_PARCA`, else the one `.ci/parca.sh`
/// builds into its cache (building it, once per test run, when Go is
/// there); the error says why there is none.
fn binary() -> Result<std::path::PathBuf, String> {
    static BIN: std::sync::OnceLock<Result<std::path::PathBuf, String>> =
        std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(bin) = std::env::var_os("PERFTUI_PARCA") {
            return Ok(bin.into());
        }
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/parca.sh");
        let out = Command::new("bash")
            .arg(&script)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("bash .ci/parca.sh: {e}"))?;
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            let last = err.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("");
            return Err(format!(
                "bash .ci/parca.sh could not build it ({}): {last}",
                out.status
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().into())
    })
    .clone()
}

impl Parca {
    /// Starts one, or `None` (with a message) where there is no binary.
    pub(crate) fn start(name: &str) -> Option<Parca> {
        let bin = match binary() {
            Ok(bin) => bin,
            Err(why) => {
                assert!(
                    std::env::var_os("PERFTUI_REQUIRE_PARCA").is_none(),
                    "a Parca server is required (PERFTUI_REQUIRE_PARCA is set): {why}"
                );
                eprintln!("SKIPPED: no Parca server: {why}");
                return None;
            }
        };
        let dir = TempDir::new(&format!("parca-{name}"));
        std::fs::write(
            dir.0.join("parca.yaml"),
            "object_storage:\n  bucket:\n    type: FILESYSTEM\n    config:\n      directory: ./data\n",
        )
        .unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(bin)
            .current_dir(&dir.0)
            .arg("--config-path=parca.yaml")
            .arg(format!("--http-address=127.0.0.1:{port}"))
            // Nothing leaves the machine: no debuginfod upstream, no share
            // server (port 1 on loopback, where nothing listens); storage
            // stays in memory (no --enable-persistence).
            .arg("--debuginfod-upstream-servers=")
            .arg("--profile-share-server=127.0.0.1:1")
            .arg("--debuginfo-cache-dir=debuginfo")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.0.join("parca.log")).unwrap())
            .spawn()
            .expect("start Parca");
        let log = dir.0.join("parca.log");
        let mut parca = Parca {
            child,
            port,
            _dir: dir,
        };
        // Ready when its API answers (the query lists the types, or that
        // there are none).
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let out = common::perftui(&["top", &parca.url("")]);
            let err = String::from_utf8_lossy(&out.stderr).into_owned();
            if err.contains("no query") {
                break;
            }
            if let Ok(Some(status)) = parca.child.try_wait() {
                let log = std::fs::read_to_string(&log).unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(5).collect();
                panic!("Parca exited ({status}): {}", tail.join("\n"));
            }
            assert!(Instant::now() < deadline, "Parca did not start: {err}");
            std::thread::sleep(Duration::from_millis(200));
        }
        Some(parca)
    }

    /// `parca://127.0.0.1:PORT` with `params` (`?query=...`) after it.
    pub(crate) fn url(&self, params: &str) -> String {
        format!("parca://127.0.0.1:{}{params}", self.port)
    }

    /// A source for `query` over every profile stored (their own times are
    /// the times of their making, long before now).
    pub(crate) fn query(&self, query: &str) -> String {
        self.url(&format!("?query={query}&from=2000-01-01T00:00:00Z&to=now"))
    }

    pub(crate) fn push(&self, labels: &[&str], files: &[&str]) -> String {
        let mut args = vec!["push".to_string(), self.url("")];
        for l in labels {
            args.push("--label".into());
            args.push((*l).to_string());
        }
        args.extend(files.iter().map(|f| (*f).to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        common::stdout_ok(&args)
    }
}

impl Drop for Parca {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `top`'s table and the line above it: what must equal between a
/// profile queried back and the same profile read from its file (the
/// header's file name, build id and time are the store's).
fn table(out: &str) -> String {
    let start = out
        .find("Showing nodes accounting for")
        .unwrap_or_else(|| panic!("no top table in:\n{out}"));
    out[start..].to_string()
}

#[test]
fn pushed_profiles_come_back_with_the_numbers_of_their_files() {
    let Some(parca) = Parca::start("roundtrip") else {
        return;
    };
    let pushed = parca.push(&["job=api"], &["pprof/cpu_typical.pb.gz"]);
    assert!(pushed.contains("as process_cpu"), "{pushed}");
    parca.push(&["job=heap"], &["pprof/allocs.pb.gz"]);

    // Without a query, the error lists what there is to ask for.
    let out = common::perftui(&["top", &parca.url("")]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta")
            && err.contains("process_cpu:samples:count:cpu:nanoseconds:delta")
            && err.contains("memory:alloc_space:bytes:space:bytes"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");

    for n in ["10", "40"] {
        let local = common::stdout_ok(&["top", "-n", n, "pprof/cpu_typical.pb.gz"]);
        let fleet = common::stdout_ok(&[
            "top",
            "-n",
            n,
            &parca.query(r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta{job="api"}"#),
        ]);
        assert_eq!(table(&fleet), table(&local));
    }
    for ty in ["alloc_space", "inuse_objects"] {
        let local = common::stdout_ok(&[
            "top",
            "-n",
            "25",
            "--sample-index",
            ty,
            "pprof/allocs.pb.gz",
        ]);
        let unit = if ty.ends_with("space") {
            "bytes"
        } else {
            "count"
        };
        let fleet = common::stdout_ok(&[
            "top",
            "-n",
            "25",
            &parca.query(&format!(r#"memory:{ty}:{unit}:space:bytes{{job="heap"}}"#)),
        ]);
        assert_eq!(table(&fleet), table(&local), "{ty}");
    }
}

const CPU: &str = "process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta";

/// Three real CPU profiles of one service on two hosts, made at three
/// times on 2026-11-22 (their own times, which Parca keeps):
/// cpu_before 23:40:58 and bench_cpu 23:41:29 on host a, cpu_after
/// 23:41:06 on host b.
fn push_fleet(parca: &Parca) {
    parca.push(
        &["job=api", "host=a"],
        &["pprof/cpu_before.pb.gz", "pprof/bench_cpu.pb.gz"],
    );
    parca.push(&["job=api", "host=b"], &["pprof/cpu_after.pb.gz"]);
}

fn range(parca: &Parca, selector: &str, from: &str, to: &str) -> String {
    parca.url(&format!("?query={CPU}{selector}&from={from}&to={to}"))
}

#[test]
fn merges_across_series_hosts_and_ranges_equal_the_files_merged_here() {
    let Some(parca) = Parca::start("merges") else {
        return;
    };
    push_fleet(&parca);
    let all = [
        "pprof/cpu_before.pb.gz",
        "pprof/bench_cpu.pb.gz",
        "pprof/cpu_after.pb.gz",
    ];
    let local = |files: &[&str]| {
        let mut args = vec!["top", "-n", "30"];
        args.extend_from_slice(files);
        table(&common::stdout_ok(&args))
    };
    let fleet = |url: &str| table(&common::stdout_ok(&["top", "-n", "30", url]));
    // Every series of the job: all three files merged.
    assert_eq!(
        fleet(&parca.query(&format!(r#"{CPU}{{job="api"}}"#))),
        local(&all)
    );
    // A regex matcher picks host a's two.
    assert_eq!(
        fleet(&parca.query(&format!(r#"{CPU}{{host=~"a|c"}}"#))),
        local(&all[..2])
    );
    // A range picks by time: the first ten seconds of 23:41 hold only
    // cpu_after.
    let after = range(
        &parca,
        r#"{job="api"}"#,
        "2026-11-22T23:41:00Z",
        "2026-11-22T23:41:10Z",
    );
    assert_eq!(fleet(&after), local(&all[2..]));
    // fold's stacks too (sorted: the store's order is its own).
    let sorted = |s: String| {
        let mut lines: Vec<String> = s.lines().map(str::to_string).collect();
        lines.sort();
        lines
    };
    assert_eq!(
        sorted(common::stdout_ok(&["fold", &after])),
        sorted(common::stdout_ok(&["fold", all[2]]))
    );
    // The hour against the hour before, as diff's table: equal to the two
    // files' diff.
    let before = range(
        &parca,
        r#"{job="api"}"#,
        "2026-11-22T23:40:00Z",
        "2026-11-22T23:41:00Z",
    );
    let diff_fleet = common::stdout_ok(&["top", "-n", "30", "--diff-base", &before, &after]);
    let diff_local = common::stdout_ok(&[
        "top",
        "-n",
        "30",
        "--diff-base",
        "pprof/cpu_before.pb.gz",
        "pprof/cpu_after.pb.gz",
    ]);
    assert_eq!(table(&diff_fleet), table(&diff_local));
    // The TUI's diff of the two ranges opens on the same numbers.
    let screen = common::stdout_ok(&["diff", "--snapshot", "160x30", &before, &after]);
    let screen_local = common::stdout_ok(&[
        "diff",
        "--snapshot",
        "160x30",
        "pprof/cpu_before.pb.gz",
        "pprof/cpu_after.pb.gz",
    ]);
    let body = |s: &str| s.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&screen), body(&screen_local));

    // Errors, each one line.
    let one_line = |url: &str| {
        let out = common::perftui(&["top", url]);
        assert_eq!(out.status.code(), Some(1), "{url}");
        let e = String::from_utf8(out.stderr).unwrap();
        assert_eq!(e.lines().count(), 1, "{e}");
        e
    };
    let e = one_line(&parca.url(&format!(r#"?query={CPU}{{job="api"}}"#)));
    assert!(
        e.ends_with(&format!(
            "no profiles for {CPU}{{job=\"api\"}} in the last hour\n"
        )),
        "{e}"
    );
    let e = one_line(&parca.query(r#"memory:inuse_space:bytes:space:bytes{job="api"}"#));
    assert!(
        e.contains(&format!(
            "unknown profile type \"memory:inuse_space:bytes:space:bytes\"; the types there: {CPU}, "
        )),
        "{e}"
    );
    let e = one_line(&parca.query(&format!(r#"{CPU}{{job="api""#)));
    assert!(e.contains("the server said: invalid argument: "), "{e}");
    let e = one_line(&range(&parca, "{}", "-1h", "-2h"));
    assert!(
        e.ends_with("the range is empty (from is not before to)\n"),
        "{e}"
    );
    let e = one_line(&format!("parca://127.0.0.1:1?query={CPU}{{}}"));
    assert!(
        e.ends_with("connection refused (is the server running?)\n"),
        "{e}"
    );
}
