# frozen_string_literal: true

# Conformance harness for the installed identity_hmac gem. Reads every request
# line from stdin (TAB-separated, bytes as hex), answers one line per request.
# Valid UTF-8 travels as a UTF-8 String, anything else as a binary String.
require "identity_hmac"

abort "identity_hmac is not the installed gem" unless
  Gem.loaded_specs["identity_hmac"]&.full_gem_path&.start_with?(File.realpath(ENV.fetch("GEM_HOME")))

def native(hex)
  bytes = [hex].pack("H*")
  utf8 = bytes.dup.force_encoding(Encoding::UTF_8)
  utf8.valid_encoding? ? utf8 : bytes
end

def answer(fields)
  kind, id, encoding, secret_hex, *rest = fields
  secret = native(secret_hex.to_s)
  case kind
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
