//! `perftui open`: the profile explorer, or the benchmark view for
//! benchmark files.

use std::process::ExitCode;
use std::sync::Arc;

use super::{show, watch_note, watch_state, CommandError};
use crate::cli::OpenArgs;
use crate::explorer::App;
use crate::input::{is_url, Loader, Source};
use crate::run_summary::short_name;

/// Opens the inputs.
pub fn run(args: &OpenArgs, loader: &Loader) -> Result<ExitCode, CommandError> {
    let names = &args.files;
    if !names.is_empty()
        && names
            .iter()
            .all(|f| !is_url(f) && f != "-" && crate::bench::formats::is_bench_input(f))
    {
        return super::bench::view(names, args.snapshot, &args.watch, loader);
    }
    let source = Source::Inputs(names.clone());
    let profile = loader.merged(names)?;
    let title = if names.is_empty() {
        crate::demo::DEMO_NAME.to_string()
    } else {
        names
            .iter()
            .map(|f| short_name(std::path::Path::new(f)))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let (mut app, _) = App::new(
        profile,
        title,
        args.sample_index.as_deref(),
        args.granularity.into(),
    )
    .map_err(CommandError::Message)?;
    if args.watch.watch && !names.is_empty() {
        let first_read = Some(Arc::clone(&app.profile));
        app.status = watch_note(&source, &args.watch).or(app.status);
        app.watch = Some(watch_state(source, first_read, &args.watch, loader));
    }
    show(
        Box::new(app),
        args.snapshot,
        "open needs a terminal (use --snapshot COLSxROWS to print a screen)",
    )
}
