//! Interned strings: each distinct string is stored once and named by a `u32`.

use rustc_hash::FxHashMap;

/// Index of an interned string. `0` is always the empty string.
pub type StrId = u32;

/// A string table with deduplication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strings {
    table: Vec<Box<str>>,
    index: FxHashMap<Box<str>, StrId>,
}

impl Default for Strings {
    fn default() -> Self {
        let mut s = Strings {
            table: Vec::new(),
            index: FxHashMap::default(),
        };
        s.intern("");
        s
    }
}

impl Strings {
    /// The id of `s`, adding it if it is new.
    pub fn intern(&mut self, s: &str) -> StrId {
        if let Some(&id) = self.index.get(s) {
            return id;
        }
        let id = self.table.len() as StrId;
        self.table.push(s.into());
        self.index.insert(s.into(), id);
        id
    }

    /// The id of `s` if it is interned.
    pub fn find(&self, s: &str) -> Option<StrId> {
        self.index.get(s).copied()
    }

    /// The string of `id`; an unknown id reads as the empty string.
    pub fn get(&self, id: StrId) -> &str {
        self.table.get(id as usize).map(|s| &**s).unwrap_or("")
    }

    /// Number of distinct strings, the empty one included.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether only the empty string is present.
    pub fn is_empty(&self) -> bool {
        self.table.len() <= 1
    }
}
