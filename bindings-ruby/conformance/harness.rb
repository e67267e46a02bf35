# frozen_string_literal: true

# Conformance harness for the installed identity_hmac gem. Reads every request
# line from stdin (TAB-separated, bytes as hex), answers one line per request.
# Valid UTF-8 travels as a UTF-8 String, anything else as a binary String.
# Token claims to sign arrive as hex of JSON text: JSON.parse makes the Hash
# passed to sign_token (JSON that is not an object is passed as its text);
# verified claims go back as hex of JSON.generate of the Hash verify returned.
require "identity_hmac"
require "json"

abort "identity_hmac is not the installed gem" unless
  Gem.loaded_specs["identity_hmac"]&.full_gem_path&.start_with?(File.realpath(ENV.fetch("GEM_HOME")))

def native(hex)
  bytes = [hex].pack("H*")
  utf8 = bytes.dup.force_encoding(Encoding::UTF_8)
  utf8.valid_encoding? ? utf8 : bytes
end

def optional_int(field)
  field == "-" ? nil : Integer(field, 10)
end

# KEYS: comma-separated KIDHEX:SECRETHEX, newest first (an empty KIDHEX: no key id).
def token_keys(field)
  field.split(",").map do |entry|
    kid, secret = entry.split(":", 2)
    kid.empty? ? native(secret) : [native(kid), native(secret)]
  end
end

def token_verify(id, encoding, keys, token, now, leeway, max_lifetime, required)
  verifier = IdentityHmac::TokenVerifier.new(
    token_keys(keys), secret_encoding: encoding, leeway: Integer(leeway, 10),
                      max_lifetime: optional_int(max_lifetime), required_claims: JSON.parse(native(required))
  )
  claims = verifier.verify(native(token), now: Integer(now, 10))
  "#{id}\tclaims\t#{JSON.generate(claims).unpack1("H*")}"
end

def token_sign(id, encoding, secret, claims_hex, now, expires_in, kid)
  text = native(claims_hex)
  parsed = begin
    JSON.parse(text)
  rescue JSON::ParserError, EncodingError
    nil # not JSON (or not UTF-8): the text itself, for the core to refuse
  end
  token = IdentityHmac.sign_token(
    native(secret), parsed.is_a?(Hash) ? parsed : text,
    expires_in: optional_int(expires_in), key_id: kid == "-" ? nil : native(kid),
    now: Integer(now, 10), secret_encoding: encoding
  )
  "#{id}\ttoken\t#{token}"
end

def answer(fields)
  kind, id, encoding, secret_hex, *rest = fields
  secret = native(secret_hex.to_s)
  case kind
  when "token_verify"
    token_verify(id, encoding, *fields[3..])
  when "token_sign"
    token_sign(id, encoding, *fields[3..])
  when "sign"
    "#{id}\thash\t#{IdentityHmac::Signer.new(secret, secret_encoding: encoding).sign(native(rest.fetch(0)))}"
  when "verify"
    signer = IdentityHmac::Signer.new(secret, secret_encoding: encoding)
    "#{id}\tbool\t#{signer.verify(native(rest.fetch(0)), native(rest.fetch(1)))}"
  when "secret"
    IdentityHmac::Signer.new(secret, secret_encoding: encoding)
    "#{id}\tok"
  else
    "#{id}\tunsupported\tunknown request kind #{kind.inspect}"
  end
rescue IdentityHmac::Error => e
  "#{id}\terror\t#{e.code}"
rescue StandardError => e
  # Not one of ours: the runner reports it as a divergence.
  "#{id}\terror\t#{e.class}"
end

requests = $stdin.read.split("\n")
$stdout.write(requests.map { |line| "#{answer(line.split("\t", -1))}\n" }.join)
