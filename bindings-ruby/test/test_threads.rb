# frozen_string_literal: true

require_relative "test_helper"

# One Signer shared between threads, the GVL released by sign_many, and the
# extension under GC.stress.
class TestThreads < Minitest::Test
  KEY = "shared-token"

  def test_threads_share_one_signer
    signer = IdentityHmac::Signer.new(KEY)
    verifier = IdentityHmac::Verifier.new(["other", KEY])
    threads = Array.new(8) do |t|
      Thread.new do
        mismatches = 0
        400.times do |i|
          identifier = "user-#{t}-#{i}@example.com"
          expected = TestSupport.openssl_hex(KEY, identifier)
          mismatches += 1 unless signer.sign(identifier) == expected
          mismatches += 1 unless signer.verify(identifier, expected)
          mismatches += 1 unless verifier.matching_key(identifier, expected) == 1
          mismatches += 1 unless signer.sign_many([identifier, i]) == [expected, TestSupport.openssl_hex(KEY, i.to_s)]
        end
        mismatches
      end
    end
    assert_equal [0] * 8, threads.map(&:value)
  end

  def test_sign_many_runs_concurrently_from_many_threads
    signer = IdentityHmac::Signer.new(KEY)
    batch = Array.new(5_000) { |i| "id-#{i}" }
    expected = batch.map { |id| TestSupport.openssl_hex(KEY, id) }
    results = Array.new(4) { Thread.new { signer.sign_many(batch) } }.map(&:value)
    results.each { |hashes| assert_equal expected, hashes }
  end

  # While one thread is inside sign_many, another Ruby thread keeps running:
  # only possible if sign_many released the GVL.
  def test_sign_many_releases_the_gvl
    signer = IdentityHmac::Signer.new(KEY)
    batch = Array.new(400_000) { |i| "user-#{i}@example.com" }
    ticks = 0
    stop = false
    ticker = Thread.new { ticks += 1 until stop }
    Thread.pass until ticks.positive?
    before = ticks
    hashes = signer.sign_many(batch)
    during = ticks - before
    stop = true
    ticker.join
    assert_equal 400_000, hashes.size
    assert_operator during, :>, 0, "no other thread ran while sign_many hashed"
  end

  class Interrupted < StandardError; end

  # Thread#raise while sign_many hashes: Ruby delivers it as the GVL comes
  # back, and it must surface as an ordinary exception, with the Signer (and
  # the process) fine afterwards.
  def test_an_interrupt_during_sign_many_is_an_ordinary_exception
    signer = IdentityHmac::Signer.new(KEY)
    identifiers = Array.new(200_000) { |i| "user-#{i}@example.com" }
    main = Thread.current
    raiser = nil
    error = assert_raises(Interrupted) do
      raiser = Thread.new do
        sleep 0.2
        main.raise(Interrupted, "stop")
      end
      loop { signer.sign_many(identifiers) }
    end
    raiser.join
    assert_equal "stop", error.message
    assert_equal TestSupport.openssl_hex(KEY, identifiers.last), signer.sign_many(identifiers).last
  end

  # Every allocation runs a full GC: objects the extension holds without a
  # reference Ruby knows about would be freed or moved under it. Expected
  # values are computed first, so the loop allocates little else.
  def test_gc_stress
    signer = IdentityHmac::Signer.new(KEY)
    latin1 = "José".encode(Encoding::ISO_8859_1)
    utf16_key = KEY.encode(Encoding::UTF_16LE)
    big = 2**80
    expected = TestSupport.openssl_hex(KEY, "José")
    expected_many = [expected, TestSupport.openssl_hex(KEY, big.to_s)]
    large = "L" * 70_000 # signed in place, between two chunks
    expected_large = [expected, TestSupport.openssl_hex(KEY, large), expected]
    mac = "Jose\u0301".dup.force_encoding("UTF8-MAC")
    expected_mac = TestSupport.openssl_hex(KEY, mac)
    results = []
    GC.stress = true
    begin
      5.times do
        results << (signer.sign(latin1) == expected)
        results << signer.verify(latin1, expected)
        results << (signer.sign_many([latin1, big]) == expected_many)
        results << (IdentityHmac::Verifier.new(["x", utf16_key]).matching_key("José", expected) == 1)
        results << (IdentityHmac.sign(KEY, "José", secret_encoding: :text) == expected)
        results << (signer.sign_many([latin1, large, "José"]) == expected_large)
        results << (signer.sign(mac) == expected_mac)
        results << (IdentityHmac::Verifier.new(["x", KEY].each, secret_encoding: "text".encode(Encoding::UTF_16LE)).size == 2)
        begin
          IdentityHmac::Verifier.new(["ab", "zz"], secret_encoding: :hex)
          results << false
        rescue IdentityHmac::InvalidSecretError => e
          results << (e.secret_index == 1 && e.position == 0 && e.reason == "invalid character")
        end
        begin
          IdentityHmac::Signer.new("zz", secret_encoding: :hex)
          results << false
        rescue IdentityHmac::InvalidSecretError => e
          results << (e.code == "INVALID_HEX_SECRET")
        end
      end
    ensure
      GC.stress = false
    end
    assert_equal [true] * 50, results
    GC.compact if GC.respond_to?(:compact)
    assert_equal expected, signer.sign("José")
    assert_equal "EMPTY_SECRET", assert_raises(IdentityHmac::InvalidSecretError) { IdentityHmac::Signer.new("") }.code
  end
end
