//! The screen of `perftui open --watch FILE` while FILE does not exist yet
//! or is empty: the README's own workflow starts the watcher first and runs
//! `go test -cpuprofile` after. Each change of the file tries a read (a
//! job); the first good one replaces this screen with the explorer.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::input::Loader;
use crate::profile::Profile;
use crate::tui::keys::{is_ctrl_c, HelpLine};
use crate::tui::{Done, Effect, Event, Input, Job, Screen, WatchSpec};
use crate::ui::widgets::status_bar::Status;
use crate::ui::widgets::{help, hints, status_bar, title_bar};

/// Builds the screen to show once the inputs read well.
pub type Open = Box<dyn FnMut(Profile) -> Result<Box<dyn Screen>, String> + Send>;

/// Waiting for the inputs to appear.
pub struct Waiting {
    /// The inputs, as given.
    pub files: Vec<String>,
    loader: Loader,
    open: Open,
    generation: u64,
    /// Why the last read failed (a file caught half-written).
    pub status: Option<Status>,
    help: Option<usize>,
}

/// Whether `open --watch` must wait: an input is a local file that is not
/// there yet, or empty.
pub fn must_wait(files: &[String]) -> bool {
    files.iter().any(|f| {
        !crate::input::is_url(f)
            && f != "-"
            && std::fs::metadata(f).map_or(true, |m| m.is_file() && m.len() == 0)
    })
}

impl Waiting {
    /// Waits for `files`; `open` makes the screen that replaces this one.
    pub fn new(files: Vec<String>, loader: Loader, open: Open) -> Self {
        Waiting {
            files,
            loader,
            open,
            generation: 0,
            status: None,
            help: None,
        }
    }

    fn try_read(&mut self) -> Vec<Effect> {
        if must_wait(&self.files) {
            return Vec::new();
        }
        self.generation += 1;
        vec![Effect::Spawn(Job::Load(LoadJob {
            generation: self.generation,
            files: self.files.clone(),
            loader: self.loader,
        }))]
    }
}

/// Reading the inputs off the event loop.
#[derive(Debug)]
pub struct LoadJob {
    generation: u64,
    files: Vec<String>,
    loader: Loader,
}

/// A read's result.
#[derive(Debug)]
pub struct Loaded {
    generation: u64,
    result: Result<Box<Profile>, String>,
}

impl LoadJob {
    /// Reads the inputs.
    pub fn run(self) -> Loaded {
        Loaded {
            generation: self.generation,
            result: self
                .loader
                .merged(&self.files)
                .map(Box::new)
                .map_err(|e| e.to_string()),
        }
    }
}

const KEYS: &[(&str, &str)] = &[
    ("q", "quit"),
    ("Ctrl-C", "quit perftui"),
    ("?", "show this help"),
];

impl Screen for Waiting {
    fn name(&self) -> &'static str {
        "waiting"
    }

    fn start(&mut self) -> Vec<Effect> {
        // The file may have appeared between the check and the watch.
        self.try_read()
    }

    fn handle(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::Input(Input::Key(k)) if is_ctrl_c(k) => vec![Effect::Quit],
            Event::Input(Input::Key(k)) => {
                if let Some(scroll) = self.help {
                    self.help = match k.code {
                        KeyCode::Down | KeyCode::Char('j') => Some(scroll + 1),
                        KeyCode::Up | KeyCode::Char('k') => Some(scroll.saturating_sub(1)),
                        _ => None,
                    };
                    return Vec::new();
                }
                match k.code {
                    KeyCode::Char('q') | KeyCode::Esc => vec![Effect::Close],
                    KeyCode::Char('?') => {
                        self.help = Some(0);
                        Vec::new()
                    }
                    _ => Vec::new(),
                }
            }
            Event::SourceChanged => self.try_read(),
            Event::WatchLost(what) => {
                self.status = Some(Status::error(format!("not watching: {what}")));
                Vec::new()
            }
            Event::WatchResumed => {
                self.status = None;
                self.try_read()
            }
            Event::WatchFailed(e) => {
                self.status = Some(Status::error(format!("watching failed: {e}")));
                Vec::new()
            }
            Event::Done(Done::Loaded(l)) if l.generation == self.generation => {
                match l.result.and_then(|p| (self.open)(*p)) {
                    Ok(screen) => vec![Effect::Replace(screen)],
                    Err(e) => {
                        self.status = Some(Status::reload_failed(&e));
                        Vec::new()
                    }
                }
            }
            _ => Vec::new(),
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer) {
        let names = self.files.join(", ");
        title_bar::render(buf, area, &format!("waiting for {names}"));
        let lines = [
            format!("waiting for {names}"),
            String::new(),
            "It does not exist yet, or is empty. The explorer opens as soon as".to_string(),
            "it is written, e.g. by go test -cpuprofile.".to_string(),
        ];
        for (i, l) in lines.iter().enumerate() {
            let y = area.y + 2 + i as u16;
            if y + 2 >= area.bottom() {
                break;
            }
            crate::ui::put(
                buf,
                area.x + 1,
                y,
                l,
                area.width.saturating_sub(1),
                Style::new(),
            );
        }
        let row = |y: u16| Rect::new(area.x, y, area.width, u16::from(area.height > y));
        status_bar::render(
            buf,
            row(area.height.saturating_sub(2)),
            self.status.as_ref(),
            None,
            "watching",
        );
        let keys: Vec<(String, &str)> = KEYS.iter().map(|&(k, h)| (k.to_string(), h)).collect();
        hints::render(buf, row(area.height.saturating_sub(1)), &keys);
        if let Some(scroll) = self.help {
            help::render(&self.help(), scroll, area, buf);
        }
    }

    fn help(&self) -> Vec<HelpLine> {
        let mut out = vec![HelpLine::heading("Waiting for the inputs")];
        out.extend(KEYS.iter().map(|&(k, h)| HelpLine::keys(k, h)));
        out
    }

    fn watch(&self) -> Option<WatchSpec> {
        Some(WatchSpec {
            files: self.files.iter().map(std::path::PathBuf::from).collect(),
            every: None,
        })
    }

    fn ready(&self) -> bool {
        false
    }
}
