//! Flat and cumulative values per node, with pprof's trimming and ordering:
//! the numbers of `go tool pprof -top` (google/pprof `internal/graph`).

use std::cmp::Ordering;

use rustc_hash::FxHashMap;

use super::frames::FrameTable;
use super::model::Profile;

/// How a node was reached from its callers in the kept graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InlineLabel {
    /// Called normally (or a root).
    None,
    /// Every call into it was inlined.
    Inline,
    /// Some calls inlined, some not.
    PartialInline,
}

impl InlineLabel {
    /// pprof's suffix for the node name.
    pub fn as_str(self) -> &'static str {
        match self {
            InlineLabel::None => "",
            InlineLabel::Inline => "(inline)",
            InlineLabel::PartialInline => "(partial-inline)",
        }
    }
}

/// Options of the node selection, with pprof's defaults.
#[derive(Debug, Clone, Copy)]
pub struct GraphOptions {
    /// Which sample value to use.
    pub sample_index: usize,
    /// Sort by cum instead of flat.
    pub cum_sort: bool,
    /// Keep at most this many nodes (`-nodecount`); `None` keeps all.
    pub node_count: Option<usize>,
    /// Drop nodes whose |cum| is below this share of the total (`-nodefraction`).
    pub node_fraction: f64,
    /// Drop edges below this share of the total (`-edgefraction`).
    pub edge_fraction: f64,
    /// `-mean`: divide each node's values by its sum of this value (the
    /// contention count), giving mean delay per contention.
    pub mean_divisor: Option<usize>,
    /// `-drop_negative`: leave out nodes whose values are negative.
    pub drop_negative: bool,
    /// Mark nodes that are only ever inlined (pprof's `(inline)`): a pass
    /// over the samples, left out of the first frame of a large profile.
    pub inline_labels: bool,
}

impl Default for GraphOptions {
    fn default() -> Self {
        GraphOptions {
            sample_index: 0,
            cum_sort: false,
            node_count: None,
            node_fraction: 0.005,
            edge_fraction: 0.001,
            mean_divisor: None,
            drop_negative: false,
            inline_labels: true,
        }
    }
}

/// One row of the top table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopNode {
    /// Frame id in the [`FrameTable`].
    pub frame: u32,
    /// Value of samples whose leaf is this node.
    pub flat: i64,
    /// Value of samples that contain this node (once per sample).
    pub cum: i64,
    /// Whether calls into it were inlined.
    pub inline: InlineLabel,
    /// With `-mean`: the divisor's sums of the flat and cum samples.
    pub div: (i64, i64),
}

impl TopNode {
    /// The flat value pprof prints: with `-mean`, flat over its divisor.
    pub fn flat_value(&self) -> i64 {
        divided(self.flat, self.div.0)
    }

    /// The cum value pprof prints.
    pub fn cum_value(&self) -> i64 {
        divided(self.cum, self.div.1)
    }
}

/// pprof's `FlatValue`/`CumValue`: the mean when there is a divisor.
fn divided(v: i64, div: i64) -> i64 {
    if div == 0 {
        v
    } else {
        v.wrapping_div(div)
    }
}

/// The result of [`top`].
#[derive(Debug, Clone)]
pub struct TopTable {
    /// The kept nodes in display order.
    pub nodes: Vec<TopNode>,
    /// Nodes left after dropping low-value ones (before `node_count`).
    pub orig_count: usize,
    /// Nodes dropped for being below the node fraction.
    pub dropped_nodes: usize,
    /// Sum of flat over all nodes of the full graph.
    pub graph_total: i64,
}

/// Flat and cum of every frame (index = frame id) and which frames occur.
#[derive(Debug, Clone)]
pub struct FlatCum {
    /// Flat value per frame.
    pub flat: Vec<i64>,
    /// Cum value per frame (recursion counted once per sample).
    pub cum: Vec<i64>,
    /// Whether the frame is a node of the graph (occurs with non-zero weight).
    pub present: Vec<bool>,
    /// With a mean divisor: its flat sum per frame (else empty).
    pub flat_div: Vec<i64>,
    /// With a mean divisor: its cum sum per frame (else empty).
    pub cum_div: Vec<i64>,
}

/// Computes flat and cum of every frame for one sample value.
pub fn flat_cum(profile: &Profile, frames: &FrameTable, sample_index: usize) -> FlatCum {
    flat_cum_with(profile, frames, sample_index, None)
}

/// [`flat_cum`], also summing value `divisor` for pprof's `-mean`; a
/// sample counts when either value is non-zero, as in pprof.
pub fn flat_cum_with(
    profile: &Profile,
    frames: &FrameTable,
    sample_index: usize,
    divisor: Option<usize>,
) -> FlatCum {
    if let (Some(single), None) = (frames.single_frames(), divisor) {
        return flat_cum_single(profile, frames.len(), single, sample_index);
    }
    flat_cum_any(profile, frames, sample_index, divisor)
}

/// [`flat_cum_with`] for any frame table and divisor.
fn flat_cum_any(
    profile: &Profile,
    frames: &FrameTable,
    sample_index: usize,
    divisor: Option<usize>,
) -> FlatCum {
    let n = frames.len();
    let mut flat = vec![0i64; n];
    let mut cum = vec![0i64; n];
    let mut present = vec![false; n];
    let div_len = if divisor.is_some() { n } else { 0 };
    let mut flat_div = vec![0i64; div_len];
    let mut cum_div = vec![0i64; div_len];
    let mut stamp = vec![u32::MAX; n];
    let samples = &profile.samples;
    for i in 0..samples.len() {
        let w = samples.value(i, sample_index);
        let dw = divisor.map_or(0, |d| samples.value(i, d));
        if w == 0 && dw == 0 {
            continue;
        }
        let stack = samples.stack(i);
        let Some(&leaf_loc) = stack.first() else {
            continue;
        };
        let tag = i as u32;
        for &loc in stack {
            for &f in frames.location_frames(loc) {
                let fi = f as usize;
                if stamp[fi] != tag {
                    stamp[fi] = tag;
                    cum[fi] = cum[fi].wrapping_add(w);
                    present[fi] = true;
                    if div_len > 0 {
                        cum_div[fi] = cum_div[fi].wrapping_add(dw);
                    }
                }
            }
        }
        if let Some(&leaf) = frames.location_frames(leaf_loc).first() {
            flat[leaf as usize] = flat[leaf as usize].wrapping_add(w);
            if div_len > 0 {
                flat_div[leaf as usize] = flat_div[leaf as usize].wrapping_add(dw);
            }
        }
    }
    FlatCum {
        flat,
        cum,
        present,
        flat_div,
        cum_div,
    }
}

/// [`flat_cum_with`] without a divisor when every location is one frame:
/// the same sums with one table lookup per stack entry, the inner loop of
/// `top` and of the first frame's top table on large profiles.
fn flat_cum_single(profile: &Profile, n: usize, frame_of: &[u32], sample_index: usize) -> FlatCum {
    let mut flat = vec![0i64; n];
    let mut cum = vec![0i64; n];
    // The last sample that counted each frame, so recursion counts once;
    // a frame no counted sample reached keeps `u32::MAX`.
    let mut stamp = vec![u32::MAX; n];
    let samples = &profile.samples;
    for i in 0..samples.len() {
        let w = samples.value(i, sample_index);
        if w == 0 {
            continue;
        }
        let stack = samples.stack(i);
        let Some(&leaf_loc) = stack.first() else {
            continue;
        };
        let tag = i as u32;
        for &loc in stack {
            let Some(&f) = frame_of.get(loc as usize) else {
                continue;
            };
            let fi = f as usize;
            // Without a branch: whether a frame repeats in a stack is
            // what a branch predictor cannot guess on recursive stacks.
            let first = i64::from(stamp[fi] != tag);
            stamp[fi] = tag;
            cum[fi] = cum[fi].wrapping_add(w.wrapping_mul(first));
        }
        if let Some(&leaf) = frame_of.get(leaf_loc as usize) {
            flat[leaf as usize] = flat[leaf as usize].wrapping_add(w);
        }
    }
    FlatCum {
        flat,
        cum,
        present: stamp.iter().map(|&s| s != u32::MAX).collect(),
        flat_div: Vec::new(),
        cum_div: Vec::new(),
    }
}

/// pprof's `isNegative`, which `-drop_negative` drops.
fn is_negative(flat: i64, cum: i64) -> bool {
    flat < 0 || (flat == 0 && cum < 0)
}

/// Orders nodes as pprof's `FlatNameOrder` / `CumNameOrder`.
pub fn compare_nodes(
    frames: &FrameTable,
    cum_sort: bool,
    a: (u32, i64, i64),
    b: (u32, i64, i64),
) -> Ordering {
    let (fa, flat_a, cum_a) = a;
    let (fb, flat_b, cum_b) = b;
    let (first_a, first_b, second_a, second_b) = if cum_sort {
        (cum_a, cum_b, flat_a, flat_b)
    } else {
        (flat_a, flat_b, cum_a, cum_b)
    };
    first_b
        .wrapping_abs()
        .cmp(&first_a.wrapping_abs())
        .then_with(|| frames.name(fa).cmp(frames.name(fb)))
        .then_with(|| second_b.wrapping_abs().cmp(&second_a.wrapping_abs()))
        .then_with(|| frames.key(fa).cmp(&frames.key(fb)))
}

/// The top table of `profile`: pprof's graph construction, node trimming
/// by `node_fraction`, sort, `node_count` cut and inline labels.
pub fn top(profile: &Profile, frames: &FrameTable, opts: &GraphOptions) -> TopTable {
    let fc = flat_cum_with(profile, frames, opts.sample_index, opts.mean_divisor);
    let nodes: Vec<u32> = (0..frames.len() as u32)
        .filter(|&f| {
            let i = f as usize;
            fc.present[i]
                && !(fc.cum[i] == 0 && fc.flat[i] == 0)
                && !(opts.drop_negative && is_negative(fc.flat[i], fc.cum[i]))
        })
        .collect();
    let graph_total = nodes
        .iter()
        .map(|&f| fc.flat[f as usize])
        .fold(0i64, i64::wrapping_add);
    // pprof truncates the float product to an integer, then takes |x|.
    let node_cutoff = ((graph_total as f64 * opts.node_fraction) as i64).wrapping_abs();
    let edge_cutoff = ((graph_total as f64 * opts.edge_fraction) as i64).wrapping_abs();

    let mut kept: Vec<u32> = if node_cutoff > 0 {
        nodes
            .iter()
            .copied()
            .filter(|&f| fc.cum[f as usize].wrapping_abs() >= node_cutoff)
            .collect()
    } else {
        nodes.clone()
    };
    let dropped_nodes = nodes.len() - kept.len();
    let orig_count = kept.len();
    kept.sort_by(|&a, &b| {
        compare_nodes(
            frames,
            opts.cum_sort,
            (a, fc.flat[a as usize], fc.cum[a as usize]),
            (b, fc.flat[b as usize], fc.cum[b as usize]),
        )
    });
    if let Some(n) = opts.node_count {
        if n > 0 && kept.len() > n {
            kept.truncate(n);
        }
    }

    let inline = if opts.inline_labels {
        inline_labels(profile, frames, opts.sample_index, &kept, edge_cutoff)
    } else {
        vec![InlineLabel::None; kept.len()]
    };
    let nodes = kept
        .iter()
        .zip(inline)
        .map(|(&f, inline)| TopNode {
            frame: f,
            flat: fc.flat[f as usize],
            cum: fc.cum[f as usize],
            inline,
            div: if fc.flat_div.is_empty() {
                (0, 0)
            } else {
                (fc.flat_div[f as usize], fc.cum_div[f as usize])
            },
        })
        .collect();
    TopTable {
        nodes,
        orig_count,
        dropped_nodes,
        graph_total,
    }
}

/// Inline labels of the kept nodes: built from the edges of the graph that
/// has only the kept nodes (frames in between are skipped), after dropping
/// edges below the edge cutoff, as pprof's final graph does.
fn inline_labels(
    profile: &Profile,
    frames: &FrameTable,
    sample_index: usize,
    kept: &[u32],
    edge_cutoff: i64,
) -> Vec<InlineLabel> {
    const NONE: u32 = u32::MAX;
    let mut slot = vec![NONE; frames.len()];
    for (i, &f) in kept.iter().enumerate() {
        slot[f as usize] = i as u32;
    }
    // (parent, child) -> (weight, all contributions inline, last sample
    // counted); the last-sample stamp counts an edge once per sample under
    // recursion without a per-sample set.
    // Only a node that is an inlined (non-outermost) line of some location
    // can get a label, and only edges into such nodes matter; samples
    // without any location holding one are skipped.
    let mut candidate = vec![false; kept.len()];
    for loc in 0..profile.locations.len() as u32 {
        let lf = frames.location_frames(loc);
        for &f in &lf[..lf.len().saturating_sub(1)] {
            let n = slot[f as usize];
            if n != NONE {
                candidate[n as usize] = true;
            }
        }
    }
    if !candidate.contains(&true) {
        return vec![InlineLabel::None; kept.len()];
    }
    let relevant: Vec<bool> = (0..profile.locations.len() as u32)
        .map(|loc| {
            frames.location_frames(loc).iter().any(|&f| {
                let n = slot[f as usize];
                n != NONE && candidate[n as usize]
            })
        })
        .collect();
    let mut edges = EdgeTable::new(kept.len());
    let samples = &profile.samples;
    for i in 0..samples.len() {
        let w = samples.value(i, sample_index);
        if w == 0 || !samples.stack(i).iter().any(|&l| relevant[l as usize]) {
            continue;
        }
        let tag = i as u32;
        let mut parent = NONE;
        for &loc in samples.stack(i).iter().rev() {
            let lf = frames.location_frames(loc);
            for ni in (0..lf.len()).rev() {
                let n = slot[lf[ni] as usize];
                if n == NONE {
                    continue;
                }
                if parent != NONE && n != parent {
                    let inline = ni != lf.len() - 1;
                    let e = edges.entry(parent, n);
                    if e.2 != tag {
                        e.2 = tag;
                        e.0 = e.0.wrapping_add(w);
                        e.1 &= inline;
                    }
                }
                parent = n;
            }
        }
    }
    let mut has_inline = vec![false; kept.len()];
    let mut has_normal = vec![false; kept.len()];
    for (child, (weight, inline, _)) in edges.into_iter() {
        if weight.wrapping_abs() < edge_cutoff {
            continue;
        }
        if inline {
            has_inline[child as usize] = true;
        } else {
            has_normal[child as usize] = true;
        }
    }
    (0..kept.len())
        .map(|i| match (has_inline[i], has_normal[i]) {
            (true, true) => InlineLabel::PartialInline,
            (true, false) => InlineLabel::Inline,
            _ => InlineLabel::None,
        })
        .collect()
}

/// A call edge of pprof's graph: `src` called `dst`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    /// The caller's frame.
    pub src: u32,
    /// The callee's frame.
    pub dst: u32,
    /// Value of the samples through the edge (once per sample).
    pub weight: i64,
    /// Whether every call through it was inlined.
    pub inline: bool,
}

/// Every edge of the untrimmed graph (pprof's `newGraph` with all nodes):
/// an edge counts a sample once however often the stack crosses it, and a
/// frame calling itself directly makes no edge.
pub fn edges(profile: &Profile, frames: &FrameTable, sample_index: usize) -> Vec<Edge> {
    const NONE: u32 = u32::MAX;
    let mut table: FxHashMap<(u32, u32), (i64, bool, u32)> = FxHashMap::default();
    let samples = &profile.samples;
    for i in 0..samples.len() {
        let w = samples.value(i, sample_index);
        if w == 0 {
            continue;
        }
        let tag = i as u32;
        let mut parent = NONE;
        for &loc in samples.stack(i).iter().rev() {
            let lf = frames.location_frames(loc);
            for ni in (0..lf.len()).rev() {
                let n = lf[ni];
                if parent != NONE && n != parent {
                    let e = table.entry((parent, n)).or_insert(EMPTY_EDGE);
                    if e.2 != tag {
                        e.2 = tag;
                        e.0 = e.0.wrapping_add(w);
                        e.1 &= ni != lf.len() - 1;
                    }
                }
                parent = n;
            }
        }
    }
    table
        .into_iter()
        .map(|((src, dst), (weight, inline, _))| Edge {
            src,
            dst,
            weight,
            inline,
        })
        .collect()
}

/// Edge weights between kept nodes: a dense matrix when the kept set is
/// small (the usual `-n 30`), a hash map otherwise.
enum EdgeTable {
    Dense(usize, Vec<(i64, bool, u32)>),
    Sparse(FxHashMap<(u32, u32), (i64, bool, u32)>),
}

const EMPTY_EDGE: (i64, bool, u32) = (0, true, u32::MAX);

impl EdgeTable {
    fn new(nodes: usize) -> Self {
        if nodes <= 512 {
            EdgeTable::Dense(nodes, vec![EMPTY_EDGE; nodes * nodes])
        } else {
            EdgeTable::Sparse(FxHashMap::default())
        }
    }

    #[inline]
    fn entry(&mut self, parent: u32, child: u32) -> &mut (i64, bool, u32) {
        match self {
            EdgeTable::Dense(n, v) => &mut v[parent as usize * *n + child as usize],
            EdgeTable::Sparse(m) => m.entry((parent, child)).or_insert(EMPTY_EDGE),
        }
    }

    /// (child, edge) for every edge that was used.
    fn into_iter(self) -> Box<dyn Iterator<Item = (u32, (i64, bool, u32))>> {
        match self {
            EdgeTable::Dense(n, v) => Box::new(
                v.into_iter()
                    .enumerate()
                    .filter(|(_, e)| e.2 != u32::MAX)
                    .map(move |(i, e)| ((i % n.max(1)) as u32, e)),
            ),
            EdgeTable::Sparse(m) => Box::new(m.into_iter().map(|((_, c), e)| (c, e))),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::profile::frames::Granularity;

    #[test]
    fn one_frame_per_location_sums_as_any_table_does() {
        let mut checked = Vec::new();
        for dir in ["pprof", "perf", "speedscope"] {
            let dir = format!("{}/tests/data/{dir}", env!("CARGO_MANIFEST_DIR"));
            let mut paths: Vec<_> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            paths.sort();
            for path in paths {
                let Ok(profile) = crate::formats::load_file(&path) else {
                    continue;
                };
                let frames = FrameTable::new(&profile, Granularity::Functions);
                let Some(single) = frames.single_frames() else {
                    continue;
                };
                for index in 0..profile.sample_types.len() {
                    let fast = flat_cum_single(&profile, frames.len(), single, index);
                    let any = flat_cum_any(&profile, &frames, index, None);
                    let name = path.display();
                    assert_eq!(fast.flat, any.flat, "{name} flat");
                    assert_eq!(fast.cum, any.cum, "{name} cum");
                    assert_eq!(fast.present, any.present, "{name} present");
                }
                checked.push(path);
            }
        }
        assert!(
            checked.len() >= 5,
            "only {checked:?} have one frame per location"
        );
    }
}
