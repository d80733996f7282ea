//! Walking the search matches of the current view.

use super::*;

/// Selects the next (or previous) match in the current view.
pub(super) fn next_match(app: &mut App, forward: bool) -> Vec<Effect> {
    let Some(analysis) = app.analysis.clone() else {
        return Vec::new();
    };
    let Some(hits) = app.search.as_ref().and_then(|s| s.hits.clone()) else {
        set_status(app, "no search (press / to search)", false);
        return Vec::new();
    };
    if hits.functions == 0 {
        set_status(app, "no match", false);
        return Vec::new();
    }
    let pick = |len: usize, cur: Option<usize>, is_hit: &dyn Fn(usize) -> bool| {
        let start = cur.unwrap_or(if forward { len - 1 } else { 0 });
        (1..=len)
            .map(|k| {
                if forward {
                    (start + k) % len
                } else {
                    (start + len - k % len) % len
                }
            })
            .find(|&i| is_hit(i))
    };
    match app.view {
        View::Flame | View::SideBySide => {
            // Matches in reading order among the frames that are drawn.
            let mut cells: Vec<FlameCell> =
                layout::flame_cells(&analysis.trie, app.flame.zoom_root(), app.width, u32::MAX)
                    .into_iter()
                    .filter(|c| {
                        c.node != ROOT && hits.frames[analysis.trie.node(c.node).frame as usize]
                    })
                    .collect();
            if cells.is_empty() {
                set_status(app, "no match is wide enough to show; zoom out", false);
                return Vec::new();
            }
            cells.sort_by_key(|c| (c.x, c.level));
            let cur = cells.iter().position(|c| c.node == app.flame.selected);
            if let Some(i) = pick(cells.len(), cur, &|_| true) {
                select_flame(app, cells[i].node);
            }
        }
        View::Top | View::Sandwich => {
            let order = app.top.order.clone();
            if order.is_empty() {
                return Vec::new();
            }
            let cur = if app.view == View::Top {
                Some(app.top.selected)
            } else {
                app.sandwich
                    .frame
                    .and_then(|f| order.iter().position(|&r| analysis.top.rows[r].frame == f))
            };
            let found = pick(order.len(), cur, &|i| {
                hits.frames[analysis.top.rows[order[i]].frame as usize]
            });
            match found {
                Some(i) => {
                    app.top.selected = i;
                    follow_selection(app);
                    if app.view == View::Sandwich {
                        let f = analysis.top.rows[order[i]].frame;
                        return set_sandwich(app, &analysis, f);
                    }
                }
                None => set_status(app, "no match in the table", false),
            }
        }
        View::Goroutines => {
            let Some(groups) = analysis.groups.as_ref() else {
                return Vec::new();
            };
            let found = pick(groups.len(), Some(app.goroutines.selected), &|i| {
                groups[i].stack.iter().any(|&loc| {
                    analysis
                        .frames
                        .location_frames(loc)
                        .iter()
                        .any(|&f| hits.frames[f as usize])
                })
            });
            match found {
                Some(i) => {
                    app.goroutines.selected = i;
                    follow_selection(app);
                }
                None => set_status(app, "no goroutine group matches", false),
            }
        }
    }
    Vec::new()
}
