//! The screen of `perftui open parca://HOST` (or `pyroscope://HOST`)
//! without a query: pick a profile type the store holds, then label
//! matchers (a name, then one of its values; as many as wanted), then a
//! time range; the choice opens the explorer on the merged profile, as
//! `open` with the query would. Every question to the store is a job, so
//! a slow server never stops the keys.

mod render;

use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use crate::fleet::{FleetSource, Query, Range, TimeSpec};
use crate::input::Loader;
use crate::profile::Profile;
use crate::tui::keys::{self as k, ch, is_ctrl_c, key, Binding, HelpLine};
use crate::tui::{Done, Effect, Event, Input, Job, Screen};
use crate::ui::widgets::status_bar::Status;

/// Builds the screen for what was chosen.
pub type Open = Box<dyn FnMut(Chosen) -> Result<Box<dyn Screen>, String> + Send>;

/// What the picker opens: one source (its URL, to read again under
/// `--watch`), or a window against the one before it.
#[derive(Debug)]
pub enum Chosen {
    /// A source and its profile.
    One {
        /// The source's URL.
        url: String,
        /// Its merged profile.
        profile: Box<Profile>,
    },
    /// AFTER against BEFORE (pprof `-diff_base`).
    Diff {
        /// The earlier window's URL.
        before: String,
        /// The later window's URL.
        after: String,
        /// The diff.
        profile: Box<Profile>,
    },
}

/// What the list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The profile types.
    Types,
    /// Label names (after "every series so far").
    Labels,
    /// The values of one label.
    Values(String),
    /// Time ranges.
    Range,
}

/// A range to offer: the one the URL gave, or the last so long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeChoice {
    /// `from` and `to` as the URL gave them.
    Given,
    /// From that long ago to now.
    Last(Duration),
    /// The last so long against the so long before it.
    AgainstBefore(Duration),
}

const LAST: [u64; 6] = [900, 3600, 6 * 3600, 86_400, 7 * 86_400, 30 * 86_400];
const AGAINST: [u64; 2] = [3600, 86_400];

/// The picker's state.
pub struct Picker {
    /// The server, its credentials and the range the URL gave (used for
    /// the lists, and offered first).
    pub source: FleetSource,
    /// The URL as given, to build the chosen one from.
    pub url: String,
    /// Where the picking is.
    pub step: Step,
    /// The rows of the list (the first row of [`Step::Labels`] goes on).
    pub items: Vec<String>,
    /// The selected row.
    pub selected: usize,
    /// The query so far (its type chosen in the first step).
    pub query: Option<Query>,
    /// What the picker waits for, if anything.
    pub loading: Option<String>,
    /// The last error or note.
    pub status: Option<Status>,
    /// The rows the list had room for at the last resize.
    pub rows: usize,
    /// Whether the URL gave a range of its own.
    pub given_range: bool,
    help: Option<usize>,
    generation: u64,
    loader: Loader,
    open: Open,
}

/// What the picker does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Move up a row.
    Up,
    /// Move down a row.
    Down,
    /// Up a page.
    PageUp,
    /// Down a page.
    PageDown,
    /// The first row.
    First,
    /// The last row.
    Last,
    /// Choose the row.
    Choose,
    /// Back a step (in the labels, take the last matcher off first).
    Back,
    /// Ask the store again.
    Refresh,
    /// The help.
    Help,
    /// Leave.
    Quit,
}

/// The picker has one scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope;

impl k::Scope for Scope {
    fn title(self) -> &'static str {
        "Picking a fleet profile"
    }
}

/// The picker's keys.
pub const KEYMAP: &[Binding<Scope, Action>] = &[
    Binding {
        scope: Scope,
        keys: &[key(KeyCode::Enter)],
        action: Action::Choose,
        help: "choose (the labels' first row goes on to the range)",
    },
    Binding {
        scope: Scope,
        keys: &[key(KeyCode::Esc), key(KeyCode::Backspace)],
        action: Action::Back,
        help: "back a step; in the labels, drop the last matcher",
    },
    Binding {
        scope: Scope,
        keys: &[key(KeyCode::Down), ch('j')],
        action: Action::Down,
        help: "next row",
    },
    Binding {
        scope: Scope,
        keys: &[key(KeyCode::Up), ch('k')],
        action: Action::Up,
        help: "previous row",
    },
    Binding {
        scope: Scope,
        keys: &[key(KeyCode::PageDown), k::ctrl('d')],
        action: Action::PageDown,
        help: "a page down",
    },
    Binding {
        scope: Scope,
        keys: &[key(KeyCode::PageUp), k::ctrl('u')],
        action: Action::PageUp,
        help: "a page up",
    },
    Binding {
        scope: Scope,
        keys: &[key(KeyCode::Home), ch('g')],
        action: Action::First,
        help: "first row",
    },
    Binding {
        scope: Scope,
        keys: &[key(KeyCode::End), ch('G')],
        action: Action::Last,
        help: "last row",
    },
    Binding {
        scope: Scope,
        keys: &[ch('r')],
        action: Action::Refresh,
        help: "ask the store again",
    },
    Binding {
        scope: Scope,
        keys: &[ch('?')],
        action: Action::Help,
        help: "show this help",
    },
    Binding {
        scope: Scope,
        keys: &[ch('q')],
        action: Action::Quit,
        help: "quit",
    },
];

/// The first row of the label step.
pub const GO_ON: &str = "→ these series: choose the range";

impl Picker {
    /// A picker of `source`'s store (`url` as given).
    pub fn new(url: String, source: FleetSource, loader: Loader, open: Open) -> Picker {
        let params = url.split_once('?').map_or("", |(_, p)| p);
        let given_range = ["from", "to"]
            .iter()
            .any(|name| crate::fleet::param(params, name).is_some());
        Picker {
            source,
            url,
            step: Step::Types,
            items: Vec::new(),
            selected: 0,
            query: None,
            loading: None,
            status: None,
            rows: 20,
            given_range,
            help: None,
            generation: 0,
            loader,
            open,
        }
    }

    /// The ranges offered, in order.
    pub fn ranges(&self) -> Vec<RangeChoice> {
        let mut out = Vec::new();
        if self.given_range {
            out.push(RangeChoice::Given);
        }
        out.extend(
            LAST.iter()
                .map(|&s| RangeChoice::Last(Duration::from_secs(s))),
        );
        out.extend(
            AGAINST
                .iter()
                .map(|&s| RangeChoice::AgainstBefore(Duration::from_secs(s))),
        );
        out
    }

    /// A range's row.
    pub fn range_text(&self, choice: RangeChoice) -> String {
        match choice {
            RangeChoice::Given => match self.list_range() {
                Ok(r) => format!("as given: {}", self.source.range_words(r)),
                Err(e) => format!("as given: {e}"),
            },
            RangeChoice::Last(d) => {
                format!("the last {}", crate::fleet::timespec::words(d))
            }
            RangeChoice::AgainstBefore(d) => {
                let w = crate::fleet::timespec::words(d);
                format!("the last {w} against the {w} before (a diff)")
            }
        }
    }

    /// The range the lists are asked for: the URL's, else the last 30
    /// days (the widest offered).
    fn list_range(&self) -> Result<Range, String> {
        let now = crate::fleet::timespec::now_millis();
        if self.given_range {
            self.source.range_at(now)
        } else {
            let from = TimeSpec::Ago(Duration::from_secs(LAST[LAST.len() - 1]));
            Ok((from.at(now), now))
        }
    }

    /// The URL of the chosen query over `choice`.
    pub fn chosen_url(&self, query: &Query, choice: RangeChoice) -> String {
        let (head, params) = self.url.split_once('?').unwrap_or((&self.url, ""));
        let mut kept: Vec<String> = params
            .split('&')
            .filter(|p| {
                let key = p.split('=').next().unwrap_or("");
                !p.is_empty() && !matches!(key, "query" | "type" | "from" | "to")
            })
            .map(str::to_string)
            .collect();
        let (from, to) = match choice {
            RangeChoice::Given => (
                crate::fleet::param(params, "from").map(str::to_string),
                crate::fleet::param(params, "to").map(str::to_string),
            ),
            RangeChoice::Last(d) | RangeChoice::AgainstBefore(d) => (
                Some(format!("now-{}", crate::fleet::timespec::short(d))),
                Some("now".to_string()),
            ),
        };
        let mut out = vec![format!("query={}", encode(&query.to_string()))];
        out.extend(from.map(|f| format!("from={f}")));
        out.extend(to.map(|t| format!("to={t}")));
        out.append(&mut kept);
        format!("{}?{}", head.trim_end_matches('/'), out.join("&"))
    }

    /// The window of `after` (`…&from=now-D&to=now…`) moved back by `d`.
    fn before_url(&self, after: &str, d: Duration) -> String {
        let short = crate::fleet::timespec::short(d);
        let twice = crate::fleet::timespec::short(d * 2);
        after
            .replace(
                &format!("&from=now-{short}&"),
                &format!("&from=now-{twice}&"),
            )
            .replace("&to=now", &format!("&to=now-{short}"))
    }

    fn ask(&mut self, ask: Ask, what: &str) -> Vec<Effect> {
        self.generation += 1;
        self.loading = Some(what.to_string());
        self.status = None;
        vec![Effect::Spawn(Job::Fleet(FetchJob {
            generation: self.generation,
            source: self.source.clone(),
            loader: self.loader,
            range: self.list_range(),
            ask,
        }))]
    }

    fn show(&mut self, step: Step, items: Vec<String>) {
        self.step = step;
        self.items = items;
        self.selected = 0;
    }

    /// Asks for what `step` lists.
    fn enter(&mut self, step: Step) -> Vec<Effect> {
        match (&step, self.query.clone()) {
            (Step::Types, _) => {
                self.query = None;
                self.ask(Ask::Types, "asking for the profile types…")
            }
            (Step::Labels, Some(q)) => self.ask(Ask::Labels(q), "asking for the label names…"),
            (Step::Values(name), Some(q)) => {
                let name = name.clone();
                self.ask(Ask::Values(q, name), "asking for the values…")
            }
            (Step::Range, _) => {
                let rows = self
                    .ranges()
                    .into_iter()
                    .map(|c| self.range_text(c))
                    .collect();
                self.show(Step::Range, rows);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Applies an action; every change of the picker's state is here.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let last = self.items.len().saturating_sub(1);
        let page = self.rows.max(1);
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::PageUp => self.selected = self.selected.saturating_sub(page),
            Action::PageDown => self.selected = (self.selected + page).min(last),
            Action::First => self.selected = 0,
            Action::Last => self.selected = last,
            Action::Help => self.help = Some(0),
            Action::Quit => return vec![Effect::Close],
            Action::Refresh => return self.enter(self.step.clone()),
            Action::Back => return self.back(),
            Action::Choose => return self.choose(),
        }
        Vec::new()
    }

    fn back(&mut self) -> Vec<Effect> {
        self.status = None;
        match self.step.clone() {
            Step::Types => vec![Effect::Close],
            Step::Labels => {
                let Some(q) = self.query.clone() else {
                    return self.enter(Step::Types);
                };
                match q.matchers().rsplit_once(',') {
                    _ if q.matchers().is_empty() => self.enter(Step::Types),
                    Some((rest, _)) => {
                        self.query = Some(Query {
                            profile_type: q.profile_type.clone(),
                            selector: format!("{{{rest}}}"),
                        });
                        self.enter(Step::Labels)
                    }
                    None => {
                        self.query = Some(Query::parse(&q.profile_type));
                        self.enter(Step::Labels)
                    }
                }
            }
            Step::Values(_) | Step::Range => self.enter(Step::Labels),
        }
    }

    fn choose(&mut self) -> Vec<Effect> {
        if self.loading.is_some() {
            return Vec::new();
        }
        let Some(row) = self.items.get(self.selected).cloned() else {
            return Vec::new();
        };
        match self.step.clone() {
            Step::Types => {
                self.query = Some(Query::parse(&row));
                self.enter(Step::Labels)
            }
            Step::Labels if self.selected == 0 => self.enter(Step::Range),
            Step::Labels => self.enter(Step::Values(row)),
            Step::Values(name) => {
                self.query = self.query.as_ref().map(|q| q.with(&name, &row));
                self.enter(Step::Labels)
            }
            Step::Range => {
                let (Some(q), Some(&choice)) =
                    (self.query.clone(), self.ranges().get(self.selected))
                else {
                    return Vec::new();
                };
                let url = self.chosen_url(&q, choice);
                let what = format!("merging {q} {}…", self.range_text(choice).to_lowercase());
                match choice {
                    RangeChoice::AgainstBefore(d) => {
                        let before = self.before_url(&url, d);
                        self.ask(Ask::OpenDiff(before, url), &what)
                    }
                    _ => self.ask(Ask::Open(url), &what),
                }
            }
        }
    }

    fn fetched(&mut self, f: Fetched) -> Vec<Effect> {
        if f.generation != self.generation {
            return Vec::new();
        }
        self.loading = None;
        match f.result {
            Err(e) => {
                self.status = Some(Status::error(e));
                Vec::new()
            }
            Ok(Answer::List(step, mut items)) => {
                if step == Step::Labels {
                    items.insert(0, GO_ON.to_string());
                }
                if items.is_empty() {
                    self.status = Some(Status::note(match step {
                        Step::Types => "the store holds no profiles yet (r asks again)",
                        _ => "nothing here in the range",
                    }));
                }
                self.show(step, items);
                Vec::new()
            }
            Ok(Answer::Open(chosen)) => match (self.open)(chosen) {
                Ok(screen) => vec![Effect::Push(screen)],
                Err(e) => {
                    self.status = Some(Status::error(e));
                    Vec::new()
                }
            },
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if let Some(scroll) = self.help {
            self.help = match key.code {
                KeyCode::Down | KeyCode::Char('j') => Some(scroll + 1),
                KeyCode::Up | KeyCode::Char('k') => Some(scroll.saturating_sub(1)),
                _ => None,
            };
            return Vec::new();
        }
        match k::lookup(KEYMAP, key, |_| true) {
            Some(action) => self.update(action),
            None => Vec::new(),
        }
    }
}

/// A query as a URL parameter: the few characters that would end it or
/// be read as an escape.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '&' => out.push_str("%26"),
            '#' => out.push_str("%23"),
            ' ' => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out
}

/// A question for the store.
#[derive(Debug, Clone)]
pub enum Ask {
    /// The profile types.
    Types,
    /// The label names of what the query selects.
    Labels(Query),
    /// A label's values on what the query selects.
    Values(Query, String),
    /// The profile a URL names, merged.
    Open(String),
    /// The second URL's profile against the first's.
    OpenDiff(String, String),
}

/// A question asked off the event loop.
#[derive(Debug)]
pub struct FetchJob {
    generation: u64,
    source: FleetSource,
    loader: Loader,
    range: Result<Range, String>,
    ask: Ask,
}

/// An answer.
#[derive(Debug)]
pub enum Answer {
    /// The rows of a step.
    List(Step, Vec<String>),
    /// What to open.
    Open(Chosen),
}

/// A job's result.
#[derive(Debug)]
pub struct Fetched {
    generation: u64,
    result: Result<Answer, String>,
}

impl FetchJob {
    /// Asks.
    pub fn run(self) -> Fetched {
        let store = self.source.store(self.loader.max_size);
        let result = self.range.and_then(|range| match self.ask {
            Ask::Types => store
                .profile_types(range)
                .map(|t| Answer::List(Step::Types, t)),
            Ask::Labels(q) => store.label_names(&q, range).map(|mut names| {
                // Parca lists its own series key among the labels.
                names.retain(|n| !n.starts_with("__"));
                Answer::List(Step::Labels, names)
            }),
            Ask::Values(q, name) => store
                .label_values(&q, &name, range)
                .map(|v| Answer::List(Step::Values(name), v)),
            Ask::Open(url) => self
                .loader
                .profile(&url)
                .map(|p| {
                    Answer::Open(Chosen::One {
                        url,
                        profile: Box::new(p),
                    })
                })
                .map_err(|e| e.to_string()),
            Ask::OpenDiff(before, after) => self
                .loader
                .diff(&before, &after, false)
                .map(|p| {
                    Answer::Open(Chosen::Diff {
                        before,
                        after,
                        profile: Box::new(p),
                    })
                })
                .map_err(|e| e.to_string()),
        });
        Fetched {
            generation: self.generation,
            result,
        }
    }
}

impl Screen for Picker {
    fn name(&self) -> &'static str {
        "fleet picker"
    }

    fn start(&mut self) -> Vec<Effect> {
        self.enter(Step::Types)
    }

    fn handle(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::Input(Input::Key(key)) if is_ctrl_c(key) => vec![Effect::Quit],
            Event::Input(Input::Key(key)) => self.on_key(key),
            Event::Input(Input::Resize { height, .. }) => {
                self.rows = usize::from(height.saturating_sub(render::CHROME));
                Vec::new()
            }
            Event::Done(Done::Fleet(f)) => self.fetched(f),
            _ => Vec::new(),
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer) {
        render::render(self, self.help, area, buf);
    }

    fn help(&self) -> Vec<HelpLine> {
        k::help_lines(KEYMAP, &[Scope], &[])
    }

    fn ready(&self) -> bool {
        self.loading.is_none()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn picker(url: &str) -> Picker {
        let source = FleetSource::parse(url, crate::fleet::Credentials::default()).unwrap();
        let open: Open = Box::new(|_| Err("not in this test".to_string()));
        Picker::new(url.to_string(), source, Loader::default(), open)
    }

    fn answer(p: &mut Picker, step: Step, items: &[&str]) {
        let generation = p.generation;
        p.fetched(Fetched {
            generation,
            result: Ok(Answer::List(
                step,
                items.iter().map(|s| s.to_string()).collect(),
            )),
        });
    }

    #[test]
    fn types_then_matchers_then_a_range_make_the_url() {
        let mut p = picker("parca://me:pw@h:7070/?from=2026-11-22T00:00:00Z&to=now");
        assert!(matches!(p.start()[..], [Effect::Spawn(Job::Fleet(_))]));
        answer(
            &mut p,
            Step::Types,
            &[
                "memory:alloc_space:bytes:space:bytes",
                "process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta",
            ],
        );
        p.update(Action::Down);
        let asks = p.update(Action::Choose);
        assert!(
            matches!(&asks[..], [Effect::Spawn(Job::Fleet(FetchJob { ask: Ask::Labels(q), .. }))] if q.to_string() == "process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta{}")
        );
        answer(&mut p, Step::Labels, &["host", "job"]);
        assert_eq!(p.items, [GO_ON, "host", "job"]);
        p.update(Action::Last);
        let asks = p.update(Action::Choose);
        assert!(
            matches!(&asks[..], [Effect::Spawn(Job::Fleet(FetchJob { ask: Ask::Values(_, name), .. }))] if name == "job")
        );
        answer(&mut p, Step::Values("job".into()), &["api", "db"]);
        p.update(Action::Choose);
        assert_eq!(p.query.as_ref().unwrap().selector, r#"{job="api"}"#);
        // Another matcher, then one taken off again.
        answer(&mut p, Step::Labels, &["host", "job"]);
        p.update(Action::Down);
        p.update(Action::Choose);
        answer(&mut p, Step::Values("host".into()), &["a b", "c"]);
        p.update(Action::Choose);
        assert_eq!(
            p.query.as_ref().unwrap().selector,
            r#"{job="api",host="a b"}"#
        );
        answer(&mut p, Step::Labels, &["host", "job"]);
        p.update(Action::Back);
        assert_eq!(p.query.as_ref().unwrap().selector, r#"{job="api"}"#);
        answer(&mut p, Step::Labels, &["host", "job"]);
        // The first row goes on to the ranges: the given one first.
        p.update(Action::Choose);
        assert_eq!(p.step, Step::Range);
        assert!(
            p.items[0].starts_with("as given: from 2026-11-22T00:00:00Z to "),
            "{:?}",
            p.items
        );
        assert_eq!(
            p.items[1..],
            [
                "the last 15m",
                "the last hour",
                "the last 6h",
                "the last day",
                "the last week",
                "the last 30d",
                "the last hour against the hour before (a diff)",
                "the last day against the day before (a diff)"
            ]
        );
        let q = p.query.clone().unwrap();
        assert_eq!(
            p.chosen_url(&q, RangeChoice::Given),
            r#"parca://me:pw@h:7070?query=process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta{job="api"}&from=2026-11-22T00:00:00Z&to=now"#
        );
        assert_eq!(
            p.chosen_url(
                &q.with("host", "a b&c"),
                RangeChoice::Last(Duration::from_secs(3600))
            ),
            r#"parca://me:pw@h:7070?query=process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta{job="api",host="a%20b%26c"}&from=now-1h&to=now"#
        );
        // The URL it makes reads back as that query.
        let url = p.chosen_url(&q.with("host", "a b&c"), RangeChoice::Given);
        let back = FleetSource::parse(&url, crate::fleet::Credentials::default()).unwrap();
        assert_eq!(back.query.unwrap().selector, r#"{job="api",host="a b&c"}"#);
        p.update(Action::Down);
        let asks = p.update(Action::Choose);
        assert!(
            matches!(&asks[..], [Effect::Spawn(Job::Fleet(FetchJob { ask: Ask::Open(url), .. }))] if url.ends_with("&from=now-15m&to=now"))
        );
        assert_eq!(
            p.loading.as_deref(),
            Some(
                r#"merging process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta{job="api"} the last 15m…"#
            )
        );
        // The hour against the hour before: two windows.
        p.loading = None;
        p.selected = 7;
        let asks = p.update(Action::Choose);
        assert!(
            matches!(&asks[..], [Effect::Spawn(Job::Fleet(FetchJob { ask: Ask::OpenDiff(before, after), .. }))]
            if before.ends_with(r#"{job="api"}&from=now-2h&to=now-1h"#) && after.ends_with(r#"{job="api"}&from=now-1h&to=now"#)),
            "{asks:?}"
        );
        // Back from the ranges to the labels; back twice more to the types.
        p.loading = None;
        p.update(Action::Back);
        answer(&mut p, Step::Labels, &["host", "job"]);
        p.update(Action::Back);
        assert_eq!(p.query.as_ref().unwrap().selector, "{}");
        p.update(Action::Back);
        assert_eq!(p.query, None);
        answer(&mut p, Step::Types, &["x"]);
        assert!(matches!(p.update(Action::Back)[..], [Effect::Close]));
    }

    #[test]
    fn a_stale_or_failed_answer() {
        let mut p = picker("pyroscope://h?tenant=t");
        p.start();
        let old = p.generation;
        p.update(Action::Refresh);
        // The first question's answer comes after the second was asked.
        p.fetched(Fetched {
            generation: old,
            result: Ok(Answer::List(Step::Types, vec!["stale".into()])),
        });
        assert!(p.items.is_empty() && p.loading.is_some());
        let generation = p.generation;
        p.fetched(Fetched {
            generation,
            result: Err("connection refused (is the server running?)".into()),
        });
        assert_eq!(p.loading, None);
        assert!(p.status.as_ref().unwrap().error);
        // Without a range in the URL: no "as given" row, tenant kept.
        p.query = Some(Query::parse("process_cpu:cpu:nanoseconds:cpu:nanoseconds"));
        assert_eq!(p.ranges().len(), 8);
        // "to=" inside a matcher is not a range.
        assert!(!picker(r#"parca://h?query=a{x="to=1"}"#).given_range);
        assert_eq!(
            p.chosen_url(p.query.as_ref().unwrap(), RangeChoice::Last(Duration::from_secs(900))),
            "pyroscope://h?query=process_cpu:cpu:nanoseconds:cpu:nanoseconds{}&from=now-15m&to=now&tenant=t"
        );
    }
}
