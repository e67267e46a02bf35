# frozen_string_literal: true

# Prints ns per call and the speed-up over OpenSSL::HMAC.hexdigest, which is
# what the published Ruby snippet calls. Best of several rounds, same process.
# With IDENTITY_HMAC_BENCH_JSON=<file>, also measures the rows shared by every
# language (scripts/bench.sh) and appends them to that file as JSON lines.
require "json"
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
  # Signer#sign without the HMAC: a private method, called on the signer as self.
  "floor (Signer#_bench_floor, private)" => ->(n) { signer.instance_exec { i = 0; while i < n; _bench_floor(MESSAGE); i += 1; end } },
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
floor = rows.fetch("floor (Signer#_bench_floor, private)")
puts format("Signer#sign is %.2fx its floor (the same native call without the HMAC; goal <= 1.5x)", rows.fetch("Signer#sign") / floor)
puts
puts "Signer#sign is #{format("%.1f", target)}x OpenSSL::HMAC.hexdigest (target: 20x): #{target >= 20 ? "met" : "MISSED"}"

# The rows shared by every language's benchmark: the same secret and
# identifiers everywhere, each pair measured in alternating rounds after a
# warm-up round, medians of the rounds.
def median(values)
  sorted = values.sort
  middle = sorted.size / 2
  sorted.size.odd? ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0
end

def median_ratio(baseline, ours) = median(baseline.zip(ours).map { |b, o| b / o })

# ns per item of each case, per round; round 0 is the warm-up.
def alternate(cases, count, runs)
  rounds = cases.map { [] }
  (runs + 1).times do |round|
    cases.each_with_index do |body, i|
      GC.start # the previous case's garbage is not this case's cost
      ns = ns_per_call(count, &body)
      rounds[i] << ns if round.positive?
    end
  end
  rounds
end

if (json_path = ENV["IDENTITY_HMAC_BENCH_JSON"])
  runs = Integer(ENV.fetch("IDENTITY_HMAC_BENCH_RUNS", "7"))
  email = "user0000001@example.com"
  long_pad = "x" * 1001 # + an email = 1 KiB
  puts
  [
    ["email ~20 bytes", "", 50_000, 100_000, "the core's HMAC: 2 SHA-256 compressions and hex encoding (the core's own Signer::sign_hex: ~130 ns in its cargo bench)"],
    ["1 KiB", long_pad, 10_000, 10_000, "the core's HMAC: 18 SHA-256 compressions and hex encoding (the core's own Signer::sign_hex: ~710 ns in its cargo bench)"]
  ].each do |label, pad, calls, batch, floor_rest|
    identifier = (pad + email).freeze
    raise "mismatch" unless signer.sign(identifier) == OpenSSL::HMAC.hexdigest("sha256", KEY, identifier)

    raise "the floor does not return 64 characters" unless signer.send(:_bench_floor, identifier).length == 64

    base, mine, once, floor = alternate(
      [
        ->(n) { i = 0; while i < n; OpenSSL::HMAC.hexdigest("sha256", KEY, identifier); i += 1; end },
        ->(n) { i = 0; while i < n; signer.sign(identifier); i += 1; end },
        ->(n) { i = 0; while i < n; IdentityHmac.sign(KEY, identifier); i += 1; end },
        ->(n) { signer.instance_exec { i = 0; while i < n; _bench_floor(identifier); i += 1; end } }
      ], calls, runs
    )
    identifiers = Array.new(batch) { |i| format("%suser%07d@example.com", pad, i) }
    base_batch, mine_batch = alternate(
      [
        ->(_n) { identifiers.map { |id| OpenSSL::HMAC.hexdigest("sha256", KEY, id) } },
        ->(_n) { signer.sign_many(identifiers) }
      ], batch, [3, runs / 2].max
    )
    row = {
      language: "Ruby", stdlib_call: "OpenSSL::HMAC.hexdigest('sha256', key, msg)",
      identifier: label, identifier_bytes: identifier.bytesize, runs: runs,
      stdlib_ns: median(base), signer_ns: median(mine), ratio: median_ratio(base, mine),
      oneshot_ns: median(once), oneshot_ratio: median_ratio(base, once),
      batch_ns_per_item: median(mine_batch), batch_size: batch,
      stdlib_batch_ns_per_item: median(base_batch), batch_ratio: median_ratio(base_batch, mine_batch),
      floor_call: "signer._bench_floor(id) (private)", floor_ns: median(floor),
      floor_ratio: median_ratio(mine, floor),
      floor_rest: format("Signer#sign - floor = %.0f ns: %s", median(mine) - median(floor), floor_rest)
    }
    puts format("shared row, %s: OpenSSL %.0f ns, Signer#sign %.0f ns (%.1fx), one-shot %.1fx, sign_many %.0f ns/item (%.1fx the map)",
                label, row[:stdlib_ns], row[:signer_ns], row[:ratio], row[:oneshot_ratio], row[:batch_ns_per_item], row[:batch_ratio])
    puts format("  floor, %s: %s %.0f ns; Signer#sign is %.2fx the floor (goal <= 1.5x); %s",
                label, row[:floor_call], row[:floor_ns], row[:floor_ratio], row[:floor_rest])
    File.open(json_path, "a") { |out| out.puts(JSON.generate(row)) }
  end
end
