//! `perftui export`: pprof's `-proto`, speedscope's JSON or folded stacks.

use std::io::Write as _;
use std::process::ExitCode;

use super::{base, filters, with_label_frames, CommandError};
use crate::cli::{ExportArgs, ExportFormat};
use crate::formats::export;
use crate::input::Loader;

/// Writes the profile.
pub fn run(args: &ExportArgs, loader: &Loader) -> Result<ExitCode, CommandError> {
    if args.profile.noinlines || args.profile.addresses {
        // pprof's -proto keeps every frame and address as they are.
        eprintln!(
            "perftui: --noinlines and --addresses do not change an export; it keeps every frame"
        );
    }
    let profile = loader.with_base(&args.files, base(&args.profile), args.profile.normalize)?;
    let profile = with_label_frames(&profile, &args.profile, "minimum").unwrap_or(profile);
    let f = filters(&args.profile)?;
    let profile = if f.is_empty() {
        profile
    } else {
        let (p, matched) = crate::profile::filter::apply(&profile, &f);
        for n in f.unmatched(&matched) {
            eprintln!("perftui: {n}");
        }
        p
    };
    let fail = |e: std::io::Error| {
        CommandError::Message(format!(
            "{}: {e}",
            crate::error::escape_controls(&args.output.display().to_string())
        ))
    };
    let index = || {
        crate::profile::select::sample_index(
            &profile,
            args.profile.sample_index.as_deref(),
            crate::profile::select::WhenEmpty::ShowAnother,
        )
        .map(|c| c.index)
        .map_err(CommandError::Message)
    };
    let bytes = match args.format {
        ExportFormat::Pprof => export::to_gzipped_bytes(&profile).map_err(fail)?,
        ExportFormat::Speedscope => {
            let name = args.files.join(" + ");
            crate::formats::speedscope::to_json(&profile, &name, index()?).into_bytes()
        }
        ExportFormat::Folded => {
            crate::report::fold::folded(&profile, index()?, args.profile.granularity()).into_bytes()
        }
    };
    if args.output.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(&bytes)
            .and_then(|_| out.flush())
            .map_err(fail)?;
    } else {
        export::write_whole(&args.output, &bytes).map_err(fail)?;
    }
    Ok(ExitCode::SUCCESS)
}
