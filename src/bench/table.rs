//! Groups benchmark results into comparison tables (one per configuration
//! and unit), summarises every cell and compares each column with the
//! first, as benchstat does.

use rustc_hash::{FxHashMap, FxHashSet};

use super::config::TableConfig;
use super::goformat::{BenchResult, UnitMeta};
use super::projection::{ExprError, Filter, KeyId, Projection, ProjectionParser};
use super::stats::{self, Assumption, Comparison, Summary};

/// How to group and analyse results (benchstat's flags).
#[derive(Debug, Clone)]
pub struct Options {
    /// `-table`: split into tables by these keys (`.unit` is added).
    pub table: String,
    /// `-row`: rows by these keys.
    pub row: String,
    /// `-col`: columns by these keys; later columns compare with the first.
    pub col: String,
    /// `-ignore`: keys not to group by.
    pub ignore: String,
    /// `-filter`: results to use.
    pub filter: String,
    /// Significance level of the U test.
    pub alpha: f64,
    /// Confidence level of the intervals.
    pub confidence: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            table: ".config".into(),
            row: ".fullname".into(),
            col: ".file".into(),
            ignore: String::new(),
            filter: "*".into(),
            alpha: stats::DEFAULT_ALPHA,
            confidence: stats::DEFAULT_CONFIDENCE,
        }
    }
}

/// A bad option, worded like benchstat's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionError {
    /// A projection or filter did not parse.
    #[error("parsing {flag}: {err}")]
    Syntax {
        /// The flag, e.g. `-filter`.
        flag: &'static str,
        /// The syntax error.
        err: ExprError,
    },
    /// Out of range.
    #[error("{0}")]
    Range(String),
}

/// Collects results into cells.
pub struct Builder {
    table_by: Projection,
    row_by: Projection,
    col_by: Projection,
    residue: Projection,
    filter: Filter,
    extra_filters: Vec<Filter>,
    opts: Options,
    tables: FxHashMap<KeyId, BuilderTable>,
    table_order: Vec<KeyId>,
    /// No filter at all: skip filtering (the common case).
    keep_all: bool,
}

#[derive(Default)]
struct BuilderTable {
    /// Rows in use, in first-seen order.
    rows: Vec<KeyId>,
    cols: FxHashSet<KeyId>,
    /// Cells by row id (row ids are dense), then by column: rows have few
    /// columns, so this is a direct index and a short scan, no hashing.
    by_row: Vec<Vec<(KeyId, BuilderCell)>>,
}

impl BuilderTable {
    fn cells(&self) -> impl Iterator<Item = ((KeyId, KeyId), &BuilderCell)> {
        self.rows
            .iter()
            .flat_map(move |&r| self.by_row[r].iter().map(move |(c, cell)| ((r, *c), cell)))
    }
}

#[derive(Default)]
struct BuilderCell {
    values: Vec<f64>,
    /// Distinct residue keys (nearly always one).
    residue: Vec<KeyId>,
}

impl Builder {
    /// Parses the options.
    pub fn new(opts: &Options) -> Result<Self, OptionError> {
        let filter = Filter::parse(&opts.filter).map_err(|err| OptionError::Syntax {
            flag: "-filter",
            err,
        })?;
        let mut parser = ProjectionParser::default();
        let mut extra = Vec::new();
        for (flag, q, unit) in [
            ("-table", &opts.table, true),
            ("-row", &opts.row, false),
            ("-col", &opts.col, false),
            ("-ignore", &opts.ignore, false),
        ] {
            let (_, f) = parser
                .parse(q, unit)
                .map_err(|err| OptionError::Syntax { flag, err })?;
            extra.extend(f);
        }
        if !(0.0..=1.0).contains(&opts.alpha) {
            return Err(OptionError::Range("-alpha must be in range [0, 1]".into()));
        }
        if !(0.0..=1.0).contains(&opts.confidence) {
            return Err(OptionError::Range(
                "-confidence must be in range [0, 1]".into(),
            ));
        }
        let (mut projections, residue) = parser.finish();
        projections.truncate(3);
        let col_by = projections.pop().unwrap_or_default();
        let row_by = projections.pop().unwrap_or_default();
        let table_by = projections.pop().unwrap_or_default();
        Ok(Builder {
            table_by,
            row_by,
            col_by,
            residue,
            filter: filter.clone(),
            extra_filters: extra.clone(),
            opts: opts.clone(),
            tables: FxHashMap::default(),
            table_order: Vec::new(),
            keep_all: matches!(&filter, Filter::And(v) if v.is_empty()) && extra.is_empty(),
        })
    }

    /// Adds one result (or the values of it the filter keeps).
    pub fn add(&mut self, r: &BenchResult) {
        let keep = if self.keep_all {
            None
        } else {
            let Some(mut keep) = self.filter.apply(r) else {
                return;
            };
            for f in &self.extra_filters {
                match f.apply(r) {
                    Some(m) => keep.iter_mut().zip(m).for_each(|(k, m)| *k &= m),
                    None => return,
                }
            }
            if !keep.iter().any(|&k| k) {
                return;
            }
            Some(keep)
        };
        let kept = |i: usize| keep.as_ref().map_or(true, |k| k[i]);
        let table_keys = self.table_by.project_values(
            r,
            r.values
                .iter()
                .enumerate()
                .filter(|(i, _)| kept(*i))
                .map(|(_, v)| &*v.unit),
        );
        let row = self.row_by.project(r, None);
        let col = self.col_by.project(r, None);
        let residue = self.residue.project(r, None);
        let values = r.values.iter().enumerate().filter(|(i, _)| kept(*i));
        for ((_, v), tk) in values.zip(table_keys) {
            let table = self.tables.entry(tk).or_insert_with(|| {
                self.table_order.push(tk);
                BuilderTable::default()
            });
            if table.by_row.len() <= row {
                table.by_row.resize_with(row + 1, Vec::new);
            }
            let cells = &mut table.by_row[row];
            let i = match cells.iter().position(|(c, _)| *c == col) {
                Some(i) => i,
                None => {
                    if cells.is_empty() {
                        table.rows.push(row);
                    }
                    table.cols.insert(col);
                    cells.push((col, BuilderCell::default()));
                    cells.len() - 1
                }
            };
            let cell = &mut cells[i].1;
            cell.values.push(v.value);
            if !cell.residue.contains(&residue) {
                cell.residue.push(residue);
            }
        }
    }

    /// Summarises and compares every cell (the tables on two threads:
    /// each cell's statistics are independent).
    pub fn finish(self, units: &[UnitMeta]) -> Tables {
        let mut keys = self.table_order.clone();
        self.table_by.sort_keys(&mut keys);
        let half = keys.len() / 2;
        let (first, second) = keys.split_at(half);
        let built = |keys: &[KeyId]| -> Vec<(KeyId, Table)> {
            keys.iter()
                .filter_map(|&k| self.table(k, units).map(|t| (k, t)))
                .collect()
        };
        let mut tables = std::thread::scope(|s| {
            let later = s.spawn(|| built(second));
            let mut tables = built(first);
            tables.extend(later.join().unwrap_or_default());
            tables
        });
        // Each table's configuration, stored as the change from the one
        // before it: consecutive tables differ in few keys.
        let fields = self.header_fields();
        let names = fields.iter().map(|(n, _)| n.clone()).collect();
        let values = tables.iter().map(|(k, _)| {
            let all = self.table_by.values(*k);
            fields.iter().map(|(_, f)| all[*f]).collect::<Vec<&str>>()
        });
        let configs = TableConfig::sequence(names, values);
        for ((_, t), c) in tables.iter_mut().zip(configs) {
            t.config = c;
        }
        Tables {
            tables: tables.into_iter().map(|(_, t)| t).collect(),
        }
    }

    /// The table projection's fields but the unit: (name, field).
    fn header_fields(&self) -> Vec<(String, usize)> {
        let unit_field = *self.table_by.flattened().last().unwrap_or(&0);
        self.table_by
            .flattened()
            .iter()
            .copied()
            .filter(|&f| f != unit_field)
            .map(|f| (self.table_by.field(f).name.clone(), f))
            .collect()
    }

    fn table(&self, k: KeyId, units: &[UnitMeta]) -> Option<Table> {
        let unit_field = *self.table_by.flattened().last().unwrap_or(&0);
        let bt = self.tables.get(&k)?;
        let unit = self.table_by.get(k, unit_field).to_string();
        // Metadata is keyed by the tidied unit; a value that tidying left
        // alone (0 ns/op) keeps its original unit, as in benchstat.
        let (_, tidy_unit) = super::units::tidy(1.0, &unit);
        let meta = |key: &str| {
            units
                .iter()
                .find(|m| m.unit == tidy_unit && m.key == key)
                .map(|m| m.value.as_str())
        };
        let higher_better = match meta("better") {
            Some("higher") => true,
            Some("lower") => false,
            _ => super::units::higher_is_better(&unit),
        };
        let assumption = if meta("assume") == Some("exact") {
            Assumption::Exact
        } else {
            Assumption::Nothing
        };
        let mut rows: Vec<KeyId> = bt.rows.clone();
        self.row_by.sort_keys(&mut rows);
        let mut cols: Vec<KeyId> = bt.cols.iter().copied().collect();
        self.col_by.sort_keys(&mut cols);
        let mut cells = FxHashMap::default();
        for ((row, col), c) in bt.cells() {
            let mut sample = c.values.clone();
            stats::go_sort(&mut sample);
            let summary = stats::summarize(&sample, assumption, self.opts.confidence);
            let mut residue = c.residue.clone();
            self.residue.sort_keys(&mut residue);
            let vary = self.residue.non_singular(&residue);
            let mut sample_warnings = Vec::new();
            if !vary.is_empty() {
                sample_warnings.push(format!("benchmarks vary in {}", vary.join(", ")));
            }
            cells.insert(
                (row, col),
                Cell {
                    sample,
                    summary,
                    sample_warnings,
                    comparison: None,
                    previous: None,
                },
            );
        }
        let base_col = cols[0];
        for ((row, col), _) in bt.cells() {
            if col == base_col {
                continue;
            }
            let Some(base) = cells.get(&(row, base_col)).map(|c| c.sample.clone()) else {
                continue;
            };
            if let Some(c) = cells.get_mut(&(row, col)) {
                c.comparison = Some(stats::compare(
                    &base,
                    &c.sample,
                    assumption,
                    self.opts.alpha,
                ));
            }
        }
        for pair in cols.windows(2).skip(1) {
            for &row in &rows {
                let Some(before) = cells.get(&(row, pair[0])).map(|c| c.sample.clone()) else {
                    continue;
                };
                if let Some(c) = cells.get_mut(&(row, pair[1])) {
                    c.previous = Some(stats::compare(
                        &before,
                        &c.sample,
                        assumption,
                        self.opts.alpha,
                    ));
                }
            }
        }
        let row_labels = rows.iter().map(|&r| self.row_by.string_values(r)).collect();
        let col_fields = self.col_by.flattened().to_vec();
        let col_labels: Vec<Vec<String>> = cols
            .iter()
            .map(|&c| {
                col_fields
                    .iter()
                    .map(|&f| self.col_by.get(c, f).to_string())
                    .collect()
            })
            .collect();
        let mut grid = Vec::with_capacity(rows.len());
        for &r in &rows {
            grid.push(cols.iter().map(|&c| cells.remove(&(r, c))).collect());
        }
        let mut table = Table {
            // Set by `finish`, which sees every table.
            config: TableConfig::new(Vec::new()),
            unit,
            rows: row_labels,
            cols: col_labels,
            cells: grid,
            summary: Vec::new(),
            higher_better,
        };
        table.summary = (0..table.cols.len())
            .map(|i| table.summarize_col(i))
            .collect();
        Some(table)
    }
}

/// One cell: a sample, its summary and its comparison with the baseline.
#[derive(Debug, Clone)]
pub struct Cell {
    /// The measurements, sorted.
    pub sample: Vec<f64>,
    /// Median (or mode) and interval.
    pub summary: Summary,
    /// Warnings about the sample itself ("benchmarks vary in ...").
    pub sample_warnings: Vec<String>,
    /// The comparison with the first column's cell of the same row.
    pub comparison: Option<Comparison>,
    /// From the third column on: the comparison with the column before
    /// (`perftui run --watch`: this round against the previous one).
    pub previous: Option<Comparison>,
}

/// The geomean row's cell for one column.
#[derive(Debug, Clone, Default)]
pub struct ColumnSummary {
    /// The geomean of the column's centres, when all are positive.
    pub summary: Option<f64>,
    /// The geomean of the ratios to the baseline, when all are positive.
    pub ratio: Option<f64>,
    /// Why either is missing.
    pub warnings: Vec<String>,
}

/// One table: one configuration and one unit.
#[derive(Debug, Clone)]
pub struct Table {
    /// The table's configuration (`goos`, `pkg`...) in display order.
    pub config: TableConfig,
    /// The unit of every value.
    pub unit: String,
    /// Row labels.
    pub rows: Vec<String>,
    /// Column labels: one value per column field.
    pub cols: Vec<Vec<String>>,
    /// `cells[row][col]`.
    pub cells: Vec<Vec<Option<Cell>>>,
    /// The geomean row, per column.
    pub summary: Vec<ColumnSummary>,
    /// Whether bigger is better: the unit's `better=higher|lower`
    /// metadata, else its name (throughput per second is).
    pub higher_better: bool,
}

impl Table {
    /// The centre of the baseline cell of `row`.
    pub fn baseline(&self, row: usize) -> Option<&Cell> {
        self.cells[row].first().and_then(Option::as_ref)
    }

    /// One scale for every centre of `row`, so its cells read alike
    /// (benchstat scales a row's values together).
    pub fn row_scaler(&self, row: usize) -> super::units::Scaler {
        let centers: Vec<f64> = self.cells[row]
            .iter()
            .flatten()
            .map(|c| c.summary.center)
            .collect();
        super::units::common_scale(&centers, super::units::class_of(&self.unit))
    }

    fn summarize_col(&self, col: usize) -> ColumnSummary {
        let all: Vec<usize> = (0..self.rows.len()).collect();
        self.summarize(col, &all)
    }

    /// benchstat's geomean row for column `col` over only `rows` (the rows
    /// a filter keeps), computed as for the whole table.
    pub fn summarize(&self, col: usize, rows: &[usize]) -> ColumnSummary {
        let is_base = col == 0;
        let n_base = rows.iter().filter(|&&r| self.baseline(r).is_some()).count();
        let mut summaries = Vec::new();
        let mut ratios = Vec::new();
        let mut bad_ratio = false;
        for &r in rows {
            let Some(cell) = &self.cells[r][col] else {
                continue;
            };
            summaries.push(cell.summary.center);
            if cell.comparison.is_some() {
                let Some(base) = self.baseline(r) else {
                    continue;
                };
                let (a, b) = (cell.summary.center, base.summary.center);
                #[allow(clippy::float_cmp)]
                let ratio = if a == b {
                    1.0
                } else if b == 0.0 {
                    bad_ratio = true;
                    ratios.push(0.0);
                    continue;
                } else {
                    a / b
                };
                ratios.push(ratio);
            }
        }
        let mut s = ColumnSummary::default();
        if !is_base && n_base != ratios.len() {
            s.warnings
                .push("benchmark set differs from baseline; geomeans may not be comparable".into());
        }
        let gm = stats::geomean(&summaries);
        if gm.is_nan() {
            s.warnings
                .push("summaries must be >0 to compute geomean".into());
        } else {
            s.summary = Some(gm);
        }
        if !is_base && !bad_ratio {
            let gm = stats::geomean(&ratios);
            if gm.is_nan() {
                s.warnings
                    .push("ratios must be >0 to compute geomean".into());
            } else {
                s.ratio = Some(gm);
            }
        }
        s
    }
}

/// All tables of a report, in benchstat's order.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    /// The tables.
    pub tables: Vec<Table>,
}
