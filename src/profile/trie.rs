//! The stack trie: every distinct call path once, as an arena of nodes with
//! `u32` ids. This is the tree a flame graph draws.

use rustc_hash::FxHashMap;

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
    pub fn build(profile: &Profile, frames: &FrameTable, sample_index: usize) -> Self {
        let mut nodes = vec![TrieNode {
            frame: u32::MAX,
            parent: ROOT,
            depth: 0,
            total: 0,
            self_value: 0,
        }];
        let mut index: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let samples = &profile.samples;
        for i in 0..samples.len() {
            let w = samples.value(i, sample_index);
            if w == 0 {
                continue;
            }
            let mut node = ROOT;
            nodes[0].total = nodes[0].total.wrapping_add(w);
            for frame in frames.stack_root_first(samples.stack(i)) {
                let next = match index.get(&(node, frame)) {
                    Some(&n) => n,
                    None => {
                        let n = nodes.len() as u32;
                        let depth = nodes[node as usize].depth + 1;
                        nodes.push(TrieNode {
                            frame,
                            parent: node,
                            depth,
                            total: 0,
                            self_value: 0,
                        });
                        index.insert((node, frame), n);
                        n
                    }
                };
                node = next;
                let n = &mut nodes[node as usize];
                n.total = n.total.wrapping_add(w);
            }
            let n = &mut nodes[node as usize];
            n.self_value = n.self_value.wrapping_add(w);
        }
        drop(index);
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
        for p in 0..nodes.len() {
            let (s, e) = (child_start[p] as usize, child_start[p + 1] as usize);
            children[s..e].sort_by(|&a, &b| {
                frames
                    .name(nodes[a as usize].frame)
                    .cmp(frames.name(nodes[b as usize].frame))
            });
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
