//! The benchmark view: rendered screens (insta snapshots of the real
//! corpus files) and its state changes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use perftui::bench::{formats, table};
use perftui::bench_view::{update, BenchApp, BenchMode, BenchMsg, SortBy};

pub fn view(files: &[&str]) -> BenchApp {
    let dir = common::data_dir();
    let inputs: Vec<formats::Input> = files
        .iter()
        .map(|f| formats::Input {
            path: dir.join(f),
            label: (*f).to_string(),
        })
        .collect();
    let loaded = formats::load(&inputs, u64::MAX).unwrap();
    let mut b = table::Builder::new(&table::Options::default()).unwrap();
    for r in &loaded.results {
        b.add(r);
    }
    BenchApp::new(b.finish(&loaded.units), files.join(" vs "))
}

pub fn screen(app: &mut BenchApp, w: u16, h: u16) -> String {
    perftui::tui::runtime::snapshot(app, w, h, Default::default())
}

#[test]
fn comparison_table_snapshot() {
    let mut app = view(&["bench/old.txt", "bench/new.txt"]);
    insta::assert_snapshot!("bench_diff_sec_op", screen(&mut app, 120, 30));
}

#[test]
fn sorted_by_change_the_selection_stays_on_its_benchmark() {
    let mut app = view(&["bench/old.txt", "bench/new.txt"]);
    update(&mut app, BenchMsg::CycleSort);
    assert_eq!(app.sort, SortBy::Delta);
    let s = screen(&mut app, 120, 30);
    let first = s.lines().nth(3).unwrap();
    assert!(first.starts_with(" Lookup/size=1000-2"), "{s}");
    // Then Validate (+17.18%), the only other regression.
    assert!(s.lines().nth(4).unwrap().starts_with(" Validate-2"), "{s}");
    assert!(
        s.contains("── Sum/size=100-2 · sec/op"),
        "still selected: {s}"
    );
    insta::assert_snapshot!("bench_diff_sorted_by_change", s);
}

#[test]
fn sorting_shows_the_top_of_the_new_order() {
    let mut app = view(&["bench/old.txt", "bench/new.txt"]);
    // A short screen: the table's body has room for a few rows only.
    update(
        &mut app,
        BenchMsg::Resize {
            width: 120,
            height: 16,
        },
    );
    let h = app.body_height();
    assert!(h < app.rows.len(), "{h}");
    for _ in 0..app.rows.len() {
        update(&mut app, BenchMsg::Move(1));
    }
    assert!(app.offset > 0);
    // Sorted by change: the worst regression first, selected and on screen.
    update(&mut app, BenchMsg::CycleSort);
    assert_eq!(app.sort, SortBy::Delta);
    assert_eq!((app.selected, app.offset), (0, 0));
    let t = app.current().unwrap();
    assert_eq!(t.rows[app.rows[0]], "Lookup/size=1000-2");
}

#[test]
fn the_geomean_row_follows_the_row_filter() {
    let mut app = view(&["bench/old.txt", "bench/new.txt"]);
    update(&mut app, BenchMsg::StartFilter);
    for c in "^Lookup".chars() {
        update(
            &mut app,
            BenchMsg::FilterEdit(perftui::tui::line_edit::Edit::Insert(c)),
        );
    }
    update(&mut app, BenchMsg::FilterAccept);
    let s = screen(&mut app, 120, 30);
    // benchstat -filter '.name:Lookup .unit:sec/op' on the same files.
    let reference = common::reference("benchstat_filter_lookup_secop.txt");
    let want: Vec<&str> = reference
        .lines()
        .find(|l| l.starts_with("geomean"))
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(want, ["geomean", "8.291n", "86.77n", "+946.59%"]);
    let got: Vec<&str> = s
        .lines()
        .find(|l| l.trim_start().starts_with("geomean"))
        .unwrap_or_else(|| panic!("no geomean row:\n{s}"))
        .split_whitespace()
        .collect();
    assert_eq!(got, want, "{s}");
}

#[test]
fn single_file_shows_medians_and_sample_sparklines() {
    let mut app = view(&["bench/jsonish_before.txt"]);
    insta::assert_snapshot!("bench_open_single", screen(&mut app, 100, 20));
}

#[test]
fn throughput_tables_colour_a_drop_as_worse() {
    let mut app = view(&["bench/old.txt", "bench/new.txt"]);
    // sec/op, B/op, allocs/op, B/s: the fourth table.
    for _ in 0..3 {
        update(&mut app, BenchMsg::Table(true));
    }
    let t = app.current().unwrap();
    assert_eq!(t.unit, "B/s");
    let validate = t.rows.iter().position(|r| r == "Validate-2").unwrap();
    let parse = t.rows.iter().position(|r| r == "ParseInts-2").unwrap();
    use perftui::bench_view::Verdict;
    assert_eq!(app.verdict(validate, 1), Some(Verdict::Worse));
    assert_eq!(app.verdict(parse, 1), Some(Verdict::Better));
    let area = ratatui::layout::Rect::new(0, 0, 120, 30);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    update(
        &mut app,
        BenchMsg::Resize {
            width: 120,
            height: 30,
        },
    );
    perftui::ui::bench_view::render(&app, area, &mut buf);
    let row_y = 3 + validate as u16;
    let line: String = (0..120)
        .map(|x| buf[(x, row_y)].symbol().to_string())
        .collect();
    let x = line.find("-14.61%").unwrap();
    let x = line[..x].chars().count() as u16;
    assert_eq!(buf[(x, row_y)].fg, perftui::ui::bench_view::WORSE, "{line}");
}

#[test]
fn filter_tables_columns_and_clicks() {
    let mut app = view(&["bench/old.txt", "bench/new.txt"]);
    update(
        &mut app,
        BenchMsg::Resize {
            width: 120,
            height: 30,
        },
    );
    update(&mut app, BenchMsg::StartFilter);
    for c in "^Lookup".chars() {
        update(
            &mut app,
            BenchMsg::FilterEdit(perftui::tui::line_edit::Edit::Insert(c)),
        );
    }
    update(&mut app, BenchMsg::FilterAccept);
    assert_eq!(app.mode, BenchMode::Normal);
    assert_eq!(app.rows.len(), 2);
    // The filter holds across tables.
    update(&mut app, BenchMsg::Table(true));
    assert_eq!(app.rows.len(), 2);
    update(&mut app, BenchMsg::FilterCancel);
    assert_eq!(app.rows.len(), 13);
    // Clicking the third body row selects it.
    update(&mut app, BenchMsg::Click { row: 5 });
    assert_eq!(app.selected, 2);
    // Two files: there is no other column to compare.
    update(&mut app, BenchMsg::Column(true));
    assert!(app.status.as_deref().unwrap().contains("three inputs"));
    update(&mut app, BenchMsg::Jump(true));
    assert_eq!(app.selected, 12);
    let e = update(&mut app, BenchMsg::Quit);
    assert!(matches!(e[..], [perftui::tui::Effect::Close]));
}

#[test]
fn three_inputs_compare_each_with_the_first() {
    let mut app = view(&["bench/old.txt", "bench/new.txt", "bench/count1_new.txt"]);
    let t = app.current().unwrap();
    assert_eq!(t.cols.len(), 3);
    update(&mut app, BenchMsg::Column(true));
    assert_eq!(app.focus_col, 2);
    update(&mut app, BenchMsg::Column(true));
    assert_eq!(app.focus_col, 1);
}

#[test]
fn open_and_diff_pick_the_benchmark_view_for_benchmark_files() {
    let out = common::perftui(&[
        "diff",
        "bench/old.txt",
        "bench/new.txt",
        "--snapshot",
        "100x24",
    ]);
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("bench/old.txt vs bench/new.txt"), "{s}");
    assert!(s.contains("-91.87%"), "{s}");
    let out = common::perftui(&[
        "open",
        "bad/bench_garbage_nan_negative.txt",
        "--snapshot",
        "100x24",
    ]);
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("2 malformed line(s) skipped"), "{s}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("bad/bench_garbage_nan_negative.txt:12: parsing iteration count"),
        "{err}"
    );
}

#[test]
fn tiny_terminals_never_panic() {
    use perftui::bench_view::BenchMode;
    for mode in [BenchMode::Normal, BenchMode::Help { scroll: 0 }] {
        for (w, h) in [(1, 1), (3, 2), (10, 3), (20, 5), (40, 10)] {
            let mut app = view(&["bench/old.txt", "bench/new.txt"]);
            app.mode = mode.clone();
            let _ = screen(&mut app, w, h);
            update(&mut app, BenchMsg::Chart);
            let _ = screen(&mut app, w, h);
            update(&mut app, BenchMsg::Chart);
            let _ = screen(&mut app, w, h);
        }
    }
}

#[test]
fn a_successful_reload_clears_the_last_failure() {
    use perftui::bench_view::{BenchWatch, NewTables};
    let mut app = view(&["bench/old.txt", "bench/new.txt"]);
    app.watch = Some(BenchWatch::new(vec!["bench/old.txt".into()], None));
    // What a reload job reports: a failure, then good tables.
    let generation = |app: &BenchApp| app.watch.as_ref().unwrap().generation;
    update(&mut app, BenchMsg::Reload);
    let g = generation(&app);
    update(
        &mut app,
        BenchMsg::Reloaded {
            generation: g,
            result: Err("bench/old.txt: truncated".into()),
            at: "10:00:00".into(),
            progress: None,
        },
    );
    let s = screen(&mut app, 120, 30);
    assert!(s.contains("reload failed: bench/old.txt: truncated"), "{s}");
    let again = view(&["bench/old.txt", "bench/new.txt"]);
    let tables = NewTables(std::sync::Arc::new(again.tables.clone()));
    // A change on disk (not a key, which clears any message itself).
    update(&mut app, BenchMsg::SourceChanged);
    let g = generation(&app);
    update(
        &mut app,
        BenchMsg::Reloaded {
            generation: g,
            result: Ok(tables),
            at: "10:00:05".into(),
            progress: None,
        },
    );
    assert!(app.watch.as_ref().unwrap().error.is_none());
    assert!(
        app.status.as_ref().is_none_or(|s| !s.error),
        "{:?}",
        app.status
    );
    let s = screen(&mut app, 120, 30);
    assert!(!s.contains("reload failed"), "{s}");
    assert!(s.contains("reloaded 10:00:05"), "{s}");
}

#[test]
fn a_live_runs_progress_and_failure_draw_at_any_size() {
    use perftui::bench_view::live::LiveRun;
    use perftui::run::progress::{Control, State};
    let control = Control::new(Default::default());
    control.plan(3, 6);
    control.run_starts(2, "HEAD~1");
    control.set_state(State::Failed {
        what: "HEAD~1: sh exited with exit status: 3".into(),
        tail: vec!["first line".into(), "the last words".into()],
    });
    let live = |app: &mut BenchApp| app.live = Some(LiveRun::new(control.clone(), false));
    for (w, h) in [(1, 1), (3, 2), (10, 3), (20, 5), (40, 10)] {
        let mut app = view(&["bench/old.txt", "bench/new.txt"]);
        live(&mut app);
        let _ = screen(&mut app, w, h);
    }
    let mut app = view(&["bench/old.txt", "bench/new.txt"]);
    live(&mut app);
    let s = screen(&mut app, 120, 30);
    let first = s.lines().next().unwrap();
    assert!(first.contains("failed in round 2/3: 0 runs"), "{s}");
    assert!(s.contains("the benchmark command failed"), "{s}");
    assert!(s.contains("HEAD~1: sh exited with exit status: 3"), "{s}");
    assert!(
        s.contains("first line") && s.contains("the last words"),
        "{s}"
    );
    // The runs are over: p says so rather than pausing anything.
    let effects = update(&mut app, BenchMsg::Pause);
    assert!(effects.is_empty());
    assert!(screen(&mut app, 120, 30).contains("the runs are over"));
}
