//! The diff explorer's budgets (criterion): time to first frame of
//! `perftui diff` (both loads, `diff_base`, the drawn part of the union
//! tree and the delta table, one draw), to the whole union tree, and the
//! cost of a keystroke (update + full redraw).
//!
//! `cargo bench --bench diff`. The corpus before/after pair always runs;
//! the 1M-sample pair runs when `benches/synthdiff/gen.sh` has written
//! `target/synth/after.pb.gz` (it needs Go and `../shared/corpus`) and is
//! skipped with a message otherwise.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::Duration;

mod common;

use common::{at_first_frame, draw, keystroke, ready};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use perftui::explorer::{update_sync, Action, App, Msg, View};

fn pairs() -> Vec<(String, PathBuf, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut v = vec![(
        "cpu_before_after".to_string(),
        root.join("tests/data/pprof/cpu_before.pb.gz"),
        root.join("tests/data/pprof/cpu_after.pb.gz"),
    )];
    let before = root.join("../shared/corpus/pprof/cpu_large_synthetic.pb.gz");
    let after = root.join("target/synth/after.pb.gz");
    if before.is_file() && after.is_file() {
        v.push(("synthetic_1m_pair".to_string(), before, after));
    } else {
        eprintln!(
            "skipping the 1M-sample pair: run benches/synthdiff/gen.sh first \
             (needs Go and ../shared/corpus)"
        );
    }
    v
}

/// The explorer of the pair, at its first frame or with every background
/// job done (`whole`).
fn open(before: &[u8], after: &[u8], whole: bool) -> App {
    let (b, a) = std::thread::scope(|s| {
        let b = s.spawn(|| perftui::formats::read_profile(before).unwrap());
        (
            b.join().unwrap(),
            perftui::formats::read_profile(after).unwrap(),
        )
    });
    let merged = perftui::profile::merge::diff_base(a, b, false).unwrap();
    let (app, job) = App::new_diff(
        merged,
        "before".into(),
        "after".into(),
        None,
        Default::default(),
    )
    .unwrap();
    if whole {
        ready(app, job)
    } else {
        at_first_frame(app)
    }
}

fn bench(c: &mut Criterion) {
    for (name, before, after) in pairs() {
        let (b, a) = (
            std::fs::read(&before).unwrap(),
            std::fs::read(&after).unwrap(),
        );
        let mut g = c.benchmark_group(format!("diff/{name}"));
        g.sample_size(10).measurement_time(Duration::from_secs(15));
        g.bench_function("open_to_first_frame", |bn| {
            bn.iter(|| draw(&open(&b, &a, false)))
        });
        g.bench_function("open_to_whole_tree", |bn| {
            bn.iter(|| draw(&open(&b, &a, true)))
        });
        let app = open(&b, &a, true);
        let mut side = app.clone();
        update_sync(&mut side, Msg::Action(Action::Show(View::SideBySide)));
        g.sample_size(30).measurement_time(Duration::from_secs(5));
        g.bench_function("redraw_diff_flame", |bn| bn.iter(|| draw(&app)));
        g.bench_function("redraw_side_by_side", |bn| bn.iter(|| draw(&side)));
        for (label, start, action) in [
            ("key_down", &app, Action::Down),
            ("key_right", &app, Action::Right),
            ("key_zoom", &app, Action::Activate),
            ("key_end", &app, Action::End),
            ("key_mode", &app, Action::DiffMode),
            ("key_delta_table", &app, Action::Show(View::Top)),
            ("key_side_by_side", &app, Action::Show(View::SideBySide)),
            ("key_down_side_by_side", &side, Action::Down),
        ] {
            g.bench_function(label, |bn| {
                bn.iter_batched(
                    || start.clone(),
                    |mut a| keystroke(&mut a, action),
                    BatchSize::LargeInput,
                )
            });
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
