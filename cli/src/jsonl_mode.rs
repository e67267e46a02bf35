//! `sign --jsonl`: JSON Lines on stdin, each object on stdout with the hash
//! of one member added as its last member.
//!
//! Lines come in blocks from `batch`'s reader thread; worker threads check
//! each line of a whole block with serde_json (only the signed member is
//! kept, every other value is skipped), sign the member's value and write
//! the line back unchanged but for the added member; the main thread writes
//! the blocks out in input order.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;

use identity_hmac::{ErrorCode, HASH_HEX_LEN, Signer};
use serde_core::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::batch::{self, MAX_LINE_BYTES, Progress, QUEUE_LEN, RECYCLE_LIMIT, ReadError};
use crate::failure::Failure;
use crate::ordered;

const BOM: &[u8] = b"\xef\xbb\xbf";

/// What `sign --jsonl` signs and adds.
pub struct JsonlOptions {
    pub field: String,
    pub output_field: String,
}

/// One input line, once checked.
enum Line<'a> {
    /// Only white space: written back as an empty line.
    Blank,
    /// An object whose closing `}` is at this byte offset, and the bytes it signs.
    Object { close: usize, signed: Cow<'a, [u8]> },
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

/// Why a block stopped before its end: at the line after the block's `lines`.
enum BlockError {
    Line(LineError),
    TooLong,
    Read(ReadError),
}

/// A block's lines with the added member, back from a worker.
struct Formatted {
    output: Vec<u8>,
    /// The input block, handed back to the reader once the output is written.
    block: Vec<u8>,
    /// Lines in `output`: all of the block's, or those before `error`.
    lines: usize,
    error: Option<BlockError>,
}

/// Bytes of input per block: a quarter of the line mode's, as the blocks in
/// flight are a few per worker.
const BLOCK_LEN: usize = 256 * 1024;

/// Reads JSON Lines on stdin and writes them with the added member to stdout.
///
/// The reader thread of `batch` cuts stdin into blocks of whole lines;
/// worker threads, one per core, each take whole blocks and check, sign and
/// rewrite their lines; the main thread writes the results in input order.
/// Input blocks are the reader's permits (a fixed number of them), so
/// memory stays flat.
pub fn sign_jsonl(signer: &Signer, options: &JsonlOptions, progress: &Progress) -> Result<(), Failure> {
    let threads = ordered::worker_count();
    // One being read, one per worker, one being written, and as many again,
    // so that a worker descheduled on a busy machine stalls no one.
    let in_flight = 2 * threads + 2;
    let (permit_tx, permit_rx) = mpsc::channel();
    for _ in 0..in_flight {
        let _ = permit_tx.send(Vec::new());
    }
    let (block_tx, block_rx) = mpsc::sync_channel(QUEUE_LEN);
    // Not scoped: the reader may be blocked on a terminal when the writing
    // stops, and is then left behind rather than waited for.
    let reader = thread::spawn(move || batch::read_blocks(&block_tx, BLOCK_LEN, || permit_rx.recv().ok()));

    // The added member, `,"name":"`, encoded once.
    let mut member = b",".to_vec();
    member.extend_from_slice(serde_json::to_string(&options.output_field).unwrap_or_default().as_bytes());
    member.extend_from_slice(b":\"");
    let signer = Arc::new(signer.clone());
    let names = Arc::new((options.field.clone(), options.output_field.clone()));
    let spare_outputs: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
    let worker_spares = Arc::clone(&spare_outputs);
    let mut formatted = ordered::map_in_order(block_rx, threads, move |seq, block| {
        let output = worker_spares.lock().ok().and_then(|mut spares| spares.pop()).unwrap_or_default();
        format_block(seq == 0, block, &signer, &names.0, &names.1, &member, output)
    });

    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut lines_written: u64 = 0;
    let mut outcome: Result<(), Failure> = Ok(());
    for result in formatted.by_ref() {
        let Formatted { output, block, lines, error } = result;
        out.write_all(&output).map_err(Failure::output)?;
        lines_written += lines as u64;
        progress.advance(block.len(), lines);
        let line = lines_written + 1;
        if let Some(error) = error {
            outcome = Err(match error {
                BlockError::Line(e) => line_failure(e, line, options),
                BlockError::TooLong | BlockError::Read(ReadError::LineTooLong) => batch::line_too_long(line),
                BlockError::Read(ReadError::Io(e)) => Failure::io("cannot read JSON Lines from stdin", e),
                BlockError::Read(ReadError::OutOfMemory) => out_of_memory(line),
            });
            break;
        }
        if output.capacity() <= RECYCLE_LIMIT
            && let Ok(mut spares) = spare_outputs.lock()
        {
            spares.push(output);
        }
        let _ = permit_tx.send(if block.capacity() <= RECYCLE_LIMIT { block } else { Vec::new() });
    }
    if outcome.is_ok() && formatted.worker_died() {
        outcome = Err(Failure::Other("internal error: a worker thread stopped before the end of the input".into()));
    }
    out.flush().map_err(Failure::output)?;
    match outcome {
        Ok(()) => {
            let _ = reader.join();
            Ok(())
        }
        Err(failure) => Err(Failure::Other(format!(
            "{failure}; the output is incomplete: {}",
            match lines_written {
                0 => "nothing was written".to_owned(),
                1 => "line 1 was written".to_owned(),
                n => format!("lines 1 to {n} were written"),
            }
        ))),
    }
}

/// Checks, signs and rewrites one block's lines (on a worker thread),
/// stopping at the first bad one.
fn format_block(
    first: bool,
    block: Result<Vec<u8>, ReadError>,
    signer: &Signer,
    field: &str,
    output_field: &str,
    member: &[u8],
    mut output: Vec<u8>,
) -> Formatted {
    output.clear();
    let mut block = match block {
        Ok(block) => block,
        Err(e) => return Formatted { output, block: Vec::new(), lines: 0, error: Some(BlockError::Read(e)) },
    };
    if first && block.starts_with(BOM) {
        block.drain(..BOM.len());
    }
    let mut lines = 0;
    let mut error = None;
    let mut hash = [0; HASH_HEX_LEN];
    for line in batch::split_lines(&block) {
        if line.len() > MAX_LINE_BYTES {
            error = Some(BlockError::TooLong);
            break;
        }
        let checked = check_line(line, field, output_field).and_then(|checked| {
            // The line, the member and its closing `"}` and line end.
            let added = member.len() + HASH_HEX_LEN + 3;
            output.try_reserve(line.len() + added).map_err(|_| LineError::OutOfMemory)?;
            Ok(checked)
        });
        match checked {
            Ok(Line::Blank) => {}
            Ok(Line::Object { close, signed }) => {
                signer.sign_hex_into(&signed, &mut hash);
                output.extend_from_slice(&line[..close]);
                output.extend_from_slice(member);
                output.extend_from_slice(&hash);
                output.extend_from_slice(b"\"}");
            }
            Err(e) => {
                error = Some(BlockError::Line(e));
                break;
            }
        }
        output.push(b'\n');
        lines += 1;
    }
    Formatted { output, block, lines, error }
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

/// Checks one line and finds the bytes it signs.
fn check_line<'a>(line: &'a [u8], field: &str, output_field: &str) -> Result<Line<'a>, LineError> {
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
    let found = ObjectSeed { field, output_field }
        .deserialize(&mut deserializer)
        .and_then(|found| deserializer.end().map(|()| found))
        .map_err(LineError::Json)?;
    let value = match found {
        Found::Value(value) => value,
        Found::Missing => return Err(LineError::Missing),
        Found::Duplicate => return Err(LineError::Duplicate),
        Found::OutputExists => return Err(LineError::OutputExists),
    };
    let signed = match value {
        Value::Text(Cow::Borrowed(text)) => Cow::Borrowed(text.as_bytes()),
        Value::Text(Cow::Owned(text)) => Cow::Owned(text.into_bytes()),
        Value::Integer(digits) => Cow::Owned(digits.into_bytes()),
        Value::Wrong(kind) => return Err(LineError::WrongType(kind)),
    };
    // A valid object ends with its `}`, then perhaps white space.
    let close = line.iter().rposition(|b| !is_space(b)).unwrap_or(first);
    Ok(Line::Object { close, signed })
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
