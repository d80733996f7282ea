//! `#`: every instance of one function highlighted in the flame graph,
//! their combined share in the header, `n`/`N` to walk them.

use super::*;
use crate::explorer::state::Mark;

/// Every instance of `frame` in `analysis`'s flame tree, heaviest first,
/// and what they cover (each sample once, as the function's cum).
pub(super) fn mark_of(analysis: &Analysis, frame: u32) -> Mark {
    let trie = &analysis.trie;
    let mut instances = Vec::new();
    let mut covered = vec![false; trie.len()];
    let mut value = 0i64;
    // Parents come before their children in the trie.
    for id in 1..trie.len() {
        let n = trie.node(id as u32);
        let inside = covered[n.parent as usize];
        if n.frame == frame {
            instances.push(id as u32);
            if !inside {
                value = value.wrapping_add(n.total);
            }
        }
        covered[id] = inside || n.frame == frame;
    }
    if !trie.is_complete() {
        // Instances under frames narrower than a cell are not in a partial
        // tree yet.
        let mut hit = vec![false; analysis.frames.len()];
        if let Some(h) = hit.get_mut(frame as usize) {
            *h = true;
        }
        value = crate::explorer::analysis::value_through(analysis, &hit);
    }
    instances.sort_by_key(|&id| (std::cmp::Reverse(trie.node(id).total.wrapping_abs()), id));
    Mark {
        frame,
        instances,
        value,
    }
}

/// `#`: highlights the selected function's instances, or stops.
pub(super) fn toggle_mark(app: &mut App, analysis: &Arc<Analysis>) -> Vec<Effect> {
    let Some(frame) = app.current_frame() else {
        set_status(app, "select a function first", false);
        return Vec::new();
    };
    if app.is_marked(frame) {
        app.flame.mark = None;
        return Vec::new();
    }
    let mark = mark_of(analysis, frame);
    let Some(&heaviest) = mark.instances.first() else {
        set_status(app, "the function has no samples in the flame graph", false);
        return Vec::new();
    };
    let n = mark.instances.len();
    app.flame.mark = Some(mark);
    if !matches!(app.view, View::Flame | View::SideBySide) {
        app.view = View::Flame;
        reveal(app, analysis, heaviest);
    }
    set_status(
        app,
        format!(
            "{n} instance{} highlighted: n / N walk them, # or Esc stops",
            if n == 1 { "" } else { "s" }
        ),
        false,
    );
    Vec::new()
}

/// `n`/`N` while a function is highlighted: its next or previous instance
/// (heaviest first), zoomed so that it is readable.
pub(super) fn walk_mark(app: &mut App, analysis: &Arc<Analysis>, forward: bool) -> Vec<Effect> {
    let Some(mark) = app.flame.mark.as_ref() else {
        return Vec::new();
    };
    let n = mark.instances.len();
    if n == 0 {
        return Vec::new();
    }
    let at = mark.instances.iter().position(|&i| i == app.flame.selected);
    let next = match (at, forward) {
        (None, _) => 0,
        (Some(i), true) => (i + 1) % n,
        (Some(i), false) => (i + n - 1) % n,
    };
    let node = mark.instances[next];
    reveal(app, analysis, node);
    set_status(app, format!("instance {} of {n}", next + 1), false);
    Vec::new()
}
