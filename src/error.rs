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

/// `s` with every control character written as an escape (`\n`, `\t`,
/// `\u{1b}`), so that a message is one line and no byte of a file name or
/// URL reaches the terminal as a command.
pub fn escape_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// A regex crate error in one line: what is wrong (`unclosed group`),
/// without the pattern and caret diagram it spreads over several lines.
pub fn regex_message(e: &regex::Error) -> String {
    let text = e.to_string();
    let last = text
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or("invalid regex");
    last.strip_prefix("error: ").unwrap_or(last).to_string()
}

/// What the binary prints for an error: one line, controls escaped. A
/// message whose further lines all start with a tab is a summary and the
/// caret diagram of an expression the user typed; the diagram may follow
/// (escaped too, but for its tabs), on lines of its own.
pub fn message_lines(text: &str) -> Vec<String> {
    let mut lines = text.split('\n');
    let first = lines.next().unwrap_or("");
    let rest: Vec<&str> = lines.collect();
    if !rest.is_empty() && rest.iter().all(|l| l.starts_with('\t')) {
        std::iter::once(escape_controls(first))
            .chain(
                rest.iter()
                    // A tab in the expression stays a tab, as benchstat
                    // echoes it; the caret's padding counted it as one.
                    .map(|l| {
                        let parts: Vec<String> = l[1..].split('\t').map(escape_controls).collect();
                        format!("\t{}", parts.join("\t"))
                    }),
            )
            .collect()
    } else {
        vec![escape_controls(text)]
    }
}

#[cfg(test)]
mod message_tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_messages_are_one_line() {
        assert_eq!(
            message_lines("a\nb\u{1b}[31mred: no such file"),
            ["a\\nb\\u{1b}[31mred: no such file"]
        );
        assert_eq!(
            message_lines("parsing -filter: syntax error: expected value\n\t.name:(\n\t       ^"),
            [
                "parsing -filter: syntax error: expected value",
                "\t.name:(",
                "\t       ^"
            ]
        );
        // Built at run time: a literal bad regex is a lint error.
        let pattern = ["parse", "("].concat();
        let e = regex::Regex::new(&pattern).unwrap_err();
        assert_eq!(regex_message(&e), "unclosed group");
    }
}
