//! `perftui fold`: folded stacks for FlameGraph, inferno or flamelens.

use std::process::ExitCode;

use super::{base, filters, write_out, CommandError};
use crate::cli::ProfileFilesArgs;
use crate::input::Loader;
use crate::profile::select;
use crate::report::fold;

/// Prints the folded stacks.
pub fn run(args: &ProfileFilesArgs, loader: &Loader) -> Result<ExitCode, CommandError> {
    let profile = loader.with_base(&args.files, base(&args.profile), args.profile.normalize)?;
    let choice = select::sample_index(&profile, args.profile.sample_index.as_deref())
        .map_err(CommandError::Message)?;
    if let Some(n) = &choice.note {
        eprintln!("perftui: {n}");
    }
    let f = filters(&args.profile)?;
    let filtered;
    let view = if f.is_empty() {
        &profile
    } else {
        filtered = crate::profile::filter::apply(&profile, &f).0;
        &filtered
    };
    let granularity = args.profile.granularity.into();
    let rewritten = fold::rewritten_names(view, granularity);
    if rewritten > 0 {
        eprintln!(
            "perftui: note: {rewritten} frame name{} held ';' or control characters, written with ':' and escapes (\\n)",
            if rewritten == 1 { "" } else { "s" }
        );
    }
    write_out(&fold::folded(view, choice.index, granularity))?;
    Ok(ExitCode::SUCCESS)
}
