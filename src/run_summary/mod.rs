//! The run-directory summary's state machine: one line per file name of
//! two runs; Enter opens a pair, `C` and `M` open the CPU and memory
//! profile diffs. Opening is a background job whose result is a screen
//! pushed on top of this one; `q` there comes back here.

pub mod keymap;
mod screen;

use std::sync::Arc;

use crate::explorer::App;
use crate::input::Loader;
use crate::profile::frames::Granularity;
use crate::run_dirs::{find_kind, PairKind, ProfileKind, RunPair};
use crate::tui::{Effect, Job, Screen};
use crate::ui::theme::Palette;
use crate::ui::widgets::status_bar::Status;

/// How to diff two profiles (`perftui diff`'s options).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffOptions {
    /// `--sample-index`.
    pub sample_index: Option<String>,
    /// `--normalize`.
    pub normalize: bool,
    /// `--granularity`.
    pub granularity: Granularity,
    /// The size cap of every read.
    pub max_size: u64,
}

impl Default for DiffOptions {
    /// `perftui diff`'s defaults, the size cap included (a cap of 0 would
    /// refuse every file).
    fn default() -> Self {
        DiffOptions {
            sample_index: None,
            normalize: false,
            granularity: Granularity::default(),
            max_size: crate::input::DEFAULT_MAX_SIZE,
        }
    }
}

/// The summary's state.
#[derive(Debug)]
pub struct RunsApp {
    /// `runA → runB`.
    pub title: String,
    /// The pairs.
    pub pairs: Arc<Vec<RunPair>>,
    /// Selected pair.
    pub selected: usize,
    /// First pair on screen.
    pub offset: usize,
    /// A message for the status line.
    pub status: Option<Status>,
    /// The help is shown, scrolled to this line.
    pub help: Option<usize>,
    /// How opened profile pairs are diffed.
    pub options: DiffOptions,
    /// Requests to open a pair; a result of an older one is dropped.
    pub open_generation: u64,
    /// The colours of better and worse.
    pub palette: Palette,
    /// Terminal size.
    pub width: u16,
    /// Terminal size.
    pub height: u16,
}

/// Everything that can happen to the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunsMsg {
    /// Move the selection.
    Move(i32),
    /// A page down or up.
    Page(bool),
    /// First or last pair.
    Jump(bool),
    /// Open the selected pair.
    Open,
    /// Open the first profile pair of a kind (from a benchmark: focused on
    /// its function).
    OpenKind(ProfileKind, Option<String>),
    /// A pair's screen was opened.
    Opened,
    /// Opening a pair failed.
    Failed(String),
    /// Show or hide the help.
    Help,
    /// Scroll the help.
    HelpScroll(crate::ui::widgets::help::Scroll),
    /// Switch the palette (every screen).
    TogglePalette,
    /// Another screen switched the palette.
    Palette(Palette),
    /// Close the summary (quit).
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

/// Screen rows above the list (title, column titles).
pub const LIST_TOP: u16 = 2;
/// Screen rows below the list in a terminal `height` rows high: the
/// detail pane (up to six rows), the status and the hint lines. On a short
/// screen the detail pane gives way first, so that the list keeps three
/// rows.
pub fn list_bottom(height: u16) -> u16 {
    let detail = height.saturating_sub(LIST_TOP + 2 + 3).min(6);
    detail + 2
}

impl RunsApp {
    /// The summary of `pairs`.
    pub fn new(pairs: Vec<RunPair>, title: String) -> Self {
        RunsApp {
            title,
            pairs: Arc::new(pairs),
            selected: 0,
            offset: 0,
            status: None,
            help: None,
            options: DiffOptions {
                max_size: crate::input::DEFAULT_MAX_SIZE,
                ..DiffOptions::default()
            },
            open_generation: 0,
            palette: Palette::default(),
            width: 80,
            height: 24,
        }
    }

    /// Rows of the list on screen.
    pub fn list_height(&self) -> usize {
        usize::from(
            self.height
                .saturating_sub(LIST_TOP + list_bottom(self.height)),
        )
        .max(1)
    }

    fn scroll_into_view(&mut self) {
        self.offset = crate::ui::widgets::table::offset_for(
            self.selected,
            self.offset,
            self.list_height(),
            self.pairs.len(),
        );
    }
}

/// Loading the screen of a run pair: the benchmark comparison, or the
/// profile diff (focused on a benchmark's function when given one).
#[derive(Debug, Clone)]
pub struct OpenJob {
    /// The request's generation.
    pub generation: u64,
    /// The pair.
    pub pair: RunPair,
    /// Focus a profile diff on this benchmark's function.
    pub focus: Option<String>,
    /// How to diff profiles.
    pub options: DiffOptions,
    /// The runs' pairs, for a benchmark comparison's `C` and `M`.
    pub links: Option<Arc<Vec<RunPair>>>,
}

/// A loaded screen of a run pair, or why it could not be loaded.
pub struct Opened {
    /// The request's generation.
    pub generation: u64,
    /// The screen.
    pub result: Result<Box<dyn Screen>, String>,
}

impl std::fmt::Debug for Opened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opened")
            .field("generation", &self.generation)
            .field("ok", &self.result.as_ref().map(|s| s.name()))
            .finish()
    }
}

impl OpenJob {
    /// Loads the pair.
    pub fn run(self) -> Opened {
        Opened {
            generation: self.generation,
            result: self.load(),
        }
    }

    fn load(&self) -> Result<Box<dyn Screen>, String> {
        let p = &self.pair;
        let loader = Loader {
            max_size: self.options.max_size,
            ..Default::default()
        };
        match &p.kind {
            PairKind::Bench(_) => {
                let files = [
                    p.before.display().to_string(),
                    p.after.display().to_string(),
                ];
                let (tables, _) = loader
                    .benchmarks(&files, &crate::bench::table::Options::default(), false)
                    .map_err(|e| e.to_string())?;
                let title = format!("{} → {}", files[0], files[1]);
                let mut b = crate::bench_view::BenchApp::new(tables, title);
                // From here, C and M open the runs' profile diffs.
                b.links = self.links.clone().map(|pairs| crate::bench_view::RunLinks {
                    pairs,
                    options: self.options.clone(),
                });
                Ok(Box::new(b))
            }
            _ => {
                let mut app = diff_app(&loader, &p.before, &p.after, &self.options)
                    .map_err(|e| e.to_string())?;
                if let Some(name) = &self.focus {
                    focus_on_benchmark(&mut app, name);
                }
                Ok(Box::new(app))
            }
        }
    }
}

/// The diff explorer over two profiles (pprof `-diff_base BEFORE AFTER`).
pub fn diff_app(
    loader: &Loader,
    before: &std::path::Path,
    after: &std::path::Path,
    opts: &DiffOptions,
) -> Result<App, crate::input::InputError> {
    let (b, a) = (before.to_string_lossy(), after.to_string_lossy());
    let merged = loader.diff(&b, &a, opts.normalize)?;
    let (mut before_name, mut after_name) = (short_name(before), short_name(after));
    if before_name == after_name {
        // runA/cpu.pb.gz against runB/cpu.pb.gz: the paths tell them apart.
        before_name = before.display().to_string();
        after_name = after.display().to_string();
    }
    App::new_diff(
        merged,
        before_name,
        after_name,
        opts.sample_index.as_deref(),
        opts.granularity,
    )
    .map(|(app, _)| app)
    .map_err(crate::input::InputError::Message)
}

/// The name a file is shown by: its file name (a fleet source's: its
/// query and range).
pub fn short_name(path: &std::path::Path) -> String {
    if let Some(name) = path.to_str().and_then(crate::fleet::short_name) {
        return name;
    }
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Focuses a run's profile diff on a benchmark's function when the
/// profile has it (`u` pops the focus); whether it did.
pub fn focus_on_benchmark(app: &mut App, benchmark: &str) -> bool {
    use crate::explorer::analysis::{FilterKind, FilterStep};
    let Some(regex) = crate::run_dirs::benchmark_focus(benchmark)
        .and_then(|re| crate::goregex::compile(&re).ok())
    else {
        return false;
    };
    let p = &app.profile;
    if !p.functions.iter().any(|f| regex.is_match(p.str(f.name))) {
        return false;
    }
    app.filters
        .push(FilterStep::names(FilterKind::Focus, regex));
    true
}

fn note(app: &mut RunsApp, text: impl Into<String>) {
    app.status = Some(Status::note(text));
}

/// Starts loading pair `i`.
fn open(app: &mut RunsApp, i: usize, focus: Option<String>) -> Vec<Effect> {
    let Some(pair) = app.pairs.get(i).cloned() else {
        return Vec::new();
    };
    app.open_generation += 1;
    note(app, format!("opening {}…", pair.name));
    vec![Effect::Spawn(Job::OpenPair(OpenJob {
        generation: app.open_generation,
        pair,
        focus,
        options: app.options.clone(),
        links: Some(Arc::clone(&app.pairs)),
    }))]
}

/// Applies one message; returns what must happen next.
pub fn update(app: &mut RunsApp, msg: RunsMsg) -> Vec<Effect> {
    if !matches!(msg, RunsMsg::Resize { .. } | RunsMsg::Palette(_)) {
        app.status = None;
    }
    let effects = apply(app, msg);
    app.scroll_into_view();
    effects
}

fn apply(app: &mut RunsApp, msg: RunsMsg) -> Vec<Effect> {
    let n = app.pairs.len();
    let last = n.saturating_sub(1);
    match msg {
        RunsMsg::Quit => return vec![Effect::Close],
        RunsMsg::QuitAll => return vec![Effect::Quit],
        RunsMsg::Opened => {}
        RunsMsg::Failed(e) => app.status = Some(Status::error(e)),
        RunsMsg::Help => {
            app.help = match app.help {
                Some(_) => None,
                None => Some(0),
            }
        }
        RunsMsg::HelpScroll(how) => {
            if let Some(scroll) = app.help {
                let lines = keymap::help_lines().len();
                app.help = Some(crate::ui::widgets::help::scrolled(
                    scroll, how, lines, app.height,
                ));
            }
        }
        RunsMsg::TogglePalette => {
            app.palette = app.palette.toggled();
            note(app, app.palette.describe());
            return vec![Effect::Palette(app.palette)];
        }
        RunsMsg::Palette(p) => app.palette = p,
        RunsMsg::Move(d) => {
            app.selected = (app.selected as i64 + i64::from(d)).clamp(0, last as i64) as usize;
        }
        RunsMsg::Page(down) => {
            let h = app.list_height() as i32;
            return apply(app, RunsMsg::Move(if down { h } else { -h }));
        }
        RunsMsg::Jump(end) => app.selected = if end { last } else { 0 },
        RunsMsg::Click { row } => {
            if let Some(y) = row.checked_sub(LIST_TOP).map(usize::from) {
                let i = app.offset + y;
                if y < app.list_height() && i < n {
                    app.selected = i;
                }
            }
        }
        RunsMsg::Open => match app.pairs.get(app.selected).map(|p| p.kind.clone()) {
            Some(PairKind::Bench(_) | PairKind::Profile(_)) => {
                return open(app, app.selected, None);
            }
            Some(PairKind::OnlyIn { before }) => {
                note(
                    app,
                    format!(
                        "only in the {} run: nothing to compare",
                        if before { "BEFORE" } else { "AFTER" }
                    ),
                );
            }
            Some(PairKind::Error(e)) => app.status = Some(Status::error(e)),
            None => {}
        },
        RunsMsg::OpenKind(kind, benchmark) => match find_kind(&app.pairs, kind) {
            Some(i) => {
                app.selected = i;
                return open(app, i, benchmark);
            }
            None => note(app, format!("no {} in both runs", kind.name())),
        },
        RunsMsg::Resize { width, height } => {
            app.width = width;
            app.height = height;
        }
    }
    Vec::new()
}
