//! Drawing the source pane: a pure function of its state.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::{colors, put};
use crate::report::units::{percentage, scaled_label};
use crate::source_view::{keymap, SourceMode, SourceView};

/// Draws the pane.
pub fn render(v: &SourceView, area: Rect, buf: &mut Buffer) {
    if area.height < 3 || area.width < 10 {
        return;
    }
    let fmt = |x: i64| scaled_label(x, &v.unit, "minimum");
    let dot = |x: i64| if x == 0 { ".".to_string() } else { fmt(x) };
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let w = area.width;
    let title = match v.routine() {
        Some(r) => {
            let n = v
                .routines
                .as_ref()
                .and_then(|r| r.as_ref().ok())
                .map_or(1, Vec::len);
            let of = if n > 1 {
                format!("  ({}/{n})", v.current + 1)
            } else {
                String::new()
            };
            format!(" {} in {}{of}", r.function, r.file)
        }
        None => format!(" {}", v.function),
    };
    buf.set_style(
        Rect::new(area.x, area.y, w, 1),
        Style::new().bg(colors::ROOT),
    );
    put(
        buf,
        area.x,
        area.y,
        &title,
        w,
        bold.fg(ratatui::style::Color::Black).bg(colors::ROOT),
    );
    let body_top = area.y + 3;
    let body_rows = v.visible_rows() as u16;
    match (&v.routines, v.routine()) {
        (None, _) => put(
            buf,
            area.x + 1,
            area.y + 1,
            "reading the source…",
            w,
            Style::new(),
        ),
        (Some(Err(e)), _) => put(
            buf,
            area.x + 1,
            area.y + 1,
            e,
            w,
            Style::new().fg(colors::ERROR),
        ),
        (Some(Ok(_)), None) => {}
        (Some(Ok(_)), Some(r)) => {
            let found = match &r.found {
                Some(p) if p.display().to_string() != r.file => {
                    format!("  · read from {}", p.display())
                }
                _ => String::new(),
            };
            let totals = format!(
                " flat {}  cum {}  ({} of {}){found}",
                fmt(r.flat),
                fmt(r.cum),
                percentage(r.cum, v.total).trim(),
                fmt(v.total)
            );
            put(buf, area.x, area.y + 1, &totals, w, Style::new());
            put(
                buf,
                area.x,
                area.y + 2,
                &format!("{:>10} {:>10} {:>6}", "flat", "cum", "line"),
                w,
                bold,
            );
            match &r.lines {
                Err(e) => put(
                    buf,
                    area.x + 1,
                    body_top,
                    &format!("source not found: {e}"),
                    w.saturating_sub(1),
                    Style::new().fg(colors::ERROR),
                ),
                Ok(lines) => {
                    for (row, (i, l)) in lines
                        .iter()
                        .enumerate()
                        .skip(v.offset)
                        .take(body_rows as usize)
                        .enumerate()
                    {
                        let y = body_top + row as u16;
                        let text = format!(
                            "{:>10} {:>10} {:>6}  {}",
                            dot(l.flat),
                            dot(l.cum),
                            l.number,
                            expand_tabs(&l.text)
                        );
                        let mut style = if l.cum != 0 || l.flat != 0 {
                            Style::new().fg(colors::ACCENT)
                        } else {
                            Style::new()
                        };
                        if i == v.selected {
                            style = style.add_modifier(Modifier::REVERSED);
                            buf.set_style(
                                Rect::new(area.x, y, w, 1),
                                Style::new().add_modifier(Modifier::REVERSED),
                            );
                        }
                        put(buf, area.x, y, &text, w, style);
                    }
                }
            }
        }
    }
    let bottom = area.y + area.height - 1;
    if let Some(s) = &v.status {
        let style = if s.error {
            Style::new().fg(colors::ERROR).add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(colors::ACCENT)
        };
        put(buf, area.x, bottom, &format!(" {}", s.text), w, style);
    } else {
        super::widgets::hints::render(buf, Rect::new(area.x, bottom, w, 1), &keymap::hints());
    }
    if let SourceMode::Help(scroll) = v.mode {
        super::widgets::help::render(&keymap::help_lines(), scroll, area, buf);
    }
}

/// Tabs as spaces to the next multiple of four, so columns stay put.
fn expand_tabs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut col = 0usize;
    for c in s.chars() {
        if c == '\t' {
            let n = 4 - col % 4;
            out.extend(std::iter::repeat(' ').take(n));
            col += n;
        } else {
            out.push(c);
            col += 1;
        }
    }
    out
}
