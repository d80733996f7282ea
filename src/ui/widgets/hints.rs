//! The one-line key hints at the bottom of every screen, from its keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};

use crate::ui::put;

/// Draws `(key, label)` pairs left to right as far as they fit.
pub fn render(buf: &mut Buffer, area: Rect, hints: &[(String, &str)]) {
    if area.height == 0 {
        return;
    }
    let mut x = area.x;
    let key = Style::new().fg(Color::Black).bg(Color::Gray);
    let label = Style::new().fg(Color::Gray);
    for (k, l) in hints {
        let need = (k.chars().count() + l.chars().count() + 3) as u16;
        if x + need > area.right() {
            break;
        }
        put(buf, x, area.y, &format!(" {k} "), need, key);
        x += k.chars().count() as u16 + 2;
        put(buf, x, area.y, &format!("{l} "), need, label);
        x += l.chars().count() as u16 + 1;
    }
}
