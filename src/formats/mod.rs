//! Reading input files: content detection and one reader per format.
//!
//! The kind of a file is decided by its content, never its name: gzip is
//! unpacked first, then the text formats are recognised by their first
//! lines, and anything else must decode as a pprof protobuf.

pub mod capped;
pub mod collapsers;
pub mod cpuprofile;
pub mod export;
pub mod folded;
pub mod goroutine;
pub mod gzip;
pub mod legacy;
pub mod perf;
pub mod pprof;

use std::path::Path;

use crate::error::{FileError, LoadError};
use crate::profile::Profile;

/// The formats perftui reads profiles from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// pprof `profile.proto` (gzipped or raw).
    Pprof,
    /// `goroutine profile: total N` (debug=1).
    GoroutineDebug1,
    /// `goroutine N [state]:` blocks (debug=2 or a crash dump).
    GoroutineDebug2,
    /// `heap profile: ...` (debug=1).
    LegacyHeap,
    /// `--- mutex:` / `--- contention:` (debug=1).
    LegacyContention,
    /// `a;b;c 42` lines.
    Folded,
    /// `perf script` output.
    PerfScript,
    /// Chrome DevTools / Node.js `.cpuprofile` JSON.
    CpuProfile,
    /// A format one of inferno's collapsers reads.
    Collapsed(collapsers::Collapser),
}

/// Recognises a text format from the first lines; `None` means "not one
/// of the text formats" (the caller then tries protobuf).
pub fn detect_text(data: &[u8]) -> Option<Kind> {
    let head = &data[..data.len().min(64 * 1024)];
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        // A multi-byte character may be cut at the end of the window.
        Err(e) if e.valid_up_to() > head.len().saturating_sub(4) && e.valid_up_to() > 0 => {
            std::str::from_utf8(&head[..e.valid_up_to()]).ok()?
        }
        Err(_) => return None,
    };
    if cpuprofile::looks_like(text) {
        return Some(Kind::CpuProfile);
    }
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next()?.trim_start();
    if first.starts_with("goroutine profile: total ") {
        return Some(Kind::GoroutineDebug1);
    }
    if first.starts_with("heap profile:") {
        return Some(Kind::LegacyHeap);
    }
    if first.starts_with("--- mutex:") || first.starts_with("--- contention:") {
        return Some(Kind::LegacyContention);
    }
    if text.lines().take(400).any(goroutine::is_goroutine_header) {
        return Some(Kind::GoroutineDebug2);
    }
    // Before perf script: a macOS sample report's frames look like perf's.
    if let Some(c) = collapsers::detect(text) {
        return Some(Kind::Collapsed(c));
    }
    if text.lines().take(200).any(perf::is_frame_line) {
        return Some(Kind::PerfScript);
    }
    if folded::parse_line(first).is_some() {
        return Some(Kind::Folded);
    }
    // A very deep stack makes the first line longer than the window: look
    // at the whole first line.
    if !head.contains(&b'\n') && head.len() < data.len() {
        let end = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
        let line = std::str::from_utf8(&data[..end]).ok()?;
        if folded::parse_line(line.trim()).is_some() {
            return Some(Kind::Folded);
        }
    }
    None
}

/// Reads a profile from bytes (gzip or not), inflating at most the
/// default cap.
pub fn read_profile(data: &[u8]) -> Result<Profile, LoadError> {
    read_profile_capped(data, gzip::MAX_INFLATED)
}

/// Reads a profile from bytes (gzip or not), inflating at most `cap` bytes.
pub fn read_profile_capped(data: &[u8], cap: u64) -> Result<Profile, LoadError> {
    if data.is_empty() {
        return Err(LoadError::Empty);
    }
    let inflated;
    let data = if gzip::is_gzip(data) {
        let mut early = EarlyCheck::default();
        inflated = gzip::inflate_checked(data, cap, |so_far| early.check(so_far, cap))?;
        if inflated.is_empty() {
            return Err(LoadError::Empty);
        }
        &inflated[..]
    } else {
        data
    };
    let kind = detect_text(data);
    let mut profile = match kind {
        Some(Kind::GoroutineDebug1) => goroutine::parse_debug1(data),
        Some(Kind::GoroutineDebug2) => goroutine::parse_debug2(data),
        Some(Kind::LegacyHeap) => legacy::parse_heap(data),
        Some(Kind::LegacyContention) => legacy::parse_contention(data),
        Some(Kind::Folded) => folded::parse(data),
        Some(Kind::PerfScript) => perf::parse(data),
        Some(Kind::CpuProfile) => cpuprofile::parse(data),
        Some(Kind::Collapsed(c)) => collapsers::parse(data, c),
        Some(Kind::Pprof) | None => {
            if looks_like_text(data) {
                return Err(LoadError::Unrecognized(NOT_A_TEXT_FORMAT.to_string()));
            }
            pprof::decode(data).map_err(|e| protobuf_error(e, data))
        }
    }?;
    // pprof demangles what it reads; the other formats' own tools (inferno,
    // DevTools, speedscope) show names as written.
    if matches!(
        kind,
        None | Some(
            Kind::Pprof
                | Kind::GoroutineDebug1
                | Kind::GoroutineDebug2
                | Kind::LegacyHeap
                | Kind::LegacyContention
        )
    ) {
        crate::profile::symbols::demangle_as_pprof(&mut profile);
    }
    // Nothing can be shown of a profile that measures nothing; saying so
    // here lets the caller name the file.
    if profile.sample_types.is_empty() {
        return Err(LoadError::Profile(
            "the profile has no sample types".to_string(),
        ));
    }
    if let Some(index) = profile.overflowing_type() {
        return Err(LoadError::Profile(profile.overflow_message(index)));
    }
    Ok(profile)
}

/// Says whether a protobuf error is damage to a profile or a file that is
/// not one at all.
fn protobuf_error(e: LoadError, data: &[u8]) -> LoadError {
    match e {
        LoadError::Protobuf(m) if pprof::plausible_profile(data) => {
            LoadError::Protobuf(format!("{m} (the pprof profile is damaged)"))
        }
        LoadError::Protobuf(m) => LoadError::Unrecognized(format!(
            "not a pprof profile or any known text format (protobuf: {m})"
        )),
        other => other,
    }
}

const NOT_A_TEXT_FORMAT: &str =
    "text that is not a goroutine dump, legacy Go profile, folded stacks, perf script, .cpuprofile, DTrace, macOS sample, VTune or Visual Studio CSV, GHC .prof or xctrace XML";

/// What is known of a gzip stream's contents while it inflates.
#[derive(Debug, Default)]
enum EarlyCheck {
    /// Too little seen to tell.
    #[default]
    Unknown,
    /// One of the text formats: its reader decides.
    Text,
    /// A protobuf, checked field by field as it arrives.
    Pprof(pprof::Framing),
}

impl EarlyCheck {
    /// Refuses `so_far` (the stream's start) with the error reading the
    /// whole stream would give, once that error is certain.
    fn check(&mut self, so_far: &[u8], cap: u64) -> Result<(), LoadError> {
        if let EarlyCheck::Unknown = self {
            // The text formats are told apart by their first 64 KiB.
            if so_far.len() < 64 * 1024 {
                return Ok(());
            }
            *self = if detect_text(so_far).is_some() {
                EarlyCheck::Text
            } else if looks_like_text(so_far) {
                if !so_far.contains(&b'\n') {
                    // Perhaps a folded stack deeper than the window.
                    return Ok(());
                }
                return Err(LoadError::Unrecognized(NOT_A_TEXT_FORMAT.to_string()));
            } else {
                EarlyCheck::Pprof(pprof::Framing::default())
            };
        }
        match self {
            EarlyCheck::Pprof(framing) => framing
                .advance(so_far, cap)
                .map_err(|e| protobuf_error(e, so_far)),
            _ => Ok(()),
        }
    }
}

fn looks_like_text(data: &[u8]) -> bool {
    let head = &data[..data.len().min(4096)];
    !head.is_empty()
        && head.iter().all(|&b| {
            b == b'\n' || b == b'\r' || b == b'\t' || (0x20..0x7f).contains(&b) || b >= 0x80
        })
        && std::str::from_utf8(head).is_ok()
}

/// Reads the profile file at `path` with the default size cap; errors name
/// the file.
pub fn load_file(path: &Path) -> Result<Profile, FileError> {
    load_file_capped(path, gzip::MAX_INFLATED)
}

/// Reads the profile file at `path`, refusing more than `cap` bytes (the
/// file, or its inflated contents).
pub fn load_file_capped(path: &Path, cap: u64) -> Result<Profile, FileError> {
    let name = path.display().to_string();
    let data = capped::read_path(path, cap).map_err(|error| FileError {
        file: name.clone(),
        error,
    })?;
    read_profile_capped(&data, cap).map_err(|error| FileError { file: name, error })
}

pub(crate) fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ if e.raw_os_error() == Some(21) => "is a directory".to_string(),
        _ => e.to_string(),
    }
}
