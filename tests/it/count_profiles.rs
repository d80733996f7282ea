//! `threadcreate` profiles, debug=1: a real one of Go 1.26.8
//! (tests/data/src/threadcreate, with its protobuf twin), and pprof's own
//! legacy test file (`../shared/peers/pprof-testdata/go.godoc.thread`,
//! read in place) against pprof's parse of it (`.string`) and `go tool
//! pprof -top`.

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
    let p = common::data_dir()
        .join("../../../shared/peers/pprof-testdata")
        .join(name);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "skipping: {} is absent (the workspace's peers folder)",
            p.display()
        );
        None
    }
}

#[test]
fn pprof_s_threadcreate_test_file_reads_as_pprof_reads_it() {
    let Some(file) = peer("go.godoc.thread") else {
        return;
    };
    let file = file.to_str().unwrap();
    // pprof's parse: samples as `value: location ids`, locations as ids
    // with their addresses (each one less than the file's, as pprof reads
    // return addresses).
    let string = std::fs::read_to_string(format!("{file}.string")).unwrap();
    let mut addresses = std::collections::BTreeMap::new();
    let mut samples = Vec::new();
    let mut section = "";
    for line in string.lines() {
        match line.trim() {
            "Samples:" | "Locations" | "Mappings" => section = line.trim(),
            l if section == "Samples:" && l.contains(':') => {
                let (v, ids) = l.split_once(':').unwrap();
                samples.push((
                    v.trim().to_string(),
                    ids.split_whitespace()
                        .map(str::to_string)
                        .collect::<Vec<_>>(),
                ));
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
            format!(
                "{v} {}",
                ids.iter()
                    .map(|i| addresses[i].as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        })
        .collect();
    let p = perftui::formats::load_file(std::path::Path::new(file)).unwrap();
    let got: Vec<String> = (0..p.samples.len())
        .map(|i| {
            let stack: Vec<String> = p
                .samples
                .stack(i)
                .iter()
                .map(|&l| format!("{:#x}", p.locations[l as usize].address))
                .collect();
            format!("{} {}", p.samples.values(i)[0], stack.join(" "))
        })
        .collect();
    assert_eq!(got, want);
    assert_eq!(p.sample_type_name(0), "threadcreate");
    if let Some(go) = common::go119() {
        let out = std::process::Command::new(go)
            .args(["tool", "pprof", "-top", file])
            .env("TZ", "UTC")
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            common::stdout_ok(&["top", file])
        );
    }
}
