//! `perftui run`: the same benchmark command on two sides (a baseline
//! checkout and the working tree), interleaved A B B A …, so both see the
//! same drift of machine load, collected as benchmark results. Nothing here
//! knows about the terminal: progress goes to a callback.

pub mod gotest;
pub mod progress;
pub mod sequential;
pub mod worktree;

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use progress::Control;

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
    /// Removes the profiles run number `run` wrote.
    fn remove_profiles_of(&self, run: usize) {
        let Some((kinds, dir)) = &self.profiles else {
            return;
        };
        for kind in kinds {
            for f in self.profile_files(kind) {
                let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if name.starts_with(&format!("{kind}-{run:05}-")) {
                    let _ = std::fs::remove_file(dir.join(name));
                }
            }
        }
    }

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
#[derive(Debug)]
pub struct RunFailed {
    /// The side's label.
    pub side: String,
    /// What happened, in one line.
    pub what: String,
    /// The last lines of stderr (up to [`TAIL_LINES`]), control
    /// characters escaped.
    pub tail: Vec<String>,
}

/// The lines of a failed command's stderr kept for the live view's pane.
pub const TAIL_LINES: usize = 20;

impl std::fmt::Display for RunFailed {
    /// One line and the last five lines of stderr, indented.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.side, self.what)?;
        for line in &self.tail[self.tail.len().saturating_sub(5)..] {
            write!(f, "\n  {line}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RunFailed {}

/// Runs `count` rounds of the sides (two, or one against saved results),
/// alternating which goes first, and appends each line of a run's output
/// to its `save` file as it arrives when asked.
/// `control` pauses the rounds between runs, or stops them (killing the
/// running command's process group), and hears where they are; `log`
/// hears what happens; `after_round`, told of each round as it ends, ends
/// them early by returning true (`--until-significant`).
pub fn interleave(
    sides: &[Side],
    count: usize,
    control: &Control,
    save: Option<&[PathBuf]>,
    log: &mut dyn FnMut(&str),
    after_round: &mut dyn FnMut(&Collected) -> bool,
) -> Result<Collected, RunFailed> {
    let mut out = Collected {
        outputs: vec![Vec::new(); sides.len()],
        ..Collected::default()
    };
    let total = count * sides.len();
    control.plan(count, total);
    let start = Instant::now();
    for round in 0..count {
        let mut order: Vec<usize> = (0..sides.len()).collect();
        if round % 2 == 1 {
            order.reverse();
        }
        for s in order {
            control.wait_while_paused();
            if control.stopping() {
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
            control.run_starts(round + 1, &side.label);
            let file = save.map(|files| files[s].as_path());
            let Some(stdout) = run_once(side, out.runs, control, file)? else {
                out.stopped = true;
                return Ok(out);
            };
            out.outputs[s].extend_from_slice(&stdout);
            out.runs += 1;
            control.run_ends();
        }
        if after_round(&out) && round + 1 < count {
            log(&format!(
                "every benchmark decided after round {}",
                round + 1
            ));
            break;
        }
    }
    Ok(out)
}

/// One run of a side: its standard output (appended line by line to
/// `save` as it comes), or `None` when stopped.
fn run_once(
    side: &Side,
    run: usize,
    control: &Control,
    save: Option<&Path>,
) -> Result<Option<Vec<u8>>, RunFailed> {
    let failed = |what: String| RunFailed {
        side: side.label.clone(),
        what,
        tail: Vec::new(),
    };
    let mut file = match save {
        Some(path) => Some(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| failed(format!("{}: {e}", path.display())))?,
        ),
        None => None,
    };
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
        let ran = run_child(&mut c, control, file.as_mut()).map_err(|(what, tail)| RunFailed {
            side: side.label.clone(),
            what,
            tail,
        });
        match ran {
            Ok(Some(out)) => all.extend(out),
            stopped_or_failed => {
                // A killed or failed run's profiles are partial (often
                // empty): they must not be merged.
                side.remove_profiles_of(run);
                return stopped_or_failed.map(|_| None);
            }
        }
    }
    Ok(Some(all))
}

/// Runs one child in a process group of its own, so that stopping kills
/// everything it started; its stdout (each whole line also written to
/// `save` as it arrives, so a live view sees results before the run ends
/// and nothing is lost), `None` when stopped, or a one-line reason and the
/// tail of its stderr.
fn run_child(
    c: &mut Command,
    control: &Control,
    save: Option<&mut std::fs::File>,
) -> Result<Option<Vec<u8>>, (String, Vec<String>)> {
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
        .map_err(|e| (format!("{program}: {e}"), Vec::new()))?;
    let save = save.and_then(|f| f.try_clone().ok());
    let out = read_lines(child.stdout.take(), save);
    let err = read_lines(child.stderr.take(), None);
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
            Ok(Err(e)) => return Err((format!("{program}: {e}"), Vec::new())),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                if control.stopping() {
                    kill_group(pid);
                    let _ = rx.recv();
                    return Ok(None);
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                return Err((format!("{program}: lost"), Vec::new()))
            }
        }
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    if !status.success() {
        let text = String::from_utf8_lossy(&stderr);
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let tail: Vec<String> = lines[lines.len().saturating_sub(TAIL_LINES)..]
            .iter()
            .map(|l| crate::error::escape_controls(l))
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

/// Reads a child's pipe to its end on a thread, writing each whole line to
/// `save` as it comes (a last line without a newline gets one, so the next
/// run's output starts on a line of its own).
fn read_lines(
    pipe: Option<impl std::io::Read + Send + 'static>,
    mut save: Option<std::fs::File>,
) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut all = Vec::new();
        let Some(pipe) = pipe else {
            return all;
        };
        let mut reader = std::io::BufReader::new(pipe);
        let mut line = Vec::new();
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            if let Some(f) = save.as_mut() {
                let end: &[u8] = if line.ends_with(b"\n") { b"" } else { b"\n" };
                if f.write_all(&line).and_then(|_| f.write_all(end)).is_err() {
                    save = None;
                }
            }
            all.extend_from_slice(&line);
        }
        all
    })
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
