//! Background work requested by [`super::update()`]: the runtime runs jobs
//! on a worker thread and feeds the result back as a message; tests run them
//! in place with [`update_sync`].

use std::sync::Arc;

use crate::profile::frames::Granularity;
use crate::profile::Profile;

use super::analysis::{self, Analysis, FilterStep};
use super::msg::{Msg, Reload};
use super::state::App;
use crate::tui::Effect;

/// A computation too slow to do between two keystrokes on a large profile.
#[derive(Debug, Clone)]
pub enum Job {
    /// Filter, build the flame tree and the top table.
    Analyze {
        /// Request generation.
        generation: u64,
        /// The profile.
        profile: Arc<Profile>,
        /// Sample type.
        index: usize,
        /// Filter stack.
        filters: Vec<FilterStep>,
        /// Frame granularity.
        granularity: Granularity,
        /// The profile is a diff (see [`analysis::analyze`]).
        diff: bool,
        /// Group stacks by this label key (`g` in the label panel).
        group_by: Option<String>,
        /// The flame graph's width, which the first flame tree of a large
        /// profile is built for (0: build it whole).
        width: u16,
    },
    /// The whole flame tree of an analysis whose tree was built only for
    /// the first frame.
    Complete {
        /// Request generation (the first analysis's).
        generation: u64,
        /// The first analysis.
        analysis: Arc<Analysis>,
        /// The profile and filter stack it is of.
        profile: Arc<Profile>,
        /// See [`Job::Analyze`].
        filters: Vec<FilterStep>,
    },
    /// Find the frames a regex matches and what they cover.
    Search {
        /// Request generation.
        generation: u64,
        /// Where to search.
        analysis: Arc<Analysis>,
        /// What to search for, as typed (compiled on the worker: a long
        /// pasted pattern never stalls the screen).
        pattern: String,
        /// Typed, not confirmed: wait for the typing to settle first.
        typing: bool,
    },
    /// Read the inputs again (`--watch`), or only redo the diff against
    /// the previous read.
    Reload {
        /// Request generation.
        generation: u64,
        /// The inputs to read; `None` reuses `latest`.
        source: Option<crate::input::Source>,
        /// How to read (size cap, forced format).
        loader: crate::input::Loader,
        /// The last read, when not reading again.
        latest: Option<Arc<Profile>>,
        /// Show the result against this one (`d`).
        against: Option<Arc<Profile>>,
    },
    /// Every sample type's total as `perftui top -sample_index=…` would
    /// print it (each in its own report's output unit), for the picker.
    TypeLabels {
        /// The profile.
        profile: Arc<Profile>,
        /// Frame granularity.
        granularity: Granularity,
    },
    /// Build the callers and callees trees of a function.
    Sandwich {
        /// Request generation.
        generation: u64,
        /// Where.
        analysis: Arc<Analysis>,
        /// The function.
        frame: u32,
    },
}

/// How long the keys must rest before a typed search runs.
pub const SEARCH_SETTLE: std::time::Duration = std::time::Duration::from_millis(120);

impl Job {
    /// Jobs of the same kind supersede each other: only the newest of a kind
    /// waiting in the queue is worth running.
    pub fn kind(&self) -> usize {
        match self {
            // A newer analysis makes completing an older one pointless.
            Job::Analyze { .. } | Job::Complete { .. } => 0,
            Job::Search { .. } => 1,
            Job::Sandwich { .. } => 2,
            Job::Reload { .. } => 3,
            Job::TypeLabels { .. } => 4,
        }
    }

    /// See [`crate::tui::Job::after_first_frame`].
    pub fn after_first_frame(&self) -> bool {
        matches!(self, Job::Complete { .. } | Job::TypeLabels { .. })
    }

    /// How long to wait for a newer job of the same kind before running
    /// this one: a search being typed runs once the keys stop.
    pub fn settle(&self) -> Option<std::time::Duration> {
        match self {
            Job::Search { typing: true, .. } => Some(SEARCH_SETTLE),
            _ => None,
        }
    }

    /// Does the work.
    pub fn run(self) -> Msg {
        match self {
            Job::Analyze {
                generation,
                profile,
                index,
                filters,
                granularity,
                diff,
                group_by,
                width,
            } => Msg::Analyzed {
                generation,
                analysis: Arc::new(analysis::analyze_first(
                    &profile,
                    index,
                    &filters,
                    granularity,
                    diff,
                    group_by.as_deref(),
                    width,
                )),
            },
            Job::Complete {
                generation,
                analysis,
                profile,
                filters,
            } => Msg::Analyzed {
                generation,
                analysis: analysis::complete(&profile, &filters, &analysis),
            },
            Job::Search {
                generation,
                analysis,
                pattern,
                ..
            } => Msg::Searched {
                generation,
                result: analysis::compile_search(&pattern)
                    .map(|regex| Arc::new(analysis::search(&analysis, &regex))),
            },
            Job::Reload {
                generation,
                source,
                loader,
                latest,
                against,
            } => Msg::Reloaded {
                generation,
                result: reload(source, loader, latest, against),
                at: clock_utc(std::time::SystemTime::now()),
            },
            Job::TypeLabels {
                profile,
                granularity,
            } => Msg::TypeLabels {
                labels: analysis::type_labels(&profile, granularity),
                profile,
            },
            Job::Sandwich {
                generation,
                analysis,
                frame,
            } => Msg::SandwichBuilt {
                generation,
                sandwich: Arc::new(analysis::sandwich_of(&analysis, frame)),
            },
        }
    }
}

fn reload(
    source: Option<crate::input::Source>,
    loader: crate::input::Loader,
    latest: Option<Arc<Profile>>,
    against: Option<Arc<Profile>>,
) -> Result<Reload, String> {
    let (raw, fetched) = match (source, latest) {
        (Some(src), _) => {
            // Warnings go to the status line, not under the screen.
            let loader = crate::input::Loader {
                print_warnings: false,
                ..loader
            };
            (
                Arc::new(loader.source(&src).map_err(|e| e.to_string())?),
                true,
            )
        }
        (None, Some(latest)) => (latest, false),
        (None, None) => return Err("nothing to reload".to_string()),
    };
    let shown = match against {
        Some(prev) => Arc::new(
            crate::profile::merge::diff_base((*raw).clone(), (*prev).clone(), false)
                .map_err(|e| format!("against the previous read: {e}"))?,
        ),
        None => Arc::clone(&raw),
    };
    let type_totals = (0..shown.sample_types.len())
        .map(|i| shown.total(i))
        .collect();
    Ok(Reload {
        raw,
        shown,
        fetched,
        type_totals,
    })
}

/// `HH:MM:SS` (UTC) of a time, for the status line.
pub fn clock_utc(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let day = secs % 86_400;
    format!("{:02}:{:02}:{:02}", day / 3600, day % 3600 / 60, day % 60)
}

/// Applies `msg` and runs every job it starts (and theirs) in place: the
/// state a user sees once the background work is done. Returns the other
/// effects (closing, quitting, the palette), for tests and one-shot
/// rendering.
pub fn update_sync(app: &mut App, msg: Msg) -> Vec<Effect> {
    let effects = super::update(app, msg);
    run_effects(app, effects)
}

/// Runs the jobs among `effects` (from [`App::new`] or
/// [`super::update()`]) in place; returns the other effects.
pub fn run_sync(app: &mut App, jobs: Vec<Job>) -> Vec<Effect> {
    run_effects(app, jobs.into_iter().map(Effect::from).collect())
}

fn run_effects(app: &mut App, effects: Vec<Effect>) -> Vec<Effect> {
    let mut rest = Vec::new();
    let mut queue = effects;
    while let Some(effect) = queue.pop() {
        match effect {
            Effect::Spawn(crate::tui::Job::Explorer(job)) => {
                let result = job.run();
                queue.extend(super::update(app, result));
            }
            other => rest.push(other),
        }
    }
    rest
}

/// The messages of the explorer jobs among `effects`, each job run in place
/// (for tests that deliver results in an order of their choosing).
pub fn run_jobs(effects: Vec<Effect>) -> Vec<Msg> {
    effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::Spawn(crate::tui::Job::Explorer(job)) => Some(job.run()),
            _ => None,
        })
        .collect()
}
