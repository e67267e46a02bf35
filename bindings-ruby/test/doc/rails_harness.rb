# frozen_string_literal: true

# Put before the README's Rails blocks by scripts/doc_examples.py (prelude=):
# Rails is not installed, so this stands in for the three Rails pieces the
# blocks use, with the behaviour Rails documents; the blocks' own logic runs
# unchanged against the installed gem.
require "json"

# `Rails.application.credentials.dig(...)`: no credentials file here, so nil
# and the initializer falls back to the environment variable.
module Rails
  Credentials = Struct.new(:values) do
    def dig(*keys) = values.dig(*keys)
  end
  Application = Struct.new(:credentials)

  def self.application = @application ||= Application.new(Credentials.new({}))
end

# ActionView's helpers that the view helper calls.
module ActionViewHelpers
  # ERB::Util#json_escape (ActiveSupport): escapes what could end a <script>.
  JSON_ESCAPE = { "&" => '\u0026', ">" => '\u003e', "<" => '\u003c', "\u2028" => '\u2028', "\u2029" => '\u2029' }.freeze

  def json_escape(text) = text.to_s.gsub(/[&><\u2028\u2029]/u, JSON_ESCAPE)

  # ActionView's javascript_tag: the content inside <script>, unescaped, in a CDATA section.
  def javascript_tag(content) = "<script>\n//<![CDATA[\n#{content}\n//]]>\n</script>"
end

# After the block has run: render the helper the way a view would, if the
# block defined it, and print the script the page gets.
at_exit do
  next if $! || !defined?(ChatwootHelper)

  require "identity_hmac"
  CHATWOOT_IDENTITY = IdentityHmac::Signer.new(ENV.fetch("CHATWOOT_HMAC_TOKEN")) unless defined?(CHATWOOT_IDENTITY)
  view = Object.new.extend(ActionViewHelpers).extend(ChatwootHelper)
  user = Struct.new(:id, :name, :email).new(42, "Zoë </script>", "zoe@example.com")
  puts view.chatwoot_set_user(user)
end
