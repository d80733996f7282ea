//! Helpers shared by the integration tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `tests/data`: the corpus files and reference outputs the tests use.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// The shared corpus, present on the developers' machines and in CI but
/// not in a user's clone.
pub fn shared_corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    p.is_dir().then_some(p)
}

/// Runs the perftui binary in `dir` with `args`.
pub fn perftui_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_perftui"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run perftui")
}

/// Runs perftui in `tests/data`, so file names print as the reference
/// tools printed them (`pprof/cpu_before.pb.gz`).
pub fn perftui(args: &[&str]) -> Output {
    perftui_in(&data_dir(), args)
}

/// Reads a reference output.
pub fn reference(name: &str) -> String {
    std::fs::read_to_string(data_dir().join("reference").join(name))
        .unwrap_or_else(|e| panic!("reference {name}: {e}"))
}

/// Stdout of a successful run.
pub fn stdout_ok(args: &[&str]) -> String {
    let out = perftui(args);
    assert!(
        out.status.success(),
        "perftui {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}
