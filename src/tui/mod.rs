//! The interactive runtime shared by every screen: the [`Screen`] interface,
//! the [`Effect`]s a screen's `update` returns, the background [`Job`]s and
//! their results, and the one event loop ([`runtime`]) that drives a stack
//! of screens.
//!
//! A screen never spawns a thread, never polls a flag and never touches
//! the terminal: it turns an [`Event`] into changes of its own state and a
//! list of effects, and draws itself as a pure function of that state.

pub mod jobs;
pub mod keys;
pub mod line_edit;
pub mod runtime;
pub mod watching;

use std::path::PathBuf;
use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::ui::theme::Palette;

/// Input from the terminal, as the runtime hands it to the top screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A key was pressed.
    Key(KeyEvent),
    /// A left click (a second one on the same cell soon after is `double`).
    Click {
        /// Column.
        col: u16,
        /// Row.
        row: u16,
        /// The second click of a double click.
        double: bool,
    },
    /// The mouse wheel; `down` scrolls towards the end.
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
    /// Text pasted into the terminal (bracketed paste): one event however
    /// long it is.
    Paste(String),
}

/// Everything that can reach a screen.
#[derive(Debug)]
pub enum Event {
    /// Terminal input (only the top screen gets it).
    Input(Input),
    /// A background job that this screen started finished.
    Done(Done),
    /// One of the screen's watched inputs changed, or its refresh timer
    /// fired (`--watch`, `--every`).
    SourceChanged,
    /// Watching the screen's inputs failed.
    WatchFailed(String),
    /// An input's directory is gone (or not there yet), so its changes are
    /// not seen; the text says which. Until [`Event::WatchResumed`] the
    /// screen must not say it is watching.
    WatchLost(String),
    /// Everything is watched again: the inputs may have changed meanwhile.
    WatchResumed,
    /// The palette changed (in any screen: it applies to all of them).
    Palette(Palette),
    /// The editor this screen opened ([`Effect::Edit`]) returned, or could
    /// not be started.
    Edited(Result<(), String>),
}

/// An editor to run in the terminal: `command` (`$VISUAL`/`$EDITOR`,
/// which may carry its own flags) through `sh`, with `args` after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorCommand {
    /// As the user set it, e.g. `vim` or `code --wait`.
    pub command: String,
    /// What to open, e.g. `+61 /src/main.go`.
    pub args: Vec<String>,
}

/// What a screen's `update` asks the runtime to do.
// Effects live for one turn of the loop; boxing the job would cost an
// allocation per keystroke for nothing.
#[allow(clippy::large_enum_variant)]
pub enum Effect {
    /// Run a job in the background; its result comes back as
    /// [`Event::Done`] to the screen that asked.
    Spawn(Job),
    /// Show a new screen on top of this one.
    Push(Box<dyn Screen>),
    /// Show this screen instead of this one (the waiting screen becomes
    /// the explorer once its file is written).
    Replace(Box<dyn Screen>),
    /// Close this screen (the one below it shows again; the last one
    /// closing ends the program).
    Close,
    /// Leave perftui altogether.
    Quit,
    /// Use this palette in every screen.
    Palette(Palette),
    /// Give the terminal to an editor until it exits, then take it back
    /// and redraw; the screen hears how it went ([`Event::Edited`]).
    Edit(EditorCommand),
}

impl std::fmt::Debug for Effect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Effect::Spawn(j) => f.debug_tuple("Spawn").field(j).finish(),
            Effect::Push(s) => f.debug_tuple("Push").field(&s.name()).finish(),
            Effect::Replace(s) => f.debug_tuple("Replace").field(&s.name()).finish(),
            Effect::Close => f.write_str("Close"),
            Effect::Quit => f.write_str("Quit"),
            Effect::Palette(p) => f.debug_tuple("Palette").field(p).finish(),
            Effect::Edit(c) => f.debug_tuple("Edit").field(c).finish(),
        }
    }
}

impl Effect {
    /// The job, when this effect starts one.
    pub fn job(self) -> Option<Job> {
        match self {
            Effect::Spawn(j) => Some(j),
            _ => None,
        }
    }
}

/// What a screen's inputs are, for the runtime to watch (`--watch`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WatchSpec {
    /// Files whose changes matter.
    pub files: Vec<PathBuf>,
    /// Also report a change at this interval (for URLs).
    pub every: Option<Duration>,
}

/// One screen of the program: the profile explorer, a profile diff, the
/// benchmark table, the run summary, … Each keeps its own state; the
/// runtime owns the stack of them.
pub trait Screen: Send {
    /// A short name, for debugging and the screen-stack tests.
    fn name(&self) -> &'static str;
    /// What the screen needs when it opens (its first analysis, say).
    fn start(&mut self) -> Vec<Effect> {
        Vec::new()
    }
    /// Applies an event: maps input through the screen's keymap to its own
    /// message, then runs its `update`. Returns what must happen next.
    fn handle(&mut self, event: Event) -> Vec<Effect>;
    /// Draws the screen: a pure function of its state.
    fn render(&self, area: Rect, buf: &mut Buffer);
    /// The help overlay's lines, generated from the screen's keymap.
    fn help(&self) -> Vec<keys::HelpLine>;
    /// What to watch while the screen is open.
    fn watch(&self) -> Option<WatchSpec> {
        None
    }
    /// Whether the screen shows its data yet (the end-to-end tests wait
    /// for it before a deliberate panic).
    fn ready(&self) -> bool {
        true
    }
}

/// Background work, one variant per screen kind. The runtime runs it off
/// the event loop and hands the result back to the screen that asked.
#[derive(Debug)]
pub enum Job {
    /// The profile explorer's analyses, searches, sandwiches and reloads.
    Explorer(crate::explorer::Job),
    /// Reading benchmark files again (`--watch`).
    BenchReload(crate::bench_view::ReloadJob),
    /// Pausing or resuming `perftui run`'s runs.
    BenchPause(crate::bench_view::live::PauseJob),
    /// Loading the screen of a run pair (run summary, benchmark view).
    OpenPair(crate::run_summary::OpenJob),
    /// Reading inputs that were not there yet (`open --watch`).
    Load(crate::waiting::LoadJob),
    /// Reading a function's source files (the source pane).
    Source(crate::source_view::LoadJob),
    /// Asking a fleet store (the fleet picker).
    Fleet(crate::fleet_picker::FetchJob),
}

/// The result of a [`Job`].
#[derive(Debug)]
pub enum Done {
    /// For the profile explorer.
    Explorer(crate::explorer::Msg),
    /// For the benchmark view.
    Bench(crate::bench_view::BenchMsg),
    /// A run pair's screen, loaded.
    Opened(crate::run_summary::Opened),
    /// Inputs read for the waiting screen.
    Loaded(crate::waiting::Loaded),
    /// Source files read for the source pane.
    Source(crate::source_view::Loaded),
    /// A fleet store's answer for the picker.
    Fleet(crate::fleet_picker::Fetched),
}

impl Job {
    /// Jobs of the same kind supersede each other: only the newest one of a
    /// kind waiting in the queue is worth running.
    pub fn kind(&self) -> usize {
        match self {
            Job::Explorer(j) => j.kind(),
            Job::BenchReload(_) => 10,
            Job::BenchPause(_) => 14,
            Job::OpenPair(_) => 11,
            Job::Load(_) => 12,
            Job::Source(_) => 13,
            Job::Fleet(_) => 15,
        }
    }

    /// How long to wait for a newer job of the same kind before running
    /// this one (input still arriving), if at all.
    pub fn settle(&self) -> Option<Duration> {
        match self {
            Job::Explorer(j) => j.settle(),
            _ => None,
        }
    }

    /// Whether the job only finishes work after the first frame, changing
    /// nothing that frame shows (the whole flame tree behind a partial
    /// one, the sample type picker's totals).
    pub fn after_first_frame(&self) -> bool {
        match self {
            Job::Explorer(j) => j.after_first_frame(),
            _ => false,
        }
    }

    /// Does the work.
    pub fn run(self) -> Done {
        match self {
            Job::Explorer(j) => Done::Explorer(j.run()),
            Job::BenchReload(j) => Done::Bench(j.run()),
            Job::BenchPause(j) => Done::Bench(j.run()),
            Job::OpenPair(j) => Done::Opened(j.run()),
            Job::Load(j) => Done::Loaded(j.run()),
            Job::Source(j) => Done::Source(j.run()),
            Job::Fleet(j) => Done::Fleet(j.run()),
        }
    }
}

impl From<crate::explorer::Job> for Effect {
    fn from(j: crate::explorer::Job) -> Self {
        Effect::Spawn(Job::Explorer(j))
    }
}
