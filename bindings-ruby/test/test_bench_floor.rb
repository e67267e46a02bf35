# frozen_string_literal: true

require_relative "test_helper"

# The benchmark floor that bench/bench.rb times against Signer#sign: a private
# method (not API), with sign's argument conversion and a 64-character String.
class TestBenchFloor < Minitest::Test
  def setup
    @signer = IdentityHmac::Signer.new("your_web_widget_hmac_token")
  end

  def test_floor_returns_64_characters
    ["", "user-12345@example.com", "x" * 1024, 12_345, "é".encode(Encoding::UTF_16LE)].each do |identifier|
      floor = @signer.send(:_bench_floor, identifier)
      assert_equal 64, floor.length
      assert_equal Encoding::UTF_8, floor.encoding
    end
  end

  def test_floor_converts_arguments_as_sign_does
    assert_raises(TypeError) { @signer.send(:_bench_floor, nil) }
    assert_raises(TypeError) { @signer.sign(nil) }
  end

  def test_floor_is_private
    refute_includes IdentityHmac::Signer.public_instance_methods, :_bench_floor
    assert_includes IdentityHmac::Signer.private_instance_methods, :_bench_floor
  end
end
