//! `perftui tags` and `perftui traces`: pprof's `-tags` and `-traces`.

use std::process::ExitCode;

use super::{base, filters, write_out, CommandError};
use crate::cli::ProfileFilesArgs;
use crate::input::Loader;
use crate::profile::{filter, select, Profile};

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
        let (p, m) = filter::apply(&profile, &f);
        for n in f.unmatched(&m) {
            eprintln!("perftui: {n}");
        }
        filtered = p;
        &filtered
    };
    let granularity = args.profile.granularity.into();
    let out = match report {
        Report::Tags => crate::report::tags::tags(view, choice.index),
        Report::Traces => crate::report::traces::traces(&profile, view, choice.index, granularity),
    };
    write_out(&out)?;
    Ok(ExitCode::SUCCESS)
}
