defmodule IdentityHmac.BadInputsTest.Matrix do
  # Which expectation applies to Elixir, and why a case cannot run in it.
  @moduledoc false

  @language "elixir"

  # Input kinds with no Elixir value at all.
  @inexpressible %{
    "undefined" => "Elixir has no undefined, only nil",
    "lone_surrogate" =>
      "Elixir strings are UTF-8 binaries, which cannot hold a lone surrogate " <>
        "(its bytes, as a binary, are invalid UTF-8: identifier-invalid-utf8)"
  }
  @inexpressible_floats %{"NaN" => "the BEAM has no NaN float", "Infinity" => "the BEAM has no infinite float"}

  @expected_skips ~w[identifier-undefined identifier-nan identifier-infinity
                     identifier-lone-surrogate-d800 identifier-lone-surrogate-dc80]

  def expectation(%{"expect" => %{"by_language" => by_language}}),
    do: by_language[@language] || by_language["default"]

  def expectation(%{"expect" => expect}), do: expect

  def skip_reason(%{"input" => input} = test_case) do
    cond do
      kind = Enum.find(Map.keys(@inexpressible), &Map.has_key?(input, &1)) -> @inexpressible[kind]
      is_binary(input["float"]) -> @inexpressible_floats[input["float"]]
      expectation(test_case) == nil -> "no expectation for #{@language}"
      true -> nil
    end
  end

  def expected_skips, do: @expected_skips
end

defmodule IdentityHmac.BadInputsTest do
  # Every case of the shared bad-input matrix (conformance/bad_inputs.json,
  # read in place), one test per case, through every public entry point that
  # takes the value. The matrix's "type_error" is Elixir's ArgumentError. A
  # case Elixir cannot express is skipped with its reason, and the skipped
  # set is pinned, so a new case never goes unrun silently.
  use ExUnit.Case, async: true

  alias IdentityHmac.{Error, Signer, TestSupport, Verifier}
  import TestSupport, only: [bytes: 1]

  @matrix TestSupport.bad_inputs()
  @some_hash String.duplicate("0", 64)
  import IdentityHmac.BadInputsTest.Matrix

  test "the matrix's shape, and exactly the expected skips" do
    assert @matrix["format"] == 1
    ids = Enum.map(@matrix["cases"], & &1["id"])
    assert ids == Enum.uniq(ids)
    skipped = for test_case <- @matrix["cases"], skip_reason(test_case), do: test_case["id"]
    assert Enum.sort(skipped) == Enum.sort(expected_skips())
  end

  for test_case <- @matrix["cases"] do
    @test_case test_case
    if reason = skip_reason(test_case) do
      @tag skip: reason
    end

    test "bad input #{test_case["id"]}" do
      run_case(@test_case, expectation(@test_case))
    end
  end

  defp run_case(%{"about" => "secret"} = test_case, expect), do: secret_case(test_case, expect)
  defp run_case(%{"about" => "identifier"} = test_case, expect), do: identifier_case(test_case, expect)
  defp run_case(%{"about" => "presented_hash"} = test_case, expect), do: hash_case(test_case, expect)
  defp run_case(%{"about" => "verifier"} = test_case, expect), do: verifier_case(test_case, expect)

  # The Elixir value an input describes.
  defp value(%{"bytes" => value}), do: bytes(value)

  defp value(%{"repeat" => %{"pattern_hex" => hex, "count" => count}}),
    do: :binary.copy(Base.decode16!(hex, case: :mixed), count)

  defp value(%{"null" => true}), do: nil
  defp value(%{"bool" => value}), do: value
  defp value(%{"json" => value}), do: value
  defp value(%{"integer" => value}) when is_binary(value), do: String.to_integer(value)
  defp value(%{"integer" => value}), do: value
  defp value(%{"float" => value}), do: value / 1

  defp assert_argument_error(secrets, label, call) do
    error =
      try do
        call.()
        flunk("#{label}: no ArgumentError")
      rescue
        error in ArgumentError -> error
      end

    for secret <- secrets, do: TestSupport.refute_shows_secret(Exception.message(error), secret, label)
  end

  defp assert_code(code_string, secrets, label, result) do
    assert {:error, %Error{code_string: ^code_string} = error} = result, label
    assert error.code == code_string |> String.downcase() |> String.to_existing_atom(), label
    for secret <- secrets, do: TestSupport.refute_shows_secret(Exception.message(error), secret, label)
  end

  defp secret_case(%{"input" => %{"corpus_group" => group}} = test_case, _expect) do
    vectors = TestSupport.corpus()[group]
    assert vectors != []

    for vector <- vectors do
      expect_secret(
        bytes(vector["secret"]),
        vector["secret_encoding"],
        bytes(test_case["identifier"]),
        %{"error" => vector["expected_code"]},
        "#{test_case["id"]}/#{vector["id"]}"
      )
    end
  end

  defp secret_case(test_case, expect) do
    expect_secret(
      value(test_case["input"]),
      test_case["secret_encoding"],
      bytes(test_case["identifier"]),
      expect,
      test_case["id"]
    )
  end

  defp expect_secret(secret, encoding, identifier, expect, id) do
    # Users write secret_encoding: :hex or "hex"; both forms must agree.
    for form <- [encoding, String.to_atom(encoding)] do
      label = "#{id} (secret_encoding: #{inspect(form)})"
      options = [secret_encoding: form]

      case expect do
        %{"error" => code} ->
          assert_code(code, [secret], label <> " Signer.new", Signer.new(secret, options))
          assert_code(code, [secret], label <> " IdentityHmac.sign", IdentityHmac.sign(secret, identifier, options))

          assert_code(
            code,
            [secret],
            label <> " IdentityHmac.verify",
            IdentityHmac.verify(secret, identifier, @some_hash, options)
          )

          assert_code(code, [secret], label <> " Verifier.new", Verifier.new([secret], options))
          assert_raise Error, fn -> Signer.new!(secret, options) end
          assert_raise Error, fn -> IdentityHmac.sign!(secret, identifier, options) end

        %{"type_error" => true} ->
          assert_argument_error([secret], label <> " Signer.new", fn -> Signer.new(secret, options) end)

          assert_argument_error([secret], label <> " IdentityHmac.sign", fn ->
            IdentityHmac.sign(secret, identifier, options)
          end)

          assert_argument_error([secret], label <> " IdentityHmac.verify", fn ->
            IdentityHmac.verify(secret, identifier, @some_hash, options)
          end)

          assert_argument_error([secret], label <> " Verifier.new", fn -> Verifier.new([secret], options) end)

        %{"hash" => hash} ->
          assert Signer.sign(Signer.new!(secret, options), identifier) == hash, label
          assert IdentityHmac.sign(secret, identifier, options) == {:ok, hash}, label
          assert IdentityHmac.verify(secret, identifier, hash, options) == {:ok, true}, label
          assert Verifier.matching_key(Verifier.new!([secret], options), identifier, hash) == 0, label
      end
    end
  end

  defp identifier_case(test_case, expect) do
    id = test_case["id"]
    secret = bytes(test_case["secret"])
    options = [secret_encoding: String.to_atom(test_case["secret_encoding"])]
    identifier = value(test_case["input"])
    signer = Signer.new!(secret, options)
    verifier = Verifier.new!([secret], options)

    case expect do
      %{"hash" => hash} ->
        assert Signer.sign(signer, identifier) == hash, id
        assert Signer.digest(signer, identifier) == Base.decode16!(hash, case: :lower), id
        assert Signer.sign_many(signer, [identifier]) == [hash], id
        assert Signer.sign_many(signer, List.duplicate(identifier, 3)) == List.duplicate(hash, 3), id
        assert IdentityHmac.sign(secret, identifier, options) == {:ok, hash}, id
        assert Signer.verify(signer, identifier, hash), id
        assert Verifier.verify(verifier, identifier, hash), id
        assert Verifier.matching_key(verifier, identifier, hash) == 0, id

      %{"type_error" => true} ->
        calls = %{
          "Signer.sign" => fn -> Signer.sign(signer, identifier) end,
          "Signer.digest" => fn -> Signer.digest(signer, identifier) end,
          "Signer.sign_many" => fn -> Signer.sign_many(signer, ["fine", identifier]) end,
          "Signer.verify" => fn -> Signer.verify(signer, identifier, @some_hash) end,
          "IdentityHmac.sign" => fn -> IdentityHmac.sign(secret, identifier, options) end,
          "IdentityHmac.verify" => fn -> IdentityHmac.verify(secret, identifier, @some_hash, options) end,
          "Verifier.verify" => fn -> Verifier.verify(verifier, identifier, @some_hash) end,
          "Verifier.matching_key" => fn -> Verifier.matching_key(verifier, identifier, @some_hash) end
        }

        for {name, call} <- calls, do: assert_argument_error([secret], "#{id} #{name}", call)
    end
  end

  defp hash_case(test_case, expect) do
    id = test_case["id"]
    secret = bytes(test_case["secret"])
    options = [secret_encoding: String.to_atom(test_case["secret_encoding"])]
    identifier = bytes(test_case["identifier"])
    presented = value(test_case["input"])
    signer = Signer.new!(secret, options)
    verifier = Verifier.new!([secret], options)

    case expect do
      %{"verify" => expected} ->
        assert Signer.verify(signer, identifier, presented) == expected, id
        assert Verifier.verify(verifier, identifier, presented) == expected, id
        assert Verifier.matching_key(verifier, identifier, presented) == if(expected, do: 0), id
        assert IdentityHmac.verify(secret, identifier, presented, options) == {:ok, expected}, id

      %{"type_error" => true} ->
        assert_argument_error([secret], id, fn -> Signer.verify(signer, identifier, presented) end)
        assert_argument_error([secret], id, fn -> Verifier.verify(verifier, identifier, presented) end)
        assert_argument_error([secret], id, fn -> Verifier.matching_key(verifier, identifier, presented) end)
        assert_argument_error([secret], id, fn -> IdentityHmac.verify(secret, identifier, presented, options) end)
    end
  end

  defp verifier_case(test_case, expect) do
    id = test_case["id"]
    secrets = Enum.map(test_case["input"]["secrets"], &bytes/1)
    options = [secret_encoding: String.to_atom(test_case["secret_encoding"])]
    identifier = bytes(test_case["identifier"] || %{"utf8" => "user@example.com"})
    presented = if p = test_case["input"]["presented"], do: bytes(p)

    case expect do
      %{"error" => code} ->
        assert_code(code, secrets, id, Verifier.new(secrets, options))
        assert_raise Error, fn -> Verifier.new!(secrets, options) end

      %{"matching_key" => index} ->
        verifier = Verifier.new!(secrets, options)
        assert Verifier.size(verifier) == length(secrets), id
        assert Verifier.matching_key(verifier, identifier, presented) == index, id
        assert Verifier.verify(verifier, identifier, presented), id

      %{"verify" => expected} ->
        verifier = Verifier.new!(secrets, options)
        assert Verifier.verify(verifier, identifier, presented) == expected, id
        assert Verifier.matching_key(verifier, identifier, presented) == nil, id
    end
  end
end
