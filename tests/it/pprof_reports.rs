//! pprof's other text reports — `perftui peek` (`-peek`), `perftui list`
//! (`-list`) and the `top` options scripts use — print exactly what Go
//! 1.19.8's `go tool pprof` printed for the same file and options. The
//! references are made by tests/data/reference/pprof-reports.sh, which
//! holds the pprof command of each.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{perftui, reference};

/// (perftui arguments, reference file)
const CASES: &[(&[&str], &str)] = &[
    (
        &["peek", r"main\.", "pprof/cpu_labels.pb.gz"],
        "peek.cpu_labels.main.txt",
    ),
    (
        &["peek", "--cum", "jsonish", "pprof/cpu_before.pb.gz"],
        "peek.cpu_before.cum.txt",
    ),
    (
        &[
            "peek",
            "--granularity",
            "lines",
            "main",
            "pprof/cpu_labels.pb.gz",
        ],
        "peek.cpu_labels.lines.txt",
    ),
    (
        &[
            "peek",
            "--focus",
            "sha256",
            "runtime",
            "pprof/cpu_labels.pb.gz",
        ],
        "peek.cpu_labels.focus=sha256.txt",
    ),
    (
        &[
            "peek",
            "--diff-base",
            "pprof/cpu_before.pb.gz",
            "main",
            "pprof/cpu_after.pb.gz",
        ],
        "peek.cpu_after.diff_base.txt",
    ),
    (
        &[
            "peek",
            "--sample-index",
            "alloc_space",
            ".",
            "pprof/heap_labels.pb.gz",
        ],
        "peek.heap_labels.alloc_space.txt",
    ),
    (
        &["peek", ".", "pprof/goroutine_labels.pb.gz"],
        "peek.goroutine_labels.txt",
    ),
    (
        &["peek", "recursive", "pprof/cpu_recursive.pb.gz"],
        "peek.cpu_recursive.txt",
    ),
    (
        &["peek", "rustcpu", "pprof/cpu_rust.pb.gz"],
        "peek.cpu_rust.txt",
    ),
    (
        &["peek", r"\Qmain.p\E[0-3]$", "pprof/cpu_large_real.pb.gz"],
        "peek.cpu_large_real.txt",
    ),
    (
        &["top", "--unit", "ms", "pprof/cpu_before.pb.gz"],
        "top.cpu_before.unit=ms.txt",
    ),
    (
        &["top", "--unit", "MB", "pprof/heap.pb.gz"],
        "top.heap.unit=MB.txt",
    ),
    (
        &["top", "--unit", "kb", "pprof/heap_labels.pb.gz"],
        "top.heap_labels.unit=kb.txt",
    ),
    (
        &["top", "--nodefraction", "0.05", "pprof/cpu_before.pb.gz"],
        "top.cpu_before.nodefraction=0.05.txt",
    ),
    (
        &["top", "--nodefraction", "0", "pprof/cpu_before.pb.gz"],
        "top.cpu_before.nodefraction=0.txt",
    ),
    (
        &["top", "--edgefraction", "0.2", "pprof/cpu_labels.pb.gz"],
        "top.cpu_labels.edgefraction=0.2.txt",
    ),
    (
        &["top", "--show-from", "jsonish", "pprof/cpu_before.pb.gz"],
        "top.cpu_before.show_from=jsonish.txt",
    ),
    (
        &[
            "top",
            "--show-from",
            "main.handle",
            "--tagfocus",
            "route=/api/orders",
            "pprof/cpu_labels.pb.gz",
        ],
        "top.cpu_labels.show_from=handle,tagfocus.txt",
    ),
    (
        &["top", "--noinlines", "pprof/cpu_before.pb.gz"],
        "top.cpu_before.noinlines.txt",
    ),
    (
        &[
            "top",
            "--noinlines",
            "--granularity",
            "lines",
            "pprof/cpu_before.pb.gz",
        ],
        "top.cpu_before.noinlines.lines.txt",
    ),
    (
        &["top", "--addresses", "-n", "20", "pprof/cpu_before.pb.gz"],
        "top.cpu_before.addresses.txt",
    ),
    (
        &[
            "top",
            "--addresses",
            "--noinlines",
            "-n",
            "20",
            "pprof/cpu_labels.pb.gz",
        ],
        "top.cpu_labels.addresses.noinlines.txt",
    ),
    (
        &["top", "--addresses", "pprof/heap.pb.gz"],
        "top.heap.addresses.txt",
    ),
    (
        &[
            "top",
            "--granularity",
            "addresses",
            "--cum",
            "-n",
            "10",
            "pprof/goroutine.pb.gz",
        ],
        "top.goroutine.addresses.cum.txt",
    ),
    (&["top", "pprof/mutex.pb.gz"], "top.mutex.txt"),
    (
        &["top", "--mean", "pprof/mutex.pb.gz"],
        "top.mutex.mean.txt",
    ),
    (&["top", "pprof/block.pb.gz"], "top.block.txt"),
    (
        &["top", "--mean", "pprof/block.pb.gz"],
        "top.block.mean.txt",
    ),
    (
        &[
            "top",
            "--relative-percentages",
            "--focus",
            "sha256",
            "pprof/cpu_labels.pb.gz",
        ],
        "top.cpu_labels.relative_percentages.txt",
    ),
    (
        &[
            "top",
            "--drop-negative",
            "--diff-base",
            "pprof/cpu_before.pb.gz",
            "pprof/cpu_after.pb.gz",
        ],
        "top.cpu_after.drop_negative.txt",
    ),
    (
        &["peek", "--mean", "Lock", "pprof/block.pb.gz"],
        "peek.block.mean.txt",
    ),
    (&["peek", ".", "pprof/mutex.pb.gz"], "peek.mutex.txt"),
    (
        &["top", "--tagroot", "route,tenant", "pprof/cpu_labels.pb.gz"],
        "top.cpu_labels.tagroot=route,tenant.txt",
    ),
    (
        &["top", "--tagleaf", "bytes", "pprof/heap_labels.pb.gz"],
        "top.heap_labels.tagleaf=bytes.txt",
    ),
    (
        &[
            "top",
            "--tagleaf",
            "bytes",
            "--unit",
            "kb",
            "pprof/heap_labels.pb.gz",
        ],
        "top.heap_labels.tagleaf=bytes.unit=kb.txt",
    ),
    (
        &[
            "top",
            "--cum",
            "--tagroot",
            "worker",
            "--tagleaf",
            "route",
            "pprof/cpu_labels.pb.gz",
        ],
        "top.cpu_labels.tagroot,tagleaf.cum.txt",
    ),
    (
        &[
            "peek",
            "pool",
            "--tagroot",
            "worker",
            "pprof/cpu_labels.pb.gz",
        ],
        "peek.cpu_labels.tagroot=worker.txt",
    ),
    (
        &[
            "top",
            "--tagroot",
            "route",
            "--focus",
            "/api/orders",
            "pprof/cpu_labels.pb.gz",
        ],
        "top.cpu_labels.tagroot,focus.txt",
    ),
    (
        &[
            "traces",
            "--tagroot",
            "route",
            "pprof/goroutine_labels.pb.gz",
        ],
        "traces.goroutine_labels.tagroot.txt",
    ),
    (
        &["peek", "--unit", "s", ".", "pprof/cpu_labels.pb.gz"],
        "peek.cpu_labels.unit=s.txt",
    ),
];

#[test]
fn reports_equal_pprof() {
    let mut failures = Vec::new();
    for (args, want) in CASES {
        let out = perftui(args);
        let got = String::from_utf8(out.stdout).unwrap();
        let want_text = reference(want);
        if !out.status.success() || got != want_text {
            failures.push(format!(
                "perftui {} ({})\n--- want ({want})\n{want_text}--- got\n{got}--- stderr\n{}",
                args.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn options_change_what_they_should() {
    // Guards against a reference that would equal the plain report.
    let plain = crate::common::stdout_ok(&["top", "pprof/cpu_before.pb.gz"]);
    for opt in [
        &["--noinlines"][..],
        &["--show-from", "jsonish"],
        &["--nodefraction", "0"],
        &["--unit", "ms"],
    ] {
        let mut args = vec!["top"];
        args.extend_from_slice(opt);
        args.push("pprof/cpu_before.pb.gz");
        assert_ne!(crate::common::stdout_ok(&args), plain, "{opt:?}");
    }
    let out = perftui(&["top", "--show-from", "zzz", "pprof/cpu_before.pb.gz"]);
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "perftui: show_from expression matched no samples\n"
    );
}

#[test]
fn peek_without_a_match_fails_as_pprof_does() {
    let out = perftui(&["peek", "zzz", "pprof/cpu_labels.pb.gz"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "perftui: no matches found for regexp: zzz\n"
    );
    let out = perftui(&["peek", "(", "pprof/cpu_labels.pb.gz"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "perftui: invalid peek regex \"(\": unclosed group\n"
    );
}

/// (perftui export arguments, reference: pprof's -top of its own -proto of
/// the same inputs and options)
const EXPORTS: &[(&[&str], &str)] = &[
    (
        &["pprof/cpu_before.pb.gz", "pprof/cpu_after.pb.gz"],
        "export.cpu_before+cpu_after.top.txt",
    ),
    (
        &[
            "--focus",
            "jsonish",
            "--hide",
            "runtime",
            "pprof/cpu_before.pb.gz",
        ],
        "export.cpu_before.focus,hide.top.txt",
    ),
    (
        &["--tagfocus", "route=/api/orders", "pprof/cpu_labels.pb.gz"],
        "export.cpu_labels.tagfocus.top.txt",
    ),
    (
        &[
            "--show-from",
            "handle",
            "--taghide",
            "tenant",
            "pprof/cpu_labels.pb.gz",
        ],
        "export.cpu_labels.show_from,taghide.top.txt",
    ),
    (
        &[
            "--diff-base",
            "pprof/cpu_before.pb.gz",
            "pprof/cpu_after.pb.gz",
        ],
        "export.cpu_after.diff_base.top.txt",
    ),
    (
        &[
            "--ignore",
            "Walk",
            "--base",
            "pprof/cpu_before.pb.gz",
            "pprof/cpu_after.pb.gz",
        ],
        "export.cpu_after.base,ignore.top.txt",
    ),
    (
        &[
            "--normalize",
            "--diff-base",
            "pprof/heap.pb.gz",
            "pprof/allocs.pb.gz",
        ],
        "export.allocs.normalize.top.txt",
    ),
    (&["pprof/heap_labels.pb.gz"], "export.heap_labels.top.txt"),
    (
        &["pprof/goroutine_labels.pb.gz"],
        "export.goroutine_labels.top.txt",
    ),
    (&["pprof/mutex.pb.gz"], "export.mutex.top.txt"),
    (
        &["pprof/cpu_rust_same_names.pb.gz"],
        "export.cpu_rust_same_names.top.txt",
    ),
    (
        &["--tagroot", "route", "pprof/cpu_labels.pb.gz"],
        "export.cpu_labels.tagroot.top.txt",
    ),
];

/// Runs `perftui export` of each case into `dir`; the written paths.
fn export_all(dir: &std::path::Path) -> Vec<(std::path::PathBuf, &'static str)> {
    EXPORTS
        .iter()
        .enumerate()
        .map(|(i, (args, want))| {
            let out_path = dir.join(format!("export{i}.pb.gz"));
            let out_arg = out_path.to_str().unwrap().to_string();
            let mut full = vec!["export", "-o", &out_arg];
            full.extend_from_slice(args);
            let out = perftui(&full);
            assert!(out.status.success(), "perftui {full:?}: {out:?}");
            assert!(out.stdout.is_empty());
            (out_path, *want)
        })
        .collect()
}

#[test]
fn exports_read_back_as_pprofs_own_proto_does() {
    let dir = crate::common::TempDir::new("export");
    let mut failures = Vec::new();
    for (path, want) in export_all(&dir.0) {
        let got = crate::common::stdout_ok(&["top", path.to_str().unwrap()]);
        let want_text = reference(want);
        if got != want_text {
            failures.push(format!("{want}\n--- want\n{want_text}--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn go_tool_pprof_reads_exports_back_with_the_same_top() {
    let Some(go) = crate::common::go119() else {
        return;
    };
    let dir = crate::common::TempDir::new("export-go");
    let mut failures = Vec::new();
    for (path, want) in export_all(&dir.0) {
        let out = std::process::Command::new(&go)
            .args(["tool", "pprof", "-top"])
            .arg(&path)
            .env("TZ", "UTC")
            .output()
            .unwrap();
        assert!(out.status.success(), "go tool pprof -top {path:?}: {out:?}");
        let got = String::from_utf8(out.stdout).unwrap();
        let want_text = reference(want);
        if got != want_text {
            failures.push(format!("{want}\n--- want\n{want_text}--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_failed_export_leaves_the_old_file_alone() {
    let dir = crate::common::TempDir::new("export-fail");
    let target = dir.0.join("keep.pb.gz");
    std::fs::write(&target, b"old").unwrap();
    let t = target.to_str().unwrap();
    let out = perftui(&["export", "-o", t, "pprof/missing.pb.gz"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&target).unwrap(), b"old");
    let out = perftui(&[
        "export",
        "-o",
        "/nonexistent/dir/x.pb.gz",
        "pprof/heap.pb.gz",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "perftui: /nonexistent/dir/x.pb.gz: No such file or directory (os error 2)\n"
    );
}

/// (perftui list arguments, reference). The sources are the programs under
/// tests/data/src, which made the profiles; pprof finds them from
/// tests/data by the search path's own name (`/data/` in the profile's
/// absolute paths), and so does perftui in any checkout.
const LISTS: &[(&[&str], &str)] = &[
    (
        &["list", r"^main\.", "pprof/cpu_labels.pb.gz"],
        "list.cpu_labels.main.txt",
    ),
    (
        &[
            "list",
            "main.hashWork|main.handle",
            "pprof/cpu_labels.pb.gz",
        ],
        "list.cpu_labels.hash,handle.txt",
    ),
    (
        &["list", "recursive", "pprof/cpu_recursive.pb.gz"],
        "list.cpu_recursive.txt",
    ),
    (
        &[
            "list",
            "--sample-index",
            "alloc_space",
            r"^main\.",
            "pprof/heap_labels.pb.gz",
        ],
        "list.heap_labels.main.txt",
    ),
    (
        &["list", r"^main\.", "pprof/mutex.pb.gz"],
        "list.mutex.main.txt",
    ),
    (
        &["list", "--mean", r"^main\.", "pprof/block.pb.gz"],
        "list.block.main.mean.txt",
    ),
    (
        &["list", r"^main\.", "pprof/goroutine_labels.pb.gz"],
        "list.goroutine_labels.main.txt",
    ),
    (
        &[
            "list",
            "--unit",
            "ms",
            "--focus",
            "sortWork",
            r"^main\.",
            "pprof/cpu_labels.pb.gz",
        ],
        "list.cpu_labels.unit=ms.focus.txt",
    ),
    (
        &["list", "--noinlines", r"^main\.", "pprof/cpu_labels.pb.gz"],
        "list.cpu_labels.noinlines.txt",
    ),
    (
        &[
            "list",
            "--source-path",
            "src/corpus",
            "--trim-path",
            "perftui.test/corpus",
            "jsonish.*parse",
            "pprof/cpu_before.pb.gz",
        ],
        "list.cpu_before.source_path.txt",
    ),
    (
        &["list", "jsonish.*Parse$", "pprof/cpu_before.pb.gz"],
        "list.cpu_before.not_found.txt",
    ),
];

#[test]
fn source_listings_equal_pprof() {
    // The references name the directory pprof searched; ours is wherever
    // this checkout is.
    let here = std::fs::canonicalize(crate::common::data_dir()).unwrap();
    let mut failures = Vec::new();
    for (args, want) in LISTS {
        let out = perftui(args);
        let got = String::from_utf8(out.stdout).unwrap();
        // Only the searched directory moves; the profile's own paths stay.
        let want_text = reference(want).replace(
            "on path /work/main/tests/data",
            &format!("on path {}", here.display()),
        );
        if !out.status.success() || got != want_text {
            failures.push(format!(
                "perftui {} ({})\n--- want ({want})\n{want_text}--- got\n{got}--- stderr\n{}",
                args.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_listing_says_where_it_looked_and_when_go_sources_may_not_match() {
    // runtime/malloc.go is a -trimpath path of the standard library: pprof
    // gives up; perftui also looks in GOROOT and says so.
    let dir = crate::common::TempDir::new("goroot");
    let src = dir.0.join("src/runtime");
    std::fs::create_dir_all(&src).unwrap();
    let missing = dir.0.join("nowhere");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_perftui"))
        .args(["list", r"runtime\.mallocgc$", "pprof/cpu_before.pb.gz"])
        .current_dir(crate::common::data_dir())
        .env("GOROOT", &missing)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let here = std::fs::canonicalize(crate::common::data_dir()).unwrap();
    assert!(
        text.contains(&format!(
            " Error: could not find file runtime/malloc.go on path {} (also looked for {}/src/runtime/malloc.go)\n",
            here.display(),
            missing.display()
        )),
        "{text}"
    );
    // With a GOROOT holding the file, it is listed, and the note warns that
    // it may be another Go version.
    let lines: String = (1..=2000).map(|i| format!("// line {i}\n")).collect();
    std::fs::write(src.join("malloc.go"), lines).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_perftui"))
        .args(["list", r"runtime\.mallocgc$", "pprof/cpu_before.pb.gz"])
        .current_dir(crate::common::data_dir())
        .env("GOROOT", &dir.0)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("Error"), "{text}");
    assert!(text.contains(":// line "), "{text}");
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "perftui: runtime/malloc.go: read from GOROOT as {}/src/runtime/malloc.go; it may be another version than the profiled program's\n",
            dir.0.display()
        )
    );
}
