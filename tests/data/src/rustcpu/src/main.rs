//! Writes a real CPU profile of Rust code with pprof-rs, the profiler Rust
//! services embed, so perftui's tests see the names it writes: paths with
//! `::`, generic arguments, trait impls (`<T as Trait>::method`), closures.
//!
//! `cargo run --release -- ../../pprof/cpu_rust.pb.gz`

use std::collections::BTreeMap;
use std::hint::black_box;
use std::io::Write;

trait Shape {
    fn area(&self) -> f64;
}

struct Circle(f64);
struct Square(f64);

impl Shape for Circle {
    #[inline(never)]
    fn area(&self) -> f64 {
        (0..200).fold(0.0, |acc, i| acc + (self.0 * i as f64).sin().abs())
    }
}

impl Shape for Square {
    #[inline(never)]
    fn area(&self) -> f64 {
        (0..100).fold(0.0, |acc, i| acc + (self.0 + i as f64).sqrt())
    }
}

struct Tally<K: Ord> {
    counts: BTreeMap<K, u64>,
}

impl<K: Ord + Clone> Tally<K> {
    #[inline(never)]
    fn add_all(&mut self, keys: &[K]) {
        for k in keys {
            *self.counts.entry(k.clone()).or_insert(0) += 1;
        }
    }
}

#[inline(never)]
fn total_area(shapes: &[Box<dyn Shape>]) -> f64 {
    shapes.iter().map(|s| s.area()).sum()
}

#[inline(never)]
fn sort_words(n: usize) -> usize {
    let mut words: Vec<String> = (0..n).map(|i| format!("w{}", (i * 7919) % n)).collect();
    words.sort();
    words.len()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args().nth(1).unwrap_or_else(|| "cpu_rust.pb.gz".into());
    let guard = pprof::ProfilerGuardBuilder::default()
        .frequency(997)
        .blocklist(&["libc", "libgcc", "pthread", "vdso"])
        .build()?;
    let shapes: Vec<Box<dyn Shape>> = (0..2000)
        .map(|i| -> Box<dyn Shape> {
            if i % 2 == 0 {
                Box::new(Circle(i as f64))
            } else {
                Box::new(Square(i as f64))
            }
        })
        .collect();
    let start = std::time::Instant::now();
    let mut tally = Tally {
        counts: BTreeMap::new(),
    };
    let keys: Vec<String> = (0..5000).map(|i| format!("k{}", i % 611)).collect();
    while start.elapsed().as_secs_f64() < 3.0 {
        black_box(total_area(&shapes));
        tally.add_all(&keys);
        black_box(sort_words(20_000));
    }
    let report = guard.report().build()?;
    let profile = report.pprof()?;
    let mut body = Vec::new();
    prost::Message::encode(&profile, &mut body)?;
    let mut gz = flate2::write::GzEncoder::new(std::fs::File::create(&out)?, flate2::Compression::default());
    gz.write_all(&body)?;
    gz.finish()?;
    eprintln!("wrote {out}");
    Ok(())
}
