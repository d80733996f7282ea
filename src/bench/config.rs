//! A result's file configuration (`goos: linux`, `pkg: …`), shared between
//! results and cheap to change.
//!
//! Every result keeps the configuration in force on its line. Copying it at
//! each `key: value` line costs as much as the configuration is long, so a
//! file in which each of thousands of keys starts a new configuration would
//! take memory quadratic in its length. Instead a configuration is the
//! changes since an earlier one, and a full copy is made only once the
//! changes since the last copy outnumber its entries: each copy is paid for
//! by as many changes, so memory stays linear in the file, and a lookup
//! reads at most one copy and about as many changes as there are keys.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::goformat::Config;

/// One configuration: the entries of a full copy, or changes on top of an
/// earlier configuration.
#[derive(Debug)]
pub struct ConfigSet {
    /// The configuration this one changes (`None` for a full copy).
    parent: Option<Arc<ConfigSet>>,
    /// A full copy's entries, in order; changes: what was set (an empty
    /// value deletes the key), oldest first.
    entries: Vec<Config>,
    /// The changes from the nearest full copy up to and including these.
    changes_since_copy: usize,
}

impl ConfigSet {
    /// A configuration of exactly `entries`.
    pub fn new(entries: Vec<Config>) -> Arc<Self> {
        Arc::new(ConfigSet {
            parent: None,
            entries,
            changes_since_copy: 0,
        })
    }

    /// `base` with `changes` applied; `current` is the result (what
    /// [`Entries::apply`] made of `base`'s entries), copied when that is
    /// cheaper in the long run.
    pub fn changed(base: &Arc<Self>, changes: Vec<Config>, current: &[Config]) -> Arc<Self> {
        let since = base.changes_since_copy + changes.len();
        if since > current.len() {
            return Self::new(current.to_vec());
        }
        Arc::new(ConfigSet {
            parent: Some(Arc::clone(base)),
            entries: changes,
            changes_since_copy: since,
        })
    }

    /// The value of `key`, or "" when it is not set.
    pub fn value(&self, key: &str) -> &str {
        let mut node = self;
        loop {
            let found = if node.parent.is_some() {
                node.entries.iter().rev().find(|c| c.key == key)
            } else {
                node.entries.iter().find(|c| c.key == key)
            };
            if let Some(c) = found {
                return &c.value;
            }
            match &node.parent {
                Some(p) => node = p,
                None => return "",
            }
        }
    }

    /// The nearest full copy's entries, then every change made since, oldest
    /// first.
    fn layers(&self) -> (&[Config], Vec<&Config>) {
        let mut chain = Vec::new();
        let mut node = self;
        while let Some(p) = &node.parent {
            chain.push(&node.entries);
            node = p;
        }
        let changes = chain.into_iter().rev().flatten().collect();
        (&node.entries, changes)
    }

    /// The entries in the order the file set them, borrowed: the rules of
    /// [`Entries::apply`] over references, so nothing is cloned (the unit
    /// tests check both give the same).
    pub fn entries(&self) -> Vec<&Config> {
        let (copy, changes) = self.layers();
        let mut list: Vec<&Config> = copy.iter().collect();
        let mut index: FxHashMap<&str, usize> = list
            .iter()
            .enumerate()
            .map(|(i, c)| (c.key.as_str(), i))
            .collect();
        for c in changes {
            match (index.get(c.key.as_str()).copied(), c.value.is_empty()) {
                (Some(i), true) => {
                    index.remove(c.key.as_str());
                    list.swap_remove(i);
                    if let Some(moved) = list.get(i) {
                        index.insert(&moved.key, i);
                    }
                }
                (None, true) => {}
                (Some(i), false) => list[i] = c,
                (None, false) => {
                    index.insert(&c.key, list.len());
                    list.push(c);
                }
            }
        }
        list
    }

    /// The entries in the order the file set them (with benchfmt's
    /// reordering on deletion).
    pub fn to_vec(&self) -> Vec<Config> {
        self.entries().into_iter().cloned().collect()
    }
}

/// Two configurations are equal when they hold the same entries in the
/// same order, however each was stored.
impl PartialEq for ConfigSet {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other) || self.to_vec() == other.to_vec()
    }
}

impl Eq for ConfigSet {}

/// A table's configuration: every header field (the `.config` keys and
/// other table projections) with its value, "" when unset. Tables share
/// the names, and each table's values are stored as the changes from the
/// table before it (see [`ConfigSet`]), so thousands of tables of
/// thousands of keys stay linear in size.
#[derive(Debug, Clone)]
pub struct TableConfig {
    names: Arc<Vec<String>>,
    values: Arc<ConfigSet>,
}

impl TableConfig {
    /// One configuration of `pairs`, on its own.
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        let names = pairs.iter().map(|(n, _)| n.clone()).collect();
        let values = pairs
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(key, value)| Config {
                key,
                value,
                file: true,
            })
            .collect();
        TableConfig {
            names: Arc::new(names),
            values: ConfigSet::new(values),
        }
    }

    /// Configurations of the same `names`, one per entry of `values`
    /// (each as long as `names`), stored as changes from the one before.
    pub fn sequence<S: AsRef<str>>(
        names: Vec<String>,
        values: impl Iterator<Item = Vec<S>>,
    ) -> Vec<Self> {
        let names = Arc::new(names);
        let mut out: Vec<TableConfig> = Vec::new();
        let mut prev: Option<Vec<S>> = None;
        let mut current = Entries::default();
        let mut set = ConfigSet::new(Vec::new());
        for vals in values {
            let mut changes = Vec::new();
            for (i, v) in vals.iter().enumerate() {
                let before = prev
                    .as_ref()
                    .and_then(|p| p.get(i))
                    .map_or("", AsRef::as_ref);
                if before != v.as_ref() {
                    let change = Config {
                        key: names[i].clone(),
                        value: v.as_ref().to_string(),
                        file: true,
                    };
                    current.apply(change.clone());
                    changes.push(change);
                }
            }
            if !changes.is_empty() {
                set = ConfigSet::changed(&set, changes, current.as_slice());
            }
            out.push(TableConfig {
                names: Arc::clone(&names),
                values: Arc::clone(&set),
            });
            prev = Some(vals);
        }
        out
    }

    /// The fields' names, in display order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Each field's value ("" when unset), in display order, borrowed.
    pub fn values(&self) -> Vec<&str> {
        // Order does not matter here (the names give it): a map will do.
        let (copy, changes) = self.values.layers();
        let mut map: FxHashMap<&str, &str> = copy
            .iter()
            .map(|c| (c.key.as_str(), c.value.as_str()))
            .collect();
        for c in changes {
            if c.value.is_empty() {
                map.remove(c.key.as_str());
            } else {
                map.insert(&c.key, &c.value);
            }
        }
        self.names
            .iter()
            .map(|n| map.get(n.as_str()).copied().unwrap_or(""))
            .collect()
    }

    /// Every field and its value, in display order.
    pub fn to_vec(&self) -> Vec<(String, String)> {
        self.names
            .iter()
            .zip(self.values())
            .map(|(n, v)| (n.clone(), v.to_string()))
            .collect()
    }

    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        self.values.to_vec().is_empty()
    }
}

impl PartialEq for TableConfig {
    fn eq(&self, other: &Self) -> bool {
        let same =
            Arc::ptr_eq(&self.names, &other.names) && Arc::ptr_eq(&self.values, &other.values);
        same || self.to_vec() == other.to_vec()
    }
}

impl serde::Serialize for TableConfig {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_vec().serialize(s)
    }
}

/// A configuration being changed: its entries in order, with an index so
/// each change costs the same however many keys there are.
#[derive(Debug, Clone, Default)]
pub struct Entries {
    list: Vec<Config>,
    index: FxHashMap<String, usize>,
}

impl Entries {
    /// The entries of `list` (keys distinct).
    pub fn new(list: Vec<Config>) -> Self {
        let index = list
            .iter()
            .enumerate()
            .map(|(i, c)| (c.key.clone(), i))
            .collect();
        Entries { list, index }
    }

    /// The entries, in order.
    pub fn as_slice(&self) -> &[Config] {
        &self.list
    }

    /// Applies one change as benchfmt does: a new key is added at the end,
    /// a known key changes in place, an empty value deletes the key (the
    /// last entry takes its place, so the order changes as in benchstat).
    pub fn apply(&mut self, change: Config) {
        let pos = self.index.get(&change.key).copied();
        match (pos, change.value.is_empty()) {
            (Some(i), true) => {
                self.index.remove(&change.key);
                self.list.swap_remove(i);
                if let Some(moved) = self.list.get(i) {
                    self.index.insert(moved.key.clone(), i);
                }
            }
            (None, true) => {}
            (Some(i), false) => self.list[i] = change,
            (None, false) => {
                self.index.insert(change.key.clone(), self.list.len());
                self.list.push(change);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(key: &str, value: &str) -> Config {
        Config {
            key: key.into(),
            value: value.into(),
            file: true,
        }
    }

    /// Sets keys one by one as a reader does, snapshotting after each.
    fn snapshots(changes: &[Config]) -> (Vec<Arc<ConfigSet>>, Vec<Vec<Config>>) {
        let mut current = Entries::new(vec![set(".file", "f")]);
        let mut snap = ConfigSet::new(current.as_slice().to_vec());
        let (mut snaps, mut wants) = (Vec::new(), Vec::new());
        for c in changes {
            current.apply(c.clone());
            snap = ConfigSet::changed(&snap, vec![c.clone()], current.as_slice());
            snaps.push(Arc::clone(&snap));
            wants.push(current.as_slice().to_vec());
        }
        (snaps, wants)
    }

    #[test]
    fn every_snapshot_reads_as_the_configuration_it_was() {
        let changes = [
            set("goos", "linux"),
            set("pkg", "a"),
            set("cpu", "x"),
            set("pkg", "b"),
            set("goos", ""),
            set("pkg", ""),
            set("note", "n"),
            set("pkg", "c"),
        ];
        let (snaps, wants) = snapshots(&changes);
        for (s, want) in snaps.iter().zip(&wants) {
            assert_eq!(&s.to_vec(), want);
            for key in [".file", "goos", "pkg", "cpu", "note", "absent"] {
                let v = want.iter().find(|c| c.key == key).map_or("", |c| &c.value);
                assert_eq!(s.value(key), v, "{key}");
            }
        }
    }

    #[test]
    fn table_configurations_read_as_built_and_share_storage() {
        let names: Vec<String> = (0..3000).map(|i| format!("k{i}")).collect();
        // Table t has keys 0..=t set, as when each key starts a table.
        let dense = |t: usize| -> Vec<String> {
            (0..3000)
                .map(|i| {
                    if i <= t {
                        format!("v{i}")
                    } else {
                        String::new()
                    }
                })
                .collect()
        };
        let configs = TableConfig::sequence(names, (0..3000).map(dense));
        for t in [0, 1, 2, 999, 2999] {
            let want = dense(t);
            assert_eq!(
                configs[t].values(),
                want.iter().map(String::as_str).collect::<Vec<_>>()
            );
        }
        assert_ne!(configs[5], configs[6]);
        assert_eq!(configs[6], TableConfig::new(configs[6].to_vec()));
        let stored: usize = configs.iter().map(|c| c.values.entries.len()).sum();
        assert!(stored < 4 * 3000, "{stored}");
    }

    #[test]
    fn thousands_of_new_keys_take_linear_space() {
        let changes: Vec<Config> = (0..4000).map(|i| set(&format!("k{i}"), "v")).collect();
        let (snaps, _) = snapshots(&changes);
        // Entries stored over every snapshot: full copies are paid for by
        // as many changes, so the total stays a small multiple of 4,000.
        let stored: usize = snaps
            .iter()
            .map(|s| {
                if s.parent.is_none() {
                    s.entries.len()
                } else {
                    1
                }
            })
            .sum();
        assert!(stored < 4 * 4000, "{stored}");
        assert_eq!(snaps[3999].value("k0"), "v");
        assert_eq!(snaps[3999].to_vec().len(), 4001);
    }
}
