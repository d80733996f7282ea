//! The ends of a fleet query's range, as users write them: `now`,
//! `now-1h` or `-1h` (s, m, h, d, w), an RFC 3339 time
//! (`2026-12-07T10:00:00Z`), or Unix seconds.

use std::time::Duration;

/// One end of a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeSpec {
    /// The time of the query.
    Now,
    /// That long before the query.
    Ago(Duration),
    /// Milliseconds since the Unix epoch.
    At(i64),
}

impl TimeSpec {
    /// Parses a range end; the error says what is accepted.
    pub fn parse(s: &str) -> Result<TimeSpec, String> {
        let s = s.trim();
        if s == "now" {
            return Ok(TimeSpec::Now);
        }
        if let Some(ago) = s.strip_prefix("now-").or_else(|| s.strip_prefix('-')) {
            return duration(ago).map(TimeSpec::Ago).ok_or_else(|| bad(s));
        }
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            return s
                .parse::<i64>()
                .ok()
                .and_then(|secs| secs.checked_mul(1000))
                .map(TimeSpec::At)
                .ok_or_else(|| bad(s));
        }
        s.parse::<jiff::Timestamp>()
            .map(|t| TimeSpec::At(t.as_millisecond()))
            .map_err(|_| bad(s))
    }

    /// The time this end stands for when the query is made at `now_ms`.
    pub fn at(self, now_ms: i64) -> i64 {
        match self {
            TimeSpec::Now => now_ms,
            TimeSpec::Ago(d) => now_ms.saturating_sub(d.as_millis().min(i64::MAX as u128) as i64),
            TimeSpec::At(ms) => ms,
        }
    }
}

fn bad(s: &str) -> String {
    format!(
        "{:?} is not a time (now, now-1h, -30m, 2026-12-07T10:00:00Z or Unix seconds)",
        s
    )
}

/// `90s`, `15m`, `2h`, `1d`, `1w`.
fn duration(s: &str) -> Option<Duration> {
    let split = s.find(|c: char| !c.is_ascii_digit())?;
    let (n, unit) = s.split_at(split);
    let n: u64 = n.parse().ok()?;
    let secs = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => return None,
    };
    Some(Duration::from_secs(n.checked_mul(secs)?))
}

/// A duration as a range is said: "hour", "30m", "2h", "day".
pub fn words(d: Duration) -> String {
    let secs = d.as_secs();
    match secs {
        3600 => "hour".to_string(),
        86_400 => "day".to_string(),
        604_800 => "week".to_string(),
        s if s % 604_800 == 0 => format!("{}w", s / 604_800),
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

/// A duration as a range end writes it after `now-`: `15m`, `1h`, `7d`.
pub fn short(d: Duration) -> String {
    let s = d.as_secs();
    [(86_400, "d"), (3600, "h"), (60, "m")]
        .iter()
        .find(|(unit, _)| s % unit == 0 && s > 0)
        .map_or_else(|| format!("{s}s"), |(unit, u)| format!("{}{u}", s / unit))
}

/// Milliseconds since the Unix epoch now.
pub fn now_millis() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn relative_absolute_and_epoch_times() {
        assert_eq!(TimeSpec::parse("now"), Ok(TimeSpec::Now));
        assert_eq!(
            TimeSpec::parse("now-1h"),
            Ok(TimeSpec::Ago(Duration::from_secs(3600)))
        );
        assert_eq!(
            TimeSpec::parse("-15m"),
            Ok(TimeSpec::Ago(Duration::from_secs(900)))
        );
        assert_eq!(
            TimeSpec::parse("2026-12-07T10:00:00Z"),
            Ok(TimeSpec::At(1_796_637_600_000))
        );
        assert_eq!(
            TimeSpec::parse("1796637600"),
            Ok(TimeSpec::At(1_796_637_600_000))
        );
        assert_eq!(TimeSpec::Ago(Duration::from_secs(2)).at(10_000), 8_000);
        for bad in [
            "yesterday",
            "now-",
            "-5y",
            "now-1h30m",
            "",
            "99999999999999999999",
        ] {
            assert!(TimeSpec::parse(bad).is_err(), "{bad}");
        }
    }
}
