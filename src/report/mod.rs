//! Non-interactive output: the same analyses the views show, as text, CSV
//! or JSON.

pub mod fold;
pub mod gofmt;
pub mod list;
pub mod peek;
pub mod runs_markdown;
pub mod source;
pub mod svg;
pub mod tags;
pub mod timefmt;
pub mod top;
pub mod traces;
pub mod units;

/// Output formats of the report subcommands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Human-readable, as the reference tool prints it.
    #[default]
    Text,
    /// Comma-separated values with raw numbers.
    Csv,
    /// JSON with raw numbers and units.
    Json,
}
