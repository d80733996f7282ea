//! Patterns users type: a Go regex (`--focus`, search, `bench --filter`)
//! and a label filter (`--tagfocus`: `key=regex,…` or a numeric range),
//! compiled from any text and, when they compile, matched.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(re) = perftui::goregex::compile(text) {
        let _ = re.is_match("main.(*T).run /api/orders 1kB");
    }
    let _ = perftui::profile::tags::TagFilter::parse("tagfocus", text);
});
