//! V8's tick log (`node --prof`) as node preprocesses it (`node
//! --prof-process --preprocess isolate-*.log > work.v8log.json`): the
//! code objects V8 knew, the JavaScript functions behind them, and each
//! tick's stack as (code, offset) pairs, leaf first — what speedscope
//! imports from the same command.

use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::error::LoadError;
use crate::profile::{Profile, ProfileBuilder};

/// The most stack entries the ticks may expand into (about 400 MB).
const MAX_STACK_ENTRIES: usize = 100_000_000;

#[derive(Deserialize)]
struct File {
    code: Vec<Code>,
    #[serde(default)]
    functions: Vec<Function>,
    ticks: Vec<Tick>,
}

#[derive(Deserialize)]
struct Code {
    #[serde(default)]
    name: String,
    /// The JavaScript function this code is a compilation of.
    #[serde(default)]
    func: Option<usize>,
}

#[derive(Deserialize)]
struct Function {
    /// `name url:line:column`; the name is empty for anonymous functions.
    #[serde(default)]
    name: String,
}

#[derive(Deserialize)]
struct Tick {
    /// Microseconds since the process started.
    #[serde(default)]
    tm: i64,
    /// (code index, offset) pairs, leaf first; -1 where the address was in
    /// no known code (the offset is then the address).
    #[serde(default)]
    s: Vec<i64>,
}

/// Whether the head of a JSON document is a preprocessed V8 log: its code
/// list starts with the shared libraries.
pub fn looks_like(head: &str) -> bool {
    let t = head.trim_start_matches('\u{feff}').trim_start();
    // The first 200 characters (a byte count could cut one).
    let start = t.char_indices().nth(200).map_or(t, |(i, _)| &t[..i]);
    t.starts_with('{')
        && start.contains("\"code\"")
        && (start.contains("\"SHARED_LIB\"") || start.contains("\"CPP\""))
}

/// Reads a preprocessed V8 log. Sample types: `samples` (ticks, as
/// `--prof-process` counts them) and `cpu` (nanoseconds: each tick the
/// time since the one before, as speedscope weighs them). A tick whose
/// program counter was in no known code is `(unaccounted)`, as
/// `--prof-process` calls it.
pub fn parse(data: &[u8]) -> Result<Profile, LoadError> {
    let file: File = super::json::decode(data)?;
    let mut b = ProfileBuilder::new(&[("samples", "count"), ("cpu", "nanoseconds")]);
    let unaccounted = {
        let f = b.function("(unaccounted)", "");
        b.frame(f, 0)
    };
    let mut locations: FxHashMap<usize, u32> = FxHashMap::default();
    let mut stack: Vec<u32> = Vec::new();
    let (mut entries, mut previous) = (0usize, None::<i64>);
    let (first, mut last) = (file.ticks.first().map_or(0, |t| t.tm), 0i64);
    for (i, tick) in file.ticks.iter().enumerate() {
        stack.clear();
        for (depth, pair) in tick.s.chunks(2).enumerate() {
            let Ok(index) = usize::try_from(pair[0]) else {
                if depth == 0 {
                    stack.push(unaccounted);
                }
                continue;
            };
            let loc = match locations.get(&index) {
                Some(&l) => l,
                None => {
                    let code = file.code.get(index).ok_or_else(|| {
                        LoadError::Profile(format!(
                            "tick {i} names code {index}, but there are {} code objects",
                            file.code.len()
                        ))
                    })?;
                    let l = code_location(&mut b, code, &file.functions);
                    locations.insert(index, l);
                    l
                }
            };
            stack.push(loc);
        }
        entries += stack.len();
        if entries > MAX_STACK_ENTRIES {
            return Err(LoadError::Profile(format!(
                "the ticks expand into more than {MAX_STACK_ENTRIES} stack entries"
            )));
        }
        let micros = previous.map_or(0, |p| tick.tm.saturating_sub(p).max(0));
        previous = Some(tick.tm);
        last = last.max(tick.tm);
        b.sample(&stack, &[1, micros.saturating_mul(1000)], &[]);
    }
    let mut profile = b.finish();
    profile.duration_nanos = last.saturating_sub(first).max(0).saturating_mul(1000);
    Ok(profile)
}

/// A code object's frame: its JavaScript function (name, script, line),
/// one for every tier V8 compiled it to, or the code's own name (C++,
/// builtins, libraries).
fn code_location(b: &mut ProfileBuilder, code: &Code, functions: &[Function]) -> u32 {
    let Some(f) = code.func.and_then(|f| functions.get(f)) else {
        let func = b.function(&code.name, "");
        return b.frame(func, 0);
    };
    let (name, place) = f.name.rsplit_once(' ').unwrap_or(("", &f.name));
    // `url:line:column`
    let mut parts = place.rsplitn(3, ':');
    let (_column, line, url) = (parts.next(), parts.next(), parts.next());
    let (url, line) = match (url, line.and_then(|l| l.parse::<i64>().ok())) {
        (Some(u), Some(l)) => (u, l),
        _ => (place, 0),
    };
    let name = if name.is_empty() {
        let file = url.rsplit('/').next().unwrap_or(url);
        format!("(anonymous {file}:{line})")
    } else {
        name.to_string()
    };
    let func = b.function(&name, url);
    b.frame(func, line)
}
