//! Merging profiles and pprof's `-diff_base` / `-normalize`.

use rustc_hash::FxHashMap;

use super::model::{
    Function, Label, LabelValue, Line, Location, Mapping, Profile, Samples, ValueType,
};
use super::strings::{StrId, Strings};

fn value_type_str(p: &Profile, vt: &ValueType) -> (String, String) {
    (p.str(vt.ty).to_string(), p.str(vt.unit).to_string())
}

fn describe_types(p: &Profile) -> String {
    p.sample_types
        .iter()
        .map(|t| format!("{}/{}", p.str(t.ty), p.str(t.unit)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks that two profiles measure the same things (pprof `compatible`).
pub fn compatible(a: &Profile, b: &Profile) -> Result<(), String> {
    let pa = a.period_type.map(|t| value_type_str(a, &t));
    let pb = b.period_type.map(|t| value_type_str(b, &t));
    if pa != pb {
        return Err(format!(
            "incompatible period types: {} and {}",
            pa.map(|(t, u)| format!("{t}/{u}")).unwrap_or_default(),
            pb.map(|(t, u)| format!("{t}/{u}")).unwrap_or_default()
        ));
    }
    let ta: Vec<_> = a
        .sample_types
        .iter()
        .map(|t| value_type_str(a, t))
        .collect();
    let tb: Vec<_> = b
        .sample_types
        .iter()
        .map(|t| value_type_str(b, t))
        .collect();
    if ta != tb {
        return Err(format!(
            "incompatible sample types: [{}] and [{}]",
            describe_types(a),
            describe_types(b)
        ));
    }
    Ok(())
}

/// Merges profiles into one, as pprof does with several inputs: the
/// earliest time, the summed duration, the largest period, comments once,
/// the first default sample type; all samples kept.
pub fn merge(profiles: Vec<Profile>) -> Result<Profile, String> {
    merge_marked(profiles, None)
}

/// [`merge`], with the samples of the profile at index `base` (if any)
/// negated and labelled `pprof::base=true` on the way: `diff_base` in one
/// copy of the samples instead of two.
fn merge_marked(profiles: Vec<Profile>, base: Option<usize>) -> Result<Profile, String> {
    let mut iter = profiles.into_iter();
    let Some(first) = iter.next() else {
        return Err("no profiles to merge".to_string());
    };
    let rest: Vec<Profile> = iter.collect();
    if rest.is_empty() && base.is_none() {
        return Ok(first);
    }
    for p in &rest {
        compatible(&first, p)?;
    }
    let mut out = Profile {
        samples: Samples::new(first.sample_types.len()),
        ..Profile::default()
    };
    let mut fn_index: FxHashMap<(StrId, StrId, StrId, i64), u32> = FxHashMap::default();
    let mut seen_comments: Vec<StrId> = Vec::new();
    for (n, p) in std::iter::once(&first).chain(rest.iter()).enumerate() {
        let s = |id: StrId, out: &mut Strings| out.intern(p.str(id));
        if n == 0 {
            out.sample_types = p
                .sample_types
                .iter()
                .map(|t| ValueType {
                    ty: s(t.ty, &mut out.strings),
                    unit: s(t.unit, &mut out.strings),
                })
                .collect();
            out.period_type = p.period_type.map(|t| ValueType {
                ty: s(t.ty, &mut out.strings),
                unit: s(t.unit, &mut out.strings),
            });
            out.drop_frames = p.drop_frames.map(|d| s(d, &mut out.strings));
            out.keep_frames = p.keep_frames.map(|d| s(d, &mut out.strings));
        }
        if out.time_nanos == 0 || p.time_nanos < out.time_nanos {
            out.time_nanos = p.time_nanos;
        }
        out.duration_nanos = out.duration_nanos.wrapping_add(p.duration_nanos);
        if out.period == 0 || out.period < p.period {
            out.period = p.period;
        }
        for &c in &p.comments {
            let id = s(c, &mut out.strings);
            if !seen_comments.contains(&id) {
                seen_comments.push(id);
                out.comments.push(id);
            }
        }
        out.warnings.extend(p.warnings.iter().cloned());
        if out.default_sample_type.is_none() {
            out.default_sample_type = p.default_sample_type.map(|d| s(d, &mut out.strings));
        }
        let map_base = out.mappings.len() as u32;
        for m in &p.mappings {
            out.mappings.push(Mapping {
                file: s(m.file, &mut out.strings),
                build_id: s(m.build_id, &mut out.strings),
                ..m.clone()
            });
        }
        let fn_map: Vec<u32> = p
            .functions
            .iter()
            .map(|f| {
                let name = s(f.name, &mut out.strings);
                let system_name = s(f.system_name, &mut out.strings);
                let filename = s(f.filename, &mut out.strings);
                let functions = &mut out.functions;
                *fn_index
                    .entry((name, system_name, filename, f.start_line))
                    .or_insert_with(|| {
                        functions.push(Function {
                            id: functions.len() as u64 + 1,
                            name,
                            system_name,
                            filename,
                            start_line: f.start_line,
                        });
                        functions.len() as u32 - 1
                    })
            })
            .collect();
        let loc_base = out.locations.len() as u32;
        for (li, loc) in p.locations.iter().enumerate() {
            let start = out.lines.len() as u32;
            for line in p.location_lines(li as u32) {
                out.lines.push(Line {
                    function: fn_map[line.function as usize],
                    line: line.line,
                });
            }
            out.locations.push(Location {
                id: out.locations.len() as u64 + 1,
                mapping: loc.mapping.map(|m| m + map_base),
                lines_start: start,
                lines_end: out.lines.len() as u32,
                ..loc.clone()
            });
        }
        let is_base = base == Some(n);
        let base_label = is_base.then(|| Label {
            key: out.strings.intern("pprof::base"),
            value: LabelValue::Str(out.strings.intern("true")),
        });
        let mut stack = Vec::new();
        let mut labels = Vec::new();
        let mut values = Vec::new();
        for i in 0..p.samples.len() {
            stack.clear();
            stack.extend(p.samples.stack(i).iter().map(|&l| l + loc_base));
            labels.clear();
            for l in p.samples.labels(i) {
                let label = Label {
                    key: s(l.key, &mut out.strings),
                    value: match l.value {
                        LabelValue::Str(v) => LabelValue::Str(s(v, &mut out.strings)),
                        LabelValue::Num { value, unit } => LabelValue::Num {
                            value,
                            unit: unit.map(|u| s(u, &mut out.strings)),
                        },
                    },
                };
                // A base's own base label is replaced by the one added below.
                if base_label.map_or(true, |b| b.key != label.key) {
                    labels.push(label);
                }
            }
            match base_label {
                Some(b) => {
                    labels.push(b);
                    values.clear();
                    values.extend(p.samples.values(i).iter().map(|v| v.wrapping_neg()));
                    out.samples.push(&stack, &values, &labels);
                }
                None => out.samples.push(&stack, p.samples.values(i), &labels),
            }
        }
    }
    // Each input's sums fit; together they may not.
    if let Some(index) = out.overflowing_type() {
        return Err(format!("merged, {}", out.overflow_message(index)));
    }
    Ok(out)
}

/// The profile as pprof's reports see it: pprof merges every profile it
/// reads (even one), which adds up samples with the same stack and labels
/// (in the place of the first) and drops samples whose values are all zero.
pub fn compact(p: &Profile) -> Profile {
    let same = same_locations(p);
    let mut first: FxHashMap<(Vec<u32>, Vec<Label>), usize> = Default::default();
    let mut kept: Vec<(usize, Vec<i64>)> = Vec::new();
    for i in 0..p.samples.len() {
        let values = p.samples.values(i);
        if values.iter().all(|&v| v == 0) {
            continue;
        }
        let mut labels = p.samples.labels(i).to_vec();
        labels.sort();
        let stack: Vec<u32> = p
            .samples
            .stack(i)
            .iter()
            .map(|&l| same[l as usize])
            .collect();
        match first.entry((stack, labels)) {
            std::collections::hash_map::Entry::Occupied(e) => {
                let sum = &mut kept[*e.get()].1;
                for (s, v) in sum.iter_mut().zip(values) {
                    *s = s.wrapping_add(*v);
                }
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(kept.len());
                kept.push((i, values.to_vec()));
            }
        }
    }
    let mut out = p.clone();
    out.samples = Samples::new(p.samples.num_values());
    for (i, values) in kept {
        out.samples
            .push(p.samples.stack(i), &values, p.samples.labels(i));
    }
    out
}

/// For each location, the first location that pprof's merge would make it
/// (its `locationKey`: mapping file, address, folding, and every line's
/// function name, file and line), so the same frame read from two files
/// is one location.
fn same_locations(p: &Profile) -> Vec<u32> {
    type Key = (StrId, u64, bool, Vec<(StrId, StrId, i64)>);
    let mut seen: FxHashMap<Key, u32> = Default::default();
    p.locations
        .iter()
        .enumerate()
        .map(|(i, loc)| {
            let mapping = loc
                .mapping
                .and_then(|m| p.mappings.get(m as usize))
                .map_or(0, |m| m.file);
            let lines = p
                .location_lines(i as u32)
                .iter()
                .map(|l| {
                    let f = &p.functions[l.function as usize];
                    (f.name, f.filename, l.line)
                })
                .collect();
            *seen
                .entry((mapping, loc.address, loc.is_folded, lines))
                .or_insert(i as u32)
        })
        .collect()
}

/// Scales every sample value of type `i` by `ratios[i]` (rounding half away
/// from zero) and drops samples left all zero, as pprof's `ScaleN`.
pub fn scale(profile: &mut Profile, ratios: &[f64]) {
    if ratios.iter().all(|&r| r == 1.0) {
        return;
    }
    let src = std::mem::take(&mut profile.samples);
    let mut out = Samples::new(src.num_values());
    let mut values = Vec::with_capacity(src.num_values());
    for i in 0..src.len() {
        values.clear();
        let mut keep = false;
        for (k, &v) in src.values(i).iter().enumerate() {
            let r = ratios.get(k).copied().unwrap_or(1.0);
            if r != 1.0 {
                let nv = (v as f64 * r).round() as i64;
                values.push(nv);
                keep |= nv != 0;
            } else {
                values.push(v);
            }
        }
        if keep {
            out.push(src.stack(i), &values, src.labels(i));
        }
    }
    profile.samples = out;
}

/// pprof's `Normalize`: scales `profile` so that each sample type sums to
/// the same as in `base`.
pub fn normalize(profile: &mut Profile, base: &Profile) -> Result<(), String> {
    compatible(profile, base)?;
    // pprof scales the merged profile: each stack's value is rounded once,
    // not once per file or duplicate sample.
    *profile = compact(profile);
    let n = profile.sample_types.len();
    let ratios: Vec<f64> = (0..n)
        .map(|i| {
            let src = profile.sum(i);
            if src == 0 {
                0.0
            } else {
                base.sum(i) as f64 / src as f64
            }
        })
        .collect();
    scale(profile, &ratios);
    Ok(())
}

/// pprof's `-diff_base BASE`: `profile` minus `base` per stack. The base's
/// samples are negated and labelled `pprof::base=true`, so the total (and
/// every percentage) is relative to the base. With `normalize`, `profile`
/// is first scaled to the base's totals, as `-normalize` does.
pub fn diff_base(
    mut profile: Profile,
    base: Profile,
    normalize_first: bool,
) -> Result<Profile, String> {
    compatible(&profile, &base)?;
    if normalize_first {
        normalize(&mut profile, &base)?;
    }
    merge_marked(vec![profile, base], Some(1))
}
