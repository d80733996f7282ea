//! A callgrind profile made here (`valgrind --tool=callgrind
//! --cache-sim=yes` on tests/data/src/perfwork, nine events), checked
//! against callgrind_annotate 3.19.0's exclusive and inclusive costs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use crate::common;

const FILE: &str = "callgrind/perfwork.callgrind.out";

/// callgrind_annotate's rows: `function` → (Ir per row, rows). Each row
/// is nine `N (pct%)` or `.` columns, then `file:function [object]`.
fn annotate(reference: &str) -> BTreeMap<String, (Vec<i64>, usize)> {
    let mut out: BTreeMap<String, (Vec<i64>, usize)> = BTreeMap::new();
    for line in common::reference(reference).lines() {
        let t: Vec<&str> = line.split_whitespace().collect();
        let (mut i, mut cols, mut values) = (0, 0, Vec::new());
        while cols < 9 && i < t.len() {
            if t[i] == "." {
                values.push(0);
            } else if let Ok(v) = t[i].replace(',', "").parse::<i64>() {
                values.push(v);
                if t.get(i + 1).is_some_and(|n| n.starts_with('(')) {
                    i += 1;
                    while !t[i].ends_with(')') {
                        i += 1;
                    }
                }
            } else {
                break;
            }
            i += 1;
            cols += 1;
        }
        if cols < 9 || i >= t.len() {
            continue;
        }
        let mut rest = t[i..].join(" ");
        if rest == "PROGRAM TOTALS" {
            continue;
        }
        if rest.ends_with(']') {
            if let Some(at) = rest.rfind(" [") {
                rest.truncate(at);
            }
        }
        let name = rest
            .split_once(':')
            .map_or(rest.as_str(), |(_, n)| n)
            .to_string();
        let e = out.entry(name).or_insert((vec![0; 9], 0));
        for (a, v) in e.0.iter_mut().zip(&values) {
            *a += v;
        }
        e.1 += 1;
    }
    assert!(out.len() > 100, "{reference}: {} rows", out.len());
    out
}

/// perftui's (flat, cum) per function for one event.
fn ours(event: &str) -> BTreeMap<String, (i64, i64)> {
    common::top_rows(FILE, event)
        .into_iter()
        .map(|(f, c, name)| (name, (f, c)))
        .collect()
}

const EVENTS: [&str; 9] = [
    "Ir", "Dr", "Dw", "I1mr", "D1mr", "D1mw", "ILmr", "DLmr", "DLmw",
];

#[test]
fn every_function_s_own_cost_is_callgrind_annotate_s_for_every_event() {
    let exclusive = annotate("perfwork.callgrind_annotate.txt");
    for (e, event) in EVENTS.iter().enumerate() {
        let got = ours(event);
        for (name, (want, _)) in &exclusive {
            let flat = got.get(name).map_or(0, |v| v.0);
            assert_eq!(flat, want[e], "{event} of {name}");
        }
    }
    // The file's `totals:` line (its `summary:` line, which
    // callgrind_annotate prints as PROGRAM TOTALS, says 2 more).
    let top = common::stdout_ok(&["top", FILE]);
    assert!(
        top.starts_with(
            "Type: Ir\nShowing nodes accounting for 623889376, 100% of 624041695 total\n"
        ),
        "{top}"
    );
}

#[test]
fn inclusive_costs_are_callgrind_annotate_s_where_one_caller_calls() {
    let inclusive = annotate("perfwork.callgrind_annotate-inclusive.txt");
    let got = ours("Ir");
    // The program's own functions: exact.
    for name in ["mix", "hash_items"] {
        assert_eq!(got[name].1, inclusive[name].0[0], "{name}");
    }
    // Elsewhere shares of functions with several callers are rounded: to
    // within a millionth (and 4 instructions).
    for (name, (want, rows)) in &inclusive {
        if *rows != 1 {
            continue; // split by inlined file: annotate's rows overlap
        }
        let cum = got.get(name).map_or(0, |v| v.1);
        let diff = (cum - want[0]).abs();
        assert!(
            diff <= 4 || diff * 1_000_000 <= want[0],
            "{name}: {cum} vs {}",
            want[0]
        );
    }
}
