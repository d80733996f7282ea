//! Goroutine profiles from protobuf (`debug=0`): groups named by the
//! program's own function, states read off the runtime function they wait
//! in (checked against the `debug=2` dump of the same goroutines), pprof
//! labels per group; and the view at 200 columns shows all of it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use perftui::profile::groups::{group, GoroutineGroup};
use ratatui::crossterm::event::KeyCode;

use crate::common;
use crate::tui::{open, press, screen_text};

fn groups_of(file: &str) -> Vec<GoroutineGroup> {
    let p = perftui::formats::load_file(&common::data_dir().join(file)).unwrap();
    group(&p, 0)
}

/// name -> (count, states) over groups of that name.
fn by_name(groups: &[GoroutineGroup]) -> BTreeMap<String, (i64, BTreeMap<String, i64>)> {
    let mut out: BTreeMap<String, (i64, BTreeMap<String, i64>)> = BTreeMap::new();
    for g in groups {
        let e = out.entry(g.name.clone()).or_default();
        e.0 += g.count;
        for (s, n) in &g.states {
            *e.1.entry(s.clone()).or_default() += n;
        }
    }
    out
}

#[test]
fn protobuf_groups_are_named_by_the_programs_function() {
    let groups = groups_of("pprof/goroutine.pb.gz");
    assert_eq!(groups.iter().map(|g| g.count).sum::<i64>(), 161);
    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names[0], "main.recvWorker");
    assert!(!names.contains(&"runtime.gopark"), "{names:?}");
    for want in [
        "main.sendWorker",
        "main.selectWorker",
        "main.sleeper",
        "main.mutexWaiter",
        "main.condWaiter",
        "main.wgWaiter",
        "main.labelled.func1",
        "main.acceptLoop",
        "main.emptySelect",
        "main.deep",
        "main.spinner",
    ] {
        assert!(names.contains(&want), "{want} missing: {names:?}");
    }
}

#[test]
fn protobuf_states_agree_with_the_debug2_dump_of_the_same_goroutines() {
    let pb = groups_of("pprof/goroutine.pb.gz");
    assert!(pb.iter().all(|g| g.states_inferred && !g.states.is_empty()));
    let dump = groups_of("pprof/goroutine.debug2.txt");
    assert!(dump.iter().all(|g| !g.states_inferred));
    let (pb, dump) = (by_name(&pb), by_name(&dump));
    assert_eq!(
        pb.keys().collect::<Vec<_>>(),
        dump.keys().collect::<Vec<_>>(),
        "the same groups by name"
    );
    for (name, (count, states)) in &pb {
        let (dcount, dstates) = &dump[name];
        assert_eq!(count, dcount, "{name}");
        // Go 1.19 (the dump's) said `semacquire` where newer Go says what
        // waits; "locked to thread" is not on the stack.
        let normal = |s: &str| match s {
            "sync.Mutex.Lock" | "sync.WaitGroup.Wait" => "semacquire".to_string(),
            s => s.trim_end_matches(", locked to thread").to_string(),
        };
        let a: BTreeMap<String, i64> = states.iter().map(|(s, n)| (normal(s), *n)).collect();
        let b: BTreeMap<String, i64> = dstates.iter().map(|(s, n)| (normal(s), *n)).collect();
        assert_eq!(a, b, "{name}");
    }
    assert_eq!(
        pb["main.mutexWaiter"].1.keys().collect::<Vec<_>>(),
        ["sync.Mutex.Lock"]
    );
}

#[test]
fn pprof_labels_split_groups_and_show_per_group() {
    let groups = groups_of("pprof/goroutine.pb.gz");
    let labelled: Vec<&GoroutineGroup> = groups
        .iter()
        .filter(|g| g.name == "main.labelled.func1")
        .collect();
    assert_eq!(labelled.len(), 3, "one group per label set");
    let mut routes: Vec<String> = labelled
        .iter()
        .map(|g| {
            assert_eq!(g.count, 2);
            let l: BTreeMap<_, _> = g.labels.iter().cloned().collect();
            assert_eq!(l["worker"], "pool-a");
            l["route"].clone()
        })
        .collect();
    routes.sort();
    assert_eq!(routes, ["/api/orders", "/api/users", "/healthz"]);
    assert!(groups
        .iter()
        .filter(|g| g.name != "main.labelled.func1")
        .all(|g| g.labels.is_empty()));
}

#[test]
fn the_goroutine_view_at_200_columns_shows_states_labels_and_names() {
    let mut app = open("pprof/goroutine.pb.gz", 200, 50);
    press(&mut app, KeyCode::Char('4'));
    let screen = screen_text(&app);
    let line = |needle: &str| {
        screen
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle}:\n{screen}"))
            .to_string()
    };
    let first = line("main.recvWorker");
    assert!(
        first.contains("100") && first.contains("chan receive"),
        "{first}"
    );
    assert!(line("main.mutexWaiter").contains("sync.Mutex.Lock"));
    assert!(line("main.emptySelect").contains("select (no cases)"));
    assert!(line("main.acceptLoop").contains("IO wait"));
    let orders = line("route=/api/orders");
    assert!(orders.contains("worker=pool-a") && orders.contains("main.labelled.func1"));
    insta::assert_snapshot!("goroutines_protobuf_200x50", screen);
}
