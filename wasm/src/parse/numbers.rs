//! Integers, decimals, floats and booleans from text.

/// `[+-](digits[.digits]|.digits)` as the unscaled value of `decimal(precision, scale)` for
/// precision ≤ 18 (so it fits an i64): at most `scale` fraction digits and `precision - scale`
/// integer digits, leading zeros aside. Anything else is None, for the caller's exact parser to
/// judge (trailing fraction zeros past the scale, exponents, wider decimals): this accepts only
/// what `runtime/normalize/parse-decimal.ts` accepts, with the same value.
pub fn parse_decimal(b: &[u8], precision: u32, scale: u32) -> Option<i64> {
    if precision == 0 || precision > 18 || scale > precision {
        return None;
    }
    let (neg, b) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    let mut v: i64 = 0;
    let mut int_digits = 0u32;
    let mut seen = 0u32;
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        let d = (b[i] - b'0') as i64;
        // Counted before the multiplication, so that v never overflows.
        if v > 0 || d > 0 {
            if int_digits == precision - scale {
                return None;
            }
            int_digits += 1;
        }
        v = v * 10 + d;
        seen += 1;
        i += 1;
    }
    let mut frac_digits = 0u32;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            if frac_digits == scale {
                return None;
            }
            v = v * 10 + (b[i] - b'0') as i64;
            frac_digits += 1;
            seen += 1;
            i += 1;
        }
    }
    if i != b.len() || seen == 0 {
        return None;
    }
    for _ in frac_digits..scale {
        v *= 10;
    }
    Some(if neg { -v } else { v })
}

pub fn parse_i64(b: &[u8]) -> Option<i64> {
    let (neg, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() {
        return None;
    }
    if digits.len() <= 18 {
        // Cannot overflow: no checked arithmetic, which wasm32 lowers to 128-bit library calls.
        let mut v: i64 = 0;
        for &c in digits {
            let d = c.wrapping_sub(b'0');
            if d > 9 {
                return None;
            }
            v = v * 10 + d as i64;
        }
        return Some(if neg { -v } else { v });
    }
    // Accumulate negatively so that i64::MIN parses.
    let mut v: i64 = 0;
    for &c in digits {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v.checked_mul(10)?.checked_sub(d as i64)?;
    }
    if neg {
        Some(v)
    } else {
        v.checked_neg()
    }
}

pub(super) fn eq_ignore_case(b: &[u8], word: &[u8]) -> bool {
    b.len() == word.len() && b.iter().zip(word).all(|(x, y)| x.to_ascii_lowercase() == *y)
}

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

pub fn parse_f64(b: &[u8]) -> Option<f64> {
    let (neg, rest) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    if eq_ignore_case(rest, b"nan") {
        return Some(f64::NAN);
    }
    if eq_ignore_case(rest, b"inf") || eq_ignore_case(rest, b"infinity") {
        return Some(if neg { f64::NEG_INFINITY } else { f64::INFINITY });
    }
    // One pass validates the grammar and gathers the decimal significand and exponent.
    let mut i = 0;
    let mut mantissa_digits = 0;
    let mut m: u64 = 0;
    let mut significant = 0;
    let mut exp10: i32 = 0;
    while i < rest.len() && rest[i].is_ascii_digit() {
        if significant < 19 {
            m = m * 10 + (rest[i] - b'0') as u64;
            if m > 0 {
                significant += 1;
            }
        } else {
            exp10 += 1;
            significant += 1;
        }
        i += 1;
        mantissa_digits += 1;
    }
    if i < rest.len() && rest[i] == b'.' {
        i += 1;
        while i < rest.len() && rest[i].is_ascii_digit() {
            if significant < 19 {
                m = m * 10 + (rest[i] - b'0') as u64;
                if m > 0 {
                    significant += 1;
                }
                exp10 -= 1;
            } else {
                significant += 1;
            }
            i += 1;
            mantissa_digits += 1;
        }
    }
    if mantissa_digits == 0 {
        return None;
    }
    if i < rest.len() && (rest[i] == b'e' || rest[i] == b'E') {
        i += 1;
        let mut exp_neg = false;
        if i < rest.len() && (rest[i] == b'+' || rest[i] == b'-') {
            exp_neg = rest[i] == b'-';
            i += 1;
        }
        let exp_start = i;
        let mut e: i32 = 0;
        while i < rest.len() && rest[i].is_ascii_digit() {
            if e < 100_000 {
                e = e * 10 + (rest[i] - b'0') as i32;
            }
            i += 1;
        }
        if i == exp_start {
            return None;
        }
        exp10 += if exp_neg { -e } else { e };
    }
    if i != rest.len() {
        return None;
    }
    // Clinger's fast path: an exact significand below 2^53 and an exact power of ten give the
    // correctly rounded result in one IEEE operation, as `Number()` and `str::parse` would.
    if significant <= 19 && m <= (1u64 << 53) && (-22..=22).contains(&exp10) {
        let v = m as f64;
        let v = if exp10 >= 0 { v * POW10[exp10 as usize] } else { v / POW10[(-exp10) as usize] };
        return Some(if neg { -v } else { v });
    }
    // Everything else goes to the full algorithm; the grammar above is a subset of what
    // `str::parse` accepts, and it rounds correctly too, so the twin's `Number()` agrees.
    let text = core::str::from_utf8(b).ok()?;
    text.parse::<f64>().ok()
}

pub fn parse_bool(b: &[u8]) -> Option<bool> {
    if b.len() > 5 {
        return None;
    }
    for w in [&b"true"[..], b"1", b"yes", b"on"] {
        if eq_ignore_case(b, w) {
            return Some(true);
        }
    }
    for w in [&b"false"[..], b"0", b"no", b"off"] {
        if eq_ignore_case(b, w) {
            return Some(false);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_decimals_to_their_unscaled_value_within_precision_and_scale() {
        assert_eq!(parse_decimal(b"-12.3", 5, 2), Some(-1230));
        assert_eq!(parse_decimal(b"+.5", 3, 1), Some(5));
        assert_eq!(parse_decimal(b"007.", 3, 1), Some(70));
        assert_eq!(parse_decimal(b"-0.00", 3, 2), Some(0));
        assert_eq!(parse_decimal(b"999999999999999.999", 18, 3), Some(999_999_999_999_999_999));
        assert_eq!(parse_decimal(b"1000", 5, 2), None);
        assert_eq!(parse_decimal(b"1.234", 5, 2), None);
        assert_eq!(parse_decimal(b"1.50", 5, 1), None);
        assert_eq!(parse_decimal(b"1e3", 5, 0), None);
        assert_eq!(parse_decimal(b".", 5, 2), None);
        assert_eq!(parse_decimal(b"-", 5, 2), None);
        assert_eq!(parse_decimal(b"1", 19, 0), None);
        assert_eq!(parse_decimal(b"-9223372036854775808", 18, 0), None);
        assert_eq!(parse_decimal(b"000000000000000000000012", 3, 0), Some(12));
    }

    #[test]
    fn parses_integers_at_the_edges_of_their_range() {
        assert_eq!(parse_i64(b"-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_i64(b"9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_i64(b"9223372036854775808"), None);
        assert_eq!(parse_i64(b"+12"), Some(12));
        assert_eq!(parse_i64(b"1.0"), None);
        assert_eq!(parse_i64(b"-"), None);
    }

    #[test]
    fn parses_floats_by_a_strict_grammar() {
        assert_eq!(parse_f64(b"1.5e3"), Some(1500.0));
        assert_eq!(parse_f64(b".5"), Some(0.5));
        assert_eq!(parse_f64(b"5."), Some(5.0));
        assert_eq!(parse_f64(b"-Infinity"), Some(f64::NEG_INFINITY));
        assert!(parse_f64(b"NaN").unwrap().is_nan());
        assert_eq!(parse_f64(b"0x10"), None);
        assert_eq!(parse_f64(b"1e"), None);
        assert_eq!(parse_f64(b"."), None);
        for t in ["0.1", "1234.56", "-0", "9007199254740993", "1e22", "1e23", "123456789012345678901234", "0.000001", "4.9e-324", "1.7976931348623157e308", "00012.50"] {
            let fast = parse_f64(t.as_bytes()).unwrap();
            let full: f64 = t.parse().unwrap();
            assert_eq!(fast.to_bits(), full.to_bits(), "{}", t);
        }
    }
}
