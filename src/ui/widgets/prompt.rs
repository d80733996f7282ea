//! The prompt line: a label and the line being edited, drawn over the
//! status bar, with the cursor (reversed) and a selected pre-filled entry
//! (underlined, as typing replaces it). A long entry scrolls to keep the
//! cursor in view.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

use crate::tui::line_edit::LineEdit;
use crate::ui::put;

/// Draws `label` and `line`.
pub fn render(buf: &mut Buffer, area: Rect, label: &str, line: &LineEdit) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let base = super::status_bar::base().add_modifier(Modifier::BOLD);
    buf.set_style(area, super::status_bar::base());
    let label_chars: Vec<char> = label.chars().collect();
    let text: Vec<char> = line.text().chars().collect();
    let cursor = line.cursor_chars();
    // Cells: the label, the text, and one for the cursor after the end.
    let total = label_chars.len() + text.len() + 1;
    let w = usize::from(area.width);
    let cursor_cell = label_chars.len() + cursor;
    let first = if total <= w {
        0
    } else {
        // Keep the cursor on screen, as far right as it can be.
        (cursor_cell + 1).saturating_sub(w)
    };
    let cells = label_chars
        .iter()
        .map(|&c| (c, false))
        .chain(text.iter().map(|&c| (c, true)))
        .chain(std::iter::once(('▏', false)))
        .enumerate()
        .skip(first)
        .take(w);
    for (x, (i, (c, is_text))) in cells.enumerate() {
        let mut style = base;
        let mut symbol = c;
        if i == cursor_cell && i < label_chars.len() + text.len() {
            style = style.add_modifier(Modifier::REVERSED);
        } else if i == cursor_cell {
            symbol = '▏';
        } else if c == '▏' && !is_text {
            symbol = ' ';
        }
        if is_text && line.is_selected() {
            style = style.add_modifier(Modifier::UNDERLINED);
        }
        let mut tmp = [0u8; 4];
        put(
            buf,
            area.x + x as u16,
            area.y,
            symbol.encode_utf8(&mut tmp),
            1,
            style,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::line_edit::Edit;
    use crate::tui::runtime::buffer_text;

    fn drawn(width: u16, line: &LineEdit) -> (String, Buffer) {
        let area = Rect::new(0, 0, width, 1);
        let mut buf = Buffer::empty(area);
        render(&mut buf, area, "/", line);
        (buffer_text(&buf), buf)
    }

    #[test]
    fn the_cursor_is_drawn_where_it_is() {
        let mut l = LineEdit::new();
        for c in "malloc".chars() {
            l.apply(Edit::Insert(c), &[]);
        }
        assert_eq!(drawn(20, &l).0, "/malloc▏\n");
        l.apply(Edit::Home, &[]);
        let (text, buf) = drawn(20, &l);
        assert_eq!(text, "/malloc\n");
        assert!(buf[(1, 0)].modifier.contains(Modifier::REVERSED));
        assert!(!buf[(2, 0)].modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn a_long_entry_keeps_the_cursor_in_view() {
        let mut l = LineEdit::new();
        l.apply(Edit::Paste("x".repeat(10_000) + "end"), &[]);
        assert_eq!(drawn(10, &l).0, "xxxxxxend▏\n");
        l.apply(Edit::Home, &[]);
        assert_eq!(drawn(10, &l).0, "/xxxxxxxxx\n");
    }

    #[test]
    fn a_prefilled_entry_is_marked_selected() {
        let l = LineEdit::prefilled("^a$");
        let (text, buf) = drawn(10, &l);
        assert_eq!(text, "/^a$▏\n");
        assert!(buf[(1, 0)].modifier.contains(Modifier::UNDERLINED));
    }
}
