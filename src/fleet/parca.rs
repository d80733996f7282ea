//! Parca's API (`parca.query.v1alpha1.QueryService`, and
//! `parca.profilestore.v1alpha1.ProfileStoreService` for `perftui push`),
//! called over gRPC-Web. Only the messages and fields perftui uses are
//! declared; protobuf skips the rest.

use super::grpc_web::{call, CallError};

/// `google.protobuf.Timestamp`.
#[derive(Clone, Copy, PartialEq, Eq, prost::Message)]
pub struct Timestamp {
    /// Seconds since the Unix epoch.
    #[prost(int64, tag = "1")]
    pub seconds: i64,
    /// Nanoseconds past them.
    #[prost(int32, tag = "2")]
    pub nanos: i32,
}

impl Timestamp {
    /// The timestamp of `ms` milliseconds since the epoch.
    pub fn from_millis(ms: i64) -> Timestamp {
        Timestamp {
            seconds: ms.div_euclid(1000),
            nanos: (ms.rem_euclid(1000) * 1_000_000) as i32,
        }
    }
}

#[derive(Clone, PartialEq, prost::Message)]
struct ProfileTypesRequest {}

#[derive(Clone, PartialEq, prost::Message)]
struct ProfileTypesResponse {
    #[prost(message, repeated, tag = "1")]
    types: Vec<ProfileType>,
}

/// A profile type the server holds.
#[derive(Clone, PartialEq, Eq, prost::Message)]
pub struct ProfileType {
    /// The profile's name (`process_cpu`, `memory`).
    #[prost(string, tag = "1")]
    pub name: String,
    /// Its sample type (`samples`, `alloc_space`).
    #[prost(string, tag = "2")]
    pub sample_type: String,
    /// Its sample unit.
    #[prost(string, tag = "3")]
    pub sample_unit: String,
    /// Its period type.
    #[prost(string, tag = "4")]
    pub period_type: String,
    /// Its period unit.
    #[prost(string, tag = "5")]
    pub period_unit: String,
    /// Whether its profiles are deltas (CPU) rather than snapshots (heap).
    #[prost(bool, tag = "6")]
    pub delta: bool,
}

impl ProfileType {
    /// The type as a query names it:
    /// `process_cpu:samples:count:cpu:nanoseconds:delta`.
    pub fn query_name(&self) -> String {
        let mut s = format!(
            "{}:{}:{}:{}:{}",
            self.name, self.sample_type, self.sample_unit, self.period_type, self.period_unit
        );
        if self.delta {
            s.push_str(":delta");
        }
        s
    }
}

#[derive(Clone, PartialEq, prost::Message)]
struct LabelsRequest {
    #[prost(string, repeated, tag = "1")]
    matchers: Vec<String>,
    #[prost(message, optional, tag = "2")]
    start: Option<Timestamp>,
    #[prost(message, optional, tag = "3")]
    end: Option<Timestamp>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct LabelsResponse {
    #[prost(string, repeated, tag = "1")]
    label_names: Vec<String>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct ValuesRequest {
    #[prost(string, tag = "1")]
    label_name: String,
    #[prost(string, repeated, tag = "2")]
    matchers: Vec<String>,
    #[prost(message, optional, tag = "3")]
    start: Option<Timestamp>,
    #[prost(message, optional, tag = "4")]
    end: Option<Timestamp>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct ValuesResponse {
    #[prost(string, repeated, tag = "1")]
    label_values: Vec<String>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct MergeProfile {
    #[prost(string, tag = "1")]
    query: String,
    #[prost(message, optional, tag = "2")]
    start: Option<Timestamp>,
    #[prost(message, optional, tag = "3")]
    end: Option<Timestamp>,
}

/// `QueryRequest.Mode.MODE_MERGE`.
const MODE_MERGE: i32 = 2;
/// `QueryRequest.ReportType.REPORT_TYPE_PPROF`.
const REPORT_TYPE_PPROF: i32 = 1;

#[derive(Clone, PartialEq, prost::Message)]
struct QueryRequest {
    #[prost(int32, tag = "1")]
    mode: i32,
    // A member of the `options` oneof; on the wire a field like any other.
    #[prost(message, optional, tag = "3")]
    merge: Option<MergeProfile>,
    #[prost(int32, tag = "5")]
    report_type: i32,
}

#[derive(Clone, PartialEq, prost::Message)]
struct QueryResponse {
    // The `report` oneof's pprof member.
    #[prost(bytes = "vec", optional, tag = "6")]
    pprof: Option<Vec<u8>>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct WriteRawRequest {
    #[prost(message, repeated, tag = "2")]
    series: Vec<RawProfileSeries>,
    #[prost(bool, tag = "3")]
    normalized: bool,
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawProfileSeries {
    #[prost(message, optional, tag = "1")]
    labels: Option<LabelSet>,
    #[prost(message, repeated, tag = "2")]
    samples: Vec<RawSample>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct LabelSet {
    #[prost(message, repeated, tag = "1")]
    labels: Vec<Label>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct Label {
    #[prost(string, tag = "1")]
    name: String,
    #[prost(string, tag = "2")]
    value: String,
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawSample {
    #[prost(bytes = "vec", tag = "1")]
    raw_profile: Vec<u8>,
}

const QUERY: &str = "/parca.query.v1alpha1.QueryService";
const STORE: &str = "/parca.profilestore.v1alpha1.ProfileStoreService";

/// A Parca server and how to call it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    /// Where, as whom, with what limits.
    pub server: super::http::Server,
}

impl Client {
    fn call<Req: prost::Message, Resp: prost::Message + Default>(
        &self,
        method: &str,
        request: &Req,
    ) -> Result<Resp, CallError> {
        let body = call(
            &self.server.base,
            method,
            &request.encode_to_vec(),
            &self.server.headers,
            self.server.cap,
            self.server.timeout,
        )?;
        Resp::decode(body.as_slice()).map_err(|e| format!("not a Parca answer: {e}"))
    }

    /// The profile types the server holds, as queries name them, sorted.
    pub fn profile_types(&self) -> Result<Vec<ProfileType>, CallError> {
        let r: ProfileTypesResponse =
            self.call(&format!("{QUERY}/ProfileTypes"), &ProfileTypesRequest {})?;
        let mut types = r.types;
        types.sort_by_key(ProfileType::query_name);
        Ok(types)
    }

    /// The label names of the profiles `query` (`TYPE{matchers}`)
    /// selects in the range.
    pub fn labels(
        &self,
        query: &str,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<Vec<String>, CallError> {
        let r: LabelsResponse = self.call(
            &format!("{QUERY}/Labels"),
            &LabelsRequest {
                matchers: vec![query.to_string()],
                start: Some(start),
                end: Some(end),
            },
        )?;
        Ok(r.label_names)
    }

    /// The values label `name` has on the profiles `query` selects in
    /// the range.
    pub fn values(
        &self,
        name: &str,
        query: &str,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<Vec<String>, CallError> {
        let r: ValuesResponse = self.call(
            &format!("{QUERY}/Values"),
            &ValuesRequest {
                label_name: name.to_string(),
                matchers: vec![query.to_string()],
                start: Some(start),
                end: Some(end),
            },
        )?;
        Ok(r.label_values)
    }

    /// The profiles `query` selects between `start` and `end`, merged by
    /// the server, as a pprof file (`None`: none matched).
    pub fn merge(
        &self,
        query: &str,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<Option<Vec<u8>>, CallError> {
        let r: QueryResponse = self.call(
            &format!("{QUERY}/Query"),
            &QueryRequest {
                mode: MODE_MERGE,
                merge: Some(MergeProfile {
                    query: query.to_string(),
                    start: Some(start),
                    end: Some(end),
                }),
                report_type: REPORT_TYPE_PPROF,
            },
        )?;
        Ok(r.pprof.filter(|p| !p.is_empty()))
    }

    /// Stores pprof files (`profiles`) under `labels` (with `__name__`).
    pub fn write_raw(
        &self,
        labels: &[(String, String)],
        profiles: Vec<Vec<u8>>,
    ) -> Result<(), CallError> {
        let mut labels: Vec<Label> = labels
            .iter()
            .map(|(name, value)| Label {
                name: name.clone(),
                value: value.clone(),
            })
            .collect();
        // Parca keys series by sorted labels.
        labels.sort_by(|a, b| a.name.cmp(&b.name));
        let request = WriteRawRequest {
            series: vec![RawProfileSeries {
                labels: Some(LabelSet { labels }),
                samples: profiles
                    .into_iter()
                    .map(|raw_profile| RawSample { raw_profile })
                    .collect(),
            }],
            normalized: false,
        };
        let _: ProfileTypesRequest = self.call(&format!("{STORE}/WriteRaw"), &request)?;
        Ok(())
    }
}

impl super::Store for Client {
    fn profile_types(&self, _range: super::Range) -> Result<Vec<String>, String> {
        Ok(Client::profile_types(self)?
            .iter()
            .map(ProfileType::query_name)
            .collect())
    }

    fn label_names(
        &self,
        query: &super::Query,
        range: super::Range,
    ) -> Result<Vec<String>, String> {
        let mut names = self.labels(
            &query.to_string(),
            Timestamp::from_millis(range.0),
            Timestamp::from_millis(range.1),
        )?;
        names.sort();
        Ok(names)
    }

    fn label_values(
        &self,
        query: &super::Query,
        name: &str,
        range: super::Range,
    ) -> Result<Vec<String>, String> {
        let mut values = self.values(
            name,
            &query.to_string(),
            Timestamp::from_millis(range.0),
            Timestamp::from_millis(range.1),
        )?;
        values.sort();
        Ok(values)
    }

    fn merge(
        &self,
        query: &super::Query,
        range: super::Range,
    ) -> Result<Option<crate::profile::Profile>, String> {
        let Some(data) = Client::merge(
            self,
            &query.to_string(),
            Timestamp::from_millis(range.0),
            Timestamp::from_millis(range.1),
        )?
        else {
            return Ok(None);
        };
        crate::formats::read_profile_capped(&data, self.server.cap)
            .map(Some)
            .map_err(|e| format!("the server's answer is not a profile: {e}"))
    }
}
