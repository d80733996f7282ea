//! The source pane's keymap: key handling, the help and the hint bar read
//! this one table.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{SourceMode, SourceMsg};
use crate::tui::keys::{self, ch, ctrl, key, HelpLine};

/// Where a binding applies: the pane has one scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pane;

impl keys::Scope for Pane {
    fn title(self) -> &'static str {
        "Source"
    }
}

/// One line of the keymap.
pub type Binding = keys::Binding<Pane, SourceMsg>;

/// The keymap, in the order the help lists it.
pub const KEYMAP: &[Binding] = &[
    Binding {
        scope: Pane,
        keys: &[ch('q'), key(KeyCode::Esc), ch('v')],
        action: SourceMsg::Quit,
        help: "back to the explorer",
    },
    Binding {
        scope: Pane,
        keys: &[ctrl('c')],
        action: SourceMsg::QuitAll,
        help: "quit perftui from any screen",
    },
    Binding {
        scope: Pane,
        keys: &[ch('?')],
        action: SourceMsg::Help,
        help: "show this help",
    },
    Binding {
        scope: Pane,
        keys: &[ch('e')],
        action: SourceMsg::Edit,
        help: "open the selected line in $VISUAL / $EDITOR",
    },
    Binding {
        scope: Pane,
        keys: &[ch('j'), key(KeyCode::Down)],
        action: SourceMsg::Move(1),
        help: "next line",
    },
    Binding {
        scope: Pane,
        keys: &[ch('k'), key(KeyCode::Up)],
        action: SourceMsg::Move(-1),
        help: "previous line",
    },
    Binding {
        scope: Pane,
        keys: &[key(KeyCode::PageDown), ch(' ')],
        action: SourceMsg::Page(true),
        help: "a page down",
    },
    Binding {
        scope: Pane,
        keys: &[key(KeyCode::PageUp)],
        action: SourceMsg::Page(false),
        help: "a page up",
    },
    Binding {
        scope: Pane,
        keys: &[key(KeyCode::Home), ch('g')],
        action: SourceMsg::Edge(false),
        help: "first line",
    },
    Binding {
        scope: Pane,
        keys: &[key(KeyCode::End), ch('G')],
        action: SourceMsg::Edge(true),
        help: "last line",
    },
    Binding {
        scope: Pane,
        keys: &[ch('h')],
        action: SourceMsg::Hottest,
        help: "back to the hottest line",
    },
    Binding {
        scope: Pane,
        keys: &[key(KeyCode::Tab), ch(']')],
        action: SourceMsg::NextRoutine(true),
        help: "next source file of the function",
    },
    Binding {
        scope: Pane,
        keys: &[key(KeyCode::BackTab), ch('[')],
        action: SourceMsg::NextRoutine(false),
        help: "previous source file",
    },
];

/// The help text.
pub fn help_lines() -> Vec<HelpLine> {
    keys::help_lines(KEYMAP, &[Pane], &[])
}

/// Turns a key into a message.
pub fn key_to_msg(mode: SourceMode, key: KeyEvent) -> Option<SourceMsg> {
    if keys::is_ctrl_c(key) {
        return Some(SourceMsg::QuitAll);
    }
    match mode {
        SourceMode::Normal => keys::lookup(KEYMAP, key, |_| true),
        SourceMode::Help(_) => match key.code {
            KeyCode::Up | KeyCode::Char('k') => Some(SourceMsg::HelpScroll(-1)),
            KeyCode::Down | KeyCode::Char('j') => Some(SourceMsg::HelpScroll(1)),
            _ => Some(SourceMsg::Help),
        },
    }
}

/// The hint bar.
pub fn hints() -> Vec<(String, &'static str)> {
    keys::hints(
        KEYMAP,
        &[
            (SourceMsg::Help, "help"),
            (SourceMsg::Edit, "edit"),
            (SourceMsg::Hottest, "hottest"),
            (SourceMsg::NextRoutine(true), "next file"),
            (SourceMsg::Quit, "back"),
        ],
        |_| true,
    )
}
