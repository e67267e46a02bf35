# frozen_string_literal: true

require "rails/railtie"
require "identity_hmac"

module IdentityHmac
  # Rails glue only: where the secret comes from, how a user object becomes
  # the preset's user fields, and the CSP nonce of the request. Every rule
  # (which value is signed, the key's encoding, escaping) is the core's.
  module Rails
    # config.identity_hmac.secrets: preset => secret, set in code. Its
    # inspect names the presets only, so logging the config never shows one.
    class Secrets
      def initialize
        @secrets = {}
      end

      def []=(widget, secret)
        @secrets[widget.to_sym] = secret
      end

      def [](widget)
        @secrets[widget.to_sym]
      end

      def inspect
        "#<#{self.class} presets=#{@secrets.keys.inspect} <redacted>>"
      end
      alias to_s inspect
    end

    USER_METHODS = { "identifier" => %i[identifier id], "email" => %i[email], "name" => %i[name],
                     "avatar_url" => %i[avatar_url], "phone_number" => %i[phone_number] }.freeze

    class << self
      # The preset's secret: config.identity_hmac.secrets[widget], else the
      # credentials' identity_hmac.<widget>, else ENV's
      # IDENTITY_HMAC_<WIDGET>_SECRET; nil if none is set.
      def secret_for(widget, app = ::Rails.application)
        widget = widget.to_sym
        from_credentials = app.credentials.config.dig(:identity_hmac, widget) if app.respond_to?(:credentials)
        secret = app.config.identity_hmac.secrets[widget] || from_credentials || ENV[env_name(widget)]
        secret unless secret == ""
      end

      # Calls the core with the preset's secret. With none set, the core
      # still decides (UNKNOWN_WIDGET first, else EMPTY_SECRET), and the
      # error names where to set one.
      def with_secret(widget)
        secret = secret_for(widget)
        begin
          yield secret || ""
        rescue IdentityHmac::InvalidSecretError => e
          raise unless secret.nil? && e.code == "EMPTY_SECRET"

          raise e.class.new("#{e.message}: no secret for #{widget.inspect}; set config.identity_hmac.secrets" \
                            "[#{widget.inspect}], the credentials' identity_hmac.#{widget} or #{env_name(widget)}",
                            e.code, reason: e.reason)
        end
      end

      def env_name(widget)
        "IDENTITY_HMAC_#{widget.to_s.upcase.tr("-", "_")}_SECRET"
      end

      # The user as the preset's user fields: a Hash as it is, an object that
      # answers identity_hmac_user by that Hash, any other object by its
      # id (or identifier), email, name, avatar_url and phone_number.
      def user_fields(user)
        return user if user.is_a?(Hash)
        return user.identity_hmac_user if user.respond_to?(:identity_hmac_user)

        USER_METHODS.each_with_object({}) do |(field, methods), fields|
          method = methods.find { |name| user.respond_to?(name) }
          fields[field] = user.public_send(method) if method
        end
      end
    end

    # Included into every view by the Railtie.
    module ViewHelper
      # The preset's identify call for +user+ as an html_safe <script>
      # element, with the request's CSP nonce when it has one (or +nonce+).
      # Page values (app_id, chatId, appId) come from +page+ over
      # config.identity_hmac.pages[widget]; key_id and expires_in (token
      # presets) from the options over config.identity_hmac.key_ids and
      # .expires_in. A nil user (nobody logged in) renders nothing.
      def identity_hmac_widget_tag(widget, user, page: nil, nonce: nil, key_id: nil, expires_in: nil)
        return "".html_safe if user.nil?

        widget = widget.to_sym
        config = ::Rails.application.config.identity_hmac
        nonce = content_security_policy_nonce if nonce.nil? && respond_to?(:content_security_policy_nonce)
        page = (config.pages[widget] || {}).merge(page || {})
        script = IdentityHmac::Rails.with_secret(widget) do |secret|
          IdentityHmac.identify_script(
            widget, secret, IdentityHmac::Rails.user_fields(user),
            page: page.empty? ? nil : page, nonce: nonce.presence,
            key_id: key_id || config.key_ids[widget], expires_in: expires_in || config.expires_in[widget]
          )
        end
        # The core wrote it to be inert inside <script>; with a nonce it is the whole element.
        (nonce.presence ? script : "<script>#{script}</script>").html_safe
      end
    end
  end

  # config.identity_hmac: secrets (IdentityHmac::Rails::Secrets), pages,
  # key_ids and expires_in (Hashes by preset Symbol).
  class Railtie < ::Rails::Railtie
    config.identity_hmac = ActiveSupport::OrderedOptions.new
    config.identity_hmac.secrets = IdentityHmac::Rails::Secrets.new
    config.identity_hmac.pages = {}
    config.identity_hmac.key_ids = {}
    config.identity_hmac.expires_in = {}

    initializer "identity_hmac.view_helper" do
      ActiveSupport.on_load(:action_view) { include IdentityHmac::Rails::ViewHelper }
    end
  end
end
