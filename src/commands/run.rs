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
    let kinds: Vec<&'static str> = args.profile.iter().map(|p| p.kind()).collect();
    if !kinds.is_empty() && !matches!(runners[0], Runner::Binaries(..)) {
        return Err(msg(
            "--profile needs a `go test` command (its test binaries write the profiles)".into(),
        ));
    }
    let sides: [Side; 2] = [0, 1].map(|i| Side {
        label: labels[i].clone(),
        dir: dirs[i].clone(),
        runner: runners[i].clone(),
        profiles: (!kinds.is_empty()).then(|| (kinds.clone(), scratch.0.join(format!("prof{i}")))),
    });
    for s in &sides {
        if let Some((_, d)) = &s.profiles {
            std::fs::create_dir_all(d).map_err(|e| msg(format!("{}: {e}", d.display())))?;
        }
    }
    let run_dirs = args
        .save
        .as_ref()
        .map(|dir| [dir.join("baseline"), dir.join("working")]);
    let save = match &run_dirs {
        Some(dirs) => {
            let files = dirs.clone().map(|d| d.join("bench.txt"));
            for (d, f) in dirs.iter().zip(&files) {
                std::fs::create_dir_all(d).map_err(|e| msg(format!("{}: {e}", d.display())))?;
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
    if let Some(dirs) = &run_dirs {
        for (side, dir) in sides.iter().zip(dirs) {
            for kind in &kinds {
                merge_profiles(side, kind, dir).map_err(msg)?;
            }
        }
    }
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

/// Merges the `kind` profiles of a side's runs into `dir/KIND.pb.gz`.
fn merge_profiles(side: &Side, kind: &str, dir: &std::path::Path) -> Result<(), String> {
    let files = side.profile_files(kind);
    if files.is_empty() {
        return Ok(());
    }
    let mut profiles = Vec::new();
    for f in &files {
        profiles.push(crate::formats::load_file(f).map_err(|e| e.to_string())?);
    }
    let merged = crate::profile::merge::merge(profiles)?;
    let out = dir.join(format!("{kind}.pb.gz"));
    crate::formats::export::write_file(&merged, &out).map_err(|e| format!("{}: {e}", out.display()))
}
