//! `perf script` text, collapsed to folded stacks by inferno's perf
//! collapser, then read as folded stacks.

use inferno::collapse::perf::{Folder, Options};
use inferno::collapse::Collapse;

use crate::error::LoadError;
use crate::profile::Profile;

/// Whether a line looks like a `perf script` stack frame
/// (`\t  ffffffff815fd1de symbol+0x1e (dso)`).
pub fn is_frame_line(line: &str) -> bool {
    if !line.starts_with('\t') && !line.starts_with("  ") {
        return false;
    }
    let mut parts = line.split_whitespace();
    let (Some(addr), Some(_sym)) = (parts.next(), parts.next()) else {
        return false;
    };
    addr.len() >= 2 && addr.bytes().all(|b| b.is_ascii_hexdigit()) && line.trim_end().ends_with(')')
}

/// Parses `perf script` output.
pub fn parse(data: &[u8]) -> Result<Profile, LoadError> {
    let mut folded = Vec::new();
    let mut options = Options::default();
    options.include_addrs = false;
    let mut folder = Folder::from(options);
    // inferno 0.12 panics on some symbols (it slices a name 17 bytes from
    // its end without checking for a character boundary; found by fuzzing).
    // A bad symbol must be an error, not a crash.
    let result = guarded(|| folder.collapse(data, &mut folded)).ok_or_else(|| {
        LoadError::Unrecognized("perf script: a symbol the collapser cannot handle".to_string())
    })?;
    result.map_err(|e| LoadError::Unrecognized(format!("perf script: {e}")))?;
    if folded.is_empty() {
        return Err(LoadError::Unrecognized(
            "perf script with no stacks".to_string(),
        ));
    }
    // inferno weighs each stack by the event's period: nanoseconds for
    // the clock events, event counts otherwise.
    let (ty, unit) = if clock_event(data) {
        ("cpu", "nanoseconds")
    } else {
        ("events", "count")
    };
    super::folded::parse_as(&folded, ty, unit)
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic inside it into `None` without the panic
/// message (the process-wide hook is wrapped once to stay quiet while a
/// thread is inside such a call).
fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    r.ok()
}

/// Whether the first sample header names a clock event (`cpu-clock`,
/// `task-clock`), whose periods are nanoseconds.
fn clock_event(data: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&data[..data.len().min(64 * 1024)]);
    head.lines()
        .find(|l| !l.is_empty() && !l.starts_with(char::is_whitespace) && !l.starts_with('#'))
        .is_some_and(|l| l.contains(" cpu-clock") || l.contains(" task-clock"))
}
