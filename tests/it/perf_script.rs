//! `perf script` files of one real recording each (tests/data/src/perfwork),
//! checked against `perf report`'s own per-symbol samples and periods.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use crate::common;

/// `perf report --stdio --no-children --sort sym -F sample,period,sym`:
/// event → symbol → (samples, period).
fn perf_report(name: &str) -> BTreeMap<String, BTreeMap<String, (i64, i64)>> {
    let mut out: BTreeMap<String, BTreeMap<String, (i64, i64)>> = BTreeMap::new();
    let mut event = String::new();
    for line in common::reference(name).lines() {
        if let Some(rest) = line.strip_prefix("# Samples: ") {
            let e = rest.split('\'').nth(1).unwrap();
            event = e.split(':').next().unwrap().to_string();
            continue;
        }
        let w: Vec<&str> = line.split_whitespace().collect();
        if w.len() == 4 && w[2].starts_with('[') {
            let v = (w[0].parse().unwrap(), w[1].parse().unwrap());
            out.entry(event.clone())
                .or_default()
                .insert(w[3].to_string(), v);
        }
    }
    assert!(!out.is_empty(), "{name} has no rows");
    out
}

/// perftui's flat value per function for one sample type.
fn flat(file: &str, sample_index: &str) -> BTreeMap<String, i64> {
    common::top_rows(file, sample_index)
        .into_iter()
        .filter(|r| r.0 != 0)
        .map(|(f, _, name)| (name, f))
        .collect()
}

fn column(
    report: &BTreeMap<String, (i64, i64)>,
    pick: impl Fn((i64, i64)) -> i64,
) -> BTreeMap<String, i64> {
    report.iter().map(|(k, &v)| (k.clone(), pick(v))).collect()
}

#[test]
fn several_events_become_one_sample_type_each_weighed_by_period() {
    let report = perf_report("perfwork-events.perf-report.txt");
    let file = "perf/perfwork-events.perf-script.txt";
    // cpu-clock's periods are nanoseconds; page-faults' are faults.
    assert_eq!(
        flat(file, "cpu-clock"),
        column(&report["cpu-clock"], |v| v.1)
    );
    assert_eq!(
        flat(file, "page-faults"),
        column(&report["page-faults"], |v| v.1)
    );
    let types = common::stdout_ok(&["top", "--sample-index", "cpu-clock", file]);
    assert!(types.starts_with("Type: cpu-clock\n"), "{types}");
}

#[test]
fn frames_that_are_not_indented_read_the_same() {
    let file = "perf/perfwork-unindented.perf-script.txt";
    let report = perf_report("perfwork-events.perf-report.txt");
    assert_eq!(
        flat(file, "cpu-clock"),
        column(&report["cpu-clock"], |v| v.1)
    );
    assert_eq!(
        common::stdout_ok(&["fold", "--sample-index", "page-faults", file]),
        common::stdout_ok(&[
            "fold",
            "--sample-index",
            "page-faults",
            "perf/perfwork-events.perf-script.txt"
        ])
    );
}

#[test]
fn without_periods_samples_are_counted() {
    // `perf script -F comm,tid,time,event,ip,sym,dso` leaves periods out:
    // each sample is one, not nanoseconds.
    let report = perf_report("perfwork-events.perf-report.txt");
    let file = "perf/perfwork-noperiod.perf-script.txt";
    assert_eq!(
        flat(file, "cpu-clock"),
        column(&report["cpu-clock"], |v| v.0)
    );
    assert_eq!(
        flat(file, "page-faults"),
        column(&report["page-faults"], |v| v.0)
    );
    let csv = common::stdout_ok(&[
        "top",
        "--format",
        "csv",
        "--sample-index",
        "cpu-clock",
        file,
    ]);
    assert!(csv.lines().nth(1).unwrap().contains(",count,"), "{csv}");
}

#[test]
fn recorded_without_call_graphs_each_sample_is_one_frame() {
    let report = perf_report("perfwork-nog.perf-report.txt");
    let file = "perf/perfwork-nog.perf-script.txt";
    assert_eq!(flat(file, "cpu"), column(&report["cpu-clock"], |v| v.1));
    let folded = common::stdout_ok(&["fold", file]);
    assert!(
        folded.lines().all(|l| l.matches(';').count() == 1),
        "process;frame per sample:\n{folded}"
    );
}
