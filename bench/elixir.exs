# Elixir's own HMAC, the stdlib-only row of scripts/bench.sh (there is no
# Elixir binding): ns per call of
#   :crypto.mac(:hmac, :sha256, key, msg) |> Base.encode16(case: :lower)
# for the shared identifiers, the median of several rounds after a warm-up
# round. Appends JSON lines to IDENTITY_HMAC_BENCH_JSON when set.
#   elixir bench/elixir.exs
defmodule IdentityHmacBench do
  @key "your_web_widget_hmac_token"
  @email "user0000001@example.com"

  def stdlib(_identifier, 0), do: :ok

  def stdlib(identifier, n) do
    :crypto.mac(:hmac, :sha256, @key, identifier) |> Base.encode16(case: :lower)
    stdlib(identifier, n - 1)
  end

  defp ns_per_call(identifier, calls) do
    start = System.monotonic_time(:nanosecond)
    stdlib(identifier, calls)
    (System.monotonic_time(:nanosecond) - start) / calls
  end

  defp median(values) do
    sorted = Enum.sort(values)
    middle = div(length(sorted), 2)

    if rem(length(sorted), 2) == 1,
      do: Enum.at(sorted, middle),
      else: (Enum.at(sorted, middle - 1) + Enum.at(sorted, middle)) / 2
  end

  # Enough JSON for the row: strings without quotes or backslashes, numbers, null.
  defp json(nil), do: "null"
  defp json(value) when is_binary(value), do: ~s("#{value}")
  defp json(value), do: to_string(value)

  def run do
    runs = String.to_integer(System.get_env("IDENTITY_HMAC_BENCH_RUNS", "7"))
    json_path = System.get_env("IDENTITY_HMAC_BENCH_JSON", "")

    for {label, pad, calls} <- [{"email ~20 bytes", "", 100_000}, {"1 KiB", String.duplicate("x", 1001), 20_000}] do
      identifier = pad <> @email
      # Round 0 is the warm-up.
      [_warm_up | rounds] = for _ <- 0..runs, do: ns_per_call(identifier, calls)
      ns = median(rounds)

      IO.puts(
        "Elixir #{System.version()} (OTP #{System.otp_release()}), #{label}: " <>
          ":crypto.mac |> Base.encode16 #{:erlang.float_to_binary(ns, decimals: 0)} ns/op (median of #{runs})"
      )

      if json_path != "" do
        fields = [
          {"language", "Elixir (stdlib only)"},
          {"stdlib_call", ":crypto.mac(:hmac, :sha256, key, msg) |> Base.encode16(case: :lower)"},
          {"identifier", label},
          {"identifier_bytes", byte_size(identifier)},
          {"runs", runs},
          {"stdlib_ns", Float.round(ns, 1)},
          {"signer_ns", nil},
          {"ratio", nil},
          {"oneshot_ns", nil},
          {"oneshot_ratio", nil},
          {"batch_ns_per_item", nil}
        ]

        row = "{" <> Enum.map_join(fields, ", ", fn {name, value} -> ~s("#{name}": ) <> json(value) end) <> "}\n"
        File.write!(json_path, row, [:append])
      end
    end
  end
end

IdentityHmacBench.run()
