//! Flame graphs (icicle or flame), for the flame view and the sandwich.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

use crate::explorer::analysis::{Analysis, DiffData};
use crate::explorer::layout::{self, flame_cells_by, level_row, Area};
use crate::explorer::state::DiffSettings;
use crate::explorer::App;
use crate::profile::diff::{Change, Pair};
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
    /// Colours by change, for a diff.
    pub diff: Option<DiffPaint<'a>>,
}

/// Which values lay out a diff's tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Both: the union of the two profiles' stacks.
    Union,
    /// BEFORE's values only.
    Before,
    /// AFTER's values only.
    After,
}

/// How to paint a diff's tree.
pub struct DiffPaint<'a> {
    /// The before/after values.
    pub data: &'a DiffData,
    /// The user's choices.
    pub settings: &'a DiffSettings,
    /// What change is relative to: BEFORE's total.
    pub reference: i64,
    /// The layout.
    pub side: Side,
}

impl DiffPaint<'_> {
    fn pair(&self, trie: &StackTrie, id: u32) -> Pair {
        self.data.tree.total(trie, id)
    }

    fn weight(&self, trie: &StackTrie, id: u32) -> i64 {
        let p = self.pair(trie, id);
        match self.side {
            Side::Union => trie.node(id).total,
            Side::Before => p.before,
            Side::After => p.after,
        }
    }
}

/// Draws `tree` into `area`. Costs what is visible: the layout stops at
/// frames narrower than a cell and at the last row.
pub fn draw_tree(app: &App, tree: &Tree, area: Rect, buf: &mut Buffer) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let max_level = tree.scroll.saturating_add(u32::from(area.height));
    let weight = |id: u32| match &tree.diff {
        Some(d) => d.weight(tree.trie, id),
        None => tree.trie.node(id).total,
    };
    for cell in flame_cells_by(tree.trie, tree.zoom, area.width, max_level, weight) {
        let Some(row) = level_row(cell.level, tree.scroll, area.height, tree.inverted) else {
            continue;
        };
        let node = tree.trie.node(cell.node);
        let name = if cell.node == ROOT {
            "root"
        } else {
            tree.frames.name(node.frame)
        };
        let mut modifier = Modifier::empty();
        let mut marker = "";
        let change = tree.diff.as_ref().map(|d| {
            let p = d.pair(tree.trie, cell.node);
            crate::profile::diff::classify(p, d.reference, d.settings.mode)
        });
        // New and vanished frames are marked in their text too, so that
        // colour is never the only sign.
        match change {
            Some(Change::New) => {
                marker = "+";
                modifier = Modifier::BOLD;
            }
            Some(Change::Gone) => {
                marker = "-";
                modifier = Modifier::CROSSED_OUT;
            }
            // More or less cost shows in the type too (bold, italic), so
            // that it survives NO_COLOR and any colour vision.
            Some(Change::More(_)) => modifier = Modifier::BOLD,
            Some(Change::Less(_)) => modifier = Modifier::ITALIC,
            _ => {}
        }
        let marked = app.is_marked(node.frame) && cell.node != ROOT;
        if marked {
            modifier |= Modifier::UNDERLINED | Modifier::BOLD;
        }
        let bg = match (&tree.diff, change) {
            _ if marked => colors::MARK,
            _ if app.is_match(node.frame) && cell.node != ROOT => colors::MATCH,
            (Some(_), Some(c)) => colors::diff_color(c, app.palette),
            _ if cell.node == ROOT => colors::ROOT,
            _ => colors::frame_color(name),
        };
        let mut style = Style::new().bg(bg).fg(Color::Black).add_modifier(modifier);
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
        let text = if marker.is_empty() {
            fit_name(name, usize::from(w))
        } else {
            format!(
                "{marker}{}",
                fit_name(name, usize::from(w).saturating_sub(1))
            )
        };
        put(buf, x, y, &text, w, style);
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
        diff: paint(app, analysis, Side::Union),
    };
    draw_tree(app, &tree, area, buf);
}

fn paint<'a>(app: &'a App, analysis: &'a Analysis, side: Side) -> Option<DiffPaint<'a>> {
    Some(DiffPaint {
        data: analysis.diff.as_ref()?,
        settings: app.diff.as_ref()?,
        reference: analysis.total,
        side,
    })
}

/// A diff's BEFORE and AFTER flame graphs next to each other (or one above
/// the other on a narrow screen), each laid out by its own values and
/// coloured by the change; selection, zoom, scroll and search are shared,
/// as they are nodes of the one union tree.
pub fn side_by_side(app: &App, analysis: &Analysis, area: Rect, buf: &mut Buffer) {
    let (Some(data), Some(settings)) = (&analysis.diff, &app.diff) else {
        return;
    };
    let body = Area {
        x: area.x,
        y: area.y,
        width: area.width,
        height: area.height,
    };
    let (left, right) = layout::side_by_side(body);
    let zoom = app.flame.zoom_root();
    let zoomed = data.tree.total(&analysis.trie, zoom);
    for (pane, side, name, value) in [
        (left, Side::Before, &settings.before, zoomed.before),
        (right, Side::After, &settings.after, zoomed.after),
    ] {
        let rect = Rect::new(pane.x, pane.y, pane.width, pane.height);
        if rect.height == 0 {
            continue;
        }
        let label = if side == Side::Before {
            "BEFORE"
        } else {
            "AFTER"
        };
        let title = format!(" {label} {name} · {}", analysis.fmt(value));
        let head = Style::new()
            .bg(Color::Rgb(60, 60, 80))
            .fg(Color::White)
            .add_modifier(Modifier::BOLD);
        buf.set_style(Rect::new(rect.x, rect.y, rect.width, 1), head);
        put(
            buf,
            rect.x,
            rect.y,
            &ellipsize(&title, usize::from(rect.width)),
            rect.width,
            head,
        );
        let inner = Rect::new(rect.x, rect.y + 1, rect.width, rect.height - 1);
        if value == 0 {
            let what = if zoom == ROOT {
                "no samples"
            } else {
                "the zoomed frame is not in this profile"
            };
            put(
                buf,
                inner.x + 1,
                inner.y,
                what,
                inner.width.saturating_sub(1),
                Style::new(),
            );
            continue;
        }
        let tree = Tree {
            trie: &analysis.trie,
            frames: &analysis.frames,
            zoom,
            selected: Some(app.flame.selected),
            scroll: app.flame.scroll,
            inverted: app.flame.inverted,
            diff: paint(app, analysis, side),
        };
        draw_tree(app, &tree, inner, buf);
    }
}
