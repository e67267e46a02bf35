defmodule IdentityHmac.ApiTest do
  # The Elixir-specific rules: argument types, options, error structs,
  # redaction, the dirty-scheduler routing, and drift checks against the core.
  use ExUnit.Case, async: true
  import ExUnit.CaptureLog

  alias IdentityHmac.{Error, Native, Signer, TestSupport, Verifier}

  doctest IdentityHmac
  doctest IdentityHmac.Signer

  @secret "api-test-secret-hX7ad8pQy2LsWm4n"
  @hash :crypto.mac(:hmac, :sha256, "api-test-secret-hX7ad8pQy2LsWm4n", "user@example.com")
        |> Base.encode16(case: :lower)

  describe "identifiers" do
    test "binaries are hashed byte for byte, integers as their decimal form (big ones too)" do
      signer = Signer.new!(@secret)
      assert Signer.sign(signer, "user@example.com") == @hash
      assert Signer.sign(signer, 42) == Signer.sign(signer, "42")
      assert Signer.sign(signer, -7) == Signer.sign(signer, "-7")
      big = 2 ** 64 + 1
      assert Signer.sign(signer, big) == Signer.sign(signer, Integer.to_string(big))

      assert Signer.sign_many(signer, [42, big, "x"]) ==
               Enum.map(["42", Integer.to_string(big), "x"], &Signer.sign(signer, &1))

      assert IdentityHmac.sign!(@secret, 42) == Signer.sign(signer, "42")
    end

    test "a charlist is an ArgumentError that says to pass a binary, and why" do
      signer = Signer.new!(@secret)

      for call <- [
            fn -> Signer.sign(signer, ~c"user@example.com") end,
            fn -> Signer.digest(signer, ~c"é") end,
            fn -> Signer.verify(signer, ~c"user@example.com", @hash) end,
            fn -> IdentityHmac.sign(@secret, ~c"") end,
            fn -> Verifier.matching_key(Verifier.new!([@secret]), ~c"x", @hash) end
          ] do
        error = assert_raise ArgumentError, call
        assert error.message =~ ~S|not a charlist: pass a binary ("...", not '...')|
        assert error.message =~ "takes each code point as one byte"
      end

      error = assert_raise ArgumentError, fn -> Signer.sign_many(signer, ["fine", ~c"user"]) end
      assert error.message =~ "identifiers[1]: identifier must be a binary or an integer, not a charlist"

      assert_raise ArgumentError, ~r/secret must be a binary, not a charlist/, fn ->
        Signer.new(String.to_charlist(@secret))
      end

      assert_raise ArgumentError, ~r/secrets\[0\] must be a binary, not a charlist/, fn -> Verifier.new([~c"abc"]) end
    end

    test "other types are ArgumentErrors naming the type, never the value" do
      signer = Signer.new!(@secret)

      for {value, type} <- [
            {nil, "nil"},
            {1.5, "a float"},
            {true, "a boolean"},
            {:user, "an atom"},
            {%{}, "a map"},
            {{"a"}, "a tuple"},
            {["a"], "a list"},
            {self(), "a pid"}
          ] do
        assert_raise ArgumentError, "identifier must be a binary or an integer, not #{type}", fn ->
          Signer.sign(signer, value)
        end
      end

      assert_raise ArgumentError, ~r/identity_hash must be a binary, not nil/, fn -> Signer.verify(signer, "x", nil) end
      assert_raise ArgumentError, ~r/identifiers must be a list, not a binary/, fn -> Signer.sign_many(signer, "x") end

      assert_raise ArgumentError, ~r/signer must be an IdentityHmac.Signer, not a binary/, fn ->
        Signer.sign(@secret, "x")
      end

      assert_raise ArgumentError, ~r/secrets must be a list of binaries, not a binary/, fn -> Verifier.new(@secret) end
      assert Signer.sign_many(signer, []) == []
    end
  end

  describe "benchmark floor" do
    test "bench_floor answers a 64-character binary from both schedulers, with sign's argument checks" do
      signer = Signer.new!(@secret)

      # 64 KiB and up goes to the dirty NIF, as sign/2 does.
      for identifier <- [
            "",
            "user0000001@example.com",
            String.duplicate("x", 1024),
            String.duplicate("y", 64 * 1024),
            42
          ] do
        floor = Signer.bench_floor(signer, identifier)
        assert byte_size(floor) == 64
        assert floor == String.duplicate("0", 64)
      end

      assert_raise ArgumentError, fn -> Signer.bench_floor(signer, ~c"user@example.com") end
      assert_raise ArgumentError, fn -> Signer.bench_floor(:not_a_signer, "id") end
    end
  end

  describe "options" do
    test "secret_encoding: atoms or strings; nil is :text; the core refuses other names" do
      assert IdentityHmac.sign(@secret, "user@example.com", secret_encoding: nil) == {:ok, @hash}
      assert IdentityHmac.sign(@secret, "user@example.com", secret_encoding: "text") == {:ok, @hash}

      assert {:error, %Error{code: :unknown_secret_encoding}} =
               IdentityHmac.sign(@secret, "x", secret_encoding: :base64)

      assert {:error, %Error{code: :unknown_secret_encoding}} = Signer.new(@secret, secret_encoding: "TEXT")

      assert_raise ArgumentError, ~r/secret_encoding must be an atom or a binary/, fn ->
        Signer.new(@secret, secret_encoding: 1)
      end
    end

    test "an unknown option names its key, never its value" do
      error = assert_raise ArgumentError, fn -> IdentityHmac.sign("x", "y", secret: @secret) end
      assert error.message =~ "unknown option :secret"
      TestSupport.refute_shows_secret(error.message, @secret, "unknown option")
      error = assert_raise ArgumentError, fn -> Signer.new("x", [{"secret", @secret}]) end
      TestSupport.refute_shows_secret(error.message, @secret, "not a keyword list")
      assert_raise ArgumentError, ~r/options must be a keyword list/, fn -> Signer.new("x", @secret) end
    end
  end

  describe "errors" do
    test "every code of the core is an atom of IdentityHmac.Error's type, in the core's order" do
      assert Error.codes() == Native.error_codes()
      {:ok, types} = Code.Typespec.fetch_types(Error)
      {:type, {:code, {:type, _, :union, atoms}, []}} = Enum.find(types, &match?({:type, {:code, _, _}}, &1))
      assert Enum.map(atoms, fn {:atom, _, atom} -> atom end) == Error.codes()
    end

    test "an error carries the code, its string, the core's message and details" do
      assert {:error, error} = Signer.new("abc", secret_encoding: :hex)

      assert %Error{code: :invalid_hex_secret, code_string: "INVALID_HEX_SECRET", reason: "odd length", position: 3} =
               error

      assert Exception.message(error) =~ "odd length"
      assert {:error, %Error{code: :no_secrets}} = Verifier.new([])
      error = assert_raise Error, fn -> Signer.new!("", []) end
      assert error.code == :empty_secret
      assert Error.invalid_secret?(error)
    end

    test "no secret in inspect, messages or crash reports" do
      signer = Signer.new!(@secret)
      verifier = Verifier.new!([@secret, "older-secret-Wm4nRt9vZc3k"])
      assert inspect(signer) == "#IdentityHmac.Signer<secret: <redacted>>"
      assert inspect(verifier) == "#IdentityHmac.Verifier<secrets: 2, <redacted>>"
      TestSupport.refute_shows_secret(inspect(signer, structs: false), @secret, "raw inspect")

      hex_secret = "3f8a1c5e9b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1fXY"

      crashes = [
        fn -> IdentityHmac.sign!(hex_secret, "x", secret_encoding: :hex) end,
        fn -> IdentityHmac.sign(@secret, 1.5) end,
        fn -> IdentityHmac.sign(String.to_charlist(@secret), "x") end,
        fn -> Signer.new!(@secret <> <<0>>, secret_encoding: :hex) end,
        fn -> Verifier.new!(["ok-secret", @secret], secret_encoding: :hex) end,
        fn -> IdentityHmac.verify(@secret, "x", nil) end
      ]

      for crash <- crashes do
        log =
          capture_log(fn ->
            # A Task logs its crash report itself, before it exits.
            {:ok, pid} = Task.start(crash)
            ref = Process.monitor(pid)
            assert_receive {:DOWN, ^ref, :process, ^pid, reason}, 10_000
            # The exit reason (what a supervisor logs) must not show it either.
            TestSupport.refute_shows_secret(inspect(reason, limit: :infinity), @secret, "exit reason")
            TestSupport.refute_shows_secret(inspect(reason, limit: :infinity), hex_secret, "exit reason")
            Logger.flush()
          end)

        assert log =~ "terminating"
        TestSupport.refute_shows_secret(log, @secret, "crash report")
        TestSupport.refute_shows_secret(log, hex_secret, "crash report")
      end
    end
  end

  describe "batches" do
    test "above the threshold the NIF hands the batch to the dirty scheduler" do
      signer = Signer.new!(@secret)
      {items, bytes} = Native.dirty_threshold()
      small = List.duplicate("user@example.com", items)
      assert {:ok, hashes} = Native.signer_sign_many(signer_ref(signer), small)
      assert hashes == List.duplicate(@hash, items)
      assert Native.signer_sign_many(signer_ref(signer), ["x" | small]) == :dirty
      assert Native.signer_sign_many(signer_ref(signer), [:binary.copy("a", bytes + 1)]) == :dirty
      assert Native.signer_sign_many(signer_ref(signer), [2 ** 70]) == :slow_path
      assert Signer.sign_many(signer, ["user@example.com" | small]) == List.duplicate(@hash, items + 1)
    end

    test "items of 64 KiB or more are signed in place, in order" do
      signer = Signer.new!(@secret)
      big = :binary.copy("a", 70_000)
      hashes = Signer.sign_many(signer, ["user@example.com", big, "user@example.com"])
      assert hashes == [@hash, Signer.sign(signer, big), @hash]
      assert Signer.sign(signer, big) == :crypto.mac(:hmac, :sha256, @secret, big) |> Base.encode16(case: :lower)
    end
  end

  test "generate_secret: 64 lowercase hex characters from the OS, usable as a :hex secret" do
    secret = IdentityHmac.generate_secret()
    assert secret =~ ~r/\A[0-9a-f]{64}\z/
    refute secret == IdentityHmac.generate_secret()
    assert {:ok, _} = Signer.new(secret, secret_encoding: :hex)
  end

  test "the version is the workspace's, the Mix project's and the core's" do
    assert IdentityHmac.version() == Mix.Project.config()[:version]
    assert IdentityHmac.version() =~ ~r/\A\d+\.\d+\.\d+/
  end

  defp signer_ref(%Signer{ref: ref}), do: ref
end
