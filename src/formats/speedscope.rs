//! speedscope's own file format (<https://www.speedscope.app/file-format-schema.json>):
//! shared frames and one or more profiles, each either sampled (root-first
//! stacks with weights) or evented (frames opened and closed at times).
//! py-spy, pyinstrument, rbspy and speedscope's own export write it.
//!
//! Read, every profile of a file is one set of samples, labelled with the
//! profile's name when there are several; weights in time units become
//! nanoseconds. Written, each sample type is one sampled profile.

use serde::{Deserialize, Serialize};

use crate::error::LoadError;
use crate::profile::{Label, LabelValue, Profile, ProfileBuilder};

/// The address of the schema, which every file names.
pub const SCHEMA: &str = "https://www.speedscope.app/file-format-schema.json";

/// The most stack entries an evented profile may expand into (each
/// interval between events is a sample of the open frames).
const MAX_STACK_ENTRIES: usize = 100_000_000;

#[derive(Deserialize, Serialize)]
struct File {
    #[serde(rename = "$schema", default)]
    schema: String,
    shared: Shared,
    profiles: Vec<Sheet>,
    #[serde(
        rename = "activeProfileIndex",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    active_profile_index: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    exporter: Option<String>,
}

#[derive(Deserialize, Serialize)]
struct Shared {
    frames: Vec<Frame>,
}

#[derive(Deserialize, Serialize)]
struct Frame {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    line: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    col: Option<f64>,
}

#[derive(Deserialize, Serialize)]
#[serde(tag = "type")]
enum Sheet {
    #[serde(rename = "sampled")]
    Sampled {
        name: String,
        unit: String,
        #[serde(rename = "startValue")]
        start_value: f64,
        #[serde(rename = "endValue")]
        end_value: f64,
        samples: Vec<Vec<usize>>,
        weights: Vec<f64>,
    },
    #[serde(rename = "evented")]
    Evented {
        name: String,
        unit: String,
        #[serde(rename = "startValue")]
        start_value: f64,
        #[serde(rename = "endValue")]
        end_value: f64,
        events: Vec<Event>,
    },
}

#[derive(Deserialize, Serialize)]
struct Event {
    #[serde(rename = "type")]
    kind: String,
    at: f64,
    frame: usize,
}

/// Whether the head of a JSON document is a speedscope file.
pub fn looks_like(head: &str) -> bool {
    let t = head.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('{')
        && (t.contains("speedscope.app/file-format-schema.json")
            || (t.contains("\"shared\"") && t.contains("\"profiles\"") && t.contains("\"frames\"")))
}

/// A speedscope unit as a sample type and the factor to its unit.
fn sample_type(unit: &str) -> Result<(&'static str, &'static str, f64), LoadError> {
    Ok(match unit {
        "nanoseconds" => ("time", "nanoseconds", 1.0),
        "microseconds" => ("time", "nanoseconds", 1e3),
        "milliseconds" => ("time", "nanoseconds", 1e6),
        "seconds" => ("time", "nanoseconds", 1e9),
        "bytes" => ("space", "bytes", 1.0),
        "none" => ("weight", "count", 1.0),
        other => {
            return Err(LoadError::Profile(format!(
                "unknown speedscope unit {:?}",
                crate::error::escape_controls(other)
            )))
        }
    })
}

/// A weight in a sample type's unit, refused when it is not a finite
/// number an i64 holds.
fn scaled(v: f64, factor: f64, what: impl Fn() -> String) -> Result<i64, LoadError> {
    let x = (v * factor).round();
    if x.is_finite() && x.abs() < 9.2e18 {
        Ok(x as i64)
    } else {
        Err(LoadError::Profile(format!(
            "{}: weight {v:e} is out of range",
            what()
        )))
    }
}

/// Reads a speedscope file.
pub fn parse(data: &[u8]) -> Result<Profile, LoadError> {
    let file: File = super::json::decode(data)?;
    if file.profiles.is_empty() {
        return Err(LoadError::Profile("the file has no profiles".into()));
    }
    // perftui's own exports are one profile per sample type, each named
    // `type (unit)`: read back as those types.
    let ours = file
        .exporter
        .as_deref()
        .is_some_and(|e| e.starts_with("perftui "));
    let sheet_types: Vec<(String, String, f64)> = file
        .profiles
        .iter()
        .map(|sheet| {
            let (name, unit) = match sheet {
                Sheet::Sampled { name, unit, .. } | Sheet::Evented { name, unit, .. } => {
                    (name, unit)
                }
            };
            let (ty, u, factor) = sample_type(unit)?;
            let own = name
                .strip_suffix(')')
                .and_then(|n| n.rsplit_once(" ("))
                .filter(|_| ours);
            Ok(match own {
                Some((t, u)) => (t.to_string(), u.to_string(), 1.0),
                None => (ty.to_string(), u.to_string(), factor),
            })
        })
        .collect::<Result<_, LoadError>>()?;
    // One sample type per unit, in the order the profiles use them; sampled
    // profiles also count their samples.
    let mut types: Vec<(&str, &str)> = Vec::new();
    for (sheet, (ty, u, _)) in file.profiles.iter().zip(&sheet_types) {
        if matches!(sheet, Sheet::Sampled { .. }) && !ours && !types.contains(&("samples", "count"))
        {
            types.push(("samples", "count"));
        }
        if !types.contains(&(ty.as_str(), u.as_str())) {
            types.push((ty, u));
        }
    }
    let mut b = ProfileBuilder::new(&types);
    let frames: Vec<u32> = file
        .shared
        .frames
        .iter()
        .map(|f| {
            let func = b.function(&f.name, f.file.as_deref().unwrap_or(""));
            let line = f.line.filter(|l| l.is_finite()).map_or(0, |l| l as i64);
            b.frame(func, line)
        })
        .collect();
    let frame = |i: usize, what: &dyn Fn() -> String| {
        frames.get(i).copied().ok_or_else(|| {
            LoadError::Profile(format!(
                "{} names frame {i}, but there are {} frames",
                what(),
                frames.len()
            ))
        })
    };
    let key = b.intern("profile");
    let several = file.profiles.len() > 1 && !ours;
    let mut duration = 0.0f64;
    let mut entries = 0usize;
    let mut values = vec![0i64; types.len()];
    let mut stack: Vec<u32> = Vec::new();
    for (p, sheet) in file.profiles.iter().enumerate() {
        let (name, start, end) = match sheet {
            Sheet::Sampled {
                name,
                start_value,
                end_value,
                ..
            }
            | Sheet::Evented {
                name,
                start_value,
                end_value,
                ..
            } => (name, *start_value, *end_value),
        };
        let (ty, u, factor) = &sheet_types[p];
        let (u, factor) = (u.as_str(), *factor);
        let index = types
            .iter()
            .position(|&t| t == (ty.as_str(), u))
            .unwrap_or(0);
        if u == "nanoseconds" && end > start {
            duration = duration.max((end - start) * factor);
        }
        let labels: Vec<Label> = if several {
            vec![Label {
                key,
                value: LabelValue::Str(b.intern(name)),
            }]
        } else {
            Vec::new()
        };
        match sheet {
            Sheet::Sampled {
                samples, weights, ..
            } => {
                if weights.len() != samples.len() {
                    return Err(LoadError::Profile(format!(
                        "profile {p}: {} samples but {} weights",
                        samples.len(),
                        weights.len()
                    )));
                }
                let count = types
                    .iter()
                    .position(|&t| t == ("samples", "count"))
                    .filter(|_| !ours);
                for (s, (sample, &w)) in samples.iter().zip(weights).enumerate() {
                    let what = || format!("profile {p}, sample {s}");
                    stack.clear();
                    for &f in sample.iter().rev() {
                        stack.push(frame(f, &what)?);
                    }
                    values.iter_mut().for_each(|v| *v = 0);
                    values[index] = scaled(w, factor, what)?;
                    if let Some(c) = count {
                        values[c] = 1;
                    }
                    b.sample(&stack, &values, &labels);
                }
            }
            Sheet::Evented { events, .. } => {
                // The open frames, root first; each interval between events
                // is a sample of them.
                let mut open: Vec<u32> = Vec::new();
                let mut at = start;
                for (e, event) in events.iter().enumerate() {
                    let what = || format!("profile {p}, event {e}");
                    let f = frame(event.frame, &what)?;
                    if event.at < at {
                        return Err(LoadError::Profile(format!(
                            "{}: at {} is before the previous event ({at})",
                            what(),
                            event.at
                        )));
                    }
                    let weight = scaled(event.at - at, factor, what)?;
                    if weight > 0 && !open.is_empty() {
                        entries += open.len();
                        if entries > MAX_STACK_ENTRIES {
                            return Err(LoadError::Profile(format!(
                                "the events expand into more than {MAX_STACK_ENTRIES} stack entries"
                            )));
                        }
                        stack.clear();
                        stack.extend(open.iter().rev());
                        values.iter_mut().for_each(|v| *v = 0);
                        values[index] = weight;
                        b.sample(&stack, &values, &labels);
                    }
                    at = event.at;
                    match event.kind.as_str() {
                        "O" => open.push(f),
                        "C" if open.last() == Some(&f) => {
                            open.pop();
                        }
                        "C" => {
                            return Err(LoadError::Profile(format!(
                                "{}: closes frame {} {:?}, which is not the innermost open frame",
                                what(),
                                event.frame,
                                file.shared.frames[event.frame].name
                            )))
                        }
                        other => {
                            return Err(LoadError::Profile(format!(
                                "{}: unknown event type {:?} (O or C)",
                                what(),
                                crate::error::escape_controls(other)
                            )))
                        }
                    }
                }
            }
        }
    }
    let mut profile = b.finish();
    profile.duration_nanos = duration.min(9.2e18) as i64;
    // The file's active profile decides the type shown first.
    if let Some((ty, _, _)) = file.active_profile_index.and_then(|i| sheet_types.get(i)) {
        let id = profile.strings.intern(ty);
        profile.default_sample_type = Some(id);
    }
    Ok(profile)
}

/// A sample type's unit in speedscope's words: `none` for counts and
/// units speedscope does not know.
fn speedscope_unit(unit: &str) -> &'static str {
    match unit {
        "nanoseconds" => "nanoseconds",
        "microseconds" => "microseconds",
        "milliseconds" => "milliseconds",
        "seconds" => "seconds",
        "bytes" => "bytes",
        _ => "none",
    }
}

/// The profile as a speedscope file: every sample type one sampled
/// profile (its samples with a value of zero left out), frames by function,
/// the one shown by `active` first.
pub fn to_json(profile: &Profile, name: &str, active: usize) -> String {
    let mut frames: Vec<Frame> = Vec::new();
    let mut frame_of = vec![None; profile.functions.len()];
    let mut stacks: Vec<Vec<usize>> = Vec::with_capacity(profile.samples.len());
    for i in 0..profile.samples.len() {
        let mut s = Vec::new();
        for &loc in profile.samples.stack(i) {
            for line in profile.location_lines(loc) {
                let f = line.function as usize;
                let id = *frame_of[f].get_or_insert_with(|| {
                    let func = &profile.functions[f];
                    let file = profile.str(func.filename);
                    frames.push(Frame {
                        name: profile.str(func.name).to_string(),
                        file: (!file.is_empty()).then(|| file.to_string()),
                        line: (func.start_line > 0).then_some(func.start_line as f64),
                        col: None,
                    });
                    frames.len() - 1
                });
                s.push(id);
            }
        }
        s.reverse();
        stacks.push(s);
    }
    let profiles = (0..profile.sample_types.len())
        .map(|t| {
            let vt = profile.sample_types[t];
            let unit = speedscope_unit(profile.str(vt.unit));
            let (mut samples, mut weights) = (Vec::new(), Vec::new());
            for (i, s) in stacks.iter().enumerate() {
                let v = profile.samples.values(i)[t];
                if v != 0 {
                    samples.push(s.clone());
                    weights.push(v as f64);
                }
            }
            let total: f64 = weights.iter().sum();
            // A time profile spans the time it was taken over.
            let end = if unit == "nanoseconds" && profile.duration_nanos > 0 {
                profile.duration_nanos as f64
            } else {
                total
            };
            Sheet::Sampled {
                name: format!("{} ({})", profile.str(vt.ty), profile.str(vt.unit)),
                unit: unit.to_string(),
                start_value: 0.0,
                end_value: end,
                samples,
                weights,
            }
        })
        .collect();
    let file = File {
        schema: SCHEMA.to_string(),
        shared: Shared { frames },
        profiles,
        active_profile_index: Some(active),
        name: Some(name.to_string()),
        exporter: Some(format!("perftui {}", env!("CARGO_PKG_VERSION"))),
    };
    serde_json::to_string(&file).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Profile, String> {
        parse(json.as_bytes()).map_err(|e| e.to_string())
    }

    const FRAMES: &str = r#""shared":{"frames":[{"name":"main"},{"name":"work"}]}"#;

    #[test]
    fn evented_time_goes_to_the_open_frames() {
        let p = read(&format!(
            r#"{{{FRAMES},"profiles":[{{"type":"evented","name":"t","unit":"milliseconds","startValue":0,"endValue":10,
            "events":[{{"type":"O","frame":0,"at":0}},{{"type":"O","frame":1,"at":2}},{{"type":"C","frame":1,"at":7}},{{"type":"C","frame":0,"at":10}}]}}]}}"#
        ))
        .unwrap();
        assert_eq!(p.total(0), 10_000_000);
        assert_eq!(p.duration_nanos, 10_000_000);
        assert_eq!(p.samples.len(), 3);
        assert_eq!(p.samples.values(1), &[5_000_000]);
    }

    #[test]
    fn broken_files_are_one_line_errors() {
        let sampled = |samples: &str, weights: &str| {
            format!(
                r#"{{{FRAMES},"profiles":[{{"type":"sampled","name":"t","unit":"none","startValue":0,"endValue":1,"samples":{samples},"weights":{weights}}}]}}"#
            )
        };
        assert_eq!(
            read(&sampled("[[0,7]]", "[1]")).unwrap_err(),
            "malformed profile: profile 0, sample 0 names frame 7, but there are 2 frames"
        );
        assert_eq!(
            read(&sampled("[[0]]", "[1,2]")).unwrap_err(),
            "malformed profile: profile 0: 1 samples but 2 weights"
        );
        assert_eq!(
            read(&sampled("[[0]]", "[1e300]")).unwrap_err(),
            "malformed profile: profile 0, sample 0: weight 1e300 is out of range"
        );
        let closing = format!(
            r#"{{{FRAMES},"profiles":[{{"type":"evented","name":"t","unit":"none","startValue":0,"endValue":1,
            "events":[{{"type":"O","frame":0,"at":0}},{{"type":"C","frame":1,"at":1}}]}}]}}"#
        );
        assert_eq!(
            read(&closing).unwrap_err(),
            "malformed profile: profile 0, event 1: closes frame 1 \"work\", which is not the innermost open frame"
        );
        let unit = format!(
            r#"{{{FRAMES},"profiles":[{{"type":"evented","name":"t","unit":"\u001bparsecs","startValue":0,"endValue":1,"events":[]}}]}}"#
        );
        assert_eq!(
            read(&unit).unwrap_err(),
            "malformed profile: unknown speedscope unit \"\\\\u{1b}parsecs\""
        );
    }
}
