# frozen_string_literal: true

require_relative "test_helper"

# Every case of the shared bad-input matrix (conformance/bad_inputs.json, read
# in place), one test per case, through the public API the way a user calls it.
# A case Ruby cannot express is skipped with its reason, and the set of skipped
# cases is pinned, so a new case never goes unrun silently.
class TestBadInputs < Minitest::Test
  LANGUAGE = "ruby"
  MATRIX_PATH = ENV.fetch("IDENTITY_HMAC_BAD_INPUTS", File.join(TestSupport::REPO_ROOT, "conformance", "bad_inputs.json"))
  MATRIX = JSON.parse(File.read(MATRIX_PATH))
  CASES = MATRIX.fetch("cases")

  # Input kinds with no Ruby value at all.
  INEXPRESSIBLE_INPUTS = { "undefined" => "Ruby has no undefined, only nil" }.freeze

  # The cases Ruby is expected to skip; anything else skipping is a failure.
  EXPECTED_SKIPS = %w[identifier-undefined identifier-lone-surrogate-d800 identifier-lone-surrogate-dc80].freeze

  INVALID_SECRET_CODES = %w[EMPTY_SECRET INVALID_HEX_SECRET].freeze
  SOME_HASH = "0" * 64

  # The expectation that applies to Ruby, or nil when there is none.
  def self.expectation(test_case)
    expect = test_case.fetch("expect")
    return expect unless expect.key?("by_language")

    by_language = expect.fetch("by_language")
    by_language[LANGUAGE] || by_language["default"]
  end

  # Why a case cannot run in Ruby, or nil when it can.
  def self.skip_reason(test_case)
    input_kind = INEXPRESSIBLE_INPUTS.keys.find { |kind| test_case.fetch("input").key?(kind) }
    return INEXPRESSIBLE_INPUTS.fetch(input_kind) if input_kind
    return "no expectation for #{LANGUAGE}: the input cannot be expressed in Ruby" unless expectation(test_case)

    nil
  end

  SKIPPED = CASES.filter_map { |test_case| [test_case.fetch("id"), skip_reason(test_case)] if skip_reason(test_case) }.to_h

  Minitest.after_run do
    puts "bad_inputs.json: #{CASES.size} cases, #{CASES.size - SKIPPED.size} run, #{SKIPPED.size} skipped " \
         "(#{SKIPPED.map { |id, reason| "#{id}: #{reason}" }.join("; ")})"
  end

  def test_matrix_shape_and_skips
    assert_equal 1, MATRIX.fetch("format")
    assert_includes MATRIX.fetch("languages"), LANGUAGE
    ids = CASES.map { |test_case| test_case.fetch("id") }
    assert_equal ids.uniq, ids
    assert_equal EXPECTED_SKIPS.sort, SKIPPED.keys.sort
  end

  CASES.each do |test_case|
    define_method("test_case_#{test_case.fetch("id").tr("-", "_")}") { run_case(test_case) }
  end

  private

  def run_case(test_case)
    reason = self.class.skip_reason(test_case)
    skip reason if reason

    expect = self.class.expectation(test_case)
    case test_case.fetch("about")
    when "secret" then secret_case(test_case, expect)
    when "identifier" then identifier_case(test_case, expect)
    when "presented_hash" then presented_hash_case(test_case, expect)
    when "verifier" then verifier_case(test_case, expect)
    else flunk "#{test_case["id"]}: unknown about #{test_case["about"].inspect}"
    end
  end

  # The host value an input describes.
  def host_value(input)
    kind, value = input.first
    flunk "an input has exactly one key: #{input.keys}" unless input.size == 1
    case kind
    when "bytes" then TestSupport.bytes(value)
    when "repeat"
      bytes = [value.fetch("pattern_hex")].pack("H*") * value.fetch("count")
      text = bytes.dup.force_encoding(Encoding::UTF_8)
      text.valid_encoding? ? text : bytes
    when "null" then nil
    when "bool" then value
    when "json" then value
    when "integer" then value.is_a?(String) ? Integer(value, 10) : value
    when "float"
      { "NaN" => Float::NAN, "Infinity" => Float::INFINITY, "-Infinity" => -Float::INFINITY }.fetch(value) { Float(value) }
    else flunk "unknown input kind #{kind.inspect}"
    end
  end

  # No error message shows a secret: not whole, and for secrets of 8 bytes or
  # more not any 8-byte run of it. Secrets under 4 bytes ("a") are left out:
  # they appear in ordinary words by chance.
  def assert_hides_secret(message, secret, label)
    return unless secret.is_a?(String)

    bytes = secret.b
    text = message.b
    if bytes.bytesize >= 8
      (0..bytes.bytesize - 8).each do |start|
        refute text.include?(bytes.byteslice(start, 8)), "#{label}: the message shows part of the secret: #{message}"
      end
    elsif bytes.bytesize >= 4
      refute_includes text, bytes, "#{label}: the message shows the secret"
    end
  end

  def assert_code_error(code, secrets, label, &call)
    klass = INVALID_SECRET_CODES.include?(code) ? IdentityHmac::InvalidSecretError : IdentityHmac::Error
    error = assert_raises(IdentityHmac::Error, label, &call)
    assert_instance_of klass, error, label
    assert_equal code, error.code, label
    secrets.each { |secret| assert_hides_secret(error.message, secret, label) }
  end

  def assert_type_error(secrets, label, &call)
    error = assert_raises(TypeError, label, &call)
    refute_kind_of IdentityHmac::Error, error, label
    secrets.each { |secret| assert_hides_secret(error.message, secret, label) }
  end

  # Every public way to use a secret, each ending in one call that must fail.
  def secret_calls(secret, encoding, identifier)
    {
      "Signer.new" => -> { IdentityHmac::Signer.new(secret, secret_encoding: encoding).sign(identifier) },
      "IdentityHmac.sign" => -> { IdentityHmac.sign(secret, identifier, secret_encoding: encoding) },
      "IdentityHmac.verify" => -> { IdentityHmac.verify(secret, identifier, SOME_HASH, secret_encoding: encoding) },
      "Verifier.new" => -> { IdentityHmac::Verifier.new([secret], secret_encoding: encoding) }
    }
  end

  def secret_case(test_case, expect)
    id = test_case.fetch("id")
    identifier = TestSupport.bytes(test_case.fetch("identifier"))
    input = test_case.fetch("input")
    if input.key?("corpus_group")
      vectors = TestSupport.corpus.fetch(input.fetch("corpus_group"))
      refute_empty vectors, id
      vectors.each do |vector|
        secret = TestSupport.bytes(vector.fetch("secret"))
        encoding = vector.fetch("secret_encoding")
        expect_secret(secret, encoding, identifier, { "error" => vector.fetch("expected_code") }, "#{id}/#{vector.fetch("id")}")
      end
    else
      expect_secret(host_value(input), test_case.fetch("secret_encoding"), identifier, expect, id)
    end
  end

  def expect_secret(secret, encoding, identifier, expect, id)
    # Users write secret_encoding: :hex or "hex"; both forms must agree.
    [encoding, encoding.to_sym].each do |form|
      label = "#{id} (secret_encoding: #{form.inspect})"
      if expect.key?("error")
        secret_calls(secret, form, identifier).each do |name, call|
          assert_code_error(expect.fetch("error"), [secret], "#{label} #{name}", &call)
        end
      elsif expect.key?("type_error")
        secret_calls(secret, form, identifier).each do |name, call|
          assert_type_error([secret], "#{label} #{name}", &call)
        end
      elsif expect.key?("hash")
        hash = expect.fetch("hash")
        assert_equal hash, IdentityHmac::Signer.new(secret, secret_encoding: form).sign(identifier), label
        assert_equal hash, IdentityHmac.sign(secret, identifier, secret_encoding: form), label
        assert IdentityHmac.verify(secret, identifier, hash, secret_encoding: form), label
        assert_equal 0, IdentityHmac::Verifier.new([secret], secret_encoding: form).matching_key(identifier, hash), label
      else
        flunk "#{label}: unhandled expectation #{expect}"
      end
    end
  end

  def identifier_case(test_case, expect)
    id = test_case.fetch("id")
    secret = TestSupport.bytes(test_case.fetch("secret"))
    encoding = test_case.fetch("secret_encoding").to_sym
    identifier = host_value(test_case.fetch("input"))
    signer = IdentityHmac::Signer.new(secret, secret_encoding: encoding)
    verifier = IdentityHmac::Verifier.new([secret], secret_encoding: encoding)

    if expect.key?("hash")
      hash = expect.fetch("hash")
      assert_equal hash, signer.sign(identifier), id
      assert_equal [hash].pack("H*"), signer.digest(identifier), id
      assert_equal [hash], signer.sign_many([identifier]), id
      assert_equal hash, IdentityHmac.sign(secret, identifier, secret_encoding: encoding), id
      assert signer.verify(identifier, hash), id
      assert_equal 0, verifier.matching_key(identifier, hash), id
    elsif expect.key?("type_error")
      {
        "Signer#sign" => -> { signer.sign(identifier) },
        "Signer#digest" => -> { signer.digest(identifier) },
        "Signer#sign_many" => -> { signer.sign_many(["fine", identifier]) },
        "Signer#verify" => -> { signer.verify(identifier, SOME_HASH) },
        "IdentityHmac.sign" => -> { IdentityHmac.sign(secret, identifier, secret_encoding: encoding) },
        "IdentityHmac.verify" => -> { IdentityHmac.verify(secret, identifier, SOME_HASH, secret_encoding: encoding) },
        "Verifier#verify" => -> { verifier.verify(identifier, SOME_HASH) },
        "Verifier#matching_key" => -> { verifier.matching_key(identifier, SOME_HASH) }
      }.each { |name, call| assert_type_error([secret], "#{id} #{name}", &call) }
    else
      flunk "#{id}: unhandled expectation #{expect}"
    end
  end

  def presented_hash_case(test_case, expect)
    id = test_case.fetch("id")
    secret = TestSupport.bytes(test_case.fetch("secret"))
    encoding = test_case.fetch("secret_encoding").to_sym
    identifier = TestSupport.bytes(test_case.fetch("identifier"))
    presented = host_value(test_case.fetch("input"))
    signer = IdentityHmac::Signer.new(secret, secret_encoding: encoding)
    verifier = IdentityHmac::Verifier.new([secret], secret_encoding: encoding)
    calls = {
      "Signer#verify" => -> { signer.verify(identifier, presented) },
      "IdentityHmac.verify" => -> { IdentityHmac.verify(secret, identifier, presented, secret_encoding: encoding) },
      "Verifier#verify" => -> { verifier.verify(identifier, presented) }
    }

    if expect.key?("verify")
      expected = expect.fetch("verify")
      calls.each { |name, call| assert_equal expected, call.call, "#{id} #{name}" }
      if expected
        assert_equal 0, verifier.matching_key(identifier, presented), id
      else
        assert_nil verifier.matching_key(identifier, presented), id
      end
    elsif expect.key?("type_error")
      calls["Verifier#matching_key"] = -> { verifier.matching_key(identifier, presented) }
      calls.each { |name, call| assert_type_error([secret], "#{id} #{name}", &call) }
    else
      flunk "#{id}: unhandled expectation #{expect}"
    end
  end

  def verifier_case(test_case, expect)
    id = test_case.fetch("id")
    encoding = test_case.fetch("secret_encoding").to_sym
    identifier = TestSupport.bytes(test_case.fetch("identifier"))
    input = test_case.fetch("input")
    secrets = input.fetch("secrets").map { |secret| TestSupport.bytes(secret) }
    build = -> { IdentityHmac::Verifier.new(secrets, secret_encoding: encoding) }

    if expect.key?("error")
      assert_code_error(expect.fetch("error"), secrets, id, &build)
      return
    end
    verifier = build.call
    assert_equal secrets.size, verifier.size, id
    presented = TestSupport.bytes(input.fetch("presented"))
    if expect.key?("matching_key")
      assert_equal expect.fetch("matching_key"), verifier.matching_key(identifier, presented), id
      assert verifier.verify(identifier, presented), id
    elsif expect.key?("verify")
      expected = expect.fetch("verify")
      assert_equal expected, verifier.verify(identifier, presented), id
      refute_nil verifier.matching_key(identifier, presented), id if expected
      assert_nil verifier.matching_key(identifier, presented), id unless expected
    else
      flunk "#{id}: unhandled expectation #{expect}"
    end
  end
end
