//! `bucket[N]` of ints and longs four values at a time with WebAssembly SIMD, for the bucket
//! counts whose remainder is a mask: a power of two, or 0 for the raw hash. The hash is
//! `murmur3::hash_long` lane by lane (32-bit lanes multiply as the scalar code does); other
//! counts take the scalar path, because a lane remainder costs more than the hash (see
//! `transforms::Buckets`). Each function takes whole blocks of four values and returns how many
//! it took; the caller does the rest one at a time.

use core::arch::wasm32::*;

const C1: u32 = 0xcc9e_2d51;
const C2: u32 = 0x1b87_3593;

#[inline(always)]
unsafe fn rotl(x: v128, r: u32) -> v128 {
    v128_or(i32x4_shl(x, r), u32x4_shr(x, 32 - r))
}

/// `murmur3::mix_h` in each lane; `h * 5` as `(h << 2) + h`.
#[inline(always)]
unsafe fn mix_h(h: v128, k: v128) -> v128 {
    let k = i32x4_mul(rotl(i32x4_mul(k, u32x4_splat(C1)), 15), u32x4_splat(C2));
    let h = rotl(v128_xor(h, k), 13);
    i32x4_add(i32x4_add(i32x4_shl(h, 2), h), u32x4_splat(0xe654_6b64))
}

/// `murmur3::hash_long` of the four longs whose low and high words are the lanes of `lo`, `hi`.
#[inline(always)]
unsafe fn hash_long_x4(lo: v128, hi: v128) -> v128 {
    let mut h = mix_h(mix_h(u32x4_splat(0), lo), hi);
    h = v128_xor(h, u32x4_splat(8));
    h = v128_xor(h, u32x4_shr(h, 16));
    h = i32x4_mul(h, u32x4_splat(0x85eb_ca6b));
    h = v128_xor(h, u32x4_shr(h, 13));
    h = i32x4_mul(h, u32x4_splat(0xc2b2_ae35));
    v128_xor(h, u32x4_shr(h, 16))
}

/// Longs: `hash & mask` of each block of four.
#[target_feature(enable = "simd128")]
pub unsafe fn bucket_i64_x4(values: &[i64], mask: u32, out: &mut [i32]) -> usize {
    let n = values.len().min(out.len()) & !3;
    let m = u32x4_splat(mask);
    let (src, dst) = (values.as_ptr() as *const v128, out.as_mut_ptr() as *mut v128);
    for b in 0..n / 4 {
        let (a, c) = (v128_load(src.add(2 * b)), v128_load(src.add(2 * b + 1)));
        // Little-endian longs: even words low, odd words high.
        let h = hash_long_x4(i32x4_shuffle::<0, 2, 4, 6>(a, c), i32x4_shuffle::<1, 3, 5, 7>(a, c));
        v128_store(dst.add(b), v128_and(h, m));
    }
    n
}

/// Ints and dates, hashed as the long they widen to (high word: the sign).
#[target_feature(enable = "simd128")]
pub unsafe fn bucket_i32_x4(values: &[i32], mask: u32, out: &mut [i32]) -> usize {
    let n = values.len().min(out.len()) & !3;
    let m = u32x4_splat(mask);
    let (src, dst) = (values.as_ptr() as *const v128, out.as_mut_ptr() as *mut v128);
    for b in 0..n / 4 {
        let lo = v128_load(src.add(b));
        v128_store(dst.add(b), v128_and(hash_long_x4(lo, i32x4_shr(lo, 31)), m));
    }
    n
}
