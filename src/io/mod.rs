//! The outside world that is not the terminal: walking directories,
//! watching files for changes.

pub mod tree;
pub mod tree_watch;
pub mod watch;
