//! The Firefox Profiler's processed profile format: what samply records
//! (`samply record --save-only`), what profiler.firefox.com saves, gzipped
//! or not. Each thread's samples name stacks in a prefix tree of frames;
//! the threads become one profile with `thread` labels.
//!
//! samply saves native frames unsymbolicated, as addresses in libraries;
//! with `--unstable-presymbolicate` it writes the symbols beside the
//! profile (`NAME.syms.json`), which [`parse`] takes to name them, as the
//! profiler's front end does when samply serves it.

use rustc_hash::FxHashMap;
use serde::de::IgnoredAny;
use serde::Deserialize;

use crate::error::LoadError;
use crate::profile::{Label, LabelValue, Profile, ProfileBuilder};

/// The most stack entries the samples may expand into (about 400 MB).
const MAX_STACK_ENTRIES: usize = 100_000_000;

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    libs: Vec<Lib>,
    threads: Vec<Thread>,
    /// Newer versions share one string table among the threads.
    #[serde(default)]
    shared: Shared,
}

#[derive(Deserialize, Default)]
struct Shared {
    #[serde(default, rename = "stringArray")]
    string_array: Vec<String>,
}

#[derive(Deserialize)]
struct Lib {
    #[serde(default)]
    name: String,
    #[serde(default, rename = "debugName")]
    debug_name: String,
    #[serde(default, rename = "codeId")]
    code_id: Option<String>,
}

#[derive(Deserialize)]
struct Thread {
    #[serde(default)]
    name: String,
    #[serde(default)]
    tid: Option<serde_json::Value>,
    #[serde(default, rename = "stringArray", alias = "stringTable")]
    string_array: Vec<String>,
    samples: Samples,
    #[serde(default, rename = "stackTable")]
    stack_table: StackTable,
    #[serde(default, rename = "frameTable")]
    frame_table: FrameTable,
    #[serde(default, rename = "funcTable")]
    func_table: FuncTable,
    #[serde(default, rename = "resourceTable")]
    resource_table: ResourceTable,
}

#[derive(Deserialize)]
struct Samples {
    #[serde(default)]
    stack: Vec<Option<usize>>,
    #[serde(default)]
    weight: Option<Vec<Option<f64>>>,
    #[serde(default, rename = "weightType")]
    weight_type: Option<String>,
    /// Microseconds of CPU since the previous sample.
    #[serde(default, rename = "threadCPUDelta")]
    cpu_delta: Option<Vec<Option<f64>>>,
    /// Milliseconds.
    #[serde(default)]
    time: Vec<Option<f64>>,
    /// Firefox's raw (unprocessed) profiles describe their columns.
    #[serde(default)]
    schema: Option<IgnoredAny>,
}

#[derive(Deserialize, Default)]
struct StackTable {
    #[serde(default)]
    prefix: Vec<Option<usize>>,
    #[serde(default)]
    frame: Vec<usize>,
}

#[derive(Deserialize, Default)]
struct FrameTable {
    #[serde(default)]
    func: Vec<usize>,
    #[serde(default)]
    address: Vec<Option<i64>>,
    #[serde(default)]
    line: Vec<Option<i64>>,
}

#[derive(Deserialize, Default)]
struct FuncTable {
    #[serde(default)]
    name: Vec<usize>,
    #[serde(default)]
    resource: Vec<Option<i64>>,
    #[serde(default, rename = "fileName")]
    file_name: Vec<Option<usize>>,
}

#[derive(Deserialize, Default)]
struct ResourceTable {
    #[serde(default)]
    lib: Vec<Option<usize>>,
}

/// samply's symbol sidecar (`--unstable-presymbolicate`).
#[derive(Deserialize)]
struct Symbols {
    string_table: Vec<String>,
    data: Vec<LibSymbols>,
}

#[derive(Deserialize)]
struct LibSymbols {
    #[serde(default)]
    debug_name: String,
    #[serde(default)]
    code_id: Option<String>,
    #[serde(default)]
    symbol_table: Vec<Symbol>,
    /// (address, index into the symbol table).
    #[serde(default)]
    known_addresses: Vec<(u64, usize)>,
}

#[derive(Deserialize)]
struct Symbol {
    rva: u64,
    #[serde(default)]
    size: u64,
    symbol: usize,
    #[serde(default)]
    frames: Vec<SymbolFrame>,
}

#[derive(Deserialize)]
struct SymbolFrame {
    #[serde(default)]
    file: Option<usize>,
}

/// Whether the head of a JSON document is a processed Firefox profile.
pub fn looks_like(head: &str) -> bool {
    let t = head.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('{')
        && t.contains("\"meta\"")
        && t.contains("\"threads\"")
        && (t.contains("\"preprocessedProfileVersion\"") || t.contains("\"stackTable\""))
}

/// Where samply puts the symbols of the profile at `path`: beside it,
/// named after it without `.gz`, with `.syms.json`.
pub fn sidecar_path(path: &std::path::Path) -> std::path::PathBuf {
    let name = path.to_string_lossy();
    let base = name.strip_suffix(".gz").unwrap_or(&name);
    std::path::PathBuf::from(format!("{base}.syms.json"))
}

/// Reads a processed Firefox profile; `symbols` is samply's sidecar, if
/// there is one. Sample types: `samples` (each sample's weight), `cpu`
/// where the threads record CPU time, or `wall`/`space` for traced-time
/// and byte weights.
pub fn parse(data: &[u8], symbols: Option<&[u8]>) -> Result<Profile, LoadError> {
    let file: File = super::json::decode(data)?;
    let symbols: Option<Symbols> = match symbols {
        Some(s) => Some(
            super::json::decode(s)
                .map_err(|e| LoadError::Profile(format!("the symbol file beside it: {}", e)))?,
        ),
        None => None,
    };
    if file.threads.iter().any(|t| t.samples.schema.is_some()) {
        return Err(LoadError::Profile(
            "a raw Gecko profile: open it in profiler.firefox.com and save it there to read it"
                .into(),
        ));
    }
    let mut types: Vec<(&str, &str)> = Vec::new();
    for t in &file.threads {
        let ty = weight_type(&t.samples)?;
        if !types.contains(&(ty.0, ty.1)) {
            types.push((ty.0, ty.1));
        }
    }
    let with_cpu = file.threads.iter().any(|t| {
        t.samples
            .cpu_delta
            .as_ref()
            .is_some_and(|d| d.iter().any(|v| v.is_some_and(|v| v > 0.0)))
    });
    if with_cpu {
        types.push(("cpu", "nanoseconds"));
    }
    if types.is_empty() {
        return Err(LoadError::Profile("the profile has no threads".into()));
    }
    let names = symbols.as_ref().map(|s| SymbolIndex::new(s, &file.libs));
    let mut b = ProfileBuilder::new(&types);
    let thread_key = b.intern("thread");
    let (mut first, mut last) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut entries = 0usize;
    let mut unresolved = false;
    for (ti, t) in file.threads.iter().enumerate() {
        let strings = if t.string_array.is_empty() {
            &file.shared.string_array
        } else {
            &t.string_array
        };
        let what = |m: String| LoadError::Profile(format!("thread {ti} ({:?}): {m}", t.name));
        let tid = match &t.tid {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => ti.to_string(),
        };
        let labels = [Label {
            key: thread_key,
            value: LabelValue::Str(b.intern(&format!("{} ({tid})", t.name))),
        }];
        let (ty, _, factor) = weight_type(&t.samples)?;
        let column = types.iter().position(|&(n, _)| n == ty).unwrap_or(0);
        let cpu_column = types.iter().position(|&(n, _)| n == "cpu");
        let mut location: Vec<Option<u32>> = vec![None; t.frame_table.func.len()];
        let mut stack: Vec<u32> = Vec::new();
        let mut values = vec![0i64; types.len()];
        for (i, s) in t.samples.stack.iter().enumerate() {
            if let Some(Some(time)) = t.samples.time.get(i) {
                first = first.min(*time);
                last = last.max(*time);
            }
            let Some(mut at) = *s else { continue };
            stack.clear();
            loop {
                let &frame = t.stack_table.frame.get(at).ok_or_else(|| {
                    what(format!("sample {i} names stack {at}, which is not there"))
                })?;
                let loc = match location.get(frame).copied().flatten() {
                    Some(l) => l,
                    None => {
                        let l = frame_location(
                            &mut b,
                            &file,
                            t,
                            strings,
                            names.as_ref(),
                            frame,
                            &mut unresolved,
                        )
                        .map_err(&what)?;
                        location[frame] = Some(l);
                        l
                    }
                };
                stack.push(loc);
                match t.stack_table.prefix.get(at).copied().flatten() {
                    // Prefixes come before the stacks they prefix: no cycles.
                    Some(p) if p < at => at = p,
                    Some(p) => {
                        return Err(what(format!("stack {at} has prefix {p}, not before it")))
                    }
                    None => break,
                }
            }
            entries += stack.len();
            if entries > MAX_STACK_ENTRIES {
                return Err(LoadError::Profile(format!(
                    "the samples expand into more than {MAX_STACK_ENTRIES} stack entries"
                )));
            }
            values.iter_mut().for_each(|v| *v = 0);
            let weight = match &t.samples.weight {
                Some(w) => w.get(i).copied().flatten().unwrap_or(1.0),
                None => 1.0,
            };
            values[column] = scaled(weight * factor)
                .ok_or_else(|| what(format!("sample {i}: weight {weight} is out of range")))?;
            if let (Some(c), Some(d)) = (cpu_column, &t.samples.cpu_delta) {
                let micros = d.get(i).copied().flatten().unwrap_or(0.0);
                values[c] = scaled(micros * 1e3).ok_or_else(|| {
                    what(format!("sample {i}: CPU delta {micros} is out of range"))
                })?;
            }
            b.sample(&stack, &values, &labels);
        }
    }
    let mut profile = b.finish();
    if last > first {
        profile.duration_nanos = ((last - first) * 1e6).min(9.2e18) as i64;
    }
    if unresolved {
        profile.warnings.push(
            "native frames are addresses in their libraries (no symbols beside the profile): record with samply's --unstable-presymbolicate, or open the profile in samply and save it symbolicated".into(),
        );
    }
    Ok(profile)
}

/// A thread's sample type and the factor from its weights.
fn weight_type(s: &Samples) -> Result<(&'static str, &'static str, f64), LoadError> {
    Ok(match s.weight_type.as_deref().unwrap_or("samples") {
        "samples" => ("samples", "count", 1.0),
        "tracing-ms" => ("wall", "nanoseconds", 1e6),
        "bytes" => ("space", "bytes", 1.0),
        other => {
            return Err(LoadError::Profile(format!(
                "unknown sample weight type {:?}",
                crate::error::escape_controls(other)
            )))
        }
    })
}

fn scaled(x: f64) -> Option<i64> {
    let x = x.round();
    (x.is_finite() && x.abs() < 9.2e18).then_some(x as i64)
}

/// The location of frame `frame` of thread `t`: its function's name (or
/// the symbol at its address), in its file, at its line.
fn frame_location(
    b: &mut ProfileBuilder,
    file: &File,
    t: &Thread,
    strings: &[String],
    symbols: Option<&SymbolIndex>,
    frame: usize,
    unresolved: &mut bool,
) -> Result<u32, String> {
    let &func = t
        .frame_table
        .func
        .get(frame)
        .ok_or_else(|| format!("frame {frame} is not in the frame table"))?;
    let string = |i: usize| {
        strings
            .get(i)
            .map(String::as_str)
            .ok_or_else(|| format!("string {i} is not in the string table"))
    };
    let &name_index = t
        .func_table
        .name
        .get(func)
        .ok_or_else(|| format!("frame {frame} names function {func}, which is not there"))?;
    let mut name = string(name_index)?.to_string();
    let mut source = match t.func_table.file_name.get(func).copied().flatten() {
        Some(f) => string(f)?.to_string(),
        None => String::new(),
    };
    let lib = t
        .func_table
        .resource
        .get(func)
        .copied()
        .flatten()
        .and_then(|r| usize::try_from(r).ok())
        .and_then(|r| t.resource_table.lib.get(r).copied().flatten())
        .and_then(|l| file.libs.get(l).map(|lib| (l, lib)));
    let address = t
        .frame_table
        .address
        .get(frame)
        .copied()
        .flatten()
        .and_then(|a| u64::try_from(a).ok());
    if let (Some((l, lib)), Some(address)) = (lib, address) {
        if name.starts_with("0x") {
            match symbols.and_then(|s| s.lookup(l, address)) {
                Some((symbol, sym_file)) => {
                    name = symbol.to_string();
                    if let Some(f) = sym_file {
                        source = f.to_string();
                    }
                }
                None => {
                    *unresolved = true;
                    name = format!("{}+{name}", lib.name);
                }
            }
        }
    }
    let line = t
        .frame_table
        .line
        .get(frame)
        .copied()
        .flatten()
        .unwrap_or(0);
    let function = b.function(&name, &source);
    Ok(b.frame(function, line.max(0)))
}

/// samply's symbols by the profile's library index.
struct SymbolIndex<'a> {
    strings: &'a [String],
    libs: FxHashMap<usize, LibIndex<'a>>,
}

/// One library's symbols: by exact address, and sorted by start.
struct LibIndex<'a> {
    symbols: &'a [Symbol],
    known: FxHashMap<u64, usize>,
    by_start: Vec<usize>,
}

impl<'a> SymbolIndex<'a> {
    fn new(s: &'a Symbols, libs: &[Lib]) -> SymbolIndex<'a> {
        let mut index = FxHashMap::default();
        for (i, lib) in libs.iter().enumerate() {
            let same_code = |d: &&LibSymbols| match (&d.code_id, &lib.code_id) {
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                _ => false,
            };
            let found = s
                .data
                .iter()
                .find(same_code)
                .or_else(|| s.data.iter().find(|d| d.debug_name == lib.debug_name));
            if let Some(d) = found {
                let mut by_start: Vec<usize> = (0..d.symbol_table.len()).collect();
                by_start.sort_by_key(|&k| d.symbol_table[k].rva);
                index.insert(
                    i,
                    LibIndex {
                        symbols: &d.symbol_table,
                        known: d.known_addresses.iter().copied().collect(),
                        by_start,
                    },
                );
            }
        }
        SymbolIndex {
            strings: &s.string_table,
            libs: index,
        }
    }

    /// The symbol at `address` of library `lib`, and its source file.
    fn lookup(&self, lib: usize, address: u64) -> Option<(&'a str, Option<&'a str>)> {
        let d = self.libs.get(&lib)?;
        let symbol = match d.known.get(&address) {
            Some(&i) => d.symbols.get(i)?,
            None => {
                let after = d.by_start.partition_point(|&k| d.symbols[k].rva <= address);
                let s = &d.symbols[*d.by_start.get(after.checked_sub(1)?)?];
                (address < s.rva.saturating_add(s.size.max(1))).then_some(s)?
            }
        };
        let name = self.strings.get(symbol.symbol)?;
        let file = symbol
            .frames
            .first()
            .and_then(|f| f.file)
            .and_then(|f| self.strings.get(f))
            .map(String::as_str);
        Some((name, file))
    }
}
