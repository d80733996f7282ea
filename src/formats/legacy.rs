//! Legacy text profiles: Go's written with `debug=1` (`heap profile: ...`,
//! `--- mutex:` / `--- contention:`) and gperftools' (C++ heap, growth
//! and `--- contentionz` profiles, with their `--- Memory map:`).
//!
//! Values are computed exactly as pprof's `legacy_profile.go` does (heap
//! samples unsampled with the `heap/N` rate, contention delays converted
//! from cycles), so totals match `go tool pprof`. Unlike pprof without the
//! binary, the `#` lines are used to name the frames.

use crate::error::LoadError;
use crate::profile::{Label, LabelValue, Profile, ProfileBuilder};

use super::goroutine::{addresses, parse_hash_frame, stack_or_addresses};

fn text_err(line: usize, msg: impl Into<String>) -> LoadError {
    LoadError::Text {
        line,
        msg: msg.into(),
    }
}

/// A record: the numbers before `@`, the stack addresses, and its `#` frames.
struct Record {
    line: usize,
    head: String,
    frames: Vec<(u64, String, String, i64)>,
}

/// Splits the text after the header into records; stops at `stop`.
fn records<'a>(
    lines: impl Iterator<Item = (usize, &'a str)>,
    stop: impl Fn(&str) -> bool,
) -> Vec<Record> {
    let mut out: Vec<Record> = Vec::new();
    for (no, raw) in lines {
        let line = raw.trim();
        if stop(line) {
            break;
        }
        if line.is_empty() {
            continue;
        }
        if let Some(frame) = line.strip_prefix('#') {
            if let (Some(r), Some(f)) = (out.last_mut(), parse_hash_frame(frame)) {
                r.frames.push(f);
            }
            continue;
        }
        out.push(Record {
            line: no + 1,
            head: line.to_string(),
            frames: Vec::new(),
        });
    }
    out
}

/// pprof's `scaleHeapSample`: undoes the sampling of allocations.
fn scale_heap_sample(count: i64, size: i64, rate: i64) -> (i64, i64) {
    if count == 0 || size == 0 {
        return (0, 0);
    }
    if rate <= 1 {
        return (count, size);
    }
    let avg = size as f64 / count as f64;
    let scale = 1.0 / (1.0 - (-avg / rate as f64).exp());
    ((count as f64 * scale) as i64, (size as f64 * scale) as i64)
}

fn parse_pair(s: &str) -> Option<(i64, i64)> {
    let (a, b) = s.split_once(':')?;
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

/// A `count: bytes` pair of a heap record.
type Pair = (i64, i64);

/// `a: b [c: d] @ rest` → ((a, b), (c, d), rest).
fn heap_numbers(s: &str) -> Option<(Pair, Pair, &str)> {
    let (nums, rest) = s.split_once('@')?;
    let (inuse, alloc) = nums.split_once('[')?;
    let alloc = alloc.trim().strip_suffix(']')?;
    Some((parse_pair(inuse)?, parse_pair(alloc)?, rest.trim()))
}

/// The mappings of a C++ heap profile's `--- Memory map:` section (or a
/// `MAPPED_LIBRARIES:` one): pprof's `start-end: path` lines, with
/// `name=value` lines defining `$name`, or `/proc/self/maps` lines, of
/// which the executable ones count. (start, limit, offset, file).
fn memory_map(text: &str) -> Vec<(u64, u64, u64, String)> {
    let mut lines = text.lines();
    match lines.position(|l| l.starts_with("--- Memory map:") || l.starts_with("MAPPED_LIBRARIES:"))
    {
        Some(_) => map_entries(lines),
        None => Vec::new(),
    }
}

/// The mappings of a memory map's lines (see [`memory_map`]).
pub(crate) fn map_entries<'a>(
    lines: impl Iterator<Item = &'a str>,
) -> Vec<(u64, u64, u64, String)> {
    let mut out = Vec::new();
    let mut vars: Vec<(String, String)> = Vec::new();
    let hex = |s: &str| u64::from_str_radix(s, 16).ok();
    for line in lines {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        let (range, rest) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
        let range = range.trim_end_matches(':');
        let parsed = range
            .split_once('-')
            .and_then(|(a, b)| Some((hex(a)?, hex(b)?)));
        let Some((lo, hi)) = parsed else {
            if let Some((k, v)) = l.split_once('=') {
                if !k.contains(char::is_whitespace) {
                    vars.push((k.to_string(), v.to_string()));
                }
            }
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let (offset, file) = if l
            .split_whitespace()
            .next()
            .is_some_and(|w| w.ends_with(':'))
        {
            (0, rest.trim().to_string())
        } else {
            // /proc/maps: perms offset dev inode [path]
            match fields.as_slice() {
                [perms, off, _, _, path @ ..] if perms.contains('x') => {
                    (hex(off).unwrap_or(0), path.join(" "))
                }
                _ => continue,
            }
        };
        let mut file = file;
        for (k, v) in &vars {
            file = file.replace(&format!("${k}"), v);
        }
        out.push((lo, hi, offset, file));
    }
    out
}

/// Gives each address-only location the mapping that holds its address.
pub(crate) fn attach_mappings(profile: &mut Profile, map: &[(u64, u64, u64, String)]) {
    for (lo, hi, offset, file) in map {
        let file = profile.strings.intern(file);
        profile.mappings.push(crate::profile::Mapping {
            id: profile.mappings.len() as u64 + 1,
            memory_start: *lo,
            memory_limit: *hi,
            file_offset: *offset,
            file,
            ..Default::default()
        });
    }
    for loc in &mut profile.locations {
        if loc.mapping.is_none() {
            loc.mapping = map
                .iter()
                .position(|(lo, hi, _, _)| (*lo..*hi).contains(&loc.address))
                .map(|m| m as u32);
        }
    }
}

/// Parses a `heap profile:` text profile.
pub fn parse_heap(data: &[u8]) -> Result<Profile, LoadError> {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.lines().enumerate();
    let (_, header) = lines
        .by_ref()
        .find(|(_, l)| !l.trim().is_empty())
        .ok_or(LoadError::Empty)?;
    let header = header.trim();
    let rest = header.strip_prefix("heap profile:").unwrap_or(header);
    let ((hi_c, hi_b), (ha_c, ha_b), kind) =
        heap_numbers(rest).ok_or_else(|| text_err(1, "malformed `heap profile:` header"))?;
    let (kind, rate) = match kind.split_once('/') {
        Some((k, r)) => (k, r.trim().parse::<i64>().unwrap_or(0)),
        None => (kind, 0),
    };
    let (v2, period) = match kind {
        "heapz_v2" | "heap_v2" => (true, rate),
        "heapprofile" => (false, 1),
        "heap" => (true, rate / 2),
        // gperftools' growth and fragmentation profiles: unsampled.
        "growthz" | "fragmentationz" => (false, 1),
        other => return Err(text_err(1, format!("unknown heap profile kind {other:?}"))),
    };
    // pprof reads allocation columns from heap profiles only.
    let has_alloc = !matches!(kind, "growthz" | "fragmentationz")
        && ((ha_c != hi_c && ha_c != 0) || (ha_b != hi_b && ha_b != 0));
    let types: &[(&str, &str)] = if has_alloc {
        &[
            ("alloc_objects", "count"),
            ("alloc_space", "bytes"),
            ("inuse_objects", "count"),
            ("inuse_space", "bytes"),
        ]
    } else {
        &[("objects", "count"), ("space", "bytes")]
    };
    let mut b = ProfileBuilder::new(types);
    {
        let p = b.profile_mut();
        p.period = period;
        let space = p.strings.intern("space");
        let bytes = p.strings.intern("bytes");
        p.period_type = Some(crate::profile::ValueType {
            ty: space,
            unit: bytes,
        });
    }
    let bytes_key = b.intern("bytes");
    let bytes_unit = b.intern("bytes");
    let recs = records(lines, |l| {
        l.starts_with("# runtime.MemStats")
            || l.starts_with("MAPPED_LIBRARIES")
            || l.starts_with("--- Memory map:")
    });
    for r in recs {
        let ((ic, ib), (ac, ab), pcs) = heap_numbers(&r.head)
            .ok_or_else(|| text_err(r.line, format!("malformed heap record {:?}", r.head)))?;
        let mut values = Vec::with_capacity(4);
        let mut blocksize = 0;
        let mut add = |count: i64, size: i64, what: &str| -> Result<(), LoadError> {
            if count == 0 && size != 0 {
                return Err(text_err(
                    r.line,
                    format!("{what} count was 0 but {what} bytes was {size}"),
                ));
            }
            let (mut c, mut s) = (count, size);
            if count != 0 {
                blocksize = size / count;
                if v2 {
                    (c, s) = scale_heap_sample(count, size, period);
                }
            }
            values.push(c);
            values.push(s);
            Ok(())
        };
        if has_alloc {
            add(ac, ab, "allocation")?;
        }
        add(ic, ib, "inuse")?;
        let stack = stack_or_addresses(&mut b, &r.frames, &addresses(pcs));
        let label = Label {
            key: bytes_key,
            value: LabelValue::Num {
                value: blocksize,
                unit: Some(bytes_unit),
            },
        };
        b.sample(&stack, &values, &[label]);
    }
    let mut profile = b.finish();
    attach_mappings(&mut profile, &memory_map(&text));
    Ok(profile)
}

/// Parses a `--- mutex:` or `--- contention:` text profile.
pub fn parse_contention(data: &[u8]) -> Result<Profile, LoadError> {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.lines().enumerate().peekable();
    lines.by_ref().find(|(_, l)| !l.trim().is_empty());
    let mut b = ProfileBuilder::new(&[("contentions", "count"), ("delay", "nanoseconds")]);
    let mut period = 1i64;
    let mut cpu_hz = 0i64;
    let mut duration = 0i64;
    while let Some((no, raw)) = lines.peek().copied() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            lines.next();
            continue;
        }
        let Some((key, val)) = line.split_once('=') else {
            break;
        };
        let val = val.trim();
        let parse = |v: &str| -> Result<i64, LoadError> {
            v.parse()
                .map_err(|_| text_err(no + 1, format!("bad number {v:?} for {}", key.trim())))
        };
        match key.trim() {
            "cycles/second" => cpu_hz = parse(val)?,
            "sampling period" => period = parse(val)?,
            "ms since reset" => duration = parse(val)?.saturating_mul(1_000_000),
            "discarded samples" => {}
            other => return Err(text_err(no + 1, format!("unknown attribute {other:?}"))),
        }
        lines.next();
    }
    {
        let p = b.profile_mut();
        p.period = period;
        p.duration_nanos = duration;
        let vt = p.sample_types[0];
        p.period_type = Some(vt);
    }
    let recs = records(lines, |l| l.starts_with("---"));
    for r in recs {
        let (nums, pcs) = r
            .head
            .split_once('@')
            .ok_or_else(|| text_err(r.line, format!("malformed record {:?}", r.head)))?;
        let mut it = nums.split_whitespace();
        let (Some(cycles), Some(count), None) = (it.next(), it.next(), it.next()) else {
            return Err(text_err(r.line, format!("malformed record {:?}", r.head)));
        };
        let mut v1: i64 = cycles
            .parse()
            .map_err(|_| text_err(r.line, format!("bad delay {cycles:?}")))?;
        let mut v2: i64 = count
            .parse()
            .map_err(|_| text_err(r.line, format!("bad count {count:?}")))?;
        if period > 0 {
            if cpu_hz > 0 {
                let ghz = cpu_hz as f64 / 1e9;
                v1 = (v1 as f64 * period as f64 / ghz) as i64;
            }
            v2 = v2.saturating_mul(period);
        }
        let stack = stack_or_addresses(&mut b, &r.frames, &addresses(pcs));
        b.sample(&stack, &[v2, v1], &[]);
    }
    let mut profile = b.finish();
    attach_mappings(&mut profile, &memory_map(&text));
    Ok(profile)
}
