//! The benchmark view of `perftui run` as it runs: the runs' progress
//! arrives with each reload of the result files, `p` pauses between runs,
//! and once a round has written merged profiles `C` and `M` open them.

use std::sync::Arc;

use super::{note, BenchApp, BenchMsg, RunLinks};
use crate::run::progress::{Control, Progress, State};
use crate::run_summary::DiffOptions;
use crate::tui::{Effect, Job};

/// A run going on behind the view.
#[derive(Debug, Clone)]
pub struct LiveRun {
    /// Pauses and stops the runs.
    pub control: Control,
    /// Where they were at the last reload.
    pub progress: Progress,
    /// Whether `p` asked for a pause (the runs pause once the one going
    /// ends).
    pub paused: bool,
    /// Profiles are collected (`--profile`), so `C` and `M` will open.
    pub profiles: bool,
}

impl LiveRun {
    /// The view of the runs `control` drives.
    pub fn new(control: Control, profiles: bool) -> Self {
        LiveRun {
            progress: control.snapshot(),
            control,
            paused: false,
            profiles,
        }
    }
}

/// A snapshot of the runs, carried by a reload's result. Messages compare
/// equal when their snapshots do, the profile pairs by allocation.
#[derive(Debug, Clone)]
pub struct LiveProgress(pub Box<Progress>);

impl PartialEq for LiveProgress {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.0, &other.0);
        let links = match (&a.links, &b.links) {
            (Some(x), Some(y)) => Arc::ptr_eq(x, y),
            (None, None) => true,
            _ => false,
        };
        links
            && Progress {
                links: None,
                ..(**a).clone()
            } == Progress {
                links: None,
                ..(**b).clone()
            }
    }
}

impl Eq for LiveProgress {}

/// Setting the runs' pause flag, off the event loop's thread of state.
#[derive(Debug, Clone)]
pub struct PauseJob {
    /// The runs.
    pub control: Control,
    /// Pause (or resume).
    pub paused: bool,
}

impl PauseJob {
    /// Sets the flag; the message says it is set.
    pub fn run(self) -> BenchMsg {
        self.control.set_paused(self.paused);
        BenchMsg::Paused(self.paused)
    }
}

/// `p`: pause before the next run, or resume.
pub fn toggle_pause(app: &mut BenchApp) -> Vec<Effect> {
    let Some(live) = app.live.as_mut() else {
        return Vec::new();
    };
    if live.progress.state.is_over() {
        note(app, "the runs are over");
        return Vec::new();
    }
    live.paused = !live.paused;
    vec![Effect::Spawn(Job::BenchPause(PauseJob {
        control: live.control.clone(),
        paused: live.paused,
    }))]
}

/// The pause flag is set.
pub fn paused(app: &mut BenchApp, paused: bool) {
    note(
        app,
        if paused {
            "pausing after the run going now (p resumes)"
        } else {
            "resumed"
        },
    );
}

/// A reload brought where the runs are: keep it, and once a round has
/// merged profiles, let `C` and `M` open them.
pub fn progressed(app: &mut BenchApp, progress: Progress) {
    let Some(live) = app.live.as_mut() else {
        return;
    };
    if let Some(pairs) = &progress.links {
        let same = app
            .links
            .as_ref()
            .is_some_and(|l| Arc::ptr_eq(&l.pairs, pairs));
        if !same {
            app.links = Some(RunLinks {
                pairs: Arc::clone(pairs),
                options: DiffOptions::default(),
            });
        }
    }
    if progress.state.is_over() {
        live.paused = false;
    }
    // `--watch`: a new round of the working tree brings its own file; the
    // next reload reads it.
    if let (Some(columns), Some(w)) = (&progress.columns, app.watch.as_mut()) {
        if *columns != w.files {
            w.files = columns.clone();
            // The newest round is the one to look at.
            app.focus_col = columns.len().saturating_sub(1).max(1);
        }
    }
    live.progress = progress;
}

/// Why `C` or `M` cannot open a profile diff yet.
pub fn no_profiles_yet(live: &LiveRun) -> &'static str {
    if !live.profiles {
        "C and M need the runs' profiles: perftui run --profile cpu,mem"
    } else if matches!(live.progress.state, State::Failed { .. }) {
        "no round finished, so there are no merged profiles"
    } else {
        "the profiles open once the first round has finished"
    }
}
