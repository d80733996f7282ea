//! The stack trie only as far as a flame graph of a given width draws it:
//! what the first frame of a large profile needs, built in a fraction of
//! the whole trie's time (a 1M-sample profile has millions of call paths,
//! its flame graph a few thousand cells).
//!
//! Every child of a drawn frame is a node with its exact total, so the
//! drawn frames sit where they sit in the whole trie; only the children of
//! frames narrower than a cell are left out. The layout rule is
//! [`ChildSpans`], the one the flame view lays out with.

use super::frames::FrameTable;
use super::model::Profile;
use super::trie::{NameOrder, StackTrie, TrieNode, ROOT};

/// Where the children of a frame go across its columns: each child takes a
/// share of the parent's span in proportion to its value (negative values
/// count as 0), in child order.
#[derive(Debug, Clone, Copy)]
pub struct ChildSpans {
    x0: f64,
    scale: f64,
    acc: f64,
}

impl ChildSpans {
    /// The spans of the children of a frame drawn over columns `x0..x1`
    /// with value `parent`, or `None` when it has no value to share.
    pub fn new(x0: f64, x1: f64, parent: i64) -> Option<Self> {
        let parent = parent.max(0) as f64;
        (parent > 0.0).then(|| ChildSpans {
            x0,
            scale: (x1 - x0) / parent,
            acc: 0.0,
        })
    }

    /// The next child's span, in fractional columns.
    pub fn next(&mut self, value: i64) -> (f64, f64) {
        let start = self.x0 + self.acc * self.scale;
        self.acc += value.max(0) as f64;
        (start, self.x0 + self.acc * self.scale)
    }
}

/// The cells a span covers once rounded: `(first column, end column)`,
/// empty when it is narrower than a cell.
pub fn cell_range((start, end): (f64, f64)) -> (f64, f64) {
    (start.round(), end.round())
}

/// A node waiting to be created, in pre-order.
struct Pending {
    frame: u32,
    parent: u32,
    depth: u32,
    total: i64,
    /// The second value of its samples (BEFORE's, in a diff).
    second: i64,
    /// Its samples' range of the walks, when it is drawn and so expanded.
    samples: Option<(usize, usize)>,
    span: (f64, f64),
}

/// One sample's root-first walk down its stack. The walks move with their
/// samples when a node's samples are split, so a step reads one walk and
/// one stack entry, not a cache line per array.
#[derive(Debug, Clone, Copy, Default)]
struct Walk {
    /// One past the next location to read, in [`Samples::all_stacks`]
    /// (stacks are leaf first, so the walk goes down to `start`).
    ///
    /// [`Samples::all_stacks`]: super::Samples::all_stacks
    next: u32,
    start: u32,
    /// Locations read ahead from the same cache line, the next last.
    ahead: [u32; AHEAD],
    ahead_len: u32,
    /// The location being walked, and how many of its frames are left.
    location: u32,
    frames_left: u32,
    weight: i64,
    second: i64,
}

const AHEAD: usize = 4;
const END: u32 = u32::MAX;

impl Walk {
    /// The next frame from the root, or [`END`].
    fn advance(&mut self, stacks: &[u32], frames: &FrameTable) -> u32 {
        if self.frames_left == 0 {
            if self.ahead_len == 0 {
                if self.next <= self.start {
                    return END;
                }
                let take = (self.next - self.start).min(AHEAD as u32);
                let from = (self.next - take) as usize;
                // In stack order (leaf first), so the next is the last.
                for (k, &loc) in stacks[from..from + take as usize].iter().enumerate() {
                    self.ahead[k] = loc;
                }
                self.ahead_len = take;
                self.next -= take;
            }
            self.ahead_len -= 1;
            self.location = self.ahead[self.ahead_len as usize];
            self.frames_left = frames.location_frames(self.location).len() as u32;
        }
        self.frames_left -= 1;
        frames.location_frames(self.location)[self.frames_left as usize]
    }
}

/// The trie of sample value `sample_index` as far as a flame graph of the
/// whole profile `width` columns wide draws it: the same node values, ids
/// in pre-order and children in name order as [`StackTrie::build`], with
/// the children of undrawn frames left out (see
/// [`StackTrie::is_expanded`]). Each drawn frame's samples are split among
/// its children by their next frame, so the cost is the samples under the
/// drawn frames, level by level, not every call path.
pub fn build(profile: &Profile, frames: &FrameTable, sample_index: usize, width: u16) -> StackTrie {
    let samples = &profile.samples;
    build_weighted(profile, frames, width, |i| {
        (samples.value(i, sample_index), 0)
    })
    .0
}

/// [`build`] with each sample's layout weight and a second value given by
/// `weigh(sample)`: the trie is laid out by the first, and the second's
/// total under each node comes back beside it, by node id (a diff's
/// BEFORE values, its layout being |before| + |after|).
pub fn build_weighted(
    profile: &Profile,
    frames: &FrameTable,
    width: u16,
    weigh: impl Fn(usize) -> (i64, i64),
) -> (StackTrie, Vec<i64>) {
    let samples = &profile.samples;
    let stacks = samples.all_stacks();
    let mut walks: Vec<Walk> = Vec::with_capacity(samples.len());
    let mut total = 0i64;
    let mut start = 0u32;
    for i in 0..samples.len() {
        let end = start + samples.stack(i).len() as u32;
        let (weight, second) = weigh(i);
        if weight != 0 {
            walks.push(Walk {
                next: end,
                start,
                ahead: [0; AHEAD],
                ahead_len: 0,
                location: 0,
                frames_left: 0,
                weight,
                second,
            });
            total = total.wrapping_add(weight);
        }
        start = end;
    }
    let rank = NameOrder::new(frames).rank;
    let nf = frames.len();
    // Per frame, for the node being split: its value, samples, where its
    // samples go, and which node last touched it.
    let mut sum = vec![0i64; nf];
    let mut sum_second = vec![0i64; nf];
    let mut count = vec![0u32; nf];
    let mut slot = vec![0u32; nf];
    let mut stamp = vec![u32::MAX; nf];
    let mut next_frame = vec![END; walks.len()];
    let mut scratch = vec![Walk::default(); walks.len()];
    let mut touched: Vec<u32> = Vec::new();

    let mut nodes: Vec<TrieNode> = Vec::new();
    let mut unexpanded: Vec<bool> = Vec::new();
    let mut seconds: Vec<i64> = Vec::new();
    let second_total = walks.iter().fold(0i64, |acc, w| acc.wrapping_add(w.second));
    let mut pending = vec![Pending {
        frame: u32::MAX,
        parent: ROOT,
        depth: 0,
        total,
        second: second_total,
        samples: Some((0, walks.len())),
        span: (0.0, f64::from(width)),
    }];
    while let Some(p) = pending.pop() {
        let id = nodes.len() as u32;
        nodes.push(TrieNode {
            frame: p.frame,
            parent: p.parent,
            total: p.total,
        });
        unexpanded.push(p.samples.is_none());
        seconds.push(p.second);
        let Some((lo, hi)) = p.samples else {
            continue;
        };
        // Split the node's samples by their next frame.
        touched.clear();
        for (walk, next) in walks[lo..hi].iter_mut().zip(&mut next_frame[lo..hi]) {
            let f = walk.advance(stacks, frames);
            *next = f;
            if f == END {
                continue;
            }
            let fi = f as usize;
            if stamp[fi] != id {
                stamp[fi] = id;
                sum[fi] = 0;
                sum_second[fi] = 0;
                count[fi] = 0;
                touched.push(f);
            }
            sum[fi] = sum[fi].wrapping_add(walk.weight);
            sum_second[fi] = sum_second[fi].wrapping_add(walk.second);
            count[fi] += 1;
        }
        touched.sort_unstable_by_key(|&f| rank.get(f as usize).copied().unwrap_or(f));
        let mut spans = ChildSpans::new(p.span.0, p.span.1, p.total);
        // Drawn children's samples are gathered in child order; the others'
        // are not needed again.
        let mut at = 0usize;
        let mut children: Vec<Pending> = Vec::with_capacity(touched.len());
        for &f in &touched {
            let fi = f as usize;
            let (span, drawn) = match spans.as_mut() {
                Some(s) => {
                    let span = s.next(sum[fi]);
                    let (a, b) = cell_range(span);
                    (span, b > a)
                }
                None => ((0.0, 0.0), false),
            };
            slot[fi] = if drawn { at as u32 } else { u32::MAX };
            let range = drawn.then(|| {
                at += count[fi] as usize;
                (lo + at - count[fi] as usize, lo + at)
            });
            children.push(Pending {
                frame: f,
                parent: id,
                depth: p.depth + 1,
                total: sum[fi],
                second: sum_second[fi],
                samples: range,
                span,
            });
        }
        for (walk, &f) in walks[lo..hi].iter().zip(&next_frame[lo..hi]) {
            if f == END || slot[f as usize] == u32::MAX {
                continue;
            }
            let s = &mut slot[f as usize];
            scratch[*s as usize] = *walk;
            *s += 1;
        }
        walks[lo..lo + at].copy_from_slice(&scratch[..at]);
        pending.extend(children.into_iter().rev());
    }
    (StackTrie::link(nodes, unexpanded), seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_share_the_parent_in_proportion_and_skip_negative_values() {
        let mut s = ChildSpans::new(0.0, 100.0, 200).expect("a parent with value");
        assert_eq!(s.next(50), (0.0, 25.0));
        assert_eq!(s.next(-10), (25.0, 25.0));
        assert_eq!(s.next(150), (25.0, 100.0));
        assert!(ChildSpans::new(0.0, 100.0, 0).is_none());
        assert!(ChildSpans::new(0.0, 100.0, -5).is_none());
        assert_eq!(cell_range((3.4, 3.6)), (3.0, 4.0));
        assert_eq!(cell_range((3.1, 3.4)), (3.0, 3.0));
    }
}
