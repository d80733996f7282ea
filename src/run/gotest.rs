//! `go test` commands, run as their test binaries: each side's binaries are
//! built once (`go test -c`), then run one benchmark round at a time
//! (`-test.count=1`), so the comparison pays for no compile and both
//! sides see the same moments of machine load.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Flags of the test binary (`-bench` becomes `-test.bench`), with
/// whether they take a value.
const TEST_FLAGS: &[(&str, bool)] = &[
    ("bench", true),
    ("benchtime", true),
    ("benchmem", false),
    ("count", true),
    ("cpu", true),
    ("run", true),
    ("skip", true),
    ("timeout", true),
    ("short", false),
    ("failfast", false),
    ("shuffle", true),
    ("v", false),
    ("cpuprofile", true),
    ("memprofile", true),
];

/// Build flags that take a value as the next argument.
const BUILD_VALUE_FLAGS: &[&str] = &[
    "tags", "gcflags", "ldflags", "asmflags", "mod", "modfile", "overlay", "pgo", "p", "exec",
];

/// A `go test` command split into what builds and what runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoTest {
    /// The go executable as given.
    pub go: String,
    /// Flags for `go test -c`.
    pub build: Vec<String>,
    /// Packages (`.` when none).
    pub packages: Vec<String>,
    /// Flags for the binary, as `-test.*` (without `-test.count`).
    pub run: Vec<String>,
    /// `-count` was given and is replaced by perftui's rounds.
    pub had_count: bool,
}

impl GoTest {
    /// `command` as a `go test` command, if it is one.
    pub fn parse(command: &[String]) -> Option<Self> {
        let (go, rest) = command.split_first()?;
        let name = Path::new(go).file_name()?.to_str()?;
        if !(name == "go" || name == "go.exe") || rest.first().map(String::as_str) != Some("test") {
            return None;
        }
        let mut out = GoTest {
            go: go.clone(),
            build: Vec::new(),
            packages: Vec::new(),
            run: Vec::new(),
            had_count: false,
        };
        let mut args = rest[1..].iter();
        while let Some(a) = args.next() {
            if a == "-args" {
                out.run.extend(args.by_ref().cloned());
                break;
            }
            let Some(flag) = a.strip_prefix("--").or_else(|| a.strip_prefix('-')) else {
                out.packages.push(a.clone());
                continue;
            };
            let (name, inline) = match flag.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (flag, None),
            };
            let name = name.strip_prefix("test.").unwrap_or(name);
            if let Some(&(_, takes)) = TEST_FLAGS.iter().find(|(n, _)| *n == name) {
                let value = match (takes, inline) {
                    (_, Some(v)) => Some(v),
                    (true, None) => args.next().cloned(),
                    (false, None) => None,
                };
                if name == "count" {
                    out.had_count = true;
                    continue;
                }
                out.run.push(match value {
                    Some(v) => format!("-test.{name}={v}"),
                    None => format!("-test.{name}"),
                });
            } else {
                out.build.push(a.clone());
                if inline.is_none() && BUILD_VALUE_FLAGS.contains(&name) {
                    out.build.extend(args.next().cloned());
                }
            }
        }
        if out.packages.is_empty() {
            out.packages.push(".".into());
        }
        Some(out)
    }

    /// Builds each package's test binary in `dir` into `bin_dir`: (binary,
    /// the package's directory, where it runs). Packages without tests
    /// have no binary and are left out.
    pub fn build(&self, dir: &Path, bin_dir: &Path) -> Result<Vec<(PathBuf, PathBuf)>, String> {
        let list = output(
            Command::new(&self.go)
                .args(["list", "-f", "{{.ImportPath}}\t{{.Dir}}"])
                .args(&self.packages)
                .current_dir(dir),
            "go list",
        )?;
        let mut out = Vec::new();
        for (i, line) in list.lines().enumerate() {
            let Some((import, pkg_dir)) = line.split_once('\t') else {
                continue;
            };
            let bin = bin_dir.join(format!("{i}.test"));
            output(
                Command::new(&self.go)
                    .arg("test")
                    .arg("-c")
                    .arg("-o")
                    .arg(&bin)
                    .args(&self.build)
                    .arg(import)
                    .current_dir(dir),
                "go test -c",
            )?;
            if bin.exists() {
                out.push((bin, PathBuf::from(pkg_dir)));
            }
        }
        if out.is_empty() {
            return Err(format!(
                "go test -c: no test binary in {} (no test files?)",
                self.packages.join(" ")
            ));
        }
        Ok(out)
    }
}

/// Runs a build step; its standard output, or its first error lines.
fn output(cmd: &mut Command, what: &str) -> Result<String, String> {
    let out = cmd.output().map_err(|e| format!("{what}: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = err
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(3)
            .collect();
        return Err(format!(
            "{what} failed ({}): {}",
            out.status,
            crate::error::escape_controls(&lines.join(" / "))
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &str) -> Option<GoTest> {
        let v: Vec<String> = args.split(' ').map(str::to_string).collect();
        GoTest::parse(&v)
    }

    #[test]
    fn test_flags_go_to_the_binary_and_build_flags_to_the_build() {
        let g = parse("go test -run=^$ -bench . -benchmem -count 10 -tags integration ./a ./b")
            .unwrap();
        assert_eq!(g.run, ["-test.run=^$", "-test.bench=.", "-test.benchmem"]);
        assert_eq!(g.build, ["-tags", "integration"]);
        assert_eq!(g.packages, ["./a", "./b"]);
        assert!(g.had_count);
        let g = parse("/usr/lib/go-1.19/bin/go test -bench=Sum").unwrap();
        assert_eq!(g.packages, ["."]);
        assert!(parse("go build .").is_none());
        assert!(parse("cargo bench").is_none());
    }
}
