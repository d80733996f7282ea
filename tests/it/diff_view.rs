//! The diff explorer on the corpus before/after pair: render snapshots of
//! the differential flame graph (both modes, both palettes, with a map of
//! the colours the text cannot show), the delta table and the side-by-side
//! view at 80×24 and 200×50; and its numbers against pprof `-diff_base`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;
use crate::tui;

use perftui::explorer::state::Column;
use perftui::explorer::{run_sync, update_sync, App, Msg, View};
use perftui::profile::diff::{classify, Change, DiffMode};
use perftui::profile::merge;
use perftui::profile::trie::ROOT;
use perftui::ui::colors;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Color;
use tui::{draw, press, selected_name, type_text};

const BEFORE: &str = "pprof/cpu_before.pb.gz";
const AFTER: &str = "pprof/cpu_after.pb.gz";
const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

pub fn open_diff(w: u16, h: u16, normalize: bool) -> App {
    let load = |f: &str| perftui::formats::load_file(&common::data_dir().join(f)).unwrap();
    let merged = merge::diff_base(load(AFTER), load(BEFORE), normalize).unwrap();
    let (mut app, job) = App::new_diff(
        merged,
        "cpu_before.pb.gz".into(),
        "cpu_after.pb.gz".into(),
        None,
        Default::default(),
    )
    .unwrap();
    run_sync(&mut app, vec![job]);
    update_sync(
        &mut app,
        Msg::Resize {
            width: w,
            height: h,
        },
    );
    app
}

/// Each run of cells with one background on the body rows, as
/// `row col: #rrggbb text`: the colours of a flame graph in a form a
/// snapshot can hold.
fn colour_map(buf: &Buffer, rows: std::ops::Range<u16>) -> String {
    let mut out = String::new();
    for y in rows {
        let mut x = 0;
        while x < buf.area.width {
            let bg = buf[(x, y)].bg;
            let start = x;
            let mut text = String::new();
            while x < buf.area.width && buf[(x, y)].bg == bg {
                text.push_str(buf[(x, y)].symbol());
                x += 1;
            }
            if let Color::Rgb(r, g, b) = bg {
                out.push_str(&format!(
                    "{y:>2} {start:>3}: #{r:02x}{g:02x}{b:02x} {}\n",
                    text.trim_end()
                ));
            }
        }
    }
    out
}

fn snap(name: &str, app: &App) {
    let t = draw(app);
    insta::assert_snapshot!(format!("{name}_{}x{}", app.width, app.height), t.backend());
}

#[test]
fn differential_flame_graph_both_modes_and_palettes() {
    for (w, h) in SIZES {
        let mut app = open_diff(w, h, false);
        snap("diff_flame", &app);
        let t = draw(&app);
        insta::assert_snapshot!(
            format!("diff_flame_colours_absolute_{w}x{h}"),
            colour_map(t.backend().buffer(), 2..h - 2)
        );
        press(&mut app, KeyCode::Char('m'));
        let t = draw(&app);
        insta::assert_snapshot!(
            format!("diff_flame_colours_relative_{w}x{h}"),
            colour_map(t.backend().buffer(), 2..h - 2)
        );
        press(&mut app, KeyCode::Char('p'));
        snap("diff_flame_relative_colorblind", &app);
        let t = draw(&app);
        insta::assert_snapshot!(
            format!("diff_flame_colours_relative_colorblind_{w}x{h}"),
            colour_map(t.backend().buffer(), 2..h - 2)
        );
    }
}

#[test]
fn frames_are_coloured_by_their_change() {
    let mut app = open_diff(200, 50, false);
    // Select runtime.concatstrings' heaviest path: cheaper after (pprof
    // -diff_base: -1.62s flat, -5.07s cum).
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "^runtime\\.concatstrings$");
    press(&mut app, KeyCode::Enter);
    assert_eq!(selected_name(&app), "runtime.concatstrings");
    let a = app.analysis.clone().unwrap();
    let p = a.pair(app.flame.selected).unwrap();
    assert!(p.delta() < 0, "{p:?}");
    let colour_of = |app: &App| {
        let cell = perftui::explorer::layout::flame_cells(
            &a.trie,
            app.flame.zoom_root(),
            app.width,
            u32::MAX,
        )
        .into_iter()
        .find(|c| c.node == app.flame.selected)
        .unwrap();
        let row =
            perftui::explorer::layout::level_row(cell.level, app.flame.scroll, 46, false).unwrap();
        // Move the selection away so the frame shows its own colour.
        (cell.x, row + 2)
    };
    let at = colour_of(&app);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('k'));
    let t = draw(&app);
    let change = classify(p, a.total, DiffMode::Absolute);
    assert!(
        matches!(change, Change::Less(_) | Change::Gone),
        "{change:?}"
    );
    let bg = t.backend().buffer()[at].bg;
    assert_eq!(
        bg,
        colors::diff_color(change, perftui::explorer::state::Palette::RedBlue)
    );
    let Color::Rgb(r, _, b) = bg else { panic!() };
    assert!(b > r, "less cost is blue: {bg:?}");
    // The status bar has before, after and the delta of the selection.
    press(&mut app, KeyCode::Char('j'));
    let screen = perftui::tui::runtime::buffer_text(draw(&app).backend().buffer());
    assert!(
        screen.contains(&format!(
            "runtime.concatstrings │ before {} │ after {} │ Δ {}",
            a.fmt(p.before),
            a.fmt(p.after),
            a.fmt(p.delta())
        )),
        "{screen}"
    );
}

#[test]
fn delta_table() {
    for (w, h) in SIZES {
        let mut app = open_diff(w, h, false);
        press(&mut app, KeyCode::Char('2'));
        snap("diff_top", &app);
    }
}

#[test]
fn delta_table_shows_pprofs_diff_numbers_in_pprofs_order() {
    let reference = std::fs::read_to_string(
        common::data_dir().join("reference/cpu_after.diff_base=cpu_before.top.txt"),
    )
    .unwrap();
    let mut app = open_diff(200, 50, false);
    press(&mut app, KeyCode::Char('2'));
    let a = app.analysis.clone().unwrap();
    assert_eq!(app.top.sort, Column::Flat, "largest absolute change first");
    let screen = perftui::tui::runtime::buffer_text(draw(&app).backend().buffer());
    let lines: Vec<&str> = screen.lines().collect();
    // pprof's rows: flat flat% sum% cum cum% name.
    let rows: Vec<Vec<&str>> = reference
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("flat"))
        .skip(1)
        .map(|l| l.split_whitespace().collect())
        .take(20)
        .collect();
    assert_eq!(rows.len(), 20);
    for (i, r) in rows.iter().enumerate() {
        let row = &a.top.rows[app.top.order[i]];
        assert_eq!(row.name, r[5], "row {i} is pprof's");
        let plus = |s: &str| {
            if s.starts_with('-') {
                s.to_string()
            } else {
                format!("+{s}")
            }
        };
        // The drawn line of this row (header on body row 0).
        let line = lines[3 + i];
        let flat = plus(r[0]);
        let cum = plus(r[3]);
        assert!(line.contains(&format!(" {flat} ")), "{line} has {flat}");
        assert!(line.contains(&format!(" {cum} ")), "{line} has {cum}");
        let sign = if r[0].starts_with('-') { "-" } else { "+" };
        assert!(
            line.contains(&format!("{sign}{}", r[1])),
            "{line} has {}",
            r[1]
        );
    }
}

#[test]
fn enter_in_the_delta_table_jumps_to_the_frame() {
    let mut app = open_diff(120, 40, false);
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Down);
    let a = app.analysis.clone().unwrap();
    let name = a.top.rows[app.top.order[1]].name.clone();
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view, View::Flame);
    assert_eq!(selected_name(&app), name);
}

#[test]
fn delta_table_sorts_by_before_and_after() {
    let mut app = open_diff(200, 50, false);
    press(&mut app, KeyCode::Char('2'));
    // o walks the columns, round to the BEFORE ones.
    for _ in 0..9 {
        if app.top.sort == Column::BeforeCum {
            break;
        }
        press(&mut app, KeyCode::Char('o'));
    }
    assert_eq!(app.top.sort, Column::BeforeCum);
    let a = app.analysis.clone().unwrap();
    let d = a.diff.as_ref().unwrap();
    let values: Vec<i64> = app
        .top
        .order
        .iter()
        .map(|&r| d.function(a.top.rows[r].frame).cum.before)
        .collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "{values:?}");
    assert!(values[0] > 0);
}

#[test]
fn side_by_side() {
    for (w, h) in SIZES {
        let mut app = open_diff(w, h, false);
        press(&mut app, KeyCode::Char('3'));
        assert_eq!(app.view, View::SideBySide);
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Enter);
        snap("diff_side_by_side", &app);
    }
}

#[test]
fn side_by_side_keeps_selection_zoom_and_search_in_step() {
    let mut app = open_diff(200, 50, false);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "parseObject");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    let zoomed = app.flame.zoom_root();
    let selected = selected_name(&app);
    press(&mut app, KeyCode::Char('3'));
    // The same node is zoomed and selected in both panes; each pane draws
    // it highlighted at full width (it is the zoom root).
    assert_eq!(app.flame.zoom_root(), zoomed);
    let t = draw(&app);
    let buf = t.backend().buffer();
    let (left, right) = perftui::explorer::layout::side_by_side(app.screen().body);
    let a = app.analysis.clone().unwrap();
    let level = a.trie.depth(zoomed) - app.flame.scroll;
    for pane in [left, right] {
        let y = pane.y + 1 + level as u16;
        assert_eq!(
            buf[(pane.x, y)].bg,
            colors::SELECTED,
            "pane at x={}",
            pane.x
        );
        let text: String = (pane.x..pane.x + pane.width)
            .map(|x| buf[(x, y)].symbol())
            .collect();
        assert!(
            text.contains(selected.rsplit('/').next().unwrap()),
            "{text}"
        );
    }
    // Moving in one view moves in the other: back to the flame graph, the
    // selection is where the side-by-side view left it.
    press(&mut app, KeyCode::Char('j'));
    let moved = app.flame.selected;
    press(&mut app, KeyCode::Char('1'));
    assert_eq!(app.flame.selected, moved);
    // A click in the AFTER pane selects the frame drawn there.
    press(&mut app, KeyCode::Char('3'));
    let y = right.y + 1 + level as u16;
    update_sync(
        &mut app,
        Msg::Click {
            col: right.x + 1,
            row: y,
        },
    );
    assert_eq!(app.flame.selected, zoomed);
}

#[test]
fn new_and_vanished_frames_are_marked_in_text() {
    let mut app = open_diff(200, 50, false);
    let a = app.analysis.clone().unwrap();
    let (mut new, mut gone) = (None, None);
    for id in 1..a.trie.len() as u32 {
        match classify(a.pair(id).unwrap(), a.total, DiffMode::Absolute) {
            Change::New if new.is_none() => new = Some(id),
            Change::Gone if gone.is_none() => gone = Some(id),
            _ => {}
        }
    }
    for (id, mark) in [(new.unwrap(), '+'), (gone.unwrap(), '-')] {
        // Zoom to the frame so it is drawn wide, then look at it.
        app.flame.zoom = vec![id];
        app.flame.selected = ROOT;
        update_sync(
            &mut app,
            Msg::Resize {
                width: 200,
                height: 50,
            },
        );
        let t = draw(&app);
        let buf = t.backend().buffer();
        let level = a.trie.depth(id) - app.flame.scroll;
        let y = 2 + level as u16;
        assert_eq!(
            buf[(0, y)].symbol(),
            mark.to_string(),
            "{}",
            a.path_names(id).join(";")
        );
    }
}

#[test]
fn diff_keys_outside_a_diff_say_so() {
    let mut app = tui::open(BEFORE, 80, 24);
    press(&mut app, KeyCode::Char('m'));
    assert!(app.status.as_ref().unwrap().text.contains("for diffs"));
    press(&mut app, KeyCode::Char('3'));
    assert_eq!(app.view, View::Sandwich);
}

#[test]
fn tiny_terminals_do_not_panic() {
    for (w, h) in [(1, 1), (10, 3), (20, 5), (40, 10)] {
        let mut app = open_diff(w, h, false);
        for key in ['1', '2', '3', 'm', 'p', '?'] {
            press(&mut app, KeyCode::Char(key));
            draw(&app);
            press(&mut app, KeyCode::Esc);
        }
    }
}
