//! The diff model on real profiles: the union tree's before/after values,
//! its per-function flat and cum, and their agreement with pprof's
//! `-diff_base` numbers (`perftui top --diff-base`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::HashMap;
use std::sync::Arc;

use perftui::explorer::analysis::{analyze, Analysis};
use perftui::formats;
use perftui::profile::diff::{classify, Change, DiffMode, Pair};
use perftui::profile::frames::Granularity;
use perftui::profile::trie::ROOT;
use perftui::profile::{merge, Profile};

fn load(rel: &str) -> Profile {
    formats::load_file(&common::data_dir().join(rel)).unwrap()
}

/// The diff analysis of AFTER against BEFORE for sample type `index`.
fn diff(before: &str, after: &str, index: usize, normalize: bool) -> Analysis {
    let merged = merge::diff_base(load(after), load(before), normalize).unwrap();
    analyze(&Arc::new(merged), index, &[], Granularity::Functions, true)
}

/// Every path of the union tree with its before/after values.
fn paths(a: &Analysis) -> HashMap<Vec<String>, Pair> {
    (1..a.trie.len() as u32)
        .map(|id| (a.path_names(id), a.pair(id).unwrap()))
        .collect()
}

const BEFORE: &str = "pprof/cpu_before.pb.gz";
const AFTER: &str = "pprof/cpu_after.pb.gz";

#[test]
fn a_profile_against_itself_changes_nothing() {
    for (file, index) in [
        (BEFORE, 1),
        ("pprof/heap.pb.gz", 1),
        ("pprof/goroutine.debug2.txt", 0),
    ] {
        let a = diff(file, file, index, false);
        assert!(a.trie.len() > 10, "{file}");
        for id in 0..a.trie.len() as u32 {
            let p = a.pair(id).unwrap();
            assert_eq!(p.delta(), 0, "{file} node {id}");
            assert!(p.before > 0, "{file}: every path has a value");
            assert_eq!(
                classify(p, a.total, DiffMode::Relative),
                Change::Neutral,
                "{file}"
            );
        }
        for row in &a.top.rows {
            assert_eq!((row.flat, row.cum), (0, 0), "{file} {}", row.name);
        }
        let d = a.diff.as_ref().unwrap();
        assert!(d
            .functions
            .iter()
            .all(|f| f.flat.delta() == 0 && f.cum.delta() == 0));
    }
}

#[test]
fn swapping_before_and_after_negates_every_delta() {
    let ab = diff(BEFORE, AFTER, 1, false);
    let ba = diff(AFTER, BEFORE, 1, false);
    let (pab, pba) = (paths(&ab), paths(&ba));
    assert_eq!(pab.len(), pba.len(), "the union is the same tree");
    let mut changed = 0;
    for (path, p) in &pab {
        let q = pba[path];
        assert_eq!((p.before, p.after), (q.after, q.before), "{path:?}");
        assert_eq!(p.delta(), -q.delta());
        changed += usize::from(p.delta() != 0);
    }
    assert!(changed > 100, "a real change: {changed} paths");
}

#[test]
fn paths_only_in_after_are_new_and_only_in_before_are_gone() {
    let a = diff(BEFORE, AFTER, 1, false);
    let (mut new, mut gone) = (0, 0);
    for id in 1..a.trie.len() as u32 {
        let p = a.pair(id).unwrap();
        match classify(p, a.total, DiffMode::Absolute) {
            Change::New => {
                assert_eq!(p.before, 0);
                assert!(p.after > 0);
                new += 1;
            }
            Change::Gone => {
                assert_eq!(p.after, 0);
                assert!(p.before > 0);
                gone += 1;
            }
            Change::Neutral => {
                // Under the threshold, whatever the sign: 0-vs-1 is noise.
                assert!(p.delta().unsigned_abs() as f64 / (a.total as f64) < 0.001);
            }
            Change::More(_) => assert!(p.delta() > 0 && p.before > 0 && p.after > 0),
            Change::Less(_) => assert!(p.delta() < 0 && p.before > 0 && p.after > 0),
        }
    }
    assert!(new > 0 && gone > 0, "new {new} gone {gone}");
    // The stacks of each side, one by one: a path with value only in one
    // profile exists in the other with value 0.
    let only_before = load(BEFORE);
    let b = diff(BEFORE, BEFORE, 1, false);
    let pb = paths(&b);
    let union = paths(&a);
    for (path, p) in &pb {
        assert_eq!(union[path].before, p.before, "{path:?}");
    }
    assert_eq!(a.pair(ROOT).unwrap().before, only_before.sum(1));
    assert_eq!(a.pair(ROOT).unwrap().after, load(AFTER).sum(1));
}

#[test]
fn function_deltas_are_pprofs_diff_flat_and_cum() {
    for normalize in [false, true] {
        let a = diff(BEFORE, AFTER, 1, normalize);
        let d = a.diff.as_ref().unwrap();
        assert!(a.top.rows.len() > 50);
        for row in &a.top.rows {
            let f = d.function(row.frame);
            assert_eq!(f.flat.delta(), row.flat, "flat of {}", row.name);
            assert_eq!(f.cum.delta(), row.cum, "cum of {}", row.name);
        }
    }
}

#[test]
fn normalize_scales_after_to_befores_total() {
    let a = diff(BEFORE, AFTER, 1, true);
    let root = a.pair(ROOT).unwrap();
    let before = load(BEFORE).sum(1);
    assert_eq!(root.before, before);
    // Rounding per sample moves the scaled total by well under a sample each.
    let err = (root.after - before).abs() as f64 / before as f64;
    assert!(err < 0.01, "{} vs {before}", root.after);
}
