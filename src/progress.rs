//! Progress of long work (reading, decompressing, decoding, building),
//! reported by the readers and analyses as they go and shown by whoever
//! listens: the printing subcommands draw it on stderr when that is a
//! terminal (`commands::progress_bar`). Reporting is a few atomic stores,
//! cheap enough for inner loops every few thousand items; nothing here
//! knows how it is shown.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

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
}
