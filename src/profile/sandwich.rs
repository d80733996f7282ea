//! Sandwich trees of one function: the merged tree of its callers and of its
//! callees (speedscope's Sandwich view, pprof's flame graph pivot).

use super::frames::FrameTable;
use super::trie::{StackTrie, ROOT};

/// The callers and callees of one frame.
#[derive(Debug, Clone)]
pub struct Sandwich {
    /// The frame at the centre.
    pub frame: u32,
    /// Root child = the frame; its children are its callers, theirs are
    /// their callers, and so on up to the stack roots.
    pub callers: StackTrie,
    /// Root child = the frame; below it, everything it calls.
    pub callees: StackTrie,
    /// The function's own time however deep it recurses (pprof's flat):
    /// the self value of every occurrence, nested ones included. The
    /// callees tree's centre holds only the outermost occurrences' self.
    pub flat: i64,
}

impl Sandwich {
    /// The function's cum: every sample through it, once.
    pub fn cum(&self) -> i64 {
        self.callers.node(ROOT).total
    }
}

/// Builds the sandwich of `frame` from the trie of a profile.
///
/// Only the outermost occurrence of the frame on each path counts, so that
/// recursion is not counted twice (as pprof's cum). The trie numbers nodes
/// in pre-order, so a node's subtree is the id range up to the next node that
/// is not deeper than it.
pub fn build(trie: &StackTrie, frames: &FrameTable, frame: u32) -> Sandwich {
    let mut caller_seq: Vec<u32> = Vec::new();
    let mut caller_spans: Vec<(usize, usize, i64)> = Vec::new();
    let mut callee_seq: Vec<u32> = Vec::new();
    let mut callee_spans: Vec<(usize, usize, i64)> = Vec::new();
    let n = trie.len() as u32;
    let mut id = 1u32;
    let mut path: Vec<u32> = Vec::new();
    while id < n {
        let node = trie.node(id);
        if node.frame != frame {
            id += 1;
            continue;
        }
        // Callers: the path from this node up to the root, weighted by the
        // node's total.
        let start = caller_seq.len();
        let mut up = id;
        while up != ROOT {
            caller_seq.push(trie.node(up).frame);
            up = trie.node(up).parent;
        }
        caller_spans.push((start, caller_seq.len(), node.total));

        // Callees: every path inside the subtree that ends with self value.
        let end = trie.subtree_end(id);
        for m in id..end {
            let w = trie.self_value(m);
            if w == 0 {
                continue;
            }
            path.clear();
            let mut up = m;
            loop {
                path.push(trie.node(up).frame);
                if up == id {
                    break;
                }
                up = trie.node(up).parent;
            }
            let start = callee_seq.len();
            callee_seq.extend(path.iter().rev());
            callee_spans.push((start, callee_seq.len(), w));
        }
        id = end;
    }
    let flat = (1..n)
        .filter(|&id| trie.node(id).frame == frame)
        .fold(0i64, |sum, id| sum.wrapping_add(trie.self_value(id)));
    Sandwich {
        frame,
        flat,
        callers: StackTrie::from_stacks(frames, caller_seq, caller_spans),
        callees: StackTrie::from_stacks(frames, callee_seq, callee_spans),
    }
}
