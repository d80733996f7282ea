//! The source pane as a [`Screen`] of the runtime.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{keymap, update, SourceMsg, SourceView};
use crate::tui::keys::HelpLine;
use crate::tui::{Done, Effect, Event, Input, Screen};

impl Screen for SourceView {
    fn name(&self) -> &'static str {
        "source"
    }

    fn start(&mut self) -> Vec<Effect> {
        self.start_job().into_iter().collect()
    }

    fn handle(&mut self, event: Event) -> Vec<Effect> {
        let msg = match event {
            Event::Input(Input::Key(k)) => keymap::key_to_msg(self.mode, k),
            Event::Input(Input::Scroll { down }) => {
                Some(SourceMsg::Move(if down { 3 } else { -3 }))
            }
            Event::Input(Input::Resize { width, height }) => {
                Some(SourceMsg::Resize { width, height })
            }
            Event::Done(Done::Source(loaded)) => Some(SourceMsg::Loaded(loaded.result)),
            Event::Edited(result) => Some(SourceMsg::Edited(result)),
            _ => None,
        };
        match msg {
            Some(msg) => update(self, msg),
            None => Vec::new(),
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer) {
        crate::ui::source::render(self, area, buf);
    }

    fn help(&self) -> Vec<HelpLine> {
        keymap::help_lines()
    }

    fn ready(&self) -> bool {
        self.routines.is_some()
    }
}
