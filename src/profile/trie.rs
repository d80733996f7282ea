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
    /// Depth below the root (root = 0).
    pub depth: u32,
    /// Value of all samples through this path.
    pub total: i64,
    /// Value of samples that end here.
    pub self_value: i64,
}

/// An arena of call paths with children lists.
#[derive(Debug, Clone)]
pub struct StackTrie {
    nodes: Vec<TrieNode>,
    child_start: Vec<u32>,
    children: Vec<u32>,
}

impl StackTrie {
    /// Builds the trie of one sample value; samples with value 0 are left out.
    /// Children are ordered by frame name, as flame graphs usually are.
    ///
    /// The stacks are sorted first, so that the trie is built in one
    /// sequential pass (each stack shares its prefix with the one before it)
    /// instead of a hash lookup per frame, which costs a cache miss each on
    /// a million samples.
    pub fn build(profile: &Profile, frames: &FrameTable, sample_index: usize) -> Self {
        let samples = &profile.samples;
        let mut seq: Vec<u32> = Vec::with_capacity(samples.total_stack_len());
        let mut spans: Vec<(usize, usize, i64)> = Vec::new();
        for i in 0..samples.len() {
            let w = samples.value(i, sample_index);
            if w == 0 {
                continue;
            }
            let start = seq.len();
            seq.extend(frames.stack_root_first(samples.stack(i)));
            spans.push((start, seq.len(), w));
        }
        Self::from_stacks(frames, &seq, spans)
    }

    /// Builds the trie of arbitrary root-first stacks: each span is
    /// `(start, end, weight)` into `seq`. Used for sandwich trees, whose
    /// stacks are paths of another trie.
    pub fn from_stacks(
        frames: &FrameTable,
        seq: &[u32],
        mut spans: Vec<(usize, usize, i64)>,
    ) -> Self {
        spans.sort_unstable_by(|a, b| seq[a.0..a.1].cmp(&seq[b.0..b.1]));

        let mut nodes = vec![TrieNode {
            frame: u32::MAX,
            parent: ROOT,
            depth: 0,
            total: 0,
            self_value: 0,
        }];
        // Node ids along the previous stack.
        let mut path: Vec<u32> = Vec::new();
        let mut prev: &[u32] = &[];
        for &(start, end, w) in &spans {
            let stack = &seq[start..end];
            let common = stack
                .iter()
                .zip(prev.iter())
                .take_while(|(a, b)| a == b)
                .count();
            path.truncate(common);
            for (d, &frame) in stack.iter().enumerate().skip(common) {
                let parent = path.last().copied().unwrap_or(ROOT);
                nodes.push(TrieNode {
                    frame,
                    parent,
                    depth: d as u32 + 1,
                    total: 0,
                    self_value: 0,
                });
                path.push(nodes.len() as u32 - 1);
            }
            let leaf = path.last().copied().unwrap_or(ROOT) as usize;
            nodes[leaf].self_value = nodes[leaf].self_value.wrapping_add(w);
            prev = stack;
        }
        // Nodes were created parent first, so one backward pass sums totals.
        for id in (0..nodes.len()).rev() {
            let n = &mut nodes[id];
            n.total = n.total.wrapping_add(n.self_value);
            if id != ROOT as usize {
                let (parent, total) = (n.parent as usize, n.total);
                nodes[parent].total = nodes[parent].total.wrapping_add(total);
            }
        }
        // Children lists in one flat vector (CSR), sorted by name.
        let mut counts = vec![0u32; nodes.len() + 1];
        for n in nodes.iter().skip(1) {
            counts[n.parent as usize + 1] += 1;
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let child_start = counts.clone();
        let mut fill = counts;
        let mut children = vec![0u32; nodes.len().saturating_sub(1)];
        for (id, n) in nodes.iter().enumerate().skip(1) {
            let slot = &mut fill[n.parent as usize];
            children[*slot as usize] = id as u32;
            *slot += 1;
        }
        // Sort children by name through each frame's rank in name order:
        // integer compares instead of string compares on millions of nodes.
        let mut by_name: Vec<u32> = (0..frames.len() as u32).collect();
        by_name.sort_unstable_by(|&a, &b| frames.name(a).cmp(frames.name(b)).then(a.cmp(&b)));
        let mut rank = vec![0u32; frames.len()];
        for (r, &f) in by_name.iter().enumerate() {
            rank[f as usize] = r as u32;
        }
        let rank_of = |id: u32| {
            rank.get(nodes[id as usize].frame as usize)
                .copied()
                .unwrap_or(u32::MAX)
        };
        for p in 0..nodes.len() {
            let (s, e) = (child_start[p] as usize, child_start[p + 1] as usize);
            if e - s > 1 {
                children[s..e].sort_unstable_by_key(|&c| rank_of(c));
            }
        }
        StackTrie {
            nodes,
            child_start,
            children,
        }
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
