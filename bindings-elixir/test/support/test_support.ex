defmodule IdentityHmac.TestSupport do
  @moduledoc false

  @repo_root Path.expand("../../..", __DIR__)

  def repo_root, do: @repo_root

  @doc "A JSON file of the repository (read in place) as Elixir terms."
  def json!(relative_or_absolute) do
    path = Path.expand(relative_or_absolute, @repo_root)
    {text, 0} = System.cmd("python3", [Path.join(__DIR__, "json_literal.py"), path])
    {value, _} = Code.eval_string(text)
    value
  end

  @doc "JSON text as Elixir terms, parsed by Python's json module (not by the binding)."
  def json_text!(text) do
    path = Path.join(System.tmp_dir!(), "identity-hmac-json-#{System.unique_integer([:positive])}.json")
    File.write!(path, text)

    try do
      json!(path)
    after
      File.rm(path)
    end
  end

  def tokens, do: cached(:tokens, fn -> json!("conformance/tokens.json") end)

  def corpus, do: cached(:corpus, fn -> json!(System.get_env("IDENTITY_HMAC_CORPUS", "conformance/corpus.json")) end)

  def bad_inputs,
    do: cached(:bad_inputs, fn -> json!(System.get_env("IDENTITY_HMAC_BAD_INPUTS", "conformance/bad_inputs.json")) end)

  defp cached(key, load) do
    case :persistent_term.get({__MODULE__, key}, nil) do
      nil ->
        value = load.()
        :persistent_term.put({__MODULE__, key}, value)
        value

      value ->
        value
    end
  end

  @doc "Corpus BYTES: %{\"utf8\" => text} or %{\"hex\" => hex}."
  def bytes(%{"utf8" => text}), do: text
  def bytes(%{"hex" => hex}), do: Base.decode16!(hex, case: :mixed)

  @doc "The encoding name as users write it: an atom."
  def encoding(name) when is_binary(name), do: String.to_atom(name)

  @doc """
  Asserts that `message` shows no secret: not whole, and for secrets of 8
  bytes or more no 8-byte run of it. Secrets under 4 bytes are left out:
  they occur in ordinary words by chance.
  """
  def refute_shows_secret(message, secret, label) when is_binary(secret) do
    size = byte_size(secret)

    cond do
      size >= 8 ->
        for start <- 0..(size - 8) do
          part = binary_part(secret, start, 8)

          if :binary.match(message, part) != :nomatch,
            do: ExUnit.Assertions.flunk("#{label}: the message shows part of the secret: #{message}")
        end

      size >= 4 ->
        if :binary.match(message, secret) != :nomatch,
          do: ExUnit.Assertions.flunk("#{label}: the message shows the secret: #{message}")

      true ->
        :ok
    end

    :ok
  end

  def refute_shows_secret(_message, _secret, _label), do: :ok
end
