//! Folded stacks: `root;caller;leaf 42` per line (FlameGraph, inferno,
//! flamelens), and the differential form `stack 10 12` (before, after),
//! of which the second number is used.

use crate::error::LoadError;
use crate::profile::{Profile, ProfileBuilder};

/// The most decimals a count keeps; further digits are dropped.
const MAX_DECIMALS: u32 = 9;

/// Splits a folded line into (stack, value); `None` if it is not one.
/// Fractional counts are cut to whole numbers here (see
/// [`parse_line_scaled`]).
pub fn parse_line(line: &str) -> Option<(&str, i64)> {
    parse_line_scaled(line, 0)
}

/// Splits a folded line into (stack, value × 10^`decimals`).
pub fn parse_line_scaled(line: &str, decimals: u32) -> Option<(&str, i64)> {
    let (stack, count) = split_line(line)?;
    Some((stack, scaled_count(count, decimals)?))
}

/// The stack and the count as written (digits, a sign, at most one `.`).
fn split_line(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_end();
    let (stack, count) = line.rsplit_once(' ')?;
    if !is_number(count) {
        return None;
    }
    // Differential folded: `stack before after`.
    let stack = match stack.rsplit_once(' ') {
        Some((s, before)) if is_number(before) => s,
        _ => stack,
    };
    if stack.trim().is_empty() {
        return None;
    }
    Some((stack, count))
}

fn is_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// `count` × 10^`decimals`, exactly (no floating point), digits past
/// `decimals` dropped.
fn scaled_count(count: &str, decimals: u32) -> Option<i64> {
    let (negative, digits) = match count.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, count),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut v: i64 = whole.parse().ok()?;
    let mut fraction = fraction.bytes();
    for _ in 0..decimals {
        let digit = fraction.next().map_or(0, |b| i64::from(b - b'0'));
        v = v.checked_mul(10)?.checked_add(digit)?;
    }
    Some(if negative { -v } else { v })
}

/// The most decimals any count of `text` has (at most [`MAX_DECIMALS`]).
fn decimals(text: &str) -> u32 {
    text.lines()
        .filter_map(split_line)
        .map(|(_, count)| {
            count
                .split_once('.')
                .map_or(0, |(_, f)| f.trim_end_matches('0').len() as u32)
        })
        .max()
        .unwrap_or(0)
        .min(MAX_DECIMALS)
}

/// The unit of counts kept to `decimals` places: `1e-3 count` is
/// thousandths, shown by the reports as fractions.
pub fn fractional_unit(unit: &str, decimals: u32) -> String {
    if decimals == 0 {
        unit.to_string()
    } else {
        format!("1e-{decimals} {unit}")
    }
}

/// How sure the folded reader is of `head`: most of its lines must be
/// `frames COUNT`, and frames must be `;`-separated or single words (log
/// lines ending in a number are neither).
pub fn sniff(head: &super::detect::Head) -> super::detect::Sniff {
    use super::detect::Sniff;
    let (mut lines, mut folded, mut separated, mut spaced) = (0usize, 0usize, false, false);
    for line in head.content_lines().take(2000) {
        lines += 1;
        if let Some((stack, _)) = split_line(line) {
            folded += 1;
            separated |= stack.contains(';');
            spaced |= stack.trim().contains(char::is_whitespace);
        }
    }
    if lines == 0 {
        return Sniff::No("no lines");
    }
    // A few broken lines are skipped (and counted) by the reader.
    if folded == 0 || lines - folded > (lines / 10).max(1) {
        return Sniff::No("most lines are not `frame;frame COUNT`");
    }
    if spaced && !separated {
        return Sniff::No("no `;` between frames");
    }
    Sniff::Yes(30)
}

/// Parses folded stacks into a `samples/count` profile.
pub fn parse(data: &[u8]) -> Result<Profile, LoadError> {
    parse_as(data, "samples", "count")
}

/// Parses folded stacks whose counts are known to measure `ty` in `unit`.
/// Fractional counts (FlameGraph's `flamegraph.pl` keeps them; inferno
/// cuts them) are kept exactly, as whole numbers of the smallest fraction
/// written, in a unit that says so (see [`fractional_unit`]).
pub fn parse_as(data: &[u8], ty: &str, unit: &str) -> Result<Profile, LoadError> {
    let text = text_of(data);
    let places = decimals(&text);
    let unit = fractional_unit(unit, places);
    let mut reader = Reader::new(&[(ty, &unit)]);
    reader.decimals = places;
    reader.add_text(&text, 0)?;
    reader.finish()
}

/// The text of `data`: borrowed when it is UTF-8, as it nearly always is
/// (`str::from_utf8` checks that several times faster than
/// `String::from_utf8_lossy` walks it), else with the bad bytes replaced.
fn text_of(data: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(data) {
        Ok(s) => s.into(),
        Err(_) => String::from_utf8_lossy(data),
    }
}

/// Folded stacks into a profile of several sample types: each batch of
/// lines adds to one of them. Lines that are not `frames COUNT` are
/// skipped and counted, as inferno does, and reported as one warning.
pub struct Reader {
    builder: ProfileBuilder,
    types: usize,
    // The totals of every count must be numbers too: the reports add them
    // up (and 2 × i64::MAX would read as -2).
    totals: Vec<(i64, i64)>,
    skipped: usize,
    first_skipped: Option<(usize, String)>,
    /// Counts are read × 10^decimals.
    decimals: u32,
}

impl Reader {
    /// A reader for these sample types (name, unit).
    pub fn new(types: &[(&str, &str)]) -> Reader {
        Reader {
            builder: ProfileBuilder::new(types),
            types: types.len(),
            totals: vec![(0, 0); types.len()],
            skipped: 0,
            first_skipped: None,
            decimals: 0,
        }
    }

    /// Adds the stacks of `data` to sample type `index`.
    pub fn add(&mut self, data: &[u8], index: usize) -> Result<(), LoadError> {
        self.add_text(&text_of(data), index)
    }

    /// Adds the stacks of `text` to sample type `index`.
    fn add_text(&mut self, text: &str, index: usize) -> Result<(), LoadError> {
        let mut stack = Vec::new();
        let mut values = vec![0; self.types];
        // Each name's location, by the name as it is in the text: one hash
        // of the name per frame, instead of interning it and looking up its
        // function and location (three) every time it appears.
        let mut locations: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
        let big = text.len() > 8 << 20;
        let _step = big.then(|| crate::progress::step("parsing stacks", text.len() as u64));
        let start = text.as_ptr() as usize;
        for (no, line) in text.lines().enumerate() {
            if big && no % 65_536 == 0 {
                crate::progress::set((line.as_ptr() as usize - start) as u64);
            }
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((frames, count)) = parse_line_scaled(line, self.decimals) else {
                self.skipped += 1;
                self.first_skipped
                    .get_or_insert_with(|| (no + 1, truncate(line)));
                continue;
            };
            let (total, magnitude) = self.totals[index];
            let sum = total.checked_add(count);
            let abs = magnitude.checked_add(count.checked_abs().unwrap_or(i64::MAX));
            match (sum, abs) {
                (Some(t), Some(m)) => self.totals[index] = (t, m),
                _ => {
                    return Err(LoadError::Text {
                        line: no + 1,
                        msg: "the counts add up to more than 9223372036854775807".to_string(),
                    })
                }
            }
            stack.clear();
            for name in frames.split(';').rev() {
                let loc = match locations.get(name) {
                    Some(&loc) => loc,
                    None => {
                        let f = self.builder.function(name, "");
                        let loc = self.builder.frame(f, 0);
                        locations.insert(name, loc);
                        loc
                    }
                };
                stack.push(loc);
            }
            values[index] = count;
            self.builder.sample(&stack, &values, &[]);
        }
        Ok(())
    }

    /// The profile, with a warning for the lines skipped; an error if no
    /// line was a stack.
    pub fn finish(self) -> Result<Profile, LoadError> {
        let mut profile = self.builder.finish();
        if let Some((line, text)) = self.first_skipped {
            if profile.samples.is_empty() {
                return Err(LoadError::Text {
                    line,
                    msg: format!("expected `frame;frame;... COUNT`, found {text:?}"),
                });
            }
            let lines = if self.skipped == 1 { "line" } else { "lines" };
            profile.warnings.push(format!(
                "skipped {} malformed {lines} (the first, line {line}: {text:?})",
                self.skipped
            ));
        }
        Ok(profile)
    }
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
