//! The prompt line: a label, the text typed so far and a cursor, drawn over
//! the status bar. A long entry keeps its end visible.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

use crate::ui::put;

/// Draws `label` and `text` with a cursor at the end.
pub fn render(buf: &mut Buffer, area: Rect, label: &str, text: &str) {
    if area.height == 0 {
        return;
    }
    let base = super::status_bar::base();
    buf.set_style(area, base);
    let line = format!("{label}{text}▏");
    let w = usize::from(area.width);
    let n = line.chars().count();
    let shown: String = line.chars().skip(n.saturating_sub(w)).collect();
    put(
        buf,
        area.x,
        area.y,
        &shown,
        area.width,
        base.add_modifier(Modifier::BOLD),
    );
}
