//! `perftui run`'s progress in the benchmark view: a bar with the round,
//! the run, the elapsed time and the ETA at the right of the title row, and
//! the failed command's stderr in a pane.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Clear, Widget};

use super::{colors, ellipsize, put};
use crate::run::progress::{Progress, State};

/// Columns of the bar itself.
const BAR: usize = 12;

/// `1:05`, `0:07`, `1:02:03`.
pub fn clock(d: std::time::Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// The words after the bar.
pub fn summary(p: &Progress, pausing: bool) -> String {
    let runs = format!("run {}/{}", (p.runs + 1).min(p.total), p.total);
    let round = format!("round {}/{}", p.round.max(1), p.rounds);
    let elapsed = clock(p.elapsed);
    let eta = p
        .eta
        .map(|e| format!(" · ETA {}", clock(e)))
        .unwrap_or_default();
    let done = format!("{} runs in {elapsed}", p.runs);
    match &p.state {
        State::Starting => "starting".into(),
        State::Running if pausing => {
            format!(
                "{round} · {runs} ({}) · pausing after it · {elapsed}",
                p.side
            )
        }
        State::Running => format!("{round} · {runs} ({}) · {elapsed}{eta}", p.side),
        State::Paused => format!("paused (p resumes) · {round} · {} runs done", p.runs),
        State::Finished => format!("done: {done}"),
        State::Decided(r) => format!("every benchmark decided after round {r}: {done}"),
        State::Stopped => format!("stopped: {done}"),
        State::Failed { .. } => format!("failed in {round}: {done}"),
        State::Watching => format!("#{} done: {done} · watching for edits", p.generation.max(1)),
        State::Building(file) => format!("{file} changed: rebuilding"),
    }
}

/// The bar and its words, filling `row` from the right: the part of the
/// row left of it is returned for the title.
pub fn render_bar(p: &Progress, pausing: bool, row: Rect, buf: &mut Buffer) -> Rect {
    let words = summary(p, pausing);
    let width = usize::from(row.width);
    // The title keeps at least 30 columns; the words give way first.
    let room = width.saturating_sub(30 + BAR + 3);
    let words = ellipsize(&words, room.max(10));
    let used = (BAR + 3 + words.chars().count()).min(width);
    let x = row.right().saturating_sub(used as u16);
    let filled = (p.ratio() * BAR as f64).round() as usize;
    let bar: String = "█".repeat(filled) + &"░".repeat(BAR - filled);
    let style = match p.state {
        State::Failed { .. } => Style::new().fg(colors::ERROR),
        _ => Style::new().fg(colors::ACCENT),
    };
    put(buf, x, row.y, &format!("▕{bar}▏"), row.right() - x, style);
    let wx = x.saturating_add(BAR as u16 + 3);
    put(
        buf,
        wx,
        row.y,
        &words,
        row.right().saturating_sub(wx),
        Style::new().add_modifier(Modifier::BOLD),
    );
    Rect::new(row.x, row.y, x.saturating_sub(row.x + 1), 1)
}

/// The failed command's line and the end of its stderr, in a pane over
/// the lower part of `area` (above its last two rows, the status and the
/// hints).
pub fn render_failure(what: &str, tail: &[String], area: Rect, buf: &mut Buffer) {
    let max = area.height.saturating_sub(6) / 2 + 3;
    let lines = tail.len().min(usize::from(max.saturating_sub(3)));
    let height = (lines as u16 + 3).min(max);
    if height < 3 || area.width < 10 {
        return;
    }
    let bottom = area.bottom().saturating_sub(2);
    let pane = Rect::new(area.x, bottom.saturating_sub(height), area.width, height);
    Clear.render(pane, buf);
    Block::bordered()
        .title(" the benchmark command failed ")
        .border_style(Style::new().fg(colors::ERROR))
        .render(pane, buf);
    let inner = pane.width.saturating_sub(2);
    put(
        buf,
        pane.x + 1,
        pane.y + 1,
        what,
        inner,
        Style::new().fg(colors::ERROR).add_modifier(Modifier::BOLD),
    );
    for (i, line) in tail[tail.len() - lines..].iter().enumerate() {
        put(
            buf,
            pane.x + 1,
            pane.y + 2 + i as u16,
            line,
            inner,
            Style::new(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_words_say_where_the_runs_are() {
        let p = Progress {
            round: 2,
            rounds: 6,
            runs: 3,
            total: 12,
            side: "HEAD~1".into(),
            elapsed: Duration::from_secs(65),
            eta: Some(Duration::from_secs(3725)),
            state: State::Running,
            ..Progress::default()
        };
        assert_eq!(
            summary(&p, false),
            "round 2/6 · run 4/12 (HEAD~1) · 1:05 · ETA 1:02:05"
        );
        let done = Progress {
            runs: 12,
            state: State::Finished,
            eta: None,
            ..p
        };
        assert_eq!(summary(&done, false), "done: 12 runs in 1:05");
    }
}
