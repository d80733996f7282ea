//! Drawing the run-directory summary: a pure function of [`RunsApp`].

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use super::bench::{BETTER, SAME, WORSE};
use super::{ellipsize, put};
use crate::app::runs::{RunsApp, HELP, LIST_TOP};
use crate::report::units::label;
use crate::runs::{PairKind, RunPair};

/// Column widths: file, kind, before, after, change; the summary takes the
/// rest.
const WIDTHS: [u16; 5] = [22, 15, 11, 11, 9];

/// Draws the whole summary screen.
pub fn render(app: &RunsApp, area: Rect, buf: &mut Buffer) {
    let w = area.width;
    let bold = Style::new().add_modifier(Modifier::BOLD);
    super::title_bar(buf, w, &format!("runs  {}", app.title));
    let head = bold.add_modifier(Modifier::UNDERLINED);
    let titles = ["file", "kind", "before", "after", "change", "summary"];
    let mut x = 0u16;
    for (i, t) in titles.iter().enumerate() {
        let width = WIDTHS.get(i).copied().unwrap_or(w.saturating_sub(x));
        let text = if (2..5).contains(&i) {
            format!("{t:>width$} ", width = usize::from(width.saturating_sub(1)))
        } else {
            format!(" {t}")
        };
        put(buf, x, 1, &text, width, head);
        x = x.saturating_add(width);
    }
    let bottom = area.height.saturating_sub(2);
    let detail_rows = 6u16;
    let list_end = bottom.saturating_sub(detail_rows).max(LIST_TOP);
    for (i, p) in app.pairs.iter().enumerate() {
        let y = LIST_TOP + i as u16;
        if y >= list_end {
            break;
        }
        let selected = i == app.selected;
        let base = if selected {
            Style::new().bg(super::colors::SELECTED).fg(Color::Black)
        } else {
            Style::new()
        };
        buf.set_style(Rect::new(0, y, w, 1), base);
        row(p, y, w, base, selected, buf);
    }
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
    if let Some(p) = app.pairs.get(app.selected) {
        detail(p, list_end, bottom, w, buf);
    }
    let status = app.status.clone().unwrap_or_default();
    put(
        buf,
        0,
        area.height.saturating_sub(2),
        &ellipsize(&status, usize::from(w)),
        w,
        Style::new().fg(super::colors::ACCENT),
    );
    put(
        buf,
        0,
        area.height.saturating_sub(1),
        &ellipsize(
            " Enter open  C cpu profile diff  M memory profile diff  ? help  q quit",
            usize::from(w),
        ),
        w,
        Style::new().fg(Color::Gray),
    );
    if app.help {
        help(area, buf);
    }
}

fn change_style(base: Style, worse: bool, better: bool, selected: bool) -> Style {
    if selected {
        return base.add_modifier(Modifier::BOLD);
    }
    match (worse, better) {
        (true, _) => base.fg(WORSE),
        (false, true) => base.fg(BETTER),
        _ => base.fg(SAME),
    }
}

fn row(p: &RunPair, y: u16, w: u16, base: Style, selected: bool, buf: &mut Buffer) {
    let mut cells: Vec<(String, Style)> = vec![(
        format!(" {}", ellipsize(&p.name, usize::from(WIDTHS[0] - 2))),
        base.add_modifier(Modifier::BOLD),
    )];
    let right = |s: String, width: u16| format!("{s:>width$} ", width = usize::from(width - 1));
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
            cells.push((" benchmarks".to_string(), base));
            cells.push((String::new(), base));
            cells.push((String::new(), base));
            cells.push((
                right(change, WIDTHS[4]),
                change_style(base, worse, better, selected),
            ));
            let unit = s
                .geomean
                .as_ref()
                .map(|(u, _)| format!(" (geomean {u})"))
                .unwrap_or_default();
            cells.push((
                format!(
                    " {} compared: {} worse, {} better{unit}",
                    s.compared, s.worse, s.better
                ),
                base,
            ));
        }
        PairKind::Profile(s) => {
            let pct = s.change_percent();
            cells.push((format!(" {}", s.kind.name()), base));
            cells.push((right(label(s.before, &s.unit), WIDTHS[2]), base));
            cells.push((right(label(s.after, &s.unit), WIDTHS[3]), base));
            let change = pct.map_or_else(|| "new".to_string(), |c| format!("{c:+.1}%"));
            // Profiles are costs: more is worse.
            let (worse, better) = (s.after > s.before, s.after < s.before);
            cells.push((
                right(change, WIDTHS[4]),
                change_style(base, worse, better, selected),
            ));
            cells.push((format!(" total {}", s.sample_type), base));
        }
        PairKind::OnlyIn { before } => {
            let side = if *before { "BEFORE" } else { "AFTER" };
            cells.push((format!(" only in {side}"), base.fg(SAME)));
        }
        PairKind::Error(e) => {
            cells.push((" unreadable".to_string(), base));
            cells.push((String::new(), base));
            cells.push((String::new(), base));
            cells.push((String::new(), base));
            let style = if selected { base } else { base.fg(WORSE) };
            cells.push((format!(" {e}"), style));
        }
    }
    let mut x = 0u16;
    for (i, (text, style)) in cells.iter().enumerate() {
        let width = WIDTHS.get(i).copied().unwrap_or(w.saturating_sub(x));
        put(buf, x, y, text, width.min(w.saturating_sub(x)), *style);
        x = x.saturating_add(width);
        if x >= w {
            break;
        }
    }
}

fn detail(p: &RunPair, top: u16, bottom: u16, w: u16, buf: &mut Buffer) {
    let mut lines: Vec<(String, Style)> = Vec::new();
    let dim = Style::new().fg(Color::Gray);
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
                    lines.push((format!("  {r}"), Style::new().fg(WORSE)));
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
        PairKind::Error(e) => lines.push((format!("{}: {e}", p.name), Style::new().fg(WORSE))),
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

fn help(area: Rect, buf: &mut Buffer) {
    let width = area.width.min(72);
    let height = (HELP.len() as u16 + 2).min(area.height);
    let x = (area.width - width) / 2;
    let y = (area.height - height) / 2;
    let r = Rect::new(x, y, width, height);
    buf.set_style(r, Style::new().bg(Color::Rgb(30, 30, 50)).fg(Color::White));
    for row in r.top()..r.bottom() {
        put(
            buf,
            x,
            row,
            &" ".repeat(usize::from(width)),
            width,
            Style::new(),
        );
    }
    for (i, (k, what)) in HELP.iter().enumerate() {
        let row = y + 1 + i as u16;
        if row >= r.bottom() {
            break;
        }
        put(
            buf,
            x + 1,
            row,
            &format!("{k:<24} {what}"),
            width.saturating_sub(2),
            Style::new().bg(Color::Rgb(30, 30, 50)).fg(Color::White),
        );
    }
}
