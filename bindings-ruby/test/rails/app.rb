# frozen_string_literal: true

# The Rails browser test's app: a one-file Rails application, served by
# WEBrick on 127.0.0.1:PORT, whose pages render identity_hmac_widget_tag in
# an ERB view for browser-tests/fixture.json's user, secrets and page values.
#   /PRESET          the tag for a user object (id, email, name), no CSP
#   /nonce/PRESET    the tag for the user as a Hash, under Rails' CSP with the
#                    request's nonce (the helper finds it by itself)
#   /blocked/PRESET  the tag with nonce: false under the same CSP: must not run
# Secrets come from each of the helper's sources: Rails credentials (written
# encrypted under STATE_DIR at boot), ENV, and config.identity_hmac.secrets.
#   usage: ruby app.rb PORT STATE_DIR   (the installed gem on the load path)
require "json"
require "logger"
require "action_controller/railtie"
require "identity_hmac" # after Rails: its Railtie loads by itself

port = Integer(ARGV.fetch(0))
state = ARGV.fetch(1)
FIXTURE = JSON.parse(File.read(File.expand_path("../../../browser-tests/fixture.json", __dir__)))
CREDENTIAL_PRESETS = %w[chatwoot zendesk].freeze
CONFIG_PRESETS = %w[intercom intercom-jwt].freeze

# Rails credentials as a deployment has them: an encrypted YAML file and its key.
credentials = ActiveSupport::EncryptedConfiguration.new(
  config_path: File.join(state, "credentials.yml.enc"), key_path: File.join(state, "master.key"),
  env_key: "IDENTITY_HMAC_TEST_NO_SUCH_KEY", raise_if_missing_key: true
)
File.write(File.join(state, "master.key"), ActiveSupport::EncryptedFile.generate_key)
credentials.write({ "identity_hmac" => FIXTURE["secrets"].slice(*CREDENTIAL_PRESETS)
                                                        .transform_keys { |preset| preset.tr("-", "_") } }.to_yaml)
(FIXTURE["secrets"].keys - CREDENTIAL_PRESETS - CONFIG_PRESETS).each do |preset|
  ENV[IdentityHmac::Rails.env_name(preset)] = FIXTURE["secrets"].fetch(preset)
end

class App < Rails::Application
  config.root = __dir__
  config.eager_load = false
  config.secret_key_base = "identity-hmac-rails-browser-test-" * 2
  config.hosts.clear
  # Info level: run.sh checks that no line of the log holds a secret.
  config.logger = Logger.new($stderr)
  config.log_level = :info
  config.credentials.content_path = File.join(ARGV.fetch(1), "credentials.yml.enc")
  config.credentials.key_path = File.join(ARGV.fetch(1), "master.key")
  CONFIG_PRESETS.each { |preset| config.identity_hmac.secrets[preset.tr("-", "_")] = FIXTURE["secrets"].fetch(preset) }
  # Page values in the config for two presets; the others pass page: in the view.
  config.identity_hmac.pages = %w[pylon intercom].to_h { |preset| [preset.to_sym, FIXTURE["page"].fetch(preset)] }
  config.identity_hmac.key_ids = { zendesk: FIXTURE["key_ids"].fetch("zendesk") }
  config.content_security_policy do |policy|
    policy.script_src :self
    policy.object_src :none
    policy.base_uri :none
  end
  # A nonce only where the page has a CSP, so /PRESET renders without one.
  config.content_security_policy_nonce_generator =
    ->(request) { FIXTURE["nonce"] if request.path.start_with?("/nonce/", "/blocked/") }
  routes.append do
    get "/nonce/:preset", to: "pages#nonce"
    get "/blocked/:preset", to: "pages#blocked"
    get "/:preset", to: "pages#plain"
  end
end

User = Struct.new(:id, :email, :name, keyword_init: true)

class PagesController < ActionController::Base
  content_security_policy false, only: :plain

  TEMPLATE = <<~ERB
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <title>identity-hmac Rails: <%= @preset %></title>
    <%= tag.script(src: @stub, nonce: @csp ? content_security_policy_nonce : nil) %>
    </head>
    <body>
    <h1><%= @user_name %></h1>
    <%= identity_hmac_widget_tag(@widget, @user, page: @page, **@options) %>
    </body>
    </html>
  ERB

  def plain
    page(FIXTURE["user"].then { |user| User.new(id: user["identifier"], email: user["email"], name: user["name"]) })
  end

  def nonce
    page(FIXTURE["user"].transform_keys(&:to_sym), csp: true)
  end

  def blocked
    page(FIXTURE["user"], csp: true, nonce: false)
  end

  private

  def page(user, csp: false, **options)
    @preset = params[:preset]
    raise ActionController::RoutingError, @preset unless FIXTURE["secrets"].key?(@preset)

    @widget = @preset.tr("-", "_").to_sym
    @stub = "/identity-hmac-stubs/#{@preset == "intercom-jwt" ? "intercom" : @preset}.js"
    @user, @user_name, @csp, @options = user, FIXTURE["user"]["name"], csp, options
    @page = %w[pylon intercom].include?(@preset) ? nil : FIXTURE["page"][@preset]
    render inline: TEMPLATE, layout: false
  end
end

App.initialize!
require "rack/handler/webrick"
Rack::Handler::WEBrick.run(App, Host: "127.0.0.1", Port: port, AccessLog: [],
                                Logger: WEBrick::Log.new($stderr, WEBrick::Log::WARN))
