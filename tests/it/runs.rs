//! Run directories (`perftui diff runA/ runB/`): pairing by name, the
//! summary's numbers against pprof's totals, the summary screen, and the
//! keys that open a pair or jump from the benchmarks to a profile diff.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use perftui::bench_view::{self as benchview, BenchApp};
use perftui::report::units::scaled_label;
use perftui::run_dirs::{pair, PairKind, ProfileKind};
use perftui::run_summary::{self as runsview, RunsApp, RunsMsg};
use perftui::tui::{Effect, Job};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(c: char) -> KeyEvent {
    let mods = if c.is_ascii_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    KeyEvent::new(KeyCode::Char(c), mods)
}

/// The pair a list of effects starts to open (its index among `pairs`) and
/// the benchmark it focuses on.
fn opens(
    pairs: &[perftui::run_dirs::RunPair],
    effects: &[Effect],
) -> Option<(usize, Option<String>)> {
    effects.iter().find_map(|e| match e {
        Effect::Spawn(Job::OpenPair(j)) => pairs
            .iter()
            .position(|p| p.name == j.pair.name)
            .map(|i| (i, j.focus.clone())),
        _ => None,
    })
}

#[test]
fn pairs_by_name_with_pprofs_totals() {
    let app = crate::common::runs_summary();
    let names: Vec<&str> = app.pairs.iter().map(|p| p.name.as_str()).collect();
    // Benchmarks first, then profiles by name.
    assert_eq!(
        names,
        ["bench.txt", "cpu.pb.gz", "goroutine.txt", "mem.pb.gz"]
    );
    let reference =
        std::fs::read_to_string(common::data_dir().join("reference/runs_totals.txt")).unwrap();
    // "before/cpu.pb.gz: Showing nodes accounting for 1260ms, 30.07% of 4190ms total"
    let total_of = |side: &str, file: &str| -> String {
        let line = reference
            .lines()
            .find(|l| l.starts_with(&format!("{side}/{file}:")))
            .unwrap();
        line.rsplit(" of ")
            .next()
            .unwrap()
            .trim_end_matches(" total")
            .to_string()
    };
    for p in &app.pairs[1..] {
        let PairKind::Profile(s) = &p.kind else {
            panic!("{}: {:?}", p.name, p.kind)
        };
        let unit = match s.unit.as_str() {
            "nanoseconds" => "ms",
            "bytes" => "MB",
            _ => "count",
        };
        assert_eq!(
            scaled_label(s.before, &s.unit, unit),
            total_of("before", &p.name),
            "{}",
            p.name
        );
        assert_eq!(
            scaled_label(s.after, &s.unit, unit),
            total_of("after", &p.name)
        );
    }
    let kinds: Vec<ProfileKind> = app.pairs[1..]
        .iter()
        .map(|p| match &p.kind {
            PairKind::Profile(s) => s.kind,
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ProfileKind::Cpu,
            ProfileKind::Goroutine,
            ProfileKind::Memory
        ]
    );
    let PairKind::Bench(b) = &app.pairs[0].kind else {
        panic!()
    };
    // The after build is about 3x faster: every sec/op row is better.
    assert!(b.better >= 4 && b.worse == 0, "{b:?}");
    let (unit, g) = b.geomean.clone().unwrap();
    assert_eq!(unit, "sec/op");
    assert!(g < -50.0, "{g}");
}

#[test]
fn files_in_one_run_only_and_unreadable_pairs_are_listed() {
    let dir = common::TempDir::new("runs");
    let tmp = dir.0.clone();
    let (a, b) = (tmp.join("a"), tmp.join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let src = crate::common::runs_dir();
    std::fs::copy(src.join("before/cpu.pb.gz"), a.join("cpu.pb.gz")).unwrap();
    std::fs::copy(src.join("after/cpu.pb.gz"), b.join("cpu.pb.gz")).unwrap();
    std::fs::copy(src.join("before/bench.txt"), a.join("bench.txt")).unwrap();
    std::fs::write(b.join("notes.pb.gz"), b"not a profile").unwrap();
    std::fs::write(a.join("notes.pb.gz"), b"not a profile").unwrap();
    // A truncated copy: half the bytes of the gzip.
    let mem = std::fs::read(src.join("after/mem.pb.gz")).unwrap();
    std::fs::copy(src.join("before/mem.pb.gz"), a.join("mem.pb.gz")).unwrap();
    std::fs::write(b.join("mem.pb.gz"), &mem[..mem.len() / 2]).unwrap();
    std::fs::write(b.join(".hidden"), b"x").unwrap();
    let pairs = pair(&a, &b, u64::MAX).unwrap();
    let got: Vec<(&str, String)> = pairs
        .iter()
        .map(|p| {
            let k = match &p.kind {
                PairKind::Bench(_) => "bench".to_string(),
                PairKind::Profile(_) => "profile".to_string(),
                PairKind::OnlyIn { before } => format!("only in before={before}"),
                PairKind::Error(e) => format!("error: {e}"),
            };
            (p.name.as_str(), k)
        })
        .collect();
    assert_eq!(got[0], ("cpu.pb.gz", "profile".to_string()));
    assert!(
        got[1].0 == "mem.pb.gz" && got[1].1.contains("mem.pb.gz"),
        "{got:?}"
    );
    assert!(
        got[2].0 == "notes.pb.gz" && got[2].1.starts_with("error:"),
        "{got:?}"
    );
    assert_eq!(got[3], ("bench.txt", "only in before=true".to_string()));
    assert_eq!(got.len(), 4, "hidden files are skipped: {got:?}");
    // Enter on a pair that cannot be compared says why, and opens nothing.
    let mut app = RunsApp::new(pairs, "a → b".into());
    runsview::update(&mut app, RunsMsg::Move(3));
    let e = runsview::update(&mut app, RunsMsg::Open);
    assert_eq!(opens(&app.pairs, &e), None);
    assert!(app
        .status
        .as_ref()
        .unwrap()
        .contains("only in the BEFORE run"));
    runsview::update(&mut app, RunsMsg::Move(-2));
    let e = runsview::update(&mut app, RunsMsg::Open);
    assert_eq!(opens(&app.pairs, &e), None);
    assert!(app.status.as_ref().unwrap().contains("mem.pb.gz"));
    // No memory profile pair that reads: M says so.
    runsview::update(&mut app, RunsMsg::OpenKind(ProfileKind::Memory, None));
    assert!(app.status.as_ref().unwrap().contains("no memory profile"));
}

#[test]
fn keys_open_pairs_and_profile_kinds() {
    let mut app = crate::common::runs_summary();
    let send = |app: &mut RunsApp, c: char| {
        let msg = perftui::run_summary::keymap::key_to_msg(app, key(c)).unwrap();
        runsview::update(app, msg)
    };
    send(&mut app, 'j');
    send(&mut app, 'j');
    assert_eq!(app.selected, 2);
    let enter = perftui::run_summary::keymap::key_to_msg(
        &app,
        KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
    );
    let e = runsview::update(&mut app, enter.unwrap());
    assert_eq!(opens(&app.pairs, &e), Some((2, None)));
    let e = send(&mut app, 'M');
    assert_eq!(opens(&app.pairs, &e), Some((3, None)), "mem.pb.gz");
    let e = send(&mut app, 'C');
    assert_eq!(opens(&app.pairs, &e), Some((1, None)), "cpu.pb.gz");
}

#[test]
fn from_the_benchmarks_one_key_asks_for_the_cpu_profile_diff() {
    let dir = crate::common::runs_dir();
    let files = [
        dir.join("before/bench.txt").display().to_string(),
        dir.join("after/bench.txt").display().to_string(),
    ];
    let tables = perftui::input::Loader::default()
        .benchmarks(&files, &Default::default(), false)
        .map(|t| t.0)
        .unwrap();
    let mut b = BenchApp::new(tables, "t".into());
    // Outside run directories, C explains itself.
    let press_c = |b: &mut BenchApp| {
        let msg = perftui::bench_view::keymap::key_to_msg(&b.mode, key('C'), false).unwrap();
        benchview::update(b, msg)
    };
    let e = press_c(&mut b);
    assert!(e.is_empty());
    assert!(b.status.as_ref().unwrap().contains("run directories"));
    let runs = crate::common::runs_summary();
    b.links = Some(perftui::bench_view::RunLinks {
        pairs: std::sync::Arc::clone(&runs.pairs),
        options: runs.options.clone(),
    });
    let e = press_c(&mut b);
    // With the selected benchmark, to focus the profile diff on its code.
    let (i, benchmark) = opens(&runs.pairs, &e).unwrap();
    let kind = ProfileKind::Cpu;
    assert_eq!(runs.pairs[i].name, "cpu.pb.gz");
    let benchmark = benchmark.unwrap();
    assert_eq!(benchmark, "Parse/records=10-2");
    let focus =
        regex::Regex::new(&perftui::run_dirs::benchmark_focus(&benchmark).unwrap()).unwrap();
    let cpu = perftui::formats::load_file(&dir.join("before/cpu.pb.gz")).unwrap();
    let matching: Vec<&str> = cpu
        .functions
        .iter()
        .map(|f| cpu.str(f.name))
        .filter(|n| focus.is_match(n))
        .collect();
    assert_eq!(
        matching,
        ["perftui.test/corpus/jsonish.BenchmarkParse.func1"]
    );
    // The summary asks for that pair with that benchmark.
    let mut app = crate::common::runs_summary();
    let e = runsview::update(&mut app, RunsMsg::OpenKind(kind, Some(benchmark.clone())));
    assert_eq!(opens(&app.pairs, &e), Some((1, Some(benchmark))));
}

#[test]
fn summary_screen() {
    for (w, h) in [(80, 24), (200, 50)] {
        let mut app = crate::common::runs_summary();
        let text = perftui::tui::runtime::snapshot(&mut app, w, h, Default::default());
        insta::assert_snapshot!(format!("runs_summary_{w}x{h}"), text);
    }
    // Tiny terminals do not panic.
    for (w, h) in [(1, 1), (10, 3), (30, 6)] {
        let mut app = crate::common::runs_summary();
        runsview::update(&mut app, RunsMsg::Help);
        perftui::tui::runtime::snapshot(&mut app, w, h, Default::default());
    }
}

#[test]
fn the_cli_opens_run_directories_and_refuses_a_mix() {
    let dir = crate::common::runs_dir();
    let out = common::perftui(&[
        "diff",
        dir.join("before").to_str().unwrap(),
        dir.join("after").to_str().unwrap(),
        "--snapshot",
        "100x12",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("cpu.pb.gz") && text.contains("4.19s") && text.contains("3.80s"),
        "{text}"
    );
    let mixed = common::perftui(&[
        "diff",
        dir.join("before").to_str().unwrap(),
        dir.join("after/cpu.pb.gz").to_str().unwrap(),
    ]);
    assert_eq!(mixed.status.code(), Some(1));
    let err = String::from_utf8_lossy(&mixed.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    let mixed = common::perftui(&[
        "diff",
        dir.join("before/bench.txt").to_str().unwrap(),
        dir.join("after/cpu.pb.gz").to_str().unwrap(),
    ]);
    assert_eq!(mixed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&mixed.stderr).contains("is a benchmark file"));
}

#[test]
fn markdown_summary_of_run_directories_for_a_pull_request() {
    let out = common::perftui_in(
        &common::runs_dir(),
        &["diff", "--format", "markdown", "before", "after"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = md.lines().collect();
    // The same totals as the summary screen (pprof's), one row a pair.
    assert_eq!(
        lines[..8],
        [
            "### perftui diff: `before` → `after`",
            "",
            "| file | kind | before | after | change | |",
            "|---|---|--:|--:|--:|---|",
            "| `bench.txt` | benchmarks |  |  | -58.38% | 15 compared: 0 worse, 12 better (geomean sec/op) |",
            "| `cpu.pb.gz` | cpu profile | 4.19s | 3.80s | -9.3% | total cpu |",
            "| `goroutine.txt` | goroutines | 11 | 27 | +145.5% | total goroutine |",
            "| `mem.pb.gz` | memory profile | 2.89GB | 3.37GB | +16.7% | total alloc\\_space |",
        ]
    );
    // Then the benchmark pair's comparison: the numbers of `perftui bench`.
    assert!(
        md.contains("\n#### `bench.txt`\n\n**sec/op** (goos: `linux`"),
        "{md}"
    );
    assert!(
        md.contains("| Parse/records=10-2 | 53.60µ ± 3% | 16.29µ ± 2% | -69.61% (p=0.002 n=6) |"),
        "{md}"
    );
    let text = common::perftui_in(
        &common::runs_dir(),
        &["bench", "before/bench.txt", "after/bench.txt"],
    );
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains(
            "Parse/records=10-2          53.60µ ± 3%   16.29µ ± 2%  -69.61% (p=0.002 n=6)"
        ),
        "{text}"
    );

    // Two profiles have no Markdown form: said, not silently a TUI.
    let out = common::perftui_in(
        &common::runs_dir(),
        &[
            "diff",
            "--format",
            "markdown",
            "before/cpu.pb.gz",
            "after/cpu.pb.gz",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("for two profiles use `perftui top --diff-base"));
}
