//! The status bar of every screen: a message (an error in red), or the
//! screen's own text; `--watch`'s state at the right end, in the same words
//! and colours everywhere.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use crate::ui::{colors, ellipsize, put};

/// A message in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The text.
    pub text: String,
    /// Shown as an error.
    pub error: bool,
}

impl Status {
    /// A note.
    pub fn note(text: impl Into<String>) -> Self {
        Status {
            text: text.into(),
            error: false,
        }
    }

    /// An error.
    pub fn error(text: impl Into<String>) -> Self {
        Status {
            text: text.into(),
            error: true,
        }
    }
}

/// How every screen words a failed reload.
const RELOAD_FAILED: &str = "reload failed: ";

impl Status {
    /// A failed reload: the last good view stays, this says why.
    pub fn reload_failed(why: &str) -> Self {
        Status::error(format!("{RELOAD_FAILED}{why}"))
    }

    /// Whether this is a failed reload's message.
    pub fn is_reload_failure(&self) -> bool {
        self.error && self.text.starts_with(RELOAD_FAILED)
    }
}

/// After a successful reload, the message of an earlier failed one goes
/// (any other message stays).
pub fn clear_reload_failure(status: &mut Option<Status>) {
    if status.as_ref().is_some_and(Status::is_reload_failure) {
        *status = None;
    }
}

impl std::ops::Deref for Status {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

/// What `--watch` is doing, as every screen reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WatchLine {
    /// Changes are noted, not loaded (`z`).
    pub frozen: bool,
    /// A change arrived while frozen.
    pub missed: bool,
    /// A reload is running.
    pub loading: bool,
    /// When the last reload finished, `HH:MM:SS` UTC.
    pub last_reload: Option<String>,
    /// What the last reload changed, e.g. `total +1.2s (+5.0%)`.
    pub change: Option<String>,
    /// Showing the latest read against the previous one (`d`).
    pub against_previous: bool,
    /// The last reload failed (until one succeeds).
    pub failed: bool,
    /// Nothing is watched for some input: what is missing.
    pub lost: Option<String>,
}

impl WatchLine {
    /// The words at the status bar's right end.
    pub fn text(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        parts.push(if let Some(lost) = &self.lost {
            format!("not watching: {lost}")
        } else if self.frozen {
            if self.missed {
                "frozen (z), changed meanwhile".to_string()
            } else {
                "frozen (z)".to_string()
            }
        } else if self.loading {
            "reloading…".to_string()
        } else {
            "watching".to_string()
        });
        if let Some(at) = &self.last_reload {
            let mut s = format!("reloaded {at}");
            if let Some(c) = &self.change {
                s.push(' ');
                s.push_str(c);
            }
            parts.push(s);
        }
        if self.against_previous {
            parts.push("vs previous read (d)".to_string());
        }
        if self.failed {
            parts.push("last reload failed".to_string());
        }
        parts.join(" · ")
    }
}

/// The status bar's background.
pub fn base() -> Style {
    Style::new().bg(Color::Rgb(30, 30, 30)).fg(Color::White)
}

/// Draws the status bar: `watch` at the right end (left out when it would
/// leave the rest under 20 columns), then `status` if there is one, else
/// `text` (the screen's description of its selection).
pub fn render(
    buf: &mut Buffer,
    area: Rect,
    status: Option<&Status>,
    watch: Option<&WatchLine>,
    text: &str,
) {
    if area.height == 0 {
        return;
    }
    let base = base();
    buf.set_style(area, base);
    let width = match watch {
        Some(w) => watch_state(buf, area, w, base),
        None => area.width,
    };
    let (text, style) = match status {
        Some(s) if s.error => (
            s.text.as_str(),
            base.fg(colors::ERROR).add_modifier(Modifier::BOLD),
        ),
        Some(s) => (s.text.as_str(), base.fg(colors::ACCENT)),
        None => (text, base),
    };
    put(
        buf,
        area.x,
        area.y,
        &ellipsize(text, usize::from(width)),
        width,
        style,
    );
}

/// Draws the watch state at the right end; the columns left for the rest.
fn watch_state(buf: &mut Buffer, area: Rect, w: &WatchLine, base: Style) -> u16 {
    let text = w.text();
    let n = text.chars().count() as u16;
    let Some(rest) = area.width.checked_sub(n + 3).filter(|&r| r >= 20) else {
        return area.width;
    };
    let style = if w.failed {
        base.fg(colors::ERROR)
    } else {
        base.fg(colors::ACCENT)
    };
    put(buf, area.x + rest + 3, area.y, &text, n, style);
    rest
}
