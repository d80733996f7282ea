//! Ruby stackprof profiles: a real one made here (tests/data/src/ruby; how
//! in tests/data/README.md), whose every frame's self and total samples
//! are stackprof's own numbers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use crate::common;

#[test]
fn flat_and_cum_are_stackprofs_own_samples_and_total_samples() {
    let text = std::fs::read_to_string(common::data_dir().join("stackprof/work.cpu.json")).unwrap();
    let j: serde_json::Value = serde_json::from_str(&text).unwrap();
    // stackprof's counts per frame; frames of one name (the two `<main>`
    // frames, of the script and its file) nest, so their total is the
    // largest.
    let mut want: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for f in j["frames"].as_object().unwrap().values() {
        let e = want
            .entry(f["name"].as_str().unwrap().to_string())
            .or_default();
        e.0 += f["samples"].as_i64().unwrap();
        e.1 = e.1.max(f["total_samples"].as_i64().unwrap());
    }
    assert_eq!(want["Array#sort"], (132, 132));
    let got: BTreeMap<String, (i64, i64)> = common::top_rows("stackprof/work.cpu.json", "samples")
        .into_iter()
        .map(|(f, c, n)| (n, (f, c)))
        .collect();
    assert_eq!(got, want);
    let total: i64 = got.values().map(|v| v.0).sum();
    assert_eq!(total, j["samples"].as_i64().unwrap());
    // CPU time: each sample weighs the time before it, as speedscope has it.
    let micros: i64 = j["raw_timestamp_deltas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_i64().unwrap())
        .sum();
    let cpu: i64 = common::top_rows("stackprof/work.cpu.json", "cpu")
        .iter()
        .map(|r| r.0)
        .sum();
    assert_eq!(cpu, micros * 1000);
}

#[test]
fn a_stackprof_profile_without_raw_samples_says_how_to_record_one() {
    common::assert_malformed(
        "agg.json",
        r#"{"version":1.2,"mode":"cpu","interval":1000,"samples":1,"frames":{"1":{"name":"main","samples":1,"total_samples":1}}}"#,
        "a stackprof profile without raw samples: record with `raw: true`",
    );
    // A raw stack taller than the samples left, and a frame not listed.
    for (raw, want) in [
        ("[5,1,1]", "the raw samples end inside the stack at 0"),
        (
            "[1,7,1]",
            "raw sample at 0 names frame 7, which is not in the frames",
        ),
    ] {
        common::assert_malformed(
            "raw.json",
            &format!(
                r#"{{"mode":"object","interval":1,"frames":{{"1":{{"name":"main"}}}},"raw":{raw}}}"#
            ),
            want,
        );
    }
}
