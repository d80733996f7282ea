//! Reference decoding of `profile.proto` through the `pprof` crate's prost
//! types. Slower than `perftui::formats::pprof::decode` (a vector per sample), kept
//! as the yardstick the fast decoder is tested against.

use pprof::protos::Message;
use rustc_hash::FxHashMap;

use perftui::error::LoadError;
use perftui::profile::{
    Function, Label, LabelValue, Line, Location, Mapping, Profile, Samples, StrId, ValueType,
};

fn bad(msg: impl Into<String>) -> LoadError {
    LoadError::Profile(msg.into())
}

/// Decodes an uncompressed `profile.proto` with prost and converts it.
pub fn decode(buf: &[u8]) -> Result<Profile, LoadError> {
    let src =
        pprof::protos::Profile::decode(buf).map_err(|e| LoadError::Protobuf(e.to_string()))?;
    convert(&src)
}

/// Converts prost's profile into the model, with the same checks as the
/// fast decoder.
pub fn convert(src: &pprof::protos::Profile) -> Result<Profile, LoadError> {
    let mut p = Profile::default();
    match src.string_table.first() {
        None => return Err(bad("the string table is empty")),
        Some(s) if !s.is_empty() => return Err(bad("string_table[0] is not the empty string")),
        _ => {}
    }
    let ids: Vec<StrId> = src
        .string_table
        .iter()
        .map(|s| p.strings.intern(s))
        .collect();
    let s = |i: i64| -> Result<StrId, LoadError> {
        usize::try_from(i)
            .ok()
            .and_then(|i| ids.get(i))
            .copied()
            .ok_or_else(|| {
                bad(format!(
                    "string index {i} out of range (the string table has {} entries)",
                    ids.len()
                ))
            })
    };
    let opt = |i: i64| -> Result<Option<StrId>, LoadError> {
        if i == 0 {
            Ok(None)
        } else {
            s(i).map(Some)
        }
    };
    p.drop_frames = opt(src.drop_frames)?;
    p.keep_frames = opt(src.keep_frames)?;
    p.time_nanos = src.time_nanos;
    p.duration_nanos = src.duration_nanos;
    p.period = src.period;
    p.default_sample_type = opt(src.default_sample_type)?;
    for &c in &src.comment {
        p.comments.push(s(c)?);
    }
    for t in &src.sample_type {
        p.sample_types.push(ValueType {
            ty: s(t.ty)?,
            unit: s(t.unit)?,
        });
    }
    if let Some(t) = &src.period_type {
        p.period_type = Some(ValueType {
            ty: s(t.ty)?,
            unit: s(t.unit)?,
        });
    }
    let mut mapping_index = FxHashMap::default();
    for m in &src.mapping {
        mapping_index.insert(m.id, p.mappings.len() as u32);
        p.mappings.push(Mapping {
            id: m.id,
            memory_start: m.memory_start,
            memory_limit: m.memory_limit,
            file_offset: m.file_offset,
            file: s(m.filename)?,
            build_id: s(m.build_id)?,
            has_functions: m.has_functions,
            has_filenames: m.has_filenames,
            has_line_numbers: m.has_line_numbers,
            has_inline_frames: m.has_inline_frames,
        });
    }
    let mut function_index = FxHashMap::default();
    for f in &src.function {
        function_index.insert(f.id, p.functions.len() as u32);
        p.functions.push(Function {
            id: f.id,
            name: s(f.name)?,
            system_name: s(f.system_name)?,
            filename: s(f.filename)?,
            start_line: f.start_line,
        });
    }
    let mut location_index = FxHashMap::default();
    for l in &src.location {
        location_index.insert(l.id, p.locations.len() as u32);
        let start = p.lines.len() as u32;
        for line in &l.line {
            let Some(&function) = function_index.get(&line.function_id) else {
                return Err(bad(format!(
                    "location id {} has a line with function id {}, which does not exist",
                    l.id, line.function_id
                )));
            };
            p.lines.push(Line {
                function,
                line: line.line,
            });
        }
        p.locations.push(Location {
            id: l.id,
            mapping: if l.mapping_id == 0 {
                None
            } else {
                mapping_index.get(&l.mapping_id).copied()
            },
            address: l.address,
            lines_start: start,
            lines_end: p.lines.len() as u32,
            is_folded: l.is_folded,
        });
    }
    let n = p.sample_types.len();
    p.samples = Samples::new(n);
    let mut stack = Vec::new();
    let mut labels = Vec::new();
    for (i, sample) in src.sample.iter().enumerate() {
        stack.clear();
        for id in &sample.location_id {
            let Some(&l) = location_index.get(id) else {
                return Err(bad(format!(
                    "sample {} refers to location id {id}, which does not exist",
                    i + 1
                )));
            };
            stack.push(l);
        }
        if sample.value.len() != n {
            return Err(bad(format!(
                "sample {} has {} values but the profile has {n} sample types",
                i + 1,
                sample.value.len()
            )));
        }
        labels.clear();
        for l in &sample.label {
            let value = if l.str != 0 {
                LabelValue::Str(s(l.str)?)
            } else {
                LabelValue::Num {
                    value: l.num,
                    unit: opt(l.num_unit)?,
                }
            };
            labels.push(Label {
                key: s(l.key)?,
                value,
            });
        }
        p.samples.push(&stack, &sample.value, &labels);
    }
    Ok(p)
}
