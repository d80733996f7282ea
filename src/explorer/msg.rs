//! Messages: the only way the state changes (see [`super::update()`]).

use std::sync::Arc;

use super::analysis::{Analysis, FilterKind, SearchHits};
use crate::profile::sandwich::Sandwich;

/// The views, in the order of their number keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// `1`: the flame graph.
    Flame,
    /// `2`: the top table.
    Top,
    /// `3`: callers and callees of one function.
    Sandwich,
    /// `4`: goroutine groups.
    Goroutines,
    /// `3` in a diff: BEFORE's and AFTER's flame graphs next to each other.
    SideBySide,
}

impl View {
    /// All views in tab order.
    pub const ALL: [View; 4] = [View::Flame, View::Top, View::Sandwich, View::Goroutines];

    /// The views of a diff in tab order.
    pub const DIFF: [View; 3] = [View::Flame, View::Top, View::SideBySide];

    /// The tab title.
    pub fn title(self) -> &'static str {
        match self {
            View::Flame => "Flame graph",
            View::Top => "Top",
            View::Sandwich => "Sandwich",
            View::Goroutines => "Goroutines",
            View::SideBySide => "Side by side",
        }
    }

    /// The number key that shows it.
    pub fn key(self) -> char {
        match self {
            View::Flame => '1',
            View::Top => '2',
            View::Sandwich => '3',
            View::Goroutines => '4',
            View::SideBySide => '3',
        }
    }
}

/// What a key (or click) asks for; the keymap maps keys to these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Close this screen (the last one closing leaves perftui).
    Quit,
    /// Leave perftui from any screen.
    QuitAll,
    /// Show a view.
    Show(View),
    /// Next view.
    NextView,
    /// Previous view.
    PrevView,
    /// Move up on screen (to the parent in an icicle, a row up in tables).
    Up,
    /// Move down on screen.
    Down,
    /// Previous sibling / frame to the left.
    Left,
    /// Next sibling / frame to the right.
    Right,
    /// A screen up.
    PageUp,
    /// A screen down.
    PageDown,
    /// To the top (the zoom root, the first row).
    Home,
    /// To the bottom (the hottest leaf, the last row).
    End,
    /// Zoom into the selection, jump to it in the flame graph, or expand it.
    Activate,
    /// Zoom out one step.
    ZoomOut,
    /// Clear the search, or zoom out when there is none.
    Back,
    /// Flip between icicle (root on top) and flame (root at bottom).
    Flip,
    /// Type a search regex.
    Search,
    /// Next search match.
    NextMatch,
    /// Previous search match.
    PrevMatch,
    /// Highlight every instance of the selected function in the flame
    /// graph (again: stop); `n`/`N` then walk the instances.
    Mark,
    /// Add a filter (prompt pre-filled with the selected function).
    Filter(FilterKind),
    /// Remove the last filter.
    PopFilter,
    /// Choose the sample type.
    SampleTypes,
    /// Sort the table by the next column.
    SortNext,
    /// Reverse the table order.
    SortReverse,
    /// Show or hide the help.
    Help,
    /// In a diff: colour by absolute or relative change.
    DiffMode,
    /// In a diff: switch between red/blue and the colour-blind-safe palette.
    Palette,
    /// `--watch`: stop or resume reloading on changes.
    Freeze,
    /// `--watch`: read the inputs again now.
    Reload,
    /// `--watch`: show the latest read against the one before it.
    DiffPrevious,
    /// Open the source pane of the selected function.
    Source,
    /// Show the label panel: every label key, its values and their share.
    Labels,
}

/// What the label panel does with the highlighted value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelPick {
    /// Keep only samples with it (a `tagfocus` on the filter stack).
    Focus,
    /// Drop samples with it (`tagignore`).
    Ignore,
    /// Group stacks by its key (again: stop grouping).
    Group,
}

/// The result of reading the inputs again.
#[derive(Debug, Clone)]
pub struct Reload {
    /// What was read (for the next "against the previous" diff).
    pub raw: Arc<crate::profile::Profile>,
    /// What to show: `raw`, or `raw` against the previous read.
    pub shown: Arc<crate::profile::Profile>,
    /// Whether the inputs were read (false: only the diff was redone).
    pub fetched: bool,
    /// `shown`'s pprof total per sample type.
    pub type_totals: Vec<i64>,
}

/// A change to the state.
#[derive(Debug, Clone)]
pub enum Msg {
    /// A key's action.
    Action(Action),
    /// An edit of the prompt's line (a key, or a whole paste).
    Edit(crate::tui::line_edit::Edit),
    /// Enter in a prompt or picker.
    Confirm,
    /// A key of the label panel.
    LabelPick(LabelPick),
    /// Esc in a prompt, picker or help.
    Cancel,
    /// A mouse click at a cell.
    Click {
        /// Column.
        col: u16,
        /// Row.
        row: u16,
    },
    /// A double click at a cell.
    DoubleClick {
        /// Column.
        col: u16,
        /// Row.
        row: u16,
    },
    /// Mouse wheel; `down` scrolls towards the end.
    Scroll {
        /// Wheel turned down.
        down: bool,
    },
    /// The terminal has this size.
    Resize {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
    /// A background analysis finished.
    Analyzed {
        /// The request's generation.
        generation: u64,
        /// The result.
        analysis: Arc<Analysis>,
    },
    /// A background search finished.
    Searched {
        /// The request's generation.
        generation: u64,
        /// The hits, or why the pattern is not a regex.
        result: Result<Arc<SearchHits>, String>,
    },
    /// An input changed on disk (or the refresh timer of a URL fired).
    SourceChanged,
    /// An input's directory went missing (`Some`: what), or everything is
    /// watched again (`None`: the inputs may have changed meanwhile).
    WatchLost(Option<String>),
    /// A reload finished.
    Reloaded {
        /// The request's generation.
        generation: u64,
        /// The new profile, or what went wrong.
        result: Result<Reload, String>,
        /// When it finished, `HH:MM:SS` UTC.
        at: String,
    },
    /// Another screen switched the palette.
    Palette(crate::ui::theme::Palette),
    /// Every sample type's total, formatted (see [`super::Job::TypeLabels`]).
    TypeLabels {
        /// Of this profile (dropped when another is shown by now).
        profile: Arc<crate::profile::Profile>,
        /// Per sample type.
        labels: Vec<String>,
    },
    /// A sandwich was built.
    SandwichBuilt {
        /// The request's generation.
        generation: u64,
        /// The result.
        sandwich: Arc<Sandwich>,
    },
}
