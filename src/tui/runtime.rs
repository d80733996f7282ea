//! The one event loop of every interactive command, and the one terminal
//! set-up and tear-down.
//!
//! One channel carries everything that happens: terminal input, job
//! results, file changes. The loop offers each event to a screen of the
//! stack (input to the top one; a job result or a change to the screen it
//! belongs to), carries out the effects its `update` returns, and draws the
//! top screen once per batch of events, so a burst of keys costs one frame.
//!
//! Signals come on the same channel (`signal-hook`): SIGTERM, SIGHUP,
//! SIGINT and SIGQUIT restore the terminal and end the program with the
//! conventional status (128 + the signal); SIGTSTP (and Ctrl-Z, which raw
//! mode turns into a key) restores it and stops, and SIGCONT enters it again
//! and redraws everything, as `less` and `htop` do.

use std::io;
use std::sync::mpsc::{self, Sender};
use std::thread;
use std::time::{Duration, Instant};

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event as TermEvent, KeyEventKind, MouseButton, MouseEventKind,
};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{enable_raw_mode, EnterAlternateScreen};
use ratatui::layout::Rect;
use ratatui::DefaultTerminal;
use signal_hook::consts::signal::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};

use super::jobs::Runner;
use super::watching::{self, Report, Watching};
use super::{Done, Effect, Event, Input, Screen};

/// What arrives on the event channel.
enum Incoming {
    /// Terminal input.
    Terminal(TermEvent),
    /// The input thread could not read the terminal.
    InputError(io::Error),
    /// A job of screen `id` finished.
    Done(u64, Done),
    /// Screen `id`'s watched inputs changed (or watching failed).
    Watch(u64, Report),
    /// A signal arrived.
    Signal(i32),
    /// The background work to show on the bottom row changed (`None`: no
    /// more).
    Progress(Option<crate::progress::Step>),
}

/// Two clicks on the same cell within this time are a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// How the runtime draws.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Draw without colours (`NO_COLOR`).
    pub no_color: bool,
}

impl Options {
    /// The options the environment asks for: no colours when `NO_COLOR` is
    /// set to anything non-empty (no-color.org).
    pub fn from_env() -> Self {
        Options {
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        }
    }
}

/// A screen on the stack, with what watches its inputs.
struct Entry {
    id: u64,
    screen: Box<dyn Screen>,
    _watching: Option<Watching>,
}

/// The stack of screens and what serves them.
struct Stack {
    entries: Vec<Entry>,
    next_id: u64,
    tx: Sender<Incoming>,
    runner: Runner,
    size: (u16, u16),
    /// Editors to run once this batch of events is handled (the loop owns
    /// the terminal, so it runs them).
    edit_requests: Vec<(u64, super::EditorCommand)>,
}

/// What the loop should do after carrying out effects.
#[derive(PartialEq, Eq)]
enum Flow {
    Go,
    Stop,
}

impl Stack {
    fn push(&mut self, mut screen: Box<dyn Screen>) -> Flow {
        self.next_id += 1;
        let id = self.next_id;
        let watching = screen.watch().map(|spec| {
            let tx = self.tx.clone();
            watching::start(&spec, move |r| tx.send(Incoming::Watch(id, r)).is_ok())
        });
        let (width, height) = self.size;
        let mut effects = screen.handle(Event::Input(Input::Resize { width, height }));
        effects.extend(screen.start());
        self.entries.push(Entry {
            id,
            screen,
            _watching: watching,
        });
        self.apply(id, effects)
    }

    fn deliver(&mut self, id: u64, event: Event) -> Flow {
        let Some(e) = self.entries.iter_mut().find(|e| e.id == id) else {
            // A late result for a screen that was closed.
            return Flow::Go;
        };
        let effects = e.screen.handle(event);
        self.apply(id, effects)
    }

    fn apply(&mut self, id: u64, effects: Vec<Effect>) -> Flow {
        for effect in effects {
            let flow = match effect {
                Effect::Spawn(job) => {
                    self.runner.spawn(id, job);
                    Flow::Go
                }
                Effect::Push(screen) => self.push(screen),
                Effect::Replace(screen) => {
                    self.entries.retain(|e| e.id != id);
                    return self.push(screen);
                }
                Effect::Close => {
                    self.entries.retain(|e| e.id != id);
                    if self.entries.is_empty() {
                        Flow::Stop
                    } else {
                        // The screen below may have missed a resize.
                        let (width, height) = self.size;
                        let top = self.entries.last().map_or(0, |e| e.id);
                        self.deliver(top, Event::Input(Input::Resize { width, height }))
                    }
                }
                Effect::Quit => Flow::Stop,
                Effect::Edit(command) => {
                    self.edit_requests.push((id, command));
                    Flow::Go
                }
                Effect::Palette(p) => {
                    let ids: Vec<u64> = self
                        .entries
                        .iter()
                        .map(|e| e.id)
                        .filter(|&e| e != id)
                        .collect();
                    let mut flow = Flow::Go;
                    for other in ids {
                        if self.deliver(other, Event::Palette(p)) == Flow::Stop {
                            flow = Flow::Stop;
                        }
                    }
                    flow
                }
            };
            if flow == Flow::Stop {
                return Flow::Stop;
            }
        }
        Flow::Go
    }

    fn top(&self) -> Option<&Entry> {
        self.entries.last()
    }
}

/// Runs `first` (and whatever it opens) until the user quits. The terminal
/// is restored on every way out, panics and signals included; a
/// terminating signal then ends the process with status 128 + its number.
pub fn run(first: Box<dyn Screen>, options: Options) -> io::Result<()> {
    if let Some(signal) = run_until_signal(first, options)? {
        std::process::exit(128 + signal);
    }
    Ok(())
}

/// Runs `first` as [`run`] does, but a terminating signal is returned (with
/// the terminal restored) rather than ending the process: for a caller
/// that must clean up first (`perftui run` kills its benchmarks and
/// removes its worktree).
pub fn run_until_signal(first: Box<dyn Screen>, options: Options) -> io::Result<Ended> {
    let (tx, rx) = mpsc::channel::<Incoming>();
    let signals = spawn_signals(tx.clone())?;
    let ended = with_terminal(|mut terminal| event_loop(&mut terminal, tx, rx, first, options));
    signals.close();
    ended
}

/// What ended the loop: the user (`None`) or a terminating signal.
pub type Ended = Option<i32>;

fn event_loop(
    terminal: &mut DefaultTerminal,
    tx: Sender<Incoming>,
    rx: mpsc::Receiver<Incoming>,
    first: Box<dyn Screen>,
    options: Options,
) -> io::Result<Ended> {
    spawn_input(tx.clone());
    spawn_progress(tx.clone());
    let done_tx = tx.clone();
    let runner = Runner::start(move |id, done| done_tx.send(Incoming::Done(id, done)).is_ok());
    let size = terminal.size()?;
    let mut stack = Stack {
        entries: Vec::new(),
        next_id: 0,
        tx,
        runner,
        size: (size.width, size.height),
        edit_requests: Vec::new(),
    };
    if stack.push(first) == Flow::Stop {
        return Ok(None);
    }
    let mut clicks = Clicks { last: None };
    // Long background work, drawn over the top screen's bottom row.
    let mut progress: Option<crate::progress::Step> = None;
    // The end-to-end tests check that a panic restores the terminal.
    let test_panic = std::env::var_os("PERFTUI_TEST_PANIC").is_some();
    loop {
        let Some(top) = stack.top() else {
            return Ok(None);
        };
        terminal.draw(|f| {
            let area = f.area();
            draw(top.screen.as_ref(), area, f.buffer_mut(), options);
            if let Some(step) = &progress {
                crate::ui::widgets::progress_line::render(step, area, f.buffer_mut());
                if options.no_color {
                    crate::ui::theme::strip_colors(f.buffer_mut());
                }
            }
        })?;
        if test_panic && top.screen.ready() {
            panic!("PERFTUI_TEST_PANIC is set: panicking on purpose");
        }
        let Ok(first) = rx.recv() else {
            return Ok(None);
        };
        for incoming in std::iter::once(first).chain(rx.try_iter()) {
            let flow = match incoming {
                Incoming::Terminal(TermEvent::Key(k)) if is_suspend(k) => {
                    suspend(terminal)?;
                    Flow::Go
                }
                Incoming::Signal(SIGTSTP) => {
                    suspend(terminal)?;
                    Flow::Go
                }
                Incoming::Signal(SIGCONT) => {
                    // Stopped from outside (SIGSTOP) and continued: the
                    // screen may hold anything now.
                    terminal.clear()?;
                    Flow::Go
                }
                Incoming::Signal(signal) => return Ok(Some(signal)),
                Incoming::Terminal(ev) => match to_input(ev, &mut clicks) {
                    Some(input) => {
                        if let Input::Resize { width, height } = input {
                            stack.size = (width, height);
                        }
                        let top = stack.top().map_or(0, |e| e.id);
                        stack.deliver(top, Event::Input(input))
                    }
                    None => Flow::Go,
                },
                Incoming::InputError(e) => return Err(e),
                Incoming::Progress(step) => {
                    progress = step;
                    Flow::Go
                }
                Incoming::Done(id, done) => stack.deliver(id, Event::Done(done)),
                Incoming::Watch(id, Report::Changed) => stack.deliver(id, Event::SourceChanged),
                Incoming::Watch(id, Report::Failed(e)) => stack.deliver(id, Event::WatchFailed(e)),
                Incoming::Watch(id, Report::Lost(e)) => stack.deliver(id, Event::WatchLost(e)),
                Incoming::Watch(id, Report::Resumed) => stack.deliver(id, Event::WatchResumed),
            };
            if flow == Flow::Stop {
                return Ok(None);
            }
            for (id, command) in std::mem::take(&mut stack.edit_requests) {
                let result = run_editor(terminal, &command)?;
                if stack.deliver(id, Event::Edited(result)) == Flow::Stop {
                    return Ok(None);
                }
            }
        }
    }
}

/// Gives the terminal to `command` until it exits, then takes it back and
/// redraws everything. The editor's failure is the screen's to tell; only
/// failing to take the terminal back ends perftui.
fn run_editor(
    terminal: &mut DefaultTerminal,
    command: &super::EditorCommand,
) -> io::Result<Result<(), String>> {
    leave_terminal();
    // `sh -c '$EDITOR "$@"'`, as git runs editors: the variable may hold
    // flags, the file name is passed untouched.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{} \"$@\"", command.command))
        .arg("perftui-editor")
        .args(&command.args)
        .status();
    enter_terminal(terminal)?;
    Ok(match status {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("{} exited with {s}", command.command)),
        Err(e) => Err(format!("could not run {}: {e}", command.command)),
    })
}

/// Ctrl-Z: raw mode delivers it as a key, not as SIGTSTP.
fn is_suspend(k: event::KeyEvent) -> bool {
    k.code == KeyCode::Char('z')
        && k.modifiers.contains(KeyModifiers::CONTROL)
        && k.kind != KeyEventKind::Release
}

/// Gives the terminal back, stops the process as SIGTSTP's default would,
/// and once continued takes the terminal again and redraws it all.
fn suspend(terminal: &mut DefaultTerminal) -> io::Result<()> {
    leave_terminal();
    signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
    enter_terminal(terminal)
}

/// Takes the terminal again after [`leave_terminal`] and redraws it all.
fn enter_terminal(terminal: &mut DefaultTerminal) -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    terminal.hide_cursor()?;
    terminal.clear()
}

/// Mouse reporting and bracketed paste off, raw mode off, the main screen
/// and the cursor back: what every way out does.
fn leave_terminal() {
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        ratatui::crossterm::cursor::Show
    );
    ratatui::restore();
}

/// Reports the signals the runtime handles on the event channel; the
/// returned handle stops that.
fn spawn_signals(tx: Sender<Incoming>) -> io::Result<signal_hook::iterator::Handle> {
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT])?;
    let handle = signals.handle();
    thread::spawn(move || {
        for signal in signals.forever() {
            if tx.send(Incoming::Signal(signal)).is_err() {
                return;
            }
        }
    });
    Ok(handle)
}

/// Draws a screen, then takes the colours out when asked to.
pub fn draw(screen: &dyn Screen, area: Rect, buf: &mut Buffer, options: Options) {
    screen.render(area, buf);
    if options.no_color {
        crate::ui::theme::strip_colors(buf);
    }
}

/// Sets the terminal up, runs `body`, and restores the terminal however
/// `body` ends, panics included (ratatui's hook, extended to turn mouse
/// capture and bracketed paste off).
fn with_terminal<T>(body: impl FnOnce(DefaultTerminal) -> io::Result<T>) -> io::Result<T> {
    let terminal = ratatui::init();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave_terminal();
        previous(info);
    }));
    // A paste arrives as one event, not as thousands of key presses.
    let _ = execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let result = body(terminal);
    leave_terminal();
    result
}

/// How often the bottom row's progress is brought up to date.
const PROGRESS_TICK: Duration = Duration::from_millis(100);

/// Watches the process's steps of work ([`crate::progress`]) and reports
/// each change of what to show, until the loop is gone.
fn spawn_progress(tx: Sender<Incoming>) {
    thread::spawn(move || {
        let mut shown = crate::progress::Shown::default();
        let mut last: Option<crate::progress::Step> = None;
        loop {
            let now = shown.observe(crate::progress::current(), Instant::now());
            if now != last {
                last.clone_from(&now);
                if tx.send(Incoming::Progress(now)).is_err() {
                    return;
                }
            }
            thread::sleep(PROGRESS_TICK);
        }
    });
}

fn spawn_input(tx: Sender<Incoming>) {
    thread::spawn(move || loop {
        let ev = match event::read() {
            Ok(ev) => Incoming::Terminal(ev),
            Err(e) => Incoming::InputError(e),
        };
        let stop = matches!(ev, Incoming::InputError(_));
        if tx.send(ev).is_err() || stop {
            return;
        }
    });
}

/// Tells double clicks from single ones.
struct Clicks {
    last: Option<(u16, u16, Instant)>,
}

impl Clicks {
    fn click(&mut self, col: u16, row: u16) -> Input {
        let now = Instant::now();
        let double = matches!(self.last, Some((c, r, t)) if c == col && r == row && now.duration_since(t) < DOUBLE_CLICK);
        self.last = if double { None } else { Some((col, row, now)) };
        Input::Click { col, row, double }
    }
}

fn to_input(ev: TermEvent, clicks: &mut Clicks) -> Option<Input> {
    match ev {
        TermEvent::Key(k) if k.kind != KeyEventKind::Release => Some(Input::Key(k)),
        TermEvent::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(clicks.click(m.column, m.row)),
            MouseEventKind::ScrollDown => Some(Input::Scroll { down: true }),
            MouseEventKind::ScrollUp => Some(Input::Scroll { down: false }),
            _ => None,
        },
        TermEvent::Resize(width, height) => Some(Input::Resize { width, height }),
        TermEvent::Paste(text) => Some(Input::Paste(text)),
        _ => None,
    }
}

/// Carries out `effects` of `screen` in place, jobs included, until none
/// is left: the state a user sees once the background work is done. Screens
/// it opens are returned, in order (for tests and `--snapshot`).
pub fn settle(screen: &mut dyn Screen, effects: Vec<Effect>) -> Vec<Box<dyn Screen>> {
    settle_until(screen, effects, false)
}

/// [`settle`], leaving out the jobs that only come after the first frame
/// when `first_frame`.
fn settle_until(
    screen: &mut dyn Screen,
    effects: Vec<Effect>,
    first_frame: bool,
) -> Vec<Box<dyn Screen>> {
    let mut opened = Vec::new();
    let mut queue = effects;
    while !queue.is_empty() {
        let mut next = Vec::new();
        for effect in queue {
            match effect {
                Effect::Spawn(job) if first_frame && job.after_first_frame() => {}
                Effect::Spawn(job) => next.extend(screen.handle(Event::Done(job.run()))),
                Effect::Push(s) | Effect::Replace(s) => opened.push(s),
                Effect::Close | Effect::Quit | Effect::Palette(_) | Effect::Edit(_) => {}
            }
        }
        queue = next;
    }
    opened
}

/// One frame of `screen` at a size, as text, once its background work is
/// done (`--snapshot`, docs, the time-to-first-frame benchmark).
pub fn snapshot(screen: &mut dyn Screen, width: u16, height: u16, options: Options) -> String {
    snapshot_of(screen, width, height, options, false)
}

/// The first frame a user sees of `screen` at a size, as text: what
/// [`snapshot`] draws, before the work that only comes after it (the
/// time-to-first-frame benchmark, with `PERFTUI_FIRST_FRAME=1`).
pub fn first_frame(screen: &mut dyn Screen, width: u16, height: u16, options: Options) -> String {
    snapshot_of(screen, width, height, options, true)
}

fn snapshot_of(
    screen: &mut dyn Screen,
    width: u16,
    height: u16,
    options: Options,
    first_frame: bool,
) -> String {
    let mut effects = screen.handle(Event::Input(Input::Resize { width, height }));
    effects.extend(screen.start());
    settle_until(screen, effects, first_frame);
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    draw(screen, area, &mut buf, options);
    buffer_text(&buf)
}

/// The symbols of a buffer, one line per row, trailing blanks trimmed.
pub fn buffer_text(buf: &Buffer) -> String {
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
