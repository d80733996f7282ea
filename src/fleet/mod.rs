//! Profiles that live in a fleet's store rather than in files: a Parca or
//! Grafana Pyroscope server, named by a `parca://` or `pyroscope://`
//! source (`perftui top 'parca://host:7070?query=process_cpu:samples:count:
//! cpu:nanoseconds:delta{job="api"}&from=now-1h'`), read as the server's
//! merge of the profiles the query selects in the range, and written by
//! `perftui push` (Parca).

pub mod grpc_web;
pub mod http;
pub mod parca;
pub mod pyroscope;
pub mod timespec;

use std::time::Duration;

use crate::profile::Profile;

pub use timespec::TimeSpec;

/// Whether `s` names a fleet source rather than a file or an HTTP URL.
pub fn is_fleet(s: &str) -> bool {
    Engine::of(s).is_some()
}

/// The kind of store a source names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Parca (`parca://`, port 7070), over gRPC-Web.
    Parca,
    /// Grafana Pyroscope (`pyroscope://`, port 4040), over Connect.
    Pyroscope,
}

/// The schemes of fleet sources: the engine, and whether over TLS.
const SCHEMES: [(&str, Engine, bool); 4] = [
    ("parca://", Engine::Parca, false),
    ("parca+https://", Engine::Parca, true),
    ("pyroscope://", Engine::Pyroscope, false),
    ("pyroscope+https://", Engine::Pyroscope, true),
];

impl Engine {
    /// The engine, whether TLS, and the rest of the URL.
    fn of(url: &str) -> Option<(Engine, bool, &str)> {
        SCHEMES
            .iter()
            .find_map(|&(scheme, engine, tls)| Some((engine, tls, url.strip_prefix(scheme)?)))
    }

    fn default_port(self, tls: bool) -> u16 {
        match (self, tls) {
            (_, true) => 443,
            (Engine::Parca, false) => 7070,
            (Engine::Pyroscope, false) => 4040,
        }
    }
}

/// Credentials from the command line or the environment (`--tenant`,
/// `--token`), for every fleet source of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Credentials {
    /// Sent as `X-Scope-OrgID` (Pyroscope's and Grafana Cloud's tenant).
    pub tenant: Option<&'static str>,
    /// Sent as `Authorization: Bearer …`.
    pub token: Option<&'static str>,
}

/// What to merge: a profile type and a label selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// `process_cpu:cpu:nanoseconds:cpu:nanoseconds` (Parca's CPU and
    /// other delta types end in `:delta`).
    pub profile_type: String,
    /// `{job="api",host=~"a|b"}`; `{}` selects every series.
    pub selector: String,
}

impl Query {
    /// Splits `TYPE{matchers}` (or a bare `TYPE`).
    pub fn parse(s: &str) -> Query {
        let s = s.trim();
        match s.find('{') {
            Some(i) => Query {
                profile_type: s[..i].trim().to_string(),
                selector: s[i..].trim().to_string(),
            },
            None => Query {
                profile_type: s.to_string(),
                selector: "{}".to_string(),
            },
        }
    }
}

impl Query {
    /// The selector with `name="value"` added.
    pub fn with(&self, name: &str, value: &str) -> Query {
        let inner = self.matchers();
        let value = value.replace('\\', "\\\\").replace('"', "\\\"");
        let added = format!("{name}=\"{value}\"");
        Query {
            profile_type: self.profile_type.clone(),
            selector: if inner.is_empty() {
                format!("{{{added}}}")
            } else {
                format!("{{{inner},{added}}}")
            },
        }
    }

    /// The selector's matchers without the braces (`job="api"`).
    pub fn matchers(&self) -> &str {
        let s = self.selector.trim();
        s.strip_prefix('{')
            .and_then(|s| s.strip_suffix('}'))
            .unwrap_or(s)
            .trim()
    }
}

impl std::fmt::Display for Query {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.profile_type, self.selector)
    }
}

/// A range in milliseconds since the epoch, start before end.
pub type Range = (i64, i64);

/// What a fleet store answers; Parca and Pyroscope each implement it.
pub trait Store: Send + Sync {
    /// The profile types the store holds, as queries name them, sorted.
    fn profile_types(&self, range: Range) -> Result<Vec<String>, String>;
    /// The label names of the profiles `query` selects in the range.
    fn label_names(&self, query: &Query, range: Range) -> Result<Vec<String>, String>;
    /// The values label `name` takes on them.
    fn label_values(&self, query: &Query, name: &str, range: Range) -> Result<Vec<String>, String>;
    /// The profiles `query` selects in the range, merged by the store
    /// (`None` or an empty profile: none matched).
    fn merge(&self, query: &Query, range: Range) -> Result<Option<Profile>, String>;
}

/// A `parca://` or `pyroscope://` source, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FleetSource {
    /// Which store.
    pub engine: Engine,
    /// `http://host:port` of the server (`https://` for `parca+https://`
    /// and `pyroscope+https://`).
    pub base: String,
    /// What to merge; `None` when the source names only the server.
    pub query: Option<Query>,
    /// The range's start (default: an hour ago).
    pub from: TimeSpec,
    /// The range's end (default: now).
    pub to: TimeSpec,
    /// Sent with each call: an authorization, a tenant.
    pub headers: Vec<(String, String)>,
}

impl FleetSource {
    /// Parses `parca://[user:pass@]host[:port][?query=TYPE{labels}&from=F&to=T]`
    /// or `pyroscope://…?query={labels}&type=TYPE&from=F&to=T&tenant=ID`,
    /// with `credentials` from the command line.
    pub fn parse(url: &str, credentials: Credentials) -> Result<FleetSource, String> {
        let (engine, tls, rest) =
            Engine::of(url).ok_or_else(|| "not a parca:// or pyroscope:// source".to_string())?;
        let (authority, params) = rest.split_once('?').unwrap_or((rest, ""));
        let authority = authority.trim_end_matches('/');
        let (userinfo, host) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        if host.is_empty() || host.contains('/') {
            return Err("no host (parca://HOST:PORT?query=...)".to_string());
        }
        let host = if host.rsplit_once(':').is_some_and(|(_, p)| !p.contains(']')) {
            host.to_string()
        } else {
            format!("{host}:{}", engine.default_port(tls))
        };
        let mut source = FleetSource {
            engine,
            base: format!("{}://{host}", if tls { "https" } else { "http" }),
            query: None,
            from: TimeSpec::Ago(Duration::from_secs(3600)),
            to: TimeSpec::Now,
            headers: Vec::new(),
        };
        let mut tenant = credentials.tenant.map(str::to_string);
        let mut selector = None;
        let mut profile_type = None;
        for param in params.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = param.split_once('=').unwrap_or((param, ""));
            let value = grpc_web::percent_decode(value);
            match (key, engine) {
                ("query", _) => selector = Some(value).filter(|q| !q.trim().is_empty()),
                ("type", Engine::Pyroscope) => {
                    profile_type = Some(value).filter(|t| !t.trim().is_empty())
                }
                ("tenant", Engine::Pyroscope) => tenant = Some(value),
                ("from", _) => {
                    source.from = TimeSpec::parse(&value).map_err(|e| format!("from: {e}"))?
                }
                ("to", _) => source.to = TimeSpec::parse(&value).map_err(|e| format!("to: {e}"))?,
                (other, Engine::Parca) => {
                    return Err(format!(
                        "unknown parameter {other:?} (query, from and to are known)"
                    ))
                }
                (other, Engine::Pyroscope) => {
                    return Err(format!(
                        "unknown parameter {other:?} (query, type, from, to and tenant are known)"
                    ))
                }
            }
        }
        source.query = match (selector, profile_type) {
            (Some(q), None) => Some(Query::parse(&q)),
            (selector, Some(ty)) => Some(Query {
                profile_type: ty.trim().to_string(),
                selector: selector.map_or_else(|| "{}".to_string(), |s| s.trim().to_string()),
            }),
            (None, None) => None,
        };
        if let Some(userinfo) = userinfo {
            use base64::Engine;
            let userinfo = grpc_web::percent_decode(userinfo);
            let token = base64::engine::general_purpose::STANDARD.encode(userinfo);
            source
                .headers
                .push(("authorization".to_string(), format!("Basic {token}")));
        } else if let Some(token) = credentials.token {
            source
                .headers
                .push(("authorization".to_string(), format!("Bearer {token}")));
        }
        if let Some(tenant) = tenant.filter(|t| !t.is_empty()) {
            source.headers.push(("x-scope-orgid".to_string(), tenant));
        }
        Ok(source)
    }

    /// The source's server, answers capped at `cap` bytes.
    pub fn server(&self, cap: u64) -> http::Server {
        http::Server {
            base: self.base.clone(),
            headers: self.headers.clone(),
            cap,
            timeout: Duration::from_secs(60),
        }
    }

    /// A client of the source's store.
    pub fn store(&self, cap: u64) -> Box<dyn Store> {
        let server = self.server(cap);
        match self.engine {
            Engine::Parca => Box::new(parca::Client { server }),
            Engine::Pyroscope => Box::new(pyroscope::Client { server }),
        }
    }

    /// The range as milliseconds when asked at `now_ms`; an error when it
    /// is empty.
    pub fn range_at(&self, now_ms: i64) -> Result<Range, String> {
        let (from, to) = (self.from.at(now_ms), self.to.at(now_ms));
        if from >= to {
            return Err("the range is empty (from is not before to)".to_string());
        }
        Ok((from, to))
    }

    /// The range in words: "in the last hour", "from … to …".
    pub fn range_words(&self, range: Range) -> String {
        match (self.from, self.to) {
            (TimeSpec::Ago(d), TimeSpec::Now) => format!("in the last {}", timespec::words(d)),
            _ => format!("from {} to {}", rfc3339(range.0), rfc3339(range.1)),
        }
    }
}

/// `url` with the password of its `user:pass@` left out, to show in
/// messages.
pub fn redacted(url: &str) -> String {
    let Some((engine, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    match rest[..end].rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{engine}://{user}:…@{host}{}", &rest[end..])
        }
        None => url.to_string(),
    }
}

/// How a title names a fleet source: the profile's name, matchers and
/// range as written (`process_cpu{job="api"} -2h..-1h`); `None` for
/// anything else.
pub fn short_name(url: &str) -> Option<String> {
    let source = FleetSource::parse(url, Credentials::default()).ok()?;
    let query = source.query?;
    let params = url.split_once('?').map_or("", |(_, p)| p);
    let end = |name: &str, default: &str| {
        param(params, name).map_or_else(|| default.to_string(), grpc_web::percent_decode)
    };
    let name = query.profile_type.split(':').next().unwrap_or("");
    Some(format!(
        "{name}{} {}..{}",
        query.selector,
        end("from", "-1h"),
        end("to", "now")
    ))
}

/// The value of parameter `name` in a URL's `params` (after its `?`), as
/// written (not decoded).
pub fn param<'a>(params: &'a str, name: &str) -> Option<&'a str> {
    params
        .split('&')
        .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
}

/// The merged profile `url` names, at most `cap` bytes; errors are one line
/// naming the source.
pub fn fetch(url: &str, cap: u64, credentials: Credentials) -> Result<Profile, String> {
    let shown = crate::error::escape_controls(&redacted(url));
    let fail = |e: String| format!("{shown}: {e}");
    let source = FleetSource::parse(url, credentials).map_err(fail)?;
    let store = source.store(cap);
    let range = source.range_at(timespec::now_millis()).map_err(fail)?;
    let Some(query) = &source.query else {
        let names = store.profile_types(range).map_err(fail)?;
        return Err(fail(if names.is_empty() {
            "no query, and the server holds no profiles yet".to_string()
        } else {
            format!(
                "no query (?query=TYPE{{labels}}); the types there: {}",
                names.join(", ")
            )
        }));
    };
    let mut profile = match store.merge(query, range).map_err(fail)? {
        Some(p) if !p.samples.is_empty() => p,
        // A store answers a query that matched nothing with an empty
        // profile; say whether the type is the reason.
        _ => {
            let types = store.profile_types(range).map_err(fail)?;
            return Err(fail(if types.contains(&query.profile_type) {
                format!("no profiles for {query} {}", source.range_words(range))
            } else if types.is_empty() {
                format!(
                    "no profiles for {query} {}; the server holds none",
                    source.range_words(range)
                )
            } else {
                format!(
                    "unknown profile type {:?}; the types there: {}",
                    query.profile_type,
                    types.join(", ")
                )
            }));
        }
    };
    for w in &mut profile.warnings {
        *w = format!("{shown}: {w}");
    }
    Ok(profile)
}

fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map_or_else(|_| ms.to_string(), |ts| ts.to_string())
}

/// Stores the profile files `files` on the server of `url` (its query and
/// range are not used), each under `labels` and its own profile name
/// (`__name__`: given, or guessed from its sample types as Parca's agent
/// names them), at its own time or `at`. Returns a line per file.
pub fn push(
    url: &str,
    labels: &[(String, String)],
    name: Option<&str>,
    at: Option<TimeSpec>,
    files: &[String],
    cap: u64,
    credentials: Credentials,
) -> Result<Vec<String>, String> {
    let now = timespec::now_millis();
    let shown = crate::error::escape_controls(&redacted(url));
    let source = FleetSource::parse(url, credentials).map_err(|e| format!("{shown}: {e}"))?;
    if source.engine != Engine::Parca {
        return Err(format!(
            "{shown}: push stores into Parca (parca://HOST:PORT); Pyroscope takes profiles from its own agents"
        ));
    }
    let client = parca::Client {
        server: source.server(cap),
    };
    let mut done = Vec::new();
    for file in files {
        let mut profile = crate::formats::load_file_capped(std::path::Path::new(file), cap)
            .map_err(|e| e.to_string())?;
        // The store places a profile by its own time; one without a time
        // (a folded file, say) would be placed at the epoch.
        match at {
            Some(t) => profile.time_nanos = t.at(now).saturating_mul(1_000_000),
            None if profile.time_nanos == 0 => profile.time_nanos = now.saturating_mul(1_000_000),
            None => {}
        }
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

    fn parse(url: &str) -> Result<FleetSource, String> {
        FleetSource::parse(url, Credentials::default())
    }

    #[test]
    fn a_source_names_its_server_query_range_and_credentials() {
        let s = parse(
            "parca://me:p%40ss@example.org:7171?query=process_cpu:samples:count:cpu:nanoseconds:delta%7Bjob%3D%22api%22%7D&from=now-2h&to=-30m",
        )
        .unwrap();
        assert_eq!(s.engine, Engine::Parca);
        assert_eq!(s.base, "http://example.org:7171");
        let q = s.query.clone().unwrap();
        assert_eq!(
            q.profile_type,
            "process_cpu:samples:count:cpu:nanoseconds:delta"
        );
        assert_eq!(q.selector, r#"{job="api"}"#);
        assert_eq!(
            q.to_string(),
            r#"process_cpu:samples:count:cpu:nanoseconds:delta{job="api"}"#
        );
        assert_eq!(s.from, TimeSpec::Ago(Duration::from_secs(7200)));
        assert_eq!(s.to, TimeSpec::Ago(Duration::from_secs(1800)));
        // base64("me:p@ss")
        assert_eq!(
            s.headers,
            vec![("authorization".into(), "Basic bWU6cEBzcw==".into())]
        );
        let plain = parse("parca://localhost").unwrap();
        assert_eq!(plain.base, "http://localhost:7070");
        let tls = parse("parca+https://parca.example.org?query=x").unwrap();
        assert_eq!(tls.base, "https://parca.example.org:443");
        assert_eq!(
            parse("pyroscope+https://p.example.org:8443").unwrap().base,
            "https://p.example.org:8443"
        );
        assert_eq!(plain.query, None);
        assert!(parse("parca://?query=x").is_err());
        assert!(parse("parca://h:1?sort=x")
            .unwrap_err()
            .contains("unknown parameter \"sort\""));
        // Pyroscope's own parameters are not Parca's.
        assert!(parse("parca://h:1?tenant=x").is_err());
        assert!(parse("parca://h:1?from=yesterday")
            .unwrap_err()
            .starts_with("from: "));
    }

    #[test]
    fn a_pyroscope_source_takes_its_type_tenant_and_token() {
        let creds = Credentials {
            tenant: Some("from-flag"),
            token: Some("s3cret"),
        };
        let s = FleetSource::parse(
            r#"pyroscope://pyro.local/?query={service_name="api"}&type=process_cpu:cpu:nanoseconds:cpu:nanoseconds&from=-1h&tenant=team-a"#,
            creds,
        )
        .unwrap();
        assert_eq!(s.engine, Engine::Pyroscope);
        assert_eq!(s.base, "http://pyro.local:4040");
        let q = s.query.clone().unwrap();
        assert_eq!(
            q.profile_type,
            "process_cpu:cpu:nanoseconds:cpu:nanoseconds"
        );
        assert_eq!(q.selector, r#"{service_name="api"}"#);
        // The URL's tenant wins over the flag's.
        assert_eq!(
            s.headers,
            vec![
                ("authorization".into(), "Bearer s3cret".into()),
                ("x-scope-orgid".into(), "team-a".into())
            ]
        );
        // A type alone selects every series; the one-string form works too.
        let t = parse("pyroscope://h:1?type=memory:alloc_space:bytes:space:bytes").unwrap();
        assert_eq!(t.query.unwrap().selector, "{}");
        let one = parse(r#"pyroscope://h:1?query=memory:inuse_space:bytes:space:bytes{pod="x"}"#)
            .unwrap();
        assert_eq!(
            one.query.unwrap().profile_type,
            "memory:inuse_space:bytes:space:bytes"
        );
        assert_eq!(
            short_name(r#"parca://h?query=process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta{job="api"}&from=-2h&to=-1h"#).as_deref(),
            Some(r#"process_cpu{job="api"} -2h..-1h"#)
        );
        assert_eq!(
            short_name("pyroscope://h?type=memory:alloc_space:bytes:space:bytes").as_deref(),
            Some("memory{} -1h..now")
        );
        assert_eq!(short_name("parca://h"), None);
        assert_eq!(
            redacted("parca://me:s3cret@h:1/?query=a{b=\"c@d\"}"),
            "parca://me:…@h:1/?query=a{b=\"c@d\"}"
        );
        assert_eq!(redacted("pyroscope://h?x=@"), "pyroscope://h?x=@");
        assert_eq!(short_name("cpu.pb.gz"), None);
        let words = parse("pyroscope://h:1?from=now-1h").unwrap();
        assert_eq!(words.range_words((0, 1)), "in the last hour");
        let at =
            parse("pyroscope://h:1?from=2026-12-07T10:00:00Z&to=2026-12-07T11:00:00Z").unwrap();
        let r = at.range_at(0).unwrap();
        assert_eq!(
            at.range_words(r),
            "from 2026-12-07T10:00:00Z to 2026-12-07T11:00:00Z"
        );
        assert!(parse("pyroscope://h:1?from=-1h&to=-2h")
            .unwrap()
            .range_at(timespec::now_millis())
            .is_err());
    }
}
