//! Moving, zooming and jumping in the flame graph.

use super::*;

pub(super) fn towards_root(app: &App, action: Action) -> bool {
    (action == Action::Up) != app.flame.inverted
}

pub(super) fn select_flame(app: &mut App, node: u32) {
    app.flame.selected = node;
    follow_selection(app);
}

pub(super) fn child_towards(analysis: &Analysis, app: &App, node: u32) -> Option<u32> {
    let zoom = app.flame.zoom_root();
    if node != zoom && is_within(analysis, zoom, node) {
        // Above the zoom root only its ancestors are drawn.
        let mut z = zoom;
        while analysis.trie.node(z).parent != node {
            z = analysis.trie.node(z).parent;
        }
        return Some(z);
    }
    let cells = row_cells(app, analysis, analysis.trie.node(node).depth + 1);
    analysis
        .trie
        .children(node)
        .iter()
        .copied()
        .filter(|c| cells.iter().any(|cell| cell.node == *c))
        .max_by_key(|&c| analysis.trie.node(c).total)
}

/// The drawn cells of one level, left to right.
pub(super) fn row_cells(app: &App, analysis: &Analysis, level: u32) -> Vec<FlameCell> {
    let mut cells: Vec<FlameCell> =
        layout::flame_cells(&analysis.trie, app.flame.zoom_root(), app.width, level + 1)
            .into_iter()
            .filter(|c| c.level == level)
            .collect();
    cells.sort_by_key(|c| c.x);
    cells
}

pub(super) fn flame_action(app: &mut App, analysis: &Arc<Analysis>, action: Action) -> Vec<Effect> {
    let sel = app.flame.selected;
    let trie = &analysis.trie;
    match action {
        Action::Up | Action::Down => {
            if towards_root(app, action) {
                if sel != ROOT {
                    select_flame(app, trie.node(sel).parent);
                }
            } else if let Some(c) = child_towards(analysis, app, sel) {
                select_flame(app, c);
            }
        }
        Action::PageUp | Action::PageDown => {
            let steps = body_height(app).max(1);
            let up = towards_root(app, action_for_page(action));
            for _ in 0..steps {
                let s = app.flame.selected;
                let next = if up {
                    (s != ROOT).then(|| trie.node(s).parent)
                } else {
                    child_towards(analysis, app, s)
                };
                match next {
                    Some(n) => app.flame.selected = n,
                    None => break,
                }
            }
            follow_selection(app);
        }
        Action::Left | Action::Right => {
            let cells = row_cells(app, analysis, trie.node(sel).depth);
            let pos = cells.iter().position(|c| c.node == sel);
            let next = match (pos, action) {
                (Some(p), Action::Left) => p.checked_sub(1),
                (Some(p), _) => (p + 1 < cells.len()).then_some(p + 1),
                (None, _) => (!cells.is_empty()).then_some(0),
            };
            if let Some(n) = next {
                select_flame(app, cells[n].node);
            }
        }
        Action::Home => select_flame(app, app.flame.zoom_root()),
        Action::End => {
            // Down the heaviest drawn child to the bottom, with one layout
            // instead of one per level.
            let drawn: rustc_hash::FxHashSet<u32> =
                layout::flame_cells(&analysis.trie, app.flame.zoom_root(), app.width, u32::MAX)
                    .into_iter()
                    .map(|c| c.node)
                    .collect();
            let mut n = app.flame.selected;
            if let Some(c) = child_towards(analysis, app, n) {
                n = c;
                while let Some(&c) = trie
                    .children(n)
                    .iter()
                    .filter(|c| drawn.contains(c))
                    .max_by_key(|&&c| trie.node(c).total)
                {
                    n = c;
                }
            }
            select_flame(app, n);
        }
        Action::Activate => zoom_in(app, sel),
        Action::ZoomOut | Action::Back if app.flame.zoom.pop().is_some() => {
            follow_selection(app);
        }
        Action::Flip => app.flame.inverted = !app.flame.inverted,
        _ => {}
    }
    Vec::new()
}

pub(super) fn action_for_page(action: Action) -> Action {
    if action == Action::PageUp {
        Action::Up
    } else {
        Action::Down
    }
}

pub(super) fn zoom_in(app: &mut App, node: u32) {
    if node != app.flame.zoom_root() {
        if node == ROOT {
            app.flame.zoom.clear();
        } else {
            app.flame.zoom.push(node);
        }
    }
    app.flame.selected = node;
    follow_selection(app);
}

/// Shows function `frame` in the flame graph: its heaviest node selected.
pub(super) fn jump_to_flame(app: &mut App, analysis: &Analysis, frame: u32) {
    let Some(node) = analysis.heaviest_node_of(frame) else {
        set_status(app, "the function has no samples in the flame graph", false);
        return;
    };
    if !is_within(analysis, node, app.flame.zoom_root()) {
        app.flame.zoom.clear();
    }
    app.view = View::Flame;
    select_flame(app, node);
}
