//! Benchmark charts on real `go test -bench -cpu=1,2` output with a size
//! sweep (tests/data/charts, see its README): the series and numbers of the
//! scaling and sweep charts, rendered screens at 80×24 and 160×48, and the
//! SVG export.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use perftui::bench::chart::{self, ChartKind};
use perftui::bench::{formats, table};
use perftui::bench_view::{update, BenchApp, BenchMode, BenchMsg, ChartChoice};

fn tables() -> table::Tables {
    let dir = common::data_dir().join("charts");
    let inputs = ["before.txt", "after.txt"].map(|f| formats::Input {
        path: dir.join(f),
        label: f.to_string(),
    });
    let loaded = formats::load(&inputs, u64::MAX).unwrap();
    let mut b = table::Builder::new(&table::Options::default()).unwrap();
    for r in &loaded.results {
        b.add(r);
    }
    b.finish(&loaded.units)
}

fn row(t: &table::Table, name: &str) -> usize {
    t.rows.iter().position(|r| r == name).unwrap()
}

#[test]
fn scaling_chart_of_the_parallel_benchmark() {
    let tables = tables();
    let t = &tables.tables[0];
    assert_eq!(t.unit, "sec/op");
    let c = chart::scaling(t, row(t, "HashParallel-2")).unwrap();
    assert_eq!(c.kind, ChartKind::Scaling);
    assert_eq!(c.series.len(), 3, "before, after, ideal");
    // Speedup = median at 1 proc / median at 2, from the table's medians.
    let m = |r: &str, col: usize| t.cells[row(t, r)][col].as_ref().unwrap().summary.center;
    let want = m("HashParallel", 0) / m("HashParallel-2", 0);
    assert_eq!(c.series[0].points[1].y, want);
    assert_eq!(c.series[0].points[0].y, 1.0);
    assert!(
        c.series[0].note.contains(&format!("{want:.2}× at 2")),
        "{}",
        c.series[0].note
    );
    assert!(c.series[2].reference);
    assert_eq!(c.series[2].points[1].y, 2.0, "ideal: linear");
}

#[test]
fn sweep_chart_slopes_show_quadratic_before_and_linear_after() {
    let tables = tables();
    let t = &tables.tables[0];
    let c = chart::sweep(t, row(t, "Dedupe/size=1000")).unwrap();
    assert_eq!(c.kind, ChartKind::Sweep);
    assert!(c.log_x && c.log_y, "10..10000 spans three decades");
    let names: Vec<&str> = c.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "before.txt 1 proc",
            "before.txt 2 procs",
            "after.txt 1 proc",
            "after.txt 2 procs"
        ]
    );
    let slope = |i: usize| chart::log_log_slope(&c.series[i].points).unwrap();
    // Real, noisy runs: the quadratic dedupe is well above linear, the map
    // version near it.
    assert!(slope(0) > 1.5, "before: {}", slope(0));
    assert!(slope(2) > 0.7 && slope(2) < 1.3, "after: {}", slope(2));
    assert!(c.series[0].note.starts_with("slope "));
    // Sum over four decades: linear.
    let s = chart::sweep(t, row(t, "Sum/size=100")).unwrap();
    assert!(s.log_x);
    let sum_slope = chart::log_log_slope(&s.series[0].points).unwrap();
    assert!(sum_slope > 0.7 && sum_slope < 1.3, "sum: {sum_slope}");
}

fn app_on(name: &str) -> BenchApp {
    let mut app = BenchApp::new(tables(), "before.txt vs after.txt".into());
    let t = app.current().unwrap();
    let r = row(t, name);
    let pos = app.rows.iter().position(|&x| x == r).unwrap();
    app.selected = pos;
    app
}

fn screen(app: &mut BenchApp, w: u16, h: u16) -> String {
    perftui::tui::runtime::snapshot(app, w, h, Default::default())
}

#[test]
fn charts_render_at_80x24_and_160x48() {
    let mut app = app_on("HashParallel");
    update(&mut app, BenchMsg::Chart);
    assert_eq!(app.mode, BenchMode::Chart(ChartChoice::Scaling));
    insta::assert_snapshot!("chart_scaling_80x24", screen(&mut app, 80, 24));
    insta::assert_snapshot!("chart_scaling_160x48", screen(&mut app, 160, 48));

    let mut app = app_on("Dedupe/size=1000");
    update(&mut app, BenchMsg::Chart);
    update(&mut app, BenchMsg::Chart);
    assert_eq!(app.mode, BenchMode::Chart(ChartChoice::Sweep));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("size (log)"), "{s}");
    insta::assert_snapshot!("chart_sweep_80x24", s);
    insta::assert_snapshot!("chart_sweep_160x48", screen(&mut app, 160, 48));

    update(&mut app, BenchMsg::Chart);
    assert_eq!(app.mode, BenchMode::Chart(ChartChoice::Distribution));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("P95"), "{s}");
    insta::assert_snapshot!("chart_distribution_80x24", s);
    insta::assert_snapshot!("chart_distribution_160x48", screen(&mut app, 160, 48));

    // Tab keeps the benchmark and the chart in the next unit (B/op).
    update(&mut app, BenchMsg::Table(true));
    assert_eq!(app.current().unwrap().unit, "B/op");
    let t = app.current().unwrap();
    assert_eq!(t.rows[app.selected_row().unwrap()], "Dedupe/size=1000");
    update(&mut app, BenchMsg::CloseChart);
    assert_eq!(app.mode, BenchMode::Normal);
}

#[test]
fn svg_export_is_valid_xml_with_series_and_axes() {
    let svg = chart_svg("sweep", &["--filter", ".name:Dedupe .unit:sec/op"]);
    let doc = roxmltree::Document::parse(&svg).expect("valid XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
    for want in [
        "before.txt 1 proc",
        "after.txt 2 procs",
        "size (log)",
        "sec/op (log)",
    ] {
        assert!(texts.contains(&want), "{want:?} in {texts:?}");
    }
    assert!(texts
        .iter()
        .any(|t| t.starts_with("Dedupe · sec/op over size")));
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("polyline"))
            .count(),
        4
    );

    let svg = chart_svg("scaling", &["--filter", ".name:HashParallel"]);
    let doc = roxmltree::Document::parse(&svg).expect("valid XML");
    let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(texts.contains(&"GOMAXPROCS"), "{texts:?}");
    assert!(texts.contains(&"ideal"), "{texts:?}");
}

#[test]
fn without_a_filter_every_benchmark_is_on_the_chart() {
    let legend = |svg: &str| -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).expect("valid XML");
        doc.descendants()
            .filter_map(|n| n.text())
            .map(str::to_string)
            .collect()
    };
    let texts = legend(&chart_svg("sweep", &[]));
    // A sweep chart per unit, stacked in one SVG.
    for title in ["Dedupe · B/op over size", "Dedupe · allocs/op over size"] {
        assert!(texts.contains(&title.to_string()), "{title}: {texts:?}");
    }
    assert!(
        texts.contains(&"2 benchmarks · sec/op over size".to_string()),
        "{texts:?}"
    );
    for s in [
        "Dedupe before.txt 1 proc",
        "Dedupe after.txt 2 procs",
        "Sum before.txt 1 proc",
        "Sum after.txt 2 procs",
    ] {
        assert!(texts.contains(&s.to_string()), "{s}: {texts:?}");
    }
    let texts = legend(&chart_svg("scaling", &[]));
    assert!(
        texts.contains(&"10 benchmarks · speedup from sec/op over GOMAXPROCS".to_string()),
        "{texts:?}"
    );
    for s in [
        "HashParallel before.txt",
        "Dedupe/size=10 after.txt",
        "Sum/size=100000 before.txt",
    ] {
        assert!(texts.contains(&s.to_string()), "{s}: {texts:?}");
    }
    // One ideal line: its name as often as any one series' name.
    let count = |name: &str| texts.iter().filter(|t| *t == name).count();
    assert_eq!(
        count("ideal"),
        count("HashParallel before.txt"),
        "{texts:?}"
    );
}

/// `perftui bench --chart KIND ARGS -o FILE before.txt after.txt`, and the
/// SVG it wrote.
fn chart_svg(kind: &str, args: &[&str]) -> String {
    let dir = common::data_dir().join("charts");
    // One file per call: tests drawing the same kind run at once.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let out_file =
        std::env::temp_dir().join(format!("perftui-{kind}-{}-{n}.svg", std::process::id()));
    let out = common::perftui_in(
        &dir,
        &[
            &["bench", "--chart", kind][..],
            args,
            &["-o", out_file.to_str().unwrap(), "before.txt", "after.txt"],
        ]
        .concat(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(&out_file).unwrap();
    let _ = std::fs::remove_file(&out_file);
    svg
}
