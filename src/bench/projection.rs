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

use rustc_hash::FxHashMap;

use super::goformat::{name_parts, BenchResult};

/// A malformed projection or filter expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    /// The expression.
    pub query: String,
    /// The character column of the error.
    pub col: usize,
    /// What is wrong.
    pub msg: String,
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pad = " ".repeat(self.col);
        write!(f, "syntax error: {}\n\t{}\n\t{pad}^", self.msg, self.query)
    }
}

impl std::error::Error for ExprError {}

// ---------------------------------------------------------------- tokens

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Quoted(String),
    Regex(String),
    And,
    Or,
    Op(char),
    End,
}

#[derive(Clone)]
struct Lexer<'a> {
    orig: &'a str,
    rest: &'a str,
}

impl<'a> Lexer<'a> {
    fn new(q: &'a str) -> Self {
        Lexer { orig: q, rest: q }
    }

    fn offset(&self) -> usize {
        self.orig.len() - self.rest.len()
    }

    fn error(&self, off: usize, msg: &str) -> ExprError {
        let col = self.orig[..off.min(self.orig.len())]
            .chars()
            .filter(|c| !c.is_control())
            .count();
        ExprError {
            query: self.orig.to_string(),
            col,
            msg: msg.to_string(),
        }
    }

    /// The next token and where it starts; `regex` allows `/re/` values.
    fn next(&mut self, regex: bool) -> Result<(Tok, usize), ExprError> {
        loop {
            let Some(c) = self.rest.chars().next() else {
                return Ok((Tok::End, self.offset()));
            };
            let off = self.offset();
            if matches!(c, '(' | ')' | ':' | '@' | ',' | '-' | '*') {
                self.rest = &self.rest[1..];
                return Ok((Tok::Op(c), off));
            }
            if c.is_whitespace() {
                self.rest = &self.rest[c.len_utf8()..];
                continue;
            }
            if regex && c == '/' {
                return self.regex(off);
            }
            if c == '"' {
                return self.quoted(off);
            }
            let end = self
                .rest
                .find(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ':' | '@' | ','))
                .unwrap_or(self.rest.len());
            let word = &self.rest[..end];
            self.rest = &self.rest[end..];
            return Ok((
                match word {
                    "AND" => Tok::And,
                    "OR" => Tok::Or,
                    w => Tok::Word(w.to_string()),
                },
                off,
            ));
        }
    }

    fn peek(&self, regex: bool) -> Result<(Tok, usize), ExprError> {
        self.clone().next(regex)
    }

    fn quoted(&mut self, off: usize) -> Result<(Tok, usize), ExprError> {
        let b = self.rest.as_bytes();
        let mut pos = 1;
        while pos < b.len() && (b[pos] != b'"' || b[pos - 1] == b'\\') {
            pos += 1;
        }
        if pos == b.len() {
            return Err(self.error(off, "missing end quote"));
        }
        let inner = &self.rest[1..pos];
        let mut word = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                word.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => word.push('\n'),
                Some('t') => word.push('\t'),
                Some(c @ ('\\' | '"')) => word.push(c),
                _ => return Err(self.error(off, "bad escape sequence")),
            }
        }
        self.rest = &self.rest[pos + 1..];
        Ok((Tok::Quoted(word), off))
    }

    fn regex(&mut self, off: usize) -> Result<(Tok, usize), ExprError> {
        let s = &self.rest[1..];
        let b = s.as_bytes();
        let (mut class, mut paren, mut i) = (0i32, 0i32, 0usize);
        let mut end = None;
        while i < b.len() {
            if class == 0 && paren == 0 && b[i] == b'/' {
                end = Some(i);
                break;
            }
            match b[i] {
                b'[' => class += 1,
                b']' => class = (class - 1).max(0),
                b'(' if class == 0 => paren += 1,
                b')' if class == 0 => paren -= 1,
                b'\\' => i += 1,
                _ => {}
            }
            i += 1;
        }
        let Some(end) = end else {
            return Err(self.error(off, "missing close \"/\""));
        };
        let expr = &s[..end];
        if let Err(e) = regex::Regex::new(expr) {
            return Err(self.error(off, &e.to_string()));
        }
        let after = &s[end + 1..];
        if let Some(c) = after.chars().next() {
            if !(c.is_whitespace() || matches!(c, '(' | ')' | ':' | '@' | ',' | '-' | '*')) {
                return Err(self.error(
                    self.orig.len() - after.len(),
                    "regexp must be followed by space or an operator (unescaped \"/\"?)",
                ));
            }
        }
        self.rest = after;
        Ok((Tok::Regex(expr.to_string()), off))
    }
}

// ---------------------------------------------------------------- filters

/// A parsed filter expression.
#[derive(Debug, Clone)]
pub enum Filter {
    /// All sub-filters match (the empty `And` is `*`).
    And(Vec<Filter>),
    /// Any sub-filter matches.
    Or(Vec<Filter>),
    /// The sub-filter does not match.
    Not(Box<Filter>),
    /// `key:value` or `key:/regexp/`.
    Match {
        /// The key.
        key: String,
        /// The literal value, or the regexp.
        value: MatchValue,
    },
}

/// What a `key:...` term compares with.
#[derive(Debug, Clone)]
pub enum MatchValue {
    /// Equal to this text.
    Literal(String),
    /// Matching this regexp anywhere.
    Regex(regex::Regex),
}

impl MatchValue {
    fn matches(&self, s: &str) -> bool {
        match self {
            MatchValue::Literal(l) => l == s,
            MatchValue::Regex(r) => r.is_match(s),
        }
    }
}

impl Filter {
    /// The filter that keeps everything.
    pub fn all() -> Self {
        Filter::And(Vec::new())
    }

    /// Parses benchstat's filter syntax.
    pub fn parse(q: &str) -> Result<Self, ExprError> {
        let mut lx = Lexer::new(q);
        let f = expr(&mut lx)?;
        let (tok, off) = lx.next(false)?;
        if tok != Tok::End {
            return Err(lx.error(off, &format!("unexpected {}", quote(&tok))));
        }
        check_keys(&f, &lx)?;
        Ok(f)
    }

    /// Which values of `r` the filter keeps: `None` to drop the result.
    pub fn apply(&self, r: &BenchResult) -> Option<Vec<bool>> {
        let (mask, all) = self.eval(r);
        match mask {
            None => all.then(|| vec![true; r.values.len()]),
            Some(m) => m.iter().any(|&b| b).then_some(m),
        }
    }

    /// A per-value mask for unit terms, or one answer for the whole result.
    fn eval(&self, r: &BenchResult) -> (Option<Vec<bool>>, bool) {
        match self {
            Filter::Match { key, value } if key == ".unit" => {
                let m = r
                    .values
                    .iter()
                    .map(|v| {
                        value.matches(&v.unit)
                            || v.orig_unit.as_deref().is_some_and(|u| value.matches(u))
                    })
                    .collect();
                (Some(m), false)
            }
            Filter::Match { key, value } => (None, value.matches(&extract(key, r, &[]))),
            Filter::Not(sub) => match sub.eval(r) {
                (None, x) => (None, !x),
                (Some(m), _) => (Some(m.iter().map(|b| !b).collect()), false),
            },
            Filter::And(subs) => {
                let mut mask: Option<Vec<bool>> = None;
                for s in subs {
                    match s.eval(r) {
                        (None, false) => return (None, false),
                        (None, true) => {}
                        (Some(m2), _) => {
                            mask = Some(match mask {
                                None => m2,
                                Some(m) => m.iter().zip(&m2).map(|(a, b)| *a && *b).collect(),
                            })
                        }
                    }
                }
                (mask, true)
            }
            Filter::Or(subs) => {
                let mut mask: Option<Vec<bool>> = None;
                for s in subs {
                    match s.eval(r) {
                        (None, true) => return (None, true),
                        (None, false) => {}
                        (Some(m2), _) => {
                            mask = Some(match mask {
                                None => m2,
                                Some(m) => m.iter().zip(&m2).map(|(a, b)| *a || *b).collect(),
                            })
                        }
                    }
                }
                (mask, false)
            }
        }
    }
}

fn check_keys(f: &Filter, lx: &Lexer) -> Result<(), ExprError> {
    match f {
        Filter::Match { key, .. } if key == ".config" => {
            Err(lx.error(0, ".config is only allowed in projections"))
        }
        Filter::Match { key, .. } if key.is_empty() => Err(lx.error(0, "key must not be empty")),
        Filter::Match { .. } => Ok(()),
        Filter::Not(s) => check_keys(s, lx),
        Filter::And(v) | Filter::Or(v) => v.iter().try_for_each(|s| check_keys(s, lx)),
    }
}

fn quote(t: &Tok) -> String {
    let s = match t {
        Tok::Word(w) | Tok::Quoted(w) | Tok::Regex(w) => w.clone(),
        Tok::And => "AND".into(),
        Tok::Or => "OR".into(),
        Tok::Op(c) => c.to_string(),
        Tok::End => String::new(),
    };
    format!("{s:?}")
}

fn expr(lx: &mut Lexer) -> Result<Filter, ExprError> {
    let mut terms = vec![and_expr(lx)?];
    while lx.peek(false)?.0 == Tok::Or {
        lx.next(false)?;
        terms.push(and_expr(lx)?);
    }
    Ok(if terms.len() == 1 {
        terms.remove(0)
    } else {
        Filter::Or(terms)
    })
}

fn and_expr(lx: &mut Lexer) -> Result<Filter, ExprError> {
    let mut terms = vec![term(lx)?];
    loop {
        let (tok, off) = lx.peek(false)?;
        match tok {
            Tok::And => {
                lx.next(false)?;
            }
            Tok::Op('(' | '-' | '*') | Tok::Word(_) | Tok::Quoted(_) => terms.push(term(lx)?),
            Tok::Op(')') | Tok::Or | Tok::End => break,
            t => return Err(lx.error(off, &format!("unexpected {}", quote(&t)))),
        }
    }
    Ok(if terms.len() == 1 {
        terms.remove(0)
    } else {
        Filter::And(terms)
    })
}

fn term(lx: &mut Lexer) -> Result<Filter, ExprError> {
    let (tok, off) = lx.next(false)?;
    match tok {
        Tok::Op('(') => {
            let q = expr(lx)?;
            let (t, o) = lx.next(false)?;
            if t != Tok::Op(')') {
                return Err(lx.error(o, "missing \")\""));
            }
            Ok(q)
        }
        Tok::Op('-') => Ok(Filter::Not(Box::new(term(lx)?))),
        Tok::Op('*') => Ok(Filter::all()),
        Tok::Word(key) | Tok::Quoted(key) => {
            if lx.next(false)?.0 != Tok::Op(':') {
                return Err(lx.error(off, "expected key:value"));
            }
            let (val, voff) = lx.next(true)?;
            match val {
                Tok::Op('(') => {
                    let mut terms = Vec::new();
                    loop {
                        let (v, o) = lx.next(true)?;
                        terms.push(Filter::Match {
                            key: key.clone(),
                            value: match_value(v, o, lx)?,
                        });
                        match lx.next(true)? {
                            (Tok::Op(')'), _) => return Ok(Filter::Or(terms)),
                            (Tok::Or, _) => {}
                            (_, o) => return Err(lx.error(o, "value list must be separated by OR")),
                        }
                    }
                }
                v => Ok(Filter::Match {
                    key,
                    value: match_value(v, voff, lx)
                        .map_err(|_| lx.error(off, "expected key:value"))?,
                }),
            }
        }
        _ => Err(lx.error(off, "expected key:value or subexpression")),
    }
}

fn match_value(t: Tok, off: usize, lx: &Lexer) -> Result<MatchValue, ExprError> {
    match t {
        Tok::Word(w) | Tok::Quoted(w) => Ok(MatchValue::Literal(w)),
        Tok::Regex(r) => regex::Regex::new(&r)
            .map(MatchValue::Regex)
            .map_err(|e| lx.error(off, &e.to_string())),
        _ => Err(lx.error(off, "expected value")),
    }
}

// ---------------------------------------------------------------- extraction

/// The value of `key` for a result. `exclude` lists sub-name keys (and
/// `.name`) to drop from `.fullname`, because another projection shows them.
pub fn extract(key: &str, r: &BenchResult, exclude: &[String]) -> String {
    match key {
        ".name" => r.base_name().to_string(),
        ".fullname" => full_name(r, exclude),
        k if k.starts_with('/') => {
            let (_, parts) = name_parts(&r.name);
            if k == "/gomaxprocs" {
                if let Some(p) = parts.last().and_then(|p| p.strip_prefix('-')) {
                    return p.to_string();
                }
            }
            let prefix = format!("{k}=");
            parts
                .iter()
                .find_map(|p| p.strip_prefix(prefix.as_str()))
                .unwrap_or("")
                .to_string()
        }
        k => r.config_value(k).to_string(),
    }
}

fn full_name(r: &BenchResult, exclude: &[String]) -> String {
    let exc_name = exclude.iter().any(|k| k == ".name");
    let delete: Vec<String> = exclude
        .iter()
        .filter(|k| k.starts_with('/'))
        .map(|k| format!("{k}="))
        .collect();
    let exc_procs = exclude.iter().any(|k| k == "/gomaxprocs");
    let name = r.name.as_str();
    let found = exc_name
        || delete.iter().any(|d| name.contains(d.as_str()))
        || (exc_procs && name.contains('-'));
    if !found {
        return name.to_string();
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
    out
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

/// Extracts some fields of each result into a [`KeyId`], and orders keys.
#[derive(Debug, Clone, Default)]
pub struct Projection {
    fields: Vec<Field>,
    top: Vec<Top>,
    keys: FxHashMap<Vec<String>, KeyId>,
    vals: Vec<Vec<String>>,
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
                ..Projection::default()
            };
            for s in specs {
                p.add_spec(s);
            }
            if with_unit {
                let idx = p.add_field(".unit", Order::First, true);
                p.top.push(Top::Leaf(idx));
                p.unit_field = Some(idx);
            }
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

    /// The key of `r` (with the unit field, if any, set to `unit`).
    pub fn project(&mut self, r: &BenchResult, unit: Option<&str>) -> KeyId {
        let mut row = vec![String::new(); self.fields.len()];
        for t in 0..self.top.len() {
            match &self.top[t] {
                Top::Leaf(idx) => {
                    let idx = *idx;
                    if Some(idx) == self.unit_field {
                        row[idx] = unit.unwrap_or("").to_string();
                        continue;
                    }
                    let name = self.fields[idx].name.clone();
                    let exclude = if name == ".fullname" {
                        self.name_exclude.as_slice()
                    } else {
                        &[]
                    };
                    row[idx] = extract(&name, r, exclude);
                }
                Top::Config { .. } => {
                    for c in r.config.iter().filter(|c| c.file) {
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
                                row.push(String::new());
                                if let Top::Config { subs, by_key, .. } = &mut self.top[t] {
                                    subs.push(i);
                                    by_key.insert(c.key.clone(), i);
                                }
                                i
                            }
                        };
                        row[idx] = c.value.clone();
                    }
                }
            }
        }
        while row.last().is_some_and(String::is_empty) {
            row.pop();
        }
        if let Some(&id) = self.keys.get(&row) {
            return id;
        }
        for t in &self.top {
            if let Top::Leaf(idx) = t {
                let val = row.get(*idx).cloned().unwrap_or_default();
                if let Some(obs) = &mut self.fields[*idx].observed {
                    let n = obs.len();
                    obs.entry(val).or_insert(n);
                }
            }
        }
        let id = self.vals.len();
        self.vals.push(row.clone());
        self.keys.insert(row, id);
        id
    }

    /// The leaf fields in sort (and display) order.
    pub fn flattened(&self) -> Vec<usize> {
        let mut out = Vec::new();
        for t in &self.top {
            match t {
                Top::Leaf(i) => out.push(*i),
                Top::Config { subs, .. } => out.extend(subs),
            }
        }
        out
    }

    /// A field by index.
    pub fn field(&self, idx: usize) -> &Field {
        &self.fields[idx]
    }

    /// The value of field `idx` in key `k` ("" when unset).
    pub fn get(&self, k: KeyId, idx: usize) -> &str {
        self.vals[k].get(idx).map_or("", String::as_str)
    }

    /// The non-empty values of a key, space-separated (a row label).
    pub fn string_values(&self, k: KeyId) -> String {
        self.flattened()
            .into_iter()
            .map(|f| self.get(k, f))
            .filter(|v| !v.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Sorts keys: field by field, each by its order, ties broken by text.
    pub fn sort_keys(&self, keys: &mut [KeyId]) {
        let flat = self.flattened();
        keys.sort_by(|&a, &b| {
            for &f in &flat {
                let (x, y) = (self.get(a, f), self.get(b, f));
                if x == y {
                    continue;
                }
                let c = self.compare(f, x, y);
                return if c != std::cmp::Ordering::Equal {
                    c
                } else {
                    x.cmp(y)
                };
            }
            std::cmp::Ordering::Equal
        });
    }

    fn compare(&self, f: usize, a: &str, b: &str) -> std::cmp::Ordering {
        let field = &self.fields[f];
        match &field.order {
            Order::First => match &field.observed {
                Some(obs) => {
                    let rank = |v: &str| obs.get(v).copied().unwrap_or(0);
                    rank(a).cmp(&rank(b))
                }
                None => std::cmp::Ordering::Equal,
            },
            Order::Alpha => a.cmp(b),
            Order::Fixed(vals) => {
                let rank = |v: &str| vals.iter().position(|x| x == v).unwrap_or(0);
                rank(a).cmp(&rank(b))
            }
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
        self.flattened()
            .into_iter()
            .filter(|&f| {
                let base = self.get(keys[0], f);
                keys[1..].iter().any(|&k| self.get(k, f) != base)
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
