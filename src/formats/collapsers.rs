//! The profilers inferno's collapsers read — DTrace, macOS `sample`,
//! Intel VTune CSV, Visual Studio's CSV, GHC `.prof`, Instruments'
//! `xctrace` XML — collapsed by the `inferno` crate itself into folded
//! stacks, then read as folded stacks. Each collapser says from the head
//! of a file whether it applies.

use inferno::collapse::Collapse;

use crate::error::LoadError;
use crate::profile::Profile;

/// One of inferno's collapsers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collapser {
    /// macOS `sample` reports.
    Sample,
    /// Intel VTune's `-report top-down` CSV.
    VTune,
    /// Visual Studio's profiler CSV.
    VsProf,
    /// GHC's `.prof` cost-centre report.
    GhcProf,
    /// Instruments' `xctrace export` XML.
    Xctrace,
    /// DTrace `ustack()`/`stack()` aggregations.
    DTrace,
}

impl Collapser {
    /// The format's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Collapser::Sample => "macOS sample",
            Collapser::VTune => "VTune CSV",
            Collapser::VsProf => "Visual Studio CSV",
            Collapser::GhcProf => "GHC .prof",
            Collapser::Xctrace => "xctrace XML",
            Collapser::DTrace => "DTrace",
        }
    }

    /// The format's name for `--input-format`.
    pub fn id(self) -> &'static str {
        match self {
            Collapser::Sample => "sample",
            Collapser::VTune => "vtune",
            Collapser::VsProf => "vsprof",
            Collapser::GhcProf => "ghcprof",
            Collapser::Xctrace => "xctrace",
            Collapser::DTrace => "dtrace",
        }
    }

    /// What the counts of its folded stacks measure.
    fn sample_type(self) -> (&'static str, &'static str) {
        match self {
            // inferno writes VTune's CPU time in milliseconds.
            Collapser::VTune => ("cpu", "milliseconds"),
            Collapser::GhcProf => ("ticks", "count"),
            _ => ("samples", "count"),
        }
    }

    /// Whether the collapser takes a file that starts with `head`.
    pub fn applies(self, head: &str) -> bool {
        // inferno wants the whole call graph; a large report's head ends
        // inside it, so its header and start are enough.
        if self == Collapser::Sample
            && head.starts_with("Analysis of sampling ")
            && head.lines().any(|l| l.starts_with("Call graph:"))
        {
            return true;
        }
        if head.is_empty() {
            return false;
        }
        // inferno 0.12's checks panic on some input (vsprof's on a head
        // without a line end): a check that cannot answer says no.
        let answer = super::perf::guarded(|| match self {
            Collapser::Sample => inferno::collapse::sample::Folder::default().is_applicable(head),
            Collapser::VTune => inferno::collapse::vtune::Folder::default().is_applicable(head),
            Collapser::VsProf => inferno::collapse::vsprof::Folder::default().is_applicable(head),
            Collapser::GhcProf => inferno::collapse::ghcprof::Folder::default().is_applicable(head),
            Collapser::Xctrace => inferno::collapse::xctrace::Folder::default().is_applicable(head),
            Collapser::DTrace => inferno::collapse::dtrace::Folder::default().is_applicable(head),
        });
        answer == Some(Some(true))
    }

    fn collapse(self, data: &[u8], out: &mut Vec<u8>) -> std::io::Result<()> {
        match self {
            Collapser::Sample => inferno::collapse::sample::Folder::default().collapse(data, out),
            Collapser::VTune => inferno::collapse::vtune::Folder::default().collapse(data, out),
            Collapser::VsProf => inferno::collapse::vsprof::Folder::default().collapse(data, out),
            Collapser::GhcProf => inferno::collapse::ghcprof::Folder::default().collapse(data, out),
            Collapser::Xctrace => inferno::collapse::xctrace::Folder::default().collapse(data, out),
            Collapser::DTrace => inferno::collapse::dtrace::Folder::default().collapse(data, out),
        }
    }
}

/// Reads a file of `which`'s format.
pub fn parse(data: &[u8], which: Collapser) -> Result<Profile, LoadError> {
    let mut folded = Vec::new();
    super::perf::guarded(|| which.collapse(data, &mut folded))
        .unwrap_or_else(|| {
            Err(std::io::Error::other(
                "a line the collapser cannot handle".to_string(),
            ))
        })
        .map_err(|e| LoadError::Profile(format!("{} (read as {} by inferno)", e, which.name())))?;
    let (ty, unit) = which.sample_type();
    super::folded::parse_as(&folded, ty, unit)
}
