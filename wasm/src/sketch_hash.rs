//! The hash the distinct-count sketch (`stats::hll_add`) takes of each value. Unlike a bucket
//! transform's hash, which the Iceberg spec fixes (32-bit Murmur3, `murmur3.rs`), it is ours to
//! choose, and it only has to spread values evenly over 32 bits. It works on 64-bit words:
//! MurmurHash3's 64-bit finalizer (`fmix64`) of a number, and of strings a multiply-rotate
//! combine of each 8-byte word (as rustc's FxHasher) finished by the same finalizer. One 64-bit
//! multiply is a single WebAssembly instruction, where the 32-bit Murmur3 needed two rounds of
//! 32-bit multiplies and rotates per 8 bytes. The TypeScript twin (`twins/sketch-hash.ts`) gives
//! the same hashes from 32-bit halves.

/// MurmurHash3's `fmix64` (Austin Appleby, public domain): every input bit reaches every output bit.
#[inline(always)]
pub fn mix64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// The sketch hash of a number given as its 64 bits (ints sign-extended, doubles' IEEE bits).
#[inline(always)]
pub fn sketch_long(v: i64) -> u32 {
    (mix64(v as u64) >> 32) as u32
}

const FX: u64 = 0x517c_c1b7_2722_0a95;

#[inline(always)]
fn combine(h: u64, word: u64) -> u64 {
    (h.rotate_left(5) ^ word).wrapping_mul(FX)
}

/// The sketch hash of `data[start..end]`: its little-endian 8-byte words, the last padded with
/// zeros, then its length (so that trailing zero bytes count).
#[inline(always)]
pub fn sketch_bytes(data: &[u8], start: usize, end: usize) -> u32 {
    let mut h = 0u64;
    let mut i = start;
    while i + 8 <= end {
        let mut w = [0u8; 8];
        w.copy_from_slice(&data[i..i + 8]);
        h = combine(h, u64::from_le_bytes(w));
        i += 8;
    }
    let rest = end - i;
    if rest > 0 {
        let word = if i + 8 <= data.len() {
            // Read in place and keep the value's bytes only.
            let mut w = [0u8; 8];
            w.copy_from_slice(&data[i..i + 8]);
            u64::from_le_bytes(w) & (u64::MAX >> (64 - 8 * rest as u32))
        } else {
            data[i..end].iter().rev().fold(0u64, |w, &b| (w << 8) | b as u64)
        };
        h = combine(h, word);
    }
    (mix64(h ^ (end - start) as u64) >> 32) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    // Pinned so that the TypeScript twin (tests/suites/kernels.suite.ts) is held to the same values.
    #[test]
    fn gives_the_pinned_hashes() {
        assert_eq!(sketch_long(0), 0);
        assert_eq!(sketch_long(1), 0xb456bcfc);
        assert_eq!(sketch_long(-1), 0x64b5720b);
        assert_eq!(sketch_bytes(b"", 0, 0), 0);
        assert_eq!(sketch_bytes(b"iceberg", 0, 7), 0x852fff41);
        assert_eq!(sketch_bytes(b"abcdefghij", 0, 10), 0x42f18abb);
        assert_eq!(sketch_bytes(b"xxiceberg!", 2, 9), 0x852fff41);
    }

    #[test]
    fn reads_a_value_in_place_or_near_the_end_alike() {
        let data: Vec<u8> = (0..64u8).map(|b| b.wrapping_mul(37)).collect();
        for start in 0..40 {
            for end in start..data.len() {
                let copied = data[start..end].to_vec();
                assert_eq!(sketch_bytes(&data, start, end), sketch_bytes(&copied, 0, copied.len()));
            }
        }
        // A trailing zero byte is part of the value.
        assert_ne!(sketch_bytes(b"a\0", 0, 2), sketch_bytes(b"a", 0, 1));
    }

    #[test]
    fn spreads_sequential_ids_over_the_registers() {
        let mut seen = vec![0u32; 1 << 12];
        for v in 0..1_000_000i64 {
            seen[(sketch_long(v) >> 20) as usize] += 1;
        }
        let (lo, hi) = (*seen.iter().min().unwrap(), *seen.iter().max().unwrap());
        assert!(lo > 180 && hi < 320, "{lo}..{hi}");
    }
}
