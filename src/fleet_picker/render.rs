//! Drawing the fleet picker: a pure function of its state.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use super::{Action, Picker, Step, KEYMAP};
use crate::ui::widgets::{help, hints, status_bar, title_bar};
use crate::ui::{colors, put};

/// Rows that are not the list: title, query, step, a blank, status, keys.
pub const CHROME: u16 = 6;

/// Draws the picker (and its help over it when open).
pub fn render(p: &Picker, help_scroll: Option<usize>, area: Rect, buf: &mut Buffer) {
    let engine = match p.source.engine {
        crate::fleet::Engine::Parca => "Parca",
        crate::fleet::Engine::Pyroscope => "Pyroscope",
    };
    let host = p.source.base.trim_start_matches("http://");
    title_bar::render(buf, area, &format!("{engine} {host}"));
    let dim = Style::new().fg(Color::DarkGray);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let line = |buf: &mut Buffer, y: u16, text: &str, style: Style| {
        if y < area.bottom() {
            put(
                buf,
                area.x + 1,
                y,
                text,
                area.width.saturating_sub(1),
                style,
            );
        }
    };
    let query = p
        .query
        .as_ref()
        .map_or_else(|| "(no type yet)".to_string(), ToString::to_string);
    line(buf, area.y + 1, &format!("query  {query}"), bold);
    let step = match &p.step {
        Step::Types => "1/3  a profile type".to_string(),
        Step::Labels => "2/3  a label to match (Enter on the first row: these series)".to_string(),
        Step::Values(name) => format!("2/3  a value of {name}"),
        Step::Range => "3/3  a time range".to_string(),
    };
    line(buf, area.y + 2, &step, dim);
    let top = area.y + 4;
    let bottom = area.bottom().saturating_sub(2);
    let rows = usize::from(bottom.saturating_sub(top));
    // Keep the selected row in view.
    let offset = p.selected.saturating_sub(rows.saturating_sub(1));
    for (i, item) in p.items.iter().enumerate().skip(offset).take(rows) {
        let y = top + (i - offset) as u16;
        let style = if i == p.selected {
            Style::new().bg(colors::SELECTED).fg(Color::Black)
        } else {
            Style::new()
        };
        buf.set_style(Rect::new(area.x, y, area.width, 1), style);
        put(
            buf,
            area.x + 2,
            y,
            &crate::ui::sanitize(item),
            area.width.saturating_sub(2),
            style,
        );
    }
    let row = |y: u16| Rect::new(area.x, y, area.width, u16::from(area.height > y));
    let loading = p
        .loading
        .as_ref()
        .map(|l| status_bar::Status::note(l.clone()));
    let position = if p.items.is_empty() {
        String::new()
    } else {
        format!("{} of {}", p.selected + 1, p.items.len())
    };
    status_bar::render(
        buf,
        row(area.height.saturating_sub(2)),
        loading.as_ref().or(p.status.as_ref()),
        None,
        &position,
    );
    let keys = crate::tui::keys::hints(
        KEYMAP,
        &[
            (Action::Choose, "choose"),
            (Action::Back, "back"),
            (Action::Refresh, "ask again"),
            (Action::Help, "help"),
            (Action::Quit, "quit"),
        ],
        |_| true,
    );
    hints::render(buf, row(area.height.saturating_sub(1)), &keys);
    if let Some(scroll) = help_scroll {
        help::render(&crate::tui::Screen::help(p), scroll, area, buf);
    }
}
