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
    let sample_index = args.sample_index.clone();
    let granularity = args.granularity.into();
    let watch = args.watch.clone();
    let inputs = names.clone();
    let loader_ = *loader;
    let source_paths = crate::report::source::SourcePaths::new(
        args.source.source_path.as_deref(),
        args.source.trim_path.as_deref(),
    );
    let explorer = move |profile, inputs: &[String]| {
        explorer(
            profile,
            inputs,
            sample_index.as_deref(),
            granularity,
            &watch,
            &loader_,
        )
        .map(|mut app| {
            app.source_paths = source_paths.clone();
            app
        })
    };
    if let Some(source) = fleet_without_query(names, loader) {
        let (sample_index, watch, loader_) =
            (args.sample_index.clone(), args.watch.clone(), *loader);
        let open: crate::fleet_picker::Open = Box::new(move |chosen| {
            let app = match chosen {
                crate::fleet_picker::Chosen::One { url, profile } => explorer(*profile, &[url]),
                crate::fleet_picker::Chosen::Diff {
                    before,
                    after,
                    profile,
                } => diff_explorer(
                    *profile,
                    before,
                    after,
                    sample_index.as_deref(),
                    granularity,
                    &watch,
                    &loader_,
                ),
            };
            app.map(|app| Box::new(app) as Box<dyn crate::tui::Screen>)
                .map_err(|e| e.to_string())
        });
        return show(
            Box::new(crate::fleet_picker::Picker::new(
                names[0].clone(),
                source,
                *loader,
                open,
            )),
            args.snapshot,
            "open needs a terminal (use --snapshot COLSxROWS to print a screen)",
        );
    }
    if args.watch.watch && args.snapshot.is_none() && crate::waiting::must_wait(names) {
        let open: crate::waiting::Open = Box::new(move |profile| {
            explorer(profile, &inputs)
                .map(|app| Box::new(app) as Box<dyn crate::tui::Screen>)
                .map_err(|e| e.to_string())
        });
        return show(
            Box::new(crate::waiting::Waiting::new(names.clone(), *loader, open)),
            None,
            "open needs a terminal (use --snapshot COLSxROWS to print a screen)",
        );
    }
    let app = explorer(loader.merged(names)?, names)?;
    show(
        Box::new(app),
        args.snapshot,
        "open needs a terminal (use --snapshot COLSxROWS to print a screen)",
    )
}

/// The diff explorer of AFTER against BEFORE, read already into
/// `profile`, watching both when asked.
fn diff_explorer(
    profile: crate::profile::Profile,
    before: String,
    after: String,
    sample_index: Option<&str>,
    granularity: crate::profile::frames::Granularity,
    watch: &crate::cli::WatchArgs,
    loader: &Loader,
) -> Result<App, CommandError> {
    let names = (
        short_name(std::path::Path::new(&before)),
        short_name(std::path::Path::new(&after)),
    );
    let (mut app, _) = App::new_diff(profile, names.0, names.1, sample_index, granularity)
        .map_err(CommandError::Message)?;
    if watch.watch {
        let source = Source::Diff {
            before,
            after,
            normalize: false,
        };
        app.status = watch_note(&source, watch).or(app.status);
        app.watch = Some(watch_state(source, None, watch, loader));
    }
    Ok(app)
}

/// The store of the one input when it names a fleet store without a
/// query: the picker asks for one.
fn fleet_without_query(names: &[String], loader: &Loader) -> Option<crate::fleet::FleetSource> {
    let [name] = names else { return None };
    crate::fleet::FleetSource::parse(name, loader.fleet)
        .ok()
        .filter(|s| s.query.is_none())
}

/// The explorer of `profile`, watching `names` when asked.
fn explorer(
    profile: crate::profile::Profile,
    names: &[String],
    sample_index: Option<&str>,
    granularity: crate::profile::frames::Granularity,
    watch: &crate::cli::WatchArgs,
    loader: &Loader,
) -> Result<App, CommandError> {
    let source = Source::Inputs(names.to_vec());
    let title = if names.is_empty() {
        crate::demo::DEMO_NAME.to_string()
    } else {
        names
            .iter()
            .map(|f| short_name(std::path::Path::new(f)))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let (mut app, _) =
        App::new(profile, title, sample_index, granularity).map_err(CommandError::Message)?;
    if watch.watch && !names.is_empty() {
        let first_read = Some(Arc::clone(&app.profile));
        app.status = watch_note(&source, watch).or(app.status);
        app.watch = Some(watch_state(source, first_read, watch, loader));
    }
    Ok(app)
}
