//! Errors of reading and analysing profiles: values, never panics.

use std::fmt;

/// Why a file could not be read as a profile. The message is one line and
/// names what is wrong; [`FileError`] adds the file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// The file has no bytes at all.
    #[error("empty file")]
    Empty,
    /// The gzip stream ends early.
    #[error("truncated gzip stream")]
    TruncatedGzip,
    /// The gzip trailer's CRC-32 does not match the data.
    #[error("gzip checksum mismatch (the file is corrupt)")]
    GzipChecksum,
    /// Any other gzip decoding problem.
    #[error("corrupt gzip stream: {0}")]
    Gzip(String),
    /// Decompressed data would exceed the size cap.
    #[error("decompressed size exceeds the {} limit (--max-size)", human_size(*.0))]
    TooLarge(u64),
    /// An input without a size (a pipe, a device, standard input) gave more
    /// than the size cap while it was read.
    #[error("more than the {} limit read (--max-size)", human_size(*.0))]
    StreamTooLarge(u64),
    /// The file itself (bytes) is larger than the size cap (bytes).
    #[error("file of {} exceeds the {} limit (--max-size)", human_size(*.0), human_size(*.1))]
    FileTooLarge(u64, u64),
    /// The protobuf wire format is broken.
    #[error("malformed protobuf: {0}")]
    Protobuf(String),
    /// The protobuf decodes but the profile is inconsistent.
    #[error("malformed profile: {0}")]
    Profile(String),
    /// A text format was recognised but a line is broken.
    #[error("line {line}: {msg}")]
    Text {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        msg: String,
    },
    /// No reader recognised the content.
    #[error("unrecognized format: {0}")]
    Unrecognized(String),
    /// Reading the file failed.
    #[error("{0}")]
    Io(String),
    /// Several profiles cannot be combined.
    #[error("{0}")]
    Incompatible(String),
}

/// A [`LoadError`] with the name of the file it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The file as the user named it.
    pub file: String,
    /// What is wrong.
    pub error: LoadError,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.error)
    }
}

impl std::error::Error for FileError {}

/// A byte count as `512 B`, `22.3 KiB`, `4.0 GiB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = bytes as f64;
    let mut i = 0;
    while v >= 1024.0 && i + 1 < UNITS.len() {
        v /= 1024.0;
        i += 1;
    }
    if i == 0 {
        format!("{bytes} B")
    } else {
        format!("{v:.1} {}", UNITS[i])
    }
}
