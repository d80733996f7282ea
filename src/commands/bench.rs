//! `perftui bench`: benchstat's summary and comparison, charts as SVG, the
//! CI gate; and the interactive benchmark view that `open` and `diff` show.

use std::process::ExitCode;

use super::{show, write_out, CommandError};
use crate::cli::{BenchArgs, ChartArg, WatchArgs};
use crate::input::Loader;
use crate::report::Format;

/// Prints the report (or writes the chart) and applies the gate.
pub fn run(args: &BenchArgs, loader: &Loader) -> Result<ExitCode, CommandError> {
    use crate::bench::{gate, report, table};
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
    let mut err = String::new();
    for e in &loaded.errors {
        err.push_str(&format!("{e}\n"));
    }
    for n in &loaded.notes {
        err.push_str(&format!("perftui: {n}\n"));
    }
    let out = match Format::from(args.format) {
        Format::Text => report::to_text(&tables),
        Format::Csv => {
            let (csv, warnings) = report::to_csv(&tables);
            err.push_str(&warnings);
            csv
        }
        Format::Json => report::to_json(&tables),
    };
    eprint!("{err}");
    write_out(&out)?;
    if let Some(pct) = args.fail_on_regression {
        let worse = gate::regressions(&tables, pct);
        if !worse.is_empty() {
            let mut msg = format!(
                "perftui: {} benchmark(s) regressed by more than {pct}%:\n",
                worse.len()
            );
            for r in &worse {
                msg.push_str(&format!("  {r}\n"));
            }
            eprint!("{msg}");
            return Ok(ExitCode::from(2));
        }
    }
    Ok(ExitCode::SUCCESS)
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
    let found = tables.tables.iter().find_map(|t| {
        (0..t.rows.len()).find_map(|r| match kind {
            ChartArg::Scaling => chart::scaling(t, r),
            ChartArg::Sweep => chart::sweep(t, r),
        })
    });
    let Some(c) = found else {
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
    };
    let svg = chart::to_svg(&c);
    match output {
        Some(path) => std::fs::write(path, svg)
            .map_err(|e| CommandError::Message(format!("{}: {e}", path.display())))?,
        None => write_out(&svg)?,
    }
    Ok(ExitCode::SUCCESS)
}
