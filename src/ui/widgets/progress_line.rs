//! The progress of long background work on a screen's bottom row: what is
//! being done and how far it is, `building the whole flame graph [=====>
//! ] 45%`, drawn by the runtime over whichever screen is on top while a
//! step of [`crate::progress`] has gone on long enough to be worth it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use crate::progress::Step;
use crate::ui::{colors, ellipsize, put};

/// The bar's widest, in cells between its brackets.
const BAR: usize = 30;

/// The row's text at `width` columns.
pub fn text(step: &Step, width: u16) -> String {
    let width = usize::from(width);
    let what = step.what.as_str();
    let line = if step.total == 0 {
        format!("{what}…")
    } else {
        let done = step.done.min(step.total);
        let pct = done as f64 / step.total as f64;
        // The bar shrinks before the words do.
        let room = width.saturating_sub(what.chars().count() + 9);
        let cells = room.min(BAR);
        if cells < 5 {
            format!("{what} {:>3.0}%", pct * 100.0)
        } else {
            let full = ((pct * cells as f64) as usize).min(cells);
            let head = if full < cells { ">" } else { "" };
            let bar = format!(
                "{}{head}{}",
                "=".repeat(full),
                " ".repeat(cells - full - head.len())
            );
            format!("{what} [{bar}] {:>3.0}%", (pct * 100.0).floor())
        }
    };
    ellipsize(&line, width)
}

/// Draws the row over the last line of `area`.
pub fn render(step: &Step, area: Rect, buf: &mut Buffer) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let y = area.bottom() - 1;
    let style = Style::new().fg(colors::ACCENT).add_modifier(Modifier::BOLD);
    for x in area.left()..area.right() {
        put(buf, x, y, " ", 1, Style::new());
    }
    put(buf, area.x, y, &text(step, area.width), area.width, style);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(done: u64, total: u64) -> Step {
        Step {
            id: 1,
            what: "building the whole flame graph".into(),
            done,
            total,
        }
    }

    #[test]
    fn the_bar_fills_with_the_work_and_fits_any_width() {
        assert_eq!(
            text(&step(45, 100), 80),
            "building the whole flame graph [=============>                ]  45%"
        );
        assert_eq!(
            text(&step(300, 100), 80),
            "building the whole flame graph [==============================] 100%"
        );
        assert_eq!(text(&step(1, 4), 36), "building the whole flame graph  25%");
        assert_eq!(text(&step(0, 0), 80), "building the whole flame graph…");
        for w in 0..90 {
            assert!(
                text(&step(45, 100), w).chars().count() <= usize::from(w),
                "{w}"
            );
        }
    }
}
