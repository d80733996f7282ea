//! `update`: the one place the state changes.

use std::sync::Arc;

use crate::profile::trie::ROOT;

use super::analysis::{Analysis, FilterStep};
use super::job::Job;
use super::layout::{self, FlameCell};
use crate::explorer::msg::{Action, Msg, View};
use crate::explorer::state::{
    App, Column, GoroutineLine, Mode, Place, Prompt, PromptKind, SearchState, Status,
};
use crate::profile::diff::DiffMode;
use crate::tui::line_edit::Edit;
use crate::tui::Effect;

mod flame;
mod mark;
mod mouse;
mod reload;
mod search;
mod tables;

use flame::*;
use mark::*;
use mouse::*;
use reload::*;
use search::*;
use tables::*;

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
            Mode::Labels { selected } => {
                let n = app
                    .analysis
                    .as_ref()
                    .map_or(0, |a| a.labels.iter().map(|k| k.values.len()).sum());
                let selected = match action {
                    Action::Up => selected.saturating_sub(1),
                    Action::Down => (selected + 1).min(n.saturating_sub(1)),
                    _ => selected,
                };
                app.mode = Mode::Labels { selected };
                quit_effects(action)
            }
            Mode::Prompt(_) => quit_effects(action),
        },
        Msg::LabelPick(pick) => label_pick(app, pick),
        Msg::Edit(edit) => edit_prompt(app, edit),
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
            if app.analysis.as_ref().is_some_and(|a| !a.trie.is_complete()) {
                // The whole tree of the one shown: the user may have moved
                // since it came.
                remember_place(app);
            }
            let partial = !analysis.trie.is_complete();
            let mut effects = install_analysis(app, Arc::clone(&analysis));
            if partial {
                app.busy = Some("building the flame graph…".to_string());
                effects.push(
                    Job::Complete {
                        generation,
                        analysis,
                        profile: Arc::clone(&app.profile),
                        filters: app.filters.clone(),
                    }
                    .into(),
                );
            }
            effects
        }
        Msg::Searched { generation, result } => {
            if generation != app.generations.search {
                return Vec::new();
            }
            let Some(s) = app.search.as_mut() else {
                return Vec::new();
            };
            match result {
                Ok(hits) => {
                    s.hits = Some(hits);
                    s.searching = false;
                    let jump = std::mem::take(&mut s.jump_pending);
                    if matches!(app.status, Some(Status { error: true, .. })) {
                        app.status = None;
                    }
                    if jump {
                        return next_match(app, true);
                    }
                }
                Err(e) => {
                    // The last good matches stay lit while the regex is
                    // being finished.
                    s.searching = false;
                    s.jump_pending = false;
                    set_status(app, e, true);
                }
            }
            Vec::new()
        }
        Msg::SourceChanged => match app.watch.as_mut() {
            None => Vec::new(),
            Some(w) if w.frozen => {
                w.missed = true;
                Vec::new()
            }
            Some(_) => reload_job(app, true),
        },
        Msg::WatchLost(lost) => {
            let resumed = lost.is_none();
            if let Some(w) = app.watch.as_mut() {
                w.lost = lost;
            }
            if resumed {
                update(app, Msg::SourceChanged)
            } else {
                Vec::new()
            }
        }
        Msg::Reloaded {
            generation,
            result,
            at,
        } => reloaded(app, generation, result, at),
        Msg::Palette(p) => {
            app.palette = p;
            Vec::new()
        }
        Msg::TypeLabels { profile, labels } => {
            if Arc::ptr_eq(&profile, &app.profile) {
                app.type_labels = labels;
            }
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
            app.mode = Mode::Prompt(Prompt::new(PromptKind::Search, text));
            Vec::new()
        }
        Action::Filter(kind) => {
            let text = match (app.current_frame(), app.analysis.as_ref()) {
                (Some(f), Some(a)) => format!("^{}$", regex::escape(a.frames.name(f))),
                _ => String::new(),
            };
            app.mode = Mode::Prompt(Prompt::new(PromptKind::Filter(kind), text));
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
        Action::Back if app.flame.mark.is_some() => {
            app.flame.mark = None;
            Vec::new()
        }
        Action::Back if app.search.is_some() => {
            app.search = None;
            Vec::new()
        }
        Action::NextMatch | Action::PrevMatch
            if app.flame.mark.is_some() && matches!(app.view, View::Flame | View::SideBySide) =>
        {
            let Some(analysis) = app.analysis.clone() else {
                return Vec::new();
            };
            walk_mark(app, &analysis, action == Action::NextMatch)
        }
        Action::NextMatch | Action::PrevMatch => next_match(app, action == Action::NextMatch),
        Action::Mark => {
            let Some(analysis) = app.analysis.clone() else {
                return Vec::new();
            };
            toggle_mark(app, &analysis)
        }
        Action::Source => open_source(app),
        Action::Labels => {
            match app.analysis.as_ref() {
                Some(a) if !a.labels.is_empty() => app.mode = Mode::Labels { selected: 0 },
                Some(_) => app.status = Some(Status::note("the samples shown have no labels")),
                None => {}
            }
            Vec::new()
        }
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
    if !analysis.trie.is_complete() {
        // Its trees are counted along every path: built once the whole
        // flame tree is (installing it sets the sandwich again).
        return Vec::new();
    }
    vec![Job::Sandwich {
        generation: app.generations.sandwich,
        analysis: Arc::clone(analysis),
        frame,
    }
    .into()]
}

fn edit_prompt(app: &mut App, edit: Edit) -> Vec<Effect> {
    let Mode::Prompt(p) = &mut app.mode else {
        return Vec::new();
    };
    let history = app.histories.entry(p.kind).or_default();
    let changed = p.line.apply(edit, history.entries());
    if changed && p.kind == PromptKind::Search {
        // Incremental: matches light up once the typing rests.
        let text = p.text().to_string();
        return start_search(app, &text, true);
    }
    Vec::new()
}

/// Starts searching for `pattern` on the worker; `typing` waits for the
/// keys to rest first.
fn start_search(app: &mut App, pattern: &str, typing: bool) -> Vec<Effect> {
    if pattern.is_empty() {
        app.search = None;
        return Vec::new();
    }
    app.generations.search += 1;
    let hits = app.search.take().and_then(|s| s.hits);
    app.search = Some(SearchState {
        pattern: pattern.to_string(),
        hits,
        searching: true,
        jump_pending: false,
    });
    match app.analysis.clone() {
        Some(analysis) => vec![Job::Search {
            generation: app.generations.search,
            analysis,
            pattern: pattern.to_string(),
            typing,
        }
        .into()],
        None => Vec::new(),
    }
}

fn confirm(app: &mut App) -> Vec<Effect> {
    match std::mem::replace(&mut app.mode, Mode::Normal) {
        Mode::Prompt(p) if p.kind == PromptKind::Search => {
            let text = p.text().to_string();
            app.histories.entry(p.kind).or_default().push(&text);
            let unchanged = app
                .search
                .as_ref()
                .is_some_and(|s| s.pattern == text && !s.searching && s.hits.is_some());
            if unchanged {
                return next_match(app, true);
            }
            // Enter goes to the first match once the hits are known, at once.
            let jobs = start_search(app, &text, false);
            if let Some(s) = app.search.as_mut() {
                s.jump_pending = true;
            }
            jobs
        }
        Mode::Prompt(p) => {
            let PromptKind::Filter(kind) = p.kind else {
                return Vec::new();
            };
            let text = p.text().to_string();
            if text.is_empty() {
                return Vec::new();
            }
            app.histories.entry(p.kind).or_default().push(&text);
            match crate::goregex::compile(&text) {
                Ok(regex) => {
                    app.filters.push(FilterStep::names(kind, regex));
                    app.status = None;
                    reanalyze(app)
                }
                Err(e) => {
                    set_status(app, format!("invalid {} regex: {e}", kind.name()), true);
                    app.mode = Mode::Prompt(p);
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
    remember_place(app);
    vec![app.analysis_job().into()]
}

/// Keeps where the user is in the analysis shown, by names, for the next
/// one to restore.
fn remember_place(app: &mut App) {
    if let Some(a) = &app.analysis {
        app.place = Some(Place {
            selected: a.path_names(app.flame.selected),
            zoom: app.flame.zoom.iter().map(|&z| a.path_names(z)).collect(),
            sandwich: app.sandwich.frame.map(|f| a.frames.name(f).to_string()),
            top: app.top_row().map(|r| a.top.rows[r].name.clone()),
            mark: app
                .flame
                .mark
                .as_ref()
                .map(|m| a.frames.name(m.frame).to_string()),
        });
    }
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
    app.flame.mark = place
        .mark
        .and_then(|name| analysis.frame_named(&name))
        .map(|f| mark_of(&analysis, f))
        .filter(|m| !m.instances.is_empty());
    let sandwich_frame = place.sandwich.and_then(|name| analysis.frame_named(&name));
    app.sandwich.frame = sandwich_frame;
    app.sandwich.data = None;
    app.analysis = Some(Arc::clone(&analysis));
    follow_selection(app);

    let mut jobs = Vec::new();
    if app.type_labels.is_empty() && app.profile.sample_types.len() > 1 {
        // After the first frame: the picker's totals, each type's own.
        jobs.push(
            Job::TypeLabels {
                profile: Arc::clone(&app.profile),
                granularity: app.granularity,
            }
            .into(),
        );
    }
    if let Some(pattern) = app.search.as_ref().map(|s| s.pattern.clone()) {
        // The old hits index the old analysis's frames.
        app.search = None;
        jobs.extend(start_search(app, &pattern, false));
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
        .depth(app.flame.selected.min(analysis.trie.len() as u32 - 1));
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

/// The source pane of the selected function, over what the explorer shows
/// (its filters applied).
fn open_source(app: &mut App) -> Vec<Effect> {
    let (Some(a), Some(frame)) = (app.analysis.clone(), app.current_frame()) else {
        app.status = Some(Status::note("select a function first"));
        return Vec::new();
    };
    let name = a.view.str(a.frames.key(frame).name).to_string();
    if name.is_empty() {
        app.status = Some(Status::error(format!(
            "{} has no function name, so no source",
            a.frames.name(frame)
        )));
        return Vec::new();
    }
    let pane = crate::source_view::SourceView::new(
        Arc::clone(&a.view),
        a.index,
        name,
        a.total,
        app.source_paths.clone(),
        app.editor.clone(),
    );
    vec![Effect::Push(Box::new(pane))]
}

/// The label panel's key on its highlighted value: a label filter on the
/// stack, or grouping by the value's key (toggled).
fn label_pick(app: &mut App, pick: crate::explorer::msg::LabelPick) -> Vec<Effect> {
    use crate::explorer::analysis::{FilterKind, Matcher};
    use crate::explorer::msg::LabelPick;
    let Mode::Labels { selected } = app.mode else {
        return Vec::new();
    };
    let Some(a) = app.analysis.clone() else {
        return Vec::new();
    };
    let Some((key, value)) = a
        .labels
        .iter()
        .flat_map(|k| k.values.iter().map(move |v| (k, v)))
        .nth(selected)
    else {
        return Vec::new();
    };
    app.mode = Mode::Normal;
    let kind = match pick {
        LabelPick::Group => {
            if app.group_by.as_deref() == Some(key.key.as_str()) {
                app.group_by = None;
                app.status = Some(Status::note(format!("no longer grouped by {}", key.key)));
            } else {
                app.group_by = Some(key.key.clone());
                app.status = Some(Status::note(format!(
                    "grouped by {} (t, g again: ungroup)",
                    key.key
                )));
            }
            return reanalyze(app);
        }
        LabelPick::Focus => FilterKind::TagFocus,
        LabelPick::Ignore => FilterKind::TagIgnore,
    };
    match crate::profile::tags::TagFilter::parse(kind.name(), &value.filter) {
        Ok((filter, _)) => {
            app.filters.push(FilterStep {
                kind,
                matcher: Matcher::Labels(filter),
            });
            reanalyze(app)
        }
        Err(e) => {
            app.status = Some(Status::error(e));
            Vec::new()
        }
    }
}
