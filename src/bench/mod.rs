//! Benchmark results: reading them, their statistics and the benchstat
//! reports. Nothing here knows about the terminal.
//!
//! The numbers follow benchstat v2 (golang.org/x/perf) exactly: the same
//! reader rules, the same median confidence intervals and Mann-Whitney U
//! test, the same table layout. The behaviour was learned from benchstat's
//! documentation and its outputs on the corpus; the code is our own.

pub mod chart;
pub mod config;
pub mod formats;
pub mod gate;
pub mod gofloat;
pub mod goformat;
pub mod gomath;
pub mod markdown;
pub mod projection;
pub mod report;
pub mod stats;
pub mod table;
pub mod texttab;
pub mod units;

pub use goformat::{BenchResult, Record, SyntaxError, Value};
