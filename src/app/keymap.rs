//! The keymap: one table from keys to actions. Key handling and the help
//! overlay both read it, so the help can never disagree with the code.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::analysis::FilterKind;
use super::msg::{Action, Msg, View};
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

    /// The heading of its section in the help.
    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Everywhere",
            Scope::Flame => "Flame graph",
            Scope::Lists => "Top, sandwich, goroutines",
        }
    }
}

/// One line of the keymap.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where it applies.
    pub scope: Scope,
    /// The keys (any of them).
    pub keys: &'static [(KeyCode, KeyModifiers)],
    /// What they do.
    pub action: Action,
    /// The help text.
    pub help: &'static str,
}

const NONE: KeyModifiers = KeyModifiers::NONE;

const fn ch(c: char) -> (KeyCode, KeyModifiers) {
    (KeyCode::Char(c), NONE)
}

/// The keymap, in the order the help lists it.
pub const KEYMAP: &[Binding] = &[
    Binding {
        scope: Scope::Global,
        keys: &[ch('q'), (KeyCode::Char('c'), KeyModifiers::CONTROL)],
        action: Action::Quit,
        help: "quit",
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
        help: "next match",
    },
    Binding {
        scope: Scope::Global,
        keys: &[ch('N')],
        action: Action::PrevMatch,
        help: "previous match",
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
        help: "diff: red/blue or colour-blind-safe palette",
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
];

/// Keys of the prompt, picker and help modes, listed in the help.
pub const MODE_KEYS: &[(&str, &str)] = &[
    ("Enter", "apply the search or filter; pick the sample type"),
    ("Esc", "cancel the prompt, picker or help"),
    (
        "mouse",
        "click selects, double click zooms, wheel scrolls, click a tab",
    ),
];

/// The help text: `(keys, what they do)` lines, with section headings as
/// lines without keys. Generated from [`KEYMAP`].
pub fn help_lines() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for scope in [Scope::Global, Scope::Flame, Scope::Lists] {
        out.push((String::new(), scope.title().to_string()));
        for b in KEYMAP.iter().filter(|b| b.scope == scope) {
            let keys: Vec<String> = b.keys.iter().map(|&(c, m)| key_label(c, m)).collect();
            out.push((keys.join(" "), b.help.to_string()));
        }
    }
    out.push((String::new(), "Prompts, picker, mouse".to_string()));
    for (k, h) in MODE_KEYS {
        out.push((k.to_string(), h.to_string()));
    }
    out
}

/// How a key is written in the help and hint bar.
pub fn key_label(code: KeyCode, mods: KeyModifiers) -> String {
    let base = match code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".to_string(),
        KeyCode::Down => "↓".to_string(),
        KeyCode::Left => "←".to_string(),
        KeyCode::Right => "→".to_string(),
        KeyCode::PageUp => "PgUp".to_string(),
        KeyCode::PageDown => "PgDn".to_string(),
        KeyCode::BackTab => "Shift-Tab".to_string(),
        KeyCode::Backspace => "Backspace".to_string(),
        other => format!("{other:?}"),
    };
    if mods.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{}", base.to_uppercase())
    } else {
        base
    }
}

/// The action bound to a key in `view`, if any.
pub fn action_for(view: View, key: KeyEvent) -> Option<Action> {
    // Terminals report `F` as Shift+F; the character already says it.
    let mods = match key.code {
        KeyCode::Char(_) | KeyCode::BackTab => key.modifiers - KeyModifiers::SHIFT,
        _ => key.modifiers,
    };
    KEYMAP
        .iter()
        .filter(|b| b.scope.applies(view))
        .find(|b| b.keys.iter().any(|&(c, m)| c == key.code && m == mods))
        .map(|b| b.action)
}

/// Turns a key into a message, given the mode and view.
pub fn key_to_msg(mode: &Mode, view: View, key: KeyEvent) -> Option<Msg> {
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl_c {
        return Some(Msg::Action(Action::Quit));
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
            KeyCode::Backspace => Some(Msg::DeleteChar),
            KeyCode::Char(c) => Some(Msg::Char(c)),
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
    let mut mode_keys: Vec<(Action, &str)> = Vec::new();
    if watch {
        mode_keys.extend([(Action::Reload, "reload"), (Action::Freeze, "freeze")]);
    }
    if diff {
        mode_keys.extend([(Action::DiffMode, "abs/rel"), (Action::Palette, "palette")]);
    }
    let wanted: &[(Action, &str)] = &[
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
    wanted[..2]
        .iter()
        .chain(&mode_keys)
        .chain(&wanted[2..])
        .filter_map(|&(action, label)| {
            KEYMAP
                .iter()
                .find(|b| b.action == action && b.scope.applies(view))
                .and_then(|b| b.keys.first())
                .map(|&(c, m)| (key_label(c, m), label))
        })
        .collect()
}
