//! Chrome's trace-event JSON (`chrome://tracing`, DevTools' Performance
//! panel, Node's `NodeTracing` and `--trace-events-enabled`, Perfetto's
//! JSON export, Rust's `tracing-chrome`): the V8 CPU profile when the trace
//! recorded one (`Profile` and `ProfileChunk` events, the
//! `disabled-by-default-v8.cpu_profiler` category), else the duration
//! events (`B`/`E` pairs and `X`), each thread's wall time per stack — what
//! speedscope's importer makes of the same files.

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::cpuprofile::{self, CpuProfile, Node};
use crate::error::LoadError;
use crate::profile::{Label, LabelValue, Profile, ProfileBuilder};

/// The most stack entries the duration events may expand into (about 400
/// MB of stacks).
const MAX_STACK_ENTRIES: usize = 100_000_000;

#[derive(Deserialize)]
struct Wrapped<'a> {
    #[serde(borrow, rename = "traceEvents")]
    trace_events: Vec<Event<'a>>,
}

#[derive(Deserialize)]
struct Event<'a> {
    #[serde(default, borrow)]
    name: Cow<'a, str>,
    #[serde(default, borrow)]
    ph: Cow<'a, str>,
    /// Numbers or strings: kept as written, they only need to be equal.
    #[serde(default, borrow)]
    pid: Option<&'a RawValue>,
    #[serde(default, borrow)]
    tid: Option<&'a RawValue>,
    #[serde(default, borrow)]
    id: Option<&'a RawValue>,
    /// Microseconds, fractions allowed.
    #[serde(default)]
    ts: Option<f64>,
    #[serde(default)]
    dur: Option<f64>,
    /// Decoded only for the events that are read.
    #[serde(default, borrow)]
    args: Option<&'a RawValue>,
}

#[derive(Deserialize, Default)]
struct ProfileArgs {
    #[serde(default)]
    data: ProfileData,
}

#[derive(Deserialize, Default)]
struct ProfileData {
    #[serde(default, rename = "startTime")]
    start_time: Option<i64>,
    #[serde(default, rename = "endTime")]
    end_time: Option<i64>,
    #[serde(default, rename = "cpuProfile")]
    cpu_profile: Option<Chunk>,
    #[serde(default, rename = "timeDeltas")]
    time_deltas: Vec<i64>,
}

#[derive(Deserialize, Default)]
struct Chunk {
    #[serde(default)]
    nodes: Vec<Node>,
    #[serde(default)]
    samples: Vec<u64>,
}

#[derive(Deserialize, Default)]
struct NameArgs<'a> {
    #[serde(default, borrow)]
    name: Cow<'a, str>,
}

/// Whether the head of a JSON document is a trace-event file: an object
/// with `traceEvents`, or an array of events with phases and timestamps.
pub fn looks_like(head: &str) -> bool {
    let t = head.trim_start_matches('\u{feff}').trim_start();
    (t.starts_with('{') && t.contains("\"traceEvents\""))
        || (t.starts_with('[')
            && t[1..].trim_start().starts_with('{')
            && t.contains("\"ph\"")
            && t.contains("\"ts\""))
}

/// Reads a trace-event file. A JSON array cut before its `]`, which the
/// format allows (a tracer that died), is read as if closed.
pub fn parse(data: &[u8]) -> Result<Profile, LoadError> {
    let text = super::json::text(data)?;
    let closed;
    let events: Vec<Event> = if text.trim_start().starts_with('[') {
        let trimmed = text.trim_end();
        if trimmed.ends_with(']') {
            super::json::decode_str(text)?
        } else {
            closed = format!("{}]", trimmed.trim_end_matches(','));
            super::json::decode_str(&closed)?
        }
    } else {
        super::json::decode_str::<Wrapped>(text)?.trace_events
    };
    let threads = thread_names(&events);
    match cpu_profiles(&events)? {
        Some(profiles) => from_cpu_profiles(profiles, &threads),
        None => from_durations(&events, &threads),
    }
}

/// The raw JSON of a pid or tid, as a label: numbers as numbers, strings
/// without their quotes.
fn raw_text(v: Option<&RawValue>) -> &str {
    v.map_or("", |v| v.get().trim_matches('"'))
}

/// Thread names from the `thread_name` metadata events, by (pid, tid).
fn thread_names<'a>(events: &'a [Event<'a>]) -> FxHashMap<(&'a str, &'a str), String> {
    let mut names = FxHashMap::default();
    for e in events {
        if e.ph == "M" && e.name == "thread_name" {
            if let Some(args) = e.args {
                if let Ok(a) = serde_json::from_str::<NameArgs>(args.get()) {
                    names.insert((raw_text(e.pid), raw_text(e.tid)), a.name.into_owned());
                }
            }
        }
    }
    names
}

/// One V8 profile of a trace: where it ran and its tree and samples.
struct TraceProfile<'a> {
    pid: &'a str,
    tid: &'a str,
    tree: CpuProfile,
    end_given: bool,
}

/// The V8 CPU profiles in the trace (`None` if it recorded none), each
/// gathered from its `Profile` event and `ProfileChunk`s, matched by pid
/// and id.
fn cpu_profiles<'a>(events: &'a [Event<'a>]) -> Result<Option<Vec<TraceProfile<'a>>>, LoadError> {
    let mut profiles: Vec<TraceProfile> = Vec::new();
    let mut index: FxHashMap<(&str, &str), usize> = FxHashMap::default();
    for (i, e) in events.iter().enumerate() {
        if e.name != "Profile" && e.name != "ProfileChunk" {
            continue;
        }
        let args: ProfileArgs = match e.args {
            Some(a) => serde_json::from_str(a.get())
                .map_err(|err| LoadError::Profile(format!("event {i} ({}): {err}", e.name)))?,
            None => ProfileArgs::default(),
        };
        let key = (raw_text(e.pid), e.id.map_or("", |v| v.get()));
        let at = *index.entry(key).or_insert_with(|| {
            profiles.push(TraceProfile {
                pid: key.0,
                tid: raw_text(e.tid),
                tree: CpuProfile {
                    start_time: e.ts.map_or(0, |t| t as i64),
                    ..CpuProfile::default()
                },
                end_given: false,
            });
            profiles.len() - 1
        });
        let p = &mut profiles[at];
        let data = args.data;
        if e.name == "Profile" {
            // The profiled thread; chunks come from the sampling thread.
            p.tid = raw_text(e.tid);
            if let Some(t) = data.start_time {
                p.tree.start_time = t;
            }
        }
        if let Some(chunk) = data.cpu_profile {
            p.tree.nodes.extend(chunk.nodes);
            p.tree.samples.extend(chunk.samples);
        }
        p.tree.time_deltas.extend(data.time_deltas);
        if let Some(t) = data.end_time {
            p.tree.end_time = t;
            p.end_given = true;
        }
    }
    if profiles.is_empty() {
        return Ok(None);
    }
    for p in &mut profiles {
        if !p.end_given {
            // The last sample then lasts nothing, as DevTools counts it.
            let sum = p
                .tree
                .time_deltas
                .iter()
                .fold(0i64, |a, &d| a.saturating_add(d));
            p.tree.end_time = p.tree.start_time.saturating_add(sum);
        }
    }
    Ok(Some(profiles))
}

/// The `thread` and `pid` labels of a profile or thread.
fn place_labels(
    b: &mut ProfileBuilder,
    threads: &FxHashMap<(&str, &str), String>,
    pid: &str,
    tid: &str,
) -> Vec<Label> {
    let thread = match threads.get(&(pid, tid)) {
        Some(name) => format!("{name} ({tid})"),
        None => format!("tid {tid}"),
    };
    let key = b.intern("thread");
    let mut labels = vec![Label {
        key,
        value: LabelValue::Str(b.intern(&thread)),
    }];
    if let Ok(n) = pid.parse::<i64>() {
        let key = b.intern("pid");
        labels.push(Label {
            key,
            value: LabelValue::Num {
                value: n,
                unit: None,
            },
        });
    }
    labels
}

fn from_cpu_profiles(
    profiles: Vec<TraceProfile>,
    threads: &FxHashMap<(&str, &str), String>,
) -> Result<Profile, LoadError> {
    let start = profiles
        .iter()
        .map(|p| p.tree.start_time)
        .min()
        .unwrap_or(0);
    let end = profiles.iter().map(|p| p.tree.end_time).max().unwrap_or(0);
    let mut b = cpuprofile::builder(end.saturating_sub(start));
    let mut expanded = 0;
    for p in &profiles {
        let labels = place_labels(&mut b, threads, p.pid, p.tid);
        cpuprofile::add(&mut b, &p.tree, &labels, &mut expanded)?;
    }
    Ok(b.finish())
}

/// A duration event as an interval of one thread.
struct Span<'a> {
    start: f64,
    end: f64,
    name: &'a str,
}

/// Each thread's duration events as wall time: a span's own time (its
/// length less its children's) is a sample of the stack of spans open
/// around it.
fn from_durations(
    events: &[Event],
    threads: &FxHashMap<(&str, &str), String>,
) -> Result<Profile, LoadError> {
    let mut spans: FxHashMap<(&str, &str), Vec<Span>> = FxHashMap::default();
    let mut open: FxHashMap<(&str, &str), Vec<(f64, &str)>> = FxHashMap::default();
    let mut order: Vec<(&str, &str)> = Vec::new();
    let mut last = f64::NEG_INFINITY;
    for e in events {
        let Some(ts) = e.ts.filter(|t| t.is_finite()) else {
            continue;
        };
        let key = (raw_text(e.pid), raw_text(e.tid));
        match e.ph.as_ref() {
            "X" | "B" | "E" => {}
            _ => continue,
        }
        last = last.max(ts);
        if !spans.contains_key(&key) {
            order.push(key);
        }
        let list = spans.entry(key).or_default();
        match e.ph.as_ref() {
            "X" => {
                let dur = e.dur.filter(|d| d.is_finite() && *d >= 0.0).unwrap_or(0.0);
                last = last.max(ts + dur);
                list.push(Span {
                    start: ts,
                    end: ts + dur,
                    name: &e.name,
                });
            }
            "B" => open.entry(key).or_default().push((ts, &e.name)),
            _ => {
                // An `E` closes the innermost open `B` of its thread.
                if let Some((start, name)) = open.get_mut(&key).and_then(Vec::pop) {
                    list.push(Span {
                        start,
                        end: ts.max(start),
                        name,
                    });
                }
            }
        }
    }
    if order.is_empty() {
        return Err(LoadError::Profile(
            "the trace has no CPU profile (ProfileChunk events) and no duration events (B/E, X)"
                .into(),
        ));
    }
    // Spans still open when the trace ended last until its end.
    for (key, stack) in open {
        if let Some(list) = spans.get_mut(&key) {
            list.extend(stack.into_iter().map(|(start, name)| Span {
                start,
                end: last.max(start),
                name,
            }));
        }
    }
    let mut b = ProfileBuilder::new(&[("wall", "nanoseconds")]);
    let mut first = f64::INFINITY;
    let mut entries = 0usize;
    let mut frames: FxHashMap<&str, u32> = FxHashMap::default();
    for key in &order {
        let labels = place_labels(&mut b, threads, key.0, key.1);
        let Some(list) = spans.get_mut(key) else {
            continue;
        };
        // Outer spans first where they start together.
        list.sort_by(|x, y| x.start.total_cmp(&y.start).then(y.end.total_cmp(&x.end)));
        first = first.min(list.first().map_or(first, |s| s.start));
        let mut stack: Vec<Open> = Vec::new();
        for span in list.iter() {
            while stack.last().is_some_and(|o| o.end <= span.start) {
                close(&mut b, &mut stack, &labels, &mut entries)?;
            }
            // A span that outlasts its parent is cut at the parent's end.
            let end = stack.last().map_or(span.end, |o| span.end.min(o.end));
            let frame = *frames.entry(span.name).or_insert_with(|| {
                let f = b.function(span.name, "");
                b.frame(f, 0)
            });
            if let Some(parent) = stack.last_mut() {
                parent.children += end - span.start;
            }
            stack.push(Open {
                frame,
                start: span.start,
                end,
                children: 0.0,
            });
        }
        while !stack.is_empty() {
            close(&mut b, &mut stack, &labels, &mut entries)?;
        }
    }
    let mut profile = b.finish();
    if last > first {
        profile.duration_nanos = ((last - first) * 1000.0).min(9.2e18) as i64;
    }
    Ok(profile)
}

/// A span open in the sweep over a thread's spans.
struct Open {
    frame: u32,
    start: f64,
    end: f64,
    /// The time of its direct children.
    children: f64,
}

/// Pops the innermost open span and adds its own time as a sample.
fn close(
    b: &mut ProfileBuilder,
    stack: &mut Vec<Open>,
    labels: &[Label],
    entries: &mut usize,
) -> Result<(), LoadError> {
    let Some(top) = stack.last() else {
        return Ok(());
    };
    let own = ((top.end - top.start - top.children) * 1000.0).round();
    if own >= 1.0 {
        *entries += stack.len();
        if *entries > MAX_STACK_ENTRIES {
            return Err(LoadError::Profile(format!(
                "the duration events expand into more than {MAX_STACK_ENTRIES} stack entries"
            )));
        }
        let leaf_first: Vec<u32> = stack.iter().rev().map(|o| o.frame).collect();
        b.sample(&leaf_first, &[own.min(9.2e18) as i64], labels);
    }
    stack.pop();
    Ok(())
}
