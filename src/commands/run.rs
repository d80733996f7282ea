//! `perftui run --baseline REV -- COMMAND`: the benchmark command on a
//! checkout of REV and on the working tree, interleaved, compared as
//! `perftui bench` compares files, with its gate.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use super::bench::{report, Gate};
use super::{show, CommandError};
use crate::cli::RunArgs;
use crate::input::Loader;
use crate::run::gotest::GoTest;
use crate::run::worktree::Worktree;
use crate::run::{interleave, Runner, Side};

/// The working tree's column title.
const WORKING: &str = "working tree";

/// A directory removed when dropped (the sides' test binaries).
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs both sides and reports the comparison.
pub fn run(args: &RunArgs, _loader: &Loader) -> Result<ExitCode, CommandError> {
    let msg = CommandError::Message;
    let here = std::env::current_dir().map_err(|e| msg(format!("current directory: {e}")))?;
    // Set by Ctrl-C or SIGTERM: the running command's group is killed,
    // then the worktree and binaries are removed as this returns.
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(sig, Arc::clone(&stop))
            .map_err(|e| msg(format!("signal handler: {e}")))?;
    }
    let log = |m: &str| eprintln!("perftui: {m}");
    let worktree = Worktree::add(&here, &args.baseline).map_err(msg)?;
    if args.verbose {
        log(&format!(
            "baseline {} checked out in {}",
            args.baseline,
            worktree.dir.display()
        ));
    }
    let scratch = Scratch(std::env::temp_dir().join(format!("perftui-run-{}", std::process::id())));
    let dirs = [worktree.workdir(), here.clone()];
    let labels = [args.baseline.clone(), WORKING.to_string()];
    let runners: Vec<Runner> = match GoTest::parse(&args.command) {
        Some(go) => {
            if go.had_count {
                log(&format!(
                    "note: -count is replaced by --count {} rounds of -test.count=1, interleaved",
                    args.count
                ));
            }
            let mut runners = Vec::new();
            for (dir, label) in dirs.iter().zip(&labels) {
                let bin_dir = scratch.0.join(runners.len().to_string());
                std::fs::create_dir_all(&bin_dir)
                    .map_err(|e| msg(format!("{}: {e}", bin_dir.display())))?;
                log(&format!("building {label} (go test -c)"));
                let bins = go
                    .build(dir, &bin_dir)
                    .map_err(|e| msg(format!("{label}: {e}")))?;
                runners.push(Runner::Binaries(bins, go.run.clone()));
            }
            runners
        }
        None => vec![Runner::Command(args.command.clone()); 2],
    };
    let sides: [Side; 2] = [0, 1].map(|i| Side {
        label: labels[i].clone(),
        dir: dirs[i].clone(),
        runner: runners[i].clone(),
    });
    let save = match &args.save {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| msg(format!("{}: {e}", dir.display())))?;
            let files = [dir.join("baseline.txt"), dir.join("working.txt")];
            for f in &files {
                std::fs::write(f, "").map_err(|e| msg(format!("{}: {e}", f.display())))?;
            }
            Some(files)
        }
        None => None,
    };
    let verbose = args.verbose;
    let mut progress = |m: &str| {
        if verbose || args.no_tui {
            log(m);
        }
    };
    let collected = interleave(
        &sides,
        args.count as usize,
        &stop,
        save.as_ref(),
        &mut progress,
    )
    .map_err(|e| msg(e.to_string()))?;
    drop(worktree);
    drop(scratch);
    if collected.stopped {
        log(&format!(
            "stopped after {} run(s); comparing what they gave",
            collected.runs
        ));
    }
    let mut loaded = crate::bench::formats::Loaded::default();
    for (out, label) in collected.outputs.iter().zip(&labels) {
        crate::bench::formats::load_bytes(out, label, label, &mut loaded)
            .map_err(|e| msg(format!("{label}: {e}")))?;
    }
    let mut builder = crate::bench::table::Builder::new(&crate::bench::table::Options::default())
        .map_err(|e| msg(e.to_string()))?;
    for r in &loaded.results {
        builder.add(r);
    }
    let tables = builder.finish(&loaded.units);
    if !args.no_tui {
        let title = format!("{} vs {WORKING}", args.baseline);
        let app = crate::bench_view::BenchApp::new(tables, title);
        return show(
            Box::new(app),
            None,
            "the comparison needs a terminal (use --no-tui)",
        );
    }
    let gate = args.fail_on_regression.map(|pct| Gate {
        inputs: labels
            .iter()
            .map(|label| crate::bench::gate::GateInput {
                label: label.clone(),
                results: loaded
                    .results
                    .iter()
                    .filter(|r| r.config_value(".file") == label)
                    .count(),
                looks_like_bench: true,
            })
            .collect(),
        options: crate::bench::gate::GateOptions {
            threshold_pct: pct,
            allow_missing: args.allow_missing,
        },
    });
    let status = report(&tables, &loaded, args.format, gate)?;
    // A run cut short must not pass a CI gate.
    if collected.stopped && status == ExitCode::SUCCESS {
        return Ok(ExitCode::from(1));
    }
    Ok(status)
}
