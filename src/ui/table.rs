//! The top table view, and a diff's delta table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use crate::explorer::analysis::Analysis;
use crate::explorer::layout::table_columns;
use crate::explorer::state::Column;
use crate::explorer::App;
use crate::report::top::TopRow;

use super::colors;
use super::{ellipsize_left, put};

/// Draws the top table: flat, flat%, sum%, cum, cum%, name; for a diff,
/// before and after flat and cum, then the deltas as pprof `-diff_base`
/// prints them. Columns that do not fit are left out.
pub fn view(app: &App, analysis: &Analysis, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    let diff = analysis.diff.is_some();
    let columns = table_columns(app.columns(), area.width);
    let head = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    for &(c, x, w) in &columns {
        let mut title = c.title(diff).to_string();
        if c == app.top.sort {
            title.push(if app.top.descending { '▼' } else { '▲' });
        }
        let text = if c == Column::Name {
            format!("  {title}")
        } else {
            format!("{title:>width$}", width = usize::from(w))
        };
        put(buf, area.x + x, area.y, &text, w, head);
    }
    let rows = &analysis.top.rows;
    if rows.is_empty() {
        put(
            buf,
            area.x + 1,
            area.y + 1,
            "no functions above pprof's 0.5% node fraction",
            area.width.saturating_sub(1),
            Style::new(),
        );
        return;
    }
    // sum% runs over the rows in the order shown.
    let mut running = 0i64;
    for (pos, &r) in app.top.order.iter().enumerate() {
        let row = &rows[r];
        running = running.wrapping_add(row.flat);
        if pos < app.top.offset {
            continue;
        }
        let y = area.y + 1 + (pos - app.top.offset) as u16;
        if y >= area.bottom() {
            break;
        }
        let selected = pos == app.top.selected;
        let base = if selected {
            Style::new().bg(colors::SELECTED).fg(Color::Black)
        } else {
            Style::new()
        };
        let name_style = if app.is_match(row.frame) {
            base.fg(colors::MATCH).add_modifier(Modifier::BOLD)
        } else if selected {
            base.add_modifier(Modifier::BOLD)
        } else {
            base
        };
        buf.set_style(Rect::new(area.x, y, area.width, 1), base);
        for &(c, x, w) in &columns {
            let x = area.x + x;
            if c == Column::Name {
                let name = row_name(analysis, row);
                let room = w.saturating_sub(2);
                put(
                    buf,
                    x + 2,
                    y,
                    &ellipsize_left(&name, usize::from(room)),
                    room,
                    name_style,
                );
                continue;
            }
            let text = cell(analysis, row, c, running);
            // A delta's sign is its colour too, as in the benchmark table.
            let style = match c {
                Column::Flat | Column::FlatPct | Column::Cum | Column::CumPct
                    if diff && !selected =>
                {
                    let v = if matches!(c, Column::Flat | Column::FlatPct) {
                        row.flat
                    } else {
                        row.cum
                    };
                    match v.signum() {
                        1 => base.fg(app.palette.worse()),
                        -1 => base.fg(app.palette.better()),
                        _ => base,
                    }
                }
                _ => base,
            };
            put(
                buf,
                x,
                y,
                &format!("{text:>width$}", width = usize::from(w)),
                w,
                style,
            );
        }
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
    // pprof prints shares of a diff unsigned; the sign is the delta's.
    let share = |v: i64, pct: f64| {
        if analysis.diff.is_some() && v < 0 {
            format!("-{pct:.2}%")
        } else if analysis.diff.is_some() && v > 0 {
            format!("+{pct:.2}%")
        } else {
            format!("{pct:.2}%")
        }
    };
    let f = analysis
        .diff
        .as_ref()
        .map(|d| d.function(row.frame))
        .unwrap_or_default();
    match c {
        Column::Flat => signed(row.flat),
        Column::FlatPct => share(row.flat, row.flat_pct),
        Column::SumPct => format!("{:.2}%", analysis.pct(running).abs()),
        Column::Cum => signed(row.cum),
        Column::CumPct => share(row.cum, row.cum_pct),
        Column::BeforeFlat => analysis.fmt(f.flat.before),
        Column::BeforeCum => analysis.fmt(f.cum.before),
        Column::AfterFlat => analysis.fmt(f.flat.after),
        Column::AfterCum => analysis.fmt(f.cum.after),
        Column::Name => String::new(),
    }
}
