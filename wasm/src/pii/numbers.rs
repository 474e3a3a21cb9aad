//! Numbers that identify a person: payment cards, IBANs, US SSNs, phone numbers.

use super::{alnum, digit_at, free_after, free_before};

fn luhn(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (k, &d) in digits.iter().rev().enumerate() {
        let mut v = d as u32;
        if k % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// 13–19 digits, optionally grouped by single spaces or dashes, passing the Luhn check.
pub fn has_card(s: &[u8]) -> bool {
    let mut i = 0;
    while i < s.len() {
        if !s[i].is_ascii_digit() || !free_before(s, i) {
            i += 1;
            continue;
        }
        let mut digits = [0u8; 19];
        let mut count = 0;
        let mut j = i;
        let mut too_long = false;
        let mut sep = 0u8;
        let mut first_group = 0;
        let mut grouped_ok = true;
        loop {
            if count == 19 {
                too_long = true;
                break;
            }
            digits[count] = s[j] - b'0';
            count += 1;
            j += 1;
            if digit_at(s, j) {
                continue;
            }
            if j < s.len() && (s[j] == b' ' || s[j] == b'-') && digit_at(s, j + 1) {
                if sep == 0 {
                    sep = s[j];
                    first_group = count;
                } else if sep != s[j] {
                    grouped_ok = false;
                }
                j += 1;
                continue;
            }
            break;
        }
        // Printed card numbers group from a first block of four (4-4-4-4, Amex 4-6-5), with one
        // separator throughout; other groupings are ids, dates or phone numbers.
        grouped_ok &= sep == 0 || first_group == 4;
        if !too_long && grouped_ok && count >= 13 && free_after(s, j) && luhn(&digits[..count]) {
            return true;
        }
        while j < s.len() && (s[j].is_ascii_digit() || s[j] == b' ' || s[j] == b'-') {
            j += 1;
        }
        i = j.max(i + 1);
    }
    false
}

fn iban_checksum(chars: &[u8]) -> bool {
    let mut r = 0u32;
    for &c in chars[4..].iter().chain(chars[..4].iter()) {
        r = if c.is_ascii_digit() { (r * 10 + (c - b'0') as u32) % 97 } else { (r * 100 + (c - b'A' + 10) as u32) % 97 };
    }
    r == 1
}

/// Country code, two check digits, 11–30 more upper-case letters or digits (15–34 in all),
/// optionally in space-separated groups; a trailing group that breaks the checksum is dropped.
pub fn has_iban(s: &[u8]) -> bool {
    for i in 0..s.len() {
        if !free_before(s, i)
            || i + 4 > s.len()
            || !s[i].is_ascii_uppercase()
            || !s[i + 1].is_ascii_uppercase()
            || !s[i + 2].is_ascii_digit()
            || !s[i + 3].is_ascii_digit()
        {
            continue;
        }
        let mut chars = [0u8; 34];
        let mut count = 0;
        let mut cuts = [0usize; 35];
        let mut ncuts = 0;
        let mut j = i;
        while j < s.len() && count < 34 {
            let c = s[j];
            if c.is_ascii_uppercase() || c.is_ascii_digit() {
                chars[count] = c;
                count += 1;
                j += 1;
            } else if c == b' ' && j + 1 < s.len() && (s[j + 1].is_ascii_uppercase() || s[j + 1].is_ascii_digit()) {
                cuts[ncuts] = count;
                ncuts += 1;
                j += 1;
            } else {
                break;
            }
        }
        if free_after(s, j) {
            cuts[ncuts] = count;
            ncuts += 1;
        }
        while ncuts > 0 {
            ncuts -= 1;
            let len = cuts[ncuts];
            if (15..=34).contains(&len) && iban_checksum(&chars[..len]) {
                return true;
            }
        }
    }
    false
}

/// `AAA-GG-SSSS`, excluding the never-issued areas 000, 666, 9xx, group 00 and serial 0000.
pub fn has_ssn(s: &[u8]) -> bool {
    if s.len() < 11 {
        return false;
    }
    for i in 0..=s.len() - 11 {
        let t = &s[i..i + 11];
        let shape = t.iter().enumerate().all(|(k, &c)| if k == 3 || k == 6 { c == b'-' } else { c.is_ascii_digit() });
        if !shape {
            continue;
        }
        if i > 0 && (alnum(s[i - 1]) || s[i - 1] == b'-') {
            continue;
        }
        if i + 11 < s.len() && (alnum(s[i + 11]) || s[i + 11] == b'-') {
            continue;
        }
        if &t[0..3] == b"000" || &t[0..3] == b"666" || t[0] == b'9' || &t[4..6] == b"00" || &t[7..11] == b"0000" {
            continue;
        }
        return true;
    }
    false
}

fn run_of_digits(s: &[u8], i: usize, n: usize) -> bool {
    i + n <= s.len() && s[i..i + n].iter().all(|c| c.is_ascii_digit())
}

fn is_sep(c: u8) -> bool {
    c == b'-' || c == b'.' || c == b' '
}

/// `+` and 8–15 digits (E.164) with single separators, or the North American
/// `(AAA) EEE-NNNN` / `AAA-EEE-NNNN` shapes.
pub fn has_phone(s: &[u8]) -> bool {
    for i in 0..s.len() {
        if !free_before(s, i) {
            continue;
        }
        if s[i] == b'+' && digit_at(s, i + 1) {
            let mut digits = 0;
            let mut j = i + 1;
            let mut end = j;
            let mut seps = 0;
            while j < s.len() {
                let c = s[j];
                if c.is_ascii_digit() {
                    digits += 1;
                    seps = 0;
                    end = j + 1;
                } else if is_sep(c) || c == b'(' || c == b')' {
                    seps += 1;
                    if seps > 2 {
                        break;
                    }
                } else {
                    break;
                }
                j += 1;
            }
            if (8..=15).contains(&digits) && free_after(s, end) && !digit_after_seps(s, end) {
                return true;
            }
            continue;
        }
        let j = if s[i] == b'(' {
            if !(run_of_digits(s, i + 1, 3) && i + 4 < s.len() && s[i + 4] == b')') {
                continue;
            }
            if i + 5 < s.len() && s[i + 5] == b' ' {
                i + 6
            } else {
                i + 5
            }
        } else if run_of_digits(s, i, 3) && i + 3 < s.len() && is_sep(s[i + 3]) {
            i + 4
        } else {
            continue;
        };
        if run_of_digits(s, j, 3) && j + 3 < s.len() && is_sep(s[j + 3]) && run_of_digits(s, j + 4, 4) && free_after(s, j + 8) {
            return true;
        }
    }
    false
}

fn digit_after_seps(s: &[u8], end: usize) -> bool {
    let mut j = end;
    while j < s.len() && (is_sep(s[j]) || s[j] == b'(' || s[j] == b')') {
        j += 1;
    }
    j > end && digit_at(s, j)
}

