//! The source pane (`v` on a frame): the function's source lines with
//! their flat and cum, as `perftui list` prints them, opened on the hottest
//! line; `e` opens `$VISUAL`/`$EDITOR` at the selected line. State changes
//! only through [`update`], which returns the [`Effect`]s the runtime
//! carries out.

pub mod keymap;
mod screen;

use std::path::PathBuf;
use std::sync::Arc;

use crate::profile::Profile;
use crate::report::list::{self, Routine};
use crate::report::source::{SourcePaths, SourceReader};
use crate::tui::{EditorCommand, Effect, Job};
use crate::ui::widgets::status_bar::Status;

/// Reading the sources of one function, off the event loop.
#[derive(Debug, Clone)]
pub struct LoadJob {
    /// The (filtered) profile the explorer shows.
    pub view: Arc<Profile>,
    /// The sample type shown.
    pub index: usize,
    /// The function, as the profile names it.
    pub function: String,
    /// Where to look for files.
    pub paths: SourcePaths,
}

/// What a [`LoadJob`] found.
#[derive(Debug)]
pub struct Loaded {
    /// The function's routines (one per source file), or why there are none.
    pub result: Result<Vec<Routine>, String>,
}

impl LoadJob {
    /// Reads the sources.
    pub fn run(self) -> Loaded {
        let pattern = crate::goregex::compile(&format!("^{}$", regex::escape(&self.function)));
        let result = pattern.and_then(|p| {
            let mut reader = SourceReader::new(self.paths);
            let listing = list::routines(&self.view, self.index, &p, &mut reader)?;
            let routines: Vec<Routine> = listing.into_iter().flat_map(|(_, r)| r).collect();
            if routines.is_empty() {
                Err(format!("no source information for {}", self.function))
            } else {
                Ok(routines)
            }
        });
        Loaded { result }
    }
}

/// Input mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceMode {
    /// Keys move and act.
    Normal,
    /// The help is up, scrolled this far.
    Help(usize),
}

/// What changes the pane.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceMsg {
    /// Close the pane.
    Quit,
    /// Leave perftui.
    QuitAll,
    /// Move the selection by this many lines.
    Move(isize),
    /// A screen up or down.
    Page(bool),
    /// To the first or last line.
    Edge(bool),
    /// Back to the hottest line.
    Hottest,
    /// The next file or function (`Tab`), or the previous one.
    NextRoutine(bool),
    /// Open the editor at the selected line.
    Edit,
    /// Show or hide the help.
    Help,
    /// Scroll the help.
    HelpScroll(isize),
    /// The terminal size.
    Resize {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
    /// The sources arrived.
    Loaded(Result<Vec<Routine>, String>),
    /// The editor returned (or could not start).
    Edited(Result<(), String>),
}

/// The pane's state.
#[derive(Debug, Clone)]
pub struct SourceView {
    /// The function shown.
    pub function: String,
    /// Its routines once read (`None` while reading).
    pub routines: Option<Result<Vec<Routine>, String>>,
    /// The routine shown.
    pub current: usize,
    /// Selected line (index into the routine's lines).
    pub selected: usize,
    /// First line on screen.
    pub offset: usize,
    /// The report's total, for percentages.
    pub total: i64,
    /// The sample type's unit.
    pub unit: String,
    /// The status line.
    pub status: Option<Status>,
    /// Input mode.
    pub mode: SourceMode,
    /// Terminal size.
    pub width: u16,
    /// See `width`.
    pub height: u16,
    /// `$VISUAL` and `$EDITOR` as the pane was opened.
    pub editor: (Option<String>, Option<String>),
    job: Option<LoadJob>,
}

/// Rows above and below the lines: title, totals, column heads, hints.
pub const CHROME_ROWS: u16 = 4;

impl SourceView {
    /// A pane for `function` of `view` (sample type `index`, whose total is
    /// `total` in `unit`); it reads the sources when it opens.
    pub fn new(
        view: Arc<Profile>,
        index: usize,
        function: String,
        total: i64,
        paths: SourcePaths,
        editor: (Option<String>, Option<String>),
    ) -> Self {
        let unit = view.sample_type_unit(index).to_string();
        SourceView {
            job: Some(LoadJob {
                view,
                index,
                function: function.clone(),
                paths,
            }),
            function,
            routines: None,
            current: 0,
            selected: 0,
            offset: 0,
            total,
            unit,
            status: None,
            mode: SourceMode::Normal,
            width: 80,
            height: 24,
            editor,
        }
    }

    /// The routine on screen, once read.
    pub fn routine(&self) -> Option<&Routine> {
        self.routines.as_ref()?.as_ref().ok()?.get(self.current)
    }

    /// Rows of source lines on screen.
    pub fn visible_rows(&self) -> usize {
        self.height.saturating_sub(CHROME_ROWS).max(1) as usize
    }

    fn line_count(&self) -> usize {
        self.routine()
            .and_then(|r| r.lines.as_ref().ok())
            .map_or(0, Vec::len)
    }

    /// Selects the routine's hottest line (most cum, then flat; the first
    /// of equals) and scrolls it into view a third down the screen.
    fn go_hottest(&mut self) {
        let hottest = self
            .routine()
            .and_then(|r| r.lines.as_ref().ok())
            .and_then(|lines| {
                lines
                    .iter()
                    .enumerate()
                    .max_by(|(ia, a), (ib, b)| {
                        (a.cum.wrapping_abs(), a.flat.wrapping_abs(), ib).cmp(&(
                            b.cum.wrapping_abs(),
                            b.flat.wrapping_abs(),
                            ia,
                        ))
                    })
                    .map(|(i, _)| i)
            })
            .unwrap_or(0);
        self.selected = hottest;
        self.offset = hottest.saturating_sub(self.visible_rows() / 3);
    }

    fn clamp(&mut self) {
        let n = self.line_count();
        self.selected = self.selected.min(n.saturating_sub(1));
        self.offset = crate::ui::widgets::table::offset_for(
            self.selected,
            self.offset,
            self.visible_rows(),
            n,
        );
    }

    /// The command that opens the selected line in the user's editor.
    pub fn editor_command(&self) -> Result<EditorCommand, String> {
        let r = self.routine().ok_or("the source is not loaded")?;
        let file = r
            .found
            .clone()
            .ok_or_else(|| format!("{} was not found, so there is nothing to edit", r.file))?;
        let line = r
            .lines
            .as_ref()
            .ok()
            .and_then(|l| l.get(self.selected))
            .map_or(1, |l| l.number);
        editor_command(
            self.editor.0.as_deref(),
            self.editor.1.as_deref(),
            &file,
            line,
        )
    }
}

/// How `$VISUAL` (else `$EDITOR`) opens `file` at `line`: `--goto
/// file:line` for VS Code and its kin, `file:line` for Sublime Text and
/// Zed, `+line file` for the rest (vi, vim, nvim, emacs, nano, helix,
/// micro, kakoune…).
pub fn editor_command(
    visual: Option<&str>,
    editor: Option<&str>,
    file: &std::path::Path,
    line: i64,
) -> Result<EditorCommand, String> {
    let command = [visual, editor]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|c| !c.is_empty())
        .ok_or("set $VISUAL or $EDITOR to open files in an editor")?;
    let program = command.split_whitespace().next().unwrap_or(command);
    let name = std::path::Path::new(program)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file_text = file.display().to_string();
    let args = match name.as_str() {
        "code" | "code-insiders" | "codium" | "vscodium" | "cursor" => {
            vec!["--goto".to_string(), format!("{file_text}:{line}")]
        }
        "subl" | "sublime_text" | "zed" => vec![format!("{file_text}:{line}")],
        _ => vec![format!("+{line}"), file_text],
    };
    Ok(EditorCommand {
        command: command.to_string(),
        args,
    })
}

/// Applies a message; returns what the runtime must do.
pub fn update(v: &mut SourceView, msg: SourceMsg) -> Vec<Effect> {
    match msg {
        SourceMsg::Quit => return vec![Effect::Close],
        SourceMsg::QuitAll => return vec![Effect::Quit],
        SourceMsg::Move(d) => {
            v.selected = v.selected.saturating_add_signed(d);
            v.clamp();
        }
        SourceMsg::Page(down) => {
            let page = v.visible_rows() as isize;
            v.selected = v
                .selected
                .saturating_add_signed(if down { page } else { -page });
            v.clamp();
        }
        SourceMsg::Edge(end) => {
            v.selected = if end { usize::MAX } else { 0 };
            v.clamp();
        }
        SourceMsg::Hottest => v.go_hottest(),
        SourceMsg::NextRoutine(forward) => {
            let n = v
                .routines
                .as_ref()
                .and_then(|r| r.as_ref().ok())
                .map_or(0, Vec::len);
            if n > 1 {
                v.current = if forward {
                    (v.current + 1) % n
                } else {
                    (v.current + n - 1) % n
                };
                v.go_hottest();
            }
        }
        SourceMsg::Edit => match v.editor_command() {
            Ok(cmd) => {
                v.status = Some(Status::note(format!(
                    "opened {} {}",
                    cmd.command,
                    cmd.args.join(" ")
                )));
                return vec![Effect::Edit(cmd)];
            }
            Err(e) => v.status = Some(Status::error(e)),
        },
        SourceMsg::Edited(result) => {
            if let Err(e) = result {
                v.status = Some(Status::error(e));
            }
        }
        SourceMsg::Help => {
            v.mode = match v.mode {
                SourceMode::Normal => SourceMode::Help(0),
                SourceMode::Help(_) => SourceMode::Normal,
            }
        }
        SourceMsg::HelpScroll(d) => {
            if let SourceMode::Help(s) = v.mode {
                v.mode = SourceMode::Help(s.saturating_add_signed(d));
            }
        }
        SourceMsg::Resize { width, height } => {
            v.width = width;
            v.height = height;
            v.clamp();
        }
        SourceMsg::Loaded(result) => {
            if let Err(e) = &result {
                v.status = Some(Status::error(e.clone()));
            }
            v.routines = Some(result);
            v.current = 0;
            v.go_hottest();
        }
    }
    Vec::new()
}

impl SourceView {
    /// The job that reads the sources (once).
    fn start_job(&mut self) -> Option<Effect> {
        self.job.take().map(|j| Effect::Spawn(Job::Source(j)))
    }

    /// Where the routine shown was found, for the title.
    pub fn found(&self) -> Option<&PathBuf> {
        self.routine().and_then(|r| r.found.as_ref())
    }
}
