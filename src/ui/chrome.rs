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
    let (ty, totals) = match &app.analysis {
        Some(a) => {
            let totals = match a.pair(ROOT) {
                // The root's change is a share of BEFORE's total: one
                // percentage says it all, the value too when there is room.
                Some(p) => {
                    let (d, sign) = (p.delta(), if p.delta() > 0 { "+" } else { "" });
                    let share = if p.before == 0 {
                        "new".to_string()
                    } else {
                        format!("{sign}{:.2}%", d as f64 / p.before as f64 * 100.0)
                    };
                    let span = format!("{} → {}", a.fmt(p.before), a.fmt(p.after));
                    vec![
                        format!("{span} ({sign}{}, {share})", a.fmt(d)),
                        format!("{span} ({share})"),
                    ]
                }
                None => vec![a.fmt(a.total)],
            };
            (a.top.sample_type.as_str(), totals)
        }
        None => ("", Vec::new()),
    };
    let room = usize::from(area.width.saturating_sub(end + 2));
    let text = title_and_totals(&app.title, ty, &totals, room);
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

/// What the header's right side says in `room` columns: the title, the
/// sample type and the totals (`totals`: the same numbers, longest form
/// first). When short of room the paths go first (directories, as long as
/// the files stay told apart, then the file names from their end), then
/// the longer forms of the totals, then the sample type; the totals are
/// cut only when nothing else is left.
pub fn title_and_totals(title: &str, ty: &str, totals: &[String], room: usize) -> String {
    let fits = |s: &str| s.chars().count() <= room;
    let Some(shortest) = totals.last() else {
        return super::paths::fit(title, room);
    };
    let with = |t: &str, totals: &str| {
        if t.is_empty() {
            format!("{ty} {totals}")
        } else {
            format!("{t} · {ty} {totals}")
        }
    };
    let forms = super::paths::shorter_forms(title);
    let titles: Vec<&String> = forms.iter().collect();
    for tot in totals {
        for t in &titles {
            let s = with(t, tot);
            if fits(&s) {
                return s;
            }
        }
    }
    let short = titles.last().map_or(title.to_string(), |t| t.to_string());
    // What the title may take: the room less the rest around a 1-char title.
    let left = (room + 1).saturating_sub(with("x", shortest).chars().count());
    if left >= 6 {
        return with(&ellipsize(&short, left), shortest);
    }
    for s in [with("", shortest), shortest.clone()] {
        if fits(&s) {
            return s;
        }
    }
    ellipsize(shortest, room)
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
    if let (Some(m), Some(a)) = (&app.flame.mark, &app.analysis) {
        let name = crate::ui::flame::fit_name(a.frames.name(m.frame), 24);
        let n = m.instances.len();
        let mut text = format!("#{name} {n} instance{}", if n == 1 { "" } else { "s" });
        if a.diff.is_none() {
            text.push_str(&format!(", {} of total", pct(a.pct(m.value))));
        }
        right = if right.is_empty() {
            text
        } else {
            format!("{text}  {right}")
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
        lost: w.lost.clone(),
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
        _ => {
            let text = status_text(app, a);
            match app
                .current_frame()
                .and_then(|f| a.frame_labels.get(f as usize))
                .filter(|l| !l.is_empty())
            {
                Some(labels) if app.view != View::Goroutines => {
                    format!("{text} │ {labels}")
                }
                _ => text,
            }
        }
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
                a.fmt(a.trie.self_value(id)),
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
                let (flat, cum) = (sw.flat, sw.cum());
                format!(
                    "{} │ callers above, callees below │ flat {} ({}) │ cum {} ({})",
                    a.frames.name(f),
                    a.fmt(flat),
                    pct(a.pct(flat)),
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

#[cfg(test)]
mod tests {
    use super::title_and_totals;

    fn kb() -> Vec<String> {
        vec!["40048.61kB".to_string()]
    }

    #[test]
    fn paths_go_before_the_totals() {
        let t = "profiles/2026-12-03/heap.pb.gz";
        let full = "profiles/2026-12-03/heap.pb.gz · inuse_space 40048.61kB";
        assert_eq!(title_and_totals(t, "inuse_space", &kb(), 80), full);
        assert_eq!(
            title_and_totals(t, "inuse_space", &kb(), 47),
            "2026-12-03/heap.pb.gz · inuse_space 40048.61kB"
        );
        assert_eq!(
            title_and_totals(t, "inuse_space", &kb(), 40),
            "heap.pb.gz · inuse_space 40048.61kB"
        );
        assert_eq!(
            title_and_totals(t, "inuse_space", &kb(), 32),
            "heap.p… · inuse_space 40048.61kB"
        );
        assert_eq!(
            title_and_totals(t, "inuse_space", &kb(), 24),
            "inuse_space 40048.61kB"
        );
        assert_eq!(title_and_totals(t, "inuse_space", &kb(), 12), "40048.61kB");
        assert_eq!(title_and_totals(t, "inuse_space", &kb(), 6), "40048…");
    }

    #[test]
    fn run_directories_keep_the_directory_that_tells_them_apart() {
        let t = "/tmp/runs/before/cpu.pb.gz → /tmp/runs/after/cpu.pb.gz";
        assert_eq!(
            title_and_totals(t, "cpu", &["2.93s → 2.50s (-14.7%)".to_string()], 70),
            "before/cpu.pb.gz → after/cpu.pb.gz · cpu 2.93s → 2.50s (-14.7%)"
        );
    }

    #[test]
    fn a_diff_keeps_before_after_and_the_change() {
        let totals = [
            "15.33s → 15.24s (-0.09s, -0.59%)".to_string(),
            "15.33s → 15.24s (-0.59%)".to_string(),
        ];
        let title = "a/cpu_before.pb.gz → b/cpu_after.pb.gz";
        let got = title_and_totals(title, "cpu", &totals, 80);
        assert_eq!(
            got,
            "a/cpu_before.pb.gz → b/cpu_after.pb.gz · cpu 15.33s → 15.24s (-0.09s, -0.59%)"
        );
        let got = title_and_totals(title, "cpu", &totals, 44);
        assert_eq!(got, "cpu_before.p… · cpu 15.33s → 15.24s (-0.59%)");
        let got = title_and_totals(title, "cpu", &totals, 26);
        assert_eq!(got, "15.33s → 15.24s (-0.59%)");
    }
}
