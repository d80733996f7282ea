//! Writing a profile as pprof protobuf (`perftui export`, pprof's
//! `-proto`), in the `pprof` crate's message types, so what perftui
//! narrowed down opens in `go tool pprof` or a profiling service.

use std::io::Write as _;
use std::path::Path;

use ::pprof::protos::{self, Message as _};

use crate::profile::{LabelValue, Profile};

/// The message of `profile`. Ids are dense indexes plus one (pprof
/// reserves 0 for "none"); our string ids already are pprof's indexes,
/// the empty string first.
pub fn to_message(profile: &Profile) -> protos::Profile {
    let s = |id: u32| i64::from(id);
    let value_type = |t: &crate::profile::ValueType| protos::ValueType {
        ty: s(t.ty),
        unit: s(t.unit),
    };
    let samples = &profile.samples;
    let sample = (0..samples.len())
        .map(|i| protos::Sample {
            location_id: samples.stack(i).iter().map(|&l| u64::from(l) + 1).collect(),
            value: samples.values(i).to_vec(),
            label: samples
                .labels(i)
                .iter()
                .map(|l| match l.value {
                    LabelValue::Str(v) => protos::Label {
                        key: s(l.key),
                        str: s(v),
                        ..Default::default()
                    },
                    LabelValue::Num { value, unit } => protos::Label {
                        key: s(l.key),
                        num: value,
                        num_unit: unit.map_or(0, s),
                        ..Default::default()
                    },
                })
                .collect(),
        })
        .collect();
    let mapping = profile
        .mappings
        .iter()
        .enumerate()
        .map(|(i, m)| protos::Mapping {
            id: i as u64 + 1,
            memory_start: m.memory_start,
            memory_limit: m.memory_limit,
            file_offset: m.file_offset,
            filename: s(m.file),
            build_id: s(m.build_id),
            has_functions: m.has_functions,
            has_filenames: m.has_filenames,
            has_line_numbers: m.has_line_numbers,
            has_inline_frames: m.has_inline_frames,
        })
        .collect();
    let location = profile
        .locations
        .iter()
        .enumerate()
        .map(|(i, l)| protos::Location {
            id: i as u64 + 1,
            mapping_id: l.mapping.map_or(0, |m| u64::from(m) + 1),
            address: l.address,
            line: profile
                .location_lines(i as u32)
                .iter()
                .map(|line| protos::Line {
                    function_id: u64::from(line.function) + 1,
                    line: line.line,
                })
                .collect(),
            is_folded: l.is_folded,
        })
        .collect();
    let function = profile
        .functions
        .iter()
        .enumerate()
        .map(|(i, f)| protos::Function {
            id: i as u64 + 1,
            name: s(f.name),
            // pprof would rewrite a name it takes for the system's (a
            // Python `<module>` reads as a C++ template and vanishes):
            // without a system name, pprof keeps the name as it is.
            system_name: if f.system_name == f.name
                && crate::profile::symbols::pprof_name(profile.str(f.name)) != profile.str(f.name)
            {
                0
            } else {
                s(f.system_name)
            },
            filename: s(f.filename),
            start_line: f.start_line,
        })
        .collect();
    protos::Profile {
        sample_type: profile.sample_types.iter().map(value_type).collect(),
        sample,
        mapping,
        location,
        function,
        string_table: (0..profile.strings.len() as u32)
            .map(|id| profile.str(id).to_string())
            .collect(),
        drop_frames: profile.drop_frames.map_or(0, s),
        keep_frames: profile.keep_frames.map_or(0, s),
        time_nanos: profile.time_nanos,
        duration_nanos: profile.duration_nanos,
        period_type: profile.period_type.as_ref().map(value_type),
        period: profile.period,
        comment: profile.comments.iter().map(|&c| s(c)).collect(),
        default_sample_type: profile.default_sample_type.map_or(0, s),
    }
}

/// The gzipped protobuf of `profile`, as pprof writes profiles.
pub fn to_gzipped_bytes(profile: &Profile) -> std::io::Result<Vec<u8>> {
    let body = to_message(profile).encode_to_vec();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&body)?;
    gz.finish()
}

/// Writes `profile` to `path` whole or not at all: into a temporary file
/// beside it, renamed over `path` once complete, so a failed export never
/// leaves a truncated profile where a good one was.
pub fn write_file(profile: &Profile, path: &Path) -> std::io::Result<()> {
    write_whole(path, &to_gzipped_bytes(profile)?)
}

/// Writes `bytes` to `path` whole or not at all (see [`write_file`]).
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "export".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.perftui-{}", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::ProfileBuilder;

    #[test]
    fn a_written_profile_reads_back_the_same() {
        let mut b = ProfileBuilder::new(&[("samples", "count"), ("cpu", "nanoseconds")]);
        let f = b.function("main.work", "main.go");
        let g = b.function("main.main", "main.go");
        let (lf, lg) = (b.frame(f, 7), b.frame(g, 3));
        let key = b.intern("route");
        let value = b.intern("/api");
        b.sample(
            &[lf, lg],
            &[2, 20],
            &[crate::profile::Label {
                key,
                value: LabelValue::Str(value),
            }],
        );
        let p = b.finish();
        let bytes = to_gzipped_bytes(&p).unwrap();
        let back = crate::formats::read_profile(&bytes).unwrap();
        assert_eq!(back.samples.len(), 1);
        assert_eq!(back.samples.values(0), &[2, 20]);
        assert_eq!(back.str(back.functions[0].name), "main.work");
        assert_eq!(back.sample_type_name(1), "cpu");
        assert_eq!(back.str(back.samples.labels(0)[0].key), "route");
    }
}
