# frozen_string_literal: true

require_relative "test_helper"

# The suite must exercise the installed gem, built from the workspace version.
class TestPackage < Minitest::Test
  def workspace_version
    manifest = File.read(File.join(TestSupport::REPO_ROOT, "Cargo.toml"))
    section = manifest[/^\[workspace\.package\]\n(?:[^\[].*\n)*/] or flunk "no [workspace.package]"
    section[/^version = "([^"]+)"/, 1]
  end

  def test_loaded_from_the_installed_gem
    spec = Gem.loaded_specs.fetch("identity_hmac")
    gem_home = ENV["GEM_HOME"]
    refute_nil gem_home, "run the tests through test.sh (a fresh GEM_HOME)"
    assert spec.full_gem_path.start_with?(File.realpath(gem_home)), spec.full_gem_path
    source_lib = File.join(TestSupport::REPO_ROOT, "bindings-ruby", "lib")
    loaded = $LOADED_FEATURES.grep(/identity_hmac/)
    refute_empty loaded
    loaded.each { |path| refute path.start_with?(source_lib), "#{path} comes from the source tree" }
  end

  def test_versions_come_from_the_cargo_workspace
    assert_equal workspace_version, IdentityHmac::VERSION
    assert_equal workspace_version, Gem.loaded_specs.fetch("identity_hmac").version.to_s
  end

  def test_installed_gem_is_self_contained_and_small
    dir = Gem.loaded_specs.fetch("identity_hmac").full_gem_path
    assert File.file?(File.join(dir, "ext/identity_hmac/vendor/identity-hmac/Cargo.toml"))
    refute Dir.exist?(File.join(dir, "ext/identity_hmac/target")), "cargo's target/ was left in the gem"
    size = Dir.glob("**/*", File::FNM_DOTMATCH, base: dir).sum do |path|
      full = File.join(dir, path)
      File.file?(full) ? File.size(full) : 0
    end
    assert_operator size, :<, 20 * 1024 * 1024, "installed gem is #{size} bytes"
  end
end
