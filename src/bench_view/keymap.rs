//! The benchmark view's keymap: the table's keys and a chart's keys. Key
//! handling, the help overlay and the hint bar read this one table.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{BenchMode, BenchMsg};
use crate::run_dirs::ProfileKind;
use crate::tui::keys::{self, ch, ctrl, key, HelpLine};
use crate::ui::widgets::help::scroll_key;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The table of benchmarks.
    Table,
    /// A chart of the selected benchmark.
    Chart,
    /// Both.
    Both,
    /// `perftui run` while it runs (before the others, so its keys win).
    Live,
}

impl keys::Scope for Scope {
    fn title(self) -> &'static str {
        match self {
            Scope::Table => "Benchmark table",
            Scope::Chart => "Chart",
            Scope::Both => "Everywhere",
            Scope::Live => "perftui run (the live comparison)",
        }
    }
}

impl Scope {
    fn applies(self, chart: bool, live: bool) -> bool {
        match self {
            Scope::Both => true,
            Scope::Table => !chart,
            Scope::Chart => chart,
            Scope::Live => live,
        }
    }
}

/// One line of the keymap.
pub type Binding = keys::Binding<Scope, BenchMsg>;

/// The keymap, in the order the help lists it.
pub const KEYMAP: &[Binding] = &[
    Binding {
        scope: Scope::Live,
        keys: &[ch('p')],
        action: BenchMsg::Pause,
        help: "pause after the run going now / resume (P: the palette)",
    },
    Binding {
        scope: Scope::Both,
        keys: &[ch('q')],
        action: BenchMsg::Quit,
        help: "quit (in an opened screen: back to the one before)",
    },
    Binding {
        scope: Scope::Both,
        keys: &[ctrl('c')],
        action: BenchMsg::QuitAll,
        help: "quit perftui from any screen",
    },
    Binding {
        scope: Scope::Both,
        keys: &[ch('?')],
        action: BenchMsg::Help,
        help: "show this help",
    },
    Binding {
        scope: Scope::Both,
        keys: &[ch('j'), key(KeyCode::Down)],
        action: BenchMsg::Move(1),
        help: "next benchmark",
    },
    Binding {
        scope: Scope::Both,
        keys: &[ch('k'), key(KeyCode::Up)],
        action: BenchMsg::Move(-1),
        help: "previous benchmark",
    },
    Binding {
        scope: Scope::Both,
        keys: &[key(KeyCode::Tab), ch(']')],
        action: BenchMsg::Table(true),
        help: "next table (unit, configuration)",
    },
    Binding {
        scope: Scope::Both,
        keys: &[key(KeyCode::BackTab), ch('[')],
        action: BenchMsg::Table(false),
        help: "previous table",
    },
    Binding {
        scope: Scope::Both,
        keys: &[ch('p'), ch('P')],
        action: BenchMsg::TogglePalette,
        help: "palette: red/green or colour-blind safe (every screen)",
    },
    Binding {
        scope: Scope::Table,
        keys: &[key(KeyCode::PageDown)],
        action: BenchMsg::Page(true),
        help: "a page down",
    },
    Binding {
        scope: Scope::Table,
        keys: &[key(KeyCode::PageUp)],
        action: BenchMsg::Page(false),
        help: "a page up",
    },
    Binding {
        scope: Scope::Table,
        keys: &[key(KeyCode::Home), ch('g')],
        action: BenchMsg::Jump(false),
        help: "first benchmark",
    },
    Binding {
        scope: Scope::Table,
        keys: &[key(KeyCode::End), ch('G')],
        action: BenchMsg::Jump(true),
        help: "last benchmark",
    },
    Binding {
        scope: Scope::Table,
        keys: &[ch('l'), key(KeyCode::Right)],
        action: BenchMsg::Column(true),
        help: "next compared column (three inputs or more)",
    },
    Binding {
        scope: Scope::Table,
        keys: &[ch('h'), key(KeyCode::Left)],
        action: BenchMsg::Column(false),
        help: "previous compared column",
    },
    Binding {
        scope: Scope::Table,
        keys: &[ch('s')],
        action: BenchMsg::CycleSort,
        help: "sort: file order → change → p-value → name",
    },
    Binding {
        scope: Scope::Table,
        keys: &[ch('/')],
        action: BenchMsg::StartFilter,
        help: "filter rows by regex (Enter keeps, Esc drops)",
    },
    Binding {
        scope: Scope::Table,
        keys: &[key(KeyCode::Esc)],
        action: BenchMsg::FilterCancel,
        help: "drop the filter",
    },
    Binding {
        scope: Scope::Table,
        keys: &[ch('c'), key(KeyCode::Enter)],
        action: BenchMsg::Chart,
        help: "chart the benchmark: scaling, sweep, distribution",
    },
    Binding {
        scope: Scope::Table,
        keys: &[ch('C')],
        action: BenchMsg::OpenProfile(ProfileKind::Cpu),
        help: "run directories: the CPU profile diff, focused on this benchmark",
    },
    Binding {
        scope: Scope::Table,
        keys: &[ch('M')],
        action: BenchMsg::OpenProfile(ProfileKind::Memory),
        help: "run directories: the memory profile diff, focused on this benchmark",
    },
    Binding {
        scope: Scope::Table,
        keys: &[ch('r')],
        action: BenchMsg::Reload,
        help: "--watch: reload now",
    },
    Binding {
        scope: Scope::Table,
        keys: &[ch('z')],
        action: BenchMsg::Freeze,
        help: "--watch: freeze / resume reloading",
    },
    Binding {
        scope: Scope::Chart,
        keys: &[ch('c')],
        action: BenchMsg::Chart,
        help: "the next chart that fits",
    },
    Binding {
        scope: Scope::Chart,
        keys: &[ch('u')],
        action: BenchMsg::Table(true),
        help: "next unit",
    },
    Binding {
        scope: Scope::Chart,
        keys: &[key(KeyCode::Esc), key(KeyCode::Backspace)],
        action: BenchMsg::CloseChart,
        help: "back to the table",
    },
];

/// Keys outside the keymap's modes.
pub const MODE_KEYS: &[(&str, &str)] = &[
    ("Enter  Esc", "in the filter prompt: keep / drop the filter"),
    crate::tui::line_edit::HELP[0],
    crate::tui::line_edit::HELP[1],
    crate::tui::line_edit::HELP[2],
    ("click", "select a row"),
];

/// The help, generated from [`KEYMAP`].
pub fn help_lines() -> Vec<HelpLine> {
    keys::help_lines(
        KEYMAP,
        &[Scope::Both, Scope::Table, Scope::Chart, Scope::Live],
        MODE_KEYS,
    )
}

/// Maps a key to a message in the current mode (`live`: `perftui run` is
/// behind the view).
pub fn key_to_msg(mode: &BenchMode, k: KeyEvent, live: bool) -> Option<BenchMsg> {
    if keys::is_ctrl_c(k) {
        return Some(BenchMsg::QuitAll);
    }
    match mode {
        BenchMode::Filter(_) => match k.code {
            KeyCode::Enter => Some(BenchMsg::FilterAccept),
            KeyCode::Esc => Some(BenchMsg::FilterCancel),
            _ => crate::tui::line_edit::edit_for_key(k).map(BenchMsg::FilterEdit),
        },
        BenchMode::Help { .. } => match (k.code, scroll_key(k)) {
            (KeyCode::Char('q'), _) => Some(BenchMsg::Quit),
            (_, Some(how)) => Some(BenchMsg::HelpScroll(how)),
            _ => Some(BenchMsg::Help),
        },
        BenchMode::Chart(_) => keys::lookup(KEYMAP, k, |s| s.applies(true, live)),
        BenchMode::Normal => keys::lookup(KEYMAP, k, |s| s.applies(false, live)),
    }
}

/// The hint bar of the mode (`live`: runs that can still be paused).
pub fn hints(
    mode: &BenchMode,
    watch: bool,
    links: bool,
    live: bool,
) -> Vec<(String, &'static str)> {
    let chart = matches!(mode, BenchMode::Chart(_));
    let mut wanted: Vec<(BenchMsg, &'static str)> = if chart {
        vec![
            (BenchMsg::Chart, "next chart"),
            (BenchMsg::Table(true), "unit"),
            (BenchMsg::Move(1), "benchmark"),
            (BenchMsg::CloseChart, "table"),
        ]
    } else {
        vec![
            (BenchMsg::Move(1), "select"),
            (BenchMsg::Table(true), "table"),
            (BenchMsg::CycleSort, "sort"),
            (BenchMsg::StartFilter, "filter"),
            (BenchMsg::Chart, "chart"),
            (BenchMsg::Column(true), "column"),
        ]
    };
    if links && !chart {
        wanted.push((BenchMsg::OpenProfile(ProfileKind::Cpu), "cpu diff"));
    }
    if live {
        wanted.push((BenchMsg::Pause, "pause"));
    }
    if watch && !chart && !live {
        wanted.extend([(BenchMsg::Reload, "reload"), (BenchMsg::Freeze, "freeze")]);
    }
    wanted.extend([(BenchMsg::Help, "help"), (BenchMsg::Quit, "quit")]);
    keys::hints(KEYMAP, &wanted, |s| s.applies(chart, live))
}
