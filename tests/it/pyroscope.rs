//! `pyroscope://` sources against a stand-in: Pyroscope cannot be installed
//! here (its server module is not `go install`able, and it is AGPL), so
//! this is a loopback server of ours that speaks the few documented
//! Connect calls perftui makes (`querier.v1.QuerierService/ProfileTypes`,
//! `LabelNames`, `LabelValues`, `SelectMergeProfile`,
//! `SelectMergeStacktraces`) with Pyroscope's message layouts, its
//! `X-Scope-OrgID` tenant and a bearer token. It stores one real profile
//! per series and answers a query that selects one series; merging many is
//! the real Parca's test (`fleet.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use prost::Message;

#[derive(Clone, PartialEq, prost::Message)]
struct Range {
    #[prost(int64, tag = "1")]
    start: i64,
    #[prost(int64, tag = "2")]
    end: i64,
}

#[derive(Clone, PartialEq, prost::Message)]
struct ProfileTypes {
    #[prost(message, repeated, tag = "1")]
    types: Vec<ProfileType>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct ProfileType {
    #[prost(string, tag = "1")]
    id: String,
    #[prost(string, tag = "2")]
    name: String,
}

#[derive(Clone, PartialEq, prost::Message)]
struct LabelNamesRequest {
    #[prost(string, repeated, tag = "1")]
    matchers: Vec<String>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct LabelValuesRequest {
    #[prost(string, tag = "1")]
    name: String,
    #[prost(string, repeated, tag = "2")]
    matchers: Vec<String>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct Names {
    #[prost(string, repeated, tag = "1")]
    names: Vec<String>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct Select {
    #[prost(string, tag = "1")]
    profile_type_id: String,
    #[prost(string, tag = "2")]
    label_selector: String,
    #[prost(int64, tag = "3")]
    start: i64,
    #[prost(int64, tag = "4")]
    end: i64,
    #[prost(int32, tag = "6")]
    format: i32,
}

#[derive(Clone, PartialEq, prost::Message)]
struct Stacktraces {
    #[prost(message, optional, tag = "1")]
    flamegraph: Option<FlameGraph>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct FlameGraph {
    #[prost(string, repeated, tag = "1")]
    names: Vec<String>,
    #[prost(message, repeated, tag = "2")]
    levels: Vec<Level>,
    #[prost(int64, tag = "3")]
    total: i64,
}

#[derive(Clone, PartialEq, prost::Message)]
struct Level {
    #[prost(int64, repeated, tag = "1")]
    values: Vec<i64>,
}

/// One stored series: its labels, its profile (uncompressed pprof, as
/// Pyroscope answers) and the same profile's folded stacks (what its
/// flame graph is built from).
struct Series {
    profile_type: String,
    labels: BTreeMap<String, String>,
    time_ms: i64,
    pprof: Vec<u8>,
    folded: String,
}

/// How the stand-in behaves.
struct Config {
    tenant: &'static str,
    token: &'static str,
    /// Whether it has `SelectMergeProfile` (Pyroscope 1.2 and later).
    merge_profile: bool,
}

/// What the stand-in was asked, for the tests to check.
#[derive(Default)]
struct Seen {
    calls: Vec<String>,
    selects: Vec<Select>,
}

fn start(config: Config, series: Vec<Series>) -> (String, Arc<Mutex<Seen>>) {
    start_on(config, series, None)
}

/// The stand-in, over TLS when `tls` is given (`pyroscope+https://`).
fn start_on(
    config: Config,
    series: Vec<Series>,
    tls: Option<Arc<rustls::ServerConfig>>,
) -> (String, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let log = Arc::clone(&seen);
    let scheme = if tls.is_some() {
        "pyroscope+https"
    } else {
        "pyroscope"
    };
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(tcp) = stream else { continue };
            match &tls {
                Some(cfg) => {
                    let conn = rustls::ServerConnection::new(Arc::clone(cfg)).unwrap();
                    serve(&config, &series, &log, rustls::StreamOwned::new(conn, tcp));
                }
                None => serve(&config, &series, &log, tcp),
            }
        }
    });
    (format!("{scheme}://127.0.0.1:{port}"), seen)
}

/// Answers one request on `stream` (a client that gives up, as on a
/// certificate it does not trust, is let go).
fn serve(config: &Config, series: &[Series], log: &Mutex<Seen>, mut stream: impl Read + Write) {
    let Some((path, headers, body)) = read_request(&mut stream) else {
        return;
    };
    let (status, content_type, reply) = answer(config, series, log, &path, &headers, &body);
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        reply.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&reply);
    let _ = stream.flush();
}

type Request = (String, BTreeMap<String, String>, Vec<u8>);

fn read_request(stream: &mut impl Read) -> Option<Request> {
    let mut reader = BufReader::new(stream);
    let mut first = String::new();
    reader.read_line(&mut first).ok()?;
    let mut headers = BTreeMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? <= 2 {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    let path = first.split_whitespace().nth(1).unwrap_or("/").to_string();
    Some((path, headers, body))
}

fn connect_error(status: &str, code: &str, message: &str) -> (String, &'static str, Vec<u8>) {
    (
        status.to_string(),
        "application/json",
        format!(r#"{{"code":"{code}","message":"{message}"}}"#).into_bytes(),
    )
}

fn answer(
    config: &Config,
    series: &[Series],
    seen: &Mutex<Seen>,
    path: &str,
    headers: &BTreeMap<String, String>,
    body: &[u8],
) -> (String, &'static str, Vec<u8>) {
    let Some(method) = path.strip_prefix("/querier.v1.QuerierService/") else {
        return (
            "404 Not Found".into(),
            "text/plain",
            b"404 page not found".to_vec(),
        );
    };
    seen.lock().unwrap().calls.push(method.to_string());
    if headers.get("authorization").map(String::as_str) != Some(&format!("Bearer {}", config.token))
    {
        return connect_error("401 Unauthorized", "unauthenticated", "invalid token");
    }
    if headers.get("x-scope-orgid").map(String::as_str) != Some(config.tenant) {
        return connect_error("401 Unauthorized", "unauthenticated", "no org id");
    }
    if headers.get("content-type").map(String::as_str) != Some("application/proto")
        || headers.get("connect-protocol-version").map(String::as_str) != Some("1")
    {
        return connect_error("415 Unsupported Media Type", "unknown", "not Connect");
    }
    fn ok(m: &impl prost::Message) -> (String, &'static str, Vec<u8>) {
        ("200 OK".to_string(), "application/proto", m.encode_to_vec())
    }
    // Each matcher a selector; the type is its `__profile_type__`.
    let of_type = |matchers: &[String]| -> Vec<&Series> {
        series
            .iter()
            .filter(|s| {
                matchers.iter().all(|m| {
                    equality_selector(m).unwrap().iter().all(|(k, v)| {
                        if k == "__profile_type__" {
                            *v == s.profile_type
                        } else {
                            s.labels.get(k) == Some(v)
                        }
                    })
                })
            })
            .collect()
    };
    match method {
        "ProfileTypes" => {
            let _ = Range::decode(body).unwrap();
            let mut ids: Vec<&str> = series.iter().map(|s| s.profile_type.as_str()).collect();
            ids.sort();
            ids.dedup();
            ok(&ProfileTypes {
                types: ids
                    .into_iter()
                    .map(|id| ProfileType {
                        id: id.to_string(),
                        name: id.split(':').next().unwrap().to_string(),
                    })
                    .collect(),
            })
        }
        "LabelNames" => {
            let r = LabelNamesRequest::decode(body).unwrap();
            let mut names: Vec<String> = of_type(&r.matchers)
                .iter()
                .flat_map(|s| s.labels.keys().cloned())
                .collect();
            names.sort();
            names.dedup();
            ok(&Names { names })
        }
        "LabelValues" => {
            let r = LabelValuesRequest::decode(body).unwrap();
            let mut names: Vec<String> = of_type(&r.matchers)
                .iter()
                .filter_map(|s| s.labels.get(&r.name).cloned())
                .collect();
            names.sort();
            names.dedup();
            ok(&Names { names })
        }
        "SelectMergeProfile" | "SelectMergeStacktraces" => {
            if method == "SelectMergeProfile" && !config.merge_profile {
                return connect_error(
                    "404 Not Found",
                    "unimplemented",
                    "querier.v1.QuerierService.SelectMergeProfile is not implemented",
                );
            }
            let r = Select::decode(body).unwrap();
            seen.lock().unwrap().selects.push(r.clone());
            let Some(wanted) = equality_selector(&r.label_selector) else {
                return connect_error(
                    "400 Bad Request",
                    "invalid_argument",
                    "the stand-in takes k=\"v\" matchers only",
                );
            };
            let hits: Vec<&Series> = series
                .iter()
                .filter(|s| {
                    s.profile_type == r.profile_type_id
                        && (r.start..=r.end).contains(&s.time_ms)
                        && wanted.iter().all(|(k, v)| s.labels.get(k) == Some(v))
                })
                .collect();
            assert!(
                hits.len() <= 1,
                "the stand-in merges no more than one series"
            );
            match (method, hits.first()) {
                ("SelectMergeProfile", Some(s)) => {
                    ("200 OK".into(), "application/proto", s.pprof.clone())
                }
                // Pyroscope's empty merge is a profile without samples.
                ("SelectMergeProfile", None) => ("200 OK".into(), "application/proto", Vec::new()),
                (_, s) => ok(&Stacktraces {
                    flamegraph: Some(flame_graph(s.map_or("", |s| s.folded.as_str()))),
                }),
            }
        }
        _ => connect_error("404 Not Found", "unimplemented", "no such method"),
    }
}

/// `{k="v",k2="v2"}` as pairs.
fn equality_selector(s: &str) -> Option<Vec<(String, String)>> {
    let inner = s.trim().strip_prefix('{')?.strip_suffix('}')?;
    inner
        .split(',')
        .filter(|m| !m.trim().is_empty())
        .map(|m| {
            let (k, v) = m.split_once('=')?;
            let v = v.trim().strip_prefix('"')?.strip_suffix('"')?;
            Some((k.trim().to_string(), v.to_string()))
        })
        .collect()
}

/// Pyroscope's flame graph of folded stacks: a `total` root, then per
/// depth the nodes left to right as (gap after the previous node, total,
/// self, name index), children in name order.
fn flame_graph(folded: &str) -> FlameGraph {
    #[derive(Default)]
    struct Node {
        total: i64,
        own: i64,
        children: BTreeMap<String, Node>,
    }
    let mut root = Node::default();
    for line in folded.lines() {
        let (stack, n) = line.rsplit_once(' ').unwrap();
        let n: i64 = n.parse().unwrap();
        let mut node = &mut root;
        node.total += n;
        for frame in stack.split(';') {
            node = node.children.entry(frame.to_string()).or_default();
            node.total += n;
        }
        node.own += n;
    }
    let mut names = vec!["total".to_string()];
    let mut levels: Vec<Vec<(i64, i64, i64, i64)>> = Vec::new();
    fn walk(
        name: usize,
        node: &Node,
        depth: usize,
        x: i64,
        names: &mut Vec<String>,
        levels: &mut Vec<Vec<(i64, i64, i64, i64)>>,
    ) {
        if levels.len() <= depth {
            levels.push(Vec::new());
        }
        levels[depth].push((x, node.total, node.own, name as i64));
        let mut cx = x;
        for (child_name, child) in &node.children {
            names.push(child_name.clone());
            let id = names.len() - 1;
            walk(id, child, depth + 1, cx, names, levels);
            cx += child.total;
        }
    }
    walk(0, &root, 0, 0, &mut names, &mut levels);
    let total = root.total;
    let levels = levels
        .into_iter()
        .map(|nodes| {
            let mut end = 0;
            let mut values = Vec::new();
            for (x, total, own, name) in nodes {
                values.extend([x - end, total, own, name]);
                end = x + total;
            }
            Level { values }
        })
        .collect();
    FlameGraph {
        names,
        levels,
        total,
    }
}

const CPU: &str = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
const SPACE: &str = "memory:alloc_space:bytes:space:bytes";

/// The stand-in's series: two real profiles, stored at one time in 2026.
fn series() -> Vec<Series> {
    let one = |ty: &str, labels: &[(&str, &str)], file: &str, index: &str| {
        let gz = std::fs::read(common::data_dir().join(file)).unwrap();
        let mut pprof = Vec::new();
        flate2::read::GzDecoder::new(gz.as_slice())
            .read_to_end(&mut pprof)
            .unwrap();
        let folded = common::stdout_ok(&["fold", "--sample-index", index, file]);
        Series {
            profile_type: ty.to_string(),
            labels: labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            // Both were made in 2026: inside any range from 2026-01-01.
            time_ms: 1_790_000_000_000,
            pprof,
            folded,
        }
    };
    vec![
        one(
            CPU,
            &[("service_name", "api"), ("pod", "api-1")],
            "pprof/cpu_typical.pb.gz",
            "cpu",
        ),
        one(
            SPACE,
            &[("service_name", "heap"), ("pod", "heap-1")],
            "pprof/allocs.pb.gz",
            "alloc_space",
        ),
    ]
}

fn table(out: &str) -> String {
    let start = out
        .find("Showing nodes accounting for")
        .unwrap_or_else(|| panic!("no top table in:\n{out}"));
    out[start..].to_string()
}

const AUTH: [&str; 4] = ["--tenant", "team-a", "--token", "t0k3n"];

fn top(args: &[&str]) -> std::process::Output {
    let mut all = AUTH.to_vec();
    all.push("top");
    all.extend_from_slice(args);
    common::perftui(&all)
}

fn ok(args: &[&str]) -> String {
    let out = top(args);
    assert!(
        out.status.success(),
        "perftui top {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn err(args: &[&str]) -> String {
    let out = top(args);
    assert_eq!(out.status.code(), Some(1), "{args:?}");
    let e = String::from_utf8(out.stderr).unwrap();
    assert_eq!(e.lines().count(), 1, "{e}");
    e
}

#[test]
fn a_pyroscope_merge_has_the_numbers_of_the_stored_profile() {
    let config = Config {
        tenant: "team-a",
        token: "t0k3n",
        merge_profile: true,
    };
    let (base, seen) = start(config, series());
    let source = |selector: &str, ty: &str| {
        format!("{base}/?query={selector}&type={ty}&from=2026-01-01T00:00:00Z&to=now")
    };
    for n in ["10", "40"] {
        let local = common::stdout_ok(&["top", "-n", n, "pprof/cpu_typical.pb.gz"]);
        let fleet = ok(&["-n", n, &source(r#"{service_name="api"}"#, CPU)]);
        assert_eq!(table(&fleet), table(&local));
    }
    let local = common::stdout_ok(&[
        "top",
        "-n",
        "25",
        "--sample-index",
        "alloc_space",
        "pprof/allocs.pb.gz",
    ]);
    let fleet = ok(&["-n", "25", &source(r#"{pod="heap-1"}"#, SPACE)]);
    assert_eq!(table(&fleet), table(&local));
    // The request carried what the URL says, the range in milliseconds.
    let s = seen.lock().unwrap().selects[0].clone();
    assert_eq!(s.profile_type_id, CPU);
    assert_eq!(s.label_selector, r#"{service_name="api"}"#);
    assert_eq!(s.start, 1_767_225_600_000);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    assert!((now - s.end).abs() < 120_000, "end {} vs now {now}", s.end);
    assert_eq!(s.format, 0);
}

#[test]
fn an_older_pyroscope_answers_with_its_flame_graph() {
    let config = Config {
        tenant: "team-a",
        token: "t0k3n",
        merge_profile: false,
    };
    let (base, seen) = start(config, series());
    let fleet = ok(&[
        "-n",
        "30",
        &format!(r#"{base}/?query={{service_name="api"}}&type={CPU}&from=2026-01-01T00:00:00Z"#),
    ]);
    // Names and values only: top's table of the file but for pprof's
    // "(inline)" marks, which a flame graph does not carry.
    let local = common::stdout_ok(&["top", "-n", "30", "pprof/cpu_typical.pb.gz"]);
    assert!(local.contains(" (inline)\n"));
    assert_eq!(table(&fleet), table(&local).replace(" (inline)\n", "\n"));
    assert!(
        table(&fleet).contains(
            "13.08s 13.72% 13.72%     18.36s 19.26%  compress/flate.(*compressor).deflate"
        ),
        "{fleet}"
    );
    let calls = seen.lock().unwrap().calls.clone();
    assert_eq!(calls, ["SelectMergeProfile", "SelectMergeStacktraces"]);
}

#[test]
fn pyroscope_errors_are_one_line() {
    let config = Config {
        tenant: "team-a",
        token: "t0k3n",
        merge_profile: true,
    };
    let (base, _) = start(config, series());
    // No query: the types there.
    let e = err(&[&base]);
    assert!(
        e.contains(&format!(
            "no query (?query=TYPE{{labels}}); the types there: {SPACE}, {CPU}"
        )),
        "{e}"
    );
    // Nothing in the default range (the last hour).
    let e = err(&[&format!(
        r#"{base}?query={{service_name="api"}}&type={CPU}"#
    )]);
    assert!(
        e.ends_with(&format!(
            "no profiles for {CPU}{{service_name=\"api\"}} in the last hour\n"
        )),
        "{e}"
    );
    // A type the server does not have.
    let e = err(&[&format!(
        "{base}?type=memory:inuse_space:bytes:space:bytes&from=2026-01-01T00:00:00Z"
    )]);
    assert!(
        e.contains(
            "unknown profile type \"memory:inuse_space:bytes:space:bytes\"; the types there: "
        ),
        "{e}"
    );
    // The wrong tenant, the wrong token.
    let out = common::perftui(&["--tenant", "team-b", "--token", "t0k3n", "top", &base]);
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(
        e.contains("the server said: not allowed (check --token or user:pass@): no org id"),
        "{e}"
    );
    let out = common::perftui_env(
        &["top", &format!("{base}?tenant=team-a")],
        &[("PERFTUI_TOKEN", "wrong")],
    );
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(e.contains("invalid token"), "{e}");
    // The tenant and token from the environment are enough.
    let out = common::perftui_env(
        &["top", &base],
        &[("PERFTUI_TOKEN", "t0k3n"), ("PERFTUI_TENANT", "team-a")],
    );
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("the types there"));
    // Not a Pyroscope: an HTTP server that knows none of the paths.
    let (other, _) = common::serve_profiles();
    let port = other.rsplit(':').next().unwrap();
    let e = err(&[&format!("pyroscope://127.0.0.1:{port}?type={CPU}")]);
    assert!(e.contains("not implemented (is this Pyroscope?)"), "{e}");
    // Nobody there; a password in the URL is not repeated.
    let e = err(&[&format!("pyroscope://me:s3cret@127.0.0.1:1?type={CPU}")]);
    assert!(
        e.starts_with("perftui: pyroscope://me:…@127.0.0.1:1?type=")
            && e.ends_with("connection refused (is the server running?)\n"),
        "{e}"
    );
}

#[test]
fn the_picker_and_the_label_lists_of_a_pyroscope() {
    let config = Config {
        tenant: "team-a",
        token: "t0k3n",
        merge_profile: true,
    };
    let (base, _) = start(config, series());
    let port = base.rsplit(':').next().unwrap().to_string();
    let mut args = AUTH.to_vec();
    args.extend(["open", "--snapshot", "90x10", &base]);
    let screen = common::stdout_ok(&args).replace(&port, "PORT");
    insta::assert_snapshot!(screen);
    // The lists behind the picker's steps, narrowed by what is chosen.
    let source = perftui::fleet::FleetSource::parse(
        &base,
        perftui::fleet::Credentials {
            tenant: Some("team-a"),
            token: Some("t0k3n"),
        },
    )
    .unwrap();
    let store = source.store(1 << 20);
    let range = (0, i64::MAX);
    let cpu = perftui::fleet::Query::parse(CPU);
    assert_eq!(
        store.label_names(&cpu, range).unwrap(),
        ["pod", "service_name"]
    );
    assert_eq!(store.label_values(&cpu, "pod", range).unwrap(), ["api-1"]);
    let any = perftui::fleet::Query::parse(SPACE).with("service_name", "api");
    assert!(store.label_values(&any, "pod", range).unwrap().is_empty());
}

/// A CA and a certificate it signed for 127.0.0.1, made by `openssl`, and
/// the server side of them; the CA's file to trust, or `None` without
/// openssl.
fn tls(dir: &crate::common::TempDir) -> Option<(std::path::PathBuf, Arc<rustls::ServerConfig>)> {
    use rustls::pki_types::pem::PemObject;
    let p = |name: &str| dir.0.join(name);
    let (ca, ca_key, cert, key) = (p("ca.pem"), p("ca.key"), p("cert.pem"), p("key.pem"));
    let openssl = |args: &[&std::ffi::OsStr]| {
        std::process::Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            ])
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let os = |s: &'static str| std::ffi::OsStr::new(s);
    let made = openssl(&[
        os("-subj"),
        os("/CN=perftui test CA"),
        os("-addext"),
        os("basicConstraints=critical,CA:TRUE"),
        os("-keyout"),
        ca_key.as_os_str(),
        os("-out"),
        ca.as_os_str(),
    ]) && openssl(&[
        os("-subj"),
        os("/CN=127.0.0.1"),
        os("-addext"),
        os("subjectAltName=IP:127.0.0.1"),
        os("-addext"),
        os("basicConstraints=CA:FALSE"),
        os("-CA"),
        ca.as_os_str(),
        os("-CAkey"),
        ca_key.as_os_str(),
        os("-keyout"),
        key.as_os_str(),
        os("-out"),
        cert.as_os_str(),
    ]);
    if !made {
        return None;
    }
    let chain: Vec<_> = rustls::pki_types::CertificateDer::pem_file_iter(&cert)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let key = rustls::pki_types::PrivateKeyDer::from_pem_file(&key).unwrap();
    // The crate's one provider (ring, the feature Cargo.toml asks for).
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    Some((ca, Arc::new(config)))
}

#[test]
fn pyroscope_over_tls_trusts_ssl_cert_file() {
    let dir = crate::common::TempDir::new("pyroscope-tls");
    let Some((cert, server)) = tls(&dir) else {
        assert!(
            std::env::var_os("PERFTUI_REQUIRE_OPENSSL").is_none(),
            "openssl is required (PERFTUI_REQUIRE_OPENSSL is set) for the TLS test"
        );
        eprintln!("SKIPPED: no openssl to make a certificate");
        return;
    };
    let config = Config {
        tenant: "team-a",
        token: "t0k3n",
        merge_profile: true,
    };
    let (base, _) = start_on(config, series(), Some(server));
    let url =
        format!(r#"{base}/?query={{service_name="api"}}&type={CPU}&from=2026-01-01T00:00:00Z"#);
    let mut args = AUTH.to_vec();
    args.extend(["top", "-n", "20", &url]);
    // Trusted through SSL_CERT_FILE: the numbers of the file.
    let out = common::perftui_env(&args, &[("SSL_CERT_FILE", cert.to_str().unwrap())]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let local = common::stdout_ok(&["top", "-n", "20", "pprof/cpu_typical.pb.gz"]);
    assert_eq!(
        table(&String::from_utf8(out.stdout).unwrap()),
        table(&local)
    );
    // Mozilla's roots do not know it: one line, saying so.
    let out = common::perftui_env(&args, &[("SSL_CERT_FILE", "")]);
    let e = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(
        e.contains(": TLS: ")
            && e.ends_with("(SSL_CERT_FILE names a PEM file of the CAs to trust)\n"),
        "{e}"
    );
}
