//! `update`: the one place the state changes.

use std::sync::Arc;

use crate::profile::trie::ROOT;

use super::analysis::{compile_search, Analysis, FilterStep};
use super::job::Job;
use super::layout::{self, FlameCell};
use super::msg::{Action, Msg, View};
use super::state::{
    App, Column, GoroutineLine, Mode, Place, Prompt, PromptKind, SearchState, Status,
};
use crate::profile::diff::DiffMode;
use crate::tui::Effect;

/// Applies a message; returns what must happen next (background jobs to
/// start, closing the screen, quitting).
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Action(action) => match app.mode {
            Mode::Normal => {
                // A message stays until the user does something else.
                app.status = None;
                action_normal(app, action)
            }
            Mode::Picker { selected } => {
                let n = app.profile.sample_types.len();
                let selected = match action {
                    Action::Up => selected.saturating_sub(1),
                    Action::Down => (selected + 1).min(n.saturating_sub(1)),
                    _ => selected,
                };
                app.mode = Mode::Picker { selected };
                quit_effects(action)
            }
            Mode::Help { scroll } => {
                use crate::ui::widgets::help::{scrolled, Scroll};
                let how = match action {
                    Action::Up => Some(Scroll::Up),
                    Action::Down => Some(Scroll::Down),
                    Action::PageUp => Some(Scroll::PageUp),
                    Action::PageDown => Some(Scroll::PageDown),
                    _ => None,
                };
                let lines = super::keymap::help_lines().len();
                app.mode = match how {
                    Some(how) => Mode::Help {
                        scroll: scrolled(scroll, how, lines, app.height),
                    },
                    None => Mode::Normal,
                };
                quit_effects(action)
            }
            Mode::Prompt(_) => quit_effects(action),
        },
        Msg::Char(c) => edit_prompt(app, |t| t.push(c)),
        Msg::DeleteChar => edit_prompt(app, |t| {
            t.pop();
        }),
        Msg::Confirm => confirm(app),
        Msg::Cancel => {
            if let Mode::Prompt(Prompt {
                kind: PromptKind::Search,
                ..
            }) = app.mode
            {
                app.search = None;
            }
            app.mode = Mode::Normal;
            Vec::new()
        }
        Msg::Click { col, row } => click(app, col, row, false),
        Msg::DoubleClick { col, row } => click(app, col, row, true),
        Msg::Scroll { down } => scroll(app, down),
        Msg::Resize { width, height } => {
            app.width = width;
            app.height = height;
            follow_selection(app);
            Vec::new()
        }
        Msg::Analyzed {
            generation,
            analysis,
        } => {
            if generation != app.generations.analysis {
                return Vec::new();
            }
            install_analysis(app, analysis)
        }
        Msg::Searched { generation, hits } => {
            let mut jump = false;
            if generation == app.generations.search {
                if let Some(s) = app.search.as_mut() {
                    s.hits = Some(hits);
                    jump = std::mem::take(&mut s.jump_pending);
                }
            }
            if jump {
                next_match(app, true)
            } else {
                Vec::new()
            }
        }
        Msg::SourceChanged => match app.watch.as_mut() {
            None => Vec::new(),
            Some(w) if w.frozen => {
                w.missed = true;
                Vec::new()
            }
            Some(_) => reload_job(app, true),
        },
        Msg::Reloaded {
            generation,
            result,
            at,
        } => reloaded(app, generation, result, at),
        Msg::Palette(p) => {
            app.palette = p;
            Vec::new()
        }
        Msg::SandwichBuilt {
            generation,
            sandwich,
        } => {
            if generation == app.generations.sandwich {
                app.sandwich.data = Some(sandwich);
            }
            Vec::new()
        }
    }
}

/// In a prompt, picker or the help, only quitting does anything.
fn quit_effects(action: Action) -> Vec<Effect> {
    match action {
        Action::Quit => vec![Effect::Close],
        Action::QuitAll => vec![Effect::Quit],
        _ => Vec::new(),
    }
}

fn set_status(app: &mut App, text: impl Into<String>, error: bool) {
    app.status = Some(Status {
        text: text.into(),
        error,
    });
}

fn action_normal(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Quit => vec![Effect::Close],
        Action::QuitAll => vec![Effect::Quit],
        Action::Help => {
            app.mode = Mode::Help { scroll: 0 };
            Vec::new()
        }
        Action::Show(v) => match resolve_view(app, v) {
            Some(v) => show_view(app, v),
            None => Vec::new(),
        },
        Action::NextView | Action::PrevView => {
            let views = app.views();
            let i = views.iter().position(|&v| v == app.view).unwrap_or(0);
            let n = views.len();
            let next = if action == Action::NextView {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            show_view(app, views[next])
        }
        Action::Freeze | Action::Reload | Action::DiffPrevious if app.watch.is_none() => {
            set_status(app, "reloading is for --watch", false);
            Vec::new()
        }
        Action::Freeze => {
            let Some(w) = app.watch.as_mut() else {
                return Vec::new();
            };
            w.frozen = !w.frozen;
            let (frozen, missed) = (w.frozen, std::mem::take(&mut w.missed));
            if frozen {
                set_status(
                    app,
                    "frozen: changes are noted, not loaded (z resumes)",
                    false,
                );
                Vec::new()
            } else if missed {
                set_status(app, "resumed: loading the changes made meanwhile", false);
                reload_job(app, true)
            } else {
                set_status(app, "resumed: reloading on changes", false);
                Vec::new()
            }
        }
        Action::Reload => reload_job(app, true),
        Action::DiffPrevious => {
            let Some(w) = app.watch.as_mut() else {
                return Vec::new();
            };
            if matches!(w.source, crate::input::Source::Diff { .. }) {
                set_status(app, "this is already a diff of two inputs", false);
                return Vec::new();
            }
            if !w.against_previous && w.previous.is_none() {
                set_status(
                    app,
                    "no previous read yet: d diffs against it after a reload",
                    false,
                );
                return Vec::new();
            }
            w.against_previous = !w.against_previous;
            reload_job(app, false)
        }
        Action::Palette => {
            app.palette = app.palette.toggled();
            set_status(app, app.palette.describe(), false);
            vec![Effect::Palette(app.palette)]
        }
        Action::DiffMode => {
            let Some(d) = app.diff.as_mut() else {
                set_status(app, "colours by change are for diffs (perftui diff)", false);
                return Vec::new();
            };
            d.mode = match d.mode {
                DiffMode::Absolute => DiffMode::Relative,
                DiffMode::Relative => DiffMode::Absolute,
            };
            let text = match d.mode {
                DiffMode::Absolute => "colour: change as a share of BEFORE's total",
                DiffMode::Relative => "colour: change as a share of the frame's BEFORE value",
            };
            set_status(app, text, false);
            Vec::new()
        }
        Action::SampleTypes => {
            app.mode = Mode::Picker {
                selected: app.sample_index,
            };
            Vec::new()
        }
        Action::Search => {
            let text = app
                .search
                .as_ref()
                .map(|s| s.pattern.clone())
                .unwrap_or_default();
            app.mode = Mode::Prompt(Prompt {
                kind: PromptKind::Search,
                text,
            });
            Vec::new()
        }
        Action::Filter(kind) => {
            let text = match (app.current_frame(), app.analysis.as_ref()) {
                (Some(f), Some(a)) => format!("^{}$", regex::escape(a.frames.name(f))),
                _ => String::new(),
            };
            app.mode = Mode::Prompt(Prompt {
                kind: PromptKind::Filter(kind),
                text,
            });
            Vec::new()
        }
        Action::PopFilter => match app.filters.pop() {
            Some(f) => {
                set_status(app, format!("removed filter {}", f.describe()), false);
                reanalyze(app)
            }
            None => {
                set_status(app, "no filter to remove", false);
                Vec::new()
            }
        },
        Action::Back if app.search.is_some() => {
            app.search = None;
            Vec::new()
        }
        Action::NextMatch | Action::PrevMatch => next_match(app, action == Action::NextMatch),
        _ => {
            let Some(analysis) = app.analysis.clone() else {
                return Vec::new();
            };
            match app.view {
                View::Flame | View::SideBySide => flame_action(app, &analysis, action),
                View::Top => top_action(app, &analysis, action),
                View::Sandwich => sandwich_action(app, &analysis, action),
                View::Goroutines => goroutine_action(app, &analysis, action),
            }
        }
    }
}

/// Starts a reload: reads the inputs again (`fetch`), or only redoes the
/// diff against the previous read.
fn reload_job(app: &mut App, fetch: bool) -> Vec<Effect> {
    let Some(w) = app.watch.as_mut() else {
        return Vec::new();
    };
    w.generation += 1;
    w.loading = true;
    let against = match (w.against_previous, fetch) {
        (false, _) => None,
        // The read about to happen is compared with the current latest.
        (true, true) => w.latest.clone(),
        (true, false) => w.previous.clone(),
    };
    vec![Job::Reload {
        generation: w.generation,
        source: fetch.then(|| w.source.clone()),
        max_size: w.max_size,
        latest: w.latest.clone(),
        against,
    }
    .into()]
}

/// A reload's result: the new profile replaces the old one and the place
/// is found again by path; a failure keeps everything as it was.
fn reloaded(
    app: &mut App,
    generation: u64,
    result: Result<super::msg::Reload, String>,
    at: String,
) -> Vec<Effect> {
    let Some(w) = app.watch.as_mut() else {
        return Vec::new();
    };
    if generation != w.generation {
        return Vec::new();
    }
    w.loading = false;
    let r = match result {
        Ok(r) => r,
        Err(e) => {
            w.error = Some(e.clone());
            set_status(app, format!("reload failed: {e}"), true);
            return Vec::new();
        }
    };
    w.error = None;
    w.last_reload = Some(at);
    let against = w.against_previous;
    if r.fetched {
        w.previous = w.latest.take();
        w.latest = Some(Arc::clone(&r.raw));
    }
    let old_total = app.type_totals.get(app.sample_index).copied().unwrap_or(0);
    // The same sample type, by name: a reloaded file may list its types
    // differently (or be another kind of profile altogether).
    let ty = app.profile.sample_type_name(app.sample_index).to_string();
    let index = (0..r.shown.sample_types.len())
        .find(|&i| r.shown.sample_type_name(i) == ty)
        .or_else(|| {
            crate::profile::select::sample_index(&r.shown, None)
                .ok()
                .map(|c| c.index)
        })
        .unwrap_or(0);
    let new_total = r.type_totals.get(index).copied().unwrap_or(0);
    if let Some(w) = app.watch.as_mut() {
        w.total_change = Some((old_total, new_total));
    }
    let is_file_diff = app
        .watch
        .as_ref()
        .is_some_and(|w| matches!(w.source, crate::input::Source::Diff { .. }));
    if !is_file_diff {
        app.diff = against.then(|| super::state::DiffSettings {
            before: "previous read".to_string(),
            after: "latest read".to_string(),
            mode: DiffMode::Absolute,
        });
        if app.diff.is_none() && app.view == View::SideBySide {
            app.view = View::Flame;
        }
    }
    app.profile = r.shown;
    app.type_totals = r.type_totals;
    app.sample_index = index;
    reanalyze(app)
}

/// The view a number key means here: `3` is the side-by-side view in a
/// diff, which has no sandwich or goroutine view.
fn resolve_view(app: &mut App, view: View) -> Option<View> {
    if app.diff.is_none() {
        return (view != View::SideBySide).then_some(view);
    }
    match view {
        View::Sandwich | View::SideBySide => Some(View::SideBySide),
        View::Goroutines => {
            set_status(app, "a diff has no goroutine view", false);
            None
        }
        v => Some(v),
    }
}

fn show_view(app: &mut App, view: View) -> Vec<Effect> {
    // The function in front of the user follows them to the next view.
    let frame = app.current_frame();
    app.view = view;
    let Some(analysis) = app.analysis.clone() else {
        return Vec::new();
    };
    match view {
        View::Sandwich => {
            let frame = frame
                .or(app.sandwich.frame)
                .or_else(|| app.top.order.first().map(|&r| analysis.top.rows[r].frame));
            match frame {
                Some(f) => set_sandwich(app, &analysis, f),
                None => Vec::new(),
            }
        }
        View::Top => {
            // The table keeps its own place: the hottest rows first.
            follow_selection(app);
            Vec::new()
        }
        View::Goroutines => {
            if analysis.groups.is_none() {
                set_status(
                    app,
                    "goroutine groups are shown for goroutine profiles and dumps",
                    false,
                );
            }
            Vec::new()
        }
        View::Flame | View::SideBySide => {
            follow_selection(app);
            Vec::new()
        }
    }
}

fn set_sandwich(app: &mut App, analysis: &Arc<Analysis>, frame: u32) -> Vec<Effect> {
    if app.sandwich.frame == Some(frame) && app.sandwich.data.is_some() {
        return Vec::new();
    }
    app.sandwich.frame = Some(frame);
    app.sandwich.data = None;
    app.generations.sandwich += 1;
    vec![Job::Sandwich {
        generation: app.generations.sandwich,
        analysis: Arc::clone(analysis),
        frame,
    }
    .into()]
}

fn edit_prompt(app: &mut App, edit: impl FnOnce(&mut String)) -> Vec<Effect> {
    let Mode::Prompt(p) = &mut app.mode else {
        return Vec::new();
    };
    edit(&mut p.text);
    if p.kind == PromptKind::Search {
        // Incremental: matches light up while typing.
        let text = p.text.clone();
        return start_search(app, &text);
    }
    Vec::new()
}

fn start_search(app: &mut App, pattern: &str) -> Vec<Effect> {
    if pattern.is_empty() {
        app.search = None;
        return Vec::new();
    }
    match compile_search(pattern) {
        Ok(regex) => {
            app.generations.search += 1;
            app.search = Some(SearchState {
                pattern: pattern.to_string(),
                regex: regex.clone(),
                hits: None,
                jump_pending: false,
            });
            if matches!(app.status, Some(Status { error: true, .. })) {
                app.status = None;
            }
            match app.analysis.clone() {
                Some(analysis) => vec![Job::Search {
                    generation: app.generations.search,
                    analysis,
                    regex,
                }
                .into()],
                None => Vec::new(),
            }
        }
        Err(e) => {
            set_status(app, e, true);
            Vec::new()
        }
    }
}

fn confirm(app: &mut App) -> Vec<Effect> {
    match std::mem::replace(&mut app.mode, Mode::Normal) {
        Mode::Prompt(Prompt {
            kind: PromptKind::Search,
            text,
        }) => {
            let mut jobs = start_search(app, &text);
            if let Some(s) = app.search.as_mut() {
                // Enter goes to the first match, once the hits are known.
                if s.hits.is_some() {
                    jobs.extend(next_match(app, true));
                } else {
                    s.jump_pending = true;
                }
            }
            jobs
        }
        Mode::Prompt(Prompt {
            kind: PromptKind::Filter(kind),
            text,
        }) => {
            if text.is_empty() {
                return Vec::new();
            }
            match regex::Regex::new(&text) {
                Ok(regex) => {
                    app.filters.push(FilterStep { kind, regex });
                    app.status = None;
                    reanalyze(app)
                }
                Err(e) => {
                    let msg = e.to_string();
                    let last = msg.lines().last().unwrap_or("invalid regex").trim();
                    set_status(app, format!("invalid {} regex: {last}", kind.name()), true);
                    app.mode = Mode::Prompt(Prompt {
                        kind: PromptKind::Filter(kind),
                        text,
                    });
                    Vec::new()
                }
            }
        }
        Mode::Picker { selected } => {
            if selected != app.sample_index && selected < app.profile.sample_types.len() {
                app.sample_index = selected;
                let name = app.profile.sample_type_name(selected).to_string();
                set_status(app, format!("sample type: {name}"), false);
                return reanalyze(app);
            }
            Vec::new()
        }
        other => {
            app.mode = other;
            Vec::new()
        }
    }
}

/// Starts a new analysis, remembering where the user is by names.
fn reanalyze(app: &mut App) -> Vec<Effect> {
    if let Some(a) = &app.analysis {
        app.place = Some(Place {
            selected: a.path_names(app.flame.selected),
            zoom: app.flame.zoom.iter().map(|&z| a.path_names(z)).collect(),
            sandwich: app.sandwich.frame.map(|f| a.frames.name(f).to_string()),
            top: app.top_row().map(|r| a.top.rows[r].name.clone()),
        });
    }
    vec![app.analysis_job().into()]
}

fn install_analysis(app: &mut App, analysis: Arc<Analysis>) -> Vec<Effect> {
    app.busy = None;
    let place = app.place.take().unwrap_or_default();
    // Zoom and selection: found again by path; a node that no longer exists
    // falls back to its deepest surviving ancestor.
    app.flame.zoom = place
        .zoom
        .iter()
        .map(|p| analysis.find_path(p))
        .filter(|&z| z != ROOT)
        .collect();
    app.flame.zoom.dedup();
    app.flame.selected = analysis.find_path(&place.selected);
    if !is_within(&analysis, app.flame.selected, app.flame.zoom_root()) {
        app.flame.selected = app.flame.zoom_root();
    }
    if app.flame.selected == ROOT && place.selected.is_empty() {
        // A fresh profile: start on the hottest path's first frame.
        if let Some(&c) = analysis
            .trie
            .children(ROOT)
            .iter()
            .max_by_key(|&&c| analysis.trie.node(c).total)
        {
            app.flame.selected = c;
        }
    }
    sort_top(app, &analysis);
    app.top.selected = place
        .top
        .and_then(|name| {
            app.top
                .order
                .iter()
                .position(|&r| analysis.top.rows[r].name == name)
        })
        .unwrap_or(0);
    let ngroups = analysis.groups.as_ref().map_or(0, Vec::len);
    app.goroutines.expanded.resize(ngroups, false);
    app.goroutines.selected = app.goroutines.selected.min(ngroups.saturating_sub(1));
    if !analysis.notes.is_empty() {
        set_status(app, analysis.notes.join("; "), false);
    }
    let sandwich_frame = place.sandwich.and_then(|name| analysis.frame_named(&name));
    app.sandwich.frame = sandwich_frame;
    app.sandwich.data = None;
    app.analysis = Some(Arc::clone(&analysis));
    follow_selection(app);

    let mut jobs = Vec::new();
    if let Some(s) = app.search.clone() {
        app.generations.search += 1;
        if let Some(st) = app.search.as_mut() {
            st.hits = None;
        }
        jobs.push(
            Job::Search {
                generation: app.generations.search,
                analysis: Arc::clone(&analysis),
                regex: s.regex,
            }
            .into(),
        );
    }
    if let Some(f) = sandwich_frame {
        app.sandwich.frame = None;
        jobs.extend(set_sandwich(app, &analysis, f));
    } else if app.view == View::Sandwich {
        if let Some(&r) = app.top.order.first() {
            jobs.extend(set_sandwich(app, &analysis, analysis.top.rows[r].frame));
        }
    }
    jobs
}

fn is_within(analysis: &Analysis, mut node: u32, ancestor: u32) -> bool {
    loop {
        if node == ancestor {
            return true;
        }
        if node == ROOT {
            return false;
        }
        node = analysis.trie.node(node).parent;
    }
}

fn sort_top(app: &mut App, analysis: &Analysis) {
    let rows = &analysis.top.rows;
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let col = app.top.sort;
    // pprof's own order (flat, then name) is the natural one for flat and
    // sum%; the others sort stably on top of it.
    match col {
        Column::Flat | Column::FlatPct | Column::SumPct => {}
        Column::Cum | Column::CumPct => {
            order.sort_by_key(|&i| std::cmp::Reverse(rows[i].cum.wrapping_abs()))
        }
        Column::Name => order.sort_by(|&a, &b| rows[b].name.cmp(&rows[a].name)),
        Column::BeforeFlat | Column::BeforeCum | Column::AfterFlat | Column::AfterCum => {
            if let Some(d) = &analysis.diff {
                let value = |i: usize| {
                    let f = d.function(rows[i].frame);
                    match col {
                        Column::BeforeFlat => f.flat.before,
                        Column::BeforeCum => f.cum.before,
                        Column::AfterFlat => f.flat.after,
                        _ => f.cum.after,
                    }
                };
                order.sort_by_key(|&i| std::cmp::Reverse(value(i)));
            }
        }
    }
    if !app.top.descending {
        order.reverse();
    }
    app.top.order = order;
}

fn body_height(app: &App) -> u16 {
    app.screen().body.height
}

/// Scrolls each view so that its selection is on screen.
fn follow_selection(app: &mut App) {
    let h = body_height(app);
    let Some(analysis) = app.analysis.clone() else {
        return;
    };
    // Flame graph (in a pane of the side-by-side view, less its title).
    let h = if app.view == View::SideBySide {
        let (before, _) = layout::side_by_side(app.screen().body);
        before.height.saturating_sub(1)
    } else {
        h
    };
    let level = analysis
        .trie
        .node(app.flame.selected.min(analysis.trie.len() as u32 - 1))
        .depth;
    let h32 = u32::from(h.max(1));
    if level < app.flame.scroll {
        app.flame.scroll = level;
    } else if level >= app.flame.scroll + h32 {
        app.flame.scroll = level + 1 - h32;
    }
    let h = body_height(app);
    // Top table: one row is the header.
    let rows = usize::from(h.saturating_sub(1)).max(1);
    let n = app.top.order.len();
    app.top.selected = app.top.selected.min(n.saturating_sub(1));
    if app.top.selected < app.top.offset {
        app.top.offset = app.top.selected;
    } else if app.top.selected >= app.top.offset + rows {
        app.top.offset = app.top.selected + 1 - rows;
    }
    // Goroutines.
    let lines = app.goroutine_lines();
    let rows = usize::from(h).max(1);
    if let Some(pos) = lines
        .iter()
        .position(|&l| l == GoroutineLine::Group(app.goroutines.selected))
    {
        let end = lines[pos + 1..]
            .iter()
            .position(|l| matches!(l, GoroutineLine::Group(_)))
            .map_or(lines.len(), |e| pos + 1 + e);
        // Show the whole expanded group when it fits, its header at least.
        if end.saturating_sub(app.goroutines.offset) > rows {
            app.goroutines.offset = (end - rows).min(pos);
        }
        if pos < app.goroutines.offset {
            app.goroutines.offset = pos;
        }
    }
}

// ---- flame graph ----

fn towards_root(app: &App, action: Action) -> bool {
    (action == Action::Up) != app.flame.inverted
}

fn select_flame(app: &mut App, node: u32) {
    app.flame.selected = node;
    follow_selection(app);
}

fn child_towards(analysis: &Analysis, app: &App, node: u32) -> Option<u32> {
    let zoom = app.flame.zoom_root();
    if node != zoom && is_within(analysis, zoom, node) {
        // Above the zoom root only its ancestors are drawn.
        let mut z = zoom;
        while analysis.trie.node(z).parent != node {
            z = analysis.trie.node(z).parent;
        }
        return Some(z);
    }
    let cells = row_cells(app, analysis, analysis.trie.node(node).depth + 1);
    analysis
        .trie
        .children(node)
        .iter()
        .copied()
        .filter(|c| cells.iter().any(|cell| cell.node == *c))
        .max_by_key(|&c| analysis.trie.node(c).total)
}

/// The drawn cells of one level, left to right.
fn row_cells(app: &App, analysis: &Analysis, level: u32) -> Vec<FlameCell> {
    let mut cells: Vec<FlameCell> =
        layout::flame_cells(&analysis.trie, app.flame.zoom_root(), app.width, level + 1)
            .into_iter()
            .filter(|c| c.level == level)
            .collect();
    cells.sort_by_key(|c| c.x);
    cells
}

fn flame_action(app: &mut App, analysis: &Arc<Analysis>, action: Action) -> Vec<Effect> {
    let sel = app.flame.selected;
    let trie = &analysis.trie;
    match action {
        Action::Up | Action::Down => {
            if towards_root(app, action) {
                if sel != ROOT {
                    select_flame(app, trie.node(sel).parent);
                }
            } else if let Some(c) = child_towards(analysis, app, sel) {
                select_flame(app, c);
            }
        }
        Action::PageUp | Action::PageDown => {
            let steps = body_height(app).max(1);
            let up = towards_root(app, action_for_page(action));
            for _ in 0..steps {
                let s = app.flame.selected;
                let next = if up {
                    (s != ROOT).then(|| trie.node(s).parent)
                } else {
                    child_towards(analysis, app, s)
                };
                match next {
                    Some(n) => app.flame.selected = n,
                    None => break,
                }
            }
            follow_selection(app);
        }
        Action::Left | Action::Right => {
            let cells = row_cells(app, analysis, trie.node(sel).depth);
            let pos = cells.iter().position(|c| c.node == sel);
            let next = match (pos, action) {
                (Some(p), Action::Left) => p.checked_sub(1),
                (Some(p), _) => (p + 1 < cells.len()).then_some(p + 1),
                (None, _) => (!cells.is_empty()).then_some(0),
            };
            if let Some(n) = next {
                select_flame(app, cells[n].node);
            }
        }
        Action::Home => select_flame(app, app.flame.zoom_root()),
        Action::End => {
            // Down the heaviest drawn child to the bottom, with one layout
            // instead of one per level.
            let drawn: rustc_hash::FxHashSet<u32> =
                layout::flame_cells(&analysis.trie, app.flame.zoom_root(), app.width, u32::MAX)
                    .into_iter()
                    .map(|c| c.node)
                    .collect();
            let mut n = app.flame.selected;
            if let Some(c) = child_towards(analysis, app, n) {
                n = c;
                while let Some(&c) = trie
                    .children(n)
                    .iter()
                    .filter(|c| drawn.contains(c))
                    .max_by_key(|&&c| trie.node(c).total)
                {
                    n = c;
                }
            }
            select_flame(app, n);
        }
        Action::Activate => zoom_in(app, sel),
        Action::ZoomOut | Action::Back if app.flame.zoom.pop().is_some() => {
            follow_selection(app);
        }
        Action::Flip => app.flame.inverted = !app.flame.inverted,
        _ => {}
    }
    Vec::new()
}

fn action_for_page(action: Action) -> Action {
    if action == Action::PageUp {
        Action::Up
    } else {
        Action::Down
    }
}

fn zoom_in(app: &mut App, node: u32) {
    if node != app.flame.zoom_root() {
        if node == ROOT {
            app.flame.zoom.clear();
        } else {
            app.flame.zoom.push(node);
        }
    }
    app.flame.selected = node;
    follow_selection(app);
}

/// Shows function `frame` in the flame graph: its heaviest node selected.
fn jump_to_flame(app: &mut App, analysis: &Analysis, frame: u32) {
    let Some(node) = analysis.heaviest_node_of(frame) else {
        set_status(app, "the function has no samples in the flame graph", false);
        return;
    };
    if !is_within(analysis, node, app.flame.zoom_root()) {
        app.flame.zoom.clear();
    }
    app.view = View::Flame;
    select_flame(app, node);
}

// ---- tables ----

fn move_in_list(selected: usize, len: usize, action: Action, page: usize) -> usize {
    let last = len.saturating_sub(1);
    match action {
        Action::Up => selected.saturating_sub(1),
        Action::Down => (selected + 1).min(last),
        Action::PageUp => selected.saturating_sub(page),
        Action::PageDown => (selected + page).min(last),
        Action::Home => 0,
        Action::End => last,
        _ => selected,
    }
}

fn top_action(app: &mut App, analysis: &Arc<Analysis>, action: Action) -> Vec<Effect> {
    let page = usize::from(body_height(app).saturating_sub(1)).max(1);
    match action {
        Action::Activate => {
            if let Some(r) = app.top_row() {
                jump_to_flame(app, analysis, analysis.top.rows[r].frame);
            }
        }
        Action::SortNext => {
            let shown: Vec<Column> = layout::table_columns(app.columns(), app.width)
                .into_iter()
                .map(|(c, _, _)| c)
                .collect();
            let i = shown.iter().position(|&c| c == app.top.sort).unwrap_or(0);
            if let Some(&c) = shown.get((i + 1) % shown.len().max(1)) {
                sort_by(app, analysis, c);
            }
        }
        Action::SortReverse => {
            app.top.descending = !app.top.descending;
            resort(app, analysis);
        }
        _ => {
            app.top.selected = move_in_list(app.top.selected, app.top.order.len(), action, page);
            follow_selection(app);
        }
    }
    Vec::new()
}

fn sort_by(app: &mut App, analysis: &Analysis, col: Column) {
    if app.top.sort == col {
        app.top.descending = !app.top.descending;
    } else {
        app.top.sort = col;
        app.top.descending = col != Column::Name;
    }
    resort(app, analysis);
}

fn resort(app: &mut App, analysis: &Analysis) {
    let keep = app.top_row();
    sort_top(app, analysis);
    app.top.selected = keep
        .and_then(|r| app.top.order.iter().position(|&x| x == r))
        .unwrap_or(0);
    follow_selection(app);
}

fn sandwich_action(app: &mut App, analysis: &Arc<Analysis>, action: Action) -> Vec<Effect> {
    match action {
        Action::Activate => {
            if let Some(f) = app.sandwich.frame {
                jump_to_flame(app, analysis, f);
            }
            Vec::new()
        }
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Home
        | Action::End => {
            // Walks the functions in top table order.
            let order = &app.top.order;
            let pos = app
                .sandwich
                .frame
                .and_then(|f| order.iter().position(|&r| analysis.top.rows[r].frame == f));
            let next = match pos {
                Some(p) => move_in_list(p, order.len(), action, 10),
                None => 0,
            };
            match order.get(next) {
                Some(&r) => {
                    app.top.selected = next;
                    set_sandwich(app, analysis, analysis.top.rows[r].frame)
                }
                None => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

fn goroutine_action(app: &mut App, analysis: &Arc<Analysis>, action: Action) -> Vec<Effect> {
    let n = analysis.groups.as_ref().map_or(0, Vec::len);
    if n == 0 {
        return Vec::new();
    }
    if action == Action::Activate {
        if let Some(e) = app.goroutines.expanded.get_mut(app.goroutines.selected) {
            *e = !*e;
        }
    } else {
        let page = usize::from(body_height(app)).max(1);
        app.goroutines.selected = move_in_list(app.goroutines.selected, n, action, page);
    }
    follow_selection(app);
    Vec::new()
}

// ---- search ----

/// Selects the next (or previous) match in the current view.
fn next_match(app: &mut App, forward: bool) -> Vec<Effect> {
    let Some(analysis) = app.analysis.clone() else {
        return Vec::new();
    };
    let Some(hits) = app.search.as_ref().and_then(|s| s.hits.clone()) else {
        set_status(app, "no search (press / to search)", false);
        return Vec::new();
    };
    if hits.functions == 0 {
        set_status(app, "no match", false);
        return Vec::new();
    }
    let pick = |len: usize, cur: Option<usize>, is_hit: &dyn Fn(usize) -> bool| {
        let start = cur.unwrap_or(if forward { len - 1 } else { 0 });
        (1..=len)
            .map(|k| {
                if forward {
                    (start + k) % len
                } else {
                    (start + len - k % len) % len
                }
            })
            .find(|&i| is_hit(i))
    };
    match app.view {
        View::Flame | View::SideBySide => {
            // Matches in reading order among the frames that are drawn.
            let mut cells: Vec<FlameCell> =
                layout::flame_cells(&analysis.trie, app.flame.zoom_root(), app.width, u32::MAX)
                    .into_iter()
                    .filter(|c| {
                        c.node != ROOT && hits.frames[analysis.trie.node(c.node).frame as usize]
                    })
                    .collect();
            if cells.is_empty() {
                set_status(app, "no match is wide enough to show; zoom out", false);
                return Vec::new();
            }
            cells.sort_by_key(|c| (c.x, c.level));
            let cur = cells.iter().position(|c| c.node == app.flame.selected);
            if let Some(i) = pick(cells.len(), cur, &|_| true) {
                select_flame(app, cells[i].node);
            }
        }
        View::Top | View::Sandwich => {
            let order = app.top.order.clone();
            if order.is_empty() {
                return Vec::new();
            }
            let cur = if app.view == View::Top {
                Some(app.top.selected)
            } else {
                app.sandwich
                    .frame
                    .and_then(|f| order.iter().position(|&r| analysis.top.rows[r].frame == f))
            };
            let found = pick(order.len(), cur, &|i| {
                hits.frames[analysis.top.rows[order[i]].frame as usize]
            });
            match found {
                Some(i) => {
                    app.top.selected = i;
                    follow_selection(app);
                    if app.view == View::Sandwich {
                        let f = analysis.top.rows[order[i]].frame;
                        return set_sandwich(app, &analysis, f);
                    }
                }
                None => set_status(app, "no match in the table", false),
            }
        }
        View::Goroutines => {
            let Some(groups) = analysis.groups.as_ref() else {
                return Vec::new();
            };
            let found = pick(groups.len(), Some(app.goroutines.selected), &|i| {
                groups[i].stack.iter().any(|&loc| {
                    analysis
                        .frames
                        .location_frames(loc)
                        .iter()
                        .any(|&f| hits.frames[f as usize])
                })
            });
            match found {
                Some(i) => {
                    app.goroutines.selected = i;
                    follow_selection(app);
                }
                None => set_status(app, "no goroutine group matches", false),
            }
        }
    }
    Vec::new()
}

// ---- mouse ----

fn click(app: &mut App, col: u16, row: u16, double: bool) -> Vec<Effect> {
    match app.mode {
        Mode::Normal => {}
        Mode::Picker { .. } | Mode::Help { .. } | Mode::Prompt(_) => {
            if let Mode::Prompt(Prompt {
                kind: PromptKind::Search,
                ..
            }) = app.mode
            {
                // Clicking away keeps the search typed so far.
                app.mode = Mode::Normal;
            } else {
                app.mode = Mode::Normal;
                return Vec::new();
            }
        }
    }
    let screen = app.screen();
    if screen.header.contains(col, row) {
        if let Some(&(v, _, _)) = layout::tabs(app.views(), app.view, app.width)
            .iter()
            .find(|&&(_, x0, x1)| col >= x0 && col < x1)
        {
            return show_view(app, v);
        }
        return Vec::new();
    }
    if !screen.body.contains(col, row) {
        return Vec::new();
    }
    let Some(analysis) = app.analysis.clone() else {
        return Vec::new();
    };
    let (x, y) = (col - screen.body.x, row - screen.body.y);
    let h = screen.body.height;
    match app.view {
        View::Flame => {
            let Some(level) = layout::row_level(y, app.flame.scroll, h, app.flame.inverted) else {
                return Vec::new();
            };
            let hit = row_cells(app, &analysis, level)
                .into_iter()
                .find(|c| x >= c.x && x < c.x + c.width);
            if let Some(c) = hit {
                if double {
                    zoom_in(app, c.node);
                } else {
                    select_flame(app, c.node);
                }
            }
            Vec::new()
        }
        View::SideBySide => {
            side_by_side_click(app, &analysis, col, row, double);
            Vec::new()
        }
        View::Top => {
            if y == 0 {
                if let Some(&(c, _, _)) = layout::table_columns(app.columns(), app.width)
                    .iter()
                    .find(|&&(_, x0, w)| x >= x0 && x < x0.saturating_add(w))
                {
                    sort_by(app, &analysis, c);
                }
                return Vec::new();
            }
            let pos = app.top.offset + usize::from(y - 1);
            if pos < app.top.order.len() {
                app.top.selected = pos;
                if double {
                    if let Some(r) = app.top_row() {
                        jump_to_flame(app, &analysis, analysis.top.rows[r].frame);
                    }
                }
            }
            Vec::new()
        }
        View::Sandwich => {
            let Some(sw) = app.sandwich.data.clone() else {
                return Vec::new();
            };
            let upper = h / 2;
            let (trie, level) = if y < upper {
                (&sw.callers, layout::row_level(y, 1, upper, true))
            } else {
                (
                    &sw.callees,
                    layout::row_level(y - upper, 1, h - upper, false),
                )
            };
            let Some(level) = level else {
                return Vec::new();
            };
            let Some(&centre) = trie.children(ROOT).first() else {
                return Vec::new();
            };
            let hit = layout::flame_cells(trie, centre, app.width, level + 1)
                .into_iter()
                .find(|c| c.level == level && x >= c.x && x < c.x + c.width);
            match hit {
                Some(c) => {
                    let frame = trie.node(c.node).frame;
                    if double {
                        jump_to_flame(app, &analysis, frame);
                        Vec::new()
                    } else {
                        set_sandwich(app, &analysis, frame)
                    }
                }
                None => Vec::new(),
            }
        }
        View::Goroutines => {
            let lines = app.goroutine_lines();
            let Some(&line) = lines.get(app.goroutines.offset + usize::from(y)) else {
                return Vec::new();
            };
            let g = match line {
                GoroutineLine::Group(g)
                | GoroutineLine::Frame(g, _)
                | GoroutineLine::Created(g) => g,
            };
            app.goroutines.selected = g;
            if double {
                if let Some(e) = app.goroutines.expanded.get_mut(g) {
                    *e = !*e;
                }
            }
            follow_selection(app);
            Vec::new()
        }
    }
}

/// A click in a pane of the side-by-side view: the pane's own layout (by
/// BEFORE's or AFTER's values) says which frame is there.
fn side_by_side_click(app: &mut App, analysis: &Analysis, col: u16, row: u16, double: bool) {
    let Some(diff) = &analysis.diff else {
        return;
    };
    let (before, after) = layout::side_by_side(app.screen().body);
    let (pane, is_before) = if before.contains(col, row) {
        (before, true)
    } else if after.contains(col, row) {
        (after, false)
    } else {
        return;
    };
    // The pane's first row is its title.
    if row == pane.y {
        return;
    }
    let (x, y) = (col - pane.x, row - pane.y - 1);
    let h = pane.height.saturating_sub(1);
    let Some(level) = layout::row_level(y, app.flame.scroll, h, app.flame.inverted) else {
        return;
    };
    let trie = &analysis.trie;
    let weight = |id: u32| {
        let p = diff.tree.total(trie, id);
        if is_before {
            p.before
        } else {
            p.after
        }
    };
    let hit = layout::flame_cells_by(trie, app.flame.zoom_root(), pane.width, level + 1, weight)
        .into_iter()
        .find(|c| c.level == level && x >= c.x && x < c.x + c.width);
    if let Some(c) = hit {
        if double {
            zoom_in(app, c.node);
        } else {
            select_flame(app, c.node);
        }
    }
}

fn scroll(app: &mut App, down: bool) -> Vec<Effect> {
    if app.mode != Mode::Normal {
        return Vec::new();
    }
    match app.view {
        View::Flame | View::SideBySide => {
            let max_depth = app.analysis.as_ref().map_or(0, |a| a.max_depth);
            // The wheel moves the picture, not the selection.
            app.flame.scroll = if down != app.flame.inverted {
                (app.flame.scroll + 3).min(max_depth)
            } else {
                app.flame.scroll.saturating_sub(3)
            };
            Vec::new()
        }
        View::Top | View::Goroutines | View::Sandwich => {
            let action = if down { Action::Down } else { Action::Up };
            let mut jobs = Vec::new();
            for _ in 0..3 {
                jobs = action_normal(app, action);
            }
            jobs
        }
    }
}
