//! The CI gate: which benchmarks got significantly worse, by more than a
//! threshold, in their unit's "better" direction.

use serde::Serialize;

use super::table::Tables;
use super::units::higher_is_better;

/// One benchmark that got worse.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Regression {
    /// The configuration of its table, e.g. `pkg: x`.
    pub config: String,
    /// The row (benchmark name).
    pub name: String,
    /// The unit.
    pub unit: String,
    /// The baseline and compared column labels.
    pub from: String,
    /// The compared column's label.
    pub to: String,
    /// The change of the median, in percent (positive = bigger).
    pub change_percent: f64,
    /// The U test's p-value.
    pub p: f64,
}

impl std::fmt::Display for Regression {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let cfg = if self.config.is_empty() {
            String::new()
        } else {
            format!(" [{}]", self.config)
        };
        write!(
            f,
            "{} {}{}: {:+.2}% ({} vs {}, p={:.3})",
            self.name, self.unit, cfg, self.change_percent, self.to, self.from, self.p
        )
    }
}

/// A significant change of one benchmark against its baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// How much worse, in percent, in the unit's "better" direction
    /// (negative when better).
    pub worse_by: f64,
    /// The change, described as a regression would be.
    pub regression: Regression,
}

/// Every significant change worse than `threshold_pct` percent. For units
/// where lower is better (time, B/op, allocs/op and unknown units) worse
/// means up; for throughput (`B/s`, `ops/s`) it means down.
pub fn regressions(tables: &Tables, threshold_pct: f64) -> Vec<Regression> {
    changes(tables)
        .into_iter()
        .filter(|c| c.worse_by > threshold_pct)
        .map(|c| c.regression)
        .collect()
}

/// Every significant change, better or worse, in table and row order.
pub fn changes(tables: &Tables) -> Vec<Change> {
    let mut out = Vec::new();
    for t in &tables.tables {
        let higher_better = higher_is_better(&t.unit);
        let config = t
            .config
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join(", ");
        for (r, name) in t.rows.iter().enumerate() {
            let Some(base) = t.baseline(r) else {
                continue;
            };
            for (c, cell) in t.cells[r].iter().enumerate().skip(1) {
                let Some(cell) = cell else {
                    continue;
                };
                let Some(cmp) = &cell.comparison else {
                    continue;
                };
                if !cmp.significant() {
                    continue;
                }
                let (old, new) = (base.summary.center, cell.summary.center);
                let change = if old == 0.0 {
                    if new == 0.0 {
                        0.0
                    } else {
                        f64::INFINITY * new.signum()
                    }
                } else {
                    (new / old - 1.0) * 100.0
                };
                let worse_by = if higher_better { -change } else { change };
                if worse_by != 0.0 {
                    out.push(Change {
                        worse_by,
                        regression: Regression {
                            config: config.clone(),
                            name: name.clone(),
                            unit: t.unit.clone(),
                            from: t.cols[0].join(" "),
                            to: t.cols[c].join(" "),
                            change_percent: change,
                            p: cmp.p,
                        },
                    });
                }
            }
        }
    }
    out
}
