//! `--watch` for a screen: a watcher of its files and, with `--every`, a
//! timer. Both report through a callback and stop when dropped (the timer
//! at its next tick).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;

use super::WatchSpec;
use crate::io::watch::{FileWatcher, WatchEvent, DEBOUNCE};

/// What the watching of one screen reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    /// An input changed, or the timer fired.
    Changed,
    /// Watching failed.
    Failed(String),
    /// Some input's directory is gone or not there yet: its changes are
    /// not seen (the message says which).
    Lost(String),
    /// Everything is watched again after [`Report::Lost`].
    Resumed,
}

/// Watches a screen's inputs until dropped.
pub struct Watching {
    _files: Option<FileWatcher>,
    timer: Option<Arc<AtomicBool>>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        if let Some(stop) = &self.timer {
            stop.store(true, Ordering::Relaxed);
        }
    }
}

/// Starts watching what `spec` names; `report` is called from the watcher's
/// and the timer's threads and returns false once nobody listens.
pub fn start(
    spec: &WatchSpec,
    report: impl Fn(Report) -> bool + Send + Sync + 'static,
) -> Watching {
    let report = Arc::new(report);
    let files = if spec.files.is_empty() {
        None
    } else {
        let r = Arc::clone(&report);
        let on_event = move |ev: WatchEvent| {
            r(match ev {
                WatchEvent::Changed(_) => Report::Changed,
                WatchEvent::Error(e) => Report::Failed(e),
                WatchEvent::Lost(dir) => Report::Lost(format!("{} is missing", dir.display())),
                WatchEvent::Resumed => Report::Resumed,
            });
        };
        match FileWatcher::new(&spec.files, DEBOUNCE, on_event) {
            Ok(w) => Some(w),
            Err(e) => {
                report(Report::Failed(e));
                None
            }
        }
    };
    let timer = spec.every.map(|period| {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let r = Arc::clone(&report);
        thread::spawn(move || loop {
            thread::sleep(period);
            if flag.load(Ordering::Relaxed) || !r(Report::Changed) {
                return;
            }
        });
        stop
    });
    Watching {
        _files: files,
        timer,
    }
}
