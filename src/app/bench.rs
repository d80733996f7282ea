//! The benchmark explorer's state machine: benchstat's tables, browsable.
//! One table (configuration × unit) at a time; rows sortable by name,
//! change or p-value and filterable by regex; a detail pane shows the
//! selected row's samples. State changes only through [`update`].

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use regex::Regex;

use crate::bench::table::{Table, Tables};
use crate::bench::units::higher_is_better;

/// How the rows are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    /// benchstat's order (first appearance).
    File,
    /// By name.
    Name,
    /// By change against the baseline, worst regression first.
    Delta,
    /// By p-value, most significant first.
    P,
}

impl SortBy {
    fn next(self) -> Self {
        match self {
            SortBy::File => SortBy::Delta,
            SortBy::Delta => SortBy::P,
            SortBy::P => SortBy::Name,
            SortBy::Name => SortBy::File,
        }
    }

    /// The label shown in the status line.
    pub fn label(self) -> &'static str {
        match self {
            SortBy::File => "file order",
            SortBy::Name => "name",
            SortBy::Delta => "change",
            SortBy::P => "p-value",
        }
    }
}

/// What a change means for this unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Significantly better.
    Better,
    /// Significantly worse.
    Worse,
    /// Not significant (benchstat's `~`).
    Same,
}

/// Which chart of the selected benchmark is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartChoice {
    /// Speedup against GOMAXPROCS.
    Scaling,
    /// Value against a numeric name key.
    Sweep,
    /// The runs as box plots, per file.
    Distribution,
}

impl ChartChoice {
    /// The name shown in the status line.
    pub fn label(self) -> &'static str {
        match self {
            ChartChoice::Scaling => "scaling",
            ChartChoice::Sweep => "sweep",
            ChartChoice::Distribution => "distribution",
        }
    }
}

/// Input mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BenchMode {
    /// Browsing.
    Normal,
    /// Typing a filter regex.
    Filter(String),
    /// The key help.
    Help,
    /// A chart of the selected benchmark.
    Chart(ChartChoice),
}

/// Everything the benchmark view shows.
#[derive(Debug)]
pub struct BenchApp {
    /// The inputs, for the header.
    pub title: String,
    /// The tables.
    pub tables: Tables,
    /// The table shown.
    pub table: usize,
    /// Row indexes of the table shown, filtered and sorted.
    pub rows: Vec<usize>,
    /// Selected position in `rows`.
    pub selected: usize,
    /// First visible position in `rows`.
    pub offset: usize,
    /// Row order.
    pub sort: SortBy,
    /// The column compared with the first (for sorting and the detail pane).
    pub focus_col: usize,
    /// The filter text and its regex.
    pub filter: Option<(String, Regex)>,
    /// Input mode.
    pub mode: BenchMode,
    /// A message for the status line.
    pub status: Option<String>,
    /// Terminal size.
    pub width: u16,
    /// Terminal size.
    pub height: u16,
    /// Set when the user quits.
    pub quit: bool,
    /// The comparison is of two run directories, whose profiles `C` and
    /// `M` open.
    pub profile_links: bool,
    /// Set (with `quit`) when the user asked for a profile diff of the
    /// runs: which profile, and the benchmark that was selected.
    pub open_profile: Option<(crate::runs::ProfileKind, Option<String>)>,
    /// Set with `--watch`.
    pub watch: Option<BenchWatch>,
    /// A reload the runtime should start: its generation.
    pub reload_request: Option<u64>,
}

/// `--watch` on benchmark files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchWatch {
    /// The inputs, as given.
    pub files: Vec<String>,
    /// Also read again at this interval.
    pub every: Option<std::time::Duration>,
    /// Changes are noted, not loaded.
    pub frozen: bool,
    /// A change arrived while frozen.
    pub missed: bool,
    /// Reload requests; an older result is dropped.
    pub generation: u64,
    /// A reload is running.
    pub loading: bool,
    /// When the last reload finished, `HH:MM:SS` UTC.
    pub last_reload: Option<String>,
    /// The last failure, until a reload succeeds.
    pub error: Option<String>,
}

impl BenchWatch {
    /// Watching `files`.
    pub fn new(files: Vec<String>, every: Option<std::time::Duration>) -> Self {
        BenchWatch {
            files,
            every,
            frozen: false,
            missed: false,
            generation: 0,
            loading: false,
            last_reload: None,
            error: None,
        }
    }
}

/// Everything that can happen to the benchmark view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BenchMsg {
    /// Move the selection by this many rows.
    Move(i32),
    /// Move a page.
    Page(bool),
    /// First or last row.
    Jump(bool),
    /// Next or previous table.
    Table(bool),
    /// Next or previous compared column.
    Column(bool),
    /// Next sort order.
    CycleSort,
    /// Start typing a filter.
    StartFilter,
    /// A character of the filter.
    FilterChar(char),
    /// Delete the last character of the filter.
    FilterBackspace,
    /// Keep the filter.
    FilterAccept,
    /// Drop the filter.
    FilterCancel,
    /// Show or hide the help.
    Help,
    /// Open the chart that fits the selected benchmark, or the next one.
    Chart,
    /// Back from a chart to the table.
    CloseChart,
    /// Open the runs' profile diff of a kind (run directories only).
    OpenProfile(crate::runs::ProfileKind),
    /// An input changed (`--watch`).
    SourceChanged,
    /// Read the inputs again now.
    Reload,
    /// Stop or resume reloading.
    Freeze,
    /// A reload finished.
    Reloaded {
        /// Its generation.
        generation: u64,
        /// The new tables, or what went wrong.
        result: Result<NewTables, String>,
        /// When, `HH:MM:SS` UTC.
        at: String,
    },
    /// Quit.
    Quit,
    /// A click on a screen row.
    Click {
        /// Screen row.
        row: u16,
    },
    /// The terminal was resized.
    Resize {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
}

/// Rows of the screen above the table body (header, tabs, column titles).
pub const TABLE_TOP: u16 = 3;
/// Height of the detail pane, status and hint lines below the table.
pub const BOTTOM: u16 = 9;

impl BenchApp {
    /// A view of `tables`, starting with the first table in benchstat's order.
    pub fn new(tables: Tables, title: String) -> Self {
        let mut app = BenchApp {
            title,
            tables,
            table: 0,
            rows: Vec::new(),
            selected: 0,
            offset: 0,
            sort: SortBy::File,
            focus_col: 1,
            filter: None,
            mode: BenchMode::Normal,
            status: None,
            width: 80,
            height: 24,
            quit: false,
            profile_links: false,
            open_profile: None,
            watch: None,
            reload_request: None,
        };
        app.refresh_rows();
        app
    }

    /// The table shown, if there is any.
    pub fn current(&self) -> Option<&Table> {
        self.tables.tables.get(self.table)
    }

    /// Rows of the table body on screen.
    pub fn body_height(&self) -> usize {
        usize::from(self.height.saturating_sub(TABLE_TOP + BOTTOM)).max(1)
    }

    /// The comparison verdict of `row` in column `col`.
    pub fn verdict(&self, row: usize, col: usize) -> Option<Verdict> {
        let t = self.current()?;
        verdict(t, row, col)
    }

    /// The selected table row, if any.
    pub fn selected_row(&self) -> Option<usize> {
        self.rows.get(self.selected).copied()
    }

    fn refresh_rows(&mut self) {
        let Some(t) = self.current() else {
            self.rows.clear();
            return;
        };
        let keep_row = self.selected_row();
        let mut rows: Vec<usize> = (0..t.rows.len())
            .filter(|&r| {
                self.filter
                    .as_ref()
                    .map_or(true, |(_, re)| re.is_match(&t.rows[r]))
            })
            .collect();
        let col = self.focus_col;
        match self.sort {
            SortBy::File => {}
            SortBy::Name => rows.sort_by(|&a, &b| t.rows[a].cmp(&t.rows[b])),
            SortBy::Delta => rows.sort_by(|&a, &b| {
                let key = |r| worse_by(t, r, col).unwrap_or(f64::NEG_INFINITY);
                key(b).total_cmp(&key(a))
            }),
            SortBy::P => rows.sort_by(|&a, &b| {
                let key = |r| p_value(t, r, col).unwrap_or(f64::INFINITY);
                key(a).total_cmp(&key(b))
            }),
        }
        self.selected = keep_row
            .and_then(|k| rows.iter().position(|&r| r == k))
            .unwrap_or(0);
        self.rows = rows;
        self.scroll_into_view();
    }

    fn scroll_into_view(&mut self) {
        let h = self.body_height();
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + h {
            self.offset = self.selected + 1 - h;
        }
        let max_offset = self.rows.len().saturating_sub(h);
        self.offset = self.offset.min(max_offset);
    }
}

/// Tables read by a reload. Messages compare equal when they carry the same
/// tables (the same allocation), which is all the tests of messages need.
#[derive(Debug, Clone)]
pub struct NewTables(pub std::sync::Arc<Tables>);

impl PartialEq for NewTables {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for NewTables {}

/// Asks the runtime for a reload (a new generation).
fn request_reload(app: &mut BenchApp) {
    if let Some(w) = app.watch.as_mut() {
        w.generation += 1;
        w.loading = true;
        app.reload_request = Some(w.generation);
    }
}

impl BenchApp {
    /// New tables from a reload; the table (by unit and configuration) and
    /// the selected benchmark (by name) stay where they were.
    pub fn replace_tables(&mut self, tables: Tables) {
        let key = self.current().map(|t| (t.unit.clone(), t.config.clone()));
        let row = self
            .current()
            .zip(self.selected_row())
            .map(|(t, r)| t.rows[r].clone());
        self.tables = tables;
        self.table = key
            .and_then(|(unit, config)| {
                self.tables
                    .tables
                    .iter()
                    .position(|t| t.unit == unit && t.config == config)
            })
            .unwrap_or(0);
        self.rows.clear();
        self.refresh_rows();
        if let (Some(name), Some(t)) = (row, self.current()) {
            if let Some(pos) = self.rows.iter().position(|&r| t.rows[r] == name) {
                self.selected = pos;
            }
        }
        self.scroll_into_view();
    }
}

/// The comparison verdict of a cell, in its unit's better direction.
pub fn verdict(t: &Table, row: usize, col: usize) -> Option<Verdict> {
    let cell = t.cells.get(row)?.get(col)?.as_ref()?;
    let cmp = cell.comparison.as_ref()?;
    let base = t.baseline(row)?;
    if !cmp.significant() {
        return Some(Verdict::Same);
    }
    let (old, new) = (base.summary.center, cell.summary.center);
    #[allow(clippy::float_cmp)]
    if old == new {
        return Some(Verdict::Same);
    }
    let up = new > old;
    Some(if up == higher_is_better(&t.unit) {
        Verdict::Better
    } else {
        Verdict::Worse
    })
}

/// How much worse (in percent, negative when better) a cell is than its
/// baseline, counting only significant changes.
pub fn worse_by(t: &Table, row: usize, col: usize) -> Option<f64> {
    let cell = t.cells.get(row)?.get(col)?.as_ref()?;
    let cmp = cell.comparison.as_ref()?;
    let base = t.baseline(row)?;
    if !cmp.significant() || base.summary.center == 0.0 {
        return Some(0.0);
    }
    let change = (cell.summary.center / base.summary.center - 1.0) * 100.0;
    Some(if higher_is_better(&t.unit) {
        -change
    } else {
        change
    })
}

fn p_value(t: &Table, row: usize, col: usize) -> Option<f64> {
    let cell = t.cells.get(row)?.get(col)?.as_ref()?;
    cell.comparison.as_ref().map(|c| c.p)
}

/// Maps a key to a message in the current mode.
pub fn key_to_msg(mode: &BenchMode, k: KeyEvent) -> Option<BenchMsg> {
    if k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c') {
        return Some(BenchMsg::Quit);
    }
    match mode {
        BenchMode::Filter(_) => match k.code {
            KeyCode::Enter => Some(BenchMsg::FilterAccept),
            KeyCode::Esc => Some(BenchMsg::FilterCancel),
            KeyCode::Backspace => Some(BenchMsg::FilterBackspace),
            KeyCode::Char(c) => Some(BenchMsg::FilterChar(c)),
            _ => None,
        },
        BenchMode::Help => match k.code {
            KeyCode::Char('q') => Some(BenchMsg::Quit),
            _ => Some(BenchMsg::Help),
        },
        BenchMode::Chart(_) => match k.code {
            KeyCode::Char('q') => Some(BenchMsg::Quit),
            KeyCode::Esc | KeyCode::Backspace => Some(BenchMsg::CloseChart),
            KeyCode::Char('c') => Some(BenchMsg::Chart),
            KeyCode::Tab | KeyCode::Char(']') | KeyCode::Char('u') => Some(BenchMsg::Table(true)),
            KeyCode::BackTab | KeyCode::Char('[') => Some(BenchMsg::Table(false)),
            KeyCode::Down | KeyCode::Char('j') => Some(BenchMsg::Move(1)),
            KeyCode::Up | KeyCode::Char('k') => Some(BenchMsg::Move(-1)),
            KeyCode::Char('?') => Some(BenchMsg::Help),
            _ => None,
        },
        BenchMode::Normal => match k.code {
            KeyCode::Char('q') => Some(BenchMsg::Quit),
            KeyCode::Esc => Some(BenchMsg::FilterCancel),
            KeyCode::Down | KeyCode::Char('j') => Some(BenchMsg::Move(1)),
            KeyCode::Up | KeyCode::Char('k') => Some(BenchMsg::Move(-1)),
            KeyCode::PageDown => Some(BenchMsg::Page(true)),
            KeyCode::PageUp => Some(BenchMsg::Page(false)),
            KeyCode::Home | KeyCode::Char('g') => Some(BenchMsg::Jump(false)),
            KeyCode::End | KeyCode::Char('G') => Some(BenchMsg::Jump(true)),
            KeyCode::Tab | KeyCode::Char(']') => Some(BenchMsg::Table(true)),
            KeyCode::BackTab | KeyCode::Char('[') => Some(BenchMsg::Table(false)),
            KeyCode::Right | KeyCode::Char('l') => Some(BenchMsg::Column(true)),
            KeyCode::Left | KeyCode::Char('h') => Some(BenchMsg::Column(false)),
            KeyCode::Char('s') => Some(BenchMsg::CycleSort),
            KeyCode::Char('/') => Some(BenchMsg::StartFilter),
            KeyCode::Char('c') | KeyCode::Enter => Some(BenchMsg::Chart),
            KeyCode::Char('r') => Some(BenchMsg::Reload),
            KeyCode::Char('z') => Some(BenchMsg::Freeze),
            KeyCode::Char('C') => Some(BenchMsg::OpenProfile(crate::runs::ProfileKind::Cpu)),
            KeyCode::Char('M') => Some(BenchMsg::OpenProfile(crate::runs::ProfileKind::Memory)),
            KeyCode::Char('?') => Some(BenchMsg::Help),
            _ => None,
        },
    }
}

/// The charts that fit row `row` of the table shown, best first.
pub fn chart_choices(app: &BenchApp, row: usize) -> Vec<ChartChoice> {
    let Some(t) = app.current() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if crate::bench::chart::scaling(t, row).is_some() {
        out.push(ChartChoice::Scaling);
    }
    if crate::bench::chart::sweep(t, row).is_some() {
        out.push(ChartChoice::Sweep);
    }
    out.push(ChartChoice::Distribution);
    out
}

/// The key help, one `(keys, what)` pair a line.
pub const HELP: &[(&str, &str)] = &[
    ("↑ ↓  j k", "select a benchmark"),
    ("PgUp PgDn g G", "page, first, last"),
    (
        "Tab ]  S-Tab [",
        "next / previous table (unit, configuration)",
    ),
    ("← →  h l", "compared column (with three inputs or more)"),
    ("s", "sort: file order → change → p-value → name"),
    (
        "c  Enter",
        "chart the benchmark: scaling, sweep, distribution",
    ),
    (
        "in a chart: c  Tab  Esc",
        "next chart, next unit, back to the table",
    ),
    ("/", "filter rows by regex (Enter keeps, Esc drops)"),
    (
        "C  M",
        "run directories: the runs' CPU / memory profile diff, focused on this benchmark",
    ),
    ("r  z", "--watch: reload now; freeze / resume reloading"),
    ("click", "select a row"),
    ("?", "this help"),
    ("q  Ctrl-C", "quit"),
];

/// Applies one message.
pub fn update(app: &mut BenchApp, msg: BenchMsg) {
    // A message stays until the user does something.
    if !matches!(msg, BenchMsg::Resize { .. }) {
        app.status = None;
    }
    match msg {
        BenchMsg::SourceChanged | BenchMsg::Reload | BenchMsg::Freeze if app.watch.is_none() => {
            if msg != BenchMsg::SourceChanged {
                app.status = Some("reloading is for --watch".to_string());
            }
        }
        BenchMsg::SourceChanged => {
            if let Some(w) = app.watch.as_mut() {
                if w.frozen {
                    w.missed = true;
                } else {
                    request_reload(app);
                }
            }
        }
        BenchMsg::Reload => request_reload(app),
        BenchMsg::Freeze => {
            if let Some(w) = app.watch.as_mut() {
                w.frozen = !w.frozen;
                let missed = std::mem::take(&mut w.missed);
                app.status = Some(if w.frozen {
                    "frozen: changes are noted, not loaded (z resumes)".to_string()
                } else {
                    "resumed: reloading on changes".to_string()
                });
                if !w.frozen && missed {
                    request_reload(app);
                }
            }
        }
        BenchMsg::Reloaded {
            generation,
            result,
            at,
        } => {
            let Some(w) = app.watch.as_mut() else {
                return;
            };
            if generation != w.generation {
                return;
            }
            w.loading = false;
            match result {
                Ok(NewTables(tables)) => {
                    w.error = None;
                    w.last_reload = Some(at);
                    app.replace_tables(std::sync::Arc::unwrap_or_clone(tables));
                }
                Err(e) => {
                    w.error = Some(e.clone());
                    app.status = Some(format!("reload failed: {e}"));
                }
            }
        }
        BenchMsg::Quit => app.quit = true,
        BenchMsg::OpenProfile(kind) => {
            if app.profile_links {
                let benchmark = app
                    .current()
                    .zip(app.selected_row())
                    .map(|(t, r)| t.rows[r].clone());
                app.open_profile = Some((kind, benchmark));
                app.quit = true;
            } else {
                app.status = Some(
                    "C and M open the runs' profile diffs when comparing run directories"
                        .to_string(),
                );
            }
        }
        BenchMsg::Help => {
            app.mode = if app.mode == BenchMode::Help {
                BenchMode::Normal
            } else {
                BenchMode::Help
            }
        }
        BenchMsg::Chart => {
            if let Some(row) = app.selected_row() {
                let choices = chart_choices(app, row);
                let next = match app.mode {
                    BenchMode::Chart(cur) => {
                        let i = choices.iter().position(|&c| c == cur).map_or(0, |i| i + 1);
                        choices[i % choices.len()]
                    }
                    _ => choices[0],
                };
                app.mode = BenchMode::Chart(next);
            }
        }
        BenchMsg::CloseChart => app.mode = BenchMode::Normal,
        BenchMsg::Move(d) => {
            let n = app.rows.len();
            if n > 0 {
                let s = app.selected as i64 + i64::from(d);
                app.selected = s.clamp(0, n as i64 - 1) as usize;
            }
        }
        BenchMsg::Page(down) => {
            let h = app.body_height() as i32;
            update(app, BenchMsg::Move(if down { h } else { -h }));
        }
        BenchMsg::Jump(end) => {
            app.selected = if end {
                app.rows.len().saturating_sub(1)
            } else {
                0
            };
        }
        BenchMsg::Table(next) => {
            let n = app.tables.tables.len();
            if n > 0 {
                let name = app
                    .selected_row()
                    .and_then(|r| app.current().map(|t| t.rows[r].clone()));
                app.table = if next {
                    (app.table + 1) % n
                } else {
                    (app.table + n - 1) % n
                };
                app.offset = 0;
                let cols = app.current().map_or(0, |t| t.cols.len());
                app.focus_col = app.focus_col.min(cols.saturating_sub(1)).max(1);
                app.selected = usize::MAX;
                app.refresh_rows();
                // The same benchmark in the new table, when it is there.
                let found = name.and_then(|n| {
                    let t = app.current()?;
                    app.rows.iter().position(|&r| t.rows[r] == n)
                });
                app.selected = found.unwrap_or(0);
                // A chart that no longer fits falls back to the first that does.
                if let (BenchMode::Chart(c), Some(row)) = (app.mode.clone(), app.selected_row()) {
                    let choices = chart_choices(app, row);
                    if !choices.contains(&c) {
                        app.mode = BenchMode::Chart(choices[0]);
                    }
                }
            }
        }
        BenchMsg::Column(next) => {
            let cols = app.current().map_or(0, |t| t.cols.len());
            if cols > 2 {
                app.focus_col = if next {
                    if app.focus_col + 1 < cols {
                        app.focus_col + 1
                    } else {
                        1
                    }
                } else if app.focus_col > 1 {
                    app.focus_col - 1
                } else {
                    cols - 1
                };
                app.refresh_rows();
            } else {
                app.status = Some("only one comparison: give three inputs or more".into());
            }
        }
        BenchMsg::CycleSort => {
            app.sort = app.sort.next();
            app.refresh_rows();
            app.status = Some(format!("sorted by {}", app.sort.label()));
        }
        BenchMsg::StartFilter => {
            let text = app.filter.as_ref().map(|f| f.0.clone()).unwrap_or_default();
            app.mode = BenchMode::Filter(text);
        }
        BenchMsg::FilterChar(c) => {
            if let BenchMode::Filter(s) = &mut app.mode {
                s.push(c);
                let s = s.clone();
                apply_filter(app, &s);
            }
        }
        BenchMsg::FilterBackspace => {
            if let BenchMode::Filter(s) = &mut app.mode {
                s.pop();
                let s = s.clone();
                apply_filter(app, &s);
            }
        }
        BenchMsg::FilterAccept => app.mode = BenchMode::Normal,
        BenchMsg::FilterCancel => {
            app.mode = BenchMode::Normal;
            app.filter = None;
            app.refresh_rows();
        }
        BenchMsg::Click { row } => {
            if row >= TABLE_TOP {
                let i = app.offset + usize::from(row - TABLE_TOP);
                if i < app.rows.len() && usize::from(row - TABLE_TOP) < app.body_height() {
                    app.selected = i;
                }
            }
        }
        BenchMsg::Resize { width, height } => {
            app.width = width;
            app.height = height;
        }
    }
    app.scroll_into_view();
}

fn apply_filter(app: &mut BenchApp, text: &str) {
    if text.is_empty() {
        app.filter = None;
    } else {
        match Regex::new(text) {
            Ok(re) => app.filter = Some((text.to_string(), re)),
            Err(_) => {
                app.status = Some(format!("incomplete regex: {text}"));
                return;
            }
        }
    }
    app.refresh_rows();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::{formats, table};

    fn app() -> BenchApp {
        let mut loaded = formats::Loaded::default();
        let old = "BenchmarkA 1 10 ns/op\nBenchmarkA 1 11 ns/op\nBenchmarkA 1 10 ns/op\nBenchmarkA 1 12 ns/op\nBenchmarkA 1 10 ns/op\nBenchmarkB 1 100 ns/op\nBenchmarkB 1 101 ns/op\nBenchmarkB 1 102 ns/op\nBenchmarkB 1 100 ns/op\nBenchmarkB 1 101 ns/op\n";
        let new = old
            .replace(" 10 ", " 20 ")
            .replace(" 11 ", " 21 ")
            .replace(" 12 ", " 22 ");
        let new = new
            .replace(" 100 ", " 50 ")
            .replace(" 101 ", " 51 ")
            .replace(" 102 ", " 52 ");
        formats::load_bytes(old.as_bytes(), "old", "old", &mut loaded).unwrap_or(());
        formats::load_bytes(new.as_bytes(), "new", "new", &mut loaded).unwrap_or(());
        let mut b =
            table::Builder::new(&table::Options::default()).unwrap_or_else(|e| panic!("{e}"));
        for r in &loaded.results {
            b.add(r);
        }
        BenchApp::new(b.finish(&loaded.units), "t".into())
    }

    #[test]
    fn verdicts_follow_the_unit_direction() {
        let a = app();
        assert_eq!(a.verdict(0, 1), Some(Verdict::Worse));
        assert_eq!(a.verdict(1, 1), Some(Verdict::Better));
    }

    #[test]
    fn sort_filter_and_move() {
        let mut a = app();
        assert_eq!(a.rows, [0, 1]);
        update(&mut a, BenchMsg::CycleSort);
        assert_eq!(a.sort, SortBy::Delta);
        assert_eq!(a.rows, [0, 1], "the regression first");
        update(&mut a, BenchMsg::Move(1));
        assert_eq!(a.selected_row(), Some(1));
        update(&mut a, BenchMsg::StartFilter);
        update(&mut a, BenchMsg::FilterChar('B'));
        assert_eq!(a.rows, [1]);
        assert_eq!(a.selected_row(), Some(1), "the selection stays on B");
        update(&mut a, BenchMsg::FilterChar('('));
        assert_eq!(a.rows, [1], "an incomplete regex keeps the last filter");
        update(&mut a, BenchMsg::FilterCancel);
        assert_eq!(a.rows, [0, 1]);
    }
}
