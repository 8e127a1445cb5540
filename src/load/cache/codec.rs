//! The load cache's encoding of a record and the diagnostics found while
//! loading it: a compact binary form, written and read only by the same
//! build of shoshin (the cache's fingerprint says which), so it needs no
//! compatibility with older versions. Reading checks every length and tag
//! and gives `None` for anything it does not understand: a damaged cache
//! makes the file load again, never a wrong record.
//!
//! A record's `file` and `source`, and each diagnostic's `file`, are not
//! encoded: they are the file the cache entry is kept for, and its text.

use crate::binary::{bits, Decode, Encode, Reader, Writer};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::{
    Estimate, FileLink, Kind, Origin, Record, Reference, Relation, Section, SourceFormat, Task,
};
use serde_json::{Map, Number, Value};
use std::path::{Path, PathBuf};

/// True when [`encode`] keeps all of `record` and `diagnostics`, loaded
/// from `record.file`: not for a record of an existing format, a path that
/// is not UTF-8, or a diagnostic about another file.
pub fn can_encode(record: &Record, diagnostics: &[Diagnostic]) -> bool {
    let paths = std::iter::once(&record.file).chain(record.file_links.iter().filter_map(|l| l.path.as_ref()));
    record.format == SourceFormat::Native
        && record.reading.is_none()
        && paths.into_iter().all(|p| p.to_str().is_some())
        && diagnostics.iter().all(|d| d.file == record.file)
}

/// Appends the encoding of `record` and `diagnostics` to `bytes`; for those
/// [`can_encode`] accepts.
pub fn encode(record: &Record, diagnostics: &[Diagnostic], bytes: &mut Vec<u8>) {
    let mut out = Writer::new(std::mem::take(bytes));
    record.encode(&mut out);
    diagnostics.encode(&mut out);
    *bytes = out.bytes;
}

/// Decodes what [`encode`] wrote for the file `path`; the record's `source`
/// is left empty, for the caller to fill.
pub fn decode(bytes: &[u8], path: &Path) -> Option<(Record, Vec<Diagnostic>)> {
    let mut input = Reader::new(bytes);
    let mut record = Record::decode(&mut input)?;
    let mut diagnostics = Vec::<Diagnostic>::decode(&mut input)?;
    if !input.is_empty() {
        return None;
    }
    record.file = path.to_path_buf();
    for diagnostic in &mut diagnostics {
        diagnostic.file = path.to_path_buf();
    }
    Some((record, diagnostics))
}

/// Enums without data, each variant written as its number. The match in
/// `encode` names every variant, so a variant added later fails to compile
/// here until it has a number.
macro_rules! numbered {
    ($($type:ident { $($variant:ident = $number:literal),* $(,)? })*) => {$(
        impl Encode for $type {
            fn encode(&self, out: &mut Writer) {
                out.bytes.push(match self { $($type::$variant => $number,)* });
            }
        }

        impl Decode for $type {
            fn decode(input: &mut Reader) -> Option<Self> {
                match input.byte()? {
                    $($number => Some($type::$variant),)*
                    _ => None,
                }
            }
        }
    )*};
}

numbered! {
    Kind { Item = 0, Decision = 1, Session = 2 }
    Relation {
        Parent = 0,
        DependsOn = 1,
        Decision = 2,
        Item = 3,
        Supersedes = 4,
        SupersededBy = 5,
        Amends = 6,
        Mention = 7,
    }
    Origin { FrontMatter = 0, WikiLink = 1, MarkdownLink = 2, BareId = 3 }
    Severity { Error = 0, Warning = 1, Info = 2 }
}

/// Codes by their position in [`Code::ALL`], which lists every code (the
/// macro that declares them makes both).
impl Encode for Code {
    fn encode(&self, out: &mut Writer) {
        let position = Code::ALL.iter().position(|code| code == self);
        out.number(position.unwrap_or(Code::ALL.len()) as u64);
    }
}

impl Decode for Code {
    fn decode(input: &mut Reader) -> Option<Self> {
        Code::ALL.get(usize::decode(input)?).copied()
    }
}

impl Encode for Estimate {
    fn encode(&self, out: &mut Writer) {
        match self {
            Estimate::Points(points) => {
                out.bytes.push(0);
                out.bytes.extend_from_slice(&points.to_bits().to_le_bytes());
            }
            Estimate::Size(size) => {
                out.bytes.push(1);
                size.encode(out);
            }
        }
    }
}

impl Decode for Estimate {
    fn decode(input: &mut Reader) -> Option<Self> {
        match input.byte()? {
            0 => Some(Estimate::Points(f64::from_bits(bits(input)?))),
            1 => String::decode(input).map(Estimate::Size),
            _ => None,
        }
    }
}

impl Encode for Value {
    fn encode(&self, out: &mut Writer) {
        match self {
            Value::Null => out.bytes.push(0),
            Value::Bool(false) => out.bytes.push(1),
            Value::Bool(true) => out.bytes.push(2),
            Value::Number(n) => {
                if let Some(n) = n.as_u64() {
                    out.bytes.push(3);
                    out.number(n);
                } else if let Some(n) = n.as_i64() {
                    out.bytes.push(4);
                    out.bytes.extend_from_slice(&n.to_le_bytes());
                } else {
                    out.bytes.push(5);
                    let n = n.as_f64().unwrap_or(f64::NAN);
                    out.bytes.extend_from_slice(&n.to_bits().to_le_bytes());
                }
            }
            Value::String(text) => {
                out.bytes.push(6);
                out.text(text);
            }
            Value::Array(list) => {
                out.bytes.push(7);
                list.encode(out);
            }
            Value::Object(map) => {
                out.bytes.push(8);
                map.encode(out);
            }
        }
    }
}

impl Decode for Value {
    fn decode(input: &mut Reader) -> Option<Self> {
        Some(match input.byte()? {
            0 => Value::Null,
            1 => Value::Bool(false),
            2 => Value::Bool(true),
            3 => Value::Number(input.number()?.into()),
            4 => Value::Number((bits(input)? as i64).into()),
            5 => Value::Number(Number::from_f64(f64::from_bits(bits(input)?))?),
            6 => Value::String(String::decode(input)?),
            7 => Value::Array(Vec::decode(input)?),
            8 => Value::Object(Map::decode(input)?),
            _ => return None,
        })
    }
}

impl Encode for crate::front_matter::FrontMatter {
    fn encode(&self, out: &mut Writer) {
        out.text(self.json());
        self.has_other_keys().encode(out);
    }
}

impl Decode for crate::front_matter::FrontMatter {
    fn decode(input: &mut Reader) -> Option<Self> {
        let json = String::decode(input)?;
        crate::front_matter::FrontMatter::from_cached(json, bool::decode(input)?)
    }
}

impl Encode for Map<String, Value> {
    fn encode(&self, out: &mut Writer) {
        out.number(self.len() as u64);
        for (key, value) in self {
            out.text(key);
            value.encode(out);
        }
    }
}

impl Decode for Map<String, Value> {
    fn decode(input: &mut Reader) -> Option<Self> {
        let len = input.length()?;
        let mut map = Map::new();
        for _ in 0..len {
            let key = String::decode(input)?;
            map.insert(key, Value::decode(input)?);
        }
        (map.len() == len).then_some(map)
    }
}

/// Structs written field by field, in the order listed; `$skipped` fields
/// are not written and read back as given.
macro_rules! fields {
    ($($type:ident { $($field:ident),* } else { $($skipped:ident: $value:expr),* };)*) => {$(
        impl Encode for $type {
            fn encode(&self, out: &mut Writer) {
                $(self.$field.encode(out);)*
            }
        }

        impl Decode for $type {
            fn decode(input: &mut Reader) -> Option<Self> {
                Some($type {
                    $($field: Decode::decode(input)?,)*
                    $($skipped: $value,)*
                })
            }
        }
    )*};
}

fields! {
    Task { text, done, owner, line } else {};
    Section { heading, key, level, line, lead, chars, tasks } else {};
    Reference { target, relation, origin, span } else {};
    FileLink { destination, path, span } else {};
    Diagnostic { code, severity, line, column, span, message, help } else { file: PathBuf::new() };
    Record {
        id, kind, title, status, date, item_type, priority, estimate, owner, timebox,
        confidence, tags, deciders, consulted, informed, facilitator, participants,
        first_proposal, duration, references, file_links, sections, front_matter, body_start,
        prose_tokens
    } else {
        file: PathBuf::new(),
        source: Default::default(),
        released: None,
        format: SourceFormat::Native,
        reading: None
    };
}
