//! `stats::histogram` four values at a time with WebAssembly SIMD. The bin of each value is the
//! same IEEE-754 arithmetic in f64 lanes — `floor((v - lo) * scale)`, clamped to the last bin —
//! and NaN, -0 and negative bins go to bin 0 as `!(b >= 0)` sends them, so the bins match the
//! scalar loop and the twin bit for bit.
//! NaN values and nulls go to an extra bin past the last, which is dropped. Lane j counts into
//! its own copy of the bins so that equal bins in a block do not wait on each other's store;
//! the copies are summed at the end.

use crate::stats::Binned;
use core::arch::wasm32::*;

/// Four values from `p` as two pairs of doubles, for `stats::Binned::load_x4` (inlined into
/// `histogram_x4`, where SIMD is enabled).
#[inline(always)]
pub unsafe fn f64_x4(p: *const f64) -> (v128, v128) {
    (v128_load(p as *const v128), v128_load(p.add(2) as *const v128))
}

#[inline(always)]
pub unsafe fn i32_x4(p: *const i32) -> (v128, v128) {
    let v = v128_load(p as *const v128);
    (f64x2_convert_low_i32x4(v), f64x2_convert_low_i32x4(i32x4_shuffle::<2, 3, 2, 3>(v, v)))
}

/// Lanes have no i64 -> f64 conversion.
#[inline(always)]
pub unsafe fn i64_x4(p: *const i64) -> (v128, v128) {
    let x = |j: usize| *p.add(j) as f64;
    (f64x2(x(0), x(1)), f64x2(x(2), x(3)))
}

/// Above this many bins the copies would not stay in cache: one copy is used.
const COPIES_UP_TO: usize = 1 << 14;

/// Counts the whole blocks of four values into `bins` (added to what they hold); returns how many
/// values were taken. Needs `hi - lo > 0` (the caller bins everything in bin 0 otherwise).
#[target_feature(enable = "simd128")]
pub unsafe fn histogram_x4<T: Binned>(values: &[T], validity: Option<&[u8]>, lo: f64, hi: f64, bins: &mut [u32]) -> usize {
    let count = bins.len();
    let blocks = values.len() / 4;
    if blocks == 0 {
        return 0;
    }
    let stride = count + 1;
    let copies = if count <= COPIES_UP_TO { 4 } else { 1 };
    let mut counts = vec![0u32; stride * copies];
    let scale = f64x2_splat(count as f64 / (hi - lo));
    let lo2 = f64x2_splat(lo);
    let last = f64x2_splat((count - 1) as f64);
    // 2^52: added to an integer in [0, 2^31) it leaves the integer in the low 32 bits.
    let magic = f64x2_splat(4_503_599_627_370_496.0);
    let skip = u32x4_splat(count as u32);
    let lane_base = if copies == 4 { u32x4(0, stride as u32, 2 * stride as u32, 3 * stride as u32) } else { u32x4_splat(0) };
    // floor((v - lo) * scale), at most `last` (`f64x2_pmin(b, last)` is `last < b ? last : b`).
    let bin = |v: v128| f64x2_pmin(f64x2_floor(f64x2_mul(f64x2_sub(v, lo2), scale)), last);
    let p = counts.as_mut_ptr();
    for b in 0..blocks {
        let i = 4 * b;
        let (a, c) = T::load_x4(values.as_ptr().add(i));
        let mut skipped = i32x4_shuffle::<0, 2, 4, 6>(f64x2_ne(a, a), f64x2_ne(c, c));
        if let Some(valid) = validity {
            let word = (valid.as_ptr().add(i) as *const u32).read_unaligned();
            if word != 0x0101_0101 {
                let bytes = u32x4(word & 0xff, (word >> 8) & 0xff, (word >> 16) & 0xff, word >> 24);
                skipped = v128_or(skipped, v128_not(i32x4_eq(bytes, u32x4_splat(1))));
            }
        }
        let (ba, bc) = (bin(a), bin(c));
        let index = i32x4_shuffle::<0, 2, 4, 6>(f64x2_add(ba, magic), f64x2_add(bc, magic));
        // A bin with the sign bit set (below 0, -0, or the NaN of 0 * inf) is bin 0, as
        // `!(b >= 0)` makes it; then skipped lanes, all ones, go to the extra bin by an unsigned min.
        let negative = i32x4_lt(i32x4_shuffle::<1, 3, 5, 7>(ba, bc), u32x4_splat(0));
        let index = i32x4_add(u32x4_min(v128_or(v128_andnot(index, negative), skipped), skip), lane_base);
        *p.add(i32x4_extract_lane::<0>(index) as usize) += 1;
        *p.add(i32x4_extract_lane::<1>(index) as usize) += 1;
        *p.add(i32x4_extract_lane::<2>(index) as usize) += 1;
        *p.add(i32x4_extract_lane::<3>(index) as usize) += 1;
    }
    for copy in counts.chunks_exact(stride) {
        for (bin, &n) in bins.iter_mut().zip(&copy[..count]) {
            *bin += n;
        }
    }
    4 * blocks
}
