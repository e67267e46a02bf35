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

  def installed_ext
    File.join(Gem.loaded_specs.fetch("identity_hmac").full_gem_path, "ext/identity_hmac")
  end

  def bytes_under(dir)
    Dir.glob("**/*", File::FNM_DOTMATCH, base: dir).sum do |path|
      full = File.join(dir, path)
      File.file?(full) ? File.size(full) : 0
    end
  end

  # Build leftovers (cargo's target/ is hundreds of megabytes) would show here;
  # the vendored crate sources are measured on their own.
  def test_installed_gem_is_self_contained_and_small
    dir = Gem.loaded_specs.fetch("identity_hmac").full_gem_path
    assert File.file?(File.join(installed_ext, "vendor/identity-hmac/Cargo.toml"))
    refute Dir.exist?(File.join(installed_ext, "target")), "cargo's target/ was left in the gem"
    vendored = bytes_under(File.join(installed_ext, "vendor/crates"))
    size = bytes_under(dir) - vendored
    assert_operator size, :<, 20 * 1024 * 1024, "installed gem without its vendored crates is #{size} bytes"
    assert_operator vendored, :<, 64 * 1024 * 1024, "vendored crate sources are #{vendored} bytes"
  end

  # Every registry crate of the gem's Cargo.lock is vendored, checksummed, and
  # the gem's cargo config builds from there instead of the crates registry.
  def test_every_locked_crate_is_vendored
    config = File.read(File.join(installed_ext, ".cargo/config.toml"))
    assert_match(/^\[source\.crates-io\]\nreplace-with = "vendored-crates"$/, config)
    directory = config[/^\[source\.vendored-crates\]\ndirectory = "([^"]+)"$/, 1]
    assert_equal "vendor/crates", directory
    lock = File.read(File.join(installed_ext, "Cargo.lock"))
    locked = lock.split("[[package]]").drop(1).filter_map do |entry|
      next unless entry.include?('source = "registry+')

      [entry[/^name = "([^"]+)"/, 1], entry[/^version = "([^"]+)"/, 1]]
    end
    refute_empty locked
    vendored = Dir.glob("*/Cargo.toml", base: File.join(installed_ext, directory)).to_h do |manifest|
      crate_dir = File.join(installed_ext, directory, File.dirname(manifest))
      assert File.file?(File.join(crate_dir, ".cargo-checksum.json")), "#{crate_dir} has no .cargo-checksum.json"
      package = File.read(File.join(crate_dir, "Cargo.toml"))[/^\[package\]\n(?:[^\[].*\n)*/]
      [[package[/^name = "([^"]+)"/, 1], package[/^version = "([^"]+)"/, 1]], crate_dir]
    end
    assert_equal locked.sort, vendored.keys.sort
  end
end
