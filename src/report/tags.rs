//! `perftui tags`: every label key with its values and their share, as
//! `go tool pprof -tags` prints it (pprof's `printTags`).

use std::collections::HashMap;

use super::units::{percentage, scale, scaled_label};
use crate::profile::tags::num_label_units;
use crate::profile::{LabelValue, Profile};

/// The tags report of sample type `index`.
pub fn tags(profile: &Profile, index: usize) -> String {
    let units = num_label_units(profile);
    let sample_unit = profile.sample_type_unit(index);
    let mut keys: HashMap<&str, HashMap<String, i64>> = HashMap::new();
    for i in 0..profile.samples.len() {
        let v = profile.samples.value(i, index);
        for l in profile.samples.labels(i) {
            let key = profile.str(l.key);
            let value = match l.value {
                LabelValue::Str(s) => profile.str(s).to_string(),
                LabelValue::Num { value, .. } => {
                    let unit = units.get(key).map_or("", String::as_str);
                    scaled_label(value, unit, "minimum")
                }
            };
            let sum = keys.entry(key).or_default().entry(value).or_insert(0);
            *sum = sum.wrapping_add(v);
        }
    }
    let mut names: Vec<&str> = keys.keys().copied().collect();
    names.sort_unstable();
    let amount = |v: i64| {
        let (f, u) = scale(v, sample_unit, "minimum");
        format!("{f:.1}{u}")
    };
    let mut out = String::new();
    for key in names {
        let values = &keys[key];
        let total = values.values().fold(0i64, |a, &b| a.wrapping_add(b));
        let mut sorted: Vec<(&String, i64)> = values.iter().map(|(k, &v)| (k, v)).collect();
        // pprof's SortTags: larger magnitude first, then by name.
        sorted.sort_by(|a, b| {
            b.1.unsigned_abs()
                .cmp(&a.1.unsigned_abs())
                .then_with(|| a.0.cmp(b.0))
        });
        let mut rows = vec![vec![format!("{key}:"), format!(" Total {}", amount(total))]];
        for (name, v) in sorted {
            let value = if total > 0 {
                format!("{} ({}):", amount(v), percentage(v, total))
            } else {
                format!("{}:", amount(v))
            };
            rows.push(vec![" ".to_string(), value, format!(" {name}")]);
        }
        out.push_str(&align_right(&rows));
        out.push('\n');
    }
    out
}

/// Go's `tabwriter` with padding 1 and `AlignRight`, for one block of
/// lines: every cell but a line's last is a column cell, right-aligned to
/// the widest cell of its column among the consecutive lines that have
/// one; a line's last cell is written as it is.
fn align_right(rows: &[Vec<String>]) -> String {
    let width = |s: &str| s.chars().count();
    let mut widths: Vec<Vec<usize>> = rows.iter().map(|r| vec![0; r.len()]).collect();
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    for col in 0..columns.saturating_sub(1) {
        let mut start = 0;
        while start < rows.len() {
            if rows[start].len() <= col + 1 {
                start += 1;
                continue;
            }
            let mut end = start;
            while end < rows.len() && rows[end].len() > col + 1 {
                end += 1;
            }
            let w = rows[start..end]
                .iter()
                .map(|r| width(&r[col]))
                .max()
                .unwrap_or(0)
                + 1;
            for row in &mut widths[start..end] {
                row[col] = w;
            }
            start = end;
        }
    }
    let mut out = String::new();
    for (row, w) in rows.iter().zip(&widths) {
        for (c, cell) in row.iter().enumerate() {
            if c + 1 < row.len() {
                out.push_str(&" ".repeat(w[c].saturating_sub(width(cell))));
            }
            out.push_str(cell);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_as_go_tabwriter_aligns_them() {
        let rows = vec![
            vec!["route:".to_string(), " Total 1.0s".to_string()],
            vec![" ".to_string(), "10ms (1%):".to_string(), " /a".to_string()],
            vec![
                " ".to_string(),
                "990ms (99%):".to_string(),
                " /b".to_string(),
            ],
        ];
        assert_eq!(
            align_right(&rows),
            " route: Total 1.0s\n          10ms (1%): /a\n        990ms (99%): /b\n"
        );
    }
}
