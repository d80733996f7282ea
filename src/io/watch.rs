//! Watching input files for changes (`--watch`).
//!
//! The parent directory of each file is watched, not the file: an editor or
//! a `go test -cpuprofile` run that writes a new file and renames it over
//! the old one replaces the inode, which a watch on the file itself would
//! lose. Events are debounced (a burst of writes is one change) and
//! filtered to the watched files; the callback gets the changed ones.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

/// How long the files must be quiet before a change is reported: long
/// enough to merge the writes of one save, short enough to stay within the
/// 500 ms from write to new frame.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// A file written to without pause (a benchmark run appending lines) is
/// still reported this often, so the view follows along.
pub const MAX_DELAY: Duration = Duration::from_secs(1);

/// notify's debouncer merges the events of one operation (a rename's two
/// halves, a write's modify and close) over this window; the quiet period
/// above then merges operations.
const EVENT_WINDOW: Duration = Duration::from_millis(30);

/// Watches files until dropped.
pub struct FileWatcher {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

/// Whether an event changes a file's content or existence. Opening and
/// reading do not (they must not, or a reload, which reads the file,
/// would trigger the next one), nor do metadata changes such as atime.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// What the watcher reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchEvent {
    /// These watched files changed (were written, replaced, created or
    /// deleted).
    Changed(Vec<PathBuf>),
    /// The watch itself failed.
    Error(String),
}

/// The absolute form of `p` (its directory made absolute), so that events,
/// which carry absolute paths, can be matched against it.
fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map_or_else(|_| p.to_path_buf(), |d| d.join(p))
    };
    // Resolve symlinks in the directory part (e.g. /tmp on macOS); the
    // file itself may not exist at the moment.
    match (p.parent(), p.file_name()) {
        (Some(dir), Some(name)) => dir
            .canonicalize()
            .map_or_else(|_| p.clone(), |d| d.join(name)),
        _ => p,
    }
}

impl FileWatcher {
    /// Starts watching `files`; `on_event` runs on the watcher's thread
    /// once the files have been quiet for `debounce` (or every
    /// [`MAX_DELAY`] while they keep changing).
    pub fn new(
        files: &[PathBuf],
        debounce: Duration,
        on_event: impl Fn(WatchEvent) + Send + 'static,
    ) -> Result<Self, String> {
        let wanted: Vec<PathBuf> = files.iter().map(|f| absolute(f)).collect();
        let dirs: BTreeSet<PathBuf> = wanted
            .iter()
            .filter_map(|f| f.parent().map(Path::to_path_buf))
            .collect();
        let watched = wanted.clone();
        let (raw_tx, raw_rx) = mpsc::channel::<WatchEvent>();
        std::thread::spawn(move || coalesce(&raw_rx, debounce, &on_event));
        let on_event = move |e: WatchEvent| {
            let _ = raw_tx.send(e);
        };
        let handler = move |res: DebounceEventResult| match res {
            Ok(events) => {
                let mut changed: Vec<PathBuf> = Vec::new();
                for e in events.iter().filter(|e| is_change(&e.event.kind)) {
                    for p in &e.event.paths {
                        let path = absolute(p);
                        if let Some(w) = watched.iter().find(|w| **w == path) {
                            if !changed.contains(w) {
                                changed.push(w.clone());
                            }
                        }
                    }
                }
                if !changed.is_empty() {
                    on_event(WatchEvent::Changed(changed));
                }
            }
            Err(errors) => on_event(WatchEvent::Error(
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            )),
        };
        let mut debouncer = new_debouncer(EVENT_WINDOW, None, handler)
            .map_err(|e| format!("cannot watch files: {e}"))?;
        for d in &dirs {
            debouncer
                .watch(d, RecursiveMode::NonRecursive)
                .map_err(|e| format!("cannot watch {}: {e}", d.display()))?;
        }
        Ok(FileWatcher {
            _debouncer: debouncer,
        })
    }
}

/// Reports a burst of changes once: after the first, waits until nothing
/// more arrives for `quiet` (or [`MAX_DELAY`] has passed), then reports
/// every file that changed. Ends when the watcher is dropped.
fn coalesce(rx: &mpsc::Receiver<WatchEvent>, quiet: Duration, on_event: &impl Fn(WatchEvent)) {
    while let Ok(first) = rx.recv() {
        let mut paths: Vec<PathBuf> = Vec::new();
        let add = |e: WatchEvent, paths: &mut Vec<PathBuf>| match e {
            WatchEvent::Changed(ps) => {
                for p in ps {
                    if !paths.contains(&p) {
                        paths.push(p);
                    }
                }
            }
            WatchEvent::Error(err) => on_event(WatchEvent::Error(err)),
        };
        add(first, &mut paths);
        let start = Instant::now();
        let mut open = true;
        while start.elapsed() < MAX_DELAY {
            match rx.recv_timeout(quiet) {
                Ok(e) => add(e, &mut paths),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    open = false;
                    break;
                }
            }
        }
        if !paths.is_empty() {
            on_event(WatchEvent::Changed(paths));
        }
        if !open {
            return;
        }
    }
}
