//! `perftui run --watch`: once the first rounds are done, every edit of
//! the working tree builds it again and runs more rounds of it alone, the
//! baseline's results kept; each new set is compared with the baseline and
//! with the set before (in the live view as three columns and a line of
//! the detail pane, with `--no-tui` as two reports).

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::bench::report;
use super::run::{comparison, merge_profiles, WORKING};
use crate::cli::BenchFormatArg;
use crate::io::tree_watch::TreeWatcher;
use crate::run::gotest::GoTest;
use crate::run::progress::{Control, State};
use crate::run::{interleave, Collected, Runner, Side};

/// One set of results: its column title, where it is written (when it
/// is), what it holds, and the run directory its profiles are merged in.
#[derive(Debug, Clone, Default)]
pub struct Column {
    /// The column title (`HEAD~1`, `working tree #2`).
    pub label: String,
    /// Its results file.
    pub file: Option<PathBuf>,
    /// Its results.
    pub data: Vec<u8>,
    /// Its run directory (merged profiles), when saved.
    pub dir: Option<PathBuf>,
}

impl Column {
    /// `label=path`, as the live view's watch reads it.
    fn input(&self) -> Option<String> {
        self.file
            .as_ref()
            .map(|f| format!("{}={}", self.label, f.display()))
    }
}

/// What the watching needs to run the working tree again.
pub struct Watch<'a> {
    /// Edits of the working tree.
    pub tree: TreeWatcher,
    /// The working tree.
    pub here: &'a Path,
    /// The `go test` command, built again after each edit.
    pub go: Option<&'a GoTest>,
    /// Any other command, run as it is.
    pub command: &'a [String],
    /// Where test binaries and profiles go.
    pub scratch: &'a Path,
    /// Rounds per set.
    pub rounds: usize,
    /// Where each set's run directory is made (`working-N`).
    pub save_root: Option<&'a Path>,
    /// The profiles each run writes.
    pub kinds: &'a [&'static str],
    /// The saved or baseline results.
    pub baseline: Column,
    /// The significance level.
    pub alpha: f64,
    /// Print each set's reports (`--no-tui`).
    pub print: Option<BenchFormatArg>,
}

impl Watch<'_> {
    /// Watches and runs until stopped, starting from the first set
    /// `first`, which `first_side` ran; whether it was stopped in the
    /// middle of a set (rather than while waiting for an edit).
    ///
    /// The previous set's `go test` binaries are still there, so each new
    /// set runs interleaved with them (their runs go to the new set's
    /// `previous.txt`): the comparison with the set before is as fair as
    /// the one with the baseline, whatever the machine's load did between
    /// the edits. Another command can only be run as the tree is now, so
    /// its new set is compared with the previous set's results as they were.
    pub fn run(
        &self,
        first: Column,
        first_side: Option<Side>,
        control: &Control,
        log: &mut dyn FnMut(&str),
    ) -> bool {
        let mut previous = first;
        let mut previous_side = first_side.filter(|s| matches!(s.runner, Runner::Binaries(..)));
        for generation in 2.. {
            control.set_state(State::Watching);
            log("watching the working tree for edits (Ctrl-C ends)");
            let Some(path) = self.wait(control) else {
                return false;
            };
            let shown = path.strip_prefix(self.here).unwrap_or(&path).display();
            log(&format!("{shown} changed: running the working tree again"));
            let Some(side) = self.side(generation, &shown.to_string(), control, log) else {
                continue;
            };
            let column = Column {
                label: side.label.clone(),
                file: self
                    .save_root
                    .map(|r| r.join(format!("working-{generation}")).join("bench.txt")),
                data: Vec::new(),
                dir: self
                    .save_root
                    .map(|r| r.join(format!("working-{generation}"))),
            };
            if let Some(f) = &column.file {
                if let Err(e) = prepare(f) {
                    log(&e);
                    control.set_state(State::Failed {
                        what: e,
                        tail: Vec::new(),
                    });
                    continue;
                }
            }
            // The previous build again, beside the new one.
            let rerun = previous_side.as_ref().map(|s| {
                let side = Side {
                    label: previous.label.clone(),
                    profiles: None,
                    ..s.clone()
                };
                let column = Column {
                    label: previous.label.clone(),
                    file: column.dir.as_ref().map(|d| d.join("previous.txt")),
                    data: Vec::new(),
                    dir: None,
                };
                (side, column)
            });
            if let Some(Some(f)) = rerun.as_ref().map(|(_, c)| &c.file) {
                if let Err(e) = prepare(f) {
                    log(&e);
                    continue;
                }
            }
            control.next_generation(self.rounds);
            let before = rerun.as_ref().map_or(&previous, |(_, c)| c);
            let columns: Option<Vec<String>> = [&self.baseline, before, &column]
                .iter()
                .map(|c| c.input())
                .collect();
            if let Some(c) = columns {
                control.set_columns(c);
            }
            let mut sides: Vec<Side> = rerun.iter().map(|(s, _)| s.clone()).collect();
            sides.push(side.clone());
            let files: Option<Vec<PathBuf>> = rerun
                .iter()
                .map(|(_, c)| c.file.clone())
                .chain([column.file.clone()])
                .collect();
            let mut merge = |_: &Collected| {
                self.merge(&side, &column, control);
                false
            };
            match interleave(
                &sides,
                self.rounds,
                control,
                files.as_deref(),
                log,
                &mut merge,
            ) {
                Err(e) => {
                    log(&e.to_string());
                    control.set_state(State::Failed {
                        what: format!("{}: {}", e.side, e.what),
                        tail: e.tail,
                    });
                }
                Ok(c) if c.stopped => return true,
                Ok(c) => {
                    // The last round's `merge` has merged every profile.
                    let mut outputs = c.outputs;
                    let column = Column {
                        data: outputs.pop().unwrap_or_default(),
                        ..column
                    };
                    let before = match rerun {
                        Some((_, c)) => Column {
                            data: outputs.pop().unwrap_or_default(),
                            ..c
                        },
                        None => previous,
                    };
                    if let Some(format) = self.print {
                        self.print(format, &before, &column, log);
                    }
                    previous = column;
                    if previous_side.is_some() {
                        previous_side = Some(side);
                    }
                }
            }
        }
        false
    }

    /// The next edit, or `None` once stopped.
    fn wait(&self, control: &Control) -> Option<PathBuf> {
        loop {
            if control.stopping() {
                return None;
            }
            if let Some(p) = self.tree.changed(Duration::from_millis(100)) {
                return Some(p);
            }
        }
    }

    /// The working tree as it is now, built; a failed build is shown and
    /// waits for the next edit.
    fn side(
        &self,
        generation: usize,
        changed: &str,
        control: &Control,
        log: &mut dyn FnMut(&str),
    ) -> Option<Side> {
        let label = format!("{WORKING} #{generation}");
        let runner = match self.go {
            Some(go) => {
                control.set_state(State::Building(changed.to_string()));
                let bin_dir = self.scratch.join(format!("bin-{generation}"));
                let built = std::fs::create_dir_all(&bin_dir)
                    .map_err(|e| format!("{}: {e}", bin_dir.display()))
                    .and_then(|_| go.build(self.here, &bin_dir));
                match built {
                    Ok(bins) => Runner::Binaries(bins, go.run.clone()),
                    Err(e) => {
                        log(&format!("{label}: {e}"));
                        let mut lines: Vec<String> = e.lines().map(str::to_string).collect();
                        let what = if lines.is_empty() {
                            String::new()
                        } else {
                            lines.remove(0)
                        };
                        control.set_state(State::Failed {
                            what: format!("{label}: {what}"),
                            tail: lines,
                        });
                        return None;
                    }
                }
            }
            None => Runner::Command(self.command.to_vec()),
        };
        let profiles = (!self.kinds.is_empty()).then(|| {
            let dir = self.scratch.join(format!("prof-{generation}"));
            let _ = std::fs::create_dir_all(&dir);
            (self.kinds.to_vec(), dir)
        });
        Some(Side {
            label,
            dir: self.here.to_path_buf(),
            runner,
            profiles,
        })
    }

    /// The set's profiles so far, merged into its run directory, and their
    /// diff against the baseline's for `C` and `M`.
    fn merge(&self, side: &Side, column: &Column, control: &Control) {
        let Some(dir) = &column.dir else {
            return;
        };
        for kind in self.kinds {
            // A failure shows as a missing profile pair.
            let _ = merge_profiles(side, kind, dir);
        }
        if let (false, Some(base)) = (self.kinds.is_empty(), &self.baseline.dir) {
            if let Ok(pairs) = crate::run_dirs::pair(base, dir, crate::input::DEFAULT_MAX_SIZE) {
                control.set_links(pairs);
            }
        }
    }

    /// `--no-tui`: the new set against the baseline, then against the set
    /// before.
    fn print(
        &self,
        format: BenchFormatArg,
        previous: &Column,
        new: &Column,
        log: &mut dyn FnMut(&str),
    ) {
        for before in [&self.baseline, previous] {
            if format == BenchFormatArg::Text {
                println!("\n{} vs {}:", new.label, before.label);
            }
            let labels = [before.label.clone(), new.label.clone()];
            let data = [before.data.clone(), new.data.clone()];
            let printed = comparison(None, &labels, &data, self.alpha)
                .map_err(|e| e.to_string())
                .and_then(|(tables, loaded, _)| {
                    report(&tables, &loaded, format, None).map_err(|e| e.to_string())
                });
            if let Err(e) = printed {
                log(&e);
            }
        }
    }
}

/// An empty results file in its own directory.
fn prepare(file: &Path) -> Result<(), String> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(file, "").map_err(|e| format!("{}: {e}", file.display()))
}
