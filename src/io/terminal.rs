//! The interactive loop: one channel of events (input, job results), one
//! `update` per event, one draw per batch of events.

use std::io;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;
use ratatui::DefaultTerminal;

use crate::app::bench::{self as benchview, BenchApp, BenchMsg};
use crate::app::keymap;
use crate::app::runs::{self as runsview, RunsApp, RunsMsg};
use crate::app::{update, App, Job, Msg};

/// What arrives on the event channel.
enum Incoming {
    /// Terminal input.
    Input(Event),
    /// A background job of the view of this epoch finished.
    Done(u64, Msg),
    /// The input thread could not read the terminal.
    InputError(io::Error),
    /// A watched input of the view of this epoch changed, or its refresh
    /// timer fired.
    Changed(u64),
    /// The file watcher of the view of this epoch failed.
    WatchFailed(u64, String),
    /// A benchmark reload of the view of this epoch finished.
    BenchReloaded(u64, BenchMsg),
}

/// The one event channel of a terminal session. Views shown one after
/// another (a run summary, then a diff, then the summary again) share it,
/// since one thread reads the terminal; each view has its own epoch so
/// that a late job result of a closed view is dropped.
struct Events {
    tx: Sender<Incoming>,
    rx: Receiver<Incoming>,
    epoch: u64,
}

impl Events {
    fn new() -> Self {
        let (tx, rx) = mpsc::channel::<Incoming>();
        spawn_input(tx.clone());
        Events { tx, rx, epoch: 0 }
    }
}

/// Starts what `--watch` needs for the view of `epoch`: a watcher of its
/// files and, with `--every`, a timer. Both report on the event channel
/// and stop when the returned guard is dropped (the timer at its next tick).
fn start_watching(
    events: &Events,
    epoch: u64,
    files: &[std::path::PathBuf],
    every: Option<Duration>,
) -> (Option<super::watch::FileWatcher>, Option<TimerGuard>) {
    let watcher = if files.is_empty() {
        None
    } else {
        let tx = events.tx.clone();
        let on_event = move |ev: super::watch::WatchEvent| {
            let _ = tx.send(match ev {
                super::watch::WatchEvent::Changed(_) => Incoming::Changed(epoch),
                super::watch::WatchEvent::Error(e) => Incoming::WatchFailed(epoch, e),
            });
        };
        match super::watch::FileWatcher::new(files, super::watch::DEBOUNCE, on_event) {
            Ok(w) => Some(w),
            Err(e) => {
                let _ = events.tx.send(Incoming::WatchFailed(epoch, e));
                None
            }
        }
    };
    let timer = every.map(|period| {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (tx, flag) = (events.tx.clone(), std::sync::Arc::clone(&stop));
        thread::spawn(move || loop {
            thread::sleep(period);
            if flag.load(std::sync::atomic::Ordering::Relaxed)
                || tx.send(Incoming::Changed(epoch)).is_err()
            {
                return;
            }
        });
        TimerGuard(stop)
    });
    (watcher, timer)
}

/// Stops a refresh timer when dropped.
struct TimerGuard(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl Drop for TimerGuard {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Two clicks on the same cell within this time are a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// Runs the explorer until the user quits. The terminal is restored on
/// every way out, panics included (ratatui's hook, extended to turn mouse
/// capture off).
pub fn run(app: App, first: Job) -> io::Result<()> {
    with_terminal(|mut terminal| event_loop(&mut terminal, &mut Events::new(), app, first))
}

/// Runs the benchmark view until the user quits.
pub fn run_bench(app: BenchApp) -> io::Result<()> {
    with_terminal(|mut terminal| bench_loop(&mut terminal, &mut Events::new(), app).map(|_| ()))
}

/// Loads the view of a run pair: a profile diff focused on a benchmark's
/// function when given a benchmark name.
pub type OpenPair<'a> = dyn Fn(&crate::runs::RunPair, Option<&str>) -> Result<Opened, String> + 'a;

/// A view opened from the run summary.
pub enum Opened {
    /// A benchmark comparison.
    Bench(Box<BenchApp>),
    /// A profile diff, with its first job.
    Profile(Box<App>, Job),
}

/// Runs the run-directory summary until the user quits; `open` loads the
/// view of a pair (a profile diff focused on a benchmark's function when
/// it is given one). Each opened view returns to the summary when it quits;
/// a benchmark comparison can ask for the runs' CPU or memory profile diff
/// instead.
pub fn run_runs(app: RunsApp, open: &OpenPair<'_>) -> io::Result<()> {
    with_terminal(|mut terminal| {
        let mut events = Events::new();
        let mut app = app;
        loop {
            runs_loop(&mut terminal, &mut events, &mut app)?;
            if app.quit {
                return Ok(());
            }
            // Each opened view returns here; a benchmark comparison may ask
            // for a profile diff next, which `update` turns into a request.
            while let Some(runsview::Request::Pair(i, focus)) = app.request.take() {
                let Some(pair) = app.pairs.get(i) else {
                    break;
                };
                match open(pair, focus.as_deref()) {
                    Ok(Opened::Bench(b)) => {
                        let b = bench_loop(&mut terminal, &mut events, *b)?;
                        if let Some((kind, benchmark)) = b.open_profile {
                            runsview::update(&mut app, RunsMsg::OpenKind(kind, benchmark));
                        }
                    }
                    Ok(Opened::Profile(a, job)) => event_loop(&mut terminal, &mut events, *a, job)?,
                    Err(e) => runsview::update(&mut app, RunsMsg::Failed(e)),
                }
            }
        }
    })
}

fn runs_loop(
    terminal: &mut DefaultTerminal,
    events: &mut Events,
    app: &mut RunsApp,
) -> io::Result<()> {
    app.quit = false;
    let size = terminal.size()?;
    runsview::update(
        app,
        RunsMsg::Resize {
            width: size.width,
            height: size.height,
        },
    );
    loop {
        terminal.draw(|f| {
            let area = f.area();
            crate::ui::runs::render(app, area, f.buffer_mut());
        })?;
        let Ok(first) = events.rx.recv() else {
            return Ok(());
        };
        for incoming in std::iter::once(first).chain(events.rx.try_iter()) {
            let msg = match incoming {
                Incoming::Input(Event::Key(k)) if k.kind != KeyEventKind::Release => {
                    runsview::key_to_msg(app, k)
                }
                Incoming::Input(Event::Mouse(m)) => match m.kind {
                    MouseEventKind::Down(MouseButton::Left) => Some(RunsMsg::Click { row: m.row }),
                    _ => None,
                },
                Incoming::Input(Event::Resize(width, height)) => {
                    Some(RunsMsg::Resize { width, height })
                }
                Incoming::Input(_)
                | Incoming::Done(..)
                | Incoming::Changed(_)
                | Incoming::WatchFailed(..)
                | Incoming::BenchReloaded(..) => None,
                Incoming::InputError(e) => return Err(e),
            };
            if let Some(msg) = msg {
                runsview::update(app, msg);
            }
            if app.quit || app.request.is_some() {
                return Ok(());
            }
        }
    }
}

/// Sets the terminal up, runs `body`, and restores the terminal however
/// `body` ends, panics included.
fn with_terminal(body: impl FnOnce(DefaultTerminal) -> io::Result<()>) -> io::Result<()> {
    let terminal = ratatui::init();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        ratatui::restore();
        previous(info);
    }));
    let _ = execute!(io::stdout(), EnableMouseCapture);
    let result = body(terminal);
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}

fn spawn_input(tx: Sender<Incoming>) {
    thread::spawn(move || loop {
        let ev = match event::read() {
            Ok(ev) => Incoming::Input(ev),
            Err(e) => Incoming::InputError(e),
        };
        let stop = matches!(ev, Incoming::InputError(_));
        if tx.send(ev).is_err() || stop {
            return;
        }
    });
}

/// The worker: runs jobs one at a time; of several waiting jobs of a kind
/// only the newest runs (a search typed letter by letter runs once for
/// the last letter if the worker was busy).
fn spawn_worker(jobs: Receiver<Job>, tx: Sender<Incoming>, epoch: u64) {
    thread::spawn(move || {
        while let Ok(first) = jobs.recv() {
            let mut batch = vec![first];
            batch.extend(jobs.try_iter());
            let mut newest: Vec<Job> = Vec::new();
            for job in batch.into_iter().rev() {
                if !newest.iter().any(|j| j.kind() == job.kind()) {
                    newest.push(job);
                }
            }
            for job in newest.into_iter().rev() {
                if tx.send(Incoming::Done(epoch, job.run())).is_err() {
                    return;
                }
            }
        }
    });
}

struct Clicks {
    last: Option<(u16, u16, Instant)>,
}

impl Clicks {
    fn msg(&mut self, col: u16, row: u16) -> Msg {
        let now = Instant::now();
        let double = matches!(self.last, Some((c, r, t)) if c == col && r == row && now.duration_since(t) < DOUBLE_CLICK);
        if double {
            self.last = None;
            Msg::DoubleClick { col, row }
        } else {
            self.last = Some((col, row, now));
            Msg::Click { col, row }
        }
    }
}

fn to_msg(app: &App, ev: Event, clicks: &mut Clicks) -> Option<Msg> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            keymap::key_to_msg(&app.mode, app.view, k)
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(clicks.msg(m.column, m.row)),
            MouseEventKind::ScrollDown => Some(Msg::Scroll { down: true }),
            MouseEventKind::ScrollUp => Some(Msg::Scroll { down: false }),
            _ => None,
        },
        Event::Resize(width, height) => Some(Msg::Resize { width, height }),
        _ => None,
    }
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    events: &mut Events,
    mut app: App,
    first: Job,
) -> io::Result<()> {
    events.epoch += 1;
    let epoch = events.epoch;
    let (job_tx, job_rx) = mpsc::channel::<Job>();
    spawn_worker(job_rx, events.tx.clone(), epoch);
    let _watching = match &app.watch {
        Some(w) => start_watching(events, epoch, &w.source.files(), w.every),
        None => (None, None),
    };
    let _ = job_tx.send(first);
    let size = terminal.size()?;
    let mut pending = update(
        &mut app,
        Msg::Resize {
            width: size.width,
            height: size.height,
        },
    );
    let mut clicks = Clicks { last: None };
    // The end-to-end tests check that a panic restores the terminal.
    let test_panic = std::env::var_os("PERFTUI_TEST_PANIC").is_some();
    loop {
        for job in pending.drain(..) {
            let _ = job_tx.send(job);
        }
        terminal.draw(|f| crate::ui::draw(f, &app))?;
        if test_panic && app.analysis.is_some() {
            panic!("PERFTUI_TEST_PANIC is set: panicking on purpose");
        }
        let Ok(first) = events.rx.recv() else {
            return Ok(());
        };
        // Apply everything that is waiting before drawing again, so a burst
        // of keys or wheel events costs one frame.
        for incoming in std::iter::once(first).chain(events.rx.try_iter()) {
            let msg = match incoming {
                Incoming::Input(ev) => to_msg(&app, ev, &mut clicks),
                Incoming::Done(e, msg) => (e == epoch).then_some(msg),
                Incoming::Changed(e) => (e == epoch).then_some(Msg::SourceChanged),
                Incoming::WatchFailed(e, err) => (e == epoch).then(|| Msg::Reloaded {
                    generation: app.watch.as_ref().map_or(0, |w| w.generation),
                    result: Err(format!("watching the files: {err}")),
                    at: String::new(),
                }),
                Incoming::BenchReloaded(..) => None,
                Incoming::InputError(e) => return Err(e),
            };
            if let Some(msg) = msg {
                pending.extend(update(&mut app, msg));
            }
            if app.quit {
                return Ok(());
            }
        }
    }
}

/// Renders one frame of `app` (after its background work) as text, for
/// scripts, documentation and the time-to-first-frame benchmark.
pub fn snapshot(app: &mut App, first: Job, width: u16, height: u16) -> String {
    crate::app::run_sync(app, vec![first]);
    crate::app::update_sync(app, Msg::Resize { width, height });
    let area = Rect::new(0, 0, width, height);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    crate::ui::render(app, area, &mut buf);
    buffer_text(&buf)
}

/// The symbols of a buffer, one line per row, trailing blanks trimmed.
pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        for x in area.left()..area.right() {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Runs the benchmark view until it quits; returns it (for what it asked
/// to open next).
fn bench_loop(
    terminal: &mut DefaultTerminal,
    events: &mut Events,
    mut app: BenchApp,
) -> io::Result<BenchApp> {
    events.epoch += 1;
    let epoch = events.epoch;
    let _watching = match &app.watch {
        Some(w) => {
            let files: Vec<std::path::PathBuf> = crate::bench::formats::inputs(&w.files)
                .into_iter()
                .map(|i| i.path)
                .collect();
            start_watching(events, epoch, &files, w.every)
        }
        None => (None, None),
    };
    let size = terminal.size()?;
    benchview::update(
        &mut app,
        BenchMsg::Resize {
            width: size.width,
            height: size.height,
        },
    );
    loop {
        if let (Some(generation), Some(w)) = (app.reload_request.take(), &app.watch) {
            let (tx, files) = (events.tx.clone(), w.files.clone());
            thread::spawn(move || {
                let result = crate::runs::bench_tables_settled(&files)
                    .map(|t| benchview::NewTables(std::sync::Arc::new(t)));
                let at = crate::app::job::clock_utc(std::time::SystemTime::now());
                let _ = tx.send(Incoming::BenchReloaded(
                    epoch,
                    BenchMsg::Reloaded {
                        generation,
                        result,
                        at,
                    },
                ));
            });
        }
        terminal.draw(|f| {
            let area = f.area();
            crate::ui::bench::render(&app, area, f.buffer_mut());
        })?;
        let Ok(first) = events.rx.recv() else {
            return Ok(app);
        };
        for incoming in std::iter::once(first).chain(events.rx.try_iter()) {
            let msg = match incoming {
                Incoming::Input(Event::Key(k)) if k.kind != KeyEventKind::Release => {
                    benchview::key_to_msg(&app.mode, k)
                }
                Incoming::Input(Event::Mouse(m)) => match m.kind {
                    MouseEventKind::Down(MouseButton::Left) => Some(BenchMsg::Click { row: m.row }),
                    MouseEventKind::ScrollDown => Some(BenchMsg::Move(3)),
                    MouseEventKind::ScrollUp => Some(BenchMsg::Move(-3)),
                    _ => None,
                },
                Incoming::Input(Event::Resize(width, height)) => {
                    Some(BenchMsg::Resize { width, height })
                }
                Incoming::Changed(e) => (e == epoch).then_some(BenchMsg::SourceChanged),
                Incoming::BenchReloaded(e, msg) => (e == epoch).then_some(msg),
                Incoming::WatchFailed(e, err) => (e == epoch).then(|| BenchMsg::Reloaded {
                    generation: app.watch.as_ref().map_or(0, |w| w.generation),
                    result: Err(format!("watching the files: {err}")),
                    at: String::new(),
                }),
                Incoming::Input(_) | Incoming::Done(..) => None,
                Incoming::InputError(e) => return Err(e),
            };
            if let Some(msg) = msg {
                benchview::update(&mut app, msg);
            }
            if app.quit {
                return Ok(app);
            }
        }
    }
}

/// One frame of the run summary as text (`--snapshot`).
pub fn runs_snapshot(app: &mut RunsApp, width: u16, height: u16) -> String {
    runsview::update(app, RunsMsg::Resize { width, height });
    let area = Rect::new(0, 0, width, height);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    crate::ui::runs::render(app, area, &mut buf);
    buffer_text(&buf)
}

/// One frame of the benchmark view as text (`--snapshot`).
pub fn bench_snapshot(app: &mut BenchApp, width: u16, height: u16) -> String {
    benchview::update(app, BenchMsg::Resize { width, height });
    let area = Rect::new(0, 0, width, height);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    crate::ui::bench::render(app, area, &mut buf);
    buffer_text(&buf)
}
