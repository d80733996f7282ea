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
    let cells = row_cells(app, analysis, analysis.trie.depth(node) + 1);
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
            let cells = row_cells(app, analysis, trie.depth(sel));
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

/// Shows function `frame` in the flame graph: its heaviest instance in
/// the zoomed part (or anywhere, zoomed out, when it has none there),
/// selected and zoomed so that it is readable.
pub(super) fn jump_to_flame(app: &mut App, analysis: &Analysis, frame: u32) {
    let zoom = app.flame.zoom_root();
    let heaviest = |within: Option<u32>| {
        (1..analysis.trie.len() as u32)
            .filter(|&id| analysis.trie.node(id).frame == frame)
            .filter(|&id| within.map_or(true, |z| is_within(analysis, id, z)))
            .max_by_key(|&id| (analysis.trie.node(id).total, std::cmp::Reverse(id)))
    };
    let Some(node) = heaviest(Some(zoom)).or_else(|| heaviest(None)) else {
        set_status(app, "the function has no samples in the flame graph", false);
        return;
    };
    app.view = View::Flame;
    reveal(app, analysis, node);
}

/// Selects `node`, zooming out when it is outside the zoomed part and in
/// when it is too narrow to read its name: to the outermost ancestor under
/// which it is wide enough, keeping as much context as possible.
pub(super) fn reveal(app: &mut App, analysis: &Analysis, node: u32) {
    let trie = &analysis.trie;
    if !is_within(analysis, node, app.flame.zoom_root()) {
        app.flame.zoom.clear();
    }
    let name = analysis.frames.name(trie.node(node).frame);
    let need = readable_width(name);
    let wide_enough = |under: u32| {
        let total = trie.node(under).total.unsigned_abs().max(1) as f64;
        let share = trie.node(node).total.unsigned_abs() as f64 / total;
        share * f64::from(app.width) >= need
    };
    if !wide_enough(app.flame.zoom_root()) {
        let mut chain = vec![node];
        let mut n = node;
        while trie.node(n).parent != app.flame.zoom_root() && n != ROOT {
            n = trie.node(n).parent;
            chain.push(n);
        }
        let target = chain
            .iter()
            .rev()
            .copied()
            .find(|&z| wide_enough(z))
            .unwrap_or(node);
        app.flame.zoom.push(target);
    }
    select_flame(app, node);
}

/// Columns a frame needs for its name to be read: the bare function name
/// (what [`crate::ui::flame::fit_name`] shortens to last) and the blank
/// column between frames; long names need no more than 24.
fn readable_width(name: &str) -> f64 {
    let base = name.rsplit('/').next().unwrap_or(name);
    let last = base
        .rsplit(['.', ':'])
        .find(|s| !s.is_empty())
        .unwrap_or(base);
    (last.chars().count().clamp(3, 24) + 1) as f64
}
