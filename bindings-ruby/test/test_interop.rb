# frozen_string_literal: true

require_relative "test_helper"

# Outcomes compared with OpenSSL::HMAC, the function the published Ruby
# snippet calls, on random and awkward inputs.
class TestInterop < Minitest::Test
  def random_utf8(length)
    pool = ["a", "Z", "0", " ", "é", "ß", "€", "中", "😀", "\u0000", "\u200d"]
    Array.new(length) { pool.sample(random: @random) }.join
  end

  def setup
    @random = Random.new(Integer(ENV.fetch("SEED", "20261121")))
  end

  def test_random_binary_keys_and_messages_match_openssl
    300.times do
      key = @random.bytes(1 + @random.rand(200)) # longer than a block too
      message = @random.bytes(@random.rand(300))
      expected = TestSupport.openssl_hex(key, message)
      assert_equal expected, IdentityHmac::Signer.new(key).sign(message)
      assert_equal expected, IdentityHmac.sign(key, message)
      assert IdentityHmac.verify(key, message, expected)
    end
  end

  def test_random_utf8_keys_and_messages_match_openssl
    300.times do
      key = random_utf8(1 + @random.rand(40))
      message = random_utf8(@random.rand(60))
      assert_equal TestSupport.openssl_hex(key, message), IdentityHmac::Signer.new(key).sign(message)
    end
  end

  def test_hex_secret_is_decoded_to_its_bytes
    key = @random.bytes(32)
    hex = key.unpack1("H*")
    message = "user@example.com"
    expected = TestSupport.openssl_hex(key, message)
    assert_equal expected, IdentityHmac::Signer.new(hex, secret_encoding: :hex).sign(message)
    assert_equal expected, IdentityHmac::Signer.new(hex.upcase, secret_encoding: "hex").sign(message)
    assert_equal expected, IdentityHmac.sign(hex, message, secret_encoding: :hex)
  end

  def test_text_is_the_default_secret_encoding
    hex = "6b6579"
    assert_equal TestSupport.openssl_hex(hex, "x"), IdentityHmac.sign(hex, "x")
    assert_equal TestSupport.openssl_hex(hex, "x"), IdentityHmac::Signer.new(hex, secret_encoding: nil).sign("x")
  end

  def test_invalid_utf8_in_a_utf8_string_hashes_its_raw_bytes
    message = "caf\xC3\x28 \xFF".dup.force_encoding(Encoding::UTF_8)
    refute message.valid_encoding?
    key = "k\xFFey".dup.force_encoding(Encoding::UTF_8)
    assert_equal TestSupport.openssl_hex(key, message), IdentityHmac::Signer.new(key).sign(message)
    assert_equal TestSupport.openssl_hex(key, message), IdentityHmac.sign(key, message)
  end

  def test_binary_and_us_ascii_strings_hash_their_bytes
    binary = "\xE9t\xE9".b
    assert_equal TestSupport.openssl_hex("k", binary), IdentityHmac.sign("k", binary)
    ascii = "user@example.com".encode(Encoding::US_ASCII)
    assert_equal TestSupport.openssl_hex("k", ascii), IdentityHmac.sign("k", ascii)
  end

  def test_other_encodings_are_transcoded_to_utf8
    [Encoding::ISO_8859_1, Encoding::UTF_16LE, Encoding::Windows_1252, Encoding::Shift_JIS].each do |encoding|
      text = encoding == Encoding::Shift_JIS ? "ユーザー" : "José Müller"
      transcoded = text.encode(encoding)
      refute_equal text.b, transcoded.b, encoding.name
      assert_equal IdentityHmac.sign("k", text), IdentityHmac.sign("k", transcoded), encoding.name
      assert_equal IdentityHmac.sign(text, "m"), IdentityHmac.sign(transcoded, "m"), encoding.name
    end
  end

  def test_integers_hash_their_decimal_form
    [0, 42, -7, 2**62, 2**64 + 1, -(2**100)].each do |number|
      assert_equal TestSupport.openssl_hex("k", number.to_s), IdentityHmac.sign("k", number), number.to_s
    end
  end

  def test_digest_is_the_raw_binary_digest
    digest = IdentityHmac::Signer.new("k").digest("m")
    assert_equal Encoding::BINARY, digest.encoding
    assert_equal OpenSSL::HMAC.digest("sha256", "k", "m"), digest
  end

  def test_sign_returns_plain_lowercase_hex_strings
    hash = IdentityHmac::Signer.new("k").sign("m")
    assert_match(/\A[0-9a-f]{64}\z/, hash)
    assert_equal Encoding::UTF_8, hash.encoding
    refute hash.frozen?
  end

  def test_verify_accepts_either_case_and_refuses_malformed_hashes_without_raising
    signer = IdentityHmac::Signer.new("k")
    good = signer.sign("m")
    assert signer.verify("m", good)
    assert signer.verify("m", good.upcase)
    refute signer.verify("n", good)
    ["", good[0, 63], good + "0", "g" * 64, " #{good[1..]}", good.sub(/\A../, "0x"), "#{good[0, 63]}\u00e9"].each do |bad|
      refute signer.verify("m", bad), bad.inspect
      refute IdentityHmac.verify("k", "m", bad), bad.inspect
    end
  end

  def test_sign_many_matches_sign_in_order
    signer = IdentityHmac::Signer.new("k")
    assert_equal [], signer.sign_many([])
    mixed = ["a", 7, "é".encode(Encoding::ISO_8859_1), "\xFF".b, "", 2**70]
    assert_equal mixed.map { |id| signer.sign(id) }, signer.sign_many(mixed)
    many = Array.new(20_000) { |i| "user-#{i}@example.com" } # large enough to run in parallel
    hashes = signer.sign_many(many)
    assert_equal 20_000, hashes.size
    [0, 1, 4_999, 19_999].each { |i| assert_equal TestSupport.openssl_hex("k", many[i]), hashes[i] }
  end

  def test_verifier_rotation
    old_secret, new_secret = "old-token", "new-token"
    verifier = IdentityHmac::Verifier.new([new_secret, old_secret])
    assert_equal 2, verifier.size
    old_hash = TestSupport.openssl_hex(old_secret, "u")
    new_hash = TestSupport.openssl_hex(new_secret, "u")
    assert_equal 0, verifier.matching_key("u", new_hash)
    assert_equal 1, verifier.matching_key("u", old_hash)
    assert_nil verifier.matching_key("u", TestSupport.openssl_hex("other", "u"))
    assert_nil verifier.matching_key("u", "nope")
    assert verifier.verify("u", old_hash.upcase)
    refute verifier.verify("v", old_hash)

    hex_verifier = IdentityHmac::Verifier.new(["00ff" * 8, "6b6579"], secret_encoding: :hex)
    assert_equal 1, hex_verifier.matching_key("u", TestSupport.openssl_hex("key", "u"))
    sixteen = IdentityHmac::Verifier.new(Array.new(IdentityHmac::MAX_SECRETS) { |i| "secret-#{i}" })
    assert_equal 15, sixteen.matching_key("u", TestSupport.openssl_hex("secret-15", "u"))
  end

  def test_generate_secret
    secrets = Array.new(20) { IdentityHmac.generate_secret }
    secrets.each { |secret| assert_match(/\A[0-9a-f]{64}\z/, secret) }
    assert_equal 20, secrets.uniq.size
    key = [secrets.first].pack("H*")
    assert_equal TestSupport.openssl_hex(key, "u"), IdentityHmac.sign(secrets.first, "u", secret_encoding: :hex)
  end
end
