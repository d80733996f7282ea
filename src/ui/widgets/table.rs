//! The table of the list screens: a header with the sort column marked,
//! rows with the selection highlighted, scrolled so that the selection is
//! always on screen, and columns as wide as their widest formatted value
//! (the last column may take the rest of the width).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use crate::ui::{colors, ellipsize, ellipsize_left, put};

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

/// Where the selection and the scroll go after the user sorts: the view
/// shows the first rows of the new order, so the largest entries never sit
/// unseen above; the selected row stays selected only when it is among
/// them, otherwise the first row is. Returns `(selected, offset)`.
pub fn after_sort(selected: Option<usize>, height: usize) -> (usize, usize) {
    match selected {
        Some(pos) if pos < height.max(1) => (pos, 0),
        _ => (0, 0),
    }
}

/// A column of a table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Column {
    /// The header.
    pub title: String,
    /// Values are right-aligned (numbers).
    pub right: bool,
    /// The column takes the width the others leave (a name column).
    pub fill: bool,
    /// The most columns its text may take; longer values are cut.
    pub max: Option<u16>,
    /// Long values lose their start rather than their end (function
    /// names, whose end says the most).
    pub cut_left: bool,
    /// The header's style, when not the table's.
    pub title_style: Option<Style>,
}

impl Column {
    /// A left-aligned column.
    pub fn left(title: &str) -> Self {
        Column {
            title: title.to_string(),
            ..Column::default()
        }
    }

    /// A right-aligned column.
    pub fn right(title: &str) -> Self {
        Column {
            right: true,
            ..Column::left(title)
        }
    }

    /// This column takes the rest of the width.
    pub fn filling(self) -> Self {
        Column { fill: true, ..self }
    }

    /// Values longer than `max` columns are cut.
    pub fn at_most(self, max: u16) -> Self {
        Column {
            max: Some(max),
            ..self
        }
    }

    /// Long values are cut at the start.
    pub fn cut_at_start(self) -> Self {
        Column {
            cut_left: true,
            ..self
        }
    }

    /// The header in its own style.
    pub fn titled(self, style: Style) -> Self {
        Column {
            title_style: Some(style),
            ..self
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
    /// The style stays on the selected row too (a search match, a
    /// verdict's colour), instead of giving way to the selection's.
    pub sticky: bool,
}

impl Cell {
    /// A cell in the row's style.
    pub fn plain(text: impl Into<String>) -> Self {
        Cell::styled(text, Style::new())
    }

    /// A cell with its own style.
    pub fn styled(text: impl Into<String>, style: Style) -> Self {
        Cell {
            text: text.into(),
            style,
            sticky: false,
        }
    }

    /// A cell whose style shows on the selected row too.
    pub fn sticky(text: impl Into<String>, style: Style) -> Self {
        Cell {
            sticky: true,
            ..Cell::styled(text, style)
        }
    }
}

/// Where a shown column is: its index in [`Table::columns`], its first
/// column on screen (from the table's left edge) and its width, one of
/// which is the gap after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// Index of the column.
    pub index: usize,
    /// Offset from the table's left edge.
    pub x: u16,
    /// Width including the gap.
    pub width: u16,
}

/// A table to draw.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// Every row (widths come from all of them, not only the visible ones).
    pub rows: Vec<Vec<Cell>>,
    /// Rows under the last one (totals, benchstat's geomean), shown when
    /// the end of the table is on screen; never selected.
    pub footer: Vec<Vec<Cell>>,
    /// The selected row.
    pub selected: Option<usize>,
    /// The first row on screen.
    pub offset: usize,
    /// The sort column and whether it is descending.
    pub sort: Option<(usize, bool)>,
    /// When the columns do not fit, these are left out first, in order,
    /// until the filling column has `min_fill` columns.
    pub drop_order: Vec<usize>,
    /// The least width of the filling column before columns are dropped.
    pub min_fill: u16,
}

impl Table {
    /// The width a column's values and title need, plus the gap.
    fn natural(&self, i: usize) -> u16 {
        let c = &self.columns[i];
        let title = c.title.chars().count() + usize::from(self.sort.is_some_and(|s| s.0 == i));
        let widest = self
            .rows
            .iter()
            .chain(&self.footer)
            .filter_map(|r| r.get(i))
            .map(|cell| cell.text.chars().count())
            .max()
            .unwrap_or(0);
        let mut w = title.max(widest).min(usize::from(u16::MAX - 1)) as u16;
        if let Some(max) = c.max {
            w = w.min(max);
        }
        w + 1
    }

    /// The columns shown in `width`, left to right: each as wide as its
    /// widest formatted value or title plus one space, the filling column
    /// the rest; columns in `drop_order` go first when they do not fit.
    pub fn layout(&self, width: u16) -> Vec<Placed> {
        let mut shown: Vec<usize> = (0..self.columns.len()).collect();
        let natural: Vec<u16> = shown.iter().map(|&i| self.natural(i)).collect();
        let has_fill = self.columns.iter().any(|c| c.fill);
        let need = |shown: &[usize]| {
            let fixed = shown
                .iter()
                .filter(|&&i| !self.columns[i].fill)
                .fold(0u16, |a, &i| a.saturating_add(natural[i]));
            if has_fill {
                fixed.saturating_add(self.min_fill)
            } else {
                // The last column needs no gap after it.
                fixed.saturating_sub(1)
            }
        };
        for &drop in &self.drop_order {
            if need(&shown) <= width {
                break;
            }
            shown.retain(|&i| i != drop);
        }
        let fixed: u16 = shown
            .iter()
            .filter(|&&i| !self.columns[i].fill)
            .fold(0u16, |a, &i| a.saturating_add(natural[i]));
        let mut x = 0u16;
        shown
            .into_iter()
            .map(|index| {
                let w = if self.columns[index].fill {
                    width.saturating_sub(fixed)
                } else {
                    natural[index]
                };
                let p = Placed { index, x, width: w };
                x = x.saturating_add(w);
                p
            })
            .collect()
    }

    /// Each column's width in `width` (0 for a column left out).
    pub fn widths(&self, width: u16) -> Vec<u16> {
        let mut out = vec![0; self.columns.len()];
        for p in self.layout(width) {
            out[p.index] = p.width;
        }
        out
    }

    /// The column under `x` (from the table's left edge).
    pub fn column_at(&self, width: u16, x: u16) -> Option<usize> {
        self.layout(width)
            .into_iter()
            .find(|p| x >= p.x && x < p.x.saturating_add(p.width))
            .map(|p| p.index)
    }

    /// Draws the header in the first row of `area` and the rows below it.
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        if area.height == 0 {
            return;
        }
        let placed = self.layout(area.width);
        let head = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        for p in &placed {
            let c = &self.columns[p.index];
            let mut title = c.title.clone();
            if let Some((_, desc)) = self.sort.filter(|s| s.0 == p.index) {
                title.push(if desc { '▼' } else { '▲' });
            }
            let style = c.title_style.unwrap_or(head);
            self.put_cell(buf, area, p, area.y, &title, c, style);
        }
        let body = usize::from(area.height - 1);
        let mut y = area.y + 1;
        for (pos, row) in self.rows.iter().enumerate().skip(self.offset).take(body) {
            let selected = self.selected == Some(pos);
            let base = if selected {
                Style::new().bg(colors::SELECTED).fg(Color::Black)
            } else {
                Style::new()
            };
            buf.set_style(Rect::new(area.x, y, area.width, 1), base);
            for p in &placed {
                let Some(cell) = row.get(p.index) else {
                    continue;
                };
                let style = match (selected, cell.sticky) {
                    (false, _) => base.patch(cell.style),
                    (true, true) => base.add_modifier(Modifier::BOLD).patch(cell.style),
                    (true, false) => base.add_modifier(Modifier::BOLD),
                };
                self.put_cell(buf, area, p, y, &cell.text, &self.columns[p.index], style);
            }
            y += 1;
        }
        if self.rows.len().saturating_sub(self.offset) < body {
            for row in &self.footer {
                if y >= area.bottom() {
                    break;
                }
                for p in &placed {
                    if let Some(cell) = row.get(p.index) {
                        let c = &self.columns[p.index];
                        self.put_cell(buf, area, p, y, &cell.text, c, cell.style);
                    }
                }
                y += 1;
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn put_cell(
        &self,
        buf: &mut Buffer,
        area: Rect,
        p: &Placed,
        y: u16,
        text: &str,
        c: &Column,
        style: Style,
    ) {
        let x = area.x.saturating_add(p.x);
        if x >= area.right() {
            return;
        }
        let room = p.width.min(area.right() - x);
        put(buf, x, y, &align(text, c, p.width), room, style);
    }
}

/// `text` in a column of `width` (one of which is the gap after it).
fn align(text: &str, c: &Column, width: u16) -> String {
    let inner = usize::from(width.saturating_sub(1));
    let text = if c.cut_left {
        ellipsize_left(text, inner.max(1))
    } else {
        ellipsize(text, inner.max(1))
    };
    if c.right {
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
    fn a_sort_shows_the_top_of_the_new_order() {
        assert_eq!(after_sort(Some(3), 10), (3, 0));
        assert_eq!(after_sort(Some(10), 10), (0, 0));
        assert_eq!(after_sort(None, 10), (0, 0));
    }

    #[test]
    fn columns_are_as_wide_as_their_widest_value() {
        let t = Table {
            columns: vec![Column::right("n"), Column::left("name").filling()],
            rows: vec![
                vec![Cell::plain("1"), Cell::plain("a")],
                vec![Cell::plain("12345"), Cell::plain("b")],
            ],
            ..Table::default()
        };
        assert_eq!(t.widths(40), [6, 34]);
    }

    #[test]
    fn columns_are_dropped_in_order_until_the_filling_one_has_room() {
        let cell = |s: &str| Cell::plain(s);
        let t = Table {
            columns: vec![
                Column::right("a"),
                Column::right("b"),
                Column::right("c"),
                Column::left("name").filling(),
            ],
            rows: vec![vec![cell("1234"), cell("12345"), cell("123"), cell("x")]],
            drop_order: vec![1, 0],
            min_fill: 10,
            ..Table::default()
        };
        // 5 + 6 + 4 + 10 fits 25.
        assert_eq!(t.widths(25), [5, 6, 4, 10]);
        // b goes first, then a.
        assert_eq!(t.widths(20), [5, 0, 4, 11]);
        assert_eq!(t.widths(14), [0, 0, 4, 10]);
        assert_eq!(t.column_at(20, 5), Some(2));
        assert_eq!(t.column_at(20, 9), Some(3));
    }

    #[test]
    fn the_footer_shows_under_the_last_row_only() {
        let t = Table {
            columns: vec![Column::left("name").filling()],
            rows: (0..5).map(|i| vec![Cell::plain(format!("r{i}"))]).collect(),
            footer: vec![vec![Cell::plain("total")]],
            selected: Some(0),
            ..Table::default()
        };
        let text = |t: &Table, h: u16| {
            let area = Rect::new(0, 0, 10, h);
            let mut buf = Buffer::empty(area);
            t.render(area, &mut buf);
            crate::tui::runtime::buffer_text(&buf)
        };
        assert_eq!(text(&t, 7), "name\nr0\nr1\nr2\nr3\nr4\ntotal\n");
        assert!(!text(&t, 4).contains("total"));
        let scrolled = Table { offset: 3, ..t };
        assert_eq!(text(&scrolled, 4), "name\nr3\nr4\ntotal\n");
    }
}
