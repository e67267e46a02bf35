# frozen_string_literal: true

# The gem is built by `ruby build-gem.rb`, which stages this file next to a
# standalone ext/identity_hmac/Cargo.toml (version taken from the Cargo
# workspace), a packaged copy of the core crate and every crate it depends on
# (vendored). Building it straight from the repository would give a gem that
# cannot compile once installed.
manifest_path = File.join(__dir__, "ext/identity_hmac/Cargo.toml")
manifest = File.read(manifest_path)
version = manifest[/^version = "([^"]+)"/, 1]
unless version && File.directory?(File.join(__dir__, "ext/identity_hmac/vendor/identity-hmac"))
  raise "build this gem with `ruby bindings-ruby/build-gem.rb`, not `gem build` in the source tree"
end

Gem::Specification.new do |spec|
  spec.name = "identity_hmac"
  spec.version = version
  spec.summary = "Identity-verification hashes (HMAC-SHA256) for chat widgets: Chatwoot, Pylon, Intercom"
  spec.description = <<~TEXT
    Computes and verifies lowercase_hex(HMAC-SHA256(secret, identifier)), the identity hash that
    Chatwoot (identifier_hash), Pylon (email_hash), Intercom (user_hash) and other chat widgets use
    to verify a logged-in user. Strict secret decoding, constant-time verification, key rotation.
    A native extension over the identity-hmac Rust crate; installing it needs a Rust toolchain (cargo).
  TEXT
  spec.authors = ["identity-hmac contributors"]
  spec.licenses = ["MIT", "Apache-2.0"]
  repository = manifest[/^repository = "([^"]+)"/, 1]
  spec.homepage = repository if repository
  spec.metadata["source_code_uri"] = repository if repository
  spec.required_ruby_version = ">= 3.1"
  spec.requirements = ["a Rust toolchain (cargo) and libclang, to compile the native extension"]

  spec.files = Dir.glob(
    %w[
      README.md
      lib/**/*.rb
      sig/**/*.rbs
      ext/identity_hmac/extconf.rb
      ext/identity_hmac/Cargo.toml
      ext/identity_hmac/Cargo.lock
      ext/identity_hmac/src/**/*.rs
      ext/identity_hmac/.cargo/config.toml
      ext/identity_hmac/vendor/**/*
    ],
    # Vendored crates need their .cargo-checksum.json (and cargo checks every
    # file that lists), so dot files are packaged too.
    File::FNM_DOTMATCH,
    base: __dir__
  ).reject { |path| File.directory?(File.join(__dir__, path)) }.sort
  spec.require_paths = ["lib"]
  spec.extensions = ["ext/identity_hmac/extconf.rb"]
end
