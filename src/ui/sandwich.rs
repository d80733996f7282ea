//! The sandwich view: callers of a function above it, callees below.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::explorer::analysis::Analysis;
use crate::explorer::App;
use crate::profile::trie::ROOT;

use super::flame::{draw_tree, Tree};
use super::put;

/// Draws the sandwich of the current function.
pub fn view(app: &App, analysis: &Analysis, area: Rect, buf: &mut Buffer) {
    let Some(sw) = &app.sandwich.data else {
        let msg = if app.sandwich.frame.is_some() {
            "building…"
        } else {
            "no function selected: pick one in the flame graph or top table"
        };
        put(
            buf,
            area.x + 1,
            area.y,
            msg,
            area.width.saturating_sub(1),
            Style::new(),
        );
        return;
    };
    let upper = area.height / 2;
    let lower = area.height - upper;
    let centre = |t: &crate::profile::trie::StackTrie| t.children(ROOT).first().copied();
    if let Some(c) = centre(&sw.callers) {
        let tree = Tree {
            trie: &sw.callers,
            frames: &analysis.frames,
            zoom: c,
            selected: None,
            scroll: 1,
            inverted: true,
            diff: None,
        };
        draw_tree(
            app,
            &tree,
            Rect::new(area.x, area.y, area.width, upper),
            buf,
        );
    }
    if let Some(c) = centre(&sw.callees) {
        let tree = Tree {
            trie: &sw.callees,
            frames: &analysis.frames,
            zoom: c,
            selected: None,
            scroll: 1,
            inverted: false,
            diff: None,
        };
        draw_tree(
            app,
            &tree,
            Rect::new(area.x, area.y + upper, area.width, lower),
            buf,
        );
    }
}
