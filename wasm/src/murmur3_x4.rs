//! 32-bit Murmur3 of four values at a time with WebAssembly SIMD, lane by lane as `murmur3`
//! computes it (32-bit lanes multiply as the scalar code does).
//!
//! Ints and longs: `bucket[N]` for the bucket counts whose remainder is a mask (a power of two,
//! or 0 for the raw hash); other counts take the scalar path, because a lane remainder costs more
//! than the hash (see `transforms::Buckets`). Each function takes whole blocks of four values and
//! returns how many it took; the caller does the rest one at a time.
//!
//! Bytes: the hashes of four values, each lane mixing its own value's blocks.

use core::arch::wasm32::*;

const C1: u32 = 0xcc9e_2d51;
const C2: u32 = 0x1b87_3593;

#[inline(always)]
unsafe fn rotl(x: v128, r: u32) -> v128 {
    v128_or(i32x4_shl(x, r), u32x4_shr(x, 32 - r))
}

/// `murmur3::mix_k` in each lane.
#[inline(always)]
unsafe fn mix_k(k: v128) -> v128 {
    i32x4_mul(rotl(i32x4_mul(k, u32x4_splat(C1)), 15), u32x4_splat(C2))
}

/// `murmur3::mix_h` in each lane; `h * 5` as `(h << 2) + h`.
#[inline(always)]
unsafe fn mix_h(h: v128, k: v128) -> v128 {
    let h = rotl(v128_xor(h, mix_k(k)), 13);
    i32x4_add(i32x4_add(i32x4_shl(h, 2), h), u32x4_splat(0xe654_6b64))
}

/// `murmur3::fmix` in each lane, with each lane's length.
#[inline(always)]
unsafe fn fmix(h: v128, len: v128) -> v128 {
    let mut h = v128_xor(h, len);
    h = v128_xor(h, u32x4_shr(h, 16));
    h = i32x4_mul(h, u32x4_splat(0x85eb_ca6b));
    h = v128_xor(h, u32x4_shr(h, 13));
    h = i32x4_mul(h, u32x4_splat(0xc2b2_ae35));
    v128_xor(h, u32x4_shr(h, 16))
}

/// `murmur3::hash_long` of the four longs whose low and high words are the lanes of `lo`, `hi`.
#[inline(always)]
unsafe fn hash_long_x4(lo: v128, hi: v128) -> v128 {
    fmix(mix_h(mix_h(u32x4_splat(0), lo), hi), u32x4_splat(8))
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

/// Values whose lengths differ by more blocks than this go one at a time: the lanes run as long
/// as the longest value, and the short ones would wait through its blocks.
const SPREAD: usize = 8;

/// `murmur3::hash_bytes` of values `i..i + 4` of a string column (`data[offsets[j]..offsets[j +
/// 1]]`), or None when their lengths are too far apart. Each lane mixes its value's 4-byte
/// blocks while it has any (a finished lane keeps its hash), then its 1–3 tail bytes, then
/// finalizes with its length.
#[target_feature(enable = "simd128")]
pub unsafe fn hash_bytes_x4(data: &[u8], offsets: &[i32], i: usize) -> Option<[u32; 4]> {
    let bounds = &offsets[i..i + 5];
    let mut starts = [0usize; 4];
    let mut lens = [0usize; 4];
    for j in 0..4 {
        let (start, end) = (bounds[j] as usize, bounds[j + 1] as usize);
        // The same bounds as slicing `data[start..end]`.
        assert!(start <= end && end <= data.len());
        starts[j] = start;
        lens[j] = end - start;
    }
    let blocks = lens.map(|l| l / 4);
    let (fewest, most) = (blocks.into_iter().min().unwrap_or(0), blocks.into_iter().max().unwrap_or(0));
    if most - fewest > SPREAD {
        return None;
    }
    let at = |j: usize, b: usize| (data.as_ptr().add(starts[j] + 4 * b) as *const u32).read_unaligned();
    let mut h = u32x4_splat(0);
    // The blocks every lane has.
    for b in 0..fewest {
        h = mix_h(h, u32x4(at(0, b), at(1, b), at(2, b), at(3, b)));
    }
    // The rest: a lane past its last block reads four zero bytes instead, and keeps its hash.
    let block_counts = u32x4(blocks[0] as u32, blocks[1] as u32, blocks[2] as u32, blocks[3] as u32);
    let zero = [0u8; 4];
    let word = |j: usize, b: usize| -> u32 {
        let p = if b < blocks[j] { data.as_ptr().add(starts[j] + 4 * b) } else { zero.as_ptr() };
        (p as *const u32).read_unaligned()
    };
    for b in fewest..most {
        let k = u32x4(word(0, b), word(1, b), word(2, b), word(3, b));
        h = v128_bitselect(mix_h(h, k), h, u32x4_gt(block_counts, u32x4_splat(b as u32)));
    }
    let tail = |j: usize| -> u32 {
        let t = &data[starts[j] + 4 * blocks[j]..starts[j] + lens[j]];
        t.iter().rev().fold(0u32, |k, &byte| (k << 8) | byte as u32)
    };
    let tails = u32x4(tail(0), tail(1), tail(2), tail(3));
    let has_tail = u32x4((lens[0] % 4 != 0) as u32, (lens[1] % 4 != 0) as u32, (lens[2] % 4 != 0) as u32, (lens[3] % 4 != 0) as u32);
    h = v128_bitselect(v128_xor(h, mix_k(tails)), h, i32x4_eq(has_tail, u32x4_splat(1)));
    let h = fmix(h, u32x4(lens[0] as u32, lens[1] as u32, lens[2] as u32, lens[3] as u32));
    Some([u32x4_extract_lane::<0>(h), u32x4_extract_lane::<1>(h), u32x4_extract_lane::<2>(h), u32x4_extract_lane::<3>(h)])
}
