//! Loading benchmark inputs: Go `go test -bench` text (and `go test -json`
//! streams of it), criterion result directories, hyperfine
//! `--export-json`, Google Benchmark `--benchmark_format=json` and libtest
//! `cargo bench` text. Everything becomes [`BenchResult`]s, so every
//! format gets the same statistics and reports.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::Value as Json;

use super::config::ConfigSet;
use super::goformat::{self, BenchResult, Config, Reader, Record, SyntaxError, UnitMeta, Value};
use super::units::tidy;

/// One input argument: `path` or `label=path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// What to read.
    pub path: PathBuf,
    /// The `.file` value: the label, or the path (with `#N` added when the
    /// same path is given twice).
    pub label: String,
}

/// Parses the file arguments as benchstat does.
pub fn inputs(args: &[String]) -> Vec<Input> {
    let mut out: Vec<(Input, bool)> = args
        .iter()
        .map(|a| match a.split_once('=') {
            Some((label, path)) => (
                Input {
                    path: PathBuf::from(path),
                    label: label.to_string(),
                },
                true,
            ),
            None => (
                Input {
                    path: PathBuf::from(a),
                    label: a.clone(),
                },
                false,
            ),
        })
        .collect();
    let count = |p: &str| out.iter().filter(|(i, l)| !l && i.label == p).count();
    let dups: Vec<bool> = out.iter().map(|(i, l)| !l && count(&i.label) > 1).collect();
    let mut seen: Vec<(String, usize)> = Vec::new();
    for ((input, _), dup) in out.iter_mut().zip(dups) {
        if dup {
            let n = match seen.iter_mut().find(|(p, _)| *p == input.label) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    seen.push((input.label.clone(), 0));
                    0
                }
            };
            input.label = format!("{}#{n}", input.label);
        }
    }
    out.into_iter().map(|(i, _)| i).collect()
}

/// Whether `arg` (a path or `label=path`) holds benchmark results rather
/// than a profile: a criterion directory, benchmark JSON, or text with a
/// `Benchmark<name> <iterations> ...` or libtest `... bench:` line.
pub fn is_bench_input(arg: &str) -> bool {
    let path = Path::new(arg);
    let path = if path.exists() {
        path
    } else {
        match arg.split_once('=') {
            Some((_, p)) => Path::new(p),
            None => path,
        }
    };
    if path.is_dir() {
        return true;
    }
    let Some(head) = crate::formats::capped::head(path, 256 * 1024) else {
        return false;
    };
    let n = head.len();
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(n);
    if head[start..].starts_with(b"{") {
        let text = String::from_utf8_lossy(&head);
        return ["\"Action\"", "\"results\"", "\"benchmarks\""]
            .iter()
            .any(|k| text.contains(k));
    }
    let found = goformat::lines(&head).any(|line| {
        if let Some(rest) = line.strip_prefix(b"Benchmark") {
            let (_, rest) = goformat::split_field(rest);
            let (iters, _) = goformat::split_field(rest);
            !iters.is_empty() && iters.iter().all(u8::is_ascii_digit)
        } else {
            line.starts_with(b"test ") && line.windows(10).any(|w| w == b" ... bench")
        }
    });
    found
}

/// A file that could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {msg}")]
pub struct LoadError {
    /// The file.
    pub file: String,
    /// What is wrong.
    pub msg: String,
}

/// Everything read from the inputs.
#[derive(Debug, Default, Clone)]
pub struct Loaded {
    /// The results, in file order.
    pub results: Vec<BenchResult>,
    /// Malformed lines (warnings: the rest of the file is used).
    pub errors: Vec<SyntaxError>,
    /// Unit metadata.
    pub units: Vec<UnitMeta>,
    /// Notes about the inputs, e.g. that libtest has no samples.
    pub notes: Vec<String>,
}

/// Reads every input, in order, each of at most `cap` bytes.
pub fn load(inputs: &[Input], cap: u64) -> Result<Loaded, LoadError> {
    let mut loaded = Loaded::default();
    for input in inputs {
        load_one(input, &mut loaded, false, cap)?;
    }
    Ok(loaded)
}

/// Reads inputs that may still be being written (`--watch` while `go test
/// -count=10` appends): the last line of a text file, until its newline
/// arrives, is left for the next read rather than read half-written.
pub fn load_settled(inputs: &[Input], cap: u64) -> Result<Loaded, LoadError> {
    let mut loaded = Loaded::default();
    for input in inputs {
        load_one(input, &mut loaded, true, cap)?;
    }
    Ok(loaded)
}

/// `data` up to its last newline, for text; JSON documents whole.
fn complete_lines(data: &[u8]) -> &[u8] {
    if data.trim_ascii_start().starts_with(b"{") && !data.starts_with(b"{\"") {
        // A JSON document (hyperfine, Google Benchmark) is whole or broken;
        // a test2json stream is lines, handled below.
        let first = data.split(|&b| b == b'\n').next().unwrap_or(data);
        if !first.windows(8).any(|w| w == b"\"Action\"") {
            return data;
        }
    }
    match data.iter().rposition(|&b| b == b'\n') {
        Some(i) => &data[..=i],
        None => &[],
    }
}

fn load_one(input: &Input, out: &mut Loaded, settled: bool, cap: u64) -> Result<(), LoadError> {
    let file = input.path.display().to_string();
    let err = |msg: String| LoadError {
        file: file.clone(),
        msg,
    };
    if input.path.is_dir() {
        return criterion_dir(&input.path, &file, &input.label, out, cap).map_err(err);
    }
    // The cap holds for every kind of input, counted while reading.
    let data = if file == "-" {
        crate::formats::capped::read_stdin(cap)
    } else {
        crate::formats::capped::read_path(&input.path, cap)
    }
    .map_err(|e| err(e.to_string()))?;
    let data = if settled {
        complete_lines(&data)
    } else {
        &data[..]
    };
    load_bytes(data, &file, &input.label, out).map_err(err)
}

/// Reads one input's bytes, recognising its format by its content.
pub fn load_bytes(data: &[u8], file: &str, label: &str, out: &mut Loaded) -> Result<(), String> {
    let start = data
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(data.len());
    let rest = &data[start..];
    if rest.starts_with(b"{") {
        let first_line = rest.split(|&b| b == b'\n').next().unwrap_or(rest);
        if first_line.windows(8).any(|w| w == b"\"Action\"") {
            test2json(data, file, label, out);
            return Ok(());
        }
        return json_document(rest, file, label, out);
    }
    let mut records = goformat::read(data, file, label, &mut out.units);
    if records.iter().all(|r| !matches!(r, Record::Result(_))) {
        let lib = libtest(data, file, label);
        if !lib.is_empty() {
            // Each libtest run is one summary per benchmark; several runs
            // in one file (`for i in 1..6; do cargo bench; done`) are
            // samples, so the warning is only for a benchmark run once.
            let mut runs: FxHashMap<&str, usize> = FxHashMap::default();
            for r in &lib {
                if let Record::Result(r) = r {
                    *runs.entry(&r.name).or_default() += 1;
                }
            }
            let once = runs.values().filter(|&&n| n == 1).count();
            if once > 0 {
                out.notes.push(format!(
                    "{file}: libtest reports one summary per benchmark, not samples: \
                     no confidence interval or significance test is possible for {once} \
                     benchmark(s) run once (concatenate several runs into the file for samples)"
                ));
            }
            records = lib;
        }
    }
    push_records(records, out);
    Ok(())
}

fn push_records(records: Vec<Record>, out: &mut Loaded) {
    for r in records {
        match r {
            Record::Result(r) => out.results.push(r),
            Record::Error(e) => out.errors.push(e),
            Record::Unit(_) => {}
        }
    }
}

/// `go test -json`: benchmark text inside the `Output` of `output` events,
/// possibly split across events. Line numbers are those of the JSON lines.
fn test2json(data: &[u8], file: &str, label: &str, out: &mut Loaded) {
    let mut reader = Reader::new(file, label);
    let mut pending = String::new();
    let mut records = Vec::new();
    for (i, line) in goformat::lines(data).enumerate() {
        let Ok(ev) = serde_json::from_slice::<Json>(line) else {
            continue;
        };
        if ev.get("Action").and_then(Json::as_str) != Some("output") {
            continue;
        }
        let Some(text) = ev.get("Output").and_then(Json::as_str) else {
            continue;
        };
        pending.push_str(text);
        while let Some(nl) = pending.find('\n') {
            let l: String = pending.drain(..=nl).collect();
            let l = l.trim_end_matches('\n');
            reader.line(l.as_bytes(), i + 1, &mut out.units, &mut records);
        }
    }
    if !pending.is_empty() {
        let n = data.split(|&b| b == b'\n').count();
        reader.line(pending.as_bytes(), n, &mut out.units, &mut records);
    }
    push_records(records, out);
}

/// A result made by a reader of another format.
fn result(
    config: &Arc<ConfigSet>,
    name: &str,
    iters: i64,
    values: Vec<(f64, &str)>,
    file: &str,
    line: usize,
) -> BenchResult {
    BenchResult {
        config: Arc::clone(config),
        // Go names cannot contain spaces; other tools' names can.
        name: name.replace(char::is_whitespace, "_").into(),
        iters,
        values: values
            .into_iter()
            .map(|(v, unit)| {
                let (t, tu) = tidy(v, unit);
                #[allow(clippy::float_cmp)]
                if t == v {
                    Value {
                        value: v,
                        unit: unit.into(),
                        orig_unit: None,
                    }
                } else {
                    Value {
                        value: t,
                        unit: tu.into(),
                        orig_unit: Some(unit.into()),
                    }
                }
            })
            .collect(),
        file: file.into(),
        line,
    }
}

fn file_config(label: &str, extra: &[(&str, String)]) -> Arc<ConfigSet> {
    let mut v = vec![Config {
        key: ".file".into(),
        value: label.to_string(),
        file: false,
    }];
    for (k, val) in extra {
        if !val.is_empty() {
            v.push(Config {
                key: (*k).to_string(),
                value: val.clone(),
                file: true,
            });
        }
    }
    ConfigSet::new(v)
}

/// Google Benchmark writes bare `NaN` and `Infinity`, which are not JSON:
/// quote them so they parse, and read them back with [`num`].
fn quote_specials(data: &[u8]) -> String {
    let text = String::from_utf8_lossy(data);
    let mut out = String::with_capacity(text.len());
    let mut in_str = false;
    let mut escaped = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if in_str {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        if c == '"' {
            in_str = true;
            out.push(c);
            continue;
        }
        let rest = &text[i..];
        let special = ["-Infinity", "Infinity", "NaN", "-inf", "inf", "nan"]
            .into_iter()
            .find(|s| rest.starts_with(s));
        if let Some(s) = special {
            out.push('"');
            out.push_str(s);
            out.push('"');
            for _ in 1..s.chars().count() {
                chars.next();
            }
            continue;
        }
        out.push(c);
    }
    out
}

fn num(v: &Json) -> Option<f64> {
    match v {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => match s.to_ascii_lowercase().as_str() {
            "nan" => Some(f64::NAN),
            "infinity" | "inf" => Some(f64::INFINITY),
            "-infinity" | "-inf" => Some(f64::NEG_INFINITY),
            _ => s.parse().ok(),
        },
        _ => None,
    }
}

fn json_document(data: &[u8], file: &str, label: &str, out: &mut Loaded) -> Result<(), String> {
    let doc: Json = serde_json::from_str(&quote_specials(data))
        .map_err(|e| format!("not a benchmark file: invalid JSON ({e})"))?;
    if let Some(results) = doc.get("results").and_then(Json::as_array) {
        return hyperfine(results, file, label, out);
    }
    if let Some(benchmarks) = doc.get("benchmarks").and_then(Json::as_array) {
        return google_benchmark(&doc, benchmarks, file, label, out);
    }
    Err("JSON, but neither hyperfine (`results`) nor Google Benchmark (`benchmarks`)".into())
}

fn hyperfine(results: &[Json], file: &str, label: &str, out: &mut Loaded) -> Result<(), String> {
    let config = file_config(label, &[]);
    let mut commands = Vec::new();
    for (i, r) in results.iter().enumerate() {
        let command = r
            .get("command")
            .and_then(Json::as_str)
            .ok_or_else(|| format!("hyperfine result {} has no command", i + 1))?;
        let params: Vec<(String, String)> = r
            .get("parameters")
            .and_then(Json::as_object)
            .map(|o| {
                o.iter()
                    .map(|(k, v)| {
                        let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                        (k.clone(), v)
                    })
                    .collect()
            })
            .unwrap_or_default();
        commands.push((command, params));
    }
    let names = hyperfine_names(&commands);
    for (i, (r, name)) in results.iter().zip(&names).enumerate() {
        let name = name.as_str();
        let times = r.get("times").and_then(Json::as_array).ok_or_else(|| {
            format!("hyperfine result {name:?} has no times (export with --export-json)")
        })?;
        for t in times {
            let Some(secs) = num(t) else {
                continue;
            };
            out.results.push(result(
                &config,
                name,
                1,
                vec![(secs, "sec/op")],
                file,
                i + 1,
            ));
        }
    }
    Ok(())
}

/// Benchmark names for hyperfine's commands: a `-L`/`--parameter-scan`
/// run's parameters become name keys (`/threads=4`), after the command with
/// each value written as `{name}` again, so the commands of one scan share
/// a row name and `--col /threads` or a sweep chart can tell them apart.
fn hyperfine_names(commands: &[(&str, Vec<(String, String)>)]) -> Vec<String> {
    let tokens: Vec<Vec<&str>> = commands
        .iter()
        .map(|(c, _)| c.split(' ').collect())
        .collect();
    commands
        .iter()
        .zip(&tokens)
        .map(|((command, params), mine)| {
            if params.is_empty() {
                return (*command).to_string();
            }
            // The other commands of the same scan: same parameters, same shape.
            let scan: Vec<usize> = (0..commands.len())
                .filter(|&j| {
                    tokens[j].len() == mine.len()
                        && commands[j].1.len() == params.len()
                        && commands[j].1.iter().zip(params).all(|(a, b)| a.0 == b.0)
                })
                .collect();
            let mut name: Vec<String> = Vec::new();
            for (p, tok) in mine.iter().enumerate() {
                let varies = scan.iter().any(|&j| tokens[j][p] != *tok);
                // The parameter this word follows: same value, same word.
                let owner = params.iter().enumerate().find(|(k, (_, v))| {
                    varies
                        && !v.is_empty()
                        && tok.contains(v.as_str())
                        && scan
                            .iter()
                            .all(|&j| commands[j].1[*k].1 != *v || tokens[j][p] == *tok)
                });
                name.push(match owner {
                    Some((_, (k, v))) => tok.replace(v.as_str(), &format!("{{{k}}}")),
                    None => (*tok).to_string(),
                });
            }
            let mut name = name.join(" ");
            for (k, v) in params {
                name.push_str(&format!("/{k}={v}"));
            }
            name
        })
        .collect()
}

fn google_benchmark(
    doc: &Json,
    benchmarks: &[Json],
    file: &str,
    label: &str,
    out: &mut Loaded,
) -> Result<(), String> {
    let ctx = doc.get("context");
    let get = |k: &str| {
        ctx.and_then(|c| c.get(k))
            .map(|v| match v {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            })
            .unwrap_or_default()
    };
    let config = file_config(
        label,
        &[
            ("executable", get("executable")),
            ("host", get("host_name")),
            ("build", get("library_build_type")),
        ],
    );
    // With --benchmark_report_aggregates_only there are no runs, only
    // their mean/median/stddev/cv: the median then stands in for them.
    let has_runs: FxHashSet<&str> = benchmarks
        .iter()
        .filter(|b| b.get("run_type").and_then(Json::as_str) != Some("aggregate"))
        .filter_map(gbench_name)
        .collect();
    let mut failed: Vec<(String, String, usize)> = Vec::new();
    let mut medians_only = Vec::new();
    for (i, b) in benchmarks.iter().enumerate() {
        let Some(name) = gbench_name(b) else {
            continue;
        };
        if b.get("run_type").and_then(Json::as_str) == Some("aggregate") {
            if has_runs.contains(name)
                || b.get("aggregate_name").and_then(Json::as_str) != Some("median")
            {
                continue;
            }
            medians_only.push(name.to_string());
        }
        if let Some(why) = gbench_failure(b) {
            match failed.iter_mut().find(|(n, _, _)| n == name) {
                Some((_, _, runs)) => *runs += 1,
                None => failed.push((name.to_string(), why, 1)),
            }
            continue;
        }
        let scale = match b.get("time_unit").and_then(Json::as_str).unwrap_or("ns") {
            "ns" => 1e-9,
            "us" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            other => return Err(format!("benchmark {name:?}: unknown time_unit {other:?}")),
        };
        let mut values = Vec::new();
        if let Some(t) = b.get("real_time").and_then(num) {
            values.push((t * scale, "sec/op"));
        }
        if let Some(t) = b.get("cpu_time").and_then(num) {
            values.push((t * scale, "cpu-sec/op"));
        }
        if let Some(v) = b.get("bytes_per_second").and_then(num) {
            values.push((v, "B/s"));
        }
        if let Some(v) = b.get("items_per_second").and_then(num) {
            values.push((v, "items/s"));
        }
        // User counters (state.counters) are the entry's other numbers;
        // each is a unit of its own, as b.ReportMetric's are in Go.
        if let Some(obj) = b.as_object() {
            for (k, v) in obj {
                if !GBENCH_FIELDS.contains(&k.as_str()) {
                    if let Some(v) = num(v) {
                        values.push((v, k.as_str()));
                    }
                }
            }
        }
        if values.is_empty() {
            continue;
        }
        let iters = b.get("iterations").and_then(Json::as_i64).unwrap_or(1);
        out.results
            .push(result(&config, name, iters, values, file, i + 1));
    }
    for (name, why, runs) in failed {
        out.notes.push(format!(
            "warning: {file}: {name}: error_occurred in {runs} run(s), left out: {}",
            crate::error::escape_controls(&why)
        ));
    }
    if !medians_only.is_empty() {
        out.notes.push(format!(
            "note: {file}: aggregates only (--benchmark_report_aggregates_only): each of its {} benchmark(s) is its median, one value without a confidence interval",
            medians_only.len()
        ));
    }
    Ok(())
}

/// The benchmark an entry belongs to (an aggregate's `run_name`).
fn gbench_name(b: &Json) -> Option<&str> {
    b.get("run_name")
        .or_else(|| b.get("name"))
        .and_then(Json::as_str)
}

/// Why a run failed: `SkipWithError` sets `error_occurred` (and, since
/// Google Benchmark 1.8, `skipped`).
fn gbench_failure(b: &Json) -> Option<String> {
    let msg = |k: &str| b.get(k).and_then(Json::as_str).unwrap_or("").to_string();
    if b.get("error_occurred").and_then(Json::as_bool) == Some(true) {
        return Some(msg("error_message"));
    }
    match b.get("skipped").and_then(Json::as_str) {
        Some("error_occurred" | "error") => Some(msg("skip_message")),
        _ => None,
    }
}

/// The fields Google Benchmark writes itself; any other number in an entry
/// is a user counter.
const GBENCH_FIELDS: &[&str] = &[
    "name",
    "family_index",
    "per_family_instance_index",
    "run_name",
    "run_type",
    "repetitions",
    "repetition_index",
    "threads",
    "iterations",
    "real_time",
    "cpu_time",
    "time_unit",
    "bytes_per_second",
    "items_per_second",
    "label",
    "error_occurred",
    "error_message",
    "skipped",
    "skip_message",
    "aggregate_name",
    "aggregate_unit",
    "big_o",
    "rms",
];

/// libtest's `test name ... bench:   1,234 ns/iter (+/- 56)` lines.
fn libtest(data: &[u8], file: &str, label: &str) -> Vec<Record> {
    let config = file_config(label, &[]);
    let mut out = Vec::new();
    for (i, line) in goformat::lines(data).enumerate() {
        let line = String::from_utf8_lossy(line);
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        let Some((name, stats)) = rest.split_once(" ... bench:") else {
            continue;
        };
        let mut fields = stats.split_whitespace();
        let (Some(v), Some(unit)) = (fields.next(), fields.next()) else {
            continue;
        };
        // With `b.bytes` set, libtest adds the throughput: `= 898 MB/s`.
        let throughput = stats
            .split_once(" = ")
            .and_then(|(_, t)| t.trim().strip_suffix(" MB/s"))
            .and_then(|mb| mb.replace(',', "").parse::<f64>().ok());
        match v.replace(',', "").parse::<f64>() {
            Ok(v) => out.push(Record::Result(result(
                &config,
                name.trim(),
                1,
                std::iter::once((v, unit))
                    .chain(throughput.map(|t| (t, "MB/s")))
                    .collect(),
                file,
                i + 1,
            ))),
            Err(_) => out.push(Record::Error(SyntaxError {
                file: file.to_string(),
                line: i + 1,
                msg: "parsing measurement: invalid syntax".into(),
            })),
        }
    }
    out
}

/// A criterion output directory (`target/criterion` or one benchmark's
/// directory): the raw samples of every `new/sample.json`.
fn criterion_dir(
    dir: &Path,
    file: &str,
    label: &str,
    out: &mut Loaded,
    cap: u64,
) -> Result<(), String> {
    let mut samples = Vec::new();
    let mut visited = crate::io::tree::Visited::default();
    find_samples(dir, &mut samples, &mut visited, &mut out.notes, 0);
    if samples.is_empty() {
        return Err("a directory without criterion results (no */new/sample.json)".into());
    }
    samples.sort();
    let config = file_config(label, &[]);
    for path in samples {
        let new_dir = path.parent().unwrap_or(dir);
        let bench_dir = new_dir.parent().unwrap_or(dir);
        let name = std::fs::read(new_dir.join("benchmark.json"))
            .ok()
            .and_then(|b| serde_json::from_slice::<Json>(&b).ok())
            .and_then(|j| j.get("full_id").and_then(Json::as_str).map(str::to_string))
            .unwrap_or_else(|| {
                bench_dir
                    .strip_prefix(dir)
                    .unwrap_or(bench_dir)
                    .display()
                    .to_string()
            });
        let shown = path.display().to_string();
        let data =
            crate::formats::capped::read_path(&path, cap).map_err(|e| format!("{shown}: {e}"))?;
        let j: Json =
            serde_json::from_slice(&data).map_err(|e| format!("{shown}: invalid JSON ({e})"))?;
        let (Some(iters), Some(times)) = (
            j.get("iters").and_then(Json::as_array),
            j.get("times").and_then(Json::as_array),
        ) else {
            return Err(format!("{shown}: no iters/times arrays"));
        };
        for (i, (n, t)) in iters.iter().zip(times).enumerate() {
            let (Some(n), Some(t)) = (num(n), num(t)) else {
                continue;
            };
            if n <= 0.0 {
                continue;
            }
            out.results.push(result(
                &config,
                &name,
                n as i64,
                vec![(t / n, "ns/op")],
                file,
                i + 1,
            ));
        }
    }
    Ok(())
}

fn find_samples(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    visited: &mut crate::io::tree::Visited,
    notes: &mut Vec<String>,
    depth: usize,
) {
    use crate::io::tree::{kind, skipped_note, Kind};
    if depth > 8 || !visited.first_visit(dir) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if kind(&p) != Kind::Dir {
            continue;
        }
        // A benchmark, group or parameter may itself be called new, base,
        // report or change, so a name alone does not say which folder is
        // criterion's bookkeeping: the content does. Its new/ holds this
        // run's sample.json and base/ the previous run's; a benchmark's
        // own folder never holds a sample.json, so it is walked into.
        let s = p.join("sample.json");
        let bookkeeping = p.file_name().is_some_and(|n| n == "new");
        match kind(&s) {
            Kind::File if bookkeeping => out.push(s),
            Kind::Skipped(what) if bookkeeping => notes.push(skipped_note(&s, what)),
            Kind::File | Kind::Skipped(_) => {}
            Kind::Dir | Kind::Missing => find_samples(&p, out, visited, notes, depth + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_duplicates() {
        let i = inputs(&["a.txt".into(), "a.txt".into(), "new=b.txt".into()]);
        let labels: Vec<_> = i.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["a.txt#0", "a.txt#1", "new"]);
        assert_eq!(i[2].path, PathBuf::from("b.txt"));
    }

    #[test]
    fn google_benchmark_json_with_nan() {
        let doc = br#"{"context": {"executable": "./b"}, "benchmarks": [
            {"name": "BM_a", "run_type": "iteration", "iterations": 10, "real_time": 5.0, "cpu_time": NaN, "time_unit": "us"},
            {"name": "BM_a_mean", "run_type": "aggregate", "real_time": 5.0, "time_unit": "us"}]}"#;
        let mut out = Loaded::default();
        assert_eq!(load_bytes(doc, "g.json", "g.json", &mut out), Ok(()));
        assert_eq!(out.results.len(), 1);
        assert_eq!(&*out.results[0].values[0].unit, "sec/op");
        assert!(out.results[0].values[1].value.is_nan());
    }

    #[test]
    fn libtest_lines() {
        let text = b"running 2 tests\ntest parse ... bench:       1,234 ns/iter (+/- 56)\ntest fmt   ... bench:          12 ns/iter (+/- 1)\n";
        let mut out = Loaded::default();
        assert_eq!(load_bytes(text, "l.txt", "l.txt", &mut out), Ok(()));
        assert_eq!(out.results.len(), 2);
        assert_eq!(&*out.results[0].name, "parse");
        assert!((out.results[0].values[0].value - 1.234e-6).abs() < 1e-18);
        assert_eq!(out.notes.len(), 1);
    }

    #[test]
    fn test2json_stream() {
        let text = br#"{"Action":"start","Package":"p"}
{"Action":"output","Package":"p","Output":"goos: linux\n"}
{"Action":"output","Package":"p","Output":"BenchmarkX-2   \t"}
{"Action":"output","Package":"p","Output":"  100\t  12.5 ns/op\n"}
"#;
        let mut out = Loaded::default();
        assert_eq!(load_bytes(text, "j.json", "j.json", &mut out), Ok(()));
        assert_eq!(out.results.len(), 1);
        assert_eq!(out.results[0].config_value("goos"), "linux");
        assert_eq!(out.results[0].line, 4);
    }
}
