//! Benchmark units: tidying pre-scaled units into base units, and scaling
//! numbers for display with SI or binary prefixes, as benchstat does.

use std::sync::OnceLock;

use super::gofloat::format_f;

/// Whether a unit's values scale by 1000 (SI) or 1024 (IEC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// k, M, G... and m, µ, n.
    Decimal,
    /// Ki, Mi, Gi... (units with bytes in the numerator).
    Binary,
}

/// Splits a unit into tokens separated by `*`, `/`, `-` or spaces, noting
/// whether each is in the denominator (after a `/`).
fn tokens(unit: &str) -> Vec<(usize, &str, bool)> {
    let mut out = Vec::new();
    let mut denom = false;
    let mut start: Option<usize> = None;
    let mut start_denom = false;
    for (i, c) in unit.char_indices() {
        let sep = c == '*' || c == '/' || c == '-' || c.is_whitespace();
        if sep {
            if let Some(s) = start.take() {
                out.push((s, &unit[s..i], start_denom));
            }
            if c == '*' {
                denom = false;
            } else if c == '/' {
                denom = true;
            }
        } else if start.is_none() {
            start = Some(i);
            start_denom = denom;
        }
    }
    if let Some(s) = start {
        out.push((s, &unit[s..], start_denom));
    }
    out
}

/// The prefix class of `unit`: binary if bytes are in the numerator.
pub fn class_of(unit: &str) -> Class {
    let binary = tokens(unit)
        .iter()
        .any(|&(_, t, denom)| !denom && matches!(t, "B" | "MB" | "bytes"));
    if binary {
        Class::Binary
    } else {
        Class::Decimal
    }
}

/// Normalises a pre-scaled unit: `ns` becomes `sec` and `MB` becomes `B`
/// in the numerator. Returns the rescaled value and the new unit.
pub fn tidy(value: f64, unit: &str) -> (f64, String) {
    let (u, factor) = tidy_unit(unit);
    (value * factor, u)
}

/// The tidied unit and the factor that converts values to it.
pub fn tidy_factor(unit: &str) -> (String, f64) {
    tidy_unit(unit)
}

fn tidy_unit(unit: &str) -> (String, f64) {
    match unit {
        "ns/op" => return ("sec/op".into(), 1e-9),
        "MB/s" => return ("B/s".into(), 1e6),
        "B/op" | "allocs/op" => return (unit.into(), 1.0),
        _ => {}
    }
    if !(unit.contains("ns") || unit.contains("MB")) {
        return (unit.into(), 1.0);
    }
    let mut factor = 1.0;
    let mut edits = Vec::new();
    for (pos, tok, denom) in tokens(unit) {
        if denom {
            continue;
        }
        match tok {
            "ns" => {
                edits.push((pos, 2, "sec"));
                factor /= 1e9;
            }
            "MB" => {
                edits.push((pos, 2, "B"));
                factor *= 1e6;
            }
            _ => {}
        }
    }
    let mut u = unit.to_string();
    for &(pos, len, rep) in edits.iter().rev() {
        u.replace_range(pos..pos + len, rep);
    }
    (u, factor)
}

/// A display scale: digits after the point, the factor and its prefix.
#[derive(Debug, Clone, PartialEq)]
pub struct Scaler {
    /// Digits after the decimal point.
    pub prec: usize,
    /// The value of one prefix unit (1000 for k).
    pub factor: f64,
    /// The prefix (`k`, `Mi`, `µ`...).
    pub prefix: &'static str,
}

impl Scaler {
    /// Formats `v` in this scale, e.g. `123.4M`.
    pub fn format(&self, v: f64) -> String {
        let mut s = format_f(v / self.factor, self.prec);
        s.push_str(self.prefix);
        s
    }
}

struct Factor {
    factor: f64,
    prefix: &'static str,
    t100: f64,
    t10: f64,
    t1: f64,
}

fn pow10(e: i32) -> f64 {
    // Go's math.Pow(10, e): exact for e >= 0, 1/10^-e otherwise.
    if e >= 0 {
        10f64.powi(e)
    } else {
        1.0 / 10f64.powi(-e)
    }
}

fn parse(s: String) -> f64 {
    s.parse().unwrap_or(f64::NAN)
}

fn si_factors() -> Vec<Factor> {
    let mut exp = 12;
    let mut out = Vec::new();
    for p in ["T", "G", "M", "k", "", "m", "µ", "n"] {
        // Thresholds are parsed from the printed form so that they agree
        // with how printing rounds (99.995 prints as 100.0).
        out.push(Factor {
            factor: pow10(exp),
            prefix: p,
            t100: parse(format!("99.995e{exp}")),
            t10: parse(format!("9.9995e{exp}")),
            t1: parse(format!(".99995e{exp}")),
        });
        exp -= 3;
    }
    out
}

/// `0x1.<mant>p<e>` as a double.
fn hexfloat(mant: u64, e: i32) -> f64 {
    f64::from_bits((((1023 + e) as u64) << 52) | mant)
}

fn iec_factors() -> Vec<Factor> {
    let mut exp = 40;
    let mut out = Vec::new();
    for p in ["Ti", "Gi", "Mi", "Ki", ""] {
        out.push(Factor {
            factor: 2f64.powi(exp),
            prefix: p,
            t100: hexfloat(0x8ffae147ae148, 6 + exp),
            t10: hexfloat(0x3ffbe76c8b439, 3 + exp),
            t1: hexfloat(0xfff972474538f, exp - 1),
        });
        exp -= 10;
    }
    out
}

/// The scale that shows every value of `vals` with at least three
/// significant digits: chosen by the non-zero value nearest zero.
pub fn common_scale(vals: &[f64], class: Class) -> Scaler {
    let mut min = 0.0f64;
    for &v in vals {
        let v = v.abs();
        // NaN passes this test as Go's does, and then matches no threshold.
        if v != 0.0 && (min == 0.0 || v < min) {
            min = v;
        }
    }
    if min == 0.0 {
        return Scaler {
            prec: 3,
            factor: 1.0,
            prefix: "",
        };
    }
    static SI: OnceLock<Vec<Factor>> = OnceLock::new();
    static IEC: OnceLock<Vec<Factor>> = OnceLock::new();
    static SIGFIGS: OnceLock<Vec<f64>> = OnceLock::new();
    let factors = match class {
        Class::Decimal => SI.get_or_init(si_factors),
        Class::Binary => IEC.get_or_init(iec_factors),
    };
    let sigfigs = SIGFIGS.get_or_init(|| {
        (-8..=-1)
            .rev()
            .map(|exp| parse(format!("9.9995e{exp}")))
            .collect()
    });
    for f in factors {
        let prec = if min >= f.t100 {
            1
        } else if min >= f.t10 {
            2
        } else if min >= f.t1 {
            3
        } else {
            continue;
        };
        return Scaler {
            prec,
            factor: f.factor,
            prefix: f.prefix,
        };
    }
    // Below the smallest prefix: more digits after the point.
    let last = &factors[factors.len() - 1];
    let val = min / last.factor;
    let mut prec = 3;
    for (i, &thresh) in sigfigs.iter().enumerate() {
        prec = 3 + i;
        if val >= thresh {
            break;
        }
    }
    Scaler {
        prec,
        factor: last.factor,
        prefix: last.prefix,
    }
}

/// Formats one value with its own scale.
pub fn scale(v: f64, class: Class) -> String {
    common_scale(&[v], class).format(v)
}

/// Whether a larger value of `unit` is better (throughput) or worse (time,
/// memory, allocations, and anything unknown).
pub fn higher_is_better(unit: &str) -> bool {
    let (num, den) = unit.split_once('/').unwrap_or((unit, ""));
    // B/s, ops/s, MB/s: something per second.
    matches!(den, "s" | "sec" | "second") && num != "sec" && num != "ns"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidies_like_benchunit() {
        assert_eq!(tidy(5.0, "ns/op").1, "sec/op");
        assert_eq!(tidy(1.0, "MB/s"), (1e6, "B/s".to_string()));
        assert_eq!(tidy(2.0, "ns/byte").1, "sec/byte");
        assert_eq!(tidy(2.0, "ops/ns").1, "ops/ns");
        assert_eq!(tidy(2.0, "text-bytes").1, "text-bytes");
    }

    #[test]
    fn classes() {
        assert_eq!(class_of("B/op"), Class::Binary);
        assert_eq!(class_of("B/s"), Class::Binary);
        assert_eq!(class_of("sec/op"), Class::Decimal);
        assert_eq!(class_of("allocs/op"), Class::Decimal);
        assert_eq!(class_of("op/B"), Class::Decimal);
    }

    #[test]
    fn scales_like_benchstat() {
        // From benchstat's output on bench/old.txt and new.txt.
        let s = common_scale(&[5.698e-07, 4.633e-08], Class::Decimal);
        assert_eq!(s.format(5.698e-07), "569.80n");
        assert_eq!(s.format(4.633e-08), "46.33n");
        assert_eq!(scale(1.993919104159214e-06, Class::Decimal), "1.994µ");
        assert_eq!(
            common_scale(&[0.0, 0.0], Class::Binary).format(0.0),
            "0.000"
        );
        assert_eq!(scale(262144.0, Class::Binary), "256.0Ki");
        assert_eq!(scale(f64::INFINITY, Class::Decimal), "+InfT");
        assert_eq!(scale(0.2445e-9, Class::Decimal), "0.2445n");
    }

    #[test]
    fn better_direction() {
        assert!(higher_is_better("B/s"));
        assert!(!higher_is_better("sec/op"));
        assert!(!higher_is_better("B/op"));
        assert!(!higher_is_better("allocs/op"));
    }
}
