//! `perftui peek`: the callers and callees of matching functions, printed
//! exactly as `go tool pprof -peek` prints them (pprof's `printTree`).

use std::fmt::Write as _;

use crate::goregex::GoRegex;
use crate::profile::frames::FrameTable;
use crate::profile::graph::{self, Edge, GraphOptions};
use crate::profile::Profile;

use super::top::build_filtered;
use super::units::percentage;

const SEPARATOR: &str = "----------------------------------------------------------+-------------";
const LEGEND: &str = "      flat  flat%   sum%        cum   cum%   calls calls% + context \t \t ";

/// The peek report of `view` (a filtered copy of `profile`, or `profile`)
/// for the nodes whose printed name matches `pattern`. pprof does not trim
/// this graph: every node and edge is shown, whatever `graph`'s fractions.
pub fn peek(
    profile: &Profile,
    view: &Profile,
    frames: &FrameTable,
    graph: &GraphOptions,
    output_unit: Option<&str>,
    pattern: &GoRegex,
    active_filters: &[String],
) -> Result<String, String> {
    let untrimmed = GraphOptions {
        node_count: None,
        node_fraction: 0.0,
        edge_fraction: 0.0,
        ..*graph
    };
    let report = build_filtered(
        profile,
        view,
        frames,
        &untrimmed,
        output_unit,
        active_filters,
    );
    let mut callers: Vec<Vec<Edge>> = vec![Vec::new(); frames.len()];
    let mut callees: Vec<Vec<Edge>> = vec![Vec::new(); frames.len()];
    for e in graph::edges(view, frames, graph.sample_index) {
        callers[e.dst as usize].push(e);
        callees[e.src as usize].push(e);
    }
    // pprof's edge order: heavier first, then by caller, then by callee.
    let order = |a: &Edge, b: &Edge| {
        b.weight
            .wrapping_abs()
            .cmp(&a.weight.wrapping_abs())
            .then_with(|| frames.name(a.src).cmp(frames.name(b.src)))
            .then_with(|| frames.name(a.dst).cmp(frames.name(b.dst)))
    };
    let mut out = String::new();
    for l in &report.labels {
        out.push_str(l);
        out.push('\n');
    }
    out.push_str(SEPARATOR);
    out.push('\n');
    out.push_str(LEGEND);
    out.push('\n');
    let total = report.total;
    let mut flat_sum = 0i64;
    let mut matched = 0usize;
    for row in &report.rows {
        if !pattern.is_match(&row.name) {
            continue;
        }
        matched += 1;
        let _ = writeln!(out, "{SEPARATOR}");
        let edge_line = |out: &mut String, e: &Edge, other: u32| {
            let inline = if e.inline { " (inline)" } else { "" };
            let _ = writeln!(
                out,
                "{:>50} {} |   {}{inline}",
                report.fmt(e.weight),
                percentage(e.weight, row.cum),
                frames.name(other)
            );
        };
        let mut ins = std::mem::take(&mut callers[row.frame as usize]);
        ins.sort_by(order);
        for e in &ins {
            edge_line(&mut out, e, e.src);
        }
        flat_sum = flat_sum.wrapping_add(row.flat);
        let _ = writeln!(
            out,
            "{:>10} {} {} {:>10} {}                | {}",
            report.fmt(row.flat),
            percentage(row.flat, total),
            percentage(flat_sum, total),
            report.fmt(row.cum),
            percentage(row.cum, total),
            row.name
        );
        let mut outs = std::mem::take(&mut callees[row.frame as usize]);
        outs.sort_by(order);
        for e in &outs {
            edge_line(&mut out, e, e.dst);
        }
    }
    if !report.rows.is_empty() {
        out.push_str(SEPARATOR);
        out.push('\n');
    }
    if matched == 0 {
        return Err(format!("no matches found for regexp: {}", pattern.as_str()));
    }
    Ok(out)
}
