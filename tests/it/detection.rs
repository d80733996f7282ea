//! Format detection on the files that defeated a first-line guess: real
//! crash output behind test logs (tests/data/src/crashlog), a crash whose
//! first line is longer than 64 KiB, test logs alone, a folded file that
//! starts with a comment; refusals and `--input-format`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

fn stderr(args: &[&str]) -> (Option<i32>, String) {
    let out = common::perftui(args);
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn a_crash_after_hundreds_of_log_lines_is_a_goroutine_dump() {
    for file in [
        "detect/crash-after-300-log-lines.txt",
        // 150 KiB of `t.Logf` lines before the panic.
        "detect/crash-after-100k-of-log.txt",
    ] {
        let top = common::stdout_ok(&["top", file]);
        assert!(top.starts_with("Type: goroutine\n"), "{file}: {top}");
        assert!(top.contains("testing.tRunner.func1.2"), "{file}: {top}");
        let traces = common::stdout_ok(&["traces", file]);
        assert!(
            traces.contains("perftui.test/crashlog.TestCrashAfterLog"),
            "{traces}"
        );
    }
}

#[test]
fn a_crash_whose_first_line_is_longer_than_64_kib_is_a_goroutine_dump() {
    let data = std::fs::read_to_string(common::data_dir().join("detect/crash-long-first-line.txt"))
        .unwrap();
    assert!(data.lines().next().unwrap().len() > 65_537);
    let top = common::stdout_ok(&["top", "detect/crash-long-first-line.txt"]);
    assert!(top.starts_with("Type: goroutine\n"), "{top}");
    assert!(top.contains("main.main"), "{top}");
}

#[test]
fn log_lines_ending_in_numbers_are_refused_saying_what_was_tried() {
    let (code, err) = stderr(&["top", "detect/test-log-only.txt"]);
    assert_eq!(code, Some(1));
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("perftui: detect/test-log-only.txt: unrecognized format: text in no format perftui reads (pprof: text, not a protobuf; "),
        "{err}"
    );
    for part in [
        "goroutine dump: no `goroutine N [state]:` line",
        "perf script: no `comm pid time: event:` sample header",
        "folded stacks: no `;` between frames",
        "macOS sample, VTune CSV, Visual Studio CSV, GHC .prof, xctrace XML, DTrace: inferno's collapser does not apply",
        "--input-format NAME forces a reader)",
    ] {
        assert!(err.contains(part), "{part:?} missing from {err}");
    }
}

#[test]
fn a_folded_file_may_start_with_a_comment() {
    assert_eq!(
        common::stdout_ok(&["fold", "detect/folded-with-comment.txt"]),
        common::stdout_ok(&["fold", "pprof/cpu_before.pb.gz"])
    );
}

#[test]
fn input_format_forces_a_reader_and_names_the_choices() {
    // Forced, the log is read as folded stacks: its lines parse, the
    // heading does not, and that is a counted warning, not an error.
    let out = common::perftui(&[
        "top",
        "--input-format",
        "folded",
        "detect/test-log-only.txt",
    ]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "perftui: warning: detect/test-log-only.txt: skipped 1 malformed line (the first, line 1: \"=== RUN   TestCrashAfterLog\")\n"
    );
    let (code, err) = stderr(&["top", "--input-format", "nope", "pprof/cpu_before.pb.gz"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        "perftui: unknown input format \"nope\" (one of: pprof, legacy-cpu, cpuprofile, chrome-trace, gecko, speedscope, stackprof, v8-log, dhat, callgrind, goroutine-profile, heap-text, contention-text, go-race, goroutine-dump, sample, vtune, vsprof, ghcprof, xctrace, dtrace, perf-script, folded)\n"
    );
    let (code, err) = stderr(&[
        "top",
        "--input-format",
        "goroutine-dump",
        "pprof/cpu_before.pb.gz",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        "perftui: pprof/cpu_before.pb.gz: unrecognized format: no `goroutine N [state]:` blocks\n"
    );
}

#[test]
fn malformed_folded_lines_are_skipped_and_counted() {
    let dir = common::TempDir::new("folded-skip");
    let f = dir.0.join("f.txt");
    // Two broken lines in twenty: a file mostly of stacks.
    let mut text = String::from("main;a 3\nthis line is broken\n");
    for i in 0..17 {
        text.push_str(&format!("main;b{i} 1\n"));
    }
    text.push_str("also\u{1b}[2J broken\n");
    std::fs::write(&f, text).unwrap();
    let out = common::perftui(&["top", f.to_str().unwrap()]);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        format!(
            "perftui: warning: {}: skipped 2 malformed lines (the first, line 2: \"this line is broken\")\n",
            f.display()
        )
    );
    let top = String::from_utf8(out.stdout).unwrap();
    assert!(top.contains("of 20 total"), "{top}");
}

#[test]
fn utf16_with_a_byte_order_mark_is_read_as_text() {
    let folded = common::stdout_ok(&["fold", "pprof/cpu_before.pb.gz"]);
    let dir = common::TempDir::new("utf16");
    let f = dir.0.join("f.txt");
    let bytes: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(folded.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(&f, bytes).unwrap();
    assert_eq!(common::stdout_ok(&["fold", f.to_str().unwrap()]), folded);
}

#[test]
fn a_dump_pasted_indented_or_quoted_reads_as_the_dump() {
    // pprof/goroutine.debug2.txt as a paste leaves it: indented by spaces or
    // a tab, quoted in Markdown (blank lines become a bare `>`), or with
    // the tabs before locations turned into spaces. Every goroutine, frame,
    // file, line and label must survive: the pprof exports are identical.
    let dir = common::TempDir::new("pasted-dump");
    let dump =
        std::fs::read_to_string(common::data_dir().join("pprof/goroutine.debug2.txt")).unwrap();
    let export = |name: &str| -> Vec<u8> {
        let out = dir.0.join(format!("{name}.pb.gz"));
        let input = dir.0.join(name);
        common::stdout_ok(&[
            "export",
            "--format",
            "pprof",
            "-o",
            out.to_str().unwrap(),
            input.to_str().unwrap(),
        ]);
        std::fs::read(out).unwrap()
    };
    std::fs::write(dir.0.join("dump.txt"), &dump).unwrap();
    let want = export("dump.txt");
    let quote = |prefix: &str| -> String {
        dump.lines()
            .map(|l| match l {
                "" => prefix.trim_end().to_string(),
                l => format!("{prefix}{l}"),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let untabbed: String = dump
        .lines()
        .map(|l| format!("    {}\n", l.replace('\t', "    ")))
        .collect();
    for (name, text) in [
        ("spaces.txt", quote("    ")),
        ("tab.txt", quote("\t")),
        ("markdown.txt", quote("> ")),
        ("untabbed.txt", untabbed),
    ] {
        std::fs::write(dir.0.join(name), text).unwrap();
        assert!(export(name) == want, "{name} does not read as the dump");
    }
}
