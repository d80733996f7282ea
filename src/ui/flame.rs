//! Flame graphs (icicle or flame), for the flame view and the sandwich.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use crate::app::analysis::Analysis;
use crate::app::layout::{flame_cells, level_row};
use crate::app::App;
use crate::profile::frames::FrameTable;
use crate::profile::trie::{StackTrie, ROOT};

use super::colors;
use super::{ellipsize, put};

/// What to draw of one tree.
pub struct Tree<'a> {
    /// The tree.
    pub trie: &'a StackTrie,
    /// Its frames.
    pub frames: &'a FrameTable,
    /// The node spanning the full width.
    pub zoom: u32,
    /// The highlighted node.
    pub selected: Option<u32>,
    /// The level on the first row.
    pub scroll: u32,
    /// Root at the bottom.
    pub inverted: bool,
}

/// Draws `tree` into `area`. Costs what is visible: the layout stops at
/// frames narrower than a cell and at the last row.
pub fn draw_tree(app: &App, tree: &Tree, area: Rect, buf: &mut Buffer) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let max_level = tree.scroll.saturating_add(u32::from(area.height));
    for cell in flame_cells(tree.trie, tree.zoom, area.width, max_level) {
        let Some(row) = level_row(cell.level, tree.scroll, area.height, tree.inverted) else {
            continue;
        };
        let node = tree.trie.node(cell.node);
        let name = if cell.node == ROOT {
            "root"
        } else {
            tree.frames.name(node.frame)
        };
        let bg = if cell.node == ROOT {
            colors::ROOT
        } else if app.is_match(node.frame) {
            colors::MATCH
        } else {
            colors::frame_color(name)
        };
        let mut style = Style::new().bg(bg).fg(Color::Black);
        if tree.selected == Some(cell.node) {
            style = Style::new()
                .bg(colors::SELECTED)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD);
        }
        // The last column of a frame is left blank so neighbours stay apart.
        let w = if cell.width >= 2 { cell.width - 1 } else { 1 };
        let (x, y) = (area.x + cell.x, area.y + row);
        buf.set_style(Rect::new(x, y, w.min(area.right() - x), 1), style);
        put(buf, x, y, &fit_name(name, usize::from(w)), w, style);
    }
}

/// The longest form of `name` that fits `width` columns: the full name,
/// then without the import path (`jsonish.(*parser).parseValue`), then
/// without the package (`(*parser).parseValue`), then the bare function
/// (`parseValue`), then that cut with an ellipsis.
/// Frames narrower than three columns get no text: a lone ellipsis says
/// nothing.
pub fn fit_name(name: &str, width: usize) -> String {
    if width < 3 {
        return String::new();
    }
    let base = name.rsplit('/').next().unwrap_or(name);
    let rust = name.contains("::");
    let method = match base.find('.') {
        Some(i) if i + 1 < base.len() && !rust => &base[i + 1..],
        _ => base,
    };
    let last = match method.rfind(['.', ':']) {
        Some(i) if i + 1 < method.len() => &method[i + 1..],
        _ => method,
    };
    for candidate in [name, base, method, last] {
        if candidate.chars().count() <= width {
            return candidate.to_string();
        }
    }
    ellipsize(last, width)
}

/// The flame graph view.
pub fn view(app: &App, analysis: &Analysis, area: Rect, buf: &mut Buffer) {
    if analysis.trie.is_empty() {
        put(
            buf,
            area.x + 1,
            area.y,
            "no samples with a non-zero value of this sample type (s picks another)",
            area.width.saturating_sub(1),
            Style::new(),
        );
        return;
    }
    let tree = Tree {
        trie: &analysis.trie,
        frames: &analysis.frames,
        zoom: app.flame.zoom_root(),
        selected: Some(app.flame.selected),
        scroll: app.flame.scroll,
        inverted: app.flame.inverted,
    };
    draw_tree(app, &tree, area, buf);
}
