//! The run summary's keymap, read by key handling, the help and the hints.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{RunsApp, RunsMsg};
use crate::run_dirs::ProfileKind;
use crate::tui::keys::{self, ch, ctrl, key, HelpLine};
use crate::ui::widgets::help::scroll_key;

/// The summary has one scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary;

impl keys::Scope for Summary {
    fn title(self) -> &'static str {
        "Run summary"
    }
}

/// One line of the keymap.
pub type Binding = keys::Binding<Summary, RunsMsg>;

/// The keymap, in the order the help lists it.
pub const KEYMAP: &[Binding] = &[
    Binding {
        scope: Summary,
        keys: &[ch('j'), key(KeyCode::Down)],
        action: RunsMsg::Move(1),
        help: "next file pair",
    },
    Binding {
        scope: Summary,
        keys: &[ch('k'), key(KeyCode::Up)],
        action: RunsMsg::Move(-1),
        help: "previous file pair",
    },
    Binding {
        scope: Summary,
        keys: &[key(KeyCode::PageDown)],
        action: RunsMsg::Page(true),
        help: "a page down",
    },
    Binding {
        scope: Summary,
        keys: &[key(KeyCode::PageUp)],
        action: RunsMsg::Page(false),
        help: "a page up",
    },
    Binding {
        scope: Summary,
        keys: &[key(KeyCode::Home), ch('g')],
        action: RunsMsg::Jump(false),
        help: "first pair",
    },
    Binding {
        scope: Summary,
        keys: &[key(KeyCode::End), ch('G')],
        action: RunsMsg::Jump(true),
        help: "last pair",
    },
    Binding {
        scope: Summary,
        keys: &[key(KeyCode::Enter)],
        action: RunsMsg::Open,
        help: "open it: benchmark comparison or profile diff (q there: back)",
    },
    Binding {
        scope: Summary,
        keys: &[ch('C')],
        action: RunsMsg::OpenKind(ProfileKind::Cpu, None),
        help: "open the CPU profile diff",
    },
    Binding {
        scope: Summary,
        keys: &[ch('M')],
        action: RunsMsg::OpenKind(ProfileKind::Memory, None),
        help: "open the memory profile diff",
    },
    Binding {
        scope: Summary,
        keys: &[ch('p')],
        action: RunsMsg::TogglePalette,
        help: "palette: red/green or colour-blind safe (every screen)",
    },
    Binding {
        scope: Summary,
        keys: &[ch('?')],
        action: RunsMsg::Help,
        help: "show this help",
    },
    Binding {
        scope: Summary,
        keys: &[ch('q'), key(KeyCode::Esc)],
        action: RunsMsg::Quit,
        help: "quit",
    },
    Binding {
        scope: Summary,
        keys: &[ctrl('c')],
        action: RunsMsg::QuitAll,
        help: "quit perftui from any screen",
    },
];

/// The help, generated from [`KEYMAP`].
pub fn help_lines() -> Vec<HelpLine> {
    keys::help_lines(KEYMAP, &[Summary], &[("click", "select a pair")])
}

/// Maps a key to a message.
pub fn key_to_msg(app: &RunsApp, k: KeyEvent) -> Option<RunsMsg> {
    if keys::is_ctrl_c(k) {
        return Some(RunsMsg::QuitAll);
    }
    if app.help.is_some() {
        return Some(match (k.code, scroll_key(k)) {
            (KeyCode::Char('q'), _) => RunsMsg::Quit,
            (_, Some(how)) => RunsMsg::HelpScroll(how),
            _ => RunsMsg::Help,
        });
    }
    keys::lookup(KEYMAP, k, |_| true)
}

/// The hint bar.
pub fn hints() -> Vec<(String, &'static str)> {
    keys::hints(
        KEYMAP,
        &[
            (RunsMsg::Open, "open"),
            (
                RunsMsg::OpenKind(ProfileKind::Cpu, None),
                "cpu profile diff",
            ),
            (
                RunsMsg::OpenKind(ProfileKind::Memory, None),
                "memory profile diff",
            ),
            (RunsMsg::Help, "help"),
            (RunsMsg::Quit, "quit"),
        ],
        |_| true,
    )
}
