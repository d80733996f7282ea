//! Building a profile from text formats, one frame at a time.

use rustc_hash::FxHashMap;

use super::model::{Function, Label, Line, Location, Profile, Samples, ValueType};
use super::strings::StrId;

/// Builds a [`Profile`] for formats that name frames directly (goroutine
/// dumps, folded stacks, legacy text profiles): functions and locations are
/// created on first use and shared after that.
#[derive(Debug)]
pub struct ProfileBuilder {
    profile: Profile,
    functions: FxHashMap<(StrId, StrId), u32>,
    frames: FxHashMap<(u32, i64), u32>,
    addresses: FxHashMap<u64, u32>,
}

impl ProfileBuilder {
    /// A builder for a profile with the given sample types (`(type, unit)`).
    pub fn new(sample_types: &[(&str, &str)]) -> Self {
        let mut profile = Profile::default();
        for (ty, unit) in sample_types {
            let vt = ValueType {
                ty: profile.strings.intern(ty),
                unit: profile.strings.intern(unit),
            };
            profile.sample_types.push(vt);
        }
        profile.samples = Samples::new(sample_types.len());
        ProfileBuilder {
            profile,
            functions: FxHashMap::default(),
            frames: FxHashMap::default(),
            addresses: FxHashMap::default(),
        }
    }

    /// The profile being built, to set header fields.
    pub fn profile_mut(&mut self) -> &mut Profile {
        &mut self.profile
    }

    /// Interns a string.
    pub fn intern(&mut self, s: &str) -> StrId {
        self.profile.strings.intern(s)
    }

    /// The function named `name` in `file`, created on first use.
    pub fn function(&mut self, name: &str, file: &str) -> u32 {
        let name = self.profile.strings.intern(name);
        let file = self.profile.strings.intern(file);
        let functions = &mut self.profile.functions;
        *self.functions.entry((name, file)).or_insert_with(|| {
            functions.push(Function {
                id: functions.len() as u64 + 1,
                name,
                system_name: name,
                filename: file,
                start_line: 0,
            });
            functions.len() as u32 - 1
        })
    }

    /// A location of one frame (`function` at `line`), shared by every stack
    /// that has the same frame.
    pub fn frame(&mut self, function: u32, line: i64) -> u32 {
        if let Some(&loc) = self.frames.get(&(function, line)) {
            return loc;
        }
        let loc = self.push_location(0, &[Line { function, line }]);
        self.frames.insert((function, line), loc);
        loc
    }

    /// The location at `address` if it was already created.
    pub fn address(&self, address: u64) -> Option<u32> {
        self.addresses.get(&address).copied()
    }

    /// A location at `address` with the given lines (innermost first),
    /// created on first use of the address.
    pub fn address_location(&mut self, address: u64, lines: &[Line]) -> u32 {
        if let Some(&loc) = self.addresses.get(&address) {
            return loc;
        }
        let loc = self.push_location(address, lines);
        self.addresses.insert(address, loc);
        loc
    }

    fn push_location(&mut self, address: u64, lines: &[Line]) -> u32 {
        let p = &mut self.profile;
        let start = p.lines.len() as u32;
        p.lines.extend_from_slice(lines);
        p.locations.push(Location {
            id: p.locations.len() as u64 + 1,
            mapping: None,
            address,
            lines_start: start,
            lines_end: p.lines.len() as u32,
            is_folded: false,
        });
        p.locations.len() as u32 - 1
    }

    /// Adds a sample: `stack` is leaf first, `values` one per sample type.
    pub fn sample(&mut self, stack: &[u32], values: &[i64], labels: &[Label]) {
        self.profile.samples.push(stack, values, labels);
    }

    /// The finished profile.
    pub fn finish(self) -> Profile {
        self.profile
    }
}
