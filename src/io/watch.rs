//! Watching input files for changes (`--watch`).
//!
//! The parent directory of each file is watched, not the file: an editor or
//! a `go test -cpuprofile` run that writes a new file and renames it over
//! the old one replaces the inode, which a watch on the file itself would
//! lose. Events are debounced (a burst of writes is one change) and
//! filtered to the watched files; the callback gets the changed ones.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

/// How long the files must be quiet before a change is reported: long
/// enough to merge the writes of one save, short enough to stay within the
/// 500 ms from write to new frame.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

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
    /// Starts watching `files`; `on_event` runs on the watcher's thread.
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
        let mut debouncer = new_debouncer(debounce, None, handler)
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
