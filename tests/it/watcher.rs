//! The file watcher on a temp dir, for every way a profile gets rewritten:
//! in place, write-then-rename, truncate-then-write, many quick writes
//! (debounced into one change), delete-then-recreate; and reads, which must
//! not count as changes (a reload reads the file). And the file's
//! directory removed and made again, or not there yet: the watch says it
//! is lost, then re-arms.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::io::Write;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::TempDir;
use perftui::io::watch::{FileWatcher, WatchEvent, DEBOUNCE};

fn watch(file: &Path) -> (FileWatcher, mpsc::Receiver<WatchEvent>) {
    let (tx, rx) = mpsc::channel();
    let w = FileWatcher::new(&[file.to_path_buf()], DEBOUNCE, move |e| {
        let _ = tx.send(e);
    })
    .unwrap();
    // Let the watch settle before the first write.
    std::thread::sleep(Duration::from_millis(50));
    (w, rx)
}

/// The changes reported within `window` after the last one (the debounce
/// plus a margin), counted.
fn changes(rx: &mpsc::Receiver<WatchEvent>, first_within: Duration) -> usize {
    let mut n = 0;
    let deadline = Instant::now() + first_within;
    if let Ok(e) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        match e {
            WatchEvent::Changed(paths) => {
                assert_eq!(paths.len(), 1, "{paths:?}");
                n += 1;
            }
            WatchEvent::Error(e) => panic!("watch error: {e}"),
            other => panic!("unexpected {other:?}"),
        }
    }
    // Anything more within a quiet period counts too.
    while let Ok(e) = rx.recv_timeout(DEBOUNCE * 4) {
        if let WatchEvent::Changed(_) = e {
            n += 1;
        }
    }
    n
}

const WAIT: Duration = Duration::from_secs(5);

#[test]
fn rewrite_in_place() {
    let d = TempDir::new("watcher-inplace");
    let f = d.0.join("cpu.pb.gz");
    std::fs::write(&f, b"one").unwrap();
    let (_w, rx) = watch(&f);
    let mut file = std::fs::OpenOptions::new().write(true).open(&f).unwrap();
    file.write_all(b"two").unwrap();
    drop(file);
    assert_eq!(changes(&rx, WAIT), 1);
}

#[test]
fn write_then_rename() {
    let d = TempDir::new("watcher-rename");
    let f = d.0.join("cpu.pb.gz");
    std::fs::write(&f, b"one").unwrap();
    let (_w, rx) = watch(&f);
    let tmp = d.0.join("cpu.pb.gz.tmp");
    std::fs::write(&tmp, b"two").unwrap();
    std::fs::rename(&tmp, &f).unwrap();
    assert_eq!(changes(&rx, WAIT), 1);
    // The watch survives the inode being replaced: the next rename too.
    std::fs::write(&tmp, b"three").unwrap();
    std::fs::rename(&tmp, &f).unwrap();
    assert_eq!(changes(&rx, WAIT), 1);
}

#[test]
fn truncate_then_write() {
    let d = TempDir::new("watcher-truncate");
    let f = d.0.join("cpu.pb.gz");
    std::fs::write(&f, b"one two three").unwrap();
    let (_w, rx) = watch(&f);
    let mut file = std::fs::File::create(&f).unwrap();
    file.flush().unwrap();
    std::thread::sleep(Duration::from_millis(20));
    file.write_all(b"four").unwrap();
    drop(file);
    assert_eq!(changes(&rx, WAIT), 1, "truncate and write are one change");
}

#[test]
fn rapid_writes_are_debounced_into_one_change() {
    let d = TempDir::new("watcher-rapid");
    let f = d.0.join("bench.txt");
    std::fs::write(&f, b"").unwrap();
    let (_w, rx) = watch(&f);
    let mut file = std::fs::OpenOptions::new().append(true).open(&f).unwrap();
    for i in 0..20 {
        writeln!(file, "BenchmarkX-2 100 {i} ns/op").unwrap();
        file.flush().unwrap();
        std::thread::sleep(Duration::from_millis(3));
    }
    drop(file);
    assert_eq!(changes(&rx, WAIT), 1);
}

#[test]
fn delete_then_recreate() {
    let d = TempDir::new("watcher-recreate");
    let f = d.0.join("cpu.pb.gz");
    std::fs::write(&f, b"one").unwrap();
    let (_w, rx) = watch(&f);
    std::fs::remove_file(&f).unwrap();
    assert!(changes(&rx, WAIT) >= 1, "the deletion is a change");
    std::fs::write(&f, b"two").unwrap();
    assert_eq!(changes(&rx, WAIT), 1, "and so is the new file");
}

#[test]
fn reads_and_other_files_are_not_changes() {
    let d = TempDir::new("watcher-reads");
    let f = d.0.join("cpu.pb.gz");
    std::fs::write(&f, b"one").unwrap();
    let (_w, rx) = watch(&f);
    for _ in 0..3 {
        let _ = std::fs::read(&f).unwrap();
    }
    std::fs::write(d.0.join("other.pb.gz"), b"x").unwrap();
    assert_eq!(changes(&rx, DEBOUNCE * 6), 0);
}

/// Waits for an event that `want` accepts, skipping others.
fn wait_for(rx: &mpsc::Receiver<WatchEvent>, what: &str, want: impl Fn(&WatchEvent) -> bool) {
    let deadline = Instant::now() + WAIT;
    let mut seen = Vec::new();
    while let Ok(e) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        if want(&e) {
            return;
        }
        seen.push(e);
    }
    panic!("no {what}; saw {seen:?}");
}

#[test]
fn a_directory_removed_and_made_again_is_watched_again() {
    let d = TempDir::new("watcher-rearm");
    let sub = d.0.join("profiles");
    std::fs::create_dir(&sub).unwrap();
    let f = sub.join("cpu.pb.gz");
    std::fs::write(&f, b"one").unwrap();
    let (_w, rx) = watch(&f);
    std::fs::remove_dir_all(&sub).unwrap();
    wait_for(
        &rx,
        "lost",
        |e| matches!(e, WatchEvent::Lost(p) if p.ends_with("profiles")),
    );
    std::fs::create_dir(&sub).unwrap();
    wait_for(&rx, "resumed", |e| *e == WatchEvent::Resumed);
    // Writes in the new directory are seen.
    std::fs::write(&f, b"two").unwrap();
    wait_for(&rx, "the write", |e| matches!(e, WatchEvent::Changed(_)));
    std::fs::write(&f, b"three").unwrap();
    assert_eq!(changes(&rx, WAIT), 1);
}

#[test]
fn a_directory_that_is_not_there_yet_is_waited_for() {
    let d = TempDir::new("watcher-notyet");
    let f = d.0.join("later/deeper/cpu.pb.gz");
    let (tx, rx) = mpsc::channel();
    let _w = FileWatcher::new(std::slice::from_ref(&f), DEBOUNCE, move |e| {
        let _ = tx.send(e);
    })
    .unwrap();
    wait_for(
        &rx,
        "lost",
        |e| matches!(e, WatchEvent::Lost(p) if p.ends_with("later/deeper")),
    );
    std::fs::create_dir_all(f.parent().unwrap()).unwrap();
    wait_for(&rx, "resumed", |e| *e == WatchEvent::Resumed);
    std::fs::write(&f, b"one").unwrap();
    wait_for(&rx, "the write", |e| matches!(e, WatchEvent::Changed(_)));
}
