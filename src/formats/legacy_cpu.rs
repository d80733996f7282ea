//! The legacy binary CPU profile of gperftools' `ProfilerStart` (and Go's
//! `runtime/pprof` before 1.9), which `go tool pprof` still reads.
//!
//! The file is a sequence of machine words (32 or 64 bits, either byte
//! order, found from the header `0 3 0 period_us 0`), then records
//! `count depth pc…` up to the `0 1 0` end marker, then the process's
//! `/proc/self/maps` as text. The stacks are addresses only; they are
//! cleaned exactly as pprof's `legacy_profile.go` cleans them (return
//! addresses less one, the signal handler's frame dropped, a duplicated
//! leaf dropped), so `-top` of both tools lists the same rows.

use std::collections::HashMap;

use crate::error::LoadError;
use crate::profile::{Profile, ProfileBuilder, ValueType};

use super::legacy::{attach_mappings, map_entries};

/// One word layout of the four pprof tries.
#[derive(Debug, Clone, Copy)]
struct Words {
    size: usize,
    big_endian: bool,
}

impl Words {
    const ALL: [Words; 4] = [
        Words {
            size: 4,
            big_endian: false,
        },
        Words {
            size: 4,
            big_endian: true,
        },
        Words {
            size: 8,
            big_endian: false,
        },
        Words {
            size: 8,
            big_endian: true,
        },
    ];

    /// The word at byte `at`, if the data holds one there.
    fn get(self, data: &[u8], at: usize) -> Option<u64> {
        let bytes = data.get(at..at.checked_add(self.size)?)?;
        let fold = |acc: u64, b: &u8| acc << 8 | u64::from(*b);
        Some(if self.big_endian {
            bytes.iter().fold(0, fold)
        } else {
            bytes.iter().rev().fold(0, fold)
        })
    }

    /// The sampling period in microseconds if `data` starts with the
    /// header of a C++ (not Java) CPU profile in this layout.
    fn header(self, data: &[u8]) -> Option<u64> {
        let w: Vec<u64> = (0..5)
            .map(|i| self.get(data, i * self.size))
            .collect::<Option<_>>()?;
        (w[0] == 0 && w[1] == 3 && w[2] == 0 && w[3] > 0 && w[4] == 0).then_some(w[3])
    }
}

/// The layout and period of a legacy CPU profile's header.
fn layout(data: &[u8]) -> Option<(Words, u64)> {
    Words::ALL
        .iter()
        .find_map(|w| w.header(data).map(|period| (*w, period)))
}

/// Whether `data` starts with a legacy CPU profile's header.
pub fn is_legacy_cpu(data: &[u8]) -> bool {
    layout(data).is_some()
}

fn malformed(at: usize, msg: impl std::fmt::Display) -> LoadError {
    LoadError::Profile(format!("legacy CPU profile, byte {at}: {msg}"))
}

/// A record: its count and its stack of addresses, leaf first.
type Record = (u64, Vec<u64>);

/// Reads the records and the byte where the memory map starts.
fn records(data: &[u8], w: Words) -> Result<(Vec<Record>, usize), LoadError> {
    let mut at = 5 * w.size;
    let mut out = Vec::new();
    while at < data.len() {
        let start = at;
        let (Some(count), Some(depth)) = (w.get(data, at), w.get(data, at + w.size)) else {
            return Err(malformed(start, "the file ends inside a record"));
        };
        at += 2 * w.size;
        // A depth is checked against what is left before anything is
        // allocated for it.
        let left = (data.len() - at) / w.size;
        if depth > left as u64 {
            return Err(malformed(
                start,
                format!("a stack of {depth} addresses, but only {left} words follow"),
            ));
        }
        let mut stack = Vec::with_capacity(depth as usize);
        for i in 0..depth as usize {
            let pc = w.get(data, at).unwrap_or(0);
            at += w.size;
            // Callers' addresses are return addresses: one less lands on
            // the call. The leaf comes from the signal context.
            stack.push(if i > 0 { pc.wrapping_sub(1) } else { pc });
        }
        if count == 0 && stack == [0] {
            return Ok((out, at));
        }
        out.push((count, stack));
    }
    Ok((out, at))
}

/// pprof's cleaning: when (nearly) every sample has the same second frame,
/// that frame is the signal handler's and goes, up to twice; then a leaf
/// that appears again, less one, as its caller goes.
fn clean(samples: &mut [Record]) {
    // One sample in 32 may differ.
    let margin = samples.len() / 32;
    for _ in 0..2 {
        let mut seconds: HashMap<u64, usize> = HashMap::new();
        for (_, s) in samples.iter() {
            if let Some(&a) = s.get(1) {
                *seconds.entry(a).or_default() += 1;
            }
        }
        // At most one address can reach the threshold while the margin is
        // under half the samples, so the map's order does not matter.
        let Some(handler) = seconds
            .iter()
            .find(|(_, &n)| n >= samples.len() - margin)
            .map(|(&a, _)| a)
        else {
            continue;
        };
        for (_, s) in samples.iter_mut() {
            if s.get(1) == Some(&handler) {
                s.remove(1);
            }
        }
    }
    for (_, s) in samples.iter_mut() {
        if s.len() > 1 && s[0] == s[1].wrapping_add(1) {
            s.remove(1);
        }
    }
}

/// Parses a legacy binary CPU profile.
pub fn parse(data: &[u8]) -> Result<Profile, LoadError> {
    let Some((w, period_us)) = layout(data) else {
        return Err(LoadError::Unrecognized(
            "no legacy CPU profile header (words 0 3 0 PERIOD 0)".to_string(),
        ));
    };
    let (mut samples, end) = records(data, w)?;
    clean(&mut samples);
    let period = i64::try_from(period_us)
        .ok()
        .and_then(|p| p.checked_mul(1000))
        .ok_or_else(|| malformed(3 * w.size, format!("a period of {period_us} µs")))?;
    let mut b = ProfileBuilder::new(&[("samples", "count"), ("cpu", "nanoseconds")]);
    {
        let p = b.profile_mut();
        p.period = period;
        p.period_type = Some(ValueType {
            ty: p.sample_types[1].ty,
            unit: p.sample_types[1].unit,
        });
    }
    for (count, addrs) in &samples {
        let count = i64::try_from(*count).unwrap_or(i64::MAX);
        let stack: Vec<u32> = addrs
            .iter()
            .map(|&a| b.address(a).unwrap_or_else(|| b.address_location(a, &[])))
            .collect();
        b.sample(&stack, &[count, count.saturating_mul(period)], &[]);
    }
    let mut profile = b.finish();
    let maps = String::from_utf8_lossy(data.get(end..).unwrap_or_default());
    attach_mappings(&mut profile, &map_entries(maps.lines()));
    Ok(profile)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words64(ws: &[u64]) -> Vec<u8> {
        ws.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    #[test]
    fn every_word_layout_is_recognized() {
        let le32: Vec<u8> = [0u32, 3, 0, 10_000, 0]
            .iter()
            .flat_map(|w| w.to_le_bytes())
            .collect();
        let be64: Vec<u8> = [0u64, 3, 0, 10_000, 0]
            .iter()
            .flat_map(|w| w.to_be_bytes())
            .collect();
        assert_eq!(layout(&le32).map(|l| l.1), Some(10_000));
        assert_eq!(layout(&be64).map(|l| (l.0.size, l.1)), Some((8, 10_000)));
        // Java's header (third word 1) is not this reader's.
        assert!(!is_legacy_cpu(&words64(&[0, 3, 1, 10_000, 0])));
    }

    #[test]
    fn a_depth_past_the_end_is_an_error_not_an_allocation() {
        let data = words64(&[0, 3, 0, 10_000, 0, 1, u64::MAX]);
        let e = parse(&data).unwrap_err().to_string();
        assert!(
            e.contains("byte 40") && e.contains("only 0 words follow"),
            "{e}"
        );
    }

    #[test]
    fn the_handler_frame_and_a_duplicated_leaf_go() {
        // Two samples through the handler frame 0x51 (0x50 less one after
        // the adjustment), one with its leaf repeated as caller.
        let data = words64(&[
            0, 3, 0, 10_000, 0, //
            2, 3, 0x100, 0x51, 0x201, //
            1, 4, 0x300, 0x51, 0x300, 0x401, //
            0, 1, 0,
        ]);
        let p = parse(&data).unwrap();
        let stacks: Vec<Vec<u64>> = (0..p.samples.len())
            .map(|i| {
                p.samples
                    .stack(i)
                    .iter()
                    .map(|&l| p.locations[l as usize].address)
                    .collect()
            })
            .collect();
        assert_eq!(stacks, [vec![0x100, 0x200], vec![0x300, 0x400]]);
        assert_eq!(p.samples.values(0), [2, 20_000_000]);
    }
}
