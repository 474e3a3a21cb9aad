//! Dates and timestamps from text, to Iceberg's epoch units.

fn digits(b: &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + d as u32;
    }
    Some(v)
}

/// Days from 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`), for
/// the years of `YYYY` (0 to 9999). In 32-bit arithmetic: WebAssembly has no 64-bit multiply-high,
/// so a 64-bit division by a constant stays a division instruction, where a 32-bit one becomes a
/// multiplication.
pub const fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = ((m + 9) % 12) as i32;
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

const fn is_leap(y: u32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The first year of `YEAR_DAYS`, and how many years it covers: the dates most data holds.
const FIRST_YEAR: u32 = 1900;
const YEARS: usize = 256;

/// Days from the epoch to January 1 of each year from `FIRST_YEAR`, and of the year after the
/// last: with `MONTH_DAYS`, a date in these years costs two table reads instead of
/// `days_from_civil`'s divisions and `days_in_month`'s remainders.
const YEAR_DAYS: [i32; YEARS + 1] = {
    let mut table = [0; YEARS + 1];
    let mut i = 0;
    while i <= YEARS {
        table[i] = days_from_civil((FIRST_YEAR as usize + i) as i32, 1, 1);
        i += 1;
    }
    table
};

/// Days before the first of each month (index `m - 1`) and in the whole year (index 12), for a
/// common year and for a leap year.
const MONTH_DAYS: [[u16; 13]; 2] = [[0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365], [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366]];

/// Days from the epoch of `y-m-d` for `m` in 1..=12 and `d` ≥ 1, or None when the month has no
/// day `d`.
#[inline(always)]
fn days_of(y: u32, m: u32, d: u32) -> Option<i32> {
    let i = y.wrapping_sub(FIRST_YEAR) as usize;
    if i >= YEARS {
        return if d > days_in_month(y, m) { None } else { Some(days_from_civil(y as i32, m, d)) };
    }
    let first = YEAR_DAYS[i];
    let months = &MONTH_DAYS[(YEAR_DAYS[i + 1] - first - 365) as usize];
    let (before, after) = (months[m as usize - 1], months[m as usize]);
    if d > (after - before) as u32 {
        return None;
    }
    Some(first + before as i32 + d as i32 - 1)
}

pub fn parse_date(b: &[u8]) -> Option<i32> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = digits(&b[0..4])?;
    let m = digits(&b[5..7])?;
    let d = digits(&b[8..10])?;
    if m < 1 || m > 12 || d < 1 {
        return None;
    }
    days_of(y, m, d)
}

pub fn parse_timestamp(b: &[u8]) -> Option<i64> {
    if b.len() < 10 {
        return None;
    }
    let days = parse_date(&b[0..10])? as i64;
    let n = b.len();
    if n == 10 {
        return Some(days * 86_400_000_000);
    }
    if !matches!(b[10], b'T' | b't' | b' ') || n < 16 || b[13] != b':' {
        return None;
    }
    let h = digits(&b[11..13])?;
    let mi = digits(&b[14..16])?;
    let mut s = 0;
    let mut micros: i64 = 0;
    let mut i = 16;
    if i < n && b[i] == b':' {
        if i + 3 > n {
            return None;
        }
        s = digits(&b[i + 1..i + 3])?;
        i += 3;
        if i < n && (b[i] == b'.' || b[i] == b',') {
            i += 1;
            let start = i;
            // Digits past microseconds are truncated.
            const PLACES: [i64; 6] = [100_000, 10_000, 1_000, 100, 10, 1];
            while i < n && b[i].is_ascii_digit() {
                if i - start < 6 {
                    micros += (b[i] - b'0') as i64 * PLACES[i - start];
                }
                i += 1;
            }
            if i == start {
                return None;
            }
        }
    }
    if h > 23 || mi > 59 || s > 59 {
        return None;
    }
    let mut offset: i64 = 0;
    if i < n {
        let z = b[i];
        if (z == b'Z' || z == b'z') && i + 1 == n {
        } else if z == b'+' || z == b'-' {
            if i + 3 > n {
                return None;
            }
            let oh = digits(&b[i + 1..i + 3])? as i64;
            let rest = n - i - 3;
            let om = if rest == 3 && b[i + 3] == b':' {
                digits(&b[i + 4..i + 6])? as i64
            } else if rest == 2 {
                digits(&b[i + 3..i + 5])? as i64
            } else if rest == 0 {
                0
            } else {
                return None;
            };
            if oh > 23 || om > 59 {
                return None;
            }
            offset = (oh * 3600 + om * 60) * if z == b'-' { -1 } else { 1 };
        } else {
            return None;
        }
    }
    let seconds = days * 86_400 + (h as i64) * 3600 + (mi as i64) * 60 + s as i64 - offset;
    Some(seconds * 1_000_000 + micros)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_days_through_every_month_of_years_0_to_9999() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        let mut expected = days_from_civil(0, 1, 1);
        for y in 0..=9999u32 {
            for m in 1..=12 {
                assert_eq!(days_from_civil(y as i32, m, 1), expected, "{y}-{m}-01");
                expected += days_in_month(y, m) as i32;
            }
        }
        // 0000-01-01 is 719,528 days before the epoch (proleptic Gregorian, year 0 a leap year).
        assert_eq!(days_from_civil(0, 1, 1), -719_528);
    }

    #[test]
    fn tables_give_the_days_of_every_date_of_their_years() {
        for y in FIRST_YEAR - 2..FIRST_YEAR + YEARS as u32 + 2 {
            for m in 1..=12 {
                for d in 1..=32 {
                    let expected = if d <= days_in_month(y, m) { Some(days_from_civil(y as i32, m, d)) } else { None };
                    assert_eq!(days_of(y, m, d), expected, "{y}-{m}-{d}");
                }
            }
        }
    }

    #[test]
    fn parses_dates_and_timestamps_to_epoch_units() {
        assert_eq!(parse_date(b"1970-01-01"), Some(0));
        assert_eq!(parse_date(b"2017-11-16"), Some(17486));
        assert_eq!(parse_date(b"1969-12-31"), Some(-1));
        assert_eq!(parse_date(b"2023-02-29"), None);
        assert_eq!(parse_date(b"2024-02-29"), Some(19782));
        assert_eq!(parse_timestamp(b"2017-11-16T22:31:08"), Some(1_510_871_468_000_000));
        assert_eq!(parse_timestamp(b"2017-11-16 14:31:08-08:00"), Some(1_510_871_468_000_000));
        assert_eq!(parse_timestamp(b"1969-12-31T23:59:59.999999Z"), Some(-1));
        assert_eq!(parse_timestamp(b"2017-11-16T22:31:08.0000019"), Some(1_510_871_468_000_001));
        assert_eq!(parse_timestamp(b"2017-11-16t22:31:08,5z"), Some(1_510_871_468_500_000));
        assert_eq!(parse_timestamp(b"2017-11-16 23:31+0100"), Some(1_510_871_460_000_000));
        assert_eq!(parse_timestamp(b"2017-11-16 21:31:08-01"), Some(1_510_871_468_000_000));
        assert_eq!(parse_timestamp(b"2017-11-16"), Some(1_510_790_400_000_000));
        assert_eq!(parse_timestamp(b"2017-11-16T24:00:00"), None);
        assert_eq!(parse_timestamp(b"2017-11-16T22:31:08+01:0"), None);
        assert_eq!(parse_timestamp(b"2017-11-16T22:31:"), None);
    }
}
