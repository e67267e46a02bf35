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

  # test.sh installs the source gem; scripts/release/ruby.sh also installs the
  # precompiled gems and says which platform it installed, so that a wrong gem
  # (or the source gem in place of a precompiled one) fails here.
  def expected_platform
    ENV.fetch("IDENTITY_HMAC_EXPECT_GEM_PLATFORM", Gem::Platform::RUBY)
  end

  def precompiled?
    expected_platform != Gem::Platform::RUBY
  end

  def loaded_extension
    loaded = $LOADED_FEATURES.grep(%r{/identity_hmac_native\.[^/]+\z})
    assert_equal 1, loaded.size, loaded.inspect
    loaded.first
  end

  def test_the_installed_gem_is_for_the_expected_platform
    spec = Gem.loaded_specs.fetch("identity_hmac")
    assert_equal expected_platform, spec.platform.to_s
    return unless precompiled?

    assert Gem::Platform.match_gem?(spec.platform, spec.name), "#{spec.platform} does not match #{Gem::Platform.local}"
  end

  # A precompiled gem loads the extension built for this Ruby's ABI from
  # lib/identity_hmac/<major.minor>/ and carries nothing to compile.
  def test_a_precompiled_gem_loads_its_abi_build_and_compiles_nothing
    return skip("the source gem is installed") unless precompiled?

    spec = Gem.loaded_specs.fetch("identity_hmac")
    abi = RUBY_VERSION[/\A\d+\.\d+/]
    assert_equal File.join(spec.full_gem_path, "lib", "identity_hmac", abi, "identity_hmac_native.so"),
                 loaded_extension
    assert_empty spec.extensions
    refute Dir.exist?(File.join(spec.full_gem_path, "ext")), "a precompiled gem carries ext/"
    assert spec.required_ruby_version.satisfied_by?(Gem::Version.new(RUBY_VERSION))
    refute spec.required_ruby_version.satisfied_by?(Gem::Version.new("#{abi.split(".")[0]}.#{abi.split(".")[1].to_i + 1}.0")),
           "a precompiled gem must not install on the next Ruby ABI"
  end

  def test_the_source_gem_loads_the_extension_it_compiled
    return skip("a precompiled gem is installed") if precompiled?

    refute_match %r{/identity_hmac/\d+\.\d+/}, loaded_extension
    assert_equal ["ext/identity_hmac/extconf.rb"], Gem.loaded_specs.fetch("identity_hmac").extensions
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
    return skip("a precompiled gem carries no crates") if precompiled?

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
    return skip("a precompiled gem carries no crates") if precompiled?

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
