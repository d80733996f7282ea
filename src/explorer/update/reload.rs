//! Reloading the inputs and installing what the reload read.

use super::*;

/// Starts a reload: reads the inputs again (`fetch`), or only redoes the
/// diff against the previous read.
pub(super) fn reload_job(app: &mut App, fetch: bool) -> Vec<Effect> {
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
        loader: w.loader,
        latest: w.latest.clone(),
        against,
    }
    .into()]
}

/// A reload's result: the new profile replaces the old one and the place
/// is found again by path; a failure keeps everything as it was.
pub(super) fn reloaded(
    app: &mut App,
    generation: u64,
    result: Result<crate::explorer::msg::Reload, String>,
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
            app.status = Some(Status::reload_failed(&e));
            return Vec::new();
        }
    };
    w.error = None;
    w.last_reload = Some(at);
    crate::ui::widgets::status_bar::clear_reload_failure(&mut app.status);
    if let Some(warning) = r.raw.warnings.first() {
        app.status = Some(Status {
            text: warning.clone(),
            error: false,
        });
    }
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
            crate::profile::select::sample_index(
                &r.shown,
                None,
                crate::profile::select::WhenEmpty::ShowAnother,
            )
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
        app.diff = against.then(|| crate::explorer::state::DiffSettings {
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
    app.type_labels.clear();
    app.sample_index = index;
    reanalyze(app)
}
