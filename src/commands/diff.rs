//! `perftui diff BEFORE AFTER`: two profiles (the diff explorer), two
//! benchmark files (benchstat's comparison), or two run directories (the
//! run summary).

use std::path::Path;
use std::process::ExitCode;

use super::{show, watch_note, watch_state, CommandError};
use crate::cli::DiffArgs;
use crate::input::{Loader, Source};
use crate::run_summary::{diff_app, DiffOptions, RunsApp};

fn options(args: &DiffArgs, loader: &Loader) -> DiffOptions {
    DiffOptions {
        sample_index: args.sample_index.clone(),
        normalize: args.normalize,
        granularity: args.granularity.into(),
        max_size: loader.max_size,
    }
}

/// Compares the two inputs.
pub fn run(args: &DiffArgs, loader: &Loader) -> Result<ExitCode, CommandError> {
    let files = [args.before.clone(), args.after.clone()];
    let dirs = files.iter().filter(|f| Path::new(f).is_dir()).count();
    let run_dirs = files
        .iter()
        .filter(|f| crate::run_dirs::is_run_dir(Path::new(f)))
        .count();
    if run_dirs == 2 {
        return runs(args, loader);
    }
    let bench = files
        .iter()
        .filter(|f| crate::bench::formats::is_bench_input(f))
        .count();
    // A criterion directory is a benchmark input, not a run directory.
    if bench == 2 {
        if args.format.is_some() {
            let tables = crate::run_dirs::comparison(&files, loader.max_size)
                .map_err(CommandError::Message)?;
            return print(&crate::bench::markdown::report(&tables, None, &[]));
        }
        return super::bench::view(&files, args.snapshot, &args.watch, loader);
    }
    if args.format.is_some() && dirs == 0 && bench == 0 {
        return Err(CommandError::Message(
            "--format markdown compares run directories or benchmark files; \
             for two profiles use `perftui top --diff-base BEFORE AFTER`"
                .to_string(),
        ));
    }
    if dirs == 1 {
        return Err(CommandError::Message(
            "diff compares two run directories or two files, not a directory with a file"
                .to_string(),
        ));
    }
    if bench == 1 {
        return Err(CommandError::Message(format!(
            "diff compares two benchmark files or two profiles; {} is {} and {} is not",
            files[0],
            if crate::bench::formats::is_bench_input(&files[0]) {
                "a benchmark file"
            } else {
                "a profile"
            },
            files[1],
        )));
    }
    let mut app = diff_app(
        loader,
        Path::new(&args.before),
        Path::new(&args.after),
        &options(args, loader),
    )?;
    if args.watch.watch {
        let source = Source::Diff {
            before: args.before.clone(),
            after: args.after.clone(),
            normalize: args.normalize,
        };
        app.status = watch_note(&source, &args.watch).or(app.status);
        app.watch = Some(watch_state(source, None, &args.watch, loader));
    }
    show(
        Box::new(app),
        args.snapshot,
        "diff needs a terminal (use --snapshot COLSxROWS, or `perftui top --diff-base`)",
    )
}

/// `perftui diff runA/ runB/`: the summary of the paired files.
fn runs(args: &DiffArgs, loader: &Loader) -> Result<ExitCode, CommandError> {
    let pairs = loader.run_pairs(Path::new(&args.before), Path::new(&args.after))?;
    if args.format.is_some() {
        let tables = |p: &crate::run_dirs::RunPair| {
            let files = [
                p.before.display().to_string(),
                p.after.display().to_string(),
            ];
            crate::run_dirs::comparison(&files, loader.max_size)
        };
        return print(&crate::report::runs_markdown::runs(
            &args.before,
            &args.after,
            &pairs,
            tables,
        ));
    }
    let title = format!("{} → {}", args.before, args.after);
    let mut app = RunsApp::new(pairs, title);
    app.options = options(args, loader);
    show(
        Box::new(app),
        args.snapshot,
        "diff needs a terminal (use --snapshot COLSxROWS)",
    )
}

fn print(text: &str) -> Result<ExitCode, CommandError> {
    super::write_out(text)?;
    Ok(ExitCode::SUCCESS)
}
