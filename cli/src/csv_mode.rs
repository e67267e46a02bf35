//! `sign --csv`: a CSV file on stdin, the same file on stdout with the hash
//! of one column added as the last column.
//!
//! A reader thread only parses records with the `csv` crate into chunks of
//! at most `CHUNK_RECORDS` records (or about `CHUNK_BYTES` bytes); worker
//! threads, one per core, each take whole chunks, check the signed field,
//! sign it and write the rows back as CSV into the chunk's output buffer;
//! the main thread writes the buffers to stdout in input order. The reader
//! parses only into a free output buffer, of which there is a fixed number,
//! and record buffers are recycled, so memory stays flat whatever the input
//! size.

use std::io::{self, Read, Write};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::thread;

use csv::{ByteRecord, ReaderBuilder};
use identity_hmac::{ErrorCode, HASH_HEX_LEN, Signer};

use crate::batch::{BLOCK_LEN, MAX_LINE_BYTES, Progress, QUEUE_LEN, RECYCLE_LIMIT};
use crate::failure::Failure;
use crate::ordered;

const BOM: &[u8] = b"\xef\xbb\xbf";

/// The longest record, counted in the bytes it takes in the input (quotes,
/// delimiters and embedded line ends included): the same 64 MiB as a line.
pub const MAX_RECORD_BYTES: usize = MAX_LINE_BYTES;

const UNCLOSED_QUOTE: &str = "a quoted field is not closed before the end of the input";

/// Records per chunk, at most, and field bytes: small enough that the
/// chunks in flight take a few MiB, large enough that handing one over costs
/// nothing per record.
const CHUNK_RECORDS: usize = 8 * 1024;
const CHUNK_BYTES: usize = 512 * 1024;

/// The first bytes read before parsing, to find a BOM and the line end.
const PREFIX_LEN: usize = 64 * 1024;

/// What `sign --csv` signs and adds.
pub struct CsvOptions {
    pub column: Vec<u8>,
    pub output_column: Vec<u8>,
}

/// Parsed records, flat: one buffer per chunk rather than a `ByteRecord`
/// (two allocations) per record. Every record has the header's field count,
/// which the csv reader checks.
#[derive(Default)]
struct Records {
    /// The fields' bytes, back to back.
    data: Vec<u8>,
    /// Where each field ends in `data`, `fields` per record.
    ends: Vec<usize>,
    /// The line of stdin where each record starts.
    lines: Vec<u64>,
}

impl Records {
    fn clear(&mut self) {
        self.data.clear();
        self.ends.clear();
        self.lines.clear();
    }

    /// Copies `record` in; `false` when memory for it cannot be had.
    fn try_push(&mut self, record: &ByteRecord, line: u64) -> bool {
        if self.data.try_reserve(record.as_slice().len()).is_err() || self.ends.try_reserve(record.len()).is_err() {
            return false;
        }
        let start = self.data.len();
        self.data.extend_from_slice(record.as_slice());
        let mut end = start;
        for field in record {
            end += field.len();
            self.ends.push(end);
        }
        self.lines.push(line);
        true
    }
}

/// Parsed records on their way to a worker; the reader stops after the
/// last chunk or a chunk with an error.
struct Chunk {
    records: Records,
    /// Input bytes the chunk took, for the progress bar.
    bytes: u64,
    /// Data rows before this chunk, for the row number of an error.
    first_row: u64,
    /// Why the reader stopped after `len` records.
    error: Option<Failure>,
    /// Whether the input ends with this chunk.
    last: bool,
    /// Where the worker writes the chunk's rows.
    output: Vec<u8>,
}

/// A chunk's rows as CSV, back from a worker.
struct Formatted {
    output: Vec<u8>,
    /// Rows in `output`: all of the chunk's, or those before `error`.
    rows: usize,
    bytes: u64,
    error: Option<Failure>,
    last: bool,
}

/// The input as the csv reader sees it (a BOM already removed), refusing to
/// go on once the record being read grows past `MAX_RECORD_BYTES`. It keeps
/// the bytes of the record being read, since the csv crate takes a quoted
/// field left open at the end of the input as closed; `open_at_end` tells.
struct CappedInput<R> {
    inner: R,
    /// Bytes handed to the csv reader so far.
    read: u64,
    /// Where the record being read starts, in the same count.
    record_start: u64,
    /// The bytes read from `tail_start` on (at most `record_start`).
    tail: Vec<u8>,
    tail_start: u64,
    /// Whether the inner reader has reported its end.
    at_end: bool,
}

impl<R> CappedInput<R> {
    fn new(inner: R) -> Self {
        CappedInput { inner, read: 0, record_start: 0, tail: Vec::new(), tail_start: 0, at_end: false }
    }

    /// Called with the csv reader's position before each record.
    fn start_record(&mut self, at: u64) {
        self.record_start = at;
        let done = (at - self.tail_start) as usize;
        // Bytes of finished records are dropped in large steps, rarely.
        if done > BLOCK_LEN {
            self.tail.drain(..done);
            self.tail_start = at;
            if self.tail.capacity() > RECYCLE_LIMIT {
                self.tail.shrink_to(BLOCK_LEN);
            }
        }
    }

    /// Whether the record just read was ended by the end of the input inside
    /// a quoted field.
    fn open_at_end(&self) -> bool {
        let start = (self.record_start - self.tail_start) as usize;
        self.at_end && ends_inside_quotes(self.tail.get(start..).unwrap_or_default())
    }
}

/// Whether `raw`, read from the start of a record with the csv crate's
/// default dialect (`,`, `"` doubled inside quotes), ends inside a quoted
/// field: the csv-core reader's states, reduced to what tells that.
fn ends_inside_quotes(raw: &[u8]) -> bool {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    for &b in raw {
        state = match (state, b) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') | (State::FieldStart, b'"') => State::Quoted,
            (_, b',' | b'\r' | b'\n') => State::FieldStart,
            // A quote inside an unquoted field, or after a closing quote, is data.
            (_, _) => State::Unquoted,
        };
    }
    state == State::Quoted
}

/// The io error `CappedInput` returns, recognised after the csv reader.
#[derive(Debug)]
struct RecordTooLong;

impl std::fmt::Display for RecordTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("record too long")
    }
}

impl std::error::Error for RecordTooLong {}

impl<R: Read> Read for CappedInput<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // Called only when the csv reader has used every byte read so far.
        if self.read - self.record_start > MAX_RECORD_BYTES as u64 {
            return Err(io::Error::other(RecordTooLong));
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        self.tail.extend_from_slice(&buf[..n]);
        self.at_end |= n == 0 && !buf.is_empty();
        Ok(n)
    }
}

/// Reads the CSV on stdin and writes it with the hash column to stdout.
pub fn sign_csv(signer: &Signer, options: &CsvOptions, progress: &Progress) -> Result<(), Failure> {
    let stdin = io::stdin();
    let (prefix, had_bom) = read_prefix(&mut stdin.lock())?;
    let crlf = first_line_ends_with_crlf(&prefix);
    let input = CappedInput::new(io::Cursor::new(prefix).chain(stdin));
    let mut reader = ReaderBuilder::new().has_headers(false).buffer_capacity(PREFIX_LEN).from_reader(input);

    let mut header = ByteRecord::new();
    match reader.read_byte_record(&mut header) {
        Ok(true) => {}
        Ok(false) => return Err(Failure::Usage("the CSV on stdin is empty: it has no header row".into())),
        Err(e) => return Err(csv_error(e, 0, 1, 0)),
    }
    if reader.get_ref().open_at_end() {
        return Err(Failure::Other(format!("the header row: {UNCLOSED_QUOTE}")));
    }
    let column = column_index(&header, options)?;
    let fields = header.len();

    let line_end: &'static [u8] = if crlf { b"\r\n" } else { b"\n" };
    // The BOM is kept, for the spreadsheets that look for it.
    let mut first = if had_bom { BOM.to_vec() } else { Vec::new() };
    let mut output_column = Vec::new();
    append_row([&options.output_column[..]], b"", b"", &mut output_column);
    output_column.pop(); // its comma
    append_row(&header, &output_column, line_end, &mut first);

    let threads = ordered::worker_count();
    // Output buffers are the reader's permits: a chunk is parsed only into a
    // free one, and one is freed once its chunk is written, so at most
    // `in_flight` chunks exist at once however the workers race.
    // One being parsed, one per worker, one being written, and as many
    // again, so that a worker descheduled on a busy machine stalls no one.
    let in_flight = 2 * threads + 2;
    let (permit_tx, permit_rx) = mpsc::channel();
    for _ in 0..in_flight {
        let _ = permit_tx.send(Vec::new());
    }
    let (chunk_tx, chunk_rx) = mpsc::sync_channel(QUEUE_LEN);
    let (spare_tx, spare_rx) = mpsc::channel();
    let column_name = String::from_utf8_lossy(&options.column).into_owned();
    // The csv crate counts a record's \r\n line end when it reads the next
    // record, so its line numbers are one short in a \r\n file.
    let line_lag = u64::from(crlf);
    // Not scoped: the reader may be blocked on a terminal when the writing
    // stops, and is then left behind rather than waited for.
    let reader_thread = thread::spawn(move || read_chunks(reader, line_lag, &chunk_tx, &permit_rx, &spare_rx));
    let signer = Arc::new(signer.clone());
    let formatted = ordered::map_in_order(chunk_rx, threads, move |_, chunk| {
        format_chunk(chunk, &signer, column, &column_name, line_end, fields, &spare_tx)
    });

    let stdout = io::stdout();
    let mut out = stdout.lock();
    out.write_all(&first).map_err(Failure::output)?;
    let mut rows_written: u64 = 0;
    let mut outcome: Result<(), Failure> =
        Err(Failure::Other("internal error: a worker thread stopped before the end of the input".into()));
    for chunk in formatted {
        out.write_all(&chunk.output).map_err(Failure::output)?;
        rows_written += chunk.rows as u64;
        progress.advance(chunk.bytes as usize, chunk.rows);
        if let Some(failure) = chunk.error {
            outcome = Err(failure);
            break;
        }
        if chunk.last {
            outcome = Ok(());
            break;
        }
        if chunk.output.capacity() <= RECYCLE_LIMIT {
            let _ = permit_tx.send(chunk.output);
        } else {
            let _ = permit_tx.send(Vec::new());
        }
    }
    out.flush().map_err(Failure::output)?;
    match outcome {
        Ok(()) => {
            let _ = reader_thread.join();
            Ok(())
        }
        Err(failure) => Err(Failure::Other(format!(
            "{failure}; the output is incomplete: {}",
            match rows_written {
                0 => "only the header row was written".to_owned(),
                1 => "the header and data row 1 were written".to_owned(),
                n => format!("the header and data rows 1 to {n} were written"),
            }
        ))),
    }
}

/// One record of `Records`: its fields end at `ends`, the first starts at `start`.
struct RecordFields<'a> {
    data: &'a [u8],
    start: usize,
    ends: &'a [usize],
}

impl<'a> RecordFields<'a> {
    fn end(&self) -> usize {
        self.ends.last().copied().unwrap_or(self.start)
    }

    fn get(&self, index: usize) -> &'a [u8] {
        let start = if index == 0 { self.start } else { self.ends[index - 1] };
        &self.data[start..self.ends[index]]
    }

    fn iter(&self) -> impl Iterator<Item = &'a [u8]> + use<'a> {
        let data = self.data;
        let mut start = self.start;
        self.ends.iter().map(move |&end| {
            let field = &data[start..end];
            start = end;
            field
        })
    }
}

/// Checks, signs and writes out one chunk's records (on a worker thread),
/// stopping at the first whose signed field is not UTF-8.
fn format_chunk(
    chunk: Chunk,
    signer: &Signer,
    column: usize,
    column_name: &str,
    line_end: &[u8],
    fields: usize,
    spare: &Sender<Records>,
) -> Formatted {
    let Chunk { records, bytes, first_row, mut error, last, mut output } = chunk;
    output.clear();
    let mut rows = 0;
    let len = records.lines.len();
    // About the input's size plus the hashes; quotes added on the way may grow it.
    if output.try_reserve(bytes as usize + len * (HASH_HEX_LEN + 3)).is_err() {
        error = Some(Failure::Other(format!("out of memory for the output [{}]", ErrorCode::OutOfMemory.as_str())));
    } else {
        let mut hash = [0; HASH_HEX_LEN];
        let mut start = 0;
        for (ends, &line) in records.ends.chunks_exact(fields).zip(&records.lines) {
            let record = RecordFields { data: &records.data, start, ends };
            let field = record.get(column);
            if let Err(e) = std::str::from_utf8(field) {
                let row = first_row + rows as u64 + 1;
                error = Some(Failure::Other(format!(
                    "data row {row} (line {line} of stdin): the {column_name} field is not valid UTF-8 (byte {} of the field)",
                    e.valid_up_to() + 1
                )));
                break;
            }
            signer.sign_hex_into(field, &mut hash);
            if needs_quotes(&records.data[start..record.end()]) {
                append_row(record.iter(), &hash, line_end, &mut output);
            } else {
                // No field needs quotes: the common case, without a check per field.
                for field in record.iter() {
                    output.extend_from_slice(field);
                    output.push(b',');
                }
                output.extend_from_slice(&hash);
                output.extend_from_slice(line_end);
            }
            start = record.end();
            rows += 1;
        }
    }
    if records.data.capacity() <= RECYCLE_LIMIT {
        let mut records = records;
        records.clear();
        let _ = spare.send(records);
    }
    let last = last || error.is_some();
    Formatted { output, rows, bytes, error, last }
}

/// Reads up to `PREFIX_LEN` bytes, or up to the first line end, whichever
/// comes first, and removes a leading UTF-8 BOM.
fn read_prefix(input: &mut impl Read) -> Result<(Vec<u8>, bool), Failure> {
    let mut prefix = vec![0; PREFIX_LEN];
    let mut filled = 0;
    while filled < PREFIX_LEN && !prefix[..filled].contains(&b'\n') {
        match input.read(&mut prefix[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Failure::io("cannot read the CSV from stdin", e)),
        }
    }
    prefix.truncate(filled);
    let had_bom = prefix.starts_with(BOM);
    if had_bom {
        prefix.drain(..BOM.len());
    }
    Ok((prefix, had_bom))
}

/// The output keeps the input's line end: \r\n when the first line has one.
fn first_line_ends_with_crlf(prefix: &[u8]) -> bool {
    prefix.iter().position(|&b| b == b'\n').is_some_and(|at| at > 0 && prefix[at - 1] == b'\r')
}

fn column_index(header: &ByteRecord, options: &CsvOptions) -> Result<usize, Failure> {
    let name = String::from_utf8_lossy(&options.column);
    if header.iter().any(|field| field == &options.output_column[..]) {
        return Err(Failure::Usage(format!(
            "the header already has a {} column: choose another name with --output-column",
            String::from_utf8_lossy(&options.output_column)
        )));
    }
    let mut matches = header.iter().enumerate().filter(|(_, field)| *field == &options.column[..]).map(|(i, _)| i);
    match (matches.next(), matches.next()) {
        (Some(index), None) => Ok(index),
        (Some(first), Some(second)) => Err(Failure::Usage(format!(
            "the header has more than one {name} column (columns {} and {})",
            first + 1,
            second + 1
        ))),
        (None, _) => {
            const SHOWN: usize = 12;
            let mut columns: Vec<String> =
                header.iter().take(SHOWN).map(|c| format!("{:?}", String::from_utf8_lossy(c))).collect();
            if header.len() > SHOWN {
                columns.push(format!("... ({} in all)", header.len()));
            }
            Err(Failure::Usage(format!(
                "the header has no {name} column (--column); its columns are: {}",
                columns.join(", ")
            )))
        }
    }
}

/// Appends one CSV row to `output`: the fields, then the added one, then the
/// line end. A field is quoted, its quotes doubled, only when it holds a
/// comma, a quote or a line end (RFC 4180; the csv crate's `Necessary` style).
/// A row always has at least two fields, so an empty field needs no quotes.
fn append_row<'a>(fields: impl IntoIterator<Item = &'a [u8]>, added: &[u8], line_end: &[u8], output: &mut Vec<u8>) {
    for field in fields {
        if needs_quotes(field) {
            output.push(b'"');
            for (i, part) in field.split(|&b| b == b'"').enumerate() {
                if i > 0 {
                    output.extend_from_slice(b"\"\"");
                }
                output.extend_from_slice(part);
            }
            output.push(b'"');
        } else {
            output.extend_from_slice(field);
        }
        output.push(b',');
    }
    output.extend_from_slice(added);
    output.extend_from_slice(line_end);
}

/// Whether a field holds a byte that needs quoting; written to be vectorised.
fn needs_quotes(field: &[u8]) -> bool {
    field.iter().fold(false, |found, &b| found | matches!(b, b',' | b'"' | b'\r' | b'\n'))
}

/// Parses records into chunks until the end, an error, or until the main
/// thread stops handing out output buffers.
fn read_chunks<R: Read>(
    mut reader: csv::Reader<CappedInput<R>>,
    line_lag: u64,
    chunks: &SyncSender<Chunk>,
    permits: &Receiver<Vec<u8>>,
    spare: &Receiver<Records>,
) {
    // Data rows read so far, for the row number of an error.
    let mut rows: u64 = 0;
    let mut record = ByteRecord::new();
    loop {
        let Ok(output) = permits.recv() else { return };
        let mut records = spare.try_recv().unwrap_or_default();
        let first_row = rows;
        let mut error = None;
        let start = reader.position().byte();
        let mut at_end = false;
        while records.lines.len() < CHUNK_RECORDS && records.data.len() < CHUNK_BYTES {
            let record_start = reader.position().byte();
            reader.get_mut().start_record(record_start);
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => {
                    at_end = true;
                    break;
                }
                Err(e) => {
                    error = Some(csv_error(e, rows + 1, reader.position().line(), line_lag));
                    break;
                }
            }
            let line = record.position().map_or(0, csv::Position::line) + line_lag;
            if reader.get_ref().open_at_end() {
                error = Some(Failure::Other(format!("data row {} (line {line} of stdin): {UNCLOSED_QUOTE}", rows + 1)));
                break;
            }
            if !records.try_push(&record, line) {
                error = Some(Failure::Other(format!(
                    "out of memory while reading data row {} (line {line} of stdin) [{}]",
                    rows + 1,
                    ErrorCode::OutOfMemory.as_str()
                )));
                break;
            }
            if record.as_slice().len() > RECYCLE_LIMIT {
                record = ByteRecord::new();
            }
            rows += 1;
        }
        let bytes = reader.position().byte() - start;
        let last = at_end || error.is_some();
        if chunks.send(Chunk { records, bytes, first_row, error, last, output }).is_err() || last {
            return;
        }
    }
}

/// A csv reader error as one line naming the data row (1-based, the header
/// row not counted) and the line where it starts (`line`, unless the error
/// knows better), corrected by `line_lag`.
fn csv_error(error: csv::Error, row: u64, line: u64, line_lag: u64) -> Failure {
    let line = error.position().map_or(line, csv::Position::line) + line_lag;
    let at = match row {
        0 => "the header row".to_owned(),
        row => format!("data row {row} (line {line} of stdin)"),
    };
    match error.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            let fields = |n: u64| if n == 1 { "1 field".to_owned() } else { format!("{n} fields") };
            return Failure::Other(format!(
                "{at} has {}, but the header row has {}",
                fields(*len),
                fields(*expected_len)
            ));
        }
        csv::ErrorKind::Io(e) if e.get_ref().is_some_and(|inner| inner.is::<RecordTooLong>()) => {
            return Failure::Usage(format!(
                "{at} of the CSV is longer than {MAX_RECORD_BYTES} bytes (64 MiB), the longest record accepted \
                 (is a quoted field left open?)"
            ));
        }
        csv::ErrorKind::Io(_) => {}
        _ => return Failure::Other(format!("{at}: {error}")),
    }
    match error.into_kind() {
        csv::ErrorKind::Io(e) => Failure::io("cannot read the CSV from stdin", e),
        _ => Failure::Other(format!("{at}: cannot read the CSV")),
    }
}
