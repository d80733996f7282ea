//! The profile explorer (and the profile diff) as a [`Screen`] of the
//! runtime: input through the keymap to [`Msg`]s, job results and file
//! changes to the same `update`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::msg::Msg;
use super::state::App;
use crate::tui::keys::HelpLine;
use crate::tui::{Done, Effect, Event, Input, Screen, WatchSpec};

impl Screen for App {
    fn name(&self) -> &'static str {
        if self.diff.is_some() {
            "profile diff"
        } else {
            "profile explorer"
        }
    }

    fn start(&mut self) -> Vec<Effect> {
        if self.analysis.is_some() {
            return Vec::new();
        }
        vec![self.analysis_job().into()]
    }

    fn handle(&mut self, event: Event) -> Vec<Effect> {
        let msg = match event {
            Event::Input(Input::Key(k)) => super::keymap::key_to_msg(&self.mode, self.view, k),
            Event::Input(Input::Click { col, row, double }) => Some(if double {
                Msg::DoubleClick { col, row }
            } else {
                Msg::Click { col, row }
            }),
            Event::Input(Input::Scroll { down }) => Some(Msg::Scroll { down }),
            Event::Input(Input::Resize { width, height }) => Some(Msg::Resize { width, height }),
            // Pasted text only means something in a prompt.
            Event::Input(Input::Paste(text)) => matches!(self.mode, super::state::Mode::Prompt(_))
                .then_some(Msg::Edit(crate::tui::line_edit::Edit::Paste(text))),
            Event::Done(Done::Explorer(msg)) => Some(msg),
            Event::Done(_) => None,
            Event::SourceChanged => Some(Msg::SourceChanged),
            Event::WatchLost(what) => Some(Msg::WatchLost(Some(what))),
            Event::WatchResumed => Some(Msg::WatchLost(None)),
            Event::WatchFailed(e) => Some(Msg::Reloaded {
                generation: self.watch.as_ref().map_or(0, |w| w.generation),
                result: Err(format!("watching the files: {e}")),
                at: String::new(),
            }),
            Event::Palette(p) => Some(Msg::Palette(p)),
            // This screen opens no editor.
            Event::Edited(_) => None,
        };
        match msg {
            Some(msg) => super::update(self, msg),
            None => Vec::new(),
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer) {
        crate::ui::render(self, area, buf);
    }

    fn help(&self) -> Vec<HelpLine> {
        super::keymap::help_lines()
    }

    fn watch(&self) -> Option<WatchSpec> {
        self.watch.as_ref().map(|w| WatchSpec {
            files: w.source.files(),
            every: w.every,
        })
    }

    fn ready(&self) -> bool {
        self.analysis.is_some()
    }
}
