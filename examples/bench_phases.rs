//! Times the phases of `perftui bench` on a file (a profiling aid).
use std::time::Instant;

use perftui::bench::{formats, report, table};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let t0 = Instant::now();
    let loaded = formats::load(&formats::inputs(&args), u64::MAX).unwrap_or_default();
    let t1 = Instant::now();
    let mut b = table::Builder::new(&table::Options::default()).unwrap_or_else(|e| panic!("{e}"));
    for r in &loaded.results {
        b.add(r);
    }
    let t2 = Instant::now();
    let tables = b.finish(&loaded.units);
    let t3 = Instant::now();
    let text = report::to_text(&tables);
    let t4 = Instant::now();
    eprintln!(
        "read {:?} add {:?} finish {:?} text {:?} ({} bytes)",
        t1 - t0,
        t2 - t1,
        t3 - t2,
        t4 - t3,
        text.len()
    );
}
