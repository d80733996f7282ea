//! The pieces every screen draws with, written once: the title bar, the
//! status bar (message, error, watch state), the hint bar and help overlay
//! generated from a keymap, the prompt line, and the table.

pub mod help;
pub mod hints;
pub mod progress_line;
pub mod prompt;
pub mod status_bar;
pub mod table;
pub mod title_bar;
