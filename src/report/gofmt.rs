//! Go's `%g` formatting with an explicit precision, which pprof uses for
//! small percentages (`%5.2g`). Rust has no `%g`, and Go's rules (shortest
//! digits after rounding, exponent form below 1e-4) must be matched exactly.

/// Formats a finite `x` like Go's `fmt.Sprintf("%.{prec}g", x)`.
pub fn format_g(x: f64, prec: usize) -> String {
    let prec = prec.max(1);
    if x == 0.0 {
        return if x.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    if !x.is_finite() {
        return if x.is_nan() {
            "NaN".to_string()
        } else if x > 0.0 {
            "+Inf".to_string()
        } else {
            "-Inf".to_string()
        };
    }
    // Round to `prec` significant digits via the exponent form.
    let e = format!("{:.*e}", prec - 1, x.abs());
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    go_digits(x < 0.0, &digits, exp, exp < -4 || exp >= prec as i32)
}

/// Spells significant `digits` (d1 d2 ..., the value d1.d2... × 10^exp) as
/// Go does: `d.dde+XX` in exponent form (at least two exponent digits),
/// else plain decimal with zeros added as needed.
pub fn go_digits(neg: bool, digits: &str, exp: i32, exponent_form: bool) -> String {
    let neg = if neg { "-" } else { "" };
    let nd = digits.len() as i32;
    if exponent_form {
        let mut m = digits[..1].to_string();
        if nd > 1 {
            m.push('.');
            m.push_str(&digits[1..]);
        }
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{neg}{m}e{sign}{:02}", exp.abs());
    }
    let dp = exp + 1;
    let s = if dp <= 0 {
        format!("0.{}{}", "0".repeat((-dp) as usize), digits)
    } else if dp >= nd {
        format!("{}{}", digits, "0".repeat((dp - nd) as usize))
    } else {
        format!("{}.{}", &digits[..dp as usize], &digits[dp as usize..])
    };
    format!("{neg}{s}")
}

#[cfg(test)]
mod tests {
    use super::format_g;

    #[test]
    fn matches_go() {
        // Values checked against Go 1.19's fmt.Sprintf("%.2g", x).
        assert_eq!(format_g(0.000475, 2), "0.00047");
        assert_eq!(format_g(0.6014, 2), "0.6");
        assert_eq!(format_g(0.10, 2), "0.1");
        assert_eq!(format_g(0.0, 2), "0");
        assert_eq!(format_g(0.000047, 2), "4.7e-05");
        assert_eq!(format_g(0.95, 2), "0.95");
        assert_eq!(format_g(0.996, 2), "1");
        assert_eq!(format_g(12.0, 2), "12");
        assert_eq!(format_g(123.0, 2), "1.2e+02");
    }
}
