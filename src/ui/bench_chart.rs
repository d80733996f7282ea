//! Drawing benchmark charts: line charts (scaling, sweeps) with ratatui's
//! chart widget in braille, and box plots of a benchmark's runs.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::Span;
use ratatui::widgets::{Axis, Chart as ChartWidget, Dataset, GraphType, Widget};

use super::put;
use crate::bench::chart::{Chart, Distribution};
use crate::bench::units::{class_of, common_scale};

/// Series colours, distinguishable on dark and light terminals.
pub const SERIES: [Color; 6] = [
    Color::Rgb(90, 160, 255),
    Color::Rgb(255, 110, 90),
    Color::Rgb(95, 215, 135),
    Color::Rgb(200, 140, 255),
    Color::Rgb(255, 190, 70),
    Color::Rgb(80, 210, 220),
];

fn series_color(i: usize, reference: bool) -> Color {
    if reference {
        Color::Rgb(140, 140, 140)
    } else {
        SERIES[i % SERIES.len()]
    }
}

/// A line chart with its legend (one line per series) under it.
pub fn line_chart(chart: &Chart, area: Rect, buf: &mut Buffer) {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    put(
        buf,
        area.x + 1,
        area.y,
        &chart.title,
        area.width.saturating_sub(2),
        bold,
    );
    let legend_h = chart.series.len() as u16;
    if area.height < legend_h + 6 {
        put(
            buf,
            area.x + 1,
            area.y + 1,
            "(the terminal is too small for this chart)",
            area.width,
            Style::new(),
        );
        return;
    }
    let Some((x0, x1, y0, y1)) = chart.bounds() else {
        return;
    };
    let fx = |x: f64| if chart.log_x { x.log10() } else { x };
    let fy = |y: f64| if chart.log_y { y.log10() } else { y };
    let y0 = if chart.log_y { y0 } else { y0.min(0.0) };
    let data: Vec<Vec<(f64, f64)>> = chart
        .series
        .iter()
        .map(|s| {
            let pts: Vec<(f64, f64)> = s.points.iter().map(|p| (fx(p.x), fy(p.y))).collect();
            if s.reference {
                // A dotted line: points along the segment.
                let mut out = Vec::new();
                for w in pts.windows(2) {
                    for i in 0..=40 {
                        let f = f64::from(i) / 40.0;
                        out.push((
                            w[0].0 + f * (w[1].0 - w[0].0),
                            w[0].1 + f * (w[1].1 - w[0].1),
                        ));
                    }
                }
                out
            } else {
                pts
            }
        })
        .collect();
    let datasets: Vec<Dataset> = chart
        .series
        .iter()
        .zip(&data)
        .enumerate()
        .map(|(i, (s, d))| {
            Dataset::default()
                .marker(if s.reference {
                    Marker::Dot
                } else {
                    Marker::Braille
                })
                .graph_type(if s.reference {
                    GraphType::Scatter
                } else {
                    GraphType::Line
                })
                .style(Style::new().fg(series_color(i, s.reference)))
                .data(d)
        })
        .collect();
    let (bx0, bx1) = pad(fx(x0), fx(x1));
    let (by0, by1) = pad(fy(y0), fy(y1) * if chart.log_y { 1.0 } else { 1.05 });
    let n_labels = if area.width > 100 { 5 } else { 3 };
    let labels =
        |lo: f64, hi: f64, log: bool, text: &dyn Fn(f64) -> String| -> Vec<Span<'static>> {
            (0..n_labels)
                .map(|i| {
                    let v = lo + (hi - lo) * i as f64 / (n_labels - 1) as f64;
                    Span::raw(text(if log { 10f64.powf(v) } else { v }))
                })
                .collect()
        };
    let log = |b: bool| if b { " (log)" } else { "" };
    let dim = Style::new().fg(Color::Rgb(150, 150, 150));
    let widget = ChartWidget::new(datasets)
        .x_axis(
            Axis::default()
                .title(
                    super::sanitize(&format!("{}{}", chart.x_label, log(chart.log_x))).into_owned(),
                )
                .style(dim)
                .bounds([bx0, bx1])
                .labels(labels(bx0, bx1, chart.log_x, &|v| {
                    chart.x_text(round_label(v))
                })),
        )
        .y_axis(
            Axis::default()
                .title(
                    super::sanitize(&format!("{}{}", chart.y_label, log(chart.log_y))).into_owned(),
                )
                .style(dim)
                .bounds([by0, by1])
                .labels(labels(by0, by1, chart.log_y, &|v| chart.y_text(v))),
        )
        .hidden_legend_constraints((
            ratatui::layout::Constraint::Length(0),
            ratatui::layout::Constraint::Length(0),
        ));
    let plot = Rect::new(area.x, area.y + 1, area.width, area.height - 1 - legend_h);
    widget.render(plot, buf);
    for (i, s) in chart.series.iter().enumerate() {
        let y = plot.bottom() + i as u16;
        let mark = if s.reference { "┄┄" } else { "━━" };
        put(
            buf,
            area.x + 2,
            y,
            mark,
            2,
            Style::new().fg(series_color(i, s.reference)),
        );
        let text = format!("{}  {}", s.name, s.note);
        put(
            buf,
            area.x + 5,
            y,
            &text,
            area.width.saturating_sub(6),
            Style::new(),
        );
    }
}

fn pad(lo: f64, hi: f64) -> (f64, f64) {
    if hi > lo {
        (lo, hi)
    } else {
        (lo - 0.5, hi + 0.5)
    }
}

/// Axis values print with three significant digits at most.
fn round_label(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let mag = 10f64.powi(v.abs().log10().floor() as i32 - 2);
    (v / mag).round() * mag
}

/// Box plots of one benchmark's runs in each file, on one axis: P5–P95
/// whiskers, the median's confidence interval as the box, the median as a
/// bar, and every run as a dot on the line below.
pub fn distributions(
    title: &str,
    unit: &str,
    dists: &[Distribution],
    area: Rect,
    buf: &mut Buffer,
) {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    put(
        buf,
        area.x + 1,
        area.y,
        title,
        area.width.saturating_sub(2),
        bold,
    );
    let all: Vec<f64> = dists
        .iter()
        .flat_map(|d| d.sorted.iter().copied())
        .filter(|v| v.is_finite())
        .collect();
    if all.is_empty() {
        return;
    }
    let lo = all.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let scaler = common_scale(&[lo, hi], class_of(unit));
    let label_w = dists
        .iter()
        .map(|d| d.label.chars().count())
        .max()
        .unwrap_or(4)
        .min(20) as u16;
    let x = area.x + 2 + label_w + 1;
    let w = area.width.saturating_sub(label_w + 5);
    if w < 10 {
        return;
    }
    let pos = |v: f64| -> u16 {
        if hi > lo {
            (((v - lo) / (hi - lo)) * f64::from(w - 1)).round() as u16
        } else {
            w / 2
        }
    };
    let mut y = area.y + 2;
    for (i, d) in dists.iter().enumerate() {
        if y + 2 >= area.bottom() {
            break;
        }
        let color = SERIES[i % SERIES.len()];
        put(
            buf,
            area.x + 2,
            y,
            &d.label,
            label_w,
            Style::new().fg(color),
        );
        let mut line = vec![' '; usize::from(w)];
        for p in pos(d.p5)..=pos(d.p95) {
            line[usize::from(p)] = '─';
        }
        if let Some((a, b)) = d.ci {
            for p in pos(a)..=pos(b) {
                line[usize::from(p)] = '━';
            }
        }
        line[usize::from(pos(d.p5))] = '├';
        line[usize::from(pos(d.p95))] = '┤';
        line[usize::from(pos(d.median))] = '┃';
        put(
            buf,
            x,
            y,
            &line.iter().collect::<String>(),
            w,
            Style::new().fg(color),
        );
        let mut dots = vec![' '; usize::from(w)];
        for &v in d.sorted.iter().filter(|v| v.is_finite()) {
            let p = usize::from(pos(v));
            dots[p] = if dots[p] == ' ' { '•' } else { '⁚' };
        }
        put(
            buf,
            x,
            y + 1,
            &dots.iter().collect::<String>(),
            w,
            Style::new().fg(color),
        );
        let mut stats = format!(
            "n={}  median {}  P5 {}  P95 {}",
            d.sorted.len(),
            scaler.format(d.median),
            scaler.format(d.p5),
            scaler.format(d.p95)
        );
        if let Some(p99) = d.p99 {
            stats.push_str(&format!("  P99 {}", scaler.format(p99)));
        }
        if let Some((a, b)) = d.ci {
            stats.push_str(&format!(
                "  95% CI [{} … {}]",
                scaler.format(a),
                scaler.format(b)
            ));
        }
        put(
            buf,
            x,
            y + 2,
            &stats,
            w,
            Style::new().fg(Color::Rgb(150, 150, 150)),
        );
        y += 4;
    }
    let axis = format!(
        "{:<half$}{:>rest$}",
        scaler.format(lo),
        scaler.format(hi),
        half = usize::from(w / 2),
        rest = usize::from(w - w / 2)
    );
    if y < area.bottom() {
        put(
            buf,
            x,
            y,
            &axis,
            w,
            Style::new().fg(Color::Rgb(150, 150, 150)),
        );
    }
}
