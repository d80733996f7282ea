//! Ruby's stackprof profiles as JSON (`stackprof --json`, or
//! `JSON.generate(StackProf.run(raw: true) { … })`): the `raw` samples,
//! each a stack of frame ids (root first) and how many times it was seen,
//! with the time before each sample in `raw_timestamp_deltas`.

use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::error::LoadError;
use crate::profile::{Profile, ProfileBuilder};

/// The most stack entries the samples may expand into (about 400 MB).
const MAX_STACK_ENTRIES: usize = 100_000_000;

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    mode: String,
    #[serde(default)]
    interval: f64,
    /// By frame id, written as a string.
    frames: FxHashMap<String, Frame>,
    #[serde(default)]
    raw: Option<Vec<u64>>,
    /// Microseconds before each sample.
    #[serde(default)]
    raw_timestamp_deltas: Vec<i64>,
}

#[derive(Deserialize)]
struct Frame {
    #[serde(default)]
    name: String,
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    line: Option<i64>,
}

/// Whether the head of a JSON document is a stackprof profile.
pub fn looks_like(head: &str) -> bool {
    let t = head.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('{')
        && t.contains("\"mode\"")
        && t.contains("\"interval\"")
        && t.contains("\"frames\"")
        && !t.contains("\"traceEvents\"")
}

/// Reads a stackprof profile. Sample types: `samples` (count) and, by the
/// mode, `cpu` or `wall` (nanoseconds, each sample the time before it, as
/// speedscope weighs them) or `objects` (samples × the interval).
pub fn parse(data: &[u8]) -> Result<Profile, LoadError> {
    let file: File = super::json::decode(data)?;
    let Some(raw) = &file.raw else {
        return Err(LoadError::Profile(
            "a stackprof profile without raw samples: record with `raw: true`".into(),
        ));
    };
    let second = match file.mode.as_str() {
        "cpu" => ("cpu", "nanoseconds"),
        "wall" => ("wall", "nanoseconds"),
        "object" => ("objects", "count"),
        other => {
            return Err(LoadError::Profile(format!(
                "unknown stackprof mode {:?} (cpu, wall or object)",
                crate::error::escape_controls(other)
            )))
        }
    };
    let timed = second.1 == "nanoseconds";
    let interval = if file.interval.is_finite() && file.interval >= 1.0 {
        file.interval.min(1e12) as i64
    } else {
        1
    };
    let mut b = ProfileBuilder::new(&[("samples", "count"), second]);
    let mut locations: FxHashMap<u64, u32> = FxHashMap::default();
    let mut stack: Vec<u32> = Vec::new();
    let mut deltas = file.raw_timestamp_deltas.iter();
    let (mut entries, mut duration) = (0usize, 0i64);
    let mut at = 0usize;
    while at < raw.len() {
        let height = usize::try_from(raw[at]).unwrap_or(usize::MAX);
        let ids = raw
            .get(at + 1..)
            .and_then(|rest| rest.get(..height))
            .ok_or_else(|| cut(at))?;
        let &count = raw.get(at + 1 + height).ok_or_else(|| cut(at))?;
        stack.clear();
        for &id in ids.iter().rev() {
            let loc = match locations.get(&id) {
                Some(&l) => l,
                None => {
                    let f = file.frames.get(&id.to_string()).ok_or_else(|| {
                        LoadError::Profile(format!(
                            "raw sample at {at} names frame {id}, which is not in the frames"
                        ))
                    })?;
                    let func = b.function(&f.name, f.file.as_deref().unwrap_or(""));
                    let l = b.frame(func, f.line.unwrap_or(0).max(0));
                    locations.insert(id, l);
                    l
                }
            };
            stack.push(loc);
        }
        let count = i64::try_from(count).map_err(|_| too_many(at))?;
        let weight = if timed {
            // One delta per sample seen; a file cut short weighs nothing.
            let mut micros = 0i64;
            for _ in 0..count {
                micros = micros.saturating_add(deltas.next().copied().unwrap_or(0).max(0));
            }
            duration = duration.saturating_add(micros);
            micros.saturating_mul(1000)
        } else {
            count.checked_mul(interval).ok_or_else(|| too_many(at))?
        };
        entries = entries.saturating_add(stack.len());
        if entries > MAX_STACK_ENTRIES {
            return Err(LoadError::Profile(format!(
                "the samples expand into more than {MAX_STACK_ENTRIES} stack entries"
            )));
        }
        b.sample(&stack, &[count, weight], &[]);
        at += height + 2;
    }
    let mut profile = b.finish();
    profile.duration_nanos = duration.saturating_mul(1000);
    let shown = profile.sample_types.get(1).map(|t| t.ty);
    profile.default_sample_type = shown;
    Ok(profile)
}

fn cut(at: usize) -> LoadError {
    LoadError::Profile(format!("the raw samples end inside the stack at {at}"))
}

fn too_many(at: usize) -> LoadError {
    LoadError::Profile(format!("raw sample at {at}: the count is out of range"))
}
