//! The top table view.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use crate::app::analysis::Analysis;
use crate::app::state::Column;
use crate::app::App;

use super::colors;
use super::{ellipsize_left, put};

/// Draws the top table: flat, flat%, sum%, cum, cum%, name.
pub fn view(app: &App, analysis: &Analysis, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    let head = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let mut x = area.x;
    for c in Column::ALL {
        let mut title = c.title().to_string();
        if c == app.top.sort {
            title.push(if app.top.descending { '▼' } else { '▲' });
        }
        let w = c.width();
        let text = if c == Column::Name {
            format!("  {title}")
        } else {
            format!("{title:>width$}", width = usize::from(w))
        };
        let room = if c == Column::Name {
            area.right().saturating_sub(x)
        } else {
            w
        };
        put(buf, x, area.y, &text, room, head);
        x = x.saturating_add(w);
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
        let cells = [
            analysis.fmt(row.flat),
            format!("{:.2}%", row.flat_pct),
            format!("{:.2}%", analysis.pct(running).abs()),
            analysis.fmt(row.cum),
            format!("{:.2}%", row.cum_pct),
        ];
        let mut x = area.x;
        for (c, text) in Column::ALL.iter().zip(cells.iter()) {
            let w = c.width();
            put(
                buf,
                x,
                y,
                &format!("{text:>width$}", width = usize::from(w)),
                w,
                base,
            );
            x = x.saturating_add(w);
        }
        let inline = row.inline.as_str();
        let name = if inline.is_empty() {
            row.name.clone()
        } else {
            format!("{} {inline}", row.name)
        };
        let room = area.right().saturating_sub(x + 2);
        put(
            buf,
            x + 2,
            y,
            &ellipsize_left(&name, usize::from(room)),
            room,
            name_style,
        );
    }
}
