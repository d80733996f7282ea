//! Formatting of profile timestamps as pprof prints them
//! (`Jan 2, 2006 at 3:04pm (MST)`), in the local time zone as Go's
//! `time.Local` finds it: `TZ` when set (empty meaning UTC), else the
//! system's zone.

use jiff::tz::TimeZone;

/// Formats Unix nanoseconds as `Nov 22, 2026 at 6:40pm (EST)` in the local
/// zone.
pub fn pprof_time(nanos: i64) -> String {
    pprof_time_in(nanos, &local_zone())
}

/// Go's `time.Local`: `TZ` names the zone (empty or `UTC` is UTC); an unset
/// `TZ` is the system's zone. A zone that cannot be loaded is UTC, as in Go.
pub fn local_zone() -> TimeZone {
    match std::env::var("TZ") {
        Ok(tz) if tz.is_empty() || tz == "UTC" => TimeZone::UTC,
        Ok(tz) => {
            let name = tz.strip_prefix(':').unwrap_or(&tz);
            TimeZone::get(name).unwrap_or(TimeZone::UTC)
        }
        Err(_) => TimeZone::try_system().unwrap_or(TimeZone::UTC),
    }
}

/// [`pprof_time`] in the zone `tz`.
pub fn pprof_time_in(nanos: i64, tz: &TimeZone) -> String {
    let Ok(ts) = jiff::Timestamp::from_nanosecond(i128::from(nanos)) else {
        return format!("{nanos}ns since 1970");
    };
    let zoned = ts.to_zoned(tz.clone());
    let hour = zoned.hour();
    let (h12, ampm) = match hour {
        0 => (12, "am"),
        1..=11 => (hour, "am"),
        12 => (12, "pm"),
        _ => (hour - 12, "pm"),
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS[(zoned.month() as usize + 11) % 12];
    let abbreviation = tz.to_offset_info(ts).abbreviation().to_string();
    format!(
        "{month} {}, {} at {h12}:{:02}{ampm} ({abbreviation})",
        zoned.day(),
        zoned.year(),
        zoned.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_pprof() {
        let utc = TimeZone::UTC;
        assert_eq!(pprof_time_in(0, &utc), "Jan 1, 1970 at 12:00am (UTC)");
        // 2023-11-14 22:13:20 UTC
        assert_eq!(
            pprof_time_in(1_700_000_000_000_000_000, &utc),
            "Nov 14, 2023 at 10:13pm (UTC)"
        );
    }
}
