//! Keymaps: each screen has one table from keys to its own actions. Key
//! handling, the help overlay and the hint bar all read that table, so the
//! help can never disagree with what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key and its modifiers.
pub type Key = (KeyCode, KeyModifiers);

/// No modifier.
pub const NONE: KeyModifiers = KeyModifiers::NONE;

/// A plain character key.
pub const fn ch(c: char) -> Key {
    (KeyCode::Char(c), NONE)
}

/// A key with Ctrl.
pub const fn ctrl(c: char) -> Key {
    (KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// A key without modifiers.
pub const fn key(code: KeyCode) -> Key {
    (code, NONE)
}

/// Where in a screen a binding applies; its title heads its help section.
pub trait Scope: Copy + PartialEq {
    /// The heading of its section in the help.
    fn title(self) -> &'static str;
}

/// One line of a keymap.
#[derive(Debug, Clone, Copy)]
pub struct Binding<S, A> {
    /// Where it applies.
    pub scope: S,
    /// The keys (any of them).
    pub keys: &'static [Key],
    /// What they do.
    pub action: A,
    /// The help text.
    pub help: &'static str,
}

/// A line of the help overlay: keys and what they do, or a section heading
/// (no keys).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLine {
    /// The keys, as written in the help (empty for a heading).
    pub keys: String,
    /// What they do, or the heading.
    pub text: String,
}

impl HelpLine {
    /// A section heading.
    pub fn heading(text: &str) -> Self {
        HelpLine {
            keys: String::new(),
            text: text.to_string(),
        }
    }

    /// Keys and what they do.
    pub fn keys(keys: &str, text: &str) -> Self {
        HelpLine {
            keys: keys.to_string(),
            text: text.to_string(),
        }
    }
}

/// The help of a keymap: one section per scope, in `scopes` order, each
/// with its bindings in keymap order; then `extra` lines (prompt keys,
/// mouse) under their own heading when given.
pub fn help_lines<S: Scope, A>(
    keymap: &[Binding<S, A>],
    scopes: &[S],
    extra: &[(&str, &str)],
) -> Vec<HelpLine> {
    let mut out = Vec::new();
    for &scope in scopes {
        out.push(HelpLine::heading(scope.title()));
        for b in keymap.iter().filter(|b| b.scope == scope) {
            out.push(HelpLine::keys(&keys_label(b.keys), b.help));
        }
    }
    if !extra.is_empty() {
        out.push(HelpLine::heading("Prompts, picker, mouse"));
        out.extend(extra.iter().map(|(k, h)| HelpLine::keys(k, h)));
    }
    out
}

/// The keys of a binding as the help writes them.
pub fn keys_label(keys: &[Key]) -> String {
    keys.iter()
        .map(|&(c, m)| key_label(c, m))
        .collect::<Vec<_>>()
        .join(" ")
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

/// The action bound to `key` among the bindings whose scope `applies`.
pub fn lookup<S: Scope, A: Clone>(
    keymap: &[Binding<S, A>],
    key: KeyEvent,
    applies: impl Fn(S) -> bool,
) -> Option<A> {
    // Terminals report `F` as Shift+F; the character already says it.
    let mods = match key.code {
        KeyCode::Char(_) | KeyCode::BackTab => key.modifiers - KeyModifiers::SHIFT,
        _ => key.modifiers,
    };
    keymap
        .iter()
        .filter(|b| applies(b.scope))
        .find(|b| b.keys.iter().any(|&(c, m)| c == key.code && m == mods))
        .map(|b| b.action.clone())
}

/// The hint bar: for each wanted action, its first key in the keymap (among
/// the bindings that apply) and a short label.
pub fn hints<S: Scope, A: Clone + PartialEq>(
    keymap: &[Binding<S, A>],
    wanted: &[(A, &'static str)],
    applies: impl Fn(S) -> bool,
) -> Vec<(String, &'static str)> {
    wanted
        .iter()
        .filter_map(|(action, label)| {
            keymap
                .iter()
                .find(|b| b.action == *action && applies(b.scope))
                .and_then(|b| b.keys.first())
                .map(|&(c, m)| (key_label(c, m), *label))
        })
        .collect()
}

/// Whether `key` is Ctrl-C, which leaves perftui from any screen and mode.
pub fn is_ctrl_c(key: KeyEvent) -> bool {
    key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL)
}
