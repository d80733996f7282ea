//! The differential view of two profiles: one tree over the union of both
//! profiles' stacks, with each path's value before and after.
//!
//! Its input is the profile [`super::merge::diff_base`] makes (AFTER's
//! samples, and BEFORE's negated and labelled `pprof::base=true`), so the
//! numbers are exactly those of `perftui top --diff-base` and pprof
//! `-diff_base`: the delta of a path is after − before, percentages are
//! relative to BEFORE's total.

use super::frames::FrameTable;
use super::model::{LabelValue, Profile};
use super::trie::{StackTrie, ROOT};

/// Whether each sample of a `diff_base` profile came from BEFORE (it
/// carries the `pprof::base=true` label).
pub fn base_samples(profile: &Profile) -> Vec<bool> {
    let key = profile.strings.find("pprof::base");
    let t = profile.strings.find("true");
    let (Some(key), Some(t)) = (key, t) else {
        return vec![false; profile.samples.len()];
    };
    (0..profile.samples.len())
        .map(|i| {
            profile
                .samples
                .labels(i)
                .iter()
                .any(|l| l.key == key && l.value == LabelValue::Str(t))
        })
        .collect()
}

/// The BEFORE values of the union tree of a diff. The tree itself is a
/// [`StackTrie`] laid out by |before| + |after|: every path of either
/// profile has a width, so frames that vanished stay visible next to new
/// ones; AFTER's values are the layout minus BEFORE's.
#[derive(Debug, Clone, Default)]
pub struct DiffTree {
    before_total: Vec<i64>,
    before_self: Vec<i64>,
}

/// A path's or a function's values in both profiles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pair {
    /// In BEFORE.
    pub before: i64,
    /// In AFTER.
    pub after: i64,
}

impl Pair {
    /// After minus before.
    pub fn delta(self) -> i64 {
        self.after.wrapping_sub(self.before)
    }
}

/// Flat and cum of one function in both profiles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FunctionPair {
    /// Samples ending in the function.
    pub flat: Pair,
    /// Samples through it (recursion counted once).
    pub cum: Pair,
}

impl DiffTree {
    /// Builds the union tree of sample type `index` of a `diff_base`
    /// profile whose frames are `frames`.
    ///
    /// Progress goes to the current step as [`StackTrie::build`]'s does.
    pub fn build(profile: &Profile, frames: &FrameTable, index: usize) -> (StackTrie, Self) {
        let base = base_samples(profile);
        let samples = &profile.samples;
        let mut seq: Vec<u32> = Vec::with_capacity(samples.total_stack_len());
        let mut spans = Vec::with_capacity(samples.len());
        let mut progress = crate::progress::Batch::default();
        for (i, &is_base) in base.iter().enumerate() {
            progress.add(1);
            let v = samples.value(i, index);
            if v == 0 {
                continue;
            }
            let start = seq.len();
            seq.extend(frames.stack_root_first(samples.stack(i)));
            // BEFORE's samples were negated by diff_base; its own value is
            // the negation back.
            let before = if is_base { v.wrapping_neg() } else { 0 };
            spans.push((start, seq.len(), v.wrapping_abs(), before));
        }
        let (trie, before_total, before_self) = StackTrie::from_stacks_paired(frames, seq, spans);
        (
            trie,
            DiffTree {
                before_total,
                before_self,
            },
        )
    }

    /// The union tree of sample type `index` only as far as a flame graph
    /// `width` columns wide draws it (see [`super::visible_trie`]), laid
    /// out as [`DiffTree::build`] lays out the whole one: every drawn
    /// frame's values are the whole tree's.
    pub fn build_visible(
        profile: &Profile,
        frames: &FrameTable,
        index: usize,
        width: u16,
    ) -> (StackTrie, Self) {
        let base = base_samples(profile);
        let samples = &profile.samples;
        let (trie, before_total) =
            super::visible_trie::build_weighted(profile, frames, width, |i| {
                let v = samples.value(i, index);
                let before = if base.get(i).copied().unwrap_or(false) {
                    v.wrapping_neg()
                } else {
                    0
                };
                (v.wrapping_abs(), before)
            });
        // What ends at a node is what is under it less its children, for
        // the nodes whose children are there; 0 for the others, as their
        // layout's self value.
        let mut before_self = vec![0i64; before_total.len()];
        for id in 0..trie.len() as u32 {
            if trie.is_expanded(id) {
                before_self[id as usize] = trie
                    .children(id)
                    .iter()
                    .fold(before_total[id as usize], |own, &c| {
                        own.wrapping_sub(before_total[c as usize])
                    });
            }
        }
        (
            trie,
            DiffTree {
                before_total,
                before_self,
            },
        )
    }

    /// The values of the samples through `node`.
    pub fn total(&self, trie: &StackTrie, node: u32) -> Pair {
        let layout = trie.node(node).total;
        let before = self.before_total.get(node as usize).copied().unwrap_or(0);
        Pair {
            before,
            after: layout.wrapping_sub(before.wrapping_abs()),
        }
    }

    /// The values of the samples ending at `node`.
    pub fn self_value(&self, trie: &StackTrie, node: u32) -> Pair {
        let layout = trie.self_value(node);
        let before = self.before_self.get(node as usize).copied().unwrap_or(0);
        Pair {
            before,
            after: layout.wrapping_sub(before.wrapping_abs()),
        }
    }

    /// The whole of both profiles (the root).
    pub fn totals(&self, trie: &StackTrie) -> Pair {
        self.total(trie, ROOT)
    }

    /// How the cost of `node` changed, for colouring it.
    pub fn change(&self, trie: &StackTrie, node: u32, reference: i64, mode: DiffMode) -> Change {
        classify(self.total(trie, node), reference, mode)
    }
}

/// Flat and cum of every frame id of `frames`, before and after, from the
/// samples of sample type `index` of a `diff_base` profile: a function's
/// cum counts each sample once however often the function recurs in it,
/// as pprof's cum does. One pass over the stacks, so the delta table needs
/// no flame tree.
pub fn functions(profile: &Profile, frames: &FrameTable, index: usize) -> Vec<FunctionPair> {
    let base = base_samples(profile);
    let samples = &profile.samples;
    let mut out = vec![FunctionPair::default(); frames.len()];
    let mut stamp = vec![u32::MAX; frames.len()];
    for (i, &is_base) in base.iter().enumerate() {
        let v = samples.value(i, index);
        if v == 0 {
            continue;
        }
        let stack = samples.stack(i);
        let Some(&leaf) = stack.first() else {
            continue;
        };
        // BEFORE's samples were negated by diff_base.
        let side = |p: &mut Pair| {
            if is_base {
                p.before = p.before.wrapping_sub(v);
            } else {
                p.after = p.after.wrapping_add(v);
            }
        };
        for &loc in stack {
            for &f in frames.location_frames(loc) {
                if let (Some(s), Some(e)) = (stamp.get_mut(f as usize), out.get_mut(f as usize)) {
                    if *s != i as u32 {
                        *s = i as u32;
                        side(&mut e.cum);
                    }
                }
            }
        }
        if let Some(e) = frames
            .location_frames(leaf)
            .first()
            .and_then(|&f| out.get_mut(f as usize))
        {
            side(&mut e.flat);
        }
    }
    out
}

/// What the colour of a frame shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffMode {
    /// The change as a share of BEFORE's total: big frames that changed a
    /// little and small frames that changed a lot look alike.
    Absolute,
    /// The change as a share of the frame's own BEFORE value: what got
    /// twice as slow, whatever its size.
    Relative,
}

impl DiffMode {
    /// Its name in the status bar.
    pub fn name(self) -> &'static str {
        match self {
            DiffMode::Absolute => "absolute",
            DiffMode::Relative => "relative",
        }
    }
}

/// The change of one frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    /// Too small to show (under [`NEUTRAL_SHARE`] of the total, or under
    /// [`NEUTRAL_RATIO`] of its own value in relative mode).
    Neutral,
    /// Only in AFTER.
    New,
    /// Only in BEFORE.
    Gone,
    /// More cost; the intensity is in (0, 1].
    More(f64),
    /// Less cost; the intensity is in (0, 1].
    Less(f64),
}

/// Changes smaller than this share of the total stay neutral, so one
/// sample against none is not painted red.
pub const NEUTRAL_SHARE: f64 = 0.001;

/// In relative mode, changes smaller than this share of the frame's own
/// value stay neutral too.
pub const NEUTRAL_RATIO: f64 = 0.01;

/// The share of the total at which absolute mode reaches full intensity.
const FULL_SHARE: f64 = 0.10;

/// Classifies a change of `v` against `reference` (BEFORE's total).
pub fn classify(v: Pair, reference: i64, mode: DiffMode) -> Change {
    let delta = v.delta();
    let reference = reference.unsigned_abs().max(1) as f64;
    let share = delta.unsigned_abs() as f64 / reference;
    if delta == 0 || share < NEUTRAL_SHARE {
        return Change::Neutral;
    }
    if v.before == 0 {
        return Change::New;
    }
    if v.after == 0 {
        return Change::Gone;
    }
    let intensity = match mode {
        // The square root spreads the small changes, which are most of them,
        // over visibly different shades.
        DiffMode::Absolute => (share / FULL_SHARE).min(1.0).sqrt(),
        DiffMode::Relative => {
            let ratio = delta.unsigned_abs() as f64 / v.before.unsigned_abs() as f64;
            if ratio < NEUTRAL_RATIO {
                return Change::Neutral;
            }
            ratio.min(1.0).sqrt()
        }
    };
    if delta > 0 {
        Change::More(intensity)
    } else {
        Change::Less(intensity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_the_threshold_is_neutral_even_when_new() {
        let one_vs_none = Pair {
            before: 0,
            after: 1,
        };
        assert_eq!(
            classify(one_vs_none, 1_000_000, DiffMode::Absolute),
            Change::Neutral
        );
        assert_eq!(classify(one_vs_none, 100, DiffMode::Absolute), Change::New);
        let gone = Pair {
            before: 50,
            after: 0,
        };
        assert_eq!(classify(gone, 100, DiffMode::Relative), Change::Gone);
    }

    #[test]
    fn intensity_grows_with_the_change_and_modes_differ() {
        let small = classify(
            Pair {
                before: 100,
                after: 110,
            },
            10_000,
            DiffMode::Absolute,
        );
        let big = classify(
            Pair {
                before: 100,
                after: 1100,
            },
            10_000,
            DiffMode::Absolute,
        );
        let (Change::More(s), Change::More(b)) = (small, big) else {
            panic!("{small:?} {big:?}")
        };
        assert!(s < b && b == 1.0, "{s} {b}");
        // +10 on 100 is 10 %: faint in absolute mode (0.1 % of the total),
        // clear in relative mode.
        let Change::More(r) = classify(
            Pair {
                before: 100,
                after: 110,
            },
            10_000,
            DiffMode::Relative,
        ) else {
            panic!()
        };
        assert!(r > s, "{r} {s}");
        assert!(matches!(
            classify(
                Pair {
                    before: 5000,
                    after: 4000
                },
                10_000,
                DiffMode::Relative
            ),
            Change::Less(_)
        ));
    }
}
