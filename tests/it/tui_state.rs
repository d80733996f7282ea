//! State tests of the explorer: real profiles, sequences of keys (through
//! the real keymap) and messages, assertions on the resulting state and on
//! the numbers the views show.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;
use crate::tui;

use perftui::explorer::analysis::FilterKind;
use perftui::explorer::state::{Column, Mode};
use perftui::explorer::{update_sync, Msg, View};
use perftui::profile::trie::ROOT;
use ratatui::crossterm::event::KeyCode;
use tui::{open, press, selected_name, type_text};

#[test]
fn opens_on_the_hottest_path_and_moves_through_the_tree() {
    let mut app = open("pprof/cpu_before.pb.gz", 120, 40);
    assert_eq!(app.view, View::Flame);
    assert_eq!(selected_name(&app), "main.main.func1");
    // Down: the heaviest child; up: back to the parent.
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(selected_name(&app), "perftui.test/corpus/jsonish.Parse");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    let deep = app.flame.selected;
    press(&mut app, KeyCode::Char('k'));
    let a = app.analysis.clone().unwrap();
    assert_eq!(app.flame.selected, a.trie.node(deep).parent);
    // Right then left comes back to the same frame.
    let here = app.flame.selected;
    press(&mut app, KeyCode::Char('l'));
    assert_ne!(app.flame.selected, here);
    assert_eq!(a.trie.depth(app.flame.selected), a.trie.depth(here));
    press(&mut app, KeyCode::Char('h'));
    assert_eq!(app.flame.selected, here);
    // Home goes to the root, End down the hottest path to a leaf.
    press(&mut app, KeyCode::Home);
    assert_eq!(app.flame.selected, ROOT);
    press(&mut app, KeyCode::End);
    let leaf = app.flame.selected;
    assert_ne!(leaf, ROOT);
    // At the end of the visible hot path: no child is wide enough to draw.
    press(&mut app, KeyCode::Down);
    assert_eq!(app.flame.selected, leaf);
}

#[test]
fn zoom_in_and_out_keeps_the_selection() {
    let mut app = open("pprof/cpu_before.pb.gz", 120, 40);
    press(&mut app, KeyCode::Down);
    let parse = app.flame.selected;
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.flame.zoom_root(), parse);
    press(&mut app, KeyCode::Down);
    let child = app.flame.selected;
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.flame.zoom, vec![parse, child]);
    press(&mut app, KeyCode::Backspace);
    assert_eq!(app.flame.zoom_root(), parse);
    assert_eq!(app.flame.selected, child);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.flame.zoom_root(), ROOT);
    // Flip puts the root at the bottom; up now goes towards the leaves.
    press(&mut app, KeyCode::Char('f'));
    assert!(app.flame.inverted);
    press(&mut app, KeyCode::Up);
    assert_eq!(
        app.analysis
            .as_ref()
            .unwrap()
            .trie
            .node(app.flame.selected)
            .parent,
        child
    );
}

#[test]
fn search_counts_each_sample_once_and_n_walks_the_matches() {
    let mut app = open("pprof/cpu_before.pb.gz", 120, 40);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "parsevalue");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode, Mode::Normal);
    let a = app.analysis.clone().unwrap();
    let hits = app.search.as_ref().unwrap().hits.clone().unwrap();
    // Smart case: lower case matches `parseValue`.
    assert_eq!(hits.functions, 1);
    // The same number through the sample-wise focus filter (pprof's
    // `-focus`; no file name contains `parseValue`).
    let (focused, _) = perftui::profile::filter::apply(
        &a.view,
        &perftui::profile::filter::Filters {
            focus: Some(perftui::goregex::compile("parseValue").unwrap()),
            ..Default::default()
        },
    );
    assert!(focused.sum(a.index) > 0);
    assert_eq!(hits.value, focused.sum(a.index));
    // Enter went to the first match; n and N walk the matches.
    let first = app.flame.selected;
    assert!(selected_name(&app).ends_with("parseValue"));
    press(&mut app, KeyCode::Char('n'));
    assert!(selected_name(&app).ends_with("parseValue"));
    assert_ne!(app.flame.selected, first);
    press(&mut app, KeyCode::Char('N'));
    assert_eq!(app.flame.selected, first);
    // Esc clears the search first, and only then zooms out.
    press(&mut app, KeyCode::Esc);
    assert!(app.search.is_none());
    // An upper-case letter makes it case-sensitive.
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "ParseValue");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.search
            .as_ref()
            .unwrap()
            .hits
            .as_ref()
            .unwrap()
            .functions,
        0
    );
}

#[test]
fn an_invalid_search_is_an_error_in_the_status_bar() {
    let mut app = open("pprof/cpu_before.pb.gz", 120, 40);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "parse(");
    let status = app.status.clone().unwrap();
    assert!(status.error);
    assert!(
        status.text.starts_with("invalid search regex /parse(/"),
        "{}",
        status.text
    );
    // Fixing it clears the error.
    type_text(&mut app, ")");
    assert!(app.status.is_none());
}

#[test]
fn filters_stack_match_perftui_top_and_pop_back() {
    let mut app = open("pprof/cpu_before.pb.gz", 120, 40);
    let unfiltered = app.analysis.as_ref().unwrap().top.rows.len();
    press(&mut app, KeyCode::Down); // jsonish.Parse
    press(&mut app, KeyCode::Char('F'));
    // The prompt is pre-filled with the selected function.
    match &app.mode {
        Mode::Prompt(p) => assert_eq!(p.text(), r"^perftui\.test/corpus/jsonish\.Parse$"),
        other => panic!("expected a prompt, got {other:?}"),
    }
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('H'));
    // Typed instead: clear the pre-filled text.
    for _ in 0..60 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "runtime");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.filters.iter().map(|f| f.describe()).collect::<Vec<_>>(),
        vec![
            r"focus=^perftui\.test/corpus/jsonish\.Parse$".to_string(),
            "hide=runtime".to_string()
        ]
    );
    assert_eq!(app.filters[1].kind, FilterKind::Hide);
    // The numbers are those of `perftui top --focus .. --hide ..`.
    let cli = common::stdout_ok(&[
        "top",
        "pprof/cpu_before.pb.gz",
        "--focus",
        r"^perftui\.test/corpus/jsonish\.Parse$",
        "--hide",
        "runtime",
    ]);
    let a = app.analysis.clone().unwrap();
    assert_eq!(a.top.to_text(), cli);
    // The selection survived the filter (found again by its path).
    assert_eq!(selected_name(&app), "perftui.test/corpus/jsonish.Parse");
    // Pop both: back to the unfiltered table.
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(app.filters.len(), 1);
    app.view = View::Top;
    press(&mut app, KeyCode::Left);
    assert!(app.filters.is_empty());
    assert_eq!(app.analysis.as_ref().unwrap().top.rows.len(), unfiltered);
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(app.status.as_ref().unwrap().text, "no filter to remove");
}

#[test]
fn a_filter_that_matches_nothing_says_so() {
    let mut app = open("pprof/cpu_before.pb.gz", 120, 40);
    press(&mut app, KeyCode::Char('I'));
    for _ in 0..60 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "no_such_function_anywhere");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.status.as_ref().unwrap().text,
        "ignore=no_such_function_anywhere matched no samples"
    );
}

#[test]
fn sample_type_picker_switches_and_numbers_follow_pprof() {
    let mut app = open("pprof/allocs.pb.gz", 120, 40);
    assert_eq!(
        app.analysis.as_ref().unwrap().top.sample_type,
        "alloc_space"
    );
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.mode, Mode::Picker { selected: 1 });
    // The shown type's total reads as in the header and in pprof's report.
    let reference = common::reference("allocs.top.txt");
    let total = reference
        .lines()
        .find_map(|l| l.split(" of ").nth(1)?.strip_suffix(" total"))
        .unwrap()
        .to_string();
    let screen = perftui::tui::runtime::snapshot(&mut app, 120, 40, Default::default());
    let picked = screen
        .lines()
        .find(|l| l.contains("● alloc_space"))
        .unwrap();
    assert!(picked.contains(&format!(" {total} ")), "{total}: {picked}");
    assert!(screen.lines().next().unwrap().contains(&total), "{screen}");
    // Every other type's total as pprof's report of that type says it.
    for ty in ["alloc_objects", "inuse_objects", "inuse_space"] {
        let reference = common::reference(&format!("allocs.top.sample_index={ty}.txt"));
        let want = reference
            .lines()
            .find_map(|l| l.split(" of ").nth(1)?.strip_suffix(" total"))
            .unwrap();
        let line = screen
            .lines()
            .find(|l| l.contains(&format!("  {ty} ")))
            .unwrap();
        assert!(line.contains(&format!(" {want}  ")), "{ty}: {want}: {line}");
    }
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let a = app.analysis.clone().unwrap();
    assert_eq!(a.top.sample_type, "inuse_objects");
    assert_eq!(
        a.top.to_text(),
        common::reference("allocs.top.sample_index=inuse_objects.txt")
    );
    assert_eq!(
        app.status.as_ref().unwrap().text,
        "sample type: inuse_objects"
    );
}

#[test]
fn an_empty_default_type_opens_on_a_non_empty_one_and_says_why() {
    // A real heap profile whose in-use values are all zero, as in heap
    // profiles taken after the work is done (golang/go#24443).
    let p = perftui::formats::load_file(&common::data_dir().join("pprof/heap_empty_inuse.pb.gz"))
        .unwrap();
    let (mut app, job) =
        perftui::explorer::App::new(p, "heap".into(), None, Default::default()).unwrap();
    perftui::explorer::run_sync(&mut app, vec![job]);
    assert_eq!(
        app.analysis.as_ref().unwrap().top.sample_type,
        "alloc_space"
    );
    assert_eq!(
        app.status.as_ref().unwrap().text,
        "sample type inuse_space is empty in this profile; showing alloc_space instead"
    );
}

#[test]
fn top_table_sorts_and_jumps_to_the_flame_graph() {
    let mut app = open("pprof/cpu_before.pb.gz", 120, 40);
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(app.view, View::Top);
    let a = app.analysis.clone().unwrap();
    // pprof's order: flat descending.
    let flats: Vec<i64> = app.top.order.iter().map(|&r| a.top.rows[r].flat).collect();
    assert!(flats.windows(2).all(|w| w[0] >= w[1]));
    // o cycles to flat%, sum%, then cum.
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('o'));
    }
    assert_eq!(app.top.sort, Column::Cum);
    let cums: Vec<i64> = app.top.order.iter().map(|&r| a.top.rows[r].cum).collect();
    assert!(cums.windows(2).all(|w| w[0] >= w[1]));
    press(&mut app, KeyCode::Char('O'));
    let cums: Vec<i64> = app.top.order.iter().map(|&r| a.top.rows[r].cum).collect();
    assert!(cums.windows(2).all(|w| w[0] <= w[1]));
    // Enter on a row: that function, selected in the flame graph.
    press(&mut app, KeyCode::Down);
    let row = app.top_row().unwrap();
    let name = a.top.rows[row].name.clone();
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view, View::Flame);
    assert_eq!(selected_name(&app), name);
}

#[test]
fn sorting_shows_the_top_of_the_new_order() {
    let mut app = open("pprof/cpu_before.pb.gz", 120, 24);
    press(&mut app, KeyCode::Char('2'));
    let a = app.analysis.clone().unwrap();
    assert!(a.top.rows.len() > 40, "{}", a.top.rows.len());
    // Far down the table, scrolled.
    for _ in 0..35 {
        press(&mut app, KeyCode::Down);
    }
    assert_eq!(app.top.selected, 35);
    assert!(app.top.offset > 0);
    // Any sort then shows the first rows; the row selected far down is
    // not among them, so the first row is selected.
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(app.top.sort, Column::FlatPct);
    assert_eq!((app.top.selected, app.top.offset), (0, 0));
    // A selection among the first rows of the new order stays on its
    // function: the top flat function is sixth by cum here.
    let name = a.top.rows[app.top_row().unwrap()].name.clone();
    press(&mut app, KeyCode::Char('o'));
    press(&mut app, KeyCode::Char('o'));
    assert_eq!(app.top.sort, Column::Cum);
    let max = a.top.rows.iter().map(|r| r.cum).max().unwrap();
    assert_eq!(a.top.rows[app.top.order[0]].cum, max);
    assert_eq!(app.top.offset, 0);
    assert!(app.top.selected > 0 && app.top.selected < 20);
    assert_eq!(a.top.rows[app.top_row().unwrap()].name, name);
    // Reversed, that function is far down: the top of the new order shows.
    press(&mut app, KeyCode::Char('O'));
    assert_eq!((app.top.selected, app.top.offset), (0, 0));
    let min = a.top.rows.iter().map(|r| r.cum).min().unwrap();
    assert_eq!(a.top.rows[app.top.order[0]].cum, min);
}

#[test]
fn sandwich_shows_callers_and_callees_of_the_selected_function() {
    let mut app = open("pprof/cpu_before.pb.gz", 120, 40);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "parseObject");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('3'));
    let a = app.analysis.clone().unwrap();
    let sw = app.sandwich.data.clone().unwrap();
    assert_eq!(
        a.frames.name(sw.frame),
        "perftui.test/corpus/jsonish.(*parser).parseObject"
    );
    // Both trees are rooted at the function and weigh its cum.
    let row = a.top.rows.iter().find(|r| r.frame == sw.frame);
    let flat_cum = perftui::profile::graph::flat_cum(&a.view, &a.frames, a.index);
    let cum = flat_cum.cum[sw.frame as usize];
    assert_eq!(sw.callers.node(ROOT).total, cum);
    assert_eq!(sw.callees.node(ROOT).total, cum);
    if let Some(r) = row {
        assert_eq!(r.cum, cum);
    }
    // Its callers are parseValue (pprof -peek lists it as the only caller).
    let c = sw.callers.children(ROOT)[0];
    let callers: Vec<&str> = sw
        .callers
        .children(c)
        .iter()
        .map(|&k| a.frames.name(sw.callers.node(k).frame))
        .collect();
    assert_eq!(
        callers,
        vec!["perftui.test/corpus/jsonish.(*parser).parseValue"]
    );
    let peek = common::reference("cpu_before.peek_parseObject.txt");
    assert!(peek.contains("perftui.test/corpus/jsonish.(*parser).parseValue"));
    // j walks to the next function of the top table.
    press(&mut app, KeyCode::Char('j'));
    assert_ne!(app.sandwich.data.as_ref().unwrap().frame, sw.frame);
}

#[test]
fn goroutine_groups_largest_first_with_states_and_waits() {
    let mut app = open("pprof/goroutine.debug2.txt", 120, 40);
    press(&mut app, KeyCode::Char('4'));
    let a = app.analysis.clone().unwrap();
    let groups = a.groups.as_ref().unwrap();
    assert_eq!(groups.iter().map(|g| g.count).sum::<i64>(), 161);
    assert!(groups.windows(2).all(|w| w[0].count >= w[1].count));
    // This dump has no long waits; `[chan receive, 5 minutes]` headers are
    // covered by the reader's tests.
    assert!(groups.iter().all(|g| !g.states.is_empty()));
    // Enter expands the selected group to its full stack.
    let before = app.goroutine_lines().len();
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.goroutine_lines().len(),
        before + groups[0].stack.len() + usize::from(groups[0].created_by.is_some())
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.goroutine_lines().len(), before);
    // The same groups as the debug=1 dump of the same program.
    let dbg1 = open("pprof/goroutine.debug1.txt", 120, 40);
    let g1 = dbg1.analysis.as_ref().unwrap().groups.clone().unwrap();
    assert_eq!(g1.iter().map(|g| g.count).sum::<i64>(), 161);
}

#[test]
fn mouse_clicks_select_zoom_and_switch_tabs() {
    let mut app = open("pprof/cpu_before.pb.gz", 120, 40);
    // Row 2 is the root bar, row 3 level 1: click its left part.
    update_sync(&mut app, Msg::Click { col: 5, row: 4 });
    assert_eq!(selected_name(&app), "perftui.test/corpus/jsonish.Parse");
    update_sync(&mut app, Msg::DoubleClick { col: 5, row: 4 });
    assert_eq!(selected_name(&app), "perftui.test/corpus/jsonish.Parse");
    assert_eq!(app.flame.zoom_root(), app.flame.selected);
    update_sync(&mut app, Msg::Scroll { down: true });
    assert_eq!(app.flame.scroll, 3);
    // The "2 Top" tab.
    let tabs = perftui::explorer::layout::tabs(app.views(), app.view, 120);
    let (_, x0, _) = tabs[1];
    update_sync(
        &mut app,
        Msg::Click {
            col: x0 + 1,
            row: 0,
        },
    );
    assert_eq!(app.view, View::Top);
    // A click on the cum header sorts by cum.
    let analysis = app.analysis.clone().unwrap();
    let (_, cum_x, _) = perftui::ui::table::top_columns(&app, &analysis, app.width)
        .into_iter()
        .find(|&(c, _, _)| c == Column::Cum)
        .unwrap();
    update_sync(
        &mut app,
        Msg::Click {
            col: cum_x + 1,
            row: 2,
        },
    );
    assert_eq!(app.top.sort, Column::Cum);
    // The third row on screen (the table keeps the selection in view, so
    // it may be scrolled).
    update_sync(&mut app, Msg::Click { col: 40, row: 5 });
    assert_eq!(app.top.selected, app.top.offset + 2);
}

#[test]
fn stale_background_results_are_dropped() {
    let mut app = open("pprof/cpu_before.pb.gz", 120, 40);
    let old = app.analysis.clone().unwrap();
    // Two requests in flight; the first finishes last and must be ignored.
    let first = perftui::explorer::update(
        &mut app,
        Msg::Action(perftui::explorer::Action::SampleTypes),
    );
    assert!(first.is_empty());
    press(&mut app, KeyCode::Esc);
    app.filters.clear();
    let job1 = app.analysis_job();
    let job2 = app.analysis_job();
    let r2 = job2.run();
    perftui::explorer::update(&mut app, r2);
    let newest = app.analysis.clone().unwrap();
    let r1 = job1.run();
    perftui::explorer::update(&mut app, r1);
    assert!(std::sync::Arc::ptr_eq(
        app.analysis.as_ref().unwrap(),
        &newest
    ));
    assert!(!std::sync::Arc::ptr_eq(&newest, &old));
}

#[test]
fn quits_with_q_and_ctrl_c_from_any_mode() {
    use perftui::tui::Effect;
    let mut app = open("pprof/cpu_before.pb.gz", 80, 24);
    let e = press(&mut app, KeyCode::Char('q'));
    assert!(
        matches!(e[..], [Effect::Close]),
        "q closes the screen: {e:?}"
    );
    let mut app = open("pprof/cpu_before.pb.gz", 80, 24);
    press(&mut app, KeyCode::Char('/'));
    let e = tui::press_ctrl(&mut app, 'c');
    assert!(matches!(e[..], [Effect::Quit]), "Ctrl-C quits: {e:?}");
}

#[test]
fn help_lists_every_binding_and_scrolls() {
    let mut app = open("pprof/cpu_before.pb.gz", 80, 24);
    press(&mut app, KeyCode::Char('?'));
    assert_eq!(app.mode, Mode::Help { scroll: 0 });
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Down);
    assert_eq!(app.mode, Mode::Help { scroll: 2 });
    press(&mut app, KeyCode::Char('x'));
    assert_eq!(app.mode, Mode::Normal);
    // Every binding of the keymap is in the help, with all its keys.
    let lines = perftui::explorer::keymap::help_lines();
    for b in perftui::explorer::keymap::KEYMAP {
        assert!(
            lines.iter().any(|l| l.text == b.help),
            "{} missing from the help",
            b.help
        );
    }
}
