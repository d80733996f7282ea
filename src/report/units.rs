//! pprof's unit scaling and labels (`internal/measurement`): values are
//! shown in one unit per report, chosen from the smallest and largest
//! values, as `go tool pprof` does.

struct Unit {
    name: &'static str,
    aliases: &'static [&'static str],
    factor: f64,
}

struct UnitType {
    default: (&'static str, f64),
    units: &'static [Unit],
}

const MEMORY: UnitType = UnitType {
    default: ("B", 1.0),
    units: &[
        Unit {
            name: "B",
            aliases: &["b", "byte"],
            factor: 1.0,
        },
        Unit {
            name: "kB",
            aliases: &["kb", "kbyte", "kilobyte"],
            factor: 1024.0,
        },
        Unit {
            name: "MB",
            aliases: &["mb", "mbyte", "megabyte"],
            factor: 1048576.0,
        },
        Unit {
            name: "GB",
            aliases: &["gb", "gbyte", "gigabyte"],
            factor: 1073741824.0,
        },
        Unit {
            name: "TB",
            aliases: &["tb", "tbyte", "terabyte"],
            factor: 1099511627776.0,
        },
        Unit {
            name: "PB",
            aliases: &["pb", "pbyte", "petabyte"],
            factor: 1125899906842624.0,
        },
    ],
};

const TIME: UnitType = UnitType {
    default: ("s", 1e9),
    units: &[
        Unit {
            name: "ns",
            aliases: &["ns", "nanosecond"],
            factor: 1.0,
        },
        Unit {
            name: "us",
            aliases: &["μs", "us", "microsecond"],
            factor: 1e3,
        },
        Unit {
            name: "ms",
            aliases: &["ms", "millisecond"],
            factor: 1e6,
        },
        Unit {
            name: "s",
            aliases: &["s", "sec", "second"],
            factor: 1e9,
        },
        Unit {
            name: "hrs",
            aliases: &["hour", "hr"],
            factor: 3600e9,
        },
    ],
};

const GCU: UnitType = UnitType {
    default: ("GCU", 1.0),
    units: &[
        Unit {
            name: "n*GCU",
            aliases: &["nanogcu"],
            factor: 1e-9,
        },
        Unit {
            name: "u*GCU",
            aliases: &["microgcu"],
            factor: 1e-6,
        },
        Unit {
            name: "m*GCU",
            aliases: &["milligcu"],
            factor: 1e-3,
        },
        Unit {
            name: "GCU",
            aliases: &["gcu"],
            factor: 1.0,
        },
        Unit {
            name: "k*GCU",
            aliases: &["kilogcu"],
            factor: 1e3,
        },
        Unit {
            name: "M*GCU",
            aliases: &["megagcu"],
            factor: 1e6,
        },
        Unit {
            name: "G*GCU",
            aliases: &["gigagcu"],
            factor: 1e9,
        },
        Unit {
            name: "T*GCU",
            aliases: &["teragcu"],
            factor: 1e12,
        },
        Unit {
            name: "P*GCU",
            aliases: &["petagcu"],
            factor: 1e15,
        },
    ],
};

const UNIT_TYPES: [&UnitType; 3] = [&MEMORY, &TIME, &GCU];

impl UnitType {
    fn sniff(&self, unit: &str) -> Option<&Unit> {
        let mut u = unit.to_lowercase();
        if u.chars().count() > 2 {
            if let Some(s) = u.strip_suffix('s') {
                u = s.to_string();
            }
        }
        self.units.iter().find(|x| x.aliases.contains(&u.as_str()))
    }

    fn auto_scale(&self, v: f64) -> Option<(f64, &'static str)> {
        let mut f = 0.0;
        let mut name = "";
        for u in self.units {
            if u.factor >= f && v / u.factor >= 1.0 {
                f = u.factor;
                name = u.name;
            }
        }
        if f == 0.0 {
            None
        } else {
            Some((v / f, name))
        }
    }

    fn convert(&self, value: i64, from: &str, to: &str) -> Option<(f64, String)> {
        let from = self.sniff(from)?;
        let v = value as f64 * from.factor;
        if to == "minimum" || to == "auto" {
            if let Some((v, u)) = self.auto_scale(v) {
                return Some((v, u.to_string()));
            }
            return Some((v / self.default.1, self.default.0.to_string()));
        }
        match self.sniff(to) {
            Some(t) => Some((v / t.factor, t.name.to_string())),
            None => Some((v / self.default.1, self.default.0.to_string())),
        }
    }
}

/// Converts `value` from `from` to `to` (`minimum`/`auto` pick the unit);
/// the returned unit is empty for unit-less counts.
pub fn scale(value: i64, from: &str, to: &str) -> (f64, String) {
    // Fractional counts read from folded stacks: `1e-3 count`.
    if let Some(places) = fraction_places(from) {
        return (value as f64 / 10f64.powi(places), String::new());
    }
    if value < 0 && value != i64::MIN {
        let (v, u) = scale(-value, from, to);
        return (-v, u);
    }
    for ut in UNIT_TYPES {
        if let Some(r) = ut.convert(value, from, to) {
            return r;
        }
    }
    match to {
        "count" | "sample" | "unit" | "minimum" | "auto" => (value as f64, String::new()),
        _ => (value as f64, to.to_string()),
    }
}

/// The places of a fractional count unit (`1e-3 count` → 3).
pub fn fraction_places(unit: &str) -> Option<i32> {
    let places: i32 = unit
        .strip_prefix("1e-")?
        .strip_suffix(" count")?
        .parse()
        .ok()?;
    (1..=9).contains(&places).then_some(places)
}

/// `value` / 10^`places` written exactly, without trailing zeros:
/// `decimal(150, 2)` is `1.5`.
pub fn decimal(value: i64, places: i32) -> String {
    let digits = value.unsigned_abs().to_string();
    let places = places.max(0) as usize;
    let padded = format!("{digits:0>width$}", width = places + 1);
    let (whole, fraction) = padded.split_at(padded.len() - places);
    let fraction = fraction.trim_end_matches('0');
    let sign = if value < 0 { "-" } else { "" };
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    }
}

/// pprof's `ScaledLabel`: `1.25s`, `16384kB`, `0`.
pub fn scaled_label(value: i64, from: &str, to: &str) -> String {
    let (v, u) = scale(value, from, to);
    let s = format!("{v:.2}");
    let s = s.strip_suffix(".00").unwrap_or(&s);
    if s == "0" || s == "-0" {
        return "0".to_string();
    }
    format!("{s}{u}")
}

/// pprof's `Label`: a value in the most readable unit.
pub fn label(value: i64, unit: &str) -> String {
    scaled_label(value, unit, "auto")
}

/// pprof's `Percentage`: `15.98%`, `  100%`, `0.00047%`, right-aligned.
pub fn percentage(value: i64, total: i64) -> String {
    let ratio = if total != 0 {
        (value as f64 / total as f64).abs() * 100.0
    } else {
        0.0
    };
    if (99.95..=100.05).contains(&ratio) {
        "  100%".to_string()
    } else if ratio >= 1.0 {
        format!("{ratio:5.2}%")
    } else {
        format!("{:>5}%", super::gofmt::format_g(ratio, 2))
    }
}

/// pprof's `selectOutputUnit`: the unit for every value of a report,
/// from the smallest non-zero node value and the total.
pub fn select_output_unit(sample_unit: &str, node_values: &[(i64, i64)], total: i64) -> String {
    if node_values.is_empty() {
        return "minimum".to_string();
    }
    let mut min_value = 0i64;
    for &(flat, cum) in node_values {
        let mut m = flat.wrapping_abs();
        if m == 0 {
            m = cum.wrapping_abs();
        }
        if m > 0 && (min_value == 0 || m < min_value) {
            min_value = m;
        }
    }
    let max_value = total;
    if min_value == 0 {
        min_value = max_value;
    }
    let (_, min_unit) = scale(min_value, sample_unit, "minimum");
    let (_, max_unit) = scale(max_value, sample_unit, "minimum");
    let mut unit = min_unit.clone();
    if min_unit != max_unit && min_value.saturating_mul(100) < max_value {
        unit = scale(min_value.saturating_mul(100), sample_unit, "minimum").1;
    }
    if unit.is_empty() {
        sample_unit.to_string()
    } else {
        unit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractional_counts_are_written_exactly() {
        assert_eq!(decimal(150, 2), "1.5");
        assert_eq!(decimal(5, 3), "0.005");
        assert_eq!(decimal(-25, 2), "-0.25");
        assert_eq!(decimal(200, 2), "2");
        assert_eq!(decimal(i64::MIN, 9), "-9223372036.854775808");
        assert_eq!(fraction_places("1e-3 count"), Some(3));
        assert_eq!(fraction_places("1e-10 count"), None);
        assert_eq!(fraction_places("count"), None);
        assert_eq!(scaled_label(150, "1e-2 count", "1e-2 count"), "1.50");
    }

    #[test]
    fn labels() {
        assert_eq!(scaled_label(1_000_000_000, "nanoseconds", "s"), "1s");
        assert_eq!(scaled_label(80_000_000, "nanoseconds", "s"), "0.08s");
        assert_eq!(scaled_label(16_777_216, "bytes", "kB"), "16384kB");
        assert_eq!(scaled_label(0, "bytes", "kB"), "0");
        assert_eq!(scaled_label(161, "count", "count"), "161");
        assert_eq!(label(8_110_000_000, "nanoseconds"), "8.11s");
    }

    #[test]
    fn percentages() {
        assert_eq!(percentage(245, 1533), "15.98%");
        assert_eq!(percentage(100, 100), "  100%");
        assert_eq!(percentage(0, 100), "    0%");
        assert_eq!(percentage(405, 85203179), "0.00048%");
    }
}
