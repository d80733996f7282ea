//! `perftui bench`: benchstat's summary and comparison, charts as SVG, the
//! CI gate; and the interactive benchmark view that `open` and `diff` show.

use std::process::ExitCode;

use super::{show, write_out, CommandError};
use crate::cli::{BenchArgs, BenchFormatArg, ChartArg, WatchArgs};
use crate::input::Loader;

/// Exit status of a gate that found a regression (2 is clap's usage error,
/// 1 an input error or a gate that compared nothing).
const EXIT_REGRESSION: u8 = 3;

/// Prints the report (or writes the chart) and applies the gate.
pub fn run(args: &BenchArgs, loader: &Loader) -> Result<ExitCode, CommandError> {
    use crate::bench::{gate, table};
    let opts = table::Options {
        table: args.table.clone(),
        row: args.row.clone(),
        col: args.col.clone(),
        ignore: args.ignore.clone(),
        filter: args.filter.clone(),
        alpha: args.alpha,
        confidence: args.confidence,
    };
    let (tables, loaded) = loader.benchmarks(&args.files, &opts, false)?;
    if let Some(kind) = args.chart {
        return write_chart(&tables, kind, args.output.as_deref());
    }
    let gate = args.fail_on_regression.map(|pct| Gate {
        inputs: gate_inputs(&args.files, &loaded),
        options: gate::GateOptions {
            threshold_pct: pct,
            allow_missing: args.allow_missing,
        },
    });
    report(&tables, &loaded, args.format, gate)
}

/// What `--fail-on-regression` judges: the inputs and the threshold.
pub(super) struct Gate {
    pub(super) inputs: Vec<crate::bench::gate::GateInput>,
    pub(super) options: crate::bench::gate::GateOptions,
}

/// Prints the comparison in `format` (warnings and notes on stderr), then
/// the gate's verdict; the exit status tells them apart.
pub(super) fn report(
    tables: &crate::bench::table::Tables,
    loaded: &crate::bench::formats::Loaded,
    format: BenchFormatArg,
    gate: Option<Gate>,
) -> Result<ExitCode, CommandError> {
    use crate::bench::{gate, markdown, report};
    let verdict = gate.map(|g| {
        let pct = g.options.threshold_pct;
        (pct, gate::judge(tables, &g.inputs, g.options))
    });
    let mut err = String::new();
    for e in &loaded.errors {
        err.push_str(&format!("{e}\n"));
    }
    for n in &loaded.notes {
        err.push_str(&format!("perftui: {n}\n"));
    }
    let out = match format {
        BenchFormatArg::Text => report::to_text(tables),
        BenchFormatArg::Csv => {
            let (csv, warnings) = report::to_csv(tables);
            err.push_str(&warnings);
            csv
        }
        BenchFormatArg::Json => report::to_json(tables),
        BenchFormatArg::Markdown => markdown::report(
            tables,
            verdict.as_ref().map(|(pct, v)| (*pct, v)),
            &loaded.notes,
        ),
    };
    eprint!("{err}");
    write_out(&out)?;
    let Some((pct, verdict)) = verdict else {
        return Ok(ExitCode::SUCCESS);
    };
    let mut msg = String::new();
    for n in &verdict.notes {
        msg.push_str(&format!("perftui: note: {n}\n"));
    }
    msg.push_str(&format!("perftui: {}\n", verdict.headline(pct)));
    for r in &verdict.regressions {
        msg.push_str(&format!("  {r}\n"));
    }
    for p in verdict
        .problems
        .iter()
        .skip(usize::from(verdict.outcome() == gate::Outcome::Undecided))
    {
        msg.push_str(&format!("  {p}\n"));
    }
    eprint!("{msg}");
    Ok(match verdict.outcome() {
        gate::Outcome::Passed => ExitCode::SUCCESS,
        gate::Outcome::Regressed => ExitCode::from(EXIT_REGRESSION),
        gate::Outcome::Undecided => ExitCode::from(1),
    })
}

/// Each file argument with how many results it gave.
fn gate_inputs(
    files: &[String],
    loaded: &crate::bench::formats::Loaded,
) -> Vec<crate::bench::gate::GateInput> {
    crate::bench::formats::inputs(files)
        .into_iter()
        .zip(files)
        .map(|(input, arg)| crate::bench::gate::GateInput {
            results: loaded
                .results
                .iter()
                .filter(|r| r.config_value(".file") == input.label)
                .count(),
            looks_like_bench: crate::bench::formats::is_bench_input(arg)
                || !looks_like_profile(&input.path),
            label: input.label,
        })
        .collect()
}

/// Whether a file without benchmark results is a profile (for the
/// gate's reason): a profile format recognises its head. An empty file or
/// `go test` output in which no benchmark ran is not.
fn looks_like_profile(path: &std::path::Path) -> bool {
    crate::formats::capped::head(path, 64 * 1024)
        .is_some_and(|head| !head.is_empty() && crate::formats::detect(&head).is_ok())
}

/// The interactive benchmark table (or its first screen with a snapshot).
pub fn view(
    files: &[String],
    snapshot: Option<(u16, u16)>,
    watch: &WatchArgs,
    loader: &Loader,
) -> Result<ExitCode, CommandError> {
    let (tables, loaded) =
        loader.benchmarks(files, &crate::bench::table::Options::default(), false)?;
    let title = crate::bench::formats::inputs(files)
        .iter()
        .map(|i| i.label.clone())
        .collect::<Vec<_>>()
        .join(" vs ");
    let mut app = crate::bench_view::BenchApp::new(tables, title);
    if watch.watch {
        let mut w = crate::bench_view::BenchWatch::new(files.to_vec(), watch.every);
        w.max_size = loader.max_size;
        app.watch = Some(w);
    }
    let warnings = loaded.errors.len();
    if warnings > 0 {
        app.status = Some(crate::ui::widgets::status_bar::Status::note(format!(
            "{warnings} malformed line(s) skipped; `perftui bench` lists them"
        )));
    }
    if snapshot.is_some() {
        for e in &loaded.errors {
            eprintln!("{e}");
        }
    }
    show(
        Box::new(app),
        snapshot,
        "the benchmark view needs a terminal (use --snapshot COLSxROWS, or `perftui bench`)",
    )
}

/// The first chart of `kind` that the tables allow (in table and row
/// order), as SVG.
fn write_chart(
    tables: &crate::bench::table::Tables,
    kind: ChartArg,
    output: Option<&std::path::Path>,
) -> Result<ExitCode, CommandError> {
    use crate::bench::chart;
    let kind_of = match kind {
        ChartArg::Scaling => chart::ChartKind::Scaling,
        ChartArg::Sweep => chart::ChartKind::Sweep,
    };
    // Every benchmark of a unit on one chart. Speedup has no unit, so one
    // scaling chart (of the first unit: time, as benchstat orders them);
    // a sweep chart per unit.
    let mut charts = tables
        .tables
        .iter()
        .filter_map(|t| chart::combined(t, kind_of));
    let charts: Vec<chart::Chart> = match kind {
        ChartArg::Scaling => charts.next().into_iter().collect(),
        ChartArg::Sweep => charts.collect(),
    };
    if charts.is_empty() {
        let what = match kind {
            ChartArg::Scaling => {
                "a benchmark run with several GOMAXPROCS values (go test -cpu=1,2,4)"
            }
            ChartArg::Sweep => {
                "a benchmark with a numeric name key in two or more values (/size=100, /size=1000)"
            }
        };
        return Err(CommandError::Message(format!(
            "no chart: the results have no {what}"
        )));
    }
    let svg = chart::to_svg_stacked(&charts);
    match output {
        Some(path) => std::fs::write(path, svg)
            .map_err(|e| CommandError::Message(format!("{}: {e}", path.display())))?,
        None => write_out(&svg)?,
    }
    Ok(ExitCode::SUCCESS)
}
