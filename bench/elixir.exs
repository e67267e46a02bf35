# Elixir's own HMAC against the Elixir binding (bindings-elixir), in one VM:
# ns per call of
#   :crypto.mac(:hmac, :sha256, key, msg) |> Base.encode16(case: :lower)
# against IdentityHmac.Signer.sign/2 and the one-shot IdentityHmac.sign!/2,
# each the median of several alternating rounds after a warm-up round; and
# Signer.sign_many/2 over 100,000 emails (10,000 x 1 KiB) against the
# :crypto call mapped over the same list. Appends JSON lines to
# IDENTITY_HMAC_BENCH_JSON when set: the stdlib-only row ("Elixir (stdlib
# only)", as before) and, when the binding builds, the binding's row
# ("Elixir"). The binding is compiled first (MIX_ENV=prod, under target/).
#   elixir bench/elixir.exs
defmodule IdentityHmacBench do
  @key "your_web_widget_hmac_token"
  @email "user0000001@example.com"
  @stdlib_call ":crypto.mac(:hmac, :sha256, key, msg) |> Base.encode16(case: :lower)"
  @floor_call "IdentityHmac.Signer.bench_floor(signer, id) (@doc false: sign/2 without the HMAC)"

  def stdlib(_identifier, 0), do: :ok

  def stdlib(identifier, n) do
    :crypto.mac(:hmac, :sha256, @key, identifier) |> Base.encode16(case: :lower)
    stdlib(identifier, n - 1)
  end

  def signer(_signer, _identifier, 0), do: :ok

  def signer(signer, identifier, n) do
    IdentityHmac.Signer.sign(signer, identifier)
    signer(signer, identifier, n - 1)
  end

  def floor(_signer, _identifier, 0), do: :ok

  def floor(signer, identifier, n) do
    IdentityHmac.Signer.bench_floor(signer, identifier)
    floor(signer, identifier, n - 1)
  end

  def oneshot(_identifier, 0), do: :ok

  def oneshot(identifier, n) do
    IdentityHmac.sign!(@key, identifier)
    oneshot(identifier, n - 1)
  end

  # Collects first: the previous side's garbage (the :crypto loop's 100,000
  # results) is not this side's cost; measured, it put sign_many anywhere
  # from 0.6x to 2.5x of itself depending on which side ran second.
  defp ns_per_call(calls, fun) do
    :erlang.garbage_collect()
    start = System.monotonic_time(:nanosecond)
    fun.()
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

  defp write_row(fields) do
    case System.get_env("IDENTITY_HMAC_BENCH_JSON", "") do
      "" ->
        :ok

      path ->
        row = "{" <> Enum.map_join(fields, ", ", fn {name, value} -> ~s("#{name}": ) <> json(value) end) <> "}\n"
        File.write!(path, row, [:append])
    end
  end

  defp round1(nil), do: nil
  defp round1(value), do: Float.round(value / 1, 1)
  defp round2(nil), do: nil
  defp round2(value), do: Float.round(value / 1, 2)

  # Compiles the binding and puts it on the code path; {:error, why} if not.
  defp load_binding do
    root = Path.expand("..", __DIR__)
    build = Path.join(root, "target/bindings-elixir-bench/_build")
    env = [{"MIX_ENV", "prod"}, {"MIX_BUILD_ROOT", build}]

    case System.cmd("mix", ["compile"], cd: Path.join(root, "bindings-elixir"), env: env, stderr_to_stdout: true) do
      {_, 0} ->
        Code.prepend_path(Path.join(build, "prod/lib/identity_hmac/ebin"))

        case Code.ensure_loaded(IdentityHmac.Native) do
          {:module, _} -> :ok
          other -> {:error, "the NIF did not load: #{inspect(other)}"}
        end

      {output, status} ->
        {:error, "mix compile failed (exit #{status}): #{String.slice(output, -500, 500)}"}
    end
  end

  def run do
    runs = String.to_integer(System.get_env("IDENTITY_HMAC_BENCH_RUNS", "7"))
    binding = load_binding()
    if binding != :ok, do: IO.puts("Elixir binding not measured: #{elem(binding, 1)}")

    for {label, pad, calls, batch_size} <- [
          {"email ~20 bytes", "", 100_000, 100_000},
          {"1 KiB", String.duplicate("x", 1001), 20_000, 10_000}
        ] do
      identifier = pad <> @email
      signer = if binding == :ok, do: IdentityHmac.Signer.new!(@key)

      # Round 0 is the warm-up; each round measures every side once.
      [_warm_up | rounds] =
        for _ <- 0..runs do
          stdlib_ns = ns_per_call(calls, fn -> stdlib(identifier, calls) end)

          if signer do
            signer_ns = ns_per_call(calls, fn -> signer(signer, identifier, calls) end)
            oneshot_ns = ns_per_call(calls, fn -> oneshot(identifier, calls) end)
            floor_ns = ns_per_call(calls, fn -> floor(signer, identifier, calls) end)
            {stdlib_ns, signer_ns, oneshot_ns, floor_ns}
          else
            {stdlib_ns, nil, nil, nil}
          end
        end

      stdlib_ns = median(Enum.map(rounds, &elem(&1, 0)))

      IO.puts(
        "Elixir #{System.version()} (OTP #{System.otp_release()}), #{label}: " <>
          ":crypto.mac |> Base.encode16 #{:erlang.float_to_binary(stdlib_ns, decimals: 0)} ns/op (median of #{runs})"
      )

      # The stdlib alone only when the binding could not be built.
      if !signer do
        write_row([
          {"language", "Elixir (stdlib only)"},
          {"stdlib_call", @stdlib_call},
          {"identifier", label},
          {"identifier_bytes", byte_size(identifier)},
          {"runs", runs},
          {"stdlib_ns", round1(stdlib_ns)},
          {"signer_ns", nil},
          {"ratio", nil},
          {"oneshot_ns", nil},
          {"oneshot_ratio", nil},
          {"batch_ns_per_item", nil}
        ])
      end

      if signer do
        signer_ns = median(Enum.map(rounds, &elem(&1, 1)))
        oneshot_ns = median(Enum.map(rounds, &elem(&1, 2)))
        ratio = median(Enum.map(rounds, fn {s, ours, _, _} -> s / ours end))
        oneshot_ratio = median(Enum.map(rounds, fn {s, _, ours, _} -> s / ours end))
        floor_ns = median(Enum.map(rounds, &elem(&1, 3)))
        # Signer.sign as a multiple of the floor: the median over rounds of sign_ns / floor_ns.
        floor_ratio = median(Enum.map(rounds, fn {_, ours, _, floor} -> ours / floor end))
        floor_rest = floor_rest(label, signer_ns - floor_ns)
        {batch_ns, batch_ratio} = batch(signer, pad, batch_size, runs)

        IO.puts(
          "  IdentityHmac.Signer.sign #{:erlang.float_to_binary(signer_ns, decimals: 0)} ns/op (#{round2(ratio)}x), " <>
            "IdentityHmac.sign! #{:erlang.float_to_binary(oneshot_ns, decimals: 0)} ns/op (#{round2(oneshot_ratio)}x), " <>
            "sign_many of #{batch_size} #{:erlang.float_to_binary(batch_ns, decimals: 1)} ns/item " <>
            "(#{round2(batch_ratio)}x the :crypto loop)"
        )

        IO.puts(
          "  floor: #{@floor_call} #{:erlang.float_to_binary(floor_ns, decimals: 0)} ns/op, " <>
            "Signer.sign #{round2(floor_ratio)}x the floor; the rest: #{floor_rest}"
        )

        write_row([
          {"language", "Elixir"},
          {"stdlib_call", @stdlib_call},
          {"identifier", label},
          {"identifier_bytes", byte_size(identifier)},
          {"runs", runs},
          {"stdlib_ns", round1(stdlib_ns)},
          {"signer_ns", round1(signer_ns)},
          {"ratio", round2(ratio)},
          {"oneshot_ns", round1(oneshot_ns)},
          {"oneshot_ratio", round2(oneshot_ratio)},
          {"batch_ns_per_item", round1(batch_ns)},
          {"batch_ratio", round2(batch_ratio)},
          {"batch_size", batch_size},
          {"floor_call", @floor_call},
          {"floor_ns", round1(floor_ns)},
          {"floor_ratio", round2(floor_ratio)},
          {"floor_rest", floor_rest}
        ])
      end
    end
  end

  # Where Signer.sign's time above the floor goes: the HMAC, compared with the
  # core's own sign_hex time for the same identifier from this run's "Rust core" row.
  defp floor_rest(label, above_floor) do
    path = System.get_env("IDENTITY_HMAC_BENCH_JSON", "")

    core =
      if path != "" and File.exists?(path) do
        path
        |> File.stream!()
        |> Enum.find_value(fn line ->
          with true <- line =~ ~r/"language":\s*"Rust core"/,
               true <- String.contains?(line, ~s("#{label}")),
               [_, ns] <- Regex.run(~r/"sign_hex_ns":\s*([0-9.eE+-]+)/, line) do
            elem(Float.parse(ns), 0)
          else
            _ -> nil
          end
        end)
      end

    measured = "the HMAC in the core: sign - floor = #{:erlang.float_to_binary(above_floor / 1, decimals: 0)} ns"

    if core,
      do:
        measured <>
          ", the core's Signer::sign_hex alone #{:erlang.float_to_binary(core, decimals: 0)} ns (this run's Rust core row)",
      else: measured <> " (no Rust core row in this run to compare)"
  end

  # sign_many over `size` identifiers (`pad` + user%07d@example.com) against
  # the :crypto call mapped over the same list: {ns per item, ratio}.
  defp batch(signer, pad, size, runs) do
    identifiers = for i <- 1..size, do: pad <> "user#{String.pad_leading(Integer.to_string(i), 7, "0")}@example.com"
    expected = Enum.map(identifiers, &(:crypto.mac(:hmac, :sha256, @key, &1) |> Base.encode16(case: :lower)))
    if IdentityHmac.Signer.sign_many(signer, identifiers) != expected, do: raise("sign_many differs from :crypto")

    [_warm_up | rounds] =
      for _ <- 0..runs do
        stdlib_ns =
          ns_per_call(size, fn ->
            Enum.map(identifiers, &(:crypto.mac(:hmac, :sha256, @key, &1) |> Base.encode16(case: :lower)))
          end)

        ours_ns = ns_per_call(size, fn -> IdentityHmac.Signer.sign_many(signer, identifiers) end)
        {stdlib_ns, ours_ns}
      end

    {median(Enum.map(rounds, &elem(&1, 1))), median(Enum.map(rounds, fn {s, ours} -> s / ours end))}
  end
end

IdentityHmacBench.run()
