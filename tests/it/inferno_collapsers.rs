//! The profilers inferno collapses (macOS `sample`, VTune and Visual
//! Studio CSV, GHC `.prof`, DTrace): read through the `inferno` crate's
//! own collapsers, detected by content, their stacks and counts exactly
//! what inferno's collapsers print for inferno's own test files
//! (`../shared/peers/inferno`, read in place; skipped with a note when that
//! folder is absent, as in a bare clone).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::common;

fn peers() -> Option<PathBuf> {
    common::peer("inferno")
}

/// Folded lines as stack → summed count. Zero counts are left out: GHC's
/// collapser writes a line for every cost centre, sampled or not, and a
/// stack that weighs nothing is not part of a profile.
fn stacks(text: &str) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (stack, count) = line.rsplit_once(' ').unwrap();
        let count = count.trim().parse::<i64>().unwrap();
        if count != 0 {
            *out.entry(stack.to_string()).or_default() += count;
        }
    }
    out
}

/// (input, inferno's result for it with default options)
const CASES: &[(&str, &str)] = &[
    (
        "collapse-sample/sample.txt",
        "collapse-sample/results/sample-default.txt",
    ),
    (
        "collapse-vtune/vtune.csv",
        "collapse-vtune/results/vtune-default.txt",
    ),
    (
        "collapse-vsprof/CallTreeSummary.csv",
        "collapse-vsprof/results/vsprof-default.txt",
    ),
    (
        "collapse-ghcprof/percent.prof",
        "collapse-ghcprof/results/percent.txt",
    ),
    (
        "collapse-ghcprof/ticks.prof",
        "collapse-ghcprof/results/ticks.txt",
    ),
    (
        "collapse-ghcprof/utf8.prof",
        "collapse-ghcprof/results/utf8.txt",
    ),
    (
        "collapse-dtrace/java.txt",
        "collapse-dtrace/results/java.txt",
    ),
    (
        "collapse-dtrace/rust-names.txt",
        "collapse-dtrace/results/rust-names.txt",
    ),
    (
        "collapse-dtrace/stack-ustack.txt",
        "collapse-dtrace/results/stack-ustack.txt",
    ),
    (
        "collapse-dtrace/hex-addresses.txt",
        "collapse-dtrace/results/hex-addresses.txt",
    ),
    (
        "collapse-dtrace/scope_with_no_argument_list.txt",
        "collapse-dtrace/results/scope_with_no_argument_list.txt",
    ),
];

#[test]
fn every_collapser_format_folds_to_infernos_own_result() {
    let Some(peers) = peers() else {
        return;
    };
    let mut failures = Vec::new();
    for (input, result) in CASES {
        let path = peers.join(input);
        let got = common::perftui(&["fold", path.to_str().unwrap()]);
        if !got.status.success() {
            failures.push(format!("{input}: {}", String::from_utf8_lossy(&got.stderr)));
            continue;
        }
        let want = stacks(&std::fs::read_to_string(peers.join(result)).unwrap());
        let got = stacks(&String::from_utf8(got.stdout).unwrap());
        if got != want {
            let missing: Vec<_> = want
                .iter()
                .filter(|(k, v)| got.get(*k) != Some(v))
                .take(3)
                .collect();
            failures.push(format!(
                "{input}: {} stacks, want {}; first differences {missing:?}",
                got.len(),
                want.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_large_gzipped_sample_report_is_not_taken_for_perf_script() {
    let Some(peers) = peers() else {
        return;
    };
    let out = common::perftui(&[
        "fold",
        peers.join("collapse-sample/large.txt.gz").to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("Thread_"));
}

#[test]
fn broken_collapser_inputs_fail_in_one_line_naming_the_format() {
    let Some(peers) = peers() else {
        return;
    };
    for (input, why) in [
        (
            "collapse-sample/odd-indentation.txt",
            "(read as macOS sample by inferno)",
        ),
        (
            "collapse-vtune/invalid-time-field.csv",
            "(read as VTune CSV by inferno)",
        ),
        (
            "collapse-vsprof/invalid-depth.csv",
            "(read as Visual Studio CSV by inferno)",
        ),
    ] {
        let path = peers.join(input);
        let out = common::perftui(&["top", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{input}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with(&format!("perftui: {}: malformed profile: ", path.display())),
            "{err}"
        );
        assert!(err.trim_end().ends_with(why), "{err}");
    }
}
