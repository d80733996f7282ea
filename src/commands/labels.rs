//! `perftui tags` and `perftui traces`: pprof's `-tags` and `-traces`.

use std::process::ExitCode;

use super::{base, pick_and_filter, write_out, CommandError};
use crate::cli::ProfileFilesArgs;
use crate::input::Loader;
use crate::profile::Profile;

/// Which of the two reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// Label keys, values and shares.
    Tags,
    /// Every sample's stack.
    Traces,
}

/// Prints the report.
pub fn run(
    report: Report,
    args: &ProfileFilesArgs,
    loader: &Loader,
) -> Result<ExitCode, CommandError> {
    let loaded: Profile =
        loader.with_base(&args.files, base(&args.profile), args.profile.normalize)?;
    // Samples as pprof's reports see them: one per stack and labels.
    let profile = crate::profile::merge::compact(&loaded);
    let picked = pick_and_filter(&profile, &args.profile, None)?;
    let (index, filtered) = (picked.index, picked.filtered);
    let view = filtered.as_ref().unwrap_or(&profile);
    let granularity = args.profile.granularity();
    let out = match report {
        Report::Tags => crate::report::tags::tags(view, index),
        Report::Traces => crate::report::traces::traces(&profile, view, index, granularity),
    };
    write_out(&out)?;
    Ok(ExitCode::SUCCESS)
}
