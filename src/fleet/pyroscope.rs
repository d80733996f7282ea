//! Grafana Pyroscope's query API (`querier.v1.QuerierService`), called
//! with the Connect protocol: one POST of a protobuf message per call,
//! answered by a protobuf message or, on failure, a JSON error. The merge
//! asks `SelectMergeProfile` (pprof) first; a server without it (before
//! Pyroscope 1.2) is asked `SelectMergeStacktraces` for its flame graph,
//! which carries names and values but no lines or addresses.

use super::{Query, Range};
use crate::profile::Profile;
use crate::profile::ProfileBuilder;

#[derive(Clone, PartialEq, prost::Message)]
struct ProfileTypesRequest {
    #[prost(int64, tag = "1")]
    start: i64,
    #[prost(int64, tag = "2")]
    end: i64,
}

#[derive(Clone, PartialEq, prost::Message)]
struct ProfileTypesResponse {
    #[prost(message, repeated, tag = "1")]
    profile_types: Vec<ProfileType>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct ProfileType {
    #[prost(string, tag = "1")]
    id: String,
}

#[derive(Clone, PartialEq, prost::Message)]
struct LabelNamesRequest {
    #[prost(string, repeated, tag = "1")]
    matchers: Vec<String>,
    #[prost(int64, tag = "2")]
    start: i64,
    #[prost(int64, tag = "3")]
    end: i64,
}

#[derive(Clone, PartialEq, prost::Message)]
struct LabelValuesRequest {
    #[prost(string, tag = "1")]
    name: String,
    #[prost(string, repeated, tag = "2")]
    matchers: Vec<String>,
    #[prost(int64, tag = "3")]
    start: i64,
    #[prost(int64, tag = "4")]
    end: i64,
}

/// The answer of both `LabelNames` and `LabelValues`.
#[derive(Clone, PartialEq, prost::Message)]
struct NamesResponse {
    #[prost(string, repeated, tag = "1")]
    names: Vec<String>,
}

/// `SelectMergeProfileRequest`, and `SelectMergeStacktracesRequest` with
/// its `format` (tag 6) set.
#[derive(Clone, PartialEq, prost::Message)]
struct SelectRequest {
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

/// `ProfileFormat.PROFILE_FORMAT_FLAMEGRAPH`.
const FORMAT_FLAMEGRAPH: i32 = 1;

#[derive(Clone, PartialEq, prost::Message)]
struct StacktracesResponse {
    #[prost(message, optional, tag = "1")]
    flamegraph: Option<FlameGraph>,
}

/// Pyroscope's flame graph: per depth, nodes of four numbers each (the gap
/// after the previous node, total, self, name index), left to right.
#[derive(Clone, PartialEq, prost::Message)]
pub struct FlameGraph {
    /// Frame names, indexed by the nodes.
    #[prost(string, repeated, tag = "1")]
    pub names: Vec<String>,
    /// The depths, root (`total`) first.
    #[prost(message, repeated, tag = "2")]
    pub levels: Vec<Level>,
    /// The root's total.
    #[prost(int64, tag = "3")]
    pub total: i64,
}

/// One depth of a [`FlameGraph`].
#[derive(Clone, PartialEq, prost::Message)]
pub struct Level {
    /// Four numbers per node.
    #[prost(int64, repeated, tag = "1")]
    pub values: Vec<i64>,
}

const QUERIER: &str = "/querier.v1.QuerierService";

/// A Pyroscope server and how to call it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    /// Where, as whom, with what limits.
    pub server: super::http::Server,
}

/// Why a call failed; `Unimplemented` lets the merge try the older method.
#[derive(Debug)]
enum CallError {
    Unimplemented,
    Other(String),
}

impl From<CallError> for String {
    fn from(e: CallError) -> String {
        match e {
            CallError::Unimplemented => {
                "the server said: not implemented (is this Pyroscope?)".to_string()
            }
            CallError::Other(s) => s,
        }
    }
}

#[derive(serde::Deserialize)]
struct ConnectError {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
}

impl Client {
    fn call_raw<Req: prost::Message>(
        &self,
        method: &str,
        request: &Req,
    ) -> Result<Vec<u8>, CallError> {
        let mut headers = self.server.headers.clone();
        headers.push(("connect-protocol-version".to_string(), "1".to_string()));
        let reply = super::http::post(
            &format!("{}{QUERIER}/{method}", self.server.base),
            "application/proto",
            &headers,
            &[],
            &request.encode_to_vec(),
            self.server.cap,
            self.server.timeout,
        )
        .map_err(CallError::Other)?;
        if reply.status == 200 {
            return Ok(reply.body);
        }
        // Connect's errors are JSON with a code; a proxy's are anything.
        match serde_json::from_slice::<ConnectError>(&reply.body) {
            Ok(e) if e.code == "unimplemented" => Err(CallError::Unimplemented),
            Ok(e) if !e.code.is_empty() => Err(CallError::Other(connect_error(&e))),
            _ if reply.status == 404 => Err(CallError::Unimplemented),
            _ => Err(CallError::Other(super::http::status_error(reply.status))),
        }
    }

    fn call<Req: prost::Message, Resp: prost::Message + Default>(
        &self,
        method: &str,
        request: &Req,
    ) -> Result<Resp, CallError> {
        let body = self.call_raw(method, request)?;
        Resp::decode(body.as_slice())
            .map_err(|e| CallError::Other(format!("not a Pyroscope answer: {e}")))
    }

    fn select(&self, query: &Query, range: Range, format: i32) -> SelectRequest {
        SelectRequest {
            profile_type_id: query.profile_type.clone(),
            label_selector: query.selector.clone(),
            start: range.0,
            end: range.1,
            format,
        }
    }
}

fn connect_error(e: &ConnectError) -> String {
    let name = match e.code.as_str() {
        "unauthenticated" => "not allowed (check --token or user:pass@)",
        "permission_denied" => "permission denied (check --tenant and the credentials)",
        "invalid_argument" => "invalid argument",
        "not_found" => "not found",
        other => other,
    };
    if e.message.is_empty() {
        format!("the server said: {name}")
    } else {
        format!("the server said: {name}: {}", e.message)
    }
}

impl super::Store for Client {
    fn profile_types(&self, range: Range) -> Result<Vec<String>, String> {
        let r: ProfileTypesResponse = self.call(
            "ProfileTypes",
            &ProfileTypesRequest {
                start: range.0,
                end: range.1,
            },
        )?;
        let mut ids: Vec<String> = r.profile_types.into_iter().map(|t| t.id).collect();
        ids.sort();
        Ok(ids)
    }

    fn label_names(&self, query: &Query, range: Range) -> Result<Vec<String>, String> {
        let r: NamesResponse = self.call(
            "LabelNames",
            &LabelNamesRequest {
                matchers: vec![type_matcher(query)],
                start: range.0,
                end: range.1,
            },
        )?;
        let mut names = r.names;
        names.sort();
        Ok(names)
    }

    fn label_values(&self, query: &Query, name: &str, range: Range) -> Result<Vec<String>, String> {
        let r: NamesResponse = self.call(
            "LabelValues",
            &LabelValuesRequest {
                name: name.to_string(),
                matchers: vec![type_matcher(query)],
                start: range.0,
                end: range.1,
            },
        )?;
        let mut values = r.names;
        values.sort();
        Ok(values)
    }

    fn merge(&self, query: &Query, range: Range) -> Result<Option<Profile>, String> {
        match self.call_raw("SelectMergeProfile", &self.select(query, range, 0)) {
            // An empty message: a profile without samples.
            Ok(pprof) if pprof.is_empty() => Ok(None),
            Ok(pprof) => crate::formats::read_profile_capped(&pprof, self.server.cap)
                .map(Some)
                .map_err(|e| format!("the server's answer is not a profile: {e}")),
            Err(CallError::Unimplemented) => {
                let r: StacktracesResponse = self.call(
                    "SelectMergeStacktraces",
                    &self.select(query, range, FORMAT_FLAMEGRAPH),
                )?;
                Ok(r.flamegraph
                    .map(|g| flame_graph_profile(&g, &query.profile_type)))
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// The query as one selector: Pyroscope selects a profile type by its
/// `__profile_type__` label.
fn type_matcher(query: &Query) -> String {
    let by_type = format!("__profile_type__=\"{}\"", query.profile_type);
    match query.matchers() {
        "" => format!("{{{by_type}}}"),
        m => format!("{{{by_type},{m}}}"),
    }
}

/// The samples a flame graph stands for: each node's self value on the
/// stack from the root to it. `profile_type` names the sample type
/// (`process_cpu:cpu:nanoseconds:…` → `cpu`/`nanoseconds`).
pub fn flame_graph_profile(graph: &FlameGraph, profile_type: &str) -> Profile {
    let mut parts = profile_type.split(':');
    let (_, ty, unit) = (parts.next(), parts.next(), parts.next());
    let mut b = ProfileBuilder::new(&[(ty.unwrap_or("samples"), unit.unwrap_or("count"))]);
    // The nodes of the depth above: (start, end, stack leaf first).
    let mut above: Vec<(i64, i64, Vec<u32>)> = Vec::new();
    for (depth, level) in graph.levels.iter().enumerate() {
        let mut here = Vec::new();
        let mut x = 0i64;
        let mut parent = 0;
        for node in level.values.chunks_exact(4) {
            let (gap, total, own, name) = (node[0], node[1], node[2], node[3]);
            let start = x.saturating_add(gap);
            x = start.saturating_add(total);
            let name = usize::try_from(name)
                .ok()
                .and_then(|i| graph.names.get(i))
                .map_or("?", String::as_str);
            // The root is the whole graph, not a frame.
            let mut stack = Vec::new();
            if depth > 0 {
                while above.get(parent).is_some_and(|p| p.1 <= start) {
                    parent += 1;
                }
                let Some((_, _, up)) = above.get(parent) else {
                    continue;
                };
                let function = b.function(name, "");
                stack.push(b.frame(function, 0));
                stack.extend_from_slice(up);
            }
            if own != 0 && !stack.is_empty() {
                b.sample(&stack, &[own], &[]);
            }
            here.push((start, x, stack));
        }
        above = here;
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn a_flame_graph_becomes_the_samples_it_draws() {
        // total 10: main 10 (self 1) → a 6 (self 6), b 3 (self 2) → c 1.
        let graph = FlameGraph {
            names: ["total", "main", "a", "b", "c"].map(String::from).to_vec(),
            levels: vec![
                Level {
                    values: vec![0, 10, 0, 0],
                },
                Level {
                    values: vec![0, 10, 1, 1],
                },
                Level {
                    values: vec![0, 6, 6, 2, 0, 3, 2, 3],
                },
                // c sits under b: six in from the left.
                Level {
                    values: vec![6, 1, 1, 4],
                },
            ],
            total: 10,
        };
        let p = flame_graph_profile(&graph, "process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        assert_eq!(p.str(p.sample_types[0].ty), "cpu");
        let mut folded: Vec<(String, i64)> = (0..p.samples.len())
            .map(|i| {
                let names: Vec<&str> = p
                    .samples
                    .stack(i)
                    .iter()
                    .rev()
                    .map(|&loc| p.str(p.functions[p.location_lines(loc)[0].function as usize].name))
                    .collect();
                (names.join(";"), p.samples.values(i)[0])
            })
            .collect();
        folded.sort();
        assert_eq!(
            folded,
            vec![
                ("main".to_string(), 1),
                ("main;a".to_string(), 6),
                ("main;b".to_string(), 2),
                ("main;b;c".to_string(), 1)
            ]
        );
    }
}
