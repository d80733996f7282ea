//! Chrome DevTools / Node.js `.cpuprofile` files (`node --cpu-prof`, the
//! Performance panel's "Save profile"): a call tree of V8 frames, the node
//! hit at each sample, and the time between samples.

use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::error::LoadError;
use crate::profile::{Label, Profile, ProfileBuilder};

/// A V8 CPU profile: a call tree and the node hit at each sample. Times
/// are in microseconds.
#[derive(Deserialize, Default)]
pub(crate) struct CpuProfile {
    pub(crate) nodes: Vec<Node>,
    #[serde(default)]
    pub(crate) samples: Vec<u64>,
    #[serde(default, rename = "timeDeltas")]
    pub(crate) time_deltas: Vec<i64>,
    #[serde(default, rename = "startTime")]
    pub(crate) start_time: i64,
    #[serde(default, rename = "endTime")]
    pub(crate) end_time: i64,
}

#[derive(Deserialize)]
pub(crate) struct Node {
    id: u64,
    #[serde(rename = "callFrame")]
    call_frame: CallFrame,
    #[serde(default)]
    children: Vec<u64>,
    /// Chrome's trace-event profiles name the parent instead.
    #[serde(default)]
    parent: Option<u64>,
    #[serde(default, rename = "hitCount")]
    hit_count: i64,
}

#[derive(Deserialize)]
struct CallFrame {
    #[serde(default, rename = "functionName")]
    function_name: String,
    #[serde(default)]
    url: String,
    /// 0-based; -1 when unknown.
    #[serde(default, rename = "lineNumber")]
    line_number: i64,
    #[serde(default, rename = "columnNumber")]
    column_number: i64,
}

/// The most stack entries a `.cpuprofile`'s samples may expand into
/// (about 400 MB of stacks).
const MAX_STACK_ENTRIES: usize = 100_000_000;

/// Whether the head of a JSON document is a `.cpuprofile`.
pub fn looks_like(head: &str) -> bool {
    let t = head.trim_start_matches('\u{feff}').trim_start();
    // A trace's ProfileChunk events hold call trees too.
    t.starts_with('{')
        && t.contains("\"nodes\"")
        && t.contains("\"callFrame\"")
        && !t.contains("\"traceEvents\"")
}

/// Reads a `.cpuprofile`. Sample types: `samples` (count) and `cpu`
/// (nanoseconds: each sample lasts until the next one, the last until the
/// profile's end, as DevTools counts self time). A file without a sample
/// list counts each node's `hitCount`, spread evenly over the duration.
pub fn parse(data: &[u8]) -> Result<Profile, LoadError> {
    let p: CpuProfile = super::json::decode(data)?;
    let mut b = builder(p.end_time.saturating_sub(p.start_time));
    add(&mut b, &p, &[], &mut 0)?;
    Ok(b.finish())
}

/// A builder for V8 profiles' sample types, `cpu` shown first, lasting
/// `micros`.
pub(crate) fn builder(micros: i64) -> ProfileBuilder {
    let mut b = ProfileBuilder::new(&[("samples", "count"), ("cpu", "nanoseconds")]);
    let prof = b.profile_mut();
    prof.default_sample_type = prof.sample_types.get(1).map(|t| t.ty);
    prof.duration_nanos = micros.max(0).saturating_mul(1000);
    b
}

/// Adds the samples of `p` to `b` (made by [`builder`]), each with
/// `labels`; `expanded` counts the stack entries added so far, across
/// calls, against the bound.
pub(crate) fn add(
    b: &mut ProfileBuilder,
    p: &CpuProfile,
    labels: &[Label],
    expanded: &mut usize,
) -> Result<(), LoadError> {
    let index: FxHashMap<u64, usize> = p.nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
    if index.len() != p.nodes.len() {
        return Err(LoadError::Profile(
            "two call tree nodes have the same id".into(),
        ));
    }
    let mut parent: Vec<Option<usize>> = vec![None; p.nodes.len()];
    for (i, n) in p.nodes.iter().enumerate() {
        for c in &n.children {
            let &ci = index.get(c).ok_or_else(|| {
                LoadError::Profile(format!("node {} has an unknown child {c}", n.id))
            })?;
            parent[ci] = Some(i);
        }
        if let Some(pid) = n.parent {
            let &pi = index.get(&pid).ok_or_else(|| {
                LoadError::Profile(format!("node {} has an unknown parent {pid}", n.id))
            })?;
            parent[i] = Some(pi);
        }
    }
    // Weights per node: sample counts and durations.
    let mut counts = vec![0i64; p.nodes.len()];
    let mut nanos = vec![0i64; p.nodes.len()];
    if p.samples.is_empty() {
        let hits: i64 = p.nodes.iter().map(|n| n.hit_count.max(0)).sum();
        let span = p
            .end_time
            .saturating_sub(p.start_time)
            .max(0)
            .saturating_mul(1000);
        for (i, n) in p.nodes.iter().enumerate() {
            counts[i] = n.hit_count.max(0);
            nanos[i] = if hits == 0 {
                0
            } else {
                (span as i128 * counts[i] as i128 / hits as i128) as i64
            };
        }
    } else {
        let mut t = p.start_time;
        let times: Vec<i64> = p
            .samples
            .iter()
            .enumerate()
            .map(|(i, _)| {
                t = t.saturating_add(p.time_deltas.get(i).copied().unwrap_or(0));
                t
            })
            .collect();
        for (i, s) in p.samples.iter().enumerate() {
            let &n = index.get(s).ok_or_else(|| {
                LoadError::Profile(format!("sample {i} names an unknown node {s}"))
            })?;
            let next = times
                .get(i + 1)
                .copied()
                .unwrap_or(p.end_time.max(times[i]));
            counts[n] += 1;
            nanos[n] =
                nanos[n].saturating_add(next.saturating_sub(times[i]).max(0).saturating_mul(1000));
        }
    }
    let mut location: Vec<Option<u32>> = vec![None; p.nodes.len()];
    let mut stack: Vec<u32> = Vec::new();
    // A tree of n nodes expands into up to n²/2 stack entries (a chain
    // with a sample at every node): bounded, so a small file cannot ask
    // for terabytes.
    for n in 0..p.nodes.len() {
        if counts[n] == 0 && nanos[n] == 0 {
            continue;
        }
        stack.clear();
        let mut at = Some(n);
        while let Some(i) = at {
            if stack.len() > p.nodes.len() {
                return Err(LoadError::Profile("the call tree has a cycle".into()));
            }
            let node = &p.nodes[i];
            // The tree's root is not a frame of the program.
            if parent[i].is_none() && node.call_frame.function_name == "(root)" {
                break;
            }
            let loc = match location[i] {
                Some(l) => l,
                None => {
                    let l = frame(b, &node.call_frame);
                    location[i] = Some(l);
                    l
                }
            };
            stack.push(loc);
            at = parent[i];
        }
        *expanded += stack.len();
        if *expanded > MAX_STACK_ENTRIES {
            return Err(LoadError::Profile(format!(
                "the call tree expands into more than {MAX_STACK_ENTRIES} stack entries"
            )));
        }
        b.sample(&stack, &[counts[n], nanos[n]], labels);
    }
    Ok(())
}

/// The location of a V8 frame: its function (anonymous ones named by where
/// they are, so they do not all merge) at its 1-based line.
fn frame(b: &mut ProfileBuilder, f: &CallFrame) -> u32 {
    let line = if f.line_number >= 0 {
        f.line_number + 1
    } else {
        0
    };
    let name = if f.function_name.is_empty() {
        let file = f.url.rsplit('/').next().unwrap_or(&f.url);
        if file.is_empty() {
            "(anonymous)".to_string()
        } else {
            format!("(anonymous {file}:{line}:{})", f.column_number + 1)
        }
    } else {
        f.function_name.clone()
    };
    let function = b.function(&name, &f.url);
    b.frame(function, line)
}
