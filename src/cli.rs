//! Command-line definitions (clap derive) and the subcommands that print.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use regex::Regex;

use crate::app::App;
use crate::error::{FileError, LoadError};
use crate::formats;
use crate::profile::filter::Filters;
use crate::profile::frames::Granularity;
use crate::profile::{merge, select, Profile};
use crate::report::{fold, top, Format};

/// perftui: where does the time go, and did my change make it better?
#[derive(Debug, Parser)]
#[command(name = "perftui", version, about, long_about = None)]
pub struct Cli {
    /// What to do; without one, the built-in demo profile is shown.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Refuse profiles larger than this, decompressed (e.g. 512M, 2G; a
    /// guard against gzip bombs).
    #[arg(long, global = true, value_name = "SIZE", value_parser = parse_bytes, default_value = "4G")]
    pub max_size: u64,
}

fn parse_bytes(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (num, mult) = match t.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => {
            let m: u64 = match t[i..]
                .to_ascii_uppercase()
                .trim_end_matches("IB")
                .trim_end_matches('B')
            {
                "" => 1,
                "K" => 1 << 10,
                "M" => 1 << 20,
                "G" => 1 << 30,
                "T" => 1 << 40,
                other => return Err(format!("unknown size suffix {other:?} (use K, M, G or T)")),
            };
            (&t[..i], m)
        }
        None => (t, 1),
    };
    let n: u64 = num
        .trim()
        .parse()
        .map_err(|_| format!("expected a size such as 512M or 2G, not {s:?}"))?;
    n.checked_mul(mult)
        .filter(|&b| b > 0)
        .ok_or_else(|| format!("size {s:?} is out of range"))
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Explore profiles in the terminal: flame graph, top table, sandwich,
    /// goroutine groups (several files are merged).
    Open(OpenArgs),
    /// Print the top functions by flat or cum value, as `go tool pprof -top`.
    Top(TopArgs),
    /// Print folded stacks (`a;b;c 42`) for FlameGraph, inferno or flamelens.
    Fold(FoldArgs),
    /// Write a flame graph as SVG (through inferno); with --diff-base, a
    /// differential one.
    Flamegraph(FlamegraphArgs),
    /// Summarise and compare benchmark results as benchstat does; gate CI
    /// on regressions.
    Bench(BenchArgs),
    /// Compare two runs: two profiles (differential flame graph, delta
    /// table, side by side), two benchmark files (benchstat's comparison),
    /// or two run directories (their files paired by name).
    Diff(DiffArgs),
}

/// `perftui diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The run before the change (`label=path` sets its column title).
    #[arg(value_name = "BEFORE")]
    pub before: String,
    /// The run after the change.
    #[arg(value_name = "AFTER")]
    pub after: String,
    /// Profiles: the sample type, by name (e.g. alloc_space) or index; both
    /// profiles must have it.
    #[arg(long, value_name = "NAME|N")]
    pub sample_index: Option<String>,
    /// Profiles: scale AFTER to BEFORE's total first, as pprof -normalize
    /// (compare shapes when the runs lasted differently long).
    #[arg(long)]
    pub normalize: bool,
    /// Profiles: group frames by function, file or line.
    #[arg(long, value_enum, default_value_t = Granularity::Functions)]
    pub granularity: Granularity,
    /// Print the first screen as text at this size and exit.
    #[arg(long, value_name = "COLSxROWS", value_parser = parse_size)]
    pub snapshot: Option<(u16, u16)>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub watch: WatchArgs,
}

/// `perftui bench`.
#[derive(Debug, Args, Clone)]
pub struct BenchArgs {
    /// Benchmark files (`go test -bench` text or -json, criterion
    /// directories, hyperfine or Google Benchmark JSON, libtest text), each
    /// optionally `label=path`. Later files are compared with the first.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Split results into tables by these keys.
    #[arg(long, default_value = ".config", value_name = "KEYS")]
    pub table: String,
    /// Split results into rows by these keys.
    #[arg(long, default_value = ".fullname", value_name = "KEYS")]
    pub row: String,
    /// Compare across columns split by these keys.
    #[arg(long, default_value = ".file", value_name = "KEYS")]
    pub col: String,
    /// Ignore variation in these keys.
    #[arg(long, default_value = "", value_name = "KEYS")]
    pub ignore: String,
    /// Use only results matching this benchstat filter, e.g. '.name:Sum .unit:B/op'.
    #[arg(long, default_value = "*", value_name = "QUERY")]
    pub filter: String,
    /// A change is significant when p < ALPHA.
    #[arg(long, default_value_t = crate::bench::stats::DEFAULT_ALPHA, value_name = "ALPHA")]
    pub alpha: f64,
    /// Confidence level of the ± ranges.
    #[arg(long, default_value_t = crate::bench::stats::DEFAULT_CONFIDENCE, value_name = "LEVEL")]
    pub confidence: f64,
    /// Exit with status 2 when any benchmark got significantly worse by
    /// more than PCT percent (lower is better for time, B/op, allocs/op;
    /// higher for throughput units such as B/s).
    #[arg(long, value_name = "PCT")]
    pub fail_on_regression: Option<f64>,
    /// Draw a chart as SVG instead of printing tables: speedup against
    /// GOMAXPROCS (`-cpu=1,2,4`), or the unit against a numeric name key
    /// (`/size=1000`). Use --filter to choose the benchmark and unit.
    #[arg(long, value_enum, value_name = "KIND")]
    pub chart: Option<ChartArg>,
    /// Where to write the chart (stdout when absent).
    #[arg(short = 'o', long, value_name = "FILE", requires = "chart")]
    pub output: Option<PathBuf>,
}

/// The charts `perftui bench --chart` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ChartArg {
    /// Speedup against GOMAXPROCS, with the ideal line.
    Scaling,
    /// The unit against a numeric sub-benchmark key, log axes when wide.
    Sweep,
}

/// Options shared by the profile subcommands.
#[derive(Debug, Args, Clone, Default)]
pub struct ProfileArgs {
    /// Sample type to show, by name (e.g. alloc_space) or index.
    #[arg(long, value_name = "NAME|N")]
    pub sample_index: Option<String>,
    /// Keep only samples with a frame matching this regex.
    #[arg(long, value_name = "RE")]
    pub focus: Option<String>,
    /// Drop samples with a frame matching this regex.
    #[arg(long, value_name = "RE")]
    pub ignore: Option<String>,
    /// Remove frames matching this regex from stacks.
    #[arg(long, value_name = "RE")]
    pub hide: Option<String>,
    /// Keep only frames matching this regex in stacks.
    #[arg(long, value_name = "RE")]
    pub show: Option<String>,
    /// Group frames by function, file or line.
    #[arg(long, value_enum, default_value_t = Granularity::Functions)]
    pub granularity: Granularity,
    /// Subtract this profile (pprof -diff_base): percentages are relative to it.
    #[arg(long, value_name = "FILE")]
    pub diff_base: Option<PathBuf>,
    /// Subtract this profile without making it the reference (pprof -base).
    #[arg(long, value_name = "FILE", conflicts_with = "diff_base")]
    pub base: Option<PathBuf>,
    /// With a base: scale the profile to the base's total first (pprof -normalize).
    #[arg(long)]
    pub normalize: bool,
}

/// `perftui top`.
#[derive(Debug, Args)]
pub struct TopArgs {
    /// Profile files (several are merged).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Show at most N rows (pprof -nodecount); all by default.
    #[arg(short = 'n', long = "nodecount", value_name = "N")]
    pub node_count: Option<usize>,
    /// Sort by cumulative value.
    #[arg(long)]
    pub cum: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub profile: ProfileArgs,
}

/// `perftui open`.
#[derive(Debug, Args)]
pub struct OpenArgs {
    /// Profile files (several are merged); the built-in demo when none.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Sample type to show first, by name (e.g. alloc_space) or index.
    #[arg(long, value_name = "NAME|N")]
    pub sample_index: Option<String>,
    /// Group frames by function, file or line.
    #[arg(long, value_enum, default_value_t = Granularity::Functions)]
    pub granularity: Granularity,
    /// Print the first screen as text at this size (e.g. 120x40) and exit,
    /// without a terminal: for scripts, docs and benchmarks.
    #[arg(long, value_name = "COLSxROWS", value_parser = parse_size)]
    pub snapshot: Option<(u16, u16)>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub watch: WatchArgs,
}

/// `--watch` and `--every`, on `open` and `diff`.
#[derive(Debug, Args, Clone, Default)]
pub struct WatchArgs {
    /// Read the inputs again when they change (files) and keep the view's
    /// place; z freezes, r reloads by hand.
    #[arg(long)]
    pub watch: bool,
    /// With --watch: also read them again at this interval (e.g. 30s,
    /// 500ms, 2m): for URLs of running services.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, requires = "watch")]
    pub every: Option<std::time::Duration>,
}

/// `30s`, `500ms`, `2m`, `1h`; a bare number is seconds.
pub fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("expected a duration such as 30s or 500ms, not {s:?}"))?;
    let secs = match unit {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        _ => {
            return Err(format!(
                "unknown unit {unit:?} in {s:?} (use ms, s, m or h)"
            ))
        }
    };
    if !(secs.is_finite() && secs >= 0.05) {
        return Err(format!("{s:?} is too short (at least 50ms)"));
    }
    Ok(std::time::Duration::from_secs_f64(secs))
}

fn parse_size(s: &str) -> Result<(u16, u16), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("expected COLSxROWS, e.g. 120x40, not {s:?}"))?;
    let w: u16 = w
        .trim()
        .parse()
        .map_err(|e| format!("columns {w:?}: {e}"))?;
    let h: u16 = h.trim().parse().map_err(|e| format!("rows {h:?}: {e}"))?;
    if w == 0 || h == 0 {
        return Err("the size must not be zero".to_string());
    }
    Ok((w, h))
}

/// `perftui fold`.
#[derive(Debug, Args)]
pub struct FoldArgs {
    /// Profile files (several are merged).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub profile: ProfileArgs,
}

/// `perftui flamegraph`.
#[derive(Debug, Args)]
pub struct FlamegraphArgs {
    /// Profile files (several are merged); with --diff-base, AFTER.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Where to write the SVG (stdout when absent or `-`).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The title of the image.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub profile: ProfileArgs,
}

/// A failure of a subcommand: printed as `perftui: <message>`, exit 1.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A file could not be read.
    #[error("{0}")]
    File(#[from] FileError),
    /// Anything else, already worded for the user.
    #[error("{0}")]
    Message(String),
}

/// Runs the command line; returns the exit code.
pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    crate::formats::gzip::set_max_size(cli.max_size);
    match cli.command {
        // Piped, the demo prints its top table instead of drawing a UI.
        None if !std::io::stdout().is_terminal() => run_top(&TopArgs {
            files: Vec::new(),
            node_count: Some(20),
            cum: false,
            format: Format::Text,
            profile: ProfileArgs::default(),
        }),
        None => run_open(&OpenArgs {
            files: Vec::new(),
            sample_index: None,
            granularity: Granularity::Functions,
            snapshot: None,
            watch: WatchArgs::default(),
        }),
        Some(Command::Open(args)) => run_open(&args),
        Some(Command::Top(args)) => run_top(&args),
        Some(Command::Fold(args)) => run_fold(&args),
        Some(Command::Flamegraph(args)) => run_flamegraph(&args),
        Some(Command::Bench(args)) => run_bench(&args),
        Some(Command::Diff(args)) => run_diff(&args),
    }
}

fn compile(name: &str, re: &Option<String>) -> Result<Option<Regex>, CliError> {
    re.as_deref()
        .map(|s| {
            Regex::new(s).map_err(|e| CliError::Message(format!("invalid --{name} regex: {e}")))
        })
        .transpose()
}

/// Builds the filters from the command-line options.
pub fn filters(args: &ProfileArgs) -> Result<Filters, CliError> {
    Ok(Filters {
        focus: compile("focus", &args.focus)?,
        ignore: compile("ignore", &args.ignore)?,
        hide: compile("hide", &args.hide)?,
        show: compile("show", &args.show)?,
    })
}

/// Loads and merges `files`; the demo profile when there are none.
pub fn load_merged(files: &[PathBuf]) -> Result<Profile, CliError> {
    if files.is_empty() {
        return formats::read_profile(crate::demo::DEMO_PROFILE).map_err(|error| {
            CliError::File(FileError {
                file: crate::demo::DEMO_NAME.to_string(),
                error,
            })
        });
    }
    let mut profiles = Vec::with_capacity(files.len());
    for f in files {
        let name = f.to_string_lossy();
        profiles.push(if crate::live::is_url(&name) {
            crate::live::fetch(&name).map_err(CliError::Message)?
        } else {
            formats::load_file(f)?
        });
    }
    merge::merge(profiles).map_err(|e| {
        CliError::File(FileError {
            file: files
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            error: LoadError::Incompatible(e),
        })
    })
}

/// Loads the inputs and applies `--diff-base` / `--base`.
pub fn load_with_base(files: &[PathBuf], args: &ProfileArgs) -> Result<Profile, CliError> {
    let profile = load_merged(files)?;
    let (base_file, diff) = match (&args.diff_base, &args.base) {
        (Some(b), _) => (b, true),
        (None, Some(b)) => (b, false),
        (None, None) => return Ok(profile),
    };
    let base = formats::load_file(base_file)?;
    let wrap = |e: String| {
        CliError::File(FileError {
            file: base_file.display().to_string(),
            error: LoadError::Incompatible(e),
        })
    };
    if diff {
        merge::diff_base(profile, base, args.normalize).map_err(wrap)
    } else {
        // pprof -base: the base is subtracted but not marked as the reference.
        let mut p = profile;
        let mut base = base;
        if args.normalize {
            merge::normalize(&mut p, &base).map_err(wrap)?;
        }
        let n = base.sample_types.len();
        merge::scale(&mut base, &vec![-1.0; n]);
        merge::merge(vec![p, base]).map_err(wrap)
    }
}

fn write_out(s: &str) -> Result<(), CliError> {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    match lock.write_all(s.as_bytes()).and_then(|_| lock.flush()) {
        Ok(()) => Ok(()),
        // `perftui top ... | head` closing the pipe is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Message(format!("writing output: {e}"))),
    }
}

fn run_top(args: &TopArgs) -> Result<ExitCode, CliError> {
    let profile = load_with_base(&args.files, &args.profile)?;
    let opts = top::TopOptions {
        sample_index: args.profile.sample_index.clone(),
        cum: args.cum,
        node_count: args.node_count,
        filters: filters(&args.profile)?,
        granularity: args.profile.granularity,
    };
    let report = top::build(&profile, &opts).map_err(CliError::Message)?;
    for n in &report.notes {
        eprintln!("perftui: {n}");
    }
    let out = match args.format {
        Format::Text => report.to_text(),
        Format::Csv => report.to_csv(),
        Format::Json => report.to_json(),
    };
    write_out(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn run_open(args: &OpenArgs) -> Result<ExitCode, CliError> {
    let names: Vec<String> = args
        .files
        .iter()
        .map(|f| f.to_string_lossy().into_owned())
        .collect();
    if !names.is_empty()
        && names
            .iter()
            .all(|f| !crate::live::is_url(f) && crate::bench::formats::is_bench_input(f))
    {
        return run_bench_view(&names, args.snapshot, &args.watch);
    }
    let source = crate::live::Source::Inputs(names.clone());
    let profile = if names.iter().any(|n| crate::live::is_url(n)) {
        source.load().map_err(CliError::Message)?
    } else {
        load_merged(&args.files)?
    };
    let title = if args.files.is_empty() {
        crate::demo::DEMO_NAME.to_string()
    } else {
        args.files
            .iter()
            .map(|f| {
                f.file_name().map_or_else(
                    || f.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                )
            })
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let (mut app, first) = App::new(
        profile,
        title,
        args.sample_index.as_deref(),
        args.granularity,
    )
    .map_err(CliError::Message)?;
    if args.watch.watch && !names.is_empty() {
        let first_read = Some(Arc::clone(&app.profile));
        app.status = watch_note(&source, &args.watch).or(app.status);
        app.watch = Some(watch_state(source, first_read, &args.watch));
    }
    show_explorer(
        app,
        first,
        args.snapshot,
        "open needs a terminal (use --snapshot COLSxROWS to print a screen)",
    )
}

/// What `--watch` adds to an explorer over `source`.
fn watch_state(
    source: crate::live::Source,
    first_read: Option<Arc<Profile>>,
    args: &WatchArgs,
) -> crate::app::state::WatchState {
    let mut w = crate::app::state::WatchState::new(source, first_read);
    w.every = args.every;
    w
}

/// What to tell a user who watches a URL without `--every`: nothing
/// would ever change.
fn watch_note(source: &crate::live::Source, args: &WatchArgs) -> Option<crate::app::state::Status> {
    (source.has_urls() && args.every.is_none()).then(|| crate::app::state::Status {
        text: "URLs are fetched again with --every (e.g. --every 30s); r fetches now".to_string(),
        error: false,
    })
}

/// Runs the explorer in the terminal, or prints its first screen with
/// `--snapshot`; `no_terminal` says what to do without a terminal.
fn show_explorer(
    mut app: App,
    first: crate::app::Job,
    snapshot: Option<(u16, u16)>,
    no_terminal: &str,
) -> Result<ExitCode, CliError> {
    if let Some((w, h)) = snapshot {
        write_out(&crate::io::terminal::snapshot(&mut app, first, w, h))?;
        return Ok(ExitCode::SUCCESS);
    }
    if !std::io::stdout().is_terminal() {
        return Err(CliError::Message(no_terminal.to_string()));
    }
    crate::io::terminal::run(app, first)
        .map_err(|e| CliError::Message(format!("terminal: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

fn run_fold(args: &FoldArgs) -> Result<ExitCode, CliError> {
    let profile = load_with_base(&args.files, &args.profile)?;
    let choice = select::sample_index(&profile, args.profile.sample_index.as_deref())
        .map_err(CliError::Message)?;
    if let Some(n) = &choice.note {
        eprintln!("perftui: {n}");
    }
    let f = filters(&args.profile)?;
    let filtered;
    let view = if f.is_empty() {
        &profile
    } else {
        filtered = crate::profile::filter::apply(&profile, &f).0;
        &filtered
    };
    write_out(&fold::folded(view, choice.index, args.profile.granularity))?;
    Ok(ExitCode::SUCCESS)
}

fn run_flamegraph(args: &FlamegraphArgs) -> Result<ExitCode, CliError> {
    use crate::report::svg;
    if args.profile.base.is_some() {
        return Err(CliError::Message(
            "flamegraph draws --diff-base BEFORE AFTER; --base is for top and fold".to_string(),
        ));
    }
    let after = load_merged(&args.files)?;
    let f = filters(&args.profile)?;
    let apply = |p: Profile| {
        if f.is_empty() {
            p
        } else {
            crate::profile::filter::apply(&p, &f).0
        }
    };
    let names = |files: &[PathBuf]| {
        files
            .iter()
            .map(|p| short_name(p))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let choice = select::sample_index(&after, args.profile.sample_index.as_deref())
        .map_err(CliError::Message)?;
    if let Some(n) = &choice.note {
        eprintln!("perftui: {n}");
    }
    let mut opts = svg::SvgOptions {
        title: String::new(),
        sample_type: after.sample_type_name(choice.index).to_string(),
        unit: after.sample_type_unit(choice.index).to_string(),
        granularity: args.profile.granularity,
    };
    let svg = match &args.profile.diff_base {
        None => {
            opts.title = args
                .title
                .clone()
                .unwrap_or_else(|| format!("{} ({})", names(&args.files), opts.sample_type));
            svg::flamegraph(&apply(after), choice.index, &opts)
        }
        Some(base_file) => {
            let before = formats::load_file(base_file)?;
            let mut after = after;
            let wrap = |e: String| {
                CliError::File(FileError {
                    file: base_file.display().to_string(),
                    error: LoadError::Incompatible(e),
                })
            };
            merge::compatible(&after, &before).map_err(wrap)?;
            if args.profile.normalize {
                merge::normalize(&mut after, &before).map_err(wrap)?;
            }
            opts.title = args.title.clone().unwrap_or_else(|| {
                format!(
                    "{} → {} ({})",
                    short_name(base_file),
                    names(&args.files),
                    opts.sample_type
                )
            });
            svg::differential(&apply(before), &apply(after), choice.index, &opts)
        }
    }
    .map_err(CliError::Message)?;
    match args.output.as_ref().filter(|p| p.as_os_str() != "-") {
        Some(path) => std::fs::write(path, svg)
            .map_err(|e| CliError::Message(format!("{}: {e}", path.display())))?,
        None => write_out(&svg)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Loads benchmark inputs and groups them into benchstat's tables; the
/// malformed-line warnings go to stderr as benchstat prints them.
pub fn bench_tables(
    files: &[String],
    opts: &crate::bench::table::Options,
) -> Result<(crate::bench::table::Tables, crate::bench::formats::Loaded), CliError> {
    use crate::bench::{formats, table};
    let mut builder = table::Builder::new(opts).map_err(|e| CliError::Message(e.to_string()))?;
    let loaded =
        formats::load(&formats::inputs(files)).map_err(|e| CliError::Message(e.to_string()))?;
    for r in &loaded.results {
        builder.add(r);
    }
    let tables = builder.finish(&loaded.units);
    Ok((tables, loaded))
}

fn run_bench(args: &BenchArgs) -> Result<ExitCode, CliError> {
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
    let (tables, loaded) = bench_tables(&args.files, &opts)?;
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
    let out = match args.format {
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

fn run_diff(args: &DiffArgs) -> Result<ExitCode, CliError> {
    let files = [args.before.clone(), args.after.clone()];
    let dirs = files
        .iter()
        .filter(|f| std::path::Path::new(f).is_dir())
        .count();
    let run_dirs = files
        .iter()
        .filter(|f| crate::runs::is_run_dir(std::path::Path::new(f)))
        .count();
    if run_dirs == 2 {
        return run_runs(args);
    }
    let bench = files
        .iter()
        .filter(|f| crate::bench::formats::is_bench_input(f))
        .count();
    // A criterion directory is a benchmark input, not a run directory.
    if bench == 2 {
        return run_bench_view(&files, args.snapshot, &args.watch);
    }
    if dirs == 1 {
        return Err(CliError::Message(
            "diff compares two run directories or two files, not a directory with a file"
                .to_string(),
        ));
    }
    if bench == 1 {
        return Err(CliError::Message(format!(
            "diff compares two benchmark files or two profiles; {} is {} and {} is not",
            files[0],
            if crate::bench::formats::is_bench_input(&files[0]) {
                "a benchmark file"
            } else {
                "a profile"
            },
            files[1],
        )));
    }
    let (mut app, first) = profile_diff_app(
        std::path::Path::new(&args.before),
        std::path::Path::new(&args.after),
        &DiffOptions::from(args),
    )?;
    if args.watch.watch {
        let source = crate::live::Source::Diff {
            before: args.before.clone(),
            after: args.after.clone(),
            normalize: args.normalize,
        };
        app.status = watch_note(&source, &args.watch).or(app.status);
        app.watch = Some(watch_state(source, None, &args.watch));
    }
    show_explorer(
        app,
        first,
        args.snapshot,
        "diff needs a terminal (use --snapshot COLSxROWS, or `perftui top --diff-base`)",
    )
}

/// `perftui diff runA/ runB/`: the summary of the paired files.
fn run_runs(args: &DiffArgs) -> Result<ExitCode, CliError> {
    use crate::io::terminal::Opened;
    let (before, after) = (
        std::path::Path::new(&args.before),
        std::path::Path::new(&args.after),
    );
    let pairs = crate::runs::pair(before, after).map_err(CliError::Message)?;
    let title = format!("{} → {}", args.before, args.after);
    let mut app = crate::app::runs::RunsApp::new(pairs, title);
    if let Some((w, h)) = args.snapshot {
        write_out(&crate::io::terminal::runs_snapshot(&mut app, w, h))?;
        return Ok(ExitCode::SUCCESS);
    }
    if !std::io::stdout().is_terminal() {
        return Err(CliError::Message(
            "diff needs a terminal (use --snapshot COLSxROWS)".to_string(),
        ));
    }
    let opts = DiffOptions::from(args);
    let open = |p: &crate::runs::RunPair, focus: Option<&str>| -> Result<Opened, String> {
        match &p.kind {
            crate::runs::PairKind::Bench(_) => {
                let files = [
                    p.before.display().to_string(),
                    p.after.display().to_string(),
                ];
                let tables = crate::runs::bench_tables(&files)?;
                let title = format!("{} → {}", files[0], files[1]);
                let mut b = crate::app::bench::BenchApp::new(tables, title);
                // From here, C and M open the runs' profile diffs.
                b.profile_links = true;
                Ok(Opened::Bench(Box::new(b)))
            }
            _ => {
                let (mut app, mut job) =
                    profile_diff_app(&p.before, &p.after, &opts).map_err(|e| e.to_string())?;
                if let Some(name) = focus {
                    job = focus_on_benchmark(&mut app, name).unwrap_or(job);
                }
                Ok(Opened::Profile(Box::new(app), job))
            }
        }
    };
    crate::io::terminal::run_runs(app, &open)
        .map_err(|e| CliError::Message(format!("terminal: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

/// Focuses a run's profile diff on a benchmark's function when the
/// profile has it; the new first job, or `None` when it has not.
fn focus_on_benchmark(app: &mut App, benchmark: &str) -> Option<crate::app::Job> {
    use crate::app::analysis::{FilterKind, FilterStep};
    let regex = Regex::new(&crate::runs::benchmark_focus(benchmark)?).ok()?;
    let p = &app.profile;
    if !p.functions.iter().any(|f| regex.is_match(p.str(f.name))) {
        return None;
    }
    app.filters.push(FilterStep {
        kind: FilterKind::Focus,
        regex,
    });
    Some(app.analysis_job())
}

/// How to diff two profiles.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// `--sample-index`.
    pub sample_index: Option<String>,
    /// `--normalize`.
    pub normalize: bool,
    /// `--granularity`.
    pub granularity: Granularity,
}

impl From<&DiffArgs> for DiffOptions {
    fn from(a: &DiffArgs) -> Self {
        DiffOptions {
            sample_index: a.sample_index.clone(),
            normalize: a.normalize,
            granularity: a.granularity,
        }
    }
}

/// The name a file is shown by: its file name.
fn short_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Loads two profiles and makes the diff explorer over them (pprof
/// `-diff_base BEFORE AFTER`), with its first analysis to run.
pub fn profile_diff_app(
    before: &std::path::Path,
    after: &std::path::Path,
    opts: &DiffOptions,
) -> Result<(App, crate::app::Job), CliError> {
    let load = |p: &std::path::Path| -> Result<Profile, CliError> {
        let s = p.to_string_lossy();
        if crate::live::is_url(&s) {
            crate::live::fetch(&s).map_err(CliError::Message)
        } else {
            Ok(formats::load_file(p)?)
        }
    };
    let (b, a) = std::thread::scope(|s| {
        let b = s.spawn(|| load(before));
        let a = load(after);
        (b.join(), a)
    });
    let b = b.map_err(|_| CliError::Message(format!("{}: reader failed", before.display())))??;
    let a = a?;
    let merged = merge::diff_base(a, b, opts.normalize).map_err(|e| {
        CliError::File(FileError {
            file: format!("{} and {}", before.display(), after.display()),
            error: LoadError::Incompatible(e),
        })
    })?;
    let (mut before_name, mut after_name) = (short_name(before), short_name(after));
    if before_name == after_name {
        // runA/cpu.pb.gz against runB/cpu.pb.gz: the paths tell them apart.
        before_name = before.display().to_string();
        after_name = after.display().to_string();
    }
    App::new_diff(
        merged,
        before_name,
        after_name,
        opts.sample_index.as_deref(),
        opts.granularity,
    )
    .map_err(CliError::Message)
}

/// The interactive benchmark table (or its first screen with a snapshot).
fn run_bench_view(
    files: &[String],
    snapshot: Option<(u16, u16)>,
    watch: &WatchArgs,
) -> Result<ExitCode, CliError> {
    let (tables, loaded) = bench_tables(files, &crate::bench::table::Options::default())?;
    let title = crate::bench::formats::inputs(files)
        .iter()
        .map(|i| i.label.clone())
        .collect::<Vec<_>>()
        .join(" vs ");
    let mut app = crate::app::bench::BenchApp::new(tables, title);
    if watch.watch {
        app.watch = Some(crate::app::bench::BenchWatch::new(
            files.to_vec(),
            watch.every,
        ));
    }
    let warnings = loaded.errors.len();
    if warnings > 0 {
        app.status = Some(format!(
            "{warnings} malformed line(s) skipped; `perftui bench` lists them"
        ));
    }
    if let Some((w, h)) = snapshot {
        for e in &loaded.errors {
            eprintln!("{e}");
        }
        write_out(&crate::io::terminal::bench_snapshot(&mut app, w, h))?;
        return Ok(ExitCode::SUCCESS);
    }
    if !std::io::stdout().is_terminal() {
        return Err(CliError::Message(
            "the benchmark view needs a terminal (use --snapshot COLSxROWS, or `perftui bench`)"
                .to_string(),
        ));
    }
    crate::io::terminal::run_bench(app).map_err(|e| CliError::Message(format!("terminal: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

/// The first chart of `kind` that the tables allow (in table and row
/// order), as SVG.
fn write_chart(
    tables: &crate::bench::table::Tables,
    kind: ChartArg,
    output: Option<&std::path::Path>,
) -> Result<ExitCode, CliError> {
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
        return Err(CliError::Message(format!(
            "no chart: the results have no {what}"
        )));
    };
    let svg = chart::to_svg(&c);
    match output {
        Some(path) => std::fs::write(path, svg)
            .map_err(|e| CliError::Message(format!("{}: {e}", path.display())))?,
        None => write_out(&svg)?,
    }
    Ok(ExitCode::SUCCESS)
}
