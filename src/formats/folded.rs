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
    // Differential folded: `stack before after`. Looked for from the end
    // only as far as a number goes: `rsplit_once(' ')` scanned the whole
    // stack of every line that has no second count.
    let bytes = stack.as_bytes();
    let stack = match bytes
        .iter()
        .rposition(|&b| !(b.is_ascii_digit() || b == b'.' || b == b'-'))
    {
        Some(i) if bytes[i] == b' ' && is_number(&stack[i + 1..]) => &stack[..i],
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
    let mut reader = Reader::new(&[(ty, unit)]);
    reader.add_text(&text, 0)?;
    let places = reader.decimals_seen;
    if places == 0 {
        return reader.finish();
    }
    // Fractional counts are rare: read again, at their precision, rather
    // than find it first in a pass over every file.
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
    /// The most decimals a count read had.
    decimals_seen: u32,
    /// Texts larger than this are read on two cores (never on one core).
    two_cores_above: usize,
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
            decimals_seen: 0,
            two_cores_above: match std::thread::available_parallelism() {
                Ok(n) if n.get() >= 2 => TWO_CORES_ABOVE,
                _ => usize::MAX,
            },
        }
    }

    /// Adds the stacks of `data` to sample type `index`.
    pub fn add(&mut self, data: &[u8], index: usize) -> Result<(), LoadError> {
        self.add_text(&text_of(data), index)
    }

    /// Adds the stacks of `text` to sample type `index`. A large text is
    /// read on two cores: the second half's names are looked up in a map
    /// of its own while the first half goes into the profile, then the
    /// second half's stacks follow, so functions and samples come in the
    /// order of a reading from the start.
    fn add_text(&mut self, text: &str, index: usize) -> Result<(), LoadError> {
        let big = text.len() > 8 << 20;
        let _step = big.then(|| crate::progress::step("parsing stacks", text.len() as u64));
        let (first, second) = split_in_two(text, self.two_cores_above);
        let decimals = self.decimals;
        // Each name's location, by the name as it is in the text: one hash
        // of the name per frame, instead of interning it and looking up its
        // function and location (three) every time it appears.
        let mut locations: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
        let (first_lines, second) = std::thread::scope(|scope| {
            let second = second.map(|s| scope.spawn(move || Chunk::read(s, decimals)));
            let progress = big.then_some((text, if second.is_some() { 2 } else { 1 }));
            let first_lines = self.add_lines(first, index, 0, &mut locations, progress);
            (first_lines, second.map(|h| h.join()))
        });
        let first_lines = first_lines?;
        match second {
            None => Ok(()),
            Some(Ok(chunk)) => self.add_chunk(chunk, index, first_lines, &mut locations),
            // Reading does not panic; were it to, half the samples would
            // be lost, so give up loudly rather than silently.
            Some(Err(e)) => std::panic::resume_unwind(e),
        }
    }

    /// Adds the stacks of `text` (whose first line is line `line_offset` +
    /// 1 of the file) straight into the profile; returns its line count.
    /// `progress`: the whole text, and how many parts read at this pace.
    fn add_lines<'a>(
        &mut self,
        text: &'a str,
        index: usize,
        line_offset: usize,
        locations: &mut rustc_hash::FxHashMap<&'a str, u32>,
        progress: Option<(&str, u64)>,
    ) -> Result<usize, LoadError> {
        let mut stack = Vec::new();
        let mut prev = PreviousStack::default();
        let mut values = vec![0; self.types];
        let mut skipped = Skipped::default();
        let lines = for_each_stack(
            text,
            self.decimals,
            &mut skipped,
            progress,
            |no, frames, count| {
                self.add_to_total(index, count, line_offset + no)?;
                if let Some(rest) = prev.shared(frames) {
                    for name in names_of(frames, rest) {
                        let loc = location_of(&mut self.builder, locations, name);
                        prev.push(loc, name, frames);
                    }
                }
                stack.clear();
                stack.extend(prev.locations.iter().rev());
                values[index] = count;
                self.builder.sample(&stack, &values, &[]);
                Ok(())
            },
        )?;
        self.note_skipped(skipped, line_offset);
        Ok(lines)
    }

    /// Adds a chunk read on its own, whose first line is line
    /// `line_offset` + 1.
    fn add_chunk<'a>(
        &mut self,
        chunk: Chunk<'a>,
        index: usize,
        line_offset: usize,
        locations: &mut rustc_hash::FxHashMap<&'a str, u32>,
    ) -> Result<(), LoadError> {
        let global: Vec<u32> = chunk
            .names
            .iter()
            .map(|&name| location_of(&mut self.builder, locations, name))
            .collect();
        let mut stack = Vec::new();
        let mut values = vec![0; self.types];
        let mut start = 0usize;
        for &(end, count, no) in &chunk.stacks {
            self.add_to_total(index, count, line_offset + no as usize)?;
            stack.clear();
            stack.extend(
                chunk.seq[start..end as usize]
                    .iter()
                    .map(|&l| global[l as usize]),
            );
            start = end as usize;
            values[index] = count;
            self.builder.sample(&stack, &values, &[]);
        }
        self.note_skipped(chunk.skipped, line_offset);
        Ok(())
    }

    /// Adds a count to its type's totals, an error (at `line`) if they no
    /// longer fit.
    fn add_to_total(&mut self, index: usize, count: i64, line: usize) -> Result<(), LoadError> {
        let (total, magnitude) = self.totals[index];
        let sum = total.checked_add(count);
        let abs = magnitude.checked_add(count.checked_abs().unwrap_or(i64::MAX));
        match (sum, abs) {
            (Some(t), Some(m)) => {
                self.totals[index] = (t, m);
                Ok(())
            }
            _ => Err(LoadError::Text {
                line,
                msg: "the counts add up to more than 9223372036854775807".to_string(),
            }),
        }
    }

    fn note_skipped(&mut self, skipped: Skipped, line_offset: usize) {
        self.skipped += skipped.count;
        self.decimals_seen = self.decimals_seen.max(skipped.decimals);
        if self.first_skipped.is_none() {
            self.first_skipped = skipped.first.map(|(no, text)| (line_offset + no, text));
        }
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

/// The location of the frame `name`, made on its first appearance.
fn location_of<'a>(
    builder: &mut ProfileBuilder,
    locations: &mut rustc_hash::FxHashMap<&'a str, u32>,
    name: &'a str,
) -> u32 {
    if let Some(&loc) = locations.get(name) {
        return loc;
    }
    let f = builder.function(name, "");
    let loc = builder.frame(f, 0);
    locations.insert(name, loc);
    loc
}

/// Texts larger than this are read on two cores.
const TWO_CORES_ABOVE: usize = 4 << 20;

/// `text` cut in two at the line end nearest its middle when it is larger
/// than `above`.
fn split_in_two(text: &str, above: usize) -> (&str, Option<&str>) {
    if text.len() <= above {
        return (text, None);
    }
    match text[text.len() / 2..].find('\n') {
        Some(i) => {
            let cut = text.len() / 2 + i + 1;
            (&text[..cut], Some(&text[cut..]))
        }
        None => (text, None),
    }
}

/// The lines that were not stacks: how many, and the first (its line
/// number in the part read, from 1, and its text cut short); and the most
/// decimals a count had.
#[derive(Default)]
struct Skipped {
    count: usize,
    first: Option<(usize, String)>,
    decimals: u32,
}

/// Calls `add` with each stack line of `text`: its line number (from 1),
/// its frames and its count × 10^`decimals`; counts the other lines in
/// `skipped`. Returns the number of lines.
fn for_each_stack<'a>(
    text: &'a str,
    decimals: u32,
    skipped: &mut Skipped,
    progress: Option<(&str, u64)>,
    mut add: impl FnMut(usize, &'a str, i64) -> Result<(), LoadError>,
) -> Result<usize, LoadError> {
    let mut lines = 0;
    for (no, line) in lines_of(text).enumerate() {
        lines = no + 1;
        if let Some((whole, parts)) = progress {
            if no % 65_536 == 0 {
                let at = line.as_ptr() as usize - whole.as_ptr() as usize;
                crate::progress::set(at as u64 * parts);
            }
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let parsed = split_line(line).and_then(|(frames, count)| {
            if let Some((_, fraction)) = count.split_once('.') {
                let places = fraction.trim_end_matches('0').len() as u32;
                skipped.decimals = skipped.decimals.max(places.min(MAX_DECIMALS));
            }
            Some((frames, scaled_count(count, decimals)?))
        });
        let Some((frames, count)) = parsed else {
            skipped.count += 1;
            skipped
                .first
                .get_or_insert_with(|| (no + 1, truncate(line)));
            continue;
        };
        add(no + 1, frames, count)?;
    }
    Ok(lines)
}

/// The lines of `text`, as `str::lines` cuts them (`\n` or `\r\n`), found
/// with `memchr`: `str::lines`' searcher costs more to set up per line.
fn lines_of(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(
        // The last line when the text does not end with a newline.
        (!text.is_empty() && !text.ends_with('\n')).then_some(text.len()),
    );
    ends.map(move |end| {
        let line = &text[start..end];
        start = end + 1;
        line.strip_suffix('\r').unwrap_or(line)
    })
}

/// The `;`-separated names of `frames` from byte `from` on. With frames of
/// a few bytes, `str::split`'s searcher set up per name was a fifth of
/// reading.
fn names_of(frames: &str, from: usize) -> impl Iterator<Item = &str> {
    let mut start = from;
    let tail = &frames.as_bytes()[from..];
    memchr::memchr_iter(b';', tail)
        .map(move |i| from + i)
        .chain(std::iter::once(frames.len()))
        .map(move |end| {
            let name = &frames[start..end];
            start = end + 1;
            name
        })
}

/// A part of a folded text read on its own: its names by first
/// appearance, and its stacks as those names' indexes.
struct Chunk<'a> {
    names: Vec<&'a str>,
    /// Every stack, leaf first, one after the other.
    seq: Vec<u32>,
    /// Per stack: where it ends in `seq`, its count, its line number.
    stacks: Vec<(u32, i64, u32)>,
    skipped: Skipped,
}

impl<'a> Chunk<'a> {
    fn read(text: &'a str, decimals: u32) -> Chunk<'a> {
        let mut chunk = Chunk {
            names: Vec::new(),
            seq: Vec::new(),
            stacks: Vec::new(),
            skipped: Skipped::default(),
        };
        let mut index: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
        let mut prev = PreviousStack::default();
        let Chunk {
            names,
            seq,
            stacks,
            skipped,
        } = &mut chunk;
        // Counts are only added up when the chunk joins the profile, so
        // nothing here fails.
        let _ = for_each_stack(text, decimals, skipped, None, |no, frames, count| {
            if let Some(rest) = prev.shared(frames) {
                for name in names_of(frames, rest) {
                    let id = *index.entry(name).or_insert_with(|| {
                        names.push(name);
                        names.len() as u32 - 1
                    });
                    prev.push(id, name, frames);
                }
            }
            seq.extend(prev.locations.iter().rev());
            stacks.push((seq.len() as u32, count, no as u32));
            Ok(())
        });
        chunk
    }
}

/// The frames of the line before, root first, with where each ends in it.
/// Folded files are nearly always sorted (FlameGraph's and inferno's
/// collapsers sort, `perftui fold` too), so a line repeats most of the one
/// before it: the frames of the prefix they share are taken from it without
/// looking their names up again (the lookups were two thirds of reading a
/// deep profile's folded form).
#[derive(Default)]
struct PreviousStack<'a> {
    frames: &'a str,
    locations: Vec<u32>,
    ends: Vec<usize>,
}

impl<'a> PreviousStack<'a> {
    /// Keeps the frames `frames` shares whole with the line before; returns
    /// where in `frames` the rest starts (`None` if nothing is left).
    fn shared(&mut self, frames: &'a str) -> Option<usize> {
        let common = common_prefix(self.frames.as_bytes(), frames.as_bytes());
        // A frame is shared if it ends inside the common prefix, or at its
        // end where this line's frame ends too.
        let at_separator = frames.as_bytes().get(common).map_or(true, |&b| b == b';');
        let kept = self
            .ends
            .partition_point(|&end| end < common || (end == common && at_separator));
        self.locations.truncate(kept);
        self.ends.truncate(kept);
        self.frames = frames;
        match kept.checked_sub(1).map(|i| self.ends[i]) {
            None => Some(0),
            Some(end) if end < frames.len() => Some(end + 1),
            Some(_) => None,
        }
    }

    /// Adds the next frame, `name`, a slice of `frames`.
    fn push(&mut self, location: u32, name: &str, frames: &str) {
        self.locations.push(location);
        self.ends
            .push(name.as_ptr() as usize - frames.as_ptr() as usize + name.len());
    }
}

/// The length of the common prefix of `a` and `b`, eight bytes at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let word = |c: &[u8]| {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        u64::from_le_bytes(w)
    };
    let mut i = 0;
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        let differ = word(x) ^ word(y);
        if differ != 0 {
            // Little-endian: the first differing byte is the lowest set one.
            return i + (differ.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + a[i..]
        .iter()
        .zip(&b[i..])
        .take_while(|(x, y)| x == y)
        .count()
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
    use super::Reader;
    use crate::profile::Profile;

    /// Every sample as (frame names leaf first, value), in order.
    fn samples(p: &Profile) -> Vec<(Vec<String>, i64)> {
        (0..p.samples.len())
            .map(|i| {
                let names = p.samples.stack(i).iter().map(|&l| {
                    let loc = &p.locations[l as usize];
                    let f = p.lines[loc.lines_start as usize].function;
                    p.str(p.functions[f as usize].name).to_string()
                });
                (names.collect(), p.samples.value(i, 0))
            })
            .collect()
    }

    fn read(text: &str, two_cores_above: usize) -> Profile {
        let mut reader = Reader::new(&[("samples", "count")]);
        reader.two_cores_above = two_cores_above;
        reader.add(text.as_bytes(), 0).unwrap();
        reader.finish().unwrap()
    }

    /// Lines that share prefixes in every way the reuse of the line
    /// before's frames must tell apart (a frame that goes on, one that
    /// ends, an empty one, a shorter line), malformed ones, CRLF, and no
    /// newline at the end: read on one core and cut in two at every line,
    /// the same samples as splitting each line by hand.
    #[test]
    fn reusing_the_line_before_and_reading_in_two_halves_change_nothing() {
        let text = "a;b 1\na;bc 2\na;b;c 3\na;b 4\na;b; 5\n;a 6\na;;b 7\na 8\r\n\
                    not a stack\na;b;c;d 9\nb;a;b 10\nb;a;b 11\nb;a 12\nb;a;b;c 13";
        let by_hand = |text: &str| -> Vec<(Vec<String>, i64)> {
            text.lines()
                .filter_map(super::parse_line)
                .map(|(frames, n)| (frames.split(';').rev().map(String::from).collect(), n))
                .collect()
        };
        let names = |p: &Profile| -> Vec<String> {
            p.functions
                .iter()
                .map(|f| p.str(f.name).to_string())
                .collect()
        };
        let one = read(text, usize::MAX);
        assert_eq!(samples(&one), by_hand(text));
        assert_eq!(
            one.warnings,
            ["skipped 1 malformed line (the first, line 9: \"not a stack\")"]
        );
        // Lines added before or after move the middle, where the text is
        // cut, over every line of it.
        for k in 0..40 {
            for variant in [
                format!("{}{text}", "z 1\n".repeat(k)),
                format!("{text}\n{}", "z 1\n".repeat(k)),
            ] {
                let (first, second) = super::split_in_two(&variant, 0);
                assert!(second.is_some(), "{variant:?} is cut");
                let two = read(&variant, 0);
                let at = first.len();
                assert_eq!(samples(&two), by_hand(&variant), "cut at byte {at}");
                assert_eq!(
                    two.warnings,
                    read(&variant, usize::MAX).warnings,
                    "cut at {at}"
                );
                assert_eq!(
                    names(&two),
                    names(&read(&variant, usize::MAX)),
                    "cut at {at}"
                );
            }
        }
    }

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
