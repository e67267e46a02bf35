# frozen_string_literal: true

require_relative "test_helper"

# 8 threads share one Signer and sign 100 000 identifiers each;
# every hash is checked against OpenSSL::HMAC.
class TestThreadVolume < Minitest::Test
  KEY = "thread-volume-token"
  THREADS = 8
  PER_THREAD = 100_000

  def test_eight_threads_sign_100_000_identifiers_each_with_one_signer
    signer = IdentityHmac::Signer.new(KEY)
    threads = Array.new(THREADS) do |t|
      Thread.new do
        checked = 0
        wrong = []
        PER_THREAD.times do |i|
          # Every 10th identifier an Integer: hashed as its decimal form.
          identifier = (i % 10).zero? ? (t * PER_THREAD) + i : "user-#{t}-#{i}@example.com"
          expected = OpenSSL::HMAC.hexdigest("SHA256", KEY, identifier.to_s)
          wrong << identifier unless signer.sign(identifier) == expected
          checked += 1
        end
        [checked, wrong.first(5)]
      end
    end
    results = threads.map(&:value)
    assert_equal [[PER_THREAD, []]] * THREADS, results
  end
end
