//! Sample labels (pprof's tags): the units of numeric labels, and the
//! `tagfocus`/`tagignore` sample filters and `tagshow`/`taghide` label
//! filters with pprof's syntax and meaning (`driver_focus.go`).

use std::collections::HashMap;

use crate::goregex::GoRegex as Regex;

use super::model::{Label, LabelValue, Profile};
use crate::report::units::scale;

/// The unit of each numeric label key, as pprof's `NumLabelUnits`: the
/// first unit the file gives for the key, else `bytes` for `alignment` and
/// `request`, else the key itself.
pub fn num_label_units(profile: &Profile) -> HashMap<String, String> {
    let mut units: HashMap<String, String> = HashMap::new();
    let mut keys: Vec<&str> = Vec::new();
    for i in 0..profile.samples.len() {
        for l in profile.samples.labels(i) {
            if let LabelValue::Num { unit, .. } = l.value {
                let key = profile.str(l.key);
                if !keys.contains(&key) {
                    keys.push(key);
                }
                let unit = unit.map(|u| profile.str(u)).unwrap_or("");
                if !unit.is_empty() && !units.contains_key(key) {
                    units.insert(key.to_string(), unit.to_string());
                }
            }
        }
    }
    for key in keys {
        units.entry(key.to_string()).or_insert_with(|| match key {
            "alignment" | "request" => "bytes".to_string(),
            _ => key.to_string(),
        });
    }
    units
}

/// A numeric range in a unit: `32kb` (equal), `:64kb`, `4mb:`, `12kb:64mb`.
#[derive(Debug, Clone, PartialEq)]
struct NumRange {
    low: Option<f64>,
    high: Option<f64>,
    /// The canonical unit both bounds are in (`kB`, `MB`, `ms`...).
    unit: String,
}

impl NumRange {
    fn contains(&self, value: i64, unit: &str) -> bool {
        let (v, u) = scale(value, unit, &self.unit);
        u == self.unit && self.low.map_or(true, |b| b <= v) && self.high.map_or(true, |b| b >= v)
    }
}

/// pprof's `tagFilterRangeRx` matches: (text, number, unit) in order.
fn number_tokens(s: &str) -> Vec<(&str, &str, &str)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() && out.len() < 2 {
        let start = i;
        let mut j = i;
        if b[j] == b'+' || b[j] == b'-' {
            j += 1;
        }
        let digits = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j == digits {
            i += 1;
            continue;
        }
        let unit_start = j;
        while j < b.len() && b[j].is_ascii_alphabetic() {
            j += 1;
        }
        out.push((&s[start..j], &s[start..unit_start], &s[unit_start..j]));
        i = j;
    }
    out
}

/// pprof's `parseTagFilterRange`: `None` when `filter` is not a range (it
/// is then a list of regexes).
fn parse_range(filter: &str) -> Option<NumRange> {
    let tokens = number_tokens(filter);
    let (first, number, unit_text) = *tokens.first()?;
    let v: i64 = number.parse().ok()?;
    let (low, unit) = scale(v, unit_text, unit_text);
    match tokens.len() {
        1 if filter == first => Some(NumRange {
            low: Some(low),
            high: Some(low),
            unit,
        }),
        1 if filter == format!("{first}:") => Some(NumRange {
            low: Some(low),
            high: None,
            unit,
        }),
        1 if filter == format!(":{first}") => Some(NumRange {
            low: None,
            high: Some(low),
            unit,
        }),
        2 => {
            let (second, number2, unit2_text) = tokens[1];
            if filter != format!("{first}:{second}") {
                return None;
            }
            let v2: i64 = number2.parse().ok()?;
            let (high, unit2) = scale(v2, unit2_text, &unit);
            (unit2 == unit).then_some(NumRange {
                low: Some(low),
                high: Some(high),
                unit,
            })
        }
        _ => None,
    }
}

#[derive(Debug, Clone)]
enum Matcher {
    /// Numeric labels in a range.
    Range(NumRange),
    /// String labels: with a key, any regex matching any of its values;
    /// without, every regex matching some `key:value`.
    Regexes(Vec<Regex>),
}

/// A `tagfocus` or `tagignore` filter.
#[derive(Debug, Clone)]
pub struct TagFilter {
    /// The filter as typed, for "Active filters".
    pub text: String,
    key: Option<String>,
    matcher: Matcher,
}

impl TagFilter {
    /// Parses pprof's syntax: `[key=]value`, where value is a numeric
    /// range (`1mb:`, `bytes=1kb:16kb`) or comma-separated regexes.
    /// `name` (`tagfocus`) words the error. The note says when a value was
    /// read as a range, as pprof does.
    pub fn parse(name: &str, text: &str) -> Result<(TagFilter, Option<String>), String> {
        let (key, value) = match text.split_once('=') {
            Some((k, v)) => (Some(k.to_string()), v),
            None => (None, text),
        };
        if let Some(range) = parse_range(value) {
            let note = format!("{name}:Interpreted '{value}' as range, not regexp");
            let filter = TagFilter {
                text: text.to_string(),
                key,
                matcher: Matcher::Range(range),
            };
            return Ok((filter, Some(note)));
        }
        let regexes = value
            .split(',')
            .map(|r| crate::goregex::compile(r).map_err(|e| format!("parsing {name} regexp: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        let filter = TagFilter {
            text: text.to_string(),
            key,
            matcher: Matcher::Regexes(regexes),
        };
        Ok((filter, None))
    }

    /// Whether a sample with `labels` matches; `units` from
    /// [`num_label_units`] of the whole profile.
    pub fn matches(
        &self,
        profile: &Profile,
        labels: &[Label],
        units: &HashMap<String, String>,
    ) -> bool {
        let key_is = |l: &Label| {
            self.key
                .as_deref()
                .map_or(true, |k| k == profile.str(l.key))
        };
        match &self.matcher {
            Matcher::Range(range) => labels.iter().filter(|l| key_is(l)).any(|l| match l.value {
                LabelValue::Num { value, .. } => {
                    let key = profile.str(l.key);
                    range.contains(value, units.get(key).map_or("", String::as_str))
                }
                LabelValue::Str(_) => false,
            }),
            Matcher::Regexes(res) => {
                let strings = labels.iter().filter_map(|l| match l.value {
                    LabelValue::Str(v) => Some((profile.str(l.key), profile.str(v))),
                    LabelValue::Num { .. } => None,
                });
                match &self.key {
                    Some(key) => strings
                        .filter(|(k, _)| k == key)
                        .any(|(_, v)| res.iter().any(|r| r.is_match(v))),
                    None => {
                        let pairs: Vec<String> = strings.map(|(k, v)| format!("{k}:{v}")).collect();
                        res.iter().all(|r| pairs.iter().any(|p| r.is_match(p)))
                    }
                }
            }
        }
    }
}

/// Which label keys `tagshow`/`taghide` keep: pprof's `FilterTagsByName`.
#[derive(Debug, Clone, Default)]
pub struct KeyFilter {
    /// Keep only keys matching this.
    pub show: Option<Regex>,
    /// Drop keys matching this.
    pub hide: Option<Regex>,
}

impl KeyFilter {
    /// Whether no key filter is set.
    pub fn is_empty(&self) -> bool {
        self.show.is_none() && self.hide.is_none()
    }

    /// Whether `key` is kept, with whether show and hide matched it.
    pub fn keeps(&self, key: &str) -> (bool, bool, bool) {
        let shown = self.show.as_ref().map_or(true, |r| r.is_match(key));
        let hidden = self.hide.as_ref().is_some_and(|r| r.is_match(key));
        (shown && !hidden, shown, hidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_read_as_pprof_reads_them() {
        let r = parse_range("1kb:16kb").unwrap();
        assert_eq!(
            (r.low, r.high, r.unit.as_str()),
            (Some(1.0), Some(16.0), "kB")
        );
        assert!(r.contains(1024, "bytes") && r.contains(16384, "bytes"));
        assert!(!r.contains(16385, "bytes") && !r.contains(1023, "bytes"));
        let r = parse_range("1mb:").unwrap();
        assert!(r.contains(1 << 20, "bytes") && !r.contains(1000, "bytes"));
        assert!(parse_range(":64kb").unwrap().contains(10, "bytes"));
        assert_eq!(parse_range("32kb").unwrap().low, Some(32.0));
        // Not ranges: regexes.
        for s in ["pool-2", "/api/orders", "1kb:x", "1kb:1ms", "a1kb"] {
            assert!(parse_range(s).is_none(), "{s}");
        }
    }
}
