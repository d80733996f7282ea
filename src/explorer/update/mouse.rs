//! Clicks and the wheel.

use super::*;

pub(super) fn click(app: &mut App, col: u16, row: u16, double: bool) -> Vec<Effect> {
    match app.mode {
        Mode::Normal => {}
        Mode::Picker { .. } | Mode::Labels { .. } | Mode::Help { .. } | Mode::Prompt(_) => {
            if let Mode::Prompt(Prompt {
                kind: PromptKind::Search,
                ..
            }) = app.mode
            {
                // Clicking away keeps the search typed so far.
                app.mode = Mode::Normal;
            } else {
                app.mode = Mode::Normal;
                return Vec::new();
            }
        }
    }
    let screen = app.screen();
    if screen.header.contains(col, row) {
        if let Some(&(v, _, _)) = layout::tabs(app.views(), app.view, app.width)
            .iter()
            .find(|&&(_, x0, x1)| col >= x0 && col < x1)
        {
            return show_view(app, v);
        }
        return Vec::new();
    }
    if !screen.body.contains(col, row) {
        return Vec::new();
    }
    let Some(analysis) = app.analysis.clone() else {
        return Vec::new();
    };
    let (x, y) = (col - screen.body.x, row - screen.body.y);
    let h = screen.body.height;
    match app.view {
        View::Flame => {
            let Some(level) = layout::row_level(y, app.flame.scroll, h, app.flame.inverted) else {
                return Vec::new();
            };
            let hit = row_cells(app, &analysis, level)
                .into_iter()
                .find(|c| x >= c.x && x < c.x + c.width);
            if let Some(c) = hit {
                if double {
                    zoom_in(app, c.node);
                } else {
                    select_flame(app, c.node);
                }
            }
            Vec::new()
        }
        View::SideBySide => {
            side_by_side_click(app, &analysis, col, row, double);
            Vec::new()
        }
        View::Top => {
            if y == 0 {
                if let Some(&(c, _, _)) = crate::ui::table::top_columns(app, &analysis, app.width)
                    .iter()
                    .find(|&&(_, x0, w)| x >= x0 && x < x0.saturating_add(w))
                {
                    sort_by(app, &analysis, c);
                }
                return Vec::new();
            }
            let pos = app.top.offset + usize::from(y - 1);
            if pos < app.top.order.len() {
                app.top.selected = pos;
                if double {
                    if let Some(r) = app.top_row() {
                        jump_to_flame(app, &analysis, analysis.top.rows[r].frame);
                    }
                }
            }
            Vec::new()
        }
        View::Sandwich => {
            let Some(sw) = app.sandwich.data.clone() else {
                return Vec::new();
            };
            let upper = h / 2;
            let (trie, level) = if y < upper {
                (&sw.callers, layout::row_level(y, 1, upper, true))
            } else {
                (
                    &sw.callees,
                    layout::row_level(y - upper, 1, h - upper, false),
                )
            };
            let Some(level) = level else {
                return Vec::new();
            };
            let Some(&centre) = trie.children(ROOT).first() else {
                return Vec::new();
            };
            let hit = layout::flame_cells(trie, centre, app.width, level + 1)
                .into_iter()
                .find(|c| c.level == level && x >= c.x && x < c.x + c.width);
            match hit {
                Some(c) => {
                    let frame = trie.node(c.node).frame;
                    if double {
                        jump_to_flame(app, &analysis, frame);
                        Vec::new()
                    } else {
                        set_sandwich(app, &analysis, frame)
                    }
                }
                None => Vec::new(),
            }
        }
        View::Goroutines => {
            let lines = app.goroutine_lines();
            let Some(&line) = lines.get(app.goroutines.offset + usize::from(y)) else {
                return Vec::new();
            };
            let g = match line {
                GoroutineLine::Group(g)
                | GoroutineLine::Frame(g, _)
                | GoroutineLine::Created(g) => g,
            };
            app.goroutines.selected = g;
            if double {
                if let Some(e) = app.goroutines.expanded.get_mut(g) {
                    *e = !*e;
                }
            }
            follow_selection(app);
            Vec::new()
        }
    }
}

/// A click in a pane of the side-by-side view: the pane's own layout (by
/// BEFORE's or AFTER's values) says which frame is there.
pub(super) fn side_by_side_click(
    app: &mut App,
    analysis: &Analysis,
    col: u16,
    row: u16,
    double: bool,
) {
    let Some(diff) = &analysis.diff else {
        return;
    };
    let (before, after) = layout::side_by_side(app.screen().body);
    let (pane, is_before) = if before.contains(col, row) {
        (before, true)
    } else if after.contains(col, row) {
        (after, false)
    } else {
        return;
    };
    // The pane's first row is its title.
    if row == pane.y {
        return;
    }
    let (x, y) = (col - pane.x, row - pane.y - 1);
    let h = pane.height.saturating_sub(1);
    let Some(level) = layout::row_level(y, app.flame.scroll, h, app.flame.inverted) else {
        return;
    };
    let trie = &analysis.trie;
    let weight = |id: u32| {
        let p = diff.tree.total(trie, id);
        if is_before {
            p.before
        } else {
            p.after
        }
    };
    let hit = layout::flame_cells_by(trie, app.flame.zoom_root(), pane.width, level + 1, weight)
        .into_iter()
        .find(|c| c.level == level && x >= c.x && x < c.x + c.width);
    if let Some(c) = hit {
        if double {
            zoom_in(app, c.node);
        } else {
            select_flame(app, c.node);
        }
    }
}

pub(super) fn scroll(app: &mut App, down: bool) -> Vec<Effect> {
    if app.mode != Mode::Normal {
        return Vec::new();
    }
    match app.view {
        View::Flame | View::SideBySide => {
            let max_depth = app.analysis.as_ref().map_or(0, |a| a.max_depth);
            // The wheel moves the picture, not the selection.
            app.flame.scroll = if down != app.flame.inverted {
                (app.flame.scroll + 3).min(max_depth)
            } else {
                app.flame.scroll.saturating_sub(3)
            };
            Vec::new()
        }
        View::Top | View::Goroutines | View::Sandwich => {
            let action = if down { Action::Down } else { Action::Up };
            let mut jobs = Vec::new();
            for _ in 0..3 {
                jobs = action_normal(app, action);
            }
            jobs
        }
    }
}
