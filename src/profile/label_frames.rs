//! pprof's `-tagroot` and `-tagleaf`: frames made of label values, put at
//! the root or the leaf of every sample's stack, so a flame graph or top
//! table splits by label (`route:/api/orders` above the program's frames).

use rustc_hash::FxHashMap;

use super::model::{Function, LabelValue, Line, Location, Profile, Samples};
use crate::report::units::scaled_label;

/// A copy of `profile` whose samples gain one frame per key of `root_keys`
/// above their root (the first key outermost) and one per key of
/// `leaf_keys` below their leaf (the last key innermost). A frame's
/// function is named by the sample's values of that key, joined by `,`
/// (numbers in `unit`, `minimum` for pprof's own choice), and its file
/// by the key; samples without the key get a frame with no name. Also
/// says whether any sample has a root key and a leaf key.
pub fn add_label_frames(
    profile: &Profile,
    root_keys: &[String],
    leaf_keys: &[String],
    unit: &str,
) -> (Profile, bool, bool) {
    add_frames(profile, root_keys, leaf_keys, unit, false)
}

/// [`add_label_frames`] for the explorer's grouping: frames are named
/// `key:value` (`key:(none)` without the label), so a flame graph's roots
/// say what they group by.
pub fn add_named_label_frames(profile: &Profile, root_keys: &[String]) -> Profile {
    add_frames(profile, root_keys, &[], "minimum", true).0
}

fn add_frames(
    profile: &Profile,
    root_keys: &[String],
    leaf_keys: &[String],
    unit: &str,
    with_key: bool,
) -> (Profile, bool, bool) {
    let mut out = profile.clone();
    let mut interned: FxHashMap<(String, String), u32> = FxHashMap::default();
    let (mut root_matched, mut leaf_matched) = (false, false);
    let src = &profile.samples;
    let mut samples = Samples::new(src.num_values());
    let mut stack: Vec<u32> = Vec::new();
    for i in 0..src.len() {
        let mut frames_for = |keys: &[String], matched: &mut bool| -> Vec<u32> {
            // The last key nearest the program's frames, as pprof builds them.
            keys.iter()
                .rev()
                .map(|key| {
                    let values = label_values(profile, i, key, unit);
                    *matched |= !values.is_empty();
                    let name = match (with_key, values.is_empty()) {
                        (false, _) => values.join(","),
                        (true, true) => format!("{key}:(none)"),
                        (true, false) => format!("{key}:{}", values.join(",")),
                    };
                    *interned
                        .entry((name.clone(), key.clone()))
                        .or_insert_with(|| new_frame(&mut out, &name, key))
                })
                .collect()
        };
        let roots = frames_for(root_keys, &mut root_matched);
        let leaves = frames_for(leaf_keys, &mut leaf_matched);
        stack.clear();
        stack.extend_from_slice(&leaves);
        stack.extend_from_slice(src.stack(i));
        stack.extend_from_slice(&roots);
        samples.push(&stack, src.values(i), src.labels(i));
    }
    out.samples = samples;
    (out, root_matched, leaf_matched)
}

/// pprof's `formatLabelValues`: the string values of `key`, then the
/// numeric ones scaled from their own unit.
fn label_values(profile: &Profile, sample: usize, key: &str, unit: &str) -> Vec<String> {
    let labels = profile.samples.labels(sample);
    let mine = || labels.iter().filter(|l| profile.str(l.key) == key);
    let mut values: Vec<String> = mine()
        .filter_map(|l| match l.value {
            LabelValue::Str(v) => Some(profile.str(v).to_string()),
            LabelValue::Num { .. } => None,
        })
        .collect();
    values.extend(mine().filter_map(|l| match l.value {
        LabelValue::Num {
            value,
            unit: Some(u),
        } => Some(scaled_label(value, profile.str(u), unit)),
        LabelValue::Num { value, unit: None } => Some(scaled_label(value, "", "")),
        LabelValue::Str(_) => None,
    }));
    values
}

fn new_frame(profile: &mut Profile, name: &str, key: &str) -> u32 {
    let name = profile.strings.intern(name);
    let filename = profile.strings.intern(key);
    profile.functions.push(Function {
        id: 0,
        name,
        system_name: 0,
        filename,
        start_line: 0,
    });
    let start = profile.lines.len() as u32;
    profile.lines.push(Line {
        function: profile.functions.len() as u32 - 1,
        line: 0,
    });
    profile.locations.push(Location {
        id: 0,
        mapping: None,
        address: 0,
        lines_start: start,
        lines_end: start + 1,
        is_folded: false,
    });
    profile.locations.len() as u32 - 1
}
