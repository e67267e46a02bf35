//! The Rust core's harness for the conformance runner: reads protocol lines
//! on stdin and answers each on stdout.

use std::io::{self, BufRead, BufWriter, Write};

use identity_hmac::{Secret, SecretEncoding, Signer};

fn signer(encoding: &str, secret_hex: &str) -> Result<Signer, String> {
    let secret = hex::decode(secret_hex).map_err(|e| format!("BAD_REQUEST bad hex field: {e}"))?;
    let encoding: SecretEncoding = encoding.parse().map_err(|e: identity_hmac::Error| e.code().to_string())?;
    let secret = Secret::decode_bytes(&secret, encoding).map_err(|e| e.code().to_string())?;
    Ok(Signer::new(&secret))
}

fn bytes(field: &str) -> Result<Vec<u8>, String> {
    hex::decode(field).map_err(|e| format!("BAD_REQUEST bad hex field: {e}"))
}

fn answer(line: &str) -> String {
    let fields: Vec<&str> = line.split('\t').collect();
    let id = fields.get(1).copied().unwrap_or("");
    let result = match fields.as_slice() {
        ["sign", _, encoding, secret, identifier] => {
            signer(encoding, secret).and_then(|s| Ok(format!("hash\t{}", s.sign_hex(bytes(identifier)?))))
        }
        ["verify", _, encoding, secret, identifier, presented] => signer(encoding, secret)
            .and_then(|s| Ok(format!("bool\t{}", s.verify(bytes(identifier)?, bytes(presented)?)))),
        ["secret", _, encoding, secret] => signer(encoding, secret).map(|_| "ok".to_string()),
        _ => Err("BAD_REQUEST malformed request line".to_string()),
    };
    match result {
        Ok(body) => format!("{id}\t{body}"),
        Err(code) => format!("{id}\terror\t{code}"),
    }
}

fn main() -> io::Result<()> {
    let stdin = io::stdin();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        writeln!(out, "{}", answer(line.trim_end_matches('\r')))?;
    }
    out.flush()
}
