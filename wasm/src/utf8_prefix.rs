//! `stats::prefix_len` (the byte length of the first `count` code points of UTF-8) 8 bytes at a
//! time in one 64-bit word, reading a column's values in place. Code points start at the bytes
//! that are not continuation bytes (`b & 0xc0 != 0x80`); with those flagged in the word, the
//! `count`-th start (from 0) is the lowest flag left after clearing the `count` lowest ones, and
//! the prefix ends there — or, with at most `count` starts, at the end of the value.

const LSB: u64 = 0x0101_0101_0101_0101;
const MSB: u64 = 0x8080_8080_8080_8080;

/// The code point starts among the first `here` bytes of `word` (little-endian), one flag in the
/// top bit of each starting byte: a continuation byte becomes 0 and every other byte non-zero,
/// then the top bit of each byte says "non-zero" (no carry crosses a byte: 0x7f + 0x7f < 0x100).
#[inline(always)]
fn starts_in(word: u64, here: usize) -> u64 {
    let t = (word & 0xc0c0_c0c0_c0c0_c0c0) ^ MSB;
    let starts = (((t & 0x7f7f_7f7f_7f7f_7f7f) + 0x7f7f_7f7f_7f7f_7f7f) | t) & MSB;
    // Shifting instead of branching on `here < 8`: value lengths vary row to row, and a
    // mispredicted branch costs more than the rest of the value. Two half shifts, so that an
    // empty value (a shift by 64) keeps no byte.
    let half = 4 * (8 - here.min(8)) as u32;
    starts & (u64::MAX >> half >> half)
}

/// `prefix_len_in` for `count < 8` from the value's first word alone, without a branch on the
/// value: the byte-wise running count of starts comes from one multiply (byte `k` of
/// `(starts >> 7) * 0x0101…` counts the starts in bytes `0..=k`), and the prefix ends at the first
/// byte whose running count passes `count`. `None` when the answer is not in the first word (a
/// value longer than 8 bytes with at most `count` starts in them) or the word would run past
/// `data`.
#[inline(always)]
pub fn prefix_len_first_word(data: &[u8], start: usize, end: usize, count: usize) -> Option<usize> {
    if count >= 8 || start + 8 > data.len() {
        return None;
    }
    let mut w = [0u8; 8];
    w.copy_from_slice(&data[start..start + 8]);
    let here = end - start;
    let running = (starts_in(u64::from_le_bytes(w), here) >> 7).wrapping_mul(LSB);
    // Bytes whose running count is at least `count + 1` (each count is at most 8, so setting the
    // top bit first keeps the subtraction from borrowing across bytes).
    let past = (running | MSB).wrapping_sub((count as u64 + 1) * LSB) & MSB;
    if past != 0 {
        Some(past.trailing_zeros() as usize / 8)
    } else if here <= 8 {
        Some(here)
    } else {
        None
    }
}

/// The byte length of the first `count` code points of `data[start..end]`. Bytes of `data` past
/// `end` may be read (and ignored); a value whose last word would run past `data` takes the byte
/// loop for the rest.
#[inline(always)]
pub fn prefix_len_in(data: &[u8], start: usize, end: usize, mut count: usize) -> usize {
    let mut at = start;
    while at < end {
        if at + 8 > data.len() {
            return at - start + crate::stats::prefix_len(&data[at..end], count);
        }
        let mut w = [0u8; 8];
        w.copy_from_slice(&data[at..at + 8]);
        let mut starts = starts_in(u64::from_le_bytes(w), end - at);
        let seen = starts.count_ones() as usize;
        if seen > count {
            for _ in 0..count {
                starts &= starts - 1;
            }
            return at + starts.trailing_zeros() as usize / 8 - start;
        }
        count -= seen;
        at += 8;
    }
    end - start
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::prefix_len;

    #[test]
    fn gives_the_byte_loops_prefix_for_every_width() {
        let values = ["", "a", "abcdefghijklmnopqrstuvwxyz", "Émile Müller", "ü𝄞✓x", "\u{10ffff}\u{10ffff}\u{10ffff}", "aaaaaaa\u{e9}", "aaaaaaaa\u{e9}b"];
        let data: Vec<u8> = values.iter().flat_map(|v| v.bytes()).collect();
        let mut at = 0;
        for v in values {
            let end = at + v.len();
            for count in 0..30 {
                assert_eq!(prefix_len_in(&data, at, end, count), prefix_len(v.as_bytes(), count), "{v:?} {count}");
                if let Some(len) = prefix_len_first_word(&data, at, end, count) {
                    assert_eq!(len, prefix_len(v.as_bytes(), count), "first word of {v:?} {count}");
                }
            }
            at = end;
        }
    }
}
