//! Watching a source tree for edits (`perftui run --watch`): the whole
//! tree, recursively, except what is not source — `.git`, `target/`, the
//! run's own directories and editors' scratch files — so that a build or a
//! saved result never triggers the next round.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use super::watch::{absolute, is_change};

/// How long the tree must be quiet before an edit counts: a save that
/// writes several files (or an editor's write-and-rename) is one edit.
pub const SETTLE: Duration = Duration::from_millis(300);

/// A watch on a tree; stops when dropped.
pub struct TreeWatcher {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    changes: Receiver<PathBuf>,
}

impl TreeWatcher {
    /// Watches `root` and everything under it but `ignored` (and the
    /// directories no edit of source is in).
    pub fn new(root: &Path, ignored: &[PathBuf]) -> Result<Self, String> {
        let root = root
            .canonicalize()
            .map_err(|e| format!("{}: {e}", root.display()))?;
        let ignored: Vec<PathBuf> = ignored.iter().map(|p| absolute(p)).collect();
        let (tx, changes) = mpsc::channel();
        let within = root.clone();
        let handler = move |res: DebounceEventResult| {
            let Ok(events) = res else {
                return;
            };
            for e in events.iter().filter(|e| is_change(&e.event.kind)) {
                for p in &e.event.paths {
                    if !is_ignored(&within, &ignored, p) {
                        let _ = tx.send(p.clone());
                    }
                }
            }
        };
        let mut debouncer = new_debouncer(SETTLE, None, handler)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        debouncer
            .watch(&root, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        Ok(TreeWatcher {
            _debouncer: debouncer,
            changes,
        })
    }

    /// The first file edited since the last call, waiting up to `wait`
    /// for it; then until the tree has been quiet for [`SETTLE`], so that
    /// the rest of the edit (more files saved, or a slow write reported in
    /// two parts) is taken with it rather than starting another round.
    pub fn changed(&self, wait: Duration) -> Option<PathBuf> {
        let first = match self.changes.recv_timeout(wait) {
            Ok(p) => p,
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
        };
        while self.changes.recv_timeout(SETTLE).is_ok() {}
        Some(first)
    }
}

/// Whether an event on `path` is not an edit of the source under `root`:
/// inside `.git` or a `target` directory, under one of `ignored`, or an
/// editor's scratch file (`.x.swp`, `x~`, `.#x`, vim's `4913`).
pub fn is_ignored(root: &Path, ignored: &[PathBuf], path: &Path) -> bool {
    if ignored.iter().any(|i| path.starts_with(i)) {
        return true;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return true;
    };
    if rel
        .components()
        .any(|c| matches!(c.as_os_str().to_str(), Some(".git" | "target")))
    {
        return true;
    }
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".#")
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_edits_of_source_count() {
        let root = Path::new("/w");
        let runs = [PathBuf::from("/w/results")];
        let ignored = |p: &str| is_ignored(root, &runs, Path::new(p));
        assert!(!ignored("/w/work.go"));
        assert!(!ignored("/w/pkg/sub/a.rs"));
        assert!(ignored("/w/.git/index"));
        assert!(ignored("/w/target/release/x"));
        assert!(ignored("/w/crate/target/debug/y"));
        assert!(ignored("/w/results/working/bench.txt"));
        assert!(ignored("/w/.work.go.swp"));
        assert!(ignored("/w/work.go~"));
        assert!(ignored("/w/4913"));
        assert!(ignored("/elsewhere/work.go"));
    }

    #[test]
    fn an_edit_is_seen_and_a_build_directory_is_not() {
        let dir = std::env::temp_dir().join(format!("perftui-tree-watch-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("target")).unwrap_or_else(|e| panic!("{e}"));
        let w = TreeWatcher::new(&dir, &[]).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.join("target/out"), "x").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(w.changed(Duration::from_millis(900)), None);
        std::fs::write(dir.join("work.go"), "package x").unwrap_or_else(|e| panic!("{e}"));
        let got = w.changed(Duration::from_secs(10));
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(
            got.and_then(|p| p.file_name().map(|n| n.to_owned())),
            Some("work.go".into())
        );
    }
}
