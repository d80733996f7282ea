//! The goroutine groups view.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use crate::explorer::analysis::Analysis;
use crate::explorer::state::GoroutineLine;
use crate::explorer::App;
use crate::profile::groups::GoroutineGroup;

use super::colors;
use super::{ellipsize, ellipsize_left, put};

fn states(g: &GoroutineGroup) -> String {
    match g.states.as_slice() {
        [] => String::new(),
        [(s, _)] => s.clone(),
        many => many
            .iter()
            .map(|(s, n)| format!("{s} ×{n}"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn wait(g: &GoroutineGroup) -> String {
    match g.wait_minutes {
        None => String::new(),
        Some((lo, hi)) if lo == hi => format!("{lo} min"),
        Some((lo, hi)) => format!("{lo}–{hi} min"),
    }
}

fn labels(g: &GoroutineGroup) -> String {
    g.labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The widths of a group line's columns: each as wide as its widest value
/// (states and labels up to a share of the screen), then the group's name
/// in what is left.
struct Columns {
    count: usize,
    states: usize,
    wait: usize,
    labels: usize,
}

impl Columns {
    fn of(groups: &[GoroutineGroup], width: u16) -> Columns {
        let widest = |f: &dyn Fn(&GoroutineGroup) -> String| {
            groups
                .iter()
                .map(|g| f(g).chars().count())
                .max()
                .unwrap_or(0)
        };
        let w = usize::from(width);
        let count = widest(&|g| g.count.to_string()).max(5);
        if w < 60 {
            // Narrow: the count and the name only.
            return Columns {
                count,
                states: 0,
                wait: 0,
                labels: 0,
            };
        }
        Columns {
            count,
            states: widest(&states).min((w / 3).max(14)),
            wait: widest(&wait),
            labels: widest(&labels).min(w / 4),
        }
    }

    fn head(&self, marker: char, g: &GoroutineGroup) -> String {
        let mut out = format!("{marker} {:>w$}  ", g.count, w = self.count);
        for (text, w) in [
            (states(g), self.states),
            (wait(g), self.wait),
            (labels(g), self.labels),
        ] {
            if w > 0 {
                out.push_str(&format!("{:<w$}  ", ellipsize(&text, w)));
            }
        }
        out
    }
}

/// Draws the groups, largest first, expanded ones with their stacks.
pub fn view(app: &App, analysis: &Analysis, area: Rect, buf: &mut Buffer) {
    let Some(groups) = &analysis.groups else {
        put(
            buf,
            area.x + 1,
            area.y,
            "no goroutine groups: open a goroutine profile or a debug=1/debug=2 dump",
            area.width.saturating_sub(1),
            Style::new(),
        );
        return;
    };
    let profile = &analysis.view;
    let lines = app.goroutine_lines();
    let dim = Style::new().fg(Color::DarkGray);
    let cols = Columns::of(groups, area.width);
    for (k, line) in lines.iter().skip(app.goroutines.offset).enumerate() {
        let y = area.y + k as u16;
        if y >= area.bottom() {
            break;
        }
        match *line {
            GoroutineLine::Group(i) => {
                let g = &groups[i];
                let selected = i == app.goroutines.selected;
                let base = if selected {
                    Style::new().bg(colors::SELECTED).fg(Color::Black)
                } else {
                    Style::new()
                };
                buf.set_style(Rect::new(area.x, y, area.width, 1), base);
                let open = app.goroutines.expanded.get(i).copied().unwrap_or(false);
                let matched = g.stack.iter().any(|&l| {
                    analysis
                        .frames
                        .location_frames(l)
                        .iter()
                        .any(|&f| app.is_match(f))
                });
                let marker = if open { '▾' } else { '▸' };
                let head = cols.head(marker, g);
                let head_w = head.chars().count() as u16;
                put(
                    buf,
                    area.x,
                    y,
                    &head,
                    area.width,
                    base.add_modifier(Modifier::BOLD),
                );
                let style = if matched {
                    base.fg(colors::MATCH).add_modifier(Modifier::BOLD)
                } else {
                    base
                };
                let room = area.width.saturating_sub(head_w);
                put(
                    buf,
                    area.x + head_w,
                    y,
                    &ellipsize_left(&g.name, usize::from(room)),
                    room,
                    style,
                );
            }
            GoroutineLine::Frame(i, j) => {
                let loc = groups[i].stack[j];
                // Inlined frames of a location are listed innermost first.
                let lines = profile.location_lines(loc);
                let mut parts = Vec::new();
                for l in lines {
                    let f = &profile.functions[l.function as usize];
                    let file = profile.str(f.filename);
                    let name = profile.str(f.name);
                    parts.push(if file.is_empty() {
                        name.to_string()
                    } else {
                        format!("{name}  {file}:{}", l.line)
                    });
                }
                let text = format!("            {}", parts.join("  ⟵ inlined in "));
                let matched = analysis
                    .frames
                    .location_frames(loc)
                    .iter()
                    .any(|&f| app.is_match(f));
                let style = if matched {
                    Style::new().fg(colors::MATCH)
                } else {
                    Style::new()
                };
                put(
                    buf,
                    area.x,
                    y,
                    &ellipsize(&text, usize::from(area.width)),
                    area.width,
                    style,
                );
            }
            GoroutineLine::Created(i) => {
                let text = format!(
                    "            created by {}",
                    groups[i].created_by.as_deref().unwrap_or("?")
                );
                put(
                    buf,
                    area.x,
                    y,
                    &ellipsize(&text, usize::from(area.width)),
                    area.width,
                    dim,
                );
            }
        }
    }
}
