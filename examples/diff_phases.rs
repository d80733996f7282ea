//! Times the phases of `perftui diff` on two profiles: load (both, in
//! parallel), `diff_base` (merge), and the analysis (union tree, delta
//! table). `cargo run --release --example diff_phases -- BEFORE AFTER`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    assert_eq!(args.len(), 2, "usage: diff_phases BEFORE AFTER");
    let t = Instant::now();
    let (b, a) = std::thread::scope(|s| {
        let b = s.spawn(|| perftui::formats::load_file(Path::new(&args[0])).unwrap());
        let a = perftui::formats::load_file(Path::new(&args[1])).unwrap();
        (b.join().unwrap(), a)
    });
    let load = t.elapsed();
    let t = Instant::now();
    let merged = Arc::new(perftui::profile::merge::diff_base(a, b, false).unwrap());
    let merge = t.elapsed();
    let t = Instant::now();
    let analysis = perftui::explorer::analysis::analyze(&merged, 1, &[], Default::default(), true);
    let analyze = t.elapsed();
    let (nodes, rows) = (analysis.trie.len(), analysis.top.rows.len());
    let t = Instant::now();
    drop(analysis);
    drop(merged);
    let free = t.elapsed();
    println!(
        "load {load:?}  diff_base {merge:?}  analyze {analyze:?}  free {free:?}  ({nodes} nodes, {rows} rows)"
    );
}
