//! Profiles that live in a fleet's store rather than in files: a Parca
//! server, named by a `parca://` source (`perftui top 'parca://host:7070?
//! query=process_cpu:samples:count:cpu:nanoseconds:delta{job="api"}&
//! from=now-1h'`), read as the server's merge of the profiles the query
//! selects in the range, and written by `perftui push`.

pub mod grpc_web;
pub mod parca;
pub mod timespec;

use std::time::Duration;

use crate::profile::Profile;

pub use timespec::TimeSpec;

/// Whether `s` names a fleet source rather than a file or an HTTP URL.
pub fn is_fleet(s: &str) -> bool {
    s.starts_with("parca://")
}

/// A `parca://` source, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FleetSource {
    /// `http://host:port` of the server.
    pub base: String,
    /// The query: a profile type and label matchers,
    /// `process_cpu:samples:count:cpu:nanoseconds:delta{job="api"}`;
    /// `None` when the source names only the server.
    pub query: Option<String>,
    /// The range's start (default: an hour ago).
    pub from: TimeSpec,
    /// The range's end (default: now).
    pub to: TimeSpec,
    /// Sent with each call: basic authorization from the URL's `user:pass@`.
    pub headers: Vec<(String, String)>,
}

/// Parca's default port.
const PARCA_PORT: u16 = 7070;

impl FleetSource {
    /// Parses `parca://[user:pass@]host[:port][?query=Q&from=F&to=T]`.
    pub fn parse(url: &str) -> Result<FleetSource, String> {
        let rest = url
            .strip_prefix("parca://")
            .ok_or_else(|| "not a parca:// source".to_string())?;
        let (authority, params) = rest.split_once('?').unwrap_or((rest, ""));
        let authority = authority.trim_end_matches('/');
        let (userinfo, host) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        if host.is_empty() {
            return Err("no host (parca://HOST:PORT?query=...)".to_string());
        }
        let host = if host.rsplit_once(':').is_some_and(|(_, p)| !p.contains(']')) {
            host.to_string()
        } else {
            format!("{host}:{PARCA_PORT}")
        };
        let mut source = FleetSource {
            base: format!("http://{host}"),
            query: None,
            from: TimeSpec::Ago(Duration::from_secs(3600)),
            to: TimeSpec::Now,
            headers: Vec::new(),
        };
        if let Some(userinfo) = userinfo {
            use base64::Engine;
            let userinfo = grpc_web::percent_decode(userinfo);
            let token = base64::engine::general_purpose::STANDARD.encode(userinfo);
            source
                .headers
                .push(("authorization".to_string(), format!("Basic {token}")));
        }
        for param in params.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = param.split_once('=').unwrap_or((param, ""));
            let value = grpc_web::percent_decode(value);
            match key {
                "query" => source.query = Some(value).filter(|q| !q.is_empty()),
                "from" => {
                    source.from = TimeSpec::parse(&value).map_err(|e| format!("from: {e}"))?
                }
                "to" => source.to = TimeSpec::parse(&value).map_err(|e| format!("to: {e}"))?,
                other => {
                    return Err(format!(
                        "unknown parameter {other:?} (query, from and to are known)"
                    ))
                }
            }
        }
        Ok(source)
    }

    /// A client of the source's server.
    pub fn client(&self, cap: u64) -> parca::Client {
        parca::Client {
            base: self.base.clone(),
            headers: self.headers.clone(),
            cap,
            timeout: Duration::from_secs(60),
        }
    }
}

/// The merged profile `url` names, at most `cap` bytes; errors are one line
/// naming the source.
pub fn fetch(url: &str, cap: u64) -> Result<Profile, String> {
    let shown = crate::error::escape_controls(url);
    let fail = |e: String| format!("{shown}: {e}");
    let source = FleetSource::parse(url).map_err(fail)?;
    let client = source.client(cap);
    let (start, end) = range(&source).map_err(fail)?;
    let Some(query) = &source.query else {
        let types = client.profile_types().map_err(fail)?;
        let names: Vec<String> = types.iter().map(parca::ProfileType::query_name).collect();
        return Err(fail(if names.is_empty() {
            "no query, and the server holds no profiles yet".to_string()
        } else {
            format!(
                "no query (?query=TYPE{{labels}}); the types there: {}",
                names.join(", ")
            )
        }));
    };
    let data = client
        .merge(query, start, end)
        .map_err(fail)?
        .ok_or_else(|| fail("no profiles match the query in the range".to_string()))?;
    let mut profile = crate::formats::read_profile_capped(&data, cap)
        .map_err(|e| fail(format!("the server's answer is not a profile: {e}")))?;
    // Parca answers a query that matched nothing with an empty profile.
    if profile.samples.is_empty() {
        return Err(fail(format!(
            "no profiles match the query from {} to {}",
            rfc3339(start),
            rfc3339(end)
        )));
    }
    for w in &mut profile.warnings {
        *w = format!("{shown}: {w}");
    }
    Ok(profile)
}

fn rfc3339(t: parca::Timestamp) -> String {
    jiff::Timestamp::from_second(t.seconds)
        .map_or_else(|_| t.seconds.to_string(), |ts| ts.to_string())
}

/// The source's range as timestamps, its start before its end.
fn range(source: &FleetSource) -> Result<(parca::Timestamp, parca::Timestamp), String> {
    let now = timespec::now_millis();
    let (from, to) = (source.from.at(now), source.to.at(now));
    if from >= to {
        return Err("the range is empty (from is not before to)".to_string());
    }
    Ok((
        parca::Timestamp::from_millis(from),
        parca::Timestamp::from_millis(to),
    ))
}

/// Stores the profile files `files` on the server of `url` (its query and
/// range are not used), each under `labels` and its own profile name
/// (`__name__`: given, or guessed from its sample types as Parca's agent
/// names them). Returns a line per file.
pub fn push(
    url: &str,
    labels: &[(String, String)],
    name: Option<&str>,
    files: &[String],
    cap: u64,
) -> Result<Vec<String>, String> {
    let shown = crate::error::escape_controls(url);
    let source = FleetSource::parse(url).map_err(|e| format!("{shown}: {e}"))?;
    let client = source.client(cap);
    let mut done = Vec::new();
    for file in files {
        let profile = crate::formats::load_file_capped(std::path::Path::new(file), cap)
            .map_err(|e| e.to_string())?;
        let bytes = crate::formats::export::to_gzipped_bytes(&profile)
            .map_err(|e| format!("{}: {e}", crate::error::escape_controls(file)))?;
        let name = name.map_or_else(|| profile_name(&profile), str::to_string);
        let mut series = vec![("__name__".to_string(), name.clone())];
        series.extend(labels.iter().cloned());
        client
            .write_raw(&series, vec![bytes])
            .map_err(|e| format!("{shown}: {e}"))?;
        done.push(format!(
            "pushed {} as {name} to {}",
            crate::error::escape_controls(file),
            source.base
        ));
    }
    Ok(done)
}

/// The profile name Parca's agent and Go scrapes give a profile with these
/// sample types.
fn profile_name(profile: &Profile) -> String {
    let types: Vec<&str> = profile
        .sample_types
        .iter()
        .map(|t| profile.str(t.ty))
        .collect();
    let name = if types.contains(&"alloc_space") || types.contains(&"inuse_space") {
        "memory"
    } else if types.contains(&"contentions") || types.contains(&"delay") {
        "block"
    } else if types.contains(&"goroutine") || types.contains(&"goroutines") {
        "goroutine"
    } else {
        "process_cpu"
    };
    name.to_string()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn a_source_names_its_server_query_range_and_credentials() {
        let s = FleetSource::parse(
            "parca://me:p%40ss@example.org:7171?query=process_cpu:samples:count:cpu:nanoseconds:delta%7Bjob%3D%22api%22%7D&from=now-2h&to=-30m",
        )
        .unwrap();
        assert_eq!(s.base, "http://example.org:7171");
        assert_eq!(
            s.query.as_deref(),
            Some(r#"process_cpu:samples:count:cpu:nanoseconds:delta{job="api"}"#)
        );
        assert_eq!(s.from, TimeSpec::Ago(Duration::from_secs(7200)));
        assert_eq!(s.to, TimeSpec::Ago(Duration::from_secs(1800)));
        // base64("me:p@ss")
        assert_eq!(
            s.headers,
            vec![("authorization".into(), "Basic bWU6cEBzcw==".into())]
        );
        let plain = FleetSource::parse("parca://localhost").unwrap();
        assert_eq!(plain.base, "http://localhost:7070");
        assert_eq!(plain.query, None);
        assert!(FleetSource::parse("parca://?query=x").is_err());
        assert!(FleetSource::parse("parca://h:1?sort=x")
            .unwrap_err()
            .contains("unknown parameter \"sort\""));
        assert!(FleetSource::parse("parca://h:1?from=yesterday")
            .unwrap_err()
            .starts_with("from: "));
    }
}
