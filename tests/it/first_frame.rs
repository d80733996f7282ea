//! The first frame of a large profile comes from a flame tree built only as
//! far as it is drawn (`profile::visible_trie`), completed afterwards: it
//! must draw exactly what the whole tree draws, with the same values, and
//! searches and marks on it must count what they count on the whole tree.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::process::Command;
use std::sync::Arc;

use perftui::explorer::analysis::{self, FilterStep};
use perftui::explorer::layout::flame_cells;
use perftui::profile::diff::{self, DiffTree};
use perftui::profile::frames::{FrameTable, Granularity};
use perftui::profile::trie::{StackTrie, ROOT};
use perftui::profile::{merge, visible_trie, Profile};

use super::common;

fn load(rel: &str) -> Profile {
    perftui::formats::load_file(&common::data_dir().join(rel)).unwrap()
}

/// Frame names from the root down to `id`.
fn path(trie: &StackTrie, frames: &FrameTable, id: u32) -> Vec<String> {
    trie.path(id)
        .into_iter()
        .map(|f| frames.name(f).to_string())
        .collect()
}

/// The drawn cells as (path, level, x, width).
fn drawn(trie: &StackTrie, frames: &FrameTable, width: u16) -> Vec<(Vec<String>, u32, u16, u16)> {
    flame_cells(trie, ROOT, width, u32::MAX)
        .into_iter()
        .map(|c| (path(trie, frames, c.node), c.level, c.x, c.width))
        .collect()
}

#[test]
fn the_first_frames_tree_draws_what_the_whole_tree_draws_with_the_same_values() {
    // Real profiles: deep recursion (60k samples), a small CPU profile, a
    // heap profile's second type.
    for (file, index) in [
        ("pprof/cpu_large_real.pb.gz", 1),
        ("pprof/cpu_recursive.pb.gz", 0),
        ("pprof/heap.pb.gz", 1),
    ] {
        let p = load(file);
        let frames = FrameTable::new(&p, Granularity::Functions);
        let whole = StackTrie::build(&p, &frames, index);
        assert!(whole.is_complete());
        let by_path: HashMap<Vec<String>, u32> = (0..whole.len() as u32)
            .map(|id| (path(&whole, &frames, id), id))
            .collect();
        for width in [1u16, 37, 160, 401] {
            let first = visible_trie::build(&p, &frames, index, width);
            assert_eq!(
                drawn(&first, &frames, width),
                drawn(&whole, &frames, width),
                "{file} at {width} columns"
            );
            if whole.len() > 400 {
                assert!(
                    !first.is_complete() && first.len() < whole.len(),
                    "{file} at {width}: {} of {} nodes",
                    first.len(),
                    whole.len()
                );
            }
            for id in 0..first.len() as u32 {
                let n = first.node(id);
                let wid = by_path[&path(&first, &frames, id)];
                let w = whole.node(wid);
                assert_eq!(
                    (n.total, first.depth(id)),
                    (w.total, whole.depth(wid)),
                    "{file} node {id}"
                );
                if first.is_expanded(id) {
                    assert_eq!(
                        first.self_value(id),
                        whole.self_value(by_path[&path(&first, &frames, id)]),
                        "{file} node {id}"
                    );
                    assert_eq!(
                        first.children(id).len(),
                        whole.children(by_path[&path(&first, &frames, id)]).len()
                    );
                }
                assert!(id == ROOT || n.parent < id, "parents come first");
            }
        }
    }
}

#[test]
fn a_diffs_first_tree_draws_what_its_whole_tree_draws_with_both_values() {
    // The real before/after pair, and two unrelated real profiles: paths
    // only in one, deep recursion on one side.
    for (before, after) in [
        ("pprof/cpu_before.pb.gz", "pprof/cpu_after.pb.gz"),
        ("pprof/cpu_recursive.pb.gz", "pprof/cpu_large_real.pb.gz"),
    ] {
        let d = merge::diff_base(load(after), load(before), false).unwrap();
        let frames = FrameTable::new(&d, Granularity::Functions);
        let index = d.sample_types.len() - 1;
        let (whole, wtree) = DiffTree::build(&d, &frames, index);
        let by_path: HashMap<Vec<String>, u32> = (0..whole.len() as u32)
            .map(|id| (path(&whole, &frames, id), id))
            .collect();
        for width in [1u16, 37, 160, 401] {
            let (first, ftree) = DiffTree::build_visible(&d, &frames, index, width);
            assert_eq!(
                drawn(&first, &frames, width),
                drawn(&whole, &frames, width),
                "{after} at {width} columns"
            );
            assert!(
                !first.is_complete() && first.len() < whole.len(),
                "{after} at {width}: {} of {} nodes",
                first.len(),
                whole.len()
            );
            for id in 0..first.len() as u32 {
                let wid = by_path[&path(&first, &frames, id)];
                assert_eq!(
                    ftree.total(&first, id),
                    wtree.total(&whole, wid),
                    "{after} at {width}, node {id}"
                );
                if first.is_expanded(id) {
                    assert_eq!(
                        ftree.self_value(&first, id),
                        wtree.self_value(&whole, wid),
                        "{after} at {width}, node {id}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_diffs_function_table_is_each_profiles_own_top() {
    let (before, after) = ("pprof/cpu_before.pb.gz", "pprof/cpu_after.pb.gz");
    let d = merge::diff_base(load(after), load(before), false).unwrap();
    let frames = FrameTable::new(&d, Granularity::Functions);
    let functions = diff::functions(&d, &frames, 1);
    let frame_named = |name: &str| {
        (0..frames.len() as u32)
            .find(|&f| frames.name(f) == name)
            .unwrap()
    };
    for (file, side) in [(before, 0), (after, 1)] {
        let own = analysis::analyze(&Arc::new(load(file)), 1, &[], Granularity::Functions, false);
        assert!(own.top.rows.len() > 50, "{file}");
        for row in &own.top.rows {
            let f = functions[frame_named(&row.name) as usize];
            let (flat, cum) = if side == 0 {
                (f.flat.before, f.cum.before)
            } else {
                (f.flat.after, f.cum.after)
            };
            assert_eq!((flat, cum), (row.flat, row.cum), "{file}: {}", row.name);
        }
    }
}

#[test]
fn searches_on_the_first_analysis_count_what_they_count_on_the_whole_one() {
    let p = Arc::new(load("pprof/cpu_large_real.pb.gz"));
    assert!(p.samples.total_stack_len() > analysis::PARTIAL_ABOVE);
    let steps: Vec<FilterStep> = Vec::new();
    let first = Arc::new(analysis::analyze_first(
        &p,
        1,
        &steps,
        Granularity::Functions,
        false,
        None,
        160,
    ));
    assert!(!first.trie.is_complete(), "a large profile starts partial");
    let whole = analysis::complete(&p, &steps, &first);
    assert!(whole.trie.is_complete());
    let reference = analysis::analyze(&p, 1, &steps, Granularity::Functions, false);
    assert_eq!(whole.trie.len(), reference.trie.len());
    assert_eq!(whole.frame_labels, reference.frame_labels);
    // The first table leaves pprof's inline markers to the completion.
    assert_eq!(
        format!("{:?}", whole.top.rows),
        format!("{:?}", reference.top.rows)
    );
    assert_eq!(
        first
            .top
            .rows
            .iter()
            .map(|r| (r.frame, r.flat, r.cum))
            .collect::<Vec<_>>(),
        reference
            .top
            .rows
            .iter()
            .map(|r| (r.frame, r.flat, r.cum))
            .collect::<Vec<_>>()
    );
    for pattern in [
        "main",
        "runtime",
        "p7",
        "^main\\.p1$",
        "nothing-matches-this",
    ] {
        let re = analysis::compile_search(pattern).unwrap();
        let a = analysis::search(&first, &re);
        let b = analysis::search(&whole, &re);
        assert_eq!(a, b, "/{pattern}/");
    }
    assert!(analysis::search(&whole, &analysis::compile_search("main").unwrap()).value > 0);
}

#[test]
fn the_first_frame_on_the_command_line_is_the_settled_one_but_for_the_busy_note() {
    let run = |first: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_perftui"));
        c.args(["open", "--snapshot", "120x30", "pprof/cpu_large_real.pb.gz"])
            .current_dir(common::data_dir())
            .env("TZ", "UTC");
        if first {
            c.env("PERFTUI_FIRST_FRAME", "1");
        }
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let (first, settled) = (run(true), run(false));
    assert!(first.contains("building the flame graph…"), "{first}");
    assert!(!settled.contains("building the flame graph…"), "{settled}");
    let strip = |s: &str| {
        s.replace("building the flame graph…", "")
            .lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&first), strip(&settled));
    assert!(settled.contains("main"), "{settled}");
}

/// The explorer's first analysis, partial, with the user four levels down
/// the hottest path of it (the node selected), and the effects after it.
fn first_analysis_walked(
    app: &mut perftui::explorer::App,
) -> (Arc<analysis::Analysis>, u32, Vec<perftui::tui::Effect>) {
    (app.width, app.height) = (120, 40);
    let first = perftui::explorer::job::Job::run(app.analysis_job());
    let effects = perftui::explorer::update(app, first);
    let a = app.analysis.clone().unwrap();
    assert!(!a.trie.is_complete());
    assert_eq!(app.busy.as_deref(), Some("building the flame graph…"));
    let mut node = ROOT;
    for _ in 0..4 {
        node = *a
            .trie
            .children(node)
            .iter()
            .max_by_key(|&&c| a.trie.node(c).total)
            .unwrap();
    }
    app.flame.selected = node;
    (a, node, effects)
}

/// Runs the background work `effects` start, to the whole analysis.
fn completed(
    app: &mut perftui::explorer::App,
    effects: Vec<perftui::tui::Effect>,
) -> Arc<analysis::Analysis> {
    let msgs = perftui::explorer::run_jobs(effects);
    assert!(!msgs.is_empty(), "the completion is a job");
    for m in msgs {
        let more = perftui::explorer::update(app, m);
        perftui::explorer::run_jobs(more);
    }
    let whole = app.analysis.clone().unwrap();
    assert!(whole.trie.is_complete());
    assert_eq!(app.busy, None);
    whole
}

#[test]
fn the_explorer_shows_the_first_tree_then_completes_it_where_the_user_stands() {
    let p = load("pprof/cpu_large_real.pb.gz");
    let (mut app, _) =
        perftui::explorer::App::new(p, "cpu".into(), None, Granularity::Functions).unwrap();
    let (a, node, effects) = first_analysis_walked(&mut app);
    let walked = a.path_names(node);
    let whole = completed(&mut app, effects);
    assert_eq!(whole.path_names(app.flame.selected), walked);
    assert_eq!(
        whole.trie.node(app.flame.selected).total,
        a.trie.node(node).total
    );
}

#[test]
fn a_diff_explorer_shows_the_first_tree_then_completes_it_with_the_same_pairs() {
    let d = merge::diff_base(
        load("pprof/cpu_large_real.pb.gz"),
        load("pprof/cpu_recursive.pb.gz"),
        false,
    )
    .unwrap();
    let (mut app, _) = perftui::explorer::App::new_diff(
        d,
        "cpu_recursive.pb.gz".into(),
        "cpu_large_real.pb.gz".into(),
        None,
        Default::default(),
    )
    .unwrap();
    let (a, node, effects) = first_analysis_walked(&mut app);
    let walked = a.path_names(node);
    let whole = completed(&mut app, effects);
    assert_eq!(whole.path_names(app.flame.selected), walked);
    assert_eq!(whole.pair(app.flame.selected), a.pair(node));
    assert_eq!(whole.pair(ROOT), a.pair(ROOT));
}
