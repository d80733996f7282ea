//! The tokens of benchstat's projection and filter expressions.

use super::ExprError;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Word(String),
    Quoted(String),
    Regex(String),
    And,
    Or,
    Op(char),
    End,
}

#[derive(Clone)]
pub(super) struct Lexer<'a> {
    orig: &'a str,
    rest: &'a str,
    /// Subexpressions and negations open at this point.
    pub(super) depth: usize,
}

/// How deep `(` and `-` may nest: the parser recurses once per level, and a
/// typed filter never needs more.
pub(super) const MAX_NESTING: usize = 64;

impl<'a> Lexer<'a> {
    pub(super) fn new(q: &'a str) -> Self {
        Lexer {
            orig: q,
            rest: q,
            depth: 0,
        }
    }

    pub(super) fn offset(&self) -> usize {
        self.orig.len() - self.rest.len()
    }

    pub(super) fn error(&self, off: usize, msg: &str) -> ExprError {
        let col = self.orig[..off.min(self.orig.len())].chars().count();
        ExprError {
            query: self.orig.to_string(),
            col,
            msg: msg.to_string(),
        }
    }

    /// The next token and where it starts; `regex` allows `/re/` values.
    pub(super) fn next(&mut self, regex: bool) -> Result<(Tok, usize), ExprError> {
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

    pub(super) fn peek(&self, regex: bool) -> Result<(Tok, usize), ExprError> {
        self.clone().next(regex)
    }

    pub(super) fn quoted(&mut self, off: usize) -> Result<(Tok, usize), ExprError> {
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

    pub(super) fn regex(&mut self, off: usize) -> Result<(Tok, usize), ExprError> {
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
        if let Err(e) = crate::goregex::compile(expr) {
            return Err(self.error(off, &format!("error parsing regexp: {e}")));
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
