//! The baseline's checkout: a `git worktree` at a revision, in a temporary
//! directory, removed when dropped (after a failure or a signal too).

use std::path::{Path, PathBuf};
use std::process::Command;

/// A detached worktree of the repository holding `from`, at a revision.
#[derive(Debug)]
pub struct Worktree {
    /// The repository's top directory (where `git worktree` is run).
    repo: PathBuf,
    /// The worktree's directory.
    pub dir: PathBuf,
    /// `from`'s place inside the repository, to run the command from the
    /// same place in the worktree.
    pub relative: PathBuf,
}

impl Worktree {
    /// Checks out `rev` of the repository holding `from` into a new
    /// temporary directory.
    pub fn add(from: &Path, rev: &str) -> Result<Self, String> {
        let top = git(from, &["rev-parse", "--show-toplevel"])?;
        let repo = PathBuf::from(top.trim());
        let from = from
            .canonicalize()
            .map_err(|e| format!("{}: {e}", from.display()))?;
        let relative = from
            .strip_prefix(repo.canonicalize().unwrap_or_else(|_| repo.clone()))
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let commit = git(
            &repo,
            &["rev-parse", "--verify", &format!("{rev}^{{commit}}")],
        )
        .map_err(|e| {
            format!(
                "--baseline {rev}: not a revision of {}: {e}",
                repo.display()
            )
        })?;
        let dir = std::env::temp_dir().join(format!(
            "perftui-baseline-{}-{}",
            std::process::id(),
            commit.trim().get(..12).unwrap_or("rev")
        ));
        let dir_arg = dir.to_string_lossy().into_owned();
        git(
            &repo,
            &[
                "worktree",
                "add",
                "--detach",
                "--quiet",
                &dir_arg,
                commit.trim(),
            ],
        )?;
        Ok(Worktree {
            repo,
            dir,
            relative,
        })
    }

    /// Where the command runs in the worktree.
    pub fn workdir(&self) -> PathBuf {
        self.dir.join(&self.relative)
    }
}

impl Drop for Worktree {
    fn drop(&mut self) {
        let dir = self.dir.to_string_lossy().into_owned();
        if git(&self.repo, &["worktree", "remove", "--force", &dir]).is_err() {
            // A half-made worktree: remove the files and git's record.
            let _ = std::fs::remove_dir_all(&self.dir);
            let _ = git(&self.repo, &["worktree", "prune"]);
        }
    }
}

/// Runs git in `dir`; its standard output, or its error in one line.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("git: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let line = err
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("failed");
        return Err(format!(
            "git {}: {}",
            args.first().unwrap_or(&""),
            crate::error::escape_controls(line.trim())
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
