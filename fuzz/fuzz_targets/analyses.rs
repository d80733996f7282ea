//! A decoded profile through the analyses: top with each granularity and
//! filters (name and label filters), the tags and traces reports, the diff
//! against itself (and the diff explorer's first screen),
//! and the explorer's first screen
//! (trie, flame graph layout, drawing). The first byte picks the variant.
#![no_main]

use libfuzzer_sys::fuzz_target;
use perftui::profile::filter::Filters;
use perftui::profile::frames::Granularity;
use perftui::report::top::{build, TopOptions};
use perftui::profile::tags::{KeyFilter, TagFilter};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(p) = perftui::formats::read_profile(rest) else {
        return;
    };
    let granularity = match pick % 3 {
        0 => Granularity::Functions,
        1 => Granularity::Files,
        _ => Granularity::Lines,
    };
    let re = |s: &str| perftui::goregex::compile(s).ok();
    let tag = |s: &str| TagFilter::parse("tagfocus", s).ok().map(|(f, _)| f);
    let filters = match (pick / 3) % 6 {
        0 => Filters::default(),
        1 => Filters { focus: re("a|main"), ..Filters::default() },
        2 => Filters { ignore: re("^runtime"), hide: re("b"), ..Filters::default() },
        3 => Filters { show: re("[a-m]"), ..Filters::default() },
        4 => Filters {
            tagfocus: tag("bytes=1kb:"),
            tags: KeyFilter { show: re("^b"), hide: None },
            ..Filters::default()
        },
        _ => Filters { tagfocus: tag("a,b"), tagignore: tag(":1kb"), ..Filters::default() },
    };
    let merged = perftui::profile::merge::compact(&p);
    let index = p.sample_types.len().saturating_sub(1);
    let _ = perftui::report::tags::tags(&merged, index);
    let (view, _) = perftui::profile::filter::apply(&merged, &filters);
    let _ = perftui::report::traces::traces(&merged, &view, index, granularity);
    let opts = TopOptions { cum: pick & 0x80 != 0, filters, granularity, ..TopOptions::default() };
    let _ = build(&p, &opts);
    if let Ok(d) = perftui::profile::merge::diff_base(p.clone(), p.clone(), pick & 0x40 != 0) {
        let _ = build(&d, &TopOptions::default());
        // The diff explorer's first screen: union tree, delta table, colours.
        if let Ok((mut app, _)) =
            perftui::explorer::App::new_diff(d, "a".into(), "b".into(), None, granularity)
        {
            let _ = perftui::tui::runtime::snapshot(&mut app, 80, 24, Default::default());
        }
    }
    if let Ok((mut app, _)) = perftui::explorer::App::new(p, "fuzz".into(), None, granularity) {
        let _ = perftui::tui::runtime::snapshot(&mut app, 80, 24, Default::default());
    }
});
