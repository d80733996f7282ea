//! Drawing: pure functions from the state to a frame. Nothing here changes
//! the state; what the views need to know about the screen (its size) comes
//! back through a message.

pub mod bench_chart;
pub mod bench_view;
mod chrome;
pub mod colors;
mod flame;
mod goroutines;
mod overlay;
pub mod paths;
pub mod run_progress;
pub mod run_summary;
mod sandwich;
pub(crate) mod source;
pub mod table;
pub mod theme;
pub mod widgets;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::Frame;

use crate::explorer::layout::Area;
use crate::explorer::state::Mode;
use crate::explorer::{App, View};

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    render(app, area, frame.buffer_mut());
}

/// Draws the whole screen into a buffer (what [`draw`] does, for tests and
/// `--snapshot`).
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let screen = crate::explorer::layout::screen(area.width, area.height);
    chrome::header(app, rect(screen.header), buf);
    chrome::info(app, rect(screen.info), buf);
    let body = rect(screen.body);
    match &app.analysis {
        None => {
            let msg = app.busy.as_deref().unwrap_or("loading…");
            put(
                buf,
                body.x + 1,
                body.y,
                msg,
                body.width.saturating_sub(1),
                Style::new(),
            );
        }
        Some(analysis) => match app.view {
            View::Flame => flame::view(app, analysis, body, buf),
            View::Top => table::view(app, analysis, body, buf),
            View::Sandwich => sandwich::view(app, analysis, body, buf),
            View::Goroutines => goroutines::view(app, analysis, body, buf),
            View::SideBySide => flame::side_by_side(app, analysis, body, buf),
        },
    }
    chrome::status(app, rect(screen.status), buf);
    chrome::hints(app, rect(screen.hints), buf);
    match &app.mode {
        Mode::Help { scroll } => {
            widgets::help::render(&crate::explorer::keymap::help_lines(), *scroll, area, buf)
        }
        Mode::Picker { selected } => overlay::picker(app, *selected, area, buf),
        Mode::Labels { selected } => overlay::labels(app, *selected, area, buf),
        Mode::Normal | Mode::Prompt(_) => {}
    }
}

fn rect(a: Area) -> Rect {
    Rect::new(a.x, a.y, a.width, a.height)
}

/// Writes `s` at (x, y), at most `width` columns, inside the buffer.
/// Everything drawn goes through here, so text from files is made safe
/// here once: see [`sanitize`].
pub(crate) fn put(buf: &mut Buffer, x: u16, y: u16, s: &str, width: u16, style: Style) {
    let area = buf.area;
    if y >= area.bottom() || x >= area.right() || width == 0 {
        return;
    }
    let width = width.min(area.right() - x);
    buf.set_stringn(x, y, sanitize(s), usize::from(width), style);
}

/// Text from a file with control characters replaced by `�`: an ESC or
/// CSI in a function or benchmark name must not reach the terminal, where
/// it would move the cursor, change colours or worse.
pub fn sanitize(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(char::is_control) {
        s.chars()
            .map(|c| if c.is_control() { '\u{fffd}' } else { c })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

/// `s` shortened to `width` columns with an ellipsis at the end when it
/// does not fit.
fn ellipsize(s: &str, width: usize) -> String {
    shorten(s, width, false)
}

/// `s` shortened to `width` columns by cutting its start: the end of a
/// function name (the function itself) says more than its import path.
fn ellipsize_left(s: &str, width: usize) -> String {
    shorten(s, width, true)
}

fn shorten(s: &str, width: usize, cut_start: bool) -> String {
    let n = s.chars().count();
    if n <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    if cut_start {
        std::iter::once('…')
            .chain(s.chars().skip(n - (width - 1)))
            .collect()
    } else {
        s.chars()
            .take(width - 1)
            .chain(std::iter::once('…'))
            .collect()
    }
}

/// `v` as a percentage with two decimals, as pprof prints them.
fn pct(v: f64) -> String {
    format!("{v:.2}%")
}
