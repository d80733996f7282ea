//! The frame around the views: tabs, filter stack, status and hint lines.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use crate::explorer::keymap;
use crate::explorer::layout;
use crate::explorer::state::{Mode, Prompt, PromptKind};
use crate::explorer::{App, View};
use crate::profile::trie::ROOT;

use super::colors;
use super::widgets::prompt;
use super::widgets::status_bar::{self, WatchLine};
use super::{ellipsize, pct, put};

/// Tabs on the left, file and sample type on the right.
pub fn header(app: &App, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    let base = Style::new().bg(Color::Rgb(40, 40, 60)).fg(Color::White);
    buf.set_style(area, base);
    let mut end = 0u16;
    for (v, x0, x1) in layout::tabs(app.views(), app.view, area.width) {
        let active = v == app.view;
        let style = if active {
            base.bg(Color::Rgb(90, 90, 140))
                .add_modifier(Modifier::BOLD)
        } else {
            base.fg(Color::Gray)
        };
        put(
            buf,
            area.x + x0,
            area.y,
            &layout::tab_label(v, active, area.width),
            x1 - x0,
            style,
        );
        end = x1;
    }
    let mut right = app.title.clone();
    if let Some(a) = &app.analysis {
        let ty = a.top.sample_type.as_str();
        right = match a.pair(ROOT) {
            Some(p) => format!(
                "{right} · {ty} {} → {} ({})",
                a.fmt(p.before),
                a.fmt(p.after),
                delta_text(a, p.delta(), p.before)
            ),
            None => format!("{right} · {ty} {}", a.fmt(a.total)),
        };
    }
    let room = area.width.saturating_sub(end + 2);
    let text = ellipsize(&right, usize::from(room));
    let w = text.chars().count() as u16;
    put(
        buf,
        area.x + area.width.saturating_sub(w + 1),
        area.y,
        &text,
        w,
        base,
    );
}

/// The filter stack (as pprof's "Active filters") and the search summary.
pub fn info(app: &App, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    let mut x = area.x;
    let dim = Style::new().fg(Color::DarkGray);
    if app.filters.is_empty() {
        put(buf, x, area.y, "no filters", area.width, dim);
        x += 10;
    } else {
        put(buf, x, area.y, "filters:", area.width, dim);
        x += 9;
        for (i, f) in app.filters.iter().enumerate() {
            if i > 0 {
                put(buf, x, area.y, " › ", area.right().saturating_sub(x), dim);
                x += 3;
            }
            let d = f.describe();
            let w = d.chars().count() as u16;
            put(
                buf,
                x,
                area.y,
                &d,
                area.right().saturating_sub(x),
                Style::new().fg(colors::ACCENT).add_modifier(Modifier::BOLD),
            );
            x = x.saturating_add(w);
        }
        put(
            buf,
            x,
            area.y,
            "  (u pops)",
            area.right().saturating_sub(x),
            dim,
        );
        x = x.saturating_add(10);
    }
    let mut right = String::new();
    if let Some(s) = &app.search {
        right = match (&s.hits, &app.analysis) {
            // In a diff, what a match covers is two numbers; the status
            // bar shows them for the selected match.
            (Some(h), Some(a)) if a.diff.is_some() && !s.searching => format!(
                "/{}/ {} function{}",
                s.pattern,
                h.functions,
                if h.functions == 1 { "" } else { "s" },
            ),
            (Some(h), Some(a)) if !s.searching => format!(
                "/{}/ {} function{}, {} of total",
                s.pattern,
                h.functions,
                if h.functions == 1 { "" } else { "s" },
                pct(a.pct(h.value))
            ),
            _ => format!("/{}/ searching…", s.pattern),
        };
    }
    if let Some(b) = &app.busy {
        if !right.is_empty() {
            right.push_str("  ");
        }
        right.push_str(b);
    }
    if !right.is_empty() {
        let room = area.right().saturating_sub(x + 2);
        let text = ellipsize(&right, usize::from(room));
        let w = text.chars().count() as u16;
        put(
            buf,
            area.right().saturating_sub(w),
            area.y,
            &text,
            w,
            Style::new().fg(colors::MATCH).add_modifier(Modifier::BOLD),
        );
    }
}

/// `--watch`'s state as the status bar of every screen shows it.
fn watch_line(app: &App, w: &crate::explorer::state::WatchState) -> WatchLine {
    let change = match (w.total_change, &app.analysis) {
        (Some((old, new)), Some(a)) if w.last_reload.is_some() => {
            let d = new - old;
            let sign = if d > 0 { "+" } else { "" };
            let pct = if old == 0 {
                String::new()
            } else {
                format!(
                    " ({sign}{:.1}%)",
                    d as f64 / old.unsigned_abs() as f64 * 100.0
                )
            };
            Some(format!("total {sign}{}{pct}", a.fmt(d)))
        }
        _ => None,
    };
    WatchLine {
        frozen: w.frozen,
        missed: w.missed,
        loading: w.loading,
        last_reload: w.last_reload.clone(),
        change,
        against_previous: w.against_previous,
        failed: w.error.is_some(),
    }
}

/// The prompt while typing, else a message, else the selection's numbers.
pub fn status(app: &App, area: Rect, buf: &mut Buffer) {
    if let Mode::Prompt(Prompt { kind, line }) = &app.mode {
        let label = match kind {
            PromptKind::Search => "/".to_string(),
            PromptKind::Filter(k) => format!("{} regex: ", k.name()),
        };
        prompt::render(buf, area, &label, line);
        return;
    }
    let watch = app.watch.as_ref().map(|w| watch_line(app, w));
    let text = match &app.analysis {
        Some(a) if app.status.is_none() => selection_text(app, a),
        _ => String::new(),
    };
    status_bar::render(buf, area, app.status.as_ref(), watch.as_ref(), &text);
}

/// What the status bar says about the selection.
fn selection_text(app: &App, a: &crate::explorer::analysis::Analysis) -> String {
    match (app.view, &a.diff) {
        (View::Flame | View::SideBySide, Some(_)) => {
            let id = app.flame.selected;
            let name = if id == ROOT {
                "root"
            } else {
                a.frames.name(a.trie.node(id).frame)
            };
            let p = a.pair(id).unwrap_or_default();
            let mode = app.diff.as_ref().map_or("", |d| d.mode.name());
            format!(
                "{name} │ before {} │ after {} │ Δ {} │ colour: {mode}",
                a.fmt(p.before),
                a.fmt(p.after),
                delta_text(a, p.delta(), p.before),
            )
        }
        (View::Top, Some(d)) => match app.top_row() {
            Some(r) => {
                let row = &a.top.rows[r];
                let f = d.function(row.frame);
                format!(
                    "{} │ flat {} → {} │ cum {} → {} │ Δcum {}",
                    row.name,
                    a.fmt(f.flat.before),
                    a.fmt(f.flat.after),
                    a.fmt(f.cum.before),
                    a.fmt(f.cum.after),
                    delta_text(a, row.cum, f.cum.before),
                )
            }
            None => "no functions".to_string(),
        },
        _ => status_text(app, a),
    }
}

/// A change as pprof's diff shows it, a signed value and its share of
/// BEFORE's total, and, when the thing existed before, its own relative
/// change: `+120ms, +1.50% of total, +25.0%`; `new` or `gone` otherwise.
pub fn delta_text(a: &crate::explorer::analysis::Analysis, delta: i64, before: i64) -> String {
    let sign = if delta > 0 { "+" } else { "" };
    let own = if before == 0 {
        if delta == 0 {
            String::new()
        } else {
            ", new".to_string()
        }
    } else if before + delta == 0 && delta != 0 {
        ", gone".to_string()
    } else {
        format!(", {sign}{:.1}%", delta as f64 / before as f64 * 100.0)
    };
    format!(
        "{sign}{}, {sign}{:.2}% of total{own}",
        a.fmt(delta),
        a.pct(delta)
    )
}

/// The status text of a profile's views.
fn status_text(app: &App, a: &crate::explorer::analysis::Analysis) -> String {
    match app.view {
        View::Flame | View::SideBySide => {
            let id = app.flame.selected;
            let n = a.trie.node(id);
            let zoom_total = a.trie.node(app.flame.zoom_root()).total;
            let name = if id == ROOT {
                "root".to_string()
            } else {
                a.frames.name(n.frame).to_string()
            };
            let of_zoom = if zoom_total == 0 {
                0.0
            } else {
                n.total as f64 / zoom_total as f64 * 100.0
            };
            format!(
                "{name} │ flat {} │ cum {} │ {} of total │ {} of zoom",
                a.fmt(n.self_value),
                a.fmt(n.total),
                pct(a.pct(n.total)),
                pct(of_zoom)
            )
        }
        View::Top => match app.top_row() {
            Some(r) => {
                let row = &a.top.rows[r];
                format!(
                    "{} │ flat {} ({}) │ cum {} ({})",
                    row.name,
                    a.fmt(row.flat),
                    pct(row.flat_pct),
                    a.fmt(row.cum),
                    pct(row.cum_pct)
                )
            }
            None => "no functions".to_string(),
        },
        View::Sandwich => match (&app.sandwich.data, app.sandwich.frame) {
            (Some(sw), Some(f)) => {
                let cum = sw.callers.node(ROOT).total;
                let flat = sw
                    .callees
                    .children(ROOT)
                    .first()
                    .map_or(0, |&c| sw.callees.node(c).self_value);
                format!(
                    "{} │ callers above, callees below │ flat {} │ cum {} ({})",
                    a.frames.name(f),
                    a.fmt(flat),
                    a.fmt(cum),
                    pct(a.pct(cum))
                )
            }
            _ => "select a function (j/k walk the top table)".to_string(),
        },
        View::Goroutines => match a
            .groups
            .as_ref()
            .and_then(|g| g.get(app.goroutines.selected))
        {
            Some(g) => {
                let total: i64 = a.groups.iter().flatten().map(|g| g.count).sum();
                format!(
                    "group {} of {} │ {} goroutine{} │ {} stack frames",
                    app.goroutines.selected + 1,
                    a.groups.as_ref().map_or(0, Vec::len),
                    g.count,
                    if g.count == 1 { "" } else { "s" },
                    g.stack.len()
                ) + &format!(
                    " │ {} of {total} goroutines",
                    pct(g.count as f64 / total.max(1) as f64 * 100.0)
                )
            }
            None => String::new(),
        },
    }
}

/// The one-line key hints, from the keymap.
pub fn hints(app: &App, area: Rect, buf: &mut Buffer) {
    let hints = keymap::hints(app.view, app.diff.is_some(), app.watch.is_some());
    super::widgets::hints::render(buf, area, &hints);
}
