//! `perftui list`: the source lines of matching functions with their flat
//! and cum, printed exactly as `go tool pprof -list` prints them (pprof's
//! `printSource`), and the same listing as data for the TUI's source pane.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::goregex::GoRegex;
use crate::profile::frames::{FrameTable, Granularity};
use crate::profile::graph;
use crate::profile::Profile;

use super::source::SourceReader;
use super::units::{percentage, scaled_label};

/// Flat and cum per line number of one function in one file.
type LineValues = BTreeMap<i64, (i64, i64)>;

/// Lines of context pprof shows around the sampled ones.
const MARGIN: i64 = 5;

/// One function's listing in one source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routine {
    /// The function, as the profile names it.
    pub function: String,
    /// The file, as pprof shows it (trimmed by `--trim-path`, cleaned).
    pub file: String,
    /// The function's flat and cum over its lines in this file.
    pub flat: i64,
    /// See `flat`.
    pub cum: i64,
    /// The source lines shown, or why there are none (where perftui
    /// looked).
    pub lines: Result<Vec<SourceLine>, String>,
    /// Where the file was found.
    pub found: Option<std::path::PathBuf>,
}

/// A line of a routine's listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLine {
    /// 1-based line number.
    pub number: i64,
    /// Flat value of the function's samples at this line.
    pub flat: i64,
    /// Cum value.
    pub cum: i64,
    /// The text, as in the file.
    pub text: String,
}

/// The listing of every function of `view` whose name matches `pattern`,
/// `None` entries naming functions without source information; `Err` when
/// nothing matches.
pub fn routines(
    view: &Profile,
    index: usize,
    pattern: &GoRegex,
    reader: &mut SourceReader,
) -> Result<Vec<(String, Vec<Routine>)>, String> {
    let frames = FrameTable::new(view, Granularity::Lines);
    let fc = graph::flat_cum(view, &frames, index);
    // function → file → line → (flat, cum), over the graph's nodes.
    let mut functions: BTreeMap<String, BTreeMap<String, LineValues>> = BTreeMap::new();
    // Where each (function, file) starts, as the profile says: pprof's
    // listing begins there.
    let mut starts: BTreeMap<(u32, u32), i64> = BTreeMap::new();
    for f in &view.functions {
        if f.start_line > 0 {
            let s = starts.entry((f.name, f.filename)).or_insert(f.start_line);
            *s = (*s).min(f.start_line);
        }
    }
    let mut first_lines: BTreeMap<(String, String), i64> = BTreeMap::new();
    for f in 0..frames.len() as u32 {
        let i = f as usize;
        if !fc.present[i] || (fc.flat[i] == 0 && fc.cum[i] == 0) {
            continue;
        }
        let key = frames.key(f);
        let name = view.str(key.name);
        if !pattern.is_match(name) {
            continue;
        }
        let files = functions.entry(name.to_string()).or_default();
        let file = view.str(key.file);
        if file.is_empty() {
            continue;
        }
        let node_start = starts
            .get(&(key.name, key.file))
            .copied()
            .unwrap_or(key.line - MARGIN);
        let shown = reader.display_path(file);
        let first = first_lines
            .entry((name.to_string(), shown.clone()))
            .or_insert(node_start);
        *first = (*first).min(node_start);
        let line = files
            .entry(shown)
            .or_default()
            .entry(key.line)
            .or_insert((0, 0));
        line.0 = line.0.wrapping_add(fc.flat[i]);
        line.1 = line.1.wrapping_add(fc.cum[i]);
    }
    if functions.is_empty() {
        return Err(format!("no matches found for regexp: {}", pattern.as_str()));
    }
    Ok(functions
        .into_iter()
        .map(|(function, files)| {
            let routines = files
                .into_iter()
                .map(|(file, lines)| {
                    let start = first_lines
                        .get(&(function.clone(), file.clone()))
                        .copied()
                        .unwrap_or(1);
                    routine(&function, file, start, &lines, reader)
                })
                .collect();
            (function, routines)
        })
        .collect())
}

fn routine(
    function: &str,
    file: String,
    start: i64,
    lines: &LineValues,
    reader: &mut SourceReader,
) -> Routine {
    let (flat, cum) = lines.values().fold((0i64, 0i64), |(f, c), &(lf, lc)| {
        (f.wrapping_add(lf), c.wrapping_add(lc))
    });
    // pprof: from where the function starts (or the first sampled line
    // minus the margin; never below 1) to the last sampled line plus the
    // margin, stopping where the file ends.
    let last = lines.keys().next_back().copied().unwrap_or(0);
    let start = start.max(1);
    let end = last + MARGIN;
    let (lines, found) = match reader.file(&file) {
        Ok((found, text)) => {
            let shown = (start..=end)
                .map_while(|n| {
                    let t = text.get(usize::try_from(n - 1).ok()?)?;
                    let (lf, lc) = lines.get(&n).copied().unwrap_or((0, 0));
                    Some(SourceLine {
                        number: n,
                        flat: lf,
                        cum: lc,
                        text: t.clone(),
                    })
                })
                .collect();
            (Ok(shown), Some(found.to_path_buf()))
        }
        Err(e) => (Err(e.to_string()), None),
    };
    Routine {
        function: function.to_string(),
        file,
        flat,
        cum,
        lines,
        found,
    }
}

/// The text `go tool pprof -list` prints; `total` is the report's total
/// (the whole profile's unless percentages are relative), values in
/// `unit` (`minimum`: each value in its own best unit, as pprof's listing
/// does).
pub fn to_text(
    listing: &[(String, Vec<Routine>)],
    total: i64,
    sample_unit: &str,
    unit: &str,
) -> String {
    let fmt = |v: i64| scaled_label(v, sample_unit, unit);
    let dot = |v: i64| if v == 0 { ".".to_string() } else { fmt(v) };
    let mut out = String::new();
    let _ = writeln!(out, "Total: {}", fmt(total));
    for (function, routines) in listing {
        if routines.is_empty() {
            let _ = writeln!(out, "No source information for {function}");
            continue;
        }
        for r in routines {
            let _ = writeln!(
                out,
                "ROUTINE ======================== {} in {}",
                r.function, r.file
            );
            let _ = writeln!(
                out,
                "{:>10} {:>10} (flat, cum) {} of Total",
                fmt(r.flat),
                fmt(r.cum),
                percentage(r.cum, total)
            );
            match &r.lines {
                Err(e) => {
                    let _ = writeln!(out, " Error: {e}");
                }
                Ok(lines) => {
                    for l in lines {
                        let _ = writeln!(
                            out,
                            "{:>10} {:>10} {:>6}:{}",
                            dot(l.flat),
                            dot(l.cum),
                            l.number,
                            l.text
                        );
                    }
                }
            }
        }
    }
    out
}
