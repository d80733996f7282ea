//! `perftui flamegraph`: SVG through inferno, plain and differential, with
//! the sample type, filters and normalisation of the other subcommands.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{perftui, stdout_ok};

/// Every frame tooltip (`<title>` of a frame group), parsed from valid XML.
fn parse(svg: &str) -> roxmltree::Document<'_> {
    // inferno writes a DOCTYPE line; it is still plain XML.
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(svg, opts).expect("valid XML")
}

fn frame_titles(svg: &str) -> Vec<String> {
    let doc = parse(svg);
    doc.descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text().map(str::to_string))
        .collect()
}

fn heading(svg: &str) -> String {
    let doc = parse(svg);
    doc.descendants()
        .find(|n| n.attribute("id") == Some("title"))
        .and_then(|n| n.text())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_profile_as_svg() {
    let svg = stdout_ok(&["flamegraph", "pprof/cpu_before.pb.gz"]);
    assert_eq!(heading(&svg), "cpu_before.pb.gz (cpu)");
    let titles = frame_titles(&svg);
    assert!(titles.len() > 100, "{}", titles.len());
    // The root spans everything: pprof's total of the profile, 15.33s.
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("all (15,330,000,000 nanoseconds, 100%)")),
        "{:?}",
        &titles[..5]
    );
    assert!(titles
        .iter()
        .any(|t| t.starts_with("perftui.test/corpus/jsonish.(*parser).parseObject (")));
    // Deterministic: the same input, the same file.
    assert_eq!(svg, stdout_ok(&["flamegraph", "pprof/cpu_before.pb.gz"]));
}

#[test]
fn sample_type_and_filters_apply() {
    let svg = stdout_ok(&[
        "flamegraph",
        "--sample-index",
        "alloc_objects",
        "--focus",
        "formatStrings",
        "pprof/allocs.pb.gz",
    ]);
    assert_eq!(heading(&svg), "allocs.pb.gz (alloc_objects)");
    let titles = frame_titles(&svg);
    // pprof: main.formatStrings has cum 989646 objects; with --focus that
    // is everything drawn.
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("all (989,646 count, 100%)")),
        "{:?}",
        &titles[..3]
    );
    assert!(titles
        .iter()
        .any(|t| t.starts_with("main.formatStrings (989,646 count")));
    // main.transientBuffers allocates a million objects, not through
    // formatStrings: --focus leaves it out.
    assert!(titles
        .iter()
        .all(|t| !t.starts_with("main.transientBuffers")));
}

#[test]
fn a_differential_svg() {
    let svg = stdout_ok(&[
        "flamegraph",
        "--diff-base",
        "pprof/cpu_before.pb.gz",
        "pprof/cpu_after.pb.gz",
        "-o",
        "-",
    ]);
    assert_eq!(heading(&svg), "cpu_before.pb.gz → cpu_after.pb.gz (cpu)");
    let titles = frame_titles(&svg);
    // inferno's differential tooltips: value, share and the change.
    assert!(
        titles.iter().any(|t| t.contains("%; +")),
        "{:?}",
        &titles[..5]
    );
    assert!(titles.iter().any(|t| t.contains("%; -")));
    // A function new in AFTER is drawn; red and blue frames both exist.
    assert!(titles
        .iter()
        .any(|t| t.starts_with("perftui.test/corpus/jsonish.(*parser).parseEscaped")));
    let doc = parse(&svg);
    let fills: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .filter_map(|n| n.attribute("fill"))
        .collect();
    let red = fills
        .iter()
        .any(|f| f.starts_with("rgb(255,") && !f.starts_with("rgb(255,255,255"));
    let blue = fills
        .iter()
        .any(|f| f.ends_with(",255)") && !f.starts_with("rgb(255,"));
    assert!(red && blue, "{fills:?}");

    let normalized = stdout_ok(&[
        "flamegraph",
        "--normalize",
        "--diff-base",
        "pprof/cpu_before.pb.gz",
        "pprof/cpu_after.pb.gz",
    ]);
    assert_ne!(normalized, svg, "--normalize changes the picture");
    frame_titles(&normalized);
}

#[test]
fn writes_to_a_file_and_reports_errors_in_one_line() {
    let tmp = common::TempDir::new("svg");
    let dir = tmp.0.clone();
    let out = dir.join("cpu.svg");
    let status = perftui(&[
        "flamegraph",
        "pprof/cpu_before.pb.gz",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(status.status.success());
    frame_titles(&std::fs::read_to_string(&out).unwrap());

    let bad = perftui(&[
        "flamegraph",
        "--diff-base",
        "pprof/heap.pb.gz",
        "pprof/cpu_after.pb.gz",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("pprof/heap.pb.gz") && err.contains("incompatible"),
        "{err}"
    );

    let missing = perftui(&["flamegraph", "pprof/nope.pb.gz"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("pprof/nope.pb.gz"));
}
