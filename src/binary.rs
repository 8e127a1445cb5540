//! The compact binary encoding shoshin's caches are written in: whole
//! numbers seven bits a byte, texts and lists after their lengths, a tag
//! byte before an optional value, eight little-endian bytes for an `i64`.
//! Reading checks every length and tag and gives `None` for anything it
//! does not understand, so that a damaged cache is never read as data.
//!
//! The records cache (`load::cache::codec`) is read only by the build that
//! wrote it. The history cache (`history::cache`) is kept across versions
//! of shoshin under a version number of its own: a change to how this
//! module writes a value must bump that number too.

use std::ops::Range;
use std::path::PathBuf;

/// Bytes being written.
pub(crate) struct Writer {
    /// What is written so far.
    pub(crate) bytes: Vec<u8>,
}

impl Writer {
    /// A writer appending to `bytes`.
    pub(crate) fn new(bytes: Vec<u8>) -> Writer {
        Writer { bytes }
    }

    /// A whole number, seven bits a byte (LEB128).
    pub(crate) fn number(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.bytes.push(n as u8 | 0x80);
            n >>= 7;
        }
        self.bytes.push(n as u8);
    }

    /// A text: its length, then its bytes.
    pub(crate) fn text(&mut self, text: &str) {
        self.number(text.len() as u64);
        self.bytes.extend_from_slice(text.as_bytes());
    }
}

/// Bytes being read; every read is `None` past their end.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    /// A reader of `bytes`, from the first.
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes }
    }

    /// Whether every byte was read.
    pub(crate) fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// One byte.
    pub(crate) fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(first)
    }

    /// A whole number, as [`Writer::number`] writes it.
    pub(crate) fn number(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            n |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Some(n);
            }
        }
        None
    }

    /// The next `len` bytes.
    pub(crate) fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        if len > self.bytes.len() {
            return None;
        }
        let (taken, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        Some(taken)
    }

    /// A length of a list, no more than the bytes left (each element takes
    /// at least one).
    pub(crate) fn length(&mut self) -> Option<usize> {
        let len = usize::try_from(self.number()?).ok()?;
        (len <= self.bytes.len()).then_some(len)
    }
}

/// Written by [`Writer`].
pub(crate) trait Encode {
    /// Appends the value to `out`.
    fn encode(&self, out: &mut Writer);
}

/// Read by [`Reader`].
pub(crate) trait Decode: Sized {
    /// The value next in `input`; `None` for anything not written by
    /// [`Encode::encode`].
    fn decode(input: &mut Reader) -> Option<Self>;
}

impl Encode for u64 {
    fn encode(&self, out: &mut Writer) {
        out.number(*self);
    }
}

impl Decode for u64 {
    fn decode(input: &mut Reader) -> Option<Self> {
        input.number()
    }
}

impl Encode for usize {
    fn encode(&self, out: &mut Writer) {
        out.number(*self as u64);
    }
}

impl Decode for usize {
    fn decode(input: &mut Reader) -> Option<Self> {
        usize::try_from(input.number()?).ok()
    }
}

impl Encode for u8 {
    fn encode(&self, out: &mut Writer) {
        out.bytes.push(*self);
    }
}

impl Decode for u8 {
    fn decode(input: &mut Reader) -> Option<Self> {
        input.byte()
    }
}

impl Encode for i64 {
    fn encode(&self, out: &mut Writer) {
        out.bytes.extend_from_slice(&self.to_le_bytes());
    }
}

impl Decode for i64 {
    fn decode(input: &mut Reader) -> Option<Self> {
        Some(bits(input)? as i64)
    }
}

impl Encode for bool {
    fn encode(&self, out: &mut Writer) {
        out.bytes.push(u8::from(*self));
    }
}

impl Decode for bool {
    fn decode(input: &mut Reader) -> Option<Self> {
        match input.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Encode for String {
    fn encode(&self, out: &mut Writer) {
        out.text(self);
    }
}

impl Decode for String {
    fn decode(input: &mut Reader) -> Option<Self> {
        let len = input.length()?;
        let bytes = input.take(len)?;
        std::str::from_utf8(bytes).ok().map(str::to_string)
    }
}

impl Encode for PathBuf {
    fn encode(&self, out: &mut Writer) {
        // Written as text: a cache that needs paths exact turns away those
        // that are not UTF-8 (the records cache's `can_encode`).
        out.text(&self.to_string_lossy());
    }
}

impl Decode for PathBuf {
    fn decode(input: &mut Reader) -> Option<Self> {
        String::decode(input).map(PathBuf::from)
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self, out: &mut Writer) {
        match self {
            None => out.bytes.push(0),
            Some(value) => {
                out.bytes.push(1);
                value.encode(out);
            }
        }
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(input: &mut Reader) -> Option<Self> {
        match input.byte()? {
            0 => Some(None),
            1 => T::decode(input).map(Some),
            _ => None,
        }
    }
}

impl<T: Encode> Encode for [T] {
    fn encode(&self, out: &mut Writer) {
        out.number(self.len() as u64);
        for value in self {
            value.encode(out);
        }
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self, out: &mut Writer) {
        self.as_slice().encode(out);
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(input: &mut Reader) -> Option<Self> {
        let len = input.length()?;
        // Room for the usual few elements; a longer list grows as it is read.
        let mut list = Vec::with_capacity(len.min(64));
        for _ in 0..len {
            list.push(T::decode(input)?);
        }
        Some(list)
    }
}

impl Encode for Range<usize> {
    fn encode(&self, out: &mut Writer) {
        self.start.encode(out);
        self.end.encode(out);
    }
}

impl Decode for Range<usize> {
    fn decode(input: &mut Reader) -> Option<Self> {
        Some(usize::decode(input)?..usize::decode(input)?)
    }
}

impl<A: Encode, B: Encode> Encode for (A, B) {
    fn encode(&self, out: &mut Writer) {
        self.0.encode(out);
        self.1.encode(out);
    }
}

impl<A: Decode, B: Decode> Decode for (A, B) {
    fn decode(input: &mut Reader) -> Option<Self> {
        Some((A::decode(input)?, B::decode(input)?))
    }
}

/// Eight bytes, little-endian.
pub(crate) fn bits(input: &mut Reader) -> Option<u64> {
    Some(u64::from_le_bytes(input.take(8)?.try_into().ok()?))
}

impl Encode for i32 {
    fn encode(&self, out: &mut Writer) {
        out.bytes.extend_from_slice(&self.to_le_bytes());
    }
}

impl Decode for i32 {
    fn decode(input: &mut Reader) -> Option<Self> {
        Some(i32::from_le_bytes(input.take(4)?.try_into().ok()?))
    }
}
