//! Finding and reading source files as pprof does for `-list`
//! (`internal/report/source.go`): the profile's path is trimmed (the
//! search path's base directory name, `--trim-path` prefixes,
//! `/proc/self/cwd/`), then looked for in each search directory and its
//! parents. Where pprof gives up, perftui also looks where Go keeps sources:
//! GOROOT for the standard library and the module cache for `mod@version`
//! paths, so `-trimpath` builds list too; the error names every place.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where sources are looked for.
#[derive(Debug, Clone, Default)]
pub struct SourcePaths {
    /// `--source-path`: `:`-separated directories (default: the current one).
    pub search: String,
    /// `--trim-path`: `:`-separated prefixes to cut from the profile's paths.
    pub trim: String,
    /// The Go toolchain's source root (`$GOROOT/src`), if known.
    pub goroot_src: Option<PathBuf>,
    /// The Go module cache (`$GOMODCACHE`), if known.
    pub mod_cache: Option<PathBuf>,
    /// `--source-path` as given (pprof trims shown paths with it only then).
    pub explicit_search: Option<String>,
}

impl SourcePaths {
    /// The search path `search` (or the current directory when empty), with
    /// GOROOT and the module cache read from the environment.
    pub fn new(search: Option<&str>, trim: Option<&str>) -> Self {
        let search_given = search.is_some_and(|s| !s.is_empty());
        let search = match search {
            Some(s) if !s.is_empty() => s.to_string(),
            _ => std::env::current_dir()
                .map(|d| d.display().to_string())
                .unwrap_or_else(|_| ".".to_string()),
        };
        let env_dir = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let goroot = env_dir("GOROOT").or_else(|| {
            ["/usr/local/go", "/usr/lib/go"]
                .iter()
                .map(PathBuf::from)
                .find(|p| p.join("src/runtime").is_dir())
        });
        let home = env_dir("HOME");
        let mod_cache = env_dir("GOMODCACHE")
            .or_else(|| env_dir("GOPATH").map(|p| p.join("pkg/mod")))
            .or_else(|| home.map(|h| h.join("go/pkg/mod")));
        SourcePaths {
            explicit_search: Some(search.clone()).filter(|_| search_given),
            search,
            trim: trim.unwrap_or_default().to_string(),
            goroot_src: goroot.map(|g| g.join("src")),
            mod_cache,
        }
    }
}

/// pprof's `trimPath`.
pub fn trim_path<'a>(path: &'a str, trim: &str, search: &str) -> &'a str {
    if trim.is_empty() {
        for dir in split_list(search) {
            let want = format!("/{}/", base(dir));
            if let Some(found) = path.find(&want) {
                return &path[found + want.len()..];
            }
        }
    }
    let mut prefixes: Vec<String> = split_list(trim).map(str::to_string).collect();
    prefixes.push("/proc/self/cwd/./".to_string());
    prefixes.push("/proc/self/cwd/".to_string());
    for mut p in prefixes {
        if !p.ends_with('/') {
            p.push('/');
        }
        if let Some(rest) = path.strip_prefix(&p) {
            return rest;
        }
    }
    path
}

/// Go's `filepath.SplitList`: nothing for "", else the `:`-separated parts.
fn split_list(s: &str) -> impl Iterator<Item = &str> {
    let parts = if s.is_empty() {
        None
    } else {
        Some(s.split(':'))
    };
    parts.into_iter().flatten()
}

/// Go's `filepath.Base`.
fn base(dir: &str) -> &str {
    if dir.is_empty() {
        return ".";
    }
    let trimmed = dir.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/";
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

/// Go's `filepath.Clean` for `/`-separated paths.
pub fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|&p| p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// Source files read once each, as pprof's `sourceReader`.
#[derive(Debug, Default)]
pub struct SourceReader {
    paths: SourcePaths,
    files: HashMap<String, Result<(PathBuf, Vec<String>), String>>,
    notes: Vec<String>,
}

impl SourceReader {
    /// A reader looking where `paths` says.
    pub fn new(paths: SourcePaths) -> Self {
        SourceReader {
            paths,
            files: HashMap::new(),
            notes: Vec::new(),
        }
    }

    /// The profile's path as pprof shows it in listings: `--trim-path`
    /// (and, with `--source-path`, its heuristic) applied, then cleaned.
    pub fn display_path(&self, path: &str) -> String {
        let search = self.paths.explicit_search.as_deref().unwrap_or("");
        clean(trim_path(path, &self.paths.trim, search))
    }

    /// Files found where pprof would not have looked (GOROOT, the module
    /// cache), which may hold another version than the profiled program's.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The lines of the profile's file `path` (line 1 first) and where it
    /// was found, or the error pprof prints, naming where it looked.
    pub fn file(&mut self, path: &str) -> Result<(&Path, &[String]), &str> {
        if !self.files.contains_key(path) {
            let read = self.read(path);
            self.files.insert(path.to_string(), read);
        }
        match &self.files[path] {
            Ok((found, lines)) => Ok((found.as_path(), lines.as_slice())),
            Err(e) => Err(e.as_str()),
        }
    }

    fn read(&mut self, path: &str) -> Result<(PathBuf, Vec<String>), String> {
        let (found, fallback) = self.find(path)?;
        let bytes = std::fs::read(&found).map_err(|e| go_open_error(&found, &e))?;
        if let Some(place) = fallback {
            self.notes.push(format!(
                "{path}: read from {place} as {}; it may be another version than the profiled program's",
                found.display()
            ));
        }
        Ok((found, scan_lines(&bytes)))
    }

    /// pprof's `openSourceFile`, then GOROOT and the module cache.
    fn find(&self, path: &str) -> Result<(PathBuf, Option<&'static str>), String> {
        let p = &self.paths;
        let trimmed = trim_path(path, &p.trim, &p.search);
        let mut also: Vec<(PathBuf, &'static str)> = Vec::new();
        if trimmed.starts_with('/') {
            let abs = PathBuf::from(trimmed);
            if abs.is_file() {
                return Ok((abs, None));
            }
            // Built elsewhere: the part after GOROOT's or the module
            // cache's own directory names.
            if let (Some(i), Some(src)) = (trimmed.rfind("/go/src/"), &p.goroot_src) {
                also.push((src.join(&trimmed[i + "/go/src/".len()..]), "GOROOT"));
            }
            if let (Some(i), Some(cache)) = (trimmed.rfind("/pkg/mod/"), &p.mod_cache) {
                also.push((
                    cache.join(&trimmed[i + "/pkg/mod/".len()..]),
                    "the module cache",
                ));
            }
            return match also.iter().find(|c| c.0.is_file()) {
                Some((c, place)) => Ok((c.clone(), Some(*place))),
                None if also.is_empty() => Err(go_open_error(
                    &abs,
                    &std::io::Error::from(std::io::ErrorKind::NotFound),
                )),
                None => Err(format!(
                    "open {trimmed}: no such file or directory (also looked for {})",
                    list(&also)
                )),
            };
        }
        for dir in split_list(&p.search) {
            let mut dir = PathBuf::from(dir);
            loop {
                let candidate = dir.join(trimmed);
                if candidate.is_file() {
                    return Ok((candidate, None));
                }
                // Go's filepath.Dir: "a" → ".", "/" → "/".
                let parent = match dir.parent() {
                    None => dir.clone(),
                    Some(p) if p.as_os_str().is_empty() => PathBuf::from("."),
                    Some(p) => p.to_path_buf(),
                };
                if parent == dir {
                    break;
                }
                dir = parent;
            }
        }
        // The standard library's import paths have no dot in their first
        // element (`runtime/proc.go`, not `example.com/x/y.go`).
        let std_like = trimmed
            .split_once('/')
            .is_some_and(|(first, _)| !first.contains('.') && !first.contains('@'));
        if let (true, Some(src)) = (std_like, &p.goroot_src) {
            also.push((src.join(trimmed), "GOROOT"));
        }
        if let (true, Some(cache)) = (trimmed.contains('@'), &p.mod_cache) {
            also.push((cache.join(trimmed), "the module cache"));
        }
        if let Some((c, place)) = also.iter().find(|c| c.0.is_file()) {
            return Ok((c.clone(), Some(*place)));
        }
        let mut e = format!("could not find file {trimmed} on path {}", p.search);
        if !also.is_empty() {
            e.push_str(&format!(" (also looked for {})", list(&also)));
        }
        Err(e)
    }
}

fn list(paths: &[(PathBuf, &str)]) -> String {
    paths
        .iter()
        .map(|p| p.0.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Go's `os.Open` error text.
fn go_open_error(path: &Path, e: &std::io::Error) -> String {
    let what = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    format!("open {}: {what}", path.display())
}

/// Lines as Go's `bufio.Scanner` splits them: on `\n`, a `\r` before it
/// dropped; at a line longer than the scanner's 64 KiB buffer pprof stops
/// reading (and shows what came before).
fn scan_lines(bytes: &[u8]) -> Vec<String> {
    const MAX_TOKEN: usize = 64 * 1024;
    let mut out = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let (line, next) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        if line.len() >= MAX_TOKEN {
            break;
        }
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        out.push(String::from_utf8_lossy(line).into_owned());
        rest = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_trimmed_as_pprof_trims_them() {
        let p = "/home/ci/work/main/tests/data/src/labels/main.go";
        assert_eq!(
            trim_path(p, "", "/tmp/clone/tests/data"),
            "src/labels/main.go"
        );
        assert_eq!(
            trim_path(p, "/home/ci/work", "/x"),
            "main/tests/data/src/labels/main.go"
        );
        assert_eq!(trim_path("/proc/self/cwd/./a.go", "", "/x"), "a.go");
        assert_eq!(trim_path("/a/b.go", "", "/x"), "/a/b.go");
    }

    #[test]
    fn clean_matches_go() {
        assert_eq!(clean("./a/../b//c.go"), "b/c.go");
        assert_eq!(clean("/../a"), "/a");
        assert_eq!(clean("../a"), "../a");
        assert_eq!(clean(""), ".");
    }

    #[test]
    fn lines_split_as_bufio_scanner() {
        assert_eq!(scan_lines(b"a\r\nb\n\nc"), ["a", "b", "", "c"]);
        assert!(scan_lines(b"").is_empty());
    }
}
