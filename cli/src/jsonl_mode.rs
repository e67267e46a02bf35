//! `sign --jsonl`: JSON Lines on stdin, each object on stdout with the hash
//! of one member added as its last member.
//!
//! Lines come in blocks from `batch`'s reader thread; each line is checked
//! with serde_json (only the signed member is kept, every other value is
//! skipped), the signed values of up to `ITEMS_PER_BATCH` lines are packed
//! into the core's `PackedBatch` and signed at once, and the line is written
//! back unchanged but for the added member.

use std::borrow::Cow;
use std::fmt;
use std::io;
use std::sync::mpsc;
use std::thread;

use identity_hmac::{ErrorCode, HASH_HEX_LEN, HashFormat, PackedBatch, Signer};
use serde_core::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::batch::{self, ITEMS_PER_BATCH, MAX_LINE_BYTES, Progress, QUEUE_LEN, RECYCLE_LIMIT, ReadError};
use crate::failure::Failure;

const BOM: &[u8] = b"\xef\xbb\xbf";

/// What `sign --jsonl` signs and adds.
pub struct JsonlOptions {
    pub field: String,
    pub output_field: String,
}

/// One input line, once checked.
enum Line {
    /// Only white space: written back as an empty line.
    Blank,
    /// An object whose closing `}` is at this byte offset; its value is in the batch.
    Object { close: usize },
}

/// Why a line cannot be signed, without any of its values.
enum LineError {
    NotUtf8 { at: usize },
    NotAnObject,
    Json(serde_json::Error),
    Missing,
    Duplicate,
    OutputExists,
    WrongType(&'static str),
    OutOfMemory,
}

/// Reads JSON Lines on stdin and writes them with the added member to stdout.
pub fn sign_jsonl(signer: &Signer, options: &JsonlOptions, progress: &Progress) -> Result<(), Failure> {
    let (block_tx, block_rx) = mpsc::sync_channel(QUEUE_LEN);
    let (spare_block_tx, spare_block_rx) = mpsc::channel();
    let (output_tx, output_rx) = mpsc::sync_channel(QUEUE_LEN);
    let (spare_output_tx, spare_output_rx) = mpsc::channel();
    let reader = thread::spawn(move || batch::read_blocks(&block_tx, &spare_block_rx));
    let writer = thread::spawn(move || batch::write_blocks(&output_rx, &spare_output_tx));

    // The added member, `,"name":"`, encoded once.
    let mut member = b",".to_vec();
    member.extend_from_slice(serde_json::to_string(&options.output_field).unwrap_or_default().as_bytes());
    member.extend_from_slice(b":\"");

    let mut packed = PackedBatch::new();
    let mut hex = Vec::new();
    let mut kinds: Vec<Line> = Vec::with_capacity(ITEMS_PER_BATCH);
    let mut lines_written: u64 = 0;
    let mut outcome: Result<(), Option<Failure>> = Ok(());
    'blocks: for block in block_rx {
        let mut block = match block {
            Ok(block) => block,
            Err(e) => {
                outcome = Err(Some(match e {
                    ReadError::Io(e) => Failure::io("cannot read JSON Lines from stdin", e),
                    ReadError::LineTooLong => batch::line_too_long(lines_written + 1),
                    ReadError::OutOfMemory => out_of_memory(lines_written + 1),
                }));
                break;
            }
        };
        if lines_written == 0 && block.starts_with(BOM) {
            block.drain(..BOM.len());
        }
        let mut lines = batch::split_lines(&block).peekable();
        let mut block_lines = 0;
        while lines.peek().is_some() {
            let chunk: Vec<&[u8]> = lines.by_ref().take(ITEMS_PER_BATCH).collect();
            packed.clear();
            kinds.clear();
            let mut failed = None;
            for line in &chunk {
                let line_number = lines_written + kinds.len() as u64 + 1;
                if line.len() > MAX_LINE_BYTES {
                    failed = Some(batch::line_too_long(line_number));
                    break;
                }
                match check_line(line, options, &mut packed) {
                    Ok(kind) => kinds.push(kind),
                    Err(e) => {
                        failed = Some(line_failure(e, line_number, options));
                        break;
                    }
                }
            }
            hex.clear();
            if signer.sign_batch_into(&packed, HashFormat::Hex, &mut hex).is_err() {
                failed = Some(out_of_memory(lines_written + 1));
                kinds.clear();
            }
            let mut output: Vec<u8> = spare_output_rx.try_recv().unwrap_or_default();
            output.clear();
            let mut hashes = hex.chunks_exact(HASH_HEX_LEN);
            for (line, kind) in chunk.iter().zip(&kinds) {
                if let Line::Object { close } = *kind {
                    let hash = hashes.next().unwrap_or_default();
                    output.extend_from_slice(&line[..close]);
                    output.extend_from_slice(&member);
                    output.extend_from_slice(hash);
                    output.extend_from_slice(b"\"}");
                }
                output.push(b'\n');
            }
            if output_tx.send(output).is_err() {
                outcome = Err(None); // The writer stopped; its error is reported below.
                break 'blocks;
            }
            lines_written += kinds.len() as u64;
            block_lines += kinds.len();
            if let Some(failure) = failed {
                outcome = Err(Some(failure));
                break 'blocks;
            }
        }
        drop(lines);
        progress.advance(block.len(), block_lines);
        if block.capacity() <= RECYCLE_LIMIT {
            let _ = spare_block_tx.send(block);
        }
    }
    drop(output_tx);
    let written = writer.join().unwrap_or_else(|_| Err(io::Error::other("the writer thread failed")));
    written.map_err(Failure::output)?;
    match outcome {
        Ok(()) => {
            let _ = reader.join();
            Ok(())
        }
        Err(Some(failure)) => Err(Failure::Other(format!(
            "{failure}; the output is incomplete: {}",
            match lines_written {
                0 => "nothing was written".to_owned(),
                1 => "line 1 was written".to_owned(),
                n => format!("lines 1 to {n} were written"),
            }
        ))),
        Err(None) => Ok(()),
    }
}

fn out_of_memory(line: u64) -> Failure {
    Failure::Other(format!("out of memory at line {line} of stdin [{}]", ErrorCode::OutOfMemory.as_str()))
}

fn line_failure(error: LineError, line: u64, options: &JsonlOptions) -> Failure {
    let field = json_name(&options.field);
    let at = format!("line {line} of stdin");
    Failure::Other(match error {
        LineError::NotUtf8 { at: byte } => format!("{at} is not valid UTF-8 (byte {})", byte + 1),
        LineError::NotAnObject => format!("{at} is not a JSON object"),
        LineError::Json(e) => {
            // serde_json ends its messages with " at line 1 column N": the line is ours.
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or_default().to_owned();
            format!("{at} is not valid JSON: {message} (column {})", e.column())
        }
        LineError::Missing => format!("{at} has no {field} field (--field)"),
        LineError::Duplicate => format!("{at} has the {field} field more than once"),
        LineError::OutputExists => format!(
            "{at} already has a {} field: choose another name with --output-field",
            json_name(&options.output_field)
        ),
        LineError::WrongType(kind) => format!("{at}: the {field} field must be a string or an integer, not {kind}"),
        LineError::OutOfMemory => return out_of_memory(line),
    })
}

fn json_name(name: &str) -> String {
    serde_json::to_string(name).unwrap_or_default()
}

/// Checks one line and packs the value it signs.
fn check_line(line: &[u8], options: &JsonlOptions, packed: &mut PackedBatch) -> Result<Line, LineError> {
    if let Err(e) = std::str::from_utf8(line) {
        return Err(LineError::NotUtf8 { at: e.valid_up_to() });
    }
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let Some(first) = line.iter().position(|b| !is_space(b)) else {
        return Ok(Line::Blank);
    };
    if line[first] != b'{' {
        return Err(LineError::NotAnObject);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(line);
    let found = ObjectSeed { field: &options.field, output_field: &options.output_field }
        .deserialize(&mut deserializer)
        .and_then(|found| deserializer.end().map(|()| found))
        .map_err(LineError::Json)?;
    let value = match found {
        Found::Value(value) => value,
        Found::Missing => return Err(LineError::Missing),
        Found::Duplicate => return Err(LineError::Duplicate),
        Found::OutputExists => return Err(LineError::OutputExists),
    };
    match value {
        Value::Text(text) => packed.try_push(text.as_bytes()),
        Value::Integer(digits) => packed.try_push(digits.as_bytes()),
        Value::Wrong(kind) => return Err(LineError::WrongType(kind)),
    }
    .map_err(|_| LineError::OutOfMemory)?;
    // A valid object ends with its `}`, then perhaps white space.
    let close = line.iter().rposition(|b| !is_space(b)).unwrap_or(first);
    Ok(Line::Object { close })
}

/// What an object says about the signed member.
enum Found<'de> {
    Value(Value<'de>),
    Missing,
    Duplicate,
    OutputExists,
}

/// The signed member's value, or what kind of value it wrongly is.
enum Value<'de> {
    Text(Cow<'de, str>),
    Integer(String),
    Wrong(&'static str),
}

/// Reads an object, keeping the signed member's value and skipping the others.
struct ObjectSeed<'a> {
    field: &'a str,
    output_field: &'a str,
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_> {
    type Value = Found<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed<'_> {
    type Value = Found<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut value = None;
        let mut problem = None;
        while let Some(key) = map.next_key_seed(KeySeed { field: self.field, output_field: self.output_field })? {
            match key {
                Key::Field if value.is_none() => value = Some(map.next_value_seed(ValueSeed)?),
                Key::Field => {
                    problem = problem.or(Some(Found::Duplicate));
                    map.next_value::<IgnoredAny>()?;
                }
                Key::Output => {
                    problem = problem.or(Some(Found::OutputExists));
                    map.next_value::<IgnoredAny>()?;
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(match (problem, value) {
            (Some(problem), _) => problem,
            (None, Some(value)) => Found::Value(value),
            (None, None) => Found::Missing,
        })
    }
}

enum Key {
    Field,
    Output,
    Other,
}

/// Compares a member name with the two names, without keeping it.
struct KeySeed<'a> {
    field: &'a str,
    output_field: &'a str,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
        Ok(if name == self.field {
            Key::Field
        } else if name == self.output_field {
            Key::Output
        } else {
            Key::Other
        })
    }
}

/// Takes any value: a string or an integer is kept, anything else is named.
struct ValueSeed;

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Value<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or an integer")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Value::Text(Cow::Borrowed(text)))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Value::Text(Cow::Owned(text.to_owned())))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(Value::Text(Cow::Owned(text)))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
        Ok(Value::Integer(n.to_string()))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
        Ok(Value::Integer(n.to_string()))
    }

    // serde_json gives f64 for fractions, exponents and integers beyond 64 bits.
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Value::Wrong("a number with a fraction or an exponent, or beyond 64 bits"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Value::Wrong("a boolean"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Value::Wrong("null"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Value::Wrong("an object"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Value::Wrong("an array"))
    }
}
