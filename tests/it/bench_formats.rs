//! The other benchmark formats, on real files (sample-profiles/bench-formats,
//! see its README): our medians equal the tools' own medians, and a
//! `go test -json` stream reads exactly as the text inside it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use perftui::bench::{formats, report, table};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-profiles/bench-formats")
}

fn tables(paths: &[PathBuf]) -> (table::Tables, formats::Loaded) {
    let inputs: Vec<formats::Input> = paths
        .iter()
        .map(|p| formats::Input {
            path: p.clone(),
            label: "run".into(),
        })
        .collect();
    let loaded = formats::load(&inputs, u64::MAX).unwrap();
    let mut b = table::Builder::new(&table::Options::default()).unwrap();
    for r in &loaded.results {
        b.add(r);
    }
    (b.finish(&loaded.units), loaded)
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

#[test]
fn hyperfine_medians_are_hyperfines() {
    let path = dir().join("hyperfine_gzip.json");
    let (t, loaded) = tables(std::slice::from_ref(&path));
    assert_eq!(loaded.results.len(), 24);
    let doc = json(&path);
    let table = &t.tables[0];
    assert_eq!(table.unit, "sec/op");
    for (i, r) in doc["results"].as_array().unwrap().iter().enumerate() {
        let cell = table.cells[i][0].as_ref().unwrap();
        let want = r["median"].as_f64().unwrap();
        assert!(
            close(cell.summary.center, want),
            "{} vs {want}",
            cell.summary.center
        );
        assert_eq!(cell.sample.len(), 12);
    }
}

#[test]
fn hyperfine_parameters_are_name_keys() {
    // hyperfine -L threads 1,2 -L level 1,6 'xz -T{threads} -{level} ...'
    let path = dir().join("hyperfine_xz.json");
    let (t, _) = tables(std::slice::from_ref(&path));
    let table = &t.tables[0];
    let template = "xz_-T{threads}_-{level}_-c_perfwork-events.perf-script.txt";
    assert_eq!(
        table.rows,
        [
            "level=1/threads=1",
            "level=1/threads=2",
            "level=6/threads=1",
            "level=6/threads=2"
        ]
        .map(|k| format!("{template}/{k}"))
    );
    for (i, r) in json(&path)["results"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let cell = table.cells[i][0].as_ref().unwrap();
        assert!(close(cell.summary.center, r["median"].as_f64().unwrap()));
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_perftui"))
        .args(["bench", "--col", "/threads", "hyperfine_xz.json"])
        .current_dir(dir())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].contains("│      1      │                 2                  │"),
        "{text}"
    );
    assert!(
        lines[2].starts_with(&format!(
            "{template}/level=1   3.834m ± 4%   3.978m ± 3%  +3.76% (p=0.043 n=10)"
        )),
        "{text}"
    );
    // --parameter-scan: one key, and a sweep over it.
    let (t, _) = tables(&[dir().join("hyperfine_scan.json")]);
    assert_eq!(
        t.tables[0].rows,
        (1..=4)
            .map(|l| format!("gzip_-{{level}}_-c_perfwork-events.perf-script.txt/level={l}"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn google_benchmark_repetitions_are_samples() {
    let path = dir().join("gbench_sort.json");
    let (t, _) = tables(std::slice::from_ref(&path));
    let doc = json(&path);
    let time = t.tables.iter().find(|t| t.unit == "sec/op").unwrap();
    assert_eq!(
        time.rows,
        [
            "BM_Sort/100",
            "BM_Sort/10000",
            "BM_StableSort/100",
            "BM_StableSort/10000"
        ]
    );
    for b in doc["benchmarks"].as_array().unwrap() {
        if b["aggregate_name"] != "median" {
            continue;
        }
        let name = b["run_name"].as_str().unwrap();
        let r = time.rows.iter().position(|n| n == name).unwrap();
        let cell = time.cells[r][0].as_ref().unwrap();
        assert_eq!(cell.sample.len(), 10, "{name}: 10 repetitions");
        let want = b["real_time"].as_f64().unwrap() * 1e-9;
        assert!(
            close(cell.summary.center, want),
            "{name}: {} vs {want}",
            cell.summary.center
        );
    }
    assert!(t.tables.iter().any(|t| t.unit == "items/s"));
}

#[test]
fn google_benchmark_user_counters_are_units_and_failures_are_named() {
    let path = dir().join("gbench_counters.json");
    let (t, loaded) = tables(std::slice::from_ref(&path));
    assert_eq!(
        loaded.notes,
        ["warning: gbench_counters.json: BM_Hash/0: error_occurred in 6 run(s), left out: empty input: nothing to hash"
            .replace("gbench_counters.json", &path.display().to_string())]
    );
    let doc = json(&path);
    for counter in ["buffers", "hashes", "odd"] {
        let table = t.tables.iter().find(|t| t.unit == counter).unwrap();
        assert_eq!(table.rows, ["BM_Hash/64", "BM_Hash/4096"]);
        for b in doc["benchmarks"].as_array().unwrap() {
            if b["aggregate_name"] != "median" {
                continue;
            }
            let r = table.rows.iter().position(|n| *n == b["run_name"]).unwrap();
            let cell = table.cells[r][0].as_ref().unwrap();
            assert_eq!(cell.sample.len(), 6);
            let want = b[counter].as_f64().unwrap();
            assert!(
                close(cell.summary.center, want),
                "{counter}: {} vs {want}",
                cell.summary.center
            );
        }
    }
}

#[test]
fn google_benchmark_aggregates_only_compares_the_medians_and_says_so() {
    // The same program with --benchmark_report_aggregates_only=true, the
    // second run hashing every buffer twice.
    let before = dir().join("gbench_aggregates_before.json");
    let (t, loaded) = tables(std::slice::from_ref(&before));
    assert!(
        loaded.notes.iter().any(|n| n.ends_with(
            "gbench_aggregates_before.json: aggregates only (--benchmark_report_aggregates_only): each of its 2 benchmark(s) is its median, one value without a confidence interval"
        )),
        "{:?}",
        loaded.notes
    );
    let time = t.tables.iter().find(|t| t.unit == "sec/op").unwrap();
    assert_eq!(time.rows, ["BM_Hash/64", "BM_Hash/4096"]);
    for b in json(&before)["benchmarks"].as_array().unwrap() {
        if b["aggregate_name"] != "median" {
            continue;
        }
        let r = time.rows.iter().position(|n| *n == b["run_name"]).unwrap();
        let cell = time.cells[r][0].as_ref().unwrap();
        assert_eq!(cell.sample.len(), 1);
        let want = b["real_time"].as_f64().unwrap() * 1e-9;
        assert!(
            close(cell.summary.center, want),
            "{} vs {want}",
            cell.summary.center
        );
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_perftui"))
        .args([
            "bench",
            "--filter",
            ".unit:sec/op",
            "--fail-on-regression",
            "5",
            "gbench_aggregates_before.json",
            "gbench_aggregates_after.json",
        ])
        .current_dir(dir())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("BM_Hash/4096 sec/op [executable: /tmp/gbench_counters, host: vm, build: debug]: +100.14% (gbench_aggregates_after.json vs gbench_aggregates_before.json, too few samples to test, medians compared)"),
        "{err}"
    );
}

#[test]
fn libtest_runs_concatenated_are_samples_with_their_throughput() {
    // Six runs of `cargo +nightly bench` (tests/data/src/libtestbench) in
    // one file; the two hash benchmarks set b.bytes, so libtest adds MB/s.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bench/libtest_before.txt");
    let (t, loaded) = tables(std::slice::from_ref(&path));
    assert!(loaded.notes.is_empty(), "{:?}", loaded.notes);
    let text = std::fs::read_to_string(&path).unwrap();
    let median = |name: &str, field: usize| -> f64 {
        let mut v: Vec<f64> = text
            .lines()
            .filter(|l| l.starts_with(&format!("test {name} ")))
            .map(|l| {
                let words: Vec<&str> = l.split_whitespace().collect();
                let at = words.iter().position(|w| *w == "bench:").unwrap();
                words[at + field].replace(',', "").parse().unwrap()
            })
            .collect();
        assert_eq!(v.len(), 6, "{name}");
        v.sort_by(f64::total_cmp);
        (v[2] + v[3]) / 2.0
    };
    let time = t.tables.iter().find(|t| t.unit == "sec/iter").unwrap();
    let bytes = t.tables.iter().find(|t| t.unit == "B/s").unwrap();
    assert_eq!(
        time.rows,
        [
            "benches::hash_4096",
            "benches::hash_64",
            "benches::sum_1000"
        ]
    );
    assert_eq!(bytes.rows, ["benches::hash_4096", "benches::hash_64"]);
    for (r, name) in time.rows.iter().enumerate() {
        let cell = time.cells[r][0].as_ref().unwrap();
        assert_eq!(cell.sample.len(), 6);
        assert!(close(cell.summary.center, median(name, 1) * 1e-9), "{name}");
    }
    for (r, name) in bytes.rows.iter().enumerate() {
        let cell = bytes.cells[r][0].as_ref().unwrap();
        // `(+/- 181.28) = 909 MB/s`: the throughput is the 6th word on.
        assert!(close(cell.summary.center, median(name, 6) * 1e6), "{name}");
    }
    // Hashing twice per iteration halves the throughput: higher is better
    // for B/s, so the gate names it as a regression too.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_perftui"))
        .args([
            "bench",
            "--fail-on-regression",
            "5",
            "libtest_before.txt",
            "libtest_after.txt",
        ])
        .current_dir(path.parent().unwrap())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("gate failed: 4 benchmark(s) regressed by more than 5%"),
        "{err}"
    );
    assert!(
        err.contains("  benches::hash_4096 B/s: -49.89% (libtest_after.txt vs libtest_before.txt, p=0.002)\n"),
        "{err}"
    );
    assert!(!err.contains("one summary per benchmark"), "{err}");
}

#[test]
fn criterion_medians_are_criterions() {
    criterion_medians_equal_its_estimates(&dir().join("criterion"), 3);
}

#[test]
fn criterion_benchmarks_may_be_named_like_its_own_folders() {
    // A real run (tests/data/src/critnames) of a group `new` with functions
    // base, report, change and new, and parameters new and base, run twice
    // so every benchmark also has criterion's base/, change/ and report/.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/criterion_names");
    let time = criterion_medians_equal_its_estimates(&root, 6);
    assert_eq!(
        time.rows,
        [
            "new/base",
            "new/change",
            "new/new",
            "new/report",
            "sum/len/base",
            "sum/len/new"
        ]
    );
    // Each from its own run only: criterion's 20 samples, base/ not added.
    for r in 0..time.rows.len() {
        assert_eq!(time.cells[r][0].as_ref().unwrap().sample.len(), 20);
    }
}

/// Reads the criterion tree at `root` and checks that each of its `rows`
/// benchmarks has criterion's own median (new/estimates.json).
fn criterion_medians_equal_its_estimates(root: &Path, rows: usize) -> table::Table {
    let (t, _) = tables(&[root.to_path_buf()]);
    let time = t.tables[0].clone();
    assert_eq!(time.unit, "sec/op");
    assert_eq!(time.rows.len(), rows, "{:?}", time.rows);
    for (r, name) in time.rows.iter().enumerate() {
        let est = json(&root.join(name).join("new/estimates.json"));
        let want = est["median"]["point_estimate"].as_f64().unwrap() * 1e-9;
        let cell = time.cells[r][0].as_ref().unwrap();
        assert!(
            (cell.summary.center - want).abs() <= 1e-9 * want,
            "{name}: {} vs {want}",
            cell.summary.center
        );
    }
    time
}

#[test]
fn go_test_json_reads_as_the_text_inside_it() {
    let (a, _) = tables(&[dir().join("go_test_json.txt")]);
    let (b, _) = tables(&[dir().join("go_test_json.output.txt")]);
    assert_eq!(report::to_text(&a), report::to_text(&b));
    assert!(report::to_text(&a).contains("Sum/size=100-2"));
}

#[test]
fn bench_subcommand_reads_every_format() {
    let exe = env!("CARGO_BIN_EXE_perftui");
    for f in [
        "hyperfine_gzip.json",
        "gbench_sort.json",
        "criterion",
        "go_test_json.txt",
    ] {
        let out = std::process::Command::new(exe)
            .args(["bench", f])
            .current_dir(dir())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{f}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("sec/op"), "{f}:\n{text}");
    }
}
