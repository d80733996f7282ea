//! The sample type picker and the label panel, over the explorer.

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

/// The label panel: each key, its values with their share of the total
/// shown, the highlighted one reversed; scrolled to keep it in view.
pub fn labels(app: &App, selected: usize, area: Rect, buf: &mut Buffer) {
    let Some(a) = &app.analysis else {
        return;
    };
    // (text, value row index) per line: keys are headings, values rows.
    let mut lines: Vec<(String, Option<usize>)> = Vec::new();
    let mut row = 0usize;
    for k in &a.labels {
        let grouped = if app.group_by.as_deref() == Some(k.key.as_str()) {
            "  (grouped by)"
        } else {
            ""
        };
        lines.push((format!("{}{grouped}", k.key), None));
        for v in &k.values {
            let pct = units::percentage(v.value, a.total);
            lines.push((
                format!("  {:<34} {:>10} {:>7}", v.text, a.fmt(v.value), pct.trim()),
                Some(row),
            ));
            row += 1;
        }
    }
    let inner = popup(
        area,
        64,
        lines.len() as u16 + 2,
        " labels (f focus, i ignore, g group by, Esc) ",
        buf,
    );
    let rows = usize::from(inner.height);
    let at = lines
        .iter()
        .position(|(_, r)| *r == Some(selected))
        .unwrap_or(0);
    let first = at.saturating_sub(rows.saturating_sub(1));
    for (i, (text, r)) in lines.iter().skip(first).take(rows).enumerate() {
        let y = inner.y + i as u16;
        let style = match r {
            None => Style::new().fg(Color::Yellow),
            Some(r) if *r == selected => Style::new().bg(Color::White).fg(Color::Black),
            Some(_) => Style::new(),
        };
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        put(buf, inner.x, y, text, inner.width, style);
    }
}
