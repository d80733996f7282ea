//! Broken files: exit status 1, one line `perftui: <file>: <what>`, no panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::perftui;

/// Every broken .pb.gz of the corpus that must be rejected, with a word the
/// message must contain.
const REJECT: &[(&str, &str)] = &[
    (
        "bad/bad_string_index.pb.gz",
        "string index 9999 out of range",
    ),
    ("bad/bad_location_id.pb.gz", "location id 42"),
    ("bad/bad_function_id.pb.gz", "function id 77"),
    (
        "bad/bad_value_count.pb.gz",
        "has 1 values but the profile has 2 sample types",
    ),
    ("bad/bad_string_table0.pb.gz", "string_table[0]"),
    ("bad/bad_truncated_proto.pb.gz", "truncated"),
    ("bad/bad_wire_type.pb.gz", "wire type 7"),
    ("bad/truncated_gzip.pb.gz", "truncated gzip stream"),
    ("bad/bad_gzip_crc.pb.gz", "gzip checksum mismatch"),
    ("bad/gzip_of_random_bytes.pb.gz", "not a pprof profile"),
    ("bad/random_bytes.pb.gz", "not a pprof profile"),
    ("bad/empty.pb.gz", "empty file"),
];

#[test]
fn broken_profiles_give_one_line_and_status_1() {
    // Every profile subcommand, the broken file last (AFTER, for the diffs).
    for (file, what) in REJECT {
        for cmd in [
            &["top"][..],
            &["fold"],
            &["open", "--snapshot", "80x24"],
            &["flamegraph", "-o", "-"],
            &["diff", "--snapshot", "80x24", "pprof/cpu_before.pb.gz"],
            &["flamegraph", "--diff-base", "pprof/cpu_before.pb.gz"],
        ] {
            let mut args = cmd.to_vec();
            args.push(file);
            let out = perftui(&args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{cmd:?} {file}: {err}");
            assert!(out.stdout.is_empty(), "{file}: printed output");
            assert_eq!(err.lines().count(), 1, "{file}: {err}");
            let prefix = format!("perftui: {file}: ");
            assert!(err.starts_with(&prefix), "{file}: {err}");
            assert!(err.contains(what), "{file}: expected {what:?} in {err}");
            assert!(!err.contains("panicked"), "{file}: {err}");
        }
    }
}

#[test]
fn the_two_valid_ones_load() {
    for file in [
        "bad/control_minimal_valid.pb.gz",
        "bad/bad_mapping_id.pb.gz",
    ] {
        let out = perftui(&["top", file]);
        assert!(out.status.success(), "{file}");
    }
}

#[test]
fn every_file_of_the_shared_bad_folder_is_handled() {
    let Some(corpus) = common::shared_corpus() else {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    };
    for entry in std::fs::read_dir(corpus.join("bad")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "gz") {
            let name = format!("bad/{}", path.file_name().unwrap().to_string_lossy());
            let out = common::perftui_in(&corpus, &["top", &name]);
            let ok = [
                "bad/control_minimal_valid.pb.gz",
                "bad/bad_mapping_id.pb.gz",
            ]
            .contains(&name.as_str());
            assert_eq!(out.status.success(), ok, "{name}");
            if !ok {
                assert_eq!(out.status.code(), Some(1), "{name}");
                assert_eq!(
                    String::from_utf8_lossy(&out.stderr).lines().count(),
                    1,
                    "{name}"
                );
            }
        }
    }
}

#[test]
fn missing_file_and_directory_name_the_problem() {
    let out = perftui(&["top", "no/such/file.pb.gz"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "perftui: no/such/file.pb.gz: no such file\n"
    );
    let out = perftui(&["top", "pprof"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "perftui: pprof: is a directory\n"
    );
}

#[test]
fn every_prefix_of_a_real_profile_fails_cleanly_or_loads() {
    // A half-written file (as seen mid-write in watch mode) must never panic.
    let data = std::fs::read(common::data_dir().join("pprof/cpu_before.pb")).unwrap();
    for cut in (0..data.len()).step_by(97) {
        let r = perftui::formats::read_profile(&data[..cut]);
        if cut == 0 {
            assert!(r.is_err());
        }
    }
    let gz = std::fs::read(common::data_dir().join("pprof/cpu_before.pb.gz")).unwrap();
    for cut in (1..gz.len()).step_by(101) {
        assert!(
            perftui::formats::read_profile(&gz[..cut]).is_err(),
            "cut at {cut}"
        );
    }
}
