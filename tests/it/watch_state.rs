//! `--watch` in the explorer's state machine: a reload keeps the place by
//! path (selection, zoom, view, sample type, search, filters), a vanished
//! frame falls back to its nearest surviving ancestor, a failed reload
//! keeps the old profile and says why, and z / r / d do what they say.
//! Reloads run in place (`update_sync`), reading real files from a temp dir.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;
use crate::tui;

use std::path::Path;
use std::sync::Arc;

use common::TempDir;
use perftui::explorer::state::WatchState;
use perftui::explorer::{run_jobs, run_sync, update, update_sync, App, Msg, View};
use perftui::input::Source;
use perftui::profile::trie::ROOT;
use ratatui::crossterm::event::KeyCode;
use tui::{press, selected_name, type_text};

fn copy(from: &str, to: &Path) {
    std::fs::copy(common::data_dir().join(from), to).unwrap();
}

/// The explorer on `file` with `--watch`, as `perftui open --watch` makes it.
fn watched(file: &Path) -> App {
    let source = Source::Inputs(vec![file.display().to_string()]);
    let p = perftui::input::Loader::default().source(&source).unwrap();
    let (mut app, job) = App::new(p, "f".into(), None, Default::default()).unwrap();
    app.watch = Some(WatchState::new(source, Some(Arc::clone(&app.profile))));
    run_sync(&mut app, vec![job]);
    update_sync(
        &mut app,
        Msg::Resize {
            width: 160,
            height: 48,
        },
    );
    app
}

fn path_of_selection(app: &App) -> Vec<String> {
    let a = app.analysis.as_ref().unwrap();
    a.path_names(app.flame.selected)
}

#[test]
fn a_reload_keeps_selection_zoom_search_filters_and_sample_type_by_path() {
    let dir = TempDir::new("watch-keep");
    let f = dir.0.join("cpu.pb.gz");
    copy("pprof/cpu_before.pb.gz", &f);
    let mut app = watched(&f);
    // A filter, a zoom, a selection below it, a search, the nanoseconds type.
    press(&mut app, KeyCode::Char('F'));
    for _ in 0..80 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "jsonish");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "parseObject");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('j'));
    let zoom_path = app
        .analysis
        .as_ref()
        .unwrap()
        .path_names(app.flame.zoom_root());
    let selected = path_of_selection(&app);
    assert!(selected.len() > zoom_path.len(), "{selected:?}");
    let index = app.sample_index;
    let before_total = app.type_totals[index];

    copy("pprof/cpu_after.pb.gz", &f);
    update_sync(&mut app, Msg::SourceChanged);

    let w = app.watch.as_ref().unwrap();
    assert!(w.error.is_none() && w.last_reload.is_some());
    // The numbers are the new file's (pprof: 15.16s total after, 15.33s before).
    assert_eq!(w.total_change, Some((before_total, 15_160_000_000)));
    assert_eq!(app.type_totals[index], 15_160_000_000);
    assert_eq!(app.sample_index, index);
    let a = app.analysis.clone().unwrap();
    assert_eq!(a.path_names(app.flame.zoom_root()), zoom_path);
    assert_eq!(path_of_selection(&app), selected);
    assert_eq!(app.filters.len(), 1);
    assert_eq!(app.filters[0].describe(), "focus=jsonish");
    let s = app.search.as_ref().unwrap();
    assert_eq!(s.pattern, "parseObject");
    assert!(s.hits.is_some(), "the search ran again on the new profile");
    assert!(app.is_match(a.trie.node(app.flame.zoom_root()).frame));
    assert_eq!(app.view, View::Flame);
}

#[test]
fn a_vanished_frame_falls_back_to_its_nearest_surviving_ancestor() {
    let dir = TempDir::new("watch-vanish");
    let f = dir.0.join("cpu.pb.gz");
    copy("pprof/cpu_before.pb.gz", &f);
    let mut app = watched(&f);
    // runtime.concatstrings exists only before the optimisation.
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "^runtime\\.concatstrings$");
    press(&mut app, KeyCode::Enter);
    assert_eq!(selected_name(&app), "runtime.concatstrings");
    let path = path_of_selection(&app);
    copy("pprof/cpu_after.pb.gz", &f);
    update_sync(&mut app, Msg::SourceChanged);
    let now = path_of_selection(&app);
    assert!(now.len() < path.len(), "{now:?}");
    assert_eq!(
        now[..],
        path[..now.len()],
        "an ancestor of the old selection"
    );
    // The deepest one that survived: one step further does not exist.
    let a = app.analysis.as_ref().unwrap();
    assert_eq!(a.find_path(&path[..=now.len()]), app.flame.selected);
}

#[test]
fn a_failed_reload_keeps_the_old_profile_and_records_the_error() {
    let dir = TempDir::new("watch-fail");
    let f = dir.0.join("cpu.pb.gz");
    copy("pprof/cpu_before.pb.gz", &f);
    let mut app = watched(&f);
    let profile = Arc::clone(&app.profile);
    let analysis = Arc::clone(app.analysis.as_ref().unwrap());
    let selected = app.flame.selected;
    // Half a file, as a writer caught mid-way leaves it.
    let bytes = std::fs::read(common::data_dir().join("pprof/cpu_after.pb.gz")).unwrap();
    std::fs::write(&f, &bytes[..bytes.len() / 2]).unwrap();
    update_sync(&mut app, Msg::SourceChanged);
    assert!(Arc::ptr_eq(&app.profile, &profile), "the old profile stays");
    assert!(Arc::ptr_eq(app.analysis.as_ref().unwrap(), &analysis));
    assert_eq!(app.flame.selected, selected);
    let status = app.status.clone().unwrap();
    assert!(status.error);
    assert!(
        status
            .text
            .starts_with(&format!("reload failed: {}: ", f.display())),
        "{}",
        status.text
    );
    let w = app.watch.as_ref().unwrap();
    assert!(w.error.as_ref().unwrap().contains("cpu.pb.gz"));
    // The next change retries and recovers.
    std::fs::write(&f, &bytes).unwrap();
    update_sync(&mut app, Msg::SourceChanged);
    assert!(app.watch.as_ref().unwrap().error.is_none());
    assert_eq!(app.type_totals[app.sample_index], 15_160_000_000);
    // ...and the failure's message is gone from the status bar too.
    assert!(
        app.status.as_ref().is_none_or(|s| !s.error),
        "{:?}",
        app.status
    );
    let screen = perftui::tui::runtime::snapshot(&mut app, 120, 30, Default::default());
    assert!(!screen.contains("reload failed"), "{screen}");
}

#[test]
fn a_stale_reload_result_is_dropped() {
    let dir = TempDir::new("watch-stale");
    let f = dir.0.join("cpu.pb.gz");
    copy("pprof/cpu_before.pb.gz", &f);
    let mut app = watched(&f);
    let first = update(&mut app, Msg::SourceChanged);
    copy("pprof/cpu_after.pb.gz", &f);
    let second = update(&mut app, Msg::SourceChanged);
    // The newer one finishes first; the older one's result then arrives.
    for msg in run_jobs(second) {
        update_sync(&mut app, msg);
    }
    assert_eq!(app.type_totals[app.sample_index], 15_160_000_000);
    for msg in run_jobs(first) {
        update_sync(&mut app, msg);
    }
    assert_eq!(app.type_totals[app.sample_index], 15_160_000_000);
}

#[test]
fn freeze_reload_and_diff_against_the_previous_read() {
    let dir = TempDir::new("watch-keys");
    let f = dir.0.join("cpu.pb.gz");
    copy("pprof/cpu_before.pb.gz", &f);
    let mut app = watched(&f);
    // d needs a previous read.
    press(&mut app, KeyCode::Char('d'));
    assert!(app
        .status
        .as_ref()
        .unwrap()
        .text
        .contains("no previous read"));
    // Frozen: a change is noted, not loaded.
    press(&mut app, KeyCode::Char('z'));
    copy("pprof/cpu_after.pb.gz", &f);
    assert!(update(&mut app, Msg::SourceChanged).is_empty());
    assert!(app.watch.as_ref().unwrap().missed);
    assert_eq!(app.type_totals[app.sample_index], 15_330_000_000);
    // Unfreezing loads what changed meanwhile.
    press(&mut app, KeyCode::Char('z'));
    assert_eq!(app.type_totals[app.sample_index], 15_160_000_000);
    // r reloads by hand (same file, same numbers, a new time).
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(
        app.watch.as_ref().unwrap().total_change,
        Some((15_160_000_000, 15_160_000_000))
    );
    // d: the latest read against the previous one, as a diff.
    copy("pprof/cpu_before.pb.gz", &f);
    press(&mut app, KeyCode::Char('r'));
    press(&mut app, KeyCode::Char('d'));
    let diff = app.diff.as_ref().expect("a diff");
    assert_eq!(diff.before, "previous read");
    let a = app.analysis.clone().unwrap();
    let root = a.pair(ROOT).unwrap();
    assert_eq!((root.before, root.after), (15_160_000_000, 15_330_000_000));
    // And back.
    press(&mut app, KeyCode::Char('d'));
    assert!(app.diff.is_none());
    assert!(app.analysis.as_ref().unwrap().diff.is_none());
}

#[test]
fn watch_keys_outside_watch_mode_say_so() {
    let mut app = tui::open("pprof/cpu_before.pb.gz", 80, 24);
    for k in ['z', 'r', 'd'] {
        press(&mut app, KeyCode::Char(k));
        assert!(app.status.as_ref().unwrap().text.contains("--watch"));
    }
}

#[test]
fn a_watched_diff_reloads_both_sides() {
    let dir = TempDir::new("watch-diff");
    let (b, a) = (dir.0.join("before.pb.gz"), dir.0.join("after.pb.gz"));
    copy("pprof/cpu_before.pb.gz", &b);
    copy("pprof/cpu_before.pb.gz", &a);
    let source = Source::Diff {
        before: b.display().to_string(),
        after: a.display().to_string(),
        normalize: false,
    };
    let (mut app, job) = App::new_diff(
        perftui::input::Loader::default().source(&source).unwrap(),
        "before".into(),
        "after".into(),
        None,
        Default::default(),
    )
    .unwrap();
    app.watch = Some(WatchState::new(source, None));
    run_sync(&mut app, vec![job]);
    let root = app.analysis.as_ref().unwrap().pair(ROOT).unwrap();
    assert_eq!(root.delta(), 0);
    copy("pprof/cpu_after.pb.gz", &a);
    update_sync(&mut app, Msg::SourceChanged);
    let root = app.analysis.as_ref().unwrap().pair(ROOT).unwrap();
    assert_eq!((root.before, root.after), (15_330_000_000, 15_160_000_000));
    assert!(app.diff.is_some(), "still a diff");
}

#[test]
fn a_growing_benchmark_file_is_read_up_to_its_last_complete_line() {
    use perftui::bench_view::{BenchApp, BenchWatch};
    let dir = TempDir::new("watch-bench");
    let f = dir.0.join("bench.txt");
    let full = std::fs::read_to_string(common::data_dir().join("bench/new.txt")).unwrap();
    // Cut in the middle of a result line: "BenchmarkX-2  	 1000	  12" would
    // read as 12 ns/op if taken whole.
    let cut = full.find(" ns/op").unwrap() - 2;
    std::fs::write(&f, &full[..cut]).unwrap();
    let files = vec![f.display().to_string()];
    let partial = perftui::input::Loader::default()
        .benchmarks(&files, &Default::default(), true)
        .map(|t| t.0)
        .unwrap();
    let n_partial: usize = partial.tables.iter().map(|t| t.rows.len()).sum();
    assert_eq!(n_partial, 0, "the half-written line is left for later");
    std::fs::write(&f, &full).unwrap();
    let tables = perftui::input::Loader::default()
        .benchmarks(&files, &Default::default(), true)
        .map(|t| t.0)
        .unwrap();
    let expected = perftui::input::Loader::default()
        .benchmarks(&files, &Default::default(), false)
        .map(|t| t.0)
        .unwrap();
    assert_eq!(tables.tables.len(), expected.tables.len());
    assert_eq!(tables.tables[0].rows, expected.tables[0].rows);

    // The view keeps its table and benchmark across a reload.
    let mut app = BenchApp::new(expected.clone(), "t".into());
    app.watch = Some(BenchWatch::new(files, None));
    perftui::bench_view::update(&mut app, perftui::bench_view::BenchMsg::Table(true));
    perftui::bench_view::update(&mut app, perftui::bench_view::BenchMsg::Move(2));
    let name = app.current().unwrap().rows[app.selected_row().unwrap()].clone();
    let table = app.table;
    app.replace_tables(tables);
    assert_eq!(app.table, table);
    assert_eq!(
        app.current().unwrap().rows[app.selected_row().unwrap()],
        name
    );
}

#[test]
fn the_status_bar_shows_the_last_reload_and_the_change_of_the_total() {
    let dir = TempDir::new("watch-status");
    let f = dir.0.join("cpu.pb.gz");
    copy("pprof/cpu_before.pb.gz", &f);
    let mut app = watched(&f);
    update_sync(
        &mut app,
        Msg::Resize {
            width: 140,
            height: 30,
        },
    );
    let status_row = |app: &App| {
        let t = tui::draw(app);
        let text = perftui::tui::runtime::buffer_text(t.backend().buffer());
        text.lines().nth(28).unwrap().to_string()
    };
    assert!(
        status_row(&app).ends_with("watching"),
        "{}",
        status_row(&app)
    );
    copy("pprof/cpu_after.pb.gz", &f);
    update_sync(&mut app, Msg::SourceChanged);
    let row = status_row(&app);
    // The selection's numbers on the left, the reload on the right:
    // 15.33s → 15.16s is -0.17s, -1.1 %.
    assert!(
        row.starts_with("main.main.func1 │ flat 0 │ cum 13.58s"),
        "{row}"
    );
    let at = app.watch.as_ref().unwrap().last_reload.clone().unwrap();
    assert!(
        row.ends_with(&format!("watching · reloaded {at} total -0.17s (-1.1%)")),
        "{row}"
    );
    std::fs::write(&f, b"garbage").unwrap();
    update_sync(&mut app, Msg::SourceChanged);
    let row = status_row(&app);
    assert!(row.starts_with("reload failed: "), "{row}");
    assert!(row.ends_with("· last reload failed"), "{row}");
    // A key clears the message; the failure stays noted on the right.
    press(&mut app, KeyCode::Char('k'));
    let row = status_row(&app);
    assert!(row.starts_with("root │"), "{row}");
    assert!(row.ends_with("· last reload failed"), "{row}");
}

#[test]
fn a_lost_watch_is_never_called_watching_and_a_resumed_one_reloads() {
    let dir = TempDir::new("watch-lost");
    let sub = dir.0.join("profiles");
    std::fs::create_dir(&sub).unwrap();
    let f = sub.join("cpu.pb.gz");
    copy("pprof/cpu_before.pb.gz", &f);
    let mut app = watched(&f);
    let status_row = |app: &App| {
        let t = tui::draw(app);
        let text = perftui::tui::runtime::buffer_text(t.backend().buffer());
        text.lines().nth(46).unwrap().to_string()
    };
    assert!(
        status_row(&app).ends_with("  watching"),
        "{}",
        status_row(&app)
    );
    // The directory goes: the runtime says so, the file's removal fails a
    // reload; the last good view stays.
    std::fs::remove_dir_all(&sub).unwrap();
    let missing = format!("{} is missing", sub.display());
    update_sync(&mut app, Msg::WatchLost(Some(missing.clone())));
    update_sync(&mut app, Msg::SourceChanged);
    let row = status_row(&app);
    assert!(row.contains(&format!("not watching: {missing}")), "{row}");
    assert!(
        !row.contains("· watching") && !row.ends_with("  watching"),
        "{row}"
    );
    assert!(app.analysis.is_some());
    // It comes back with a new profile: resuming reloads at once.
    std::fs::create_dir(&sub).unwrap();
    copy("pprof/cpu_after.pb.gz", &f);
    let effects = update(&mut app, Msg::WatchLost(None));
    assert_eq!(effects.len(), 1, "one reload");
    for msg in run_jobs(effects) {
        update_sync(&mut app, msg);
    }
    let row = status_row(&app);
    assert!(!row.contains("not watching"), "{row}");
    assert!(row.contains("watching · reloaded"), "{row}");
    assert!(!row.contains("last reload failed"), "{row}");
    assert_eq!(app.analysis.as_ref().unwrap().total, 15_160_000_000);
}
