//! Drawing the run-directory summary: a pure function of [`RunsApp`].

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use super::theme::{Palette, SAME};
use super::widgets::table::{Cell, Column, Table};
use super::widgets::{help, hints, status_bar, title_bar};
use super::{ellipsize, put};
use crate::report::units::label;
use crate::run_dirs::{PairKind, RunPair};
use crate::run_summary::{list_bottom, RunsApp, LIST_TOP};

/// Draws the whole summary screen.
pub fn render(app: &RunsApp, area: Rect, buf: &mut Buffer) {
    let w = area.width;
    title_bar::render(buf, area, &format!("runs  {}", app.title));
    let list_end = area
        .height
        .saturating_sub(list_bottom(area.height))
        .max(LIST_TOP)
        .min(area.height);
    let table_area = Rect::new(
        area.x,
        area.y + (LIST_TOP - 1).min(area.height),
        w,
        list_end.saturating_sub(LIST_TOP - 1),
    );
    table(app).render(table_area, buf);
    if app.pairs.is_empty() {
        put(
            buf,
            1,
            LIST_TOP,
            "no files in either directory",
            w,
            Style::new(),
        );
    }
    let bottom = area.height.saturating_sub(2);
    if let Some(p) = app.pairs.get(app.selected) {
        detail(p, list_end, bottom, w, app.palette, buf);
    }
    let row = |y: u16| Rect::new(area.x, y, w, u16::from(area.height > y));
    let text = format!(
        "pair {} of {}",
        (app.selected + 1).min(app.pairs.len()),
        app.pairs.len()
    );
    status_bar::render(
        buf,
        row(area.height.saturating_sub(2)),
        app.status.as_ref(),
        None,
        &text,
    );
    hints::render(
        buf,
        row(area.height.saturating_sub(1)),
        &crate::run_summary::keymap::hints(),
    );
    if let Some(scroll) = app.help {
        help::render(&crate::run_summary::keymap::help_lines(), scroll, area, buf);
    }
}

/// The pairs as the shared table: file, kind, before, after, change,
/// summary.
fn table(app: &RunsApp) -> Table {
    Table {
        columns: vec![
            Column::left("file"),
            Column::left("kind"),
            Column::right("before"),
            Column::right("after"),
            Column::right("change"),
            Column::left("summary").filling(),
        ],
        // Short of room the kind goes first (the file name says it), then
        // the summary; never the numbers.
        drop_order: vec![1, 5],
        rows: app.pairs.iter().map(|p| row(p, app.palette)).collect(),
        selected: Some(app.selected),
        offset: app.offset,
        ..Table::default()
    }
}

fn change_style(worse: bool, better: bool, palette: Palette) -> Style {
    match (worse, better) {
        (true, _) => Style::new().fg(palette.worse()),
        (false, true) => Style::new().fg(palette.better()),
        _ => Style::new().fg(SAME),
    }
}

fn row(p: &RunPair, palette: Palette) -> Vec<Cell> {
    let name = Cell::styled(p.name.clone(), Style::new().add_modifier(Modifier::BOLD));
    match &p.kind {
        PairKind::Bench(s) => {
            let (change, worse, better) = match &s.geomean {
                Some((_, g)) => (
                    format!("{g:+.2}%"),
                    s.worse > 0,
                    s.better > 0 && s.worse == 0,
                ),
                None => (String::new(), s.worse > 0, false),
            };
            let unit = s
                .geomean
                .as_ref()
                .map(|(u, _)| format!(" (geomean {u})"))
                .unwrap_or_default();
            vec![
                name,
                Cell::plain("benchmarks"),
                Cell::plain(""),
                Cell::plain(""),
                Cell::styled(change, change_style(worse, better, palette)),
                Cell::plain(format!(
                    "{} compared: {} worse, {} better{unit}",
                    s.compared, s.worse, s.better
                )),
            ]
        }
        PairKind::Profile(s) => {
            let pct = s.change_percent();
            let change = pct.map_or_else(|| "new".to_string(), |c| format!("{c:+.1}%"));
            // Profiles are costs: more is worse.
            let (worse, better) = (s.after > s.before, s.after < s.before);
            vec![
                name,
                Cell::plain(s.kind.name()),
                Cell::plain(label(s.before, &s.unit)),
                Cell::plain(label(s.after, &s.unit)),
                Cell::styled(change, change_style(worse, better, palette)),
                Cell::plain(format!("total {}", s.sample_type)),
            ]
        }
        PairKind::OnlyIn { before } => {
            let side = if *before { "BEFORE" } else { "AFTER" };
            vec![
                name,
                Cell::styled(format!("only in {side}"), Style::new().fg(SAME)),
                Cell::plain(""),
                Cell::plain(""),
                Cell::plain(""),
                Cell::plain(""),
            ]
        }
        PairKind::Error(e) => vec![
            name,
            Cell::plain("unreadable"),
            Cell::plain(""),
            Cell::plain(""),
            Cell::plain(""),
            Cell::styled(e.clone(), Style::new().fg(palette.worse())),
        ],
    }
}

fn detail(p: &RunPair, top: u16, bottom: u16, w: u16, palette: Palette, buf: &mut Buffer) {
    let mut lines: Vec<(String, Style)> = Vec::new();
    let dim = Style::new().fg(Color::Gray);
    let worse = Style::new().fg(palette.worse());
    match &p.kind {
        PairKind::Bench(s) => {
            if s.regressions.is_empty() {
                lines.push(("no benchmark got significantly worse".to_string(), dim));
            } else {
                lines.push((
                    "worst regressions (Enter: the comparison; C / M: the runs' profile diffs):"
                        .to_string(),
                    dim,
                ));
                for r in &s.regressions {
                    lines.push((format!("  {r}"), worse));
                }
            }
        }
        PairKind::Profile(s) => {
            lines.push((
                format!(
                    "{} {} → {} — Enter: differential flame graph, delta table, side by side",
                    s.sample_type,
                    label(s.before, &s.unit),
                    label(s.after, &s.unit)
                ),
                dim,
            ));
        }
        PairKind::OnlyIn { before } => lines.push((
            format!(
                "{} exists only in the {} run",
                p.name,
                if *before { "BEFORE" } else { "AFTER" }
            ),
            dim,
        )),
        PairKind::Error(e) => lines.push((format!("{}: {e}", p.name), worse)),
    }
    for (i, (text, style)) in lines.iter().enumerate() {
        let y = top + 1 + i as u16;
        if y >= bottom {
            break;
        }
        put(
            buf,
            1,
            y,
            &ellipsize(text, usize::from(w.saturating_sub(1))),
            w,
            *style,
        );
    }
}
