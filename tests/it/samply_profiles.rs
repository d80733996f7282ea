//! Firefox Profiler profiles as samply saves them (a real recording made
//! here: tests/data/samply, how in tests/data/README.md), named from the
//! symbols samply saved beside them, checked against the file's own
//! samples and symbol tables.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::io::Read;

use crate::common;

fn json(rel: &str) -> serde_json::Value {
    let raw = std::fs::read(common::data_dir().join(rel)).unwrap();
    let mut text = String::new();
    if rel.ends_with(".gz") {
        flate2::read::GzDecoder::new(&raw[..])
            .read_to_string(&mut text)
            .unwrap();
    } else {
        text = String::from_utf8(raw).unwrap();
    }
    serde_json::from_str(&text).unwrap()
}

/// The file's own answer: each sample's leaf frame, looked up in samply's
/// symbols by its library and address; and the CPU time of the samples.
fn leaf_samples() -> (BTreeMap<String, i64>, i64, i64) {
    let p = json("samply/work.json.gz");
    let syms = json("samply/work.json.syms.json");
    let strings = syms["string_table"].as_array().unwrap();
    let mut want: BTreeMap<String, i64> = BTreeMap::new();
    let (mut samples, mut cpu_micros) = (0, 0.0);
    for t in p["threads"].as_array().unwrap() {
        let s = &t["samples"];
        for (i, stack) in s["stack"].as_array().unwrap().iter().enumerate() {
            let Some(stack) = stack.as_u64() else {
                continue;
            };
            let frame = t["stackTable"]["frame"][stack as usize].as_u64().unwrap() as usize;
            let address = t["frameTable"]["address"][frame].as_u64().unwrap();
            let func = t["frameTable"]["func"][frame].as_u64().unwrap() as usize;
            let resource = t["funcTable"]["resource"][func].as_u64().unwrap() as usize;
            let lib = t["resourceTable"]["lib"][resource].as_u64().unwrap() as usize;
            let code_id = &p["libs"][lib]["codeId"];
            let lib_syms = syms["data"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| &d["code_id"] == code_id)
                .unwrap();
            let index = lib_syms["known_addresses"]
                .as_array()
                .unwrap()
                .iter()
                .find(|pair| pair[0].as_u64() == Some(address))
                .unwrap()[1]
                .as_u64()
                .unwrap() as usize;
            let symbol = lib_syms["symbol_table"][index]["symbol"].as_u64().unwrap() as usize;
            *want
                .entry(strings[symbol].as_str().unwrap().to_string())
                .or_default() += 1;
            samples += 1;
            cpu_micros += s["threadCPUDelta"][i].as_f64().unwrap_or(0.0);
        }
    }
    (want, samples, (cpu_micros * 1000.0).round() as i64)
}

#[test]
fn samply_samples_are_named_from_the_symbols_beside_them() {
    let (want, samples, cpu) = leaf_samples();
    assert!(samples > 1000 && want["mix"] > samples / 2, "{want:?}");
    let rows = common::top_rows("samply/work.json.gz", "samples");
    let flat: BTreeMap<String, i64> = rows
        .iter()
        .filter(|r| r.0 != 0)
        .map(|(f, _, n)| (n.clone(), *f))
        .collect();
    assert_eq!(flat, want);
    // The whole call chain is named: main and the functions under it.
    let cum = |name: &str| rows.iter().find(|r| r.2 == name).unwrap().1;
    assert!(cum("main") > samples * 99 / 100);
    assert!(cum("hash_items") >= want["mix"]);
    assert_eq!(rows.iter().map(|r| r.0).sum::<i64>(), samples);
    let cpu_total: i64 = common::top_rows("samply/work.json.gz", "cpu")
        .iter()
        .map(|r| r.0)
        .sum();
    assert_eq!(cpu_total, cpu);
    let tags = common::stdout_ok(&["tags", "samply/work.json.gz"]);
    assert!(tags.contains("perfwork ("), "{tags}");
}

#[test]
fn without_its_symbols_a_samply_profile_shows_addresses_and_says_why() {
    let dir = common::TempDir::new("samply-alone");
    let alone = dir.0.join("work.json.gz");
    std::fs::copy(common::data_dir().join("samply/work.json.gz"), &alone).unwrap();
    let out = common::perftui(&["top", "--nodefraction", "0", alone.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        format!(
            "perftui: warning: {}: native frames are addresses in their libraries (no symbols beside the profile): record with samply's --unstable-presymbolicate, or open the profile in samply and save it symbolicated\n",
            alone.display()
        )
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(" perfwork+0x"), "{text}");
    assert!(!text.contains(" mix\n"), "{text}");
    // A broken symbol file is named, not ignored.
    std::fs::write(dir.0.join("work.json.syms.json"), "{").unwrap();
    let out = common::perftui(&["top", alone.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with(&format!(
            "perftui: {}: malformed profile: the symbol file beside it: line 1: column 1: EOF",
            alone.display()
        )) && err.lines().count() == 1,
        "{err}"
    );
}

#[test]
fn a_raw_gecko_profile_is_refused_with_what_to_do() {
    common::assert_malformed(
        "raw.json",
        r#"{"meta":{"version":24,"interval":1},"libs":[],"threads":[{"name":"GeckoMain","samples":{"schema":{"stack":0,"time":1},"data":[]},"stackTable":{"schema":{"prefix":0,"frame":1},"data":[]}}]}"#,
        "a raw Gecko profile: open it in profiler.firefox.com and save it there to read it",
    );
}

#[test]
fn a_samply_profile_cut_anywhere_reads_or_is_one_line_refused() {
    let raw = std::fs::read(common::data_dir().join("samply/work.json.gz")).unwrap();
    let mut data = Vec::new();
    flate2::read::GzDecoder::new(&raw[..])
        .read_to_end(&mut data)
        .unwrap();
    for cut in (0..data.len()).step_by(data.len() / 89) {
        match perftui::formats::read_profile(&data[..cut]) {
            Ok(p) => assert!(!p.sample_types.is_empty(), "cut at {cut}"),
            Err(e) => assert_eq!(e.to_string().lines().count(), 1, "cut at {cut}: {e}"),
        }
    }
}
