//! Node.js / Chrome DevTools `.cpuprofile` files: a real profile made by
//! `node --cpu-prof` (tests/data/src/node/work.js; how in
//! tests/data/README.md), read as DevTools counts it — each function's
//! samples are those of the file's sample list, each lasting until the next.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use crate::common;
use perftui::profile::frames::{FrameTable, Granularity};
use perftui::profile::graph::flat_cum;

fn raw() -> serde_json::Value {
    let text = std::fs::read_to_string(common::data_dir().join("node/work.cpuprofile")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn self_samples_per_function_are_nodes_own_hit_counts() {
    let j = raw();
    // Node's numbers: the nodes its sample list names, per named function
    // (anonymous ones apart). V8's `hitCount` agrees for every node but
    // `(program)` (29 against 1 sample: ticks outside the list) and one
    // off for `sortWords`; DevTools and speedscope count the list, so does
    // perftui.
    let name_of: BTreeMap<i64, String> = j["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let name = n["callFrame"]["functionName"].as_str().unwrap();
            (n["id"].as_i64().unwrap(), name.to_string())
        })
        .collect();
    let mut want: BTreeMap<String, i64> = BTreeMap::new();
    for s in j["samples"].as_array().unwrap() {
        let name = &name_of[&s.as_i64().unwrap()];
        if !name.is_empty() {
            *want.entry(name.clone()).or_default() += 1;
        }
    }
    let hits = |name: &str| -> i64 {
        j["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["callFrame"]["functionName"] == name)
            .map(|n| n["hitCount"].as_i64().unwrap())
            .sum()
    };
    assert_eq!(want["hashLoop"], hits("hashLoop"));
    assert_eq!(want["fib"], hits("fib"));
    assert!(want.contains_key("hashLoop") && want.contains_key("sortWords"));
    let p = perftui::formats::load_file(&common::data_dir().join("node/work.cpuprofile")).unwrap();
    assert_eq!(p.sample_type_name(0), "samples");
    assert_eq!(p.sample_type_name(1), "cpu");
    let frames = FrameTable::new(&p, Granularity::Functions);
    let fc = flat_cum(&p, &frames, 0);
    for (name, hits) in &want {
        let f = (0..frames.len() as u32)
            .find(|&f| frames.name(f) == name)
            .unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(fc.flat[f as usize], *hits, "{name}");
    }
    // Every sample is counted once; the durations add up to the profile's
    // span after its first sample (microseconds in the file).
    let samples = j["samples"].as_array().unwrap().len() as i64;
    assert_eq!(p.sum(0), samples);
    let deltas: Vec<i64> = j["timeDeltas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_i64().unwrap())
        .collect();
    let first = j["startTime"].as_i64().unwrap() + deltas[0];
    let end = j["endTime"].as_i64().unwrap();
    assert_eq!(p.sum(1), (end - first) * 1000);
}

#[test]
fn top_of_a_cpuprofile_puts_the_hot_functions_first() {
    let out = common::stdout_ok(&[
        "top",
        "-n",
        "4",
        "--sample-index",
        "samples",
        "node/work.cpuprofile",
    ]);
    let rows: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.contains("flat%"))
        .skip(1)
        .map(|l| l.split_whitespace().last().unwrap())
        .collect();
    assert_eq!(rows[..2], ["hashLoop", "sortWords"]);
}

#[test]
fn gzipped_bom_prefixed_and_broken_cpuprofiles() {
    let dir = common::TempDir::new("cpuprofile");
    let body = std::fs::read(common::data_dir().join("node/work.cpuprofile")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, &body).unwrap();
    let gzipped = dir.0.join("work.cpuprofile.gz");
    std::fs::write(&gzipped, gz.finish().unwrap()).unwrap();
    let mut bom = "\u{feff}".as_bytes().to_vec();
    bom.extend_from_slice(&body);
    let bommed = dir.0.join("bom.cpuprofile");
    std::fs::write(&bommed, bom).unwrap();
    let want = common::stdout_ok(&["top", "node/work.cpuprofile"]);
    for f in [&gzipped, &bommed] {
        assert_eq!(
            common::stdout_ok(&["top", f.to_str().unwrap()]),
            want,
            "{f:?}"
        );
    }
    // Cut short: one line naming the file, where the JSON broke.
    let cut = dir.0.join("cut.cpuprofile");
    std::fs::write(&cut, &body[..body.len() / 2]).unwrap();
    let out = common::perftui(&["top", cut.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with(&format!("perftui: {}: line 1: column ", cut.display()))
            && err.contains("EOF")
            && err.lines().count() == 1,
        "{err}"
    );
    // A child that is not a node.
    let bad = dir.0.join("bad.cpuprofile");
    std::fs::write(
        &bad,
        r#"{"nodes":[{"id":1,"callFrame":{"functionName":"(root)"},"children":[7]}],"samples":[],"timeDeltas":[]}"#,
    )
    .unwrap();
    let out = common::perftui(&["top", bad.to_str().unwrap()]);
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "perftui: {}: malformed profile: node 1 has an unknown child 7\n",
            bad.display()
        )
    );
}

#[test]
fn the_explorer_opens_a_cpuprofile() {
    let out = common::stdout_ok(&["open", "--snapshot", "100x20", "node/work.cpuprofile"]);
    assert!(
        out.contains("hashLoop") || out.contains("sortWords"),
        "{out}"
    );
    assert!(out.contains("cpu"), "{out}");
}

#[test]
fn a_deep_call_tree_that_would_expand_past_the_bound_is_refused() {
    // 20,000 nodes in one chain, each sampled: 200M stack entries from a
    // 1.6 MB file.
    let n = 20_000;
    let mut nodes = Vec::new();
    for id in 1..=n {
        let children = if id < n {
            format!("[{}]", id + 1)
        } else {
            "[]".into()
        };
        nodes.push(format!(
            r#"{{"id":{id},"callFrame":{{"functionName":"f{id}"}},"children":{children}}}"#
        ));
    }
    let samples: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
    let json = format!(
        r#"{{"nodes":[{}],"samples":[{}],"timeDeltas":[]}}"#,
        nodes.join(","),
        samples.join(",")
    );
    let dir = common::TempDir::new("deep-cpuprofile");
    let f = dir.0.join("deep.cpuprofile");
    std::fs::write(&f, json).unwrap();
    let start = std::time::Instant::now();
    let out = common::perftui(&["top", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "perftui: {}: malformed profile: the call tree expands into more than 100000000 stack entries\n",
            f.display()
        )
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(30));
}
