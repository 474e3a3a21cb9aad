//! The number statistics of `stats` four values at a time with WebAssembly SIMD: counts and
//! bounds in lanes. The sketch's hashes stay scalar (`sketch_hash::sketch_long`): lanes have no
//! 64-bit multiply. Each function takes whole blocks of four values and returns how many values
//! it took; the caller adds the rest one at a time, from the state returned. A row counts when
//! its validity byte is 1.

use crate::sketch_hash::sketch_long;
use crate::stats::{hll_add, NumberStats, Registers};
use core::arch::wasm32::*;

/// All ones in the lanes (i32) of the four rows from `i` whose validity byte is 1, and the
/// number of the other rows.
#[target_feature(enable = "simd128")]
#[inline]
unsafe fn keep_x4(validity: Option<&[u8]>, i: usize) -> (v128, u32) {
    match validity {
        None => (u32x4_splat(u32::MAX), 0),
        Some(valid) => {
            let word = (valid.as_ptr().add(i) as *const u32).read_unaligned();
            if word == 0x0101_0101 {
                return (u32x4_splat(u32::MAX), 0);
            }
            let bytes = u32x4(word & 0xff, (word >> 8) & 0xff, (word >> 16) & 0xff, word >> 24);
            let keep = i32x4_eq(bytes, u32x4_splat(1));
            (keep, 4 - i32x4_bitmask(keep).count_ones())
        }
    }
}

/// Adds the values of the lanes of `keep` (bit j of its `i32x4_bitmask` for `values[j]`).
#[inline(always)]
fn sketch_x4(registers: &mut Registers, values: &[i64; 4], keep: i32) {
    for (j, &v) in values.iter().enumerate() {
        if keep & (1 << j) != 0 {
            hll_add(registers, sketch_long(v));
        }
    }
}

/// Two i64 lanes each from the i32 lanes 0, 1 and 2, 3 of `keep`.
#[target_feature(enable = "simd128")]
#[inline]
unsafe fn wide(keep: v128) -> (v128, v128) {
    (i32x4_shuffle::<0, 0, 1, 1>(keep, keep), i32x4_shuffle::<2, 2, 3, 3>(keep, keep))
}

/// Lane-wise bounds of i64 lanes: lanes of `v` where `keep` is set lower `min` / raise `max`.
#[target_feature(enable = "simd128")]
#[inline]
unsafe fn bound_i64(v: v128, keep: v128, min: &mut v128, max: &mut v128) {
    *min = v128_bitselect(v, *min, v128_and(i64x2_lt(v, *min), keep));
    *max = v128_bitselect(v, *max, v128_and(i64x2_gt(v, *max), keep));
}

#[target_feature(enable = "simd128")]
#[inline]
unsafe fn lanes_min_i64(a: v128, b: v128) -> i64 {
    let m = v128_bitselect(a, b, i64x2_lt(a, b));
    i64x2_extract_lane::<0>(m).min(i64x2_extract_lane::<1>(m))
}

#[target_feature(enable = "simd128")]
#[inline]
unsafe fn lanes_max_i64(a: v128, b: v128) -> i64 {
    let m = v128_bitselect(a, b, i64x2_gt(a, b));
    i64x2_extract_lane::<0>(m).max(i64x2_extract_lane::<1>(m))
}

#[target_feature(enable = "simd128")]
pub unsafe fn stats_i64_x4(
    values: &[i64],
    validity: Option<&[u8]>,
    mut registers: Option<&mut Registers>,
    mut s: NumberStats<i64>,
) -> (NumberStats<i64>, usize) {
    let blocks = values.len() / 4;
    let (mut min0, mut min1) = (i64x2_splat(s.min), i64x2_splat(s.min));
    let (mut max0, mut max1) = (i64x2_splat(s.max), i64x2_splat(s.max));
    for b in 0..blocks {
        let i = 4 * b;
        let (keep, nulls) = keep_x4(validity, i);
        s.nulls += nulls;
        let p = values.as_ptr().add(i);
        let (keep0, keep1) = wide(keep);
        bound_i64(v128_load(p as *const v128), keep0, &mut min0, &mut max0);
        bound_i64(v128_load(p.add(2) as *const v128), keep1, &mut min1, &mut max1);
        if let Some(r) = registers.as_deref_mut() {
            sketch_x4(r, &*(p as *const [i64; 4]), i32x4_bitmask(keep) as i32);
        }
    }
    s.min = lanes_min_i64(min0, min1);
    s.max = lanes_max_i64(max0, max1);
    (s, 4 * blocks)
}

#[target_feature(enable = "simd128")]
pub unsafe fn stats_i32_x4(
    values: &[i32],
    validity: Option<&[u8]>,
    mut registers: Option<&mut Registers>,
    mut s: NumberStats<i32>,
) -> (NumberStats<i32>, usize) {
    let blocks = values.len() / 4;
    let (mut min, mut max) = (i32x4_splat(s.min), i32x4_splat(s.max));
    for b in 0..blocks {
        let i = 4 * b;
        let (keep, nulls) = keep_x4(validity, i);
        s.nulls += nulls;
        let v = v128_load(values.as_ptr().add(i) as *const v128);
        min = i32x4_min(min, v128_bitselect(v, i32x4_splat(i32::MAX), keep));
        max = i32x4_max(max, v128_bitselect(v, i32x4_splat(i32::MIN), keep));
        if let Some(r) = registers.as_deref_mut() {
            let w = &*(values.as_ptr().add(i) as *const [i32; 4]);
            sketch_x4(r, &[w[0] as i64, w[1] as i64, w[2] as i64, w[3] as i64], i32x4_bitmask(keep) as i32);
        }
    }
    let lanes = |v: v128, f: fn(i32, i32) -> i32| {
        f(f(i32x4_extract_lane::<0>(v), i32x4_extract_lane::<1>(v)), f(i32x4_extract_lane::<2>(v), i32x4_extract_lane::<3>(v)))
    };
    s.min = lanes(min, i32::min);
    s.max = lanes(max, i32::max);
    (s, 4 * blocks)
}

/// Bounds of doubles with `f64x2_pmin`/`f64x2_pmax` (`b < a ? b : a`, one instruction each),
/// which keep the bound when the value is NaN: NaNs, and nulls turned into NaN, drop out. They
/// do not order -0 and +0, so the zeros seen are noted and a bound of zero gets its sign at the
/// end as `stats::stats_f64` gives it: -0 for the lower bound when a -0 was seen, +0 for the
/// upper one when a +0 was.
#[target_feature(enable = "simd128")]
pub unsafe fn stats_f64_x4(
    values: &[f64],
    validity: Option<&[u8]>,
    mut registers: Option<&mut Registers>,
    mut s: NumberStats<f64>,
) -> (NumberStats<f64>, usize) {
    let blocks = values.len() / 4;
    let (mut min0, mut min1) = (f64x2_splat(s.min), f64x2_splat(s.min));
    let (mut max0, mut max1) = (f64x2_splat(s.max), f64x2_splat(s.max));
    let (mut neg_zero, mut pos_zero) = (i64x2_splat(0), i64x2_splat(0));
    let zero = f64x2_splat(0.0);
    let neg_zero_bits = f64x2_splat(-0.0);
    for b in 0..blocks {
        let i = 4 * b;
        let (keep, nulls) = keep_x4(validity, i);
        let p = values.as_ptr().add(i);
        let (mut a, mut c) = (v128_load(p as *const v128), v128_load(p.add(2) as *const v128));
        if nulls != 0 {
            // All ones is a NaN.
            s.nulls += nulls;
            let (keep0, keep1) = wide(keep);
            a = v128_or(a, v128_not(keep0));
            c = v128_or(c, v128_not(keep1));
        }
        let (nan_a, nan_c) = (f64x2_ne(a, a), f64x2_ne(c, c));
        let mut ok = keep;
        if v128_any_true(v128_or(nan_a, nan_c)) {
            let numbers = v128_not(i32x4_shuffle::<0, 2, 4, 6>(nan_a, nan_c));
            s.nans += i32x4_bitmask(v128_andnot(keep, numbers)).count_ones();
            ok = v128_and(keep, numbers);
        }
        min0 = f64x2_pmin(min0, a);
        min1 = f64x2_pmin(min1, c);
        max0 = f64x2_pmax(max0, a);
        max1 = f64x2_pmax(max1, c);
        neg_zero = v128_or(neg_zero, v128_or(i64x2_eq(a, neg_zero_bits), i64x2_eq(c, neg_zero_bits)));
        pos_zero = v128_or(pos_zero, v128_or(i64x2_eq(a, zero), i64x2_eq(c, zero)));
        if let Some(r) = registers.as_deref_mut() {
            // -0 and 0 are one distinct value: both hash as the bits 0.
            let (a, c) = (v128_and(a, f64x2_ne(a, zero)), v128_and(c, f64x2_ne(c, zero)));
            let mut bits = [0i64; 4];
            v128_store(bits.as_mut_ptr() as *mut v128, a);
            v128_store(bits.as_mut_ptr().add(2) as *mut v128, c);
            sketch_x4(r, &bits, i32x4_bitmask(ok) as i32);
        }
    }
    let min = f64x2_pmin(min0, min1);
    let max = f64x2_pmax(max0, max1);
    s.min = f64x2_extract_lane::<0>(min).min(f64x2_extract_lane::<1>(min));
    s.max = f64x2_extract_lane::<0>(max).max(f64x2_extract_lane::<1>(max));
    if s.min == 0.0 {
        s.min = if v128_any_true(neg_zero) { -0.0 } else { 0.0 };
    }
    if s.max == 0.0 {
        s.max = if v128_any_true(pos_zero) { 0.0 } else { -0.0 };
    }
    (s, 4 * blocks)
}
