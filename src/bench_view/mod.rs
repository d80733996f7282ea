//! The benchmark explorer's state machine: benchstat's tables, browsable.
//! One table (configuration × unit) at a time; rows sortable by name,
//! change or p-value and filterable by regex; a detail pane shows the
//! selected row's samples. State changes only through [`update`], which
//! returns the [`Effect`]s the runtime carries out.

pub mod keymap;
pub mod live;
mod screen;

use std::sync::Arc;

use regex::Regex;

use crate::bench::table::{Table, Tables};
use crate::run_dirs::{ProfileKind, RunPair};
use crate::run_summary::{DiffOptions, OpenJob};
use crate::tui::line_edit::{Edit, History, LineEdit};
use crate::tui::{Effect, Job};
use crate::ui::theme::Palette;
use crate::ui::widgets::status_bar::Status;

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
    Filter(LineEdit),
    /// The key help, scrolled to this line.
    Help {
        /// The first line shown.
        scroll: usize,
    },
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
    /// The filters entered before, for ↑/↓ in the prompt.
    pub filter_history: History,
    /// Input mode.
    pub mode: BenchMode,
    /// A message for the status line.
    pub status: Option<Status>,
    /// Terminal size.
    pub width: u16,
    /// Terminal size.
    pub height: u16,
    /// The comparison is of two run directories, whose profiles `C` and
    /// `M` open.
    pub links: Option<RunLinks>,
    /// Requests to open a profile diff; a result of an older one is dropped.
    pub open_generation: u64,
    /// Set with `--watch`.
    pub watch: Option<BenchWatch>,
    /// `perftui run`: the runs going on behind the view (it watches their
    /// result files).
    pub live: Option<live::LiveRun>,
    /// The colours of better and worse.
    pub palette: Palette,
}

/// The run directories a comparison came from: `C` and `M` open their
/// profile diffs.
#[derive(Debug, Clone)]
pub struct RunLinks {
    /// The runs' file pairs.
    pub pairs: Arc<Vec<RunPair>>,
    /// How to diff their profiles.
    pub options: DiffOptions,
}

/// `--watch` on benchmark files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchWatch {
    /// The inputs, as given.
    pub files: Vec<String>,
    /// Also read again at this interval.
    pub every: Option<std::time::Duration>,
    /// The size cap of every read (`--max-size`).
    pub max_size: u64,
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
    /// An input's directory is missing, so nothing watches it: what is
    /// missing (until the watch is re-armed).
    pub lost: Option<String>,
}

impl BenchWatch {
    /// Watching `files`.
    pub fn new(files: Vec<String>, every: Option<std::time::Duration>) -> Self {
        BenchWatch {
            files,
            every,
            max_size: crate::input::DEFAULT_MAX_SIZE,
            frozen: false,
            missed: false,
            generation: 0,
            loading: false,
            last_reload: None,
            error: None,
            lost: None,
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
    /// An edit of the filter's line (a key, or a whole paste).
    FilterEdit(Edit),
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
    OpenProfile(ProfileKind),
    /// A profile diff was loaded (or failed to).
    Opened {
        /// The request's generation.
        generation: u64,
        /// What failed, if it did.
        error: Option<String>,
    },
    /// Scroll the help.
    HelpScroll(crate::ui::widgets::help::Scroll),
    /// Switch the palette (every screen).
    TogglePalette,
    /// Another screen switched the palette.
    Palette(Palette),
    /// An input changed (`--watch`).
    SourceChanged,
    /// An input's directory went missing (`Some`: what), or everything is
    /// watched again (`None`: the inputs may have changed meanwhile).
    WatchLost(Option<String>),
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
        /// `perftui run`: where the runs were when the files were read.
        progress: Option<live::LiveProgress>,
    },
    /// `perftui run`: pause before the next run, or resume.
    Pause,
    /// The runs' pause flag is set (or cleared).
    Paused(bool),
    /// Close this screen.
    Quit,
    /// Leave perftui.
    QuitAll,
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
/// Rows below the table in a terminal `height` rows high: the detail pane
/// (up to seven rows), the status and the hint lines. On a short screen
/// the detail pane gives way first, so that the table keeps three rows.
pub fn bottom(height: u16) -> u16 {
    let detail = height.saturating_sub(TABLE_TOP + 3 + 2).min(7);
    detail + 2
}

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
            filter_history: History::default(),
            mode: BenchMode::Normal,
            status: None,
            width: 80,
            height: 24,
            links: None,
            open_generation: 0,
            watch: None,
            live: None,
            palette: Palette::default(),
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
        usize::from(self.height.saturating_sub(TABLE_TOP + bottom(self.height))).max(1)
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
        self.offset = crate::ui::widgets::table::offset_for(
            self.selected,
            self.offset,
            self.body_height(),
            self.rows.len(),
        );
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

/// Reading the benchmark files again, in the background.
#[derive(Debug, Clone)]
pub struct ReloadJob {
    /// The request's generation.
    pub generation: u64,
    /// The inputs, as given.
    pub files: Vec<String>,
    /// The size cap.
    pub max_size: u64,
    /// `perftui run`: the runs whose progress comes with the tables.
    pub live: Option<crate::run::progress::Control>,
}

impl ReloadJob {
    /// Reads the files, up to their last complete line.
    pub fn run(self) -> BenchMsg {
        // Taken first, so the files hold at least the runs it counts.
        let progress = self
            .live
            .as_ref()
            .map(|c| live::LiveProgress(Box::new(c.snapshot())));
        let loader = crate::input::Loader {
            max_size: self.max_size,
            ..Default::default()
        };
        let result = loader
            .benchmarks(&self.files, &crate::bench::table::Options::default(), true)
            .map(|(t, _)| NewTables(Arc::new(t)))
            .map_err(|e| e.to_string());
        BenchMsg::Reloaded {
            generation: self.generation,
            result,
            at: crate::explorer::job::clock_utc(std::time::SystemTime::now()),
            progress,
        }
    }
}

/// Starts a reload (a new generation).
fn request_reload(app: &mut BenchApp) -> Vec<Effect> {
    let Some(w) = app.watch.as_mut() else {
        return Vec::new();
    };
    w.generation += 1;
    w.loading = true;
    vec![Effect::Spawn(Job::BenchReload(ReloadJob {
        generation: w.generation,
        files: w.files.clone(),
        max_size: w.max_size,
        live: app.live.as_ref().map(|l| l.control.clone()),
    }))]
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
    Some(direction(t, cmp, base.summary.center, cell.summary.center))
}

/// The verdict of a cell against the column before it (`--watch`: this
/// round against the previous one).
pub fn previous_verdict(t: &Table, row: usize, col: usize) -> Option<Verdict> {
    let cell = t.cells.get(row)?.get(col)?.as_ref()?;
    let cmp = cell.previous.as_ref()?;
    let before = t.cells[row].get(col.checked_sub(1)?)?.as_ref()?;
    Some(direction(
        t,
        cmp,
        before.summary.center,
        cell.summary.center,
    ))
}

fn direction(t: &Table, cmp: &crate::bench::stats::Comparison, old: f64, new: f64) -> Verdict {
    if !cmp.significant() {
        return Verdict::Same;
    }
    #[allow(clippy::float_cmp)]
    if old == new {
        return Verdict::Same;
    }
    if (new > old) == t.higher_better {
        Verdict::Better
    } else {
        Verdict::Worse
    }
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
    Some(if t.higher_better { -change } else { change })
}

fn p_value(t: &Table, row: usize, col: usize) -> Option<f64> {
    let cell = t.cells.get(row)?.get(col)?.as_ref()?;
    cell.comparison.as_ref().map(|c| c.p)
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

/// Applies one message; returns what must happen next.
pub fn update(app: &mut BenchApp, msg: BenchMsg) -> Vec<Effect> {
    // A message stays until the user does something (a reload's result
    // is not the user: it clears only a failed reload's message).
    if !matches!(
        msg,
        BenchMsg::Resize { .. }
            | BenchMsg::Palette(_)
            | BenchMsg::SourceChanged
            | BenchMsg::Reloaded { .. }
    ) {
        app.status = None;
    }
    let effects = apply(app, msg);
    app.scroll_into_view();
    effects
}

fn note(app: &mut BenchApp, text: impl Into<String>) {
    app.status = Some(Status::note(text));
}

fn apply(app: &mut BenchApp, msg: BenchMsg) -> Vec<Effect> {
    match msg {
        BenchMsg::SourceChanged | BenchMsg::Reload | BenchMsg::Freeze if app.watch.is_none() => {
            if msg != BenchMsg::SourceChanged {
                note(app, "reloading is for --watch");
            }
        }
        BenchMsg::SourceChanged => {
            if let Some(w) = app.watch.as_mut() {
                if w.frozen {
                    w.missed = true;
                } else {
                    return request_reload(app);
                }
            }
        }
        BenchMsg::WatchLost(lost) => {
            let resumed = lost.is_none();
            if let Some(w) = app.watch.as_mut() {
                w.lost = lost;
            }
            if resumed {
                return apply(app, BenchMsg::SourceChanged);
            }
        }
        BenchMsg::Reload => return request_reload(app),
        BenchMsg::Freeze => {
            if let Some(w) = app.watch.as_mut() {
                w.frozen = !w.frozen;
                let missed = std::mem::take(&mut w.missed);
                let (frozen, text) = if w.frozen {
                    (true, "frozen: changes are noted, not loaded (z resumes)")
                } else if missed {
                    (false, "resumed: loading the changes made meanwhile")
                } else {
                    (false, "resumed: reloading on changes")
                };
                note(app, text);
                if !frozen && missed {
                    return request_reload(app);
                }
            }
        }
        BenchMsg::Reloaded {
            generation,
            result,
            at,
            progress,
        } => {
            let Some(w) = app.watch.as_mut() else {
                return Vec::new();
            };
            if generation != w.generation {
                return Vec::new();
            }
            if let Some(live::LiveProgress(p)) = progress {
                live::progressed(app, *p);
            }
            let Some(w) = app.watch.as_mut() else {
                return Vec::new();
            };
            w.loading = false;
            match result {
                Ok(NewTables(tables)) => {
                    w.error = None;
                    w.last_reload = Some(at);
                    crate::ui::widgets::status_bar::clear_reload_failure(&mut app.status);
                    app.replace_tables(std::sync::Arc::unwrap_or_clone(tables));
                }
                Err(e) => {
                    w.error = Some(e.clone());
                    app.status = Some(Status::reload_failed(&e));
                }
            }
        }
        BenchMsg::Pause => return live::toggle_pause(app),
        BenchMsg::Paused(p) => live::paused(app, p),
        BenchMsg::Quit => return vec![Effect::Close],
        BenchMsg::QuitAll => return vec![Effect::Quit],
        BenchMsg::OpenProfile(kind) => return open_profile(app, kind),
        BenchMsg::Opened { generation, error } => {
            if let (true, Some(e)) = (generation == app.open_generation, error) {
                app.status = Some(Status::error(e));
            }
        }
        BenchMsg::Help => {
            app.mode = if matches!(app.mode, BenchMode::Help { .. }) {
                BenchMode::Normal
            } else {
                BenchMode::Help { scroll: 0 }
            }
        }
        BenchMsg::HelpScroll(how) => {
            if let BenchMode::Help { scroll } = app.mode {
                let lines = keymap::help_lines().len();
                app.mode = BenchMode::Help {
                    scroll: crate::ui::widgets::help::scrolled(scroll, how, lines, app.height),
                };
            }
        }
        BenchMsg::TogglePalette => {
            app.palette = app.palette.toggled();
            note(app, app.palette.describe());
            return vec![Effect::Palette(app.palette)];
        }
        BenchMsg::Palette(p) => app.palette = p,
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
            return apply(app, BenchMsg::Move(if down { h } else { -h }));
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
                note(app, "only one comparison: give three inputs or more");
            }
        }
        BenchMsg::CycleSort => {
            app.sort = app.sort.next();
            app.refresh_rows();
            (app.selected, app.offset) =
                crate::ui::widgets::table::after_sort(Some(app.selected), app.body_height());
            note(app, format!("sorted by {}", app.sort.label()));
        }
        BenchMsg::StartFilter => {
            let text = app.filter.as_ref().map(|f| f.0.clone()).unwrap_or_default();
            app.mode = BenchMode::Filter(LineEdit::prefilled(text));
        }
        BenchMsg::FilterEdit(edit) => {
            if let BenchMode::Filter(line) = &mut app.mode {
                if line.apply(edit, app.filter_history.entries()) {
                    let text = line.text().to_string();
                    apply_filter(app, &text);
                }
            }
        }
        BenchMsg::FilterAccept => {
            if let BenchMode::Filter(line) = &app.mode {
                app.filter_history.push(line.text());
            }
            app.mode = BenchMode::Normal;
        }
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
    Vec::new()
}

/// `C` or `M`: the runs' profile diff of that kind, focused on the
/// selected benchmark's function, opened on top of this screen.
fn open_profile(app: &mut BenchApp, kind: ProfileKind) -> Vec<Effect> {
    let Some(links) = &app.links else {
        let why = match &app.live {
            Some(l) => live::no_profiles_yet(l),
            None => "C and M open the runs' profile diffs when comparing run directories",
        };
        note(app, why);
        return Vec::new();
    };
    let Some(i) = crate::run_dirs::find_kind(&links.pairs, kind) else {
        note(app, format!("no {} in both runs", kind.name()));
        return Vec::new();
    };
    let benchmark = app
        .current()
        .zip(app.selected_row())
        .map(|(t, r)| t.rows[r].clone());
    let pair = links.pairs[i].clone();
    let options = links.options.clone();
    let all = Arc::clone(&links.pairs);
    app.open_generation += 1;
    note(app, format!("opening {}…", pair.name));
    vec![Effect::Spawn(Job::OpenPair(OpenJob {
        generation: app.open_generation,
        pair,
        focus: benchmark,
        options,
        links: Some(all),
    }))]
}

fn apply_filter(app: &mut BenchApp, text: &str) {
    if text.is_empty() {
        app.filter = None;
    } else {
        match crate::goregex::compile(text) {
            Ok(re) => app.filter = Some((text.to_string(), re.into_regex())),
            Err(_) => {
                app.status = Some(Status::error(format!("incomplete regex: {text}")));
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
        update(&mut a, BenchMsg::FilterEdit(Edit::Insert('B')));
        assert_eq!(a.rows, [1]);
        assert_eq!(a.selected_row(), Some(1), "the selection stays on B");
        update(&mut a, BenchMsg::FilterEdit(Edit::Insert('(')));
        assert_eq!(a.rows, [1], "an incomplete regex keeps the last filter");
        update(&mut a, BenchMsg::FilterCancel);
        assert_eq!(a.rows, [0, 1]);
    }
}
