//! DHAT heap profiles (`valgrind --tool=dhat`, the dhat crate): program
//! points — a stack and its allocation totals — over a table of frames.
//! Heap profiles give six sample types: bytes and blocks in total, at the
//! global maximum (t-gmax) and at the end (t-end); copy and ad-hoc
//! profiles give their two.

use serde::Deserialize;

use crate::error::LoadError;
use crate::profile::{Profile, ProfileBuilder};

#[derive(Deserialize)]
struct File {
    #[serde(rename = "dhatFileVersion")]
    version: u32,
    #[serde(default)]
    mode: String,
    pps: Vec<ProgramPoint>,
    ftbl: Vec<String>,
}

#[derive(Deserialize)]
struct ProgramPoint {
    #[serde(default)]
    tb: i64,
    #[serde(default)]
    tbk: i64,
    #[serde(default)]
    gb: i64,
    #[serde(default)]
    gbk: i64,
    #[serde(default)]
    eb: i64,
    #[serde(default)]
    ebk: i64,
    fs: Vec<usize>,
}

/// Whether the head of a JSON document is a DHAT profile.
pub fn looks_like(head: &str) -> bool {
    let t = head.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('{') && t.contains("\"dhatFileVersion\"")
}

/// `0x1091F3: touch_pages (work.c:20)` → (address, name, file, line);
/// `(in /lib/x.so)` names the object instead of a file.
fn frame(entry: &str) -> (u64, &str, &str, i64) {
    let (addr, rest) = match entry.split_once(": ") {
        Some((a, r)) if a.starts_with("0x") => (u64::from_str_radix(&a[2..], 16).unwrap_or(0), r),
        _ => (0, entry),
    };
    let Some((name, place)) = rest.strip_suffix(')').and_then(|r| r.rsplit_once(" (")) else {
        return (addr, rest, "", 0);
    };
    if let Some(object) = place.strip_prefix("in ") {
        return (addr, name, object, 0);
    }
    // file:line or file:line:column; `???:0:0` when unknown.
    let mut parts = place.rsplitn(3, ':');
    let nums: Vec<&str> = parts.by_ref().take(2).collect();
    let file_end = |n: usize| place.len() - nums[..n].iter().map(|s| s.len() + 1).sum::<usize>();
    let (file, line) = match nums.as_slice() {
        [c, l] if c.parse::<i64>().is_ok() && l.parse::<i64>().is_ok() => {
            (&place[..file_end(2)], l.parse().unwrap_or(0))
        }
        [l, ..] if l.parse::<i64>().is_ok() => (&place[..file_end(1)], l.parse().unwrap_or(0)),
        _ => (place, 0),
    };
    let file = if file == "???" { "" } else { file };
    (addr, name, file, line)
}

/// Reads a DHAT JSON file.
pub fn parse(data: &[u8]) -> Result<Profile, LoadError> {
    let file: File = super::json::decode(data)?;
    if file.version != 2 {
        return Err(LoadError::Profile(format!(
            "DHAT file version {} (perftui reads version 2)",
            file.version
        )));
    }
    let heap = file.mode.is_empty() || file.mode.ends_with("heap");
    let types: &[(&str, &str)] = match file.mode.as_str() {
        _ if heap => &[
            ("total_bytes", "bytes"),
            ("total_blocks", "count"),
            ("gmax_bytes", "bytes"),
            ("gmax_blocks", "count"),
            ("end_bytes", "bytes"),
            ("end_blocks", "count"),
        ],
        "copy" => &[("copied_bytes", "bytes"), ("copies", "count")],
        _ => &[("units", "count"), ("events", "count")],
    };
    let mut b = ProfileBuilder::new(types);
    let mut locations: Vec<Option<u32>> = vec![None; file.ftbl.len()];
    let mut stack = Vec::new();
    for (p, pp) in file.pps.iter().enumerate() {
        stack.clear();
        // Innermost first, as pprof stacks are.
        for &f in &pp.fs {
            let entry = file.ftbl.get(f).ok_or_else(|| {
                LoadError::Profile(format!(
                    "program point {p} names frame {f}, but there are {} frames",
                    file.ftbl.len()
                ))
            })?;
            if entry == "[root]" {
                continue;
            }
            let loc = match locations[f] {
                Some(l) => l,
                None => {
                    let (_, name, src, line) = frame(entry);
                    let func = b.function(name, src);
                    let l = b.frame(func, line);
                    locations[f] = Some(l);
                    l
                }
            };
            stack.push(loc);
        }
        let values: Vec<i64> = if heap {
            vec![pp.tb, pp.tbk, pp.gb, pp.gbk, pp.eb, pp.ebk]
        } else {
            vec![pp.tb, pp.tbk]
        };
        b.sample(&stack, &values, &[]);
    }
    let mut profile = b.finish();
    // dh_view opens on the totals; pprof would pick the last type.
    profile.default_sample_type = profile.sample_types.first().map(|t| t.ty);
    Ok(profile)
}

#[cfg(test)]
mod tests {
    #[test]
    fn frames_name_a_file_and_line_or_an_object() {
        assert_eq!(
            super::frame("0x1091F3: touch_pages (work.c:20)"),
            (0x1091f3, "touch_pages", "work.c", 20)
        );
        assert_eq!(
            super::frame(
                "0x48417B4: malloc (in /usr/libexec/valgrind/vgpreload_dhat-amd64-linux.so)"
            ),
            (
                0x48417b4,
                "malloc",
                "/usr/libexec/valgrind/vgpreload_dhat-amd64-linux.so",
                0
            )
        );
        assert_eq!(
            super::frame("0x5604b10f51f6: dhatrs::main (src/main.rs:24:16)"),
            (0x5604b10f51f6, "dhatrs::main", "src/main.rs", 24)
        );
        assert_eq!(
            super::frame("0x5604b10f930f: <dhat::Alloc as core::alloc::global::GlobalAlloc>::alloc (???:0:0)"),
            (0x5604b10f930f, "<dhat::Alloc as core::alloc::global::GlobalAlloc>::alloc", "", 0)
        );
    }
}
