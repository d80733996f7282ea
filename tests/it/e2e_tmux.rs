//! End to end: the release binary in a real terminal (tmux on a private
//! socket), driven by `send-keys`, read back by `capture-pane`.
//!
//! `.ci/run` installs tmux and sets `PERFTUI_REQUIRE_TMUX=1`, so these tests
//! fail there rather than skip. On a machine without tmux they skip with a
//! message. `PERFTUI_E2E_TIMEOUT` (seconds, default 30) stretches the waits
//! on a slow machine.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn tmux_available() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("PERFTUI_REQUIRE_TMUX").is_none(),
            "tmux is required (PERFTUI_REQUIRE_TMUX is set) but not installed"
        );
        eprintln!("skipping: tmux is not installed (apt-get install -y tmux)");
    }
    ok
}

/// The release binary, built once per test run.
fn release_binary() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let status = Command::new(env!("CARGO"))
            .args(["build", "--release", "--quiet", "--bin", "perftui"])
            .current_dir(root)
            .status()
            .expect("cargo build --release");
        assert!(status.success(), "cargo build --release failed");
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target"));
        target.join("release/perftui")
    })
    .clone()
}

fn timeout() -> Duration {
    let secs = std::env::var("PERFTUI_E2E_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    Duration::from_secs(secs)
}

/// A tmux server of our own with one pane running a command.
struct Tmux {
    socket: String,
    status_file: PathBuf,
}

impl Tmux {
    fn start(name: &str, command: &str, width: u16, height: u16) -> Tmux {
        let socket = format!("perftui-e2e-{}-{name}", std::process::id());
        let status_file = std::env::temp_dir().join(format!("{socket}.status"));
        let _ = std::fs::remove_file(&status_file);
        // The shell records perftui's exit status, then waits so the pane
        // stays readable.
        let script = format!("{command}; echo $? > {}; sleep 60", status_file.display());
        let t = Tmux {
            socket,
            status_file,
        };
        let out = t
            .cmd(&[
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
                "sh",
                "-c",
                &script,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "tmux: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        t
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new("tmux");
        c.arg("-L").arg(&self.socket).args(args);
        c.env_remove("TMUX");
        c
    }

    fn capture(&self) -> String {
        let out = self.cmd(&["capture-pane", "-p"]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Keys by tmux name (`Enter`, `Escape`, `q`).
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        assert!(self.cmd(&args).status().unwrap().success());
    }

    /// Literal text.
    fn text(&self, text: &str) {
        assert!(self
            .cmd(&["send-keys", "-l", text])
            .status()
            .unwrap()
            .success());
    }

    /// The screen and the scrollback above it.
    fn capture_all(&self) -> String {
        let out = self
            .cmd(&["capture-pane", "-p", "-S", "-"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen satisfies `ok` and is stable (two identical
    /// captures in a row), and returns it.
    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        let mut last = String::new();
        loop {
            let screen = self.capture();
            if ok(&screen) && screen == last {
                return screen;
            }
            assert!(
                start.elapsed() < timeout(),
                "timed out waiting for {what}; screen:\n{screen}"
            );
            last = screen;
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the screen shows `needle` and is stable.
    fn wait_for(&self, needle: &str) -> String {
        self.wait_until(&format!("{needle:?}"), |s| s.contains(needle))
    }

    fn exit_status(&self) -> i32 {
        let start = Instant::now();
        loop {
            if let Ok(s) = std::fs::read_to_string(&self.status_file) {
                if !s.trim().is_empty() {
                    return s.trim().parse().unwrap();
                }
            }
            assert!(start.elapsed() < timeout(), "perftui did not exit");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn alternate_screen_on(&self) -> bool {
        let out = self
            .cmd(&["display-message", "-p", "#{alternate_on}"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]).output();
        let _ = std::fs::remove_file(&self.status_file);
    }
}

fn open_command(file: &str) -> String {
    format!(
        "{} open {}",
        release_binary().display(),
        common::data_dir().join(file).display()
    )
}

#[test]
fn explore_a_cpu_profile_in_a_real_terminal() {
    if !tmux_available() {
        return;
    }
    let hottest = common::reference("cpu_before.top.txt")
        .lines()
        .nth(8)
        .and_then(|l| l.split_whitespace().last().map(str::to_string))
        .unwrap();
    assert_eq!(hottest, "runtime.mallocgc");
    let t = Tmux::start("cpu", &open_command("pprof/cpu_before.pb.gz"), 120, 40);
    let screen = t.wait_for("main.main.func1 │ flat 0 │ cum 13.83s");
    assert!(screen.contains("1 Flame graph"), "{screen}");
    assert!(
        screen.contains("mallocgc"),
        "hottest function on screen:\n{screen}"
    );

    // The top table: pprof's first row first.
    t.keys(&["2"]);
    let screen = t.wait_for("flat%");
    let first_row = screen.lines().nth(3).unwrap();
    assert!(
        first_row.contains("2.45s") && first_row.contains(&hottest),
        "{screen}"
    );

    // Back to the flame graph, search, zoom into the first match.
    t.keys(&["1", "/"]);
    t.text("parseValue");
    t.keys(&["Enter"]);
    t.wait_for("/parseValue/ 1 function, 83.04% of total");
    t.keys(&["Enter"]);
    let screen = t.wait_for("100.00% of zoom");
    assert!(screen.contains("parseValue │"), "{screen}");

    // Esc clears the search. (Waiting before the next key matters: ESC
    // followed at once by another key is how terminals spell Alt+key.)
    t.keys(&["Escape"]);
    t.wait_until("the search to clear", |s| !s.contains("/parseValue/"));
    // Sandwich and goroutine views switch with Tab.
    t.keys(&["Tab", "Tab"]);
    t.wait_for("callers above, callees below");
    t.keys(&["Tab"]);
    t.wait_for("no goroutine groups");

    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    assert!(
        !t.alternate_screen_on(),
        "terminal left in the alternate screen"
    );
}

#[test]
fn goroutine_dump_groups_and_mouse_tab_click() {
    if !tmux_available() {
        return;
    }
    let t = Tmux::start(
        "goroutine",
        &open_command("pprof/goroutine.debug2.txt"),
        100,
        30,
    );
    t.wait_for("goroutine 161");
    t.keys(&["4"]);
    let screen = t.wait_for("main.recvWorker");
    assert!(screen.contains("chan receive"), "{screen}");
    t.keys(&["Enter"]);
    t.wait_for("created by main.main");
    // A mouse click (SGR encoding, 1-based) on the "2 Top" tab.
    let tabs = perftui::explorer::layout::tabs(
        &perftui::explorer::View::ALL,
        perftui::explorer::View::Goroutines,
        100,
    );
    let (_, x0, _) = tabs[1];
    t.text(&format!("\x1b[<0;{};1M\x1b[<0;{};1m", x0 + 2, x0 + 2));
    t.wait_for("flat%");
    t.keys(&["C-c"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn a_panic_restores_the_terminal() {
    if !tmux_available() {
        return;
    }
    let cmd = format!(
        "RUST_BACKTRACE=0 PERFTUI_TEST_PANIC=1 {}",
        open_command("pprof/cpu_before.pb.gz")
    );
    let t = Tmux::start("panic", &cmd, 100, 30);
    assert_ne!(t.exit_status(), 0);
    let all = t.capture_all();
    assert!(all.contains("panicking on purpose"), "{all}");
    assert!(!t.alternate_screen_on(), "alternate screen left on:\n{all}");
    // The UI is gone: the panic message is on the normal screen.
    assert!(!t.capture().contains("1 Flame graph"), "{all}");
}

#[test]
fn resizing_to_tiny_and_back_never_breaks() {
    if !tmux_available() {
        return;
    }
    let t = Tmux::start("resize", &open_command("pprof/cpu_before.pb.gz"), 120, 40);
    t.wait_for("main.main.func1");
    for (w, h) in [(40, 10), (20, 5), (160, 48)] {
        assert!(t
            .cmd(&["resize-window", "-x", &w.to_string(), "-y", &h.to_string()])
            .status()
            .unwrap()
            .success());
        t.wait_for(" 1 ");
    }
    t.wait_for("main.main.func1 │ flat 0");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn compare_two_benchmark_runs_in_a_real_terminal() {
    if !tmux_available() {
        return;
    }
    let dir = common::data_dir();
    let cmd = format!(
        "cd {} && {} diff bench/old.txt bench/new.txt",
        dir.display(),
        release_binary().display()
    );
    let t = Tmux::start("bench", &cmd, 120, 36);
    let screen = t.wait_for("Lookup/size=1000-2");
    assert!(screen.contains("+12688.21%"), "{screen}");
    assert!(screen.contains("geomean"), "{screen}");
    // Sorting by change puts the worst regression first.
    t.keys(&["s"]);
    let screen = t.wait_for("sorted by change");
    let first = screen.lines().nth(3).unwrap();
    assert!(first.contains("Lookup/size=1000-2"), "{screen}");
    // The selection stayed on its benchmark; at the top, the detail pane
    // shows both runs of the regression.
    t.keys(&["g"]);
    t.wait_for("new.txt vs old.txt: +12688.21%");
    // A regex filter, then the next table (B/op).
    t.keys(&["/"]);
    t.text("Concat");
    t.keys(&["Enter"]);
    let screen = t.wait_for("2 of 13 benchmarks");
    assert!(!screen.contains("Hash-2"), "{screen}");
    t.keys(&["Tab"]);
    let screen = t.wait_for("table 2/6");
    assert!(screen.contains("680.00"), "Concat/n=10 B/op:\n{screen}");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    assert!(!t.alternate_screen_on());
}

#[test]
fn chart_a_benchmark_in_a_real_terminal() {
    if !tmux_available() {
        return;
    }
    let dir = common::data_dir().join("charts");
    let cmd = format!(
        "cd {} && {} diff before.txt after.txt",
        dir.display(),
        release_binary().display()
    );
    let t = Tmux::start("chart", &cmd, 100, 30);
    t.wait_for("Sum/size=10-2");
    t.keys(&["/"]);
    t.text("^Hash");
    t.keys(&["Enter"]);
    t.wait_for("2 of 20 benchmarks");
    t.keys(&["c"]);
    let screen = t.wait_for("scaling chart");
    assert!(screen.contains("GOMAXPROCS"), "{screen}");
    assert!(screen.contains("efficiency"), "{screen}");
    t.keys(&["c"]);
    let screen = t.wait_for("distribution chart");
    assert!(screen.contains("P95"), "{screen}");
    t.keys(&["Escape"]);
    t.wait_for("vs base");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    assert!(!t.alternate_screen_on());
}

#[test]
fn diff_two_profiles_in_a_real_terminal() {
    if !tmux_available() {
        return;
    }
    let dir = common::data_dir();
    let cmd = format!(
        "cd {} && {} diff pprof/cpu_before.pb.gz pprof/cpu_after.pb.gz",
        dir.display(),
        release_binary().display()
    );
    let t = Tmux::start("profdiff", &cmd, 160, 40);
    // The header has both totals (pprof: 15.33s before, 15.16s after).
    let screen = t.wait_for("cpu 15.33s → 15.16s");
    assert!(screen.contains("3 Side by side"), "{screen}");
    assert!(
        screen.contains("main.main.func1 │ before 13.83s │ after 13.58s"),
        "{screen}"
    );
    // The delta table: pprof -diff_base's first row first.
    t.keys(&["2"]);
    let screen = t.wait_for("Δflat");
    let first = screen.lines().nth(3).unwrap();
    assert!(
        first.contains("-1.62s") && first.contains("runtime.concatstrings (gone)"),
        "{screen}"
    );
    // Enter jumps to the frame in the differential flame graph.
    t.keys(&["Enter"]);
    t.wait_for("runtime.concatstrings │ before");
    // Relative mode, then side by side with the selection kept.
    t.keys(&["m"]);
    t.wait_for("share of the frame's BEFORE value");
    t.keys(&["3"]);
    let screen = t.wait_for(" AFTER cpu_after.pb.gz");
    assert!(screen.contains(" BEFORE cpu_before.pb.gz"), "{screen}");
    assert!(
        screen.contains("runtime.concatstrings │ before"),
        "{screen}"
    );
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    assert!(!t.alternate_screen_on());
}

#[test]
fn run_directories_summary_to_a_profile_diff_and_back() {
    if !tmux_available() {
        return;
    }
    let runs = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-profiles/runs");
    let cmd = format!(
        "cd {} && {} diff before after",
        runs.display(),
        release_binary().display()
    );
    let t = Tmux::start("runs", &cmd, 120, 30);
    let screen = t.wait_for("cpu profile");
    assert!(
        screen.contains("4.19s") && screen.contains("3.80s"),
        "{screen}"
    );
    // Enter on the benchmarks opens the comparison; C from there opens the
    // CPU profile diff of the two runs.
    t.keys(&["Enter"]);
    t.wait_for("Parse/records=10-2");
    t.keys(&["C"]);
    // Focused on the selected benchmark's code: Parse/records=10-2 ran in
    // jsonish.BenchmarkParse.func1 (2.93s of the 4.19s before, 2.50s of
    // the 3.80s after); u pops the filter.
    let screen = t.wait_for("cpu 2.93s → 2.50s");
    assert!(
        screen.contains("before/cpu.pb.gz → after/cpu.pb.gz"),
        "{screen}"
    );
    assert!(screen.contains(r"focus=\.BenchmarkParse(\.|$)"), "{screen}");
    t.keys(&["u"]);
    t.wait_for("cpu 4.19s → 3.80s");
    // The screens are a stack: q goes back to the benchmark comparison
    // (where it was), q again to the summary, q once more quits.
    t.keys(&["q"]);
    let screen = t.wait_for("table 1/4");
    assert!(screen.contains("Parse/records=10-2"), "{screen}");
    t.keys(&["q"]);
    t.wait_for("Enter open  C cpu profile diff");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    assert!(!t.alternate_screen_on());
}

/// Polls the screen every 5 ms until `ok`; the time it took.
fn time_until(t: &Tmux, what: &str, ok: impl Fn(&str) -> bool) -> Duration {
    let start = Instant::now();
    loop {
        let s = t.capture();
        if ok(&s) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < timeout(),
            "timed out waiting for {what}; screen:\n{s}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn watch_a_profile_being_rewritten() {
    if !tmux_available() {
        return;
    }
    let tmp = common::TempDir::new("e2e-watch");
    let dir = tmp.0.clone();
    let f = dir.join("cpu.pb.gz");
    let data = common::data_dir();
    let before = std::fs::read(data.join("pprof/cpu_before.pb.gz")).unwrap();
    let after = std::fs::read(data.join("pprof/cpu_after.pb.gz")).unwrap();
    std::fs::write(&f, &before).unwrap();
    let cmd = format!(
        "{} open --watch {}",
        release_binary().display(),
        f.display()
    );
    let t = Tmux::start("watch", &cmd, 140, 36);
    t.wait_for("main.main.func1 │ flat 0 │ cum 13.83s");
    // Select a frame below the root's child: parse (jsonish.Parse).
    t.keys(&["j"]);
    t.wait_for("jsonish.Parse │ flat");
    let same_frame = |s: &str| s.contains("perftui.test/corpus/jsonish.Parse │ flat");

    // Rewrite the file (write-then-rename, as most writers do) and time
    // until the new numbers are on screen, several times; every reload
    // keeps the selected frame.
    let mut latencies = Vec::new();
    for i in 0..6 {
        let (bytes, total) = if i % 2 == 0 {
            (&after, "cpu 15.16s")
        } else {
            (&before, "cpu 15.33s")
        };
        let tmp = dir.join("cpu.pb.gz.tmp");
        std::fs::write(&tmp, bytes).unwrap();
        std::thread::sleep(Duration::from_millis(300));
        std::fs::rename(&tmp, &f).unwrap();
        let took = time_until(&t, total, |s| s.contains(total) && same_frame(s));
        latencies.push(took);
        // Let the watcher go quiet before the next write.
        std::thread::sleep(Duration::from_millis(300));
    }
    latencies.sort();
    let median = latencies[latencies.len() / 2];
    eprintln!("write → new frame: median {median:?}, all {latencies:?}");
    assert!(
        median < Duration::from_secs(1),
        "the new numbers took {median:?} (median) to show"
    );
    // The status line says when.
    let screen = t.capture();
    assert!(screen.contains("watching · reloaded "), "{screen}");

    // Garbage: the old view stays, the error is shown.
    std::fs::write(&f, b"this is not a profile\n").unwrap();
    let screen = t.wait_for("reload failed: ");
    assert!(
        screen.contains("cpu 15.33s"),
        "the last good view stays:\n{screen}"
    );
    assert!(screen.contains(&f.display().to_string()), "{screen}");
    t.keys(&["j"]);
    let screen = t.wait_for("last reload failed");
    assert!(screen.contains("cpu 15.33s"), "{screen}");
    // A good file again: the failure is gone from the status bar too.
    let good = std::fs::read(common::data_dir().join("pprof/cpu_after.pb.gz")).unwrap();
    let tmp = f.with_extension("tmp");
    std::fs::write(&tmp, &good).unwrap();
    std::fs::rename(&tmp, &f).unwrap();
    let screen = t.wait_for("cpu 15.16s");
    assert!(!screen.contains("reload failed"), "{screen}");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    assert!(!t.alternate_screen_on());
}

#[test]
fn watch_a_live_service_every_interval() {
    if !tmux_available() {
        return;
    }
    let (url, served) = common::serve_profiles();
    let cmd = format!(
        "{} open --watch --every 300ms {url}/flip",
        release_binary().display()
    );
    let t = Tmux::start("every", &cmd, 140, 36);
    // /flip alternates the two CPU profiles: both totals come and go.
    t.wait_for("cpu 15.33s");
    t.wait_for("cpu 15.16s");
    t.wait_for("cpu 15.33s");
    assert!(served.load(std::sync::atomic::Ordering::SeqCst) >= 3);
    // z freezes: no more fetches.
    t.keys(&["z"]);
    t.wait_for("frozen (z)");
    let n = served.load(std::sync::atomic::Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(900));
    let m = served.load(std::sync::atomic::Ordering::SeqCst);
    assert!(m <= n + 1, "fetched while frozen: {n} → {m}");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn watch_a_fleet_query_see_a_new_push_and_diff_it_against_the_read_before() {
    if !tmux_available() {
        return;
    }
    let Some(parca) = crate::fleet::Parca::start("watch") else {
        return;
    };
    let cpu = "process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta";
    parca.push(&["job=w"], &["pprof/cpu_before.pb.gz"]);
    let source = parca.query(&format!(r#"{cpu}{{job="w"}}"#));
    let cmd = format!(
        "{} open --watch --every 300ms '{source}'",
        release_binary().display()
    );
    let t = Tmux::start("fleet-watch", &cmd, 200, 36);
    t.wait_for("cpu 15.33s");
    // Another host's profile lands in the store: the next read merges it.
    parca.push(&["job=w", "host=b"], &["pprof/cpu_after.pb.gz"]);
    t.wait_for("cpu 30.49s");
    // Frozen (no timed read can race what follows), a third host's
    // profile pushed, r reads by hand: the latest read, and d shows it
    // against the read before.
    t.keys(&["z"]);
    t.wait_for("frozen (z)");
    parca.push(&["job=w", "host=c"], &["pprof/cpu_before.pb.gz"]);
    t.keys(&["r"]);
    t.wait_for("cpu 45.82s");
    t.keys(&["d"]);
    let screen = t.wait_for("cpu 30.49s → 45.82s");
    assert!(screen.contains("vs previous read (d)"), "{screen}");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn pick_a_type_a_label_and_a_range_from_a_parca_store() {
    if !tmux_available() {
        return;
    }
    let Some(parca) = crate::fleet::Parca::start("picker") else {
        return;
    };
    parca.push(&["job=api", "host=a"], &["pprof/cpu_before.pb.gz"]);
    parca.push(&["job=api", "host=b"], &["pprof/cpu_after.pb.gz"]);
    parca.push(&["job=heap"], &["pprof/allocs.pb.gz"]);
    // Host c: the same two profiles an hour apart, stored at recent times.
    for (at, file) in [
        ("now-90m", "pprof/cpu_before.pb.gz"),
        ("now-30m", "pprof/cpu_after.pb.gz"),
    ] {
        common::stdout_ok(&[
            "push",
            &parca.url(""),
            "--label",
            "host=c",
            "--at",
            at,
            file,
        ]);
    }
    // The first profiles' own times are in 2026-11: a range from before them.
    let cmd = format!(
        "{} open '{}'",
        release_binary().display(),
        parca.url("?from=2026-11-01T00:00:00Z")
    );
    let t = Tmux::start("picker", &cmd, 120, 30);
    let screen = t.wait_for("1/3  a profile type");
    for ty in [
        "memory:alloc_space:bytes:space:bytes",
        "memory:inuse_objects:count:space:bytes",
        "process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta",
    ] {
        assert!(screen.contains(ty), "{screen}");
    }
    // The last type is CPU's sample count; the one above it, its time.
    t.keys(&["G", "k", "Enter"]);
    let screen = t.wait_for("2/3  a label to match");
    assert!(screen.contains("query  process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta{}"));
    assert!(
        screen.contains("host") && screen.contains("job"),
        "{screen}"
    );
    // host, then its second value: b.
    t.keys(&["j", "Enter"]);
    let screen = t.wait_for("a value of host");
    assert!(
        screen.contains("  a\n") && screen.contains("  b\n"),
        "{screen}"
    );
    t.keys(&["j", "Enter"]);
    t.wait_for(r#"query  process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta{host="b"}"#);
    t.wait_for("2/3  a label to match");
    // The first row goes on to the ranges; the first range is the URL's.
    t.keys(&["Enter"]);
    let screen = t.wait_for("3/3  a time range");
    assert!(
        screen.contains("as given: from 2026-11-01T00:00:00Z to "),
        "{screen}"
    );
    t.keys(&["Enter"]);
    // Host b's profile alone: cpu_after's total.
    t.wait_for("cpu 15.16s");
    // q leaves the explorer for the picker, which can pick again: back
    // to the labels, the host matcher dropped, host c instead.
    t.keys(&["q"]);
    t.wait_for("3/3  a time range");
    t.keys(&["Escape"]);
    t.wait_for("2/3  a label to match");
    t.keys(&["Escape"]);
    t.wait_for("query  process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta{}\n");
    t.keys(&["j", "Enter"]);
    t.wait_for("  c\n");
    t.keys(&["G", "Enter"]);
    t.wait_for(r#"{host="c"}"#);
    t.keys(&["Enter"]);
    let screen = t.wait_for("3/3  a time range");
    assert!(
        screen.contains("the last hour against the hour before (a diff)"),
        "{screen}"
    );
    // The second to last range: this hour against the one before.
    t.keys(&["G", "k", "Enter"]);
    t.wait_for("cpu 15.33s → 15.16s");
    t.keys(&["q"]);
    t.wait_for("3/3  a time range");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn watch_a_benchmark_file_as_lines_arrive() {
    if !tmux_available() {
        return;
    }
    let tmp = common::TempDir::new("e2e-benchw");
    let dir = tmp.0.clone();
    let f = dir.join("bench.txt");
    let full = std::fs::read_to_string(common::data_dir().join("bench/new.txt")).unwrap();
    let lines: Vec<&str> = full.lines().collect();
    // The header and the first benchmark's ten runs, then the rest line by
    // line with the last one cut mid-way, as `go test -count=10` writes.
    std::fs::write(&f, lines[..14].join("\n") + "\n").unwrap();
    let cmd = format!(
        "{} open --watch {}",
        release_binary().display(),
        f.display()
    );
    let t = Tmux::start("benchwatch", &cmd, 120, 30);
    let screen = t.wait_for("Sum/size=100-2");
    assert!(!screen.contains("Hash-2"), "{screen}");
    assert!(screen.contains("watching"), "{screen}");
    let mut file = std::fs::OpenOptions::new().append(true).open(&f).unwrap();
    use std::io::Write;
    for l in &lines[14..40] {
        writeln!(file, "{l}").unwrap();
        file.flush().unwrap();
        std::thread::sleep(Duration::from_millis(10));
    }
    // Half of the next line: not read until its newline arrives.
    let next = lines[40];
    write!(file, "{}", &next[..next.len() / 2]).unwrap();
    file.flush().unwrap();
    let screen = t.wait_for("Hash-2");
    assert!(screen.contains("reloaded "), "{screen}");
    writeln!(file, "{}", &next[next.len() / 2..]).unwrap();
    for l in &lines[41..] {
        writeln!(file, "{l}").unwrap();
    }
    file.flush().unwrap();
    t.wait_for("Sleep-2");
    // Garbage appended is skipped like any malformed line; the view stays.
    writeln!(file, "BenchmarkBroken-2 \u{1b}[31m xx ns/op").unwrap();
    file.flush().unwrap();
    std::thread::sleep(Duration::from_millis(600));
    let screen = t.wait_for("Sleep-2");
    assert!(screen.contains("Sum/size=100-2"), "{screen}");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn watch_a_file_that_does_not_exist_yet() {
    if !tmux_available() {
        return;
    }
    // The README's workflow: start the watcher, then run the benchmark
    // that writes the profile.
    let tmp = common::TempDir::new("e2e-wait");
    let f = tmp.0.join("cpu.pb.gz");
    let cmd = format!(
        "{} open --watch {}",
        release_binary().display(),
        f.display()
    );
    let t = Tmux::start("wait", &cmd, 120, 30);
    let screen = t.wait_for("waiting for ");
    assert!(screen.contains(&f.display().to_string()), "{screen}");
    // An empty file (a writer that has just created it) still waits.
    std::fs::write(&f, b"").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(t.capture().contains("waiting for "), "{}", t.capture());
    // The profile, written then renamed into place.
    let part = tmp.0.join("cpu.pb.gz.part");
    std::fs::copy(common::data_dir().join("pprof/cpu_before.pb.gz"), &part).unwrap();
    std::fs::rename(&part, &f).unwrap();
    let screen = t.wait_for("cpu 15.33s");
    assert!(screen.contains("main.main.func1"), "{screen}");
    // It is the explorer now, watching: q quits (no waiting screen below).
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    assert!(!t.alternate_screen_on());
}

#[test]
fn a_long_paste_into_the_search_prompt() {
    if !tmux_available() {
        return;
    }
    let t = Tmux::start("paste", &open_command("pprof/cpu_before.pb.gz"), 120, 30);
    t.wait_for("main.main.func1");
    t.keys(&["/"]);
    t.wait_for("▏");
    // 10,000 characters through the terminal's bracketed paste (tmux wraps
    // them in ESC[200~ … ESC[201~ because perftui asked for it).
    let pasted = "jsonish.".repeat(1250);
    assert!(t
        .cmd(&["set-buffer", "-b", "big", &pasted])
        .status()
        .unwrap()
        .success());
    let start = Instant::now();
    assert!(t
        .cmd(&["paste-buffer", "-p", "-b", "big"])
        .status()
        .unwrap()
        .success());
    // The prompt shows the end of the pasted text, the cursor after it.
    let screen = t.wait_for("jsonish.jsonish.▏");
    t.keys(&["Enter"]);
    let screen2 = t.wait_for("no match");
    let took = start.elapsed();
    assert!(took < Duration::from_secs(10), "took {took:?}\n{screen}");
    // Still answering keys at once: Esc clears the search.
    t.keys(&["Escape"]);
    t.wait_until("the search cleared", |s| !s.contains("/jsonish.jsonish"));
    t.keys(&["2"]);
    let screen = t.wait_for("flat%");
    assert!(screen.contains("jsonish"), "{screen}\n{screen2}");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn a_heap_profile_reads_in_pprofs_units() {
    if !tmux_available() {
        return;
    }
    // The reference's first row, token for token.
    let reference = common::reference("heap.top.txt");
    let want: Vec<&str> = reference
        .lines()
        .nth(6)
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(want[0], "19654.64kB");
    let t = Tmux::start("heap", &open_command("pprof/heap.pb.gz"), 80, 24);
    let screen = t.wait_for("40048.61kB");
    assert!(screen.contains("inuse_space"), "{screen}");
    t.keys(&["2"]);
    let screen = t.wait_for("flat%");
    let row = screen
        .lines()
        .find(|l| l.contains("buildCache"))
        .unwrap_or_else(|| panic!("{screen}"));
    let got: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(&got[..5], &want[..5], "{screen}");
    // The picker: the shown type's total as the header says it.
    t.keys(&["s"]);
    let screen = t.wait_for("sample type");
    assert!(screen.contains("40048.61kB"), "{screen}");
    t.keys(&["Escape"]);
    // Sent together, Escape and q read as Alt-q: wait for the picker to go.
    t.wait_until("the picker to close", |s| !s.contains("sample type"));
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn sorting_the_top_table_shows_the_top_of_the_new_order() {
    if !tmux_available() {
        return;
    }
    let t = Tmux::start("sort", &open_command("pprof/cpu_before.pb.gz"), 80, 24);
    t.wait_for("main.main.func1");
    t.keys(&["2"]);
    t.wait_for("flat%");
    // Down far into the table first, so that the old selection is off the
    // top of any new order.
    for _ in 0..30 {
        t.keys(&["j"]);
    }
    let scrolled = t.wait_until("scrolled", |s| !s.contains("runtime.mallocgc"));
    // o cycles the sort column: on to cum.
    let mut screen = scrolled.clone();
    for _ in 0..6 {
        if screen.lines().nth(2).is_some_and(|l| l.contains("cum▼")) {
            break;
        }
        t.keys(&["o"]);
        std::thread::sleep(Duration::from_millis(100));
        screen = t.wait_until("sorted", |s| s.contains("sorted by") || s.contains('▼'));
    }
    let header = screen.lines().nth(2).unwrap();
    assert!(header.contains("cum▼"), "{screen}");
    // The largest cum is the first row, on screen; the selected function
    // (named in the status bar) is one of the rows shown.
    let lines: Vec<&str> = screen.lines().collect();
    let first = lines[3];
    assert!(
        first.contains("main.main.func1") && first.contains("13.83s"),
        "{screen}"
    );
    let status = lines[lines.len() - 2];
    let selected = status.split(" │").next().unwrap().trim();
    assert!(
        lines[3..lines.len() - 2]
            .iter()
            .any(|l| l.ends_with(selected)),
        "{selected} not shown:\n{screen}"
    );
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn hash_highlights_a_functions_instances_in_a_real_terminal() {
    if !tmux_available() {
        return;
    }
    let t = Tmux::start("mark", &open_command("pprof/cpu_before.pb.gz"), 120, 40);
    t.wait_for("main.main.func1");
    t.keys(&["2", "/"]);
    t.text("parseValue");
    t.keys(&["Enter"]);
    t.wait_for("/parseValue/ 1 function");
    t.keys(&["Escape"]);
    t.wait_until("the search to clear", |s| !s.contains("/parseValue/"));
    t.keys(&["#"]);
    let screen = t.wait_for("instances, 83.04% of total");
    assert!(screen.contains("1 Flame graph"), "{screen}");
    assert!(screen.contains("#(*parser).parseValue"), "{screen}");
    t.keys(&["n"]);
    t.wait_for("instance 2 of");
    t.keys(&["N"]);
    t.wait_for("instance 1 of");
    t.keys(&["#"]);
    t.wait_until("the mark to clear", |s| !s.contains("instances, 83.04%"));
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn protobuf_goroutine_groups_in_a_real_terminal() {
    if !tmux_available() {
        return;
    }
    let t = Tmux::start("gpb", &open_command("pprof/goroutine.pb.gz"), 200, 50);
    t.wait_for("goroutine 161");
    t.keys(&["4"]);
    let screen = t.wait_for("main.recvWorker");
    let line = |needle: &str| {
        screen
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle}:\n{screen}"))
            .to_string()
    };
    assert!(
        line("main.recvWorker").contains("100  chan receive"),
        "{screen}"
    );
    assert!(
        line("main.mutexWaiter").contains("sync.Mutex.Lock"),
        "{screen}"
    );
    assert!(line("route=/healthz").contains("worker=pool-a"), "{screen}");
    assert!(!screen.contains("runtime.gopark"), "{screen}");
    // Enter opens a group's stack, the runtime's frames included.
    t.keys(&["Enter"]);
    let screen = t.wait_for("runtime.gopark");
    assert!(screen.contains("main.recvWorker  "), "{screen}");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn watching_resumes_when_the_directory_is_made_again() {
    if !tmux_available() {
        return;
    }
    let tmp = common::TempDir::new("e2e-rearm");
    let sub = tmp.0.join("profiles");
    std::fs::create_dir(&sub).unwrap();
    let f = sub.join("cpu.pb.gz");
    std::fs::copy(common::data_dir().join("pprof/cpu_before.pb.gz"), &f).unwrap();
    let cmd = format!(
        "{} open --watch {}",
        release_binary().display(),
        f.display()
    );
    let t = Tmux::start("rearm", &cmd, 160, 30);
    let screen = t.wait_for("cpu 15.33s");
    assert!(screen.contains("  watching"), "{screen}");
    // A clean build removes the directory: the view stays, the status
    // bar stops saying it is watching.
    std::fs::remove_dir_all(&sub).unwrap();
    let screen = t.wait_for("not watching: ");
    assert!(screen.contains("profiles is missing"), "{screen}");
    assert!(
        screen.contains("cpu 15.33s"),
        "the last good view stays: {screen}"
    );
    // The next run makes it again and writes a new profile.
    std::fs::create_dir(&sub).unwrap();
    let part = sub.join("cpu.pb.gz.part");
    std::fs::copy(common::data_dir().join("pprof/cpu_after.pb.gz"), &part).unwrap();
    std::fs::rename(&part, &f).unwrap();
    let screen = t.wait_for("cpu 15.16s");
    assert!(!screen.contains("not watching"), "{screen}");
    assert!(screen.contains("watching · reloaded"), "{screen}");
    // And it keeps following: another write.
    std::fs::copy(common::data_dir().join("pprof/cpu_before.pb.gz"), &part).unwrap();
    std::fs::rename(&part, &f).unwrap();
    t.wait_for("cpu 15.33s");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn no_color_in_a_real_terminal() {
    if !tmux_available() {
        return;
    }
    let dir = common::data_dir();
    let cmd = format!(
        "cd {} && NO_COLOR=1 {} diff pprof/cpu_before.pb.gz pprof/cpu_after.pb.gz",
        dir.display(),
        release_binary().display()
    );
    let t = Tmux::start("nocolor", &cmd, 160, 40);
    t.wait_for("cpu 15.33s → 15.16s");
    // The screen with its escape sequences: attributes, never a colour
    // (SGR 30–37, 38;…, 40–47, 48;…, 90–97, 100–107).
    let sgr_colours = |t: &Tmux| {
        let out = t.cmd(&["capture-pane", "-p", "-e"]).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut found = Vec::new();
        for seq in text.split("\u{1b}[").skip(1) {
            let Some(end) = seq.find('m') else { continue };
            for p in seq[..end].split(';') {
                if let Ok(n) = p.parse::<u32>() {
                    if matches!(n, 30..=38 | 40..=48 | 90..=97 | 100..=107) {
                        found.push(seq[..end].to_string());
                    }
                }
            }
        }
        (found, text)
    };
    for key in ["1", "2", "3"] {
        t.keys(&[key]);
        std::thread::sleep(Duration::from_millis(300));
        let (found, text) = sgr_colours(&t);
        assert!(found.is_empty(), "view {key}: colours {found:?}\n{text}");
        // Reverse video marks the selection.
        assert!(
            text.contains("\u{1b}[7m") || text.contains(";7m"),
            "view {key}: {text}"
        );
    }
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

impl Tmux {
    /// A tmux format of the pane (`#{alternate_on}`, …).
    fn flag(&self, format: &str) -> String {
        let out = self
            .cmd(&["display-message", "-p", format])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// perftui's pid: the pane's shell's child.
    fn program_pid(&self) -> u32 {
        let pane = self.flag("#{pane_pid}");
        let out = Command::new("pgrep").args(["-P", &pane]).output().unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or_else(|| panic!("no child of the pane's shell {pane}"))
    }

    /// The pane's terminal settings as `stty -a` prints them.
    fn stty(&self) -> String {
        let tty = self.flag("#{pane_tty}");
        let out = Command::new("stty")
            .args(["-a", "-F", &tty])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the terminal is given back: main screen, cursor shown,
    /// no mouse reporting, not raw.
    fn wait_restored(&self, what: &str) {
        let start = Instant::now();
        loop {
            let flags = self.flag(
                "#{alternate_on} #{cursor_flag} #{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}#{mouse_sgr_flag}",
            );
            let stty = self.stty();
            let cooked = stty.contains(" icanon") && stty.contains(" echo ");
            if flags == "0 1 0000" && cooked {
                return;
            }
            assert!(
                start.elapsed() < timeout(),
                "{what}: terminal not restored: flags {flags:?}\n{stty}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn kill(pid: u32, signal: &str) {
    let ok = Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -{signal} {pid}");
}

#[test]
fn every_terminating_signal_restores_the_terminal() {
    if !tmux_available() {
        return;
    }
    for (signal, number) in [("TERM", 15), ("HUP", 1), ("INT", 2), ("QUIT", 3)] {
        let t = Tmux::start(
            &format!("sig{signal}"),
            &open_command("pprof/cpu_before.pb.gz"),
            100,
            30,
        );
        t.wait_for("main.main.func1");
        assert_eq!(t.flag("#{alternate_on}"), "1");
        let pid = t.program_pid();
        kill(pid, signal);
        assert_eq!(t.exit_status(), 128 + number, "SIG{signal}");
        t.wait_restored(&format!("SIG{signal}"));
    }
}

#[test]
fn suspend_and_continue_give_the_terminal_back_and_take_it_again() {
    if !tmux_available() {
        return;
    }
    let t = Tmux::start("tstp", &open_command("pprof/cpu_before.pb.gz"), 100, 30);
    t.wait_for("main.main.func1");
    let pid = t.program_pid();
    let stopped = || {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .map(|s| {
                s.rsplit(')')
                    .next()
                    .unwrap_or("")
                    .trim_start()
                    .starts_with('T')
            })
            .unwrap_or(false)
    };
    // kill -TSTP, then Ctrl-Z (a key in raw mode): both suspend.
    for how in ["signal", "key"] {
        if how == "signal" {
            kill(pid, "TSTP");
        } else {
            t.keys(&["C-z"]);
        }
        t.wait_restored(&format!("suspended by {how}"));
        let start = Instant::now();
        while !stopped() {
            assert!(start.elapsed() < timeout(), "not stopped by {how}");
            std::thread::sleep(Duration::from_millis(50));
        }
        kill(pid, "CONT");
        // Back on the alternate screen, everything redrawn, keys working.
        t.wait_until("redrawn", |s| {
            s.contains("main.main.func1") && s.contains("cpu 15.33s")
        });
        assert_eq!(t.flag("#{alternate_on}"), "1", "after {how}");
        assert_eq!(t.flag("#{mouse_sgr_flag}"), "1", "after {how}");
    }
    t.keys(&["2"]);
    t.wait_for("flat%");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    t.wait_restored("q");
}

#[test]
fn the_source_pane_opens_the_editor_and_comes_back() {
    if !tmux_available() {
        return;
    }
    let dir = common::TempDir::new("e2e-editor");
    let args_file = dir.0.join("editor-args");
    let editor = dir.0.join("fake-editor");
    // A stand-in editor: records its arguments, one per line, and exits.
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n",
            args_file.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let command = format!(
        "cd {} && VISUAL= EDITOR='{}' {} open pprof/cpu_labels.pb.gz",
        common::data_dir().display(),
        editor.display(),
        release_binary().display()
    );
    let t = Tmux::start("editor", &command, 120, 40);
    t.wait_for("1 Flame graph");
    t.keys(&["/"]);
    t.text("main.handle$");
    t.keys(&["Enter"]);
    t.wait_for("/main.handle$/ 1 function");
    t.keys(&["Enter"]);
    t.wait_for("main.handle │");
    t.keys(&["v"]);
    let screen = t.wait_for("main.handle in ");
    assert!(screen.contains("hashWork(200)"), "{screen}");
    t.keys(&["e"]);
    // The editor ran with the hottest line and the file; perftui is back.
    let start = Instant::now();
    let recorded = loop {
        if let Ok(s) = std::fs::read_to_string(&args_file) {
            if !s.is_empty() {
                break s;
            }
        }
        assert!(start.elapsed() < timeout(), "the editor did not run");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(
        recorded,
        format!(
            "+61\n{}\n",
            common::data_dir().join("src/labels/main.go").display()
        )
    );
    let screen = t.wait_for("opened ");
    assert!(screen.contains("main.handle in "), "{screen}");
    assert!(t.alternate_screen_on());
    t.keys(&["q"]);
    t.wait_for("1 Flame graph");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn the_label_panel_filters_and_groups_in_a_real_terminal() {
    if !tmux_available() {
        return;
    }
    let t = Tmux::start("labels", &open_command("pprof/cpu_labels.pb.gz"), 120, 40);
    t.wait_for("1 Flame graph");
    t.keys(&["t"]);
    let screen = t.wait_for("labels (f focus, i ignore, g group by, Esc)");
    assert!(
        screen.contains("/api/orders") && screen.contains("45.05%"),
        "{screen}"
    );
    // The first value is route=/api/orders, the heaviest route.
    t.keys(&["f"]);
    let screen = t.wait_for("filters: tagfocus=route=");
    assert!(screen.contains("(u pops)"), "{screen}");
    t.keys(&["u"]);
    t.wait_for("no filters");
    t.keys(&["t"]);
    t.wait_for("labels (f focus");
    t.keys(&["g"]);
    t.wait_for("route:/api/orders");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

/// No benchmark binary of a `perftui run` of `-benchtime=BENCHTIME` is
/// left (each test has its own), nor the baseline's worktree in `repo`.
fn assert_nothing_of_the_run_is_left(repo: &std::path::Path, benchtime: &str) {
    let ps = Command::new("ps").args(["-eo", "args"]).output().unwrap();
    let ps = String::from_utf8_lossy(&ps.stdout);
    assert!(
        !ps.lines()
            .any(|l| l.contains(&format!("-test.benchtime={benchtime} "))
                || l.ends_with(&format!("-test.benchtime={benchtime}"))),
        "{ps}"
    );
    let worktrees = Command::new("git")
        .args(["worktree", "list"])
        .current_dir(repo)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&worktrees.stdout).lines().count(),
        1,
        "{}",
        String::from_utf8_lossy(&worktrees.stdout)
    );
}

/// `perftui run --baseline HEAD~1` of the test package, live, with these
/// options and `-benchtime`.
fn live_run(name: &str, options: &str, benchtime: &str) -> Option<(crate::common::TempDir, Tmux)> {
    if !tmux_available() {
        return None;
    }
    let go = common::go119()?;
    let repo = crate::run_command::repository(name);
    let cmd = format!(
        "cd {} && {} run --baseline HEAD~1 {options} -- {} test -run='^$' -bench=. -benchtime={benchtime} .",
        repo.0.display(),
        release_binary().display(),
        go.display()
    );
    let t = Tmux::start(name, &cmd, 120, 30);
    let screen = t.wait_for("(live)");
    assert!(screen.contains("HEAD~1 vs working tree"), "{screen}");
    Some((repo, t))
}

/// The run number in the progress bar (`run 7/400`).
fn run_number(screen: &str) -> Option<usize> {
    let first = screen.lines().next()?;
    let at = first.find("run ")? + 4;
    let digits: String = first[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[test]
fn perftui_run_fills_the_comparison_in_live_and_q_stops_everything() {
    let Some((repo, t)) = live_run("run-live", "--count 200 --profile cpu", "20000x") else {
        return;
    };
    // The progress bar: round, run, side, elapsed time and, once a run has
    // ended, the ETA.
    let screen = t.wait_until("the progress bar with an ETA", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.contains("round ") && l.contains("/400") && l.contains("ETA"))
    });
    assert!(screen.lines().next().unwrap().contains('▕'), "{screen}");
    // The rows fill in as the runs report; Slowed's change shows up.
    let screen = t.wait_until("Slowed-2 with a change", |s| {
        s.lines()
            .any(|l| l.contains("Slowed-2") && l.contains('+') && l.contains('%'))
    });
    assert!(screen.contains("Steady-2"), "{screen}");
    // p pauses between runs: no benchmark runs and the count stays.
    t.keys(&["p"]);
    let screen = t.wait_for("paused (p resumes)");
    let paused_at = run_number(&screen);
    std::thread::sleep(Duration::from_millis(1500));
    let ps = Command::new("ps").args(["-eo", "args"]).output().unwrap();
    assert!(
        !String::from_utf8_lossy(&ps.stdout)
            .lines()
            .any(|l| l.contains("-test.benchtime=20000x")),
        "a benchmark runs while paused"
    );
    let screen = t.capture();
    assert!(screen.contains("paused (p resumes)"), "{screen}");
    assert_eq!(run_number(&screen), paused_at, "{screen}");
    t.keys(&["p"]);
    t.wait_until("the runs going on after p", |s| {
        !s.contains("paused (p resumes)") && run_number(s) > paused_at
    });
    // C opens the CPU profile diff of the rounds so far, focused on the
    // selected benchmark; q comes back to the live comparison.
    t.keys(&["j", "C"]);
    let screen = t.wait_for("cpu.pb.gz");
    assert!(!screen.contains("(live)"), "{screen}");
    let screen = t.wait_for("BenchmarkSlowed");
    assert!(screen.contains("runbench.fnv"), "{screen}");
    assert!(!screen.contains("BenchmarkSteady"), "{screen}");
    t.keys(&["q"]);
    t.wait_for("(live)");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0, "{}", t.capture_all());
    assert!(!t.alternate_screen_on());
    assert_nothing_of_the_run_is_left(&repo.0, "20000x");
}

#[test]
fn sigterm_during_a_live_run_kills_it_and_restores_the_terminal() {
    let Some((repo, t)) = live_run("run-live-term", "--count 200", "20001x") else {
        return;
    };
    t.wait_until("a run going", |s| {
        s.lines().next().is_some_and(|l| l.contains("round 1/200"))
    });
    kill(t.program_pid(), "TERM");
    assert_eq!(t.exit_status(), 128 + 15);
    t.wait_restored("SIGTERM during perftui run");
    assert_nothing_of_the_run_is_left(&repo.0, "20001x");
}

#[test]
fn a_failing_command_shows_its_stderr_in_a_pane_of_the_live_view() {
    if !tmux_available() {
        return;
    }
    let dir = crate::run_command::repository("run-fails");
    let cmd = format!(
        "cd {} && {} run --baseline HEAD~1 --count 3 -- sh -c 'echo BenchmarkX 1 10 ns/op; echo first line >&2; echo the last words >&2; exit 3'",
        dir.0.display(),
        release_binary().display(),
    );
    let t = Tmux::start("run-fails", &cmd, 100, 30);
    let screen = t.wait_for("the benchmark command failed");
    assert!(screen.contains("exit status: 3"), "{screen}");
    assert!(screen.contains("the last words"), "{screen}");
    assert!(screen.contains("first line"), "{screen}");
    assert!(
        screen
            .lines()
            .next()
            .unwrap()
            .contains("failed in round 1/3"),
        "{screen}"
    );
    t.keys(&["q"]);
    // Leaving reports the failure as the command's error.
    assert_eq!(t.exit_status(), 1);
    assert!(t.capture_all().contains("exit status: 3"));
}

#[test]
fn perftui_run_watch_adds_a_column_per_edit_and_compares_it_with_the_one_before() {
    let Some((repo, t)) = live_run("run-live-watch", "--count 6 --watch", "20002x") else {
        return;
    };
    t.wait_for("watching for edits");
    let work = std::fs::read_to_string(repo.0.join("work.go")).unwrap();
    let edited = work.replace(
        "func Steady(b []byte) uint64 { return fnv(b) }",
        "func Steady(b []byte) uint64 { return fnv(b) ^ fnv(b) }",
    );
    std::fs::write(repo.0.join("work.go"), edited).unwrap();
    // The new set is a third column, selected, and the detail pane of the
    // selected Steady compares it with the set before as well.
    let screen = t.wait_until("the second set done", |s| {
        s.contains("#2 done") && s.contains("working tree #2 vs working tree:")
    });
    assert!(screen.contains("working tree #2 vs HEAD~1"), "{screen}");
    let line = screen
        .lines()
        .find(|l| l.contains("working tree #2 vs working tree:"))
        .unwrap();
    // Worse: significantly (p ≤ α) higher.
    assert!(line.contains("+") && line.contains("worse"), "{screen}");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0, "{}", t.capture_all());
    assert_nothing_of_the_run_is_left(&repo.0, "20002x");
}

#[test]
fn a_slow_load_shows_a_progress_bar_on_a_terminal_and_nothing_in_a_pipe() {
    if !tmux_available() {
        return;
    }
    let dir = common::TempDir::new("progress");
    let folded = dir.0.join("real.folded");
    let out = common::perftui(&["fold", "pprof/cpu_large_real.pb.gz"]);
    assert!(out.status.success());
    std::fs::write(&folded, &out.stdout).unwrap();
    let expected = common::perftui(&["top", "-n", "3", folded.to_str().unwrap()]);
    // A slow pipe: the first 5 MB, a pause, the rest.
    let slow = format!(
        "(head -c 5000000 {f}; sleep 2; tail -c +5000001 {f}) | {bin} top -n 3 -",
        f = folded.display(),
        bin = release_binary().display()
    );
    let report = dir.0.join("top.txt");
    let t = Tmux::start(
        "progress",
        &format!("{slow} > {}", report.display()),
        100,
        10,
    );
    let screen = t.wait_for("reading standard input");
    assert!(screen.contains("MiB"), "{screen}");
    assert_eq!(t.exit_status(), 0);
    // Cleared once done, and the report is whole.
    let screen = t.capture();
    assert!(!screen.contains("reading standard input"), "{screen}");
    assert_eq!(std::fs::read(&report).unwrap(), expected.stdout);
    // With stderr not a terminal, no bar at all.
    let piped = Command::new("sh").arg("-c").arg(&slow).output().unwrap();
    assert!(piped.status.success());
    assert_eq!(piped.stdout, expected.stdout);
    assert_eq!(String::from_utf8_lossy(&piped.stderr), "");
}

/// A profile of `copies` × the real 60k-sample profile's samples, copy
/// `k` with each stack turned by `k` places (its frames in the same order
/// from a different start), so that the copies' call paths differ and the
/// whole flame tree is many times the real one's: long work from real
/// frames, as the 1M-sample benchmark profile is.
fn large_profile(dir: &Path, copies: usize) -> PathBuf {
    let real = perftui::formats::load_file(&common::data_dir().join("pprof/cpu_large_real.pb.gz"))
        .unwrap();
    let mut big = real.clone();
    big.samples = perftui::profile::Samples::new(real.samples.num_values());
    for k in 0..copies {
        for i in 0..real.samples.len() {
            let mut stack = real.samples.stack(i).to_vec();
            let turn = k % stack.len().max(1);
            stack.rotate_left(turn);
            big.samples
                .push(&stack, real.samples.values(i), real.samples.labels(i));
        }
    }
    let path = dir.join("large.pb.gz");
    std::fs::write(
        &path,
        perftui::formats::export::to_gzipped_bytes(&big).unwrap(),
    )
    .unwrap();
    path
}

#[test]
fn long_background_work_shows_its_progress_on_the_bottom_row() {
    if !tmux_available() {
        return;
    }
    let dir = common::TempDir::new("progress-row");
    let file = large_profile(&dir.0, 16);
    let cmd = format!("{} open {}", release_binary().display(), file.display());
    let t = Tmux::start("progress", &cmd, 120, 30);
    // The first frame comes with the whole tree still being built, and
    // the bottom row says so with a bar, then gives the row back.
    let start = Instant::now();
    let mut seen = Vec::new();
    loop {
        let screen = t.capture();
        let last = screen.lines().last().unwrap_or("").to_string();
        if last.starts_with("building the whole flame graph [") {
            seen.push(last);
        } else if !seen.is_empty() && last.contains("? help") {
            break;
        }
        assert!(
            start.elapsed() < timeout(),
            "no progress row, or it never went; screen:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let pct = |l: &str| -> u32 {
        l.trim_end_matches('%')
            .rsplit(' ')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no percentage in {l:?}"))
    };
    let pcts: Vec<u32> = seen.iter().map(|l| pct(l)).collect();
    assert!(pcts.windows(2).all(|w| w[0] <= w[1]), "{pcts:?}");
    assert!(pcts.iter().all(|&p| p <= 100), "{pcts:?}");
    let screen = t.wait_for("? help");
    assert!(
        !screen.contains("building the whole flame graph"),
        "{screen}"
    );
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}
