//! Moving and sorting in the top, sandwich and goroutine tables.

use super::*;

pub(super) fn move_in_list(selected: usize, len: usize, action: Action, page: usize) -> usize {
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

pub(super) fn top_action(app: &mut App, analysis: &Arc<Analysis>, action: Action) -> Vec<Effect> {
    let page = usize::from(body_height(app).saturating_sub(1)).max(1);
    match action {
        Action::Activate => {
            if let Some(r) = app.top_row() {
                jump_to_flame(app, analysis, analysis.top.rows[r].frame);
            }
        }
        Action::SortNext => {
            let shown: Vec<Column> = crate::ui::table::top_columns(app, analysis, app.width)
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

pub(super) fn sort_by(app: &mut App, analysis: &Analysis, col: Column) {
    if app.top.sort == col {
        app.top.descending = !app.top.descending;
    } else {
        app.top.sort = col;
        app.top.descending = col != Column::Name;
    }
    resort(app, analysis);
}

pub(super) fn resort(app: &mut App, analysis: &Analysis) {
    let keep = app.top_row();
    sort_top(app, analysis);
    let pos = keep.and_then(|r| app.top.order.iter().position(|&x| x == r));
    // The table's header takes one of the body's rows.
    let rows = usize::from(body_height(app).saturating_sub(1));
    (app.top.selected, app.top.offset) = crate::ui::widgets::table::after_sort(pos, rows);
    follow_selection(app);
}

pub(super) fn sandwich_action(
    app: &mut App,
    analysis: &Arc<Analysis>,
    action: Action,
) -> Vec<Effect> {
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

pub(super) fn goroutine_action(
    app: &mut App,
    analysis: &Arc<Analysis>,
    action: Action,
) -> Vec<Effect> {
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
