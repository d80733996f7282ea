//! `perftui run`: a real Go package (tests/data/src/runbench) in a git
//! repository of two commits, the second making one benchmark twice as
//! slow; the baseline runs from a worktree of the first, interleaved with
//! the working tree.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use crate::common;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=perftui",
            "-c",
            "user.email=perftui@example.com",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The package in a fresh repository: commit one as it is, commit two with
/// `slowedRounds = 2`.
pub(crate) fn repository(name: &str) -> common::TempDir {
    let dir = common::TempDir::new(name);
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/src/runbench");
    for f in ["go.mod", "work.go", "work_test.go"] {
        std::fs::copy(src.join(f), dir.0.join(f)).unwrap();
    }
    git(&dir.0, &["init", "-q"]);
    git(&dir.0, &["add", "."]);
    git(&dir.0, &["commit", "-qm", "one"]);
    let work = std::fs::read_to_string(dir.0.join("work.go")).unwrap();
    let slowed = work.replace("const slowedRounds = 1", "const slowedRounds = 2");
    assert_ne!(work, slowed);
    std::fs::write(dir.0.join("work.go"), slowed).unwrap();
    git(&dir.0, &["commit", "-qam", "two"]);
    dir
}

fn run(dir: &Path, go: &Path, extra: &[&str]) -> (String, String, i32) {
    let go = go.to_str().unwrap();
    let args = [
        &["run", "--baseline", "HEAD~1", "--count", "6", "--no-tui"][..],
        extra,
        // A fixed iteration count, so the slower side also spends more
        // time in its profile.
        &[
            "--",
            go,
            "test",
            "-run=^$",
            "-bench=.",
            "-benchtime=10000x",
            ".",
        ],
    ]
    .concat();
    let out = common::perftui_in(dir, &args);
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn the_slowed_benchmark_fails_the_gate_and_the_steady_one_does_not() {
    let Some(go) = common::go119() else {
        return;
    };
    let repo = repository("run-gate");
    let save = repo.0.join("results");
    let (out, err, code) = run(
        &repo.0,
        &go,
        &[
            "--verbose",
            "--fail-on-regression",
            "10",
            "--profile",
            "cpu",
            "--save",
            save.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 3, "{out}\n{err}");
    let slowed = out.lines().find(|l| l.starts_with("Slowed-2")).expect(&out);
    let p: f64 = slowed
        .split("p=")
        .nth(1)
        .and_then(|p| p.split(' ').next())
        .and_then(|p| p.parse().ok())
        .expect(slowed);
    assert!(p < 0.05, "{slowed}");
    assert!(slowed.contains("+"), "{slowed}");
    assert!(
        err.contains("gate failed: 1 benchmark(s) regressed by more than 10%"),
        "{err}"
    );
    assert!(err.contains("  Slowed-2 sec/op ["), "{err}");
    assert!(!err.contains("  Steady-2 sec/op"), "{err}");
    // Interleaved, the order alternating each round.
    let order: Vec<&str> = err
        .lines()
        .filter_map(|l| l.strip_prefix("perftui: round "))
        .map(|l| l.split(" (run").next().unwrap())
        .collect();
    assert_eq!(
        order[..4],
        [
            "1/6: HEAD~1",
            "1/6: working tree",
            "2/6: working tree",
            "2/6: HEAD~1"
        ],
        "{err}"
    );
    assert_eq!(order.len(), 12, "{err}");
    // The results were kept as they came, as two run directories with
    // each side's CPU profiles merged; their diff names the slowed code.
    for side in ["baseline", "working"] {
        let text = std::fs::read_to_string(save.join(side).join("bench.txt")).unwrap();
        assert_eq!(text.matches("BenchmarkSlowed-2").count(), 6, "{side}");
    }
    let before = save.join("baseline/cpu.pb.gz");
    let after = save.join("working/cpu.pb.gz");
    let top = common::perftui(&[
        "top",
        "--diff-base",
        before.to_str().unwrap(),
        after.to_str().unwrap(),
    ]);
    let top = String::from_utf8(top.stdout).unwrap();
    let first = top
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("flat"))
        .nth(1)
        .expect(&top);
    assert!(
        first.contains("runbench.fnv") || first.contains("runbench.Slowed"),
        "{top}"
    );
    assert!(!first.trim_start().starts_with('-'), "{top}");
    assert_eq!(git(&repo.0, &["worktree", "list"]).lines().count(), 1);

    // --against saved results: only the working tree runs. Against the
    // baseline's file, Slowed regressed; against the directory --save wrote
    // (its working side, the same code), nothing did.
    let against = |what: &str| {
        let out = common::perftui_in(
            &repo.0,
            &[
                "run",
                "--against",
                what,
                "--count",
                "3",
                "--no-tui",
                "--fail-on-regression",
                "10",
                "--",
                go.to_str().unwrap(),
                "test",
                "-run=^$",
                "-bench=.",
                "-benchtime=10000x",
                ".",
            ],
        );
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            out.status.code(),
        )
    };
    let (out, err, code) = against("results/baseline/bench.txt");
    assert_eq!(code, Some(3), "{out}\n{err}");
    assert!(out.contains("│ results/baseline/bench.txt │"), "{out}");
    assert!(err.contains("  Slowed-2 sec/op ["), "{err}");
    assert!(!err.contains("round 1/3: HEAD~1"), "{err}");
    let (out, err, code) = against("results");
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert!(err.contains("gate passed: 2 comparison(s)"), "{err}");

    // --until-significant stops once Slowed is decided at the split level
    // (at the earliest after 6 runs a side: 2/C(12,6) < 0.05/19).
    let out = common::perftui_in(
        &repo.0,
        &[
            "run",
            "--baseline",
            "HEAD~1",
            "--until-significant",
            "20",
            "--no-tui",
            "--",
            go.to_str().unwrap(),
            "test",
            "-run=^$",
            "-bench=Slowed",
            "-benchtime=10000x",
            ".",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    let round: usize = err
        .lines()
        .find_map(|l| l.strip_prefix("perftui: every benchmark decided after round "))
        .and_then(|r| r.trim().parse().ok())
        .expect(&err);
    assert!((6..20).contains(&round), "{err}");
    assert!(err.contains("each test at 0.0026 (Bonferroni)"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}

#[test]
fn a_side_that_does_not_build_stops_the_run_with_the_compilers_message() {
    let Some(go) = common::go119() else {
        return;
    };
    let repo = repository("run-broken");
    std::fs::write(
        repo.0.join("work.go"),
        "package runbench\n\nfunc Slowed( {\n",
    )
    .unwrap();
    let (_, err, code) = run(&repo.0, &go, &[]);
    assert_eq!(code, 1, "{err}");
    let line = err
        .lines()
        .find(|l| l.starts_with("perftui: working tree: "))
        .expect(&err);
    assert!(line.contains("go test -c failed"), "{line}");
    assert!(line.contains("work.go:3"), "{line}");
    assert_eq!(git(&repo.0, &["worktree", "list"]).lines().count(), 1);
}

#[test]
fn sigterm_kills_the_running_command_and_removes_the_worktree() {
    let repo = repository("run-sigterm");
    let pids = repo.0.join("pids");
    // The command writes its pid, then sleeps far longer than the test.
    let script = format!("echo $$ >> {}; exec sleep 60", pids.display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_perftui"))
        .args([
            "run",
            "--baseline",
            "HEAD~1",
            "--count",
            "3",
            "--no-tui",
            "--",
            "sh",
            "-c",
        ])
        .arg(&script)
        .current_dir(&repo.0)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while std::fs::read_to_string(&pids).map_or(true, |p| p.trim().is_empty()) {
        assert!(start.elapsed().as_secs() < 20, "the command never started");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert!(start.elapsed().as_secs() < 20);
    assert_eq!(status.code(), Some(1), "a stopped run does not pass");
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert!(err.contains("stopped after 0 run(s)"), "{err}");
    // The sleeping command is gone, and so is the baseline's worktree.
    let pid = std::fs::read_to_string(&pids).unwrap();
    let proc = Path::new("/proc").join(pid.trim());
    let start = std::time::Instant::now();
    while proc.exists()
        && std::fs::read_to_string(proc.join("stat")).is_ok_and(|s| !s.contains(") Z "))
    {
        assert!(start.elapsed().as_secs() < 5, "{} still runs", pid.trim());
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(git(&repo.0, &["worktree", "list"]).lines().count(), 1);
}

/// What a child wrote to a pipe so far, read on a thread.
fn collect(pipe: impl std::io::Read + Send + 'static) -> std::sync::Arc<std::sync::Mutex<String>> {
    let text = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let sink = std::sync::Arc::clone(&text);
    std::thread::spawn(move || {
        let mut reader = std::io::BufReader::new(pipe);
        let mut line = String::new();
        while std::io::BufRead::read_line(&mut reader, &mut line).is_ok_and(|n| n > 0) {
            sink.lock().unwrap().push_str(&line);
            line.clear();
        }
    });
    text
}

/// The lines of `report` from `heading` to the next blank line.
fn section<'a>(report: &'a str, heading: &str) -> Vec<&'a str> {
    report
        .lines()
        .skip_while(|l| *l != heading)
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect()
}

#[test]
fn watch_runs_the_working_tree_again_after_an_edit_against_the_baseline_and_the_set_before() {
    let Some(go) = common::go119() else {
        return;
    };
    let repo = repository("run-watch");
    let mut child = Command::new(env!("CARGO_BIN_EXE_perftui"))
        .args([
            "run",
            "--baseline",
            "HEAD~1",
            "--count",
            "6",
            "--no-tui",
            "--watch",
            "--save",
            "results",
            "--",
        ])
        .arg(&go)
        .args(["test", "-run=^$", "-bench=.", "-benchtime=10000x", "."])
        .current_dir(&repo.0)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let out = collect(child.stdout.take().unwrap());
    let err = collect(child.stderr.take().unwrap());
    let watching = || {
        err.lock()
            .unwrap()
            .matches("watching the working tree")
            .count()
    };
    let wait_for = |n: usize| {
        let start = std::time::Instant::now();
        while watching() < n {
            assert!(start.elapsed().as_secs() < 120, "{}", err.lock().unwrap());
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    };
    wait_for(1);
    // Not edits of the source: a build directory, git's own files, and the
    // run's results (written by every run).
    std::fs::create_dir_all(repo.0.join("target")).unwrap();
    std::fs::write(repo.0.join("target/out"), "x").unwrap();
    std::fs::write(repo.0.join(".git/scratch"), "x").unwrap();
    let reruns = || err.lock().unwrap().matches("changed: running").count();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(reruns(), 0, "{}", err.lock().unwrap());
    // Steady now hashes twice.
    let work = std::fs::read_to_string(repo.0.join("work.go")).unwrap();
    let edited = work.replace(
        "func Steady(b []byte) uint64 { return fnv(b) }",
        "func Steady(b []byte) uint64 { return fnv(b) ^ fnv(b) }",
    );
    assert_ne!(work, edited);
    std::fs::write(repo.0.join("work.go"), edited).unwrap();
    wait_for(2);
    // Its own results do not start another set.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(reruns(), 1, "{}", err.lock().unwrap());
    assert!(err.lock().unwrap().contains("work.go changed"));
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    // Stopped while waiting for an edit: nothing was cut short.
    assert_eq!(status.code(), Some(0), "{}", err.lock().unwrap());
    let out = out.lock().unwrap().clone();
    let row = |heading: &str, name: &str| -> String {
        section(&out, heading)
            .into_iter()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} under {heading:?}:\n{out}"))
            .to_string()
    };
    // A rise with p < 0.05 (benchstat's `+97.77% (p=0.002 n=6)`).
    let significant_rise = |l: &str| {
        let p = l
            .split("(p=")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .and_then(|p| p.parse::<f64>().ok());
        l.contains('+') && p.is_some_and(|p| p < 0.05)
    };
    let first = "working tree vs HEAD~1:";
    assert!(significant_rise(&row(first, "Slowed-2")), "{out}");
    assert!(row(first, "Steady-2").contains("~"), "{out}");
    // The second set against the baseline: both slower now.
    let second = "working tree #2 vs HEAD~1:";
    assert!(significant_rise(&row(second, "Slowed-2")), "{out}");
    assert!(significant_rise(&row(second, "Steady-2")), "{out}");
    // Against the set before: only the edited one changed.
    let against_previous = "working tree #2 vs working tree:";
    assert!(
        significant_rise(&row(against_previous, "Steady-2")),
        "{out}"
    );
    assert!(row(against_previous, "Slowed-2").contains("~"), "{out}");
    // Every set is kept as a run directory.
    let saved = std::fs::read_to_string(repo.0.join("results/working-2/bench.txt")).unwrap();
    assert_eq!(saved.matches("BenchmarkSteady").count(), 6, "{saved}");
    // The set before ran again, interleaved with the new one: the
    // comparison with it sees the same machine load.
    let rerun = std::fs::read_to_string(repo.0.join("results/working-2/previous.txt")).unwrap();
    assert_eq!(rerun.matches("BenchmarkSteady").count(), 6, "{rerun}");
    let log = err.lock().unwrap().clone();
    let order: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("round 1/6:") || l.contains("round 2/6:"))
        .filter_map(|l| l.split(": ").nth(2)?.split(" (").next())
        .collect();
    assert!(
        order.ends_with(&[
            "working tree",
            "working tree #2",
            "working tree #2",
            "working tree"
        ]),
        "{order:?}"
    );
    assert_eq!(git(&repo.0, &["worktree", "list"]).lines().count(), 1);
}
