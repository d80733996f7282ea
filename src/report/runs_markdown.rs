//! `perftui diff --format markdown RUN_A RUN_B`: the run summary as
//! GitHub-flavoured Markdown for a pull-request comment: a table of every
//! paired file, then each benchmark pair's full comparison.

use crate::bench::markdown::{escape, report};
use crate::bench::table::Tables;
use crate::run_dirs::{PairKind, RunPair};

use super::units::label;

/// The report; `tables` gives a benchmark pair's comparison, or why it
/// cannot be read.
pub fn runs(
    before: &str,
    after: &str,
    pairs: &[RunPair],
    tables: impl Fn(&RunPair) -> Result<Tables, String>,
) -> String {
    let mut out = format!(
        "### perftui diff: {} → {}\n\n| file | kind | before | after | change | |\n|---|---|--:|--:|--:|---|\n",
        code(before),
        code(after)
    );
    for p in pairs {
        let cells = summary_cells(p);
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    for p in pairs {
        if !matches!(p.kind, PairKind::Bench(_)) {
            continue;
        }
        out.push_str(&format!("\n#### {}\n\n", code(&p.name)));
        match tables(p) {
            Ok(t) => out.push_str(&report(&t, None, &[])),
            Err(e) => out.push_str(&format!("_{}_\n", escape(&e))),
        }
    }
    out
}

/// A name as inline code (backticks inside become quotes).
fn code(s: &str) -> String {
    format!("`{}`", crate::error::escape_controls(s).replace('`', "'"))
}

/// One pair's row: the same columns and words as the terminal's summary.
fn summary_cells(p: &RunPair) -> [String; 6] {
    let name = code(&p.name);
    match &p.kind {
        PairKind::Bench(s) => {
            let (change, unit) = match &s.geomean {
                Some((u, g)) => (format!("{g:+.2}%"), format!(" (geomean {})", escape(u))),
                None => (String::new(), String::new()),
            };
            let mark = if s.worse > 0 { "❌ " } else { "" };
            [
                name,
                "benchmarks".into(),
                String::new(),
                String::new(),
                format!("{mark}{change}"),
                format!(
                    "{} compared: {} worse, {} better{unit}",
                    s.compared, s.worse, s.better
                ),
            ]
        }
        PairKind::Profile(s) => [
            name,
            s.kind.name().into(),
            escape(&label(s.before, &s.unit)),
            escape(&label(s.after, &s.unit)),
            s.change_percent()
                .map_or_else(|| "new".to_string(), |c| format!("{c:+.1}%")),
            format!("total {}", escape(&s.sample_type)),
        ],
        PairKind::OnlyIn { before } => [
            name,
            format!("only in {}", if *before { "BEFORE" } else { "AFTER" }),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ],
        PairKind::Error(e) => [
            name,
            "unreadable".into(),
            String::new(),
            String::new(),
            String::new(),
            escape(e),
        ],
    }
}
