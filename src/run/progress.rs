//! What the thread running the benchmarks shares with whoever watches it
//! (the live view): where the runs are, whether to pause or stop, and the
//! profile pairs of the rounds so far. The watcher reads a [`Progress`]
//! snapshot, so what it shows is plain data.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::run_dirs::RunPair;

/// What the runs are doing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum State {
    /// Not started yet.
    #[default]
    Starting,
    /// A run is going.
    Running,
    /// Paused between runs (`p`).
    Paused,
    /// Every round ran.
    Finished,
    /// `--until-significant`: every benchmark was decided after this round.
    Decided(usize),
    /// Stopped before the last round (`q`, a signal).
    Stopped,
    /// A run failed: one line, and the last lines of its stderr.
    Failed {
        /// Which side and what happened.
        what: String,
        /// The end of the command's stderr, control characters escaped.
        tail: Vec<String>,
    },
    /// `--watch`: waiting for the working tree to change.
    Watching,
    /// `--watch`: rebuilding the working tree's side after an edit of
    /// this file.
    Building(String),
}

impl State {
    /// No run is going or will go without the user.
    pub fn is_over(&self) -> bool {
        matches!(
            self,
            State::Finished | State::Decided(_) | State::Stopped | State::Failed { .. }
        )
    }
}

/// Where the runs are, at one moment.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Progress {
    /// The round going (1-based; 0 before the first).
    pub round: usize,
    /// Rounds planned (`--count`, or `--until-significant`'s most).
    pub rounds: usize,
    /// Runs finished.
    pub runs: usize,
    /// Runs planned.
    pub total: usize,
    /// The side running now.
    pub side: String,
    /// Since the first run started (until the last ended).
    pub elapsed: Duration,
    /// The time the remaining runs should take, from the mean so far.
    pub eta: Option<Duration>,
    /// What the runs are doing.
    pub state: State,
    /// `--watch`: the working tree's rounds so far (1 before any change).
    pub generation: usize,
    /// The runs' profile pairs once a round has written merged profiles.
    pub links: Option<Arc<Vec<RunPair>>>,
    /// `--watch`: the result files to compare now (`label=path`: the
    /// baseline, the previous round, this one).
    pub columns: Option<Vec<String>>,
}

impl Progress {
    /// How far the runs are, from 0 to 1.
    pub fn ratio(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            (self.runs as f64 / self.total as f64).min(1.0)
        }
    }
}

#[derive(Debug, Default)]
struct Shared {
    progress: Progress,
    started: Option<Instant>,
    ended: Option<Instant>,
    /// How long the runs took, for the ETA (pauses left out).
    running: Duration,
    run_started: Option<Instant>,
}

/// The runs' controls and progress, shared between threads.
#[derive(Debug, Clone)]
pub struct Control {
    /// Set to stop: the running command's process group is killed.
    pub stop: Arc<AtomicBool>,
    pause: Arc<AtomicBool>,
    shared: Arc<Mutex<Shared>>,
}

impl Control {
    /// Controls that `stop` also stops (a signal handler's flag).
    pub fn new(stop: Arc<AtomicBool>) -> Self {
        Control {
            stop,
            pause: Arc::new(AtomicBool::new(false)),
            shared: Arc::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        // A panic elsewhere leaves plain data behind: still worth showing.
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the runs should stop.
    pub fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Stops the runs.
    pub fn request_stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// Pauses the runs before the next one starts, or resumes them.
    pub fn set_paused(&self, paused: bool) {
        self.pause.store(paused, Ordering::Relaxed);
    }

    /// Waits while paused (and not stopping), showing so.
    pub fn wait_while_paused(&self) {
        if !self.pause.load(Ordering::Relaxed) {
            return;
        }
        let before = std::mem::replace(&mut self.lock().progress.state, State::Paused);
        while self.pause.load(Ordering::Relaxed) && !self.stopping() {
            std::thread::sleep(Duration::from_millis(20));
        }
        self.lock().progress.state = before;
    }

    /// The plan: `rounds` rounds of `total` runs in all.
    pub fn plan(&self, rounds: usize, total: usize) {
        let mut s = self.lock();
        s.progress.rounds = rounds;
        s.progress.total = total;
    }

    /// A run of `side` in `round` (1-based) starts.
    pub fn run_starts(&self, round: usize, side: &str) {
        let mut s = self.lock();
        let now = Instant::now();
        s.started.get_or_insert(now);
        s.ended = None;
        s.run_started = Some(now);
        s.progress.round = round;
        s.progress.side = side.to_string();
        s.progress.state = State::Running;
    }

    /// The run that started last ended.
    pub fn run_ends(&self) {
        let mut s = self.lock();
        if let Some(t) = s.run_started.take() {
            s.running += t.elapsed();
        }
        s.progress.runs += 1;
    }

    /// The runs are over (or waiting for `--watch`) in `state`.
    pub fn set_state(&self, state: State) {
        let mut s = self.lock();
        if state.is_over() || state == State::Watching {
            s.ended.get_or_insert_with(Instant::now);
        }
        s.progress.state = state;
    }

    /// `--watch`: a new round of the working tree, of `rounds` rounds of
    /// one run each; the progress counts them afresh.
    pub fn next_generation(&self, rounds: usize) {
        let mut s = self.lock();
        s.progress.generation = s.progress.generation.max(1) + 1;
        s.progress.runs = 0;
        s.progress.total = rounds;
        s.progress.rounds = rounds;
        s.progress.round = 0;
        s.started = None;
        s.ended = None;
        s.running = Duration::ZERO;
    }

    /// `--watch`: the result files to compare from now on.
    pub fn set_columns(&self, columns: Vec<String>) {
        self.lock().progress.columns = Some(columns);
    }

    /// The profile pairs the rounds so far wrote.
    pub fn set_links(&self, links: Vec<RunPair>) {
        self.lock().progress.links = Some(Arc::new(links));
    }

    /// Where the runs are now.
    pub fn snapshot(&self) -> Progress {
        let s = self.lock();
        let mut p = s.progress.clone();
        let now = s.ended.unwrap_or_else(Instant::now);
        p.elapsed = s.started.map_or(Duration::ZERO, |t| now.duration_since(t));
        p.eta = (p.runs > 0 && !p.state.is_over()).then(|| {
            let mean = s.running.as_secs_f64() / p.runs as f64;
            Duration::from_secs_f64(mean * p.total.saturating_sub(p.runs) as f64)
        });
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eta_is_the_mean_run_times_the_runs_left() {
        let c = Control::new(Arc::default());
        c.plan(3, 6);
        c.run_starts(1, "a");
        std::thread::sleep(Duration::from_millis(30));
        c.run_ends();
        let p = c.snapshot();
        assert_eq!((p.round, p.runs, p.total, p.side.as_str()), (1, 1, 6, "a"));
        let eta = p.eta.map(|d| d.as_secs_f64()).unwrap_or_default();
        // Five runs left of about 30 ms each.
        assert!((0.14..1.0).contains(&eta), "{eta}");
        assert!((p.ratio() - 1.0 / 6.0).abs() < 1e-9);
        c.set_state(State::Finished);
        assert_eq!(c.snapshot().eta, None);
    }

    #[test]
    fn pausing_waits_until_resumed_or_stopped() {
        let c = Control::new(Arc::default());
        c.set_paused(true);
        let waiter = {
            let c = c.clone();
            std::thread::spawn(move || c.wait_while_paused())
        };
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(c.snapshot().state, State::Paused);
        assert!(!waiter.is_finished());
        c.request_stop();
        waiter
            .join()
            .unwrap_or_else(|_| panic!("the waiter panicked"));
        assert_eq!(c.snapshot().state, State::Starting);
    }
}
