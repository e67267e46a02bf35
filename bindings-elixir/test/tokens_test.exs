defmodule IdentityHmac.TokensTest do
  # Every row of conformance/tokens.json (PyJWT's tokens and outcomes, read
  # in place) through sign_token/3 and TokenVerifier; every signed token is
  # checked with :crypto and Python's JSON reading, not with the binding.
  use ExUnit.Case, async: true

  alias IdentityHmac.{Error, TestSupport, TokenVerifier}
  import TestSupport, only: [bytes: 1]

  @tokens TestSupport.tokens()

  defp code_atom(code_string), do: code_string |> String.downcase() |> String.to_existing_atom()

  defp keys(row) do
    Enum.map(row["keys"], fn
      %{"kid" => nil, "secret" => secret} -> bytes(secret)
      %{"kid" => kid, "secret" => secret} -> {kid, bytes(secret)}
    end)
  end

  test "every token_verify row: the claims, or the error code as an atom and a string" do
    assert length(@tokens["verify"]) == 49

    for row <- @tokens["verify"] do
      options = [
        secret_encoding: String.to_atom(row["secret_encoding"]),
        leeway: row["leeway"],
        max_lifetime: row["max_lifetime"],
        required_claims: row["required_claims"]
      ]

      label = row["id"]

      result =
        case TokenVerifier.new(keys(row), options) do
          {:ok, verifier} -> TokenVerifier.verify(verifier, row["token"], now: row["now"])
          error -> error
        end

      case row["expected"] do
        %{"claims" => claims} ->
          assert result == {:ok, claims}, label

        %{"error" => code_string} ->
          assert {:error, %Error{code: code, code_string: ^code_string} = error} = result, label
          assert code == code_atom(code_string), label

          for key <- keys(row),
              secret = (is_tuple(key) && elem(key, 1)) || key,
              do: TestSupport.refute_shows_secret(Exception.message(error), secret, label)
      end
    end
  end

  defp claims_of(%{"json" => claims}), do: claims
  defp claims_of(%{"text" => text}), do: text
  defp claims_of(%{"huge_string" => %{"claim" => name, "bytes" => size}}), do: %{name => :binary.copy("a", size)}

  defp claims_of(%{"nested_arrays" => %{"claim" => name, "depth" => depth}}),
    do: %{name => Enum.reduce(1..depth, [], fn _, inner -> [inner] end)}

  test "every token_sign row: a token the runner's checks accept, or the error" do
    assert length(@tokens["sign"]) == 22

    for row <- @tokens["sign"] do
      secret = bytes(row["secret"])
      label = row["id"]

      result =
        IdentityHmac.sign_token(secret, claims_of(row["claims"]),
          secret_encoding: String.to_atom(row["secret_encoding"]),
          now: row["now"],
          expires_in: row["expires_in"],
          key_id: row["kid"]
        )

      expected = row["expected"]
      options = Map.get(expected, "one_of", [expected])
      assert Enum.any?(options, &matches?(result, &1, secret, row["secret_encoding"])), "#{label}: #{inspect(result)}"
    end
  end

  defp matches?({:ok, token}, %{"header" => header, "claims" => claims}, secret, encoding) do
    [header_b64, claims_b64, signature] = String.split(token, ".")
    key = if encoding == "hex", do: Base.decode16!(secret, case: :mixed), else: secret
    mac = :crypto.mac(:hmac, :sha256, key, header_b64 <> "." <> claims_b64)

    checks = {
      Base.url_encode64(mac, padding: false) == signature,
      TestSupport.json_text!(Base.url_decode64!(header_b64, padding: false)),
      TestSupport.json_text!(Base.url_decode64!(claims_b64, padding: false))
    }

    checks == {true, header, claims} or (IO.inspect({checks, header, claims}, label: "token check") && false)
  end

  defp matches?({:error, %Error{code_string: code}}, %{"error" => code}, _secret, _encoding), do: true
  defp matches?(_result, _expected, _secret, _encoding), do: false

  test "claims maps: atom and binary keys, every JSON type; what JSON cannot hold is :invalid_claims" do
    secret = "tokens-test-secret-0123456789"
    verifier = TokenVerifier.new!([secret])

    claims = %{
      :user_id => "42",
      "n" => nil,
      :flag => true,
      :no => false,
      :f => 1.5,
      :big => 2 ** 63,
      :list => [1, "a", %{}]
    }

    {:ok, token} = IdentityHmac.sign_token(secret, claims, now: 1_700_000_000)

    assert TokenVerifier.verify(verifier, token, now: 1_700_000_000) ==
             {:ok,
              %{
                "user_id" => "42",
                "n" => nil,
                "flag" => true,
                "no" => false,
                "f" => 1.5,
                "big" => 2 ** 63,
                "list" => [1, "a", %{}],
                "iat" => 1_700_000_000
              }}

    for bad <- [%{a: {1, 2}}, %{a: self()}, %{a: <<0xFF>>}, %{{:k} => 1}, %{a: 2 ** 64}] do
      assert {:error, %Error{code: :invalid_claims, reason: "not encodable as JSON by the host"}} =
               IdentityHmac.sign_token(secret, bad)
    end

    # The same claim under an atom and a binary key reaches the core twice.
    assert {:error, %Error{code: :invalid_claims, reason: "duplicate claim"}} =
             IdentityHmac.sign_token(secret, %{:email => "a", "email" => "b"})

    assert {:error, %Error{code: :invalid_claims, claim: "exp"}} = IdentityHmac.sign_token(secret, %{exp: "soon"})
    assert {:error, %Error{code: :invalid_claims}} = IdentityHmac.sign_token(secret, "[1, 2]")
    assert {:error, %Error{code: :empty_secret}} = IdentityHmac.sign_token("", %{})

    assert_raise ArgumentError, ~r/claims must be a map or a binary of JSON/, fn ->
      IdentityHmac.sign_token(secret, a: 1)
    end

    assert_raise ArgumentError, ~r/expires_in must be a non-negative integer/, fn ->
      IdentityHmac.sign_token(secret, %{}, expires_in: -1)
    end

    assert_raise IdentityHmac.Error, fn -> IdentityHmac.sign_token!(secret, %{iat: 1.5}) end
  end

  test "every token error code is reachable and an atom of the error type" do
    secret = "tokens-test-secret-0123456789"
    {:ok, token} = IdentityHmac.sign_token(secret, %{user_id: "42"}, expires_in: 600, now: 1_700_000_000, key_id: "k1")
    verifier = TokenVerifier.new!([{"k1", secret}], max_lifetime: 300, required_claims: [:email])
    [header, claims, signature] = String.split(token, ".")
    tampered = if String.starts_with?(signature, "A"), do: "B", else: "A"
    none = Base.url_encode64(~s({"alg":"none","typ":"JWT"}), padding: false)

    outcomes = %{
      malformed_token: TokenVerifier.verify(verifier, "not.a-token", now: 1_700_000_000),
      unsupported_algorithm: TokenVerifier.verify(verifier, "#{none}.#{claims}.", now: 1_700_000_000),
      unknown_key_id: TokenVerifier.verify(TokenVerifier.new!([{"k2", secret}]), token, now: 1_700_000_000),
      bad_signature: TokenVerifier.verify(TokenVerifier.new!([{"k1", "another-secret"}]), token, now: 1_700_000_000),
      token_expired: TokenVerifier.verify(TokenVerifier.new!([{"k1", secret}]), token, now: 1_800_000_000),
      token_not_yet_valid: TokenVerifier.verify(TokenVerifier.new!([{"k1", secret}]), token, now: 1_600_000_000),
      lifetime_too_long:
        TokenVerifier.verify(TokenVerifier.new!([{"k1", secret}], max_lifetime: 300), token, now: 1_700_000_000),
      missing_claim:
        TokenVerifier.verify(TokenVerifier.new!([{"k1", secret}], required_claims: ["email"]), token, now: 1_700_000_000),
      invalid_claims: IdentityHmac.sign_token(secret, %{nbf: "x"})
    }

    for {code, outcome} <- outcomes do
      assert {:error, %Error{code: ^code}} = outcome
      assert code in Error.codes()
    end

    assert {:error, %Error{claim: "email"}} = outcomes.missing_claim

    assert {:error, %Error{code: :bad_signature}} =
             TokenVerifier.verify(
               TokenVerifier.new!([{"k1", secret}]),
               "#{header}.#{claims}.#{tampered}#{String.slice(signature, 1..-1//1)}"
             )

    # Required claims are checked before the lifetime.
    assert {:error, %Error{code: :missing_claim}} = TokenVerifier.verify(verifier, token, now: 1_700_000_000)
    assert {:error, %Error{code: :no_secrets}} = TokenVerifier.new([])
    assert {:error, %Error{code: :too_many_secrets}} = TokenVerifier.new(List.duplicate(secret, 17))
    assert {:error, %Error{code: :empty_secret, secret_index: 1}} = TokenVerifier.new([secret, {"k", ""}])
    assert inspect(verifier) == "#IdentityHmac.TokenVerifier<keys: 1, leeway: 60, <redacted>>"
    assert_raise ArgumentError, ~r/token must be a binary/, fn -> TokenVerifier.verify(verifier, nil) end
    assert_raise IdentityHmac.Error, fn -> TokenVerifier.verify!(verifier, "x") end
  end
end
