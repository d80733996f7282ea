//! benchstat's projections and filters: how results are grouped into
//! tables, rows and columns (`-table .config -row .fullname -col .file`)
//! and which are kept (`-filter '.name:(Sum OR Lookup) .unit:B/op'`).
//!
//! Keys: `.name` (base name), `.fullname` (full name), `.file` (input file
//! or label), `/k` (sub-benchmark key `k=v` in the name, `/gomaxprocs` for
//! the `-N` suffix), `.config` (every file configuration key), `.unit`
//! (filters only) and any file configuration key (`goos`, `pkg`...). A key
//! may carry a sort order: `key@alpha`, `key@num` or `key@(v1 v2)`, which
//! also keeps only those values.
//!
//! Ordering quirk kept on purpose: benchstat sorts the values of each
//! `.config` key alphabetically (it never records their observation order),
//! so a table with an empty `pkg` comes before one with a package.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use std::sync::Arc;

use super::config::ConfigSet;
use super::goformat::{name_parts, BenchResult, Config};

mod filter;
mod lexer;

pub use filter::{Filter, MatchValue};
use lexer::{Lexer, Tok};

/// A malformed projection or filter expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    /// The expression.
    pub query: String,
    /// The error's position: characters of `query` before it.
    pub col: usize,
    /// What is wrong.
    pub msg: String,
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // benchstat's diagram: the query as typed, a tab included (as
        // benchstat echoes it), other control characters escaped so none
        // reaches the terminal, the caret under the same character. A long
        // expression is shown around the error only, so the diagram stays
        // two short lines.
        let units: Vec<String> = self
            .query
            .chars()
            .map(|c| {
                if c == '\t' || !c.is_control() {
                    c.to_string()
                } else {
                    crate::error::escape_controls(&c.to_string())
                }
            })
            .collect();
        // benchstat pads by the graphic characters before the error: a tab
        // adds nothing; an escape adds its width, to stay under its text.
        let width = |u: &[String]| {
            u.iter()
                .filter(|s| s.as_str() != "\t")
                .map(|s| s.chars().count())
                .sum::<usize>()
        };
        let at = self.col.min(units.len());
        let (from, to) = if units.len() <= 80 {
            (0, units.len())
        } else {
            (at.saturating_sub(40), (at + 40).min(units.len()))
        };
        let mut shown = units[from..to].concat();
        let mut col = width(&units[from..at]);
        if from > 0 {
            shown.insert(0, '…');
            col += 1;
        }
        if to < units.len() {
            shown.push('…');
        }
        let pad = " ".repeat(col);
        write!(f, "syntax error: {}\n\t{shown}\n\t{pad}^", self.msg)
    }
}

impl std::error::Error for ExprError {}

// ---------------------------------------------------------------- extraction

/// The value of `key` for a result. `exclude` lists sub-name keys (and
/// `.name`) to drop from `.fullname`, because another projection shows them.
pub fn extract<'a>(key: &str, r: &'a BenchResult, exclude: &[String]) -> Cow<'a, str> {
    match key {
        ".name" => Cow::Borrowed(r.base_name()),
        ".fullname" => full_name(r, exclude),
        k if k.starts_with('/') => {
            let (_, parts) = name_parts(&r.name);
            if k == "/gomaxprocs" {
                if let Some(p) = parts.last().and_then(|p| p.strip_prefix('-')) {
                    return Cow::Borrowed(p);
                }
            }
            let prefix = format!("{k}=");
            Cow::Borrowed(
                parts
                    .iter()
                    .find_map(|p| p.strip_prefix(prefix.as_str()))
                    .unwrap_or(""),
            )
        }
        k => Cow::Borrowed(r.config_value(k)),
    }
}

fn full_name<'a>(r: &'a BenchResult, exclude: &[String]) -> Cow<'a, str> {
    if exclude.is_empty() {
        return Cow::Borrowed(&r.name);
    }
    let exc_name = exclude.iter().any(|k| k == ".name");
    let delete: Vec<String> = exclude
        .iter()
        .filter(|k| k.starts_with('/'))
        .map(|k| format!("{k}="))
        .collect();
    let exc_procs = exclude.iter().any(|k| k == "/gomaxprocs");
    let name: &str = &r.name;
    let found = exc_name
        || delete.iter().any(|d| name.contains(d.as_str()))
        || (exc_procs && name.contains('-'));
    if !found {
        return Cow::Borrowed(name);
    }
    let (base, parts) = name_parts(name);
    let mut out = if exc_name {
        "*".to_string()
    } else {
        base.to_string()
    };
    for p in parts {
        if delete.iter().any(|d| p.starts_with(d.as_str())) || (exc_procs && p.starts_with('-')) {
            continue;
        }
        out.push_str(p);
    }
    Cow::Owned(out)
}

// ---------------------------------------------------------------- projections

/// How a field's values are ordered.
#[derive(Debug, Clone, PartialEq)]
pub enum Order {
    /// In order of first appearance.
    First,
    /// Alphabetically.
    Alpha,
    /// Numerically, understanding `2k` and `1Mi`.
    Num,
    /// In this order; other values are filtered out.
    Fixed(Vec<String>),
}

/// One parsed `key@order` element of a projection.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSpec {
    /// The key.
    pub key: String,
    /// The order.
    pub order: Order,
}

/// Parses a projection expression: keys separated by commas or spaces.
pub fn parse_projection(q: &str) -> Result<Vec<FieldSpec>, ExprError> {
    let mut lx = Lexer::new(q);
    let mut out = Vec::new();
    loop {
        let (tok, _) = lx.peek(false)?;
        if tok == Tok::End {
            break;
        }
        if tok == Tok::Op(',') && !out.is_empty() {
            lx.next(false)?;
        }
        let (key, off) = lx.next(false)?;
        let key = match key {
            Tok::Word(k) | Tok::Quoted(k) => k,
            _ => return Err(lx.error(off, "expected key")),
        };
        let mut order = Order::First;
        if lx.peek(false)?.0 == Tok::Op('@') {
            lx.next(false)?;
            let (o, ooff) = lx.next(false)?;
            order = match o {
                Tok::Word(w) | Tok::Quoted(w) => match w.as_str() {
                    "first" => Order::First,
                    "alpha" => Order::Alpha,
                    "num" => Order::Num,
                    _ => return Err(lx.error(ooff, &format!("unknown order {w:?}"))),
                },
                Tok::Op('(') => {
                    let mut vals = Vec::new();
                    loop {
                        match lx.next(false)? {
                            (Tok::Word(w) | Tok::Quoted(w), _) => vals.push(w),
                            (Tok::Op(')'), o) => {
                                if vals.is_empty() {
                                    return Err(lx.error(o, "nothing to match"));
                                }
                                break;
                            }
                            (_, o) => return Err(lx.error(o, "missing )")),
                        }
                    }
                    Order::Fixed(vals)
                }
                _ => return Err(lx.error(ooff, "expected named sort order or parenthesized list")),
            };
        }
        if key == ".unit" {
            return Err(lx.error(off, ".unit is only allowed in filters"));
        }
        if key == ".config" && matches!(order, Order::Fixed(_)) {
            return Err(lx.error(off, "fixed order not allowed for .config"));
        }
        out.push(FieldSpec { key, order });
    }
    Ok(out)
}

/// A leaf field of a projection.
#[derive(Debug, Clone)]
pub struct Field {
    /// Its name: the key, or a configuration key inside `.config`.
    pub name: String,
    order: Order,
    /// Observation order, tracked only for top-level `first` fields.
    observed: Option<FxHashMap<String, usize>>,
}

#[derive(Debug, Clone)]
enum Top {
    Leaf(usize),
    Config {
        order: Order,
        subs: Vec<usize>,
        by_key: FxHashMap<String, usize>,
    },
}

/// Index of an interned key.
pub type KeyId = usize;

/// (field, value id) pairs.
type FieldValues = Vec<(usize, u32)>;
/// Keys of one configuration, by unit.
type KeysByUnit = Vec<(Box<str>, KeyId)>;

/// One node of the key trie.
#[derive(Debug, Clone)]
struct KeyNode {
    parent: KeyId,
    field: u32,
    value: u32,
    /// Interned as a result's key (not only as a longer key's beginning).
    is_key: bool,
}

/// Extracts some fields of each result into a [`KeyId`], and orders keys.
#[derive(Debug, Clone, Default)]
pub struct Projection {
    fields: Vec<Field>,
    top: Vec<Top>,
    /// The leaf fields in display order (kept up to date as `.config`
    /// grows).
    flat: Vec<usize>,
    /// Interned values: `strings[id]`, id 0 is "".
    strings: Vec<Box<str>>,
    string_ids: FxHashMap<Box<str>, u32>,
    /// Keys as a trie of their non-empty (field, value) pairs in field
    /// order: key 0 is the empty key, key `i` is `nodes[i - 1]`, one pair
    /// on top of its parent key. Keys that share a beginning share its
    /// nodes, so thousands of configurations that each add one key to the
    /// last take linear space.
    nodes: Vec<KeyNode>,
    children: FxHashMap<(KeyId, u32, u32), KeyId>,
    /// Whether key 0 was ever a result's key (observation order).
    empty_is_key: bool,
    /// Reused for every projection, so that known keys cost no allocation.
    scratch: Vec<u32>,
    scratch_unit: Vec<u32>,
    /// The `.config` values of the last configuration seen: results of one
    /// file share their configuration, so it is projected once. Holding the
    /// Arc keeps its address from being reused by another configuration.
    config_cache: Option<(Arc<ConfigSet>, FieldValues)>,
    /// For projections that read only the configuration (no name keys):
    /// the keys of the last configuration, by unit.
    key_cache: Option<(Arc<ConfigSet>, KeysByUnit)>,
    unit_field: Option<usize>,
    /// Configuration keys shown elsewhere, left out of `.config`.
    config_exclude: Vec<String>,
    /// Name keys shown elsewhere, left out of `.fullname`.
    name_exclude: Vec<String>,
}

/// Parses the projections of one report together, so that a key named in
/// one is left out of `.config` / `.fullname` in the others.
#[derive(Debug, Default)]
pub struct ProjectionParser {
    config_keys: Vec<String>,
    name_keys: Vec<String>,
    have_config: bool,
    have_fullname: bool,
    specs: Vec<(Vec<FieldSpec>, bool)>,
}

impl ProjectionParser {
    /// Adds one projection; `with_unit` appends a `.unit` field. Returns its
    /// index for [`ProjectionParser::finish`], and any filter implied by
    /// fixed orders.
    pub fn parse(&mut self, q: &str, with_unit: bool) -> Result<(usize, Vec<Filter>), ExprError> {
        let specs = parse_projection(q)?;
        let mut filters = Vec::new();
        for s in &specs {
            match s.key.as_str() {
                ".config" => self.have_config = true,
                ".fullname" => self.have_fullname = true,
                k if k == ".name" || k.starts_with('/') => self.name_keys.push(k.to_string()),
                k => self.config_keys.push(k.to_string()),
            }
            if let Order::Fixed(vals) = &s.order {
                filters.push(Filter::Or(
                    vals.iter()
                        .map(|v| Filter::Match {
                            key: s.key.clone(),
                            value: MatchValue::Literal(v.clone()),
                        })
                        .collect(),
                ));
            }
        }
        self.specs.push((specs, with_unit));
        Ok((self.specs.len() - 1, filters))
    }

    /// Builds the projections, plus the residue: everything no projection
    /// names, used to warn when a cell mixes different benchmarks.
    pub fn finish(self) -> (Vec<Projection>, Projection) {
        let make = |specs: &[FieldSpec], with_unit: bool| {
            let mut p = Projection {
                config_exclude: self.config_keys.clone(),
                name_exclude: self.name_keys.clone(),
                strings: vec!["".into()],
                ..Projection::default()
            };
            p.string_ids.insert("".into(), 0);
            for s in specs {
                p.add_spec(s);
            }
            if with_unit {
                let idx = p.add_field(".unit", Order::First, true);
                p.top.push(Top::Leaf(idx));
                p.unit_field = Some(idx);
            }
            p.reflatten();
            p
        };
        let projections = self.specs.iter().map(|(s, u)| make(s, *u)).collect();
        let mut residue_specs = Vec::new();
        if !self.have_config {
            residue_specs.push(FieldSpec {
                key: ".config".into(),
                order: Order::First,
            });
        }
        if !self.have_fullname {
            residue_specs.push(FieldSpec {
                key: ".fullname".into(),
                order: Order::First,
            });
        }
        (projections, make(&residue_specs, false))
    }
}

impl Projection {
    fn add_field(&mut self, name: &str, order: Order, top_level: bool) -> usize {
        let observed = (top_level && order == Order::First).then(FxHashMap::default);
        self.fields.push(Field {
            name: name.to_string(),
            order,
            observed,
        });
        self.fields.len() - 1
    }

    fn add_spec(&mut self, s: &FieldSpec) {
        if s.key == ".config" {
            self.top.push(Top::Config {
                order: s.order.clone(),
                subs: Vec::new(),
                by_key: FxHashMap::default(),
            });
        } else {
            let idx = self.add_field(&s.key, s.order.clone(), true);
            self.top.push(Top::Leaf(idx));
        }
    }

    fn intern(&mut self, v: &str) -> u32 {
        if let Some(&id) = self.string_ids.get(v) {
            return id;
        }
        let id = self.strings.len() as u32;
        self.strings.push(v.into());
        self.string_ids.insert(v.into(), id);
        id
    }

    fn reflatten(&mut self) {
        self.flat.clear();
        for t in &self.top {
            match t {
                Top::Leaf(i) => self.flat.push(*i),
                Top::Config { subs, .. } => self.flat.extend(subs),
            }
        }
    }

    /// Whether keys depend on the benchmark name (else only on the
    /// configuration, and results of one configuration share keys).
    fn reads_name(&self) -> bool {
        self.top.iter().any(|t| match t {
            Top::Leaf(i) => {
                let n = &self.fields[*i].name;
                n == ".name" || n == ".fullname" || n.starts_with('/')
            }
            Top::Config { .. } => false,
        })
    }

    fn cached_key(&self, r: &BenchResult, unit: &str) -> Option<KeyId> {
        match &self.key_cache {
            Some((c, keys)) if Arc::ptr_eq(c, &r.config) => {
                keys.iter().find(|(u, _)| &**u == unit).map(|&(_, k)| k)
            }
            _ => None,
        }
    }

    fn remember_key(&mut self, r: &BenchResult, unit: &str, key: KeyId) {
        if self.reads_name() {
            return;
        }
        match &mut self.key_cache {
            Some((c, keys)) if Arc::ptr_eq(c, &r.config) => keys.push((unit.into(), key)),
            _ => self.key_cache = Some((Arc::clone(&r.config), vec![(unit.into(), key)])),
        }
    }

    /// The key of `r` (with the unit field, if any, set to `unit`).
    pub fn project(&mut self, r: &BenchResult, unit: Option<&str>) -> KeyId {
        let u = unit.unwrap_or("");
        if let Some(k) = self.cached_key(r, u) {
            return k;
        }
        let k = self.project_uncached(r, unit);
        self.remember_key(r, u, k);
        k
    }

    fn project_uncached(&mut self, r: &BenchResult, unit: Option<&str>) -> KeyId {
        let mut row = std::mem::take(&mut self.scratch);
        self.fill_row(r, &mut row);
        if let Some(u) = self.unit_field {
            row[u] = self.intern(unit.unwrap_or(""));
        }
        let id = self.intern_row(&row);
        self.scratch = row;
        id
    }

    /// The keys of each value of `r`, which differ only in the unit
    /// (benchproc's ProjectValues).
    pub fn project_values<'u>(
        &mut self,
        r: &BenchResult,
        units: impl Iterator<Item = &'u str>,
    ) -> Vec<KeyId> {
        let units: Vec<&str> = units.collect();
        if let Some(keys) = units
            .iter()
            .map(|u| self.cached_key(r, u))
            .collect::<Option<Vec<KeyId>>>()
        {
            return keys;
        }
        let mut row = std::mem::take(&mut self.scratch);
        let mut tmp = std::mem::take(&mut self.scratch_unit);
        self.fill_row(r, &mut row);
        let mut out = Vec::new();
        for unit in units {
            if let Some(k) = self.cached_key(r, unit) {
                out.push(k);
                continue;
            }
            tmp.clear();
            tmp.extend_from_slice(&row);
            if let Some(u) = self.unit_field {
                tmp[u] = self.intern(unit);
            }
            let k = self.intern_row(&tmp);
            self.remember_key(r, unit, k);
            out.push(k);
        }
        self.scratch = row;
        self.scratch_unit = tmp;
        out
    }

    /// The value ids of every field but the unit, into `row`.
    fn fill_row(&mut self, r: &BenchResult, row: &mut Vec<u32>) {
        row.clear();
        row.resize(self.fields.len(), 0);
        for t in 0..self.top.len() {
            match &self.top[t] {
                Top::Leaf(idx) => {
                    let idx = *idx;
                    if Some(idx) == self.unit_field {
                        continue;
                    }
                    let name = &self.fields[idx].name;
                    let exclude = if name == ".fullname" {
                        self.name_exclude.as_slice()
                    } else {
                        &[]
                    };
                    let v = extract(name, r, exclude);
                    row[idx] = self.intern(&v);
                }
                Top::Config { .. } => {
                    let hit =
                        matches!(&self.config_cache, Some((c, _)) if Arc::ptr_eq(c, &r.config));
                    if !hit {
                        let ids = self.config_ids(t, &r.config.entries());
                        self.config_cache = Some((Arc::clone(&r.config), ids));
                    }
                    row.resize(self.fields.len(), 0);
                    if let Some((_, ids)) = &self.config_cache {
                        for &(idx, id) in ids {
                            row[idx] = id;
                        }
                    }
                }
            }
        }
    }

    /// The (field, value id) pairs of the file configuration keys of a
    /// result, adding a `.config` sub-field for each key not seen before.
    fn config_ids(&mut self, t: usize, config: &[&Config]) -> Vec<(usize, u32)> {
        let mut out = Vec::new();
        for c in config.iter().filter(|c| c.file) {
            let idx = match &self.top[t] {
                Top::Config { by_key, .. } => by_key.get(&c.key).copied(),
                Top::Leaf(_) => None,
            };
            let idx = match idx {
                Some(i) => i,
                None if self.config_exclude.contains(&c.key) => continue,
                None => {
                    let order = match &self.top[t] {
                        Top::Config { order, .. } => order.clone(),
                        Top::Leaf(_) => Order::First,
                    };
                    let i = self.add_field(&c.key, order, false);
                    if let Top::Config { subs, by_key, .. } = &mut self.top[t] {
                        subs.push(i);
                        by_key.insert(c.key.clone(), i);
                    }
                    self.reflatten();
                    i
                }
            };
            out.push((idx, self.intern(&c.value)));
        }
        out
    }

    /// The key of a filled row (empty values are not stored, so keys made
    /// before and after `.config` grew compare equal).
    fn intern_row(&mut self, row: &[u32]) -> KeyId {
        let mut k: KeyId = 0;
        for (f, &v) in row.iter().enumerate() {
            if v == 0 {
                continue;
            }
            let (parent, next) = (k, self.nodes.len() + 1);
            k = *self.children.entry((parent, f as u32, v)).or_insert(next);
            if k == next {
                self.nodes.push(KeyNode {
                    parent,
                    field: f as u32,
                    value: v,
                    is_key: false,
                });
            }
        }
        let new = match k {
            0 => !std::mem::replace(&mut self.empty_is_key, true),
            _ => !std::mem::replace(&mut self.nodes[k - 1].is_key, true),
        };
        if new {
            for t in 0..self.top.len() {
                if let Top::Leaf(idx) = self.top[t] {
                    let val = row.get(idx).copied().unwrap_or(0);
                    let text = self.strings[val as usize].to_string();
                    if let Some(obs) = &mut self.fields[idx].observed {
                        let n = obs.len();
                        obs.entry(text).or_insert(n);
                    }
                }
            }
        }
        k
    }

    /// The value ids of key `k`, one per field (0 when unset).
    fn row(&self, mut k: KeyId) -> Vec<u32> {
        let mut row = vec![0; self.fields.len()];
        while k != 0 {
            let n = &self.nodes[k - 1];
            if let Some(slot) = row.get_mut(n.field as usize) {
                *slot = n.value;
            }
            k = n.parent;
        }
        row
    }

    /// The value id of field `idx` in key `k`: the trie's fields grow from
    /// the root, so the walk up stops once past `idx`.
    fn value_id(&self, mut k: KeyId, idx: usize) -> u32 {
        while k != 0 {
            let n = &self.nodes[k - 1];
            match (n.field as usize).cmp(&idx) {
                std::cmp::Ordering::Equal => return n.value,
                std::cmp::Ordering::Less => return 0,
                std::cmp::Ordering::Greater => k = n.parent,
            }
        }
        0
    }

    /// The leaf fields in sort (and display) order.
    pub fn flattened(&self) -> &[usize] {
        &self.flat
    }

    /// A field by index.
    pub fn field(&self, idx: usize) -> &Field {
        &self.fields[idx]
    }

    /// The value of field `idx` in key `k` ("" when unset).
    pub fn get(&self, k: KeyId, idx: usize) -> &str {
        &self.strings[self.value_id(k, idx) as usize]
    }

    /// The value of every field of key `k`, by field index ("" when unset):
    /// one walk of the key instead of one per field.
    pub fn values(&self, k: KeyId) -> Vec<&str> {
        self.row(k)
            .into_iter()
            .map(|id| &*self.strings[id as usize])
            .collect()
    }

    /// The non-empty values of a key, space-separated (a row label).
    pub fn string_values(&self, k: KeyId) -> String {
        let row = self.row(k);
        self.flat
            .iter()
            .map(|&f| &*self.strings[row[f] as usize])
            .filter(|v| !v.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Sorts keys: field by field, each by its order, ties broken by text.
    pub fn sort_keys(&self, keys: &mut [KeyId]) {
        if keys.len() < 2 {
            return;
        }
        // Rows are read once per key and ranks once per (field, value), so
        // a comparison costs no lookups; with thousands of fields the rows
        // are read per comparison instead, to stay in linear space.
        let dense = keys.len().saturating_mul(self.fields.len()) <= 1 << 22;
        let rows: FxHashMap<KeyId, Vec<u32>> = if dense {
            keys.iter().map(|&k| (k, self.row(k))).collect()
        } else {
            FxHashMap::default()
        };
        let row_of = |k: KeyId| -> std::borrow::Cow<'_, [u32]> {
            match rows.get(&k) {
                Some(r) => std::borrow::Cow::Borrowed(r.as_slice()),
                None => std::borrow::Cow::Owned(self.row(k)),
            }
        };
        let mut ranks: FxHashMap<(usize, u32), usize> = FxHashMap::default();
        keys.sort_by(|&a, &b| {
            let (ra, rb) = (row_of(a), row_of(b));
            for &f in &self.flat {
                let (ia, ib) = (ra[f], rb[f]);
                if ia == ib {
                    continue;
                }
                let (x, y) = (&*self.strings[ia as usize], &*self.strings[ib as usize]);
                let c = match self.fields[f].order {
                    Order::First | Order::Fixed(_) => {
                        let xr = *ranks.entry((f, ia)).or_insert_with(|| self.rank(f, x));
                        let yr = *ranks.entry((f, ib)).or_insert_with(|| self.rank(f, y));
                        xr.cmp(&yr)
                    }
                    Order::Alpha | Order::Num => self.compare(f, x, y),
                };
                return if c != std::cmp::Ordering::Equal {
                    c
                } else {
                    x.cmp(y)
                };
            }
            std::cmp::Ordering::Equal
        });
    }

    /// The rank of a value in a `first` or fixed order (0 when unknown, as
    /// benchstat's map lookups give).
    fn rank(&self, f: usize, v: &str) -> usize {
        let field = &self.fields[f];
        match &field.order {
            Order::First => field
                .observed
                .as_ref()
                .and_then(|o| o.get(v).copied())
                .unwrap_or(0),
            Order::Fixed(vals) => vals.iter().position(|x| x == v).unwrap_or(0),
            Order::Alpha | Order::Num => 0,
        }
    }

    fn compare(&self, f: usize, a: &str, b: &str) -> std::cmp::Ordering {
        let field = &self.fields[f];
        match &field.order {
            Order::First | Order::Fixed(_) => self.rank(f, a).cmp(&self.rank(f, b)),
            Order::Alpha => a.cmp(b),
            Order::Num => match (parse_num(a), parse_num(b)) {
                (Some(x), Some(y)) => {
                    if x < y || (!x.is_nan() && y.is_nan()) {
                        std::cmp::Ordering::Less
                    } else if x > y || (x.is_nan() && !y.is_nan()) {
                        std::cmp::Ordering::Greater
                    } else {
                        std::cmp::Ordering::Equal
                    }
                }
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            },
        }
    }

    /// The names of the fields in which `keys` do not all agree.
    pub fn non_singular(&self, keys: &[KeyId]) -> Vec<String> {
        if keys.len() <= 1 {
            return Vec::new();
        }
        self.flat
            .iter()
            .copied()
            .filter({
                let rows: Vec<Vec<u32>> = keys.iter().map(|&k| self.row(k)).collect();
                move |&f| rows[1..].iter().any(|r| r[f] != rows[0][f])
            })
            .map(|f| self.fields[f].name.clone())
            .collect()
    }
}

/// benchproc's fuzzy number parser: plain floats, or `12k`, `1Mi`, `4KB`.
fn parse_num(x: &str) -> Option<f64> {
    if let Ok(v) = x.parse::<f64>() {
        return Some(v);
    }
    let start = x.find(|c: char| c.is_ascii_digit() || c == '.')?;
    let rest = &x[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let v: f64 = rest[..end].parse().ok()?;
    let suffix = &rest[end..];
    let mut chars = suffix.chars();
    let exp = match chars.next() {
        Some('k' | 'K') => 1,
        Some(c) => "KMGTPEZY".find(c).map_or(0, |i| i as i32 + 1),
        None => 0,
    };
    let iec = exp > 0 && chars.next() == Some('i');
    Some(if iec {
        v * 1024f64.powi(exp)
    } else {
        v * 1000f64.powi(exp)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_syntax() {
        assert!(Filter::parse(".name:(Sum OR Lookup)").is_ok());
        assert!(Filter::parse(".unit:allocs/op").is_ok());
        assert!(Filter::parse("-.name:/^Sum/ goos:linux").is_ok());
        assert!(Filter::parse("*").is_ok());
        let e = Filter::parse(".name").err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("syntax error: expected key:value\n\t.name\n\t^")
        );
        assert!(Filter::parse(".config:x").is_err());
    }

    #[test]
    fn projection_syntax() {
        let p = parse_projection("/size@num, .name goos@(linux darwin)").unwrap_or_default();
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].order, Order::Num);
        assert_eq!(
            p[2].order,
            Order::Fixed(vec!["linux".into(), "darwin".into()])
        );
        assert!(parse_projection(".unit").is_err());
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_num("2k"), Some(2000.0));
        assert_eq!(parse_num("1Mi"), Some(1048576.0));
        assert_eq!(parse_num("x"), None);
    }
}
