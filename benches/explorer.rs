//! The explorer's budgets (criterion): time to first frame, the cost of a
//! keystroke (update + full redraw), and the background search and filter.
//!
//! `cargo bench --bench explorer`. The 1M-sample synthetic profile is read
//! from `../shared/corpus/` when present; without it only the in-repo
//! profile runs, with a message.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

mod common;

use common::{at_first_frame, draw, files, keystroke, ready};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use perftui::explorer::analysis::FilterKind;
use perftui::explorer::{Action, App};

fn open(gz: &[u8]) -> App {
    let p = perftui::formats::read_profile(gz).unwrap();
    let (app, job) = App::new(p, "bench".into(), None, Default::default()).unwrap();
    ready(app, job)
}

fn bench(c: &mut Criterion) {
    let focus = perftui::goregex::compile("Write|parse").unwrap();
    for (name, path) in files() {
        let gz = std::fs::read(&path).unwrap();
        let mut g = c.benchmark_group(format!("explorer/{name}"));
        g.sample_size(10).measurement_time(Duration::from_secs(10));
        g.bench_function("open_to_first_frame", |b| b.iter(|| draw(&open(&gz))));

        let app = open(&gz);
        g.sample_size(50).measurement_time(Duration::from_secs(5));
        g.bench_function("redraw_flame", |b| b.iter(|| draw(&app)));
        for (label, action) in [
            ("key_down", Action::Down),
            ("key_right", Action::Right),
            ("key_zoom", Action::Activate),
            ("key_end", Action::End),
            ("key_top_view", Action::Show(perftui::explorer::View::Top)),
        ] {
            g.bench_function(label, |b| {
                b.iter_batched(
                    || app.clone(),
                    |mut a| keystroke(&mut a, action),
                    BatchSize::LargeInput,
                )
            });
        }
        // The same keys while the whole flame tree is still being built in
        // the background: on the first, partial tree (the 1M-sample
        // profile's), with the completion running on both cores.
        let p = perftui::formats::read_profile(&gz).unwrap();
        let (first, _) = App::new(p, "bench".into(), None, Default::default()).unwrap();
        let first = at_first_frame(first);
        let busy = std::sync::atomic::AtomicBool::new(true);
        std::thread::scope(|scope| {
            for _ in 0..2 {
                scope.spawn(|| {
                    while busy.load(std::sync::atomic::Ordering::Relaxed) {
                        let _ = perftui::explorer::analysis::analyze(
                            &app.profile,
                            app.sample_index,
                            &[],
                            Default::default(),
                            false,
                        );
                    }
                });
            }
            for (label, action) in [
                ("during_completion/key_down", Action::Down),
                ("during_completion/key_right", Action::Right),
                ("during_completion/key_zoom", Action::Activate),
            ] {
                g.bench_function(label, |b| {
                    b.iter_batched(
                        || first.clone(),
                        |mut a| keystroke(&mut a, action),
                        BatchSize::LargeInput,
                    )
                });
            }
            busy.store(false, std::sync::atomic::Ordering::Relaxed);
        });
        // Background work: how long until the result replaces the view.
        let analysis = app.analysis.clone().unwrap();
        let re = perftui::explorer::analysis::compile_search("Write|parse").unwrap();
        g.sample_size(10).measurement_time(Duration::from_secs(8));
        g.bench_function("search_job", |b| {
            b.iter(|| perftui::explorer::analysis::search(&analysis, &re))
        });
        let step = perftui::explorer::analysis::FilterStep::names(FilterKind::Focus, focus.clone());
        g.bench_function("focus_filter_job", |b| {
            b.iter(|| {
                perftui::explorer::analysis::analyze(
                    &app.profile,
                    app.sample_index,
                    std::slice::from_ref(&step),
                    Default::default(),
                    false,
                )
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
