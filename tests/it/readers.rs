//! The readers on real files: the fast protobuf decoder against the prost
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! reference, goroutine dumps, legacy text profiles, folded stacks, perf.

use crate::common;

use std::collections::BTreeMap;

use crate::pprof_reference;
use perftui::formats::{self, gzip, pprof};
use perftui::profile::frames::{FrameTable, Granularity};
use perftui::profile::graph::flat_cum;
use perftui::profile::{LabelValue, Profile};

fn load(rel: &str) -> Profile {
    formats::load_file(&common::data_dir().join(rel)).unwrap()
}

#[test]
fn fast_decoder_builds_the_same_model_as_prost_on_every_corpus_file() {
    let mut dirs = vec![
        common::data_dir().join("pprof"),
        common::data_dir().join("bad"),
    ];
    if let Some(c) = common::shared_corpus() {
        dirs.push(c.join("pprof"));
    }
    let mut checked = 0;
    for dir in dirs {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.to_string_lossy().to_string();
            if !(name.ends_with(".pb.gz") || name.ends_with(".pb")) {
                continue;
            }
            let Ok(data) = std::fs::read(&path) else {
                continue;
            };
            let data = if gzip::is_gzip(&data) {
                match gzip::inflate(&data) {
                    Ok(d) => d,
                    Err(_) => continue, // broken gzip: no protobuf to compare
                }
            } else {
                data
            };
            let fast = pprof::decode(&data);
            let reference = pprof_reference::decode(&data);
            match (fast, reference) {
                (Ok(a), Ok(b)) => assert!(a == b, "{name}: models differ"),
                (Err(_), Err(_)) => {}
                (a, b) => panic!("{name}: fast {:?} vs prost {:?}", a.err(), b.err()),
            }
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} files checked");
}

#[test]
fn pprof_fields_are_kept() {
    let p = load("pprof/heap.pb.gz");
    let types: Vec<_> = (0..p.sample_types.len())
        .map(|i| p.sample_type_name(i))
        .collect();
    assert_eq!(
        types,
        [
            "alloc_objects",
            "alloc_space",
            "inuse_objects",
            "inuse_space"
        ]
    );
    // Go writes no default type for heap profiles (pprof then shows the
    // last, inuse_space); allocs profiles name alloc_space.
    assert_eq!(p.default_sample_type, None);
    let allocs = load("pprof/allocs.pb.gz");
    assert_eq!(
        allocs.str(allocs.default_sample_type.unwrap()),
        "alloc_space"
    );
    assert_eq!(p.period, 4096);
    assert!(p.time_nanos > 0);
    assert!(!p.mappings.is_empty());
    // Numeric `bytes` labels on heap samples.
    let bytes = p.strings.find("bytes").unwrap();
    assert!((0..p.samples.len()).any(|i| p
        .samples
        .labels(i)
        .iter()
        .any(|l| l.key == bytes && matches!(l.value, LabelValue::Num { .. }))));
    // Inlined frames: some location has several lines.
    assert!((0..p.locations.len() as u32).any(|l| p.location_lines(l).len() > 1));
    let sums: Vec<i64> = (0..4).map(|i| p.sum(i)).collect();
    assert_eq!(sums, [2258131, 872480549, 70860, 41009778]);
}

#[test]
fn string_labels_of_a_labelled_profile() {
    let p = load("pprof/goroutine.pb.gz");
    let mut routes = BTreeMap::new();
    for i in 0..p.samples.len() {
        for l in p.samples.labels(i) {
            if let LabelValue::Str(v) = l.value {
                *routes
                    .entry((p.str(l.key).to_string(), p.str(v).to_string()))
                    .or_insert(0) += p.samples.value(i, 0);
            }
        }
    }
    assert_eq!(
        routes.get(&("route".to_string(), "/api/orders".to_string())),
        Some(&2)
    );
}

/// Groups of identical stacks (function names, leaf first) → goroutine count.
fn groups(p: &Profile) -> BTreeMap<Vec<String>, i64> {
    let frames = FrameTable::new(p, Granularity::Functions);
    let mut g = BTreeMap::new();
    for i in 0..p.samples.len() {
        let mut names: Vec<String> = frames
            .stack_root_first(p.samples.stack(i))
            .map(|f| frames.name(f).to_string())
            .collect();
        names.reverse();
        *g.entry(names).or_insert(0) += p.samples.value(i, 0);
    }
    g
}

#[test]
fn goroutine_dumps_count_and_group_like_the_runtime() {
    let d1 = load("pprof/goroutine.debug1.txt");
    let d2 = load("pprof/goroutine.debug2.txt");
    assert_eq!(d1.sample_type_name(0), "goroutine");
    // The dump's own totals: the debug=1 header and the number of blocks.
    let text1 =
        std::fs::read_to_string(common::data_dir().join("pprof/goroutine.debug1.txt")).unwrap();
    assert!(text1.starts_with("goroutine profile: total 161\n"));
    assert_eq!(d1.sum(0), 161);
    let text2 =
        std::fs::read_to_string(common::data_dir().join("pprof/goroutine.debug2.txt")).unwrap();
    let blocks = text2
        .lines()
        .filter(|l| l.starts_with("goroutine ") && l.ends_with("]:"))
        .count();
    assert_eq!(blocks, 161);
    assert_eq!(d2.sum(0), 161);

    // Same moment, same groups — except that debug=1 cuts stacks at 32
    // frames while debug=2 goes to 100, so the one deep goroutine's stack
    // differs in length, and the goroutine that wrote the dump differs in
    // its writer frames (`writeGoroutine` vs `writeGoroutineStacks`).
    let g1 = groups(&d1);
    let g2 = groups(&d2);
    let short = |g: &BTreeMap<Vec<String>, i64>| -> BTreeMap<Vec<String>, i64> {
        g.iter()
            .filter(|(k, _)| {
                !k.iter()
                    .any(|f| f == "main.deep" || f.starts_with("runtime/pprof.write"))
            })
            .map(|(k, v)| (k.clone(), *v))
            .collect()
    };
    assert_eq!(short(&g1), short(&g2));
    assert!(short(&g1).len() >= 12, "{:?}", g1.keys());
}

#[test]
fn goroutine_debug2_keeps_state_and_wait_labels() {
    let p = load("pprof/goroutine.debug2.txt");
    let state = p.strings.find("state").unwrap();
    let mut by_state: BTreeMap<String, i64> = BTreeMap::new();
    for i in 0..p.samples.len() {
        for l in p.samples.labels(i) {
            if let (true, LabelValue::Str(v)) = (l.key == state, l.value) {
                *by_state.entry(p.str(v).to_string()).or_insert(0) += 1;
            }
        }
    }
    // Counted from the dump with grep/uniq: 107 `[chan receive]`, 20 `[chan send]`.
    assert_eq!(by_state.get("chan receive"), Some(&107));
    assert_eq!(by_state.get("chan send"), Some(&20));
    assert_eq!(by_state.get("chan receive, locked to thread"), Some(&1));
}

#[test]
fn crash_traceback_with_panic_header_is_read() {
    let dump = "panic: runtime error: invalid memory address or nil pointer dereference\n\
[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f2a3]\n\
\n\
goroutine 1 [running]:\n\
main.(*Server).handle(0x0, {0xc000012345, 0x5})\n\
\t/src/main.go:42 +0x23\n\
main.main()\n\
\t/src/main.go:10 +0x1d\n\
\n\
goroutine 18 [chan receive, 3 minutes]:\n\
main.worker(0xc00001c0c0)\n\
\t/src/main.go:20 +0x3c\n\
created by main.main in goroutine 1\n\
\t/src/main.go:9 +0x45\n";
    let p = formats::read_profile(dump.as_bytes()).unwrap();
    assert_eq!(p.sum(0), 2);
    let g = groups(&p);
    assert_eq!(
        g.get(&vec![
            "main.(*Server).handle".to_string(),
            "main.main".to_string()
        ]),
        Some(&1)
    );
    assert_eq!(g.get(&vec!["main.worker".to_string()]), Some(&1));
    let wait = p.strings.find("wait").unwrap();
    assert!(p
        .samples
        .labels(1)
        .iter()
        .any(|l| l.key == wait && matches!(l.value, LabelValue::Num { value: 3, .. })));
}

#[test]
fn legacy_text_profiles_have_pprofs_totals_and_real_names() {
    // pprof, without the binary, shows one `<unknown>` node; its total and
    // type are the reference, the names are ours on purpose.
    for (file, reference) in [
        ("pprof/heap.debug1.txt", "heap.debug1.top.txt"),
        ("pprof/mutex.debug1.txt", "mutex.debug1.top.txt"),
        ("pprof/block.debug1.txt", "block.debug1.top.txt"),
        ("pprof/goroutine.debug1.txt", "goroutine.debug1.top.txt"),
    ] {
        let want = common::reference(reference);
        let want_type = want.lines().next().unwrap();
        // "Showing nodes accounting for X, Y% of TOTAL total" → "TOTAL total".
        let total_of = |text: &str| {
            text.lines()
                .nth(1)
                .unwrap()
                .rsplit(" of ")
                .next()
                .unwrap()
                .to_string()
        };
        let want_total = total_of(&want);
        let got = common::stdout_ok(&["top", "-n", "30", file]);
        assert_eq!(got.lines().next().unwrap(), want_type, "{file}");
        let got_total = total_of(&got);
        // pprof picks the unit from its single node; compare the raw totals instead
        // when the units differ.
        if got_total != want_total {
            let p = load(file);
            let idx = perftui::profile::select::sample_index(
                &p,
                None,
                perftui::profile::select::WhenEmpty::KeepPprofs,
            )
            .unwrap()
            .index;
            let unit = p.sample_type_unit(idx).to_string();
            assert_eq!(
                perftui::report::units::label(p.total(idx), &unit),
                want_total.trim_end_matches(" total"),
                "{file}"
            );
        }
        assert!(!got.contains("<unknown>"), "{file}:\n{got}");
    }
    let heap = common::stdout_ok(&["top", "-n", "3", "pprof/heap.debug1.txt"]);
    assert!(heap.contains("main.buildCache"), "{heap}");
    let mutex = common::stdout_ok(&["top", "-n", "3", "pprof/mutex.debug1.txt"]);
    assert!(mutex.contains("sync.(*Mutex).Unlock"), "{mutex}");
}

#[test]
fn folded_stacks_round_trip() {
    let folded = common::stdout_ok(&["fold", "pprof/cpu_before.pb.gz"]);
    let p = formats::read_profile(folded.as_bytes()).unwrap();
    let orig = load("pprof/cpu_before.pb.gz");
    assert_eq!(p.sum(0), orig.sum(1));
    // Same flat/cum per function in both.
    let fa = FrameTable::new(&p, Granularity::Functions);
    let fb = FrameTable::new(&orig, Granularity::Functions);
    let a = flat_cum(&p, &fa, 0);
    let b = flat_cum(&orig, &fb, 1);
    let by_name = |t: &FrameTable, v: &[i64]| -> BTreeMap<String, i64> {
        (0..t.len() as u32)
            .map(|f| (t.name(f).to_string(), v[f as usize]))
            .filter(|x| x.1 != 0)
            .collect()
    };
    assert_eq!(by_name(&fa, &a.cum), by_name(&fb, &b.cum));
    assert_eq!(by_name(&fa, &a.flat), by_name(&fb, &b.flat));
}

#[test]
fn perf_script_is_collapsed_with_inferno() {
    let p = load("perf/cpuparse.perf-script.txt");
    assert_eq!(p.sample_type_name(0), "cpu");
    assert_eq!(p.sample_type_unit(0), "nanoseconds");
    let text =
        std::fs::read_to_string(common::data_dir().join("perf/cpuparse.perf-script.txt")).unwrap();
    // Each sample's header line carries its cpu-clock period in ns.
    let period_sum: i64 = text
        .lines()
        .filter(|l| l.contains(" cpu-clock:"))
        .filter_map(|l| {
            l.split(" cpu-clock:")
                .next()?
                .split_whitespace()
                .last()?
                .parse::<i64>()
                .ok()
        })
        .sum();
    assert_eq!(p.sum(0), period_sum);
    let out = common::stdout_ok(&["top", "-n", "3", "perf/cpuparse.perf-script.txt"]);
    assert!(out.contains("runtime.mallocgc"), "{out}");
}

#[test]
fn detection_is_by_content_not_name() {
    // A gzipped profile under a .txt name, and a text dump under a .pb.gz name.
    let dir = std::env::temp_dir().join(format!("perftui-detect-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        common::data_dir().join("pprof/cpu_before.pb.gz"),
        dir.join("profile.txt"),
    )
    .unwrap();
    std::fs::copy(
        common::data_dir().join("pprof/goroutine.debug2.txt"),
        dir.join("dump.pb.gz"),
    )
    .unwrap();
    assert_eq!(
        formats::load_file(&dir.join("profile.txt"))
            .unwrap()
            .sample_type_name(1),
        "cpu"
    );
    assert_eq!(
        formats::load_file(&dir.join("dump.pb.gz")).unwrap().sum(0),
        161
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fractional_folded_counts_are_kept_exactly() {
    // flamegraph.pl keeps fractions (inferno cuts them): ten lines of 0.1
    // add up to exactly 1, and every report shows the fractions.
    let dir = common::TempDir::new("fractional-folded");
    let f = dir.0.join("ms.folded");
    let mut text = String::from("main;parse 1.5\nmain;parse;lex 0.25\nmain;write 2\n");
    for _ in 0..10 {
        text.push_str("main;tick 0.1\n");
    }
    std::fs::write(&f, &text).unwrap();
    let path = f.to_str().unwrap();
    let top = common::stdout_ok(&["top", path]);
    assert!(
        top.contains("Showing nodes accounting for 4.75, 100% of 4.75 total"),
        "{top}"
    );
    assert!(
        top.contains("      1.50 31.58% 73.68%       1.75 36.84%  parse"),
        "{top}"
    );
    assert!(top.contains("         1 21.05%"), "{top}");
    // Folded out as the decimals it was read from.
    let fold = common::stdout_ok(&["fold", path]);
    assert_eq!(
        fold,
        "main;parse 1.5\nmain;parse;lex 0.25\nmain;tick 1\nmain;write 2\n"
    );
    // The SVG counts hundredths, so no frame is rounded to whole samples.
    let svg = dir.0.join("ms.svg");
    common::stdout_ok(&["flamegraph", path, "-o", svg.to_str().unwrap()]);
    let svg = std::fs::read_to_string(svg).unwrap();
    assert!(
        svg.contains("<title>lex (25 samples×1e-2, 5.26%)</title>"),
        "{svg}"
    );
}
