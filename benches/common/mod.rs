//! What the benchmarks share: the profiles they run on.

use std::path::{Path, PathBuf};

/// The in-repo large real profile, and the 1M-sample synthetic one from
/// `../shared/corpus/` when present (skipped with a message otherwise).
pub fn files() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut v = vec![(
        "cpu_large_real".to_string(),
        root.join("tests/data/pprof/cpu_large_real.pb.gz"),
    )];
    let synth = root.join("../shared/corpus/pprof/cpu_large_synthetic.pb.gz");
    if synth.is_file() {
        v.push(("cpu_large_synthetic".to_string(), synth));
    } else {
        eprintln!("skipping cpu_large_synthetic: ../shared/corpus is absent");
    }
    v
}
