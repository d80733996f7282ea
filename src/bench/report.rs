//! benchstat's text and CSV reports, and the same data as JSON.

use serde::Serialize;

use super::gofloat::{format_f_signed, format_v};
use super::table::{Table, Tables};
use super::texttab::{Align, TextTable};
use super::units::{class_of, scale};

const SUPERSCRIPT: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

fn superscript(mut i: usize) -> String {
    if i == 0 {
        return SUPERSCRIPT[0].to_string();
    }
    let mut digits = Vec::new();
    while i > 0 {
        digits.push(SUPERSCRIPT[i % 10]);
        i /= 10;
    }
    digits.iter().rev().collect()
}

/// The lines printed before each table: a blank line between tables, then
/// every configuration key whose value differs from the previous table's.
fn headers(t: &Tables) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut prev: Option<Vec<&str>> = None;
    for (i, table) in t.tables.iter().enumerate() {
        let mut lines = Vec::new();
        if i > 0 {
            lines.push(String::new());
        }
        let values = table.config.values();
        for (j, (name, val)) in table.config.names().iter().zip(&values).enumerate() {
            let changed = prev.as_ref().map_or(true, |p| p.get(j) != Some(val));
            if changed {
                lines.push(format!("{name}: {val}"));
            }
        }
        prev = Some(values);
        out.push(lines);
    }
    out
}

/// The report as `benchstat` prints it (the tables laid out on two
/// threads).
pub fn to_text(t: &Tables) -> String {
    let half = t.tables.len() / 2;
    let (first, second) = t.tables.split_at(half);
    let texts: Vec<String> = std::thread::scope(|s| {
        let later = s.spawn(|| second.iter().map(table_text).collect::<Vec<_>>());
        let mut v: Vec<String> = first.iter().map(table_text).collect();
        v.extend(later.join().unwrap_or_default());
        v
    });
    let mut out = String::new();
    for (text, hdrs) in texts.iter().zip(headers(t)) {
        for h in hdrs {
            out.push_str(&h);
            out.push('\n');
        }
        out.push_str(text);
    }
    out
}

/// The first grid column of logical column `exp`: one label column, then
/// `center` columns for the baseline and `center + delta` for each other.
fn start_col(exp: usize, center: usize, delta: usize) -> usize {
    if exp == 0 {
        1
    } else {
        1 + center + (exp - 1) * (center + delta)
    }
}

fn table_text(t: &Table) -> String {
    const CENTER: usize = 3;
    const DELTA: usize = 3;
    let start = |exp: usize| start_col(exp, CENTER, DELTA);
    let mut o = TextTable::default();
    let mut notes: Vec<String> = Vec::new();
    let mut warn = |o: &mut TextTable, msgs: &[&[String]]| {
        let mut marks = Vec::new();
        for list in msgs {
            for m in *list {
                let i = match notes.iter().position(|n| n == m) {
                    Some(i) => i,
                    None => {
                        notes.push(m.clone());
                        notes.len() - 1
                    }
                };
                marks.push(superscript(i + 1));
            }
        }
        o.cell(&marks.join(" "), Align::Left, None);
    };

    // Column headers: one level per column field, merging equal neighbours.
    let ncols = t.cols.len();
    let levels = t.cols.first().map_or(0, Vec::len);
    let r_edge = start(ncols + 1);
    let mut groups: Vec<(usize, usize)> = vec![(0, ncols)];
    for level in 0..levels {
        o.row();
        let mut next = Vec::new();
        for &(gs, glen) in &groups {
            let mut i = gs;
            while i < gs + glen {
                let mut j = i + 1;
                while j < gs + glen && t.cols[j][level] == t.cols[i][level] {
                    j += 1;
                }
                let (l, r) = (start(i), start(j));
                o.col(l)
                    .span(r - l, &t.cols[i][level], Align::Center, Some(" │ "));
                next.push((i, j - i));
                i = j;
            }
        }
        o.col(r_edge).cell("", Align::Left, Some(" │"));
        groups = next;
    }
    o.row();
    for i in 0..ncols {
        let l = start(i);
        o.col(l);
        o.span(CENTER, &t.unit, Align::Center, Some(" │ "));
        if i > 0 {
            o.span(DELTA, "vs base", Align::Left, Some("  "));
        }
        for j in l + 1..o.cur_col() {
            o.set_shrink(j, true);
        }
    }
    o.col(r_edge).cell("", Align::Left, Some(" │"));

    let class = class_of(&t.unit);
    for (r, label) in t.rows.iter().enumerate() {
        o.row();
        o.cell(label, Align::Left, None);
        let scaler = t.row_scaler(r);
        let base = t.baseline(r);
        for (exp, cell) in t.cells[r].iter().enumerate() {
            let Some(cell) = cell else {
                continue;
            };
            o.col(start(exp));
            o.cell(&scaler.format(cell.summary.center), Align::Right, None);
            o.cell(&cell.summary.pct_range(), Align::Right, Some(" ± "));
            warn(&mut o, &[&cell.sample_warnings, &cell.summary.warnings]);
            if exp > 0 {
                if let (Some(cmp), Some(base)) = (&cell.comparison, base) {
                    let d = cmp.format_delta(base.summary.center, cell.summary.center);
                    o.cell(&d, Align::Right, None);
                    o.cell(&format!("({})", cmp.describe()), Align::Left, None);
                    warn(&mut o, &[&cmp.warnings]);
                }
            }
        }
    }
    if t.rows.len() > 1 {
        o.row();
        o.cell("geomean", Align::Left, None);
        for (exp, s) in t.summary.iter().enumerate() {
            if let Some(v) = s.summary {
                o.col(start(exp));
                o.cell(&scale(v, class), Align::Right, None);
            }
            if exp > 0 {
                o.col(start(exp) + CENTER);
                match s.ratio {
                    Some(r) => o.cell(
                        &format!("{}%", format_f_signed((r - 1.0) * 100.0, 2)),
                        Align::Right,
                        None,
                    ),
                    None => o.cell("?", Align::Left, None),
                };
            }
            o.col(start(exp + 1) - 1);
            warn(&mut o, &[&s.warnings]);
        }
    }
    let mut out = o.format();
    for (i, n) in notes.iter().enumerate() {
        out.push_str(&format!("{} {}\n", superscript(i + 1), n));
    }
    out
}

/// The report as `benchstat -format csv`: the CSV text and the warnings
/// (prefixed by spreadsheet cell names), which benchstat prints to stderr.
/// Short rows are padded with empty fields, as current benchstat does.
pub fn to_csv(t: &Tables) -> (String, String) {
    let mut out = String::new();
    let mut warnings = String::new();
    let mut row = 1usize;
    for (table, hdrs) in t.tables.iter().zip(headers(t)) {
        for h in hdrs {
            write_record(&mut out, &[h]);
            row += 1;
        }
        row += table_csv(table, row, &mut out, &mut warnings);
    }
    (out, warnings)
}

fn table_csv(t: &Table, start_row: usize, out: &mut String, warnings: &mut String) -> usize {
    const CENTER: usize = 2;
    const DELTA: usize = 2;
    let start = |exp: usize| start_col(exp, CENTER, DELTA);
    let width = start(t.cols.len());
    let mut count = 0usize;
    let mut row: Vec<String> = Vec::new();
    let emit = |row: &mut Vec<String>, out: &mut String, count: &mut usize| {
        while row.len() < width {
            row.push(String::new());
        }
        write_record(out, row);
        row.clear();
        *count += 1;
    };
    let clear_to = |row: &mut Vec<String>, col: usize| {
        while row.len() < col {
            row.push(String::new());
        }
    };
    let warn = |row: &Vec<String>, count: usize, msgs: &[String], w: &mut String| {
        let name = column_name(row.len());
        for m in msgs {
            w.push_str(&format!("{name}{}: {m}\n", start_row + count));
        }
    };
    let levels = t.cols.first().map_or(0, Vec::len);
    for level in 0..levels {
        for (exp, c) in t.cols.iter().enumerate() {
            clear_to(&mut row, start(exp));
            row.push(c[level].clone());
        }
        emit(&mut row, out, &mut count);
    }
    for exp in 0..t.cols.len() {
        clear_to(&mut row, start(exp));
        row.push(t.unit.clone());
        row.push("CI".into());
        if exp > 0 {
            row.push("vs base".into());
            row.push("P".into());
        }
    }
    emit(&mut row, out, &mut count);
    for (r, label) in t.rows.iter().enumerate() {
        row.push(label.clone());
        let base = t.baseline(r);
        for (exp, cell) in t.cells[r].iter().enumerate() {
            let Some(cell) = cell else {
                continue;
            };
            clear_to(&mut row, start(exp));
            warn(&row, count, &cell.sample_warnings, warnings);
            warn(&row, count, &cell.summary.warnings, warnings);
            row.push(format_v(cell.summary.center));
            row.push(cell.summary.pct_range());
            if exp > 0 {
                if let (Some(cmp), Some(base)) = (&cell.comparison, base) {
                    warn(&row, count, &cmp.warnings, warnings);
                    row.push(cmp.format_delta(base.summary.center, cell.summary.center));
                    row.push(cmp.describe());
                }
            }
        }
        emit(&mut row, out, &mut count);
    }
    row.push("geomean".into());
    for (exp, s) in t.summary.iter().enumerate() {
        clear_to(&mut row, start(exp));
        warn(&row, count, &s.warnings, warnings);
        if let Some(v) = s.summary {
            row.push(format_v(v));
        }
        if exp > 0 {
            clear_to(&mut row, start(exp) + CENTER);
            row.push(match s.ratio {
                Some(r) => format!("{}%", format_f_signed((r - 1.0) * 100.0, 2)),
                None => "?".into(),
            });
        }
    }
    emit(&mut row, out, &mut count);
    count
}

/// Spreadsheet column name of a 0-based index as benchstat writes it.
fn column_name(mut x: usize) -> String {
    let mut name = Vec::new();
    while x > 0 {
        name.push(b'A' + (x % 26) as u8);
        x /= 26;
    }
    if name.is_empty() {
        name.push(b'A');
    }
    name.reverse();
    String::from_utf8_lossy(&name).into_owned()
}

/// Writes one CSV record as Go's `encoding/csv` does.
fn write_record(out: &mut String, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let quote = !f.is_empty()
            && (f == r"\."
                || f.contains([',', '"', '\r', '\n'])
                || f.chars().next().is_some_and(char::is_whitespace));
        if quote {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push('\n');
}

/// One cell of the JSON report.
#[derive(Debug, Serialize)]
pub struct JsonCell {
    /// The column's label.
    pub column: String,
    /// Number of measurements.
    pub n: usize,
    /// Median (mode for exact units).
    pub center: f64,
    /// Confidence interval, when finite.
    pub lo: Option<f64>,
    /// Confidence interval, when finite.
    pub hi: Option<f64>,
    /// The interval as benchstat prints it (`3%`, `∞`).
    pub range: String,
    /// The measurements, sorted.
    pub samples: Vec<f64>,
    /// Change against the first column, when significant (percent).
    pub delta_percent: Option<f64>,
    /// benchstat's delta text: `-12.34%`, `~`, `?`.
    pub delta: Option<String>,
    /// The U test's p-value.
    pub p: Option<f64>,
    /// Whether the change is significant.
    pub significant: Option<bool>,
    /// Footnotes.
    pub warnings: Vec<String>,
}

/// One row of the JSON report.
#[derive(Debug, Serialize)]
pub struct JsonRow {
    /// The row's label (benchmark name).
    pub name: String,
    /// Its cells, left to right (missing cells are left out).
    pub cells: Vec<JsonCell>,
}

/// One table of the JSON report.
#[derive(Debug, Serialize)]
pub struct JsonTable {
    /// Configuration keys of the table.
    pub config: Vec<(String, String)>,
    /// The unit.
    pub unit: String,
    /// Column labels.
    pub columns: Vec<String>,
    /// The rows.
    pub rows: Vec<JsonRow>,
    /// Geomean of each column's centres (null when not computable).
    pub geomean: Vec<Option<f64>>,
    /// Geomean of the ratios to the first column, per column.
    pub geomean_ratio: Vec<Option<f64>>,
}

/// The report as JSON (finite numbers only; NaN and infinities are null).
pub fn to_json(t: &Tables) -> String {
    let finite = |x: f64| x.is_finite().then_some(x);
    let tables: Vec<JsonTable> = t
        .tables
        .iter()
        .map(|table| {
            let columns: Vec<String> = table.cols.iter().map(|c| c.join(" ")).collect();
            let rows = table
                .rows
                .iter()
                .enumerate()
                .map(|(r, name)| {
                    let base = table.baseline(r);
                    let cells = table.cells[r]
                        .iter()
                        .enumerate()
                        .filter_map(|(i, c)| c.as_ref().map(|c| (i, c)))
                        .map(|(i, c)| {
                            let cmp = c.comparison.as_ref();
                            let delta = cmp.zip(base).map(|(cmp, b)| {
                                cmp.format_delta(b.summary.center, c.summary.center)
                            });
                            let mut warnings = c.sample_warnings.clone();
                            warnings.extend(c.summary.warnings.iter().cloned());
                            if let Some(cmp) = cmp {
                                warnings.extend(cmp.warnings.iter().cloned());
                            }
                            JsonCell {
                                column: columns[i].clone(),
                                n: c.sample.len(),
                                center: c.summary.center,
                                lo: finite(c.summary.lo),
                                hi: finite(c.summary.hi),
                                range: c.summary.pct_range(),
                                samples: c.sample.clone(),
                                delta_percent: cmp.zip(base).and_then(|(cmp, b)| {
                                    (cmp.significant() && b.summary.center != 0.0).then(|| {
                                        (c.summary.center / b.summary.center - 1.0) * 100.0
                                    })
                                }),
                                delta,
                                p: cmp.map(|c| c.p),
                                significant: cmp.map(|c| c.significant()),
                                warnings,
                            }
                        })
                        .collect();
                    JsonRow {
                        name: name.clone(),
                        cells,
                    }
                })
                .collect();
            JsonTable {
                config: table.config.to_vec(),
                unit: table.unit.clone(),
                columns,
                rows,
                geomean: table.summary.iter().map(|s| s.summary).collect(),
                geomean_ratio: table.summary.iter().map(|s| s.ratio).collect(),
            }
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&tables).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}
