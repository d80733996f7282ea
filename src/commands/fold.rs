//! `perftui fold`: folded stacks for FlameGraph, inferno or flamelens.

use std::process::ExitCode;

use super::{base, pick_and_filter, write_out, CommandError};
use crate::cli::ProfileFilesArgs;
use crate::input::Loader;
use crate::report::fold;

/// Prints the folded stacks.
pub fn run(args: &ProfileFilesArgs, loader: &Loader) -> Result<ExitCode, CommandError> {
    let profile = loader.with_base(&args.files, base(&args.profile), args.profile.normalize)?;
    let picked = pick_and_filter(&profile, &args.profile, None)?;
    let (index, filtered) = (picked.index, picked.filtered);
    let view = filtered.as_ref().unwrap_or(&profile);
    let granularity = args.profile.granularity();
    let rewritten = fold::rewritten_names(view, granularity);
    if rewritten > 0 {
        eprintln!(
            "perftui: note: {rewritten} frame name{} held ';' or control characters, written with ':' and escapes (\\n)",
            if rewritten == 1 { "" } else { "s" }
        );
    }
    write_out(&fold::folded(view, index, granularity))?;
    Ok(ExitCode::SUCCESS)
}
