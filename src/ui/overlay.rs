//! The sample type picker, over the explorer.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};

use crate::explorer::App;
use crate::report::units;

use super::put;
use super::widgets::help::popup;

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
        // Each total as `perftui top -sample_index=…` prints it, in that
        // report's output unit (pprof's choice from its node values); the
        // shown type's is the header's.
        let value = match (&app.analysis, app.type_labels.get(i)) {
            (Some(a), _) if i == app.sample_index => a.fmt(total),
            (_, Some(label)) => label.clone(),
            _ => units::label(total, unit),
        };
        let text = format!(
            "{} {:<20} {:>12}  {}",
            if i == app.sample_index { '●' } else { ' ' },
            p.sample_type_name(i),
            value,
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
