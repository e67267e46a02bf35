//! Signs Chatwoot's documentation example and checks it with a rotating
//! verifier: `cargo run -p identity-hmac --example chatwoot`.

use identity_hmac::{Secret, Signer, Verifier};

fn main() -> Result<(), identity_hmac::Error> {
    let token = Secret::text("your_web_widget_hmac_token")?;
    let signer = Signer::new(&token);
    let identifier_hash = signer.sign_hex("some_identifier");
    println!("identifier_hash for some_identifier: {identifier_hash}");

    let next = Secret::generate();
    let verifier = Verifier::new([&next, &token])?;
    match verifier.matching_key("some_identifier", &identifier_hash) {
        Some(index) => println!("verified under key {index} (0 = newest)"),
        None => println!("not verified"),
    }
    Ok(())
}
