//! Model invariants on real and constructed profiles.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use perftui::formats;
use perftui::profile::frames::{FrameTable, Granularity};
use perftui::profile::graph::{flat_cum, top, GraphOptions};
use perftui::profile::trie::{StackTrie, ROOT};
use perftui::profile::{merge, Profile};

fn load(rel: &str) -> Profile {
    formats::load_file(&common::data_dir().join(rel)).unwrap()
}

#[test]
fn sum_of_flat_is_the_total_and_root_cum_is_the_total() {
    for (file, idx) in [
        ("pprof/cpu_before.pb.gz", 1),
        ("pprof/heap.pb.gz", 1),
        ("pprof/goroutine.pb.gz", 0),
        ("pprof/cpu_large_real.pb.gz", 1),
        ("pprof/goroutine.debug2.txt", 0),
    ] {
        let p = load(file);
        let frames = FrameTable::new(&p, Granularity::Functions);
        let fc = flat_cum(&p, &frames, idx);
        let flat: i64 = fc.flat.iter().sum();
        assert_eq!(flat, p.sum(idx), "{file}");
        let trie = StackTrie::build(&p, &frames, idx);
        assert_eq!(trie.node(ROOT).total, p.sum(idx), "{file}");
        let children: i64 = trie
            .children(ROOT)
            .iter()
            .map(|&c| trie.node(c).total)
            .sum();
        assert_eq!(children, p.sum(idx), "{file}");
        // The self values of a frame's nodes add up to its flat, which is
        // counted from the samples, not from the trie.
        let mut flat_by_frame = vec![0i64; fc.flat.len()];
        for id in 1..trie.len() as u32 {
            flat_by_frame[trie.node(id).frame as usize] += trie.self_value(id);
        }
        assert_eq!(flat_by_frame, fc.flat, "{file}");
        // No function's cum exceeds the total.
        assert!(fc.cum.iter().all(|&c| c <= p.sum(idx)), "{file}");
    }
}

#[test]
fn recursion_is_counted_once_per_sample() {
    let p = formats::read_profile(b"main;a;b;a;b 5\nmain;a 2\n").unwrap();
    let frames = FrameTable::new(&p, Granularity::Functions);
    let fc = flat_cum(&p, &frames, 0);
    let id = |name: &str| {
        (0..frames.len() as u32)
            .find(|&f| frames.name(f) == name)
            .unwrap() as usize
    };
    assert_eq!(fc.cum[id("a")], 7);
    assert_eq!(fc.cum[id("b")], 5);
    assert_eq!(fc.cum[id("main")], 7);
    assert_eq!(fc.flat[id("b")], 5);
    assert_eq!(fc.flat[id("a")], 2);
    let t = top(&p, &frames, &GraphOptions::default());
    let names: Vec<_> = t.nodes.iter().map(|n| frames.name(n.frame)).collect();
    assert_eq!(names, ["b", "a", "main"]);
}

#[test]
fn diff_of_a_profile_with_itself_is_zero_everywhere() {
    let a = load("pprof/cpu_before.pb.gz");
    let d = merge::diff_base(a.clone(), a.clone(), false).unwrap();
    let frames = FrameTable::new(&d, Granularity::Functions);
    let fc = flat_cum(&d, &frames, 1);
    assert!(fc.flat.iter().all(|&v| v == 0));
    assert!(fc.cum.iter().all(|&v| v == 0));
    // Percentages stay relative to the base.
    assert_eq!(d.total(1), a.sum(1));
}

#[test]
fn diff_is_antisymmetric() {
    let a = load("pprof/cpu_before.pb.gz");
    let b = load("pprof/cpu_after.pb.gz");
    let by_name = |p: &Profile| {
        let frames = FrameTable::new(p, Granularity::Functions);
        let fc = flat_cum(p, &frames, 1);
        (0..frames.len() as u32)
            .map(|f| (frames.name(f).to_string(), fc.cum[f as usize]))
            .filter(|(_, v)| *v != 0)
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let ab = by_name(&merge::diff_base(b.clone(), a.clone(), false).unwrap());
    let ba = by_name(&merge::diff_base(a, b, false).unwrap());
    assert_eq!(ab.len(), ba.len());
    for (k, v) in &ab {
        assert_eq!(ba.get(k), Some(&-v), "{k}");
    }
}
