//! Iceberg partition transforms `bucket[N]` and `truncate[W]`
//! (https://iceberg.apache.org/spec/#partition-transforms). A bucket count of 0 returns the raw
//! 32-bit hash instead of a bucket, which is what Appendix B's vectors are stated in.

use crate::murmur3::{hash_bytes, hash_decimal, hash_long};
use crate::utf8_prefix::{prefix_len_first_word, prefix_len_in};

/// `(hash & i32::MAX) % n`, or the hash itself when `n <= 0`, as a multiplication: with
/// `m = ceil(2^64 / n)`, `a % n` is the high 64 bits of `(m * a mod 2^64) * n` for all 32-bit
/// `a` and `n` (Lemire, Kaser and Kurz, "Faster remainder by direct computation", 2019); a
/// division per value would cost more than the hash. `m` wraps to 0 for `n = 1`, giving 0.
#[derive(Clone, Copy)]
struct Buckets {
    n: i32,
    m: u64,
}

impl Buckets {
    fn new(n: i32) -> Buckets {
        Buckets { n, m: if n > 0 { (u64::MAX / n as u64).wrapping_add(1) } else { 0 } }
    }

    /// The mask that gives the bucket of a hash, when there is one: a count that is a power of
    /// two (2^31 - 1 is odd, so `(hash & i32::MAX) % 2^k` is `hash & (2^k - 1)`), or no count.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    fn mask(self) -> Option<u32> {
        if self.n <= 0 {
            Some(u32::MAX)
        } else if self.n & (self.n - 1) == 0 {
            Some(self.n as u32 - 1)
        } else {
            None
        }
    }

    #[inline(always)]
    fn of(self, hash: u32) -> i32 {
        if self.n <= 0 {
            return hash as i32;
        }
        let low = self.m.wrapping_mul((hash & 0x7fff_ffff) as u64);
        let n = self.n as u64;
        // The high 64 bits of the 96-bit `low * n`, from its two 32-bit halves.
        (((low >> 32) * n + (((low & 0xffff_ffff) * n) >> 32)) >> 32) as i32
    }
}

/// int, date: hashed as a long (spec: "int and long values are hashed the same").
pub fn bucket_i32(values: &[i32], n: i32, out: &mut [i32]) {
    let b = Buckets::new(n);
    #[cfg(target_arch = "wasm32")]
    // Safety: every host the module is meant for runs WebAssembly SIMD (see the build script).
    let done = b.mask().map_or(0, |mask| unsafe { crate::murmur3_x4::bucket_i32_x4(values, mask, out) });
    #[cfg(not(target_arch = "wasm32"))]
    let done = 0;
    for (o, &v) in out[done..].iter_mut().zip(&values[done..]) {
        *o = b.of(hash_long(v as i64));
    }
}

/// long, time, timestamp, timestamptz (microseconds).
pub fn bucket_i64(values: &[i64], n: i32, out: &mut [i32]) {
    let b = Buckets::new(n);
    #[cfg(target_arch = "wasm32")]
    // Safety: as in `bucket_i32`.
    let done = b.mask().map_or(0, |mask| unsafe { crate::murmur3_x4::bucket_i64_x4(values, mask, out) });
    #[cfg(not(target_arch = "wasm32"))]
    let done = 0;
    for (o, &v) in out[done..].iter_mut().zip(&values[done..]) {
        *o = b.of(hash_long(v));
    }
}

/// decimal: the unscaled value, when it fits a long.
pub fn bucket_decimal(values: &[i64], n: i32, out: &mut [i32]) {
    let b = Buckets::new(n);
    for (o, &v) in out.iter_mut().zip(values) {
        *o = b.of(hash_decimal(v));
    }
}

/// string (UTF-8), binary, fixed, uuid (16 big-endian bytes): `data[offsets[i]..offsets[i+1]]`.
pub fn bucket_bytes(data: &[u8], offsets: &[i32], n: i32, out: &mut [i32]) {
    let b = Buckets::new(n);
    let one = |i: usize| b.of(hash_bytes(&data[offsets[i] as usize..offsets[i + 1] as usize]));
    #[cfg(target_arch = "wasm32")]
    let done = {
        let blocks = out.len() / 4;
        for i in (0..blocks).map(|block| 4 * block) {
            // Safety: as in `bucket_i32`.
            match unsafe { crate::murmur3_x4::hash_bytes_x4(data, offsets, i) } {
                Some(hashes) => {
                    for (o, h) in out[i..i + 4].iter_mut().zip(hashes) {
                        *o = b.of(h);
                    }
                }
                None => {
                    for j in i..i + 4 {
                        out[j] = one(j);
                    }
                }
            }
        }
        4 * blocks
    };
    #[cfg(not(target_arch = "wasm32"))]
    let done = 0;
    for (j, o) in out.iter_mut().enumerate().skip(done) {
        *o = one(j);
    }
}

/// int: `v - (((v % W) + W) % W)`, with Java's wrapping int arithmetic.
pub fn truncate_i32(values: &[i32], w: i32, out: &mut [i32]) {
    for (o, &v) in out.iter_mut().zip(values) {
        *o = v.wrapping_sub((v.wrapping_rem(w).wrapping_add(w)).wrapping_rem(w));
    }
}

/// long, and decimal on its unscaled value with W in units of the scale.
pub fn truncate_i64(values: &[i64], w: i64, out: &mut [i64]) {
    for (o, &v) in out.iter_mut().zip(values) {
        *o = v.wrapping_sub((v.wrapping_rem(w).wrapping_add(w)).wrapping_rem(w));
    }
}

/// string: the byte length of the first W code points of each value. Widths under 8 (the usual
/// partition widths) are answered from each value's first word when it holds them.
pub fn truncate_str(data: &[u8], offsets: &[i32], w: i32, out: &mut [i32]) {
    let count = w.max(0) as usize;
    for (i, o) in out.iter_mut().enumerate() {
        let (start, end) = (offsets[i] as usize, offsets[i + 1] as usize);
        // The same bounds as slicing `data[start..end]`.
        assert!(start <= end && end <= data.len());
        *o = match prefix_len_first_word(data, start, end, count) {
            Some(len) => len,
            None => prefix_len_in(data, start, end, count),
        } as i32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_and_truncates_like_the_spec_examples() {
        let mut out = [0; 1];
        bucket_i64(&[34], 16, &mut out);
        assert_eq!(out, [3]);
        bucket_i64(&[34], 0, &mut out);
        assert_eq!(out, [2017239379]);
        for n in [1, 2, 3, 7, 16, 1000, 65_537, 1 << 30, (1 << 30) + 3, i32::MAX] {
            for h in [0u32, 1, 2, 12_345_678, 0x7fff_fffe, 0x7fff_ffff, 0x8000_0000, u32::MAX] {
                assert_eq!(Buckets::new(n).of(h), ((h & 0x7fff_ffff) as i32) % n, "{} % {}", h, n);
                if let Some(mask) = Buckets::new(n).mask() {
                    assert_eq!((h & mask) as i32, Buckets::new(n).of(h), "{} & {}", h, mask);
                }
            }
        }
        let mut t = [0; 3];
        truncate_i32(&[1, -1, i32::MIN], 10, &mut t);
        assert_eq!(t, [0, -10, i32::MIN.wrapping_sub(2)]);
        let mut l = [0i64; 1];
        truncate_i64(&[1065], 50, &mut l);
        assert_eq!(l, [1050]);
        let data = "iceberg\u{e9}\u{e9}".as_bytes();
        let mut lens = [0; 1];
        truncate_str(data, &[0, data.len() as i32], 8, &mut lens);
        assert_eq!(lens, [9]);
    }
}
