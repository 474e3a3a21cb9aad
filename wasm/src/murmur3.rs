//! 32-bit MurmurHash3 (x86 variant, seed 0), as the Iceberg spec requires for `bucket[N]`
//! (https://iceberg.apache.org/spec/#appendix-b-32-bit-hash-requirements).

const C1: u32 = 0xcc9e_2d51;
const C2: u32 = 0x1b87_3593;

#[inline(always)]
fn mix_k(k: u32) -> u32 {
    k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2)
}

#[inline(always)]
fn mix_h(h: u32, k: u32) -> u32 {
    (h ^ mix_k(k)).rotate_left(13).wrapping_mul(5).wrapping_add(0xe654_6b64)
}

#[inline(always)]
fn fmix(mut h: u32, len: u32) -> u32 {
    h ^= len;
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^ (h >> 16)
}

/// Hash of arbitrary bytes.
pub fn hash_bytes(data: &[u8]) -> u32 {
    let mut h = 0u32;
    let blocks = data.len() / 4;
    for i in 0..blocks {
        let k = u32::from_le_bytes([data[4 * i], data[4 * i + 1], data[4 * i + 2], data[4 * i + 3]]);
        h = mix_h(h, k);
    }
    let tail = &data[blocks * 4..];
    let mut k = 0u32;
    if tail.len() >= 3 {
        k ^= (tail[2] as u32) << 16;
    }
    if tail.len() >= 2 {
        k ^= (tail[1] as u32) << 8;
    }
    if !tail.is_empty() {
        k ^= tail[0] as u32;
        h ^= mix_k(k);
    }
    fmix(h, data.len() as u32)
}

/// Hash of a long as its 8 little-endian bytes (spec: int, long, date, time, timestamp).
#[inline]
pub fn hash_long(v: i64) -> u32 {
    let u = v as u64;
    let h = mix_h(0, u as u32);
    let h = mix_h(h, (u >> 32) as u32);
    fmix(h, 8)
}

/// The unscaled value of a decimal as the minimum number of big-endian two's-complement bytes
/// (Java's `BigInteger.toByteArray`), which is what the spec hashes for decimals.
pub fn decimal_bytes(v: i64, out: &mut [u8; 8]) -> usize {
    let be = v.to_be_bytes();
    let mut start = 0;
    while start < 7 {
        let (b, next) = (be[start], be[start + 1]);
        if (b == 0 && next & 0x80 == 0) || (b == 0xff && next & 0x80 != 0) {
            start += 1;
        } else {
            break;
        }
    }
    let n = 8 - start;
    out[..n].copy_from_slice(&be[start..]);
    n
}

pub fn hash_decimal(v: i64) -> u32 {
    let mut buf = [0u8; 8];
    let n = decimal_bytes(v, &mut buf);
    hash_bytes(&buf[..n])
}

#[cfg(test)]
mod tests {
    use super::*;

    // Appendix B's published values.
    #[test]
    fn matches_the_spec_vectors() {
        assert_eq!(hash_long(34) as i32, 2017239379);
        assert_eq!(hash_bytes(&34i64.to_le_bytes()) as i32, 2017239379);
        assert_eq!(hash_decimal(1420) as i32, -500754589);
        assert_eq!(hash_long(17486) as i32, -653330422);
        assert_eq!(hash_long(81_068_000_000) as i32, -662762989);
        assert_eq!(hash_long(1_510_871_468_000_000) as i32, -2047944441);
        assert_eq!(hash_bytes(b"iceberg") as i32, 1210000089);
        let uuid = [
            0xf7, 0x9c, 0x3e, 0x09, 0x67, 0x7c, 0x4b, 0xbd, 0xa4, 0x79, 0x3f, 0x34, 0x9c, 0xb7, 0x85, 0xe7,
        ];
        assert_eq!(hash_bytes(&uuid) as i32, 1488055340);
        assert_eq!(hash_bytes(&[0, 1, 2, 3]) as i32, -188683207);
    }

    #[test]
    fn decimal_bytes_are_minimal_twos_complement() {
        let bytes = |v: i64| {
            let mut b = [0u8; 8];
            let n = decimal_bytes(v, &mut b);
            b[..n].to_vec()
        };
        assert_eq!(bytes(0), vec![0]);
        assert_eq!(bytes(-1), vec![0xff]);
        assert_eq!(bytes(128), vec![0x00, 0x80]);
        assert_eq!(bytes(-129), vec![0xff, 0x7f]);
        assert_eq!(bytes(1420), vec![0x05, 0x8c]);
    }
}
