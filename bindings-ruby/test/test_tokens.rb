# frozen_string_literal: true

require_relative "test_helper"
require "base64"
require "set"

# Identity tokens: IdentityHmac.sign_token and IdentityHmac::TokenVerifier.
# Tokens are forged and checked here with OpenSSL::HMAC, Base64 and JSON,
# never with the gem, so a test fails if the gem and the JWT spec disagree.
class TestTokens < Minitest::Test
  SECRET = "the-shared-secret-Wq7Zt"
  NOW = 1_700_000_000
  HS256 = '{"alg":"HS256","typ":"JWT"}'
  GOOD = %({"sub":"42","iat":#{NOW},"exp":#{NOW + 600}}).freeze

  def b64(bytes)
    Base64.urlsafe_encode64(bytes, padding: false)
  end

  def unb64(text)
    Base64.urlsafe_decode64(text)
  end

  def forge(header, payload, key = SECRET)
    signing_input = "#{b64(header)}.#{b64(payload)}"
    "#{signing_input}.#{b64(OpenSSL::HMAC.digest("sha256", key, signing_input))}"
  end

  def verifier(**options)
    IdentityHmac::TokenVerifier.new([SECRET], **options)
  end

  def refusal(token, verifier = self.verifier(max_lifetime: 3600, required_claims: ["sub"]), now: NOW)
    assert_raises(IdentityHmac::Error) { verifier.verify(token, now: now) }
  end

  def assert_no_secret(text, secret = SECRET)
    refute_includes text.b, secret.b
    secret.b.chars.each_cons(6) { |piece| refute_includes text.b, piece.join, "a piece of the secret in #{text.inspect}" }
  end

  def test_sign_writes_the_documented_header_adds_iat_and_exp_and_signs_with_hmac
    token = IdentityHmac.sign_token(SECRET, { user_id: "42", email: "zoë@example.com" }, expires_in: 300, now: NOW)
    header, payload, signature = token.split(".")
    assert_equal HS256, unb64(header)
    assert_equal({ "user_id" => "42", "email" => "zoë@example.com", "iat" => NOW, "exp" => NOW + 300 },
                 JSON.parse(unb64(payload)))
    assert_equal b64(OpenSSL::HMAC.digest("sha256", SECRET, "#{header}.#{payload}")), signature
    refute_includes token, "="
    assert_equal Encoding::UTF_8, token.encoding
  end

  def test_key_id_goes_in_the_header
    token = IdentityHmac.sign_token(SECRET, { external_id: "u1", scope: "user" }, key_id: "app_6543", now: NOW)
    assert_equal({ "alg" => "HS256", "typ" => "JWT", "kid" => "app_6543" }, JSON.parse(unb64(token.split(".")[0])))
    assert_equal({ "external_id" => "u1", "scope" => "user", "iat" => NOW }, JSON.parse(unb64(token.split(".")[1])))
  end

  def test_iat_is_the_clock_without_now
    before = Time.now.to_i
    token = IdentityHmac.sign_token(SECRET, {})
    iat = JSON.parse(unb64(token.split(".")[1])).fetch("iat")
    assert_includes before..(Time.now.to_i), iat
  end

  def test_round_trips_hashes_and_json_text
    claims = { "sub" => "42", "name" => "Zoë 秘密 🔑", "roles" => ["admin", nil, true, false], "n" => 9_007_199_254_740_993,
               "big" => 18_446_744_073_709_551_615, "score" => 1.5, "nested" => { "a" => { "b" => [] } } }
    token = IdentityHmac.sign_token(SECRET, claims, expires_in: 60, now: NOW)
    assert_equal claims.merge("iat" => NOW, "exp" => NOW + 60), verifier.verify(token, now: NOW)
    from_text = IdentityHmac.sign_token(SECRET, '{"sub":"42","scope":"user"}', now: NOW)
    assert_equal({ "sub" => "42", "scope" => "user", "iat" => NOW }, verifier.verify(from_text, now: NOW))
    # Symbols, as keys and values, are their names, as JSON.generate writes them.
    symbols = IdentityHmac.sign_token(SECRET, { scope: :user }, now: NOW)
    assert_equal({ "scope" => "user", "iat" => NOW }, verifier.verify(symbols, now: NOW))
  end

  def test_verify_returns_what_another_signer_wrote
    assert_equal JSON.parse(GOOD), verifier.verify(forge(HS256, GOOD), now: NOW)
    # A header without typ, and extra header parameters, are accepted.
    assert_equal JSON.parse(GOOD), verifier.verify(forge('{"alg":"HS256","cty":"x"}', GOOD), now: NOW)
  end

  def test_hex_secrets
    hex = "00ff10203040506070"
    token = IdentityHmac.sign_token(hex, { sub: "1" }, now: NOW, secret_encoding: :hex)
    header, payload, signature = token.split(".")
    assert_equal b64(OpenSSL::HMAC.digest("sha256", [hex].pack("H*"), "#{header}.#{payload}")), signature
    assert_equal "1", IdentityHmac::TokenVerifier.new([hex], secret_encoding: :hex).verify(token, now: NOW)["sub"]
    error = assert_raises(IdentityHmac::Error) { IdentityHmac::TokenVerifier.new([hex]).verify(token, now: NOW) }
    assert_equal "BAD_SIGNATURE", error.code
  end

  def test_every_refusal_has_its_code
    segments = forge(HS256, GOOD).split(".")
    valid = segments.join(".")
    cases = {
      "alg none, empty signature" => ["#{b64('{"alg":"none","typ":"JWT"}')}.#{b64(GOOD)}.", "UNSUPPORTED_ALGORITHM"],
      "RS256" => [forge('{"alg":"RS256","typ":"JWT"}', GOOD), "UNSUPPORTED_ALGORITHM"],
      "HS384" => [forge('{"alg":"HS384"}', GOOD), "UNSUPPORTED_ALGORITHM"],
      "hs256" => [forge('{"alg":"hs256"}', GOOD), "UNSUPPORTED_ALGORITHM"],
      "no alg" => [forge('{"typ":"JWT"}', GOOD), "UNSUPPORTED_ALGORITHM"],
      "another key" => [forge(HS256, GOOD, "another-secret"), "BAD_SIGNATURE"],
      "tampered payload" => ["#{segments[0]}.#{b64(GOOD.sub('"42"', '"43"'))}.#{segments[2]}", "BAD_SIGNATURE"],
      "short signature" => ["#{segments[0]}.#{segments[1]}.AAAA", "BAD_SIGNATURE"],
      "padding" => ["#{valid}=", "MALFORMED_TOKEN"],
      "two segments" => [segments[0, 2].join("."), "MALFORMED_TOKEN"],
      "four segments" => ["#{valid}.x", "MALFORMED_TOKEN"],
      "empty" => ["", "MALFORMED_TOKEN"],
      "white space" => [" #{valid}", "MALFORMED_TOKEN"],
      "not UTF-8" => ["\xff\xfe.\x00.\x80".b, "MALFORMED_TOKEN"],
      "non-JSON header" => [forge("not json", GOOD), "MALFORMED_TOKEN"],
      "header not an object" => [forge('["HS256"]', GOOD), "MALFORMED_TOKEN"],
      "duplicate alg" => [forge('{"alg":"none","alg":"HS256"}', GOOD), "MALFORMED_TOKEN"],
      "claims not an object" => [forge(HS256, "[]"), "MALFORMED_TOKEN"],
      "unknown kid" => [forge('{"alg":"HS256","kid":"k9"}', GOOD), "UNKNOWN_KEY_ID"],
      "exp not an integer" => [forge(HS256, '{"sub":"1","exp":"soon"}'), "INVALID_CLAIMS"],
      "missing required claim" => [forge(HS256, GOOD.sub("sub", "uid")), "MISSING_CLAIM"],
      "expired" => [forge(HS256, %({"sub":"1","iat":#{NOW - 700},"exp":#{NOW - 60}})), "TOKEN_EXPIRED"],
      "not yet valid" => [forge(HS256, %({"sub":"1","nbf":#{NOW + 61},"iat":#{NOW},"exp":#{NOW + 600}})),
                          "TOKEN_NOT_YET_VALID"],
      "over max_lifetime" => [forge(HS256, %({"sub":"1","iat":#{NOW},"exp":#{NOW + 3601}})), "LIFETIME_TOO_LONG"],
      "max_lifetime without exp" => [forge(HS256, %({"sub":"1","iat":#{NOW}})), "MISSING_CLAIM"]
    }
    cases.each do |name, (token, code)|
      error = refusal(token)
      assert_equal code, error.code, name
      assert_no_secret error.message
      refute_includes error.message, "42", "#{name}: a claim value in #{error.message}"
      refute_includes error.message, NOW.to_s, "#{name}: a claim value in #{error.message}"
    end
    assert_equal "not three segments", refusal(cases["four segments"][0]).reason
    assert_equal "invalid base64url", refusal(cases["padding"][0]).reason
    missing = refusal(cases["missing required claim"][0])
    assert_equal ["sub", "the token lacks the required claim sub"], [missing.claim, missing.message]
    assert_equal "exp", refusal(cases["exp not an integer"][0]).claim
  end

  def test_leeway_and_its_boundaries
    at = ->(exp) { forge(HS256, %({"sub":"1","iat":#{exp - 10},"exp":#{exp}})) }
    assert_equal "TOKEN_EXPIRED", refusal(at.call(NOW - 60), verifier).code
    assert_equal "1", verifier.verify(at.call(NOW - 59), now: NOW)["sub"]
    strict = verifier(leeway: 0)
    assert_equal "TOKEN_EXPIRED", refusal(at.call(NOW), strict).code
    assert_equal "1", strict.verify(at.call(NOW + 1), now: NOW)["sub"]
    lenient = verifier(leeway: 3600)
    assert_equal "1", lenient.verify(at.call(NOW - 3000), now: NOW)["sub"]
    not_before = forge(HS256, %({"sub":"1","nbf":#{NOW + 30}}))
    assert_equal "1", verifier.verify(not_before, now: NOW)["sub"]
    assert_equal "TOKEN_NOT_YET_VALID", refusal(not_before, strict).code
    # Signed by the gem, checked at now: expires_in counts from iat.
    token = IdentityHmac.sign_token(SECRET, {}, expires_in: 1, now: NOW)
    assert_equal NOW, strict.verify(token, now: NOW)["iat"]
    assert_equal "TOKEN_EXPIRED", refusal(token, strict, now: NOW + 1).code
    assert_raises(RangeError) { verifier(leeway: -1) }
    assert_raises(TypeError) { verifier(leeway: "60") }
  end

  def test_max_lifetime_and_required_claims
    bounded = verifier(max_lifetime: 600, required_claims: [:user_id, "email"])
    within = IdentityHmac.sign_token(SECRET, { user_id: "1", email: "a@b.c" }, expires_in: 600, now: NOW)
    assert_equal "1", bounded.verify(within, now: NOW)["user_id"]
    over = IdentityHmac.sign_token(SECRET, { user_id: "1", email: "a@b.c" }, expires_in: 601, now: NOW)
    assert_equal "LIFETIME_TOO_LONG", refusal(over, bounded).code
    no_email = IdentityHmac.sign_token(SECRET, { user_id: "1" }, expires_in: 60, now: NOW)
    error = refusal(no_email, bounded)
    assert_equal %w[MISSING_CLAIM email], [error.code, error.claim]
    assert_raises(TypeError) { verifier(required_claims: "sub") }
    assert_raises(TypeError) { verifier(required_claims: [1]) }
  end

  def test_key_ids_pick_the_key_and_tokens_without_one_try_every_key
    sign = ->(secret, kid) { IdentityHmac.sign_token(secret, { external_id: "u1" }, key_id: kid, now: NOW) }
    pairs = IdentityHmac::TokenVerifier.new([["app_2", "new-signing-key"], ["app_1", "old-signing-key"]])
    by_hash = IdentityHmac::TokenVerifier.new({ "app_2" => "new-signing-key", "app_1" => "old-signing-key" })
    [pairs, by_hash].each do |v|
      assert_equal 2, v.size
      assert_equal "u1", v.verify(sign.call("old-signing-key", "app_1"), now: NOW)["external_id"]
      assert_equal "u1", v.verify(sign.call("new-signing-key", "app_2"), now: NOW)["external_id"]
      assert_equal "u1", v.verify(sign.call("old-signing-key", nil), now: NOW)["external_id"]
      assert_equal "BAD_SIGNATURE", refusal(sign.call("old-signing-key", "app_2"), v).code
      assert_equal "UNKNOWN_KEY_ID", refusal(sign.call("old-signing-key", "app_3"), v).code
    end
    mixed = IdentityHmac::TokenVerifier.new([[nil, "plain-key"], [:app_1, "old-signing-key"]])
    assert_equal "u1", mixed.verify(sign.call("plain-key", nil), now: NOW)["external_id"]
    assert_equal "u1", mixed.verify(sign.call("old-signing-key", "app_1"), now: NOW)["external_id"]
    assert_equal "UNKNOWN_KEY_ID",
                 refusal(sign.call("old-signing-key", "app_1"), IdentityHmac::TokenVerifier.new(["old-signing-key"])).code
  end

  def test_the_verifiers_secrets_are_checked_like_the_verifiers
    assert_equal "NO_SECRETS", assert_raises(IdentityHmac::Error) { IdentityHmac::TokenVerifier.new([]) }.code
    assert_equal "TOO_MANY_SECRETS",
                 assert_raises(IdentityHmac::Error) { IdentityHmac::TokenVerifier.new(["k"] * 17) }.code
    assert_equal 16, IdentityHmac::TokenVerifier.new(["k"] * 16).size
    error = assert_raises(IdentityHmac::InvalidSecretError) do
      IdentityHmac::TokenVerifier.new(%w[00ff 0g], secret_encoding: :hex)
    end
    assert_equal ["INVALID_HEX_SECRET", 1, 1], [error.code, error.secret_index, error.position]
    empty = assert_raises(IdentityHmac::InvalidSecretError) { IdentityHmac::TokenVerifier.new([["kid", ""]]) }
    assert_equal ["EMPTY_SECRET", 0], [empty.code, empty.secret_index]
    assert_raises(ArgumentError) { IdentityHmac::TokenVerifier.new([["kid", "k", "extra"]]) }
    assert_raises(TypeError) { IdentityHmac::TokenVerifier.new("k") }
    assert_raises(TypeError) { IdentityHmac::TokenVerifier.new([42]) }
    assert_raises(TypeError) { verifier.verify(nil) }
    assert_raises(ArgumentError) { IdentityHmac::TokenVerifier.new([SECRET], leway: 1) }
  end

  def test_signing_refuses_claims_the_core_refuses
    {
      "[1,2]" => [nil, "not a JSON object"],
      "null" => [nil, "not a JSON object"],
      '{"a":' => [nil, "not JSON"],
      '{"a":1,"a":2}' => [nil, "duplicate claim"],
      '{"exp":1.5}' => ["exp", "not an integer"],
      '{"nbf":true}' => ["nbf", "not an integer"]
    }.each do |text, (claim, reason)|
      error = assert_raises(IdentityHmac::Error) { IdentityHmac.sign_token(SECRET, text, now: NOW) }
      assert_equal ["INVALID_CLAIMS", claim, reason], [error.code, error.claim, error.reason], text
    end
    error = assert_raises(IdentityHmac::Error) { IdentityHmac.sign_token(SECRET, { exp: "1700000000" }) }
    assert_equal %w[INVALID_CLAIMS exp], [error.code, error.claim]
    twice = assert_raises(IdentityHmac::Error) { IdentityHmac.sign_token(SECRET, { exp: 1 }, expires_in: 5) }
    assert_equal %w[INVALID_CLAIMS exp], [twice.code, twice.claim]
    huge = assert_raises(IdentityHmac::Error) { IdentityHmac.sign_token(SECRET, { a: "x" * (10 << 20) }) }
    assert_equal %w[INVALID_CLAIMS too\ large], [huge.code, huge.reason]
    assert_equal "EMPTY_SECRET", assert_raises(IdentityHmac::InvalidSecretError) { IdentityHmac.sign_token("", {}) }.code
    assert_equal "INVALID_HEX_SECRET",
                 assert_raises(IdentityHmac::InvalidSecretError) { IdentityHmac.sign_token("abc", {}, secret_encoding: :hex) }.code
    assert_raises(TypeError) { IdentityHmac.sign_token(SECRET, [1]) }
    assert_raises(TypeError) { IdentityHmac.sign_token(SECRET, nil) }
    assert_raises(RangeError) { IdentityHmac.sign_token(SECRET, {}, expires_in: -1) }
  end

  # What JSON cannot hold is the core's INVALID_CLAIMS (no claim named), not a
  # crash, not Ruby's message (which may quote the value), and not a claim
  # silently written as the value's to_s.
  def test_claims_the_host_cannot_encode_are_invalid_claims
    cyclic = {}
    cyclic["self"] = cyclic
    deep = (1..200).reduce("leaf") { |inner, _| [inner] }
    {
      "NaN" => { score: Float::NAN },
      "Infinity" => { score: -Float::INFINITY },
      "an Object" => { who: Object.new },
      "a Time" => { at: Time.at(NOW) },
      "a Set" => { roles: Set[1] },
      "a Range" => { r: 1..2 },
      "an Object in an Array" => { list: [1, [Object.new]] },
      "an Object in a Hash" => { h: { i: Struct.new(:x).new(1) } },
      "an Integer key" => { 1 => "one" },
      "an Object key" => { Object.new => "one" },
      "a cycle" => cyclic,
      "nested 200 deep" => { deep: deep }
    }.each do |name, claims|
      error = assert_raises(IdentityHmac::Error, name) { IdentityHmac.sign_token(SECRET, claims, now: NOW) }
      assert_equal ["INVALID_CLAIMS", nil], [error.code, error.claim], name
      refute_match(/Object:0x|NaN|Infinity|1970|2023/, error.message, name)
    end
  end

  def test_threads_share_a_verifier
    v = verifier
    tokens = (1..32).map { |i| IdentityHmac.sign_token(SECRET, { sub: i.to_s }, expires_in: 60, now: NOW) }
    results = Array.new(4) { Thread.new { tokens.map { |t| v.verify(t, now: NOW)["sub"] } } }.map(&:value)
    results.each { |subs| assert_equal (1..32).map(&:to_s), subs }
  end

  def test_no_piece_of_a_secret_in_messages_or_inspect
    secret = "s3cr3t-Zq7Kx9VwPj3Lm8Rt4Hn"
    v = IdentityHmac::TokenVerifier.new([["kid-1", secret], "00ff"], max_lifetime: 1000, required_claims: ["sub"])
    assert_equal "#<IdentityHmac::TokenVerifier keys=2 leeway=60 <redacted>>", v.inspect
    errors = []
    attempts = [
      -> { v.verify(forge(HS256, GOOD, secret + "x"), now: NOW) },
      -> { v.verify(forge('{"alg":"HS256","kid":"kid-1"}', %({"iat":#{NOW}}), secret), now: NOW) },
      -> { v.verify(forge('{"alg":"HS256","kid":"kid-1"}', %({"sub":"1","iat":#{NOW},"exp":#{NOW + 1001}}), secret), now: NOW) },
      -> { v.verify(forge(HS256, GOOD, secret), now: NOW + 10_000) },
      -> { v.verify(secret, now: NOW) },
      -> { v.verify(forge('{"alg":"none"}', GOOD, secret), now: NOW) },
      -> { IdentityHmac.sign_token(secret, "[#{secret.inspect}]") },
      -> { IdentityHmac.sign_token(secret, { secret => Float::NAN }) },
      -> { IdentityHmac.sign_token(secret, { exp: secret }) },
      -> { IdentityHmac.sign_token(secret, { a: 1 }, secret_encoding: :hex) },
      -> { IdentityHmac.sign_token(secret, { a: 1 }, secret_encoding: secret) },
      -> { IdentityHmac::TokenVerifier.new([secret], secret_encoding: :hex) },
      -> { IdentityHmac::TokenVerifier.new([[secret.to_sym, secret], [1, secret]]) }
    ]
    attempts.each do |attempt|
      attempt.call
      flunk "expected a refusal"
    rescue IdentityHmac::Error, TypeError, ArgumentError => e
      errors << e
    end
    assert_equal attempts.size, errors.size
    errors.each do |error|
      [error.message, error.inspect, error.full_message(highlight: false)].each { |text| assert_no_secret(text, secret) }
    end
    assert_equal %w[BAD_SIGNATURE MISSING_CLAIM LIFETIME_TOO_LONG TOKEN_EXPIRED MALFORMED_TOKEN UNSUPPORTED_ALGORITHM],
                 errors.first(6).map(&:code)
  end
end
