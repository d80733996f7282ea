//! Which reader a file is for, decided by its content: every reader looks
//! at the head of the file and says how sure it is, the surest wins, and a
//! refusal says what each reader found wrong.
//!
//! The head is the first [`HEAD_BYTES`] of the (inflated) file, so leading
//! log output, `#` comments or a very long first line do not hide the
//! profile behind them.

use std::borrow::Cow;

use super::{
    callgrind, collapsers, cpuprofile, dhat, folded, gecko, goroutine, perf, race, speedscope,
    stackprof, trace_event, v8log, Kind,
};

/// How much of a file detection looks at.
pub const HEAD_BYTES: usize = 1 << 20;

/// How sure a reader is that the head is its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniff {
    /// Yes, with a score: 100 for a format's own magic words, less for
    /// shapes that other text can have by chance.
    Yes(u8),
    /// No, and why (a few words, for the refusal message).
    No(&'static str),
}

/// The start of a file, as text.
#[derive(Debug)]
pub struct Head<'a> {
    text: Cow<'a, str>,
    whole: bool,
}

impl<'a> Head<'a> {
    /// The head of `data`; `None` when it is not UTF-8 text at all.
    pub fn of(data: &'a [u8]) -> Option<Head<'a>> {
        let mut window = &data[..data.len().min(HEAD_BYTES)];
        if let Err(e) = std::str::from_utf8(window) {
            // Only a character cut at the window's end is allowed.
            if e.error_len().is_some() {
                return None;
            }
        }
        // A single line longer than the window (a very deep folded stack)
        // is looked at whole.
        if window.len() < data.len() && !window.contains(&b'\n') {
            let end = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
            window = &data[..end];
        }
        Some(Head {
            // A multi-byte character may be cut at the end of the window.
            text: String::from_utf8_lossy(window),
            whole: window.len() == data.len(),
        })
    }

    /// The head's text (its last line may be cut short).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The head's complete lines: the last one only if the file ends there.
    pub fn complete_text(&self) -> &str {
        let text: &str = &self.text;
        if self.whole {
            text
        } else {
            text.rfind('\n').map_or("", |i| &text[..i])
        }
    }

    /// The head's complete lines.
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.complete_text().lines()
    }

    /// The lines that carry content: not blank, not `#` comments.
    pub fn content_lines(&self) -> impl Iterator<Item = &str> {
        self.lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
    }

    /// The first line with content (comments and blank lines skipped).
    pub fn first_line(&self) -> Option<&str> {
        self.content_lines().next()
    }
}

/// Whether bytes look like text: no control characters other than line
/// ends and tabs (a protobuf has them within its first bytes).
pub fn looks_like_text(data: &[u8]) -> bool {
    let head = &data[..data.len().min(4096)];
    !head.is_empty()
        && head.iter().all(|&b| {
            b == b'\n' || b == b'\r' || b == b'\t' || (0x20..0x7f).contains(&b) || b >= 0x80
        })
        && match std::str::from_utf8(head) {
            Ok(_) => true,
            // Cut inside a character at the window's end.
            Err(e) => e.error_len().is_none(),
        }
}

/// The text formats, each with its detector. pprof (binary) is not here:
/// it is what a file that is not text must be.
pub const TEXT_KINDS: &[Kind] = &[
    Kind::CpuProfile,
    Kind::TraceEvent,
    Kind::Gecko,
    Kind::Speedscope,
    Kind::Stackprof,
    Kind::V8Log,
    Kind::Dhat,
    Kind::Callgrind,
    Kind::GoroutineDebug1,
    Kind::LegacyHeap,
    Kind::LegacyContention,
    Kind::Race,
    Kind::GoroutineDebug2,
    Kind::Collapsed(collapsers::Collapser::Sample),
    Kind::Collapsed(collapsers::Collapser::VTune),
    Kind::Collapsed(collapsers::Collapser::VsProf),
    Kind::Collapsed(collapsers::Collapser::GhcProf),
    Kind::Collapsed(collapsers::Collapser::Xctrace),
    Kind::Collapsed(collapsers::Collapser::DTrace),
    Kind::PerfScript,
    Kind::Folded,
];

/// How sure the reader of `kind` is that `head` is its format.
pub fn sniff(kind: Kind, head: &Head) -> Sniff {
    let first = head.first_line().map(str::trim_start);
    let starts =
        |prefixes: &[&str]| first.is_some_and(|f| prefixes.iter().any(|p| f.starts_with(p)));
    match kind {
        Kind::Pprof => Sniff::No("text, not a protobuf"),
        Kind::LegacyCpu => Sniff::No("text, not binary words"),
        Kind::CpuProfile if cpuprofile::looks_like(head.text()) => Sniff::Yes(100),
        Kind::CpuProfile => Sniff::No("no JSON call tree of callFrame nodes"),
        Kind::TraceEvent if trace_event::looks_like(head.text()) => Sniff::Yes(100),
        Kind::TraceEvent => Sniff::No("no JSON `traceEvents` or array of trace events"),
        Kind::Stackprof if stackprof::looks_like(head.text()) => Sniff::Yes(100),
        Kind::Stackprof => Sniff::No("no JSON with a stackprof mode, interval and frames"),
        Kind::V8Log if v8log::looks_like(head.text()) => Sniff::Yes(100),
        Kind::V8Log => Sniff::No("no JSON code list of V8's shared libraries"),
        Kind::Gecko if gecko::looks_like(head.text()) => Sniff::Yes(100),
        Kind::Gecko => Sniff::No("no JSON with meta, threads and a stackTable"),
        Kind::Speedscope if speedscope::looks_like(head.text()) => Sniff::Yes(100),
        Kind::Speedscope => Sniff::No("no JSON with shared frames and profiles"),
        Kind::Dhat if dhat::looks_like(head.text()) => Sniff::Yes(100),
        Kind::Dhat => Sniff::No("no JSON with a dhatFileVersion"),
        Kind::Callgrind if callgrind::looks_like(head.complete_text()) => Sniff::Yes(100),
        Kind::Callgrind => Sniff::No("no `# callgrind format` or `events:` and `fn=` lines"),
        Kind::GoroutineDebug1 if first.and_then(goroutine::count_profile_kind).is_some() => {
            Sniff::Yes(100)
        }
        Kind::GoroutineDebug1 => {
            Sniff::No("no `goroutine profile: total N` or `threadcreate profile:` line first")
        }
        Kind::LegacyHeap if starts(&["heap profile:"]) => Sniff::Yes(100),
        Kind::LegacyHeap => Sniff::No("no `heap profile:` line first"),
        Kind::LegacyContention if starts(&["--- mutex:", "--- contention"]) => Sniff::Yes(100),
        Kind::LegacyContention => {
            Sniff::No("no `--- mutex:`/`--- contention:`/`--- contentionz` line first")
        }
        // Test output around the reports is skipped.
        Kind::Race if race::looks_like(head.lines()) => Sniff::Yes(95),
        Kind::Race => Sniff::No("no `WARNING: DATA RACE` report"),
        // Anywhere in the head: a crash dump follows whatever the program
        // printed before it died.
        Kind::GoroutineDebug2 if head.lines().any(goroutine::is_pasted_goroutine_header) => {
            Sniff::Yes(90)
        }
        Kind::GoroutineDebug2 => Sniff::No("no `goroutine N [state]:` line"),
        // DTrace's aggregations have the least structure of inferno's
        // formats: other text fits them more easily.
        Kind::Collapsed(c) if !c.applies(head.complete_text()) => {
            Sniff::No("inferno's collapser does not apply")
        }
        Kind::Collapsed(collapsers::Collapser::DTrace) => Sniff::Yes(40),
        Kind::Collapsed(_) => Sniff::Yes(80),
        Kind::PerfScript => perf::sniff(head),
        Kind::Folded => folded::sniff(head),
    }
}

/// The reader for `data`'s text, or the one-line refusal naming every
/// format considered and why it was rejected.
pub fn detect_text(head: &Head) -> Result<Kind, String> {
    let mut best: Option<(u8, Kind)> = None;
    let mut reasons = Vec::new();
    for (kind, answer) in sniff_all(head) {
        match answer {
            // Ties go to the earlier (more specific) format.
            Sniff::Yes(score) => {
                if !matches!(best, Some((s, _)) if s >= score) {
                    best = Some((score, kind));
                }
            }
            Sniff::No(why) => reasons.push((kind.name(), why)),
        }
    }
    match best {
        Some((_, kind)) => Ok(kind),
        None => Err(refusal(&reasons)),
    }
}

/// Heads above this are sniffed on two cores.
const TWO_CORES_ABOVE: usize = 64 << 10;

/// Every text reader's answer on `head`, in [`TEXT_KINDS`]' order. A large
/// head is looked at on two cores, every other reader on each: a dozen of
/// them walk its lines, which took 6 ms of a 20 MB folded file's 45.
fn sniff_all(head: &Head) -> Vec<(Kind, Sniff)> {
    let answer = |&kind: &Kind| (kind, sniff(kind, head));
    if head.text().len() <= TWO_CORES_ABOVE {
        return TEXT_KINDS.iter().map(answer).collect();
    }
    let (even, odd) = std::thread::scope(|s| {
        let odd = s.spawn(|| {
            TEXT_KINDS
                .iter()
                .skip(1)
                .step_by(2)
                .map(answer)
                .collect::<Vec<_>>()
        });
        let even: Vec<_> = TEXT_KINDS.iter().step_by(2).map(answer).collect();
        (even, odd.join())
    });
    // Sniffing does not panic (inferno's checks are guarded); were it
    // to, the odd half is asked again here.
    let odd = odd.unwrap_or_else(|_| TEXT_KINDS.iter().skip(1).step_by(2).map(answer).collect());
    let mut odd = odd.into_iter();
    let mut all = Vec::with_capacity(TEXT_KINDS.len());
    for e in even {
        all.push(e);
        all.extend(odd.next());
    }
    all
}

/// The refusal of a text no reader took: each reason once, after the
/// formats it rejected.
fn refusal(reasons: &[(&str, &str)]) -> String {
    let mut grouped: Vec<(Vec<&str>, &str)> = Vec::new();
    for &(name, why) in reasons {
        match grouped.iter_mut().find(|(_, w)| *w == why) {
            Some((names, _)) => names.push(name),
            None => grouped.push((vec![name], why)),
        }
    }
    let parts: Vec<String> = grouped
        .iter()
        .map(|(names, why)| format!("{}: {why}", names.join(", ")))
        .collect();
    format!(
        "text in no format perftui reads (pprof: text, not a protobuf; {}; --input-format NAME forces a reader)",
        parts.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Result<Kind, String> {
        detect_text(&Head::of(text.as_bytes()).unwrap())
    }

    #[test]
    fn a_large_head_sniffed_on_two_cores_answers_as_on_one() {
        let dir = format!("{}/tests/data", env!("CARGO_MANIFEST_DIR"));
        let mut heads = 0;
        for sub in ["detect", "perf", "callgrind", "speedscope", "stackprof"] {
            let Ok(entries) = std::fs::read_dir(format!("{dir}/{sub}")) else {
                continue;
            };
            for path in entries.map(|e| e.unwrap().path()) {
                let data = std::fs::read(&path).unwrap();
                let Some(head) = Head::of(&data) else {
                    continue;
                };
                if head.text().len() <= TWO_CORES_ABOVE {
                    continue;
                }
                heads += 1;
                let one: Vec<_> = TEXT_KINDS.iter().map(|&k| (k, sniff(k, &head))).collect();
                assert_eq!(sniff_all(&head), one, "{}", path.display());
            }
        }
        assert!(
            heads >= 3,
            "only {heads} heads above {TWO_CORES_ABOVE} bytes"
        );
    }

    #[test]
    fn a_goroutine_dump_after_log_output_is_a_dump() {
        let mut text = String::new();
        for i in 0..500 {
            text.push_str(&format!(
                "=== RUN TestThing/{i}\n    thing_test.go:12: took 42\n"
            ));
        }
        text.push_str("panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/x/main.go:5 +0x1d\n");
        assert_eq!(kind(&text), Ok(Kind::GoroutineDebug2));
    }

    #[test]
    fn a_first_line_longer_than_64_kib_does_not_hide_a_dump() {
        let text = format!(
            "{}\n\ngoroutine 1 [running]:\nmain.main()\n\t/x/main.go:5 +0x1d\n",
            "x".repeat(65_537)
        );
        assert_eq!(kind(&text), Ok(Kind::GoroutineDebug2));
    }

    #[test]
    fn log_lines_ending_in_numbers_are_not_folded_stacks() {
        let e = kind("2024/01/02 15:04:05 served 12\n2024/01/02 15:04:06 served 13\n").unwrap_err();
        assert!(e.contains("folded stacks: "), "{e}");
        assert!(e.contains("--input-format"), "{e}");
        assert!(!e.contains('\n'));
    }

    #[test]
    fn folded_stacks_may_start_with_comments() {
        assert_eq!(
            kind("# made by hand\nmain;work 3\nmain;idle 1\n"),
            Ok(Kind::Folded)
        );
    }
}
