//! Go race-detector reports (`go test -race`, `go run -race`): every
//! `WARNING: DATA RACE` block has two accesses, each with its stack; each
//! becomes a sample of `races/count`, labelled with the kind of access and
//! the goroutine, so the places that race most rise to the top.

use crate::error::LoadError;
use crate::profile::{Label, LabelValue, Profile, ProfileBuilder};

const WARNING: &str = "WARNING: DATA RACE";

/// Whether the head of a file holds a race report.
pub fn looks_like(lines: impl Iterator<Item = impl AsRef<str>>) -> bool {
    let mut lines = lines;
    lines.any(|l| l.as_ref().trim() == WARNING)
}

/// `Previous write at 0x00c000094188 by goroutine 7:` → ("previous write", 7).
fn access(line: &str) -> Option<(String, Option<i64>)> {
    let line = line.trim().strip_suffix(':')?;
    let (what, rest) = line.split_once(" at ")?;
    let kind = what.to_ascii_lowercase();
    let known = ["read", "write", "previous read", "previous write"];
    if !known
        .iter()
        .any(|k| kind == *k || kind.ends_with(&format!(" {k}")))
    {
        return None;
    }
    let goroutine = rest
        .split_once(" by goroutine ")
        .and_then(|(_, g)| g.trim().parse().ok());
    Some((kind, goroutine))
}

/// Reads the race reports in a file (any other output around them is
/// skipped).
pub fn parse(data: &[u8]) -> Result<Profile, LoadError> {
    let text = String::from_utf8_lossy(data);
    let mut b = ProfileBuilder::new(&[("races", "count")]);
    let access_key = b.intern("access");
    let goroutine_key = b.intern("goroutine");
    let race_key = b.intern("race");
    let mut lines = text.lines().peekable();
    let mut races = 0i64;
    let mut in_race = false;
    let mut stack = Vec::new();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed == WARNING {
            in_race = true;
            races += 1;
            continue;
        }
        if trimmed.starts_with("==================") {
            in_race = false;
            continue;
        }
        if !in_race {
            continue;
        }
        let Some((kind, goroutine)) = access(line) else {
            continue;
        };
        stack.clear();
        while let Some(next) = lines.peek() {
            let call = next.trim();
            if call.is_empty() || !next.starts_with(' ') {
                break;
            }
            lines.next();
            // Frame lines are `  pkg.fn()`, each followed by `      file:line +0x..`.
            let (file, line_no) = match lines.peek() {
                Some(fl) if fl.starts_with("      ") => {
                    let r = super::goroutine::file_line(fl);
                    lines.next();
                    r
                }
                _ => (String::new(), 0),
            };
            let f = b.function(super::goroutine::function_name(call), &file);
            stack.push(b.frame(f, line_no));
        }
        if stack.is_empty() {
            continue;
        }
        let mut labels = vec![
            Label {
                key: access_key,
                value: LabelValue::Str(b.intern(&kind)),
            },
            Label {
                key: race_key,
                value: LabelValue::Num {
                    value: races,
                    unit: None,
                },
            },
        ];
        if let Some(g) = goroutine {
            labels.push(Label {
                key: goroutine_key,
                value: LabelValue::Num {
                    value: g,
                    unit: None,
                },
            });
        }
        b.sample(&stack, &[1], &labels);
    }
    if races == 0 {
        return Err(LoadError::Unrecognized(format!("no `{WARNING}` report")));
    }
    Ok(b.finish())
}

#[cfg(test)]
mod tests {
    #[test]
    fn accesses_name_their_kind_and_goroutine() {
        assert_eq!(
            super::access("Previous write at 0x00c000094188 by goroutine 7:"),
            Some(("previous write".to_string(), Some(7)))
        );
        assert_eq!(
            super::access("Read at 0x00c000094188 by main goroutine:"),
            Some(("read".to_string(), None))
        );
        assert_eq!(super::access("Goroutine 10 (running) created at:"), None);
    }
}
