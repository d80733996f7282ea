//! Walking directories a user points perftui at (criterion output, run
//! directories): each directory once however symlinks loop back, and
//! entries that are not regular files named rather than opened (opening a
//! FIFO with no writer would wait forever).

use std::collections::HashSet;
use std::fs::Metadata;
use std::path::Path;

/// The directories already walked, by device and inode, so a symlink loop
/// or a directory linked twice is visited once.
#[derive(Debug, Default)]
pub struct Visited(HashSet<(u64, u64)>);

impl Visited {
    /// Whether `dir` is seen here for the first time (and remembers it).
    /// A directory that cannot be inspected counts as seen.
    pub fn first_visit(&mut self, dir: &Path) -> bool {
        std::fs::metadata(dir)
            .map(|m| self.0.insert(identity(&m)))
            .unwrap_or(false)
    }
}

#[cfg(unix)]
fn identity(m: &Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (m.dev(), m.ino())
}

#[cfg(not(unix))]
fn identity(m: &Metadata) -> (u64, u64) {
    // Without inodes, the modification time and length stand in: loops
    // are then bounded by the callers' depth limits.
    let t = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64);
    (t, m.len())
}

/// What an entry is, following symlinks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A regular file: read it.
    File,
    /// A directory: walk it.
    Dir,
    /// Something not to open, with what it is ("a named pipe (FIFO)").
    Skipped(&'static str),
    /// A dangling symlink or an entry that vanished.
    Missing,
}

/// What `path` is, following symlinks.
pub fn kind(path: &Path) -> Kind {
    let Ok(m) = std::fs::metadata(path) else {
        return Kind::Missing;
    };
    let t = m.file_type();
    if t.is_file() {
        Kind::File
    } else if t.is_dir() {
        Kind::Dir
    } else {
        Kind::Skipped(special(&t))
    }
}

#[cfg(unix)]
fn special(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special(_: &std::fs::FileType) -> &'static str {
    "not a regular file"
}

/// The note shown for a skipped entry.
pub fn skipped_note(path: &Path, what: &str) -> String {
    format!("{}: skipped, {what}", path.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_symlink_loop_is_one_directory() {
        let dir = std::env::temp_dir().join(format!("perftui-tree-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("a")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("..", dir.join("a/up")).unwrap();
        let mut seen = Visited::default();
        assert!(seen.first_visit(&dir));
        assert!(seen.first_visit(&dir.join("a")));
        #[cfg(unix)]
        assert!(!seen.first_visit(&dir.join("a/up")));
        assert_eq!(kind(&dir.join("a")), Kind::Dir);
        assert_eq!(kind(&dir.join("none")), Kind::Missing);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
