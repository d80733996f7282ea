//! DHAT heap profiles made here (tests/data/README.md): the dhat crate in
//! tests/data/src/dhatrs and `valgrind --tool=dhat` on the perfwork
//! program, checked against the totals each tool printed when it wrote
//! the file, and against what the programs allocate.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

/// perftui's (flat, cum, name) rows for one sample type.
fn rows(file: &str, ty: &str) -> Vec<(i64, i64, String)> {
    common::top_rows(file, ty)
}

fn total(file: &str, ty: &str) -> i64 {
    rows(file, ty).iter().map(|r| r.0).sum()
}

/// `Total: 3,374,616 bytes in 2,054 blocks` and the t-gmax and t-end lines.
fn totals(reference: &str) -> Vec<(i64, i64)> {
    common::reference(reference)
        .lines()
        .map(|l| {
            let n: Vec<i64> = l
                .split_whitespace()
                .filter_map(|w| w.replace(',', "").parse().ok())
                .collect();
            (n[0], n[1])
        })
        .collect()
}

fn check(file: &str, reference: &str) {
    let want = totals(reference);
    assert_eq!(want.len(), 3);
    for (i, prefix) in ["total", "gmax", "end"].iter().enumerate() {
        assert_eq!(
            total(file, &format!("{prefix}_bytes")),
            want[i].0,
            "{file} {prefix}"
        );
        assert_eq!(
            total(file, &format!("{prefix}_blocks")),
            want[i].1,
            "{file} {prefix}"
        );
    }
}

#[test]
fn the_dhat_crate_s_profile_has_its_own_totals() {
    let file = "dhat/dhatrs.dhat.json";
    check(file, "dhatrs.dhat-totals.txt");
    // scratch_buffers allocates fifty 64 KiB vectors (the program printed 3276800).
    let r = rows(file, "total_bytes");
    assert_eq!(
        r.iter()
            .find(|r| r.2 == "dhatrs::scratch_buffers")
            .unwrap()
            .1,
        3_276_800
    );
}

#[test]
fn valgrind_s_dhat_profile_has_its_own_totals() {
    let file = "dhat/perfwork.valgrind-dhat.json";
    check(file, "perfwork.valgrind-dhat-totals.txt");
    // touch_pages: 150 rounds of 8 one-MiB blocks.
    let r = rows(file, "total_blocks");
    assert_eq!(r.iter().find(|r| r.2 == "touch_pages").unwrap().1, 1200);
    let top = common::stdout_ok(&["top", file]);
    assert!(top.starts_with("Type: total_bytes\n"), "{top}");
}
