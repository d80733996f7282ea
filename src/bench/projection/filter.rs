//! benchstat's filter expressions (`-filter '.name:(Sum OR Lookup) .unit:B/op'`).

use super::lexer::{Lexer, Tok};
use super::*;

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

pub(super) fn check_keys(f: &Filter, lx: &Lexer) -> Result<(), ExprError> {
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

pub(super) fn quote(t: &Tok) -> String {
    let s = match t {
        Tok::Word(w) | Tok::Quoted(w) | Tok::Regex(w) => w.clone(),
        Tok::And => "AND".into(),
        Tok::Or => "OR".into(),
        Tok::Op(c) => c.to_string(),
        Tok::End => String::new(),
    };
    format!("{s:?}")
}

pub(super) fn expr(lx: &mut Lexer) -> Result<Filter, ExprError> {
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

pub(super) fn and_expr(lx: &mut Lexer) -> Result<Filter, ExprError> {
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

pub(super) fn term(lx: &mut Lexer) -> Result<Filter, ExprError> {
    let (tok, off) = lx.next(false)?;
    if matches!(tok, Tok::Op('(' | '-')) {
        if lx.depth >= super::lexer::MAX_NESTING {
            return Err(lx.error(
                off,
                &format!("nested more than {} deep", super::lexer::MAX_NESTING),
            ));
        }
        lx.depth += 1;
        let nested = nested_term(lx, tok);
        lx.depth -= 1;
        return nested;
    }
    match tok {
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

/// A subexpression `( … )` or a negation `-term`, one level deeper.
fn nested_term(lx: &mut Lexer, tok: Tok) -> Result<Filter, ExprError> {
    if tok == Tok::Op('-') {
        return Ok(Filter::Not(Box::new(term(lx)?)));
    }
    let q = expr(lx)?;
    let (t, o) = lx.next(false)?;
    if t != Tok::Op(')') {
        return Err(lx.error(o, "missing \")\""));
    }
    Ok(q)
}

pub(super) fn match_value(t: Tok, off: usize, lx: &Lexer) -> Result<MatchValue, ExprError> {
    match t {
        Tok::Word(w) | Tok::Quoted(w) => Ok(MatchValue::Literal(w)),
        Tok::Regex(r) => crate::goregex::compile(&r)
            .map(|r| MatchValue::Regex(r.into_regex()))
            .map_err(|e| lx.error(off, &format!("error parsing regexp: {e}"))),
        _ => Err(lx.error(off, "expected value")),
    }
}
