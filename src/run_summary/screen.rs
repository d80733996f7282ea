//! The run summary as a [`Screen`] of the runtime.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{keymap, update, RunsApp, RunsMsg};
use crate::tui::keys::HelpLine;
use crate::tui::{Done, Effect, Event, Input, Screen};

impl Screen for RunsApp {
    fn name(&self) -> &'static str {
        "run summary"
    }

    fn handle(&mut self, event: Event) -> Vec<Effect> {
        let msg = match event {
            Event::Input(Input::Key(k)) => keymap::key_to_msg(self, k),
            Event::Input(Input::Click { row, .. }) => Some(RunsMsg::Click { row }),
            Event::Input(Input::Scroll { down }) => Some(RunsMsg::Move(if down { 3 } else { -3 })),
            Event::Input(Input::Resize { width, height }) => {
                Some(RunsMsg::Resize { width, height })
            }
            // The run summary has no prompt.
            Event::Input(Input::Paste(_)) => None,
            Event::Done(Done::Opened(opened)) => {
                if opened.generation != self.open_generation {
                    return Vec::new();
                }
                match opened.result {
                    Ok(screen) => {
                        let mut effects = update(self, RunsMsg::Opened);
                        effects.push(Effect::Push(screen));
                        return effects;
                    }
                    Err(e) => Some(RunsMsg::Failed(e)),
                }
            }
            Event::Done(_)
            | Event::SourceChanged
            | Event::WatchFailed(_)
            | Event::WatchLost(_)
            | Event::WatchResumed => None,
            Event::Palette(p) => Some(RunsMsg::Palette(p)),
            // This screen opens no editor.
            Event::Edited(_) => None,
        };
        match msg {
            Some(msg) => update(self, msg),
            None => Vec::new(),
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer) {
        crate::ui::run_summary::render(self, area, buf);
    }

    fn help(&self) -> Vec<HelpLine> {
        keymap::help_lines()
    }
}
