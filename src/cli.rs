//! The command line: clap's definitions and value parsers, nothing else.
//! Each subcommand's handler is a module of [`crate::commands`]; the
//! library's own enums stay free of clap through the `…Arg` enums here and
//! their `From` conversions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::profile::frames::Granularity;
use crate::report::Format;

/// `--granularity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum GranularityArg {
    /// One node per function name (pprof's default).
    #[default]
    Functions,
    /// One node per source file.
    Files,
    /// One node per function and source line.
    Lines,
    /// One node per instruction address (pprof -addresses).
    Addresses,
}

impl From<GranularityArg> for Granularity {
    fn from(g: GranularityArg) -> Self {
        match g {
            GranularityArg::Functions => Granularity::Functions,
            GranularityArg::Files => Granularity::Files,
            GranularityArg::Lines => Granularity::Lines,
            GranularityArg::Addresses => Granularity::Addresses,
        }
    }
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum FormatArg {
    /// Human-readable, as the reference tool prints it.
    #[default]
    Text,
    /// Comma-separated values with raw numbers.
    Csv,
    /// JSON with raw numbers and units.
    Json,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
        }
    }
}

/// perftui: where does the time go, and did my change make it better?
#[derive(Debug, Parser)]
#[command(name = "perftui", version, about, long_about = None)]
pub struct Cli {
    /// What to do; without one, the built-in demo profile is shown.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Refuse profiles larger than this, decompressed (e.g. 512M, 2G; a
    /// guard against gzip bombs).
    #[arg(long, global = true, value_name = "SIZE", value_parser = parse_bytes, default_value = "256M")]
    pub max_size: u64,
    /// Read every profile with this reader instead of detecting the
    /// format (pprof, folded, perf-script, goroutine-dump, cpuprofile, …;
    /// an unknown name lists them all).
    #[arg(long, global = true, value_name = "NAME")]
    pub input_format: Option<String>,
    /// The tenant of pyroscope:// sources (sent as X-Scope-OrgID).
    #[arg(long, global = true, value_name = "ID", env = "PERFTUI_TENANT")]
    pub tenant: Option<String>,
    /// A bearer token for parca:// and pyroscope:// sources (user:pass@ in
    /// the URL sends basic auth instead).
    #[arg(
        long,
        global = true,
        value_name = "TOKEN",
        env = "PERFTUI_TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,
}

/// The largest `--max-size`: far beyond any profile, and small enough that
/// no arithmetic on it can wrap.
pub const MAX_SIZE_LIMIT: u64 = 1 << 40;

/// `512M`, `2G`, `4096`: a size in bytes.
pub fn parse_bytes(s: &str) -> Result<u64, String> {
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
        .filter(|&b| b > 0 && b <= MAX_SIZE_LIMIT)
        .ok_or_else(|| format!("size {s:?} is out of range (1 byte to 1T)"))
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
    Fold(ProfileFilesArgs),
    /// Print every label key with its values and their share, as
    /// `go tool pprof -tags`.
    Tags(ProfileFilesArgs),
    /// Print every sample's stack with its labels and value, as
    /// `go tool pprof -traces`.
    Traces(ProfileFilesArgs),
    /// Print the callers and callees of the functions matching a regex, as
    /// `go tool pprof -peek`.
    Peek(PeekArgs),
    /// Print the source lines of the functions matching a regex with their
    /// flat and cum, as `go tool pprof -list`.
    List(ListArgs),
    /// Write the merged, filtered or diffed profile as pprof protobuf, for
    /// `go tool pprof` or a profiling service (pprof -proto).
    Export(ExportArgs),
    /// Write a flame graph as SVG (through inferno); with --diff-base, a
    /// differential one.
    Flamegraph(FlamegraphArgs),
    /// Summarise and compare benchmark results as benchstat does; gate CI
    /// on regressions.
    #[command(after_help = BENCH_EXIT_STATUS)]
    Bench(BenchArgs),
    /// Compare two runs: two profiles (differential flame graph, delta
    /// table, side by side), two benchmark files (benchstat's comparison),
    /// or two run directories (their files paired by name).
    Diff(DiffArgs),
    /// Run a benchmark command on a baseline revision and on the working
    /// tree, interleaved, and compare them as benchstat does; gate CI.
    #[command(after_help = RUN_HELP)]
    Run(RunArgs),
    /// Store profile files in a fleet's profile store (a Parca server:
    /// `parca://HOST:PORT`), each under the given labels, to be queried
    /// back with a `parca://` source.
    Push(PushArgs),
}

/// `perftui run`'s help after the options.
pub const RUN_HELP: &str = "The command prints benchmark results in any format perftui reads (go test -bench, cargo bench, hyperfine --export-json). A `go test` command is built once per side (go test -c) and its binaries run one round at a time. Example, in CI:
  perftui run --baseline origin/main --no-tui --fail-on-regression 5% -- go test -run='^$' -bench=. ./...

Live view: p pauses after the run going now, C/M open the CPU/memory profile diffs (--profile), q stops. With --watch, every edit of the working tree runs another set, compared with the baseline and with the set before.

Exit status: 0 passed (or no gate; --watch stopped while waiting for an edit), 1 a run failed, was stopped mid-run or nothing compared, 2 usage error, 3 regression found, 128+N ended by signal N in the live view.";

/// `perftui run --profile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RunProfileArg {
    /// `-test.cpuprofile`.
    Cpu,
    /// `-test.memprofile`.
    Mem,
}

impl RunProfileArg {
    /// The `-test.KINDprofile` flag's kind.
    pub fn kind(self) -> &'static str {
        match self {
            RunProfileArg::Cpu => "cpu",
            RunProfileArg::Mem => "mem",
        }
    }
}

/// `perftui run`.
#[derive(Debug, Args, Clone)]
pub struct RunArgs {
    /// The git revision to compare with: checked out in a temporary
    /// worktree (removed afterwards), run interleaved with the working tree.
    #[arg(long, value_name = "REV", required_unless_present = "against")]
    pub baseline: Option<String>,
    /// Compare with saved results instead: a benchmark file, or a
    /// directory that --save wrote; only the working tree runs.
    #[arg(long, value_name = "FILE|DIR", conflicts_with = "baseline")]
    pub against: Option<String>,
    /// Runs per side.
    #[arg(long, default_value_t = 10, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub count: u32,
    /// Run up to MAX rounds, stopping once every benchmark differs
    /// significantly; the α is split over the looks (Bonferroni), so the
    /// false-positive rate stays at most --alpha. Replaces --count.
    #[arg(long, value_name = "MAX", conflicts_with = "count", value_parser = clap::value_parser!(u32).range(2..=10_000))]
    pub until_significant: Option<u32>,
    /// The significance level.
    #[arg(long, default_value_t = crate::bench::stats::DEFAULT_ALPHA, value_name = "ALPHA")]
    pub alpha: f64,
    /// Keep the results in DIR as they arrive: DIR/baseline/bench.txt and
    /// DIR/working/bench.txt (with the profiles), two run directories for
    /// `perftui diff DIR/baseline DIR/working`.
    #[arg(long, value_name = "DIR")]
    pub save: Option<std::path::PathBuf>,
    /// `go test` only: each run also writes these profiles; each side's are
    /// merged after every round into DIR/SIDE/cpu.pb.gz and mem.pb.gz (`C`
    /// and `M` open their diff in the live view; --no-tui needs --save).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "KIND")]
    pub profile: Vec<RunProfileArg>,
    /// After the rounds, run the working tree again whenever its source
    /// changes (ignoring .git, target/ and the run directories), keeping
    /// the baseline's results: each new round is compared with the
    /// baseline and with the round before. Ends with q or Ctrl-C.
    #[arg(long, conflicts_with_all = ["fail_on_regression", "until_significant"])]
    pub watch: bool,
    /// Print the comparison instead of opening it (progress on stderr).
    #[arg(long)]
    pub no_tui: bool,
    /// Log every run, in the order they ran.
    #[arg(long, short)]
    pub verbose: bool,
    /// How the comparison is printed with --no-tui.
    #[arg(long, value_enum, default_value_t = BenchFormatArg::Text)]
    pub format: BenchFormatArg,
    /// Fail (exit 3) when a benchmark is significantly worse by more than
    /// PCT percent, as `perftui bench --fail-on-regression`.
    #[arg(long, value_name = "PCT", value_parser = parse_threshold, allow_hyphen_values = true)]
    pub fail_on_regression: Option<f64>,
    /// With --fail-on-regression: a benchmark missing from one side is a
    /// note, not a failure.
    #[arg(long, requires = "fail_on_regression")]
    pub allow_missing: bool,
    /// The benchmark command and its arguments, after `--`.
    #[arg(required = true, last = true, value_name = "COMMAND")]
    pub command: Vec<String>,
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
    #[arg(long, value_enum, default_value_t = GranularityArg::Functions)]
    pub granularity: GranularityArg,
    /// Print the first screen as text at this size and exit.
    #[arg(long, value_name = "COLSxROWS", value_parser = parse_size)]
    pub snapshot: Option<(u16, u16)>,
    /// Run directories or benchmark files: print the comparison in this
    /// format instead of opening it (markdown: for a pull-request comment).
    #[arg(long, value_enum, conflicts_with_all = ["snapshot", "watch"])]
    pub format: Option<DiffFormatArg>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub watch: WatchArgs,
}

/// `perftui diff --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormatArg {
    /// GitHub-flavoured Markdown: the summary table, then each benchmark
    /// pair's comparison.
    Markdown,
}

/// `perftui bench --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum BenchFormatArg {
    /// benchstat's text report.
    #[default]
    Text,
    /// benchstat's CSV.
    Csv,
    /// JSON with raw numbers and units.
    Json,
    /// A GitHub-flavoured Markdown table, with the gate's verdict.
    Markdown,
}

/// The exit statuses of `perftui bench`, for `--help`.
pub const BENCH_EXIT_STATUS: &str = "Exit status: 0 passed (or no gate), 1 input error or \
nothing compared, 2 usage error, 3 regression found.";

/// `--fail-on-regression`: a percentage, `5` or `5%`, from 0 to 1000.
pub fn parse_threshold(s: &str) -> Result<f64, String> {
    let t = s.trim();
    let num = t.strip_suffix('%').unwrap_or(t).trim();
    let v: f64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a percentage (write 5 or 5%)"))?;
    if !v.is_finite() || !(0.0..=1000.0).contains(&v) {
        return Err(format!(
            "{s:?} is not a threshold: give a percentage from 0 to 1000"
        ));
    }
    Ok(v)
}

/// `perftui bench`.
#[derive(Debug, Args, Clone)]
pub struct BenchArgs {
    /// Benchmark files (`go test -bench` text or -json, criterion
    /// directories, hyperfine or Google Benchmark JSON, libtest text), each
    /// optionally `label=path`. Later files are compared with the first.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// Output format: benchstat's text or CSV, JSON, or a GitHub Markdown
    /// table (for a pull-request comment, with the gate's verdict).
    #[arg(long, value_enum, default_value_t = BenchFormatArg::Text)]
    pub format: BenchFormatArg,
    /// Split results into tables by these keys.
    #[arg(
        long,
        default_value = ".config",
        value_name = "KEYS",
        allow_hyphen_values = true
    )]
    pub table: String,
    /// Split results into rows by these keys.
    #[arg(
        long,
        default_value = ".fullname",
        value_name = "KEYS",
        allow_hyphen_values = true
    )]
    pub row: String,
    /// Compare across columns split by these keys.
    #[arg(
        long,
        default_value = ".file",
        value_name = "KEYS",
        allow_hyphen_values = true
    )]
    pub col: String,
    /// Ignore variation in these keys.
    #[arg(
        long,
        default_value = "",
        value_name = "KEYS",
        allow_hyphen_values = true
    )]
    pub ignore: String,
    /// Use only results matching this benchstat filter, e.g. '.name:Sum
    /// .unit:B/op' ('-.unit:B/op' negates, as in benchstat).
    #[arg(
        long,
        default_value = "*",
        value_name = "QUERY",
        allow_hyphen_values = true
    )]
    pub filter: String,
    /// A change is significant when p < ALPHA.
    #[arg(long, default_value_t = crate::bench::stats::DEFAULT_ALPHA, value_name = "ALPHA")]
    pub alpha: f64,
    /// Confidence level of the ± ranges.
    #[arg(long, default_value_t = crate::bench::stats::DEFAULT_CONFIDENCE, value_name = "LEVEL")]
    pub confidence: f64,
    /// Gate CI: exit 3 when any benchmark got significantly worse by more
    /// than PCT percent (`5` or `5%`). Worse is up for time, B/op and
    /// allocs/op, down for throughput (B/s), or as a `Unit NAME
    /// better=higher|lower` line says. Comparing nothing fails (exit 1):
    /// an empty or non-benchmark file, all values NaN, a benchmark of the
    /// baseline missing from a later file.
    #[arg(long, value_name = "PCT", value_parser = parse_threshold, allow_hyphen_values = true)]
    pub fail_on_regression: Option<f64>,
    /// With --fail-on-regression: a benchmark of the baseline missing from
    /// a later file is noted, not a failure.
    #[arg(long, requires = "fail_on_regression")]
    pub allow_missing: bool,
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
    /// Drop the frames above the root-most one matching this regex, and
    /// samples without one (pprof -show_from).
    #[arg(long, value_name = "RE")]
    pub show_from: Option<String>,
    /// Count inlined calls as their caller's time (pprof -noinlines).
    #[arg(long)]
    pub noinlines: bool,
    /// One node per instruction address: --granularity addresses (pprof
    /// -addresses).
    #[arg(long)]
    pub addresses: bool,
    /// Keep only samples with a label matching: `[key=]RE[,RE...]` or a
    /// numeric range such as `bytes=1kb:16kb`, `1mb:`, `:64kb` (pprof -tagfocus).
    #[arg(long, value_name = "[KEY=]VALUE")]
    pub tagfocus: Option<String>,
    /// Drop samples with a label matching, as --tagfocus (pprof -tagignore).
    #[arg(long, value_name = "[KEY=]VALUE")]
    pub tagignore: Option<String>,
    /// Keep only labels whose key matches this regex (pprof -tagshow).
    #[arg(long, value_name = "RE")]
    pub tagshow: Option<String>,
    /// Drop labels whose key matches this regex (pprof -taghide).
    #[arg(long, value_name = "RE")]
    pub taghide: Option<String>,
    /// Put frames of these labels' values above every stack, the first key
    /// outermost: group by label (pprof -tagroot).
    #[arg(long, value_name = "KEY[,KEY...]")]
    pub tagroot: Option<String>,
    /// Put frames of these labels' values below every stack's leaf (pprof
    /// -tagleaf).
    #[arg(long, value_name = "KEY[,KEY...]")]
    pub tagleaf: Option<String>,
    /// Group frames by function, file or line.
    #[arg(long, value_enum, default_value_t = GranularityArg::Functions)]
    pub granularity: GranularityArg,
    /// Subtract this profile (pprof -diff_base): percentages are relative to it.
    #[arg(long, value_name = "FILE")]
    pub diff_base: Option<String>,
    /// Subtract this profile without making it the reference (pprof -base).
    #[arg(long, value_name = "FILE", conflicts_with = "diff_base")]
    pub base: Option<String>,
    /// With a base: scale the profile to the base's total first (pprof -normalize).
    #[arg(long)]
    pub normalize: bool,
}

impl ProfileArgs {
    /// The granularity asked for (`--addresses` is short for
    /// `--granularity addresses`).
    pub fn granularity(&self) -> Granularity {
        if self.addresses {
            Granularity::Addresses
        } else {
            self.granularity.into()
        }
    }
}

/// How pprof's text reports select and print nodes.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Print values in this unit (ms, s, MB, kB, …) instead of the one pprof
    /// picks (pprof -unit).
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,
    /// Drop nodes whose cumulative share is below this (pprof -nodefraction).
    #[arg(long, value_name = "F", default_value_t = 0.005)]
    pub nodefraction: f64,
    /// Drop edges whose share is below this (pprof -edgefraction).
    #[arg(long, value_name = "F", default_value_t = 0.001)]
    pub edgefraction: f64,
    /// Mean value per sample of the first type: mean delay of a mutex or
    /// block profile (pprof -mean).
    #[arg(long)]
    pub mean: bool,
    /// Leave out nodes with negative values, in diffs (pprof -drop_negative).
    #[arg(long)]
    pub drop_negative: bool,
    /// Percentages of what the filters kept, not of the whole profile
    /// (pprof -relative_percentages).
    #[arg(long)]
    pub relative_percentages: bool,
}

impl Default for ReportArgs {
    /// pprof's defaults, as the flags have them.
    fn default() -> Self {
        ReportArgs {
            unit: None,
            nodefraction: 0.005,
            edgefraction: 0.001,
            mean: false,
            drop_negative: false,
            relative_percentages: false,
        }
    }
}

/// `perftui top`.
#[derive(Debug, Args)]
pub struct TopArgs {
    /// Profile files (several are merged).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// Show at most N rows (pprof -nodecount); all by default.
    #[arg(short = 'n', long = "nodecount", value_name = "N")]
    pub node_count: Option<usize>,
    /// Sort by cumulative value.
    #[arg(long)]
    pub cum: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub report: ReportArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub profile: ProfileArgs,
}

/// `perftui open`.
#[derive(Debug, Args)]
pub struct OpenArgs {
    /// Profile files (several are merged); the built-in demo when none.
    #[arg(value_name = "FILE")]
    pub files: Vec<String>,
    /// Sample type to show first, by name (e.g. alloc_space) or index.
    #[arg(long, value_name = "NAME|N")]
    pub sample_index: Option<String>,
    /// Group frames by function, file or line.
    #[arg(long, value_enum, default_value_t = GranularityArg::Functions)]
    pub granularity: GranularityArg,
    /// Print the first screen as text at this size (e.g. 120x40) and exit,
    /// without a terminal: for scripts, docs and benchmarks.
    #[arg(long, value_name = "COLSxROWS", value_parser = parse_size)]
    pub snapshot: Option<(u16, u16)>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub source: SourceArgs,
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
    if secs > 86_400.0 {
        return Err(format!("{s:?} is too long (at most 24h)"));
    }
    Ok(std::time::Duration::from_secs_f64(secs))
}

/// `120x40`: a screen size.
pub fn parse_size(s: &str) -> Result<(u16, u16), String> {
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
    if w > 1000 || h > 1000 {
        return Err(format!("{s:?} is too large (at most 1000x1000)"));
    }
    Ok((w, h))
}

/// `perftui fold`, `tags`, `traces`: profile files and the shared options.
#[derive(Debug, Args)]
pub struct ProfileFilesArgs {
    /// Profile files (several are merged).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub profile: ProfileArgs,
}

/// `perftui peek`.
#[derive(Debug, Args)]
pub struct PeekArgs {
    /// Go regex matched against each node's printed name.
    #[arg(value_name = "REGEX")]
    pub pattern: String,
    /// Profile files (several are merged).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// Order the functions by cumulative value.
    #[arg(long)]
    pub cum: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub report: ReportArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub profile: ProfileArgs,
}

/// `perftui list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Go regex matched against function names.
    #[arg(value_name = "REGEX")]
    pub pattern: String,
    /// Profile files (several are merged).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub source: SourceArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub report: ReportArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub profile: ProfileArgs,
}

/// Where source files are looked for (`list`, the TUI's source pane).
#[derive(Debug, Args, Default, Clone)]
pub struct SourceArgs {
    /// `:`-separated directories to look for source files in, and their
    /// parents (pprof -source_path); the current directory by default.
    #[arg(long, value_name = "DIRS")]
    pub source_path: Option<String>,
    /// `:`-separated prefixes to cut from the profile's file paths before
    /// looking (pprof -trim_path).
    #[arg(long, value_name = "PREFIXES")]
    pub trim_path: Option<String>,
}

/// `perftui push`.
#[derive(Debug, Args)]
pub struct PushArgs {
    /// The store: `parca://[USER:PASSWORD@]HOST[:PORT]`.
    #[arg(value_name = "STORE")]
    pub store: String,
    /// A label of the series the profiles go into (repeatable):
    /// `--label job=api --label instance=a`.
    #[arg(long = "label", value_name = "KEY=VALUE", value_parser = parse_label)]
    pub labels: Vec<(String, String)>,
    /// The profile name (`__name__`) the store files them under; by
    /// default `process_cpu`, `memory`, `block` or `goroutine`, from the
    /// sample types, as Parca's own scrapes name them.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Store each profile at this time instead of the time it was made
    /// (`now`, `now-30m`, RFC 3339, Unix seconds; a profile without a time
    /// is stored now).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<crate::fleet::TimeSpec>,
    /// Profile files (any format perftui reads; each is sent as pprof).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
}

fn parse_time(s: &str) -> Result<crate::fleet::TimeSpec, String> {
    crate::fleet::TimeSpec::parse(s)
}

/// `KEY=VALUE`, with a key as Prometheus labels have them.
fn parse_label(s: &str) -> Result<(String, String), String> {
    let (k, v) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?} is not KEY=VALUE"))?;
    let valid = k
        .chars()
        .enumerate()
        .all(|(i, c)| c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit()));
    if k.is_empty() || !valid || k.starts_with("__") {
        return Err(format!(
            "{k:?} is not a label name (letters, digits and _, not starting with a digit or __)"
        ));
    }
    Ok((k.to_string(), v.to_string()))
}

/// `perftui export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Where to write it (`-` for standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// What to write: a gzipped pprof protobuf (pprof -proto), speedscope's
    /// JSON (every sample type a profile; --sample-index opens first) or
    /// folded stacks of the --sample-index type.
    #[arg(long, value_enum, default_value_t = ExportFormat::Pprof)]
    pub format: ExportFormat,
    /// Profile files (several are merged).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub profile: ProfileArgs,
}

/// The formats `perftui export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// pprof's gzipped `profile.proto`.
    Pprof,
    /// speedscope's file format (JSON).
    Speedscope,
    /// Folded stacks (`root;...;leaf COUNT`).
    Folded,
}

/// `perftui flamegraph`.
#[derive(Debug, Args)]
pub struct FlamegraphArgs {
    /// Profile files (several are merged); with --diff-base, AFTER.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
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
