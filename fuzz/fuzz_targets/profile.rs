//! Any bytes as a profile file: gzip, protobuf and every text format, then
//! the top report of whatever decoded.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = perftui::formats::read_profile(data) {
        let _ = perftui::report::top::build(&p, &perftui::report::top::TopOptions::default());
    }
});
