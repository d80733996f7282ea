//! Render snapshots of every view on real corpus profiles (ratatui's
//! `TestBackend` + insta), at 80×24 and 160×48, plus the colours of key
//! cells, which the text snapshots cannot show.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::tui;

use perftui::explorer::App;
use perftui::ui::colors;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Color;
use tui::{draw, open, press, type_text};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn snap(name: &str, app: &App) {
    let t = draw(app);
    insta::assert_snapshot!(format!("{name}_{}x{}", app.width, app.height), t.backend());
}

/// Runs `setup` on a fresh explorer of `file` at each size and snapshots it.
fn each_size(name: &str, file: &str, setup: impl Fn(&mut App)) {
    for (w, h) in SIZES {
        let mut app = open(file, w, h);
        setup(&mut app);
        snap(name, &app);
    }
}

#[test]
fn flame_graph() {
    each_size("flame", "pprof/cpu_before.pb.gz", |_| {});
}

#[test]
fn flame_graph_zoomed_and_flipped() {
    each_size("flame_zoom_flip", "pprof/cpu_before.pb.gz", |app| {
        press(app, KeyCode::Down);
        press(app, KeyCode::Down);
        press(app, KeyCode::Enter);
        press(app, KeyCode::Char('f'));
    });
}

#[test]
fn top_table() {
    each_size("top", "pprof/cpu_before.pb.gz", |app| {
        press(app, KeyCode::Char('2'));
    });
}

#[test]
fn sandwich() {
    each_size("sandwich", "pprof/cpu_before.pb.gz", |app| {
        press(app, KeyCode::Char('/'));
        type_text(app, "parseObject");
        press(app, KeyCode::Enter);
        press(app, KeyCode::Esc);
        press(app, KeyCode::Char('3'));
    });
}

#[test]
fn goroutine_groups() {
    each_size("goroutines", "pprof/goroutine.debug2.txt", |app| {
        press(app, KeyCode::Char('4'));
        press(app, KeyCode::Enter);
    });
}

#[test]
fn search_highlight() {
    each_size("search", "pprof/cpu_before.pb.gz", |app| {
        press(app, KeyCode::Char('/'));
        type_text(app, "runtime\\.mallocgc");
        press(app, KeyCode::Enter);
    });
}

#[test]
fn filter_stack() {
    each_size("filters", "pprof/cpu_before.pb.gz", |app| {
        press(app, KeyCode::Char('F'));
        for _ in 0..80 {
            press(app, KeyCode::Backspace);
        }
        type_text(app, "jsonish");
        press(app, KeyCode::Enter);
        press(app, KeyCode::Char('H'));
        for _ in 0..80 {
            press(app, KeyCode::Backspace);
        }
        type_text(app, "^runtime\\.");
        press(app, KeyCode::Enter);
        press(app, KeyCode::Char('2'));
    });
}

#[test]
fn help_overlay() {
    each_size("help", "pprof/cpu_before.pb.gz", |app| {
        press(app, KeyCode::Char('?'));
    });
}

#[test]
fn error_status() {
    each_size("error", "pprof/cpu_before.pb.gz", |app| {
        press(app, KeyCode::Char('/'));
        type_text(app, "parse(");
        press(app, KeyCode::Esc);
    });
}

#[test]
fn sample_type_picker() {
    each_size("picker", "pprof/allocs.pb.gz", |app| {
        press(app, KeyCode::Char('s'));
        press(app, KeyCode::Down);
    });
}

#[test]
fn tiny_terminal_every_view() {
    // 40×10 is the smallest size promised to work; smaller must not panic.
    for (w, h) in [(40, 10), (20, 5), (1, 1)] {
        for key in ['1', '2', '3', '4', '?'] {
            let mut app = open("pprof/goroutine.debug2.txt", w, h);
            press(&mut app, KeyCode::Char(key));
            let t = draw(&app);
            if (w, h) == (40, 10) {
                let name = if key == '?' {
                    "help".to_string()
                } else {
                    key.to_string()
                };
                insta::assert_snapshot!(format!("tiny_{name}"), t.backend());
            }
        }
    }
}

/// The screen cell of the selected flame frame.
fn selected_cell(app: &App) -> (u16, u16) {
    let a = app.analysis.as_ref().unwrap();
    let cell =
        perftui::explorer::layout::flame_cells(&a.trie, app.flame.zoom_root(), app.width, u32::MAX)
            .into_iter()
            .find(|c| c.node == app.flame.selected)
            .unwrap();
    let row =
        perftui::explorer::layout::level_row(cell.level, app.flame.scroll, app.height - 4, false)
            .unwrap();
    (cell.x, row + 2)
}

#[test]
fn colours_of_selection_matches_and_packages() {
    let mut app = open("pprof/cpu_before.pb.gz", 120, 40);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "mallocgc");
    press(&mut app, KeyCode::Enter);
    let t = draw(&app);
    let buf = t.backend().buffer();
    // The selected frame (the first match) is drawn highlighted.
    let first = selected_cell(&app);
    assert_eq!(buf[first].bg, colors::SELECTED);
    // Press n: the first match is now a plain match, in purple.
    press(&mut app, KeyCode::Char('n'));
    assert_ne!(selected_cell(&app), first);
    let t = draw(&app);
    let buf = t.backend().buffer();
    assert_eq!(buf[first].bg, colors::MATCH);
    assert_eq!(buf[selected_cell(&app)].bg, colors::SELECTED);
    // Frames of one package share a colour; the root bar is grey.
    assert_eq!(buf[(0, 2)].bg, colors::ROOT);
    let parse = buf[(0, 4)].bg;
    assert_eq!(
        parse,
        colors::frame_color("perftui.test/corpus/jsonish.Parse")
    );
    assert_eq!(buf[(0, 5)].bg, parse, "parseValue is in the same package");
    assert!(matches!(parse, Color::Rgb(..)));
}

/// The text of each row of a drawn screen.
fn screen_lines(app: &App) -> Vec<String> {
    let t = draw(app);
    let buf = t.backend().buffer();
    perftui::tui::runtime::buffer_text(buf)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn a_heap_profiles_top_table_reads_as_pprofs_at_80_columns() {
    // Heap values are wide (`19654.64kB`): every column must be as wide as
    // its widest value, a space apart, units whole.
    let mut app = open("pprof/heap.pb.gz", 80, 24);
    press(&mut app, KeyCode::Char('2'));
    let lines = screen_lines(&app);
    let reference = crate::common::reference("heap.top.txt");
    let want: Vec<Vec<&str>> = reference
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("flat"))
        .skip(1)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(want.len() >= 6, "{reference}");
    for row in &want {
        let name = row[5..].join(" ");
        let got = lines
            .iter()
            .find(|l| l.trim_end().ends_with(&name))
            .unwrap_or_else(|| panic!("{name} not on screen:\n{}", lines.join("\n")));
        let got: Vec<&str> = got.split_whitespace().collect();
        assert_eq!(got, *row, "{}", lines.join("\n"));
    }
}
