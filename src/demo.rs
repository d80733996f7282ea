//! The built-in demo profile, so that a bare `perftui` shows something at once.

/// A real Go CPU profile (the `cpu_before` profile of the corpus: a JSON-ish
/// parser that builds strings byte by byte); see `sample-profiles/README.md`.
pub const DEMO_PROFILE: &[u8] = include_bytes!("../assets/demo-cpu.pb.gz");

/// The name the demo profile is shown under.
pub const DEMO_NAME: &str = "demo-cpu.pb.gz (built-in demo)";
