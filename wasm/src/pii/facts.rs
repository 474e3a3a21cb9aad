//! The byte facts of a value that gate the PII scanners (`scan_value`): how many digits,
//! uppercase letters, `@`, `:`, `.` and `-` it holds, and whether some token — a maximal run of
//! ASCII letters and digits — is digits only.
//!
//! A byte-at-a-time loop needs a branch per byte on its class, and in ids and hashes letters and
//! digits alternate at random, so that branch mispredicts about every other byte; carrying the
//! token state from byte to byte instead makes a dependency chain as slow. Values up to 63 bytes
//! are therefore read as bit masks (bit i = byte i) — counts are popcounts, and the digit-only
//! token is found with one addition over the masks — built 16 bytes at a time with SIMD in
//! WebAssembly, reading a column's values in place. Longer values take the loop. Whether the
//! value holds an e-mail address is a fact too: with masks, each `@`'s domain is checked in a
//! few word operations (`has_email_in_masks`) instead of a walk over its bytes.

use super::addresses::{has_email, has_email_in_masks};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub digits: u32,
    pub upper: u32,
    pub at: u32,
    pub colons: u32,
    pub dots: u32,
    pub dashes: u32,
    pub digit_token: bool,
    /// The value holds an e-mail address (`has_email`).
    pub email: bool,
}

/// Byte classes as bit masks over a value of at most 63 bytes (bits past its end are 0).
#[derive(Clone, Copy, Default)]
pub(super) struct Masks {
    pub(super) digit: u64,
    pub(super) upper: u64,
    pub(super) lower: u64,
    pub(super) at: u64,
    pub(super) colon: u64,
    pub(super) dot: u64,
    pub(super) dash: u64,
}

/// The longest value read as masks: one bit is left above it for the carry out of a token.
const MASKED: usize = 63;

/// The facts of `data[start..end]`. Bytes of `data` past `end` may be read (and ignored), so a
/// column's values are read in place; a value near the end of `data` is copied first.
#[inline(always)]
pub fn facts_in(data: &[u8], start: usize, end: usize) -> Facts {
    if end - start > MASKED {
        return facts_by_loop(&data[start..end]);
    }
    #[cfg(target_arch = "wasm32")]
    {
        // Safety: every host the module is meant for runs WebAssembly SIMD (see the build script).
        unsafe { facts_simd128(data, start, end) }
    }
    #[cfg(not(target_arch = "wasm32"))]
    from_masks(masks_by_loop(&data[start..end]), &data[start..end])
}

#[inline(always)]
fn from_masks(m: Masks, s: &[u8]) -> Facts {
    let letter = m.upper | m.lower;
    let alnum = m.digit | letter;
    // Runs of digits that begin a token (the byte before is not a letter or digit): adding each
    // run's first bit carries through the run and sets the bit just past its end. The run is a
    // whole token when that bit is not a letter or digit either (bits past the value are 0).
    let first = m.digit & !(alnum << 1);
    let past = m.digit.wrapping_add(first) & !m.digit;
    Facts {
        digits: m.digit.count_ones(),
        upper: m.upper.count_ones(),
        at: m.at.count_ones(),
        colons: m.colon.count_ones(),
        dots: m.dot.count_ones(),
        dashes: m.dash.count_ones(),
        digit_token: past & !alnum != 0,
        email: m.at != 0 && has_email_in_masks(&m, s),
    }
}

#[cfg(any(test, not(target_arch = "wasm32")))]
fn masks_by_loop(s: &[u8]) -> Masks {
    let mut m = Masks::default();
    for (i, &c) in s.iter().enumerate() {
        let bit = 1u64 << i;
        match c {
            b'0'..=b'9' => m.digit |= bit,
            b'A'..=b'Z' => m.upper |= bit,
            b'a'..=b'z' => m.lower |= bit,
            b'@' => m.at |= bit,
            b':' => m.colon |= bit,
            b'.' => m.dot |= bit,
            b'-' => m.dash |= bit,
            _ => {}
        }
    }
    m
}

/// Needs SIMD enabled in its caller (`scan_column`), where it is inlined.
#[cfg(target_arch = "wasm32")]
#[target_feature(enable = "simd128")]
#[inline]
unsafe fn facts_simd128(data: &[u8], start: usize, end: usize) -> Facts {
    let len = end - start;
    if len < 4 {
        // Masks cost the same for any length up to 16; a few bytes are quicker one at a time.
        return facts_by_loop(&data[start..end]);
    }
    if start + 64 <= data.len() {
        return from_masks(masks_simd128(data, start, len), &data[start..end]);
    }
    let mut padded = [0u8; 64];
    padded[..len].copy_from_slice(&data[start..end]);
    from_masks(masks_simd128(&padded, 0, len), &padded[..len])
}

/// The masks of `bytes[at..at + len]`; 64 bytes from `at` must be readable.
#[cfg(target_arch = "wasm32")]
#[target_feature(enable = "simd128")]
#[inline]
unsafe fn masks_simd128(bytes: &[u8], at: usize, len: usize) -> Masks {
    use core::arch::wasm32::*;
    let mut m = Masks::default();
    let in_range = |v: v128, lo: u8, count: u8| u8x16_lt(u8x16_sub(v, u8x16_splat(lo)), u8x16_splat(count));
    let mut i = 0;
    while i < len {
        // Safety: at + i + 16 <= at + 64 <= bytes.len(), and v128_load has no alignment requirement.
        let v = v128_load(bytes.as_ptr().add(at + i) as *const v128);
        let bits = |x: v128| (u8x16_bitmask(x) as u64) << i;
        m.digit |= bits(in_range(v, b'0', 10));
        m.upper |= bits(in_range(v, b'A', 26));
        m.lower |= bits(in_range(v, b'a', 26));
        m.at |= bits(u8x16_eq(v, u8x16_splat(b'@')));
        m.colon |= bits(u8x16_eq(v, u8x16_splat(b':')));
        m.dot |= bits(u8x16_eq(v, u8x16_splat(b'.')));
        m.dash |= bits(u8x16_eq(v, u8x16_splat(b'-')));
        i += 16;
    }
    // Bytes past the value (the next values, or padding) are not part of it.
    let keep = (1u64 << len) - 1;
    Masks {
        digit: m.digit & keep,
        upper: m.upper & keep,
        lower: m.lower & keep,
        at: m.at & keep,
        colon: m.colon & keep,
        dot: m.dot & keep,
        dash: m.dash & keep,
    }
}

/// The same facts a byte at a time, for values longer than the masks.
fn facts_by_loop(s: &[u8]) -> Facts {
    let mut f = Facts::default();
    // 0: between tokens, 1: in a token of digits only, 2: in a token with a letter.
    let mut token = 0u8;
    for &c in s {
        match c {
            b'0'..=b'9' => {
                f.digits += 1;
                if token == 0 {
                    token = 1;
                }
            }
            b'A'..=b'Z' => {
                f.upper += 1;
                token = 2;
            }
            b'a'..=b'z' => token = 2,
            _ => {
                f.digit_token |= token == 1;
                token = 0;
                match c {
                    b'@' => f.at += 1,
                    b':' => f.colons += 1,
                    b'.' => f.dots += 1,
                    b'-' => f.dashes += 1,
                    _ => {}
                }
            }
        }
    }
    f.digit_token |= token == 1;
    f.email = f.at > 0 && has_email(s);
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_give_the_loop_facts_for_every_short_value() {
        // Every value up to 4 bytes over an alphabet of each class, and random ones up to 63 bytes.
        let alphabet = b"0A a@:.-\xc3";
        let mut values: Vec<Vec<u8>> = vec![vec![]];
        for len in 1..=4 {
            let mut next = Vec::new();
            for v in values.iter().filter(|v| v.len() == len - 1) {
                for &c in alphabet {
                    let mut w = v.clone();
                    w.push(c);
                    next.push(w);
                }
            }
            values.extend(next);
        }
        let mut x = 0x2545f4914f6cdd1du64;
        for len in [15, 16, 17, 31, 32, 33, 48, 62, 63] {
            for _ in 0..2000 {
                let v: Vec<u8> = (0..len)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        alphabet[(x % alphabet.len() as u64) as usize]
                    })
                    .collect();
                values.push(v);
            }
        }
        for v in &values {
            assert_eq!(from_masks(masks_by_loop(v), v), facts_by_loop(v), "{:?}", String::from_utf8_lossy(v));
        }
    }

    #[test]
    fn masks_find_the_loops_e_mail_addresses() {
        // Values built from address parts, so that most hold an `@` with some kind of domain.
        let parts: [&[u8]; 14] = [b"a", b"Z9", b"@", b".", b"..", b"-", b"_", b"%", b"+", b"com", b"x1", b" ", b"\xc3\xa9", b"@b.co"];
        let mut x = 0x9e3779b97f4a7c15u64;
        let mut emails = 0;
        for _ in 0..200_000 {
            let mut v = Vec::new();
            while v.len() < 63 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                if x % 9 == 0 {
                    break;
                }
                v.extend_from_slice(parts[(x >> 8) as usize % parts.len()]);
            }
            v.truncate(63);
            let f = from_masks(masks_by_loop(&v), &v);
            assert_eq!(f.email, has_email(&v), "{:?}", String::from_utf8_lossy(&v));
            emails += f.email as u32;
        }
        assert!(emails > 10_000, "only {emails} values held an address");
    }

    #[test]
    fn finds_a_digit_only_token_at_either_end_and_alone() {
        let facts = |s: &[u8]| facts_in(s, 0, s.len());
        assert!(facts(b"123").digit_token);
        assert!(facts(b"ab 12").digit_token);
        assert!(facts(b"12 ab").digit_token);
        assert!(!facts(b"a12 12b 1a2").digit_token);
        assert!(facts(&[b'9'; 63]).digit_token);
        assert!(facts(&[b'9'; 64]).digit_token);
        assert!(!facts(b"c4ca4238a0b923820dcc509a6f75849b").digit_token);
        // Read in place: the bytes after the value are not part of it.
        assert!(!facts_in(b"ab123", 0, 3).digit_token);
        assert!(facts_in(b"ab 1c", 2, 4).digit_token);
    }
}
