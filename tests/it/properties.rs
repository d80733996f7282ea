//! Properties that hold for every profile, on random ones (proptest):
//! flat values add up to the total (the top table's, to the total less the
//! nodes pprof drops), the root's cum is the total, a profile
//! minus itself is zero everywhere, the union tree of a diff holds each
//! profile's own values, and folded stacks survive a round trip.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use perftui::profile::frames::{FrameTable, Granularity};
use perftui::profile::graph::flat_cum;
use perftui::profile::merge;
use perftui::profile::trie::StackTrie;
use perftui::report::{fold, top};
use proptest::prelude::*;

/// Random folded stacks: every stack starts at `main`, frames from a small
/// alphabet (so stacks share prefixes and recursion happens), positive
/// counts.
fn folded() -> impl Strategy<Value = String> {
    let frame = prop::sample::select(vec!["a", "b", "c", "d", "e", "runtime.x", "pkg/q.F"]);
    let stack = (prop::collection::vec(frame, 0..8), 1u32..1000);
    prop::collection::vec(stack, 1..40).prop_map(|stacks| {
        stacks
            .into_iter()
            .map(|(frames, n)| {
                let mut s = String::from("main");
                for f in frames {
                    s.push(';');
                    s.push_str(f);
                }
                format!("{s} {n}\n")
            })
            .collect()
    })
}

fn all_rows(p: &perftui::profile::Profile) -> top::TopReport {
    top::build(p, &top::TopOptions::default()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn flat_adds_up_to_the_total_and_the_root_cum_is_the_total(text in folded()) {
        let p = perftui::formats::read_profile(text.as_bytes()).unwrap();
        let want: i64 = text
            .lines()
            .map(|l| l.rsplit(' ').next().unwrap().parse::<i64>().unwrap())
            .sum();
        let r = all_rows(&p);
        prop_assert_eq!(r.total, want);
        // Before pprof's trimming, every sample's value is some frame's flat.
        let frames = FrameTable::new(&p, Granularity::Functions);
        let fc = flat_cum(&p, &frames, 0);
        prop_assert_eq!(fc.flat.iter().sum::<i64>(), want);
        // The table drops the nodes whose cum is under 0.5 % of the total,
        // truncated (pprof's nodeCutoff; it prints "Dropped N nodes (cum <=
        // X)"): its rows add up to the rest.
        let cutoff = (want as f64 * 0.005) as i64;
        let dropped: i64 = (0..frames.len())
            .filter(|&f| fc.cum[f].abs() < cutoff)
            .map(|f| fc.flat[f])
            .sum();
        prop_assert_eq!(r.rows.iter().map(|row| row.flat).sum::<i64>(), want - dropped);
        let main = r.rows.iter().find(|row| row.name == "main").unwrap();
        prop_assert_eq!(main.cum, want);
        prop_assert!(r.rows.iter().all(|row| row.cum <= want && row.flat <= row.cum));
    }

    #[test]
    fn a_profile_minus_itself_is_zero(text in folded()) {
        let p = perftui::formats::read_profile(text.as_bytes()).unwrap();
        let d = merge::diff_base(p.clone(), p, false).unwrap();
        prop_assert_eq!(d.sum(0), 0);
        let r = all_rows(&d);
        prop_assert!(r.rows.iter().all(|row| row.flat == 0 && row.cum == 0));
    }

    #[test]
    fn folded_stacks_round_trip(text in folded()) {
        let p = perftui::formats::read_profile(text.as_bytes()).unwrap();
        let once = fold::folded(&p, 0, Granularity::Functions);
        let p2 = perftui::formats::read_profile(once.as_bytes()).unwrap();
        let twice = fold::folded(&p2, 0, Granularity::Functions);
        prop_assert_eq!(&once, &twice);
        prop_assert_eq!(p.sum(0), p2.sum(0));
    }

    #[test]
    fn the_union_tree_holds_each_profiles_own_values(a in folded(), b in folded()) {
        use std::collections::HashMap;
        use std::sync::Arc;
        let (pa, pb) = (
            perftui::formats::read_profile(a.as_bytes()).unwrap(),
            perftui::formats::read_profile(b.as_bytes()).unwrap(),
        );
        // Each profile's own tree, path by path.
        let paths = |p: &perftui::profile::Profile| -> HashMap<Vec<String>, i64> {
            let frames = FrameTable::new(p, Granularity::Functions);
            let trie = StackTrie::build(p, &frames, 0);
            (1..trie.len() as u32)
                .map(|id| {
                    let names = trie.path(id).iter().map(|&f| frames.name(f).to_string()).collect();
                    (names, trie.node(id).total)
                })
                .collect()
        };
        let (before, after) = (paths(&pa), paths(&pb));
        let d = merge::diff_base(pb, pa, false).unwrap();
        let an = perftui::explorer::analysis::analyze(&Arc::new(d), 0, &[], Granularity::Functions, true);
        let mut seen = 0;
        for id in 1..an.trie.len() as u32 {
            let path = an.path_names(id);
            let pair = an.pair(id).unwrap();
            prop_assert_eq!(pair.before, before.get(&path).copied().unwrap_or(0), "{:?}", path);
            prop_assert_eq!(pair.after, after.get(&path).copied().unwrap_or(0), "{:?}", path);
            seen += 1;
        }
        // The union: every path of either profile, once.
        let mut union: Vec<&Vec<String>> = before.keys().chain(after.keys()).collect();
        union.sort();
        union.dedup();
        prop_assert_eq!(seen, union.len());
        // And the delta table's values are the per-function differences.
        let diff = an.diff.as_ref().unwrap();
        for row in &an.top.rows {
            let f = diff.function(row.frame);
            prop_assert_eq!(f.flat.delta(), row.flat);
            prop_assert_eq!(f.cum.delta(), row.cum);
        }
    }
}
