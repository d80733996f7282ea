//! The integration tests: one binary, so a fresh `cargo test` links the
//! library once. One module per area.

mod common;
mod tui;

mod bad_files;
mod bench_charts;
mod bench_formats;
mod bench_view;
mod bench_vs_benchstat;
mod boundaries;
mod detection;
mod dhat_profiles;
mod diff_model;
mod diff_view;
mod e2e_tmux;
mod error_lines;
mod flame_jump;
mod goroutine_groups;
mod hostile_inputs;
mod inferno_collapsers;
mod label_panel;
mod labels_vs_pprof;
mod live_http;
mod model;
mod no_color;
mod node_profiles;
mod perf_script;
mod pprof_reference;
mod pprof_reports;
mod prompt;
mod properties;
mod readers;
mod readme;
mod recursion;
mod runs;
mod screen_stack;
mod sizes;
mod source_pane;
mod speedscope;
mod svg_export;
mod terminal_safety;
mod top_vs_pprof;
mod tui_render;
mod tui_state;
mod watch_state;
mod watcher;
