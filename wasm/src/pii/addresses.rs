//! E-mail, IPv4 and IPv6 addresses inside text.

use super::facts::Masks;
use super::{alnum, digit_at, free_after};

fn local_char(c: u8) -> bool {
    alnum(c) || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-')
}

pub fn has_email(s: &[u8]) -> bool {
    for a in 0..s.len() {
        if s[a] != b'@' || a == 0 || !local_char(s[a - 1]) {
            continue;
        }
        let mut e = a + 1;
        while e < s.len() && (alnum(s[e]) || s[e] == b'.' || s[e] == b'-') {
            e += 1;
        }
        while e > a + 1 && s[e - 1] == b'.' {
            e -= 1;
        }
        let domain = &s[a + 1..e];
        let mut labels = 0;
        let mut ok = !domain.is_empty();
        let mut last: &[u8] = &[];
        for label in domain.split(|&c| c == b'.') {
            if label.is_empty() {
                ok = false;
                break;
            }
            labels += 1;
            last = label;
        }
        if ok && labels >= 2 && last.len() >= 2 && last.iter().all(|c| c.is_ascii_alphabetic()) {
            return true;
        }
    }
    false
}

/// `has_email` of a value of at most 63 bytes from its byte masks (bit i = byte i): for each `@`,
/// the domain is the run of letters, digits, dots and dashes after it, less trailing dots; it
/// needs two or more labels, none empty, the last at least two letters.
pub(super) fn has_email_in_masks(m: &Masks, s: &[u8]) -> bool {
    let letter = m.upper | m.lower;
    let domain_char = m.digit | letter | m.dot | m.dash;
    let bits = |from: usize, to: usize| ((1u64 << to) - 1) & !((1u64 << from) - 1);
    let mut ats = m.at;
    while ats != 0 {
        let a = ats.trailing_zeros() as usize;
        ats &= ats - 1;
        if a == 0 || !local_char(s[a - 1]) {
            continue;
        }
        // a < 63, and bits past the value are 0 in every mask, so the run ends within 63.
        let run_end = (!domain_char & (u64::MAX << (a + 1))).trailing_zeros() as usize;
        let kept = !m.dot & bits(a + 1, run_end);
        if kept == 0 {
            continue;
        }
        let e = 64 - kept.leading_zeros() as usize;
        let dots = m.dot & bits(a + 1, e);
        // No empty label: not a leading dot, no two dots in a row (the last byte is no dot).
        if dots == 0 || dots & (1 << (a + 1)) != 0 || dots & (dots >> 1) != 0 {
            continue;
        }
        let last = 64 - dots.leading_zeros() as usize;
        if e - last >= 2 && letter & bits(last, e) == bits(last, e) {
            return true;
        }
    }
    false
}

/// Dotted quad of decimal octets 0–255 without leading zeros.
pub fn has_ipv4(s: &[u8]) -> bool {
    for i in 0..s.len() {
        if !s[i].is_ascii_digit() || (i > 0 && (alnum(s[i - 1]) || s[i - 1] == b'.')) {
            continue;
        }
        let mut j = i;
        let mut ok = true;
        for part in 0..4 {
            let start = j;
            let mut v = 0u32;
            while j < s.len() && s[j].is_ascii_digit() && j - start < 3 {
                v = v * 10 + (s[j] - b'0') as u32;
                j += 1;
            }
            let len = j - start;
            if len == 0 || v > 255 || (len > 1 && s[start] == b'0') || digit_at(s, j) {
                ok = false;
                break;
            }
            if part < 3 {
                if j < s.len() && s[j] == b'.' {
                    j += 1;
                } else {
                    ok = false;
                    break;
                }
            }
        }
        if ok && free_after(s, j) && !(j < s.len() && s[j] == b'.' && j + 1 < s.len() && alnum(s[j + 1])) {
            return true;
        }
    }
    false
}

fn valid_ipv6(t: &[u8]) -> bool {
    let mut double = None;
    let mut k = 0;
    while k + 1 < t.len() {
        if t[k] == b':' && t[k + 1] == b':' {
            if double.is_some() {
                return false;
            }
            double = Some(k);
            k += 2;
        } else {
            k += 1;
        }
    }
    let groups_ok = |part: &[u8]| -> Option<usize> {
        if part.is_empty() {
            return Some(0);
        }
        let mut n = 0;
        for g in part.split(|&c| c == b':') {
            if g.is_empty() || g.len() > 4 {
                return None;
            }
            n += 1;
        }
        Some(n)
    };
    match double {
        Some(d) => match (groups_ok(&t[..d]), groups_ok(&t[d + 2..])) {
            (Some(a), Some(b)) => a + b <= 7 && t.iter().any(|c| c.is_ascii_hexdigit()),
            _ => false,
        },
        None => groups_ok(t) == Some(8),
    }
}

/// Eight colon-separated groups of 1–4 hex digits, or fewer with one `::`.
pub fn has_ipv6(s: &[u8]) -> bool {
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if !(c.is_ascii_hexdigit() || c == b':') || (i > 0 && (alnum(s[i - 1]) || s[i - 1] == b':' || s[i - 1] == b'.')) {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut colons = 0;
        while j < s.len() && (s[j].is_ascii_hexdigit() || s[j] == b':') {
            if s[j] == b':' {
                colons += 1;
            }
            j += 1;
        }
        if colons >= 2 && free_after(s, j) && valid_ipv6(&s[i..j]) {
            return true;
        }
        i = j.max(i + 1);
    }
    false
}

