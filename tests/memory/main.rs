//! Memory of the benchmark pipeline (read, tables, benchstat's text) on a
//! file in which each of thousands of configuration keys starts a new
//! configuration: it must grow linearly with the file, not with its square
//! (it took over 6 GB for 8,000 keys before configurations were stored as
//! changes). A test binary of its own, because dhat counts every
//! allocation through the global allocator, which no other test may share.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use perftui::bench::{formats, report, table};

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

/// `keys` configuration keys, each followed by one result line.
fn file(keys: usize) -> String {
    (0..keys)
        .map(|i| {
            format!(
                "key{i:05}: value{i}\nBenchmarkParse-2 \t 1000 \t {} ns/op\n",
                1000 + i % 7
            )
        })
        .collect()
}

/// The peak of live heap bytes while `perftui bench` reads `text` and
/// prints its report.
fn peak_of_report(text: &str) -> usize {
    let _profiler = dhat::Profiler::builder().testing().build();
    let mut loaded = formats::Loaded::default();
    formats::load_bytes(text.as_bytes(), "keys.txt", "keys.txt", &mut loaded).unwrap();
    let mut builder = table::Builder::new(&table::Options::default()).unwrap();
    for r in &loaded.results {
        builder.add(r);
    }
    let tables = builder.finish(&loaded.units);
    let out = report::to_text(&tables);
    assert!(out.contains("key00001: value1\n"));
    drop((out, tables, loaded));
    dhat::HeapStats::get().max_bytes
}

#[test]
fn thousands_of_configuration_keys_take_memory_linear_in_the_file() {
    let (small, large) = (file(1000), file(4000));
    let a = peak_of_report(&small);
    let b = peak_of_report(&large);
    let ratio = b as f64 / a as f64;
    println!("1,000 keys: {a} bytes at peak; 4,000 keys: {b} bytes ({ratio:.1}×)");
    // Four times the file: about four times the memory (sixteen if it
    // grew with the square).
    assert!(ratio < 6.0, "{a} → {b} bytes: {ratio:.1}× for 4× the keys");
    assert!(b < 64 << 20, "{b} bytes for 4,000 keys");
}
