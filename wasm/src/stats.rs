//! Column statistics for Iceberg data files (https://iceberg.apache.org/spec/#manifests: value,
//! null and NaN counts, lower/upper bounds) and for profiling (a HyperLogLog distinct-count sketch,
//! histogram bins). A row counts as a value when its validity byte is 1 (the `OK` of parsing);
//! every other byte is null. The sketch registers are updated in place so batches merge by
//! feeding the same registers again; without registers no value is hashed.

use crate::sketch_hash::{sketch_bytes, sketch_long};

/// 2^12 registers: about 1.6 % standard error, 4 KiB per column.
pub const HLL_PRECISION: u32 = 12;
pub const HLL_REGISTERS: usize = 1 << HLL_PRECISION;

/// The registers of a sketch, as an array so that an index below `HLL_REGISTERS` needs no check.
pub type Registers = [u8; HLL_REGISTERS];

/// `registers` as `Registers`, panicking when it holds fewer than `HLL_REGISTERS` bytes.
pub fn registers_of(registers: Option<&mut [u8]>) -> Option<&mut Registers> {
    registers.map(|r| <&mut Registers>::try_from(&mut r[..HLL_REGISTERS]).unwrap())
}

/// Raises the register of `hash` to its rank. Without a branch: while the registers fill, about
/// every other value raises one, and a branch on it would be mispredicted as often.
#[inline(always)]
pub fn hll_add(registers: &mut Registers, hash: u32) {
    let index = (hash >> (32 - HLL_PRECISION)) as usize;
    let rest = hash << HLL_PRECISION;
    let rank = rest.leading_zeros().min(32 - HLL_PRECISION) as u8 + 1;
    let r = &mut registers[index];
    *r = (*r).max(rank);
}

#[inline(always)]
fn valid(validity: Option<&[u8]>, i: usize) -> bool {
    match validity {
        Some(v) => v[i] == 1,
        None => true,
    }
}

/// Runs `$body` for each value with a validity byte of 1 (all values when there is no validity),
/// counting the others in `$nulls`; the loop is specialised so the common no-nulls case has no
/// per-row check.
macro_rules! each_valid {
    ($values:expr, $validity:expr, $nulls:expr, |$v:ident| $body:block) => {
        match $validity {
            None => {
                for &$v in $values.iter() $body
            }
            Some(valid) => {
                for (&$v, &ok) in $values.iter().zip(valid.iter()) {
                    if ok == 1 $body else {
                        $nulls += 1;
                    }
                }
            }
        }
    };
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NumberStats<T> {
    pub values: u32,
    pub nulls: u32,
    pub nans: u32,
    /// Meaningful only when `values - nans > 0`.
    pub min: T,
    pub max: T,
}

pub fn stats_f64(values: &[f64], validity: Option<&[u8]>, registers: Option<&mut [u8]>) -> NumberStats<f64> {
    let mut registers = registers_of(registers);
    let s = NumberStats { values: 0, nulls: 0, nans: 0, min: f64::INFINITY, max: f64::NEG_INFINITY };
    #[cfg(target_arch = "wasm32")]
    // Safety: every host the module is meant for runs WebAssembly SIMD (see the build script).
    let (s, done) = unsafe { crate::stats_x4::stats_f64_x4(values, validity, registers.as_deref_mut(), s) };
    #[cfg(not(target_arch = "wasm32"))]
    let done = 0;
    let mut s = stats_f64_from(s, &values[done..], validity.map(|v| &v[done..]), registers.as_deref_mut());
    s.values = values.len() as u32 - s.nulls;
    s
}

/// Adds `values` to the counts and bounds `s` (all but `s.values`), one value at a time.
fn stats_f64_from(mut s: NumberStats<f64>, values: &[f64], validity: Option<&[u8]>, mut registers: Option<&mut Registers>) -> NumberStats<f64> {
    each_valid!(values, validity, s.nulls, |v| {
        if v != v {
            s.nans += 1;
        } else {
            if v < s.min || (v == 0.0 && s.min == 0.0 && v.is_sign_negative()) {
                s.min = v;
            }
            if v > s.max || (v == 0.0 && s.max == 0.0 && v.is_sign_positive()) {
                s.max = v;
            }
            // -0 and 0 are one distinct value.
            let bits = if v == 0.0 { 0 } else { v.to_bits() as i64 };
            if let Some(r) = registers.as_deref_mut() {
                hll_add(r, sketch_long(bits));
            }
        }
    });
    s
}

pub fn stats_i64(values: &[i64], validity: Option<&[u8]>, registers: Option<&mut [u8]>) -> NumberStats<i64> {
    let mut registers = registers_of(registers);
    let s = NumberStats { values: 0, nulls: 0, nans: 0, min: i64::MAX, max: i64::MIN };
    #[cfg(target_arch = "wasm32")]
    // Safety: as in `stats_f64`.
    let (s, done) = unsafe { crate::stats_x4::stats_i64_x4(values, validity, registers.as_deref_mut(), s) };
    #[cfg(not(target_arch = "wasm32"))]
    let done = 0;
    let mut s = stats_i64_from(s, &values[done..], validity.map(|v| &v[done..]), registers.as_deref_mut());
    s.values = values.len() as u32 - s.nulls;
    s
}

fn stats_i64_from(mut s: NumberStats<i64>, values: &[i64], validity: Option<&[u8]>, mut registers: Option<&mut Registers>) -> NumberStats<i64> {
    each_valid!(values, validity, s.nulls, |v| {
        s.min = s.min.min(v);
        s.max = s.max.max(v);
        if let Some(r) = registers.as_deref_mut() {
            hll_add(r, sketch_long(v));
        }
    });
    s
}

pub fn stats_i32(values: &[i32], validity: Option<&[u8]>, registers: Option<&mut [u8]>) -> NumberStats<i32> {
    let mut registers = registers_of(registers);
    let s = NumberStats { values: 0, nulls: 0, nans: 0, min: i32::MAX, max: i32::MIN };
    #[cfg(target_arch = "wasm32")]
    // Safety: as in `stats_f64`.
    let (s, done) = unsafe { crate::stats_x4::stats_i32_x4(values, validity, registers.as_deref_mut(), s) };
    #[cfg(not(target_arch = "wasm32"))]
    let done = 0;
    let mut s = stats_i32_from(s, &values[done..], validity.map(|v| &v[done..]), registers.as_deref_mut());
    s.values = values.len() as u32 - s.nulls;
    s
}

fn stats_i32_from(mut s: NumberStats<i32>, values: &[i32], validity: Option<&[u8]>, mut registers: Option<&mut Registers>) -> NumberStats<i32> {
    each_valid!(values, validity, s.nulls, |v| {
        s.min = s.min.min(v);
        s.max = s.max.max(v);
        if let Some(r) = registers.as_deref_mut() {
            hll_add(r, sketch_long(v as i64));
        }
    });
    s
}

pub struct StringStats {
    pub values: u32,
    pub nulls: u32,
    /// Row of the smallest/largest value by UTF-8 bytes (= code point order), -1 when none.
    pub min_row: i32,
    pub max_row: i32,
}

pub fn stats_str(data: &[u8], offsets: &[i32], validity: Option<&[u8]>, registers: Option<&mut [u8]>) -> StringStats {
    let mut registers = registers_of(registers);
    let n = offsets.len() - 1;
    let mut s = StringStats { values: 0, nulls: 0, min_row: -1, max_row: -1 };
    let mut min: &[u8] = &[];
    let mut max: &[u8] = &[];
    for i in 0..n {
        if !valid(validity, i) {
            s.nulls += 1;
            continue;
        }
        let (start, end) = (offsets[i] as usize, offsets[i + 1] as usize);
        let v = &data[start..end];
        if s.values == 0 || v < min {
            min = v;
            s.min_row = i as i32;
        }
        if s.values == 0 || v > max {
            max = v;
            s.max_row = i as i32;
        }
        s.values += 1;
        if let Some(r) = registers.as_deref_mut() {
            hll_add(r, sketch_bytes(data, start, end));
        }
    }
    s
}

/// Byte length of the first `count` code points of UTF-8 `s`.
pub fn prefix_len(s: &[u8], count: usize) -> usize {
    let mut seen = 0;
    for (i, &b) in s.iter().enumerate() {
        if b & 0xc0 != 0x80 {
            if seen == count {
                return i;
            }
            seen += 1;
        }
    }
    s.len()
}

/// Iceberg lower bound of a string: its first `count` code points.
pub fn truncate_lower(s: &[u8], count: usize) -> &[u8] {
    &s[..prefix_len(s, count)]
}

fn decode_at(s: &[u8], i: usize) -> (u32, usize) {
    let b = s[i] as u32;
    if b < 0x80 {
        (b, 1)
    } else if b < 0xe0 {
        (((b & 0x1f) << 6) | (s[i + 1] as u32 & 0x3f), 2)
    } else if b < 0xf0 {
        (((b & 0x0f) << 12) | ((s[i + 1] as u32 & 0x3f) << 6) | (s[i + 2] as u32 & 0x3f), 3)
    } else {
        (
            ((b & 0x07) << 18) | ((s[i + 1] as u32 & 0x3f) << 12) | ((s[i + 2] as u32 & 0x3f) << 6) | (s[i + 3] as u32 & 0x3f),
            4,
        )
    }
}

fn encode(c: u32, out: &mut Vec<u8>) {
    if c < 0x80 {
        out.push(c as u8);
    } else if c < 0x800 {
        out.extend_from_slice(&[0xc0 | (c >> 6) as u8, 0x80 | (c & 0x3f) as u8]);
    } else if c < 0x10000 {
        out.extend_from_slice(&[0xe0 | (c >> 12) as u8, 0x80 | ((c >> 6) & 0x3f) as u8, 0x80 | (c & 0x3f) as u8]);
    } else {
        out.extend_from_slice(&[
            0xf0 | (c >> 18) as u8,
            0x80 | ((c >> 12) & 0x3f) as u8,
            0x80 | ((c >> 6) & 0x3f) as u8,
            0x80 | (c & 0x3f) as u8,
        ]);
    }
}

/// Iceberg upper bound of a string: the value itself when it has at most `count` code points,
/// else its `count`-code-point prefix with the last code point that can be incremented
/// incremented (and the rest dropped), as Iceberg's `UnicodeUtil.truncateStringMax`, skipping
/// the surrogate range so the result stays valid UTF-8. `None` when no code point can be.
pub fn truncate_upper(s: &[u8], count: usize) -> Option<Vec<u8>> {
    let cut = prefix_len(s, count);
    if cut == s.len() {
        return Some(s.to_vec());
    }
    let mut starts = Vec::with_capacity(count);
    let mut i = 0;
    while i < cut {
        starts.push(i);
        i += decode_at(s, i).1;
    }
    while let Some(at) = starts.pop() {
        let (c, _) = decode_at(s, at);
        let next = if c == 0xd7ff { 0xe000 } else { c + 1 };
        if next <= 0x10ffff {
            let mut out = s[..at].to_vec();
            encode(next, &mut out);
            return Some(out);
        }
    }
    None
}

/// A number that `histogram` bins: as f64 (`as f64`, rounding i64 to nearest).
pub trait Binned: Copy {
    fn to_f64(self) -> f64;
    /// Four values from `p` as two pairs of doubles in `v128` lanes.
    #[cfg(target_arch = "wasm32")]
    unsafe fn load_x4(p: *const Self) -> (core::arch::wasm32::v128, core::arch::wasm32::v128);
}

impl Binned for f64 {
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self
    }
    #[cfg(target_arch = "wasm32")]
    #[inline(always)]
    unsafe fn load_x4(p: *const f64) -> (core::arch::wasm32::v128, core::arch::wasm32::v128) {
        crate::histogram_x4::f64_x4(p)
    }
}

impl Binned for i64 {
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self as f64
    }
    #[cfg(target_arch = "wasm32")]
    #[inline(always)]
    unsafe fn load_x4(p: *const i64) -> (core::arch::wasm32::v128, core::arch::wasm32::v128) {
        crate::histogram_x4::i64_x4(p)
    }
}

impl Binned for i32 {
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self as f64
    }
    #[cfg(target_arch = "wasm32")]
    #[inline(always)]
    unsafe fn load_x4(p: *const i32) -> (core::arch::wasm32::v128, core::arch::wasm32::v128) {
        crate::histogram_x4::i32_x4(p)
    }
}

/// Counts values into `bins` equal-width bins over `[lo, hi]`: bin `floor((v - lo) * (bins /
/// (hi - lo)))`, clamped to the end bins; NaN and nulls are skipped. Plain IEEE-754 arithmetic in
/// this exact order, so the twin matches bit for bit.
pub fn histogram<T: Binned>(values: &[T], validity: Option<&[u8]>, lo: f64, hi: f64, bins: &mut [u32]) {
    let count = bins.len();
    if count == 0 {
        return;
    }
    #[cfg(target_arch = "wasm32")]
    // Safety: every host the module is meant for runs WebAssembly SIMD (see the build script).
    let done = if hi - lo > 0.0 { unsafe { crate::histogram_x4::histogram_x4(values, validity, lo, hi, bins) } } else { 0 };
    #[cfg(not(target_arch = "wasm32"))]
    let done = 0;
    let (values, validity) = (&values[done..], validity.map(|v| &v[done..]));
    let width = hi - lo;
    let scale = count as f64 / width;
    let last = (count - 1) as f64;
    let bin = |v: f64| -> usize {
        let mut b = if width > 0.0 { ((v - lo) * scale).floor() } else { 0.0 };
        if !(b >= 0.0) {
            b = 0.0;
        }
        if b > last {
            b = last;
        }
        b as usize
    };
    match validity {
        None => {
            for &raw in values {
                let v = raw.to_f64();
                if v == v {
                    bins[bin(v)] += 1;
                }
            }
        }
        Some(valid) => {
            for (&raw, &ok) in values.iter().zip(valid) {
                let v = raw.to_f64();
                if ok == 1 && v == v {
                    bins[bin(v)] += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_string_bounds_by_code_points() {
        let s = "abcdefghijklmnopqrstuvwxyz".as_bytes();
        assert_eq!(truncate_lower(s, 16), &s[..16]);
        assert_eq!(truncate_upper(s, 16).unwrap(), b"abcdefghijklmnoq".to_vec());
        assert_eq!(truncate_upper(b"short", 16).unwrap(), b"short".to_vec());
        let max = "\u{10ffff}\u{10ffff}\u{10ffff}";
        assert_eq!(truncate_upper(max.as_bytes(), 2), None);
        let mixed = "a\u{10ffff}\u{10ffff}";
        assert_eq!(truncate_upper(mixed.as_bytes(), 2).unwrap(), b"b".to_vec());
        let sur = "\u{d7ff}\u{d7ff}x";
        assert_eq!(truncate_upper(sur.as_bytes(), 2).unwrap(), "\u{d7ff}\u{e000}".as_bytes().to_vec());
    }

    #[test]
    fn counts_nulls_nans_and_bounds_of_doubles() {
        let mut regs = vec![0u8; HLL_REGISTERS];
        let v = [1.5, f64::NAN, -0.0, 7.0, 0.0];
        let valid = [1, 1, 1, 1, 0];
        let s = stats_f64(&v, Some(&valid), Some(&mut regs));
        assert_eq!((s.values, s.nulls, s.nans), (4, 1, 1));
        assert_eq!((s.min, s.max), (-0.0, 7.0));
        assert!(s.min.is_sign_negative());
        assert_eq!(regs.iter().filter(|&&r| r > 0).count(), 3);
        let without = stats_f64(&v, Some(&valid), None);
        assert_eq!((without.values, without.nulls, without.nans, without.min, without.max), (s.values, s.nulls, s.nans, s.min, s.max));
    }

    #[test]
    fn bins_values_and_clamps_outliers() {
        let mut bins = [0u32; 4];
        histogram(&[0.0, 1.0, 2.5, 3.99, 4.0, 100.0, -5.0], None, 0.0, 4.0, &mut bins);
        assert_eq!(bins, [2, 1, 1, 3]);
    }
}
