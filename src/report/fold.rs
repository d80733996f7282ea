//! Folded stacks output (`perftui fold`), the input format of FlameGraph,
//! inferno and flamelens.

use std::fmt::Write as _;

use crate::profile::frames::{FrameTable, Granularity};
use crate::profile::trie::{StackTrie, ROOT};
use crate::profile::Profile;

/// One line per distinct stack, `root;...;leaf value`, sorted by stack.
pub fn folded(profile: &Profile, sample_index: usize, granularity: Granularity) -> String {
    let frames = FrameTable::new(profile, granularity);
    let trie = StackTrie::build(profile, &frames, sample_index);
    let mut out = String::new();
    let mut path: Vec<&str> = Vec::new();
    // Iterative DFS: (node, entering?)
    let mut stack: Vec<(u32, bool)> = trie
        .children(ROOT)
        .iter()
        .rev()
        .map(|&c| (c, true))
        .collect();
    while let Some((id, enter)) = stack.pop() {
        if !enter {
            path.pop();
            continue;
        }
        let node = trie.node(id);
        path.push(frames.name(node.frame));
        if node.self_value != 0 {
            let _ = writeln!(out, "{} {}", path.join(";"), node.self_value);
        }
        stack.push((id, false));
        for &c in trie.children(id).iter().rev() {
            stack.push((c, true));
        }
    }
    out
}
