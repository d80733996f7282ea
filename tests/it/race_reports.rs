//! Go race-detector reports: a real `go test -race` run of
//! tests/data/src/racy (Go 1.26.8), three races in two tests.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

const FILE: &str = "race/racy.go-test-race.txt";

#[test]
fn each_race_counts_its_two_accesses() {
    let text = std::fs::read_to_string(common::data_dir().join(FILE)).unwrap();
    let races = text.lines().filter(|l| *l == "WARNING: DATA RACE").count();
    assert_eq!(races, 3);
    let top = common::stdout_ok(&["top", "--nodefraction", "0", FILE]);
    assert!(top.starts_with("Type: races\n"), "{top}");
    assert!(top.contains(&format!("of {} total", 2 * races)), "{top}");
    // bump is one side of both counter races and the other side of one.
    assert!(
        top.contains(
            "         3 50.00% 50.00%          3 50.00%  perftui.test/racy.(*counter).bump\n"
        ),
        "{top}"
    );
    let tags = common::stdout_ok(&["tags", FILE]);
    assert!(tags.contains(" access: Total 6.0\n         2.0 (33.33%): previous read\n         2.0 (33.33%): write\n"), "{tags}");
}

#[test]
fn a_race_s_stack_keeps_files_and_lines() {
    let traces = common::stdout_ok(&["traces", "--granularity", "lines", FILE]);
    assert!(
        traces.contains("perftui.test/racy.store /work/main/tests/data/src/racy/racy_test.go:37"),
        "{traces}"
    );
}
