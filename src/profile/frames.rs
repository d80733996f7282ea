//! Frames at a chosen granularity: what pprof calls graph nodes.
//!
//! A location expands into one frame per line (inlined calls included). At
//! `functions` granularity two frames are the same node when their function
//! names are equal; at `files` when their files are; at `lines` when name,
//! file and line all are. This mirrors pprof's `NodeInfo` keys.

use rustc_hash::FxHashMap;

use super::model::Profile;
use super::strings::StrId;

/// How finely frames are told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// One node per function name (pprof's default).
    #[default]
    Functions,
    /// One node per source file.
    Files,
    /// One node per function and source line.
    Lines,
    /// One node per instruction address (and inlined line at it), as
    /// pprof's `-addresses`; no binary is needed.
    Addresses,
}

/// The identity of a node: the fields pprof's `NodeInfo` keeps at the
/// chosen granularity (unused fields are zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FrameKey {
    /// Function name (0 = none).
    pub name: StrId,
    /// Source file (0 = none).
    pub file: StrId,
    /// Line number (0 = none).
    pub line: i64,
    /// Binary, only kept when there is no function name.
    pub objfile: StrId,
    /// Instruction address (0 unless at address granularity).
    pub address: u64,
}

/// Every distinct frame of a profile at one granularity, and the frames of
/// each location.
#[derive(Debug, Clone)]
pub struct FrameTable {
    granularity: Granularity,
    keys: Vec<FrameKey>,
    names: Vec<String>,
    location_frames: Vec<u32>,
    location_ends: Vec<u32>,
}

impl FrameTable {
    /// A table of named frames without a profile, for tests of the
    /// structures built on frame ids.
    #[cfg(test)]
    pub(crate) fn synthetic(names: Vec<String>) -> Self {
        let key = FrameKey {
            name: 0,
            file: 0,
            line: 0,
            objfile: 0,
            address: 0,
        };
        FrameTable {
            granularity: Granularity::Functions,
            keys: vec![key; names.len()],
            names,
            location_frames: Vec::new(),
            location_ends: Vec::new(),
        }
    }

    /// Builds the frame table of `profile`.
    pub fn new(profile: &Profile, granularity: Granularity) -> Self {
        let mut ids: FxHashMap<FrameKey, u32> = FxHashMap::default();
        let mut table = FrameTable {
            granularity,
            keys: Vec::new(),
            names: Vec::new(),
            location_frames: Vec::with_capacity(profile.lines.len() + 16),
            location_ends: Vec::with_capacity(profile.locations.len()),
        };
        for (li, loc) in profile.locations.iter().enumerate() {
            let objfile = loc
                .mapping
                .and_then(|m| profile.mappings.get(m as usize))
                .map(|m| m.file)
                .unwrap_or(0);
            let lines = profile.location_lines(li as u32);
            let address = if granularity == Granularity::Addresses {
                loc.address
            } else {
                0
            };
            if lines.is_empty() {
                let key = FrameKey {
                    name: 0,
                    file: 0,
                    line: 0,
                    objfile,
                    address,
                };
                let id = table.intern(&mut ids, key, profile);
                table.location_frames.push(id);
            }
            for line in lines {
                let f = &profile.functions[line.function as usize];
                let key = match granularity {
                    Granularity::Functions => FrameKey {
                        name: f.name,
                        file: 0,
                        line: 0,
                        objfile: if f.name == 0 { objfile } else { 0 },
                        address: 0,
                    },
                    Granularity::Files => FrameKey {
                        name: 0,
                        file: f.filename,
                        line: 0,
                        objfile,
                        address: 0,
                    },
                    Granularity::Lines | Granularity::Addresses => FrameKey {
                        name: f.name,
                        file: f.filename,
                        line: line.line,
                        objfile: if f.name == 0 { objfile } else { 0 },
                        address,
                    },
                };
                let id = table.intern(&mut ids, key, profile);
                table.location_frames.push(id);
            }
            table.location_ends.push(table.location_frames.len() as u32);
        }
        table
    }

    fn intern(
        &mut self,
        ids: &mut FxHashMap<FrameKey, u32>,
        key: FrameKey,
        profile: &Profile,
    ) -> u32 {
        if let Some(&id) = ids.get(&key) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.keys.push(key);
        self.names.push(printable_name(&key, profile));
        ids.insert(key, id);
        id
    }

    /// The granularity this table was built at.
    pub fn granularity(&self) -> Granularity {
        self.granularity
    }

    /// Number of distinct frames.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there are no frames.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Each location's one frame, indexed by location, when no location
    /// has more than one (no inlining at this granularity: folded stacks,
    /// most pprof files), for walks that need no slice per location.
    pub fn single_frames(&self) -> Option<&[u32]> {
        (self.location_frames.len() == self.location_ends.len())
            .then_some(self.location_frames.as_slice())
    }

    /// The frames of location `loc`, innermost first (never empty).
    pub fn location_frames(&self, loc: u32) -> &[u32] {
        let i = loc as usize;
        let start = if i == 0 {
            0
        } else {
            self.location_ends[i - 1] as usize
        };
        &self.location_frames[start..self.location_ends[i] as usize]
    }

    /// The display name of a frame, as pprof prints it.
    pub fn name(&self, frame: u32) -> &str {
        &self.names[frame as usize]
    }

    /// The key of a frame.
    pub fn key(&self, frame: u32) -> FrameKey {
        self.keys[frame as usize]
    }

    /// The frames of a sample's stack, root first (the order of a flame
    /// graph and of folded stacks).
    pub fn stack_root_first<'a>(&'a self, stack: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
        stack
            .iter()
            .rev()
            .flat_map(move |&loc| self.location_frames(loc).iter().rev().copied())
    }
}

/// pprof's `NodeInfo.PrintableName` for a key.
fn printable_name(key: &FrameKey, profile: &Profile) -> String {
    let mut parts: Vec<String> = Vec::new();
    if key.address != 0 {
        parts.push(format!("{:016x}", key.address));
    }
    let name = profile.str(key.name);
    if !name.is_empty() {
        parts.push(name.to_string());
    }
    let file = profile.str(key.file);
    if key.line != 0 {
        parts.push(format!("{}:{}", file, key.line));
    } else if !file.is_empty() {
        parts.push(file.to_string());
    } else if !name.is_empty() {
        // The name is already there.
    } else if key.objfile != 0 && !profile.str(key.objfile).is_empty() {
        let obj = profile.str(key.objfile);
        let base = obj.rsplit('/').next().unwrap_or(obj);
        parts.push(format!("[{base}]"));
    } else {
        parts.push("<unknown>".to_string());
    }
    parts.join(" ")
}
