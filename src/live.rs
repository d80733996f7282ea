//! Where a profile comes from, read again on demand: files, or URLs of
//! running Go services (`net/http/pprof` endpoints), as `go tool pprof`
//! accepts them. Used by the first load and by `--watch` reloads alike.

use std::path::PathBuf;
use std::time::Duration;

use crate::profile::{merge, Profile};

/// The inputs of an explorer, to read them again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Files or URLs, merged.
    Inputs(Vec<String>),
    /// AFTER against BEFORE (pprof `-diff_base`).
    Diff {
        /// BEFORE.
        before: String,
        /// AFTER.
        after: String,
        /// Scale AFTER to BEFORE's total first.
        normalize: bool,
    },
}

impl Source {
    /// The files to watch (URLs are fetched again on a timer instead).
    pub fn files(&self) -> Vec<PathBuf> {
        let all: Vec<&String> = match self {
            Source::Inputs(v) => v.iter().collect(),
            Source::Diff { before, after, .. } => vec![before, after],
        };
        all.into_iter()
            .filter(|s| !is_url(s))
            .map(PathBuf::from)
            .collect()
    }

    /// Whether any input is a URL.
    pub fn has_urls(&self) -> bool {
        match self {
            Source::Inputs(v) => v.iter().any(|s| is_url(s)),
            Source::Diff { before, after, .. } => is_url(before) || is_url(after),
        }
    }

    /// Reads every input and merges or diffs them. Errors are one line
    /// naming the input.
    pub fn load(&self) -> Result<Profile, String> {
        match self {
            Source::Inputs(v) => {
                let mut profiles = Vec::with_capacity(v.len());
                for s in v {
                    profiles.push(load(s)?);
                }
                merge::merge(profiles).map_err(|e| format!("{}: {e}", v.join(", ")))
            }
            Source::Diff {
                before,
                after,
                normalize,
            } => {
                let (b, a) = std::thread::scope(|s| {
                    let b = s.spawn(|| load(before));
                    (b.join(), load(after))
                });
                let b = b.map_err(|_| format!("{before}: reading failed"))??;
                merge::diff_base(a?, b, *normalize).map_err(|e| format!("{before}: {e}"))
            }
        }
    }
}

/// Whether an input names a URL rather than a file.
pub fn is_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

/// Reads one input, file or URL.
pub fn load(input: &str) -> Result<Profile, String> {
    if is_url(input) {
        fetch(input)
    } else {
        crate::formats::load_file(std::path::Path::new(input)).map_err(|e| e.to_string())
    }
}

/// How long a fetch may take: a CPU profile's `?seconds=N` plus a margin,
/// 30 s for the instant endpoints (heap, goroutine).
pub fn fetch_timeout(url: &str) -> Duration {
    let seconds = url
        .split(['?', '&'])
        .find_map(|kv| kv.strip_prefix("seconds="))
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    Duration::from_secs(seconds.saturating_add(30))
}

/// Fetches a profile over HTTP, with timeouts and errors that say what went
/// wrong: the connection, the HTTP status, or the body not being a profile.
pub fn fetch(url: &str) -> Result<Profile, String> {
    if url.starts_with("https://") {
        return Err(format!(
            "{url}: https is not supported; profile endpoints are plain http \
             (or save the profile with curl and open the file)"
        ));
    }
    let config = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(10)))
        .timeout_global(Some(fetch_timeout(url)))
        .build();
    let agent: ureq::Agent = config.into();
    let mut response = agent.get(url).call().map_err(|e| match e {
        ureq::Error::StatusCode(code) => format!("{url}: HTTP status {code}"),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            format!("{url}: connection refused (is the service running?)")
        }
        ureq::Error::Timeout(t) => format!("{url}: timed out ({t})"),
        other => format!("{url}: {other}"),
    })?;
    let cap = crate::formats::gzip::max_size();
    let body = response
        .body_mut()
        .with_config()
        .limit(cap)
        .read_to_vec()
        .map_err(|e| format!("{url}: reading the response: {e}"))?;
    crate::formats::read_profile(&body).map_err(|e| format!("{url}: not a profile: {e}"))
}
