# frozen_string_literal: true

# Builds a precompiled identity_hmac gem for one platform and one Ruby ABI from
# the source gem (build-gem.rb) and an extension compiled for that platform,
# and prints its path:
#   ruby bindings-ruby/build-native-gem.rb --source-gem GEM --extension SO \
#     --platform x86_64-linux [--ruby-abi 3.1] [--out DIR]
#
# The precompiled gem is the source gem's metadata, README, lib/ and sig/, plus
# the extension at lib/identity_hmac/<ruby-abi>/identity_hmac_native.so (where
# lib/identity_hmac.rb looks first). It has no ext/, no extconf.rb and no
# vendored crates: `gem install` copies files and compiles nothing. It requires
# exactly that Ruby ABI, so any other Ruby falls back to the source gem.
require "fileutils"
require "optparse"
require "rubygems/package"
require "tmpdir"

LIB_NAME = "identity_hmac_native"
# The source gem's sentence about compiling, replaced in the precompiled gem.
COMPILES_ON_INSTALL = "installing it needs a Rust toolchain (cargo)."

options = { ruby_abi: RUBY_VERSION[/\A\d+\.\d+/], out: "." }
OptionParser.new do |opts|
  opts.banner = "usage: ruby build-native-gem.rb --source-gem GEM --extension SO --platform PLATFORM [--ruby-abi X.Y] [--out DIR]"
  opts.on("--source-gem GEM", "the source .gem of build-gem.rb") { |v| options[:source_gem] = v }
  opts.on("--extension SO", "the compiled extension (cargo's lib#{LIB_NAME}.so)") { |v| options[:extension] = v }
  opts.on("--platform PLATFORM", "the gem platform, e.g. x86_64-linux") { |v| options[:platform] = v }
  opts.on("--ruby-abi X.Y", "the Ruby ABI the extension was built for") { |v| options[:ruby_abi] = v }
  opts.on("--out DIR", "where to write the .gem") { |v| options[:out] = v }
end.parse!
%i[source_gem extension platform].each { |key| abort "build-native-gem: --#{key.to_s.tr("_", "-")} is required" unless options[key] }
abi = options[:ruby_abi]
abort "build-native-gem: --ruby-abi must be MAJOR.MINOR, not #{abi}" unless abi.match?(/\A\d+\.\d+\z/)
platform = Gem::Platform.new(options[:platform])
abort "build-native-gem: #{options[:platform]} is not a specific platform" if platform == Gem::Platform::RUBY

source_gem = File.expand_path(options[:source_gem])
extension = File.expand_path(options[:extension])
abort "build-native-gem: no extension at #{extension}" unless File.file?(extension)
out_dir = File.expand_path(options[:out])

source = Gem::Package.new(source_gem)
spec = source.spec.dup
abort "build-native-gem: #{source_gem} is not the source gem" unless spec.platform.to_s == Gem::Platform::RUBY

Dir.mktmpdir("identity_hmac-native-gem-") do |tmp|
  source_files = File.join(tmp, "source")
  source.extract_files(source_files)
  stage = File.join(tmp, "stage")
  kept = spec.files.select { |path| path == "README.md" || path.start_with?("lib/", "sig/") }
  kept.each do |path|
    FileUtils.mkdir_p(File.join(stage, File.dirname(path)))
    FileUtils.cp(File.join(source_files, path), File.join(stage, path))
  end
  native = "lib/identity_hmac/#{abi}/#{LIB_NAME}.so"
  FileUtils.mkdir_p(File.join(stage, File.dirname(native)))
  FileUtils.cp(extension, File.join(stage, native))

  spec.platform = platform
  spec.files = (kept + [native]).sort
  spec.extensions = []
  spec.requirements = []
  # The ABI of the compiled extension, and nothing newer: Ruby 3.2 must not pick a 3.1 build.
  next_minor = "#{abi.split(".")[0]}.#{abi.split(".")[1].to_i + 1}"
  spec.required_ruby_version = [">= #{abi}", "< #{next_minor}.dev"]
  description = spec.description.dup
  abort "build-native-gem: the source gem's description no longer says how it compiles" unless description.include?(COMPILES_ON_INSTALL)
  spec.description = description.sub(COMPILES_ON_INSTALL,
                                     "this gem carries it precompiled for Ruby #{abi} on #{platform}, so installing needs no Rust toolchain.")

  FileUtils.mkdir_p(out_dir)
  # Gem::Package.build reports on stdout; this script prints the path alone.
  built = Gem::DefaultUserInteraction.use_ui(Gem::SilentUI.new) { Dir.chdir(stage) { Gem::Package.build(spec) } }
  target = File.join(out_dir, File.basename(built))
  FileUtils.mv(File.join(stage, built), target)
  puts target
end
