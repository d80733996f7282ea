//! The Go benchmark format (golang.org/design/14313-benchmark-format), read
//! the way golang.org/x/perf/benchfmt reads it.
//!
//! * `key: value` lines set file configuration, carried forward to every
//!   later result; `key:` with an empty value deletes the key.
//! * `Benchmark<name> <iters> <value> <unit> [<value> <unit>...]` lines are
//!   results. Values are tidied (`ns/op` becomes `sec/op`, `MB/s` becomes
//!   `B/s`).
//! * `Unit <unit> key=value...` lines attach metadata to a unit (e.g.
//!   `assume=exact`).
//! * A malformed result line is a [`SyntaxError`] naming the file and line;
//!   it never stops the reading. Every other line is ignored.
//!
//! benchstat gives up on a whole file when one line is longer than 64 KiB
//! (a `bufio.Scanner` limit). We skip that line with a warning instead and
//! keep the rest, which is what a user wants from a half-garbled log.

use std::sync::Arc;

use super::config::{self, ConfigSet};
use super::units::tidy;

/// Lines at least this long are skipped (benchstat fails the whole file).
pub const MAX_LINE: usize = 64 * 1024;

/// One configuration key of a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The key, e.g. `goos` or `.file`.
    pub key: String,
    /// Its value (never empty in a configuration; as a change, an empty
    /// value deletes the key).
    pub value: String,
    /// Read from the file (`goos: linux`), rather than set by the tool
    /// (`.file`).
    pub file: bool,
}

/// One measurement of a result.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// The tidied value (seconds rather than nanoseconds, bytes rather than
    /// megabytes).
    pub value: f64,
    /// The tidied unit.
    pub unit: Arc<str>,
    /// The unit as written in the file, when tidying changed the value.
    pub orig_unit: Option<Arc<str>>,
}

/// One benchmark result line.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchResult {
    /// The configuration in force on this line (shared between results).
    pub config: Arc<ConfigSet>,
    /// The full name without the `Benchmark` prefix, e.g. `Sum/size=100-2`
    /// (shared by the runs of one benchmark).
    pub name: Arc<str>,
    /// The iteration count.
    pub iters: i64,
    /// The measurements, in the order of the line.
    pub values: Vec<Value>,
    /// The file name used in messages.
    pub file: Arc<str>,
    /// The 1-based line number.
    pub line: usize,
}

impl BenchResult {
    /// The value of configuration `key`, or "" when it is not set.
    pub fn config_value(&self, key: &str) -> &str {
        self.config.value(key)
    }

    /// The base name: the full name up to the first `/`, without a
    /// `-<procs>` suffix.
    pub fn base_name(&self) -> &str {
        base_name(&self.name)
    }
}

/// A malformed line: the message benchstat would print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The file name.
    pub file: String,
    /// The 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub msg: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.msg)
    }
}

/// Metadata for a unit from a `Unit` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitMeta {
    /// The tidied unit it applies to.
    pub unit: String,
    /// The metadata key, e.g. `assume`.
    pub key: String,
    /// Its value, e.g. `exact`.
    pub value: String,
}

/// What one line produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// A result.
    Result(BenchResult),
    /// A malformed line.
    Error(SyntaxError),
    /// Unit metadata.
    Unit(UnitMeta),
}

/// Reads Go benchmark text. `file` names the input in messages; `label`
/// becomes the `.file` configuration (usually the same). Unit metadata
/// already set by earlier files is in `units`; conflicting redefinitions
/// are errors, as in benchstat.
pub fn read(data: &[u8], file: &str, label: &str, units: &mut Vec<UnitMeta>) -> Vec<Record> {
    // Large logs are read in two halves on two threads. The second half
    // starts from the configuration and unit metadata in force at the
    // split, found by a quick pass over the first half's non-result lines.
    const PARALLEL_ABOVE: usize = 1 << 20;
    let split = (data.len() > PARALLEL_ABOVE)
        .then(|| memchr_newline(&data[data.len() / 2..]).map(|i| data.len() / 2 + i + 1))
        .flatten();
    let Some(split) = split else {
        return read_lines(data, 1, Reader::new(file, label), units);
    };
    let (first, second) = data.split_at(split);
    let mut state = Reader::new(file, label);
    let mut second_units = units.clone();
    let mut first_lines = 0;
    let mut ignored = Vec::new();
    for line in lines(first) {
        first_lines += 1;
        if !line.starts_with(b"Benchmark") {
            state.line(line, first_lines, &mut second_units, &mut ignored);
        }
    }
    let mut first_units = units.clone();
    let (mut a, b) = std::thread::scope(|s| {
        let second = s.spawn(|| read_lines(second, first_lines + 1, state, &mut second_units));
        let a = read_lines(first, 1, Reader::new(file, label), &mut first_units);
        let b = second.join().unwrap_or_default();
        (a, b)
    });
    *units = second_units;
    a.extend(b);
    a
}

fn read_lines(
    data: &[u8],
    first_line: usize,
    mut reader: Reader,
    units: &mut Vec<UnitMeta>,
) -> Vec<Record> {
    let mut out = Vec::new();
    for (i, line) in lines(data).enumerate() {
        reader.line(line, first_line + i, units, &mut out);
    }
    out
}

/// Splits like Go's `bufio.ScanLines`: on `\n`, dropping one trailing `\r`.
pub fn lines(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = data;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (line, next) = match memchr_newline(rest) {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        rest = next;
        Some(line.strip_suffix(b"\r").unwrap_or(line))
    })
}

/// The first newline: eight bytes at a time, as memchr does, since
/// benchmark logs run to millions of lines.
fn memchr_newline(s: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    const NL: u64 = LO * b'\n' as u64;
    let mut i = 0;
    while i + 8 <= s.len() {
        let mut w = [0u8; 8];
        w.copy_from_slice(&s[i..i + 8]);
        let x = u64::from_le_bytes(w) ^ NL;
        if (x.wrapping_sub(LO) & !x & HI) != 0 {
            break;
        }
        i += 8;
    }
    s[i..].iter().position(|&b| b == b'\n').map(|p| p + i)
}

/// A unit as written, tidied: (tidied unit, unit as written, factor).
type TidyUnit = (Arc<str>, Option<Arc<str>>, f64);

/// The reader's state between lines: the configuration in force.
pub struct Reader {
    file: Arc<str>,
    /// What the last result got, the configuration in force, and the
    /// changes between the two.
    config: Arc<ConfigSet>,
    current: config::Entries,
    pending: Vec<Config>,
    /// Each unit as written, tidied once: (unit, original unit, factor).
    units: rustc_hash::FxHashMap<Box<[u8]>, TidyUnit>,
    /// Names seen, so the runs of a benchmark share one.
    names: rustc_hash::FxHashMap<Box<[u8]>, Arc<str>>,
}

impl Reader {
    /// A reader for one file, with `.file` set to `label`.
    pub fn new(file: &str, label: &str) -> Self {
        let label = Config {
            key: ".file".to_string(),
            value: label.to_string(),
            file: false,
        };
        Reader {
            file: file.into(),
            units: Default::default(),
            names: Default::default(),
            config: ConfigSet::new(vec![label.clone()]),
            current: config::Entries::new(vec![label]),
            pending: Vec::new(),
        }
    }

    /// Handles one line (without its newline), appending what it produced.
    pub fn line(
        &mut self,
        line: &[u8],
        number: usize,
        units: &mut Vec<UnitMeta>,
        out: &mut Vec<Record>,
    ) {
        if line.len() >= MAX_LINE {
            out.push(Record::Error(self.error(
                number,
                format!("line too long ({} bytes), skipped", line.len()),
            )));
            return;
        }
        if let Some(rest) = line.strip_prefix(b"Benchmark") {
            match self.result(rest, number) {
                Ok(Some(r)) => out.push(Record::Result(r)),
                Ok(None) => {}
                Err(msg) => out.push(Record::Error(self.error(number, msg))),
            }
            return;
        }
        if line.first() == Some(&b'U') {
            let (first, rest) = split_field(line);
            if first == b"Unit" {
                self.unit_line(rest, number, units, out);
                return;
            }
        }
        if let Some((key, value)) = key_value(line) {
            let change = Config {
                key: String::from_utf8_lossy(key).into_owned(),
                value: String::from_utf8_lossy(value).into_owned(),
                file: true,
            };
            self.current.apply(change.clone());
            self.pending.push(change);
        }
    }

    fn error(&self, line: usize, msg: String) -> SyntaxError {
        SyntaxError {
            file: self.file.to_string(),
            line,
            msg,
        }
    }

    /// Parses what follows `Benchmark`. `Ok(None)` for a bare name, which
    /// `go test -v` prints when a benchmark starts.
    fn result(&mut self, line: &[u8], number: usize) -> Result<Option<BenchResult>, String> {
        let (name, rest) = split_field(line);
        if rest.is_empty() && name.len() == line.len() {
            return Ok(None);
        }
        let (iters, mut rest) = split_field(rest);
        if iters.is_empty() {
            return Err("missing iteration count".to_string());
        }
        let iters = parse_int(iters).map_err(|e| format!("parsing iteration count: {e}"))?;
        let mut values = Vec::new();
        loop {
            let (f, r) = split_field(rest);
            if f.is_empty() {
                if values.is_empty() {
                    return Err("missing measurements".to_string());
                }
                break;
            }
            let value = parse_float(f).map_err(|e| format!("parsing measurement: {e}"))?;
            let (unit, r) = split_field(r);
            if unit.is_empty() {
                return Err("missing units".to_string());
            }
            rest = r;
            let (tidy_unit, orig, factor) = match self.units.get(unit) {
                Some(known) => known.clone(),
                None => {
                    let u = String::from_utf8_lossy(unit);
                    let (tidied, factor) = super::units::tidy_factor(&u);
                    let entry = (Arc::from(tidied), Some(Arc::from(u.as_ref())), factor);
                    self.units.insert(unit.into(), entry.clone());
                    entry
                }
            };
            let tidied = value * factor;
            // benchstat keeps the original unit when tidying leaves the
            // value unchanged, so `+Inf ns/op` stays in ns/op.
            #[allow(clippy::float_cmp)]
            let same = tidied == value;
            values.push(if same {
                Value {
                    value,
                    unit: orig.unwrap_or(tidy_unit),
                    orig_unit: None,
                }
            } else {
                Value {
                    value: tidied,
                    unit: tidy_unit,
                    orig_unit: orig,
                }
            });
        }
        let name = match self.names.get(name) {
            Some(n) => Arc::clone(n),
            None => {
                let n: Arc<str> = String::from_utf8_lossy(name).into();
                // Bounded: a log of endless distinct names must not grow
                // this without limit.
                if self.names.len() < 1 << 16 {
                    self.names.insert(name.into(), Arc::clone(&n));
                }
                n
            }
        };
        if !self.pending.is_empty() {
            let changes = std::mem::take(&mut self.pending);
            self.config = ConfigSet::changed(&self.config, changes, self.current.as_slice());
        }
        Ok(Some(BenchResult {
            config: Arc::clone(&self.config),
            name,
            iters,
            values,
            file: Arc::clone(&self.file),
            line: number,
        }))
    }

    fn unit_line(
        &self,
        line: &[u8],
        number: usize,
        units: &mut Vec<UnitMeta>,
        out: &mut Vec<Record>,
    ) {
        let (unit, mut rest) = split_field(line);
        if unit.is_empty() {
            out.push(Record::Error(self.error(number, "missing unit".into())));
            return;
        }
        let unit = String::from_utf8_lossy(unit).into_owned();
        let (_, tidy_unit) = tidy(1.0, &unit);
        loop {
            let (f, r) = split_field(rest);
            rest = r;
            if f.is_empty() {
                break;
            }
            let Some(eq) = f.iter().position(|&b| b == b'=').filter(|&i| i > 0) else {
                out.push(Record::Error(
                    self.error(number, "expected key=value".into()),
                ));
                continue;
            };
            let key = String::from_utf8_lossy(&f[..eq]).into_owned();
            let value = String::from_utf8_lossy(&f[eq + 1..]).into_owned();
            if let Some(have) = units.iter().find(|m| m.unit == tidy_unit && m.key == key) {
                if have.value != value {
                    let msg = format!(
                        "metadata {key} of unit {unit} already set to {}",
                        have.value
                    );
                    out.push(Record::Error(self.error(number, msg)));
                }
                continue;
            }
            let meta = UnitMeta {
                unit: tidy_unit.clone(),
                key,
                value,
            };
            units.push(meta.clone());
            out.push(Record::Unit(meta));
        }
    }
}

/// The base name of a full benchmark name.
pub fn base_name(name: &str) -> &str {
    match name.find('/') {
        Some(i) => &name[..i],
        None => split_procs(name).0,
    }
}

/// Splits a trailing `-<digits>` (GOMAXPROCS) off a name.
pub fn split_procs(name: &str) -> (&str, Option<&str>) {
    let b = name.as_bytes();
    for i in (0..b.len()).rev() {
        if b[i] == b'-' && i + 1 < b.len() {
            return (&name[..i], Some(&name[i..]));
        }
        if !b[i].is_ascii_digit() {
            break;
        }
    }
    (name, None)
}

/// The base name and the configuration parts (`/key=value`, `/value`,
/// `-procs`) of a full name; concatenated they give the name back.
pub fn name_parts(name: &str) -> (&str, Vec<&str>) {
    let (buf, procs) = split_procs(name);
    let mut parts = Vec::new();
    let mut prev = 0;
    for (i, c) in buf.char_indices() {
        if c == '/' {
            parts.push(&buf[prev..i]);
            prev = i;
        }
    }
    parts.push(&buf[prev..]);
    if let Some(p) = procs {
        parts.push(p);
    }
    let base = parts.remove(0);
    (base, parts)
}

/// A `key: value` configuration line: the key starts with a lower-case
/// letter and has no spaces or upper-case letters; one or more spaces or
/// tabs follow the colon unless the value is empty.
fn key_value(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut i = 0;
    let mut key_end = None;
    while i < line.len() {
        let (c, n) = decode(&line[i..]);
        if i == 0 && !c.is_some_and(char::is_lowercase) {
            return None;
        }
        if let Some(c) = c {
            if is_space(c) || c.is_uppercase() {
                return None;
            }
            if i > 0 && c == ':' {
                key_end = Some(i);
                break;
            }
        }
        i += n;
    }
    let end = key_end?;
    let (key, mut val) = (&line[..end], &line[end + 1..]);
    if val.is_empty() {
        return Some((key, val));
    }
    let mut ok = false;
    while let Some((&b, rest)) = val.split_first() {
        if b != b' ' && b != b'\t' {
            break;
        }
        val = rest;
        ok = true;
    }
    ok.then_some((key, val))
}

/// Go's `unicode.IsSpace`.
fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Decodes one UTF-8 character; invalid bytes count as one byte and no
/// character, as Go's `utf8.DecodeRune` (which returns RuneError).
fn decode(b: &[u8]) -> (Option<char>, usize) {
    let w = match b.first() {
        None => return (None, 0),
        Some(&x) if x < 0x80 => return (Some(x as char), 1),
        Some(&x) if x >> 5 == 0b110 => 2,
        Some(&x) if x >> 4 == 0b1110 => 3,
        Some(&x) if x >> 3 == 0b11110 => 4,
        Some(_) => return (None, 1),
    };
    match b.get(..w).map(std::str::from_utf8) {
        Some(Ok(s)) => (s.chars().next(), w),
        _ => (None, 1),
    }
}

/// Splits off one whitespace-delimited field and the whitespace after it.
pub fn split_field(x: &[u8]) -> (&[u8], &[u8]) {
    let mut i = 0;
    let mut rest: &[u8] = &[];
    while i < x.len() {
        if x[i] < 0x80 {
            if is_ascii_space(x[i]) {
                rest = &x[i + 1..];
                break;
            }
            i += 1;
        } else {
            let (c, n) = decode(&x[i..]);
            if c.is_some_and(is_space) {
                rest = &x[i + n..];
                break;
            }
            i += n;
        }
    }
    let field = &x[..i];
    while let Some(&b) = rest.first() {
        if b < 0x80 {
            if !is_ascii_space(b) {
                break;
            }
            rest = &rest[1..];
        } else {
            let (c, n) = decode(rest);
            if !c.is_some_and(is_space) {
                break;
            }
            rest = &rest[n..];
        }
    }
    (field, rest)
}

fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// Go's `strconv.Atoi` on a 64-bit machine, with its error texts.
fn parse_int(f: &[u8]) -> Result<i64, &'static str> {
    let s = std::str::from_utf8(f).map_err(|_| "invalid syntax")?;
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("invalid syntax");
    }
    s.parse::<i64>().map_err(|_| "value out of range")
}

/// Go's `strconv.ParseFloat(s, 64)` for what benchmark files contain:
/// decimals, exponents, `NaN`, `Inf`/`Infinity` with a sign.
pub fn parse_float(f: &[u8]) -> Result<f64, &'static str> {
    // Most values are plain integers.
    if !f.is_empty() && f.len() < 19 && f.iter().all(u8::is_ascii_digit) {
        return Ok(f.iter().fold(0i64, |v, &d| v * 10 + i64::from(d - b'0')) as f64);
    }
    let s = std::str::from_utf8(f).map_err(|_| "invalid syntax")?;
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let lower = if body.starts_with(|c: char| c.is_ascii_alphabetic()) {
        body.to_ascii_lowercase()
    } else {
        String::new()
    };
    if lower == "nan" || lower == "inf" || lower == "infinity" {
        if lower == "nan" && body.len() != s.len() {
            // Go accepts a sign only before Inf.
            return Err("invalid syntax");
        }
    } else if !body
        .bytes()
        .all(|b| b.is_ascii_digit() || b".eE+-".contains(&b))
        || !body.bytes().any(|b| b.is_ascii_digit())
    {
        return Err("invalid syntax");
    }
    let v: f64 = s.parse().map_err(|_| "invalid syntax")?;
    if v.is_infinite() && !lower.starts_with("inf") {
        return Err("value out of range");
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results(text: &str) -> Vec<Record> {
        read(text.as_bytes(), "f.txt", "f.txt", &mut Vec::new())
    }

    #[test]
    fn config_carries_forward_and_empty_value_deletes() {
        let recs = results(
            "goos: linux\npkg: a\nBenchmarkX-2 10 5 ns/op\npkg:\ncpu: z\nBenchmarkY 1 2 B/op\n",
        );
        let Record::Result(x) = &recs[0] else {
            panic!("{recs:?}")
        };
        assert_eq!(x.config_value("pkg"), "a");
        assert_eq!(&*x.values[0].unit, "sec/op");
        assert!((x.values[0].value - 5e-9).abs() < 1e-20);
        let Record::Result(y) = &recs[1] else {
            panic!()
        };
        assert_eq!(y.config_value("pkg"), "");
        let all = y.config.to_vec();
        let keys: Vec<_> = all.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, [".file", "goos", "cpu"]);
    }

    #[test]
    fn malformed_lines_are_errors_with_line_numbers() {
        let recs = results("BenchmarkA 1\nBenchmarkB x 1 ns/op\nBenchmarkC 1 1\nBenchmarkD\nBenchmarkE 1 1.2.3 ns/op\n");
        let msgs: Vec<String> = recs
            .iter()
            .map(|r| match r {
                Record::Error(e) => e.to_string(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            msgs,
            [
                "f.txt:1: missing measurements",
                "f.txt:2: parsing iteration count: invalid syntax",
                "f.txt:3: missing units",
                "f.txt:5: parsing measurement: invalid syntax",
            ]
        );
    }

    #[test]
    fn a_large_file_read_in_halves_is_read_the_same() {
        let mut text = String::from("goos: linux\n");
        for i in 0..40_000 {
            if i == 20_000 {
                text.push_str("pkg: b\nUnit x/op assume=exact\n");
            }
            text.push_str(&format!(
                "BenchmarkN{} {} {}.5 ns/op 3 x/op\n",
                i % 7,
                i + 1,
                i
            ));
        }
        text.push_str("BenchmarkBad 1 x ns/op\n");
        assert!(text.len() > 1 << 20);
        let mut units = Vec::new();
        let whole = read(text.as_bytes(), "f", "f", &mut units);
        let mut units2 = Vec::new();
        let mut reader = Reader::new("f", "f");
        let mut one = Vec::new();
        for (i, l) in lines(text.as_bytes()).enumerate() {
            reader.line(l, i + 1, &mut units2, &mut one);
        }
        assert_eq!(whole, one);
        assert_eq!(units, units2);
    }

    #[test]
    fn names_split_like_benchfmt() {
        assert_eq!(base_name("Sum/size=100-2"), "Sum");
        assert_eq!(base_name("Hash-2"), "Hash");
        assert_eq!(base_name("-2"), "");
        assert_eq!(
            name_parts("Sum/size=100/x-8"),
            ("Sum", vec!["/size=100", "/x", "-8"])
        );
    }

    #[test]
    fn floats_as_go_parses_them() {
        assert_eq!(parse_float(b"12"), Ok(12.0));
        assert!(parse_float(b"NaN").is_ok_and(f64::is_nan));
        assert_eq!(parse_float(b"+Inf"), Ok(f64::INFINITY));
        assert_eq!(parse_float(b"-42.5"), Ok(-42.5));
        assert_eq!(parse_float(b"12.5.7"), Err("invalid syntax"));
        assert_eq!(parse_float(b"1e999"), Err("value out of range"));
    }
}
