//! Go's float formatting, which benchstat's output is made of. Rust's
//! formatting rounds the same way (exact decimal expansion, ties to even);
//! what differs is the spelling of infinities, NaN and exponents.

/// Go's `fmt.Sprint(x)` (`%v`): the shortest digits that read back as `x`,
/// in exponent form when the decimal exponent is below -4 or at least 6
/// (so a million prints as `1e+06`).
pub fn format_v(x: f64) -> String {
    if let Some(s) = special(x, false) {
        return s;
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    // Rust's `{:e}` gives the shortest round-trip digits.
    let e = format!("{:e}", x.abs());
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    crate::report::gofmt::go_digits(x < 0.0, &digits, exp, !(-4..6).contains(&exp))
}

/// Go's `strconv.FormatFloat(x, 'f', prec, 64)`.
pub fn format_f(x: f64, prec: usize) -> String {
    special(x, false).unwrap_or_else(|| format!("{x:.prec$}"))
}

/// Go's `fmt.Sprintf("%+.{prec}f", x)`: always signed, `+NaN` included.
pub fn format_f_signed(x: f64, prec: usize) -> String {
    special(x, true).unwrap_or_else(|| format!("{x:+.prec$}"))
}

fn special(x: f64, plus: bool) -> Option<String> {
    if x.is_nan() {
        Some(if plus { "+NaN" } else { "NaN" }.to_string())
    } else if x.is_infinite() {
        Some(if x > 0.0 { "+Inf" } else { "-Inf" }.to_string())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_go_fmt() {
        // Checked with Go 1.19: fmt.Println(1e6, 123456789.0, 100000.0, 0.0001, 0.00001).
        assert_eq!(format_v(1e6), "1e+06");
        assert_eq!(format_v(123456789.0), "1.23456789e+08");
        assert_eq!(format_v(100000.0), "100000");
        assert_eq!(format_v(0.0001), "0.0001");
        assert_eq!(format_v(0.00001), "1e-05");
        assert_eq!(format_v(2.4400000000000004e-06), "2.4400000000000004e-06");
        assert_eq!(format_v(0.0010642630000000002), "0.0010642630000000002");
        assert_eq!(format_v(f64::INFINITY), "+Inf");
        assert_eq!(format_f_signed(f64::NAN, 2), "+NaN");
        assert_eq!(format_f(0.5, 0), "0");
        assert_eq!(format_f(2.5, 0), "2");
        assert_eq!(format_f_signed(-91.8712, 2), "-91.87");
    }
}
