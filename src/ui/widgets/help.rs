//! The help overlay of every screen: a bordered box over the screen,
//! listing exactly the screen's keymap (section headings in yellow),
//! scrolled with j/k and the page keys when the screen is short.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, Clear, Widget};

use crate::tui::keys::HelpLine;
use crate::ui::{ellipsize, put};

/// The title of every help overlay.
pub const TITLE: &str = " perftui keys (j/k scroll, any other key closes) ";

/// A centred box of at most `w` × `h` inside `area`, cleared, with a
/// border and a title; returns the inside.
pub fn popup(area: Rect, w: u16, h: u16, title: &str, buf: &mut Buffer) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(r, buf);
    let block = Block::bordered()
        .title(title)
        .style(Style::new().bg(Color::Rgb(20, 20, 30)).fg(Color::White));
    let inner = block.inner(r);
    block.render(r, buf);
    inner
}

/// How a key moves the help: a line or a page up or down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scroll {
    /// A line up.
    Up,
    /// A line down.
    Down,
    /// A page up.
    PageUp,
    /// A page down.
    PageDown,
}

/// The help's first line after `how`, for `lines` lines on a screen of
/// `height` rows.
pub fn scrolled(scroll: usize, how: Scroll, lines: usize, height: u16) -> usize {
    let last = lines.saturating_sub(1);
    let page = usize::from(height.saturating_sub(4)).max(1);
    match how {
        Scroll::Up => scroll.saturating_sub(1),
        Scroll::Down => (scroll + 1).min(last),
        Scroll::PageUp => scroll.saturating_sub(page),
        Scroll::PageDown => (scroll + page).min(last),
    }
}

/// The scroll a key asks for in the help; any other key closes it.
pub fn scroll_key(key: ratatui::crossterm::event::KeyEvent) -> Option<Scroll> {
    use ratatui::crossterm::event::KeyCode;
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => Some(Scroll::Up),
        KeyCode::Down | KeyCode::Char('j') => Some(Scroll::Down),
        KeyCode::PageUp => Some(Scroll::PageUp),
        KeyCode::PageDown | KeyCode::Char(' ') => Some(Scroll::PageDown),
        _ => None,
    }
}

/// Draws the help overlay over `area`, from line `scroll` on.
pub fn render(lines: &[HelpLine], scroll: usize, area: Rect, buf: &mut Buffer) {
    let inner = popup(area, 78, lines.len() as u16 + 2, TITLE, buf);
    let key_w = 18u16.min(inner.width / 3);
    let rows = usize::from(inner.height);
    let scroll = scroll.min(lines.len().saturating_sub(rows));
    for (i, line) in lines.iter().skip(scroll).take(rows).enumerate() {
        let y = inner.y + i as u16;
        if line.keys.is_empty() {
            put(
                buf,
                inner.x,
                y,
                &line.text,
                inner.width,
                Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            );
        } else {
            put(
                buf,
                inner.x + 1,
                y,
                &line.keys,
                key_w,
                Style::new().add_modifier(Modifier::BOLD),
            );
            let room = inner.width.saturating_sub(key_w + 2);
            put(
                buf,
                inner.x + key_w + 2,
                y,
                &ellipsize(&line.text, usize::from(room)),
                room,
                Style::new(),
            );
        }
    }
    if scroll + rows < lines.len() && inner.height > 0 {
        let more = format!(" ↓ {} more ", lines.len() - scroll - rows);
        let w = more.chars().count() as u16;
        put(
            buf,
            inner.right().saturating_sub(w),
            inner.bottom(),
            &more,
            w,
            Style::new().fg(Color::Yellow),
        );
    }
}
