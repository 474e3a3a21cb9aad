//! RFC 4180 field boundaries for one chunk of a CSV stream (https://www.rfc-editor.org/rfc/rfc4180#section-2),
//! resumable across chunk edges.
//!
//! The caller feeds `buffer = carry ++ chunk`, where `carry` is `previous_buffer[consumed..]`
//! (the start of the field still open at the previous edge). The state says how much of the
//! carry was already scanned and where the scanner was, so no byte is scanned twice.
//!
//! Accepted beyond the RFC, as every real reader does: LF and lone CR end records as well as
//! CRLF. Kept but flagged `MALFORMED`, so the caller can report the record as `runtime/csv`
//! does: a quote inside an unquoted field (`a"b`, kept literally), text after a closing quote
//! (`"ab"c`), and a quoted field still open at the end of the input.

pub const RECORD_END: u8 = 1;
pub const QUOTED: u8 = 2;
pub const ESCAPED: u8 = 4;
pub const MALFORMED: u8 = 8;

const CR: u8 = b'\r';
const LF: u8 = b'\n';

/// Where the scanner is inside the open field.
pub const AT_START: u8 = 0;
pub const UNQUOTED: u8 = 1;
pub const IN_QUOTES: u8 = 2;
pub const QUOTE_SEEN: u8 = 3;
pub const AFTER_QUOTES: u8 = 4;
/// An unquoted field that holds a quote (kept, flagged `MALFORMED`).
pub const STRAY_QUOTE: u8 = 5;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct State {
    /// Bytes at the start of the next buffer (the carry) already scanned.
    pub scanned: u32,
    pub phase: u8,
    /// The current record already has fields (so a final empty field exists at EOF).
    pub in_record: bool,
    /// The previous buffer ended on CR: an LF first in the next buffer belongs to it.
    pub skip_lf: bool,
    /// The open quoted field contains `""`.
    pub escaped: bool,
}

pub struct Fields<'a> {
    pub starts: &'a mut [i32],
    pub ends: &'a mut [i32],
    pub flags: &'a mut [u8],
}

/// The first index at or after `j` holding the delimiter, LF, CR or `also` (`buf.len()` if
/// none); pass the delimiter as `also` to look for the terminators only.
#[inline(always)]
fn find_terminator(buf: &[u8], mut j: usize, delim: u8, also: u8) -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        use core::arch::wasm32::*;
        let (d, lf, cr, a) = (u8x16_splat(delim), u8x16_splat(LF), u8x16_splat(CR), u8x16_splat(also));
        while j + 16 <= buf.len() {
            // Safety: j + 16 <= len, and v128_load has no alignment requirement.
            let v = unsafe { v128_load(buf.as_ptr().add(j) as *const v128) };
            let hits = v128_or(v128_or(u8x16_eq(v, d), u8x16_eq(v, lf)), v128_or(u8x16_eq(v, cr), u8x16_eq(v, a)));
            let hits = u8x16_bitmask(hits);
            if hits != 0 {
                return j + hits.trailing_zeros() as usize;
            }
            j += 16;
        }
    }
    while j < buf.len() {
        let c = buf[j];
        if c == delim || c == LF || c == CR || c == also {
            return j;
        }
        j += 1;
    }
    buf.len()
}

/// The first index at or after `j` holding `quote` (`buf.len()` if none).
#[inline(always)]
fn find_byte(buf: &[u8], mut j: usize, quote: u8) -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        use core::arch::wasm32::*;
        let q = u8x16_splat(quote);
        while j + 16 <= buf.len() {
            // Safety: as above.
            let v = unsafe { v128_load(buf.as_ptr().add(j) as *const v128) };
            let hits = u8x16_bitmask(u8x16_eq(v, q));
            if hits != 0 {
                return j + hits.trailing_zeros() as usize;
            }
            j += 16;
        }
    }
    while j < buf.len() && buf[j] != quote {
        j += 1;
    }
    j
}

/// Capacity the outputs need for a buffer of `len` bytes.
pub fn max_fields(len: usize) -> usize {
    len + 1
}

/// Scans `buf`, writes complete fields, returns `(count, consumed)`. With `last`, the open field
/// (if any) is closed at the end of the buffer and the state is reset.
pub fn tokenize(buf: &[u8], delim: u8, quote: u8, state: &mut State, last: bool, out: &mut Fields) -> (usize, usize) {
    #[cfg(target_arch = "wasm32")]
    {
        // Safety: every host the module is meant for runs WebAssembly SIMD (see the build script).
        unsafe { tokenize_simd128(buf, delim, quote, state, last, out) }
    }
    #[cfg(not(target_arch = "wasm32"))]
    tokenize_body(buf, delim, quote, state, last, out)
}

/// SIMD is enabled for this function only: enabled crate-wide, LLVM vectorizes the hashing loops
/// of other kernels into slower code.
#[cfg(target_arch = "wasm32")]
#[target_feature(enable = "simd128")]
unsafe fn tokenize_simd128(buf: &[u8], delim: u8, quote: u8, state: &mut State, last: bool, out: &mut Fields) -> (usize, usize) {
    tokenize_body(buf, delim, quote, state, last, out)
}

#[inline(always)]
fn tokenize_body(buf: &[u8], delim: u8, quote: u8, state: &mut State, last: bool, out: &mut Fields) -> (usize, usize) {
    let len = buf.len();
    let mut n = 0usize;
    let mut field_start = 0usize;
    let mut consumed = 0usize;
    let mut i = state.scanned as usize;
    let mut phase = state.phase;
    let mut escaped = state.escaped;
    let mut in_record = state.in_record;
    if state.skip_lf && len > 0 {
        if buf[0] == LF {
            field_start = 1;
            consumed = 1;
            i = 1;
        }
        state.skip_lf = false;
    }
    let mut skip_lf = state.skip_lf;

    macro_rules! terminate {
        ($t:expr, $s:expr, $e:expr, $f:expr) => {{
            let t: usize = $t;
            let mut f: u8 = $f;
            let c = buf[t];
            let next;
            if c == delim {
                in_record = true;
                next = t + 1;
            } else {
                f |= RECORD_END;
                in_record = false;
                if c == CR {
                    if t + 1 < len {
                        next = if buf[t + 1] == LF { t + 2 } else { t + 1 };
                    } else {
                        next = t + 1;
                        skip_lf = true;
                    }
                } else {
                    next = t + 1;
                }
            }
            out.starts[n] = $s as i32;
            out.ends[n] = $e as i32;
            out.flags[n] = f;
            n += 1;
            field_start = next;
            consumed = next;
            i = next;
            phase = AT_START;
            escaped = false;
        }};
    }

    while i < len {
        match phase {
            AT_START => {
                if buf[i] == quote {
                    phase = IN_QUOTES;
                    i += 1;
                } else {
                    phase = UNQUOTED;
                }
            }
            UNQUOTED => {
                // Runs of unquoted fields (most CSV) stay in this loop instead of going
                // through AT_START for every field.
                loop {
                    let j = find_terminator(buf, i, delim, quote);
                    if j == len {
                        i = len;
                        break;
                    }
                    if buf[j] == quote {
                        phase = STRAY_QUOTE;
                        i = j + 1;
                        break;
                    }
                    terminate!(j, field_start, j, 0);
                    if i >= len || buf[i] == quote || skip_lf {
                        break;
                    }
                    phase = UNQUOTED;
                }
            }
            IN_QUOTES => {
                let j = find_byte(buf, i, quote);
                if j == len {
                    i = len;
                } else {
                    phase = QUOTE_SEEN;
                    i = j + 1;
                }
            }
            QUOTE_SEEN => {
                let c = buf[i];
                if c == quote {
                    escaped = true;
                    phase = IN_QUOTES;
                    i += 1;
                } else if c == delim || c == LF || c == CR {
                    let f = QUOTED | if escaped { ESCAPED } else { 0 };
                    terminate!(i, field_start + 1, i - 1, f);
                } else {
                    phase = AFTER_QUOTES;
                }
            }
            STRAY_QUOTE => {
                let j = find_terminator(buf, i, delim, delim);
                if j == len {
                    i = len;
                } else {
                    terminate!(j, field_start, j, MALFORMED);
                }
            }
            _ => {
                let j = find_terminator(buf, i, delim, delim);
                if j == len {
                    i = len;
                } else {
                    let f = QUOTED | MALFORMED | if escaped { ESCAPED } else { 0 };
                    terminate!(j, field_start + 1, j, f);
                }
            }
        }
    }

    if last {
        let esc = if escaped { ESCAPED } else { 0 };
        let field = match phase {
            UNQUOTED => Some((field_start, len, 0)),
            IN_QUOTES => Some((field_start + 1, len, QUOTED | MALFORMED | esc)),
            QUOTE_SEEN => Some((field_start + 1, len - 1, QUOTED | esc)),
            AFTER_QUOTES => Some((field_start + 1, len, QUOTED | MALFORMED | esc)),
            STRAY_QUOTE => Some((field_start, len, MALFORMED)),
            _ if in_record => Some((len, len, 0)),
            _ => None,
        };
        if let Some((s, e, f)) = field {
            out.starts[n] = s as i32;
            out.ends[n] = e as i32;
            out.flags[n] = f | RECORD_END;
            n += 1;
        }
        *state = State::default();
        return (n, len);
    }
    *state = State { scanned: (len - consumed) as u32, phase, in_record, skip_lf, escaped };
    (n, consumed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(chunks: &[&str]) -> Vec<(String, u8)> {
        let mut state = State::default();
        let mut carry: Vec<u8> = Vec::new();
        let mut fields = Vec::new();
        for (k, chunk) in chunks.iter().enumerate() {
            let mut buf = carry.clone();
            buf.extend_from_slice(chunk.as_bytes());
            let cap = max_fields(buf.len());
            let (mut s, mut e, mut f) = (vec![0; cap], vec![0; cap], vec![0u8; cap]);
            let last = k == chunks.len() - 1;
            let (n, consumed) =
                tokenize(&buf, b',', b'"', &mut state, last, &mut Fields { starts: &mut s, ends: &mut e, flags: &mut f });
            for x in 0..n {
                let mut text = String::from_utf8(buf[s[x] as usize..e[x] as usize].to_vec()).unwrap();
                if f[x] & ESCAPED != 0 {
                    text = text.replace("\"\"", "\"");
                }
                fields.push((text, f[x]));
            }
            carry = buf[consumed..].to_vec();
        }
        fields
    }

    #[test]
    fn splits_quoted_fields_with_escapes_and_newlines() {
        let got = run(&["a,\"b \"\"x\"\"\r\ny\",c\r\n1,2,3"]);
        assert_eq!(got[0], ("a".into(), 0));
        assert_eq!(got[1], ("b \"x\"\r\ny".into(), QUOTED | ESCAPED));
        assert_eq!(got[2], ("c".into(), RECORD_END));
        assert_eq!(got[5], ("3".into(), RECORD_END));
        assert_eq!(got.len(), 6);
    }

    #[test]
    fn gives_the_same_fields_for_every_chunking() {
        let text = "id,name\r\n1,\"a,\"\"b\"\"\"\r\n2,\"x\r\ny\"\n3,\n\"\",\"\"\"\"\r";
        let whole = run(&[text]);
        for cut in 0..=text.len() {
            for cut2 in cut..=text.len() {
                let got = run(&[&text[..cut], &text[cut..cut2], &text[cut2..]]);
                assert_eq!(got, whole, "cut at {} and {}", cut, cut2);
            }
        }
    }

    #[test]
    fn ends_the_last_record_without_a_newline_and_after_a_trailing_delimiter() {
        assert_eq!(run(&["a,"]), vec![("a".into(), 0), ("".into(), RECORD_END)]);
        assert_eq!(run(&["a\n"]), vec![("a".into(), RECORD_END)]);
        assert_eq!(run(&[""]), vec![]);
    }

    #[test]
    fn flags_stray_quotes_text_after_a_closing_quote_and_an_unterminated_quote() {
        assert_eq!(run(&["\"ab\"c,d"])[0], ("ab\"c".into(), QUOTED | MALFORMED));
        assert_eq!(run(&["\"ab"])[0], ("ab".into(), QUOTED | MALFORMED | RECORD_END));
        assert_eq!(run(&["a\"b,c"])[0], ("a\"b".into(), MALFORMED));
        assert_eq!(run(&["x,a\"b"])[1], ("a\"b".into(), MALFORMED | RECORD_END));
    }
}
