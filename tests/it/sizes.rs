//! Every view at 80×24, 60×20 and 40×10: each still shows its name column
//! and at least one data row, the totals are whole, and nothing overlaps
//! (snapshots of each, reviewed when accepted).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ratatui::crossterm::event::KeyCode;

use crate::tui::{open, press, screen_text};

const SIZES: [(u16, u16); 3] = [(80, 24), (60, 20), (40, 10)];

fn check(name: &str, (w, h): (u16, u16), screen: &str, must: &[&str]) {
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(lines.len(), usize::from(h), "{name}: {screen}");
    for l in &lines {
        assert!(
            l.chars().count() <= usize::from(w),
            "{name}: too wide: {l:?}"
        );
    }
    for m in must {
        assert!(screen.contains(m), "{name} at {w}x{h}: no {m:?}\n{screen}");
    }
    insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
}

/// Rows under a title row that `title` identifies.
fn data_rows_after<'a>(screen: &'a str, title: &str) -> Vec<&'a str> {
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains(title))
        .unwrap_or(lines.len());
    lines[(at + 1).min(lines.len())..]
        .iter()
        .copied()
        .take_while(|l| !l.trim().is_empty())
        .collect()
}

#[test]
fn explorer_views_at_every_size() {
    for size in SIZES {
        let mut app = open("pprof/cpu_before.pb.gz", size.0, size.1);
        check(
            "flame",
            size,
            &screen_text(&app),
            &["cpu 15.33s", "root", "main.main.func1"],
        );
        press(&mut app, KeyCode::Char('2'));
        let s = screen_text(&app);
        check("top", size, &s, &["cpu 15.33s", "name", "mallocgc"]);
        assert!(!data_rows_after(&s, "name").is_empty(), "{s}");
        press(&mut app, KeyCode::Char('3'));
        check(
            "sandwich",
            size,
            &screen_text(&app),
            &["cpu 15.33s", "mallocgc"],
        );

        let mut heap = open("pprof/heap.pb.gz", size.0, size.1);
        press(&mut heap, KeyCode::Char('2'));
        check(
            "heap_top",
            size,
            &screen_text(&heap),
            &["40048.61kB", "name", "buildCache"],
        );

        let mut g = open("pprof/goroutine.pb.gz", size.0, size.1);
        press(&mut g, KeyCode::Char('4'));
        check(
            "goroutines",
            size,
            &screen_text(&g),
            &["goroutine 161", "100", "main.recvWorker"],
        );
    }
}

#[test]
fn diff_views_at_every_size() {
    for size in SIZES {
        let mut app = crate::diff_view::open_diff(size.0, size.1, false);
        // The totals, before → after (Δ%), are never cut.
        check(
            "diff_flame",
            size,
            &screen_text(&app),
            &["15.33s → 15.16s (-1.11%)", "root"],
        );
        press(&mut app, KeyCode::Char('2'));
        let s = screen_text(&app);
        check("diff_top", size, &s, &["15.33s → 15.16s (-1.11%)", "name"]);
        assert!(!data_rows_after(&s, "name").is_empty(), "{s}");
        press(&mut app, KeyCode::Char('3'));
        check(
            "diff_side_by_side",
            size,
            &screen_text(&app),
            &["15.33s → 15.16s (-1.11%)"],
        );
    }
}

#[test]
fn benchmark_and_run_views_at_every_size() {
    for size in SIZES {
        let mut cmp = crate::bench_view::view(&["bench/old.txt", "bench/new.txt"]);
        let s = crate::bench_view::screen(&mut cmp, size.0, size.1);
        check("bench_compare", size, &s, &["Sum/size=100-2", "vs base"]);
        let mut one = crate::bench_view::view(&["bench/new.txt"]);
        let s = crate::bench_view::screen(&mut one, size.0, size.1);
        check("bench_single", size, &s, &["Sum/size=100-2", "new.txt"]);
        let mut runs = crate::common::runs_summary();
        let s = perftui::tui::runtime::snapshot(&mut runs, size.0, size.1, Default::default());
        check(
            "runs",
            size,
            &s,
            &["before", "after", "cpu.pb.gz", "4.19s", "3.80s"],
        );
    }
}
