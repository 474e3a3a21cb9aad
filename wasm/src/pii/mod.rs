//! PII detection in string values: whether a value *contains* an e-mail address, phone number,
//! payment card number (Luhn-checked), IBAN (ISO 13616 mod-97 checked), US SSN, IPv4 or IPv6
//! address. Hand-written scanners (no regex engine in a zero-dependency crate) whose every rule
//! the TypeScript twin repeats byte for byte. Tokens must stand alone: the byte before and after
//! a match is not an ASCII letter or digit.

mod addresses;
mod facts;
mod numbers;

pub use addresses::{has_email, has_ipv4, has_ipv6};
use facts::{facts_in, Facts};
pub use numbers::{has_card, has_iban, has_phone, has_ssn};

pub const EMAIL: usize = 0;
pub const PHONE: usize = 1;
pub const CARD: usize = 2;
pub const IBAN: usize = 3;
pub const SSN: usize = 4;
pub const IPV4: usize = 5;
pub const IPV6: usize = 6;
pub const KINDS: usize = 7;

#[inline(always)]
pub(super) fn alnum(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

#[inline(always)]
pub(super) fn digit_at(s: &[u8], i: usize) -> bool {
    i < s.len() && s[i].is_ascii_digit()
}

#[inline(always)]
pub(super) fn free_after(s: &[u8], i: usize) -> bool {
    i >= s.len() || !alnum(s[i])
}

#[inline(always)]
pub(super) fn free_before(s: &[u8], i: usize) -> bool {
    i == 0 || !alnum(s[i - 1])
}

/// Which kinds a value contains, as a bit set over the kind indexes. One pass counts the bytes
/// every kind needs (a card needs 13 digits, an IPv4 address 3 dots …) so that most values skip
/// most scanners; the counts are necessary conditions only and never change a result.
///
/// The pass also notes whether some token — a maximal run of ASCII letters and digits — holds
/// digits only. Phone numbers, cards, SSNs and IPv4 addresses all begin with such a token (their
/// first group stands alone, see `free_before`/`free_after`), so ids and hashes that mix letters
/// and digits (`c4ca4238a0b9…`) skip those four scanners, which cost the most per byte.
pub fn scan_value(s: &[u8]) -> u32 {
    scan_value_in(s, 0, s.len())
}

/// `scan_value` of `data[start..end]`, reading the value in place (see `facts_in`).
#[inline(always)]
pub fn scan_value_in(data: &[u8], start: usize, end: usize) -> u32 {
    let Facts { digits, upper, colons, dots, dashes, digit_token, email, .. } = facts_in(data, start, end);
    let s = &data[start..end];
    let mut found = 0u32;
    if email {
        found |= 1 << EMAIL;
    }
    if digit_token && digits >= 8 && has_phone(s) {
        found |= 1 << PHONE;
    }
    if digit_token && digits >= 13 && has_card(s) {
        found |= 1 << CARD;
    }
    if digits >= 2 && upper >= 2 && s.len() >= 15 && has_iban(s) {
        found |= 1 << IBAN;
    }
    if digit_token && digits >= 9 && dashes >= 2 && has_ssn(s) {
        found |= 1 << SSN;
    }
    if digit_token && digits >= 4 && dots >= 3 && has_ipv4(s) {
        found |= 1 << IPV4;
    }
    if colons >= 2 && has_ipv6(s) {
        found |= 1 << IPV6;
    }
    found
}

/// Scans rows `data[offsets[i]..offsets[i+1]]` (nulls skipped): per kind, the number of rows that
/// contain it and the first `samples.len() / KINDS` row numbers (unused slots stay -1).
pub fn scan_column(data: &[u8], offsets: &[i32], validity: Option<&[u8]>, counts: &mut [u32], samples: &mut [i32]) {
    #[cfg(target_arch = "wasm32")]
    {
        // Safety: every host the module is meant for runs WebAssembly SIMD (see the build script).
        unsafe { scan_column_simd128(data, offsets, validity, counts, samples) }
    }
    #[cfg(not(target_arch = "wasm32"))]
    scan_column_body(data, offsets, validity, counts, samples)
}

/// SIMD is enabled for this function only (as for the CSV tokenizer, see csv.rs), so that the
/// byte masks of `facts_in` are built inline.
#[cfg(target_arch = "wasm32")]
#[target_feature(enable = "simd128")]
unsafe fn scan_column_simd128(data: &[u8], offsets: &[i32], validity: Option<&[u8]>, counts: &mut [u32], samples: &mut [i32]) {
    scan_column_body(data, offsets, validity, counts, samples)
}

#[inline(always)]
fn scan_column_body(data: &[u8], offsets: &[i32], validity: Option<&[u8]>, counts: &mut [u32], samples: &mut [i32]) {
    let per = samples.len() / KINDS;
    for c in counts.iter_mut() {
        *c = 0;
    }
    for s in samples.iter_mut() {
        *s = -1;
    }
    for i in 0..offsets.len() - 1 {
        if let Some(v) = validity {
            if v[i] != 1 {
                continue;
            }
        }
        let found = scan_value_in(data, offsets[i] as usize, offsets[i + 1] as usize);
        if found == 0 {
            continue;
        }
        for k in 0..KINDS {
            if found & (1 << k) != 0 {
                if (counts[k] as usize) < per {
                    samples[k * per + counts[k] as usize] = i as i32;
                }
                counts[k] += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<usize> {
        let f = scan_value(s.as_bytes());
        (0..KINDS).filter(|k| f & (1 << k) != 0).collect()
    }

    #[test]
    fn finds_each_kind_inside_text() {
        assert_eq!(kinds("write to jane.doe+x@mail.example.com."), vec![EMAIL]);
        assert_eq!(kinds("call +44 20 7946 0958 today"), vec![PHONE]);
        assert_eq!(kinds("(415) 555-2671"), vec![PHONE]);
        assert_eq!(kinds("card 4111 1111 1111 1111 ok"), vec![CARD]);
        assert_eq!(kinds("IBAN DE89 3704 0044 0532 0130 00 OK"), vec![IBAN]);
        assert_eq!(kinds("GB82WEST12345698765432"), vec![IBAN]);
        assert_eq!(kinds("ssn 123-45-6789"), vec![SSN]);
        assert_eq!(kinds("from 192.168.0.1:80"), vec![IPV4]);
        assert_eq!(kinds("host 2001:db8::8a2e:370:7334"), vec![IPV6]);
        assert_eq!(kinds("::1"), vec![IPV6]);
    }

    #[test]
    fn ignores_look_alikes() {
        assert_eq!(kinds("4111 1111 1111 1112"), Vec::<usize>::new());
        assert_eq!(kinds("GB82WEST12345698765431"), Vec::<usize>::new());
        assert_eq!(kinds("000-12-3456 666-12-3456"), Vec::<usize>::new());
        assert_eq!(kinds("2024-01-15 10:30:00"), Vec::<usize>::new());
        assert_eq!(kinds("256.1.1.1 01.2.3.4"), Vec::<usize>::new());
        assert_eq!(kinds("00:1A:2B:3C:4D:5E"), Vec::<usize>::new());
        assert_eq!(kinds("a@b"), Vec::<usize>::new());
        assert_eq!(kinds("c4ca4238a0b923820dcc509a6f75849b"), Vec::<usize>::new());
        assert_eq!(kinds("x4111111111111111 4111111111111111x"), Vec::<usize>::new());
    }

    #[test]
    fn a_digit_token_anywhere_lets_the_number_scanners_run() {
        assert_eq!(kinds("ref a1b2 card 4111-1111-1111-1111"), vec![CARD]);
        assert_eq!(kinds("é4111111111111111é"), vec![CARD]);
        assert_eq!(kinds("tel:+442079460958"), vec![PHONE]);
        assert_eq!(kinds("ip=10.0.0.1"), vec![IPV4]);
    }
}
