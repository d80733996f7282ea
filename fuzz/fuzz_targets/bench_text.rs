//! Any bytes as `go test -bench` text (or libtest), then benchstat's tables
//! and text report.
#![no_main]

use libfuzzer_sys::fuzz_target;
use perftui::bench::{formats, report, table};

fuzz_target!(|data: &[u8]| {
    let mut loaded = formats::Loaded::default();
    let _ = formats::load_bytes(data, "f", "f", &mut loaded);
    if let Ok(mut b) = table::Builder::new(&table::Options::default()) {
        for r in &loaded.results {
            b.add(r);
        }
        let t = b.finish(&loaded.units);
        let _ = report::to_text(&t);
        let _ = report::to_csv(&t);
    }
});
