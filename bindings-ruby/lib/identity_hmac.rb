# frozen_string_literal: true

# Identity-verification hashes for chat widgets:
# lowercase_hex(HMAC-SHA256(secret, identifier)).
#
#   signer = IdentityHmac::Signer.new(ENV.fetch("CHATWOOT_HMAC_TOKEN"))
#   signer.sign("user@example.com")   # => "64 lowercase hex characters"
#
# Secrets are decoded by +secret_encoding:+ (+:text+, the default, uses the
# secret's UTF-8 bytes; +:hex+ decodes it strictly). Identifiers are Strings or
# Integers (their decimal form): a UTF-8, US-ASCII or binary String hashes its
# bytes as they are, even invalid UTF-8; a String in any other encoding is
# transcoded to UTF-8 first.
module IdentityHmac
  # Every error this gem raises on its own. +code+ is the stable code string
  # shared by every identity-hmac binding, such as "UNKNOWN_SECRET_ENCODING",
  # "MISSING_FIELD" or "TOKEN_EXPIRED". The details name what was refused,
  # never its value: +field+ the user field or page value a preset needs
  # (MISSING_FIELD), +claim+ the claim's name (MISSING_CLAIM, INVALID_CLAIMS),
  # +reason+ a fixed phrase ("missing", "not three segments", ...),
  # +position+ a 0-based offset. Messages never contain a secret.
  class Error < StandardError
    attr_reader :code, :field, :claim, :reason, :position

    def initialize(message = nil, code = nil, field: nil, claim: nil, reason: nil, position: nil)
      super(message)
      @code = code
      @field = field
      @claim = claim
      @reason = reason
      @position = position
    end
  end

  # A secret's value is unusable: "EMPTY_SECRET" or "INVALID_HEX_SECRET".
  # +reason+ is a fixed phrase ("empty", "odd length", "invalid character"),
  # +position+ the 0-based offset of a hex error, +secret_index+ which secret
  # of a Verifier's (or TokenVerifier's) list failed (nil outside a list).
  # None of them, nor the message, ever holds a character of the secret.
  class InvalidSecretError < Error
    attr_reader :secret_index

    def initialize(message = nil, code = nil, reason: nil, position: nil, secret_index: nil)
      super(message, code, reason: reason, position: position)
      @secret_index = secret_index
    end
  end
end

# sign_token encodes a claims Hash with JSON.generate; TokenVerifier#verify
# returns JSON.parse of the verified claims.
require "json"

# Defines IdentityHmac.sign/verify/generate_secret, IdentityHmac::Signer,
# IdentityHmac::Verifier, IdentityHmac::VERSION, the widget presets
# (IdentityHmac::WIDGETS, USER_FIELDS, .identify, .identify_script) and the
# identity tokens (.sign_token, IdentityHmac::TokenVerifier). A precompiled (platform)
# gem carries the extension built for one Ruby ABI in identity_hmac/<major.minor>/;
# the source gem compiles it into identity_hmac/ when it is installed.
ruby_abi = RUBY_VERSION[/\A\d+\.\d+/]
if File.directory?(File.join(__dir__, "identity_hmac", ruby_abi))
  require_relative "identity_hmac/#{ruby_abi}/identity_hmac_native"
else
  require "identity_hmac/identity_hmac_native"
end

# The Rails integration (a Railtie and the identity_hmac_widget_tag view
# helper) loads only inside Rails; elsewhere `require "identity_hmac/rails"`.
require "identity_hmac/railtie" if defined?(Rails::Railtie)
