//! `perftui traces`: every sample's stack with its labels and value, as
//! `go tool pprof -traces` prints them (pprof's `printTraces`).

use std::fmt::Write as _;

use super::units::{label, scaled_label};
use crate::profile::frames::{FrameTable, Granularity};
use crate::profile::tags::num_label_units;
use crate::profile::{LabelValue, Profile};

const SEPARATOR: &str = "-----------+-------------------------------------------------------";

/// The traces of `view` (a filtered copy of `profile`, or `profile`) for
/// sample type `index`; the header's total is `profile`'s, as in pprof.
pub fn traces(profile: &Profile, view: &Profile, index: usize, granularity: Granularity) -> String {
    let unit = profile.sample_type_unit(index).to_string();
    let fmt = |v: i64| scaled_label(v, &unit, "minimum");
    let mut out = super::top::profile_labels(
        profile,
        profile.sample_type_name(index),
        &unit,
        profile.total(index),
        &fmt,
    )
    .join("\n");
    out.push('\n');
    let frames = FrameTable::new(view, granularity);
    let units = num_label_units(view);
    for i in 0..view.samples.len() {
        let stack = view.samples.stack(i);
        if stack
            .iter()
            .all(|&loc| frames.location_frames(loc).is_empty())
        {
            continue;
        }
        out.push_str(SEPARATOR);
        out.push('\n');
        // One line per key, its values in the file's order, as pprof's
        // label maps; string keys first, then numeric ones, each sorted.
        let mut strings: Vec<(&str, Vec<String>)> = Vec::new();
        let mut numbers: Vec<(&str, Vec<String>)> = Vec::new();
        for l in view.samples.labels(i) {
            let key = view.str(l.key);
            let (list, value) = match l.value {
                LabelValue::Str(s) => (&mut strings, view.str(s).to_string()),
                LabelValue::Num { value, .. } => {
                    let unit = units.get(key).map_or("", String::as_str);
                    (&mut numbers, label(value, unit))
                }
            };
            match list.iter_mut().find(|(k, _)| *k == key) {
                Some((_, values)) => values.push(value),
                None => list.push((key, vec![value])),
            }
        }
        for list in [strings, numbers] {
            let mut lines: Vec<String> = list
                .into_iter()
                .map(|(k, v)| format!("{k:>10}:  {}\n", v.join(" ")))
                .collect();
            lines.sort();
            lines.iter().for_each(|l| out.push_str(l));
        }
        let value = fmt(view.samples.value(i, index));
        let mut first = true;
        for &loc in stack {
            let own = frames.location_frames(loc);
            for (n, &f) in own.iter().enumerate() {
                let shown = if first { value.as_str() } else { "" };
                first = false;
                let inline = if n + 1 != own.len() { " (inline)" } else { "" };
                let _ = writeln!(out, "{shown:>10}   {}{inline}", frames.name(f));
            }
        }
    }
    out.push_str(SEPARATOR);
    out.push('\n');
    out
}
