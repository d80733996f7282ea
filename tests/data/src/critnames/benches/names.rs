//! Benchmarks named like criterion's bookkeeping folders: a group `new`
//! with functions `base`, `report`, `change` and `new`, and parameters
//! called `new` and `base`. (A top-level `new` beside a group `new` shares
//! its folder, which criterion itself cannot tell apart.) Each sums a
//! vector of a different length so the medians differ.
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};

fn sum(n: u64) -> u64 {
    (0..n).map(|i| black_box(i) * 3).sum()
}

fn names(c: &mut Criterion) {
    let mut g = c.benchmark_group("new");
    g.bench_function("base", |b| b.iter(|| sum(100)));
    g.bench_function("report", |b| b.iter(|| sum(200)));
    g.bench_function("change", |b| b.iter(|| sum(400)));
    g.bench_function("new", |b| b.iter(|| sum(800)));
    g.finish();
    let mut g = c.benchmark_group("sum");
    for p in ["new", "base"] {
        let n = if p == "new" { 1600 } else { 50 };
        g.bench_with_input(BenchmarkId::new("len", p), &n, |b, &n| b.iter(|| sum(n)));
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(std::time::Duration::from_millis(200))
        .measurement_time(std::time::Duration::from_millis(500));
    targets = names
}
criterion_main!(benches);
