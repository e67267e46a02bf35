# frozen_string_literal: true

# The Railtie in a Rails app booted in this process (no server: the browser
# test, run.sh, serves one): where secrets come from, how users map, and what
# the view helper renders, with the hashes checked against OpenSSL::HMAC.
require_relative "../test_helper"
require "tmpdir"
require "action_controller/railtie"
require "identity_hmac/rails"

STATE = Dir.mktmpdir("identity_hmac-railtie")
Minitest.after_run { FileUtils.rm_rf(STATE) }

class RailtieTestApp < Rails::Application
  config.root = STATE
  config.eager_load = false
  config.secret_key_base = "identity-hmac-railtie-test-" * 3
  config.logger = Logger.new(nil)
  config.credentials.content_path = File.join(STATE, "credentials.yml.enc")
  config.credentials.key_path = File.join(STATE, "master.key")
  config.identity_hmac.secrets[:intercom] = "from-config-secret-Qx71"
  config.identity_hmac.pages = { intercom: { app_id: "app-from-config" } }
  config.identity_hmac.expires_in = { intercom_jwt: 300 }
end
File.write(File.join(STATE, "master.key"), ActiveSupport::EncryptedFile.generate_key)
Rails.application.credentials.write({ "identity_hmac" => { "chatwoot" => "from-credentials-secret-Lm3" } }.to_yaml)
RailtieTestApp.initialize!

class TestRailtie < Minitest::Test
  Person = Struct.new(:id, :email, :name, :avatar_url, keyword_init: true)

  # A model that says for itself what the widget gets.
  class Account
    def identity_hmac_user
      { identifier: "acct-7", email: "billing@example.com" }
    end
  end

  def render(template, **locals)
    ActionController::Base.render(inline: template, locals: locals)
  end

  # ActionView wraps what a template raises; the gem's own error is its cause.
  def assert_template_raises(klass, &block)
    wrapped = assert_raises(ActionView::Template::Error, &block)
    assert_kind_of klass, wrapped.cause
    wrapped.cause
  end

  def hmac(key, message)
    OpenSSL::HMAC.hexdigest("sha256", key, message)
  end

  def with_env(name, value)
    old = ENV[name]
    ENV[name] = value
    yield
  ensure
    ENV[name] = old
  end

  def test_the_railtie_is_loaded_and_configured
    assert_kind_of Rails::Railtie, IdentityHmac::Railtie.instance
    assert_includes ActionView::Base.ancestors, IdentityHmac::Rails::ViewHelper
    assert_equal "#<IdentityHmac::Rails::Secrets presets=[:intercom] <redacted>>",
                 Rails.application.config.identity_hmac.secrets.inspect
    refute_includes Rails.application.config.identity_hmac.inspect, "from-config-secret"
  end

  def test_the_rbs_names_the_methods_that_exist
    scope = nil
    declared = File.readlines(File.expand_path("../../sig/identity_hmac/rails.rbs", __dir__)).filter_map do |line|
      case line
      when /^\s*(?:class|module) (\w+)/ then scope = Regexp.last_match(1) == "Rails" ? "" : "::#{Regexp.last_match(1)}"
                                                  nil
      when /^\s*def self\.(\w+):/ then [IdentityHmac::Rails, Regexp.last_match(1)]
      when /^\s*def (\S+):/ then [Object.const_get("IdentityHmac::Rails#{scope}"), Regexp.last_match(1), :instance]
      end
    end
    assert_equal 8, declared.size
    declared.each do |owner, name, instance|
      assert instance ? owner.method_defined?(name) : owner.respond_to?(name), "#{owner} #{name}"
    end
  end

  def test_secrets_come_from_config_then_credentials_then_env
    assert_equal "from-config-secret-Qx71", IdentityHmac::Rails.secret_for(:intercom)
    assert_equal "from-credentials-secret-Lm3", IdentityHmac::Rails.secret_for(:chatwoot)
    with_env("IDENTITY_HMAC_HELPSCOUT_SECRET", "from-env-secret-Pq9") do
      assert_equal "from-env-secret-Pq9", IdentityHmac::Rails.secret_for(:helpscout)
    end
    with_env("IDENTITY_HMAC_CHATWOOT_SECRET", "env-loses-to-credentials") do
      assert_equal "from-credentials-secret-Lm3", IdentityHmac::Rails.secret_for("chatwoot")
    end
    assert_equal "IDENTITY_HMAC_INTERCOM_JWT_SECRET", IdentityHmac::Rails.env_name(:intercom_jwt)
  end

  def test_a_missing_secret_is_the_cores_empty_secret_naming_where_to_set_it
    with_env("IDENTITY_HMAC_FRONT_SECRET", "") do
      error = assert_template_raises(IdentityHmac::InvalidSecretError) { render("<%= identity_hmac_widget_tag(:front, u) %>", u: {}) }
      assert_equal %w[EMPTY_SECRET empty], [error.code, error.reason]
      assert_includes error.message, "IDENTITY_HMAC_FRONT_SECRET"
      assert_includes error.message, "config.identity_hmac.secrets[:front]"
    end
  end

  def test_the_helper_maps_a_user_object_and_signs_with_the_configured_secret
    user = Person.new(id: 9_007_199_254_740_993, email: "zoë@example.com", name: "</script><b>", avatar_url: nil)
    html = render("<%= identity_hmac_widget_tag(:intercom, user) %>", user: user)
    assert_equal <<~HTML.chomp, html
      <script>window.intercomSettings = {
        app_id: "app-from-config",
        user_id: "9007199254740993",
        email: "zoë@example.com",
        name: "\\u003c/script\\u003e\\u003cb\\u003e",
        user_hash: "#{hmac("from-config-secret-Qx71", "9007199254740993")}"
      };</script>
    HTML
    assert_predicate IdentityHmac::Rails::ViewHelper.instance_method(:identity_hmac_widget_tag)
                       .bind_call(ActionView::Base.empty, :intercom, user), :html_safe?
  end

  def test_page_values_merge_over_the_config_and_an_explicit_nonce_gives_the_element
    html = render(%(<%= identity_hmac_widget_tag(:intercom, { email: "a@b.c" }, page: { app_id: "override" }, nonce: "n0nce") %>))
    assert html.start_with?(%(<script nonce="n0nce">)), html
    assert_includes html, %(app_id: "override")
    assert_includes html, %(user_hash: "#{hmac("from-config-secret-Qx71", "a@b.c")}")
    assert_equal "INVALID_NONCE", assert_template_raises(IdentityHmac::Error) {
      render(%(<%= identity_hmac_widget_tag(:intercom, { email: "a@b.c" }, nonce: '"><x') %>))
    }.code
  end

  def test_identity_hmac_user_and_nil
    html = render("<%= identity_hmac_widget_tag(:chatwoot, account) %>", account: Account.new)
    assert_includes html, %(identifier_hash: "#{hmac("from-credentials-secret-Lm3", "acct-7")}")
    assert_equal "", render("<%= identity_hmac_widget_tag(:chatwoot, nil) %>")
  end

  def test_the_cores_errors_pass_through
    with_env("IDENTITY_HMAC_PYLON_SECRET", "00ff") do
      error = assert_template_raises(IdentityHmac::Error) { render("<%= identity_hmac_widget_tag(:pylon, u) %>", u: Person.new(id: 1)) }
      assert_equal "MISSING_FIELD", error.code
    end
    error = assert_template_raises(IdentityHmac::Error) { render("<%= identity_hmac_widget_tag(:no_such, u) %>", u: {}) }
    assert_equal "UNKNOWN_WIDGET", error.code
  end

  def test_token_presets_take_expires_in_from_the_config
    with_env("IDENTITY_HMAC_INTERCOM_JWT_SECRET", "jwt-secret-Rt5") do
      html = render(%(<%= identity_hmac_widget_tag(:intercom_jwt, u, page: { app_id: "a" }) %>), u: { identifier: 5 })
      token = html[/intercom_user_jwt: "([^"]+)"/, 1]
      claims = IdentityHmac::TokenVerifier.new(["jwt-secret-Rt5"]).verify(token)
      assert_equal ["5", 300], [claims["user_id"], claims["exp"] - claims["iat"]]
    end
  end
end
