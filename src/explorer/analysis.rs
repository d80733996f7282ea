//! What the views show, computed from a profile, a sample type and a filter
//! stack: the flame tree, the top table, goroutine groups, search hits. All
//! of it is pure data work, run on a worker thread for large profiles.

use std::sync::Arc;

use crate::goregex::GoRegex as Regex;

use crate::profile::diff::{DiffTree, FunctionPair, Pair};
use crate::profile::filter::{self, Filters};
use crate::profile::frames::{FrameTable, Granularity};
use crate::profile::graph::GraphOptions;
use crate::profile::groups::{self, GoroutineGroup};
use crate::profile::sandwich::{self, Sandwich};
use crate::profile::trie::{StackTrie, ROOT};
use crate::profile::Profile;
use crate::report::top::{self, TopReport};
use crate::report::units::scaled_label;

/// The kind of a name filter, with pprof's semantics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilterKind {
    /// Keep only samples through a matching frame.
    Focus,
    /// Drop samples through a matching frame.
    Ignore,
    /// Remove matching frames from stacks.
    Hide,
}

impl FilterKind {
    /// The flag name, as on `perftui top`.
    pub fn name(self) -> &'static str {
        match self {
            FilterKind::Focus => "focus",
            FilterKind::Ignore => "ignore",
            FilterKind::Hide => "hide",
        }
    }
}

/// One entry of the filter stack.
#[derive(Debug, Clone)]
pub struct FilterStep {
    /// What it does.
    pub kind: FilterKind,
    /// What it matches (function or file names).
    pub regex: Regex,
}

impl FilterStep {
    /// `focus=regex`, as pprof's "Active filters".
    pub fn describe(&self) -> String {
        format!("{}={}", self.kind.name(), self.regex.as_str())
    }
}

/// Groups the stack into the fewest [`Filters`] that apply it exactly: one
/// group while no kind repeats, so a stack of one focus and one hide is the
/// same computation as `perftui top --focus .. --hide ..`; a repeated kind
/// starts a new group, applied to the result of the one before.
pub fn filter_groups(steps: &[FilterStep]) -> Vec<Filters> {
    let mut out: Vec<Filters> = Vec::new();
    let mut cur = Filters::default();
    fn slot(f: &mut Filters, kind: FilterKind) -> &mut Option<Regex> {
        match kind {
            FilterKind::Focus => &mut f.focus,
            FilterKind::Ignore => &mut f.ignore,
            FilterKind::Hide => &mut f.hide,
        }
    }
    for s in steps {
        if slot(&mut cur, s.kind).is_some() {
            out.push(std::mem::take(&mut cur));
        }
        *slot(&mut cur, s.kind) = Some(s.regex.clone());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Everything the views of one profile show.
#[derive(Debug)]
pub struct Analysis {
    /// The profile after the filters (the input itself when there are none).
    pub view: Arc<Profile>,
    /// The sample type shown.
    pub index: usize,
    /// The total percentages are relative to: the unfiltered one, as pprof.
    pub total: i64,
    /// The sample unit, e.g. `nanoseconds`.
    pub unit: String,
    /// The unit values are printed in, e.g. `s`, chosen as pprof does.
    pub output_unit: String,
    /// Frames of `view`.
    pub frames: FrameTable,
    /// The flame tree.
    pub trie: StackTrie,
    /// The depth of its deepest node.
    pub max_depth: u32,
    /// The top table, as `perftui top` computes it.
    pub top: TopReport,
    /// Goroutine groups, for goroutine profiles.
    pub groups: Option<Vec<GoroutineGroup>>,
    /// Things to tell the user (a filter that matched nothing).
    pub notes: Vec<String>,
    /// BEFORE and AFTER values, when the profile is a diff.
    pub diff: Option<DiffData>,
}

/// What a diff adds to an analysis: the trie is the union of both
/// profiles' stacks, and these split its values into before and after.
#[derive(Debug)]
pub struct DiffData {
    /// BEFORE's values per trie node.
    pub tree: DiffTree,
    /// Flat and cum before and after, per frame id.
    pub functions: Vec<FunctionPair>,
}

impl DiffData {
    /// Flat and cum of a frame before and after.
    pub fn function(&self, frame: u32) -> FunctionPair {
        self.functions
            .get(frame as usize)
            .copied()
            .unwrap_or_default()
    }
}

impl Analysis {
    /// A value in the output unit, e.g. `1.20s`.
    pub fn fmt(&self, v: i64) -> String {
        scaled_label(v, &self.unit, &self.output_unit)
    }

    /// `v` as a percentage of the total, or 0 when the total is 0.
    pub fn pct(&self, v: i64) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            v as f64 / self.total as f64 * 100.0
        }
    }

    /// The node of the trie at the end of `path` (frame names from the
    /// root's child down), or the deepest node that exists along it: how a
    /// selection survives a filter, a sample type switch or a reload.
    pub fn find_path(&self, path: &[String]) -> u32 {
        let mut node = ROOT;
        for name in path {
            match self
                .trie
                .children(node)
                .iter()
                .find(|&&c| self.frames.name(self.trie.node(c).frame) == name)
            {
                Some(&c) => node = c,
                None => break,
            }
        }
        node
    }

    /// Frame names from the root's child down to `node`.
    pub fn path_names(&self, node: u32) -> Vec<String> {
        self.trie
            .path(node)
            .into_iter()
            .map(|f| self.frames.name(f).to_string())
            .collect()
    }

    /// The heaviest trie node of `frame` (the one to show when jumping to a
    /// function from a table).
    pub fn heaviest_node_of(&self, frame: u32) -> Option<u32> {
        (1..self.trie.len() as u32)
            .filter(|&id| self.trie.node(id).frame == frame)
            .max_by_key(|&id| (self.trie.node(id).total, std::cmp::Reverse(id)))
    }

    /// A node's value before and after (a diff), or `None`.
    pub fn pair(&self, node: u32) -> Option<Pair> {
        self.diff.as_ref().map(|d| d.tree.total(&self.trie, node))
    }

    /// The frame id of a function name, if it occurs.
    pub fn frame_named(&self, name: &str) -> Option<u32> {
        (0..self.frames.len() as u32).find(|&f| self.frames.name(f) == name)
    }
}

/// Computes the analysis of `profile` for sample type `index` under the
/// filter stack `steps`. With `diff`, `profile` is a `diff_base` profile
/// and the flame tree is the union of BEFORE's and AFTER's stacks.
pub fn analyze(
    profile: &Arc<Profile>,
    index: usize,
    steps: &[FilterStep],
    granularity: Granularity,
    diff: bool,
) -> Analysis {
    let mut notes = Vec::new();
    let mut view = Arc::clone(profile);
    for f in filter_groups(steps) {
        let (p, m) = filter::apply(&view, &f);
        for (set, matched, what) in [
            (f.focus.as_ref(), m.focus, "focus"),
            (f.ignore.as_ref(), m.ignore, "ignore"),
            (f.hide.as_ref(), m.hide, "hide"),
        ] {
            if let (Some(re), false) = (set, matched) {
                notes.push(format!("{what}={} matched no samples", re.as_str()));
            }
        }
        view = Arc::new(p);
    }
    let frames = FrameTable::new(&view, granularity);
    let active: Vec<String> = steps.iter().map(FilterStep::describe).collect();
    let graph = GraphOptions {
        sample_index: index,
        ..GraphOptions::default()
    };
    let build_top = || top::build_filtered(profile, &view, &frames, &graph, None, &active);
    // The flame tree and the top table read the same data and take about
    // as long each: one per core.
    let ((trie, tree), top) = std::thread::scope(|s| {
        let top = s.spawn(build_top);
        let trie = if diff {
            let (trie, tree) = DiffTree::build(&view, &frames, index);
            (trie, Some(tree))
        } else {
            (StackTrie::build(&view, &frames, index), None)
        };
        (trie, top.join())
    });
    let top = top.unwrap_or_else(|_| build_top());
    let diff = tree.map(|tree| DiffData {
        functions: tree.functions(&trie, frames.len()),
        tree,
    });
    // Goroutine groups of a diff would mix negative and positive counts.
    let groups = (diff.is_none() && groups::is_goroutine_profile(&view))
        .then(|| groups::group(&view, index));
    Analysis {
        index,
        total: top.total,
        unit: top.unit.clone(),
        output_unit: top.output_unit.clone(),
        view,
        frames,
        max_depth: (0..trie.len() as u32)
            .map(|id| trie.node(id).depth)
            .max()
            .unwrap_or(0),
        trie,
        top,
        groups,
        notes,
        diff,
    }
}

/// Compiles a search pattern with smart case: case-insensitive unless the
/// pattern has an upper-case letter.
pub fn compile_search(pattern: &str) -> Result<Regex, String> {
    let smart = if pattern.chars().any(char::is_uppercase) {
        pattern.to_string()
    } else {
        format!("(?i){pattern}")
    };
    crate::goregex::compile(&smart).map_err(|e| format!("invalid search regex /{pattern}/: {e}"))
}

/// Which frames a search matches and how much of the profile they cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHits {
    /// Per frame id: whether its name matches.
    pub frames: Vec<bool>,
    /// Value of the samples with at least one matching frame.
    pub value: i64,
    /// Number of matching functions.
    pub functions: usize,
}

/// Runs a search over the frames and the trie of `analysis`. One pass over
/// the trie in id order (parents come before children) adds each matching
/// node's total unless an ancestor already matched, so every sample counts
/// once.
pub fn search(analysis: &Analysis, regex: &Regex) -> SearchHits {
    let frames: Vec<bool> = (0..analysis.frames.len() as u32)
        .map(|f| regex.is_match(analysis.frames.name(f)))
        .collect();
    let trie = &analysis.trie;
    let mut covered = vec![false; trie.len()];
    let mut value = 0i64;
    for id in 1..trie.len() {
        let n = trie.node(id as u32);
        let parent_covered = covered[n.parent as usize];
        let hit = frames.get(n.frame as usize).copied().unwrap_or(false);
        if hit && !parent_covered {
            value = value.wrapping_add(n.total);
        }
        covered[id] = hit || parent_covered;
    }
    let functions = frames.iter().filter(|&&b| b).count();
    SearchHits {
        frames,
        value,
        functions,
    }
}

/// Each sample type's total as `perftui top` prints it for that type: in
/// the output unit pprof picks from that report's node values.
pub fn type_labels(profile: &Profile, granularity: Granularity) -> Vec<String> {
    let frames = FrameTable::new(profile, granularity);
    (0..profile.sample_types.len())
        .map(|i| {
            let graph = GraphOptions {
                sample_index: i,
                ..GraphOptions::default()
            };
            let top = top::build_filtered(profile, profile, &frames, &graph, None, &[]);
            top.fmt(profile.total(i))
        })
        .collect()
}

/// The sandwich of `frame` in `analysis`.
pub fn sandwich_of(analysis: &Analysis, frame: u32) -> Sandwich {
    sandwich::build(&analysis.trie, &analysis.frames, frame)
}
