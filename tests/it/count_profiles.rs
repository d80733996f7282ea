//! Legacy profiles without symbols: `threadcreate` debug=1 (a real
//! one of Go 1.26.8 from tests/data/src/threadcreate, with its protobuf
//! twin), and pprof's own legacy test files (threadcreate, Go heap, C++
//! heap with a memory map, gperftools CPU, contention and growth;
//! `../shared/peers/pprof-testdata`, read in
//! place) against pprof's parse of each (`.string`) and `go tool pprof
//! -top`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use crate::common;

#[test]
fn a_threadcreate_profile_counts_threads_with_names() {
    let top = common::stdout_ok(&["top", "pprof/threadcreate.debug1.txt"]);
    assert!(
        top.starts_with("Type: threadcreate\nShowing nodes accounting for 5, 100% of 5 total\n"),
        "{top}"
    );
    // The protobuf of the same moment: 5 threads, one created from main.pinned.
    let rows = common::top_rows("pprof/threadcreate.pb.gz", "threadcreate");
    let text = common::top_rows("pprof/threadcreate.debug1.txt", "threadcreate");
    let cum =
        |rows: &[(i64, i64, String)], name: &str| rows.iter().find(|r| r.2 == name).unwrap().1;
    assert_eq!(cum(&text, "main.pinned"), cum(&rows, "main.pinned"));
    assert_eq!(text.iter().map(|r| r.0).sum::<i64>(), 5);
}

fn peer(name: &str) -> Option<PathBuf> {
    common::peer(&format!("pprof-testdata/{name}"))
}

/// Reads a file of pprof's legacy test data and checks it against pprof's
/// own parse of it (`NAME.string`: each sample's values and its locations'
/// addresses) and, where Go 1.19 is here, `go tool pprof -top`.
fn reads_as_pprof_does(name: &str, sample_type: &str) {
    let Some(file) = peer(name) else {
        return;
    };
    let file = file.to_str().unwrap();
    let string = std::fs::read_to_string(format!("{file}.string")).unwrap();
    let mut addresses = std::collections::BTreeMap::new();
    let mut samples = Vec::new();
    let mut section = "";
    for line in string.lines() {
        match line.trim() {
            "Samples:" | "Locations" | "Mappings" => section = line.trim(),
            l if section == "Samples:" => {
                let Some((v, ids)) = l.split_once(':') else {
                    continue;
                };
                if v.split_whitespace().any(|w| w.parse::<i64>().is_err()) {
                    continue; // a label line, `bytes:[9216]`
                }
                let ids: Vec<String> = ids.split_whitespace().map(str::to_string).collect();
                samples.push((v.split_whitespace().collect::<Vec<_>>().join(" "), ids));
            }
            l if section == "Locations" => {
                let mut w = l.split_whitespace();
                let id = w.next().unwrap().trim_end_matches(':').to_string();
                addresses.insert(id, w.next().unwrap().to_string());
            }
            _ => {}
        }
    }
    let want: Vec<String> = samples
        .iter()
        .map(|(v, ids)| {
            let a: Vec<&str> = ids.iter().map(|i| addresses[i].as_str()).collect();
            format!("{v} {}", a.join(" "))
        })
        .collect();
    assert!(!want.is_empty(), "{name}.string has no samples");
    let p = perftui::formats::load_file(std::path::Path::new(file)).unwrap();
    let got: Vec<String> = (0..p.samples.len())
        .map(|i| {
            let values: Vec<String> = p.samples.values(i).iter().map(i64::to_string).collect();
            let stack: Vec<String> = p
                .samples
                .stack(i)
                .iter()
                .map(|&l| format!("{:#x}", p.locations[l as usize].address))
                .collect();
            format!("{} {}", values.join(" "), stack.join(" "))
        })
        .collect();
    assert_eq!(got, want, "{name}");
    assert_eq!(p.sample_type_name(0), sample_type);
    if let Some(go) = common::go119() {
        let out = std::process::Command::new(go)
            .args(["tool", "pprof", "-top", file])
            .env("TZ", "UTC")
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            common::stdout_ok(&["top", file]),
            "{name}"
        );
    }
}

#[test]
fn pprof_s_threadcreate_test_file_reads_as_pprof_reads_it() {
    reads_as_pprof_does("go.godoc.thread", "threadcreate");
}

#[test]
fn legacy_heap_profiles_without_symbols_read_as_pprof_reads_them() {
    // Go's heap profile with addresses only, and the C++ heap format with
    // a `--- Memory map:` section naming the binaries.
    reads_as_pprof_does("gobench.heap", "alloc_objects");
    reads_as_pprof_does("cppbench.heap", "objects");
}

#[test]
fn gperftools_cpu_profiles_read_as_pprof_reads_them() {
    // Binary words: C++ with a /proc/self/maps after the records, and Go's
    // before 1.9 without one. The signal handler's frame goes as in pprof.
    reads_as_pprof_does("cppbench.cpu", "samples");
    reads_as_pprof_does("gobench.cpu", "samples");
    reads_as_pprof_does("go.crc32.cpu", "samples");
}

#[test]
fn gperftools_contention_and_growth_profiles_read_as_pprof_reads_them() {
    reads_as_pprof_does("cppbench.contention", "contentions");
    reads_as_pprof_does("cppbench.growth", "objects");
}

#[test]
fn gperftools_profiles_made_here_top_as_pprof_tops_them() {
    // A real CPU profile (binary words, then /proc/self/maps) and a real
    // tcmalloc heap dump, of tests/data/src/perfwork.
    for (file, args, reference) in [
        (
            "gperftools/perfwork.prof",
            &[][..],
            "gperftools-perfwork.prof.top.txt",
        ),
        (
            "gperftools/perfwork.heap",
            &[],
            "gperftools-perfwork.heap.top.txt",
        ),
        (
            "gperftools/perfwork.heap",
            &["--sample-index", "alloc_space"],
            "gperftools-perfwork.heap.top.sample_index=alloc_space.txt",
        ),
    ] {
        let mut argv = vec!["top"];
        argv.extend_from_slice(args);
        argv.push(file);
        assert_eq!(
            common::stdout_ok(&argv),
            common::reference(reference),
            "{file} {args:?}"
        );
    }
    // 95 samples of 10ms: the 950ms of pprof's total.
    let rows = common::top_rows("gperftools/perfwork.prof", "samples");
    assert_eq!(rows.iter().map(|r| r.0).sum::<i64>(), 95);
}

#[test]
fn every_cut_of_a_gperftools_cpu_profile_reads_or_is_refused_in_one_line() {
    let data = std::fs::read(common::data_dir().join("gperftools/perfwork.prof")).unwrap();
    for n in (1..data.len()).step_by(3) {
        match perftui::formats::read_profile(&data[..n]) {
            Ok(p) => assert!(p.samples.len() <= 95, "{n}"),
            Err(e) => {
                let e = e.to_string();
                assert_eq!(e.lines().count(), 1, "{n}: {e}");
            }
        }
    }
}
