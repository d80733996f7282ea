//! Progress of long work (reading, decompressing, decoding, building),
//! reported by the readers and analyses as they go and shown by whoever
//! listens: the printing subcommands draw it on stderr when that is a
//! terminal (`commands::progress_bar`), the screens on their bottom row
//! (`tui::runtime`). Reporting is a few atomic stores,
//! cheap enough for inner loops every few thousand items; nothing here
//! knows how it is shown.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What is going on, at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Which step this is (each `begin` makes a new one).
    pub id: u64,
    /// What it does (`reading cpu.pb.gz`).
    pub what: String,
    /// Units done.
    pub done: u64,
    /// Units in all (0 when not known).
    pub total: u64,
}

/// Where one piece of work is.
#[derive(Debug)]
pub struct Tracker {
    active: AtomicBool,
    done: AtomicU64,
    total: AtomicU64,
    step: AtomicU64,
    what: Mutex<String>,
}

impl Tracker {
    /// Nothing going on.
    pub const fn new() -> Self {
        Tracker {
            active: AtomicBool::new(false),
            done: AtomicU64::new(0),
            total: AtomicU64::new(0),
            step: AtomicU64::new(0),
            what: Mutex::new(String::new()),
        }
    }

    /// A step begins: `what` it does, of `total` units (0 when not known).
    pub fn begin(&self, what: impl Into<String>, total: u64) {
        *self.what.lock().unwrap_or_else(|e| e.into_inner()) = what.into();
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        self.step.fetch_add(1, Ordering::Relaxed);
        self.active.store(true, Ordering::Release);
    }

    /// `done` units of the step are done.
    pub fn set(&self, done: u64) {
        self.done.store(done, Ordering::Relaxed);
    }

    /// `k` more units are done (from any thread: the parts of a step done
    /// on two cores each add theirs).
    pub fn add(&self, k: u64) {
        self.done.fetch_add(k, Ordering::Relaxed);
    }

    /// The step is over.
    pub fn end(&self) {
        self.active.store(false, Ordering::Release);
    }

    /// The step going on, if any.
    pub fn current(&self) -> Option<Step> {
        if !self.active.load(Ordering::Acquire) {
            return None;
        }
        Some(Step {
            id: self.step.load(Ordering::Relaxed),
            what: self.what.lock().unwrap_or_else(|e| e.into_inner()).clone(),
            done: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
        })
    }
}

impl Default for Tracker {
    fn default() -> Self {
        Tracker::new()
    }
}

/// The process's work: what the readers report and the progress bar shows.
static GLOBAL: Tracker = Tracker::new();

/// A step of the process's work begins (see [`Tracker::begin`]).
pub fn begin(what: impl Into<String>, total: u64) {
    GLOBAL.begin(what, total);
}

/// `done` units of the current step are done.
pub fn set(done: u64) {
    GLOBAL.set(done);
}

/// `k` more units of the current step are done (see [`Tracker::add`]).
pub fn add(k: u64) {
    GLOBAL.add(k);
}

/// The current step is over.
pub fn end() {
    GLOBAL.end();
}

/// The step of the process's work going on, if any.
pub fn current() -> Option<Step> {
    GLOBAL.current()
}

/// Ends the step when dropped, however its work ends.
pub struct Guard(());

impl Drop for Guard {
    fn drop(&mut self) {
        end();
    }
}

/// [`begin`], ended when the guard is dropped.
pub fn step(what: impl Into<String>, total: u64) -> Guard {
    begin(what, total);
    Guard(())
}

/// Units an inner loop counts before it reports them: one atomic add per
/// batch keeps reporting out of the profile of the loop.
const BATCH: u64 = 1 << 16;

/// Counts units done in an inner loop and reports them to the current step
/// ([`add`]) a batch at a time, the rest when dropped. Reporting with no
/// step going on changes nothing shown, so code used both by long work and
/// by quick calls reports unconditionally; the caller that knows it is long
/// begins the step.
#[derive(Debug, Default)]
pub struct Batch {
    pending: u64,
}

impl Batch {
    /// `k` more units are done.
    #[inline]
    pub fn add(&mut self, k: u64) {
        self.pending += k;
        if self.pending >= BATCH {
            add(std::mem::take(&mut self.pending));
        }
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        if self.pending > 0 {
            add(self.pending);
        }
    }
}

/// Which step, if any, to show: one that has gone on for [`SHOW_AFTER`],
/// so quick work shows no bar at all (the same rule on stderr and in the
/// screens).
#[derive(Debug, Default)]
pub struct Shown {
    /// The step seen, and since when.
    seen: Option<(u64, Instant)>,
}

/// A step quicker than this shows no progress.
pub const SHOW_AFTER: Duration = Duration::from_millis(300);

impl Shown {
    /// The step to show at `now`, of `current` (what [`current`] says).
    pub fn observe(&mut self, current: Option<Step>, now: Instant) -> Option<Step> {
        let Some(step) = current else {
            self.seen = None;
            return None;
        };
        let since = match self.seen {
            Some((id, t)) if id == step.id => t,
            _ => {
                self.seen = Some((step.id, now));
                now
            }
        };
        (now.duration_since(since) >= SHOW_AFTER).then_some(step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_is_seen_until_it_ends() {
        let t = Tracker::new();
        t.begin("reading x", 10);
        t.set(4);
        let s = t.current().unwrap_or_else(|| panic!("no step"));
        assert_eq!((s.what.as_str(), s.done, s.total), ("reading x", 4, 10));
        t.begin("decoding", 0);
        assert_eq!(t.current().map(|s| s.id), Some(s.id + 1));
        t.end();
        assert_eq!(t.current(), None);
    }

    #[test]
    fn parts_on_two_threads_add_up() {
        let t = Tracker::new();
        t.begin("building", 200);
        std::thread::scope(|s| {
            s.spawn(|| (0..100).for_each(|_| t.add(1)));
            (0..100).for_each(|_| t.add(1));
        });
        assert_eq!(t.current().map(|s| s.done), Some(200));
    }

    #[test]
    fn a_step_shows_once_it_has_gone_on_for_a_while() {
        let step = |id| Step {
            id,
            what: "building".into(),
            done: 1,
            total: 2,
        };
        let mut shown = Shown::default();
        let t0 = Instant::now();
        assert_eq!(shown.observe(Some(step(1)), t0), None);
        assert_eq!(shown.observe(Some(step(1)), t0 + SHOW_AFTER), Some(step(1)));
        // A new step starts its own wait.
        assert_eq!(shown.observe(Some(step(2)), t0 + SHOW_AFTER), None);
        assert_eq!(shown.observe(None, t0 + SHOW_AFTER * 3), None);
        assert_eq!(shown.observe(Some(step(2)), t0 + SHOW_AFTER * 3), None);
    }
}
