//! `stats::prefix_len` (the byte length of the first `count` code points of UTF-8) 16 bytes at a
//! time with WebAssembly SIMD, reading a column's values in place. Code points start at the bytes
//! that are not continuation bytes (`b & 0xc0 != 0x80`); as a bit mask over 16 bytes, the
//! `count`-th start (from 0) is the lowest set bit after clearing the `count` lowest ones, and
//! the prefix ends there — or, with at most `count` starts, at the end of the value.

use core::arch::wasm32::*;

/// The byte length of the first `count` code points of `data[start..end]`. Bytes of `data` past
/// `end` may be read (and ignored); the 16 bytes from a position past `data.len() - 16` are not,
/// and the rest of such a value takes the byte loop.
#[target_feature(enable = "simd128")]
#[inline]
pub unsafe fn prefix_len_in(data: &[u8], start: usize, end: usize, mut count: usize) -> usize {
    let mut at = start;
    while at < end {
        if at + 16 > data.len() {
            return at - start + crate::stats::prefix_len(&data[at..end], count);
        }
        let bytes = v128_load(data.as_ptr().add(at) as *const v128);
        let continuation = i8x16_eq(v128_and(bytes, u8x16_splat(0xc0)), u8x16_splat(0x80));
        let mut starts = !(i8x16_bitmask(continuation) as u32) & 0xffff;
        let here = end - at;
        if here < 16 {
            starts &= (1u32 << here) - 1;
        }
        let seen = starts.count_ones() as usize;
        if seen > count {
            for _ in 0..count {
                starts &= starts - 1;
            }
            return at + starts.trailing_zeros() as usize - start;
        }
        count -= seen;
        at += 16;
    }
    end - start
}

