//! The label panel (`t`): every label key with its values and shares, as
//! `perftui tags` counts them; a value picked with `f`/`i` joins the filter
//! stack as pprof's `tagfocus`/`tagignore` (the views then equal `perftui
//! top --tagfocus …`, itself pprof's), `u` pops it, and `g` groups the
//! flame graph's roots by the value's key. Real labelled profiles of
//! tests/data/src/labels.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::tui::{open, press, screen_text};
use perftui::explorer::state::Mode;
use perftui::explorer::App;
use perftui::profile::trie::ROOT;
use ratatui::crossterm::event::KeyCode;

/// Highlights the value `text` of `key` in the open panel.
fn highlight(app: &mut App, key: &str, text: &str) {
    let a = app.analysis.clone().unwrap();
    let target = a
        .labels
        .iter()
        .flat_map(|k| {
            k.values
                .iter()
                .map(move |v| (k.key.as_str(), v.text.as_str()))
        })
        .position(|kv| kv == (key, text))
        .unwrap();
    press(app, KeyCode::Home);
    for _ in 0..target {
        press(app, KeyCode::Down);
    }
    assert_eq!(app.mode, Mode::Labels { selected: target });
}

/// The top table's rows as `perftui top` prints them, first `n`.
fn top_rows(app: &App, n: usize) -> Vec<String> {
    let a = app.analysis.as_ref().unwrap();
    let text = a.top.to_text();
    let at = text.lines().position(|l| l.contains("flat%")).unwrap();
    text.lines()
        .skip(at + 1)
        .take(n)
        .map(str::to_string)
        .collect()
}

fn cli_rows(args: &[&str], n: usize) -> Vec<String> {
    let text = crate::common::stdout_ok(args);
    let at = text.lines().position(|l| l.contains("flat%")).unwrap();
    text.lines()
        .skip(at + 1)
        .take(n)
        .map(str::to_string)
        .collect()
}

#[test]
fn t_lists_every_key_with_the_shares_pprof_tags_counts() {
    let mut app = open("pprof/cpu_labels.pb.gz", 120, 40);
    press(&mut app, KeyCode::Char('t'));
    assert_eq!(app.mode, Mode::Labels { selected: 0 });
    let a = app.analysis.clone().unwrap();
    let keys: Vec<&str> = a.labels.iter().map(|k| k.key.as_str()).collect();
    assert_eq!(keys, ["route", "tenant", "worker"]);
    let route: Vec<(&str, i64)> = a.labels[0]
        .values
        .iter()
        .map(|v| (v.text.as_str(), v.value))
        .collect();
    // tests/data/reference/cpu_labels.tags.txt: 500ms, 210ms, 40ms.
    assert_eq!(
        route,
        [
            ("/api/orders", 500_000_000),
            ("/api/users", 210_000_000),
            ("/healthz", 40_000_000)
        ]
    );
    let screen = screen_text(&app);
    assert!(
        screen.contains("labels (f focus, i ignore, g group by, Esc)"),
        "{screen}"
    );
    assert!(
        screen.contains("/api/orders") && screen.contains("45.05%"),
        "{screen}"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn f_and_i_join_the_filter_stack_as_pprofs_tagfocus_and_tagignore() {
    let mut app = open("pprof/cpu_labels.pb.gz", 120, 40);
    press(&mut app, KeyCode::Char('t'));
    highlight(&mut app, "route", "/api/orders");
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.filters.len(), 1);
    assert_eq!(
        app.filters[0].describe(),
        r"tagfocus=route=^\Q/api/orders\E$"
    );
    assert!(
        screen_text(&app).contains("tagfocus=route="),
        "the stack shows it"
    );
    assert_eq!(
        top_rows(&app, 20),
        cli_rows(
            &[
                "top",
                "-n",
                "20",
                "--tagfocus=route=/api/orders",
                "pprof/cpu_labels.pb.gz"
            ],
            20
        )
    );
    // u pops it.
    press(&mut app, KeyCode::Char('u'));
    assert!(app.filters.is_empty());
    assert_eq!(app.analysis.as_ref().unwrap().top.total, 1_110_000_000);
    // Ignore a tenant.
    press(&mut app, KeyCode::Char('t'));
    highlight(&mut app, "tenant", "acme");
    press(&mut app, KeyCode::Char('i'));
    assert_eq!(
        top_rows(&app, 20),
        cli_rows(
            &[
                "top",
                "-n",
                "20",
                "--tagignore=tenant=acme",
                "pprof/cpu_labels.pb.gz"
            ],
            20
        )
    );
}

#[test]
fn numeric_label_values_filter_exactly() {
    let mut app = open("pprof/heap_labels.pb.gz", 120, 40);
    press(&mut app, KeyCode::Char('t'));
    let a = app.analysis.clone().unwrap();
    let bytes = a.labels.iter().find(|k| k.key == "bytes").unwrap();
    let heaviest = bytes.values[0].clone();
    highlight(&mut app, "bytes", &heaviest.text);
    press(&mut app, KeyCode::Char('f'));
    let total = app.analysis.as_ref().unwrap();
    // Only the samples with that size are left: their sum is the value.
    let kept: i64 = (0..total.view.samples.len())
        .map(|i| total.view.samples.value(i, total.index).abs())
        .sum();
    assert_eq!(kept, heaviest.value);
}

#[test]
fn g_groups_the_flame_graph_by_a_label_key_and_again_stops() {
    let mut app = open("pprof/cpu_labels.pb.gz", 120, 40);
    press(&mut app, KeyCode::Char('t'));
    highlight(&mut app, "route", "/api/users");
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.group_by.as_deref(), Some("route"));
    let a = app.analysis.clone().unwrap();
    let mut roots: Vec<(String, i64)> = a
        .trie
        .children(ROOT)
        .iter()
        .map(|&c| {
            (
                a.frames.name(a.trie.node(c).frame).to_string(),
                a.trie.node(c).total,
            )
        })
        .collect();
    roots.sort();
    assert_eq!(
        roots,
        [
            ("route:(none)".to_string(), 360_000_000),
            ("route:/api/orders".to_string(), 500_000_000),
            ("route:/api/users".to_string(), 210_000_000),
            ("route:/healthz".to_string(), 40_000_000),
        ]
    );
    assert!(screen_text(&app).contains("route:/api/orders"));
    press(&mut app, KeyCode::Char('t'));
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.group_by, None);
    let a = app.analysis.clone().unwrap();
    assert!(a
        .trie
        .children(ROOT)
        .iter()
        .all(|&c| !a.frames.name(a.trie.node(c).frame).starts_with("route:")));
}

#[test]
fn a_profile_without_labels_says_so() {
    let mut app = open("pprof/cpu_before.pb.gz", 120, 40);
    press(&mut app, KeyCode::Char('t'));
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(
        app.status.as_ref().unwrap().text,
        "the samples shown have no labels"
    );
}

#[test]
fn the_status_line_names_the_selections_labels() {
    let mut app = open("pprof/cpu_labels.pb.gz", 160, 40);
    crate::tui::select_in_top(&mut app, "main.handle");
    // 750ms of main.handle: 500ms /api/orders, 580ms acme and pool-a
    // (tests/data/reference/cpu_labels.tags.txt).
    let screen = screen_text(&app);
    assert!(
        screen.contains("route=/api/orders 67%, tenant=acme 77%, worker=pool-a 77%"),
        "{screen}"
    );
    // Unlabelled work has none.
    crate::tui::select_in_top(&mut app, "main.main");
    assert!(!screen_text(&app).contains("route="));
}
