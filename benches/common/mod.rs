//! What the benchmarks share: the profiles they run on.

use std::path::{Path, PathBuf};

/// The in-repo large real profile, and the 1M-sample synthetic one from
/// `../shared/corpus/` when present (skipped with a message otherwise).
#[allow(dead_code)]
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

/// The screen size the explorer benchmarks draw at.
pub const W: u16 = 160;
/// See [`W`].
pub const H: u16 = 48;

/// Runs an explorer's first job in place and sizes it to the screen.
#[allow(dead_code)]
pub fn ready(
    mut app: perftui::explorer::App,
    job: perftui::explorer::Job,
) -> perftui::explorer::App {
    use perftui::explorer::{run_sync, update_sync, Msg};
    run_sync(&mut app, vec![job]);
    update_sync(
        &mut app,
        Msg::Resize {
            width: W,
            height: H,
        },
    );
    app
}

/// An explorer as it is at its first frame: sized to the screen, its
/// first analysis (partial on a large profile) installed, and the jobs
/// that come after the first frame (the whole flame tree's completion) not
/// run, as while the worker is still on them.
#[allow(dead_code)]
pub fn at_first_frame(mut app: perftui::explorer::App) -> perftui::explorer::App {
    use perftui::explorer::{update, Msg};
    let _ = update(
        &mut app,
        Msg::Resize {
            width: W,
            height: H,
        },
    );
    let first = app.analysis_job().run();
    let _after_first_frame = update(&mut app, first);
    app
}

/// One full redraw.
#[allow(dead_code)]
pub fn draw(app: &perftui::explorer::App) -> ratatui::buffer::Buffer {
    let area = ratatui::layout::Rect::new(0, 0, W, H);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    perftui::ui::render(app, area, &mut buf);
    buf
}

/// One keystroke as the event loop does it: update, then redraw. Jobs the
/// key starts are not run (they run on the worker, off the input path).
#[allow(dead_code)]
pub fn keystroke(
    app: &mut perftui::explorer::App,
    action: perftui::explorer::Action,
) -> ratatui::buffer::Buffer {
    let _jobs = perftui::explorer::update(app, perftui::explorer::Msg::Action(action));
    draw(app)
}
