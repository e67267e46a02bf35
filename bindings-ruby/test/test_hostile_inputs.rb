# frozen_string_literal: true

require_relative "test_helper"
require "rbconfig"
require "set"
require "tmpdir"

# What a hostile or careless caller throws at the gem:
# encodings and encoding names, unbounded secret lists, huge batches, error
# details, and a failing random source.
class TestHostileInputs < Minitest::Test
  include TestSupport::Constructors
  SECRET = "Zq7Kx9VwPj3Lm8Rt"
  # "José" with a combining acute accent (NFD): NFC would turn it into other bytes.
  DECOMPOSED = "Jose\u0301 Mu\u0308ller"
  UTF8_VARIANTS = %w[UTF8-MAC UTF8-DoCoMo UTF8-KDDI UTF8-SoftBank].filter_map do |name|
    Encoding.find(name)
  rescue ArgumentError
    nil
  end

  def run_ruby(script, env: {})
    IO.popen(env, [RbConfig.ruby, "-e", script], err: %i[child out], &:read)
  end

  # --- Strings are hashed as their bytes when those bytes are UTF-8 ---------

  def test_utf8_compatible_strings_hash_their_bytes_exactly_like_openssl
    refute_empty UTF8_VARIANTS
    encodings = [Encoding::UTF_8, Encoding::BINARY, *UTF8_VARIANTS]
    encodings.each do |encoding|
      message = DECOMPOSED.dup.force_encoding(encoding)
      key = "k\u0301ey-#{SECRET}".dup.force_encoding(encoding)
      expected = OpenSSL::HMAC.hexdigest("sha256", key, message)
      signer = IdentityHmac::Signer.new(key)
      assert_equal expected, signer.sign(message), encoding.name
      assert_equal OpenSSL::HMAC.digest("sha256", key, message), signer.digest(message), encoding.name
      assert_equal expected, IdentityHmac.sign(key, message), encoding.name
      assert_equal [expected, expected], signer.sign_many([message, message]), encoding.name
      assert signer.verify(message, expected), encoding.name
      assert IdentityHmac.verify(key, message, expected), encoding.name
      assert_equal 0, IdentityHmac::Verifier.new([key]).matching_key(message, expected), encoding.name
    end
    ascii = "user@example.com".encode(Encoding::US_ASCII)
    assert_equal OpenSSL::HMAC.hexdigest("sha256", "k", ascii), IdentityHmac.sign("k".encode(Encoding::US_ASCII), ascii)
  end

  def test_utf8_mac_is_not_normalised
    mac = DECOMPOSED.dup.force_encoding("UTF8-MAC")
    # Ruby's own transcoding would compose the accents: that is what must not happen.
    refute_equal mac.b, mac.encode(Encoding::UTF_8).b
    assert_equal IdentityHmac.sign("k", DECOMPOSED), IdentityHmac.sign("k", mac)
    refute_equal IdentityHmac.sign("k", DECOMPOSED.unicode_normalize(:nfc)), IdentityHmac.sign("k", mac)
  end

  # --- One rule for every String argument, encoding names included ----------

  def test_strings_in_other_encodings_are_transcoded_secrets_and_encoding_names_alike
    %w[UTF-16LE UTF-16BE UTF-32LE ISO-8859-1].each do |name|
      hex_name = "hex".encode(name)
      text_name = "text".encode(name)
      hex_secret = "6b6579".encode(name)
      assert_equal OpenSSL::HMAC.hexdigest("sha256", "key", "u"),
                   IdentityHmac.sign(hex_secret, "u", secret_encoding: hex_name), name
      assert_equal OpenSSL::HMAC.hexdigest("sha256", "key", "u"),
                   IdentityHmac::Signer.new(hex_secret, secret_encoding: hex_name.to_sym).sign("u"), name
      assert_equal OpenSSL::HMAC.hexdigest("sha256", "José", "u"),
                   IdentityHmac.sign("José".encode(name), "u", secret_encoding: text_name), name
      assert_equal 1, IdentityHmac::Verifier.new(["00ff", "6b6579".encode(name)], secret_encoding: hex_name)
                                            .matching_key("u", OpenSSL::HMAC.hexdigest("sha256", "key", "u")), name
    end
  end

  def test_an_encoding_name_that_cannot_be_transcoded_is_an_encoding_error
    name = "he\xFF".dup.force_encoding(Encoding::UTF_16LE) # an odd number of bytes
    every_constructor(SECRET, name).each do |constructor, build|
      assert_raises(EncodingError, constructor) { build.call }
    end
  end

  def test_an_encoding_name_is_read_whole_never_cut_at_a_nul
    [:"hex\0junk", :"text\0", "hex\0junk", "text\0", :"\0hex"].each do |encoding|
      every_constructor("6b6579", encoding).each do |name, build|
        error = assert_raises(IdentityHmac::Error, "#{name} #{encoding.inspect}") { build.call }
        assert_equal "UNKNOWN_SECRET_ENCODING", error.code, "#{name} #{encoding.inspect}"
      end
    end
  end

  def test_nil_secret_encoding_means_text
    expected = OpenSSL::HMAC.hexdigest("sha256", "6b6579", "u")
    assert_equal expected, IdentityHmac::Signer.new("6b6579", secret_encoding: nil).sign("u")
    assert_equal expected, IdentityHmac.sign("6b6579", "u", secret_encoding: nil)
    assert IdentityHmac.verify("6b6579", "u", expected, secret_encoding: nil)
    assert_equal 0, IdentityHmac::Verifier.new(["6b6579"], secret_encoding: nil).matching_key("u", expected)
    assert_equal "EMPTY_SECRET", assert_raises(IdentityHmac::InvalidSecretError) {
      IdentityHmac::Signer.new("", secret_encoding: nil)
    }.code
  end

  # --- Verifier construction stops at the 17th secret ------------------------

  def test_the_17th_secret_is_refused_before_it_is_read
    sixteen = Array.new(IdentityHmac::MAX_SECRETS) { |i| "secret-#{i}" }
    # Decoding the 17th would give EMPTY_SECRET or a TypeError: it is never decoded.
    ["", nil, :not_a_string].each do |seventeenth|
      error = assert_raises(IdentityHmac::Error, seventeenth.inspect) { IdentityHmac::Verifier.new(sixteen + [seventeenth]) }
      assert_equal "TOO_MANY_SECRETS", error.code
    end
    error = assert_raises(IdentityHmac::Error) { IdentityHmac::Verifier.new(sixteen + ["fine", nil]) }
    assert_equal "TOO_MANY_SECRETS", error.code
  end

  def test_a_ten_million_secret_array_stops_at_the_17th
    huge = Array.new(10_000_000, "secret")
    error = assert_raises(IdentityHmac::Error) { IdentityHmac::Verifier.new(huge) }
    assert_equal "TOO_MANY_SECRETS", error.code
  end

  def test_an_endless_enumerator_stops_at_the_17th
    pulled = 0
    endless = Enumerator.new { |out| loop { out << "secret-#{pulled += 1}" } }
    error = assert_raises(IdentityHmac::Error) { IdentityHmac::Verifier.new(endless) }
    assert_equal "TOO_MANY_SECRETS", error.code
    assert_operator pulled, :<=, IdentityHmac::MAX_SECRETS + 1
    lazy = (1..).lazy.map { |i| "secret-#{i}" }
    assert_equal "TOO_MANY_SECRETS", assert_raises(IdentityHmac::Error) { IdentityHmac::Verifier.new(lazy) }.code
  end

  def test_any_enumerable_of_secrets_works_like_an_array
    expected = OpenSSL::HMAC.hexdigest("sha256", "old", "u")
    [%w[new old].each, %w[new old].lazy, Set["new", "old"], (1..2).map { |i| %w[new old][i - 1] }].each do |secrets|
      verifier = IdentityHmac::Verifier.new(secrets)
      assert_equal 2, verifier.size, secrets.class.name
      assert_equal 1, verifier.matching_key("u", expected), secrets.class.name
    end
    error = assert_raises(IdentityHmac::InvalidSecretError) { IdentityHmac::Verifier.new(["a", "", "b"].each) }
    assert_equal 1, error.secret_index
    assert_equal "NO_SECRETS", assert_raises(IdentityHmac::Error) { IdentityHmac::Verifier.new([].each) }.code
    # An enumerator's own exception comes through unchanged.
    failing = Enumerator.new { |out| out << "a"; raise KeyError, "from the enumerator" }
    assert_equal "from the enumerator", assert_raises(KeyError) { IdentityHmac::Verifier.new(failing) }.message
  end

  # --- Error details ----------------------------------------------------------

  def test_invalid_secret_errors_carry_reason_position_and_secret_index
    {
      "#{SECRET}0" => ["invalid character", 0],
      "abcdef0" => ["odd length", 7],
      "abcd ef" => ["invalid character", 4]
    }.each do |secret, (reason, position)|
      error = assert_raises(IdentityHmac::InvalidSecretError) { IdentityHmac::Signer.new(secret, secret_encoding: :hex) }
      assert_equal ["INVALID_HEX_SECRET", reason, position, nil], [error.code, error.reason, error.position, error.secret_index]
      error = assert_raises(IdentityHmac::InvalidSecretError) do
        IdentityHmac::Verifier.new(["abcd", "ef01", secret], secret_encoding: :hex)
      end
      assert_equal ["INVALID_HEX_SECRET", reason, position, 2], [error.code, error.reason, error.position, error.secret_index]
      refute_includes error.message, SECRET[0, 4]
    end
    error = assert_raises(IdentityHmac::InvalidSecretError) { IdentityHmac::Verifier.new([SECRET, ""]) }
    assert_equal ["EMPTY_SECRET", "empty", nil, 1], [error.code, error.reason, error.position, error.secret_index]
    error = assert_raises(IdentityHmac::InvalidSecretError) { IdentityHmac.sign("", "u") }
    assert_equal ["EMPTY_SECRET", "empty", nil, nil], [error.code, error.reason, error.position, error.secret_index]
  end

  def test_invalid_secret_error_can_be_built_by_hand
    error = IdentityHmac::InvalidSecretError.new("bad", "INVALID_HEX_SECRET", reason: "odd length", position: 3, secret_index: 1)
    assert_equal ["bad", "INVALID_HEX_SECRET", "odd length", 3, 1],
                 [error.message, error.code, error.reason, error.position, error.secret_index]
    assert_nil IdentityHmac::InvalidSecretError.new.position
  end

  # The repository's failing getrandom() (see its header), preloaded into a child.
  FAILING_GETRANDOM_C = File.join(TestSupport::REPO_ROOT, "conformance", "test-support", "failing_getrandom.c")

  # A getrandom() that fails (LD_PRELOAD, glibc only) must give the shared code,
  # as an IdentityHmac::Error, never a RuntimeError.
  def test_a_failing_random_source_is_random_source_failed
    compiler = %w[cc gcc clang].find { |name| system(name, "--version", out: File::NULL, err: File::NULL) }
    flunk "a C compiler is needed to build the failing getrandom() shim" unless compiler
    Dir.mktmpdir("identity_hmac-getrandom") do |dir|
      shim = File.join(dir, "failing_getrandom.so")
      assert system(compiler, "-shared", "-fPIC", "-o", shim, FAILING_GETRANDOM_C), "could not build the shim"
      output = run_ruby(<<~RUBY, env: { "LD_PRELOAD" => shim })
        require "identity_hmac"
        IdentityHmac.generate_secret # works before the failure is switched on
        ENV["IDENTITY_HMAC_TEST_FAIL_GETRANDOM"] = "1"
        begin
          IdentityHmac.generate_secret
          puts "no error"
        rescue StandardError => e
          puts [e.class, e.is_a?(IdentityHmac::Error), e.code, e.message].join("|")
        end
      RUBY
      assert_equal "IdentityHmac::Error|true|RANDOM_SOURCE_FAILED|the operating system's random source failed", output.strip
    end
  end

  # --- Batches stay bounded ----------------------------------------------------

  # 3 000 x 1 MiB used to be copied into one 3 GiB buffer, and the failed
  # allocation aborted the process (SIGABRT). Under a 2 GB address-space limit
  # it now signs (large items are hashed in place), or at worst raises
  # NoMemoryError: never a signal.
  def test_sign_many_under_a_memory_limit_never_aborts
    script = <<~RUBY
      require "identity_hmac"
      require "openssl"
      signer = IdentityHmac::Signer.new("k")
      [["a" * (1 << 20)] * 3000, ["b" * 60_000] * 40_000].each do |items|
        begin
          hashes = signer.sign_many(items)
          ok = hashes.size == items.size && hashes.uniq == [OpenSSL::HMAC.hexdigest("sha256", "k", items[0])]
          puts ok ? "signed" : "wrong"
        rescue NoMemoryError
          puts "NoMemoryError"
        end
      end
    RUBY
    output = IO.popen(["/bin/sh", "-c", 'ulimit -v 2000000 && exec "$0" -e "$1"', RbConfig.ruby, script],
                      err: %i[child out], &:read)
    status = $?
    refute status.signaled?, "killed by signal #{status.termsig}: #{output[0, 400]}"
    assert status.success?, output[0, 400]
    output.lines.map(&:strip).each { |line| assert_includes %w[signed NoMemoryError], line }
    assert_equal 2, output.lines.size, output
  end

  def test_sign_many_mixes_large_and_small_items_in_order
    signer = IdentityHmac::Signer.new("k")
    large = "L" * 70_000
    almost = "A" * 65_535
    items = ["a", large, 7, almost, "é".encode(Encoding::UTF_16LE), large + "x", "", *Array.new(20_000) { |i| "u#{i}" }, large]
    expected = items.map { |item| OpenSSL::HMAC.hexdigest("sha256", "k", item.is_a?(String) ? item.encode(Encoding::UTF_8) : item.to_s) }
    assert_equal expected, signer.sign_many(items)
    # Enough bytes for several 1 MiB chunks, each flushed by size.
    chunky = Array.new(100) { |i| "#{i}-" + ("c" * 40_000) }
    assert_equal chunky.map { |item| OpenSSL::HMAC.hexdigest("sha256", "k", item) }, signer.sign_many(chunky)
  end
end
