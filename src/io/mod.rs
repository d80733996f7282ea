//! The outside world that is not the terminal: watching files for changes.

pub mod watch;
