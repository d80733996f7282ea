//! Screen geometry shared by drawing and by mouse hit tests, so that a click
//! lands on exactly what was drawn there. Pure functions of sizes and data.

use crate::profile::trie::{StackTrie, ROOT};
use crate::profile::visible_trie::{cell_range, ChildSpans};

use super::msg::View;

/// A rectangle of terminal cells (mirrors ratatui's, without depending on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Area {
    /// Left column.
    pub x: u16,
    /// Top row.
    pub y: u16,
    /// Columns.
    pub width: u16,
    /// Rows.
    pub height: u16,
}

impl Area {
    /// Whether a cell is inside.
    pub fn contains(&self, col: u16, row: u16) -> bool {
        col >= self.x
            && row >= self.y
            && (col as u32) < self.x as u32 + self.width as u32
            && (row as u32) < self.y as u32 + self.height as u32
    }
}

/// The regions of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    /// Tabs and title.
    pub header: Area,
    /// Filter stack and search line.
    pub info: Area,
    /// The view.
    pub body: Area,
    /// Details of the selection, or a message.
    pub status: Area,
    /// Key hints.
    pub hints: Area,
}

/// Splits a `width` × `height` screen.
pub fn screen(width: u16, height: u16) -> Screen {
    let row = |y: u16| Area {
        x: 0,
        y: y.min(height.saturating_sub(1)),
        width,
        height: u16::from(y < height),
    };
    let body_h = height.saturating_sub(4);
    Screen {
        header: row(0),
        info: row(1),
        body: Area {
            x: 0,
            y: 2.min(height),
            width,
            height: body_h,
        },
        status: row(height.saturating_sub(2).max(2)),
        hints: row(height.saturating_sub(1).max(3)),
    }
}

/// The label of a view's tab at a screen width.
pub fn tab_label(view: View, active: bool, width: u16) -> String {
    let short = match view {
        View::Flame => "Flame",
        View::Top => "Top",
        View::Sandwich => "Sandwich",
        View::Goroutines => "Goroutines",
        View::SideBySide => "Side by side",
    };
    if width >= 100 {
        format!(" {} {} ", view.key(), view.title())
    } else if width < 50 && active && view == View::SideBySide {
        // The totals need the room more.
        format!(" {} Sides ", view.key())
    } else if width >= 60 || active {
        format!(" {} {} ", view.key(), short)
    } else {
        // Narrow: the other views' keys only, so the totals keep their room.
        format!(" {}", view.key())
    }
}

/// The tabs' column ranges `[x0, x1)` in the header.
pub fn tabs(views: &[View], active: View, width: u16) -> Vec<(View, u16, u16)> {
    let mut x = 0u16;
    let gap = u16::from(width >= 60);
    views
        .iter()
        .map(|&v| {
            let w = tab_label(v, v == active, width).chars().count() as u16;
            let r = (v, x, x.saturating_add(w));
            x = x.saturating_add(w + gap);
            r
        })
        .collect()
}

/// The two panes of the side-by-side view in `body`: BEFORE left and AFTER
/// right, or BEFORE above AFTER on a narrow screen. Each pane's first row
/// is its title.
pub fn side_by_side(body: Area) -> (Area, Area) {
    if body.width >= 120 {
        let left = body.width.saturating_sub(1) / 2;
        (
            Area {
                width: left,
                ..body
            },
            Area {
                x: body.x + left + 1,
                width: body.width.saturating_sub(left + 1),
                ..body
            },
        )
    } else {
        let top = body.height / 2;
        (
            Area {
                height: top,
                ..body
            },
            Area {
                y: body.y + top,
                height: body.height - top,
                ..body
            },
        )
    }
}

/// One drawn frame of a flame graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlameCell {
    /// Trie node.
    pub node: u32,
    /// Depth (the root is level 0).
    pub level: u32,
    /// First column, relative to the view.
    pub x: u16,
    /// Columns.
    pub width: u16,
}

/// The frames of `trie` that are at least one cell wide when `zoom` spans
/// `width` columns, down to level `max_level` (exclusive). The zoom node's
/// ancestors span the full width too. The cost is bounded by what is
/// visible: a child narrower than one cell is skipped with its subtree.
pub fn flame_cells(trie: &StackTrie, zoom: u32, width: u16, max_level: u32) -> Vec<FlameCell> {
    flame_cells_by(trie, zoom, width, max_level, |id| trie.node(id).total)
}

/// [`flame_cells`] with the widths of another value per node (BEFORE's or
/// AFTER's, in a diff's side-by-side panes). A zoom node whose value is 0
/// draws nothing below it.
pub fn flame_cells_by(
    trie: &StackTrie,
    zoom: u32,
    width: u16,
    max_level: u32,
    weight: impl Fn(u32) -> i64,
) -> Vec<FlameCell> {
    let mut cells = Vec::new();
    if width == 0 {
        return cells;
    }
    let zoom_depth = trie.depth(zoom);
    let (mut up, mut level) = (zoom, zoom_depth);
    loop {
        if level < max_level {
            cells.push(FlameCell {
                node: up,
                level,
                x: 0,
                width,
            });
        }
        if up == ROOT {
            break;
        }
        up = trie.node(up).parent;
        level = level.saturating_sub(1);
    }
    cells.reverse();
    let mut stack: Vec<(u32, u32, f64, f64)> = vec![(zoom, zoom_depth, 0.0, f64::from(width))];
    while let Some((id, depth, x0, x1)) = stack.pop() {
        if depth + 1 >= max_level {
            continue;
        }
        let Some(mut spans) = ChildSpans::new(x0, x1, weight(id)) else {
            continue;
        };
        for &c in trie.children(id) {
            let (cx0, cx1) = spans.next(weight(c));
            let (start, end) = cell_range((cx0, cx1));
            if end > start {
                cells.push(FlameCell {
                    node: c,
                    level: depth + 1,
                    x: start as u16,
                    width: (end - start) as u16,
                });
                stack.push((c, depth + 1, cx0, cx1));
            }
        }
    }
    cells
}

/// The screen row of `level` in a body of `height` rows scrolled to
/// `scroll`, or `None` when it is off screen. `inverted` puts level 0 at the
/// bottom (a flame rather than an icicle).
pub fn level_row(level: u32, scroll: u32, height: u16, inverted: bool) -> Option<u16> {
    let rel = level.checked_sub(scroll)?;
    if rel >= u32::from(height) {
        return None;
    }
    let rel = rel as u16;
    Some(if inverted { height - 1 - rel } else { rel })
}

/// The level shown on body row `row` (relative to the body's top).
pub fn row_level(row: u16, scroll: u32, height: u16, inverted: bool) -> Option<u32> {
    if row >= height {
        return None;
    }
    let rel = if inverted { height - 1 - row } else { row };
    Some(scroll + u32::from(rel))
}
