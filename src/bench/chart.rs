//! Charts of benchmark tables, as data: scaling with GOMAXPROCS (the `-N`
//! name suffix), sweeps over a numeric sub-benchmark key (`/size=1000`),
//! and the distribution of one benchmark's runs. Drawing is elsewhere (the
//! terminal view, and [`to_svg`] for reports).

use std::fmt::Write;

use super::goformat::name_parts;
use super::stats::quantile;
use super::table::Table;
use super::units::{class_of, scale};

/// One point of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// x: GOMAXPROCS or the key's value.
    pub x: f64,
    /// y: speedup, or the unit's value.
    pub y: f64,
}

/// A line of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend name.
    pub name: String,
    /// Points by increasing x.
    pub points: Vec<Point>,
    /// A reference line (ideal scaling), drawn dashed.
    pub reference: bool,
    /// What the legend says about it: speedup and efficiency, or slope.
    pub note: String,
}

/// Which chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Speedup against GOMAXPROCS.
    Scaling,
    /// The unit against a numeric name key.
    Sweep,
}

/// A chart ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Which chart.
    pub kind: ChartKind,
    /// Title: the benchmark and what is plotted.
    pub title: String,
    /// The table's unit.
    pub unit: String,
    /// x axis title.
    pub x_label: String,
    /// y axis title.
    pub y_label: String,
    /// Logarithmic x axis.
    pub log_x: bool,
    /// Logarithmic y axis.
    pub log_y: bool,
    /// The series.
    pub series: Vec<Series>,
}

impl Chart {
    /// Formats a y value for axis labels: scaled units for sweeps, a
    /// factor for speedups.
    pub fn y_text(&self, y: f64) -> String {
        match self.kind {
            ChartKind::Scaling => format!("{y:.2}×"),
            ChartKind::Sweep => scale(y, class_of(&self.unit)),
        }
    }

    /// Formats an x value for axis labels.
    pub fn x_text(&self, x: f64) -> String {
        if x >= 1e6 && x.fract() == 0.0 {
            format!("{}M", x / 1e6)
        } else if x >= 1e3 && x.fract() == 0.0 && (x / 1e3).fract() == 0.0 {
            format!("{}k", x / 1e3)
        } else {
            format!("{x}")
        }
    }

    /// The bounds of every point: (x min, x max, y min, y max).
    pub fn bounds(&self) -> Option<(f64, f64, f64, f64)> {
        let pts = self.series.iter().flat_map(|s| &s.points);
        let mut b: Option<(f64, f64, f64, f64)> = None;
        for p in pts {
            if !p.x.is_finite() || !p.y.is_finite() {
                continue;
            }
            b = Some(match b {
                None => (p.x, p.x, p.y, p.y),
                Some((a, c, d, e)) => (a.min(p.x), c.max(p.x), d.min(p.y), e.max(p.y)),
            });
        }
        b
    }
}

/// A row name without its `-N` suffix, and N (1 without a suffix).
pub fn split_procs(name: &str) -> (String, u32) {
    let (base, parts) = name_parts(name);
    let mut out = base.to_string();
    let mut procs = 1;
    for p in parts {
        match p.strip_prefix('-').and_then(|n| n.parse().ok()) {
            Some(n) => procs = n,
            None => out.push_str(p),
        }
    }
    (out, procs)
}

/// The numeric `key=value` parts of a name: (key, value, name without it).
pub fn numeric_keys(name: &str) -> Vec<(String, f64, String)> {
    let (base, parts) = name_parts(name);
    let mut out = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        let Some((k, v)) = p.strip_prefix('/').and_then(|kv| kv.split_once('=')) else {
            continue;
        };
        let Some(x) = parse_number(v) else {
            continue;
        };
        let mut rest = base.to_string();
        for (j, q) in parts.iter().enumerate() {
            if j != i {
                rest.push_str(q);
            }
        }
        out.push((k.to_string(), x, rest));
    }
    out
}

/// `1000`, `1.5`, `4k`, `2M`, `1Ki`: the numbers sizes are written as.
fn parse_number(v: &str) -> Option<f64> {
    if let Ok(x) = v.parse::<f64>() {
        return x.is_finite().then_some(x);
    }
    let (num, mult) = match v.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => {
            let m = match &v[i..] {
                "k" | "K" => 1e3,
                "M" => 1e6,
                "G" => 1e9,
                "Ki" => 1024.0,
                "Mi" => 1024.0 * 1024.0,
                "Gi" => 1024.0 * 1024.0 * 1024.0,
                _ => return None,
            };
            (&v[..i], m)
        }
        None => return None,
    };
    num.parse::<f64>().ok().map(|x| x * mult)
}

/// The least-squares slope of log y against log x: ~1 linear growth,
/// ~2 quadratic, ~0 flat. None with fewer than two usable points.
pub fn log_log_slope(points: &[Point]) -> Option<f64> {
    let pts: Vec<(f64, f64)> = points
        .iter()
        .filter(|p| p.x > 0.0 && p.y > 0.0 && p.x.is_finite() && p.y.is_finite())
        .map(|p| (p.x.ln(), p.y.ln()))
        .collect();
    if pts.len() < 2 {
        return None;
    }
    let n = pts.len() as f64;
    let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

/// A word for a growth slope.
pub fn growth_word(slope: f64) -> &'static str {
    if slope < 0.25 {
        "~flat"
    } else if slope < 0.75 {
        "sublinear"
    } else if slope < 1.25 {
        "~linear"
    } else if slope < 1.75 {
        "superlinear"
    } else if slope < 2.5 {
        "~quadratic"
    } else {
        "steeper than quadratic"
    }
}

/// Speedups relative to the smallest N: for units where lower is better
/// v(N₀)/v(N), for throughput v(N)/v(N₀). Returns (N, speedup) pairs.
pub fn speedups(values: &[(u32, f64)], higher_better: bool) -> Vec<(u32, f64)> {
    let mut v: Vec<(u32, f64)> = values.to_vec();
    v.sort_by_key(|p| p.0);
    let Some(&(_, base)) = v.first() else {
        return Vec::new();
    };
    v.iter()
        .map(|&(n, x)| {
            let s = if higher_better { x / base } else { base / x };
            (n, s)
        })
        .collect()
}

fn col_label(t: &Table, c: usize) -> String {
    let full = t.cols[c].join(" ");
    full.rsplit('/').next().unwrap_or(&full).to_string()
}

/// The scaling chart of the benchmark of row `row`, when it ran with at
/// least two GOMAXPROCS values.
pub fn scaling(t: &Table, row: usize) -> Option<Chart> {
    let (base, _) = split_procs(&t.rows[row]);
    let members: Vec<(usize, u32)> = t
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let (b, n) = split_procs(name);
            (b == base).then_some((i, n))
        })
        .collect();
    let mut procs: Vec<u32> = members.iter().map(|m| m.1).collect();
    procs.sort_unstable();
    procs.dedup();
    if procs.len() < 2 {
        return None;
    }
    let higher = t.higher_better;
    let n0 = f64::from(procs[0]);
    let mut series = Vec::new();
    for c in 0..t.cols.len() {
        let values: Vec<(u32, f64)> = members
            .iter()
            .filter_map(|&(r, n)| t.cells[r][c].as_ref().map(|cell| (n, cell.summary.center)))
            .filter(|(_, v)| v.is_finite() && *v > 0.0)
            .collect();
        let s = speedups(&values, higher);
        if s.len() < 2 {
            continue;
        }
        let (n_max, sp) = s[s.len() - 1];
        let eff = sp / (f64::from(n_max) / n0);
        series.push(Series {
            name: col_label(t, c),
            points: s
                .iter()
                .map(|&(n, y)| Point { x: f64::from(n), y })
                .collect(),
            reference: false,
            note: format!("{sp:.2}× at {n_max} (efficiency {:.0}%)", eff * 100.0),
        });
    }
    if series.is_empty() {
        return None;
    }
    let last = f64::from(procs[procs.len() - 1]);
    series.push(Series {
        name: "ideal".into(),
        points: vec![
            Point { x: n0, y: 1.0 },
            Point {
                x: last,
                y: last / n0,
            },
        ],
        reference: true,
        note: "linear".into(),
    });
    Some(Chart {
        kind: ChartKind::Scaling,
        title: format!("{base} · speedup from {} over GOMAXPROCS", t.unit),
        unit: t.unit.clone(),
        x_label: "GOMAXPROCS".into(),
        y_label: "speedup".into(),
        log_x: false,
        log_y: false,
        series,
    })
}

/// The sweep chart over the first numeric key of row `row`'s name: one
/// series per file and per value of the other name parts.
pub fn sweep(t: &Table, row: usize) -> Option<Chart> {
    for (key, _, _) in numeric_keys(&t.rows[row]) {
        if let Some(c) = sweep_over(t, row, &key) {
            return Some(c);
        }
    }
    None
}

fn sweep_over(t: &Table, row: usize, key: &str) -> Option<Chart> {
    let base = name_parts(&t.rows[row]).0.to_string();
    // Rows of the same benchmark with this key: (row, x, the other parts).
    let members: Vec<(usize, f64, String)> = t
        .rows
        .iter()
        .enumerate()
        .filter(|(_, name)| name_parts(name).0 == base)
        .filter_map(|(i, name)| {
            numeric_keys(name)
                .into_iter()
                .find(|(k, _, _)| k == key)
                .map(|(_, x, rest)| (i, x, rest))
        })
        .collect();
    let mut xs: Vec<f64> = members.iter().map(|m| m.1).collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    if xs.len() < 2 {
        return None;
    }
    let mut rests: Vec<&str> = Vec::new();
    for m in &members {
        if !rests.contains(&m.2.as_str()) {
            rests.push(&m.2);
        }
    }
    let mut series = Vec::new();
    for c in 0..t.cols.len() {
        for rest in &rests {
            let mut points: Vec<Point> = members
                .iter()
                .filter(|m| m.2 == *rest)
                .filter_map(|&(r, x, _)| {
                    t.cells[r][c].as_ref().map(|cell| Point {
                        x,
                        y: cell.summary.center,
                    })
                })
                .collect();
            if points.len() < 2 {
                continue;
            }
            points.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut name = col_label(t, c);
            if rests.len() > 1 {
                let any_procs = rests.iter().any(|r| split_procs(r).1 != 1);
                name = format!("{name} {}", describe_rest(&base, rest, any_procs));
            }
            let note = match log_log_slope(&points) {
                Some(s) => format!("slope {s:.2} ({})", growth_word(s)),
                None => String::new(),
            };
            series.push(Series {
                name,
                points,
                reference: false,
                note,
            });
        }
    }
    if series.is_empty() {
        return None;
    }
    let mut chart = Chart {
        kind: ChartKind::Sweep,
        title: format!("{base} · {} over {key}", t.unit),
        unit: t.unit.clone(),
        x_label: key.to_string(),
        y_label: t.unit.clone(),
        log_x: false,
        log_y: false,
        series,
    };
    if let Some((x0, x1, y0, y1)) = chart.bounds() {
        // Log axes once the values span more than two decades.
        chart.log_x = x0 > 0.0 && x1 / x0 > 100.0;
        chart.log_y = y0 > 0.0 && y1 / y0 > 100.0;
    }
    Some(chart)
}

/// Every benchmark of `t` on one chart of `kind`: each benchmark's series,
/// named after it, and for scaling one ideal line. Sweeps share the key of
/// the first benchmark that has one (one x axis); `None` when no benchmark
/// makes a chart.
pub fn combined(t: &Table, kind: ChartKind) -> Option<Chart> {
    let mut charts: Vec<Chart> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for r in 0..t.rows.len() {
        let key = match kind {
            ChartKind::Scaling => split_procs(&t.rows[r]).0,
            ChartKind::Sweep => name_parts(&t.rows[r]).0.to_string(),
        };
        if seen.contains(&key) {
            continue;
        }
        let chart = match kind {
            ChartKind::Scaling => scaling(t, r),
            ChartKind::Sweep => match charts.first() {
                Some(first) => sweep_over(t, r, &first.x_label),
                None => sweep(t, r),
            },
        };
        if let Some(c) = chart {
            seen.push(key);
            charts.push(c);
        }
    }
    if charts.len() < 2 {
        return charts.pop();
    }
    let n = charts.len();
    let mut series: Vec<Series> = Vec::new();
    let mut ideal: Option<Series> = None;
    for chart in &charts {
        let bench = chart.title.split(" · ").next().unwrap_or_default();
        for s in &chart.series {
            if s.reference {
                // One ideal line, over the widest GOMAXPROCS range.
                let reach = |s: &Series| s.points.last().map(|p| p.x);
                if ideal.as_ref().map_or(true, |i| reach(s) > reach(i)) {
                    ideal = Some(s.clone());
                }
                continue;
            }
            series.push(Series {
                name: format!("{bench} {}", s.name),
                ..s.clone()
            });
        }
    }
    let mut out = charts.swap_remove(0);
    series.extend(ideal);
    out.series = series;
    out.title = match kind {
        ChartKind::Scaling => format!("{n} benchmarks · speedup from {} over GOMAXPROCS", t.unit),
        ChartKind::Sweep => format!("{n} benchmarks · {} over {}", t.unit, out.x_label),
    };
    if kind == ChartKind::Sweep {
        if let Some((x0, x1, y0, y1)) = out.bounds() {
            out.log_x = x0 > 0.0 && x1 / x0 > 100.0;
            out.log_y = y0 > 0.0 && y1 / y0 > 100.0;
        }
    }
    Some(out)
}

/// What distinguishes a series: the name's other parts, `k=v, 2 procs`.
fn describe_rest(base: &str, rest: &str, any_procs: bool) -> String {
    let (b, parts) = name_parts(rest);
    let mut out: Vec<String> = Vec::new();
    if b != base {
        out.push(b.to_string());
    }
    let mut procs = None;
    for p in parts {
        match p.strip_prefix('-') {
            Some(n) => procs = Some(n.to_string()),
            None => out.push(p.trim_start_matches('/').to_string()),
        }
    }
    match procs {
        Some(n) => out.push(format!("{n} procs")),
        None if any_procs => out.push("1 proc".into()),
        None => {}
    }
    out.join(", ")
}

/// The runs of one benchmark in one file, summarised for a box plot.
#[derive(Debug, Clone, PartialEq)]
pub struct Distribution {
    /// The file (column).
    pub label: String,
    /// The runs, sorted.
    pub sorted: Vec<f64>,
    /// Median.
    pub median: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile, with 100 runs or more.
    pub p99: Option<f64>,
    /// The median's confidence interval, when finite.
    pub ci: Option<(f64, f64)>,
}

/// The distribution of row `row` in every file.
pub fn distributions(t: &Table, row: usize) -> Vec<Distribution> {
    t.cells[row]
        .iter()
        .enumerate()
        .filter_map(|(c, cell)| cell.as_ref().map(|cell| (c, cell)))
        .map(|(c, cell)| {
            let s = &cell.sample;
            Distribution {
                label: col_label(t, c),
                sorted: s.clone(),
                median: cell.summary.center,
                p5: quantile(s, 0.05),
                p95: quantile(s, 0.95),
                p99: (s.len() >= 100).then(|| quantile(s, 0.99)),
                ci: (cell.summary.lo.is_finite() && cell.summary.hi.is_finite())
                    .then_some((cell.summary.lo, cell.summary.hi)),
            }
        })
        .collect()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Axis ticks: `n` values spread over [lo, hi] (in log space for log axes).
pub fn ticks(lo: f64, hi: f64, log: bool, n: usize) -> Vec<f64> {
    if n < 2 || hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
        return vec![lo];
    }
    if log && lo > 0.0 {
        let (a, b) = (lo.log10(), hi.log10());
        let mut t: Vec<f64> = (a.ceil() as i32..=b.floor() as i32)
            .map(|e| 10f64.powi(e))
            .collect();
        if t.len() < 2 {
            t = vec![lo, hi];
        }
        return t;
    }
    (0..n)
        .map(|i| lo + (hi - lo) * i as f64 / (n - 1) as f64)
        .collect()
}

const PALETTE: [&str; 6] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
];

/// Several charts as one SVG, one under another (a sweep chart per unit).
pub fn to_svg_stacked(charts: &[Chart]) -> String {
    if let [one] = charts {
        return to_svg(one);
    }
    let h = 460.0;
    let total = h * charts.len() as f64;
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"{total}\" viewBox=\"0 0 760 {total}\">\n"
    );
    for (i, c) in charts.iter().enumerate() {
        let one = to_svg(c);
        // The chart's own document, placed at its offset as a nested svg.
        let body = one.split_once('\n').map_or(one.as_str(), |(_, b)| b);
        let y = h * i as f64;
        s.push_str(&body.replacen("<svg ", &format!("<svg y=\"{y}\" "), 1));
    }
    s.push_str("</svg>\n");
    s
}

/// The chart as a standalone SVG document (axes, ticks, one polyline and
/// markers per series, a dashed ideal line, a legend with the notes).
pub fn to_svg(chart: &Chart) -> String {
    let (w, h) = (760.0, 460.0);
    let (left, right, top, bottom) = (90.0, 250.0, 50.0, 60.0);
    let (pw, ph) = (w - left - right, h - top - bottom);
    let (x0, x1, y0, y1) = chart.bounds().unwrap_or((0.0, 1.0, 0.0, 1.0));
    let y0 = if chart.log_y { y0 } else { y0.min(0.0) };
    let tx = |x: f64| -> f64 {
        let (a, b, v) = if chart.log_x {
            (x0.log10(), x1.log10(), x.log10())
        } else {
            (x0, x1, x)
        };
        let f = if b > a { (v - a) / (b - a) } else { 0.5 };
        left + f * pw
    };
    let ty = |y: f64| -> f64 {
        let (a, b, v) = if chart.log_y {
            (y0.log10(), y1.log10(), y.log10())
        } else {
            (y0, y1, y)
        };
        let f = if b > a { (v - a) / (b - a) } else { 0.5 };
        top + ph - f * ph
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="{}" y="24" font-size="15" font-weight="bold">{}</text>"#,
        left,
        xml_escape(&chart.title)
    );
    let _ = writeln!(
        s,
        r#"<line x1="{left}" y1="{}" x2="{}" y2="{}" stroke="black"/>
<line x1="{left}" y1="{top}" x2="{left}" y2="{}" stroke="black"/>"#,
        top + ph,
        left + pw,
        top + ph,
        top + ph
    );
    for x in ticks(x0, x1, chart.log_x, 5) {
        let px = tx(x);
        let _ = writeln!(
            s,
            r##"<line x1="{px:.1}" y1="{}" x2="{px:.1}" y2="{}" stroke="#ccc"/><text x="{px:.1}" y="{}" text-anchor="middle">{}</text>"##,
            top,
            top + ph,
            top + ph + 18.0,
            xml_escape(&chart.x_text(x))
        );
    }
    for y in ticks(y0, y1, chart.log_y, 5) {
        let py = ty(y);
        let _ = writeln!(
            s,
            r##"<line x1="{left}" y1="{py:.1}" x2="{}" y2="{py:.1}" stroke="#ccc"/><text x="{}" y="{:.1}" text-anchor="end">{}</text>"##,
            left + pw,
            left - 6.0,
            py + 4.0,
            xml_escape(&chart.y_text(y))
        );
    }
    let log = |b: bool| if b { " (log)" } else { "" };
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" text-anchor="middle">{}{}</text>
<text x="20" y="{}" text-anchor="middle" transform="rotate(-90 20 {})">{}{}</text>"#,
        left + pw / 2.0,
        h - 15.0,
        xml_escape(&chart.x_label),
        log(chart.log_x),
        top + ph / 2.0,
        top + ph / 2.0,
        xml_escape(&chart.y_label),
        log(chart.log_y)
    );
    for (i, series) in chart.series.iter().enumerate() {
        let color = if series.reference {
            "#888"
        } else {
            PALETTE[i % PALETTE.len()]
        };
        let pts: Vec<String> = series
            .points
            .iter()
            .filter(|p| p.x.is_finite() && p.y.is_finite())
            .map(|p| format!("{:.1},{:.1}", tx(p.x), ty(p.y)))
            .collect();
        let dash = if series.reference {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        let _ = writeln!(
            s,
            r#"<polyline fill="none" stroke="{color}" stroke-width="2"{dash} points="{}"><title>{}</title></polyline>"#,
            pts.join(" "),
            xml_escape(&series.name)
        );
        if !series.reference {
            for p in &pts {
                let (x, y) = p.split_once(',').unwrap_or(("0", "0"));
                let _ = writeln!(s, r#"<circle cx="{x}" cy="{y}" r="3" fill="{color}"/>"#);
            }
        }
        let ly = top + 10.0 + i as f64 * 36.0;
        let lx = left + pw + 20.0;
        let _ = writeln!(
            s,
            r##"<line x1="{lx}" y1="{ly}" x2="{}" y2="{ly}" stroke="{color}" stroke-width="2"{dash}/><text x="{}" y="{}">{}</text><text x="{}" y="{}" fill="#555">{}</text>"##,
            lx + 20.0,
            lx + 26.0,
            ly + 4.0,
            xml_escape(&series.name),
            lx + 26.0,
            ly + 19.0,
            xml_escape(&series.note)
        );
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(v: &[(f64, f64)]) -> Vec<Point> {
        v.iter().map(|&(x, y)| Point { x, y }).collect()
    }

    #[test]
    fn names_group_by_procs_and_numeric_keys() {
        assert_eq!(split_procs("Read-8"), ("Read".to_string(), 8));
        assert_eq!(split_procs("Read"), ("Read".to_string(), 1));
        assert_eq!(
            split_procs("Insert/size=100-2"),
            ("Insert/size=100".to_string(), 2)
        );
        let k = numeric_keys("Insert/kind=map/size=1k-2");
        assert_eq!(k.len(), 1);
        assert_eq!(
            k[0],
            ("size".to_string(), 1000.0, "Insert/kind=map-2".to_string())
        );
        assert!(numeric_keys("Encode/format=json").is_empty());
    }

    #[test]
    fn slopes_of_known_growth() {
        let linear = pts(&[(10.0, 5.0), (100.0, 50.0), (1000.0, 500.0)]);
        let quad = pts(&[(10.0, 1.0), (100.0, 100.0), (1000.0, 10000.0)]);
        let flat = pts(&[(10.0, 7.0), (1e4, 7.0)]);
        assert!((log_log_slope(&linear).unwrap_or(0.0) - 1.0).abs() < 1e-12);
        assert!((log_log_slope(&quad).unwrap_or(0.0) - 2.0).abs() < 1e-12);
        assert!(log_log_slope(&flat).unwrap_or(1.0).abs() < 1e-12);
        assert_eq!(growth_word(2.01), "~quadratic");
        assert_eq!(log_log_slope(&pts(&[(1.0, 1.0)])), None);
    }

    #[test]
    fn speedup_and_efficiency() {
        // Time halves with twice the procs: perfect scaling.
        let s = speedups(&[(2, 50.0), (1, 100.0), (4, 25.0)], false);
        assert_eq!(s, vec![(1, 1.0), (2, 2.0), (4, 4.0)]);
        // Throughput flat: no speedup.
        let s = speedups(&[(1, 10.0), (8, 10.0)], true);
        assert_eq!(s, vec![(1, 1.0), (8, 1.0)]);
        // Throughput up 1.5× with 2 procs: 75% efficient.
        let s = speedups(&[(1, 10.0), (2, 15.0)], true);
        assert_eq!(s[1].1 / 2.0, 0.75);
    }

    #[test]
    fn log_ticks_are_powers_of_ten() {
        assert_eq!(ticks(10.0, 1e5, true, 5), vec![10.0, 100.0, 1e3, 1e4, 1e5]);
        assert_eq!(ticks(0.0, 4.0, false, 5), vec![0.0, 1.0, 2.0, 3.0, 4.0]);
    }
}
