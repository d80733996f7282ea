//! The keymap: one table from keys to actions. Key handling and the help
//! overlay both read it, so the help can never disagree with the code.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use crate::tui::keys::key_label;
use crate::tui::keys::{self, ch, HelpLine, NONE};

use super::analysis::FilterKind;
use super::msg::{Action, LabelPick, Msg, View};
use super::state::Mode;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every view.
    Global,
    /// The flame graph only.
    Flame,
    /// Every view but the flame graph (tables and lists).
    Lists,
}

impl Scope {
    fn applies(self, view: View) -> bool {
        match self {
            Scope::Global => true,
            Scope::Flame => matches!(view, View::Flame | View::SideBySide),
            Scope::Lists => !matches!(view, View::Flame | View::SideBySide),
        }
    }
}

impl keys::Scope for Scope {
    fn title(self) -> &'static str {
        match self {
            Scope::Global => "Everywhere",
            Scope::Flame => "Flame graph",
            Scope::Lists => "Top, sandwich, goroutines",
        }
    }
}

/// One line of the explorer's keymap.
pub type Binding = keys::Binding<Scope, Action>;

/// The keymap, in the order the help lists it.
pub const KEYMAP: &[Binding] = &[
    Binding {
        scope: Scope::Global,
        keys: &[ch('q')],
        action: Action::Quit,
        help: "quit (in an opened screen: back to the one before)",
    },
    Binding {
        scope: Scope::Global,
        keys: &[(KeyCode::Char('c'), KeyModifiers::CONTROL)],
        action: Action::QuitAll,
        help: "quit perftui from any screen",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('?')],
        action: Action::Help,
        help: "show this help",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('1')],
        action: Action::Show(View::Flame),
        help: "flame graph (a diff: the differential flame graph)",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('2')],
        action: Action::Show(View::Top),
        help: "top table (a diff: the delta table)",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('3')],
        action: Action::Show(View::Sandwich),
        help: "sandwich: callers and callees (a diff: side by side)",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('4')],
        action: Action::Show(View::Goroutines),
        help: "goroutine groups",
    },
    Binding {
        scope: Scope::Global,
        keys: &[(KeyCode::Tab, NONE)],
        action: Action::NextView,
        help: "next view",
    },
    Binding {
        scope: Scope::Global,
        keys: &[(KeyCode::BackTab, NONE)],
        action: Action::PrevView,
        help: "previous view",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('k'), (KeyCode::Up, NONE)],
        action: Action::Up,
        help: "move up (parent in an icicle, child in a flame)",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('j'), (KeyCode::Down, NONE)],
        action: Action::Down,
        help: "move down (heaviest child in an icicle, parent in a flame)",
    },
    Binding {
        scope: Scope::Flame,
        keys: &[ch('h'), (KeyCode::Left, NONE)],
        action: Action::Left,
        help: "frame to the left",
    },
    Binding {
        scope: Scope::Flame,
        keys: &[ch('l'), (KeyCode::Right, NONE)],
        action: Action::Right,
        help: "frame to the right",
    },
    Binding {
        scope: Scope::Global,
        keys: &[
            (KeyCode::PageUp, NONE),
            (KeyCode::Char('b'), KeyModifiers::CONTROL),
        ],
        action: Action::PageUp,
        help: "a screen up",
    },
    Binding {
        scope: Scope::Global,
        keys: &[
            (KeyCode::PageDown, NONE),
            (KeyCode::Char('f'), KeyModifiers::CONTROL),
        ],
        action: Action::PageDown,
        help: "a screen down",
    },
    Binding {
        scope: Scope::Global,
        keys: &[(KeyCode::Home, NONE), ch('g')],
        action: Action::Home,
        help: "to the top (zoom root, first row)",
    },
    Binding {
        scope: Scope::Global,
        keys: &[(KeyCode::End, NONE), ch('G')],
        action: Action::End,
        help: "to the end (hottest leaf, last row)",
    },
    Binding {
        scope: Scope::Flame,
        keys: &[(KeyCode::Enter, NONE)],
        action: Action::Activate,
        help: "zoom into the selected frame (or double click)",
    },
    Binding {
        scope: Scope::Lists,
        keys: &[(KeyCode::Enter, NONE)],
        action: Action::Activate,
        help: "show in the flame graph; expand a goroutine group",
    },
    Binding {
        scope: Scope::Flame,
        keys: &[(KeyCode::Backspace, NONE)],
        action: Action::ZoomOut,
        help: "zoom out",
    },
    Binding {
        scope: Scope::Global,
        keys: &[(KeyCode::Esc, NONE)],
        action: Action::Back,
        help: "clear the search, else zoom out",
    },
    Binding {
        scope: Scope::Flame,
        keys: &[ch('f')],
        action: Action::Flip,
        help: "flip icicle / flame",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('/')],
        action: Action::Search,
        help: "search (regex, smart case)",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('n')],
        action: Action::NextMatch,
        help: "next match (next instance after #)",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('N')],
        action: Action::PrevMatch,
        help: "previous match (previous instance after #)",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('#')],
        action: Action::Mark,
        help: "highlight every instance of the function (again: stop)",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('F')],
        action: Action::Filter(FilterKind::Focus),
        help: "focus: keep only stacks through a function",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('I')],
        action: Action::Filter(FilterKind::Ignore),
        help: "ignore: drop stacks through a function",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('H')],
        action: Action::Filter(FilterKind::Hide),
        help: "hide: remove a function from stacks",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('u')],
        action: Action::PopFilter,
        help: "pop the last filter",
    },
    Binding {
        scope: Scope::Lists,
        keys: &[(KeyCode::Left, NONE)],
        action: Action::PopFilter,
        help: "pop the last filter",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('s')],
        action: Action::SampleTypes,
        help: "choose the sample type",
    },
    Binding {
        scope: Scope::Lists,
        keys: &[ch('o')],
        action: Action::SortNext,
        help: "top: sort by the next column (or click a header)",
    },
    Binding {
        scope: Scope::Lists,
        keys: &[ch('O')],
        action: Action::SortReverse,
        help: "top: reverse the order",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('m')],
        action: Action::DiffMode,
        help: "diff: colour by absolute / relative change",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('p')],
        action: Action::Palette,
        help: "palette: red/blue or colour-blind safe (every screen)",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('r')],
        action: Action::Reload,
        help: "--watch: reload now",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('z')],
        action: Action::Freeze,
        help: "--watch: freeze / resume reloading",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('d')],
        action: Action::DiffPrevious,
        help: "--watch: diff the latest read against the previous one",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('t')],
        action: Action::Labels,
        help: "labels: values and shares; focus, ignore or group by one",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('v')],
        action: Action::Source,
        help: "source of the selected function, flat and cum per line",
    },
];

/// Keys of the prompt, picker and help modes, listed in the help.
pub const MODE_KEYS: &[(&str, &str)] = &[
    ("Enter", "apply the search or filter; pick the sample type"),
    (
        "f i g",
        "label panel: focus on, ignore, group by the value's key",
    ),
    ("Esc", "cancel the prompt, picker or help"),
    crate::tui::line_edit::HELP[0],
    crate::tui::line_edit::HELP[1],
    crate::tui::line_edit::HELP[2],
    (
        "mouse",
        "click selects, double click zooms, wheel scrolls, click a tab",
    ),
];

/// The help text, generated from [`KEYMAP`] (and [`MODE_KEYS`]).
pub fn help_lines() -> Vec<HelpLine> {
    keys::help_lines(
        KEYMAP,
        &[Scope::Global, Scope::Flame, Scope::Lists],
        MODE_KEYS,
    )
}

/// The action bound to a key in `view`, if any.
pub fn action_for(view: View, key: KeyEvent) -> Option<Action> {
    keys::lookup(KEYMAP, key, |s| s.applies(view))
}

/// Turns a key into a message, given the mode and view.
pub fn key_to_msg(mode: &Mode, view: View, key: KeyEvent) -> Option<Msg> {
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl_c {
        return Some(Msg::Action(Action::QuitAll));
    }
    match mode {
        Mode::Normal => action_for(view, key).map(Msg::Action),
        // The help scrolls on a small screen; any other key closes it.
        Mode::Help { .. } => match key.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Msg::Action(Action::Up)),
            KeyCode::Down | KeyCode::Char('j') => Some(Msg::Action(Action::Down)),
            KeyCode::PageUp => Some(Msg::Action(Action::PageUp)),
            KeyCode::PageDown | KeyCode::Char(' ') => Some(Msg::Action(Action::PageDown)),
            _ => Some(Msg::Cancel),
        },
        Mode::Prompt(_) => match key.code {
            KeyCode::Enter => Some(Msg::Confirm),
            KeyCode::Esc => Some(Msg::Cancel),
            _ => crate::tui::line_edit::edit_for_key(key).map(Msg::Edit),
        },
        Mode::Labels { .. } => match key.code {
            KeyCode::Enter | KeyCode::Char('f') => Some(Msg::LabelPick(LabelPick::Focus)),
            KeyCode::Char('i') => Some(Msg::LabelPick(LabelPick::Ignore)),
            KeyCode::Char('g') => Some(Msg::LabelPick(LabelPick::Group)),
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('t') => Some(Msg::Cancel),
            KeyCode::Up | KeyCode::Char('k') => Some(Msg::Action(Action::Up)),
            KeyCode::Down | KeyCode::Char('j') => Some(Msg::Action(Action::Down)),
            _ => None,
        },
        Mode::Picker { .. } => match key.code {
            KeyCode::Enter => Some(Msg::Confirm),
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('s') => Some(Msg::Cancel),
            KeyCode::Up | KeyCode::Char('k') => Some(Msg::Action(Action::Up)),
            KeyCode::Down | KeyCode::Char('j') => Some(Msg::Action(Action::Down)),
            _ => None,
        },
    }
}

/// The hint bar: the most useful keys, generated from the keymap.
pub fn hints(view: View, diff: bool, watch: bool) -> Vec<(String, &'static str)> {
    let flame = matches!(view, View::Flame | View::SideBySide);
    let mut mode_keys: Vec<(Action, &'static str)> = Vec::new();
    if watch {
        mode_keys.extend([(Action::Reload, "reload"), (Action::Freeze, "freeze")]);
    }
    if diff {
        mode_keys.extend([(Action::DiffMode, "abs/rel"), (Action::Palette, "palette")]);
    }
    let wanted: &[(Action, &'static str)] = &[
        (Action::Help, "help"),
        (Action::Search, "search"),
        (Action::Activate, if flame { "zoom" } else { "open" }),
        (Action::Filter(FilterKind::Focus), "focus"),
        (Action::Filter(FilterKind::Ignore), "ignore"),
        (Action::Filter(FilterKind::Hide), "hide"),
        (Action::PopFilter, "pop filter"),
        (Action::SampleTypes, "sample type"),
        (Action::Flip, "flip"),
        (Action::SortNext, "sort"),
        (Action::Quit, "quit"),
    ];
    let wanted: Vec<(Action, &'static str)> = wanted[..2]
        .iter()
        .chain(&mode_keys)
        .chain(&wanted[2..])
        .copied()
        .collect();
    keys::hints(KEYMAP, &wanted, |s| s.applies(view))
}
