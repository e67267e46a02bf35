# frozen_string_literal: true

require_relative "test_helper"
require "base64"

# Widget presets: IdentityHmac::WIDGETS, identify and identify_script, with
# the hashes checked against OpenSSL::HMAC (not against the core).
class TestWidgets < Minitest::Test
  SECRET = "Zq7Kx9VwPj3Lm8Rt4Hn"
  HEX_SECRET = "9f3c1a7e5b2d4c6e8a0f1b3d5c7e9a2b"
  USER = { identifier: 42, email: "zoe@example.com", name: "Zoë" }.freeze
  PAGES = {
    pylon: { app_id: "pylon-app" },
    intercom: { app_id: "intercom-app" },
    intercom_jwt: { app_id: "intercom-app" },
    front: { chatId: "front-chat" },
    plain: { appId: "liveChatApp-1" }
  }.freeze
  XSS = "</script><script>window.pwned=1</script>"

  def hmac(key, message)
    OpenSSL::HMAC.hexdigest("sha256", key, message)
  end

  def secret_for(widget)
    widget == :pylon ? HEX_SECRET : SECRET
  end

  def assert_no_secret(text, secret = SECRET)
    refute_includes text.b, secret.b
    secret.b.chars.each_cons(5) { |piece| refute_includes text.b, piece.join }
  end

  def test_widgets_are_the_cores_presets_as_symbols
    assert_equal %i[chatwoot pylon intercom helpscout front plain chatbase gleap intercom_jwt zendesk],
                 IdentityHmac::WIDGETS
    assert_predicate IdentityHmac::WIDGETS, :frozen?
    assert_equal %w[identifier email name avatar_url phone_number], IdentityHmac::USER_FIELDS
    # Each listed Symbol is a preset the core accepts.
    IdentityHmac::WIDGETS.each do |widget|
      fields = IdentityHmac.identify(widget, secret_for(widget), USER, key_id: "kid-1")
      refute_empty fields, widget
    end
  end

  def test_hash_presets_sign_what_each_vendor_documents
    expected = {
      chatwoot: { "identifier" => "42", "email" => USER[:email], "name" => USER[:name],
                  "identifier_hash" => hmac(SECRET, "42") },
      pylon: { "email" => USER[:email], "name" => USER[:name],
               "email_hash" => hmac([HEX_SECRET].pack("H*"), USER[:email]) },
      intercom: { "user_id" => "42", "email" => USER[:email], "name" => USER[:name],
                  "user_hash" => hmac(SECRET, "42") },
      helpscout: { "name" => USER[:name], "email" => USER[:email], "signature" => hmac(SECRET, USER[:email]) },
      front: { "email" => USER[:email], "name" => USER[:name], "userHash" => hmac(SECRET, USER[:email]) },
      plain: { "email" => USER[:email], "emailHash" => hmac(SECRET, USER[:email]), "fullName" => USER[:name] },
      chatbase: { "user_id" => "42", "user_hash" => hmac(SECRET, "42"), "name" => USER[:name],
                  "email" => USER[:email] },
      gleap: { "userId" => "42", "name" => USER[:name], "email" => USER[:email], "userHash" => hmac(SECRET, "42") }
    }
    expected.each do |widget, fields|
      got = IdentityHmac.identify(widget, secret_for(widget), USER)
      assert_equal fields, got, widget
      assert_equal fields.keys, got.keys, "#{widget}: the call's order"
    end
  end

  def test_intercom_signs_the_email_without_an_identifier
    got = IdentityHmac.identify(:intercom, SECRET, { email: "a@example.com" })
    assert_equal hmac(SECRET, "a@example.com"), got.fetch("user_hash")
  end

  def test_user_keys_may_be_strings_and_nil_values_are_left_out
    by_symbol = IdentityHmac.identify(:chatwoot, SECRET, { identifier: "u-1", email: nil, phone_number: "+1 555" })
    by_string = IdentityHmac.identify(:chatwoot, SECRET, { "identifier" => "u-1", "phone_number" => "+1 555" })
    assert_equal by_symbol, by_string
    assert_equal %w[identifier phone_number identifier_hash], by_symbol.keys
  end

  def test_integer_identifiers_sign_their_decimal_form
    [0, -7, 2**53 + 1, 2**64 + 3].each do |identifier|
      got = IdentityHmac.identify(:chatwoot, SECRET, { identifier: identifier })
      assert_equal identifier.to_s, got.fetch("identifier")
      assert_equal hmac(SECRET, identifier.to_s), got.fetch("identifier_hash")
    end
  end

  def test_secret_encoding_defaults_to_the_presets_own
    # Pylon's is hex: the text of the hex secret would be another key.
    hex = IdentityHmac.identify(:pylon, HEX_SECRET, USER).fetch("email_hash")
    text = IdentityHmac.identify(:pylon, HEX_SECRET, USER, secret_encoding: :text).fetch("email_hash")
    assert_equal hmac([HEX_SECRET].pack("H*"), USER[:email]), hex
    assert_equal hmac(HEX_SECRET, USER[:email]), text
    explicit = IdentityHmac.identify(:chatwoot, HEX_SECRET, USER, secret_encoding: "hex").fetch("identifier_hash")
    assert_equal hmac([HEX_SECRET].pack("H*"), "42"), explicit
    error = assert_raises(IdentityHmac::InvalidSecretError) { IdentityHmac.identify(:pylon, "#{SECRET}0", USER) }
    assert_equal "INVALID_HEX_SECRET", error.code
    assert_no_secret(error.message)
  end

  def test_identify_script_escapes_a_hostile_name
    user = { identifier: "u1", email: "a\"b\u2028c@example.com", name: XSS }
    IdentityHmac::WIDGETS.each do |widget|
      script = IdentityHmac.identify_script(widget, secret_for(widget), user, page: PAGES[widget], key_id: "kid-1")
      refute_includes script, "</script>", widget
      refute_includes script, "<script", widget
      refute_includes script, "\u2028", widget
      next if %i[intercom_jwt zendesk].include?(widget) # the name is inside the token

      assert_includes script, '\u003c/script\u003e\u003cscript\u003ewindow.pwned=1\u003c/script\u003e', widget
    end
  end

  def test_identify_script_renders_the_vendor_call
    script = IdentityHmac.identify_script(:chatwoot, SECRET, USER)
    assert_includes script, "chatwoot:ready"
    assert_includes script, "window.$chatwoot.setUser(\"42\""
    assert_includes script, "identifier_hash: \"#{hmac(SECRET, "42")}\""
    script = IdentityHmac.identify_script(:pylon, HEX_SECRET, USER, page: { app_id: "my-app" })
    assert_includes script, 'app_id: "my-app"'
    assert_includes script, "email_hash: \"#{hmac([HEX_SECRET].pack("H*"), USER[:email])}\""
    # The same input always gives the same bytes.
    assert_equal script, IdentityHmac.identify_script(:pylon, HEX_SECRET, USER, page: { "app_id" => "my-app" })
  end

  def test_a_nonce_gives_the_whole_script_element
    nonce = "cjRuZDBtLW5vbmNlLTIwMjY="
    tag = IdentityHmac.identify_script(:chatwoot, SECRET, USER, nonce: nonce)
    assert tag.start_with?("<script nonce=\"#{nonce}\">\n"), tag
    assert tag.end_with?("</script>\n") || tag.end_with?("</script>"), tag
    assert_includes tag, IdentityHmac.identify_script(:chatwoot, SECRET, USER).strip
    ["", "not base64!", "a\"b", "x y"].each do |bad|
      error = assert_raises(IdentityHmac::Error) { IdentityHmac.identify_script(:chatwoot, SECRET, USER, nonce: bad) }
      assert_equal "INVALID_NONCE", error.code
    end
    assert_raises(TypeError) { IdentityHmac.identify_script(:chatwoot, SECRET, USER, nonce: 5) }
  end

  def test_missing_field_names_the_field
    {
      [:chatwoot, { email: "a@example.com" }] => "identifier",
      [:chatwoot, { identifier: "" }] => "identifier",
      [:pylon, { identifier: 1, name: "x" }] => "email",
      [:helpscout, { email: "" }] => "email",
      [:intercom, { name: "x" }] => "email",
      [:intercom_jwt, { email: "a@example.com" }] => "identifier"
    }.each do |(widget, user), field|
      error = assert_raises(IdentityHmac::Error) { IdentityHmac.identify(widget, secret_for(widget), user) }
      assert_equal "MISSING_FIELD", error.code, widget
      assert_equal field, error.field, widget
      assert_includes error.message, field
      assert_includes %w[missing empty], error.reason
    end
    # Zendesk's tokens carry the key id in their header.
    error = assert_raises(IdentityHmac::Error) { IdentityHmac.identify(:zendesk, SECRET, USER) }
    assert_equal ["MISSING_FIELD", "key_id"], [error.code, error.field]
    # A page value the call needs.
    error = assert_raises(IdentityHmac::Error) { IdentityHmac.identify_script(:front, SECRET, USER) }
    assert_equal ["MISSING_FIELD", "chatId"], [error.code, error.field]
    error = assert_raises(IdentityHmac::Error) do
      IdentityHmac.identify_script(:front, SECRET, USER, page: { app_id: "x", chatId: "c" })
    end
    assert_equal "UNKNOWN_FIELD", error.code
  end

  def test_unknown_widget
    [:crisp, :Chatwoot, :"intercom-jwt", :help_scout, :"chatwoot ", :"chatwoot\0x", :_].each do |widget|
      error = assert_raises(IdentityHmac::Error) { IdentityHmac.identify(widget, SECRET, USER) }
      assert_equal "UNKNOWN_WIDGET", error.code, widget.inspect
      assert_raises(IdentityHmac::Error) { IdentityHmac.identify_script(widget, SECRET, USER) }
    end
    # A preset is a Symbol, not a String to spell.
    ["chatwoot", nil, 1].each do |widget|
      error = assert_raises(TypeError) { IdentityHmac.identify(widget, SECRET, USER) }
      assert_match(/widget must be a Symbol/, error.message)
    end
  end

  def test_unknown_user_fields_and_wrong_types
    [{ e_mail: "a@example.com" }, { "Email" => "x" }, { user_id: nil }].each do |user|
      error = assert_raises(IdentityHmac::Error) { IdentityHmac.identify(:chatwoot, SECRET, user) }
      assert_equal "UNKNOWN_FIELD", error.code, user.inspect
    end
    [{ identifier: 1.5 }, { identifier: true }, { identifier: :sym }, { email: 5 }, { name: ["x"] }].each do |user|
      assert_raises(TypeError, user.inspect) { IdentityHmac.identify(:chatwoot, SECRET, { identifier: "u" }.merge(user)) }
    end
    assert_raises(TypeError) { IdentityHmac.identify(:chatwoot, SECRET, { 1 => "x" }) }
    assert_raises(TypeError) { IdentityHmac.identify(:chatwoot, SECRET, [[:identifier, "x"]]) }
    assert_raises(TypeError) { IdentityHmac.identify(:chatwoot, :secret, USER) }
    assert_raises(TypeError) { IdentityHmac.identify_script(:pylon, HEX_SECRET, USER, page: "app") }
    assert_raises(TypeError) { IdentityHmac.identify_script(:pylon, HEX_SECRET, USER, page: { app_id: 1 }) }
    assert_raises(ArgumentError) { IdentityHmac.identify(:chatwoot, SECRET, USER, bogus: 1) }
    assert_raises(ArgumentError) { IdentityHmac.identify(:chatwoot, SECRET) }
    error = assert_raises(EncodingError) { IdentityHmac.identify(:chatwoot, SECRET, { identifier: "\xff".b }) }
    refute_includes error.message, "\xff".b
  end

  def test_strings_in_other_encodings_are_transcoded
    latin1 = "José".encode("ISO-8859-1")
    got = IdentityHmac.identify(:chatwoot, SECRET, { identifier: latin1 })
    assert_equal hmac(SECRET, "José"), got.fetch("identifier_hash")
    assert_equal "José", got.fetch("identifier")
    assert_equal Encoding::UTF_8, got.fetch("identifier").encoding
  end

  def test_token_presets_sign_a_jwt_with_the_vendors_claims
    got = IdentityHmac.identify(:intercom_jwt, SECRET, USER, expires_in: 3600, now: 1_700_000_000)
    assert_equal ["intercom_user_jwt"], got.keys
    claims = IdentityHmac::TokenVerifier.new([SECRET]).verify(got.fetch("intercom_user_jwt"), now: 1_700_000_001)
    assert_equal({ "user_id" => "42", "email" => USER[:email], "name" => USER[:name],
                   "iat" => 1_700_000_000, "exp" => 1_700_003_600 }, claims)
    jwt = IdentityHmac.identify(:zendesk, SECRET, USER, key_id: "app_1", now: 1_700_000_000).fetch("jwt")
    header, payload, signature = jwt.split(".")
    assert_equal({ "alg" => "HS256", "kid" => "app_1", "typ" => "JWT" }, JSON.parse(Base64.urlsafe_decode64(header)))
    assert_equal({ "external_id" => "42", "scope" => "user", "name" => USER[:name], "email" => USER[:email],
                   "iat" => 1_700_000_000 }, JSON.parse(Base64.urlsafe_decode64(payload)))
    mac = OpenSSL::HMAC.digest("sha256", SECRET, "#{header}.#{payload}")
    assert_equal Base64.urlsafe_encode64(mac, padding: false), signature
  end

  def test_the_secret_never_shows
    calls = {
      "identify" => -> { IdentityHmac.identify(:pylon, SECRET, USER) },
      "identify hex preset" => -> { IdentityHmac.identify(:pylon, "#{SECRET}x", USER) },
      "identify_script" => -> { IdentityHmac.identify_script(:front, SECRET, USER) },
      "missing field" => -> { IdentityHmac.identify(:chatwoot, SECRET, {}) },
      "unknown widget" => -> { IdentityHmac.identify(SECRET.to_sym, SECRET, USER) },
      "unknown field" => -> { IdentityHmac.identify(:chatwoot, SECRET, { SECRET => "x" }) },
      "nonce" => -> { IdentityHmac.identify_script(:chatwoot, SECRET, USER, nonce: "#{SECRET}!") },
      "zendesk" => -> { IdentityHmac.identify(:zendesk, SECRET, USER) },
      "encoding" => -> { IdentityHmac.identify(:chatwoot, SECRET, USER, secret_encoding: SECRET) }
    }
    calls.each do |name, call|
      error = assert_raises(StandardError, name) { call.call }
      assert_kind_of IdentityHmac::Error, error, name
      [error.message, error.inspect, error.full_message, error.backtrace.join("\n"),
       error.instance_variables.map { |v| error.instance_variable_get(v).inspect }.join].each do |text|
        assert_no_secret(text)
      end
    end
  end
end
