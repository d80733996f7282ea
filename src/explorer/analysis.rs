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
    /// Keep only samples with a matching label (pprof's `tagfocus`).
    TagFocus,
    /// Drop samples with a matching label (`tagignore`).
    TagIgnore,
}

impl FilterKind {
    /// The flag name, as on `perftui top`.
    pub fn name(self) -> &'static str {
        match self {
            FilterKind::Focus => "focus",
            FilterKind::Ignore => "ignore",
            FilterKind::Hide => "hide",
            FilterKind::TagFocus => "tagfocus",
            FilterKind::TagIgnore => "tagignore",
        }
    }
}

/// What a filter step matches.
#[derive(Debug, Clone)]
pub enum Matcher {
    /// Function or file names (focus, ignore, hide).
    Names(Regex),
    /// Sample labels, in pprof's `tagfocus` syntax (tagfocus, tagignore).
    Labels(crate::profile::tags::TagFilter),
}

/// One entry of the filter stack.
#[derive(Debug, Clone)]
pub struct FilterStep {
    /// What it does.
    pub kind: FilterKind,
    /// What it matches.
    pub matcher: Matcher,
}

impl FilterStep {
    /// A name filter.
    pub fn names(kind: FilterKind, regex: Regex) -> Self {
        FilterStep {
            kind,
            matcher: Matcher::Names(regex),
        }
    }

    /// `focus=regex`, as pprof's "Active filters".
    pub fn describe(&self) -> String {
        let what = match &self.matcher {
            Matcher::Names(re) => re.as_str(),
            Matcher::Labels(t) => t.text.as_str(),
        };
        format!("{}={what}", self.kind.name())
    }
}

/// Groups the stack into the fewest [`Filters`] that apply it exactly: one
/// group while no kind repeats, so a stack of one focus and one hide is the
/// same computation as `perftui top --focus .. --hide ..`; a repeated kind
/// starts a new group, applied to the result of the one before.
pub fn filter_groups(steps: &[FilterStep]) -> Vec<Filters> {
    let mut out: Vec<Filters> = Vec::new();
    let mut cur = Filters::default();
    fn taken(f: &Filters, kind: FilterKind) -> bool {
        match kind {
            FilterKind::Focus => f.focus.is_some(),
            FilterKind::Ignore => f.ignore.is_some(),
            FilterKind::Hide => f.hide.is_some(),
            FilterKind::TagFocus => f.tagfocus.is_some(),
            FilterKind::TagIgnore => f.tagignore.is_some(),
        }
    }
    for s in steps {
        if taken(&cur, s.kind) {
            out.push(std::mem::take(&mut cur));
        }
        match (&s.matcher, s.kind) {
            (Matcher::Names(re), FilterKind::Focus) => cur.focus = Some(re.clone()),
            (Matcher::Names(re), FilterKind::Ignore) => cur.ignore = Some(re.clone()),
            (Matcher::Names(re), FilterKind::Hide) => cur.hide = Some(re.clone()),
            (Matcher::Labels(t), FilterKind::TagIgnore) => cur.tagignore = Some(t.clone()),
            (Matcher::Labels(t), _) => cur.tagfocus = Some(t.clone()),
            // A name regex never comes with a label kind.
            (Matcher::Names(_), _) => {}
        }
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
    /// Every label key of the samples shown, with its values (the label
    /// panel, `t`).
    pub labels: Vec<LabelKey>,
    /// Per frame, its samples' heaviest value of each label key with its
    /// share (`route=/api/orders 67%, tenant=acme 77%`), for the status
    /// line; empty without labels or when too costly to count.
    pub frame_labels: Vec<String>,
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
    analyze_grouped(profile, index, steps, granularity, diff, None)
}

/// [`analyze`], with the stacks first grouped under frames of label
/// `group_by`'s values (`route:/api/orders`), as pprof's `-tagroot`.
pub fn analyze_grouped(
    profile: &Arc<Profile>,
    index: usize,
    steps: &[FilterStep],
    granularity: Granularity,
    diff: bool,
    group_by: Option<&str>,
) -> Analysis {
    // Width 0: the whole flame tree.
    analyze_first(profile, index, steps, granularity, diff, group_by, 0)
}

/// Stack entries above which the first analysis builds the flame tree only
/// as far as the first frame draws it, and [`complete`] the rest: below
/// this the whole tree takes a few milliseconds.
pub const PARTIAL_ABOVE: usize = 1_000_000;

/// The analysis the first frame needs: [`analyze_grouped`], except that on
/// a large profile (a diff too) the flame tree holds only what a flame
/// graph `width` columns wide draws of the whole profile (see
/// [`crate::profile::visible_trie`]). Every value in it is exact; what is
/// missing is the children of frames narrower than a cell, and
/// [`complete`] adds them.
pub fn analyze_first(
    profile: &Arc<Profile>,
    index: usize,
    steps: &[FilterStep],
    granularity: Granularity,
    diff: bool,
    group_by: Option<&str>,
    width: u16,
) -> Analysis {
    let (view, notes) = filtered(profile, steps, group_by);
    let partial = (width > 0 && view.samples.total_stack_len() > PARTIAL_ABOVE).then_some(width);
    build(
        profile,
        view,
        notes,
        index,
        steps,
        granularity,
        diff,
        partial,
    )
}

/// The whole analysis of which `first` is the partial one, of `profile`
/// under `steps`: the flame tree with every call path, what is counted on
/// it, and the top table's inline markers. A complete `first` is returned
/// as it is.
pub fn complete(
    profile: &Arc<Profile>,
    steps: &[FilterStep],
    first: &Arc<Analysis>,
) -> Arc<Analysis> {
    if first.trie.is_complete() {
        return Arc::clone(first);
    }
    let _step = crate::progress::step(
        "building the whole flame graph",
        first.view.samples.len() as u64 * StackTrie::PROGRESS_UNITS,
    );
    let (trie, diff) = match &first.diff {
        Some(d) => {
            let (trie, tree) = DiffTree::build(&first.view, &first.frames, first.index);
            (
                trie,
                Some(DiffData {
                    tree,
                    // From the samples, exact already.
                    functions: d.functions.clone(),
                }),
            )
        }
        None => (
            StackTrie::build(&first.view, &first.frames, first.index),
            None,
        ),
    };
    let frame_labels = if first.labels.is_empty() {
        Vec::new()
    } else {
        frame_labels(&first.view, &first.frames, first.index)
    };
    // With pprof's inline markers, which the first table left out.
    let graph = GraphOptions {
        sample_index: first.index,
        ..GraphOptions::default()
    };
    let active: Vec<String> = steps.iter().map(FilterStep::describe).collect();
    let top = top::build_filtered(profile, &first.view, &first.frames, &graph, None, &active);
    Arc::new(Analysis {
        view: Arc::clone(&first.view),
        index: first.index,
        total: first.total,
        unit: first.unit.clone(),
        output_unit: first.output_unit.clone(),
        frames: first.frames.clone(),
        max_depth: max_depth(&trie),
        trie,
        top,
        groups: first.groups.clone(),
        labels: first.labels.clone(),
        frame_labels,
        notes: first.notes.clone(),
        diff,
    })
}

/// The profile after the filter stack (and label grouping), with a note
/// for each filter that matched nothing.
fn filtered(
    profile: &Arc<Profile>,
    steps: &[FilterStep],
    group_by: Option<&str>,
) -> (Arc<Profile>, Vec<String>) {
    let mut notes = Vec::new();
    let mut view = match group_by {
        Some(key) => Arc::new(crate::profile::label_frames::add_named_label_frames(
            profile,
            &[key.to_string()],
        )),
        None => Arc::clone(profile),
    };
    for f in filter_groups(steps) {
        let (p, m) = filter::apply(&view, &f);
        for (set, matched, what) in [
            (f.focus.as_ref().map(|r| r.as_str()), m.focus, "focus"),
            (f.ignore.as_ref().map(|r| r.as_str()), m.ignore, "ignore"),
            (f.hide.as_ref().map(|r| r.as_str()), m.hide, "hide"),
            (
                f.tagfocus.as_ref().map(|t| t.text.as_str()),
                m.tagfocus,
                "tagfocus",
            ),
            (
                f.tagignore.as_ref().map(|t| t.text.as_str()),
                m.tagignore,
                "tagignore",
            ),
        ] {
            if let (Some(text), false) = (set, matched) {
                notes.push(format!("{what}={text} matched no samples"));
            }
        }
        view = Arc::new(p);
    }
    (view, notes)
}

fn max_depth(trie: &StackTrie) -> u32 {
    trie.max_depth()
}

/// The analysis of `view` (`profile` filtered); with `partial`, the flame
/// tree only as a flame graph that many columns wide draws it.
#[allow(clippy::too_many_arguments)]
fn build(
    profile: &Arc<Profile>,
    view: Arc<Profile>,
    notes: Vec<String>,
    index: usize,
    steps: &[FilterStep],
    granularity: Granularity,
    diff: bool,
    partial: Option<u16>,
) -> Analysis {
    let frames = FrameTable::new(&view, granularity);
    let active: Vec<String> = steps.iter().map(FilterStep::describe).collect();
    let graph = GraphOptions {
        sample_index: index,
        // The first frame is the flame graph's; [`complete`] marks them.
        inline_labels: partial.is_none(),
        ..GraphOptions::default()
    };
    let build_top = || top::build_filtered(profile, &view, &frames, &graph, None, &active);
    let _step = match partial {
        // Level by level, of a size not known before.
        Some(_) => crate::progress::step("building the first frame", 0),
        None => crate::progress::step(
            "building the flame graph",
            view.samples.len() as u64 * StackTrie::PROGRESS_UNITS,
        ),
    };
    let build_functions = || crate::profile::diff::functions(&view, &frames, index);
    // The flame tree and the top table read the same data and take about
    // as long each: one per core. A diff's delta table is a third pass of
    // the same size, left to the scheduler.
    let ((trie, tree), top, functions) = std::thread::scope(|s| {
        let top = s.spawn(build_top);
        // Only a diff has a third pass (a thread costs its own heap).
        let functions = diff.then(|| s.spawn(build_functions));
        let trie = match (partial, diff) {
            (Some(width), true) => {
                let (trie, tree) = DiffTree::build_visible(&view, &frames, index, width);
                (trie, Some(tree))
            }
            (Some(width), false) => (
                crate::profile::visible_trie::build(&view, &frames, index, width),
                None,
            ),
            (None, true) => {
                let (trie, tree) = DiffTree::build(&view, &frames, index);
                (trie, Some(tree))
            }
            (None, false) => (StackTrie::build(&view, &frames, index), None),
        };
        (trie, top.join(), functions.map(|f| f.join()))
    });
    let top = top.unwrap_or_else(|_| build_top());
    let functions = functions.map(|f| f.unwrap_or_else(|_| build_functions()));
    let diff = tree
        .zip(functions)
        .map(|(tree, functions)| DiffData { tree, functions });
    // Goroutine groups of a diff would mix negative and positive counts.
    let groups = (diff.is_none() && groups::is_goroutine_profile(&view))
        .then(|| groups::group(&view, index));
    let labels = label_summary(&view, index);
    // A pass over every stack entry per label: after the first frame.
    let frame_labels = if labels.is_empty() || partial.is_some() {
        Vec::new()
    } else {
        frame_labels(&view, &frames, index)
    };
    Analysis {
        index,
        total: top.total,
        unit: top.unit.clone(),
        output_unit: top.output_unit.clone(),
        view,
        frames,
        max_depth: max_depth(&trie),
        trie,
        top,
        groups,
        labels,
        frame_labels,
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
    if !analysis.trie.is_complete() {
        return SearchHits {
            value: value_through(analysis, &frames),
            functions: frames.iter().filter(|&&b| b).count(),
            frames,
        };
    }
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

/// Value of the samples with at least one frame `hit` marks, counted from
/// the samples (the same sum as the outermost such nodes' totals in the
/// whole flame tree, and exact while that tree is partial).
pub fn value_through(analysis: &Analysis, hit: &[bool]) -> i64 {
    let view = &analysis.view;
    let location_hit: Vec<bool> = (0..view.locations.len() as u32)
        .map(|loc| {
            analysis
                .frames
                .location_frames(loc)
                .iter()
                .any(|&f| hit.get(f as usize).copied().unwrap_or(false))
        })
        .collect();
    let samples = &view.samples;
    (0..samples.len())
        .filter(|&i| {
            samples
                .stack(i)
                .iter()
                .any(|&loc| location_hit.get(loc as usize).copied().unwrap_or(false))
        })
        .map(|i| samples.value(i, analysis.index))
        .fold(0i64, i64::wrapping_add)
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

/// A label key of the samples shown and its values, heaviest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelKey {
    /// The key, e.g. `route`.
    pub key: String,
    /// Its values.
    pub values: Vec<LabelValueShare>,
}

/// One value of a label key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelValueShare {
    /// As shown, e.g. `/api/orders` or `16kB`.
    pub text: String,
    /// The `tagfocus` expression that matches exactly this value.
    pub filter: String,
    /// Sum of |value| of the samples with it, for the shown sample type.
    pub value: i64,
}

/// The label panel's data: per key (sorted by name), per value (heaviest
/// first), the samples' absolute values for sample type `index`.
pub fn label_summary(view: &Profile, index: usize) -> Vec<LabelKey> {
    use crate::profile::LabelValue;
    use std::collections::BTreeMap;
    let mut keys: BTreeMap<String, BTreeMap<(String, String), i64>> = BTreeMap::new();
    let samples = &view.samples;
    let mut units: Option<std::collections::HashMap<String, String>> = None;
    for i in 0..samples.len() {
        let labels = samples.labels(i);
        if labels.is_empty() {
            continue;
        }
        let v = samples.value(i, index).wrapping_abs();
        for l in labels {
            let key = view.str(l.key);
            // A diff's marking of BEFORE's samples is not the program's.
            if key.starts_with("pprof::") {
                continue;
            }
            let (text, filter) = match l.value {
                LabelValue::Str(s) => {
                    let s = view.str(s);
                    // pprof's value lists split on commas; a regex of the
                    // value quoted whole matches it alone.
                    (s.to_string(), format!("{key}=^\\Q{s}\\E$"))
                }
                LabelValue::Num { value, unit } => {
                    let shown_unit = unit.map(|u| view.str(u)).unwrap_or("");
                    // A range bound in the key's unit, as pprof reads one.
                    let units =
                        units.get_or_insert_with(|| crate::profile::tags::num_label_units(view));
                    let unit = units.get(key).map_or("", String::as_str);
                    (
                        scaled_label(value, shown_unit, "minimum"),
                        format!("{key}={value}{unit}:{value}{unit}"),
                    )
                }
            };
            let e = keys
                .entry(key.to_string())
                .or_default()
                .entry((text, filter))
                .or_insert(0);
            *e = e.wrapping_add(v);
        }
    }
    keys.into_iter()
        .map(|(key, values)| {
            let mut values: Vec<LabelValueShare> = values
                .into_iter()
                .map(|((text, filter), value)| LabelValueShare {
                    text,
                    filter,
                    value,
                })
                .collect();
            values.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.text.cmp(&b.text)));
            LabelKey { key, values }
        })
        .collect()
}

/// Stack entries × labels above which [`frame_labels`] is not worth its
/// time on every analysis.
const FRAME_LABELS_BUDGET: usize = 4_000_000;

/// See [`Analysis::frame_labels`].
pub fn frame_labels(view: &Profile, frames: &FrameTable, index: usize) -> Vec<String> {
    use rustc_hash::FxHashMap;
    let samples = &view.samples;
    let label_count: usize = (0..samples.len()).map(|i| samples.labels(i).len()).sum();
    if samples.total_stack_len().saturating_mul(label_count.max(1)) / samples.len().max(1)
        > FRAME_LABELS_BUDGET
    {
        return Vec::new();
    }
    let n = frames.len();
    let mut cum = vec![0i64; n];
    let mut stamp = vec![u32::MAX; n];
    let mut by_label: FxHashMap<(u32, crate::profile::Label), i64> = FxHashMap::default();
    let mut seen: Vec<u32> = Vec::new();
    for i in 0..samples.len() {
        let w = samples.value(i, index).wrapping_abs();
        if w == 0 {
            continue;
        }
        seen.clear();
        for &loc in samples.stack(i) {
            for &f in frames.location_frames(loc) {
                if stamp[f as usize] != i as u32 {
                    stamp[f as usize] = i as u32;
                    cum[f as usize] = cum[f as usize].wrapping_add(w);
                    seen.push(f);
                }
            }
        }
        for l in samples.labels(i) {
            if view.str(l.key).starts_with("pprof::") {
                continue;
            }
            for &f in &seen {
                let e = by_label.entry((f, *l)).or_insert(0);
                *e = e.wrapping_add(w);
            }
        }
    }
    // Per frame and key, the heaviest value.
    let mut best: FxHashMap<(u32, u32), (i64, crate::profile::LabelValue)> = FxHashMap::default();
    for ((f, l), v) in by_label {
        let e = best.entry((f, l.key)).or_insert((v, l.value));
        if v > e.0 || (v == e.0 && l.value < e.1) {
            *e = (v, l.value);
        }
    }
    let mut per_frame: Vec<Vec<(String, String)>> = vec![Vec::new(); n];
    for ((f, key), (v, value)) in best {
        let text = match value {
            crate::profile::LabelValue::Str(s) => view.str(s).to_string(),
            crate::profile::LabelValue::Num { value, unit } => {
                scaled_label(value, unit.map(|u| view.str(u)).unwrap_or(""), "minimum")
            }
        };
        let share = if cum[f as usize] == 0 {
            0.0
        } else {
            v as f64 / cum[f as usize] as f64 * 100.0
        };
        per_frame[f as usize].push((
            view.str(key).to_string(),
            format!("{}={text} {share:.0}%", view.str(key)),
        ));
    }
    per_frame
        .into_iter()
        .map(|mut kv| {
            kv.sort();
            kv.into_iter()
                .map(|(_, t)| t)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect()
}
