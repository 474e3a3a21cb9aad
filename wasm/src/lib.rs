//! The one `extern "C"` boundary of the kernels. Every function takes pointers into linear
//! memory that the caller got from `dk_alloc`; outputs are caller-allocated too, so no Rust
//! value crosses the boundary. Everything below this file is plain Rust with native tests.
//!
//! From TypeScript (see `wasm/wasm-kernels.ts`):
//! ```ts
//! const p = exports.dk_alloc(bytes.length); new Uint8Array(memory.buffer, p, bytes.length).set(bytes);
//! const n = exports.dk_csv_tokenize(p, bytes.length, 44, 34, statePtr, 0, startsPtr, endsPtr, flagsPtr);
//! exports.dk_free(p, bytes.length);
//! ```

pub mod csv;
pub mod gather;
#[cfg(target_arch = "wasm32")]
pub mod histogram_x4;
pub mod murmur3;
#[cfg(target_arch = "wasm32")]
pub mod murmur3_x4;
pub mod parse;
pub mod pii;
pub mod sketch_hash;
pub mod stats;
#[cfg(target_arch = "wasm32")]
pub mod stats_x4;
pub mod transforms;
pub mod utf8_prefix;

use core::slice::{from_raw_parts as view, from_raw_parts_mut as view_mut};
use std::alloc::{alloc, dealloc, Layout};

/// Every allocation is 8-aligned so that i64/f64 arrays can live in it.
#[no_mangle]
pub extern "C" fn dk_alloc(size: usize) -> *mut u8 {
    unsafe { alloc(Layout::from_size_align_unchecked(size.max(1), 8)) }
}

#[no_mangle]
pub unsafe extern "C" fn dk_free(ptr: *mut u8, size: usize) {
    dealloc(ptr, Layout::from_size_align_unchecked(size.max(1), 8));
}

unsafe fn validity<'a>(ptr: *const u8, n: usize) -> Option<&'a [u8]> {
    if ptr.is_null() {
        None
    } else {
        Some(view(ptr, n))
    }
}

/// HyperLogLog registers, or none when the caller wants no sketch (a null pointer).
unsafe fn sketch<'a>(ptr: *mut u8) -> Option<&'a mut [u8]> {
    if ptr.is_null() {
        None
    } else {
        Some(view_mut(ptr, stats::HLL_REGISTERS))
    }
}

/// State words: [scanned, phase, in_record, skip_lf, escaped, consumed (out)].
/// Outputs need room for `len + 1` fields. Returns the number of fields written.
#[no_mangle]
pub unsafe extern "C" fn dk_csv_tokenize(
    buf: *const u8,
    len: usize,
    delim: u32,
    quote: u32,
    state: *mut i32,
    last: u32,
    starts: *mut i32,
    ends: *mut i32,
    flags: *mut u8,
) -> u32 {
    let words = view_mut(state, 6);
    let mut st = csv::State {
        scanned: words[0] as u32,
        phase: words[1] as u8,
        in_record: words[2] != 0,
        skip_lf: words[3] != 0,
        escaped: words[4] != 0,
    };
    let cap = csv::max_fields(len);
    let mut out = csv::Fields { starts: view_mut(starts, cap), ends: view_mut(ends, cap), flags: view_mut(flags, cap) };
    let (n, consumed) = csv::tokenize(view(buf, len), delim as u8, quote as u8, &mut st, last != 0, &mut out);
    words[0] = st.scanned as i32;
    words[1] = st.phase as i32;
    words[2] = st.in_record as i32;
    words[3] = st.skip_lf as i32;
    words[4] = st.escaped as i32;
    words[5] = consumed as i32;
    n as u32
}

/// `values` holds n i32 (int32, date), i64 (int64, timestamp, decimal), f64 (float64) or u8 (bool).
/// Returns the number of invalid values.
#[no_mangle]
pub unsafe extern "C" fn dk_parse_column(
    data: *const u8,
    data_len: usize,
    starts: *const i32,
    ends: *const i32,
    n: usize,
    kind: u32,
    values: *mut u8,
    status: *mut u8,
) -> u32 {
    let column = column_out(kind, values, n);
    parse::parse_column(view(data, data_len), view(starts, n), view(ends, n), kind, column, view_mut(status, n))
}

/// Kind word of a text column in `dk_csv_columns`.
pub const KIND_TEXT: u32 = 254;

/// Every column of a run of whole records of a tokenized chunk in one call (fields in record
/// order, `rows * columns` of them, the order `dk_csv_tokenize` writes whole records in): a column of a parse kind is parsed
/// into `values[c]`/`status[c]` with `counts[c]` its invalid values; a `KIND_TEXT` column is
/// gathered (`gather::gather_text`) into `arena`, column after column, with `values[c]` its
/// `rows + 1` offsets (from `bases[c]`), `status[c]` its validity and `counts[c]` its bytes —
/// or `u32::MAX`, and the call stops, when a field lies outside `data` or fields overlap (the
/// arena has `data_len` bytes, which fields that do not overlap never outgrow). Null tokens are `tokens[token_offsets[i]..[i + 1]]`.
#[no_mangle]
pub unsafe extern "C" fn dk_csv_columns(
    data: *const u8,
    data_len: usize,
    starts: *const i32,
    ends: *const i32,
    flags: *const u8,
    rows: usize,
    columns: usize,
    kinds: *const u32,
    values: *const u32,
    status: *const u32,
    counts: *mut u32,
    bases: *const i32,
    quote: u32,
    tokens: *const u8,
    tokens_len: usize,
    token_offsets: *const i32,
    token_count: usize,
    arena: *mut u8,
) {
    let fields = rows * columns;
    let (data, starts, ends, flags) = (view(data, data_len), view(starts, fields), view(ends, fields), view(flags, fields));
    let (kinds, values, status, bases) = (view(kinds, columns), view(values, columns), view(status, columns), view(bases, columns));
    let counts = view_mut(counts, columns);
    let nulls = gather::NullTokens { data: view(tokens, tokens_len), offsets: view(token_offsets, token_count + 1) };
    let mut used = 0usize;
    for c in 0..columns {
        let stride = parse::Stride { first: c, step: columns };
        if kinds[c] == KIND_TEXT {
            let out = gather::TextOut {
                bytes: view_mut(arena.add(used), data_len - used),
                offsets: view_mut(values[c] as *mut i32, rows + 1),
                valid: view_mut(status[c] as *mut u8, rows),
                base: bases[c],
            };
            match gather::gather_text(data, starts, ends, flags, stride, quote as u8, &nulls, out) {
                Some(n) => {
                    counts[c] = n as u32;
                    used += n;
                }
                None => {
                    counts[c] = u32::MAX;
                    return;
                }
            }
        } else {
            let out = column_out(kinds[c], values[c] as *mut u8, rows);
            counts[c] = parse::parse_strided(data, starts, ends, stride, kinds[c], out, view_mut(status[c] as *mut u8, rows));
        }
    }
}

unsafe fn column_out<'a>(kind: u32, values: *mut u8, n: usize) -> parse::Column<'a> {
    match parse::base_kind(kind) {
        parse::KIND_INT32 | parse::KIND_DATE => parse::Column::I32(view_mut(values as *mut i32, n)),
        parse::KIND_INT64 | parse::KIND_TIMESTAMP | parse::KIND_DECIMAL => parse::Column::I64(view_mut(values as *mut i64, n)),
        parse::KIND_FLOAT64 => parse::Column::F64(view_mut(values as *mut f64, n)),
        _ => parse::Column::Bool(view_mut(values, n)),
    }
}

#[no_mangle]
pub unsafe extern "C" fn dk_infer_column(data: *const u8, data_len: usize, starts: *const i32, ends: *const i32, n: usize) -> u32 {
    parse::infer_column(view(data, data_len), view(starts, n), view(ends, n))
}

/// out: [values, nulls, nans, min, max] as f64; registers: 4096 bytes, updated in place, or null.
#[no_mangle]
pub unsafe extern "C" fn dk_stats_f64(values: *const f64, valid: *const u8, n: usize, registers: *mut u8, out: *mut f64) {
    let s = stats::stats_f64(view(values, n), validity(valid, n), sketch(registers));
    let o = view_mut(out, 5);
    o.copy_from_slice(&[s.values as f64, s.nulls as f64, s.nans as f64, s.min, s.max]);
}

/// counts: [values, nulls]; minmax: [min, max].
#[no_mangle]
pub unsafe extern "C" fn dk_stats_i64(values: *const i64, valid: *const u8, n: usize, registers: *mut u8, counts: *mut u32, minmax: *mut i64) {
    let s = stats::stats_i64(view(values, n), validity(valid, n), sketch(registers));
    view_mut(counts, 2).copy_from_slice(&[s.values, s.nulls]);
    view_mut(minmax, 2).copy_from_slice(&[s.min, s.max]);
}

#[no_mangle]
pub unsafe extern "C" fn dk_stats_i32(values: *const i32, valid: *const u8, n: usize, registers: *mut u8, counts: *mut u32, minmax: *mut i32) {
    let s = stats::stats_i32(view(values, n), validity(valid, n), sketch(registers));
    view_mut(counts, 2).copy_from_slice(&[s.values, s.nulls]);
    view_mut(minmax, 2).copy_from_slice(&[s.min, s.max]);
}

/// out: [values, nulls, min_row, max_row, lower_len, upper_len (-1: no upper bound)];
/// lower/upper need `4 * truncate_to` bytes each.
#[no_mangle]
pub unsafe extern "C" fn dk_stats_str(
    data: *const u8,
    data_len: usize,
    offsets: *const i32,
    n: usize,
    valid: *const u8,
    registers: *mut u8,
    truncate_to: usize,
    out: *mut i32,
    lower: *mut u8,
    upper: *mut u8,
) {
    let data = view(data, data_len);
    let offsets = view(offsets, n + 1);
    let s = stats::stats_str(data, offsets, validity(valid, n), sketch(registers));
    let o = view_mut(out, 6);
    o[0] = s.values as i32;
    o[1] = s.nulls as i32;
    o[2] = s.min_row;
    o[3] = s.max_row;
    o[4] = -1;
    o[5] = -1;
    if s.min_row >= 0 {
        let at = |r: i32| &data[offsets[r as usize] as usize..offsets[r as usize + 1] as usize];
        let lo = stats::truncate_lower(at(s.min_row), truncate_to);
        view_mut(lower, lo.len()).copy_from_slice(lo);
        o[4] = lo.len() as i32;
        if let Some(hi) = stats::truncate_upper(at(s.max_row), truncate_to) {
            view_mut(upper, hi.len()).copy_from_slice(&hi);
            o[5] = hi.len() as i32;
        }
    }
}

/// kind: 0 f64, 1 i64, 2 i32.
#[no_mangle]
pub unsafe extern "C" fn dk_histogram(values: *const u8, kind: u32, valid: *const u8, n: usize, lo: f64, hi: f64, bins: *mut u32, count: usize) {
    let bins = view_mut(bins, count);
    let valid = validity(valid, n);
    match kind {
        0 => stats::histogram(view(values as *const f64, n), valid, lo, hi, bins),
        1 => stats::histogram(view(values as *const i64, n), valid, lo, hi, bins),
        _ => stats::histogram(view(values as *const i32, n), valid, lo, hi, bins),
    }
}

/// kind: 0 i32 (int, date), 1 i64 (long, time, timestamp), 2 decimal (unscaled i64).
/// `buckets` 0 writes the raw hash.
#[no_mangle]
pub unsafe extern "C" fn dk_bucket_numbers(values: *const u8, kind: u32, n: usize, buckets: i32, out: *mut i32) {
    let out = view_mut(out, n);
    match kind {
        0 => transforms::bucket_i32(view(values as *const i32, n), buckets, out),
        1 => transforms::bucket_i64(view(values as *const i64, n), buckets, out),
        _ => transforms::bucket_decimal(view(values as *const i64, n), buckets, out),
    }
}

#[no_mangle]
pub unsafe extern "C" fn dk_bucket_bytes(data: *const u8, data_len: usize, offsets: *const i32, n: usize, buckets: i32, out: *mut i32) {
    transforms::bucket_bytes(view(data, data_len), view(offsets, n + 1), buckets, view_mut(out, n));
}

#[no_mangle]
pub unsafe extern "C" fn dk_truncate_i32(values: *const i32, n: usize, width: i32, out: *mut i32) {
    transforms::truncate_i32(view(values, n), width, view_mut(out, n));
}

#[no_mangle]
pub unsafe extern "C" fn dk_truncate_i64(values: *const i64, n: usize, width: i64, out: *mut i64) {
    transforms::truncate_i64(view(values, n), width, view_mut(out, n));
}

/// Writes the byte length of each value's first `width` code points.
#[no_mangle]
pub unsafe extern "C" fn dk_truncate_str(data: *const u8, data_len: usize, offsets: *const i32, n: usize, width: i32, out: *mut i32) {
    transforms::truncate_str(view(data, data_len), view(offsets, n + 1), width, view_mut(out, n));
}

/// counts: 7 u32; samples: 7 × `per_kind` i32.
#[no_mangle]
pub unsafe extern "C" fn dk_pii_scan(
    data: *const u8,
    data_len: usize,
    offsets: *const i32,
    n: usize,
    valid: *const u8,
    per_kind: usize,
    counts: *mut u32,
    samples: *mut i32,
) {
    pii::scan_column(
        view(data, data_len),
        view(offsets, n + 1),
        validity(valid, n),
        view_mut(counts, pii::KINDS),
        view_mut(samples, pii::KINDS * per_kind),
    );
}
