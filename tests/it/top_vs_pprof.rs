//! `perftui top` prints exactly what `go tool pprof -top` printed for the
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! same file and options (the references in tests/data/reference, made by
//! Go 1.19.8's pprof; commands in tests/data/reference/COMMANDS.md).

use crate::common;

use common::{perftui, reference, stdout_ok};

/// (perftui arguments, reference file)
const CASES: &[(&[&str], &str)] = &[
    // Rust names (pprof-rs), and the same profile with only mangled system
    // names and with one name in both fields (pprof demangles both).
    (&["top", "pprof/cpu_rust.pb.gz"], "cpu_rust.top.txt"),
    (
        &["top", "pprof/cpu_rust_system_names.pb.gz"],
        "cpu_rust_system_names.top.txt",
    ),
    (
        &["top", "pprof/cpu_rust_same_names.pb.gz"],
        "cpu_rust_same_names.top.txt",
    ),
    (
        &["top", "-n", "30", "pprof/cpu_before.pb.gz"],
        "cpu_before.top.txt",
    ),
    (
        &["top", "-n", "30", "--cum", "pprof/cpu_before.pb.gz"],
        "cpu_before.top_cum.txt",
    ),
    (
        &["top", "-n", "30", "pprof/cpu_before.pb"],
        "cpu_before_uncompressed.top.txt",
    ),
    (
        &[
            "top",
            "-n",
            "30",
            "--granularity",
            "lines",
            "pprof/cpu_before.pb.gz",
        ],
        "cpu_before.top_lines.txt",
    ),
    (
        &["top", "-n", "30", "pprof/cpu_after.pb.gz"],
        "cpu_after.top.txt",
    ),
    (
        &["top", "-n", "30", "--cum", "pprof/cpu_after.pb.gz"],
        "cpu_after.top_cum.txt",
    ),
    (&["top", "-n", "30", "pprof/heap.pb.gz"], "heap.top.txt"),
    (
        &["top", "-n", "30", "--cum", "pprof/heap.pb.gz"],
        "heap.top_cum.txt",
    ),
    (&["top", "-n", "30", "pprof/allocs.pb.gz"], "allocs.top.txt"),
    (
        &["top", "-n", "30", "--cum", "pprof/allocs.pb.gz"],
        "allocs.top_cum.txt",
    ),
    (
        &["top", "-n", "30", "pprof/goroutine.pb.gz"],
        "goroutine.top.txt",
    ),
    (
        &["top", "-n", "30", "--cum", "pprof/goroutine.pb.gz"],
        "goroutine.top_cum.txt",
    ),
    (
        &["top", "-n", "30", "pprof/bench_cpu.pb.gz"],
        "bench_cpu.top.txt",
    ),
    (
        &["top", "-n", "30", "--cum", "pprof/bench_cpu.pb.gz"],
        "bench_cpu.top_cum.txt",
    ),
    (
        &["top", "-n", "30", "pprof/cpu_large_real.pb.gz"],
        "cpu_large_real.top.txt",
    ),
    (
        &["top", "-n", "30", "--cum", "pprof/cpu_large_real.pb.gz"],
        "cpu_large_real.top_cum.txt",
    ),
    // An ordinary service's work, 9,535 samples (the "typical" profile of
    // the first-frame budget).
    (
        &["top", "-n", "30", "pprof/cpu_typical.pb.gz"],
        "cpu_typical.top.txt",
    ),
    (
        &["top", "-n", "30", "--cum", "pprof/cpu_typical.pb.gz"],
        "cpu_typical.top_cum.txt",
    ),
    // A diff profile written by pprof itself: negative values, pprof::base labels.
    (
        &["top", "-n", "30", "pprof/cpu_diff.pb.gz"],
        "cpu_diff.top.txt",
    ),
    (
        &["top", "-n", "30", "--cum", "pprof/cpu_diff.pb.gz"],
        "cpu_diff.top_cum.txt",
    ),
    (
        &[
            "top",
            "-n",
            "30",
            "--diff-base",
            "pprof/cpu_before.pb.gz",
            "pprof/cpu_after.pb.gz",
        ],
        "cpu_after.diff_base=cpu_before.top.txt",
    ),
    (
        &[
            "top",
            "-n",
            "30",
            "--cum",
            "--diff-base",
            "pprof/cpu_before.pb.gz",
            "pprof/cpu_after.pb.gz",
        ],
        "cpu_after.diff_base=cpu_before.top_cum.txt",
    ),
    (
        &[
            "top",
            "-n",
            "30",
            "--normalize",
            "--diff-base",
            "pprof/cpu_before.pb.gz",
            "pprof/cpu_after.pb.gz",
        ],
        "cpu_after.diff_base=cpu_before.normalize.top.txt",
    ),
    (
        &[
            "top",
            "-n",
            "30",
            "--base",
            "pprof/cpu_before.pb.gz",
            "pprof/cpu_after.pb.gz",
        ],
        "cpu_after.base=cpu_before.top.txt",
    ),
    // Go's regex syntax: \Q…\E quotes, `[` in a class is a literal.
    (
        &[
            "top",
            "-n",
            "20",
            "--focus=\\Q(*parser).parse\\E",
            "pprof/cpu_before.pb.gz",
        ],
        "cpu_before.top.focus=Q(*parser)E.txt",
    ),
    (
        &[
            "top",
            "-n",
            "20",
            "--focus=^\\w+\\.\\w+$",
            "pprof/cpu_before.pb.gz",
        ],
        "cpu_before.top.focus=w_ascii.txt",
    ),
    (
        &["top", "-n", "20", "--show=[[(]", "pprof/cpu_before.pb.gz"],
        "cpu_before.top.show=class_bracket.txt",
    ),
    // pprof merges the files before scaling: each stack is rounded once.
    (
        &[
            "top",
            "-n",
            "30",
            "--sample-index",
            "alloc_objects",
            "--normalize",
            "--diff-base",
            "pprof/heap.pb.gz",
            "pprof/allocs.pb.gz",
            "pprof/heap.pb.gz",
        ],
        "allocs+heap.diff_base=heap.normalize.sample_index=alloc_objects.top.txt",
    ),
    (
        &[
            "top",
            "-n",
            "30",
            "--sample-index",
            "inuse_objects",
            "--normalize",
            "--diff-base",
            "pprof/heap.pb.gz",
            "pprof/allocs.pb.gz",
            "pprof/heap.pb.gz",
        ],
        "allocs+heap.diff_base=heap.normalize.sample_index=inuse_objects.top.txt",
    ),
    (
        &[
            "top",
            "-n",
            "30",
            "--sample-index",
            "alloc_space",
            "--normalize",
            "--diff-base",
            "pprof/heap.pb.gz",
            "pprof/allocs.pb.gz",
            "pprof/heap.pb.gz",
        ],
        "allocs+heap.diff_base=heap.normalize.sample_index=alloc_space.top.txt",
    ),
    (
        &[
            "top",
            "-n",
            "30",
            "--sample-index",
            "alloc_objects",
            "--normalize",
            "--base",
            "pprof/heap.pb.gz",
            "pprof/allocs.pb.gz",
            "pprof/heap.pb.gz",
        ],
        "allocs+heap.base=heap.normalize.sample_index=alloc_objects.top.txt",
    ),
    (
        &["top", "bad/control_minimal_valid.pb.gz"],
        "bad_control_minimal_valid.top.txt",
    ),
    // pprof accepts an unknown mapping id (the location is unmapped); so do we.
    (
        &["top", "bad/bad_mapping_id.pb.gz"],
        "bad_bad_mapping_id.top.txt",
    ),
];

#[test]
fn top_equals_pprof_top_on_every_reference() {
    let mut failures = Vec::new();
    for (args, want) in CASES {
        let got = stdout_ok(args);
        let want_text = reference(want);
        if got != want_text {
            failures.push(format!(
                "perftui {}\n--- want ({want})\n{want_text}--- got\n{got}",
                args.join(" ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_sample_index_of_heap_and_allocs() {
    for file in ["heap", "allocs"] {
        for (i, ty) in [
            "alloc_objects",
            "alloc_space",
            "inuse_objects",
            "inuse_space",
        ]
        .iter()
        .enumerate()
        {
            let want = reference(&format!("{file}.top.sample_index={ty}.txt"));
            let path = format!("pprof/{file}.pb.gz");
            assert_eq!(
                stdout_ok(&["top", "-n", "30", "--sample-index", ty, &path]),
                want
            );
            // By index too.
            let idx = i.to_string();
            assert_eq!(
                stdout_ok(&["top", "-n", "30", "--sample-index", &idx, &path]),
                want
            );
        }
    }
}

#[test]
fn labelled_synthetic_profile_when_the_shared_corpus_is_present() {
    let Some(corpus) = common::shared_corpus() else {
        eprintln!(
            "skipped: ../shared/corpus is absent (the 21 MB synthetic profile is not in the repo)"
        );
        return;
    };
    for (flag, want) in [
        (None, "cpu_large_synthetic.top.txt"),
        (Some("--cum"), "cpu_large_synthetic.top_cum.txt"),
    ] {
        let mut args = vec!["top", "-n", "30"];
        args.extend(flag);
        args.push("pprof/cpu_large_synthetic.pb.gz");
        let out = common::perftui_in(&corpus, &args);
        assert!(out.status.success());
        let want = std::fs::read_to_string(corpus.join("reference").join(want)).unwrap();
        assert_eq!(String::from_utf8(out.stdout).unwrap(), want);
    }
}

#[test]
fn focus_ignore_hide_show_match_pprof() {
    // Checked against `go tool pprof -top -nodecount=5 -focus=parseNumber
    // pprof/cpu_before.pb.gz` (Go 1.19.8): the total stays the unfiltered
    // one and the filter is listed under "Active filters".
    let got = stdout_ok(&[
        "top",
        "-n",
        "5",
        "--focus",
        "parseNumber",
        "pprof/cpu_before.pb.gz",
    ]);
    let want = "\
File: cpuparse-before
Type: cpu
Time: Nov 22, 2026 at 11:40pm (UTC)
Duration: 8.11s, Total samples = 15.33s (189.00%)
Active filters:
   focus=parseNumber
Showing nodes accounting for 0.55s, 3.59% of 15.33s total
Showing top 5 nodes out of 41
      flat  flat%   sum%        cum   cum%
     0.22s  1.44%  1.44%      0.22s  1.44%  strconv.readFloat
     0.14s  0.91%  2.35%      0.77s  5.02%  perftui.test/corpus/jsonish.(*parser).parseNumber
     0.11s  0.72%  3.07%      0.24s  1.57%  runtime.mallocgc
     0.04s  0.26%  3.33%      0.04s  0.26%  runtime.pageIndexOf (inline)
     0.04s  0.26%  3.59%      0.04s  0.26%  strconv.atof64exact
";
    assert_eq!(got, want);
    // `go tool pprof -top -nodecount=5 -hide=runtime -ignore=Walk pprof/cpu_before.pb.gz`
    let got = stdout_ok(&[
        "top",
        "-n",
        "5",
        "--hide",
        "runtime",
        "--ignore",
        "Walk",
        "pprof/cpu_before.pb.gz",
    ]);
    let want = "\
File: cpuparse-before
Type: cpu
Time: Nov 22, 2026 at 11:40pm (UTC)
Duration: 8.11s, Total samples = 15330ms (189.00%)
Active filters:
   ignore=Walk
   hide=runtime
Showing nodes accounting for 12130ms, 79.13% of 15330ms total
Dropped 4 nodes (cum <= 76.65ms)
Showing top 5 nodes out of 12
      flat  flat%   sum%        cum   cum%
    8890ms 57.99% 57.99%     8890ms 57.99%  perftui.test/corpus/jsonish.(*parser).parseString
    1950ms 12.72% 70.71%    12650ms 82.52%  perftui.test/corpus/jsonish.(*parser).parseObject
     450ms  2.94% 73.65%      770ms  5.02%  perftui.test/corpus/jsonish.(*parser).parseNumber
     450ms  2.94% 76.58%    12730ms 83.04%  perftui.test/corpus/jsonish.(*parser).parseValue
     390ms  2.54% 79.13%    12730ms 83.04%  perftui.test/corpus/jsonish.(*parser).parseArray
";
    assert_eq!(got, want);
}

#[test]
fn merging_two_files_matches_pprof() {
    // `go tool pprof -top pprof/cpu_before.pb.gz pprof/cpu_after.pb.gz`, first lines.
    let got = stdout_ok(&["top", "pprof/cpu_before.pb.gz", "pprof/cpu_after.pb.gz"]);
    let want_head = "\
File: cpuparse-before
Type: cpu
Time: Nov 22, 2026 at 11:40pm (UTC)
Duration: 16.26s, Total samples = 30.49s (187.47%)
Showing nodes accounting for 27.22s, 89.28% of 30.49s total
Dropped 159 nodes (cum <= 0.15s)
      flat  flat%   sum%        cum   cum%
     3.80s 12.46% 12.46%     12.88s 42.24%  runtime.mallocgc
";
    assert!(got.starts_with(want_head), "got:\n{got}");
}

#[test]
fn merging_profiles_of_different_types_is_a_clear_error() {
    let out = perftui(&["top", "pprof/cpu_before.pb.gz", "pprof/heap.pb.gz"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("perftui: pprof/cpu_before.pb.gz, pprof/heap.pb.gz: incompatible"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn unknown_sample_type_lists_the_types() {
    let out = perftui(&["top", "--sample-index", "nope", "pprof/heap.pb.gz"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("alloc_objects, alloc_space, inuse_objects, inuse_space"),
        "{err}"
    );
}

#[test]
fn normalize_without_a_base_is_an_error_as_in_pprof() {
    for cmd in ["top", "fold", "tags", "traces"] {
        let out = perftui(&[cmd, "--normalize", "pprof/heap.pb.gz"]);
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        assert_eq!(
            String::from_utf8(out.stderr).unwrap(),
            "perftui: --normalize: must have base profile to normalize by (--diff-base or --base)\n"
        );
    }
}

#[test]
fn times_print_in_the_local_zone_as_pprof_prints_them() {
    for (tz, want) in [
        ("America/New_York", "cpu_before.top.TZ=America_New_York.txt"),
        ("Asia/Kolkata", "cpu_before.top.TZ=Asia_Kolkata.txt"),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_perftui"))
            .args(["top", "-n", "30", "pprof/cpu_before.pb.gz"])
            .current_dir(common::data_dir())
            .env("TZ", tz)
            .output()
            .unwrap();
        assert!(out.status.success());
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            reference(want),
            "TZ={tz}"
        );
    }
}

#[test]
fn patterns_go_refuses_are_refused_in_one_line() {
    for (pattern, want) in [
        ("a{1001}", "invalid repeat count: `{1001}`"),
        (
            "[a&&b]",
            "&& in a character class: Go's syntax has no class set operations",
        ),
        ("(?x) a", "invalid or unsupported Perl syntax: `(?x`"),
        ("a**", "invalid nested repetition operator: `**`"),
    ] {
        let out = perftui(&[
            "top",
            &format!("--focus={pattern}"),
            "pprof/cpu_before.pb.gz",
        ]);
        assert_eq!(out.status.code(), Some(1), "{pattern}");
        assert_eq!(
            String::from_utf8(out.stderr).unwrap(),
            format!("perftui: invalid --focus regex {pattern:?}: {want}\n")
        );
    }
}

#[test]
fn an_empty_default_type_prints_what_pprof_prints_and_names_the_better_choice() {
    // A real heap profile whose in-use values are all zero
    // (tests/data/src/emptyheap); pprof shows the empty inuse_space.
    let out = perftui(&["top", "pprof/heap_empty_inuse.pb.gz"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        reference("heap_empty_inuse.top.txt")
    );
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "perftui: sample type inuse_space is empty in this profile; --sample-index=alloc_space shows what it holds\n"
    );
}
