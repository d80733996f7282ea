//! `perftui flamegraph`: an SVG flame graph through inferno, or a
//! differential one with `--diff-base`.

use std::process::ExitCode;

use super::{filters, write_out, CommandError};
use crate::cli::FlamegraphArgs;
use crate::input::{InputError, Loader};
use crate::profile::{merge, select, Profile};
use crate::report::svg;
use crate::run_summary::short_name;

/// Writes the SVG.
pub fn run(args: &FlamegraphArgs, loader: &Loader) -> Result<ExitCode, CommandError> {
    if args.profile.base.is_some() {
        return Err(CommandError::Message(
            "flamegraph draws --diff-base BEFORE AFTER; --base is for top and fold".to_string(),
        ));
    }
    let after = loader.merged(&args.files)?;
    let f = filters(&args.profile)?;
    let apply = |p: Profile| {
        if f.is_empty() {
            p
        } else {
            crate::profile::filter::apply(&p, &f).0
        }
    };
    let names = |files: &[String]| {
        files
            .iter()
            .map(|p| short_name(std::path::Path::new(p)))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let choice = select::sample_index(
        &after,
        args.profile.sample_index.as_deref(),
        select::WhenEmpty::ShowAnother,
    )
    .map_err(CommandError::Message)?;
    if let Some(n) = &choice.note {
        eprintln!("perftui: {n}");
    }
    let mut opts = svg::SvgOptions {
        title: String::new(),
        sample_type: after.sample_type_name(choice.index).to_string(),
        unit: after.sample_type_unit(choice.index).to_string(),
        granularity: args.profile.granularity(),
    };
    let svg = match &args.profile.diff_base {
        None => {
            opts.title = args
                .title
                .clone()
                .unwrap_or_else(|| format!("{} ({})", names(&args.files), opts.sample_type));
            svg::flamegraph(&apply(after), choice.index, &opts)
        }
        Some(base_file) => {
            let before = loader.profile(base_file)?;
            let mut after = after;
            let wrap = |message: String| {
                CommandError::Input(InputError::Incompatible {
                    inputs: base_file.clone(),
                    message,
                })
            };
            merge::compatible(&after, &before).map_err(wrap)?;
            if args.profile.normalize {
                merge::normalize(&mut after, &before).map_err(wrap)?;
            }
            opts.title = args.title.clone().unwrap_or_else(|| {
                format!(
                    "{} → {} ({})",
                    short_name(std::path::Path::new(base_file)),
                    names(&args.files),
                    opts.sample_type
                )
            });
            svg::differential(&apply(before), &apply(after), choice.index, &opts)
        }
    }
    .map_err(CommandError::Message)?;
    match args.output.as_ref().filter(|p| p.as_os_str() != "-") {
        Some(path) => std::fs::write(path, svg)
            .map_err(|e| CommandError::Message(format!("{}: {e}", path.display())))?,
        None => write_out(&svg)?,
    }
    Ok(ExitCode::SUCCESS)
}
