//! Run directories: `perftui diff runA/ runB/` pairs the files of two runs
//! by name (`bench.txt`, `cpu.pb.gz`, `mem.pb.gz`, `goroutine.txt`) and
//! summarises each pair: the benchmark comparison, each profile's total
//! change. No terminal code here; the summary screen is `run_summary`.

use std::path::{Path, PathBuf};

use crate::bench::gate;
use crate::bench::table::Tables;
use crate::io::tree;
use crate::profile::{merge, select, Profile};

/// What kind of profile a file holds, for the keys that open "the CPU
/// profile" or "the memory profile" of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileKind {
    /// CPU time.
    Cpu,
    /// Heap or allocations.
    Memory,
    /// Goroutines.
    Goroutine,
    /// Anything else (mutex, block, folded stacks...).
    Other,
}

impl ProfileKind {
    /// Classifies a profile by its sample types.
    pub fn of(profile: &Profile) -> Self {
        let types: Vec<&str> = (0..profile.sample_types.len())
            .map(|i| profile.sample_type_name(i))
            .collect();
        let has = |t: &str| types.contains(&t);
        if has("cpu") {
            ProfileKind::Cpu
        } else if has("alloc_space") || has("inuse_space") {
            ProfileKind::Memory
        } else if has("goroutine") {
            ProfileKind::Goroutine
        } else {
            ProfileKind::Other
        }
    }

    /// Its name in the summary.
    pub fn name(self) -> &'static str {
        match self {
            ProfileKind::Cpu => "cpu profile",
            ProfileKind::Memory => "memory profile",
            ProfileKind::Goroutine => "goroutines",
            ProfileKind::Other => "profile",
        }
    }
}

/// A benchmark file pair's comparison in one line.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchSummary {
    /// Benchmarks compared (rows with a value on both sides, over all tables).
    pub compared: usize,
    /// Significantly worse.
    pub worse: usize,
    /// Significantly better.
    pub better: usize,
    /// The geomean change of the first table's unit (time, usually), in
    /// percent, with that unit.
    pub geomean: Option<(String, f64)>,
    /// The worst regressions, worst first (at most five).
    pub regressions: Vec<gate::Regression>,
}

/// A profile pair's totals.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileSummary {
    /// What it measures.
    pub kind: ProfileKind,
    /// The default sample type, e.g. `cpu`.
    pub sample_type: String,
    /// Its unit.
    pub unit: String,
    /// pprof's total in BEFORE.
    pub before: i64,
    /// pprof's total in AFTER.
    pub after: i64,
}

impl ProfileSummary {
    /// The change of the total in percent of BEFORE's (None when BEFORE's
    /// is 0).
    pub fn change_percent(&self) -> Option<f64> {
        (self.before != 0)
            .then(|| (self.after - self.before) as f64 / self.before.unsigned_abs() as f64 * 100.0)
    }
}

/// What a pair of files is.
#[derive(Debug, Clone, PartialEq)]
pub enum PairKind {
    /// Two benchmark files.
    Bench(BenchSummary),
    /// Two profiles.
    Profile(ProfileSummary),
    /// The name is in one run only.
    OnlyIn {
        /// In BEFORE (else AFTER).
        before: bool,
    },
    /// One of the files cannot be read or the two do not compare.
    Error(String),
}

/// One name found in either run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunPair {
    /// The file name.
    pub name: String,
    /// The file in BEFORE's directory.
    pub before: PathBuf,
    /// The file in AFTER's directory.
    pub after: PathBuf,
    /// What it is and how it changed.
    pub kind: PairKind,
}

/// Whether `dir` is a run directory (has files of its own) rather than,
/// say, a criterion output directory (only subdirectories).
pub fn is_run_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .any(|e| !is_hidden(&e.file_name()) && tree::kind(&e.path()) == tree::Kind::File)
        })
        .unwrap_or(false)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// The names in a run directory worth pairing: regular files (through
/// symlinks too) and, to be named as skipped, FIFOs, sockets and devices.
fn file_names(dir: &Path) -> Result<Vec<(String, tree::Kind)>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut names: Vec<(String, tree::Kind)> = entries
        .flatten()
        .filter(|e| !is_hidden(&e.file_name()))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                tree::kind(&e.path()),
            )
        })
        .filter(|(_, k)| matches!(k, tree::Kind::File | tree::Kind::Skipped(_)))
        .collect();
    names.sort_by(|x, y| x.0.cmp(&y.0));
    Ok(names)
}

/// Pairs summarised at once: each holds two profiles in memory while it
/// is summarised, so a run of many large profiles is read a few at a time.
fn workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 4))
}

/// Pairs the files of two run directories by name and summarises each
/// pair. Benchmark files first, then profiles, then the rest; by name
/// within each. Only the summaries are kept: a pair is read again, whole,
/// when it is opened.
pub fn pair(before: &Path, after: &Path, cap: u64) -> Result<Vec<RunPair>, String> {
    let (a, b) = (file_names(before)?, file_names(after)?);
    let find = |list: &[(String, tree::Kind)], name: &str| {
        list.iter().find(|(n, _)| n == name).map(|(_, k)| *k)
    };
    let mut names: Vec<&String> = a.iter().chain(b.iter()).map(|(n, _)| n).collect();
    names.sort();
    names.dedup();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let summary = |name: &String| {
        let (pb, pa) = (before.join(name), after.join(name));
        let kind = match (find(&a, name), find(&b, name)) {
            (Some(tree::Kind::Skipped(what)), _) => PairKind::Error(tree::skipped_note(&pb, what)),
            (_, Some(tree::Kind::Skipped(what))) => PairKind::Error(tree::skipped_note(&pa, what)),
            (Some(_), Some(_)) => summarise(&pb, &pa, cap),
            (Some(_), None) => PairKind::OnlyIn { before: true },
            _ => PairKind::OnlyIn { before: false },
        };
        RunPair {
            name: name.clone(),
            before: pb,
            after: pa,
            kind,
        }
    };
    let mut out: Vec<RunPair> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers().min(names.len()))
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(name) = names.get(i) else {
                            return done;
                        };
                        done.push((i, summary(name)));
                    }
                })
            })
            .collect();
        let mut slots: Vec<Option<RunPair>> = names.iter().map(|_| None).collect();
        for h in handles {
            for (i, p) in h.join().unwrap_or_default() {
                slots[i] = Some(p);
            }
        }
        // A worker that panicked leaves its pairs unsummarised.
        slots
            .into_iter()
            .zip(names.iter())
            .map(|(p, name)| {
                p.unwrap_or_else(|| RunPair {
                    name: (*name).clone(),
                    before: before.join(name),
                    after: after.join(name),
                    kind: PairKind::Error("reading the files failed".to_string()),
                })
            })
            .collect()
    });
    let rank = |k: &PairKind| match k {
        PairKind::Bench(_) => 0,
        PairKind::Profile(_) => 1,
        PairKind::Error(_) => 2,
        PairKind::OnlyIn { .. } => 3,
    };
    out.sort_by(|x, y| rank(&x.kind).cmp(&rank(&y.kind)).then(x.name.cmp(&y.name)));
    Ok(out)
}

fn summarise(before: &Path, after: &Path, cap: u64) -> PairKind {
    let (b, a) = (before.to_string_lossy(), after.to_string_lossy());
    let bench = crate::bench::formats::is_bench_input(&b);
    if bench != crate::bench::formats::is_bench_input(&a) {
        return PairKind::Error("one is a benchmark file, the other is not".to_string());
    }
    if bench {
        return match comparison(&[b.into_owned(), a.into_owned()], cap) {
            Ok(t) => PairKind::Bench(bench_summary(&t)),
            Err(e) => PairKind::Error(e),
        };
    }
    match profile_summary(before, after, cap) {
        Ok(s) => PairKind::Profile(s),
        Err(e) => PairKind::Error(e),
    }
}

/// Two benchmark files as benchstat's tables, BEFORE first.
pub fn comparison(files: &[String], cap: u64) -> Result<Tables, String> {
    use crate::bench::{formats, table};
    let mut builder = table::Builder::new(&table::Options::default()).map_err(|e| e.to_string())?;
    let loaded = formats::load(&formats::inputs(files), cap).map_err(|e| e.to_string())?;
    for r in &loaded.results {
        builder.add(r);
    }
    Ok(builder.finish(&loaded.units))
}

/// Counts and geomean of a comparison.
pub fn bench_summary(tables: &Tables) -> BenchSummary {
    let compared = tables
        .tables
        .iter()
        .map(|t| {
            (0..t.rows.len())
                .filter(|&r| t.cells[r].iter().flatten().count() >= 2)
                .count()
        })
        .sum();
    let changes = gate::changes(tables);
    let worse = changes.iter().filter(|c| c.worse_by > 0.0).count();
    let better = changes.iter().filter(|c| c.worse_by < 0.0).count();
    let mut regressions: Vec<(f64, gate::Regression)> = changes
        .into_iter()
        .filter(|c| c.worse_by > 0.0)
        .map(|c| (c.worse_by, c.regression))
        .collect();
    regressions.sort_by(|x, y| y.0.total_cmp(&x.0));
    let geomean = tables.tables.first().and_then(|t| {
        let ratio = t.summary.get(1)?.ratio?;
        Some((t.unit.clone(), (ratio - 1.0) * 100.0))
    });
    BenchSummary {
        compared,
        worse,
        better,
        geomean,
        regressions: regressions.into_iter().take(5).map(|(_, r)| r).collect(),
    }
}

fn profile_summary(before: &Path, after: &Path, cap: u64) -> Result<ProfileSummary, String> {
    let (b, a) = std::thread::scope(|s| {
        let b = s.spawn(|| crate::formats::load_file_capped(before, cap));
        (b.join(), crate::formats::load_file_capped(after, cap))
    });
    let b = b
        .map_err(|_| "reading failed".to_string())?
        .map_err(|e| e.to_string())?;
    let a = a.map_err(|e| e.to_string())?;
    merge::compatible(&a, &b)?;
    let index = select::sample_index(&a, None, select::WhenEmpty::ShowAnother)?.index;
    Ok(ProfileSummary {
        kind: ProfileKind::of(&a),
        sample_type: a.sample_type_name(index).to_string(),
        unit: a.sample_type_unit(index).to_string(),
        before: b.total(index),
        after: a.total(index),
    })
}

/// The first profile pair of a kind, for the keys that jump to it.
pub fn find_kind(pairs: &[RunPair], kind: ProfileKind) -> Option<usize> {
    pairs
        .iter()
        .position(|p| matches!(&p.kind, PairKind::Profile(s) if s.kind == kind))
}

/// The focus regex for a benchmark's code in a CPU or memory profile of
/// its run: `Parse/records=10-2` (benchstat's name) ran in the function
/// `pkg.BenchmarkParse` and its closures (`pkg.BenchmarkParse.func1`).
pub fn benchmark_focus(name: &str) -> Option<String> {
    let top = name.split('/').next().unwrap_or(name);
    // The GOMAXPROCS suffix of a benchmark without sub-benchmarks.
    let top = match top.rsplit_once('-') {
        Some((base, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => top,
    };
    let top = top.strip_prefix("Benchmark").unwrap_or(top);
    if top.is_empty() {
        return None;
    }
    Some(format!(r"\.Benchmark{}(\.|$)", regex::escape(top)))
}

#[cfg(test)]
mod tests {
    use super::benchmark_focus;

    #[test]
    fn benchmark_names_become_their_functions() {
        let re = |n: &str| regex::Regex::new(&benchmark_focus(n).unwrap()).unwrap();
        let parse = re("Parse/records=10-2");
        assert!(parse.is_match("perftui.test/corpus/jsonish.BenchmarkParse"));
        assert!(parse.is_match("perftui.test/corpus/jsonish.BenchmarkParse.func1"));
        assert!(!parse.is_match("perftui.test/corpus/jsonish.BenchmarkParseInts"));
        let gen = re("Generate-2");
        assert!(gen.is_match("x.BenchmarkGenerate"));
        assert!(!gen.is_match("x.BenchmarkGenerate-2"));
        assert!(re("BenchmarkHash-8").is_match("pkg.BenchmarkHash"));
        assert_eq!(benchmark_focus("-2"), None);
    }
}
