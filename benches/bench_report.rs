//! `perftui bench` on a 100k-line `go test -bench` output, generated here
//! (10,000 benchmarks × 10 runs, three units each): reading, grouping with
//! the statistics of every cell, and the text report; and a comparison of
//! two such files. The generated files are also written to
//! `target/bench-100k-{old,new}.txt` (and `bench-100k-1000x100-*.txt`:
//! 1,000 benchmarks × 100 runs) for timing the binary (see
//! docs/PERFORMANCE.md).
#![allow(missing_docs)]

use std::fmt::Write;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use perftui::bench::{formats, report, table};

/// A deterministic `go test -bench -count=10` output: `benchmarks` names,
/// `runs` lines each, noise from a small LCG (seeded, so old and new differ).
fn go_bench_text(benchmarks: usize, runs: usize, seed: u64, slowdown: f64) -> String {
    let mut state = seed;
    let mut noise = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as f64 / (1u64 << 31) as f64) - 0.5
    };
    let mut s = String::from("goos: linux\ngoarch: amd64\npkg: example.com/big\ncpu: AMD EPYC\n");
    for run in 0..runs {
        for b in 0..benchmarks {
            let base = 10.0 + (b % 997) as f64 * 13.7;
            let factor = if b % 10 == 0 { slowdown } else { 1.0 };
            let ns = base * factor * (1.0 + 0.05 * noise());
            let bytes = (b % 7) * 64;
            let allocs = b % 3;
            let _ = writeln!(
                s,
                "BenchmarkOp{}/size={}-2 \t{:8}\t{:12.2} ns/op\t{:6} B/op\t{:4} allocs/op",
                b / 4,
                1 << (b % 4),
                1_000_000 + run,
                ns,
                bytes,
                allocs
            );
        }
    }
    s.push_str("PASS\nok  \texample.com/big\t12.345s\n");
    s
}

fn tables(inputs: &[(&str, &str)]) -> table::Tables {
    let mut loaded = formats::Loaded::default();
    for (name, text) in inputs {
        formats::load_bytes(text.as_bytes(), name, name, &mut loaded).unwrap_or(());
    }
    let mut b = table::Builder::new(&table::Options::default()).unwrap_or_else(|e| panic!("{e}"));
    for r in &loaded.results {
        b.add(r);
    }
    b.finish(&loaded.units)
}

fn bench(c: &mut Criterion) {
    let old = go_bench_text(10_000, 10, 1, 1.0);
    let new = go_bench_text(10_000, 10, 2, 1.2);
    assert!(old.lines().count() > 100_000);
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    let _ = std::fs::create_dir_all(&target);
    let _ = std::fs::write(target.join("bench-100k-old.txt"), &old);
    let _ = std::fs::write(target.join("bench-100k-new.txt"), &new);
    // The same line count shaped as fewer benchmarks with more runs.
    let _ = std::fs::write(
        target.join("bench-100k-1000x100-old.txt"),
        go_bench_text(1_000, 100, 3, 1.0),
    );
    let _ = std::fs::write(
        target.join("bench-100k-1000x100-new.txt"),
        go_bench_text(1_000, 100, 4, 1.1),
    );

    let mut g = c.benchmark_group("bench_100k");
    g.sample_size(10);
    g.bench_function("read", |b| {
        b.iter(|| {
            let mut l = formats::Loaded::default();
            formats::load_bytes(old.as_bytes(), "old", "old", &mut l).unwrap_or(());
            l.results.len()
        })
    });
    g.bench_function("one_file_text_report", |b| {
        b.iter(|| report::to_text(&tables(&[("old", &old)])).len())
    });
    g.bench_function("two_files_comparison_text_report", |b| {
        b.iter(|| report::to_text(&tables(&[("old", &old), ("new", &new)])).len())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
