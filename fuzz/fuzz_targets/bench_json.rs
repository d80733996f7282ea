//! Any bytes behind a `{`: the JSON benchmark formats (hyperfine, Google
//! Benchmark, go test -json), then the tables.
#![no_main]

use libfuzzer_sys::fuzz_target;
use perftui::bench::{formats, report, table};

fuzz_target!(|data: &[u8]| {
    let mut input = b"{".to_vec();
    input.extend_from_slice(data);
    let mut loaded = formats::Loaded::default();
    let _ = formats::load_bytes(&input, "f", "f", &mut loaded);
    if let Ok(mut b) = table::Builder::new(&table::Options::default()) {
        for r in &loaded.results {
            b.add(r);
        }
        let _ = report::to_text(&b.finish(&loaded.units));
    }
});
