//! Go goroutine dumps: `debug=1` profiles (`goroutine profile: total N`)
//! and `debug=2` / crash tracebacks (`goroutine N [state]:` blocks).
//!
//! Both become a profile with one sample type, `goroutine/count` — the
//! name `go tool pprof` gives the same data — so the two dumps and the
//! protobuf goroutine profile are read the same way.

use std::collections::BTreeMap;

use crate::error::LoadError;
use crate::profile::{Label, LabelValue, Line, Profile, ProfileBuilder};

fn text_err(line: usize, msg: impl Into<String>) -> LoadError {
    LoadError::Text {
        line,
        msg: msg.into(),
    }
}

/// Whether `line` starts a goroutine block of a debug=2 dump.
pub fn is_goroutine_header(line: &str) -> bool {
    parse_header(line).is_some()
}

/// What a paste puts before a dump's lines: indentation, or `>` quoting.
fn paste_prefix(line: &str) -> &str {
    let body = line.trim_start_matches(|c: char| c.is_whitespace() || c == '>');
    &line[..line.len() - body.len()]
}

/// Whether `line` is a goroutine header, however a paste indented or
/// quoted it.
pub fn is_pasted_goroutine_header(line: &str) -> bool {
    let line = line.trim_end();
    is_goroutine_header(&line[paste_prefix(line).len()..])
}

/// A dump as the runtime wrote it: when the first goroutine header was
/// indented or quoted (pasted into an issue or a mail), that prefix is
/// taken off every line that has it, and a line of the prefix alone is
/// blank.
fn unpasted(text: &str) -> std::borrow::Cow<'_, str> {
    let Some(first) = text.lines().find(|l| is_pasted_goroutine_header(l)) else {
        return text.into();
    };
    let prefix = paste_prefix(first);
    if prefix.is_empty() {
        return text.into();
    }
    let bare = prefix.trim_end();
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        match line.strip_prefix(prefix) {
            Some(rest) => out.push_str(rest),
            None if line.trim_end() == bare => {}
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out.into()
}

/// `goroutine 17 [chan receive, 5 minutes]:` → (17, "chan receive, 5 minutes").
fn parse_header(line: &str) -> Option<(u64, &str)> {
    let rest = line.strip_prefix("goroutine ")?;
    let (id, rest) = rest.split_once(' ')?;
    let id = id.parse().ok()?;
    let inner = rest.strip_prefix('[')?.strip_suffix("]:")?;
    Some((id, inner))
}

/// A builder for a `goroutine/count` profile with period 1, as pprof
/// reads goroutine profiles.
fn goroutine_builder() -> ProfileBuilder {
    count_builder("goroutine")
}

/// A builder for a `KIND/count` profile with period 1.
fn count_builder(kind: &str) -> ProfileBuilder {
    let mut b = ProfileBuilder::new(&[(kind, "count")]);
    let p = b.profile_mut();
    let vt = p.sample_types[0];
    p.period_type = Some(vt);
    p.period = 1;
    b
}

/// The counted kind of a `debug=1` count profile's first line
/// (`goroutine profile: total 7`, `threadcreate profile: total 7`).
pub fn count_profile_kind(first_line: &str) -> Option<&'static str> {
    ["goroutine", "threadcreate"].into_iter().find(|k| {
        first_line
            .trim_start()
            .starts_with(&format!("{k} profile: total "))
    })
}

/// Parses a `debug=1` goroutine or threadcreate profile. Go leaves
/// runtime frames out of the `#` lines; without the binary their names
/// cannot be known, so a stack starts at the first named frame, as in a
/// debug=2 dump. A record without `#` lines keeps its addresses, less one
/// (the call instruction, as pprof reads them), as frames without names.
pub fn parse_debug1(data: &[u8]) -> Result<Profile, LoadError> {
    let text = String::from_utf8_lossy(data);
    let kind = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .and_then(count_profile_kind)
        .unwrap_or("goroutine");
    let mut b = count_builder(kind);
    let mut lines = text.lines().enumerate().peekable();
    let mut declared_total = None;
    while let Some((no, line)) = lines.next() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(total) = line.strip_prefix(&format!("{kind} profile: total ")) {
            declared_total = total.trim().parse::<i64>().ok();
            continue;
        }
        let Some((count, addrs)) = line.split_once(" @") else {
            return Err(text_err(
                no + 1,
                format!("expected `N @ 0x...`, found {line:?}"),
            ));
        };
        let count: i64 = count
            .trim()
            .parse()
            .map_err(|_| text_err(no + 1, format!("bad goroutine count {:?}", count.trim())))?;
        let mut pcs = Vec::new();
        for a in addrs.split_whitespace() {
            pcs.push(parse_hex(a).ok_or_else(|| text_err(no + 1, format!("bad address {a:?}")))?);
        }
        let mut labels = Vec::new();
        let mut frames: Vec<(u64, String, String, i64)> = Vec::new();
        while let Some((_, next)) = lines.peek() {
            let next = next.trim();
            if let Some(json) = next.strip_prefix("# labels:") {
                if let Ok(map) = serde_json::from_str::<BTreeMap<String, String>>(json.trim()) {
                    for (k, v) in map {
                        labels.push(Label {
                            key: b.intern(&k),
                            value: LabelValue::Str(b.intern(&v)),
                        });
                    }
                }
            } else if let Some(frame) = next.strip_prefix('#') {
                if let Some(f) = parse_hash_frame(frame) {
                    frames.push(f);
                }
            } else {
                break;
            }
            lines.next();
        }
        let stack = stack_or_addresses(&mut b, &frames, &pcs);
        b.sample(&stack, &[count], &labels);
    }
    let p = b.finish();
    if let Some(total) = declared_total {
        let sum = p.sum(0);
        if sum != total {
            return Err(LoadError::Profile(format!(
                "the header says {total} {kind}s but the records add up to {sum}"
            )));
        }
    }
    Ok(p)
}

fn parse_hex(s: &str) -> Option<u64> {
    u64::from_str_radix(s.strip_prefix("0x")?, 16).ok()
}

/// `#\t0x4f4364\tmain.recvWorker+0x24\tpath/main.go:31` → (pc, name, file, line).
pub(crate) fn parse_hash_frame(s: &str) -> Option<(u64, String, String, i64)> {
    let mut parts = s.split_whitespace();
    let pc = parse_hex(parts.next()?)?;
    let sym = parts.next()?;
    let name = match sym.rfind("+0x") {
        Some(i) => &sym[..i],
        None => sym,
    };
    let (file, line) = match parts.next() {
        Some(fl) => match fl.rsplit_once(':') {
            Some((f, l)) => (f.to_string(), l.parse().unwrap_or(0)),
            None => (fl.to_string(), 0),
        },
        None => (String::new(), 0),
    };
    Some((pc, name.to_string(), file, line))
}

/// The stack of a record: its `#` frames, or without them its addresses,
/// each less one (the call instruction, as pprof reads return addresses),
/// as locations without names.
pub(crate) fn stack_or_addresses(
    b: &mut ProfileBuilder,
    frames: &[(u64, String, String, i64)],
    pcs: &[u64],
) -> Vec<u32> {
    if !frames.is_empty() {
        return hash_frames_to_stack(b, frames);
    }
    pcs.iter()
        .map(|&pc| {
            let pc = pc.saturating_sub(1);
            b.address(pc).unwrap_or_else(|| b.address_location(pc, &[]))
        })
        .collect()
}

/// The addresses of a record's `@ 0x… 0x…` part (what does not parse is
/// left out).
pub(crate) fn addresses(s: &str) -> Vec<u64> {
    s.split_whitespace().filter_map(parse_hex).collect()
}

/// Turns `#` frame lines (innermost first) into locations: frames that
/// share a pc are one location with inlined lines.
pub(crate) fn hash_frames_to_stack(
    b: &mut ProfileBuilder,
    frames: &[(u64, String, String, i64)],
) -> Vec<u32> {
    let mut stack = Vec::new();
    let mut i = 0;
    while i < frames.len() {
        let pc = frames[i].0;
        let mut j = i;
        let mut lines = Vec::new();
        while j < frames.len() && frames[j].0 == pc {
            let (_, name, file, line) = &frames[j];
            let function = b.function(name, file);
            lines.push(Line {
                function,
                line: *line,
            });
            j += 1;
        }
        let loc = match b.address(pc) {
            Some(l) => l,
            None => b.address_location(pc, &lines),
        };
        stack.push(loc);
        i = j;
    }
    stack
}

/// Parses a `debug=2` dump or a crash's traceback (`panic:` and
/// `[signal ...]` lines before the blocks are skipped). Each goroutine is a
/// sample of value 1 labelled with its `state` and, when the dump gives
/// it, its `wait` in minutes; `created by` is kept as a label too, since
/// Go puts it below the stack rather than in it.
pub fn parse_debug2(data: &[u8]) -> Result<Profile, LoadError> {
    let raw = String::from_utf8_lossy(data);
    let text = unpasted(&raw);
    let mut b = goroutine_builder();
    let state_key = b.intern("state");
    let wait_key = b.intern("wait");
    let minutes = b.intern("minutes");
    let created_key = b.intern("created by");
    let id_key = b.intern("goroutine");
    let mut lines = text.lines().enumerate().peekable();
    let mut found = 0usize;
    while let Some((_, line)) = lines.next() {
        let Some((id, inner)) = parse_header(line.trim_end()) else {
            continue;
        };
        found += 1;
        let mut state = Vec::new();
        let mut wait = None;
        for part in inner.split(", ") {
            if let Some(m) = part.strip_suffix(" minutes") {
                wait = m.trim().parse::<i64>().ok();
            } else {
                state.push(part);
            }
        }
        let mut labels = vec![
            Label {
                key: state_key,
                value: LabelValue::Str(b.intern(&state.join(", "))),
            },
            Label {
                key: id_key,
                value: LabelValue::Num {
                    value: id as i64,
                    unit: None,
                },
            },
        ];
        if let Some(w) = wait {
            labels.push(Label {
                key: wait_key,
                value: LabelValue::Num {
                    value: w,
                    unit: Some(minutes),
                },
            });
        }
        let mut stack = Vec::new();
        while let Some((_, l)) = lines.peek() {
            let l = l.trim_end();
            if l.is_empty() || parse_header(l).is_some() {
                break;
            }
            lines.next();
            if l.starts_with("...") {
                continue;
            }
            let (creator, call) = match l.strip_prefix("created by ") {
                Some(rest) => (true, rest),
                None => (false, l),
            };
            let name = if creator {
                // Go 1.21+: `created by main.main in goroutine 1`.
                call.split(" in goroutine ").next().unwrap_or(call).trim()
            } else {
                function_name(call)
            };
            let (file, line_no) = match lines.peek() {
                // A tab, or the spaces a paste made of it.
                Some((_, fl)) if fl.starts_with(char::is_whitespace) && !fl.trim().is_empty() => {
                    let r = file_line(fl);
                    lines.next();
                    r
                }
                _ => (String::new(), 0),
            };
            if creator {
                labels.push(Label {
                    key: created_key,
                    value: LabelValue::Str(b.intern(name)),
                });
            } else {
                let f = b.function(name, &file);
                stack.push(b.frame(f, line_no));
            }
        }
        b.sample(&stack, &[1], &labels);
    }
    if found == 0 {
        return Err(LoadError::Unrecognized(
            "no `goroutine N [state]:` blocks".to_string(),
        ));
    }
    Ok(b.finish())
}

/// The function name of a traceback call line: `pkg.(*T).m(0x1, {0x2, 0x3})`
/// → `pkg.(*T).m`. The argument list is the last balanced parenthesis group.
/// A traceback's location line, `\t/src/x.go:12 +0x1d` → ("/src/x.go", 12).
pub(crate) fn file_line(location: &str) -> (String, i64) {
    let fl = location.trim();
    let loc = fl.split(" +0x").next().unwrap_or(fl);
    match loc.rsplit_once(':') {
        Some((f, n)) => (f.to_string(), n.parse().unwrap_or(0)),
        None => (loc.to_string(), 0),
    }
}

pub(crate) fn function_name(call: &str) -> &str {
    let s = call.trim();
    if !s.ends_with(')') {
        return s;
    }
    let bytes = s.as_bytes();
    let mut depth = 0i32;
    for i in (0..bytes.len()).rev() {
        match bytes[i] {
            b')' => depth += 1,
            b'(' => {
                depth -= 1;
                if depth == 0 {
                    return &s[..i];
                }
            }
            _ => {}
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_names_keep_receivers() {
        assert_eq!(
            function_name("main.(*T).run(0xc000, {0x1, 0x2})"),
            "main.(*T).run"
        );
        assert_eq!(
            function_name("main.labelled.func1()"),
            "main.labelled.func1"
        );
        assert_eq!(function_name("panic({0x4a, 0x5b})"), "panic");
        assert_eq!(function_name("main.f(...)"), "main.f");
    }

    #[test]
    fn headers() {
        assert_eq!(parse_header("goroutine 1 [running]:"), Some((1, "running")));
        assert_eq!(
            parse_header("goroutine 7 [chan receive, 5 minutes]:"),
            Some((7, "chan receive, 5 minutes"))
        );
        assert_eq!(parse_header("goroutine profile: total 3"), None);
    }
}
