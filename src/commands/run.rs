//! `perftui run --baseline REV -- COMMAND`: the benchmark command on a
//! checkout of REV and on the working tree, interleaved, compared as
//! `perftui bench` compares files, with its gate.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use super::bench::{report, Gate};
use super::run_watch::{Column, Watch};
use super::CommandError;
use crate::cli::RunArgs;
use crate::input::Loader;
use crate::run::gotest::GoTest;
use crate::run::progress::{Control, State};
use crate::run::sequential::Sequential;
use crate::run::worktree::Worktree;
use crate::run::{interleave, Collected, RunFailed, Runner, Side};

/// The working tree's column title.
pub(super) const WORKING: &str = "working tree";

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
    if !args.no_tui && !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return Err(msg(
            "the live comparison needs a terminal (use --no-tui for a report)".into(),
        ));
    }
    if !args.profile.is_empty() && args.no_tui && args.save.is_none() {
        return Err(msg(
            "--profile with --no-tui needs --save DIR, where the merged profiles are kept".into(),
        ));
    }
    let here = std::env::current_dir().map_err(|e| msg(format!("current directory: {e}")))?;
    // Set by Ctrl-C or SIGTERM: the running command's group is killed,
    // then the worktree and binaries are removed as this returns.
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(sig, Arc::clone(&stop))
            .map_err(|e| msg(format!("signal handler: {e}")))?;
    }
    let log = |m: &str| eprintln!("perftui: {m}");
    // The saved results to compare with, read before anything runs.
    let against = args.against.as_deref().map(saved_results).transpose()?;
    let worktree = match &args.baseline {
        Some(rev) => {
            let w = Worktree::add(&here, rev).map_err(msg)?;
            if args.verbose {
                log(&format!(
                    "baseline {rev} checked out in {}",
                    w.dir.display()
                ));
            }
            Some(w)
        }
        None => None,
    };
    let scratch = Scratch(std::env::temp_dir().join(format!("perftui-run-{}", std::process::id())));
    let (dirs, labels): (Vec<PathBuf>, Vec<String>) = match (&worktree, &args.baseline) {
        (Some(w), Some(rev)) => (
            vec![w.workdir(), here.clone()],
            vec![rev.clone(), WORKING.to_string()],
        ),
        _ => (vec![here.clone()], vec![WORKING.to_string()]),
    };
    let go = GoTest::parse(&args.command);
    let runners: Vec<Runner> = match &go {
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
        None => vec![Runner::Command(args.command.clone()); dirs.len()],
    };
    let kinds: Vec<&'static str> = args.profile.iter().map(|p| p.kind()).collect();
    if !kinds.is_empty() && !matches!(runners[0], Runner::Binaries(..)) {
        return Err(msg(
            "--profile needs a `go test` command (its test binaries write the profiles)".into(),
        ));
    }
    let sides: Vec<Side> = (0..dirs.len())
        .map(|i| Side {
            label: labels[i].clone(),
            dir: dirs[i].clone(),
            runner: runners[i].clone(),
            profiles: (!kinds.is_empty())
                .then(|| (kinds.clone(), scratch.0.join(format!("prof{i}")))),
        })
        .collect();
    for s in &sides {
        if let Some((_, d)) = &s.profiles {
            std::fs::create_dir_all(d).map_err(|e| msg(format!("{}: {e}", d.display())))?;
        }
    }
    // Edits made while the first rounds run count too.
    let tree = if args.watch {
        let ignored: Vec<PathBuf> = args.save.iter().cloned().collect();
        Some(crate::io::tree_watch::TreeWatcher::new(&here, &ignored).map_err(msg)?)
    } else {
        None
    };
    let names: &[&str] = if sides.len() == 2 {
        &["baseline", "working"]
    } else {
        &["working"]
    };
    // The live view reads the results from files as they arrive: --save's,
    // or the scratch directory's.
    let save_root = args
        .save
        .clone()
        .or_else(|| (!args.no_tui).then(|| scratch.0.join("live")));
    let run_dirs: Option<Vec<PathBuf>> = save_root
        .as_ref()
        .map(|dir| names.iter().map(|n| dir.join(n)).collect());
    let save = match &run_dirs {
        Some(dirs) => {
            let files: Vec<PathBuf> = dirs.iter().map(|d| d.join("bench.txt")).collect();
            for (d, f) in dirs.iter().zip(&files) {
                std::fs::create_dir_all(d).map_err(|e| msg(format!("{}: {e}", d.display())))?;
                std::fs::write(f, "").map_err(|e| msg(format!("{}: {e}", f.display())))?;
            }
            Some(files)
        }
        None => None,
    };
    // Progress goes to stderr, which the live view's screen would garble.
    let no_tui = args.no_tui;
    let mut progress = log_fn(no_tui);
    let rule = args
        .until_significant
        .map(|max| Sequential::new(args.alpha, max as usize));
    let rounds = args.until_significant.unwrap_or(args.count) as usize;
    let alpha = rule.map_or(args.alpha, |r| r.per_look_alpha());
    let control = Control::new(Arc::clone(&stop));
    // The profile diff `C` and `M` open in the live view: the two sides'
    // run directories, or the saved run's and this one's.
    let link_dirs: Option<(PathBuf, PathBuf)> = match (&run_dirs, &against) {
        _ if kinds.is_empty() => None,
        (Some(d), _) if d.len() == 2 => Some((d[0].clone(), d[1].clone())),
        (Some(d), Some((arg, file, _))) if std::path::Path::new(arg).is_dir() => file
            .parent()
            .map(|before| (before.to_path_buf(), d[0].clone())),
        _ => None,
    };
    // After each round: the profiles so far merged (so that they can be
    // opened now, and are there whatever happens next), and whether every
    // benchmark is decided (`--until-significant`).
    let mut after_round = |c: &Collected| {
        if let Some(dirs) = &run_dirs {
            for (side, dir) in sides.iter().zip(dirs) {
                for kind in &kinds {
                    // A failure is reported by the final merge.
                    let _ = merge_profiles(side, kind, dir);
                }
            }
        }
        if let Some((before, after)) = &link_dirs {
            if let Ok(pairs) = crate::run_dirs::pair(before, after, crate::input::DEFAULT_MAX_SIZE)
            {
                control.set_links(pairs);
            }
        }
        rule.is_some_and(|r| {
            comparison(
                against.as_ref().map(|(l, _, d)| (l, d)),
                &labels,
                &c.outputs,
                alpha,
            )
            .is_ok_and(|(t, _, _)| all_decided(&t, &r))
        })
    };
    let mut watch = tree.map(|tree| Watch {
        tree,
        here: &here,
        go: go.as_ref(),
        command: &args.command,
        scratch: &scratch.0,
        rounds,
        save_root: save_root.as_deref(),
        kinds: &kinds,
        baseline: Column::default(),
        alpha,
        print: args.no_tui.then_some(args.format),
    });
    // The columns --watch starts from: the baseline (or the saved
    // results) and the working tree's first set.
    let first_columns = |c: &Collected| -> (Column, Column) {
        let column = |i: usize, label: &str| Column {
            label: label.to_string(),
            file: save.as_ref().and_then(|f| f.get(i).cloned()),
            data: c.outputs.get(i).cloned().unwrap_or_default(),
            dir: run_dirs.as_ref().and_then(|d| d.get(i).cloned()),
        };
        match &against {
            Some((label, file, data)) => (
                Column {
                    label: label.clone(),
                    file: Some(file.clone()),
                    data: data.clone(),
                    dir: link_dirs.as_ref().map(|(before, _)| before.clone()),
                },
                column(0, &labels[0]),
            ),
            None => (column(0, &labels[0]), column(1, &labels[1])),
        }
    };
    let mut signal = None;
    let collected = if args.no_tui {
        interleave(
            &sides,
            rounds,
            &control,
            save.as_deref(),
            &mut progress,
            &mut after_round,
        )
    } else {
        let files: Vec<String> = against
            .iter()
            .map(|(label, path, _)| format!("{label}={}", path.display()))
            .chain(
                labels
                    .iter()
                    .zip(save.iter().flatten())
                    .map(|(label, f)| format!("{label}={}", f.display())),
            )
            .collect();
        let title = format!("{} vs {WORKING} (live)", files_label(&against, &labels));
        std::thread::scope(|scope| {
            let runner = scope.spawn(|| {
                let ran = interleave(
                    &sides,
                    rounds,
                    &control,
                    save.as_deref(),
                    &mut progress,
                    &mut after_round,
                );
                control.set_state(final_state(&ran, rounds * sides.len(), sides.len()));
                if let (Some(w), Ok(c)) = (watch.as_mut(), &ran) {
                    if !c.stopped {
                        let (baseline, first) = first_columns(c);
                        w.baseline = baseline;
                        w.run(first, sides.last().cloned(), &control, &mut progress);
                    }
                }
                ran
            });
            let (tables, _, _) = comparison(
                against.as_ref().map(|(l, _, d)| (l, d)),
                &labels,
                &[],
                alpha,
            )
            .unwrap_or_default();
            let mut app = crate::bench_view::BenchApp::new(tables, title);
            let mut watch = crate::bench_view::BenchWatch::new(
                files,
                Some(std::time::Duration::from_millis(500)),
            );
            watch.max_size = u64::MAX;
            app.watch = Some(watch);
            app.live = Some(crate::bench_view::live::LiveRun::new(
                control.clone(),
                !kinds.is_empty(),
            ));
            let shown = super::show_until_signal(Box::new(app));
            // Leaving the view stops the runs (killing the running one).
            control.request_stop();
            let ran = runner.join().unwrap_or_else(|_| {
                Err(RunFailed {
                    side: WORKING.into(),
                    what: "the runs stopped unexpectedly".into(),
                    tail: Vec::new(),
                })
            });
            shown.map(|s| {
                signal = s;
                ran
            })
        })?
    }
    .map_err(|e| msg(e.to_string()))?;
    if let (Some(w), false, true) = (watch.as_mut(), collected.stopped, args.no_tui) {
        let (baseline, first) = first_columns(&collected);
        if args.format == crate::cli::BenchFormatArg::Text {
            println!("{} vs {}:", first.label, baseline.label);
        }
        let (tables, loaded, _) = comparison(
            None,
            &[baseline.label.clone(), first.label.clone()],
            &[baseline.data.clone(), first.data.clone()],
            alpha,
        )
        .map_err(msg)?;
        report(&tables, &loaded, args.format, None)?;
        w.baseline = baseline;
        // The worktree is not needed any more: only the working tree runs.
        drop(worktree);
        let stopped_mid_set = w.run(first, sides.last().cloned(), &control, &mut progress);
        drop(watch);
        drop(scratch);
        return Ok(ExitCode::from(u8::from(stopped_mid_set)));
    }
    if let Some(dirs) = &run_dirs {
        for (side, dir) in sides.iter().zip(dirs) {
            for kind in &kinds {
                merge_profiles(side, kind, dir).map_err(msg)?;
            }
        }
    }
    drop(worktree);
    drop(scratch);
    if let Some(sig) = signal {
        log(&format!(
            "stopped by signal {sig} after {} run(s)",
            collected.runs
        ));
        return Ok(ExitCode::from(128u8.saturating_add(sig as u8)));
    }
    if collected.stopped {
        log(&format!(
            "stopped after {} run(s); comparing what they gave",
            collected.runs
        ));
    }
    if let Some(r) = rule {
        log(&format!(
            "note: --until-significant: α {} split over {} looks, each test at {:.4} (Bonferroni)",
            r.alpha,
            r.looks,
            r.per_look_alpha()
        ));
    }
    let (tables, loaded, labels) = comparison(
        against.as_ref().map(|(l, _, d)| (l, d)),
        &labels,
        &collected.outputs,
        alpha,
    )
    .map_err(msg)?;
    if !args.no_tui {
        return Ok(ExitCode::SUCCESS);
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

/// Progress on stderr with --no-tui; the live view's screen would be
/// garbled by it otherwise.
fn log_fn(no_tui: bool) -> impl FnMut(&str) {
    move |m: &str| {
        if no_tui {
            eprintln!("perftui: {m}");
        }
    }
}

/// How the runs ended, for the live view: `total` runs planned of
/// `sides` sides.
fn final_state(ran: &Result<Collected, RunFailed>, total: usize, sides: usize) -> State {
    match ran {
        Ok(c) if c.stopped => State::Stopped,
        Ok(c) if c.runs < total => State::Decided(c.runs / sides.max(1)),
        Ok(_) => State::Finished,
        Err(e) => State::Failed {
            what: format!("{}: {}", e.side, e.what),
            tail: e.tail.clone(),
        },
    }
}

/// Merges the `kind` profiles of a side's runs into `dir/KIND.pb.gz`.
pub(super) fn merge_profiles(side: &Side, kind: &str, dir: &std::path::Path) -> Result<(), String> {
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

/// `--against`: a benchmark file, or a directory that `--save` wrote (its
/// `working/bench.txt`) or a run directory (its `bench.txt`): its label
/// (as given) and contents.
fn saved_results(arg: &str) -> Result<(String, PathBuf, Vec<u8>), CommandError> {
    let path = std::path::Path::new(arg);
    let file = if path.is_dir() {
        [path.join("working/bench.txt"), path.join("bench.txt")]
            .into_iter()
            .find(|f| f.is_file())
            .ok_or_else(|| {
                CommandError::Message(format!(
                    "--against {}: a directory without working/bench.txt or bench.txt",
                    crate::error::escape_controls(arg)
                ))
            })?
    } else {
        path.to_path_buf()
    };
    let data = std::fs::read(&file).map_err(|e| {
        CommandError::Message(format!(
            "--against {}: {e}",
            crate::error::escape_controls(&file.display().to_string())
        ))
    })?;
    Ok((arg.to_string(), file, data))
}

/// The baseline's name for the live view's title.
fn files_label(against: &Option<(String, PathBuf, Vec<u8>)>, labels: &[String]) -> String {
    match against {
        Some((label, _, _)) => label.clone(),
        None => labels.first().cloned().unwrap_or_default(),
    }
}

/// The comparison of what ran so far: the saved results first (the
/// baseline column), then each side; the tables, what was read, and the
/// column labels.
pub(super) fn comparison(
    against: Option<(&String, &Vec<u8>)>,
    labels: &[String],
    outputs: &[Vec<u8>],
    alpha: f64,
) -> Result<
    (
        crate::bench::table::Tables,
        crate::bench::formats::Loaded,
        Vec<String>,
    ),
    String,
> {
    let mut loaded = crate::bench::formats::Loaded::default();
    let empty = Vec::new();
    let outputs = outputs.iter().chain(std::iter::repeat(&empty));
    let inputs = against.into_iter().chain(labels.iter().zip(outputs));
    let mut columns = Vec::new();
    for (label, data) in inputs {
        crate::bench::formats::load_bytes(data, label, label, &mut loaded)
            .map_err(|e| format!("{label}: {e}"))?;
        columns.push(label.clone());
    }
    let opts = crate::bench::table::Options {
        alpha,
        ..crate::bench::table::Options::default()
    };
    let mut builder = crate::bench::table::Builder::new(&opts).map_err(|e| e.to_string())?;
    for r in &loaded.results {
        builder.add(r);
    }
    Ok((builder.finish(&loaded.units), loaded, columns))
}

/// Whether every benchmark of every table differs by the rule (and there
/// is at least one).
fn all_decided(tables: &crate::bench::table::Tables, rule: &Sequential) -> bool {
    let mut any = false;
    for t in &tables.tables {
        for row in &t.cells {
            let (Some(Some(base)), Some(Some(new))) = (row.first(), row.get(1)) else {
                return false;
            };
            if !rule.decided(&base.sample, &new.sample) {
                return false;
            }
            any = true;
        }
    }
    any
}
