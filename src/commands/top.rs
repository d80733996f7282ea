//! `perftui top`: the top functions, as `go tool pprof -top`.

use std::process::ExitCode;

use super::{base, graph_options, pick_and_filter, write_out, CommandError};
use crate::cli::TopArgs;
use crate::input::Loader;
use crate::profile::frames::FrameTable;
use crate::report::{top, Format};

/// Prints the report.
pub fn run(args: &TopArgs, loader: &Loader) -> Result<ExitCode, CommandError> {
    let profile = loader.with_base(&args.files, base(&args.profile), args.profile.normalize)?;
    let picked = pick_and_filter(&profile, &args.profile, args.report.unit.as_deref())?;
    let view = picked.filtered.as_ref().unwrap_or(&profile);
    let frames = FrameTable::new(view, args.profile.granularity());
    let graph = graph_options(picked.index, args.cum, args.node_count, &args.report);
    // pprof filters before it takes the total when percentages are relative.
    let whole = if args.report.relative_percentages {
        view
    } else {
        &profile
    };
    let report = top::build_filtered(
        whole,
        view,
        &frames,
        &graph,
        args.report.unit.as_deref(),
        &picked.active,
    );
    let out = match Format::from(args.format) {
        Format::Text => report.to_text(),
        Format::Csv => report.to_csv(),
        Format::Json => report.to_json(),
    };
    write_out(&out)?;
    Ok(ExitCode::SUCCESS)
}
