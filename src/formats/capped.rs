//! Reading an input with the size cap counted while reading: a regular
//! file's size is known before, but a pipe, `/dev/stdin`, `/dev/zero` or
//! `/dev/urandom` has none, and must not be read past the cap.

use std::io::Read;
use std::path::Path;

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

/// The file at `path`, refused before reading when it is a regular file
/// larger than `cap`, and while reading otherwise.
pub fn read_path(path: &Path, cap: u64) -> Result<Vec<u8>, LoadError> {
    let file = std::fs::File::open(path).map_err(|e| LoadError::Io(super::io_message(&e)))?;
    if let Ok(meta) = file.metadata() {
        if meta.is_dir() {
            return Err(LoadError::Io("is a directory".to_string()));
        }
        if meta.is_file() && meta.len() > cap {
            return Err(LoadError::FileTooLarge(meta.len(), cap));
        }
    }
    read_capped(file, cap)
}

/// Standard input, at most `cap` bytes.
pub fn read_stdin(cap: u64) -> Result<Vec<u8>, LoadError> {
    read_capped(std::io::stdin().lock(), cap)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
