//! The outside world: the terminal, its input, and the worker thread that
//! runs background jobs. Everything arrives on one channel.

pub mod terminal;
