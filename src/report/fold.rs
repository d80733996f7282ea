//! Folded stacks output (`perftui fold`), the input format of FlameGraph,
//! inferno and flamelens.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::profile::frames::{FrameTable, Granularity};
use crate::profile::trie::{StackTrie, ROOT};
use crate::profile::Profile;

/// A frame's name as one folded frame: `;` separates frames and a line
/// break ends the line, so a name holding them (C++ and Rust symbols can,
/// names from hand-made profiles anything) is written with `;` as `:`,
/// as FlameGraph's collapsers do, and control characters as escapes
/// (`\n`), so the output reads back as the stacks it was written from.
pub fn frame_text(name: &str) -> Cow<'_, str> {
    if !name.chars().any(|c| c == ';' || c.is_control()) {
        return Cow::Borrowed(name);
    }
    Cow::Owned(crate::error::escape_controls(name).replace(';', ":"))
}

/// How many distinct frame names [`folded`] rewrites with [`frame_text`].
pub fn rewritten_names(profile: &Profile, granularity: Granularity) -> usize {
    let frames = FrameTable::new(profile, granularity);
    (0..frames.len())
        .filter(|&f| matches!(frame_text(frames.name(f as u32)), Cow::Owned(_)))
        .count()
}

/// One line per distinct stack, `root;...;leaf value`, sorted by stack;
/// fractional counts as the decimals they were read from.
pub fn folded(profile: &Profile, sample_index: usize, granularity: Granularity) -> String {
    let places = super::units::fraction_places(profile.sample_type_unit(sample_index));
    folded_as(profile, sample_index, granularity, places)
}

/// [`folded`] with every value a whole number, fractional counts in their
/// smallest fraction (inferno would cut decimals; it scales these back
/// with its `factor`).
pub(crate) fn folded_whole(
    profile: &Profile,
    sample_index: usize,
    granularity: Granularity,
) -> String {
    folded_as(profile, sample_index, granularity, None)
}

fn folded_as(
    profile: &Profile,
    sample_index: usize,
    granularity: Granularity,
    places: Option<i32>,
) -> String {
    let frames = FrameTable::new(profile, granularity);
    let trie = StackTrie::build(profile, &frames, sample_index);
    let mut out = String::new();
    let mut path: Vec<Cow<'_, str>> = Vec::new();
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
        path.push(frame_text(frames.name(node.frame)));
        let own = trie.self_value(id);
        if own != 0 {
            let value = match places {
                Some(p) => super::units::decimal(own, p),
                None => own.to_string(),
            };
            let _ = writeln!(out, "{} {value}", path.join(";"));
        }
        stack.push((id, false));
        for &c in trie.children(id).iter().rev() {
            stack.push((c, true));
        }
    }
    out
}
