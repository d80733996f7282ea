//! The subcommands, one module each. A handler takes its parsed arguments,
//! loads its inputs through the one [`Loader`], and either prints a report
//! or hands a screen to the runtime.

mod bench;
mod diff;
mod export;
mod flamegraph;
mod fold;
mod labels;
mod list;
mod open;
mod peek;
mod progress_bar;
mod push;
mod run;
mod run_watch;
mod top;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use crate::goregex::GoRegex;

use crate::cli::{Cli, Command, OpenArgs, ProfileArgs, TopArgs, WatchArgs};
use crate::input::{BaseKind, InputError, Loader};
use crate::profile::filter::Filters;
use crate::profile::tags::{KeyFilter, TagFilter};
use crate::profile::Profile;
use crate::tui::runtime::{self, Options};
use crate::tui::Screen;

/// A failure of a subcommand: printed as `perftui: <message>`, exit 1.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// An input could not be loaded.
    #[error("{0}")]
    Input(#[from] InputError),
    /// Anything else, already worded for the user.
    #[error("{0}")]
    Message(String),
}

/// Runs the command line; returns the exit code.
pub fn run(cli: Cli) -> Result<ExitCode, CommandError> {
    progress_bar::start();
    let ran = dispatch(cli);
    progress_bar::stop();
    ran
}

fn dispatch(cli: Cli) -> Result<ExitCode, CommandError> {
    let format = match cli.input_format.as_deref() {
        Some(id) => Some(crate::formats::Kind::from_id(id).map_err(CommandError::Message)?),
        None => None,
    };
    let loader = Loader {
        max_size: cli.max_size,
        format,
        print_warnings: true,
        // Leaked once: they live as long as the run, and keep the loader Copy.
        fleet: crate::fleet::Credentials {
            tenant: cli.tenant.clone().map(|t| &*t.leak()),
            token: cli.token.clone().map(|t| &*t.leak()),
        },
    };
    match cli.command {
        // Piped, the demo prints its top table instead of drawing a UI.
        None if !std::io::stdout().is_terminal() => top::run(
            &TopArgs {
                files: Vec::new(),
                node_count: Some(20),
                cum: false,
                format: crate::cli::FormatArg::Text,
                report: crate::cli::ReportArgs::default(),
                profile: ProfileArgs::default(),
            },
            &loader,
        ),
        None => open::run(
            &OpenArgs {
                files: Vec::new(),
                sample_index: None,
                granularity: crate::cli::GranularityArg::Functions,
                snapshot: None,
                source: Default::default(),
                watch: WatchArgs::default(),
            },
            &loader,
        ),
        Some(Command::Open(args)) => open::run(&args, &loader),
        Some(Command::Top(args)) => top::run(&args, &loader),
        Some(Command::Fold(args)) => fold::run(&args, &loader),
        Some(Command::Tags(args)) => labels::run(labels::Report::Tags, &args, &loader),
        Some(Command::Traces(args)) => labels::run(labels::Report::Traces, &args, &loader),
        Some(Command::Peek(args)) => peek::run(&args, &loader),
        Some(Command::List(args)) => list::run(&args, &loader),
        Some(Command::Export(args)) => export::run(&args, &loader),
        Some(Command::Flamegraph(args)) => flamegraph::run(&args, &loader),
        Some(Command::Bench(args)) => bench::run(&args, &loader),
        Some(Command::Diff(args)) => diff::run(&args, &loader),
        Some(Command::Run(args)) => run::run(&args, &loader),
        Some(Command::Push(args)) => push::run(&args, &loader),
    }
}

fn compile(name: &str, re: &Option<String>) -> Result<Option<GoRegex>, CommandError> {
    re.as_deref()
        .map(|s| {
            crate::goregex::compile(s)
                .map_err(|e| CommandError::Message(format!("invalid --{name} regex {s:?}: {e}")))
        })
        .transpose()
}

/// The filters of the command-line options.
fn filters(args: &ProfileArgs) -> Result<Filters, CommandError> {
    let tag = |name: &str, value: &Option<String>| -> Result<Option<TagFilter>, CommandError> {
        let Some(value) = value else {
            return Ok(None);
        };
        let (filter, note) = TagFilter::parse(name, value).map_err(CommandError::Message)?;
        if let Some(note) = note {
            eprintln!("perftui: {note}");
        }
        Ok(Some(filter))
    };
    Ok(Filters {
        focus: compile("focus", &args.focus)?,
        ignore: compile("ignore", &args.ignore)?,
        hide: compile("hide", &args.hide)?,
        show: compile("show", &args.show)?,
        show_from: compile("show_from", &args.show_from)?,
        tagfocus: tag("tagfocus", &args.tagfocus)?,
        tagignore: tag("tagignore", &args.tagignore)?,
        tags: KeyFilter {
            show: compile("tagshow", &args.tagshow)?,
            hide: compile("taghide", &args.taghide)?,
        },
    })
}

/// What [`pick_and_filter`] chose.
struct Picked {
    /// The sample type.
    index: usize,
    /// The filtered copy of the profile, when filters are set.
    filtered: Option<Profile>,
    /// The filters, as pprof lists them under `Active filters:`.
    active: Vec<String>,
}

/// The sample type the options pick (its note on stderr), with
/// `--tagroot`/`--tagleaf` frames (numbers in `unit`), and, when
/// filters are set, the filtered copy of `profile` (notes for filters that
/// matched nothing on stderr, as pprof prints them).
fn pick_and_filter(
    profile: &Profile,
    args: &ProfileArgs,
    unit: Option<&str>,
) -> Result<Picked, CommandError> {
    // --unit also scales the numbers of --tagroot/--tagleaf frames, as in pprof.
    let labelled = with_label_frames(profile, args, unit.unwrap_or("minimum"));
    let choice = crate::profile::select::sample_index(
        profile,
        args.sample_index.as_deref(),
        crate::profile::select::WhenEmpty::KeepPprofs,
    )
    .map_err(CommandError::Message)?;
    if let Some(n) = &choice.note {
        eprintln!("perftui: {n}");
    }
    let f = filters(args)?;
    let active = f.describe();
    let mut filtered = labelled;
    if !f.is_empty() {
        let (p, matched) = crate::profile::filter::apply(filtered.as_ref().unwrap_or(profile), &f);
        for n in f.unmatched(&matched) {
            eprintln!("perftui: {n}");
        }
        filtered = Some(p);
    }
    // As pprof, filters see the inlined frames; the report does not.
    if args.noinlines {
        let p = filtered.as_ref().unwrap_or(profile);
        filtered = Some(crate::profile::aggregate::without_inlines(p));
    }
    Ok(Picked {
        index: choice.index,
        filtered,
        active,
    })
}

/// `--tagroot`/`--tagleaf`'s frames added (notes for keys no sample has on
/// stderr), or `None` when neither is set.
fn with_label_frames(profile: &Profile, args: &ProfileArgs, unit: &str) -> Option<Profile> {
    let keys = |s: &Option<String>| -> Vec<String> {
        s.as_deref()
            .unwrap_or("")
            .split(',')
            .filter(|k| !k.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (roots, leaves) = (keys(&args.tagroot), keys(&args.tagleaf));
    if roots.is_empty() && leaves.is_empty() {
        return None;
    }
    let (p, root_matched, leaf_matched) =
        crate::profile::label_frames::add_label_frames(profile, &roots, &leaves, unit);
    for (set, matched, what) in [
        (args.tagroot.is_some(), root_matched, "tagroot"),
        (args.tagleaf.is_some(), leaf_matched, "tagleaf"),
    ] {
        if set && !matched {
            eprintln!("perftui: {what} expression matched no samples");
        }
    }
    Some(p)
}

/// pprof's node selection for the report options.
fn graph_options(
    index: usize,
    cum: bool,
    node_count: Option<usize>,
    report: &crate::cli::ReportArgs,
) -> crate::profile::graph::GraphOptions {
    crate::profile::graph::GraphOptions {
        sample_index: index,
        cum_sort: cum,
        node_count,
        node_fraction: report.nodefraction,
        edge_fraction: report.edgefraction,
        mean_divisor: report.mean.then_some(0),
        drop_negative: report.drop_negative,
        inline_labels: true,
    }
}

/// `--diff-base` or `--base`, whichever is given.
fn base(args: &ProfileArgs) -> Option<(&str, BaseKind)> {
    match (&args.diff_base, &args.base) {
        (Some(b), _) => Some((b.as_str(), BaseKind::DiffBase)),
        (None, Some(b)) => Some((b.as_str(), BaseKind::Base)),
        (None, None) => None,
    }
}

/// Writes to standard output; a pipe closed by its reader (`| head`) is not
/// an error, a closed standard output (`>&-`) is.
fn write_out(s: &str) -> Result<(), CommandError> {
    let fail = |e: String| CommandError::Message(format!("writing output: {e}"));
    if stdout_was_closed() {
        return Err(fail("standard output is closed".to_string()));
    }
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    match lock.write_all(s.as_bytes()).and_then(|_| lock.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(fail(e.to_string())),
    }
}

/// Whether perftui was started with standard output closed (`>&-`). Rust's
/// runtime then opens `/dev/null` read-write in its place before `main`, so
/// every write would quietly succeed; a shell's `>/dev/null` opens it
/// write-only, which tells the two apart (Linux's `/proc`; elsewhere this
/// cannot be told and is taken as open).
fn stdout_was_closed() -> bool {
    let Ok(target) = std::fs::read_link("/proc/self/fd/1") else {
        return false;
    };
    if target != std::path::Path::new("/dev/null") {
        return false;
    }
    let Ok(info) = std::fs::read_to_string("/proc/self/fdinfo/1") else {
        return false;
    };
    info.lines()
        .find_map(|l| l.strip_prefix("flags:"))
        .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
        .is_some_and(|flags| flags & 0o3 == 0o2)
}

/// Shows `screen` in the terminal, or prints its first screen with
/// `--snapshot`; `no_terminal` says what to do without a terminal.
fn show(
    mut screen: Box<dyn Screen>,
    snapshot: Option<(u16, u16)>,
    no_terminal: &str,
) -> Result<ExitCode, CommandError> {
    let options = Options::from_env();
    if let Some((w, h)) = snapshot {
        // The benchmarks' switch: the frame a user sees first, not the one
        // after the background work.
        let text = if std::env::var_os("PERFTUI_FIRST_FRAME").is_some_and(|v| v == "1") {
            runtime::first_frame(screen.as_mut(), w, h, options)
        } else {
            runtime::snapshot(screen.as_mut(), w, h, options)
        };
        write_out(&text)?;
        return Ok(ExitCode::SUCCESS);
    }
    if !std::io::stdout().is_terminal() {
        return Err(CommandError::Message(no_terminal.to_string()));
    }
    progress_bar::stop();
    runtime::run(screen, options).map_err(|e| CommandError::Message(format!("terminal: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

/// Shows `screen` in the terminal until the user leaves it or a
/// terminating signal arrives, which is returned (the caller cleans up and
/// exits with 128 + it).
fn show_until_signal(screen: Box<dyn Screen>) -> Result<Option<i32>, CommandError> {
    if !std::io::stdout().is_terminal() {
        return Err(CommandError::Message(
            "the live comparison needs a terminal (use --no-tui for a report)".into(),
        ));
    }
    progress_bar::stop();
    runtime::run_until_signal(screen, Options::from_env())
        .map_err(|e| CommandError::Message(format!("terminal: {e}")))
}

/// What `--watch` adds to an explorer over `source`.
fn watch_state(
    source: crate::input::Source,
    first_read: Option<std::sync::Arc<crate::profile::Profile>>,
    args: &WatchArgs,
    loader: &Loader,
) -> crate::explorer::state::WatchState {
    let mut w = crate::explorer::state::WatchState::new(source, first_read);
    w.every = args.every;
    w.loader = *loader;
    w
}

/// What to tell a user who watches a URL without `--every`: nothing
/// would ever change.
fn watch_note(
    source: &crate::input::Source,
    args: &WatchArgs,
) -> Option<crate::ui::widgets::status_bar::Status> {
    (source.has_urls() && args.every.is_none()).then(|| {
        crate::ui::widgets::status_bar::Status::note(
            "URLs are fetched again with --every (e.g. --every 30s); r fetches now",
        )
    })
}
