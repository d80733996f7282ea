//! The outside world: the terminal, its input, and the worker thread that
//! runs background jobs, file watching. Everything arrives on one channel.

pub mod terminal;
pub mod watch;
