# frozen_string_literal: true

# Loaded by every test. The tests run against the INSTALLED gem: test.sh puts
# it in a fresh GEM_HOME and never adds the source tree's lib/ to $LOAD_PATH.
require "minitest/autorun"
require "json"
require "openssl"
require "securerandom"
require "identity_hmac"

module TestSupport
  REPO_ROOT = File.expand_path("../..", __dir__)
  CORPUS_PATH = ENV.fetch("IDENTITY_HMAC_CORPUS", File.join(REPO_ROOT, "conformance", "corpus.json"))

  def self.corpus
    @corpus ||= JSON.parse(File.read(CORPUS_PATH))
  end

  # A corpus BYTES object: {"utf8": "..."} becomes a UTF-8 String,
  # {"hex": "..."} a binary String of those raw bytes.
  def self.bytes(value)
    raise ArgumentError, "BYTES must have exactly one key: #{value.keys}" unless value.size == 1

    if value.key?("utf8")
      value.fetch("utf8").dup.force_encoding(Encoding::UTF_8)
    else
      [value.fetch("hex")].pack("H*")
    end
  end

  # Every call that takes a secret, by name, for tests that check them all.
  module Constructors
    def every_constructor(secret, encoding)
      {
        "Signer.new" => -> { IdentityHmac::Signer.new(secret, secret_encoding: encoding) },
        "IdentityHmac.sign" => -> { IdentityHmac.sign(secret, "user", secret_encoding: encoding) },
        "IdentityHmac.verify" => -> { IdentityHmac.verify(secret, "user", "0" * 64, secret_encoding: encoding) },
        "Verifier.new" => -> { IdentityHmac::Verifier.new([secret], secret_encoding: encoding) }
      }
    end
  end

  def self.openssl_hex(key, message)
    OpenSSL::HMAC.hexdigest("sha256", key, message)
  end
end
