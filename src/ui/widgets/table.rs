//! The table of the list screens: a header with the sort column marked,
//! rows with the selection highlighted, scrolled so that the selection is
//! always on screen, and columns as wide as their widest formatted value
//! (the last column may take the rest of the width).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use crate::ui::{colors, ellipsize, put};

/// The first row to show so that `selected` is within `height` rows,
/// moving `offset` as little as possible, and never past the point where
/// the last row is at the bottom.
pub fn offset_for(selected: usize, offset: usize, height: usize, len: usize) -> usize {
    let height = height.max(1);
    let mut offset = offset;
    if selected < offset {
        offset = selected;
    } else if selected >= offset + height {
        offset = selected + 1 - height;
    }
    offset.min(len.saturating_sub(height))
}

/// A column of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The header.
    pub title: String,
    /// Values are right-aligned (numbers).
    pub right: bool,
}

impl Column {
    /// A left-aligned column.
    pub fn left(title: &str) -> Self {
        Column {
            title: title.to_string(),
            right: false,
        }
    }

    /// A right-aligned column.
    pub fn right(title: &str) -> Self {
        Column {
            title: title.to_string(),
            right: true,
        }
    }
}

/// A cell: its text and its style (on top of the row's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The formatted value.
    pub text: String,
    /// Its colour and modifiers.
    pub style: Style,
}

impl Cell {
    /// A cell in the row's style.
    pub fn plain(text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            style: Style::new(),
        }
    }

    /// A cell with its own style.
    pub fn styled(text: impl Into<String>, style: Style) -> Self {
        Cell {
            text: text.into(),
            style,
        }
    }
}

/// A table to draw.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// Every row (widths come from all of them, not only the visible ones).
    pub rows: Vec<Vec<Cell>>,
    /// The selected row.
    pub selected: Option<usize>,
    /// The first row on screen.
    pub offset: usize,
    /// The sort column and whether it is descending.
    pub sort: Option<(usize, bool)>,
}

impl Table {
    /// Each column's width: its widest formatted value or title, plus one
    /// space between columns; the last column gets what is left.
    pub fn widths(&self, width: u16) -> Vec<u16> {
        let n = self.columns.len();
        let mut out: Vec<u16> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let title =
                    c.title.chars().count() + usize::from(self.sort.is_some_and(|s| s.0 == i));
                let widest = self
                    .rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(|cell| cell.text.chars().count())
                    .max()
                    .unwrap_or(0);
                (title.max(widest) + 1).min(usize::from(u16::MAX)) as u16
            })
            .collect();
        if n > 0 {
            let used: u16 = out[..n - 1].iter().fold(0u16, |a, &w| a.saturating_add(w));
            out[n - 1] = width.saturating_sub(used).max(out[n - 1].min(width));
        }
        out
    }

    /// Draws the header in the first row of `area` and the rows below it.
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        if area.height == 0 {
            return;
        }
        let widths = self.widths(area.width);
        let head = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        let mut x = area.x;
        for (i, (c, &w)) in self.columns.iter().zip(&widths).enumerate() {
            let mut title = c.title.clone();
            if let Some((_, desc)) = self.sort.filter(|s| s.0 == i) {
                title.push(if desc { '▼' } else { '▲' });
            }
            put(buf, x, area.y, &align(&title, c.right, w), w, head);
            x = x.saturating_add(w);
            if x >= area.right() {
                break;
            }
        }
        let body = usize::from(area.height - 1);
        for (pos, row) in self.rows.iter().enumerate().skip(self.offset).take(body) {
            let y = area.y + 1 + (pos - self.offset) as u16;
            let selected = self.selected == Some(pos);
            let base = if selected {
                Style::new().bg(colors::SELECTED).fg(Color::Black)
            } else {
                Style::new()
            };
            buf.set_style(Rect::new(area.x, y, area.width, 1), base);
            let mut x = area.x;
            for ((c, cell), &w) in self.columns.iter().zip(row).zip(&widths) {
                let style = if selected {
                    base.add_modifier(Modifier::BOLD)
                } else {
                    base.patch(cell.style)
                };
                let room = w.min(area.right().saturating_sub(x));
                put(buf, x, y, &align(&cell.text, c.right, room), room, style);
                x = x.saturating_add(w);
                if x >= area.right() {
                    break;
                }
            }
        }
    }
}

/// `text` in a column of `width` (one of which is the gap after it).
fn align(text: &str, right: bool, width: u16) -> String {
    let inner = usize::from(width.saturating_sub(1));
    let text = ellipsize(text, inner.max(1));
    if right {
        format!("{text:>inner$} ")
    } else {
        format!("{text:<inner$} ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selection_stays_on_screen() {
        assert_eq!(offset_for(0, 0, 5, 40), 0);
        assert_eq!(offset_for(7, 0, 5, 40), 3);
        assert_eq!(offset_for(2, 3, 5, 40), 2);
        assert_eq!(offset_for(39, 0, 5, 40), 35);
        // Never scrolled past the end.
        assert_eq!(offset_for(37, 38, 5, 40), 35);
        assert_eq!(offset_for(0, 9, 5, 3), 0);
    }

    #[test]
    fn columns_are_as_wide_as_their_widest_value() {
        let t = Table {
            columns: vec![Column::right("n"), Column::left("name")],
            rows: vec![
                vec![Cell::plain("1"), Cell::plain("a")],
                vec![Cell::plain("12345"), Cell::plain("b")],
            ],
            ..Table::default()
        };
        assert_eq!(t.widths(40), [6, 34]);
    }
}
