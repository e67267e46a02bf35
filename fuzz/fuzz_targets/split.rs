/// Cuts fuzz input into length-prefixed fields: each field is one length
/// byte followed by that many bytes (fewer at the end of the input).
pub struct Fields<'a>(pub &'a [u8]);

impl<'a> Fields<'a> {
    pub fn next_byte(&mut self) -> u8 {
        let (&first, rest) = self.0.split_first().unwrap_or((&0, &[]));
        self.0 = rest;
        first
    }

    pub fn next_field(&mut self) -> &'a [u8] {
        let len = usize::from(self.next_byte()).min(self.0.len());
        let (field, rest) = self.0.split_at(len);
        self.0 = rest;
        field
    }

    pub fn rest(&self) -> &'a [u8] {
        self.0
    }
}

pub fn encoding(selector: u8) -> identity_hmac::SecretEncoding {
    if selector.is_multiple_of(2) { identity_hmac::SecretEncoding::Text } else { identity_hmac::SecretEncoding::Hex }
}

/// Messages may only vary with the input through numbers (positions,
/// lengths). With digits folded, the wordings seen form a small fixed set;
/// a message that carried secret bytes would grow it without bound. (A plain
/// "does the message contain the secret" check is fooled by secrets that
/// are themselves words of the message.)
pub fn assert_fixed_wording(message: &str) {
    use std::collections::BTreeSet;
    use std::sync::Mutex;
    static WORDINGS: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let mut folded = String::with_capacity(message.len());
    for c in message.chars() {
        if c.is_ascii_digit() {
            if !folded.ends_with('#') {
                folded.push('#');
            }
        } else {
            folded.push(c);
        }
    }
    let mut wordings = WORDINGS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    wordings.insert(folded.clone());
    assert!(wordings.len() <= 64, "message wording varies with the input: {folded:?}");
}
