//! Streaming batch signing: stdin lines in, hash lines out, in order.
//!
//! A reader thread cuts stdin into blocks of whole lines, the main thread
//! signs each block, at most `ITEMS_PER_BATCH` lines at a time, with the
//! core's parallel `sign_many_hex_into`, and a writer thread writes the
//! results. Channels are bounded and buffers are recycled, so memory stays at
//! a few blocks whatever the input size or the length of its lines.

use std::cell::Cell;
use std::io::{self, IsTerminal, Read, Write};
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::thread;
use std::time::Duration;

use identity_hmac::{ErrorCode, HASH_HEX_LEN, PackedBatch, Signer};
use indicatif::{ProgressBar, ProgressStyle};

use crate::failure::Failure;

/// Bytes of input per block: large enough to keep every core busy (tens of
/// thousands of identifiers), small enough to keep memory flat.
pub const BLOCK_LEN: usize = 1 << 20;

/// Lines signed per call and per output buffer, the core's chunk: with short
/// lines a block holds up to a million, whose hashes would take 64 MiB at once.
pub const ITEMS_PER_BATCH: usize = PackedBatch::CHUNK_ITEMS;

/// Blocks waiting between two stages.
pub const QUEUE_LEN: usize = 2;

/// The longest identifier line, not counting its line end: 64 MiB, which is
/// also the largest identifier of the shared bad-input matrix.
pub const MAX_LINE_BYTES: usize = 64 << 20;

/// Recycled buffers that grew beyond this (a long line) are freed instead.
pub const RECYCLE_LIMIT: usize = 4 * BLOCK_LEN;

/// Why the reader stopped early.
pub enum ReadError {
    Io(io::Error),
    /// The line starting the block has no line end within `MAX_LINE_BYTES`.
    LineTooLong,
    OutOfMemory,
}

/// Signs every line of stdin and writes one output line per input line.
pub fn sign_stream(signer: &Signer, with_identifier: bool, progress: &Progress) -> Result<(), Failure> {
    let (block_tx, block_rx) = mpsc::sync_channel(QUEUE_LEN);
    let (spare_block_tx, spare_block_rx) = mpsc::channel();
    let (output_tx, output_rx) = mpsc::sync_channel(QUEUE_LEN);
    let (spare_output_tx, spare_output_rx) = mpsc::channel();
    // Not scoped: if the writer fails, the reader may be blocked on a terminal
    // and is left behind rather than waited for.
    let reader = thread::spawn(move || {
        read_blocks(&block_tx, BLOCK_LEN, || Some(spare_block_rx.try_recv().unwrap_or_default()))
    });
    let writer = thread::spawn(move || write_blocks(&output_rx, &spare_output_tx));

    let mut hex = Vec::new();
    // Lines signed so far, for the line number of an error.
    let mut lines_done: u64 = 0;
    let mut outcome = Ok(());
    'blocks: for block in block_rx {
        let block: Vec<u8> = match block {
            Ok(block) => block,
            Err(e) => {
                outcome = Err(match e {
                    ReadError::Io(e) => Failure::io("cannot read identifiers from stdin", e),
                    ReadError::LineTooLong => line_too_long(lines_done + 1),
                    ReadError::OutOfMemory => Failure::Other(format!(
                        "out of memory while reading line {} of stdin [{}]",
                        lines_done + 1,
                        ErrorCode::OutOfMemory.as_str()
                    )),
                });
                break;
            }
        };
        let mut lines = split_lines(&block);
        let mut block_lines = 0;
        let mut batch: Vec<&[u8]> = Vec::with_capacity(ITEMS_PER_BATCH);
        loop {
            batch.clear();
            batch.extend(lines.by_ref().take(ITEMS_PER_BATCH));
            if batch.is_empty() {
                break;
            }
            if let Some(index) = batch.iter().position(|line| line.len() > MAX_LINE_BYTES) {
                outcome = Err(line_too_long(lines_done + index as u64 + 1));
                break 'blocks;
            }
            let mut output: Vec<u8> = spare_output_rx.try_recv().unwrap_or_default();
            output.clear();
            if let Err(failure) = sign_into(signer, &batch, with_identifier, &mut hex, &mut output) {
                outcome = Err(failure);
                break 'blocks;
            }
            lines_done += batch.len() as u64;
            block_lines += batch.len();
            if output_tx.send(output).is_err() {
                break 'blocks; // The writer stopped; its error is reported below.
            }
        }
        drop((batch, lines));
        progress.advance(block.len(), block_lines);
        if block.capacity() <= RECYCLE_LIMIT {
            let _ = spare_block_tx.send(block);
        }
    }
    drop(output_tx);
    let written = writer.join().unwrap_or_else(|_| Err(io::Error::other("the writer thread failed")));
    written.map_err(Failure::output)?;
    if outcome.is_ok() {
        // The reader has reached the end of the input or stopped with an error.
        let _ = reader.join();
    }
    outcome
}

pub fn line_too_long(line: u64) -> Failure {
    Failure::Usage(format!(
        "line {line} of stdin is longer than {MAX_LINE_BYTES} bytes (64 MiB), the longest identifier line accepted"
    ))
}

/// Signs `identifiers` and appends one line per identifier to `output`.
pub fn sign_lines<I: AsRef<[u8]> + Sync>(
    signer: &Signer,
    identifiers: &[I],
    with_identifier: bool,
    output: &mut Vec<u8>,
) -> Result<(), Failure> {
    sign_into(signer, identifiers, with_identifier, &mut Vec::new(), output)
}

fn sign_into<I: AsRef<[u8]> + Sync>(
    signer: &Signer,
    identifiers: &[I],
    with_identifier: bool,
    hex: &mut Vec<u8>,
    output: &mut Vec<u8>,
) -> Result<(), Failure> {
    hex.clear();
    hex.resize(identifiers.len() * HASH_HEX_LEN, 0);
    if !signer.sign_many_hex_into(identifiers, hex) {
        return Err(Failure::Other("internal error: hash buffer size".into()));
    }
    let echoed: usize = if with_identifier { identifiers.iter().map(|i| i.as_ref().len() + 1).sum() } else { 0 };
    output
        .try_reserve(identifiers.len() * (HASH_HEX_LEN + 1) + echoed)
        .map_err(|_| Failure::Other(format!("out of memory for the output [{}]", ErrorCode::OutOfMemory.as_str())))?;
    for (identifier, hash) in identifiers.iter().zip(hex.chunks_exact(HASH_HEX_LEN)) {
        if with_identifier {
            output.extend_from_slice(identifier.as_ref());
            output.push(b'\t');
        }
        output.extend_from_slice(hash);
        output.push(b'\n');
    }
    Ok(())
}

/// The lines of a block of whole lines, without their `\n` or `\r\n`; the
/// block's last line may lack its `\n` and still loses a lone final `\r`.
pub fn split_lines(block: &[u8]) -> impl Iterator<Item = &[u8]> {
    let body = block.strip_suffix(b"\n").unwrap_or(block);
    // An empty block has no line, while "\n" is one empty line.
    let lines = if block.is_empty() { None } else { Some(body.split(|&b| b == b'\n')) };
    lines.into_iter().flatten().map(|line| line.strip_suffix(b"\r").unwrap_or(line))
}

/// Sends blocks that end at a line end (the last block may not), each at
/// least `block_len` bytes unless it is the last. A line that grows past
/// `MAX_LINE_BYTES` (plus a `\r` that may belong to its line end) ends the
/// reading with `LineTooLong`; it always starts its block. Each block is
/// read into a buffer from `next_buffer` (a recycled one, or a permit that
/// bounds the blocks in flight); its `None` stops the reading.
pub fn read_blocks(
    blocks: &SyncSender<Result<Vec<u8>, ReadError>>,
    block_len: usize,
    mut next_buffer: impl FnMut() -> Option<Vec<u8>>,
) {
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let Some(mut block) = next_buffer() else { return };
        block.clear();
        if block.try_reserve(2 * block_len).is_err() {
            let _ = blocks.send(Err(ReadError::OutOfMemory));
            return;
        }
        block.extend_from_slice(&carry);
        carry.clear();
        let mut searched = block.len();
        let at_end = loop {
            let want = (searched + block_len).saturating_sub(block.len());
            let got = match fill(&mut input, &mut block, want) {
                Ok(got) => got,
                Err(e) => {
                    let _ = blocks.send(Err(e));
                    return;
                }
            };
            match block[searched..].iter().rposition(|&b| b == b'\n') {
                Some(last) if got == want => {
                    carry.extend_from_slice(&block[searched + last + 1..]);
                    block.truncate(searched + last + 1);
                    break false;
                }
                Some(_) => break true,
                // No line end in the block at all: it is one line, still growing.
                None if block.len() > MAX_LINE_BYTES + 1 => {
                    let _ = blocks.send(Err(ReadError::LineTooLong));
                    return;
                }
                None if got < want => break true,
                None => searched = block.len(),
            }
        };
        if blocks.send(Ok(block)).is_err() || at_end {
            return;
        }
    }
}

/// Appends up to `want` bytes of `input` to `block`, fewer only at the end of
/// the input. Memory is reserved fallibly, so a huge line is an error, not an abort.
fn fill(input: &mut impl Read, block: &mut Vec<u8>, want: usize) -> Result<usize, ReadError> {
    let start = block.len();
    block.try_reserve(want).map_err(|_| ReadError::OutOfMemory)?;
    block.resize(start + want, 0);
    let mut filled = 0;
    while filled < want {
        match input.read(&mut block[start + filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                block.truncate(start + filled);
                return Err(ReadError::Io(e));
            }
        }
    }
    block.truncate(start + filled);
    Ok(filled)
}

pub fn write_blocks(outputs: &Receiver<Vec<u8>>, spare: &Sender<Vec<u8>>) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for output in outputs {
        out.write_all(&output)?;
        if output.capacity() <= RECYCLE_LIMIT {
            let _ = spare.send(output);
        }
    }
    out.flush()
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
pub struct Progress {
    bar: Option<ProgressBar>,
    lines: Cell<u64>,
}

impl Progress {
    pub fn for_stdin() -> Self {
        let bar = io::stderr().is_terminal().then(|| {
            let bar = match stdin_file_len() {
                Some(len) => ProgressBar::new(len).with_style(style(
                    "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg} (eta {eta})",
                )),
                None => ProgressBar::new_spinner().with_style(style("{spinner} [{elapsed_precise}] {bytes} {msg}")),
            };
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress { bar, lines: Cell::new(0) }
    }

    pub fn advance(&self, bytes: usize, lines: usize) {
        if let Some(bar) = &self.bar {
            self.lines.set(self.lines.get() + lines as u64);
            bar.inc(bytes as u64);
            bar.set_message(format!("{} identifiers", self.lines.get()));
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_with_message(format!("{} identifiers signed", self.lines.get()));
        }
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar())
}

/// The size of stdin when it is a regular file, for a bar with an end.
fn stdin_file_len() -> Option<u64> {
    if cfg!(unix) { std::fs::metadata("/dev/stdin").ok().filter(|m| m.is_file()).map(|m| m.len()) } else { None }
}

#[cfg(test)]
mod tests {
    use super::split_lines;

    fn lines(block: &[u8]) -> Vec<&[u8]> {
        split_lines(block).collect()
    }

    #[test]
    fn splits_lf_and_crlf_and_keeps_empty_lines() {
        assert!(lines(b"").is_empty());
        assert_eq!(lines(b"\n"), [b""]);
        assert_eq!(lines(b"a\r\n\nb"), [&b"a"[..], b"", b"b"]);
        assert_eq!(lines(b"a\nb\n"), [b"a", b"b"]);
        assert_eq!(lines(b"a\r\r\n"), [b"a\r"]);
    }
}
