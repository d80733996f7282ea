//! perftui: explore Go and Rust performance data in the terminal.
//!
//! The library is split so that everything that computes numbers is free of
//! terminal code and can be tested (and reused by the non-interactive
//! subcommands) on its own:
//!
//! - [`profile`]: the format-neutral profile model and its analyses (sample type
//!   selection, filters, merge and diff, flat/cum graph, stack trie);
//! - [`formats`]: content detection and one reader per input format;
//! - [`report`]: text, CSV and JSON output of the analyses;
//! - [`bench`](mod@bench): benchmark results, benchstat's statistics and reports.

pub mod app;
pub mod bench;
pub mod cli;
pub mod demo;
pub mod error;
pub mod formats;
pub mod io;
pub mod live;
pub mod profile;
pub mod report;
pub mod runs;
pub mod ui;
