# frozen_string_literal: true

# The Rails integration: `require "identity_hmac/rails"` (or just
# `require "identity_hmac"` once Rails is loaded) adds the Railtie, which gives
# `config.identity_hmac` and the `identity_hmac_widget_tag` view helper.
require "identity_hmac"
require "identity_hmac/railtie"
