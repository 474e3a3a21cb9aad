//! Typed parsing of CSV fields into columns ready for Arrow. Text is trimmed of ASCII spaces and
//! tabs; an empty field is null. Formats: integers `[+-]digits`; floats
//! `[+-](digits[.digits]|.digits)[(e|E)[+-]digits]`, `nan`, `inf`, `infinity` (any case);
//! booleans `true/false/1/0/yes/no/on/off` (any case); dates `YYYY-MM-DD` (ISO 8601 calendar
//! dates, days since 1970-01-01 as Iceberg `date`); timestamps `YYYY-MM-DD` or
//! `YYYY-MM-DD(T|t| )HH:MM[:SS[(.|,)fraction]][Z|z|±HH|±HHMM|±HH:MM]` (microseconds since the
//! epoch, converted to UTC when a zone is given, as Iceberg `timestamp`/`timestamptz`; digits
//! past microseconds are truncated). These are the rules of `runtime/normalize` (config-format.md
//! §6.2), so the pipeline gets the same values from either path.

mod numbers;
mod temporal;

pub use numbers::{parse_bool, parse_decimal, parse_f64, parse_i64};
pub use temporal::{days_from_civil, parse_date, parse_timestamp};

pub const NULL: u8 = 0;
pub const OK: u8 = 1;
pub const INVALID: u8 = 2;

pub const KIND_INT32: u32 = 0;
pub const KIND_INT64: u32 = 1;
pub const KIND_FLOAT64: u32 = 2;
pub const KIND_BOOL: u32 = 3;
pub const KIND_DATE: u32 = 4;
pub const KIND_TIMESTAMP: u32 = 5;
/// `decimal(p, s)` with p ≤ 18, as i64 unscaled values: the kind is `6 | p << 8 | s << 16`.
pub const KIND_DECIMAL: u32 = 6;

/// The kind without the decimal's precision and scale.
pub fn base_kind(kind: u32) -> u32 {
    kind & 0xff
}

pub fn trim(b: &[u8]) -> &[u8] {
    let mut s = 0;
    let mut e = b.len();
    while s < e && (b[s] == b' ' || b[s] == b'\t') {
        s += 1;
    }
    while e > s && (b[e - 1] == b' ' || b[e - 1] == b'\t') {
        e -= 1;
    }
    &b[s..e]
}

/// The output array of `parse_column`, by kind.
pub enum Column<'a> {
    I32(&'a mut [i32]),
    I64(&'a mut [i64]),
    F64(&'a mut [f64]),
    Bool(&'a mut [u8]),
}

/// Parses fields `data[starts[i]..ends[i]]` into `values`, writing NULL/OK/INVALID to `status`.
/// Returns the number of invalid values.
pub fn parse_column(data: &[u8], starts: &[i32], ends: &[i32], kind: u32, values: Column, status: &mut [u8]) -> u32 {
    parse_strided(data, starts, ends, Stride { first: 0, step: 1 }, kind, values, status)
}

/// Which fields of a row-major field list belong to one column: `first`, `first + step`, …
#[derive(Clone, Copy)]
pub struct Stride {
    pub first: usize,
    pub step: usize,
}

/// `parse_column` over field `stride.first + i * stride.step` for row i, so that one column of
/// a tokenized chunk (fields in record order) parses without being copied out first.
pub fn parse_strided(data: &[u8], starts: &[i32], ends: &[i32], stride: Stride, kind: u32, values: Column, status: &mut [u8]) -> u32 {
    let mut bad = 0u32;
    let n = status.len();
    macro_rules! each {
        ($out:expr, $zero:expr, $parse:expr) => {
            for i in 0..n {
                let f = stride.first + i * stride.step;
                let text = trim(&data[starts[f] as usize..ends[f] as usize]);
                if text.is_empty() {
                    $out[i] = $zero;
                    status[i] = NULL;
                    continue;
                }
                match $parse(text) {
                    Some(v) => {
                        $out[i] = v;
                        status[i] = OK;
                    }
                    None => {
                        $out[i] = $zero;
                        status[i] = INVALID;
                        bad += 1;
                    }
                }
            }
        };
    }
    match (kind, values) {
        (KIND_INT32, Column::I32(out)) => {
            each!(out, 0, |t| parse_i64(t).and_then(|v| if v as i32 as i64 == v { Some(v as i32) } else { None }))
        }
        (KIND_DATE, Column::I32(out)) => each!(out, 0, parse_date),
        (KIND_INT64, Column::I64(out)) => each!(out, 0, parse_i64),
        (KIND_TIMESTAMP, Column::I64(out)) => each!(out, 0, parse_timestamp),
        (KIND_FLOAT64, Column::F64(out)) => each!(out, 0.0, parse_f64),
        (k, Column::I64(out)) if base_kind(k) == KIND_DECIMAL => {
            let (precision, scale) = ((k >> 8) & 0xff, (k >> 16) & 0xff);
            each!(out, 0, |t| parse_decimal(t, precision, scale))
        }
        (KIND_BOOL, Column::Bool(out)) => each!(out, 0, |t| parse_bool(t).map(|v| v as u8)),
        _ => return u32::MAX,
    }
    bad
}

pub const CAN_INT32: u32 = 1;
pub const CAN_INT64: u32 = 2;
pub const CAN_FLOAT64: u32 = 4;
pub const CAN_BOOL: u32 = 8;
pub const CAN_DATE: u32 = 16;
pub const CAN_TIMESTAMP: u32 = 32;
/// Set when at least one field was not empty.
pub const HAS_VALUES: u32 = 64;

/// The kinds every non-empty field parses as (a bit set of `CAN_*`), for type inference.
pub fn infer_column(data: &[u8], starts: &[i32], ends: &[i32]) -> u32 {
    let mut mask = CAN_INT32 | CAN_INT64 | CAN_FLOAT64 | CAN_BOOL | CAN_DATE | CAN_TIMESTAMP;
    let mut seen = 0;
    for i in 0..starts.len() {
        let t = trim(&data[starts[i] as usize..ends[i] as usize]);
        if t.is_empty() {
            continue;
        }
        seen = HAS_VALUES;
        if mask & (CAN_INT32 | CAN_INT64) != 0 {
            match parse_i64(t) {
                Some(v) if v as i32 as i64 == v => {}
                Some(_) => mask &= !CAN_INT32,
                None => mask &= !(CAN_INT32 | CAN_INT64),
            }
        }
        if mask & CAN_FLOAT64 != 0 && parse_f64(t).is_none() {
            mask &= !CAN_FLOAT64;
        }
        if mask & CAN_BOOL != 0 && parse_bool(t).is_none() {
            mask &= !CAN_BOOL;
        }
        if mask & CAN_DATE != 0 && parse_date(t).is_none() {
            mask &= !CAN_DATE;
        }
        if mask & CAN_TIMESTAMP != 0 && parse_timestamp(t).is_none() {
            mask &= !CAN_TIMESTAMP;
        }
        if mask == 0 {
            break;
        }
    }
    mask | seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_one_column_out_of_fields_in_record_order() {
        let data = b"1,x,2.5\n2,y,bad";
        let (s, e) = ([0, 2, 4, 8, 10, 12], [1, 3, 7, 9, 11, 15]);
        let mut out = [0.0; 2];
        let mut status = [9u8; 2];
        let bad = parse_strided(data, &s, &e, Stride { first: 2, step: 3 }, KIND_FLOAT64, Column::F64(&mut out), &mut status);
        assert_eq!((bad, out, status), (1, [2.5, 0.0], [OK, INVALID]));
    }

    #[test]
    fn infers_the_kinds_all_values_share() {
        let data = b"1 2 3000000000";
        let (s, e) = ([0, 2, 4], [1, 3, 14]);
        let mask = infer_column(data, &s, &e);
        assert_eq!(mask, CAN_INT64 | CAN_FLOAT64 | HAS_VALUES);
    }
}
