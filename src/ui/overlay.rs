//! Pop-ups over the view: help and the sample type picker.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, Clear, Widget};

use crate::app::keymap;
use crate::app::App;
use crate::report::units;

use super::{ellipsize, put};

/// A centred box of at most `w` × `h` inside `area`, cleared, with a border.
fn popup(area: Rect, w: u16, h: u16, title: &str, buf: &mut Buffer) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(r, buf);
    let block = Block::bordered()
        .title(title)
        .style(Style::new().bg(Color::Rgb(20, 20, 30)).fg(Color::White));
    let inner = block.inner(r);
    block.render(r, buf);
    inner
}

/// The help overlay, generated from the keymap; scrolls when the screen
/// is too short for all of it.
pub fn help(scroll: usize, area: Rect, buf: &mut Buffer) {
    let lines = keymap::help_lines();
    let inner = popup(
        area,
        78,
        lines.len() as u16 + 2,
        " perftui keys (j/k scroll, any other key closes) ",
        buf,
    );
    let key_w = 18u16.min(inner.width / 3);
    let rows = usize::from(inner.height);
    let scroll = scroll.min(lines.len().saturating_sub(rows));
    for (i, (k, h)) in lines.iter().skip(scroll).take(rows).enumerate() {
        let y = inner.y + i as u16;
        if k.is_empty() {
            put(
                buf,
                inner.x,
                y,
                h,
                inner.width,
                Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            );
        } else {
            put(
                buf,
                inner.x + 1,
                y,
                k,
                key_w,
                Style::new().add_modifier(Modifier::BOLD),
            );
            let room = inner.width.saturating_sub(key_w + 2);
            put(
                buf,
                inner.x + key_w + 2,
                y,
                &ellipsize(h, usize::from(room)),
                room,
                Style::new(),
            );
        }
    }
    if scroll + rows < lines.len() && inner.height > 0 {
        let more = format!(" ↓ {} more ", lines.len() - scroll - rows);
        let w = more.chars().count() as u16;
        put(
            buf,
            inner.right().saturating_sub(w),
            inner.bottom(),
            &more,
            w,
            Style::new().fg(Color::Yellow),
        );
    }
}

/// The sample type picker: every type with its total.
pub fn picker(app: &App, selected: usize, area: Rect, buf: &mut Buffer) {
    let p = &app.profile;
    let n = p.sample_types.len();
    let inner = popup(area, 60, n as u16 + 2, " sample type (Enter picks) ", buf);
    for i in 0..n {
        let y = inner.y + i as u16;
        if y >= inner.bottom() {
            break;
        }
        let unit = p.sample_type_unit(i);
        let total = app.type_totals.get(i).copied().unwrap_or(0);
        let text = format!(
            "{} {:<20} {:>12}  {}",
            if i == app.sample_index { '●' } else { ' ' },
            p.sample_type_name(i),
            units::label(total, unit),
            unit
        );
        let style = if i == selected {
            Style::new().bg(Color::White).fg(Color::Black)
        } else {
            Style::new()
        };
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        put(buf, inner.x, y, &text, inner.width, style);
    }
}
