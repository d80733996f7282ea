//! `NO_COLOR` in every screen: not one colour drawn, and what colour said
//! is still there in text and type: the selection (reverse video), more
//! and less cost in a differential flame graph (bold, italic), new and gone
//! frames (+, -), a delta's or a benchmark change's sign, matches (bold).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use perftui::tui::runtime::{buffer_text, draw, Options};
use perftui::tui::Screen;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

use crate::tui::press;

const NO_COLOR: Options = Options { no_color: true };

fn drawn(screen: &dyn Screen, w: u16, h: u16) -> Buffer {
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    draw(screen, area, &mut buf, NO_COLOR);
    buf
}

fn cells(buf: &Buffer) -> impl Iterator<Item = &ratatui::buffer::Cell> {
    buf.content.iter()
}

fn assert_colourless(name: &str, buf: &Buffer) {
    assert_colourless_with(name, buf, true);
}

/// `selection`: the screen shows a selection (the sandwich has none).
fn assert_colourless_with(name: &str, buf: &Buffer, selection: bool) {
    for c in cells(buf) {
        assert!(
            c.fg == Color::Reset && c.bg == Color::Reset,
            "{name}: a colour is drawn: {c:?}"
        );
    }
    assert!(
        !selection || cells(buf).any(|c| c.modifier.contains(Modifier::REVERSED)),
        "{name}: the selection is not marked\n{}",
        buffer_text(buf)
    );
}

fn count(buf: &Buffer, m: Modifier) -> usize {
    cells(buf).filter(|c| c.modifier.contains(m)).count()
}

#[test]
fn the_explorer_draws_no_colour_and_marks_what_colour_marked() {
    let mut app = crate::tui::open("pprof/cpu_before.pb.gz", 120, 40);
    press(&mut app, KeyCode::Char('/'));
    crate::tui::type_text(&mut app, "mallocgc");
    press(&mut app, KeyCode::Enter);
    for key in ['1', '2', '3'] {
        press(&mut app, KeyCode::Char(key));
        let buf = drawn(&app, 120, 40);
        assert_colourless_with(&format!("view {key}"), &buf, key != '3');
        assert!(
            count(&buf, Modifier::BOLD) > 0,
            "view {key}: matches in bold"
        );
    }
}

#[test]
fn a_diff_tells_more_from_less_without_colour() {
    let mut app = crate::diff_view::open_diff(160, 48, false);
    let buf = drawn(&app, 160, 48);
    assert_colourless("differential flame graph", &buf);
    // Grown frames bold, shrunk ones italic, gone ones struck and marked.
    assert!(count(&buf, Modifier::BOLD) > 0);
    assert!(count(&buf, Modifier::ITALIC) > 0);
    assert!(count(&buf, Modifier::CROSSED_OUT) > 0);
    // The delta table: every change carries its sign.
    press(&mut app, KeyCode::Char('2'));
    let buf = drawn(&app, 160, 48);
    assert_colourless("delta table", &buf);
    let text = buffer_text(&buf);
    assert!(text.contains("-1.62s") && text.contains("+0.51s"), "{text}");
    assert!(text.contains("(gone)") && text.contains("(new)"), "{text}");
    press(&mut app, KeyCode::Char('3'));
    assert_colourless("side by side", &drawn(&app, 160, 48));
}

#[test]
fn benchmark_and_run_screens_draw_no_colour() {
    let mut cmp = crate::bench_view::view(&["bench/old.txt", "bench/new.txt"]);
    cmp.handle(perftui::tui::Event::Input(perftui::tui::Input::Resize {
        width: 100,
        height: 30,
    }));
    let buf = drawn(&cmp, 100, 30);
    assert_colourless("benchmark comparison", &buf);
    let text = buffer_text(&buf);
    // Worse, better and no difference, in words and signs.
    assert!(
        text.contains("+12688.21%") && text.contains("-91.87%"),
        "{text}"
    );
    assert!(text.contains("          ~"), "{text}");
    let mut runs = crate::common::runs_summary();
    runs.handle(perftui::tui::Event::Input(perftui::tui::Input::Resize {
        width: 100,
        height: 30,
    }));
    let buf = drawn(&runs, 100, 30);
    assert_colourless("run summary", &buf);
    assert!(buffer_text(&buf).contains("-9.3%"));
}
