defmodule IdentityHmac.CorpusTest do
  # Every vector of conformance/corpus.json (read in place), through every
  # public entry point that takes it.
  use ExUnit.Case, async: true

  alias IdentityHmac.{Signer, TestSupport, Verifier}
  import TestSupport, only: [bytes: 1, encoding: 1]

  @corpus TestSupport.corpus()

  test "the corpus has its three groups" do
    assert @corpus["format"] == 1
    assert length(@corpus["sign"]) == 140
    assert length(@corpus["verify"]) == 224
    assert length(@corpus["invalid_secrets"]) == 29
  end

  test "every sign vector: IdentityHmac.sign/sign!, Signer.sign/digest/verify, Verifier, one-shot verify" do
    for vector <- @corpus["sign"] do
      secret = bytes(vector["secret"])
      identifier = bytes(vector["identifier"])
      expected = vector["expected"]

      for form <- [encoding(vector["secret_encoding"]), vector["secret_encoding"]] do
        label = "#{vector["id"]} (secret_encoding: #{inspect(form)})"
        options = [secret_encoding: form]
        assert IdentityHmac.sign(secret, identifier, options) == {:ok, expected}, label
        assert IdentityHmac.sign!(secret, identifier, options) == expected, label
        signer = Signer.new!(secret, options)
        assert Signer.sign(signer, identifier) == expected, label
        assert Signer.digest(signer, identifier) == Base.decode16!(expected, case: :lower), label
        assert Signer.verify(signer, identifier, expected), label
        assert Signer.verify(signer, identifier, String.upcase(expected)), label
        assert IdentityHmac.verify(secret, identifier, expected, options) == {:ok, true}, label
        assert Verifier.matching_key(Verifier.new!([secret], options), identifier, expected) == 0, label
      end
    end
  end

  test "sign_many over every sign vector of one secret equals the vectors, in order" do
    @corpus["sign"]
    |> Enum.group_by(&{&1["secret"], &1["secret_encoding"]})
    |> Enum.each(fn {{secret, encoding}, vectors} ->
      signer = Signer.new!(bytes(secret), secret_encoding: encoding(encoding))
      identifiers = Enum.map(vectors, &bytes(&1["identifier"]))
      expected = Enum.map(vectors, & &1["expected"])
      assert Signer.sign_many(signer, identifiers) == expected
      # Repeated past the dirty-scheduler threshold: the same hashes.
      times = div(5000, length(identifiers)) + 1

      assert Signer.sign_many(signer, List.flatten(List.duplicate(identifiers, times))) ==
               List.flatten(List.duplicate(expected, times))
    end)
  end

  test "every verify vector: Signer.verify, Verifier.verify/matching_key, IdentityHmac.verify" do
    for vector <- @corpus["verify"] do
      secret = bytes(vector["secret"])
      identifier = bytes(vector["identifier"])
      presented = bytes(vector["presented"])
      expected = vector["expected"]
      options = [secret_encoding: encoding(vector["secret_encoding"])]
      label = vector["id"]
      assert Signer.verify(Signer.new!(secret, options), identifier, presented) == expected, label
      verifier = Verifier.new!([secret], options)
      assert Verifier.verify(verifier, identifier, presented) == expected, label
      assert Verifier.matching_key(verifier, identifier, presented) == if(expected, do: 0, else: nil), label
      assert IdentityHmac.verify(secret, identifier, presented, options) == {:ok, expected}, label
      assert IdentityHmac.verify!(secret, identifier, presented, options) == expected, label
    end
  end

  test "every invalid secret: the code as an atom and a string, the position, no secret in the message" do
    for vector <- @corpus["invalid_secrets"] do
      secret = bytes(vector["secret"])
      options = [secret_encoding: encoding(vector["secret_encoding"])]
      code_string = vector["expected_code"]
      code = code_string |> String.downcase() |> String.to_existing_atom()
      label = vector["id"]

      errors = [
        Signer.new(secret, options),
        IdentityHmac.sign(secret, "user@example.com", options),
        IdentityHmac.verify(secret, "user@example.com", String.duplicate("0", 64), options)
      ]

      for {:error, error} <- errors do
        assert %IdentityHmac.Error{code: ^code, code_string: ^code_string} = error, label
        assert error.position == vector["position"], label
        assert IdentityHmac.Error.invalid_secret?(error), label
        TestSupport.refute_shows_secret(Exception.message(error), secret, label)
        TestSupport.refute_shows_secret(inspect(error), secret, label)
      end

      assert length(for({:error, _} <- errors, do: :error)) == 3, label

      # In a Verifier's list it carries its index.
      assert {:error, error} = Verifier.new(["a1b2c3d4", secret], options), label
      assert error.code == code and error.secret_index == 1, label
      assert_raise IdentityHmac.Error, fn -> Signer.new!(secret, options) end
      assert_raise IdentityHmac.Error, fn -> IdentityHmac.sign!(secret, "user@example.com", options) end
    end
  end
end
