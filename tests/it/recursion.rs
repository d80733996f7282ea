//! A deeply recursive real profile (`cpu_recursive.pb.gz`: a tree walk 42
//! levels deep, a recursive-descent evaluator 16 nestings deep): the
//! sandwich's numbers, the table-to-flame jump and `#` agree with
//! `go tool pprof -top` for every recursive function.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use perftui::explorer::View;
use perftui::profile::trie::ROOT;
use ratatui::crossterm::event::KeyCode;

use crate::common;
use crate::tui::{open, press, screen_text, select_in_top};

const FILE: &str = "pprof/cpu_recursive.pb.gz";

/// `go tool pprof -top`'s line of `name`: flat, flat%, cum, cum%.
fn pprof_line(name: &str) -> [String; 4] {
    let reference = common::reference("cpu_recursive.top.txt");
    let line = reference
        .lines()
        .find(|l| l.ends_with(&format!("  {name}")))
        .unwrap_or_else(|| panic!("{name} not in the reference"));
    let f: Vec<&str> = line.split_whitespace().collect();
    [f[0], f[1], f[3], f[4]].map(str::to_string)
}

const RECURSIVE: &[&str] = &[
    "perftui.test/recursive.Walk",
    "perftui.test/recursive.(*parser).expr",
    "perftui.test/recursive.(*parser).term",
    "perftui.test/recursive.(*parser).factor",
];

#[test]
fn the_profile_is_deeply_recursive() {
    let app = open(FILE, 120, 40);
    let a = app.analysis.clone().unwrap();
    let walk = a.frame_named(RECURSIVE[0]).unwrap();
    // The deepest chain of Walk frames on one stack.
    let mut deepest = 0;
    for id in 1..a.trie.len() as u32 {
        let (mut n, mut k) = (id, 0);
        while n != ROOT {
            k += usize::from(a.trie.node(n).frame == walk);
            n = a.trie.node(n).parent;
        }
        deepest = deepest.max(k);
    }
    assert!(deepest >= 40, "Walk recurses {deepest} deep");
}

#[test]
fn sandwich_numbers_of_recursive_functions_equal_pprof() {
    let mut app = open(FILE, 160, 40);
    for name in RECURSIVE {
        select_in_top(&mut app, name);
        let a = app.analysis.clone().unwrap();
        let row = a.top.rows[app.top_row().unwrap()].clone();
        press(&mut app, KeyCode::Char('3'));
        assert_eq!(app.view, View::Sandwich);
        let sw = app.sandwich.data.clone().unwrap();
        assert_eq!(a.frames.name(sw.frame), *name);
        // Flat is all of its own time however deep; cum each sample once.
        assert_eq!(sw.flat, row.flat, "{name} flat");
        assert_eq!(sw.cum(), row.cum, "{name} cum");
        // The callees tree is the same samples: its centre weighs the cum,
        // and the function's self time in it, over every depth, is the flat.
        let centre = sw.callees.children(ROOT)[0];
        assert_eq!(sw.callees.node(centre).total, row.cum, "{name}");
        let own: i64 = (1..sw.callees.len() as u32)
            .filter(|&id| sw.callees.node(id).frame == sw.frame)
            .map(|id| sw.callees.self_value(id))
            .sum();
        assert_eq!(own, row.flat, "{name} flat in the callees tree");
        // The callers tree: each sample once, at the outermost occurrence.
        let callers_centre = sw.callers.children(ROOT)[0];
        assert_eq!(sw.callers.node(callers_centre).total, row.cum);
        // And the header says pprof's numbers, token for token.
        let [flat, flat_pct, cum, cum_pct] = pprof_line(name);
        let screen = screen_text(&app);
        let want = format!("flat {flat} ({flat_pct}) │ cum {cum} ({cum_pct})");
        assert!(screen.contains(&want), "{name}: want {want}\n{screen}");
    }
}

#[test]
fn marking_a_recursive_function_counts_each_sample_once() {
    let mut app = open(FILE, 160, 40);
    select_in_top(&mut app, RECURSIVE[0]);
    press(&mut app, KeyCode::Char('#'));
    assert_eq!(app.view, View::Flame);
    let a = app.analysis.clone().unwrap();
    let mark = app.flame.mark.clone().unwrap();
    let walk = a.frame_named(RECURSIVE[0]).unwrap();
    let every: Vec<u32> = (1..a.trie.len() as u32)
        .filter(|&id| a.trie.node(id).frame == walk)
        .collect();
    assert_eq!(mark.instances.len(), every.len());
    assert!(mark.instances.len() > 40);
    let row = a.top.rows.iter().find(|r| r.frame == walk).unwrap();
    assert_eq!(mark.value, row.cum);
    let [_, _, _, cum_pct] = pprof_line(RECURSIVE[0]);
    let screen = screen_text(&app);
    let header: String = screen.lines().take(2).collect();
    let want = format!(
        "#recursive.Walk {} instances, {cum_pct} of total",
        every.len()
    );
    assert!(header.contains(&want), "want {want}\n{screen}");
}
