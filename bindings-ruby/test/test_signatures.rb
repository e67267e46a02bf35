# frozen_string_literal: true

require_relative "test_helper"

# sig/identity_hmac.rbs and the loaded gem name the same methods (there is no
# rbs gem offline to type-check it, so at least they cannot drift apart).
class TestSignatures < Minitest::Test
  SIG = File.read(File.expand_path("../sig/identity_hmac.rbs", __dir__))

  def declared
    scope = ["IdentityHmac"]
    SIG.each_line.filter_map do |line|
      case line
      when /^\s*class (\w+)/
        scope = ["IdentityHmac", Regexp.last_match(1)]
        nil
      when /^\s*def self\.(\w+):/ then [scope.join("::"), :singleton, Regexp.last_match(1).to_sym]
      when /^\s*def initialize:/ then nil # private, like every initialize
      when /^\s*def (\w+):/ then [scope.join("::"), :instance, Regexp.last_match(1).to_sym]
      end
    end
  end

  def test_every_declared_method_exists
    refute_empty declared
    declared.each do |owner, kind, name|
      target = Object.const_get(owner)
      defined = kind == :singleton ? target.respond_to?(name) : target.method_defined?(name)
      assert defined, "#{owner}#{kind == :singleton ? "." : "#"}#{name} is in the RBS but not in the gem"
    end
  end

  def test_every_public_method_is_declared
    names = declared.map { |owner, kind, name| [owner, kind, name] }
    {
      "IdentityHmac" => IdentityHmac.singleton_methods(false),
      "IdentityHmac::Signer" => IdentityHmac::Signer.singleton_methods(false),
      "IdentityHmac::TokenVerifier" => IdentityHmac::TokenVerifier.singleton_methods(false)
    }.each do |owner, methods|
      methods.each { |name| assert_includes names, [owner, :singleton, name] }
    end
    %w[IdentityHmac::Signer IdentityHmac::Verifier IdentityHmac::TokenVerifier].each do |owner|
      Object.const_get(owner).public_instance_methods(false).each do |name|
        assert_includes names, [owner, :instance, name]
      end
    end
  end
end
