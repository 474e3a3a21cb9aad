//! Fast paths for the common forms of integers, decimals and dates: up to eight ASCII digits are
//! checked and combined as one 64-bit word (SIMD within a register), with no branch per digit.
//! A field's digit count varies row to row, which the per-digit loops mispredicted on nearly
//! every field. Each function here gives the value only for the plain forms it recognises and
//! `None` otherwise, so its caller hands everything else to the exact parser: the results are
//! the exact parser's by construction (tested below against it).

const ZEROS: u64 = 0x3030_3030_3030_3030;
const HIGH_NIBBLES: u64 = 0xf0f0_f0f0_f0f0_f0f0;

/// The 8 bytes `data[end - 8..end]` as a little-endian word (so the last byte is the highest).
#[inline(always)]
fn word_ending_at(data: &[u8], end: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&data[end - 8..end]);
    u64::from_le_bytes(w)
}

/// The `len` (1..=8) digits in the top bytes of `word` as a number; the bytes below them are
/// ignored. `None` when one is not an ASCII digit.
#[inline(always)]
fn top_digits(word: u64, len: usize) -> Option<u64> {
    let shift = 8 * (8 - len) as u32;
    let keep = u64::MAX << shift;
    let y = word & keep;
    let expect = ZEROS & keep;
    // 0x30..=0x39 is the high nibble 3 both before and after adding 6 to each byte; adding 6
    // cannot carry between bytes once every kept byte is 0x3_ (and the others are 0).
    if y & HIGH_NIBBLES != expect || y.wrapping_add(0x0606_0606_0606_0606) & HIGH_NIBBLES != expect {
        return None;
    }
    Some(combine(y & 0x0f0f_0f0f_0f0f_0f0f))
}

/// Eight digit values, most significant in the lowest byte, as one number: pairs, then
/// quadruples, then the whole (each step fits its lane: 99, 9999, 99999999).
#[inline(always)]
fn combine(d: u64) -> u64 {
    let d = (d * 10 + (d >> 8)) & 0x00ff_00ff_00ff_00ff;
    let d = (d * 100 + (d >> 16)) & 0x0000_ffff_0000_ffff;
    (d * 10_000 + (d >> 32)) & 0xffff_ffff
}

/// The `len` (0..=16) ASCII digits ending at `data[end]` as a number, read as words ending
/// there (so it needs 8 or 16 bytes of buffer before `end`, whatever they hold).
#[inline(always)]
fn digits_before(data: &[u8], end: usize, len: usize) -> Option<u64> {
    if len == 0 {
        return Some(0);
    }
    if len <= 8 {
        return if end >= 8 { top_digits(word_ending_at(data, end), len) } else { None };
    }
    if end < 16 || len > 16 {
        return None;
    }
    let low = top_digits(word_ending_at(data, end), 8)?;
    let high = top_digits(word_ending_at(data, end - 8), len - 8)?;
    Some(high * 100_000_000 + low)
}

/// `[+-]digits` with at most 16 digits, in `data[s..e]`.
#[inline(always)]
pub fn int_at(data: &[u8], s: usize, e: usize) -> Option<i64> {
    let (neg, s) = match data[s] {
        b'-' => (true, s + 1),
        b'+' => (false, s + 1),
        _ => (false, s),
    };
    if s == e {
        return None;
    }
    let v = digits_before(data, e, e - s)? as i64;
    Some(if neg { -v } else { v })
}

/// Where the dot among the last `len` (≤ 8) bytes of `word` is, as bytes before the word's end.
#[inline(always)]
fn dot_from_end(word: u64, len: usize) -> Option<usize> {
    // Bytes before the field are made non-zero so that only the field is searched.
    let outside = !(u64::MAX << (8 * (8 - len.min(8)) as u32));
    let x = (word ^ 0x2e2e_2e2e_2e2e_2e2e) | outside;
    // The classic zero-byte test: its lowest flagged byte is exact (borrows only run upwards).
    let zero = x.wrapping_sub(0x0101_0101_0101_0101) & !x & 0x8080_8080_8080_8080;
    if zero == 0 {
        None
    } else {
        Some(8 - zero.trailing_zeros() as usize / 8)
    }
}

/// `[+-]digits[.digits]` in `data[s..e]` as the unscaled value of `decimal(precision, scale)`,
/// under the rules of `parse_decimal`: at most `scale` fraction digits (so the dot is among the
/// last 8 bytes when there is one), integer digits below `10^(precision - scale)`.
#[inline(always)]
pub fn decimal_at(data: &[u8], s: usize, e: usize, precision: u32, scale: u32) -> Option<i64> {
    if precision == 0 || precision > 18 || scale > precision || scale > 7 || e < 8 {
        return None;
    }
    let (neg, s) = match data[s] {
        b'-' => (true, s + 1),
        b'+' => (false, s + 1),
        _ => (false, s),
    };
    let len = e - s;
    if len == 0 {
        return None;
    }
    let (int_end, frac_len) = match dot_from_end(word_ending_at(data, e), len) {
        Some(back) => (e - back, back - 1),
        None => (e, 0),
    };
    if frac_len > scale as usize || (int_end == s && frac_len == 0) {
        return None;
    }
    let int = digits_before(data, int_end, int_end - s)?;
    let frac = digits_before(data, e, frac_len)?;
    if int >= POW10[(precision - scale) as usize] {
        return None;
    }
    let v = (int * POW10[frac_len] + frac) * POW10[scale as usize - frac_len];
    Some(if neg { -(v as i64) } else { v as i64 })
}

const POW10: [u64; 19] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
    100_000_000_000,
    1_000_000_000_000,
    10_000_000_000_000,
    100_000_000_000_000,
    1_000_000_000_000_000,
    10_000_000_000_000_000,
    100_000_000_000_000_000,
    1_000_000_000_000_000_000,
];

/// `YYYY-MM-DD` as (year, month, day) digits, unchecked for range.
#[inline(always)]
pub fn ymd(b: &[u8]) -> Option<(u32, u32, u32)> {
    if b.len() != 10 {
        return None;
    }
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[..8]);
    let w = u64::from_le_bytes(w);
    if (w >> 32) & 0xff != b'-' as u64 || w >> 56 != b'-' as u64 {
        return None;
    }
    // YYYY MM DD packed into one word of eight digits.
    let packed = (w & 0xffff_ffff) | ((w >> 8) & 0xffff_0000_0000) | (b[8] as u64) << 48 | (b[9] as u64) << 56;
    if packed & HIGH_NIBBLES != ZEROS || packed.wrapping_add(0x0606_0606_0606_0606) & HIGH_NIBBLES != ZEROS {
        return None;
    }
    let d = packed & 0x0f0f_0f0f_0f0f_0f0f;
    let d = (d * 10 + (d >> 8)) & 0x00ff_00ff_00ff_00ff;
    let d = (d * 100 + (d >> 16)) & 0x0000_ffff_0000_ffff;
    let md = (d >> 32) as u32;
    Some((d as u32, md / 100, md % 100))
}

#[cfg(test)]
mod tests {
    use super::super::numbers::{parse_decimal, parse_i64};
    use super::*;

    /// Every field placed at the end of a buffer with 16 bytes of other text before it.
    fn padded(field: &str) -> (Vec<u8>, usize, usize) {
        let mut data = b"7.-+0123456789.-".to_vec();
        let s = data.len();
        data.extend_from_slice(field.as_bytes());
        let e = data.len();
        (data, s, e)
    }

    fn fields() -> Vec<String> {
        let mut out: Vec<String> = [
            "0", "7", "-0", "+5", "-", "+", "", ".", "-.", "1.", ".5", "-.5", "00", "007", "12345678", "123456789", "1234567890123456",
            "12345678901234567", "9999999999999999", "1.2.3", "1..2", "12a", "a12", "1 2", "١٢", "/", ":", "1e5", "0.000", "21168.23",
            "104949.50", "-0.04", "0.10", "1234567.1234567", "1.12345678", "99999999.99", "100000000.00", "0000000000012.5",
            "+.", "12.-3", "-1-", "12.3+", "9.", "8,5", "1.000000000",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let digits = b"0123456789.-+x";
        let mut seed = 12345u32;
        for _ in 0..20000 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let len = (seed >> 16) as usize % 20;
            let s: String = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    let r = (seed >> 16) as usize % 100;
                    // Mostly digits, sometimes a dot or a sign, rarely anything else.
                    digits[if r < 85 { r % 10 } else if r < 93 { 10 } else if r < 98 { 11 + r % 2 } else { 13 }] as char
                })
                .collect();
            out.push(s);
        }
        out
    }

    #[test]
    fn integers_are_the_exact_parsers_where_given() {
        let mut fast = 0;
        for f in fields() {
            let (data, s, e) = padded(&f);
            if s == e {
                continue;
            }
            if let Some(v) = int_at(&data, s, e) {
                assert_eq!(Some(v), parse_i64(f.as_bytes()), "{f:?}");
                fast += 1;
            }
        }
        assert!(fast > 1000, "only {fast} fields took the fast path");
    }

    #[test]
    fn decimals_are_the_exact_parsers_where_given() {
        let mut fast = 0;
        for (p, s) in [(15, 2), (18, 0), (18, 7), (10, 3), (3, 3), (5, 0), (12, 5)] {
            for f in fields() {
                let (data, a, e) = padded(&f);
                if a == e {
                    continue;
                }
                if let Some(v) = decimal_at(&data, a, e, p, s) {
                    assert_eq!(Some(v), parse_decimal(f.as_bytes(), p, s), "{f:?} as decimal({p},{s})");
                    fast += 1;
                } else if let Some(v) = parse_decimal(f.as_bytes(), p, s) {
                    // Declining is allowed only where the form is outside the fast path's reach.
                    let digits = f.trim_start_matches(['-', '+']);
                    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
                    assert!(int.len() > 16 || frac.len() > 7 || s > 7, "{f:?} as decimal({p},{s}) = {v} was declined");
                }
            }
        }
        assert!(fast > 5000, "only {fast} fields took the fast path");
    }

    #[test]
    fn short_buffers_are_declined_not_misread() {
        assert_eq!(int_at(b"12", 0, 2), None);
        assert_eq!(decimal_at(b"1.5", 0, 3, 15, 2), None);
    }

    #[test]
    fn dates_split_into_their_digits() {
        assert_eq!(ymd(b"2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(ymd(b"0001-12-01"), Some((1, 12, 1)));
        assert_eq!(ymd(b"2024-2-29x"), None);
        assert_eq!(ymd(b"2024/02/29"), None);
        assert_eq!(ymd(b"2024-02-2:"), None);
        assert_eq!(ymd(b"2024-02-29T"), None);
        for i in 0..10 {
            if i == 4 || i == 7 {
                continue;
            }
            let mut b = *b"2024-02-29";
            for c in [b'/', b':', b'a', b' ', 0xff] {
                b[i] = c;
                assert_eq!(ymd(&b), None, "{:?}", b);
            }
        }
    }
}
