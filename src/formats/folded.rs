//! Folded stacks: `root;caller;leaf 42` per line (FlameGraph, inferno,
//! flamelens), and the differential form `stack 10 12` (before, after),
//! of which the second number is used.

use crate::error::LoadError;
use crate::profile::{Profile, ProfileBuilder};

/// Splits a folded line into (stack, value); `None` if it is not one.
pub fn parse_line(line: &str) -> Option<(&str, i64)> {
    let line = line.trim_end();
    let (stack, count) = line.rsplit_once(' ')?;
    let count: i64 = count.parse().ok()?;
    // Differential folded: `stack before after`.
    let stack = match stack.rsplit_once(' ') {
        Some((s, before)) if before.parse::<i64>().is_ok() => s,
        _ => stack,
    };
    if stack.trim().is_empty() {
        return None;
    }
    Some((stack, count))
}

/// Parses folded stacks into a `samples/count` profile.
pub fn parse(data: &[u8]) -> Result<Profile, LoadError> {
    parse_as(data, "samples", "count")
}

/// Parses folded stacks whose counts are known to measure `ty` in `unit`.
pub fn parse_as(data: &[u8], ty: &str, unit: &str) -> Result<Profile, LoadError> {
    let text = String::from_utf8_lossy(data);
    let mut b = ProfileBuilder::new(&[(ty, unit)]);
    let mut stack = Vec::new();
    // The total of every count must be a number too: the reports add
    // them up (and 2 × i64::MAX would read as -2).
    let mut total: i64 = 0;
    let mut magnitude: i64 = 0;
    for (no, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (frames, count) = parse_line(line).ok_or_else(|| LoadError::Text {
            line: no + 1,
            msg: format!(
                "expected `frame;frame;... COUNT`, found {:?}",
                truncate(line)
            ),
        })?;
        let sum = total.checked_add(count);
        let abs = magnitude.checked_add(count.checked_abs().unwrap_or(i64::MAX));
        match (sum, abs) {
            (Some(t), Some(m)) => (total, magnitude) = (t, m),
            _ => {
                return Err(LoadError::Text {
                    line: no + 1,
                    msg: "the counts add up to more than 9223372036854775807".to_string(),
                })
            }
        }
        stack.clear();
        for name in frames.split(';').rev() {
            let f = b.function(name, "");
            stack.push(b.frame(f, 0));
        }
        b.sample(&stack, &[count], &[]);
    }
    Ok(b.finish())
}

fn truncate(s: &str) -> String {
    if s.chars().count() > 60 {
        let t: String = s.chars().take(60).collect();
        format!("{t}…")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_that_overflow_when_added_are_an_error() {
        let max = i64::MAX;
        let data = format!("a;b {max}\na;c {max}\n");
        let e = super::parse(data.as_bytes()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 2: the counts add up to more than 9223372036854775807"
        );
        let fine = format!("a;b {}\na;c 1\n", max - 1);
        assert_eq!(super::parse(fine.as_bytes()).unwrap().total(0), max);
    }
}
