//! The run-directory summary's state machine: one line per file name of
//! two runs; Enter opens a pair, `C` and `M` open the CPU and memory
//! profile diffs. Opening is a request the runtime carries out (it starts
//! another view and comes back here when that view quits).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::runs::{find_kind, PairKind, ProfileKind, RunPair};

/// What the user asked to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// The pair at this index; a profile diff focused on this benchmark's
    /// function, when it was opened from a benchmark.
    Pair(usize, Option<String>),
}

/// The summary's state.
#[derive(Debug)]
pub struct RunsApp {
    /// `runA → runB`.
    pub title: String,
    /// The pairs.
    pub pairs: Vec<RunPair>,
    /// Selected pair.
    pub selected: usize,
    /// A message for the status line.
    pub status: Option<String>,
    /// The help is shown.
    pub help: bool,
    /// Set when a pair should be opened.
    pub request: Option<Request>,
    /// Set when the user quits.
    pub quit: bool,
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
    /// Open the selected pair.
    Open,
    /// Open the first profile pair of a kind (from a benchmark: focused on
    /// its function).
    OpenKind(ProfileKind, Option<String>),
    /// Opening a pair failed.
    Failed(String),
    /// Show or hide the help.
    Help,
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

/// Screen rows above the list (title, column titles).
pub const LIST_TOP: u16 = 2;

impl RunsApp {
    /// The summary of `pairs`.
    pub fn new(pairs: Vec<RunPair>, title: String) -> Self {
        RunsApp {
            title,
            pairs,
            selected: 0,
            status: None,
            help: false,
            request: None,
            quit: false,
            width: 80,
            height: 24,
        }
    }
}

/// The key help, one `(keys, what)` pair a line.
pub const HELP: &[(&str, &str)] = &[
    ("↑ ↓  j k", "select a file pair"),
    ("Enter", "open it: benchmark comparison or profile diff"),
    ("C", "open the CPU profile diff"),
    ("M", "open the memory profile diff"),
    (
        "in the benchmarks: C  M",
        "the CPU / memory profile diff, focused on the benchmark",
    ),
    ("q in an opened view", "back to this summary"),
    ("?", "this help"),
    ("q  Ctrl-C", "quit"),
];

/// Maps a key to a message.
pub fn key_to_msg(app: &RunsApp, k: KeyEvent) -> Option<RunsMsg> {
    if k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c') {
        return Some(RunsMsg::Quit);
    }
    if app.help {
        return Some(match k.code {
            KeyCode::Char('q') => RunsMsg::Quit,
            _ => RunsMsg::Help,
        });
    }
    match k.code {
        KeyCode::Char('q') | KeyCode::Esc => Some(RunsMsg::Quit),
        KeyCode::Down | KeyCode::Char('j') => Some(RunsMsg::Move(1)),
        KeyCode::Up | KeyCode::Char('k') => Some(RunsMsg::Move(-1)),
        KeyCode::Enter => Some(RunsMsg::Open),
        KeyCode::Char('C') => Some(RunsMsg::OpenKind(ProfileKind::Cpu, None)),
        KeyCode::Char('M') => Some(RunsMsg::OpenKind(ProfileKind::Memory, None)),
        KeyCode::Char('?') => Some(RunsMsg::Help),
        _ => None,
    }
}

/// Applies one message.
pub fn update(app: &mut RunsApp, msg: RunsMsg) {
    if !matches!(msg, RunsMsg::Resize { .. }) {
        app.status = None;
    }
    let n = app.pairs.len();
    match msg {
        RunsMsg::Quit => app.quit = true,
        RunsMsg::Failed(e) => app.status = Some(e),
        RunsMsg::Help => app.help = !app.help,
        RunsMsg::Move(d) => {
            let last = n.saturating_sub(1) as i64;
            app.selected = (app.selected as i64 + i64::from(d)).clamp(0, last) as usize;
        }
        RunsMsg::Click { row } => {
            if let Some(i) = row.checked_sub(LIST_TOP).map(usize::from) {
                if i < n {
                    app.selected = i;
                }
            }
        }
        RunsMsg::Open => match app.pairs.get(app.selected).map(|p| &p.kind) {
            Some(PairKind::Bench(_) | PairKind::Profile(_)) => {
                app.request = Some(Request::Pair(app.selected, None));
            }
            Some(PairKind::OnlyIn { before }) => {
                app.status = Some(format!(
                    "only in the {} run: nothing to compare",
                    if *before { "BEFORE" } else { "AFTER" }
                ));
            }
            Some(PairKind::Error(e)) => app.status = Some(e.clone()),
            None => {}
        },
        RunsMsg::OpenKind(kind, benchmark) => match find_kind(&app.pairs, kind) {
            Some(i) => {
                app.selected = i;
                app.request = Some(Request::Pair(i, benchmark));
            }
            None => {
                app.status = Some(format!("no {} in both runs", kind.name()));
            }
        },
        RunsMsg::Resize { width, height } => {
            app.width = width;
            app.height = height;
        }
    }
}
