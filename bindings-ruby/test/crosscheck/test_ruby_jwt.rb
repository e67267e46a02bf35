# frozen_string_literal: true

require_relative "../test_helper"
require "base64"
require "jwt" # Debian's ruby-jwt (bindings-ruby/test-deps.sh installs it)

# The token cross-check with Ruby's most used JWT library: ruby-jwt verifies
# every token we sign, with equal claims and header, and we verify every token
# it signs. Run by test.sh, apart from test_*.rb (which need only the gem).
class TestRubyJwt < Minitest::Test
  NOW = Time.now.to_i
  TEXT_SECRET = "intercom-messenger-api-secret-6Td"
  HEX_SECRET = "0123456789abcdef" * 8 + "aa" # a 65-byte key
  LONG_SECRET = "k" * 131
  CLAIMS = [
    { "user_id" => "42" },
    { "user_id" => "9007199254740993", "email" => "a\"b\u2028c@example.com", "name" => "</script><script>" },
    { "external_id" => "u-1", "scope" => "user", "name" => "Zoë 秘密 🔑", "email" => "zoë@example.com" },
    { "sub" => "7", "n" => 9_007_199_254_740_993, "list" => [1, "two", nil, true, { "x" => 1.5 }], "nested" => { "a" => {} } },
    { "sub" => "8", "nbf" => NOW - 5, "aud" => "drift" }
  ].freeze
  KEYS = { text: [TEXT_SECRET, TEXT_SECRET], long: [LONG_SECRET, LONG_SECRET],
           hex: [HEX_SECRET, [HEX_SECRET].pack("H*")] }.freeze

  def ruby_jwt_decode(token, key, kid: nil)
    claims, header = JWT.decode(token, key, true, algorithm: "HS256", verify_iat: true, verify_expiration: true)
    if kid
      assert_equal({ "alg" => "HS256", "typ" => "JWT", "kid" => kid }, header)
    else
      assert_equal({ "alg" => "HS256", "typ" => "JWT" }, header)
    end
    claims
  end

  def test_ruby_jwt_verifies_every_token_we_sign
    runs = 0
    KEYS.each do |encoding, (secret, raw_key)|
      CLAIMS.each do |claims|
        [nil, "app_6543"].each do |kid|
          token = IdentityHmac.sign_token(secret, claims, expires_in: 600, key_id: kid,
                                                          secret_encoding: encoding == :hex ? :hex : :text)
          decoded = ruby_jwt_decode(token, raw_key, kid: kid)
          assert_equal claims.merge("iat" => decoded.fetch("iat"), "exp" => decoded.fetch("iat") + 600), decoded
          assert_in_delta NOW, decoded.fetch("iat"), 60
          runs += 1
        end
      end
    end
    assert_equal 30, runs
  end

  def test_we_verify_every_token_ruby_jwt_signs
    KEYS.each do |encoding, (secret, raw_key)|
      verifier = IdentityHmac::TokenVerifier.new([["app_6543", secret]], secret_encoding: encoding == :hex ? :hex : :text,
                                                                        max_lifetime: 3600)
      no_kid = IdentityHmac::TokenVerifier.new(["another-key", secret], secret_encoding: :text) if encoding != :hex
      CLAIMS.each do |claims|
        claims = claims.merge("iat" => NOW, "exp" => NOW + 600)
        assert_equal claims, verifier.verify(JWT.encode(claims, raw_key, "HS256", { kid: "app_6543" }))
        assert_equal claims, verifier.verify(JWT.encode(claims, raw_key, "HS256")), "no kid: every key is tried"
        assert_equal claims, no_kid.verify(JWT.encode(claims, raw_key, "HS256")) if no_kid
      end
    end
  end

  # The checks can fail: each side refuses what the other must not accept.
  def test_each_side_refuses_what_it_must
    claims = { "sub" => "1", "iat" => NOW, "exp" => NOW + 600 }
    ours = IdentityHmac.sign_token(TEXT_SECRET, { sub: "1" }, expires_in: 600)
    assert_raises(JWT::VerificationError) { ruby_jwt_decode(ours, "another-secret") }
    expired = IdentityHmac.sign_token(TEXT_SECRET, { sub: "1" }, expires_in: 10, now: NOW - 3600)
    assert_raises(JWT::ExpiredSignature) { ruby_jwt_decode(expired, TEXT_SECRET) }

    verifier = IdentityHmac::TokenVerifier.new([TEXT_SECRET], max_lifetime: 3600)
    refused = {
      "none" => [JWT.encode(claims, nil, "none"), "UNSUPPORTED_ALGORITHM"],
      "HS384" => [JWT.encode(claims, TEXT_SECRET, "HS384"), "UNSUPPORTED_ALGORITHM"],
      "HS512" => [JWT.encode(claims, TEXT_SECRET, "HS512"), "UNSUPPORTED_ALGORITHM"],
      "RS256" => [JWT.encode(claims, OpenSSL::PKey::RSA.new(2048), "RS256"), "UNSUPPORTED_ALGORITHM"],
      "another key" => [JWT.encode(claims, "another-secret", "HS256"), "BAD_SIGNATURE"],
      "expired" => [JWT.encode(claims.merge("iat" => NOW - 700, "exp" => NOW - 100), TEXT_SECRET, "HS256"), "TOKEN_EXPIRED"],
      "not yet valid" => [JWT.encode(claims.merge("nbf" => NOW + 600), TEXT_SECRET, "HS256"), "TOKEN_NOT_YET_VALID"],
      "too long" => [JWT.encode(claims.merge("exp" => NOW + 7200), TEXT_SECRET, "HS256"), "LIFETIME_TOO_LONG"]
    }
    refused.each do |name, (token, code)|
      error = assert_raises(IdentityHmac::Error, name) { verifier.verify(token) }
      assert_equal code, error.code, name
    end
    tampered = JWT.encode(claims, TEXT_SECRET, "HS256").split(".")
    tampered[1] = Base64.urlsafe_encode64(JSON.generate(claims.merge("sub" => "2")), padding: false)
    assert_equal "BAD_SIGNATURE", assert_raises(IdentityHmac::Error) { verifier.verify(tampered.join(".")) }.code
  end
end
