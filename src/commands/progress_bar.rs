//! The progress bar on stderr: what `crate::progress` reports, drawn with
//! indicatif once a step has taken [`crate::progress::SHOW_AFTER`], only when stderr is a
//! terminal (never in pipes, files or tests), and cleared before a screen
//! takes the terminal.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::progress::Shown;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How often the bar is brought up to date.
const TICK: Duration = Duration::from_millis(100);

/// The bar's thread, while it runs.
static RUNNING: Mutex<Option<(Arc<AtomicBool>, std::thread::JoinHandle<()>)>> = Mutex::new(None);

/// Starts drawing the progress of long steps on stderr, when it is a
/// terminal.
pub fn start() {
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        return;
    }
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let thread = std::thread::spawn(move || draw_until(&flag));
    *RUNNING.lock().unwrap_or_else(|e| e.into_inner()) = Some((stop, thread));
}

/// Stops drawing and clears the bar (before a screen takes the terminal,
/// and at the end).
pub fn stop() {
    let running = RUNNING.lock().unwrap_or_else(|e| e.into_inner()).take();
    if let Some((stop, thread)) = running {
        stop.store(true, Ordering::Relaxed);
        // Wakes it from its tick at once: a sleep there held every start
        // of the explorer up to a tick (100 ms) after the profile was read.
        thread.thread().unpark();
        let _ = thread.join();
    }
}

fn draw_until(stop: &AtomicBool) {
    // The bar, and whether its size is known.
    let mut bar: Option<(ProgressBar, bool)> = None;
    let mut shown = Shown::default();
    while !stop.load(Ordering::Relaxed) {
        let current = crate::progress::current();
        let running = current.is_some();
        match shown.observe(current, Instant::now()) {
            Some(step) => {
                // A new step may differ in whether its size is known.
                let sized = step.total > 0;
                if bar.as_ref().is_some_and(|(_, s)| *s != sized) {
                    if let Some((b, _)) = bar.take() {
                        b.finish_and_clear();
                    }
                }
                let (b, _) = bar.get_or_insert_with(|| (new_bar(sized), sized));
                if sized {
                    b.set_length(step.total);
                    b.set_position(step.done.min(step.total));
                } else {
                    b.set_position(step.done);
                }
                b.set_message(crate::error::escape_controls(&step.what));
            }
            // A new step not shown yet: the last bar stays until it is.
            None if running => {}
            None => {
                if let Some((b, _)) = bar.take() {
                    b.finish_and_clear();
                }
            }
        }
        std::thread::park_timeout(TICK);
    }
    if let Some((b, _)) = bar {
        b.finish_and_clear();
    }
}

/// A bar of a known size (a percentage), or a count of bytes so far.
fn new_bar(sized: bool) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(sized.then_some(1), ProgressDrawTarget::stderr());
    let template = if sized {
        "perftui: {msg} [{bar:30}] {percent:>3}% {elapsed}"
    } else {
        "perftui: {msg} {bytes} {elapsed}"
    };
    let style = ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar
}
