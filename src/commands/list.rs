//! `perftui list`: pprof's `-list`.

use std::process::ExitCode;

use super::{base, pick_and_filter, write_out, CommandError};
use crate::cli::ListArgs;
use crate::input::Loader;
use crate::report::list;
use crate::report::source::{SourcePaths, SourceReader};

/// Prints the listing.
pub fn run(args: &ListArgs, loader: &Loader) -> Result<ExitCode, CommandError> {
    let pattern = crate::goregex::compile(&args.pattern).map_err(|e| {
        CommandError::Message(format!("invalid list regex {:?}: {e}", args.pattern))
    })?;
    let profile = loader.with_base(&args.files, base(&args.profile), args.profile.normalize)?;
    let picked = pick_and_filter(&profile, &args.profile, args.report.unit.as_deref())?;
    let view = picked.filtered.as_ref().unwrap_or(&profile);
    let paths = SourcePaths::new(
        args.source.source_path.as_deref(),
        args.source.trim_path.as_deref(),
    );
    let mut reader = SourceReader::new(paths);
    let listing =
        list::routines(view, picked.index, &pattern, &mut reader).map_err(CommandError::Message)?;
    for n in reader.notes() {
        eprintln!("perftui: {n}");
    }
    let whole = if args.report.relative_percentages {
        view
    } else {
        &profile
    };
    let mean = args.report.mean.then_some(0);
    let total = whole.total_with(picked.index, mean);
    let unit = args.report.unit.as_deref().unwrap_or("minimum");
    let out = list::to_text(
        &listing,
        total,
        profile.sample_type_unit(picked.index),
        unit,
    );
    write_out(&out)?;
    Ok(ExitCode::SUCCESS)
}
