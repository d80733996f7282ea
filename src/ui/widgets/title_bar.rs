//! The first row of the benchmark and run screens: the program's badge,
//! then what is shown (`bench  old.txt vs new.txt`), its paths shortened
//! to fit.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use crate::ui::{colors, put};

/// Draws the title bar in the first row of `area`.
pub fn render(buf: &mut Buffer, area: Rect, title: &str) {
    if area.height == 0 {
        return;
    }
    let bold = Style::new().add_modifier(Modifier::BOLD);
    put(
        buf,
        area.x,
        area.y,
        " perftui ",
        area.width,
        bold.fg(Color::Black).bg(colors::ACCENT),
    );
    let room = area.width.saturating_sub(10);
    put(
        buf,
        area.x + 10,
        area.y,
        &crate::ui::paths::fit(title, usize::from(room)),
        room,
        bold,
    );
}
