//! `perftui push`: profile files into a fleet's store.

use std::process::ExitCode;

use super::CommandError;
use crate::cli::PushArgs;
use crate::input::Loader;

/// Sends each file; prints a line for each one stored.
pub fn run(args: &PushArgs, loader: &Loader) -> Result<ExitCode, CommandError> {
    if !crate::fleet::is_fleet(&args.store) {
        return Err(CommandError::Message(format!(
            "{}: not a store (parca://HOST:PORT)",
            crate::error::escape_controls(&args.store)
        )));
    }
    let lines = crate::fleet::push(
        &args.store,
        &args.labels,
        args.name.as_deref(),
        args.at,
        &args.files,
        loader.max_size,
        loader.fleet,
    )
    .map_err(CommandError::Message)?;
    for line in lines {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}
