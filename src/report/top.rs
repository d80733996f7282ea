//! The top table (`perftui top`), printed exactly as `go tool pprof -top`.

use std::fmt::Write as _;

use serde::Serialize;

use crate::profile::filter::{self, Filters};
use crate::profile::frames::{FrameTable, Granularity};
use crate::profile::graph::{self, GraphOptions, InlineLabel};
use crate::profile::select;
use crate::profile::Profile;

use super::timefmt::pprof_time;
use super::units::{label, percentage, scale, scaled_label, select_output_unit};

/// What to compute.
#[derive(Debug, Clone, Default)]
pub struct TopOptions {
    /// `--sample-index`: a type name or number.
    pub sample_index: Option<String>,
    /// Sort by cum.
    pub cum: bool,
    /// Show at most this many rows.
    pub node_count: Option<usize>,
    /// Name filters.
    pub filters: Filters,
    /// Node granularity.
    pub granularity: Granularity,
    /// `--unit`: the unit values print in (`None`: pprof's choice).
    pub unit: Option<String>,
}

/// One row.
#[derive(Debug, Clone, Serialize)]
pub struct TopRow {
    /// Frame id in the [`FrameTable`] the report was built with.
    #[serde(skip)]
    pub frame: u32,
    /// Node name as pprof prints it.
    pub name: String,
    /// Inline marker.
    pub inline: InlineLabel,
    /// Flat value, in the sample unit.
    pub flat: i64,
    /// Cum value, in the sample unit.
    pub cum: i64,
    /// |flat| / total × 100.
    pub flat_pct: f64,
    /// |running sum of flat| / total × 100.
    pub sum_pct: f64,
    /// |cum| / total × 100.
    pub cum_pct: f64,
}

/// A computed top table with its header.
#[derive(Debug, Clone, Serialize)]
pub struct TopReport {
    /// pprof's header lines (`File:`, `Type:`, ..., `Showing ...`).
    pub labels: Vec<String>,
    /// The sample type shown.
    pub sample_type: String,
    /// Its unit, e.g. `nanoseconds`.
    pub unit: String,
    /// The unit the text output scales to, e.g. `s`.
    #[serde(skip)]
    pub output_unit: String,
    /// The total the percentages are relative to.
    pub total: i64,
    /// The rows.
    pub rows: Vec<TopRow>,
    /// Things the user should know (printed on stderr).
    #[serde(skip)]
    pub notes: Vec<String>,
}

fn pct(v: i64, total: i64) -> f64 {
    if total == 0 {
        0.0
    } else {
        (v as f64 / total as f64).abs() * 100.0
    }
}

/// Computes the top table of `profile` (several inputs already merged).
pub fn build(profile: &Profile, opts: &TopOptions) -> Result<TopReport, String> {
    let choice = select::sample_index(
        profile,
        opts.sample_index.as_deref(),
        select::WhenEmpty::KeepPprofs,
    )?;
    let index = choice.index;
    let mut notes: Vec<String> = choice.note.into_iter().collect();
    let filtered;
    let view = if opts.filters.is_empty() {
        profile
    } else {
        let (p, m) = filter::apply(profile, &opts.filters);
        notes.extend(opts.filters.unmatched(&m));
        filtered = p;
        &filtered
    };
    let frames = FrameTable::new(view, opts.granularity);
    let graph = GraphOptions {
        sample_index: index,
        cum_sort: opts.cum,
        node_count: opts.node_count,
        ..GraphOptions::default()
    };
    let mut report = build_filtered(
        profile,
        view,
        &frames,
        &graph,
        opts.unit.as_deref(),
        &opts.filters.describe(),
    );
    report.notes = notes;
    Ok(report)
}

/// The top table of `view` with `graph`'s node selection, a filtered copy of `profile` (or `profile`
/// itself) whose frames are `frames`; `active_filters` are listed in the
/// header. Percentages are relative to `profile`'s total, as in pprof (the
/// filtered copy for `-relative_percentages`); values print in `output_unit`,
/// or in the unit pprof picks from the values.
pub fn build_filtered(
    profile: &Profile,
    view: &Profile,
    frames: &FrameTable,
    graph: &GraphOptions,
    output_unit: Option<&str>,
    active_filters: &[String],
) -> TopReport {
    let index = graph.sample_index;
    // pprof takes the total before filtering, so percentages stay relative
    // to the whole profile.
    let total = profile.total_with(index, graph.mean_divisor);
    let table = graph::top(view, frames, graph);
    let sample_type = match graph.mean_divisor {
        Some(_) => format!("mean_{}", profile.sample_type_name(index)),
        None => profile.sample_type_name(index).to_string(),
    };
    let unit = profile.sample_type_unit(index).to_string();
    let values: Vec<(i64, i64)> = table
        .nodes
        .iter()
        .map(|n| (n.flat_value(), n.cum_value()))
        .collect();
    let out_unit = match output_unit {
        Some(u) if u != "minimum" => u.to_string(),
        _ => select_output_unit(&unit, &values, total),
    };
    let fmt = |v: i64| scaled_label(v, &unit, &out_unit);

    let mut labels = profile_labels(profile, &sample_type, &unit, total, &fmt);
    if !active_filters.is_empty() {
        labels.push("Active filters:".to_string());
        for f in active_filters {
            let f = if f.chars().count() > 80 {
                format!("{}…", f.chars().take(80).collect::<String>())
            } else {
                f.clone()
            };
            labels.push(format!("   {f}"));
        }
    }
    let flat_sum = values.iter().map(|v| v.0).fold(0i64, i64::wrapping_add);
    labels.push(format!(
        "Showing nodes accounting for {}, {} of {} total",
        fmt(flat_sum),
        percentage(flat_sum, total).trim(),
        fmt(total)
    ));
    if total != 0 {
        if table.dropped_nodes > 0 {
            let cutoff = ((total as f64 * graph.node_fraction) as i64).wrapping_abs();
            labels.push(format!(
                "Dropped {} node{} (cum <= {})",
                table.dropped_nodes,
                if table.dropped_nodes > 1 { "s" } else { "" },
                fmt(cutoff)
            ));
        }
        if !table.nodes.is_empty() && table.nodes.len() < table.orig_count {
            labels.push(format!(
                "Showing top {} nodes out of {}",
                table.nodes.len(),
                table.orig_count
            ));
        }
    }
    let mut running = 0i64;
    let rows = table
        .nodes
        .iter()
        .map(|n| {
            let (flat, cum) = (n.flat_value(), n.cum_value());
            running = running.wrapping_add(flat);
            TopRow {
                frame: n.frame,
                name: frames.name(n.frame).to_string(),
                inline: n.inline,
                flat,
                cum,
                flat_pct: pct(flat, total),
                sum_pct: pct(running, total),
                cum_pct: pct(cum, total),
            }
        })
        .collect();
    TopReport {
        labels,
        sample_type,
        unit,
        output_unit: out_unit,
        total,
        rows,
        notes: Vec::new(),
    }
}

/// pprof's `ProfileLabels`: File, Build ID, comments, Type, Time, Duration.
pub(crate) fn profile_labels(
    p: &Profile,
    sample_type: &str,
    unit: &str,
    total: i64,
    fmt: &dyn Fn(i64) -> String,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(m) = p.mappings.first() {
        let file = p.str(m.file);
        if !file.is_empty() {
            out.push(format!("File: {}", file.rsplit('/').next().unwrap_or(file)));
        }
        let build_id = p.str(m.build_id);
        if !build_id.is_empty() {
            out.push(format!("Build ID: {build_id}"));
        }
    }
    for &c in &p.comments {
        let c = p.str(c);
        if !c.starts_with('#') {
            out.push(c.to_string());
        }
    }
    if !sample_type.is_empty() {
        out.push(format!("Type: {sample_type}"));
    }
    if p.time_nanos != 0 {
        out.push(format!("Time: {}", pprof_time(p.time_nanos)));
    }
    if p.duration_nanos != 0 {
        let duration = label(p.duration_nanos, "nanoseconds");
        let (total_nanos, total_unit) = scale(total, unit, "nanoseconds");
        let ratio = if total_unit == "ns" && total_nanos != 0.0 {
            format!("({})", percentage(total_nanos as i64, p.duration_nanos))
        } else {
            String::new()
        };
        out.push(format!(
            "Duration: {duration}, Total samples = {} {ratio}",
            fmt(total)
        ));
    }
    out
}

impl TopReport {
    /// A value of this report, scaled to its output unit as pprof prints it.
    pub fn fmt(&self, v: i64) -> String {
        scaled_label(v, &self.unit, &self.output_unit)
    }

    /// The text `go tool pprof -top` prints.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        for l in &self.labels {
            s.push_str(l);
            s.push('\n');
        }
        let _ = writeln!(
            s,
            "{:>10} {:>5}% {:>5}% {:>10} {:>5}%",
            "flat", "flat", "sum", "cum", "cum"
        );
        let mut running = 0i64;
        for r in &self.rows {
            running = running.wrapping_add(r.flat);
            let inl = match r.inline {
                InlineLabel::None => String::new(),
                other => format!(" {}", other.as_str()),
            };
            let _ = writeln!(
                s,
                "{:>10} {} {} {:>10} {}  {}{}",
                self.fmt(r.flat),
                percentage(r.flat, self.total),
                percentage(running, self.total),
                self.fmt(r.cum),
                percentage(r.cum, self.total),
                r.name,
                inl
            );
        }
        s
    }

    /// CSV with raw values in the sample unit.
    pub fn to_csv(&self) -> String {
        let mut s = String::from("flat,flat_pct,sum_pct,cum,cum_pct,unit,name,inline\n");
        for r in &self.rows {
            let _ = writeln!(
                s,
                "{},{:.4},{:.4},{},{:.4},{},{},{}",
                r.flat,
                r.flat_pct,
                r.sum_pct,
                r.cum,
                r.cum_pct,
                csv_field(&self.unit),
                csv_field(&r.name),
                r.inline.as_str().trim_matches(|c| c == '(' || c == ')')
            );
        }
        s
    }

    /// JSON with the header lines, raw values and units.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
