//! `perftui top`: the top functions, as `go tool pprof -top`.

use std::process::ExitCode;

use super::{base, filters, write_out, CommandError};
use crate::cli::TopArgs;
use crate::input::Loader;
use crate::report::{top, Format};

/// Prints the report.
pub fn run(args: &TopArgs, loader: &Loader) -> Result<ExitCode, CommandError> {
    let profile = loader.with_base(&args.files, base(&args.profile), args.profile.normalize)?;
    let opts = top::TopOptions {
        sample_index: args.profile.sample_index.clone(),
        cum: args.cum,
        node_count: args.node_count,
        filters: filters(&args.profile)?,
        granularity: args.profile.granularity.into(),
    };
    let report = top::build(&profile, &opts).map_err(CommandError::Message)?;
    for n in &report.notes {
        eprintln!("perftui: {n}");
    }
    let out = match Format::from(args.format) {
        Format::Text => report.to_text(),
        Format::Csv => report.to_csv(),
        Format::Json => report.to_json(),
    };
    write_out(&out)?;
    Ok(ExitCode::SUCCESS)
}
