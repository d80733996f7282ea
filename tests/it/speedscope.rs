//! speedscope's format: real files of py-spy 0.4.3 (sampled) and
//! pyinstrument 5.1.3 (evented) profiling tests/data/src/speedscope/work.py,
//! checked against the producers' own numbers; `export --format
//! speedscope|folded` round-trips and validates against speedscope's
//! schema.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

/// perftui's (flat, cum, name) rows for one sample type.
fn top(file: &str, sample_index: &str) -> Vec<(i64, i64, String)> {
    common::top_rows(file, sample_index)
}

fn cum(rows: &[(i64, i64, String)], name: &str) -> i64 {
    rows.iter()
        .find(|r| r.2 == name)
        .map(|r| r.1)
        .unwrap_or_else(|| panic!("{name}"))
}

#[test]
fn py_spy_samples_and_weights_are_the_files_own() {
    let file = "speedscope/work.py-spy.speedscope.json";
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(common::data_dir().join(file)).unwrap())
            .unwrap();
    let p = &json["profiles"][0];
    let samples = p["samples"].as_array().unwrap();
    let weights = p["weights"].as_array().unwrap();
    // py-spy printed "Samples: 185" when it wrote the file.
    assert_eq!(samples.len(), 185);
    let frames = json["shared"]["frames"].as_array().unwrap();
    let leaf_is = |name: &str| {
        samples
            .iter()
            .filter(|s| {
                s.as_array()
                    .unwrap()
                    .last()
                    .is_some_and(|leaf| frames[leaf.as_u64().unwrap() as usize]["name"] == name)
            })
            .count() as i64
    };
    let counts = top(file, "samples");
    let total_ns: f64 = weights.iter().map(|w| w.as_f64().unwrap() * 1e9).sum();
    let times = top(file, "time");
    // Two samples have no frames: in the total, in no function.
    assert_eq!(
        samples
            .iter()
            .filter(|s| s.as_array().unwrap().is_empty())
            .count(),
        2
    );
    assert_eq!(
        times.iter().map(|r| r.0).sum::<i64>(),
        total_ns.round() as i64 - 8_000_000
    );
    let text = common::stdout_ok(&["top", "--sample-index", "time", file]);
    assert!(text.contains("of 740ms total"), "{text}");
    for name in ["mix", "build_strings", "build_strings.<locals>.<genexpr>"] {
        let flat = counts.iter().find(|r| r.2 == name).unwrap().0;
        assert_eq!(flat, leaf_is(name), "{name}");
    }
    let head = common::stdout_ok(&["top", file]);
    assert!(head.starts_with("Type: time\nDuration: 740ms,"), "{head}");
}

#[test]
fn pyinstrument_events_add_up_to_its_own_times() {
    // reference/work.pyinstrument.json: `pyinstrument --load SESSION -r json`
    // of the session the speedscope file was rendered from.
    let reference: serde_json::Value =
        serde_json::from_str(&common::reference("work.pyinstrument.json")).unwrap();
    let root = &reference["root_frame"];
    let main = &root["children"][0];
    let child = |name: &str| {
        main["children"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["function"] == name)
            .unwrap()["time"]
            .as_f64()
            .unwrap()
    };
    let us = |seconds: f64| (seconds * 1e6).round() as i64;
    let rows = top("speedscope/work.pyinstrument.speedscope.json", "time");
    // pyinstrument's JSON has microseconds.
    assert_eq!(
        (cum(&rows, "<module>") as f64 / 1e3).round() as i64,
        us(root["time"].as_f64().unwrap())
    );
    assert_eq!(
        (cum(&rows, "hash_items") as f64 / 1e3).round() as i64,
        us(child("hash_items"))
    );
    assert_eq!(
        (cum(&rows, "build_strings") as f64 / 1e3).round() as i64,
        us(child("build_strings"))
    );
}

const ROUND_TRIPS: [&str; 5] = [
    "pprof/cpu_before.pb.gz",
    "pprof/heap.pb.gz",
    "speedscope/work.pyinstrument.speedscope.json",
    "speedscope/work.py-spy.speedscope.json",
    "perf/perfwork-events.perf-script.txt",
];

fn sample_types(file: &str) -> usize {
    // "sample index 99 is outside the range [0..N]"
    let err =
        String::from_utf8(common::perftui(&["top", "--sample-index", "99", file]).stderr).unwrap();
    let last = err
        .split("[0..")
        .nth(1)
        .and_then(|r| r.split(']').next())
        .unwrap();
    last.parse::<usize>().unwrap() + 1
}

fn export_speedscope(file: &str, out: &std::path::Path) {
    common::stdout_ok(&[
        "export",
        "--format",
        "speedscope",
        "-o",
        out.to_str().unwrap(),
        file,
    ]);
}

#[test]
fn a_speedscope_export_reads_back_with_the_same_numbers_in_every_type() {
    let dir = common::TempDir::new("speedscope-export");
    for file in ROUND_TRIPS {
        let out = dir.0.join("out.speedscope.json");
        export_speedscope(file, &out);
        let types = sample_types(file);
        assert!(types >= 1);
        for i in 0..types {
            let i = i.to_string();
            assert_eq!(
                top(out.to_str().unwrap(), &i),
                top(file, &i),
                "{file}, type {i}"
            );
        }
    }
}

#[test]
fn a_folded_export_is_the_fold_report() {
    let dir = common::TempDir::new("folded-export");
    let out = dir.0.join("out.folded");
    for file in ROUND_TRIPS {
        common::stdout_ok(&[
            "export",
            "--format",
            "folded",
            "-o",
            out.to_str().unwrap(),
            file,
        ]);
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            common::stdout_ok(&["fold", file]),
            "{file}"
        );
    }
}

#[test]
fn speedscope_exports_validate_against_speedscope_s_schema() {
    let Ok(schema) = std::env::var("PERFTUI_SPEEDSCOPE_SCHEMA") else {
        assert!(
            std::env::var_os("PERFTUI_REQUIRE_SPEEDSCOPE").is_none(),
            "PERFTUI_REQUIRE_SPEEDSCOPE is set but PERFTUI_SPEEDSCOPE_SCHEMA is not"
        );
        eprintln!("SKIPPED: speedscope schema check (set PERFTUI_SPEEDSCOPE_SCHEMA; .ci/run does)");
        return;
    };
    let dir = common::TempDir::new("speedscope-schema");
    for file in ROUND_TRIPS {
        let out = dir.0.join("out.speedscope.json");
        export_speedscope(file, &out);
        let check = std::process::Command::new("python3")
            .args([
                "-c",
                "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))",
                &schema,
                out.to_str().unwrap(),
            ])
            .output()
            .expect("python3");
        assert!(
            check.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
}

#[test]
fn go_tool_pprof_reads_a_pprof_export_of_other_formats_as_perftui_does() {
    let Some(go) = common::go119() else {
        return;
    };
    let dir = common::TempDir::new("other-formats-pprof");
    for file in [
        "speedscope/work.pyinstrument.speedscope.json",
        "perf/perfwork-events.perf-script.txt",
    ] {
        let out = dir.0.join("out.pb.gz");
        common::stdout_ok(&["export", "-o", out.to_str().unwrap(), file]);
        let pprof = std::process::Command::new(&go)
            .args(["tool", "pprof", "-top"])
            .arg(&out)
            .env("TZ", "UTC")
            .output()
            .unwrap();
        assert!(pprof.status.success(), "{pprof:?}");
        let got = String::from_utf8(pprof.stdout).unwrap();
        assert_eq!(
            got,
            common::stdout_ok(&["top", out.to_str().unwrap()]),
            "{file}"
        );
        assert_eq!(got, common::stdout_ok(&["top", file]), "{file}");
    }
}
