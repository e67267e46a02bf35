# frozen_string_literal: true

# Put before the README's Rails blocks by scripts/doc_examples.py (prelude=):
# a one-file Rails application (Debian's railties and actionpack, which
# test.sh installs) for the blocks to configure and initialize, as
# config/application.rb would define it.
require "logger"
require "tmpdir"
require "action_controller/railtie"
require "identity_hmac" # after Rails, as Bundler.require does: the Railtie loads

class ReadmeApp < Rails::Application
  config.root = Dir.mktmpdir
  config.eager_load = false
  config.logger = Logger.new(nil)
  config.secret_key_base = "readme" * 11
end
