//! From a table to the flame graph: Enter lands on the heaviest instance
//! the zoomed graph shows, zoomed so that its name is readable; `#`
//! highlights every instance and `n`/`N` walk them, each one readable.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use perftui::explorer::analysis::Analysis;
use perftui::explorer::layout::flame_cells;
use perftui::explorer::{App, View};
use perftui::profile::trie::ROOT;
use ratatui::crossterm::event::KeyCode;

use crate::tui::{open, press, screen_text, select_in_top};

/// The width the selected node is drawn at, if it is drawn.
fn drawn_width(app: &App, a: &Analysis) -> Option<u16> {
    flame_cells(&a.trie, app.flame.zoom_root(), app.width, u32::MAX)
        .into_iter()
        .find(|c| c.node == app.flame.selected)
        .map(|c| c.width)
}

/// The bare function name (what a narrow frame still shows).
fn short(name: &str) -> &str {
    let base = name.rsplit('/').next().unwrap();
    base.rsplit(['.', ':']).find(|s| !s.is_empty()).unwrap()
}

fn is_within(a: &Analysis, mut n: u32, z: u32) -> bool {
    while n != z {
        if n == ROOT {
            return false;
        }
        n = a.trie.node(n).parent;
    }
    true
}

#[test]
fn enter_in_the_top_table_zooms_a_narrow_heaviest_instance_until_it_is_readable() {
    let mut app = open("pprof/cpu_before.pb.gz", 80, 24);
    let a = app.analysis.clone().unwrap();
    // A function whose heaviest instance is too narrow at full width.
    let narrow = a
        .top
        .rows
        .iter()
        .find(|r| {
            let node = a.heaviest_node_of(r.frame).unwrap();
            let cols = a.trie.node(node).total as f64 / a.total as f64 * 80.0;
            r.flat > 0 && cols < short(&r.name).len() as f64 && cols > 0.0
        })
        .unwrap()
        .clone();
    select_in_top(&mut app, &narrow.name);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view, View::Flame);
    let sel = app.flame.selected;
    assert_eq!(a.trie.node(sel).frame, narrow.frame);
    assert_eq!(Some(sel), a.heaviest_node_of(narrow.frame));
    assert_ne!(app.flame.zoom_root(), ROOT, "zoomed in");
    let w = drawn_width(&app, &a).unwrap();
    assert!(
        usize::from(w) > short(&narrow.name).len().min(24),
        "{} drawn {w} wide",
        narrow.name
    );
    // Its name is on the screen.
    assert!(screen_text(&app).contains(short(&narrow.name)));
    // The zoom keeps context: the outermost ancestor wide enough, not the
    // frame itself when an ancestor will do.
    let z = app.flame.zoom_root();
    let parent = a.trie.node(z).parent;
    let width_under =
        |under: u32| a.trie.node(sel).total as f64 / a.trie.node(under).total as f64 * 80.0;
    assert!(parent == ROOT || width_under(parent) < (short(&narrow.name).len().min(24) + 1) as f64);
}

#[test]
fn enter_prefers_an_instance_inside_the_zoom() {
    let mut app = open("pprof/cpu_before.pb.gz", 120, 40);
    let a = app.analysis.clone().unwrap();
    // A function with an instance in a subtree that its heaviest instance
    // is not in: zoom there, then Enter on it in the top table.
    let mut case = None;
    'rows: for r in &a.top.rows {
        let heaviest = a.heaviest_node_of(r.frame).unwrap();
        for id in 1..a.trie.len() as u32 {
            if id == heaviest || a.trie.node(id).frame != r.frame {
                continue;
            }
            let z = a.trie.node(id).parent;
            if z != ROOT && !is_within(&a, heaviest, z) && a.trie.node(id).total > 0 {
                case = Some((r.name.clone(), r.frame, z));
                break 'rows;
            }
        }
    }
    let (name, frame, z) = case.unwrap();
    // Zoom with the keys: select the node, Enter.
    app.flame.selected = z;
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.flame.zoom_root(), z);
    select_in_top(&mut app, &name);
    press(&mut app, KeyCode::Enter);
    let sel = app.flame.selected;
    assert_eq!(a.trie.node(sel).frame, frame);
    assert!(is_within(&a, sel, z), "stays inside the zoom");
    let best = (1..a.trie.len() as u32)
        .filter(|&id| a.trie.node(id).frame == frame && is_within(&a, id, z))
        .map(|id| a.trie.node(id).total)
        .max()
        .unwrap();
    assert_eq!(a.trie.node(sel).total, best, "the heaviest one there");
}

#[test]
fn hash_highlights_every_instance_and_n_walks_them() {
    let mut app = open("pprof/cpu_before.pb.gz", 80, 24);
    let name = "perftui.test/corpus/jsonish.(*parser).parseValue";
    select_in_top(&mut app, name);
    press(&mut app, KeyCode::Char('#'));
    assert_eq!(app.view, View::Flame);
    let a = app.analysis.clone().unwrap();
    let mark = app.flame.mark.clone().unwrap();
    let frame = a.frame_named(name).unwrap();
    let n = mark.instances.len();
    assert_eq!(
        n,
        (1..a.trie.len() as u32)
            .filter(|&id| a.trie.node(id).frame == frame)
            .count()
    );
    // The combined share is the function's cum (pprof: 12.73s, 83.04%).
    let row = a.top.rows.iter().find(|r| r.frame == frame).unwrap();
    assert_eq!(mark.value, row.cum);
    let header: String = screen_text(&app).lines().take(2).collect();
    assert!(
        header.contains(&format!("{n} instances, 83.04% of total")),
        "{header}"
    );
    // Highlighted, with a mark that needs no colour: underlined.
    let t = crate::tui::draw(&app);
    let buf = t.backend().buffer();
    let underlined = (0..buf.area.height)
        .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            buf[(x, y)]
                .modifier
                .contains(ratatui::style::Modifier::UNDERLINED)
        })
        .count();
    assert!(underlined > 0);
    // n walks every instance, heaviest first, each readable on screen.
    let mut seen = Vec::new();
    for _ in 0..n {
        press(&mut app, KeyCode::Char('n'));
        let sel = app.flame.selected;
        assert_eq!(a.trie.node(sel).frame, frame);
        let w = drawn_width(&app, &a).unwrap_or(0);
        assert!(w as usize > "parseValue".len(), "instance drawn {w} wide");
        seen.push(sel);
    }
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), n, "every instance once");
    let here = app.flame.selected;
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Char('N'));
    assert_eq!(app.flame.selected, here);
    // # again (or Esc) stops.
    press(&mut app, KeyCode::Char('#'));
    assert!(app.flame.mark.is_none());
    press(&mut app, KeyCode::Char('#'));
    assert!(app.flame.mark.is_some());
    press(&mut app, KeyCode::Esc);
    assert!(app.flame.mark.is_none());
}
