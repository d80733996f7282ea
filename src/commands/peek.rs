//! `perftui peek`: pprof's `-peek`.

use std::process::ExitCode;

use super::{base, graph_options, pick_and_filter, write_out, CommandError};
use crate::cli::PeekArgs;
use crate::input::Loader;
use crate::profile::frames::FrameTable;

/// Prints the report.
pub fn run(args: &PeekArgs, loader: &Loader) -> Result<ExitCode, CommandError> {
    let pattern = crate::goregex::compile(&args.pattern).map_err(|e| {
        CommandError::Message(format!("invalid peek regex {:?}: {e}", args.pattern))
    })?;
    let profile = loader.with_base(&args.files, base(&args.profile), args.profile.normalize)?;
    let picked = pick_and_filter(&profile, &args.profile, args.report.unit.as_deref())?;
    let view = picked.filtered.as_ref().unwrap_or(&profile);
    let frames = FrameTable::new(view, args.profile.granularity());
    let graph = graph_options(picked.index, args.cum, None, &args.report);
    let whole = if args.report.relative_percentages {
        view
    } else {
        &profile
    };
    let out = crate::report::peek::peek(
        whole,
        view,
        &frames,
        &graph,
        args.report.unit.as_deref(),
        &pattern,
        &picked.active,
    )
    .map_err(CommandError::Message)?;
    write_out(&out)?;
    Ok(ExitCode::SUCCESS)
}
