# frozen_string_literal: true

# Prints ns per call and the speed-up over OpenSSL::HMAC.hexdigest, which is
# what the published Ruby snippet calls. Best of several rounds, same process.
require "openssl"
require "identity_hmac"

KEY = "your_web_widget_hmac_token"
MESSAGE = "user-12345@example.com"
ROUNDS = Integer(ENV.fetch("ROUNDS", "7"))
CALLS = Integer(ENV.fetch("CALLS", "200000"))
BATCH = Integer(ENV.fetch("SIGN_MANY_COUNT", "1000000"))

def clock = Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond)

def ns_per_call(calls)
  start = clock
  yield calls
  (clock - start).fdiv(calls)
end

signer = IdentityHmac::Signer.new(KEY)
hash = signer.sign(MESSAGE)
raise "mismatch" unless hash == OpenSSL::HMAC.hexdigest("sha256", KEY, MESSAGE)

# Rounds interleave the baseline with every candidate, so that a busy machine
# slows both alike; each keeps its best round.
cases = {
  "OpenSSL::HMAC.hexdigest" => ->(n) { i = 0; while i < n; OpenSSL::HMAC.hexdigest("sha256", KEY, MESSAGE); i += 1; end },
  "Signer#sign" => ->(n) { i = 0; while i < n; signer.sign(MESSAGE); i += 1; end },
  "IdentityHmac.sign (one-shot)" => ->(n) { i = 0; while i < n; IdentityHmac.sign(KEY, MESSAGE); i += 1; end },
  "Signer#verify" => ->(n) { i = 0; while i < n; signer.verify(MESSAGE, hash); i += 1; end },
  "IdentityHmac.verify (one-shot)" => ->(n) { i = 0; while i < n; IdentityHmac.verify(KEY, MESSAGE, hash); i += 1; end }
}
best = Hash.new(Float::INFINITY)
ROUNDS.times do
  cases.each { |name, body| best[name] = [best[name], ns_per_call(CALLS, &body)].min }
end
openssl = best.fetch("OpenSSL::HMAC.hexdigest")
rows = best.reject { |name, _| name == "OpenSSL::HMAC.hexdigest" }

identifiers = Array.new(BATCH) { |i| "user-#{i}@example.com" }
sign_many = Float::INFINITY
openssl_many = Float::INFINITY
2.times do
  GC.start
  sign_many = [sign_many, ns_per_call(BATCH) { signer.sign_many(identifiers) }].min
  GC.start
  openssl_many = [openssl_many, ns_per_call(BATCH) { identifiers.map { |id| OpenSSL::HMAC.hexdigest("sha256", KEY, id) } }].min
end

puts "identity_hmac #{IdentityHmac::VERSION}, #{RUBY_DESCRIPTION}, #{OpenSSL::OPENSSL_LIBRARY_VERSION}"
puts "key #{KEY.bytesize} bytes, identifier #{MESSAGE.bytesize} bytes; best of #{ROUNDS} rounds of #{CALLS} calls"
puts
puts format("%-42s %12s %14s %9s", "operation", "ns/call", "OpenSSL ns", "speed-up")
rows.each do |name, ns|
  puts format("%-42s %12.1f %14.1f %8.1fx", name, ns, openssl, openssl / ns)
end
puts format("%-42s %12.1f %14.1f %8.1fx", "Signer#sign_many (#{BATCH} ids), per id", sign_many, openssl_many, openssl_many / sign_many)
puts format("%-42s %12.1f", "OpenSSL::HMAC.hexdigest", openssl)
puts format("%-42s %12.1f", "OpenSSL::HMAC.hexdigest via map, per id", openssl_many)
target = openssl / rows.fetch("Signer#sign")
puts
puts "Signer#sign is #{format("%.1f", target)}x OpenSSL::HMAC.hexdigest (target: 20x): #{target >= 20 ? "met" : "MISSED"}"
