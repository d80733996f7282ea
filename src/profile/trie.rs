//! The stack trie: every distinct call path once, as an arena of nodes with
//! `u32` ids. This is the tree a flame graph draws.

use super::frames::FrameTable;
use super::model::Profile;

/// Id of the root node (it has no frame).
pub const ROOT: u32 = 0;

/// One call path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrieNode {
    /// Frame id in the [`FrameTable`] (`u32::MAX` for the root).
    pub frame: u32,
    /// Parent node (the root is its own parent).
    pub parent: u32,
    /// Value of all samples through this path.
    pub total: i64,
}

/// An arena of call paths with children lists.
#[derive(Debug, Clone)]
pub struct StackTrie {
    nodes: Vec<TrieNode>,
    child_start: Vec<u32>,
    children: Vec<u32>,
    /// Empty for a whole trie. For one built only as far as a flame graph
    /// draws it ([`super::visible_trie`]), per node: whether its children
    /// were left out.
    unexpanded: Vec<bool>,
}

impl StackTrie {
    /// The units of progress [`StackTrie::build`] reports per sample:
    /// copying its stack, sorting it into place, making its nodes.
    pub const PROGRESS_UNITS: u64 = 3;

    /// Builds the trie of one sample value; samples with value 0 are left out.
    /// Children are ordered by frame name, as flame graphs usually are.
    ///
    /// The stacks are sorted first, so that the trie is built in one
    /// sequential pass (each stack shares its prefix with the one before it)
    /// instead of a hash lookup per frame, which costs a cache miss each on
    /// a million samples.
    ///
    /// Progress goes to the current step ([`crate::progress`]) in
    /// [`StackTrie::PROGRESS_UNITS`] units per sample.
    pub fn build(profile: &Profile, frames: &FrameTable, sample_index: usize) -> Self {
        let order = NameOrder::new(frames);
        // The stacks' copy is the biggest thing built besides the nodes: in
        // ranks of two bytes when the frames are few enough, as they nearly
        // always are (120 MB -> 60 MB on a 1M-sample profile).
        Self::build_with(profile, frames, sample_index, &order, IN_PARTS_ABOVE)
    }

    fn build_with(
        profile: &Profile,
        frames: &FrameTable,
        sample_index: usize,
        order: &NameOrder,
        in_parts_above: usize,
    ) -> Self {
        let stacks = Stacks {
            profile,
            frames,
            sample_index,
            order,
        };
        if frames.len() <= usize::from(u16::MAX) + 1 {
            stacks.trie(|r| r as u16, in_parts_above)
        } else {
            stacks.trie(|r| r, in_parts_above)
        }
    }

    fn from_ranked<K: Rank>(
        order: &NameOrder,
        seq: Vec<K>,
        spans: Vec<(usize, usize, i64)>,
    ) -> Self {
        let built = build_nodes(&seq, &order.by_name, spans);
        // The stacks' copy is as big as the children lists made next.
        drop(seq);
        Self::finish(built.nodes)
    }

    /// Builds the trie of arbitrary root-first stacks of frame ids: each
    /// span is `(start, end, weight)` into `seq` (which is reused). Used for sandwich trees, whose
    /// stacks are paths of another trie.
    pub fn from_stacks(
        frames: &FrameTable,
        mut seq: Vec<u32>,
        spans: Vec<(usize, usize, i64)>,
    ) -> Self {
        let order = NameOrder::new(frames);
        order.rank_in_place(&mut seq);
        Self::from_ranked(&order, seq, spans)
    }

    /// Like [`Self::from_stacks`], with a second weight per stack summed
    /// along the same paths: `(start, end, weight, second)`. Returns the
    /// trie (laid out by `weight`) with each node's total and self value of
    /// `second`, indexed by node id. A differential flame graph lays out by
    /// one value and colours by another.
    pub fn from_stacks_paired(
        frames: &FrameTable,
        mut seq: Vec<u32>,
        spans: Vec<(usize, usize, i64, i64)>,
    ) -> (Self, Vec<i64>, Vec<i64>) {
        let order = NameOrder::new(frames);
        order.rank_in_place(&mut seq);
        let Built {
            nodes,
            mut second_self,
        } = build_nodes(&seq, &order.by_name, spans);
        drop(seq);
        second_self.resize(nodes.len(), 0);
        let mut second_total = second_self.clone();
        for id in (1..nodes.len()).rev() {
            let parent = nodes[id].parent as usize;
            second_total[parent] = second_total[parent].wrapping_add(second_total[id]);
        }
        (Self::finish(nodes), second_total, second_self)
    }

    /// Sums totals and builds the children lists. Nodes were created in the
    /// order of stacks sorted by frame name, so each node's children come in
    /// name order already.
    ///
    /// Each node's `total` holds its self value on the way in.
    fn finish(mut nodes: Vec<TrieNode>) -> Self {
        // Nodes were created parent first, so one backward pass sums totals.
        for id in (1..nodes.len()).rev() {
            let (parent, total) = (nodes[id].parent as usize, nodes[id].total);
            nodes[parent].total = nodes[parent].total.wrapping_add(total);
        }
        Self::link(nodes, Vec::new())
    }

    /// The trie of nodes whose totals are set, parents before children and
    /// each node's children in name order; `unexpanded` as the field.
    pub(super) fn link(nodes: Vec<TrieNode>, unexpanded: Vec<bool>) -> Self {
        // Children lists in one flat vector (CSR), sorted by name.
        let mut counts = vec![0u32; nodes.len() + 1];
        for n in nodes.iter().skip(1) {
            counts[n.parent as usize + 1] += 1;
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        // Each parent's start serves as its cursor while the children are
        // placed, and ends as the next one's start; shifting the array by
        // one then gives the starts back, without a second array of them.
        let mut children = vec![0u32; nodes.len().saturating_sub(1)];
        for (id, n) in nodes.iter().enumerate().skip(1) {
            let slot = &mut counts[n.parent as usize];
            children[*slot as usize] = id as u32;
            *slot += 1;
        }
        counts.rotate_right(1);
        counts[0] = 0;
        let child_start = counts;
        StackTrie {
            nodes,
            child_start,
            children,
            unexpanded,
        }
    }

    /// Whether every call path is in the trie (not only those a flame
    /// graph draws at one width).
    pub fn is_complete(&self) -> bool {
        self.unexpanded.is_empty()
    }

    /// Whether the children of `id` are in the trie: always, unless the
    /// trie is partial and `id` is narrower than a cell there.
    pub fn is_expanded(&self, id: u32) -> bool {
        !self.unexpanded.get(id as usize).copied().unwrap_or(false)
    }

    /// Number of nodes, the root included.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether only the root exists.
    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }

    /// A node.
    pub fn node(&self, id: u32) -> &TrieNode {
        &self.nodes[id as usize]
    }

    /// How far below the root `id` is (the root is at 0): walked up the
    /// parents, not kept per node, where it would take a third of the
    /// trie's memory (16 bytes a node instead of 24).
    pub fn depth(&self, mut id: u32) -> u32 {
        let mut depth = 0;
        while id != ROOT {
            id = self.nodes[id as usize].parent;
            depth += 1;
        }
        depth
    }

    /// One past the last node of `id`'s subtree. Node ids are in pre-order
    /// (every trie is built parent first, depth first), so the subtree is
    /// the ids up to the first node whose parent comes before `id`.
    pub fn subtree_end(&self, id: u32) -> u32 {
        let n = self.nodes.len() as u32;
        if id == ROOT {
            return n;
        }
        let mut end = id + 1;
        while end < n && self.nodes[end as usize].parent >= id {
            end += 1;
        }
        end
    }

    /// The depth of the deepest node, in one pre-order pass.
    pub fn max_depth(&self) -> u32 {
        let mut path: Vec<u32> = Vec::new();
        let mut deepest = 0;
        for (id, n) in self.nodes.iter().enumerate().skip(1) {
            while path.last().is_some_and(|&top| top != n.parent) {
                path.pop();
            }
            path.push(id as u32);
            deepest = deepest.max(path.len() as u32);
        }
        deepest
    }

    /// The value of the samples that end at `id`: its total less its
    /// children's. Not kept per node, where it would take a fifth of the
    /// trie's memory; 0 for a node whose children were left out (see
    /// [`Self::is_expanded`]), which is not known until the whole trie is.
    pub fn self_value(&self, id: u32) -> i64 {
        if !self.is_expanded(id) {
            return 0;
        }
        self.children(id)
            .iter()
            .fold(self.nodes[id as usize].total, |own, &c| {
                own.wrapping_sub(self.nodes[c as usize].total)
            })
    }

    /// The children of a node, ordered by frame name.
    pub fn children(&self, id: u32) -> &[u32] {
        let i = id as usize;
        &self.children[self.child_start[i] as usize..self.child_start[i + 1] as usize]
    }

    /// The frames from the root's child down to `id`.
    pub fn path(&self, mut id: u32) -> Vec<u32> {
        let mut out = Vec::new();
        while id != ROOT {
            out.push(self.nodes[id as usize].frame);
            id = self.nodes[id as usize].parent;
        }
        out.reverse();
        out
    }
}

/// Frames in name order (ties by id): children are ordered by name through
/// these ranks, integer compares instead of string compares.
pub(super) struct NameOrder {
    by_name: Vec<u32>,
    pub(super) rank: Vec<u32>,
}

impl NameOrder {
    pub(super) fn new(frames: &FrameTable) -> Self {
        let mut by_name: Vec<u32> = (0..frames.len() as u32).collect();
        by_name.sort_unstable_by(|&a, &b| frames.name(a).cmp(frames.name(b)).then(a.cmp(&b)));
        let mut rank = vec![0u32; frames.len()];
        for (r, &f) in by_name.iter().enumerate() {
            rank[f as usize] = r as u32;
        }
        NameOrder { by_name, rank }
    }

    /// Replaces every frame of `seq` by its rank.
    fn rank_in_place(&self, seq: &mut [u32]) {
        for f in seq {
            *f = self.rank.get(*f as usize).copied().unwrap_or(*f);
        }
    }
}

/// A frame's rank in name order, as the sort and the builder read it.
trait Rank: Copy + Ord + Send + Sync {
    fn index(self) -> usize;
}

impl Rank for u16 {
    fn index(self) -> usize {
        usize::from(self)
    }
}

impl Rank for u32 {
    fn index(self) -> usize {
        self as usize
    }
}

/// Profiles with more stack entries than this have their trie built in
/// two parts, one after the other, each from a copy of only its own stacks:
/// the copy is the biggest thing held besides the nodes (60 of 264 MB at
/// the peak on a 1M-sample profile).
const IN_PARTS_ABOVE: usize = 4 << 20;

/// The samples of one value of a profile, as stacks of frame ranks.
struct Stacks<'a> {
    profile: &'a Profile,
    frames: &'a FrameTable,
    sample_index: usize,
    order: &'a NameOrder,
}

impl Stacks<'_> {
    fn ranked<'s, K: 's>(
        &'s self,
        i: usize,
        narrow: impl Fn(u32) -> K + 's,
    ) -> impl Iterator<Item = K> + 's {
        let rank = &self.order.rank;
        self.frames
            .stack_root_first(self.profile.samples.stack(i))
            .map(move |f| narrow(rank.get(f as usize).copied().unwrap_or(f)))
    }

    /// The root-first stacks of frame ranks (as `K`) of the samples `keep`
    /// takes whose value is not 0, with their spans.
    fn copy<K>(
        &self,
        narrow: impl Fn(u32) -> K + Copy,
        keep: impl Fn(usize) -> bool,
    ) -> (Vec<K>, Vec<(usize, usize, i64)>) {
        let samples = &self.profile.samples;
        let mut seq: Vec<K> = Vec::new();
        let mut spans: Vec<(usize, usize, i64)> = Vec::new();
        let mut progress = crate::progress::Batch::default();
        for i in 0..samples.len() {
            if !keep(i) {
                continue;
            }
            progress.add(1);
            let w = samples.value(i, self.sample_index);
            if w == 0 {
                continue;
            }
            let start = seq.len();
            seq.extend(self.ranked(i, narrow));
            spans.push((start, seq.len(), w));
        }
        (seq, spans)
    }

    /// The trie: at once, or, above `in_parts_above` stack entries, in two
    /// parts split at a pivot stack (the median of a spread of samples),
    /// the stacks below it first. The second part goes on from the first's
    /// last path, so the prefixes they share are one set of nodes.
    fn trie<K: Rank>(&self, narrow: impl Fn(u32) -> K + Copy, in_parts_above: usize) -> StackTrie {
        let samples = &self.profile.samples;
        if samples.total_stack_len() <= in_parts_above || samples.len() < 2 {
            let (seq, spans) = self.copy(narrow, |_| true);
            return StackTrie::from_ranked(self.order, seq, spans);
        }
        let step = (samples.len() / 1001).max(1);
        let mut picks: Vec<Vec<K>> = (0..samples.len())
            .step_by(step)
            .map(|i| self.ranked(i, narrow).collect())
            .collect();
        picks.sort_unstable();
        let pivot = picks.swap_remove(picks.len() / 2);
        let below = |i: usize| self.ranked(i, narrow).lt(pivot.iter().copied());
        let mut nodes = vec![ROOT_NODE];
        let mut carry = Carry::default();
        for first_part in [true, false] {
            let (seq, mut spans) = self.copy(narrow, |i| below(i) == first_part);
            sort_stacks_on_two_cores(&mut spans, &seq);
            let filled = nodes.len() - 1;
            let new = count_new_nodes(&spans, &seq, &carry.last);
            nodes.resize(nodes.len() + new, ROOT_NODE);
            let part = Part {
                nodes: &mut nodes[1..],
                second_self: &mut [],
                first_id: 1,
                filled,
            };
            let (root_self, _) = build_sorted(&seq, &self.order.by_name, &spans, part, &mut carry);
            nodes[0].total = nodes[0].total.wrapping_add(root_self);
        }
        StackTrie::finish(nodes)
    }
}

/// The root of every trie.
const ROOT_NODE: TrieNode = TrieNode {
    frame: u32::MAX,
    parent: ROOT,
    total: 0,
};

/// Where one run of sorted stacks left off, for the next to go on from:
/// the node ids along its last stack, and that stack.
struct Carry<K> {
    path: Vec<u32>,
    last: Vec<K>,
}

impl<K> Default for Carry<K> {
    fn default() -> Self {
        Carry {
            path: Vec::new(),
            last: Vec::new(),
        }
    }
}

/// A stack to put in a trie: a span of the frame sequence with its weight.
trait Span: Copy + Send + Sync {
    /// Whether the stacks carry a second weight.
    const PAIRED: bool = false;
    fn start(&self) -> usize;
    fn end(&self) -> usize;
    fn weight(&self) -> i64;
    fn second(&self) -> i64 {
        0
    }
}

impl Span for (usize, usize, i64) {
    fn start(&self) -> usize {
        self.0
    }
    fn end(&self) -> usize {
        self.1
    }
    fn weight(&self) -> i64 {
        self.2
    }
}

impl Span for (usize, usize, i64, i64) {
    const PAIRED: bool = true;
    fn start(&self) -> usize {
        self.0
    }
    fn end(&self) -> usize {
        self.1
    }
    fn weight(&self) -> i64 {
        self.2
    }
    fn second(&self) -> i64 {
        self.3
    }
}

/// The nodes of a trie before totals and children lists, and, for paired
/// stacks, each node's self value of the second weight.
struct Built {
    nodes: Vec<TrieNode>,
    second_self: Vec<i64>,
}

/// Sorts the stacks and creates their nodes: on two cores when there are
/// many (the stacks split by root frame into two halves, each sorted and
/// built on its own). `seq` holds frames' ranks in name order, so stacks
/// sort by name; `frame_of` maps a rank back to its frame id.
///
/// The nodes are counted before they are made, so that they go into one
/// array of exactly their number, the two halves each filling their own
/// part of it: growing a vector by doubling, then appending one half to the
/// other, held two to three times the trie's size at the peak (600 MB on a
/// 1M-sample profile, for a 190 MB trie).
fn build_nodes<S: Span, K: Rank>(seq: &[K], frame_of: &[u32], mut spans: Vec<S>) -> Built {
    let root = ROOT_NODE;
    if spans.len() < 100_000 {
        sort_stacks(&mut spans, seq);
        let mut nodes = vec![root; 1 + count_new_nodes(&spans, seq, &[])];
        let mut second_self = if S::PAIRED {
            vec![0; nodes.len()]
        } else {
            Vec::new()
        };
        let (root_self, root_second) = build_sorted(
            seq,
            frame_of,
            &spans,
            Part {
                nodes: &mut nodes[1..],
                second_self: second_self.get_mut(1..).unwrap_or_default(),
                first_id: 1,
                filled: 0,
            },
            &mut Carry::default(),
        );
        nodes[0].total = root_self;
        if let Some(s) = second_self.first_mut() {
            *s = root_second;
        }
        return Built { nodes, second_self };
    }
    let (mut low, mut high) = split_by_root(spans, seq);
    let (n_low, n_high) = std::thread::scope(|scope| {
        let h = scope.spawn(|| {
            sort_stacks(&mut high, seq);
            count_new_nodes(&high, seq, &[])
        });
        sort_stacks(&mut low, seq);
        let n_low = count_new_nodes(&low, seq, &[]);
        (n_low, h.join())
    });
    // Sorting does not panic; were it to, the low half alone would drop
    // samples, so give up loudly rather than silently.
    let n_high = n_high.unwrap_or_else(|e| std::panic::resume_unwind(e));
    let mut nodes = vec![root; 1 + n_low + n_high];
    let mut second_self = if S::PAIRED {
        vec![0; nodes.len()]
    } else {
        Vec::new()
    };
    let (low_nodes, high_nodes) = nodes[1..].split_at_mut(n_low);
    let (low_second, high_second) = if S::PAIRED {
        second_self[1..].split_at_mut(n_low)
    } else {
        (&mut [][..], &mut [][..])
    };
    let (low_root, high_root) = std::thread::scope(|scope| {
        let h = scope.spawn(|| {
            let part = Part {
                nodes: high_nodes,
                second_self: high_second,
                first_id: 1 + n_low as u32,
                filled: 0,
            };
            build_sorted(seq, frame_of, &high, part, &mut Carry::default())
        });
        let part = Part {
            nodes: low_nodes,
            second_self: low_second,
            first_id: 1,
            filled: 0,
        };
        (
            build_sorted(seq, frame_of, &low, part, &mut Carry::default()),
            h.join(),
        )
    });
    let high_root = high_root.unwrap_or_else(|e| std::panic::resume_unwind(e));
    nodes[0].total = low_root.0.wrapping_add(high_root.0);
    if let Some(s) = second_self.first_mut() {
        *s = low_root.1.wrapping_add(high_root.1);
    }
    Built { nodes, second_self }
}

/// How many nodes sorted stacks add below the root: each stack adds the
/// frames past the prefix it shares with the one before it (the first,
/// with `before`).
fn count_new_nodes<S: Span, K: Rank>(spans: &[S], seq: &[K], before: &[K]) -> usize {
    let mut prev: &[K] = before;
    let mut count = 0;
    for span in spans {
        let stack = &seq[span.start()..span.end()];
        count += stack.len() - common_prefix(stack, prev);
        prev = stack;
    }
    count
}

fn common_prefix<K: Rank>(a: &[K], b: &[K]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// The part of the node array one run of sorted stacks fills, whose first
/// node has id `first_id`, from its `filled`-th node on.
struct Part<'a> {
    nodes: &'a mut [TrieNode],
    second_self: &'a mut [i64],
    first_id: u32,
    filled: usize,
}

/// Creates the nodes of sorted stacks in one sequential pass (each stack
/// shares its prefix with the one before it) and adds each weight to its
/// leaf's self value. Returns the root's self value of both weights (the
/// root is shared, so it is not in `part`). Goes on from where `carry`
/// says the run before left off, and leaves it where this one does.
fn build_sorted<S: Span, K: Rank>(
    seq: &[K],
    frame_of: &[u32],
    spans: &[S],
    part: Part,
    carry: &mut Carry<K>,
) -> (i64, i64) {
    let Part {
        nodes,
        second_self,
        first_id,
        filled,
    } = part;
    let (mut root_self, mut root_second) = (0i64, 0i64);
    // Node ids along the previous stack.
    let mut path = std::mem::take(&mut carry.path);
    let before = std::mem::take(&mut carry.last);
    let mut prev: &[K] = &before;
    let mut next = filled;
    let mut progress = crate::progress::Batch::default();
    for span in spans {
        progress.add(1);
        let stack = &seq[span.start()..span.end()];
        let common = common_prefix(stack, prev);
        path.truncate(common);
        for &frame in &stack[common..] {
            let parent = path.last().copied().unwrap_or(ROOT);
            nodes[next] = TrieNode {
                frame: frame_of
                    .get(frame.index())
                    .copied()
                    .unwrap_or(frame.index() as u32),
                parent,
                total: 0,
            };
            path.push(first_id + next as u32);
            next += 1;
        }
        match path.last() {
            Some(&id) => {
                let i = (id - first_id) as usize;
                nodes[i].total = nodes[i].total.wrapping_add(span.weight());
                if S::PAIRED {
                    second_self[i] = second_self[i].wrapping_add(span.second());
                }
            }
            None => {
                root_self = root_self.wrapping_add(span.weight());
                root_second = root_second.wrapping_add(span.second());
            }
        }
        prev = stack;
    }
    carry.last = prev.to_vec();
    carry.path = path;
    (root_self, root_second)
}

/// Splits stacks by their root frame at the median root, so that the two
/// halves sorted and concatenated are the whole sorted. Empty stacks go
/// with the lower half.
fn split_by_root<S: Span, K: Rank>(spans: Vec<S>, seq: &[K]) -> (Vec<S>, Vec<S>) {
    let root = |s: &S| seq.get(s.start()).copied().filter(|_| s.start() < s.end());
    let mut roots: Vec<K> = spans.iter().filter_map(root).collect();
    if roots.is_empty() {
        return (spans, Vec::new());
    }
    let mid = roots.len() / 2;
    let (_, &mut threshold, _) = roots.select_nth_unstable(mid);
    spans
        .into_iter()
        .partition(|s| !matches!(root(s), Some(r) if r >= threshold))
}

/// Sorts stacks, in two halves on two cores when there are many (what
/// [`build_nodes`] does before building).
fn sort_stacks_on_two_cores<S: Span, K: Rank>(spans: &mut Vec<S>, seq: &[K]) {
    if spans.len() < 100_000 {
        return sort_stacks(spans, seq);
    }
    let (mut low, mut high) = split_by_root(std::mem::take(spans), seq);
    std::thread::scope(|scope| {
        scope.spawn(|| sort_stacks(&mut high, seq));
        sort_stacks(&mut low, seq);
    });
    spans.append(&mut low);
    spans.append(&mut high);
}

/// Sorts stacks (spans of `seq`) in slice order with a multikey (three-way
/// radix) quicksort: it partitions on one frame at a time and never compares
/// a shared prefix twice, where a comparison sort re-reads the long common
/// prefixes of deep stacks on every comparison.
fn sort_stacks<S: Span, K: Rank>(spans: &mut [S], seq: &[K]) {
    // 0 is "the stack ended", so a stack sorts before its extensions.
    let key = |s: &S, d: usize| -> u64 {
        if s.start() + d < s.end() {
            seq[s.start() + d].index() as u64 + 1
        } else {
            0
        }
    };
    let mut work = vec![(0usize, spans.len(), 0usize)];
    // Each stack is counted once, when its place is final.
    let mut progress = crate::progress::Batch::default();
    while let Some((lo, hi, d)) = work.pop() {
        let n = hi - lo;
        if n <= 1 {
            progress.add(n as u64);
            continue;
        }
        if n <= 12 {
            progress.add(n as u64);
            let part = &mut spans[lo..hi];
            part.sort_unstable_by(|a, b| {
                seq[(a.start() + d).min(a.end())..a.end()]
                    .cmp(&seq[(b.start() + d).min(b.end())..b.end()])
            });
            continue;
        }
        // Median of three keys as the pivot.
        let (a, b, c) = (
            key(&spans[lo], d),
            key(&spans[lo + n / 2], d),
            key(&spans[hi - 1], d),
        );
        let pivot = a.max(b).min(a.min(b).max(c));
        let (mut lt, mut i, mut gt) = (lo, lo, hi);
        while i < gt {
            let k = key(&spans[i], d);
            if k < pivot {
                spans.swap(lt, i);
                lt += 1;
                i += 1;
            } else if k > pivot {
                gt -= 1;
                spans.swap(i, gt);
            } else {
                i += 1;
            }
        }
        work.push((lo, lt, d));
        work.push((gt, hi, d));
        if pivot != 0 {
            work.push((lt, gt, d + 1));
        } else {
            // The stacks that end here.
            progress.add((gt - lt) as u64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deep stacks with long shared prefixes, from a fixed pseudo-random
    /// sequence: enough of them to take the two-core path.
    fn stacks(n: usize) -> (Vec<u32>, Vec<(usize, usize, i64)>) {
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut seq = Vec::new();
        let mut spans = Vec::new();
        for i in 0..n {
            let start = seq.len();
            let depth = (next() % 30) as usize;
            for d in 0..depth {
                // Shallow frames vary little, deep ones more.
                seq.push((next() % (2 + d as u64)) as u32);
            }
            spans.push((start, seq.len(), i as i64));
        }
        (seq, spans)
    }

    #[test]
    fn multikey_sort_is_slice_order_on_one_and_two_cores() {
        for n in [5_000, 150_000] {
            let (seq, spans) = stacks(n);
            let mut expected = spans.clone();
            expected.sort_by(|a, b| seq[a.0..a.1].cmp(&seq[b.0..b.1]));
            let mut got = spans.clone();
            sort_stacks_on_two_cores(&mut got, &seq);
            let as_slices = |v: &[(usize, usize, i64)]| -> Vec<Vec<u32>> {
                v.iter().map(|s| seq[s.0..s.1].to_vec()).collect()
            };
            assert_eq!(as_slices(&got), as_slices(&expected), "{n} stacks");
            // Nothing lost or duplicated.
            let mut ids: Vec<i64> = got.iter().map(|s| s.2).collect();
            ids.sort_unstable();
            assert_eq!(ids, (0..n as i64).collect::<Vec<_>>());
        }
    }

    /// A profile of the pseudo-random stacks (leaf first, as samples hold
    /// them), all under one root frame but a few: the parts a large
    /// trie is built in share most of their prefixes.
    fn profile_of(n: usize) -> Profile {
        let (seq, spans) = stacks(n);
        let mut b = crate::profile::ProfileBuilder::new(&[("samples", "count")]);
        let locs: Vec<u32> = (0..40)
            .map(|i| {
                let f = b.function(&format!("f{:02}", 39 - i), "");
                b.frame(f, 0)
            })
            .collect();
        let root = {
            let f = b.function("runtime.goexit", "");
            b.frame(f, 0)
        };
        for (k, &(s, e, w)) in spans.iter().enumerate() {
            let mut stack: Vec<u32> = seq[s..e].iter().rev().map(|&f| locs[f as usize]).collect();
            if k % 97 != 0 {
                stack.push(root);
            }
            b.sample(&stack, &[w % 7], &[]);
        }
        b.finish()
    }

    #[test]
    fn built_in_two_parts_the_trie_is_the_same() {
        use crate::profile::frames::Granularity;
        for n in [3_000, 150_000] {
            let p = profile_of(n);
            let frames = FrameTable::new(&p, Granularity::Functions);
            let order = NameOrder::new(&frames);
            let whole = StackTrie::build_with(&p, &frames, 0, &order, usize::MAX);
            let parts = StackTrie::build_with(&p, &frames, 0, &order, 0);
            assert!(whole.len() > n, "{n} samples: {} nodes", whole.len());
            assert_eq!(parts.len(), whole.len(), "{n} samples");
            for id in 0..whole.len() as u32 {
                assert_eq!(parts.node(id), whole.node(id), "{n} samples, node {id}");
                assert_eq!(
                    parts.children(id),
                    whole.children(id),
                    "{n} samples, node {id}"
                );
            }
        }
    }

    #[test]
    fn every_prefix_is_one_node_with_its_values_in_pre_order_and_name_order() {
        // Below and above the size built in two halves on two cores.
        for n in [20_000, 150_000] {
            check_every_prefix(n);
        }
    }

    fn check_every_prefix(n: usize) {
        use std::collections::HashMap;
        let (seq, spans) = stacks(n);
        // Frame ids in reverse name order, so that id order is not name order.
        let names: Vec<String> = (0..40).map(|i| format!("f{:02}", 39 - i)).collect();
        let frames = FrameTable::synthetic(names);
        let trie = StackTrie::from_stacks(&frames, seq.clone(), spans.clone());
        let mut expected: HashMap<Vec<u32>, (i64, i64)> = HashMap::new();
        for &(s, e, w) in &spans {
            for k in 1..=(e - s) {
                expected.entry(seq[s..s + k].to_vec()).or_default().0 += w;
            }
            if e > s {
                expected.entry(seq[s..e].to_vec()).or_default().1 += w;
            }
        }
        assert_eq!(trie.len() - 1, expected.len());
        let all: i64 = spans.iter().map(|s| s.2).sum();
        assert_eq!(trie.node(ROOT).total, all);
        for id in 1..trie.len() as u32 {
            let n = trie.node(id);
            let path = trie.path(id);
            assert_eq!(path.len() as u32, trie.depth(id));
            assert_eq!(expected[&path], (n.total, trie.self_value(id)), "node {id}");
            assert!(n.parent < id, "parents come first");
            let kids = trie.children(id);
            assert!(kids
                .windows(2)
                .all(|w| frames.name(trie.node(w[0]).frame) < frames.name(trie.node(w[1]).frame)));
        }
        // Pre-order: each subtree is the id range up to the next node that
        // is not deeper, and children's ranges tile their parent's.
        let n = trie.len();
        let mut end = vec![n as u32; n];
        let mut open: Vec<u32> = Vec::new();
        for id in 0..n as u32 {
            while let Some(&top) = open.last() {
                if trie.depth(top) >= trie.depth(id) {
                    end[top as usize] = id;
                    open.pop();
                } else {
                    break;
                }
            }
            open.push(id);
        }
        for id in 0..n as u32 {
            let inner: u32 = trie
                .children(id)
                .iter()
                .map(|&c| {
                    assert!(c > id && end[c as usize] <= end[id as usize]);
                    end[c as usize] - c
                })
                .sum();
            assert_eq!(end[id as usize] - id - 1, inner, "subtree of {id}");
            assert_eq!(trie.subtree_end(id), end[id as usize], "subtree of {id}");
        }
    }
}
