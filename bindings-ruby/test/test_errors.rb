# frozen_string_literal: true

require_relative "test_helper"

# Every error path: the class, the code, and that no message shows the secret.
class TestErrors < Minitest::Test
  include TestSupport::Constructors
  # Distinctive, so that finding it (or a long piece of it) in a message is
  # never a coincidence.
  SECRET = "Zq7Kx9VwPj3Lm8Rt"

  def assert_no_secret(message, secret = SECRET)
    refute_includes message.b, secret.b
    # Nor any 5-byte piece of it.
    secret.b.chars.each_cons(5) { |piece| refute_includes message.b, piece.join }
  end

  def assert_identity_error(klass, code, &block)
    error = assert_raises(klass, &block)
    assert_instance_of klass, error
    assert_kind_of IdentityHmac::Error, error
    assert_kind_of StandardError, error
    assert_equal code, error.code
    error
  end

  def test_hierarchy
    assert_operator IdentityHmac::Error, :<, StandardError
    assert_operator IdentityHmac::InvalidSecretError, :<, IdentityHmac::Error
  end

  def test_empty_secret
    [["", :text], ["", :hex], ["".b, :text]].each do |secret, encoding|
      every_constructor(secret, encoding).each_value do |build|
        error = assert_identity_error(IdentityHmac::InvalidSecretError, "EMPTY_SECRET") { build.call }
        assert_match(/empty/, error.message)
      end
    end
  end

  def test_invalid_hex_secret_names_reason_and_position_but_not_the_secret
    {
      "#{SECRET}0" => ["invalid character", 0],        # 'Z' is not hex
      "abcdef0" => ["odd length", 7],
      "abcd ef" => ["invalid character", 4],
      "0xabcdef" => ["invalid character", 1],
      "ab\u0661\u0662" => ["invalid character", 2],       # Arabic-Indic digits
      "ab\ncd" => ["invalid character", 2]
    }.each do |secret, (reason, position)|
      every_constructor(secret, :hex).each do |name, build|
        error = assert_identity_error(IdentityHmac::InvalidSecretError, "INVALID_HEX_SECRET") { build.call }
        assert_includes error.message, reason, name
        assert_includes error.message, "position #{position}", name
        assert_no_secret(error.message, secret) if secret.start_with?(SECRET)
      end
    end
  end

  def test_unknown_secret_encoding
    [:base64, "TEXT", "Hex", "", :"hex "].each do |encoding|
      every_constructor(SECRET, encoding).each_value do |build|
        error = assert_identity_error(IdentityHmac::Error, "UNKNOWN_SECRET_ENCODING") { build.call }
        refute_kind_of IdentityHmac::InvalidSecretError, error
        assert_no_secret(error.message)
      end
    end
  end

  def test_secret_encoding_of_the_wrong_type
    [1, 1.0, true, [], Object.new].each do |encoding|
      every_constructor(SECRET, encoding).each_value do |build|
        error = assert_raises(TypeError) { build.call }
        assert_no_secret(error.message)
      end
    end
  end

  def test_no_secrets_and_too_many_secrets
    error = assert_identity_error(IdentityHmac::Error, "NO_SECRETS") { IdentityHmac::Verifier.new([]) }
    refute_kind_of IdentityHmac::InvalidSecretError, error
    secrets = Array.new(IdentityHmac::MAX_SECRETS + 1) { |i| "#{SECRET}#{i}" }
    error = assert_identity_error(IdentityHmac::Error, "TOO_MANY_SECRETS") { IdentityHmac::Verifier.new(secrets) }
    assert_includes error.message, "at most 16"
    assert_no_secret(error.message)
  end

  def test_verifier_names_the_index_of_a_bad_secret
    error = assert_identity_error(IdentityHmac::InvalidSecretError, "INVALID_HEX_SECRET") do
      IdentityHmac::Verifier.new(["ab" * 16, "#{SECRET}00"], secret_encoding: :hex)
    end
    assert_equal 1, error.secret_index
    assert_includes error.message, "index 1"
    assert_no_secret(error.message)
    error = assert_identity_error(IdentityHmac::InvalidSecretError, "EMPTY_SECRET") do
      IdentityHmac::Verifier.new([SECRET, ""])
    end
    assert_equal 1, error.secret_index
    assert_includes error.message, "index 1"
    error = assert_raises(TypeError) { IdentityHmac::Verifier.new([SECRET, SECRET, nil]) }
    assert_match(/secrets\[2\] must be a String, not NilClass/, error.message)
  end

  def test_secrets_of_the_wrong_type
    [nil, 12_345, :token, SECRET.to_sym, [SECRET], { SECRET => 1 }].each do |secret|
      every_constructor(secret, :text).each do |name, build|
        error = assert_raises(TypeError, name) { build.call }
        assert_no_secret(error.message)
        assert_match(/secret/, error.message)
      end
    end
    [SECRET, nil, { a: SECRET }].each do |secrets|
      error = assert_raises(TypeError) { IdentityHmac::Verifier.new(secrets) }
      assert_no_secret(error.message)
    end
  end

  def test_secret_that_cannot_be_transcoded_is_refused_without_showing_it
    secret = "#{SECRET}\x82".dup.force_encoding(Encoding::Shift_JIS) # a lone lead byte
    refute secret.valid_encoding?
    every_constructor(secret, :text).each do |name, build|
      error = assert_raises(EncodingError, name) { build.call }
      assert_no_secret(error.message)
    end
  end

  def test_identifiers_of_the_wrong_type
    signer = IdentityHmac::Signer.new(SECRET)
    verifier = IdentityHmac::Verifier.new([SECRET])
    [nil, 1.5, :user, true, Object.new, ["user"], 3r].each do |identifier|
      {
        "sign" => -> { signer.sign(identifier) },
        "digest" => -> { signer.digest(identifier) },
        "verify" => -> { signer.verify(identifier, "0" * 64) },
        "sign_many" => -> { signer.sign_many(["ok", identifier]) },
        "Verifier#verify" => -> { verifier.verify(identifier, "0" * 64) },
        "Verifier#matching_key" => -> { verifier.matching_key(identifier, "0" * 64) },
        "IdentityHmac.sign" => -> { IdentityHmac.sign(SECRET, identifier) },
        "IdentityHmac.verify" => -> { IdentityHmac.verify(SECRET, identifier, "0" * 64) }
      }.each do |name, call|
        error = assert_raises(TypeError, name) { call.call }
        assert_match(/identifier must be a String or an Integer/, error.message, name)
        assert_no_secret(error.message)
      end
    end
  end

  def test_presented_hash_of_the_wrong_type
    signer = IdentityHmac::Signer.new(SECRET)
    [nil, 0, :hash].each do |presented|
      [
        -> { signer.verify("u", presented) },
        -> { IdentityHmac::Verifier.new([SECRET]).verify("u", presented) },
        -> { IdentityHmac::Verifier.new([SECRET]).matching_key("u", presented) },
        -> { IdentityHmac.verify(SECRET, "u", presented) }
      ].each { |call| assert_raises(TypeError) { call.call } }
    end
  end

  def test_sign_many_needs_an_array
    signer = IdentityHmac::Signer.new(SECRET)
    [nil, "user", 1, { "a" => 1 }].each do |identifiers|
      assert_raises(TypeError) { signer.sign_many(identifiers) }
    end
  end

  def test_wrong_arguments
    assert_raises(ArgumentError) { IdentityHmac::Signer.new }
    assert_raises(ArgumentError) { IdentityHmac::Signer.new(SECRET, encoding: :text) }
    assert_raises(ArgumentError) { IdentityHmac::Signer.new(SECRET, :text) }
    assert_raises(ArgumentError) { IdentityHmac.sign(SECRET) }
    assert_raises(ArgumentError) { IdentityHmac.verify(SECRET, "u") }
    assert_raises(ArgumentError) { IdentityHmac::Signer.new(SECRET).sign }
    assert_raises(ArgumentError) { IdentityHmac.generate_secret(32) }
  end

  def test_inspect_and_friends_never_show_the_secret
    signer = IdentityHmac::Signer.new(SECRET)
    verifier = IdentityHmac::Verifier.new([SECRET, "#{SECRET}2"])
    [signer, verifier].each do |object|
      [object.inspect, object.to_s, object.instance_variables.inspect, [object].inspect].each do |text|
        assert_no_secret(text)
      end
      error = assert_raises(TypeError) { Marshal.dump(object) }
      assert_no_secret(error.message)
    end
    assert_includes signer.inspect, "redacted"
    assert_equal "#<IdentityHmac::Verifier secrets=2 <redacted>>", verifier.inspect
  end

  def test_error_can_be_built_and_rescued_like_any_standard_error
    error = IdentityHmac::Error.new("boom", "NO_SECRETS")
    assert_equal "NO_SECRETS", error.code
    assert_equal "boom", error.message
    assert_nil IdentityHmac::Error.new.code
    begin
      IdentityHmac::Signer.new("")
    rescue StandardError => e
      assert_equal "EMPTY_SECRET", e.code
    end
  end
end
