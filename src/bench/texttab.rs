//! Fixed-width text table layout with spanning cells, per-cell left
//! margins and "shrink" columns that never grow to fit a spanning cell —
//! the layout benchstat's tables use, so the columns line up the same.

/// How a cell's text sits in its width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Flush left.
    Left,
    /// Centred (extra space on the right).
    Center,
    /// Flush right.
    Right,
}

#[derive(Debug, Clone)]
struct Cell {
    row: usize,
    col: usize,
    span: usize,
    value: String,
    margin: &'static str,
    align: Align,
}

/// A table being built row by row.
#[derive(Debug, Default)]
pub struct TextTable {
    cells: Vec<Cell>,
    cols: usize,
    shrink: Vec<bool>,
    cur_row: usize,
    cur_col: usize,
}

fn width(s: &str) -> usize {
    s.chars().count()
}

impl TextTable {
    /// Starts a new row.
    pub fn row(&mut self) -> &mut Self {
        if !self.cells.is_empty() {
            self.cur_row += 1;
        }
        self.cur_col = 0;
        self
    }

    /// Moves to column `col` of the current row (never backwards).
    pub fn col(&mut self, col: usize) -> &mut Self {
        self.cur_col = self.cur_col.max(col);
        self
    }

    /// The current column.
    pub fn cur_col(&self) -> usize {
        self.cur_col
    }

    /// Adds a one-column cell.
    pub fn cell(&mut self, value: &str, align: Align, margin: Option<&'static str>) -> &mut Self {
        self.span(1, value, align, margin)
    }

    /// Adds a cell spanning `cols` columns. Without an explicit margin a
    /// cell gets one space, except in the first column or when empty.
    pub fn span(
        &mut self,
        cols: usize,
        value: &str,
        align: Align,
        margin: Option<&'static str>,
    ) -> &mut Self {
        let default = if self.cur_col == 0 || value.is_empty() {
            ""
        } else {
            " "
        };
        self.cells.push(Cell {
            row: self.cur_row,
            col: self.cur_col,
            span: cols,
            value: value.to_string(),
            margin: margin.unwrap_or(default),
            align,
        });
        self.cur_col += cols;
        self.cols = self.cols.max(self.cur_col);
        self
    }

    /// Marks a column as one that keeps its minimum width.
    pub fn set_shrink(&mut self, col: usize, shrink: bool) {
        if self.shrink.len() <= col {
            self.shrink.resize(col + 1, false);
        }
        self.shrink[col] = shrink;
    }

    fn is_shrink(&self, col: usize) -> bool {
        self.shrink.get(col).copied().unwrap_or(false)
    }

    /// Lays the table out.
    pub fn format(mut self) -> String {
        let mut lmargin = vec![0usize; self.cols];
        for c in &self.cells {
            lmargin[c.col] = lmargin[c.col].max(width(c.margin));
        }
        let mut ws = vec![0usize; self.cols];
        // Narrow cells first, so spanning cells only add what is missing.
        let mut order: Vec<usize> = (0..self.cells.len()).collect();
        order.sort_by_key(|&i| self.cells[i].span);
        for &i in &order {
            let c = &self.cells[i];
            let mut w = width(&c.value) + lmargin[c.col];
            if c.span == 1 {
                ws[c.col] = ws[c.col].max(w);
                continue;
            }
            let cols = c.col..c.col + c.span;
            if ws[cols.clone()].iter().sum::<usize>() >= w {
                continue;
            }
            let mut grow = Vec::new();
            for col in cols {
                if self.is_shrink(col) {
                    w = w.saturating_sub(ws[col]);
                } else {
                    grow.push(col);
                }
            }
            grow.sort_by(|&a, &b| ws[b].cmp(&ws[a]));
            let mut left = grow.len();
            for col in grow {
                let avg = w.div_ceil(left);
                ws[col] = ws[col].max(avg);
                w = w.saturating_sub(ws[col]);
                left -= 1;
            }
        }
        let mut offs = vec![0usize; self.cols + 1];
        let mut off = 0;
        for (i, w) in ws.iter().enumerate() {
            offs[i] = off;
            off += w;
        }
        offs[self.cols] = off;

        self.cells.sort_by_key(|c| (c.row, c.col));
        let mut out = String::new();
        let (mut row, mut pos) = (0usize, 0usize);
        for c in &self.cells {
            if c.value.chars().all(char::is_whitespace) && c.margin.chars().all(char::is_whitespace)
            {
                continue;
            }
            while c.row > row {
                out.push('\n');
                row += 1;
                pos = 0;
            }
            // When an earlier cell overflowed its columns, benchstat's
            // `%*s` gets a negative width, which Go pads as a left-justified
            // field of that many spaces: the rest of the line moves right
            // rather than left. Kept, so our columns land where benchstat's do.
            let spaces = offs[c.col].abs_diff(pos);
            out.extend(std::iter::repeat(' ').take(spaces));
            let m = lmargin[c.col];
            out.extend(std::iter::repeat(' ').take(m.saturating_sub(width(c.margin))));
            out.push_str(c.margin);
            // Go's bookkeeping then assumes the cell starts where it should.
            pos = offs[c.col] + m;
            let tw = offs[c.col + c.span] - offs[c.col] - m;
            let vw = width(&c.value);
            let s = match c.align {
                Align::Left => c.value.clone(),
                Align::Center => {
                    let l = tw.saturating_sub(vw) / 2;
                    format!("{}{}", " ".repeat(l), c.value)
                }
                Align::Right => format!("{}{}", " ".repeat(tw.saturating_sub(vw)), c.value),
            };
            pos += width(&s);
            out.push_str(&s);
        }
        if !self.cells.is_empty() {
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_widen_only_stretch_columns() {
        let mut t = TextTable::default();
        t.row().cell("a", Align::Left, None);
        t.span(2, "wide header", Align::Center, Some(" │ "));
        t.set_shrink(2, true);
        t.row().cell("row", Align::Left, None);
        t.cell("1", Align::Right, None).cell("x", Align::Left, None);
        let s = t.format();
        assert_eq!(s, "a   │ wide header\nrow           1 x\n");
    }
}
