//! `perf script` text, collapsed to folded stacks by inferno's perf
//! collapser, then read as folded stacks.

use inferno::collapse::perf::{Folder, Options};
use inferno::collapse::Collapse;

use crate::error::LoadError;
use crate::profile::Profile;

/// Whether a line looks like a `perf script` stack frame
/// (`\t  ffffffff815fd1de symbol+0x1e (dso)`), indented or not.
pub fn is_frame_line(line: &str) -> bool {
    let line = line.trim();
    let Some((addr, rest)) = line.split_once(char::is_whitespace) else {
        return false;
    };
    addr.len() >= 2
        && addr.bytes().all(|b| b.is_ascii_hexdigit())
        && rest
            .trim_start()
            .starts_with(|c: char| c == '(' || !c.is_whitespace())
        && line.ends_with(')')
        && line.contains(" (")
}

/// A sample's header line: `comm pid/tid [cpu] 123.456: [period] event: [frame]`.
#[derive(Debug, PartialEq, Eq)]
struct Header<'a> {
    /// The event's name without its modifiers (`cpu-clock` of `cpu-clock:pppH:`).
    event: &'a str,
    /// Whether the line has the event's period (`perf script -F` can leave it out).
    period: bool,
    /// Whether the only frame follows on the same line (recorded without `-g`).
    inline_frame: bool,
    /// Where the period ends and the event starts in the line (bytes).
    gap: (usize, usize),
}

fn header(line: &str) -> Option<Header<'_>> {
    let mut words = line.split_whitespace();
    // The timestamp ends the comm/pid/cpu part: `4182.714865:`.
    words.by_ref().find(|w| {
        w.strip_suffix(':').is_some_and(|t| {
            t.split_once('.').is_some_and(|(s, f)| {
                !s.is_empty()
                    && s.bytes().all(|b| b.is_ascii_digit())
                    && f.bytes().all(|b| b.is_ascii_digit())
            })
        })
    })?;
    let at = |w: &str| w.as_ptr() as usize - line.as_ptr() as usize;
    let mut next = words.next()?;
    let period = next.bytes().all(|b| b.is_ascii_digit());
    let mut period_end = at(next);
    if period {
        period_end = at(next) + next.len();
        next = words.next()?;
    }
    if !next.ends_with(':') {
        return None;
    }
    let event = next.split(':').next().filter(|e| !e.is_empty())?;
    Some(Header {
        event,
        period,
        gap: (period_end, at(next)),
        inline_frame: words.next().is_some(),
    })
}

/// How sure the perf script reader is of `head`: sample headers, each
/// followed by its frames (or with its one frame inline).
pub fn sniff(head: &super::detect::Head) -> super::detect::Sniff {
    use super::detect::Sniff;
    let mut lines = head.content_lines().peekable();
    let (mut headers, mut with_frames) = (0, 0);
    while let Some(line) = lines.next() {
        let Some(h) = header(line) else { continue };
        headers += 1;
        if h.inline_frame
            || lines
                .peek()
                .is_some_and(|l| is_frame_line(l) && header(l).is_none())
        {
            with_frames += 1;
        }
        if headers >= 64 {
            break;
        }
    }
    match (headers, with_frames) {
        (0, _) => Sniff::No("no `comm pid time: event:` sample header"),
        (_, 0) => Sniff::No("sample headers without frames"),
        _ => Sniff::Yes(60),
    }
}

/// The events of a file in the order they first appear, each with whether
/// its header lines carry periods.
fn events(text: &str) -> Vec<(&str, bool)> {
    let mut out: Vec<(&str, bool)> = Vec::new();
    let mut in_sample = false;
    for line in text.lines() {
        if line.trim().is_empty() {
            in_sample = false;
            continue;
        }
        if in_sample || line.starts_with('#') {
            continue;
        }
        if let Some(h) = header(line) {
            in_sample = !h.inline_frame;
            if !out.iter().any(|(e, _)| *e == h.event) {
                out.push((h.event, h.period));
            }
        }
    }
    out
}

/// The text with one space between each header's period and event:
/// inferno reads `2004008   cpu-clock:` (perf pads event names when a
/// file has several) as having no period. `None` if nothing changes.
fn normalized(text: &str) -> Option<String> {
    let padded = |h: &Header| h.period && h.gap.1 - h.gap.0 > 1;
    if !text.lines().filter_map(header).any(|h| padded(&h)) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        match header(line) {
            Some(h) if padded(&h) => {
                out.push_str(&line[..h.gap.0]);
                out.push(' ');
                out.push_str(&line[h.gap.1..]);
            }
            _ => out.push_str(line),
        }
    }
    Some(out)
}

/// Parses `perf script` output: one sample type per event. Clock events
/// (`cpu-clock`, `task-clock`) with periods weigh samples by nanoseconds;
/// without periods (`perf script -F` leaving `period` out), and for every
/// other event without them, each sample counts one.
pub fn parse(data: &[u8]) -> Result<Profile, LoadError> {
    let text = String::from_utf8_lossy(data);
    let fixed = normalized(&text);
    let data = fixed.as_deref().map_or(data, str::as_bytes);
    let events = events(&text);
    if events.is_empty() {
        return Err(LoadError::Unrecognized(
            "perf script with no sample headers".to_string(),
        ));
    }
    let single = events.len() == 1;
    let mut types = Vec::new();
    let mut stacks = Vec::new();
    for &(event, period) in &events {
        let clock = event == "cpu-clock" || event == "task-clock";
        types.push(match (single, clock, period) {
            (true, true, true) => ("cpu".to_string(), "nanoseconds"),
            (true, _, false) => ("samples".to_string(), "count"),
            (true, false, true) => ("events".to_string(), "count"),
            (false, true, true) => (event.to_string(), "nanoseconds"),
            (false, _, _) => (event.to_string(), "count"),
        });
        stacks.push(collapse(data, event)?);
    }
    if stacks.iter().all(Vec::is_empty) {
        return Err(LoadError::Unrecognized(
            "perf script with no stacks".to_string(),
        ));
    }
    let types: Vec<(&str, &str)> = types.iter().map(|(t, u)| (t.as_str(), *u)).collect();
    let mut reader = super::folded::Reader::new(&types);
    for (i, folded) in stacks.iter().enumerate() {
        reader.add(folded, i)?;
    }
    reader.finish()
}

/// inferno's perf collapser on the samples of one event.
fn collapse(data: &[u8], event: &str) -> Result<Vec<u8>, LoadError> {
    let mut folded = Vec::new();
    let mut options = Options::default();
    options.include_addrs = false;
    options.event_filter = Some(event.to_string());
    let mut folder = Folder::from(options);
    // inferno 0.12 panics on some symbols (it slices a name 17 bytes from
    // its end without checking for a character boundary; found by fuzzing).
    // A bad symbol must be an error, not a crash.
    let result = guarded(|| folder.collapse(data, &mut folded)).ok_or_else(|| {
        LoadError::Unrecognized("perf script: a symbol the collapser cannot handle".to_string())
    })?;
    result.map_err(|e| LoadError::Unrecognized(format!("perf script: {e}")))?;
    Ok(folded)
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic inside it into `None` without the panic
/// message (the process-wide hook is wrapped once to stay quiet while a
/// thread is inside such a call).
pub(crate) fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_headers_with_and_without_periods_and_inline_frames() {
        assert_eq!(
            header("cpuparse-before 23728  4182.714865:    2004008 cpu-clock:ppp: "),
            Some(Header {
                event: "cpu-clock",
                period: true,
                inline_frame: false,
                gap: (46, 47)
            })
        );
        assert_eq!(
            header("perfwork 19033 29161.786324: page-faults: "),
            Some(Header {
                event: "page-faults",
                period: false,
                inline_frame: false,
                gap: (29, 29)
            })
        );
        assert_eq!(
            header("  perfwork 19030 29159.714638:    2004008 cpu-clock:pppH:      55fd360dc189 mix+0x20 (/tmp/perfwork)")
                .map(|h| h.inline_frame),
            Some(true)
        );
        assert_eq!(
            header("ffffffff8177879a elf_load+0x28a ([kernel.kallsyms])"),
            None
        );
        assert!(is_frame_line(
            "ffffffff8177879a elf_load+0x28a ([kernel.kallsyms])"
        ));
        assert!(is_frame_line(
            "\t           619fc runtime.memmove+0x43c (/tmp/x)"
        ));
        assert!(!is_frame_line("2024/01/02 took 12 (slow)"));
    }
}
