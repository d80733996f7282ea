//! The benchmark view as a [`Screen`] of the runtime.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{keymap, update, BenchApp, BenchMsg};
use crate::tui::keys::HelpLine;
use crate::tui::{Done, Effect, Event, Input, Screen, WatchSpec};

impl Screen for BenchApp {
    fn name(&self) -> &'static str {
        "benchmarks"
    }

    fn handle(&mut self, event: Event) -> Vec<Effect> {
        let msg = match event {
            Event::Input(Input::Key(k)) => keymap::key_to_msg(&self.mode, k, self.live.is_some()),
            Event::Input(Input::Click { row, .. }) => Some(BenchMsg::Click { row }),
            Event::Input(Input::Scroll { down }) => Some(BenchMsg::Move(if down { 3 } else { -3 })),
            Event::Input(Input::Resize { width, height }) => {
                Some(BenchMsg::Resize { width, height })
            }
            Event::Input(Input::Paste(text)) => matches!(self.mode, super::BenchMode::Filter(_))
                .then_some(BenchMsg::FilterEdit(crate::tui::line_edit::Edit::Paste(
                    text,
                ))),
            Event::Done(Done::Bench(msg)) => Some(msg),
            Event::Done(Done::Opened(opened)) => {
                if opened.generation != self.open_generation {
                    return Vec::new();
                }
                match opened.result {
                    Ok(screen) => {
                        let mut effects = update(
                            self,
                            BenchMsg::Opened {
                                generation: opened.generation,
                                error: None,
                            },
                        );
                        effects.push(Effect::Push(screen));
                        return effects;
                    }
                    Err(e) => Some(BenchMsg::Opened {
                        generation: opened.generation,
                        error: Some(e),
                    }),
                }
            }
            Event::Done(Done::Explorer(_) | Done::Loaded(_) | Done::Source(_) | Done::Fleet(_)) => {
                None
            }
            Event::SourceChanged => Some(BenchMsg::SourceChanged),
            Event::WatchLost(what) => Some(BenchMsg::WatchLost(Some(what))),
            Event::WatchResumed => Some(BenchMsg::WatchLost(None)),
            Event::WatchFailed(e) => Some(BenchMsg::Reloaded {
                generation: self.watch.as_ref().map_or(0, |w| w.generation),
                result: Err(format!("watching the files: {e}")),
                at: String::new(),
                progress: None,
            }),
            Event::Palette(p) => Some(BenchMsg::Palette(p)),
            // This screen opens no editor.
            Event::Edited(_) => None,
        };
        match msg {
            Some(msg) => update(self, msg),
            None => Vec::new(),
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer) {
        crate::ui::bench_view::render(self, area, buf);
    }

    fn help(&self) -> Vec<HelpLine> {
        keymap::help_lines()
    }

    fn watch(&self) -> Option<WatchSpec> {
        self.watch.as_ref().map(|w| WatchSpec {
            files: crate::bench::formats::inputs(&w.files)
                .into_iter()
                .map(|i| i.path)
                .collect(),
            every: w.every,
        })
    }
}
