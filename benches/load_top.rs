//! Load and top-table benchmarks on real profiles (criterion).
//!
//! `cargo bench --bench load_top`. The 1M-sample synthetic profile is read
//! from `../shared/corpus/` when present (it is 21 MB, too big for the
//! repo); without it that group is skipped with a message.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

mod common;

use common::files;
use criterion::{criterion_group, criterion_main, Criterion};
use perftui::formats::{gzip, pprof, read_profile};

#[path = "../tests/it/pprof_reference.rs"]
#[allow(dead_code)]
mod pprof_reference;
use perftui::profile::frames::{FrameTable, Granularity};
use perftui::profile::trie::StackTrie;
use perftui::report::top::{build, TopOptions};

fn bench(c: &mut Criterion) {
    for (name, path) in files() {
        let gz = std::fs::read(&path).unwrap();
        let raw = gzip::inflate(&gz).unwrap();
        let mut g = c.benchmark_group(&name);
        g.sample_size(10).measurement_time(Duration::from_secs(8));
        g.bench_function("gunzip", |b| b.iter(|| gzip::inflate(&gz).unwrap()));
        g.bench_function("decode_fast", |b| b.iter(|| pprof::decode(&raw).unwrap()));
        g.bench_function("decode_prost_reference", |b| {
            b.iter(|| pprof_reference::decode(&raw).unwrap())
        });
        g.bench_function("load_and_top30", |b| {
            b.iter(|| {
                let p = read_profile(&gz).unwrap();
                build(
                    &p,
                    &TopOptions {
                        node_count: Some(30),
                        ..TopOptions::default()
                    },
                )
                .unwrap()
            })
        });
        let p = read_profile(&gz).unwrap();
        let idx = p.sample_types.len() - 1;
        g.bench_function("stack_trie", |b| {
            b.iter(|| {
                let frames = FrameTable::new(&p, Granularity::Functions);
                StackTrie::build(&p, &frames, idx)
            })
        });
        // What the first frame waits for instead (issue 22): against
        // stack_trie, the ratio the first frame gains.
        g.bench_function("first_frame_trie_160_columns", |b| {
            b.iter(|| {
                let frames = FrameTable::new(&p, Granularity::Functions);
                perftui::profile::visible_trie::build(&p, &frames, idx, 160)
            })
        });
        let profile = std::sync::Arc::new(p.clone());
        g.bench_function("first_analysis_160_columns", |b| {
            b.iter(|| {
                perftui::explorer::analysis::analyze_first(
                    &profile,
                    idx,
                    &[],
                    Granularity::Functions,
                    false,
                    None,
                    160,
                )
            })
        });
        g.finish();
    }
}

/// Reading folded stacks: the real 60k-sample profile folded (59,700
/// lines, 19.8 MB), as `perftui fold` writes it.
fn folded(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/pprof/cpu_large_real.pb.gz"
    );
    let p = read_profile(&std::fs::read(path).unwrap()).unwrap();
    let text = perftui::report::fold::folded(&p, p.sample_types.len() - 1, Granularity::Functions);
    let mut g = c.benchmark_group("folded_cpu_large_real");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    g.bench_function("parse", |b| {
        b.iter(|| perftui::formats::folded::parse(text.as_bytes()).unwrap())
    });
    g.finish();
    // Issue 22's 2M-line / 40 MB folded file, when benches/folded2m/gen.sh
    // has written it.
    let big = concat!(env!("CARGO_MANIFEST_DIR"), "/target/folded2m.folded");
    match std::fs::read(big) {
        Ok(text) => {
            let mut g = c.benchmark_group("folded_2m_lines");
            g.sample_size(10).measurement_time(Duration::from_secs(10));
            g.bench_function("parse", |b| {
                b.iter(|| perftui::formats::folded::parse(&text).unwrap())
            });
            g.finish();
        }
        Err(_) => eprintln!("skipping folded_2m_lines: run benches/folded2m/gen.sh to write {big}"),
    }
}

criterion_group!(benches, bench, folded);
criterion_main!(benches);
