//! Names from files never put control characters (ESC, CSI...) on the
//! terminal: a profile or benchmark named with ANSI escape sequences is
//! drawn with `�` in their place.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use perftui::bench::{formats, table};
use perftui::bench_view::BenchApp;
use perftui::explorer::App;
use perftui::profile::frames::Granularity;

const EVIL: &str = "\u{1b}[2J\u{1b}[31mevil\u{7}\u{9b}31m";

fn no_control(s: &str) {
    assert!(!s.chars().any(|c| c.is_control() && c != '\n'), "{s:?}");
}

#[test]
fn profile_names_are_sanitised() {
    let folded = format!("main;{EVIL} 10\nmain;ok 5\n");
    let profile = perftui::formats::read_profile(folded.as_bytes()).unwrap();
    let (mut app, _) = App::new(profile, "evil".into(), None, Granularity::Functions).unwrap();
    let s = perftui::tui::runtime::snapshot(&mut app, 100, 30, Default::default());
    no_control(&s);
    assert!(s.contains("�[2J�[31mevil�"), "{s}");
}

#[test]
fn benchmark_names_are_sanitised() {
    let text = format!("pkg: {EVIL}\nBenchmark{EVIL} 1 5 ns/op\nBenchmark{EVIL} 1 6 ns/op\n");
    let mut loaded = formats::Loaded::default();
    formats::load_bytes(text.as_bytes(), "f", "f", &mut loaded).unwrap();
    let mut b = table::Builder::new(&table::Options::default()).unwrap();
    for r in &loaded.results {
        b.add(r);
    }
    let mut app = BenchApp::new(b.finish(&loaded.units), EVIL.into());
    let s = perftui::tui::runtime::snapshot(&mut app, 100, 24, Default::default());
    no_control(&s);
    assert!(s.contains("�[31mevil"), "{s}");
}
