//! Reading an input with the size cap counted while reading: a regular
//! file's size is known before, but a pipe, `/dev/stdin`, `/dev/zero` or
//! `/dev/urandom` has none, and must not be read past the cap.
//!
//! Such an input can be read only once, so sniffing its format with
//! [`head`] keeps what it read, and [`read_path`] returns it before the rest.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::LoadError;

/// At most `cap` bytes of `reader`; more is an error, found by reading one
/// byte past the cap and no further.
pub fn read_capped(reader: impl Read, cap: u64) -> Result<Vec<u8>, LoadError> {
    let mut data = Vec::new();
    reader
        .take(cap.saturating_add(1))
        .read_to_end(&mut data)
        .map_err(|e| LoadError::Io(super::io_message(&e)))?;
    if data.len() as u64 > cap {
        return Err(LoadError::StreamTooLarge(cap));
    }
    Ok(data)
}

/// The start of a pipe or device that [`head`] read, with the stream it
/// read it from, which holds the rest.
struct Peeked {
    path: PathBuf,
    head: Vec<u8>,
    rest: File,
}

/// Every input whose start was sniffed but not yet read by its reader.
static PEEKED: Mutex<Vec<Peeked>> = Mutex::new(Vec::new());

fn peeked() -> std::sync::MutexGuard<'static, Vec<Peeked>> {
    // A panic elsewhere while holding the lock leaves the list usable.
    PEEKED.lock().unwrap_or_else(|e| e.into_inner())
}

/// At most the first `n` bytes of the file at `path`, for sniffing its
/// format, or `None` when it cannot be opened. A pipe or device keeps what
/// was read for the reader, so `<(cat f)` and `/dev/stdin` lose nothing.
pub fn head(path: &Path, n: usize) -> Option<Vec<u8>> {
    if let Some(p) = peeked().iter().find(|p| p.path == path) {
        return Some(p.head[..p.head.len().min(n)].to_vec());
    }
    let mut file = File::open(path).ok()?;
    let regular = file.metadata().map(|m| m.is_file()).unwrap_or(false);
    let mut head = Vec::with_capacity(n.min(1 << 20));
    // A pipe delivers its start in pieces; read until `n` bytes or the end.
    (&mut file).take(n as u64).read_to_end(&mut head).ok()?;
    if !regular {
        peeked().push(Peeked {
            path: path.to_path_buf(),
            head: head.clone(),
            rest: file,
        });
    }
    Some(head)
}

/// The file at `path`, refused before reading when it is a regular file
/// larger than `cap`, and while reading otherwise.
pub fn read_path(path: &Path, cap: u64) -> Result<Vec<u8>, LoadError> {
    let taken = {
        let mut list = peeked();
        let at = list.iter().position(|p| p.path == path);
        at.map(|i| list.swap_remove(i))
    };
    if let Some(Peeked { head, rest, .. }) = taken {
        let left = cap
            .checked_sub(head.len() as u64)
            .ok_or(LoadError::StreamTooLarge(cap))?;
        let mut data = head;
        data.extend(read_capped(rest, left).map_err(|e| match e {
            LoadError::StreamTooLarge(_) => LoadError::StreamTooLarge(cap),
            e => e,
        })?);
        return Ok(data);
    }
    let file = File::open(path).map_err(|e| LoadError::Io(super::io_message(&e)))?;
    if let Ok(meta) = file.metadata() {
        if meta.is_dir() {
            return Err(LoadError::Io("is a directory".to_string()));
        }
        if meta.is_file() && meta.len() > cap {
            return Err(LoadError::FileTooLarge(meta.len(), cap));
        }
        if meta.is_file() && meta.len() > PROGRESS_CHUNK {
            return read_with_progress(file, path, meta.len(), cap);
        }
    }
    read_capped(file, cap)
}

/// Files read in pieces of this size report their progress.
const PROGRESS_CHUNK: u64 = 8 << 20;

/// A large regular file, read in pieces so that the progress bar moves.
fn read_with_progress(file: File, path: &Path, size: u64, cap: u64) -> Result<Vec<u8>, LoadError> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let _step = crate::progress::step(format!("reading {name}"), size);
    #[cfg(unix)]
    return read_in_two(file, size as usize, cap);
    #[cfg(not(unix))]
    return read_reporting(file, cap, size.min(cap) as usize, PROGRESS_CHUNK);
}

/// A regular file of `size` bytes, its halves read at once on two cores
/// (the copy and the page faults of a large read are a fifth of opening a
/// 20 MB folded file). A file that shrinks meanwhile gives what it had, one
/// that grows is read on to its end, under `cap` as any other.
#[cfg(unix)]
fn read_in_two(file: File, size: usize, cap: u64) -> Result<Vec<u8>, LoadError> {
    use std::io::{Seek, SeekFrom};
    let io = |e: std::io::Error| LoadError::Io(super::io_message(&e));
    let mut data = vec![0u8; size];
    let mid = size / 2;
    let (first, second) = data.split_at_mut(mid);
    let (got_first, got_second) = std::thread::scope(|s| {
        let second = s.spawn(|| fill_at(&file, second, mid as u64));
        let first = fill_at(&file, first, 0);
        (first, second.join())
    });
    let got_first = got_first.map_err(io)?;
    // Reading does not panic; were it to, no half-read file goes on.
    let got_second = got_second
        .map_err(|_| LoadError::Io("the read stopped".to_string()))?
        .map_err(io)?;
    if got_first < mid {
        data.truncate(got_first);
        return Ok(data);
    }
    data.truncate(mid + got_second);
    if data.len() == size {
        let mut rest = file;
        rest.seek(SeekFrom::Start(size as u64)).map_err(io)?;
        let left = cap.saturating_sub(size as u64);
        data.extend(read_capped(rest, left).map_err(|e| match e {
            LoadError::StreamTooLarge(_) => LoadError::StreamTooLarge(cap),
            e => e,
        })?);
    }
    Ok(data)
}

/// Fills `buf` from `file` at `offset`, in pieces that report progress;
/// returns how much it read (less at the end of the file).
#[cfg(unix)]
fn fill_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    use std::os::unix::fs::FileExt;
    let mut got = 0;
    while got < buf.len() {
        let end = buf.len().min(got + PROGRESS_CHUNK as usize / 2);
        match file.read_at(&mut buf[got..end], offset + got as u64) {
            Ok(0) => break,
            Ok(n) => {
                got += n;
                crate::progress::add(n as u64);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Standard input, at most `cap` bytes, its progress reported as it
/// comes (a slow pipe or download can take a while).
pub fn read_stdin(cap: u64) -> Result<Vec<u8>, LoadError> {
    let _step = crate::progress::step("reading standard input", 0);
    read_reporting(std::io::stdin().lock(), cap, 0, 1 << 20)
}

/// At most `cap` bytes of `reader`, read `chunk` bytes at a time, each
/// piece reported to the progress step going on.
fn read_reporting(
    reader: impl Read,
    cap: u64,
    capacity: usize,
    chunk: u64,
) -> Result<Vec<u8>, LoadError> {
    let mut data = Vec::with_capacity(capacity);
    let mut rest = reader.take(cap.saturating_add(1));
    loop {
        let got = (&mut rest)
            .take(chunk)
            .read_to_end(&mut data)
            .map_err(|e| LoadError::Io(super::io_message(&e)))?;
        crate::progress::set(data.len() as u64);
        if got == 0 {
            break;
        }
    }
    if data.len() as u64 > cap {
        return Err(LoadError::StreamTooLarge(cap));
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_read_in_two_halves_is_the_file() {
        let dir = std::env::temp_dir().join(format!("perftui-halves-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // Odd sizes, so the halves differ; numbered lines, so a half read
        // at the wrong place or twice shows.
        for lines in [1_500_001u32, 1_600_003] {
            let text: Vec<u8> = (0..lines)
                .flat_map(|i| format!("{i}\n").into_bytes())
                .collect();
            assert!(text.len() as u64 > PROGRESS_CHUNK);
            let path = dir.join(format!("{lines}.txt"));
            std::fs::write(&path, &text).unwrap();
            let read = read_path(&path, u64::MAX).unwrap();
            assert!(read == text, "{} bytes read of {}", read.len(), text.len());
            let cap = text.len() as u64 - 1;
            assert_eq!(
                read_path(&path, cap).unwrap_err(),
                LoadError::FileTooLarge(text.len() as u64, cap)
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_file_that_grows_or_shrinks_while_read_gives_what_it_had() {
        let dir = std::env::temp_dir().join(format!("perftui-moving-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("f");
        let text: Vec<u8> = (0..100u8).cycle().take(10 << 20).collect();
        std::fs::write(&path, &text).unwrap();
        // Told it is larger than it is: only what is there.
        let file = File::open(&path).unwrap();
        let got = read_in_two(file, text.len() + 4096, u64::MAX).unwrap();
        assert!(got == text);
        // Told it is smaller: read on to the end, under the cap.
        let file = File::open(&path).unwrap();
        assert!(read_in_two(file, text.len() - 4096, u64::MAX).unwrap() == text);
        let file = File::open(&path).unwrap();
        assert_eq!(
            read_in_two(file, text.len() - 4096, text.len() as u64 - 1).unwrap_err(),
            LoadError::StreamTooLarge(text.len() as u64 - 1)
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_endless_device_stops_at_the_cap() {
        let zero = Path::new("/dev/zero");
        if !zero.exists() {
            return;
        }
        let e = read_path(zero, 1 << 20).unwrap_err();
        assert_eq!(e, LoadError::StreamTooLarge(1 << 20));
        assert_eq!(read_capped(&b"abc"[..], 3).unwrap(), b"abc");
        assert!(read_capped(&b"abcd"[..], 3).is_err());
    }

    #[test]
    fn a_sniffed_pipe_is_read_whole_by_its_reader() {
        let fifo = std::env::temp_dir().join(format!("perftui-fifo-{}", std::process::id()));
        let _ = std::fs::remove_file(&fifo);
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.map(|s| s.success()).unwrap_or(false) {
            eprintln!("SKIPPED: mkfifo is not available");
            return;
        }
        let text: Vec<u8> = (0..300_000u32)
            .flat_map(|i| format!("{i}\n").into_bytes())
            .collect();
        let writer = {
            let (fifo, text) = (fifo.clone(), text.clone());
            std::thread::spawn(move || std::fs::write(fifo, text).unwrap())
        };
        let start = head(&fifo, 256 * 1024).unwrap();
        assert_eq!(start.len(), 256 * 1024);
        // Sniffing again sees the same start, and reading sees everything.
        assert_eq!(head(&fifo, 10).unwrap(), text[..10]);
        assert_eq!(read_path(&fifo, 1 << 30).unwrap(), text);
        writer.join().unwrap();
        let _ = std::fs::remove_file(&fifo);
    }
}
