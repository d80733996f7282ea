//! The state of the explorer: plain data, changed only by
//! [`super::update()`], read by the renderer.

use std::collections::HashMap;
use std::sync::Arc;

use crate::profile::diff::DiffMode;
use crate::profile::frames::Granularity;
use crate::profile::sandwich::Sandwich;
use crate::profile::select;
use crate::profile::trie::ROOT;
use crate::profile::Profile;

use super::analysis::{Analysis, FilterKind, FilterStep, SearchHits};
use super::job::Job;
use super::layout;
use super::msg::View;
use crate::tui::line_edit::{History, LineEdit};

/// What the keyboard is typing into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PromptKind {
    /// A search regex.
    Search,
    /// A filter regex.
    Filter(FilterKind),
}

/// A one-line text prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// What the text is for.
    pub kind: PromptKind,
    /// The line being edited.
    pub line: LineEdit,
}

impl Prompt {
    /// A prompt of `kind` pre-filled with `text` (selected, so that typing
    /// replaces it).
    pub fn new(kind: PromptKind, text: impl Into<String>) -> Self {
        Prompt {
            kind,
            line: LineEdit::prefilled(text),
        }
    }

    /// The text so far.
    pub fn text(&self) -> &str {
        self.line.text()
    }
}

/// Input mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Keys are commands.
    Normal,
    /// Keys edit a prompt.
    Prompt(Prompt),
    /// Choosing a sample type.
    Picker {
        /// Highlighted sample type.
        selected: usize,
    },
    /// The label panel is up (`t`).
    Labels {
        /// The highlighted value, counted over every key's values.
        selected: usize,
    },
    /// The help overlay is up, scrolled by this many lines.
    Help {
        /// First help line shown.
        scroll: usize,
    },
}

pub use crate::ui::widgets::status_bar::Status;

/// Flame graph view state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlameState {
    /// Selected trie node.
    pub selected: u32,
    /// Zoom history; the last entry is the node spanning the full width.
    pub zoom: Vec<u32>,
    /// Root at the bottom (flame) instead of the top (icicle).
    pub inverted: bool,
    /// First level on screen.
    pub scroll: u32,
    /// The function whose instances are highlighted (`#`).
    pub mark: Option<Mark>,
}

/// Every instance of one function in the flame graph (`#`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The function's frame id.
    pub frame: u32,
    /// Its trie nodes, heaviest first (the order `n` walks them in).
    pub instances: Vec<u32>,
    /// The value of the samples through at least one instance: the
    /// function's cum, each sample counted once however deep it recurses.
    pub value: i64,
}

impl FlameState {
    /// The node spanning the full width.
    pub fn zoom_root(&self) -> u32 {
        self.zoom.last().copied().unwrap_or(ROOT)
    }
}

/// Columns of the top table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Flat value.
    Flat,
    /// Flat share.
    FlatPct,
    /// Running sum of flat shares.
    SumPct,
    /// Cumulative value.
    Cum,
    /// Cumulative share.
    CumPct,
    /// Function name.
    Name,
    /// A diff's flat value in BEFORE.
    BeforeFlat,
    /// A diff's cum value in BEFORE.
    BeforeCum,
    /// A diff's flat value in AFTER.
    AfterFlat,
    /// A diff's cum value in AFTER.
    AfterCum,
}

impl Column {
    /// All columns of a profile's table, left to right.
    pub const ALL: [Column; 6] = [
        Column::Flat,
        Column::FlatPct,
        Column::SumPct,
        Column::Cum,
        Column::CumPct,
        Column::Name,
    ];

    /// All columns of a diff's delta table, left to right. Flat, cum and
    /// their shares are the deltas there, exactly pprof `-diff_base`'s.
    pub const DIFF: [Column; 9] = [
        Column::BeforeFlat,
        Column::BeforeCum,
        Column::AfterFlat,
        Column::AfterCum,
        Column::Flat,
        Column::FlatPct,
        Column::Cum,
        Column::CumPct,
        Column::Name,
    ];

    /// Which columns a diff's table drops first when the screen is narrow.
    pub const DIFF_DROP_ORDER: [Column; 6] = [
        Column::BeforeCum,
        Column::AfterCum,
        Column::CumPct,
        Column::FlatPct,
        Column::BeforeFlat,
        Column::AfterFlat,
    ];

    /// The top table's columns, in the order they give way to the name
    /// column on a narrow screen: flat and cum stay.
    pub const TOP_DROP_ORDER: [Column; 3] = [Column::SumPct, Column::FlatPct, Column::CumPct];

    /// The header text (`diff`: in a delta table).
    pub fn title(self, diff: bool) -> &'static str {
        match (self, diff) {
            (Column::Flat, false) => "flat",
            (Column::FlatPct, false) => "flat%",
            (Column::Cum, false) => "cum",
            (Column::CumPct, false) => "cum%",
            (Column::Flat, true) => "Δflat",
            (Column::FlatPct, true) => "Δflat%",
            (Column::Cum, true) => "Δcum",
            (Column::CumPct, true) => "Δcum%",
            (Column::SumPct, _) => "sum%",
            (Column::Name, _) => "name",
            (Column::BeforeFlat, _) => "bef.flat",
            (Column::BeforeCum, _) => "bef.cum",
            (Column::AfterFlat, _) => "aft.flat",
            (Column::AfterCum, _) => "aft.cum",
        }
    }
}

pub use crate::ui::theme::Palette;

/// `--watch`: where the profile comes from, and how reloading goes.
#[derive(Debug, Clone)]
pub struct WatchState {
    /// The inputs, to read again.
    pub source: crate::input::Source,
    /// Changes are noted but not loaded (`z`).
    pub frozen: bool,
    /// A change arrived while frozen.
    pub missed: bool,
    /// Reload requests; a result of an older one is dropped.
    pub generation: u64,
    /// A reload is running.
    pub loading: bool,
    /// Wall-clock time of the last successful reload, `HH:MM:SS` UTC.
    pub last_reload: Option<String>,
    /// The shown sample type's total before and after the last reload.
    pub total_change: Option<(i64, i64)>,
    /// The last failure, until a reload succeeds.
    pub error: Option<String>,
    /// The profile as last read (before any diff against the previous).
    pub latest: Option<Arc<Profile>>,
    /// The one read before it: what `d` diffs against.
    pub previous: Option<Arc<Profile>>,
    /// Show the latest read against the previous one.
    pub against_previous: bool,
    /// Also read again at this interval (`--every`).
    pub every: Option<std::time::Duration>,
    /// How every read is done (`--max-size`, `--input-format`).
    pub loader: crate::input::Loader,
    /// An input's directory is missing, so nothing watches it: what is
    /// missing (until the watch is re-armed).
    pub lost: Option<String>,
}

impl WatchState {
    /// Watching `source`, whose first read is `first`.
    pub fn new(source: crate::input::Source, first: Option<Arc<Profile>>) -> Self {
        WatchState {
            source,
            frozen: false,
            missed: false,
            generation: 0,
            loading: false,
            last_reload: None,
            total_change: None,
            error: None,
            lost: None,
            latest: first,
            previous: None,
            against_previous: false,
            every: None,
            loader: crate::input::Loader::default(),
        }
    }
}

/// What a diff adds to the explorer's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffSettings {
    /// BEFORE's name, for the header and the side-by-side titles.
    pub before: String,
    /// AFTER's name.
    pub after: String,
    /// Absolute or relative colouring.
    pub mode: DiffMode,
}

/// Top table state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopState {
    /// Row indices of the report in display order.
    pub order: Vec<usize>,
    /// Selected position in `order`.
    pub selected: usize,
    /// First position on screen.
    pub offset: usize,
    /// Sort column.
    pub sort: Column,
    /// Largest first (smallest first when false; A–Z for names when false).
    pub descending: bool,
}

/// Sandwich state.
#[derive(Debug, Clone)]
pub struct SandwichState {
    /// The function at the centre (frame id of the current analysis).
    pub frame: Option<u32>,
    /// Its trees, once built.
    pub data: Option<Arc<Sandwich>>,
}

/// Goroutine view state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GoroutineState {
    /// Selected group.
    pub selected: usize,
    /// First line on screen.
    pub offset: usize,
    /// Expanded groups.
    pub expanded: Vec<bool>,
}

/// One line of the goroutine view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoroutineLine {
    /// A group's summary.
    Group(usize),
    /// Frame `j` (leaf first) of group `i`'s stack.
    Frame(usize, usize),
    /// The `created by` line of a group.
    Created(usize),
}

/// An active search.
#[derive(Debug, Clone)]
pub struct SearchState {
    /// As typed.
    pub pattern: String,
    /// Its hits, once computed (while a new pattern is searched for, the
    /// previous pattern's).
    pub hits: Option<Arc<SearchHits>>,
    /// A search for `pattern` is running.
    pub searching: bool,
    /// Go to the first match when the hits arrive (the search was confirmed
    /// before they were computed).
    pub jump_pending: bool,
}

/// Where the user was, by names, to find again in a new analysis.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    /// Path of the selected flame node.
    pub selected: Vec<String>,
    /// Paths of the zoom history.
    pub zoom: Vec<Vec<String>>,
    /// The sandwich function.
    pub sandwich: Option<String>,
    /// The selected top row's function.
    pub top: Option<String>,
    /// The highlighted function (`#`).
    pub mark: Option<String>,
}

/// Generations of background requests; a result of an older one is dropped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Generations {
    /// Analysis requests.
    pub analysis: u64,
    /// Search requests.
    pub search: u64,
    /// Sandwich requests.
    pub sandwich: u64,
}

/// The whole state.
#[derive(Debug, Clone)]
pub struct App {
    /// What was opened, for the header.
    pub title: String,
    /// The profile as loaded (filters apply to it).
    pub profile: Arc<Profile>,
    /// Frame granularity.
    pub granularity: Granularity,
    /// The sample type shown.
    pub sample_index: usize,
    /// The pprof total of each sample type, for the picker.
    pub type_totals: Vec<i64>,
    /// Each sample type's total formatted as `perftui top` would for that
    /// type, once computed (empty until then).
    pub type_labels: Vec<String>,
    /// The filter stack, oldest first.
    pub filters: Vec<FilterStep>,
    /// The current analysis (`None` until the first one arrives).
    pub analysis: Option<Arc<Analysis>>,
    /// What is being computed in the background, for the header.
    pub busy: Option<String>,
    /// Request generations.
    pub generations: Generations,
    /// Where to return once the pending analysis arrives.
    pub place: Option<Place>,
    /// The view shown.
    pub view: View,
    /// Input mode.
    pub mode: Mode,
    /// Flame graph state.
    pub flame: FlameState,
    /// Top table state.
    pub top: TopState,
    /// Sandwich state.
    pub sandwich: SandwichState,
    /// Goroutine view state.
    pub goroutines: GoroutineState,
    /// The active search.
    pub search: Option<SearchState>,
    /// What was entered in each kind of prompt, for ↑/↓.
    pub histories: HashMap<PromptKind, History>,
    /// Status bar message.
    pub status: Option<Status>,
    /// Terminal width.
    pub width: u16,
    /// Terminal height.
    pub height: u16,
    /// The colours of changes (in every screen: `p` switches them all).
    pub palette: Palette,
    /// Set when the profile is a diff of two profiles.
    pub diff: Option<DiffSettings>,
    /// Set with `--watch`.
    pub watch: Option<WatchState>,
    /// Where the source pane looks for files (`--source-path`, `--trim-path`).
    pub source_paths: crate::report::source::SourcePaths,
    /// `$VISUAL` and `$EDITOR` when perftui started, for `e`.
    pub editor: (Option<String>, Option<String>),
    /// Stacks grouped under this label key's values (the label panel's `g`).
    pub group_by: Option<String>,
}

impl App {
    /// A new explorer over `profile`; returns the first analysis to run.
    /// `sample_spec` is `--sample-index`.
    pub fn new(
        profile: Profile,
        title: String,
        sample_spec: Option<&str>,
        granularity: Granularity,
    ) -> Result<(App, Job), String> {
        let choice = select::sample_index(&profile, sample_spec, select::WhenEmpty::ShowAnother)?;
        // What a reader skipped matters more than which type is shown.
        let note = profile.warnings.first().cloned().or(choice.note);
        let type_totals = (0..profile.sample_types.len())
            .map(|i| profile.total(i))
            .collect();
        let mut app = App {
            title,
            type_totals,
            type_labels: Vec::new(),
            profile: Arc::new(profile),
            granularity,
            sample_index: choice.index,
            filters: Vec::new(),
            analysis: None,
            busy: None,
            generations: Generations::default(),
            place: None,
            view: View::Flame,
            mode: Mode::Normal,
            flame: FlameState {
                selected: ROOT,
                zoom: Vec::new(),
                inverted: false,
                scroll: 0,
                mark: None,
            },
            top: TopState {
                order: Vec::new(),
                selected: 0,
                offset: 0,
                sort: Column::Flat,
                descending: true,
            },
            sandwich: SandwichState {
                frame: None,
                data: None,
            },
            goroutines: GoroutineState::default(),
            search: None,
            histories: HashMap::new(),
            status: note.map(|text| Status { text, error: false }),
            width: 80,
            height: 24,
            palette: Palette::default(),
            diff: None,
            watch: None,
            source_paths: crate::report::source::SourcePaths::new(None, None),
            editor: (std::env::var("VISUAL").ok(), std::env::var("EDITOR").ok()),
            group_by: None,
        };
        let job = app.analysis_job();
        Ok((app, job))
    }

    /// A diff explorer over `profile`, a [`crate::profile::merge::diff_base`]
    /// of AFTER on BEFORE; returns the first analysis to run.
    pub fn new_diff(
        profile: Profile,
        before: String,
        after: String,
        sample_spec: Option<&str>,
        granularity: Granularity,
    ) -> Result<(App, Job), String> {
        let title = format!("{before} → {after}");
        let (mut app, _) = App::new(profile, title, sample_spec, granularity)?;
        app.diff = Some(DiffSettings {
            before,
            after,
            mode: DiffMode::Absolute,
        });
        // The first job again, now that it knows it is a diff.
        let job = app.analysis_job();
        Ok((app, job))
    }

    /// The views of this explorer, in tab order.
    pub fn views(&self) -> &'static [View] {
        if self.diff.is_some() {
            &View::DIFF
        } else {
            &View::ALL
        }
    }

    /// The columns of the top table.
    pub fn columns(&self) -> &'static [Column] {
        if self.diff.is_some() {
            &Column::DIFF
        } else {
            &Column::ALL
        }
    }

    /// Starts a new analysis of the current profile, sample type and
    /// filters (a new generation, so an older pending one is dropped).
    pub fn analysis_job(&mut self) -> Job {
        self.generations.analysis += 1;
        self.busy = Some(if self.analysis.is_none() {
            "loading…".to_string()
        } else {
            "computing…".to_string()
        });
        Job::Analyze {
            generation: self.generations.analysis,
            profile: Arc::clone(&self.profile),
            index: self.sample_index,
            filters: self.filters.clone(),
            granularity: self.granularity,
            diff: self.diff.is_some(),
            group_by: self.group_by.clone(),
            width: self.width,
        }
    }

    /// The screen regions at the current size.
    pub fn screen(&self) -> layout::Screen {
        layout::screen(self.width, self.height)
    }

    /// The function the user is looking at in the current view, if any.
    pub fn current_frame(&self) -> Option<u32> {
        let a = self.analysis.as_ref()?;
        match self.view {
            View::Flame | View::SideBySide => {
                let id = self.flame.selected;
                (id != ROOT && (id as usize) < a.trie.len()).then(|| a.trie.node(id).frame)
            }
            View::Top => self.top_row().map(|r| a.top.rows[r].frame),
            View::Sandwich => self.sandwich.frame,
            // The function the group is named by (the program's, not
            // runtime.gopark), so that a filter or the sandwich is about it.
            View::Goroutines => {
                let g = a.groups.as_ref()?.get(self.goroutines.selected)?;
                let frames = g
                    .stack
                    .iter()
                    .flat_map(|&loc| a.frames.location_frames(loc).iter().copied());
                let mut first = None;
                for f in frames {
                    first.get_or_insert(f);
                    if a.frames.name(f) == g.name {
                        return Some(f);
                    }
                }
                first
            }
        }
    }

    /// The report row index of the selected top table row.
    pub fn top_row(&self) -> Option<usize> {
        self.top.order.get(self.top.selected).copied()
    }

    /// The lines of the goroutine view.
    pub fn goroutine_lines(&self) -> Vec<GoroutineLine> {
        let mut out = Vec::new();
        let Some(groups) = self.analysis.as_ref().and_then(|a| a.groups.as_ref()) else {
            return out;
        };
        for (i, g) in groups.iter().enumerate() {
            out.push(GoroutineLine::Group(i));
            if self.goroutines.expanded.get(i).copied().unwrap_or(false) {
                out.extend((0..g.stack.len()).map(|j| GoroutineLine::Frame(i, j)));
                if g.created_by.is_some() {
                    out.push(GoroutineLine::Created(i));
                }
            }
        }
        out
    }

    /// Whether frame `frame` is the highlighted function (`#`).
    pub fn is_marked(&self, frame: u32) -> bool {
        self.flame.mark.as_ref().is_some_and(|m| m.frame == frame)
    }

    /// Whether frame `f` matches the active search.
    pub fn is_match(&self, frame: u32) -> bool {
        self.search
            .as_ref()
            .and_then(|s| s.hits.as_ref())
            .and_then(|h| h.frames.get(frame as usize).copied())
            .unwrap_or(false)
    }
}
