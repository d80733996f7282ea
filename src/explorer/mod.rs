//! The explorer's state machine: state, messages, the keymap and the one
//! `update` that applies messages. Nothing here draws or touches a terminal.

pub mod analysis;
pub mod job;
pub mod keymap;
pub mod layout;
pub mod msg;
mod screen;
pub mod state;
mod update;

pub use job::{run_jobs, run_sync, update_sync, Job};
pub use msg::{Action, Msg, View};
pub use state::App;
pub use update::update;
