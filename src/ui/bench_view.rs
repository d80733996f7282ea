//! Drawing the benchmark view: a pure function of [`BenchApp`].

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use super::widgets::table::{Cell, Column as WColumn, Table as WTable};
use super::{ellipsize, put};
use crate::bench::table::Table;
use crate::bench::units::class_of;
use crate::bench_view::{bottom, BenchApp, BenchMode, ChartChoice, Verdict, TABLE_TOP};
use crate::ui::widgets::{help, hints as hint_bar, prompt, status_bar, title_bar};

/// Significantly better.
pub const BETTER: Color = Color::Rgb(95, 215, 135);
/// Significantly worse.
pub const WORSE: Color = super::colors::ERROR;
/// Not significant.
pub const SAME: Color = Color::Rgb(140, 140, 140);

fn verdict_style(v: Option<Verdict>, palette: crate::ui::theme::Palette) -> Style {
    match v {
        Some(Verdict::Better) => Style::new().fg(palette.better()),
        Some(Verdict::Worse) => Style::new().fg(palette.worse()),
        Some(Verdict::Same) => Style::new().fg(SAME),
        None => Style::new(),
    }
}

/// Draws the whole benchmark screen.
pub fn render(app: &BenchApp, area: Rect, buf: &mut Buffer) {
    let title_row = match &app.live {
        Some(live) if area.height > 0 => super::run_progress::render_bar(
            &live.progress,
            live.paused,
            Rect::new(area.x, area.y, area.width, 1),
            buf,
        ),
        _ => area,
    };
    title_bar::render(buf, title_row, &format!("bench  {}", app.title));
    body(app, area, buf);
    if let Some(live) = &app.live {
        if let crate::run::progress::State::Failed { what, tail } = &live.progress.state {
            super::run_progress::render_failure(what, tail, area, buf);
        }
    }
    if let BenchMode::Help { scroll } = app.mode {
        help::render(&crate::bench_view::keymap::help_lines(), scroll, area, buf);
    }
}

/// Everything below the title row.
fn body(app: &BenchApp, area: Rect, buf: &mut Buffer) {
    let w = area.width;
    let Some(t) = app.current() else {
        let text = if app.live.is_some() {
            "no results yet: they appear as the runs print them"
        } else {
            "no benchmark results in these files"
        };
        put(buf, 1, 2, text, w, Style::new());
        hints(app, area, buf);
        return;
    };
    tabs(app, area, buf);
    if let BenchMode::Chart(choice) = app.mode {
        chart(app, t, choice, area, buf);
        hints(app, area, buf);
        return;
    }
    table(app, t, area, buf);
    detail(app, t, area, buf);
    hints(app, area, buf);
}

fn tabs(app: &BenchApp, area: Rect, buf: &mut Buffer) {
    let tables = &app.tables.tables;
    let configs: Vec<Vec<(String, String)>> = tables.iter().map(|t| t.config.to_vec()).collect();
    let configs_differ = configs.windows(2).any(|p| p[0] != p[1]);
    let mut x = 1u16;
    for (i, t) in tables.iter().enumerate() {
        let mut label = t.unit.clone();
        if configs_differ {
            if let Some(v) = distinguishing_config(&configs[i], &configs) {
                label = format!("{v} {label}");
            }
        }
        let style = if i == app.table {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new().fg(SAME)
        };
        let text = format!(" {label} ");
        put(buf, x, 1, &text, area.width.saturating_sub(x), style);
        x = x.saturating_add(text.chars().count() as u16 + 1);
        if x >= area.width {
            break;
        }
    }
}

/// The short value of the first configuration key that differs between
/// tables (`benchpkg2` for `pkg: example.com/benchpkg2`).
fn distinguishing_config(
    mine: &[(String, String)],
    all: &[Vec<(String, String)>],
) -> Option<String> {
    for (j, (_, v)) in mine.iter().enumerate() {
        if all.iter().any(|o| o.get(j).map(|c| &c.1) != Some(v)) {
            let short = v.rsplit('/').next().unwrap_or(v);
            return Some(if short.is_empty() {
                "-".into()
            } else {
                short.into()
            });
        }
    }
    None
}

/// Column titles: file names rather than paths when those are distinct.
fn col_labels(t: &Table) -> Vec<String> {
    let full: Vec<String> = t.cols.iter().map(|c| c.join(" ")).collect();
    let short: Vec<String> = full
        .iter()
        .map(|l| l.rsplit('/').next().unwrap_or(l).to_string())
        .collect();
    let distinct = short
        .iter()
        .enumerate()
        .all(|(i, a)| !short[..i].contains(a));
    if distinct && t.cols.first().is_some_and(|c| c.len() == 1) {
        short
    } else {
        full
    }
}

/// Draws the table of the current benchmark table at its place: the name,
/// then per input its centre ± range, and for each after the first the
/// change against the first and its p-value; with one input, the samples.
fn table(app: &BenchApp, t: &Table, area: Rect, buf: &mut Buffer) {
    let h = app.body_height() as u16;
    let top = TABLE_TOP - 1;
    let rect = Rect::new(
        area.x + 1,
        area.y + top,
        area.width.saturating_sub(1),
        (h + 1).min(area.height.saturating_sub(top)),
    );
    bench_table(app, t, area.width).render(rect, buf);
    if app.rows.is_empty() {
        put(
            buf,
            1,
            TABLE_TOP,
            "no benchmark matches the filter",
            area.width,
            Style::new().fg(SAME),
        );
    }
}

/// The benchmark table as the shared table widget.
fn bench_table(app: &BenchApp, t: &Table, width: u16) -> WTable {
    let dim = Style::new().fg(SAME).add_modifier(Modifier::BOLD);
    let inputs = t.cols.len();
    let labels = col_labels(t);
    // The name is what a row is: it keeps up to half the width, and the
    // other columns give way first (see `drop_order` below).
    let mut columns = vec![WColumn::left("benchmark")
        .at_most((width / 2).max(12))
        .titled(dim)];
    let mut p_cols = Vec::new();
    let mut value_cols = Vec::new();
    for (i, label) in labels.iter().enumerate() {
        let style = if i == app.focus_col && inputs > 2 {
            dim.add_modifier(Modifier::UNDERLINED)
        } else {
            dim
        };
        value_cols.push(columns.len());
        columns.push(
            WColumn::right(label)
                .at_most(VALUE_MAX)
                .cut_at_start()
                .titled(style),
        );
        if i > 0 {
            columns.push(WColumn::right("vs base").titled(dim));
            p_cols.push(columns.len());
            columns.push(WColumn::left("p").titled(dim));
        }
    }
    if inputs == 1 {
        columns.push(WColumn::right("n").titled(dim));
        columns.push(
            WColumn::left(&format!("samples ({})", t.unit))
                .at_most(SPARK_WIDTH as u16)
                .titled(dim),
        );
    }
    // Each input's centres and ranges, padded to the column's widest so
    // that the ± signs line up.
    let class = class_of(&t.unit);
    let parts: Vec<Vec<Option<(String, String)>>> = app
        .rows
        .iter()
        .map(|&r| {
            let scaler = t.row_scaler(r);
            t.cells[r]
                .iter()
                .map(|c| {
                    c.as_ref().map(|c| {
                        (
                            scaler.format(c.summary.center),
                            c.summary.pct_range().to_string(),
                        )
                    })
                })
                .collect()
        })
        .collect();
    // benchstat's geomean row, over the rows the filter keeps.
    let geomean = app.rows.len() > 1;
    let summary: Vec<crate::bench::table::ColumnSummary> = if app.rows.len() == t.rows.len() {
        t.summary.clone()
    } else {
        (0..inputs).map(|c| t.summarize(c, &app.rows)).collect()
    };
    let widest = |col: usize| {
        let mut centre = 0;
        let mut range = 0;
        for (c, r) in parts.iter().filter_map(|row| row.get(col)?.as_ref()) {
            centre = centre.max(c.chars().count());
            range = range.max(r.chars().count());
        }
        if geomean {
            if let Some(v) = summary.get(col).and_then(|s| s.summary) {
                centre = centre.max(crate::bench::units::scale(v, class).chars().count());
            }
        }
        (centre, range)
    };
    let widths: Vec<(usize, usize)> = (0..inputs).map(widest).collect();
    let rows = app
        .rows
        .iter()
        .zip(&parts)
        .map(|(&r, parts)| {
            let mut row = vec![Cell::plain(t.rows[r].clone())];
            for (col, part) in parts.iter().enumerate() {
                let (cw, rw) = widths[col];
                let cell = t.cells[r][col].as_ref();
                row.push(Cell::plain(
                    part.as_ref()
                        .map_or(String::new(), |(c, p)| format!("{c:>cw$} ± {p:<rw$}")),
                ));
                if col == 0 {
                    continue;
                }
                let compared = cell.and_then(|c| Some((c, c.comparison.as_ref()?, t.baseline(r)?)));
                match compared {
                    Some((cell, cmp, b)) => {
                        let d = cmp.format_delta(b.summary.center, cell.summary.center);
                        let style = verdict_style(app.verdict(r, col), app.palette);
                        row.push(Cell::sticky(d, style));
                        row.push(Cell::plain(if cmp.p == 0.0 {
                            String::new()
                        } else {
                            format!("{:.3}", cmp.p)
                        }));
                    }
                    None => {
                        row.push(Cell::plain(""));
                        row.push(Cell::plain(""));
                    }
                }
            }
            if inputs == 1 {
                let sample = t.cells[r][0].as_ref().map(|c| &c.sample[..]).unwrap_or(&[]);
                row.push(Cell::plain(sample.len().to_string()));
                row.push(Cell::sticky(
                    sparkline(sample, SPARK_WIDTH),
                    Style::new().fg(super::colors::ACCENT),
                ));
            }
            row
        })
        .collect();
    // benchstat's geomean row, under the last row when it is on screen.
    let mut footer = Vec::new();
    if geomean {
        let dim = Style::new().fg(SAME);
        let mut row = vec![Cell::styled("geomean", dim)];
        for (col, s) in summary.iter().enumerate().take(inputs) {
            let (cw, rw) = widths[col];
            let v = s
                .summary
                .map_or(String::new(), |v| crate::bench::units::scale(v, class));
            row.push(Cell::styled(format!("{v:>cw$}   {:rw$}", ""), dim));
            if col > 0 {
                let d = s.ratio.map_or("?".to_string(), |r| {
                    format!(
                        "{}%",
                        crate::bench::gofloat::format_f_signed((r - 1.0) * 100.0, 2)
                    )
                });
                row.push(Cell::styled(d, dim));
                row.push(Cell::plain(""));
            }
        }
        footer.push(row);
    }
    WTable {
        columns,
        rows,
        footer,
        selected: (!app.rows.is_empty()).then_some(app.selected),
        offset: app.offset,
        sort: None,
        // Short of room: the p-values, the sparkline and its count, then
        // the values (a comparison keeps its changes, the detail pane below
        // has the values); never the name.
        drop_order: if inputs == 1 {
            vec![3, 2]
        } else {
            p_cols.into_iter().chain(value_cols).collect()
        },
        min_fill: 0,
    }
}

/// The most columns an input's title and values take.
const VALUE_MAX: u16 = 24;
/// The width of a sample's sparkline.
const SPARK_WIDTH: usize = 16;

/// The samples' distribution as a histogram of `width` bins drawn with
/// block characters (an empty bin is a baseline dot).
pub fn sparkline(sorted: &[f64], width: usize) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let finite: Vec<f64> = sorted.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.is_empty() || width == 0 {
        return String::new();
    }
    let (lo, hi) = (finite[0], finite[finite.len() - 1]);
    let mut bins = vec![0usize; width];
    for v in &finite {
        let i = if hi > lo {
            (((v - lo) / (hi - lo)) * (width - 1) as f64).round() as usize
        } else {
            width / 2
        };
        bins[i.min(width - 1)] += 1;
    }
    let max = bins.iter().copied().max().unwrap_or(1).max(1);
    bins.iter()
        .map(|&n| {
            if n == 0 {
                '·'
            } else {
                BARS[((n * 8).div_ceil(max)).clamp(1, 8) - 1]
            }
        })
        .collect()
}

/// Both (all) sample sets of the selected row on one axis.
fn detail(app: &BenchApp, t: &Table, area: Rect, buf: &mut Buffer) {
    let top = area.height.saturating_sub(bottom(area.height));
    // The pane's rows: the rule, the samples, their axis, the comparison;
    // short of rows, the samples and the axis go first.
    let rows = usize::from(bottom(area.height).saturating_sub(2));
    if rows == 0 {
        return;
    }
    let w = area.width;
    put(
        buf,
        0,
        top,
        &"─".repeat(usize::from(w)),
        w,
        Style::new().fg(SAME),
    );
    let Some(r) = app.selected_row() else {
        return;
    };
    put(
        buf,
        2,
        top,
        &format!(" {} · {} ", t.rows[r], t.unit),
        w.saturating_sub(4),
        Style::new().add_modifier(Modifier::BOLD),
    );
    let scaler = t.row_scaler(r);
    let all: Vec<f64> = t.cells[r]
        .iter()
        .flatten()
        .flat_map(|c| c.sample.iter().copied())
        .filter(|v| v.is_finite())
        .collect();
    let lo = all.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let labels = col_labels(t);
    let label_w = labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(4)
        .min(24);
    let stats_w = 34usize;
    let strip_x = (2 + label_w + 1 + stats_w) as u16;
    let strip_w = usize::from(w.saturating_sub(strip_x + 2)).min(60);
    let mut y = top + 1;
    let with_samples = rows >= 4;
    let shown = if with_samples {
        t.cols.len().min(rows - 3)
    } else {
        0
    };
    for (col, label) in labels.iter().enumerate().take(shown) {
        let Some(cell) = &t.cells[r][col] else {
            continue;
        };
        let s = &cell.summary;
        let range = if s.lo.is_finite() && s.hi.is_finite() {
            format!("[{} … {}]", scaler.format(s.lo), scaler.format(s.hi))
        } else {
            "[too few samples]".to_string()
        };
        let text = format!(
            "{:<label_w$} n={:<3} {:>9} {range}",
            ellipsize(label, label_w),
            cell.sample.len(),
            scaler.format(s.center),
        );
        put(buf, 2, y, &text, strip_x.saturating_sub(2), Style::new());
        if strip_w > 4 && hi.is_finite() && lo.is_finite() {
            let style = if col == 0 {
                Style::new().fg(SAME)
            } else {
                verdict_style(app.verdict(r, col), app.palette)
            };
            put(
                buf,
                strip_x,
                y,
                &strip(&cell.sample, s.center, lo, hi, strip_w),
                strip_w as u16,
                style,
            );
        }
        y += 1;
    }
    if with_samples && strip_w > 4 && hi.is_finite() && lo.is_finite() {
        let axis = format!(
            "{:<half$}{:>half$}",
            scaler.format(lo),
            scaler.format(hi),
            half = strip_w / 2
        );
        put(
            buf,
            strip_x,
            y,
            &axis,
            strip_w as u16,
            Style::new().fg(SAME),
        );
    }
    if with_samples {
        y += 1;
    }
    if rows < 2 {
        return;
    }
    let col = app.focus_col;
    if let (Some(Some(cell)), Some(base)) = (t.cells[r].get(col), t.baseline(r)) {
        if let Some(cmp) = &cell.comparison {
            let d = cmp.format_delta(base.summary.center, cell.summary.center);
            let word = match app.verdict(r, col) {
                Some(Verdict::Better) => "better",
                Some(Verdict::Worse) => "worse",
                _ => "no significant difference",
            };
            let mut text = format!(
                "{} vs {}: {d} ({}) {word}",
                labels[col],
                labels[0],
                cmp.describe()
            );
            if let Some(wn) = cell.summary.warnings.iter().chain(&cmp.warnings).next() {
                text.push_str(&format!(" · {wn}"));
            }
            put(
                buf,
                2,
                y.min(area.height.saturating_sub(3)),
                &text,
                w.saturating_sub(4),
                verdict_style(app.verdict(r, col), app.palette),
            );
        }
    }
    // `perftui run --watch`: this round against the one before, too.
    let watching = app
        .live
        .as_ref()
        .is_some_and(|l| l.progress.generation >= 2);
    if let (true, Some(Some(cell))) = (watching, t.cells[r].get(col)) {
        let before = col.checked_sub(1).and_then(|b| t.cells[r][b].as_ref());
        if let (Some(cmp), Some(before), true) =
            (&cell.previous, before, y < area.height.saturating_sub(3))
        {
            let d = cmp.format_delta(before.summary.center, cell.summary.center);
            let v = crate::bench_view::previous_verdict(t, r, col);
            let word = match v {
                Some(Verdict::Better) => "better",
                Some(Verdict::Worse) => "worse",
                _ => "no significant difference",
            };
            let text = format!(
                "{} vs {}: {d} ({}) {word}",
                labels[col],
                labels[col - 1],
                cmp.describe()
            );
            put(
                buf,
                2,
                y + 1,
                &text,
                w.saturating_sub(4),
                verdict_style(v, app.palette),
            );
        }
    }
}

/// Samples as dots on the axis [lo, hi], the median as a bar.
fn strip(sample: &[f64], median: f64, lo: f64, hi: f64, width: usize) -> String {
    let pos = |v: f64| {
        if hi > lo {
            (((v - lo) / (hi - lo)) * (width - 1) as f64).round() as usize
        } else {
            width / 2
        }
        .min(width - 1)
    };
    let mut counts = vec![0usize; width];
    for &v in sample.iter().filter(|v| v.is_finite()) {
        counts[pos(v)] += 1;
    }
    let mut out: Vec<char> = counts
        .iter()
        .map(|&n| match n {
            0 => ' ',
            1 => '•',
            2 => '⁚',
            _ => '⁝',
        })
        .collect();
    if median.is_finite() {
        let m = pos(median);
        if out[m] == ' ' {
            out[m] = '│';
        }
    }
    out.into_iter().collect()
}

/// The chart of the selected benchmark in place of the table.
fn chart(app: &BenchApp, t: &Table, choice: ChartChoice, area: Rect, buf: &mut Buffer) {
    let Some(r) = app.selected_row() else {
        return;
    };
    let body = Rect::new(0, 2, area.width, area.height.saturating_sub(4));
    let drawn = match choice {
        ChartChoice::Scaling => crate::bench::chart::scaling(t, r),
        ChartChoice::Sweep => crate::bench::chart::sweep(t, r),
        ChartChoice::Distribution => None,
    };
    match drawn {
        Some(c) => super::bench_chart::line_chart(&c, body, buf),
        None => {
            let title = format!("{} · {} · runs per file", t.rows[r], t.unit);
            let d = crate::bench::chart::distributions(t, r);
            super::bench_chart::distributions(&title, &t.unit, &d, body, buf);
        }
    }
}

fn hints(app: &BenchApp, area: Rect, buf: &mut Buffer) {
    let row = |y: u16| Rect::new(area.x, y, area.width, 1);
    let status_row = row(area.bottom().saturating_sub(2));
    let hint_row = row(area.bottom().saturating_sub(1));
    if area.height >= 2 {
        if let BenchMode::Filter(s) = &app.mode {
            prompt::render(buf, status_row, "filter: ", s);
        } else {
            let watch = app.watch.as_ref().map(|w| status_bar::WatchLine {
                frozen: w.frozen,
                missed: w.missed,
                loading: w.loading,
                last_reload: w.last_reload.clone(),
                change: None,
                against_previous: false,
                failed: w.error.is_some(),
                lost: w.lost.clone(),
            });
            status_bar::render(
                buf,
                status_row,
                app.status.as_ref(),
                watch.as_ref(),
                &status_text(app),
            );
        }
    }
    let live = app
        .live
        .as_ref()
        .is_some_and(|l| !l.progress.state.is_over());
    let hints =
        crate::bench_view::keymap::hints(&app.mode, app.watch.is_some(), app.links.is_some(), live);
    hint_bar::render(buf, hint_row, &hints);
}

/// What the status bar says when there is no message.
fn status_text(app: &BenchApp) -> String {
    if let BenchMode::Chart(c) = app.mode {
        let others: Vec<&str> = app
            .selected_row()
            .map(|r| crate::bench_view::chart_choices(app, r))
            .unwrap_or_default()
            .iter()
            .map(|c| c.label())
            .collect();
        return format!("{} chart · available: {}", c.label(), others.join(", "));
    }
    let n = app.current().map_or(0, |t| t.rows.len());
    let mut s = format!(
        "table {}/{} · {} of {n} benchmarks · sorted by {}",
        app.table + 1,
        app.tables.tables.len(),
        app.rows.len(),
        app.sort.label()
    );
    if let Some((f, _)) = &app.filter {
        s.push_str(&format!(" · filter /{f}/"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_bins() {
        assert_eq!(sparkline(&[1.0, 1.0, 2.0], 3), "█·▄");
        assert_eq!(sparkline(&[5.0], 3), "·█·");
        assert_eq!(strip(&[0.0, 1.0, 1.0], 0.5, 0.0, 1.0, 5), "• │ ⁚");
    }
}
