//! `perftui run`: the same benchmark command on two sides (a baseline
//! checkout and the working tree), interleaved A B B A …, so both see the
//! same drift of machine load, collected as benchmark results. Nothing here
//! knows about the terminal: progress goes to a callback.

pub mod gotest;
pub mod sequential;
pub mod worktree;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How one side runs its benchmarks.
#[derive(Debug, Clone)]
pub enum Runner {
    /// The user's command as it is, in `dir`.
    Command(Vec<String>),
    /// Prebuilt `go test` binaries, each in its package directory, with
    /// these flags (and `-test.count=1`).
    Binaries(Vec<(PathBuf, PathBuf)>, Vec<String>),
}

/// One side of the comparison.
#[derive(Debug, Clone)]
pub struct Side {
    /// Its column title (`HEAD~1`, `working tree`).
    pub label: String,
    /// Where the command runs.
    pub dir: PathBuf,
    /// What runs.
    pub runner: Runner,
    /// `go test` binaries only: the profiles each run writes (`cpu`,
    /// `mem`), into this directory as `KIND-RUN-BINARY.pprof`.
    pub profiles: Option<(Vec<&'static str>, PathBuf)>,
}

impl Side {
    /// The profiles of `kind` its runs wrote so far.
    pub fn profile_files(&self, kind: &str) -> Vec<PathBuf> {
        let Some((_, dir)) = &self.profiles else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|d| {
                d.flatten()
                    .map(|e| e.path())
                    .filter(|p| {
                        p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                            n.starts_with(&format!("{kind}-")) && n.ends_with(".pprof")
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }
}

/// What the rounds collected: each side's output, in run order.
#[derive(Debug, Default)]
pub struct Collected {
    /// Standard output of every run of each side, concatenated.
    pub outputs: Vec<Vec<u8>>,
    /// Runs finished.
    pub runs: usize,
    /// Stopped by a signal before the last round.
    pub stopped: bool,
}

/// A run that failed: which side, its exit status and the tail of stderr.
#[derive(Debug, thiserror::Error)]
#[error("{side}: {what}{tail}")]
pub struct RunFailed {
    /// The side's label.
    pub side: String,
    /// What happened, in one line.
    pub what: String,
    /// The last lines of stderr, each on a line of its own.
    pub tail: String,
}

/// Runs `count` rounds of the sides (two, or one against saved results),
/// alternating which goes first, and appends each run's output to its
/// `save` file as it arrives when asked.
/// `stop` (set by a signal) ends the rounds, killing the running command's
/// process group; `log` hears what happens; `enough`, asked after each
/// round, ends them early (`--until-significant`).
pub fn interleave(
    sides: &[Side],
    count: usize,
    stop: &AtomicBool,
    save: Option<&[PathBuf]>,
    log: &mut dyn FnMut(&str),
    enough: &mut dyn FnMut(&Collected) -> bool,
) -> Result<Collected, RunFailed> {
    let mut out = Collected {
        outputs: vec![Vec::new(); sides.len()],
        ..Collected::default()
    };
    let total = count * sides.len();
    let start = Instant::now();
    for round in 0..count {
        let mut order: Vec<usize> = (0..sides.len()).collect();
        if round % 2 == 1 {
            order.reverse();
        }
        for s in order {
            if stop.load(Ordering::Relaxed) {
                out.stopped = true;
                return Ok(out);
            }
            let side = &sides[s];
            let elapsed = start.elapsed().as_secs_f64();
            let eta = if out.runs > 0 {
                format!(
                    ", ETA {:.0} s",
                    elapsed / out.runs as f64 * (total - out.runs) as f64
                )
            } else {
                String::new()
            };
            log(&format!(
                "round {}/{count}: {} (run {} of {total}, {elapsed:.1} s{eta})",
                round + 1,
                side.label,
                out.runs + 1
            ));
            let Some(stdout) = run_once(side, out.runs, stop)? else {
                out.stopped = true;
                return Ok(out);
            };
            if let Some(files) = save {
                append(&files[s], &stdout).map_err(|e| RunFailed {
                    side: side.label.clone(),
                    what: format!("{}: {e}", files[s].display()),
                    tail: String::new(),
                })?;
            }
            out.outputs[s].extend_from_slice(&stdout);
            out.runs += 1;
        }
        if round + 1 < count && enough(&out) {
            log(&format!(
                "every benchmark decided after round {}",
                round + 1
            ));
            break;
        }
    }
    Ok(out)
}

fn append(path: &Path, data: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?
        .write_all(data)
}

/// One run of a side: its standard output, or `None` when stopped.
fn run_once(side: &Side, run: usize, stop: &AtomicBool) -> Result<Option<Vec<u8>>, RunFailed> {
    let mut all = Vec::new();
    let commands: Vec<Command> = match &side.runner {
        Runner::Command(argv) => {
            let mut c = Command::new(&argv[0]);
            c.args(&argv[1..]).current_dir(&side.dir);
            vec![c]
        }
        Runner::Binaries(bins, flags) => bins
            .iter()
            .enumerate()
            .map(|(i, (bin, dir))| {
                let mut c = Command::new(bin);
                c.args(flags).arg("-test.count=1").current_dir(dir);
                if let Some((kinds, out)) = &side.profiles {
                    for kind in kinds {
                        let file = out.join(format!("{kind}-{run:05}-{i}.pprof"));
                        c.arg(format!("-test.{kind}profile={}", file.display()));
                    }
                }
                c
            })
            .collect(),
    };
    for mut c in commands {
        match run_child(&mut c, stop).map_err(|(what, tail)| RunFailed {
            side: side.label.clone(),
            what,
            tail,
        })? {
            Some(out) => all.extend(out),
            None => return Ok(None),
        }
    }
    Ok(Some(all))
}

/// Runs one child in a process group of its own, so that stopping kills
/// everything it started; its stdout, `None` when stopped, or a one-line
/// reason and the tail of its stderr.
fn run_child(c: &mut Command, stop: &AtomicBool) -> Result<Option<Vec<u8>>, (String, String)> {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        c.process_group(0);
    }
    let program = c.get_program().to_string_lossy().into_owned();
    let mut child = c
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| (format!("{program}: {e}"), String::new()))?;
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = reader(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = reader(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    // The exit is waited for on a thread, so it is seen the moment it
    // happens (polling would add its interval to every run); the stop flag
    // is looked at in between.
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    let status = loop {
        match rx.recv_timeout(Duration::from_millis(25)) {
            Ok(Ok(s)) => break s,
            Ok(Err(e)) => return Err((format!("{program}: {e}"), String::new())),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                if stop.load(Ordering::Relaxed) {
                    kill_group(pid);
                    let _ = rx.recv();
                    return Ok(None);
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                return Err((format!("{program}: lost"), String::new()))
            }
        }
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    if !status.success() {
        let text = String::from_utf8_lossy(&stderr);
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let tail: String = lines[lines.len().saturating_sub(5)..]
            .iter()
            .map(|l| format!("\n  {}", crate::error::escape_controls(l)))
            .collect();
        // `go test` binaries report a failed benchmark on stdout.
        let failed = String::from_utf8_lossy(&stdout)
            .lines()
            .find(|l| l.starts_with("--- FAIL") || l.starts_with("FAIL"))
            .map(|l| format!(" ({})", crate::error::escape_controls(l.trim())))
            .unwrap_or_default();
        return Err((format!("{program} exited with {status}{failed}"), tail));
    }
    Ok(Some(stdout))
}

/// Kills the child's whole process group (what it started too): the
/// group's id is the child's pid, as it was spawned leading its own.
fn kill_group(pid: u32) {
    for target in [format!("-{pid}"), pid.to_string()] {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &target])
            .stderr(Stdio::null())
            .status();
    }
}
