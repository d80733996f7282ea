//! V8's tick log (`node --prof`), preprocessed by node: a real one made
//! here (tests/data/src/node/work.js; how in tests/data/README.md), whose
//! ticks per function are `node --prof-process`'s own report of the same
//! log (tests/data/reference/node-work.prof-process.txt).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use crate::common;

/// `--prof-process`'s ticks per name in its JavaScript, C++ and shared
/// library sections (each tier of a JavaScript function added up), and
/// its totals.
fn prof_process() -> (BTreeMap<String, i64>, i64, i64) {
    let text = common::reference("node-work.prof-process.txt");
    let head = text.lines().next().unwrap();
    let num = |after: &str, before: &str| -> i64 {
        let s = &head[..head.find(before).unwrap()];
        s[s.rfind(after).unwrap() + after.len()..]
            .trim()
            .parse()
            .unwrap()
    };
    let (ticks, unaccounted) = (num("(", " ticks,"), num(",", " unaccounted"));
    let mut want: BTreeMap<String, i64> = BTreeMap::new();
    let mut section = "";
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            section = t;
            continue;
        }
        if !matches!(section, "[JavaScript]:" | "[C++]:" | "[Shared libraries]:") {
            continue;
        }
        let mut cols = t.splitn(2, ' ');
        let Some(Ok(n)) = cols.next().map(str::parse::<i64>) else {
            continue;
        };
        // `ticks total% [nonlib%] name`
        let rest = cols.next().unwrap().trim_start();
        let rest = rest.split_once('%').unwrap().1.trim_start();
        let name = match section {
            "[Shared libraries]:" => rest,
            _ => rest.split_once('%').unwrap().1.trim_start(),
        };
        let name = match name.strip_prefix("JS: ") {
            // `*hashLoop /path/work.js:8:18`: the tier mark, the function.
            Some(js) => js[1..].split(' ').next().unwrap(),
            None => name,
        };
        *want.entry(name.to_string()).or_default() += n;
    }
    (want, ticks, unaccounted)
}

#[test]
fn ticks_per_function_are_prof_process_s() {
    let (want, ticks, unaccounted) = prof_process();
    assert!(
        want["hashLoop"] > 500 && want.contains_key("sortWords"),
        "{want:?}"
    );
    let rows = common::top_rows("node/work.v8log.json.gz", "samples");
    let flat: BTreeMap<&str, i64> = rows.iter().map(|(f, _, n)| (n.as_str(), *f)).collect();
    for (name, n) in &want {
        assert_eq!(flat.get(name.as_str()), Some(n), "{name}");
    }
    assert_eq!(flat["(unaccounted)"], unaccounted);
    assert_eq!(rows.iter().map(|r| r.0).sum::<i64>(), ticks);
    // The caller of the sort's native code is known even where its own
    // address is not.
    let cum: BTreeMap<&str, i64> = rows.iter().map(|(_, c, n)| (n.as_str(), *c)).collect();
    assert!(cum["sortWords"] > 10 * want["sortWords"], "{rows:?}");
}

#[test]
fn a_tick_naming_code_that_is_not_there_is_refused() {
    common::assert_malformed(
        "bad.json",
        r#"{"code":[{"name":"/usr/bin/node","type":"SHARED_LIB"}],"functions":[],"ticks":[{"tm":1,"vm":0,"s":[3,0]}]}"#,
        "tick 0 names code 3, but there are 1 code objects",
    );
}
