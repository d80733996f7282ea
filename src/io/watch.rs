//! Watching input files for changes (`--watch`).
//!
//! The parent directory of each file is watched, not the file: an editor or
//! a `go test -cpuprofile` run that writes a new file and renames it over
//! the old one replaces the inode, which a watch on the file itself would
//! lose. Events are debounced (a burst of writes is one change) and
//! filtered to the watched files; the callback gets the changed ones.
//!
//! A watch on a directory ends when the directory is removed, and a
//! directory that does not exist cannot be watched: a supervisor checks a
//! few times a second that each directory watched is still the one on disk
//! (the same inode), re-arms the watch when it was removed and made again,
//! and meanwhile watches its nearest existing ancestor, saying so
//! ([`WatchEvent::Lost`], then [`WatchEvent::Resumed`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
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

/// How often the supervisor checks that the watched directories are
/// still there.
pub const REARM_CHECK: Duration = Duration::from_millis(200);

type Watcher = Debouncer<RecommendedWatcher, RecommendedCache>;

/// Watches files until dropped.
pub struct FileWatcher {
    stop: Arc<AtomicBool>,
}

impl Drop for FileWatcher {
    fn drop(&mut self) {
        // The supervisor owns the watcher and drops it at its next check.
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Whether an event changes a file's content or existence. Opening and
/// reading do not (they must not, or a reload, which reads the file,
/// would trigger the next one), nor do metadata changes such as atime.
pub(crate) fn is_change(kind: &EventKind) -> bool {
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
    /// A watched file's directory is gone (or not there yet): its files'
    /// changes are not seen until it comes back.
    Lost(PathBuf),
    /// Every watched directory is there and watched again; the files may
    /// have changed meanwhile.
    Resumed,
}

/// The absolute form of `p` (its directory made absolute), so that events,
/// which carry absolute paths, can be matched against it.
pub(crate) fn absolute(p: &Path) -> PathBuf {
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
        let raw_tx_for_supervisor = raw_tx.clone();
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
        let debouncer = new_debouncer(EVENT_WINDOW, None, handler)
            .map_err(|e| format!("cannot watch files: {e}"))?;
        let mut arms = Arms {
            debouncer,
            armed: dirs.into_iter().map(|d| (d, None)).collect(),
            lost: None,
        };
        let events = raw_tx_for_supervisor;
        arms.check(&|e| {
            let _ = events.send(e);
        })?;
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(REARM_CHECK);
                // A failure to re-arm is tried again at the next check.
                let _ = arms.check(&|e| {
                    let _ = events.send(e);
                });
            }
        });
        Ok(FileWatcher { stop })
    }
}

/// A directory watched, with what tells it from one made again under the
/// same name.
type Armed = (PathBuf, Option<(u64, u64)>);

/// Where each wanted directory's watch is: on the directory itself, or on
/// its nearest existing ancestor while it is missing.
struct Arms {
    debouncer: Watcher,
    /// Wanted directory, and the directory watched for it.
    armed: Vec<(PathBuf, Option<Armed>)>,
    /// The first wanted directory that is missing, as last reported.
    lost: Option<PathBuf>,
}

impl Arms {
    /// Re-arms what moved; reports a directory lost, or all of them back.
    fn check(&mut self, report: &dyn Fn(WatchEvent)) -> Result<(), String> {
        let mut first_error = None;
        for (wanted, armed) in &mut self.armed {
            let Some(target) = nearest_existing(wanted) else {
                continue;
            };
            let now = Some((target.clone(), identity(&target)));
            if *armed == now {
                continue;
            }
            if let Some((old, _)) = armed.take() {
                // A removed directory's watch is gone already.
                let _ = self.debouncer.unwatch(&old);
            }
            match self.debouncer.watch(&target, RecursiveMode::NonRecursive) {
                Ok(()) => *armed = now,
                Err(e) => {
                    first_error.get_or_insert(format!("cannot watch {}: {e}", target.display()));
                }
            }
        }
        let missing = self
            .armed
            .iter()
            .find(|(wanted, armed)| armed.as_ref().map_or(true, |(t, _)| t != wanted))
            .map(|(wanted, _)| wanted.clone());
        if missing != self.lost {
            match &missing {
                Some(d) => report(WatchEvent::Lost(d.clone())),
                None => report(WatchEvent::Resumed),
            }
            self.lost = missing;
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// `dir` if it is a directory, else its nearest ancestor that is.
fn nearest_existing(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().find(|a| a.is_dir()).map(Path::to_path_buf)
}

/// What tells a directory from one made again under the same name.
#[cfg(unix)]
fn identity(dir: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(dir).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(_dir: &Path) -> Option<(u64, u64)> {
    None
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
            other => on_event(other),
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
