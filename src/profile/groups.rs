//! Goroutine groups: goroutines with identical stacks, largest group first,
//! as the `debug=1` dump prints them, with the states and wait times that a
//! `debug=2` dump records per goroutine.

use rustc_hash::FxHashMap;

use super::model::{LabelValue, Profile};

/// Goroutines that share one stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoroutineGroup {
    /// The stack, leaf first, as location indices.
    pub stack: Vec<u32>,
    /// Number of goroutines (the sum of the sample values).
    pub count: i64,
    /// Goroutines per state (`chan receive`, `running`, ...), most common
    /// first; empty when the profile does not record states.
    pub states: Vec<(String, i64)>,
    /// Shortest and longest wait in minutes, when the dump gives waits.
    pub wait_minutes: Option<(i64, i64)>,
    /// The function that created these goroutines, when recorded.
    pub created_by: Option<String>,
}

/// Whether the profile counts goroutines (a goroutine profile or dump).
pub fn is_goroutine_profile(profile: &Profile) -> bool {
    profile
        .sample_types
        .iter()
        .any(|t| profile.str(t.ty) == "goroutine")
}

/// Groups the samples of `profile` by stack, counting value `index`.
pub fn group(profile: &Profile, index: usize) -> Vec<GoroutineGroup> {
    let key_of = |name: &str| profile.strings.find(name);
    let (state_key, wait_key, created_key) =
        (key_of("state"), key_of("wait"), key_of("created by"));
    let mut by_stack: FxHashMap<&[u32], usize> = FxHashMap::default();
    let mut groups: Vec<GoroutineGroup> = Vec::new();
    let mut states: Vec<FxHashMap<String, i64>> = Vec::new();
    let samples = &profile.samples;
    for i in 0..samples.len() {
        let w = samples.value(i, index);
        if w == 0 {
            continue;
        }
        let stack = samples.stack(i);
        let g = *by_stack.entry(stack).or_insert_with(|| {
            groups.push(GoroutineGroup {
                stack: stack.to_vec(),
                count: 0,
                states: Vec::new(),
                wait_minutes: None,
                created_by: None,
            });
            states.push(FxHashMap::default());
            groups.len() - 1
        });
        let group = &mut groups[g];
        group.count = group.count.wrapping_add(w);
        for l in samples.labels(i) {
            match l.value {
                LabelValue::Str(v) if Some(l.key) == state_key => {
                    *states[g].entry(profile.str(v).to_string()).or_insert(0) += w;
                }
                LabelValue::Str(v) if Some(l.key) == created_key => {
                    group.created_by = Some(profile.str(v).to_string());
                }
                LabelValue::Num { value, .. } if Some(l.key) == wait_key => {
                    group.wait_minutes = Some(match group.wait_minutes {
                        None => (value, value),
                        Some((lo, hi)) => (lo.min(value), hi.max(value)),
                    });
                }
                _ => {}
            }
        }
    }
    for (group, st) in groups.iter_mut().zip(states) {
        let mut st: Vec<(String, i64)> = st.into_iter().collect();
        st.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        group.states = st;
    }
    // Largest first; equal groups in stack order so the list is stable.
    groups.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.stack.cmp(&b.stack)));
    groups
}
