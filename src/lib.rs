//! perftui: explore Go and Rust performance data in the terminal.
//!
//! The library is split so that everything that computes numbers is free of
//! terminal code and can be tested (and reused by the non-interactive
//! subcommands) on its own (a test checks these folders import nothing from
//! ratatui, crossterm or clap):
//!
//! - [`profile`]: the format-neutral profile model and its analyses (sample type
//!   selection, filters, merge and diff, flat/cum graph, stack trie);
//! - [`formats`]: content detection and one reader per input format;
//! - [`report`]: text, CSV and JSON output of the analyses;
//! - [`bench`](mod@bench): benchmark results, benchstat's statistics and reports.
//!
//! Around them: [`input`] (the one loader of a command's arguments),
//! [`cli`] and [`commands`] (the command line and one handler per
//! subcommand), and the interactive side: [`tui`] (the one runtime and its
//! [`tui::Screen`] interface), the screens [`explorer`], [`bench_view`] and
//! [`run_summary`], and [`ui`] (drawing, shared widgets, the theme).

pub mod bench;
pub mod bench_view;
pub mod cli;
pub mod commands;
pub mod demo;
pub mod error;
pub mod explorer;
pub mod fleet;
pub mod fleet_picker;
pub mod formats;
pub mod goregex;
pub mod input;
pub mod io;
pub mod live;
pub mod profile;
pub mod progress;
pub mod report;
pub mod run;
pub mod run_dirs;
pub mod run_summary;
pub mod source_view;
pub mod tui;
pub mod ui;
pub mod waiting;
