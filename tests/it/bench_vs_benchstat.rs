//! `perftui bench` prints what benchstat prints: the references in
//! tests/data/reference (benchstat from x/perf 884df58 on the corpus bench
//! files; commands in tests/data/reference/COMMANDS.md) and benchstat's own
//! conformance files in tests/data/benchstat-testdata (x/perf 712aea8).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{data_dir, perftui, perftui_in, reference};

/// (perftui bench arguments, reference stdout, reference stderr if any)
const CASES: &[(&[&str], &str, Option<&str>)] = &[
    (
        &["bench/old.txt", "bench/new.txt"],
        "benchstat_old_new.txt",
        None,
    ),
    (
        &["before=bench/old.txt", "after=bench/new.txt"],
        "benchstat_named_inputs.txt",
        None,
    ),
    (&["bench/old.txt"], "benchstat_old.txt", None),
    // `Unit ns/GC assume=exact` applies to 0 ns/GC, which tidying leaves
    // in ns/GC: the metadata is found by the tidied unit.
    (&["bench/exact_zero.txt"], "benchstat_exact_zero.txt", None),
    // benchstat's negation as a separate argument after --filter.
    (
        &["--filter", "-.unit:B/op", "bench/old.txt", "bench/new.txt"],
        "benchstat_filter_negated.txt",
        None,
    ),
    (
        &[
            "--filter",
            ".name:(Concat OR ParseInts)",
            "bench/old.txt",
            "bench/new.txt",
        ],
        "benchstat_filter_concat_parse.txt",
        None,
    ),
    (
        &[
            "--filter",
            ".unit:allocs/op",
            "bench/old.txt",
            "bench/new.txt",
        ],
        "benchstat_filter_unit_allocs.txt",
        None,
    ),
    (
        &["--col", "/size", "--filter", ".name:Sum", "bench/new.txt"],
        "benchstat_col_size_sum_new.txt",
        None,
    ),
    (
        &[
            "--col",
            "/size",
            "--filter",
            ".name:(Sum OR Lookup)",
            "bench/new.txt",
        ],
        "benchstat_col_size_mixed_new.txt",
        None,
    ),
    (
        &[
            "--row",
            "/size",
            "--filter",
            ".name:Lookup",
            "bench/old.txt",
            "bench/new.txt",
        ],
        "benchstat_row_size_col_file.txt",
        None,
    ),
    (
        &[
            "--table",
            ".name",
            "--row",
            "/size",
            "--filter",
            ".name:(Sum OR Lookup)",
            "bench/old.txt",
            "bench/new.txt",
        ],
        "benchstat_table_name.txt",
        None,
    ),
    (
        &["bench/jsonish_before.txt", "bench/jsonish_after.txt"],
        "benchstat_jsonish.txt",
        None,
    ),
    (
        &["bench/count1_old.txt", "bench/count1_new.txt"],
        "benchstat_count1.txt",
        None,
    ),
    (
        &["bench/two_packages.txt"],
        "benchstat_two_packages.txt",
        None,
    ),
    (
        &["bench/logs.txt"],
        "benchstat_logs.txt",
        Some("benchstat_logs.txt.stderr"),
    ),
    (
        &["bench/logs_verbose.txt"],
        "benchstat_logs_verbose.txt",
        None,
    ),
    (
        &["bad/bench_garbage_nan_negative.txt"],
        "bad_bench_garbage_nan_negative.benchstat.txt",
        Some("bad_bench_garbage_nan_negative.benchstat.txt.stderr"),
    ),
    (
        &["bad/bench_garbage_nan_negative.txt", "bench/new.txt"],
        "bad_bench_garbage_vs_new.benchstat.txt",
        Some("bad_bench_garbage_vs_new.benchstat.txt.stderr"),
    ),
    (
        &["bad/bench_missing_unit.txt"],
        "bad_bench_missing_unit.benchstat.txt",
        Some("bad_bench_missing_unit.benchstat.txt.stderr"),
    ),
    (
        &["bad/bench_empty.txt"],
        "bad_bench_empty.benchstat.txt",
        None,
    ),
];

fn run(args: &[&str]) -> (String, String, i32) {
    let mut full = vec!["bench"];
    full.extend_from_slice(args);
    let out = perftui(&full);
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn text_equals_benchstat_on_every_corpus_reference() {
    for (args, want, want_err) in CASES {
        let (out, err, code) = run(args);
        assert_eq!(code, 0, "perftui bench {args:?}: {err}");
        assert_eq!(out, reference(want), "perftui bench {args:?} vs {want}");
        let want_err = want_err.map(reference).unwrap_or_default();
        assert_eq!(err, want_err, "stderr of perftui bench {args:?}");
    }
}

/// benchstat's own test cases, run in their folder as its README says.
#[test]
fn benchstat_conformance_cases() {
    let dir = data_dir().join("benchstat-testdata");
    let cases: &[(&[&str], &str, &str)] = &[
        (&["old.txt", "new.txt"], "oldNew.stdout", ""),
        (
            &["--format", "csv", "old.txt", "new.txt"],
            "csvOldNew.stdout",
            "",
        ),
        (
            &["--format", "csv", "--row", ".name", "new.txt"],
            "csvErrors.stdout",
            "csvErrors.stderr",
        ),
        (&["--col", "note", "units.txt"], "units.stdout", ""),
        (&["--col", "note", "zero.txt"], "zero.stdout", ""),
        (
            &["--col", "note", "smallSample.txt"],
            "smallSample.stdout",
            "",
        ),
    ];
    for (args, want, want_err) in cases {
        let mut full = vec!["bench"];
        full.extend_from_slice(args);
        let out = perftui_in(&dir, &full);
        assert!(out.status.success());
        let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            read(want),
            "perftui bench {args:?}"
        );
        let err = if want_err.is_empty() {
            String::new()
        } else {
            read(want_err)
        };
        assert_eq!(String::from_utf8(out.stderr).unwrap(), err);
    }
}

/// The corpus CSV reference was made by a benchstat that did not pad short
/// rows; apart from that padding (which we do, as current benchstat does)
/// every field and every warning is the same.
#[test]
fn csv_equals_benchstat_apart_from_row_padding() {
    let (out, err, code) = run(&["--format", "csv", "bench/old.txt", "bench/new.txt"]);
    assert_eq!(code, 0);
    let unpad = |s: &str| {
        s.lines()
            .map(|l| l.trim_end_matches(','))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(unpad(&out), unpad(&reference("benchstat_old_new.csv")));
    assert_eq!(err, reference("benchstat_old_new.csv.stderr"));
    // Padded: every row of a table has the table's width (7 fields for two
    // columns), like `,bench/old.txt,,bench/new.txt,,,`.
    assert!(
        out.contains("\n,bench/old.txt,,bench/new.txt,,,\n"),
        "{out}"
    );
}

/// benchstat gives up on a file with a line over 64 KiB (and prints
/// nothing); we skip that line with a warning and use the rest.
#[test]
fn a_line_too_long_is_skipped_not_fatal() {
    let (out, err, code) = run(&["bad/bench_long_line.txt"]);
    assert_eq!(code, 0);
    assert_eq!(
        err,
        "bad/bench_long_line.txt:6: line too long (70037 bytes), skipped\n"
    );
    assert!(
        out.contains("Sum/size=100-2              22.38n ± ∞ ¹"),
        "{out}"
    );
}

#[test]
fn the_gate_fails_only_on_significant_regressions_beyond_the_threshold() {
    // Lookup/size=1000 is 12688% slower: a regression beyond 20%.
    let (_, err, code) = run(&[
        "--fail-on-regression",
        "20",
        "bench/old.txt",
        "bench/new.txt",
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("Lookup/size=1000-2 sec/op"),
        "the regression is named: {err}"
    );
    assert!(
        !err.contains("Concat"),
        "improvements are not listed: {err}"
    );

    // Validate: +17.18% sec/op and -14.61% B/s (throughput down: worse).
    let validate = |pct: &str| {
        run(&[
            "--filter",
            ".name:Validate",
            "--fail-on-regression",
            pct,
            "bench/old.txt",
            "bench/new.txt",
        ])
    };
    assert_eq!(validate("20").2, 0, "within the threshold");
    let (_, err, code) = validate("15");
    assert_eq!(code, 3);
    assert!(err.contains("Validate-2 sec/op"), "{err}");
    assert!(!err.contains("B/s"), "-14.61% B/s is within 15%: {err}");
    let (_, err, code) = validate("10");
    assert_eq!(code, 3);
    assert!(err.contains("Validate-2 B/s"), "throughput drop: {err}");

    // Concat and ParseInts only got better: never a failure.
    let (_, err, code) = run(&[
        "--filter",
        ".name:(Concat OR ParseInts)",
        "--fail-on-regression",
        "0",
        "bench/old.txt",
        "bench/new.txt",
    ]);
    assert_eq!(code, 0, "{err}");
    // The same pair reversed is a regression.
    let (_, _, code) = run(&[
        "--filter",
        ".name:(Concat OR ParseInts)",
        "--fail-on-regression",
        "0",
        "bench/new.txt",
        "bench/old.txt",
    ]);
    assert_eq!(code, 3);
    // Not significant (Sum: p=0.165) is not a regression at any threshold.
    let (_, _, code) = run(&[
        "--filter",
        ".name:Sum",
        "--fail-on-regression",
        "0",
        "bench/old.txt",
        "bench/new.txt",
    ]);
    assert_eq!(code, 0);
}

#[test]
fn errors_exit_with_status_1() {
    let (_, err, code) = run(&["--filter", ".name:(", "bench/old.txt"]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("perftui: parsing -filter: syntax error"),
        "{err}"
    );
    let (_, err, code) = run(&["bench/does_not_exist.txt"]);
    assert_eq!(code, 1);
    assert!(err.contains("bench/does_not_exist.txt"), "{err}");
}

#[test]
fn json_has_the_same_numbers() {
    let (out, _, code) = run(&["--format", "json", "bench/old.txt", "bench/new.txt"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let t = &v[0];
    assert_eq!(t["unit"], "sec/op");
    assert_eq!(t["columns"][1], "bench/new.txt");
    let concat = t["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Concat/n=10-2")
        .unwrap();
    let new = &concat["cells"][1];
    assert_eq!(new["delta"], "-91.87%");
    assert_eq!(new["significant"], true);
    assert_eq!(new["samples"].as_array().unwrap().len(), 10);
    // The CSV's exact median.
    assert_eq!(new["center"].as_f64().unwrap(), 4.633e-08);
    let want = (4.633e-08 / 5.698e-07 - 1.0) * 100.0;
    assert!((new["delta_percent"].as_f64().unwrap() - want).abs() < 1e-9);
}

/// The projection examples of benchstat's package documentation, on its
/// own testdata: `-col /format`, a fixed order, `-row .name` with and
/// without `-ignore .fullname`.
#[test]
fn benchstat_documented_projection_examples() {
    let dir = data_dir().join("benchstat-testdata");
    let header = "goos: linux\ngoarch: amd64\npkg: golang.org/x/perf/cmd/benchstat/testdata\n";
    let cases: &[(&[&str], &str)] = &[
        (
            &["--col", "/format", "--row", ".name", "new.txt"],
            "       │    json     │                 gob                  │
       │   sec/op    │   sec/op     vs base                 │
Encode   1.423µ ± 1%   3.070µ ± 2%  +115.82% (p=0.000 n=10)
",
        ),
        (
            &[
                "--col",
                "/format@(gob json)",
                "--row",
                ".name",
                "--ignore",
                ".file",
                "new.txt",
            ],
            "       │     gob     │                json                 │
       │   sec/op    │   sec/op     vs base                │
Encode   3.070µ ± 2%   1.423µ ± 1%  -53.66% (p=0.000 n=10)
",
        ),
        (
            &["--row", ".name", "new.txt"],
            "       │    new.txt     │
       │     sec/op     │
Encode   2.253µ ± 37% ¹
¹ benchmarks vary in .fullname
",
        ),
        (
            &["--row", ".name", "--ignore", ".fullname", "new.txt"],
            "       │   new.txt    │
       │    sec/op    │
Encode   2.253µ ± 37%
",
        ),
        (
            &["O=old.txt", "N=new.txt"],
            "                      │      O      │                  N                  │
                      │   sec/op    │   sec/op     vs base                │
Encode/format=json-48   1.718µ ± 1%   1.423µ ± 1%  -17.20% (p=0.000 n=10)
Encode/format=gob-48    3.066µ ± 0%   3.070µ ± 2%        ~ (p=0.446 n=10)
geomean                 2.295µ        2.090µ        -8.94%
",
        ),
    ];
    for (args, want) in cases {
        let mut full = vec!["bench"];
        full.extend_from_slice(args);
        let out = perftui_in(&dir, &full);
        assert!(out.status.success());
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            format!("{header}{want}"),
            "perftui bench {args:?}"
        );
    }
}

#[test]
fn syntax_error_carets_are_where_benchstat_puts_them() {
    // Tabs in the query are echoed as typed and add nothing to the caret's
    // padding, as benchstat's diagram does.
    for (query, reference) in [
        (".name:a\t(b", "bad_filter_tab.benchstat.stderr"),
        ("\t\t.name:(a", "bad_filter_leading_tabs.benchstat.stderr"),
        // Regexps Go refuses, in Go's words.
        (".name:/a**/", "bad_filter_nested_repeat.benchstat.stderr"),
        (
            ".name:/\\p{Foo}/",
            "bad_filter_unicode_class.benchstat.stderr",
        ),
        (
            ".name:/a{1001}/ OR .name:/a{2}*/",
            "bad_filter_repeat_count.benchstat.stderr",
        ),
    ] {
        let (_, err, code) = run(&["--filter", query, "bench/old.txt"]);
        assert_eq!(code, 1, "{err}");
        let want = common::reference(reference).replacen("benchstat:", "perftui:", 1);
        assert_eq!(err, want, "{query:?}");
    }
    // Any other control character is escaped, and the caret stays under
    // the character it points at.
    let (_, err, _) = run(&["--filter", ".name:a\u{1b} (b", "bench/old.txt"]);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[1], "\t.name:a\\u{1b} (b");
    assert_eq!(
        lines[2],
        format!("\t{}^", " ".repeat(".name:a\\u{1b} (".len()))
    );
}

#[test]
fn hundreds_of_configuration_keys_read_as_benchstat_reads_them() {
    // Each key starts a new configuration; some are deleted again (an
    // empty value) or changed, which reorders the configuration as
    // benchfmt does. Configurations are stored as changes with occasional
    // copies (bench::config), so this crosses many copies.
    let mut text = String::new();
    for i in 0..300 {
        text.push_str(&format!("key{i:03}: v{i}\n"));
        if i % 7 == 0 && i >= 3 {
            text.push_str(&format!("key{:03}: \n", i - 3));
        }
        if i % 11 == 0 {
            text.push_str(&format!("key000: w{i}\n"));
        }
        text.push_str(&format!(
            "BenchmarkParse-2 \t 1000 \t {} ns/op\n",
            1000 + i % 7
        ));
    }
    let dir = common::TempDir::new("many-keys");
    std::fs::write(dir.0.join("many_keys.txt"), text).unwrap();
    let out = common::perftui_in(&dir.0, &["bench", "many_keys.txt"]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        common::reference("benchstat_many_keys.txt")
    );
}
