//! `stats::prefix_len` (the byte length of the first `count` code points of UTF-8) 8 bytes at a
//! time in one 64-bit word, reading a column's values in place. Code points start at the bytes
//! that are not continuation bytes (`b & 0xc0 != 0x80`); with those flagged in the word, the
//! `count`-th start (from 0) is the lowest flag left after clearing the `count` lowest ones, and
//! the prefix ends there — or, with at most `count` starts, at the end of the value.

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
        // A continuation byte becomes 0 and every other byte non-zero; then the top bit of each
        // byte says "non-zero" (no carry crosses a byte: 0x7f + 0x7f < 0x100).
        let t = (u64::from_le_bytes(w) & 0xc0c0_c0c0_c0c0_c0c0) ^ 0x8080_8080_8080_8080;
        let mut starts = (((t & 0x7f7f_7f7f_7f7f_7f7f) + 0x7f7f_7f7f_7f7f_7f7f) | t) & 0x8080_8080_8080_8080;
        let here = end - at;
        if here < 8 {
            starts &= (1u64 << (8 * here)) - 1;
        }
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
            }
            at = end;
        }
    }
}
