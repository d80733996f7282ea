//! Regular expressions as Go reads them (RE2 syntax, `regexp.Compile`), so
//! a pattern given to perftui means what it means to `go tool pprof` and
//! benchstat: `\Q…\E` quotes, `\w` `\d` `\s` `\b` are ASCII, a `[` inside a
//! class is a literal, and what Go refuses (class set operations, the `x`
//! flag, repeat counts above 1000) is refused, in one line.

use regex::Regex;

/// Go's limit on `{n}` and `{n,m}`.
const MAX_REPEAT: u32 = 1000;

/// A compiled pattern that remembers how it was typed, so reports show
/// the user's `\Q(*T)\E`, not its translation. It derefs to the regex.
#[derive(Debug, Clone)]
pub struct GoRegex {
    regex: Regex,
    text: String,
}

impl GoRegex {
    /// The pattern as typed.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The compiled regex.
    pub fn into_regex(self) -> Regex {
        self.regex
    }
}

impl std::ops::Deref for GoRegex {
    type Target = Regex;
    fn deref(&self) -> &Regex {
        &self.regex
    }
}

/// Compiles `pattern` with Go's meaning; the error is one line.
pub fn compile(pattern: &str) -> Result<GoRegex, String> {
    let translated = translate(pattern)?;
    let regex = Regex::new(&translated).map_err(|e| crate::error::regex_message(&e))?;
    Ok(GoRegex {
        regex,
        text: pattern.to_string(),
    })
}

/// `pattern` rewritten in the regex crate's syntax with Go's meaning.
pub fn translate(pattern: &str) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut i = 0;
    // Inside a character class, and at its first position (where `]` is
    // a literal).
    let mut class = false;
    let mut class_start = false;
    // Where the last repetition operator began and ended, in `chars`.
    let mut last_repeat: Option<(usize, usize)> = None;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            let Some(&next) = chars.get(i + 1) else {
                return Err("trailing backslash at end of expression".to_string());
            };
            i += 2;
            class_start = false;
            if next == 'Q' {
                let rest: String = chars[i..].iter().collect();
                let (literal, after) = match rest.find("\\E") {
                    Some(end) => (&rest[..end], end + 2),
                    None => (&rest[..], rest.len()),
                };
                for ch in literal.chars() {
                    push_literal(&mut out, ch, class);
                }
                i += rest[..after].chars().count();
                continue;
            }
            match (next, class) {
                ('w', false) => out.push_str("[0-9A-Za-z_]"),
                ('W', false) => out.push_str("[^0-9A-Za-z_]"),
                ('d', false) => out.push_str("[0-9]"),
                ('D', false) => out.push_str("[^0-9]"),
                ('s', false) => out.push_str(r"[\t\n\f\r ]"),
                ('S', false) => out.push_str(r"[^\t\n\f\r ]"),
                ('w', true) => out.push_str("0-9A-Za-z_"),
                ('d', true) => out.push_str("0-9"),
                ('s', true) => out.push_str(r"\t\n\f\r "),
                ('W', true) => out.push_str("[^0-9A-Za-z_]"),
                ('D', true) => out.push_str("[^0-9]"),
                ('S', true) => out.push_str(r"[^\t\n\f\r ]"),
                ('b', false) => {
                    if chars.get(i) == Some(&'{') {
                        return Err(r"invalid escape sequence: `\b{`".to_string());
                    }
                    out.push_str(r"(?-u:\b)");
                }
                ('B', false) => out.push_str(r"(?-u:\B)"),
                ('<' | '>', _) => return Err(format!(r"invalid escape sequence: `\{next}`")),
                ('p' | 'P', _) => {
                    let name: String = if chars.get(i) == Some(&'{') {
                        chars[i..]
                            .iter()
                            .take_while(|&&c| c != '}')
                            .skip(1)
                            .collect()
                    } else {
                        chars.get(i).map(|c| c.to_string()).unwrap_or_default()
                    };
                    let braced = chars.get(i) == Some(&'{');
                    let text = if braced {
                        format!(r"\{next}{{{name}}}")
                    } else {
                        format!(r"\{next}{name}")
                    };
                    if Regex::new(&text).is_err() {
                        return Err(format!("invalid character class range: `{text}`"));
                    }
                    out.push_str(&text);
                    i += text.chars().count() - 2;
                }
                _ => {
                    out.push('\\');
                    out.push(next);
                }
            }
            continue;
        }
        if class {
            match c {
                ']' if !class_start => class = false,
                '[' if chars.get(i + 1) == Some(&':') => {
                    // A POSIX class, `[:alpha:]`, as in Go.
                    let rest: String = chars[i..].iter().collect();
                    if let Some(end) = rest.find(":]") {
                        out.push_str(&rest[..end + 2]);
                        i += rest[..end + 2].chars().count();
                        class_start = false;
                        continue;
                    }
                    out.push_str(r"\[");
                    i += 1;
                    class_start = false;
                    continue;
                }
                // Go has no nested classes: `[` is a literal.
                '[' => {
                    out.push_str(r"\[");
                    i += 1;
                    class_start = false;
                    continue;
                }
                '&' | '~' | '-' if chars.get(i + 1) == Some(&c) => {
                    return Err(format!(
                        "{c}{c} in a character class: Go's syntax has no class set operations"
                    ));
                }
                '&' | '~' => {
                    out.push('\\');
                    out.push(c);
                    i += 1;
                    class_start = false;
                    continue;
                }
                _ => {}
            }
            let negation = class_start && c == '^' && out.ends_with('[');
            out.push(c);
            i += 1;
            class_start = negation;
            continue;
        }
        match c {
            '[' => {
                class = true;
                class_start = true;
                out.push('[');
                i += 1;
                continue;
            }
            '(' if chars.get(i + 1) == Some(&'?') && chars.get(i + 2) != Some(&'P') => {
                let flags: String = chars[i + 2..]
                    .iter()
                    .take_while(|ch| ch.is_ascii_alphabetic() || **ch == '-')
                    .collect();
                if let Some(bad) = flags.chars().find(|f| !"imsU-".contains(*f)) {
                    return Err(format!("invalid or unsupported Perl syntax: `(?{bad}`"));
                }
            }
            '{' => check_repeat(&chars[i..])?,
            _ => {}
        }
        let op_len = match c {
            '*' | '+' | '?' => Some(1),
            '{' => repeat_len(&chars[i..]),
            _ => None,
        };
        if let Some(n) = op_len {
            // The operator with its lazy `?`; another operator right after
            // it is Go's "nested repetition" (a** is not a doubled star).
            let mut end = i + n;
            if chars.get(end) == Some(&'?') {
                end += 1;
            }
            if let Some((start, _)) = last_repeat.filter(|&(_, e)| e == i) {
                let text: String = chars[start..end].iter().collect();
                return Err(format!("invalid nested repetition operator: `{text}`"));
            }
            out.extend(&chars[i..end]);
            last_repeat = Some((i, end));
            i = end;
            continue;
        }
        if c == '{' {
            // Not a repeat: a literal brace to Go, an error to the crate.
            out.push('\\');
        }
        out.push(c);
        i += 1;
    }
    Ok(out)
}

/// The length of a `{n}`, `{n,}` or `{n,m}` repeat at the start of `rest`
/// (else `{` is a literal, as in Go).
fn repeat_len(rest: &[char]) -> Option<usize> {
    let end = rest.iter().position(|&c| c == '}')?;
    let inner: String = rest[1..end].iter().collect();
    let (lo, hi) = inner.split_once(',').unwrap_or((&inner, "0"));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    (digits(lo) && (hi.is_empty() || digits(hi))).then_some(end + 1)
}

fn push_literal(out: &mut String, ch: char, in_class: bool) {
    let special = if in_class {
        r"\]-^[&~"
    } else {
        r"\.+*?()|[]{}^$#&-~"
    };
    if special.contains(ch) {
        out.push('\\');
    }
    out.push(ch);
}

/// Refuses `{n}`, `{n,}` and `{n,m}` above Go's limit.
fn check_repeat(rest: &[char]) -> Result<(), String> {
    let text: String = rest.iter().take(24).collect();
    let Some(end) = text.find('}') else {
        return Ok(());
    };
    let inner = &text[1..end];
    if inner.is_empty() || !inner.chars().all(|c| c.is_ascii_digit() || c == ',') {
        return Ok(());
    }
    let too_big = inner
        .split(',')
        .filter(|n| !n.is_empty())
        .any(|n| n.parse::<u32>().map_or(true, |v| v > MAX_REPEAT));
    if too_big {
        return Err(format!("invalid repeat count: `{}`", &text[..=end]));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_match(pattern: &str, text: &str) -> bool {
        compile(pattern).unwrap().is_match(text)
    }

    #[test]
    fn go_meanings() {
        // \Q…\E quotes, as users quote method names.
        assert!(is_match(
            r"\Q(*decompressor)\E.Read",
            "flate.(*decompressor).Read"
        ));
        assert!(!is_match(r"\Q(*decompressor)\E", "decompressor"));
        assert!(is_match(r"a\Q.b", "a.b") && !is_match(r"a\Q.b", "axb"));
        // ASCII classes.
        assert!(!is_match(r"^\w+$", "größe"));
        assert!(is_match(r"^\w+$", "size_2"));
        assert!(!is_match(r"\d", "٣"));
        assert!(is_match(r"[\d.]+", "1.5"));
        // `é` is not a word character to Go: there are boundaries around foo.
        assert!(is_match(r"\bfoo\b", "éfooé"));
        // `[` in a class is a literal; POSIX classes work.
        assert!(is_match(r"[[]", "a[b"));
        assert!(is_match(r"^[[:alpha:]]+$", "abc"));
        assert!(is_match(r"[]a]", "]"));
        assert!(is_match(r"[a&b]", "&"));
    }

    #[test]
    fn what_go_refuses_is_refused() {
        for p in [
            r"[a&&b]",
            r"[a--b]",
            r"[a~~b]",
            r"(?x) a",
            r"a{1001}",
            r"a{2,5000}",
            r"\<a",
            "a\\",
            "a**",
            "a+*",
            "a{2}*",
            "a*??",
            r"\p{Foo}",
        ] {
            assert!(compile(p).is_err(), "{p}");
        }
        assert!(compile(r"a{1000}").is_ok());
        // Lazy operators are not nested ones; `{` not starting a repeat is
        // a literal.
        for p in ["a*?", "a+?b??", "a{2}?", "a{x}*", r"\p{Greek}+", r"\pL*"] {
            assert!(compile(p).is_ok(), "{p}");
        }
        assert_eq!(
            compile("a{2}*").unwrap_err(),
            "invalid nested repetition operator: `{2}*`"
        );
        assert!(compile(r"(?i)abc").is_ok() && compile(r"(?s:.)").is_ok());
        assert!(is_match(r"(?P<f>parse)\w+", "parseValue"));
    }
}
