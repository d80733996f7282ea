//! Reading input files: content detection and one reader per format.
//!
//! The kind of a file is decided by its content, never its name: gzip is
//! unpacked first (and UTF-16 transcoded), then each text format's reader
//! says how sure it is of the head of the file ([`detect`](mod@detect)), and anything
//! that is not text must decode as a pprof protobuf.

pub mod callgrind;
pub mod capped;
pub mod collapsers;
pub mod cpuprofile;
pub mod detect;
pub mod dhat;
pub mod export;
pub mod folded;
pub mod gecko;
pub mod goroutine;
pub mod gzip;
pub mod json;
pub mod legacy;
pub mod legacy_cpu;
pub mod perf;
pub mod pprof;
pub mod race;
pub mod speedscope;
pub mod stackprof;
pub mod trace_event;
pub mod utf16;
pub mod v8log;

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
    /// `--- mutex:` / `--- contention:` (debug=1) or C++ `--- contentionz`.
    LegacyContention,
    /// gperftools' binary CPU profile (Go's before 1.9).
    LegacyCpu,
    /// `a;b;c 42` lines.
    Folded,
    /// `perf script` output.
    PerfScript,
    /// Chrome DevTools / Node.js `.cpuprofile` JSON.
    CpuProfile,
    /// Chrome's trace-event JSON.
    TraceEvent,
    /// The Firefox Profiler's processed format (samply).
    Gecko,
    /// speedscope's JSON format.
    Speedscope,
    /// Ruby stackprof's JSON.
    Stackprof,
    /// V8's tick log, preprocessed by node.
    V8Log,
    /// DHAT's JSON heap profiles.
    Dhat,
    /// Go race-detector reports.
    Race,
    /// Callgrind's format.
    Callgrind,
    /// A format one of inferno's collapsers reads.
    Collapsed(collapsers::Collapser),
}

impl Kind {
    /// Every format, in the order detection prefers them on a tie.
    pub fn all() -> impl Iterator<Item = Kind> {
        [Kind::Pprof, Kind::LegacyCpu]
            .into_iter()
            .chain(detect::TEXT_KINDS.iter().copied())
    }

    /// The format's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Pprof => "pprof",
            Kind::GoroutineDebug1 => "goroutine or threadcreate profile (debug=1)",
            Kind::GoroutineDebug2 => "goroutine dump",
            Kind::LegacyHeap => "legacy heap profile",
            Kind::LegacyContention => "legacy contention profile",
            Kind::LegacyCpu => "legacy CPU profile (gperftools)",
            Kind::Folded => "folded stacks",
            Kind::PerfScript => "perf script",
            Kind::CpuProfile => ".cpuprofile",
            Kind::TraceEvent => "Chrome trace events",
            Kind::Speedscope => "speedscope",
            Kind::Stackprof => "stackprof",
            Kind::V8Log => "V8 log (node --prof-process --preprocess)",
            Kind::Gecko => "Firefox Profiler profile",
            Kind::Dhat => "DHAT",
            Kind::Race => "Go race report",
            Kind::Callgrind => "callgrind",
            Kind::Collapsed(c) => c.name(),
        }
    }

    /// The format's name for `--input-format`.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Pprof => "pprof",
            Kind::GoroutineDebug1 => "goroutine-profile",
            Kind::GoroutineDebug2 => "goroutine-dump",
            Kind::LegacyHeap => "heap-text",
            Kind::LegacyContention => "contention-text",
            Kind::LegacyCpu => "legacy-cpu",
            Kind::Folded => "folded",
            Kind::PerfScript => "perf-script",
            Kind::CpuProfile => "cpuprofile",
            Kind::TraceEvent => "chrome-trace",
            Kind::Speedscope => "speedscope",
            Kind::Stackprof => "stackprof",
            Kind::V8Log => "v8-log",
            Kind::Gecko => "gecko",
            Kind::Dhat => "dhat",
            Kind::Race => "go-race",
            Kind::Callgrind => "callgrind",
            Kind::Collapsed(c) => c.id(),
        }
    }

    /// The format called `id` (see [`Kind::id`]).
    pub fn from_id(id: &str) -> Result<Kind, String> {
        Kind::all().find(|k| k.id() == id).ok_or_else(|| {
            let ids: Vec<&str> = Kind::all().map(Kind::id).collect();
            format!("unknown input format {id:?} (one of: {})", ids.join(", "))
        })
    }
}

/// The format of `data` (inflated): text formats by their content, pprof
/// for anything that is not text; a refusal says what each reader found.
pub fn detect(data: &[u8]) -> Result<Kind, LoadError> {
    match detect::Head::of(data).map(|head| detect::detect_text(&head)) {
        Some(Ok(kind)) => Ok(kind),
        // Text with control characters may still be a protobuf.
        Some(Err(refusal)) if detect::looks_like_text(data) => {
            Err(LoadError::Unrecognized(refusal))
        }
        _ if legacy_cpu::is_legacy_cpu(data) => Ok(Kind::LegacyCpu),
        _ => Ok(Kind::Pprof),
    }
}

/// Reads a profile from bytes (gzip or not), inflating at most the
/// default cap.
pub fn read_profile(data: &[u8]) -> Result<Profile, LoadError> {
    read_profile_capped(data, gzip::MAX_INFLATED)
}

/// Reads a profile from bytes (gzip or not), inflating at most `cap` bytes.
pub fn read_profile_capped(data: &[u8], cap: u64) -> Result<Profile, LoadError> {
    read_profile_as(data, cap, None)
}

/// Reads a profile from bytes (gzip or not, UTF-16 or not), inflating at
/// most `cap` bytes, with the reader of `format` if one is forced.
pub fn read_profile_as(data: &[u8], cap: u64, format: Option<Kind>) -> Result<Profile, LoadError> {
    read_profile_with(data, cap, format, None)
}

/// [`read_profile_as`] with the symbols samply saved beside the profile.
pub fn read_profile_with(
    data: &[u8],
    cap: u64,
    format: Option<Kind>,
    symbols: Option<&[u8]>,
) -> Result<Profile, LoadError> {
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
    // Windows tools write UTF-16 with a byte-order mark.
    let transcoded;
    let data = match utf16::to_utf8(data) {
        Some(text) => {
            transcoded = text;
            transcoded.as_bytes()
        }
        None => data,
    };
    let kind = match format {
        Some(k) => k,
        None => detect(data)?,
    };
    let mut profile = match kind {
        Kind::GoroutineDebug1 => goroutine::parse_debug1(data),
        Kind::GoroutineDebug2 => goroutine::parse_debug2(data),
        Kind::LegacyHeap => legacy::parse_heap(data),
        Kind::LegacyContention => legacy::parse_contention(data),
        Kind::LegacyCpu => legacy_cpu::parse(data),
        Kind::Folded => folded::parse(data),
        Kind::PerfScript => perf::parse(data),
        Kind::CpuProfile => cpuprofile::parse(data),
        Kind::TraceEvent => trace_event::parse(data),
        Kind::Speedscope => speedscope::parse(data),
        Kind::Stackprof => stackprof::parse(data),
        Kind::V8Log => v8log::parse(data),
        Kind::Gecko => gecko::parse(data, symbols),
        Kind::Dhat => dhat::parse(data),
        Kind::Race => race::parse(data),
        Kind::Callgrind => callgrind::parse(data),
        Kind::Collapsed(c) => collapsers::parse(data, c),
        Kind::Pprof => pprof::decode(data).map_err(|e| protobuf_error(e, data)),
    }?;
    // pprof demangles what it reads; the other formats' own tools (inferno,
    // DevTools, speedscope) show names as written.
    if matches!(
        kind,
        Kind::Pprof
            | Kind::GoroutineDebug1
            | Kind::GoroutineDebug2
            | Kind::LegacyHeap
            | Kind::LegacyContention
            | Kind::LegacyCpu
            | Kind::Race
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

/// What is known of a gzip stream's contents while it inflates.
#[derive(Debug, Default)]
enum EarlyCheck {
    /// Too little seen to tell.
    #[default]
    Unknown,
    /// One of the text formats or a legacy CPU profile: its reader decides.
    Text,
    /// A protobuf, checked field by field as it arrives.
    Pprof(pprof::Framing),
}

impl EarlyCheck {
    /// Refuses `so_far` (the stream's start) with the error reading the
    /// whole stream would give, once that error is certain.
    fn check(&mut self, so_far: &[u8], cap: u64) -> Result<(), LoadError> {
        if let EarlyCheck::Unknown = self {
            // Text is left to its reader (the cap bounds it); a protobuf
            // is checked as it arrives, so a damaged one stops early.
            if so_far.len() < 4096 {
                return Ok(());
            }
            *self = if detect::looks_like_text(so_far)
                || utf16::has_bom(so_far)
                || legacy_cpu::is_legacy_cpu(so_far)
            {
                EarlyCheck::Text
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

/// Reads the profile file at `path` with the default size cap; errors name
/// the file.
pub fn load_file(path: &Path) -> Result<Profile, FileError> {
    load_file_capped(path, gzip::MAX_INFLATED)
}

/// Reads the profile file at `path`, refusing more than `cap` bytes (the
/// file, or its inflated contents).
pub fn load_file_capped(path: &Path, cap: u64) -> Result<Profile, FileError> {
    load_file_as(path, cap, None)
}

/// [`load_file_capped`] with the reader of `format` if one is forced.
pub fn load_file_as(path: &Path, cap: u64, format: Option<Kind>) -> Result<Profile, FileError> {
    let name = path.display().to_string();
    let data = capped::read_path(path, cap).map_err(|error| FileError {
        file: name.clone(),
        error,
    })?;
    // samply's symbols, if it saved them beside the profile.
    let sidecar = gecko::sidecar_path(path);
    let symbols = match sidecar.is_file() {
        true => Some(capped::read_path(&sidecar, cap).map_err(|error| FileError {
            file: sidecar.display().to_string(),
            error,
        })?),
        false => None,
    };
    let mut profile =
        read_profile_with(&data, cap, format, symbols.as_deref()).map_err(|error| FileError {
            file: name.clone(),
            error,
        })?;
    name_warnings(&name, &mut profile);
    Ok(profile)
}

/// Reads `data`, the contents of `name`, with the reader of `format` if
/// one is forced; errors and warnings name the file.
pub fn load_bytes(
    name: &str,
    data: &[u8],
    cap: u64,
    format: Option<Kind>,
) -> Result<Profile, FileError> {
    let mut profile = read_profile_as(data, cap, format).map_err(|error| FileError {
        file: name.to_string(),
        error,
    })?;
    name_warnings(name, &mut profile);
    Ok(profile)
}

fn name_warnings(name: &str, profile: &mut Profile) {
    for w in &mut profile.warnings {
        *w = format!("{}: {w}", crate::error::escape_controls(name));
    }
}

pub(crate) fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ if e.raw_os_error() == Some(21) => "is a directory".to_string(),
        _ => e.to_string(),
    }
}
