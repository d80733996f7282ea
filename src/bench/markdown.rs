//! The comparison as GitHub-flavoured Markdown, for a pull-request
//! comment: one table per benchstat table with the same numbers as the
//! text report, footnotes as a list, and the gate's verdict.

use super::gate::{Outcome, Verdict};
use super::table::{Table, Tables};
use super::units::{class_of, scale};

/// The whole report; `gate` is the threshold and verdict when gating.
pub fn report(tables: &Tables, gate: Option<(f64, &Verdict)>, notes: &[String]) -> String {
    let mut out = String::new();
    if let Some((pct, v)) = gate {
        out.push_str(&verdict(pct, v));
    }
    for t in &tables.tables {
        out.push_str(&table(t));
        out.push('\n');
    }
    if tables.tables.is_empty() {
        out.push_str("_No benchmark results._\n\n");
    }
    for n in notes {
        out.push_str(&format!("> {}\n", escape(n)));
    }
    out
}

/// The verdict as a bold line, then the regressions and problems.
pub fn verdict(pct: f64, v: &Verdict) -> String {
    let mark = match v.outcome() {
        Outcome::Passed => "✅",
        Outcome::Regressed | Outcome::Undecided => "❌",
    };
    let mut out = format!("**{mark} {}**\n\n", escape(&v.headline(pct)));
    let skip = usize::from(v.outcome() == Outcome::Undecided);
    let items: Vec<String> = v
        .regressions
        .iter()
        .map(ToString::to_string)
        .chain(v.problems.iter().skip(skip).cloned())
        .chain(v.notes.iter().map(|n| format!("note: {n}")))
        .collect();
    for i in &items {
        out.push_str(&format!("- {}\n", escape(i)));
    }
    if !items.is_empty() {
        out.push('\n');
    }
    out
}

/// One table: the configuration as a caption, a header row of the
/// columns, a row per benchmark, the geomean, the footnotes.
fn table(t: &Table) -> String {
    let mut out = String::new();
    let caption: Vec<String> = t
        .config
        .to_vec()
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}: `{}`", v.replace('`', "'")))
        .collect();
    out.push_str(&format!("**{}**", escape(&t.unit)));
    if !caption.is_empty() {
        out.push_str(&format!(" ({})", caption.join(", ")));
    }
    out.push_str("\n\n");
    let mut header = vec![String::new()];
    let mut align = vec![":---"];
    for (i, c) in t.cols.iter().enumerate() {
        header.push(escape(&c.join(" ")));
        align.push("---:");
        if i > 0 {
            header.push("vs base".into());
            align.push(":---");
        }
    }
    out.push_str(&row(&header));
    out.push_str(&row(&align
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()));
    let mut notes: Vec<String> = Vec::new();
    let mut mark = |list: &[&[String]]| -> String {
        let mut marks = String::new();
        for l in list {
            for m in *l {
                let i = notes.iter().position(|n| n == m).unwrap_or_else(|| {
                    notes.push(m.clone());
                    notes.len() - 1
                });
                marks.push_str(&format!(" <sup>{}</sup>", i + 1));
            }
        }
        marks
    };
    let class = class_of(&t.unit);
    for (r, name) in t.rows.iter().enumerate() {
        let scaler = t.row_scaler(r);
        let base = t.baseline(r);
        let mut cells = vec![escape(name)];
        for (i, cell) in t.cells[r].iter().enumerate() {
            let Some(cell) = cell else {
                cells.push("—".into());
                if i > 0 {
                    cells.push(String::new());
                }
                continue;
            };
            let m = mark(&[&cell.sample_warnings, &cell.summary.warnings]);
            cells.push(format!(
                "{} ± {}{m}",
                scaler.format(cell.summary.center),
                cell.summary.pct_range()
            ));
            if i > 0 {
                cells.push(match (&cell.comparison, base) {
                    (Some(cmp), Some(base)) => {
                        let d = cmp.format_delta(base.summary.center, cell.summary.center);
                        let m = mark(&[&cmp.warnings]);
                        format!("{} ({}){m}", escape(&d), cmp.describe())
                    }
                    _ => String::new(),
                });
            }
        }
        out.push_str(&row(&cells));
    }
    if t.rows.len() > 1 {
        let mut cells = vec!["**geomean**".to_string()];
        for (i, s) in t.summary.iter().enumerate() {
            let m = mark(&[&s.warnings]);
            cells.push(format!(
                "{}{m}",
                s.summary.map_or(String::new(), |v| scale(v, class))
            ));
            if i > 0 {
                cells.push(s.ratio.map_or("?".into(), |r| {
                    format!("{}%", super::gofloat::format_f_signed((r - 1.0) * 100.0, 2))
                }));
            }
        }
        out.push_str(&row(&cells));
    }
    if !notes.is_empty() {
        out.push('\n');
        for (i, n) in notes.iter().enumerate() {
            out.push_str(&format!("{}. {}\n", i + 1, escape(n)));
        }
    }
    out
}

fn row(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

/// Text safe in a table cell: pipes escaped, Markdown's emphasis and
/// HTML characters neutralised, controls and newlines made visible.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::error::escape_controls(s).chars() {
        match c {
            '|' | '*' | '_' | '`' | '[' | ']' | '\\' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(escape("a|b_c*"), "a\\|b\\_c\\*");
        assert_eq!(escape("<x>&"), "&lt;x&gt;&amp;");
        assert!(!escape("a\nb").contains('\n'));
    }
}
