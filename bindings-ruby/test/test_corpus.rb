# frozen_string_literal: true

require_relative "test_helper"

# Every vector of the shared corpus (conformance/corpus.json), read in place.
# Expected values come from Python's hmac (OpenSSL), never from our core.
class TestCorpus < Minitest::Test
  CORPUS = TestSupport.corpus

  def test_corpus_format_and_groups
    assert_equal 1, CORPUS.fetch("format")
    %w[sign verify invalid_secrets].each { |group| refute_empty CORPUS.fetch(group), group }
  end

  def test_every_sign_vector
    CORPUS.fetch("sign").each do |vector|
      secret = TestSupport.bytes(vector.fetch("secret"))
      identifier = TestSupport.bytes(vector.fetch("identifier"))
      encoding = vector.fetch("secret_encoding").to_sym
      expected = vector.fetch("expected")
      id = vector.fetch("id")

      signer = IdentityHmac::Signer.new(secret, secret_encoding: encoding)
      assert_equal expected, signer.sign(identifier), id
      assert_equal [expected].pack("H*"), signer.digest(identifier), id
      assert_equal expected, IdentityHmac.sign(secret, identifier, secret_encoding: encoding), id
      assert_equal expected, IdentityHmac.sign(secret, identifier, secret_encoding: encoding.to_s), id
      assert_equal [expected], signer.sign_many([identifier]), id
      assert signer.verify(identifier, expected), id
      assert signer.verify(identifier, expected.upcase), id
    end
  end

  def test_every_verify_vector
    CORPUS.fetch("verify").each do |vector|
      secret = TestSupport.bytes(vector.fetch("secret"))
      identifier = TestSupport.bytes(vector.fetch("identifier"))
      presented = TestSupport.bytes(vector.fetch("presented"))
      encoding = vector.fetch("secret_encoding").to_sym
      expected = vector.fetch("expected")
      id = vector.fetch("id")

      assert_equal expected, IdentityHmac::Signer.new(secret, secret_encoding: encoding).verify(identifier, presented), id
      assert_equal expected, IdentityHmac.verify(secret, identifier, presented, secret_encoding: encoding), id
      verifier = IdentityHmac::Verifier.new([secret], secret_encoding: encoding)
      assert_equal expected, verifier.verify(identifier, presented), id
      if expected
        assert_equal 0, verifier.matching_key(identifier, presented), id
      else
        assert_nil verifier.matching_key(identifier, presented), id
      end
    end
  end

  def test_every_invalid_secret_vector
    CORPUS.fetch("invalid_secrets").each do |vector|
      secret = TestSupport.bytes(vector.fetch("secret"))
      encoding = vector.fetch("secret_encoding").to_sym
      code = vector.fetch("expected_code")
      id = vector.fetch("id")
      expected_class = %w[EMPTY_SECRET INVALID_HEX_SECRET].include?(code) ? IdentityHmac::InvalidSecretError : IdentityHmac::Error

      [
        -> { IdentityHmac::Signer.new(secret, secret_encoding: encoding) },
        -> { IdentityHmac.sign(secret, "someone", secret_encoding: encoding) },
        -> { IdentityHmac.verify(secret, "someone", "0" * 64, secret_encoding: encoding) },
        -> { IdentityHmac::Verifier.new([secret], secret_encoding: encoding) }
      ].each do |build|
        error = assert_raises(expected_class, id) { build.call }
        assert_equal code, error.code, id
        assert_includes error.message, "position #{vector["position"]}", id if vector.key?("position")
        # Short secrets ("0", "g") could appear by chance in any sentence.
        refute_includes error.message.b, secret.b, id if secret.bytesize >= 6
      end
    end
  end
end
