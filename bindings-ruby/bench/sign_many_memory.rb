# frozen_string_literal: true

# Peak memory (the child's maximum resident set, VmHWM) of Signer#sign_many
# on batches that used to be copied whole: each case runs in a fresh Ruby
# process so that one case's peak is not another's.
#   ruby bindings-ruby/bench/sign_many_memory.rb     (with the gem installed)
require "rbconfig"

CASES = {
  "40 000 x the same 64 KiB String" => '["x" * 65_536] * 40_000',
  "40 000 x the same 60 KiB String" => '["x" * 61_440] * 40_000',
  "1 000 000 x 22-byte Strings" => 'Array.new(1_000_000) { |i| format("user-%07d@example.com", i) }'
}.freeze

CHILD = <<~'RUBY'
  require "identity_hmac"
  def peak_kib = File.read("/proc/self/status")[/^VmHWM:\s+(\d+)/, 1].to_i
  signer = IdentityHmac::Signer.new("bench-secret")
  ids = eval(ARGV.fetch(0)) # the case's input, given by the parent
  GC.start
  before = peak_kib
  hashes = signer.sign_many(ids)
  raise "wrong count" unless hashes.size == ids.size
  puts "#{before} #{peak_kib}"
RUBY

abort "needs Linux (/proc/self/status)" unless File.exist?("/proc/self/status")
puts format("%-36s %16s %16s %14s", "sign_many input", "peak before KiB", "peak after KiB", "growth MiB")
CASES.each do |name, setup|
  output = IO.popen([RbConfig.ruby, "-e", CHILD, setup], &:read)
  abort "#{name}: the child failed" unless $?.success?
  before, after = output.split.map(&:to_i)
  puts format("%-36s %16d %16d %14.1f", name, before, after, (after - before) / 1024.0)
end
