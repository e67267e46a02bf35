defmodule IdentityHmac.SnippetsTest do
  # Chatwoot's three published Elixir snippets (conformance/snippets/, read
  # in place, run as published with only their two example literals replaced,
  # as the conformance harness does), side by side with the binding, for the
  # corpus's Latin-1-range and CJK identifiers.
  use ExUnit.Case, async: true

  alias IdentityHmac.{Signer, TestSupport}

  @pages [
    {"chatwoot-v1-older", "<webwidget-hmac-token>", "<identifier>"},
    {"chatwoot-v2", "your_web_widget_hmac_token", "some_identifier"},
    {"chatwoot-v3-newer", "your-secret-token-for-hmac", "unique-identifier-of-the-user"}
  ]

  @vectors TestSupport.corpus()["sign"]
           |> Enum.filter(
             &(&1["secret_encoding"] == "text" and Enum.any?(&1["tags"], fn tag -> tag in ["latin1-range", "cjk"] end))
           )

  # The snippet's source with its charlist literals '...' replaced by
  # variables bound to the charlists of the vector's values: what the
  # literals would be had the user typed those values.
  defp run_snippet(file, key_literal, message_literal, key, message) do
    source =
      File.read!(Path.join([TestSupport.repo_root(), "conformance", "snippets", file]))
      |> replace_once("'#{key_literal}'", "harness_key")
      |> replace_once("'#{message_literal}'", "harness_message")

    {hash, _} =
      Code.eval_string(source, harness_key: String.to_charlist(key), harness_message: String.to_charlist(message))

    {:ok, hash}
  rescue
    error -> {:error, error}
  end

  defp replace_once(source, literal, variable) do
    assert [_, _] = String.split(source, literal), "#{literal} must occur once"
    String.replace(source, literal, variable)
  end

  test "the corpus has Latin-1-range and CJK identifiers" do
    ids = Enum.map(@vectors, & &1["id"])
    assert "text-latin1-e-acute" in ids and "text-cjk" in ids and length(ids) >= 6
  end

  for {page, key_literal, message_literal} <- @pages do
    @page page
    @key_literal key_literal
    @message_literal message_literal

    test "#{page}: the published snippet fails on OTP 25, the smallest fix hashes the wrong bytes, the binding the right ones" do
      for vector <- @vectors do
        key = TestSupport.bytes(vector["secret"])
        identifier = TestSupport.bytes(vector["identifier"])
        expected = vector["expected"]
        label = "#{@page} #{vector["id"]}"

        # As published: :crypto.hmac/3 was removed in OTP 24.
        assert {:error, %UndefinedFunctionError{function: :hmac, arity: 3}} =
                 run_snippet("#{@page}/identity.exs", @key_literal, @message_literal, key, identifier),
               label

        # The smallest fix (:crypto.mac/4, charlists kept): each code point
        # is taken as one byte, so Latin-1-range text hashes its Latin-1
        # bytes and anything above U+00FF is refused.
        fixed = run_snippet("#{@page}/identity.fixed.exs", @key_literal, @message_literal, key, identifier)

        if Enum.all?(String.to_charlist(key <> identifier), &(&1 <= 0xFF)) do
          latin1 = fn text -> :unicode.characters_to_binary(text, :unicode, :latin1) end
          wrong = :crypto.mac(:hmac, :sha256, latin1.(key), latin1.(identifier)) |> Base.encode16(case: :lower)
          assert fixed == {:ok, wrong}, label
          refute wrong == expected, label
        else
          # :crypto raises {:badarg, {'mac.c', _}, 'Bad text'}.
          assert {:error, %ErlangError{original: {:badarg, _, 'Bad text'}}} = fixed, label
        end

        # The binding: the corpus hash, and the snippet's charlist refused.
        assert IdentityHmac.sign(key, identifier) == {:ok, expected}, label
        assert Signer.sign(Signer.new!(key), identifier) == expected, label
        error = assert_raise ArgumentError, fn -> IdentityHmac.sign(key, String.to_charlist(identifier)) end
        assert error.message =~ "not a charlist: pass a binary", label
      end
    end
  end
end
