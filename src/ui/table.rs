//! The top table view, and a diff's delta table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use crate::explorer::analysis::Analysis;
use crate::explorer::state::Column;
use crate::explorer::App;
use crate::report::top::TopRow;
use crate::report::units::percentage;

use super::colors;
use super::put;
use super::widgets::table::{Cell, Column as WColumn, Table};

/// Draws the top table: flat, flat%, sum%, cum, cum%, name; for a diff,
/// before and after flat and cum, then the deltas as pprof `-diff_base`
/// prints them. Columns that do not fit are left out.
pub fn view(app: &App, analysis: &Analysis, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    top_table(app, analysis).render(area, buf);
    if analysis.top.rows.is_empty() {
        put(
            buf,
            area.x + 1,
            area.y + 1,
            "no functions above pprof's 0.5% node fraction",
            area.width.saturating_sub(1),
            Style::new(),
        );
    }
}

/// The columns of the top table shown in `width`, left to right, with
/// where each starts and how wide it is (what a header click hits).
pub fn top_columns(app: &App, analysis: &Analysis, width: u16) -> Vec<(Column, u16, u16)> {
    let columns = app.columns();
    top_table(app, analysis)
        .layout(width)
        .into_iter()
        .map(|p| (columns[p.index], p.x, p.width))
        .collect()
}

/// The top table as the shared table widget: every row formatted, so that
/// each column is as wide as its widest value.
pub fn top_table(app: &App, analysis: &Analysis) -> Table {
    let diff = analysis.diff.is_some();
    let columns = app.columns();
    let index = |c: Column| columns.iter().position(|&x| x == c);
    let rows = &analysis.top.rows;
    // sum% runs over the rows in the order shown.
    let mut running = 0i64;
    let body = app
        .top
        .order
        .iter()
        .map(|&r| {
            let row = &rows[r];
            running = running.wrapping_add(row.flat);
            columns
                .iter()
                .map(|&c| top_cell(app, analysis, row, c, running))
                .collect()
        })
        .collect();
    Table {
        columns: columns
            .iter()
            .map(|&c| {
                if c == Column::Name {
                    WColumn::left(c.title(diff)).filling().cut_at_start()
                } else {
                    WColumn::right(c.title(diff))
                }
            })
            .collect(),
        rows: body,
        footer: Vec::new(),
        selected: (!rows.is_empty()).then_some(app.top.selected),
        offset: app.top.offset,
        sort: index(app.top.sort).map(|i| (i, app.top.descending)),
        drop_order: if diff {
            &Column::DIFF_DROP_ORDER[..]
        } else {
            &Column::TOP_DROP_ORDER[..]
        }
        .iter()
        .filter_map(|&c| index(c))
        .collect(),
        min_fill: if diff { MIN_NAME } else { MIN_TOP_NAME },
    }
}

/// The least width of the name column before a diff's columns are dropped.
const MIN_NAME: u16 = 28;

/// The least width of the name column before the top table's percentages
/// are dropped (`(*parser).parseValue` reads at 20).
const MIN_TOP_NAME: u16 = 20;

fn top_cell(app: &App, analysis: &Analysis, row: &TopRow, c: Column, running: i64) -> Cell {
    if c == Column::Name {
        let name = row_name(analysis, row);
        return if app.is_match(row.frame) {
            Cell::sticky(
                name,
                Style::new().fg(colors::MATCH).add_modifier(Modifier::BOLD),
            )
        } else {
            Cell::plain(name)
        };
    }
    let text = cell(analysis, row, c, running);
    // A delta's sign is its colour too, as in the benchmark table.
    let delta = match c {
        Column::Flat | Column::FlatPct => Some(row.flat),
        Column::Cum | Column::CumPct => Some(row.cum),
        _ => None,
    };
    match delta.filter(|_| analysis.diff.is_some()).map(i64::signum) {
        Some(1) => Cell::styled(text, Style::new().fg(app.palette.worse())),
        Some(-1) => Cell::styled(text, Style::new().fg(app.palette.better())),
        _ => Cell::plain(text),
    }
}

/// A row's name with its inline marker, and in a diff whether the function
/// is new or gone.
fn row_name(analysis: &Analysis, row: &TopRow) -> String {
    let mut name = row.name.clone();
    let inline = row.inline.as_str();
    if !inline.is_empty() {
        name = format!("{name} {inline}");
    }
    if let Some(d) = &analysis.diff {
        let f = d.function(row.frame);
        if f.cum.before == 0 && f.cum.after != 0 {
            name = format!("{name} (new)");
        } else if f.cum.after == 0 && f.cum.before != 0 {
            name = format!("{name} (gone)");
        }
    }
    name
}

fn cell(analysis: &Analysis, row: &TopRow, c: Column, running: i64) -> String {
    let signed = |v: i64| {
        let s = analysis.fmt(v);
        if analysis.diff.is_some() && v > 0 {
            format!("+{s}")
        } else {
            s
        }
    };
    // pprof's own percentages (`0%`, `  100%`, `0.00047%`), as `perftui
    // top` prints them; a diff's carry the delta's sign.
    let total = analysis.top.total;
    let share = |v: i64| {
        let p = percentage(v, total).trim().to_string();
        match (analysis.diff.is_some(), v.signum()) {
            (true, -1) => format!("-{p}"),
            (true, 1) => format!("+{p}"),
            _ => p,
        }
    };
    let f = analysis
        .diff
        .as_ref()
        .map(|d| d.function(row.frame))
        .unwrap_or_default();
    match c {
        Column::Flat => signed(row.flat),
        Column::FlatPct => share(row.flat),
        Column::SumPct => percentage(running, total).trim().to_string(),
        Column::Cum => signed(row.cum),
        Column::CumPct => share(row.cum),
        Column::BeforeFlat => analysis.fmt(f.flat.before),
        Column::BeforeCum => analysis.fmt(f.cum.before),
        Column::AfterFlat => analysis.fmt(f.flat.after),
        Column::AfterCum => analysis.fmt(f.cum.after),
        Column::Name => String::new(),
    }
}
