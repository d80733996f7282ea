//! `perftui bench --fail-on-regression` through the real binary: every exit
//! status, and every way the gate used to pass without comparing anything.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{perftui, perftui_in, TempDir};

fn run(args: &[&str]) -> (String, String, i32) {
    let out = perftui(&[&["bench"], args].concat());
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// Writes `contents` as `name` in a fresh directory and gates it against
/// the committed `base` with `args` (before the two files); stderr and
/// the exit status.
fn gate_written(name: &str, contents: &str, base: &str, args: &[&str]) -> (String, i32) {
    let dir = TempDir::new(&format!("gate-{}", name.replace('.', "-")));
    std::fs::write(dir.0.join(name), contents).unwrap();
    let base = common::data_dir().join(base);
    let all = [&["bench"][..], args, &[base.to_str().unwrap(), name]].concat();
    let out = perftui_in(&dir.0, &all);
    (
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn exit_statuses_tell_pass_input_error_usage_error_and_regression_apart() {
    let gate = |pct: &str, files: &[&str]| run(&[&["--fail-on-regression", pct], files].concat());
    let pair = ["bench/old.txt", "bench/new.txt"];
    // Lookup/size=1000 is 12688% slower.
    let (_, err, code) = gate("20", &pair);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("gate failed: 1 benchmark(s) regressed by more than 20%"),
        "{err}"
    );
    let (_, err, code) = gate("20000%", &pair);
    assert_eq!(code, 2, "an absurd threshold is a usage error: {err}");
    assert!(err.contains("from 0 to 1000"), "{err}");
    let (_, err, code) = run(&[
        "--filter",
        ".name:Sum",
        "--fail-on-regression",
        "0",
        pair[0],
        pair[1],
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("gate passed: 6 comparison(s)"), "{err}");
    let (_, err, code) = gate("20", &["bench/old.txt", "bench/does_not_exist.txt"]);
    assert_eq!(code, 1, "{err}");
    let (_, err, code) = run(&["--no-such-flag", "bench/old.txt"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn thresholds_are_percentages_with_or_without_the_sign() {
    let validate = |pct: &str| {
        run(&[
            "--filter",
            ".name:Validate",
            "--fail-on-regression",
            pct,
            "bench/old.txt",
            "bench/new.txt",
        ])
        .2
    };
    // Validate: +17.18% sec/op.
    assert_eq!(validate("15"), 3);
    assert_eq!(validate("15%"), 3);
    assert_eq!(validate(" 20 % "), 0);
    for bad in ["NaN", "-5", "-5%", "inf", "5%%", "five", "1e9", ""] {
        let (_, err, code) = run(&[
            "--fail-on-regression",
            bad,
            "bench/old.txt",
            "bench/new.txt",
        ]);
        assert_eq!(code, 2, "{bad:?} is a usage error: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("--fail-on-regression"), "{err}");
    }
}

#[test]
fn a_run_without_results_fails_the_gate() {
    // `go test -bench NoSuchBenchmark`: PASS, and no benchmark ran.
    let (_, err, code) = run(&[
        "--fail-on-regression",
        "5",
        "bench/old.txt",
        "bench/no_benchmarks.txt",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("gate failed: bench/no_benchmarks.txt: no benchmark results in it"),
        "{err}"
    );
    let (err, code) = gate_written(
        "empty.txt",
        "",
        "bench/old.txt",
        &["--fail-on-regression", "5"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("empty.txt: no benchmark results"), "{err}");
    // One file alone compares nothing either.
    let (_, err, code) = run(&["--fail-on-regression", "5", "bench/old.txt"]);
    assert_eq!(code, 1);
    assert!(err.contains("gate failed: nothing compared"), "{err}");
}

#[test]
fn a_profile_is_not_a_passing_benchmark_run() {
    let (_, err, code) = run(&[
        "--fail-on-regression",
        "5",
        "bench/old.txt",
        "pprof/cpu_after.pb.gz",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("pprof/cpu_after.pb.gz: not benchmark results (a profile?"),
        "{err}"
    );
}

#[test]
fn all_nan_values_fail_the_gate() {
    // The real run with every time replaced by NaN (as a broken timer or a
    // division by zero in a custom metric reports).
    let real = std::fs::read_to_string(common::data_dir().join("bench/cache64.txt")).unwrap();
    let nan: String = real
        .lines()
        .map(|l| match l.split_once("ns/op") {
            Some((head, tail)) if l.starts_with("Benchmark") => {
                let (name_iters, _) = head.trim_end().rsplit_once(char::is_whitespace).unwrap();
                format!("{name_iters}\tNaN ns/op{tail}\n")
            }
            _ => format!("{l}\n"),
        })
        .collect();
    assert_eq!(nan.matches("NaN ns/op").count(), 8, "{nan}");
    let (err, code) = gate_written(
        "nan.txt",
        &nan,
        "bench/cache512.txt",
        &["--fail-on-regression", "5", "--filter", ".unit:sec/op"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("gate failed: Lookup-2 sec/op [goos: linux, goarch: amd64, pkg: perftui.test/gatebench, cpu: Intel(R) Xeon(R) Processor] in nan.txt: every value is NaN or infinite"),
        "{err}"
    );
}

#[test]
fn a_benchmark_missing_from_the_new_run_fails_unless_allowed() {
    let real = std::fs::read_to_string(common::data_dir().join("bench/new.txt")).unwrap();
    let without: String = real
        .lines()
        .filter(|l| !l.starts_with("BenchmarkHash"))
        .map(|l| format!("{l}\n"))
        .collect();
    // Below the threshold nothing regressed: only the missing Hash fails it.
    let gate = |extra: &[&str]| {
        let args = [
            &[
                "--fail-on-regression",
                "500",
                "--filter",
                ".name:(Hash OR Sum)",
            ][..],
            extra,
        ]
        .concat();
        gate_written("new.txt", &without, "bench/old.txt", &args)
    };
    let (err, code) = gate(&[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("Hash-2 sec/op"), "{err}");
    assert!(
        err.contains("in new.txt: missing (it is in the baseline); --allow-missing accepts that"),
        "{err}"
    );
    let (err, code) = gate(&["--allow-missing"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("note: Hash-2 sec/op"), "{err}");
    assert!(err.contains("gate passed: 6 comparison(s)"), "{err}");
}

#[test]
fn unit_metadata_decides_which_direction_is_worse() {
    // A real Go benchmark (tests/data/src/gatebench) whose hit% metric its
    // TestMain declares `Unit hit% better=higher`; the smaller cache of
    // cache64.txt hits 41.33% instead of 62.29%.
    let hit = |before: &str, after: &str| {
        run(&[
            "--filter",
            ".unit:hit%",
            "--fail-on-regression",
            "5",
            before,
            after,
        ])
    };
    let (_, err, code) = hit("bench/cache64.txt", "bench/cache512.txt");
    assert_eq!(code, 0, "a higher hit rate is better: {err}");
    let (_, err, code) = hit("bench/cache512.txt", "bench/cache64.txt");
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("Lookup-2 hit%"), "{err}");
    assert!(err.contains("-33.64%"), "{err}");
    // Time is still lower-is-better: the bigger cache is also faster.
    let (_, err, code) = run(&[
        "--filter",
        ".unit:sec/op",
        "--fail-on-regression",
        "5",
        "bench/cache512.txt",
        "bench/cache64.txt",
    ]);
    assert_eq!(code, 3, "{err}");
}

#[test]
fn markdown_is_a_table_with_the_verdict() {
    let (out, _, code) = run(&[
        "--format",
        "markdown",
        "--filter",
        ".name:(Validate OR Sum) .unit:sec/op",
        "--fail-on-regression",
        "5%",
        "bench/old.txt",
        "bench/new.txt",
    ]);
    assert_eq!(code, 3);
    let expected = "**❌ gate failed: 1 benchmark(s) regressed by more than 5%**

- Validate-2 sec/op \\[goos: linux, goarch: amd64, pkg: perftui.test/corpus/benchpkg, cpu: AMD EPYC\\]: +17.18% (bench/new.txt vs bench/old.txt, p=0.000)

**sec/op** (goos: `linux`, goarch: `amd64`, pkg: `perftui.test/corpus/benchpkg`, cpu: `AMD EPYC`)

|  | bench/old.txt | bench/new.txt | vs base |
| :--- | ---: | ---: | :--- |
| Sum/size=100-2 | 22.23n ± 3% | 22.37n ± 0% | \\~ (p=0.165 n=10) |
| Sum/size=10000-2 | 2.421µ ± 1% | 2.440µ ± 2% | \\~ (p=0.093 n=10) |
| Validate-2 | 349.6n ± 4% | 409.6n ± 8% | +17.18% (p=0.000 n=10) |
| **geomean** | 266.0n | 281.7n | +5.93% |

";
    assert_eq!(out, expected);
}
