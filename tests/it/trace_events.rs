//! Chrome trace-event files, made here by node (tests/data/src/node; how
//! in tests/data/README.md): V8's CPU profile from `ProfileChunk` events,
//! and duration events as wall time, each checked against the numbers in
//! the trace itself.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use crate::common;

fn events(name: &str) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(common::data_dir().join(name)).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["traceEvents"].as_array().unwrap().clone()
}

#[test]
fn profile_chunks_count_as_v8_sampled_them() {
    let ev = events("node/work.trace.json");
    let chunks: Vec<&serde_json::Value> = ev
        .iter()
        .filter(|e| e["name"] == "ProfileChunk")
        .map(|e| &e["args"]["data"])
        .collect();
    assert!(chunks.len() > 50, "{}", chunks.len());
    // The trace's own numbers: each sampled node's function, over all
    // chunks, and the time from the first sample to the last.
    let mut name_of: BTreeMap<i64, String> = BTreeMap::new();
    let mut samples = Vec::new();
    let mut deltas = Vec::new();
    for c in &chunks {
        for n in c["cpuProfile"]["nodes"].as_array().into_iter().flatten() {
            let name = n["callFrame"]["functionName"].as_str().unwrap();
            name_of.insert(n["id"].as_i64().unwrap(), name.to_string());
        }
        for s in c["cpuProfile"]["samples"].as_array().into_iter().flatten() {
            samples.push(s.as_i64().unwrap());
        }
        for d in c["timeDeltas"].as_array().into_iter().flatten() {
            deltas.push(d.as_i64().unwrap());
        }
    }
    assert_eq!(samples.len(), deltas.len());
    let mut want: BTreeMap<String, i64> = BTreeMap::new();
    for s in &samples {
        let name = &name_of[s];
        if !name.is_empty() {
            *want.entry(name.clone()).or_default() += 1;
        }
    }
    let rows = common::top_rows("node/work.trace.json", "samples");
    let flat: BTreeMap<&str, i64> = rows.iter().map(|(f, _, n)| (n.as_str(), *f)).collect();
    for (name, n) in &want {
        assert_eq!(flat.get(name.as_str()), Some(n), "{name}");
    }
    assert!(
        want["hashLoop"] > 1000 && want["sortWords"] > 1000,
        "{want:?}"
    );
    let total: i64 = rows.iter().map(|r| r.0).sum();
    assert_eq!(total, samples.len() as i64);
    // Each sample lasts until the next; the trace ends at the last one.
    let cpu: i64 = common::top_rows("node/work.trace.json", "cpu")
        .iter()
        .map(|r| r.0)
        .sum();
    assert_eq!(cpu, deltas[1..].iter().sum::<i64>() * 1000);
    // The profiled thread, named by the trace's metadata.
    let tags = common::stdout_ok(&["tags", "node/work.trace.json"]);
    assert!(tags.contains("JavaScriptMainThread ("), "{tags}");
}

#[test]
fn duration_events_are_each_threads_wall_time_per_stack() {
    let ev = events("node/io.trace.json");
    // The trace's own intervals per event name: `X` events' `dur`, and
    // each `E` with the `B` it closes.
    let mut spans: BTreeMap<(String, i64), Vec<(i64, i64)>> = BTreeMap::new();
    let mut open: BTreeMap<(i64, i64), Vec<&serde_json::Value>> = BTreeMap::new();
    let ts = |e: &serde_json::Value| e["ts"].as_i64().unwrap();
    for e in &ev {
        let thread = (e["pid"].as_i64().unwrap(), e["tid"].as_i64().unwrap());
        let mut add = |name: &serde_json::Value, from: i64, to: i64| {
            spans
                .entry((name.as_str().unwrap().to_string(), thread.1))
                .or_default()
                .push((from, to))
        };
        match e["ph"].as_str().unwrap() {
            "X" => add(&e["name"], ts(e), ts(e) + e["dur"].as_i64().unwrap()),
            "B" => open.entry(thread).or_default().push(e),
            "E" => {
                let b = open.get_mut(&thread).unwrap().pop().unwrap();
                add(&b["name"], ts(b), ts(e));
            }
            _ => {}
        }
    }
    // A function's cum is the time it is on the stack: the union of its
    // intervals (RunCleanup runs inside RunCleanup here).
    let mut want: BTreeMap<String, i64> = BTreeMap::new();
    for ((name, _), mut list) in spans {
        list.sort();
        let (mut total, mut reach) = (0, i64::MIN);
        for (from, to) in list {
            total += (to - from.max(reach)).max(0);
            reach = reach.max(to);
        }
        *want.entry(name).or_default() += total * 1000;
    }
    assert!(want["fs.sync.open"] > 0 && want["MinorGC"] > 0, "{want:?}");
    let rows = common::top_rows("node/io.trace.json", "wall");
    let cum: BTreeMap<String, i64> = rows.iter().map(|(_, c, n)| (n.clone(), *c)).collect();
    assert_eq!(cum, want);
    // Own time: the scavenger runs inside a minor GC, so the GC's own time
    // is what the scavenger left.
    let flat: BTreeMap<&str, i64> = rows.iter().map(|(f, _, n)| (n.as_str(), *f)).collect();
    assert_eq!(
        flat["MinorGC"],
        want["MinorGC"] - want["V8.GCScavenger"],
        "{rows:?}"
    );
}

#[test]
fn a_trace_as_an_array_cut_before_its_end_reads_to_where_it_stops() {
    // The format lets a tracer that died leave the array unclosed.
    let dir = common::TempDir::new("trace-array");
    let f = dir.0.join("cut.json");
    std::fs::write(
        &f,
        r#"[{"name":"main","ph":"B","pid":1,"tid":1,"ts":0},
{"name":"parse","ph":"X","pid":1,"tid":1,"ts":10,"dur":30},
{"name":"parse","ph":"X","pid":1,"tid":2,"ts":10,"dur":5},
{"name":"work","ph":"B","pid":1,"tid":1,"ts":50},
{"name":"work","ph":"E","pid":1,"tid":1,"ts":90},
"#,
    )
    .unwrap();
    let rows = common::top_rows(f.to_str().unwrap(), "wall");
    // `main` is still open at the trace's last moment (90 µs).
    assert_eq!(
        rows,
        vec![
            (40_000, 40_000, "work".to_string()),
            (35_000, 35_000, "parse".to_string()),
            (20_000, 90_000, "main".to_string()),
        ]
    );
    let tags = common::stdout_ok(&["tags", "--tagshow", "thread", f.to_str().unwrap()]);
    assert!(tags.contains("tid 2"), "{tags}");
}

#[test]
fn a_trace_with_nothing_to_show_says_so() {
    common::assert_malformed(
        "meta.json",
        r#"{"traceEvents":[{"name":"thread_name","ph":"M","pid":1,"tid":1,"ts":0,"args":{"name":"main"}}]}"#,
        "the trace has no CPU profile (ProfileChunk events) and no duration events (B/E, X)",
    );
}

#[test]
fn a_trace_cut_anywhere_reads_or_is_one_line_refused() {
    let data = std::fs::read(common::data_dir().join("node/work.trace.json")).unwrap();
    for cut in (0..data.len()).step_by(data.len() / 97) {
        match perftui::formats::read_profile(&data[..cut]) {
            Ok(p) => assert!(p.sample_types.len() == 2, "cut at {cut}"),
            Err(e) => assert_eq!(e.to_string().lines().count(), 1, "cut at {cut}: {e}"),
        }
    }
}

#[test]
fn deeply_nested_duration_events_are_refused_past_the_bound() {
    // 20,000 spans each inside the last: 200M stack entries from 1.2 MB.
    let n = 20_000;
    let mut json = String::from("[");
    for i in 0..n {
        json.push_str(&format!(
            r#"{{"name":"f{i}","ph":"B","pid":1,"tid":1,"ts":{i}}},"#
        ));
    }
    for i in 0..n {
        json.push_str(&format!(r#"{{"ph":"E","pid":1,"tid":1,"ts":{}}},"#, n + i));
    }
    json.pop();
    json.push(']');
    let start = std::time::Instant::now();
    let err = perftui::formats::read_profile(json.as_bytes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "malformed profile: the duration events expand into more than 100000000 stack entries"
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(30));
}
