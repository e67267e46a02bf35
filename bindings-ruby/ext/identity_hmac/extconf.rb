# frozen_string_literal: true

# Writes a Makefile that builds the extension with cargo. RubyGems runs
# `make clean`, `make` and `make install` next; install copies the library
# into the gem and deletes cargo's build directory, so the installed gem does
# not keep hundreds of megabytes of intermediate files.
require "rbconfig"
require "shellwords"

LIB_NAME = "identity_hmac_native"

def find_cargo
  return ENV["CARGO"] if ENV["CARGO"] && !ENV["CARGO"].empty?

  candidates = ENV.fetch("PATH", "").split(File::PATH_SEPARATOR).map { |dir| File.join(dir, "cargo") }
  candidates << File.join(Dir.home, ".cargo", "bin", "cargo") if ENV["HOME"]
  found = candidates.find { |path| File.file?(path) && File.executable?(path) }
  abort "identity_hmac: cargo not found. Install a Rust toolchain (https://rustup.rs) or set CARGO." unless found
  found
end

host_os = RbConfig::CONFIG["host_os"]
cargo_output =
  case host_os
  when /darwin/ then "lib#{LIB_NAME}.dylib"
  when /mswin|mingw|cygwin/ then "#{LIB_NAME}.dll"
  else "lib#{LIB_NAME}.so"
  end
dlext = RbConfig::CONFIG["DLEXT"]

# CARGO_TARGET_DIR lets a build cache live outside the gem; by default cargo
# builds in ./target and `make install` removes it.
external_target = ENV["CARGO_TARGET_DIR"] && !ENV["CARGO_TARGET_DIR"].empty?
target_dir = external_target ? File.expand_path(ENV["CARGO_TARGET_DIR"]) : "target"
cleanup = external_target ? "" : "\trm -rf #{target_dir.shellescape}\n"

# macOS resolves Ruby's symbols when the extension is loaded.
rustflags = host_os.match?(/darwin/) ? "-C link-arg=-undefined -C link-arg=dynamic_lookup" : ""
cargo_env = ["RUBY=#{RbConfig.ruby.shellescape}"]
cargo_env << "RUSTFLAGS=#{(ENV.fetch("RUSTFLAGS", "") + " " + rustflags).strip.shellescape}" unless rustflags.empty?

File.write("Makefile", <<~MAKE)
  CARGO = #{find_cargo.shellescape}
  TARGET_DIR = #{target_dir.shellescape}
  DLLIB = #{LIB_NAME}.#{dlext}
  sitearchdir = #{RbConfig::CONFIG["sitearchdir"].shellescape}

  all: $(DLLIB)

  $(DLLIB):
  \tenv #{cargo_env.join(" ")} $(CARGO) build --release --locked --lib --manifest-path Cargo.toml --target-dir $(TARGET_DIR)
  \tcp $(TARGET_DIR)/release/#{cargo_output} $(DLLIB)

  install: $(DLLIB)
  \tmkdir -p $(DESTDIR)$(sitearchdir)/identity_hmac
  \tcp $(DLLIB) $(DESTDIR)$(sitearchdir)/identity_hmac/$(DLLIB)
  #{cleanup}
  clean:
  \trm -f $(DLLIB)

  .PHONY: all install clean
MAKE
