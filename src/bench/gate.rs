//! The CI gate: which benchmarks got significantly worse, by more than a
//! threshold, in their unit's "better" direction, and whether anything was
//! compared at all: a gate that compared nothing has not passed.

use serde::Serialize;

use super::table::{Cell, Table, Tables};

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
    /// Both samples were too small for the U test ever to reach the
    /// significance level, so the medians were compared as they are.
    pub untested: bool,
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
            "{} {}{}: {:+.2}% ({} vs {}, ",
            self.name, self.unit, cfg, self.change_percent, self.to, self.from
        )?;
        if self.untested {
            write!(f, "too few samples to test, medians compared)")
        } else {
            write!(f, "p={:.3})", self.p)
        }
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

/// What the gate decided, and why.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Verdict {
    /// Benchmarks worse by more than the threshold.
    pub regressions: Vec<Regression>,
    /// Why the gate could not decide (nothing compared, a benchmark
    /// missing from a compared run, every value NaN): each a failure.
    pub problems: Vec<String>,
    /// What the verdict rests on that a reader should know.
    pub notes: Vec<String>,
    /// Comparisons made (benchmark × unit × compared column).
    pub compared: usize,
}

/// How the gate ended, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Something was compared and nothing regressed.
    Passed,
    /// At least one benchmark regressed.
    Regressed,
    /// The inputs did not allow a decision.
    Undecided,
}

impl Verdict {
    /// The outcome: a regression found outranks a problem elsewhere.
    pub fn outcome(&self) -> Outcome {
        if !self.regressions.is_empty() {
            Outcome::Regressed
        } else if !self.problems.is_empty() || self.compared == 0 {
            Outcome::Undecided
        } else {
            Outcome::Passed
        }
    }

    /// One line: the verdict and its main reason.
    pub fn headline(&self, threshold_pct: f64) -> String {
        match self.outcome() {
            Outcome::Passed => format!(
                "gate passed: {} comparison(s), none worse by more than {threshold_pct}%",
                self.compared
            ),
            Outcome::Regressed => format!(
                "gate failed: {} benchmark(s) regressed by more than {threshold_pct}%",
                self.regressions.len()
            ),
            Outcome::Undecided => format!(
                "gate failed: {}",
                self.problems
                    .first()
                    .map_or("nothing was compared", String::as_str)
            ),
        }
    }
}

/// What the gate needs besides the tables.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GateOptions {
    /// Worse by more than this many percent fails.
    pub threshold_pct: f64,
    /// A benchmark of the baseline that a compared run lacks is a note,
    /// not a failure.
    pub allow_missing: bool,
}

/// One file given to the gate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GateInput {
    /// Its label (or path).
    pub label: String,
    /// How many results it held.
    pub results: usize,
    /// Whether it looks like benchmark results at all (else a profile or
    /// something else).
    pub looks_like_bench: bool,
}

/// Judges the comparison. `inputs` are the files given, in order: a file
/// without results is a problem, as is a report with nothing to compare.
pub fn judge(tables: &Tables, inputs: &[GateInput], opts: GateOptions) -> Verdict {
    let mut v = Verdict::default();
    for i in inputs {
        if i.results > 0 {
            continue;
        }
        v.problems.push(if i.looks_like_bench {
            format!("{}: no benchmark results in it", i.label)
        } else {
            format!(
                "{}: not benchmark results (a profile? `perftui diff` compares profiles)",
                i.label
            )
        });
    }
    if inputs.len() < 2 {
        v.problems.push(
            "nothing compared: the gate needs a baseline and at least one run after it".into(),
        );
    }
    let mut untested = 0;
    for t in &tables.tables {
        if t.cols.len() < 2 {
            continue;
        }
        for r in 0..t.rows.len() {
            judge_row(t, r, opts, &mut v, &mut untested);
        }
    }
    if untested > 0 {
        v.notes.push(format!(
            "{untested} comparison(s) had too few samples for a significance test \
             (one summary per benchmark, e.g. libtest or aggregates): their medians were compared as they are"
        ));
    }
    if v.compared == 0 && v.problems.is_empty() {
        let cols = tables
            .tables
            .iter()
            .map(|t| t.cols.len())
            .max()
            .unwrap_or(0);
        v.problems.push(if cols < 2 {
            "nothing compared: every result fell in one column (check --col and --filter)".into()
        } else {
            "nothing compared: no benchmark has finite values on both sides".into()
        });
    }
    v
}

fn judge_row(t: &Table, r: usize, opts: GateOptions, v: &mut Verdict, untested: &mut usize) {
    let name = &t.rows[r];
    let Some(base) = t.baseline(r) else {
        return;
    };
    let config = config_line(t);
    let where_ = |col: usize| {
        let cfg = if config.is_empty() {
            String::new()
        } else {
            format!(" [{config}]")
        };
        format!("{name} {}{cfg} in {}", t.unit, t.cols[col].join(" "))
    };
    if !has_finite(base) {
        v.problems
            .push(format!("{}: every value is NaN or infinite", where_(0)));
        return;
    }
    for (c, cell) in t.cells[r].iter().enumerate().skip(1) {
        let Some(cell) = cell else {
            let msg = format!("{}: missing (it is in the baseline)", where_(c));
            if opts.allow_missing {
                v.notes.push(msg);
            } else {
                v.problems
                    .push(format!("{msg}; --allow-missing accepts that"));
            }
            continue;
        };
        if !has_finite(cell) {
            v.problems
                .push(format!("{}: every value is NaN or infinite", where_(c)));
            continue;
        }
        v.compared += 1;
        if let Some(ch) = change(t, r, c, base, cell) {
            *untested += usize::from(ch.regression.untested);
            if ch.worse_by > opts.threshold_pct {
                v.regressions.push(ch.regression);
            }
        }
    }
}

fn has_finite(cell: &Cell) -> bool {
    cell.sample.iter().any(|x| x.is_finite())
}

fn config_line(t: &Table) -> String {
    t.config
        .to_vec()
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every significant change, better or worse, in table and row order
/// (with the changes too small to test, whose medians decide).
pub fn changes(tables: &Tables) -> Vec<Change> {
    let mut out = Vec::new();
    for t in &tables.tables {
        for r in 0..t.rows.len() {
            let Some(base) = t.baseline(r) else {
                continue;
            };
            for (c, cell) in t.cells[r].iter().enumerate().skip(1) {
                if let Some(ch) = cell.as_ref().and_then(|cell| change(t, r, c, base, cell)) {
                    out.push(ch);
                }
            }
        }
    }
    out
}

/// The change of column `c` against the baseline, when it counts: the U
/// test found it significant, or no test was possible with samples this
/// small (then the medians decide, as a reader of the table would).
fn change(t: &Table, r: usize, c: usize, base: &Cell, cell: &Cell) -> Option<Change> {
    let cmp = cell.comparison.as_ref()?;
    let untested = !cmp.significant() && !cmp.testable();
    if !cmp.significant() && !untested {
        return None;
    }
    let (old, new) = (base.summary.center, cell.summary.center);
    if !old.is_finite() || !new.is_finite() {
        return None;
    }
    let change = if old == 0.0 {
        if new == 0.0 {
            0.0
        } else {
            f64::INFINITY * new.signum()
        }
    } else {
        (new / old - 1.0) * 100.0
    };
    let worse_by = if t.higher_better { -change } else { change };
    (worse_by != 0.0).then(|| Change {
        worse_by,
        regression: Regression {
            config: config_line(t),
            name: t.rows[r].clone(),
            unit: t.unit.clone(),
            from: t.cols[0].join(" "),
            to: t.cols[c].join(" "),
            change_percent: change,
            p: cmp.p,
            untested,
        },
    })
}
