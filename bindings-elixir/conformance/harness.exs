# Conformance harness for the compiled identity_hmac Mix project (see
# conformance/README.md): reads every request line from stdin (TAB-separated,
# bytes as hex), answers one line per request. Every value travels as a
# binary, which carries any bytes.
#   elixir -pa <build>/lib/identity_hmac/ebin harness.exs
defmodule ConformanceHarness.Json do
  # Just enough JSON for the token lines (Elixir 1.14 has no JSON module and
  # Hex is unreachable): the runner's claims in, verified claims out. Test
  # tooling only; the binding itself encodes claims with serde_json.
  @moduledoc false

  def decode!(text) do
    {value, rest} = value(skip(text))
    "" = skip(rest)
    value
  end

  defp skip(<<c, rest::binary>>) when c in [?\s, ?\t, ?\r, ?\n], do: skip(rest)
  defp skip(rest), do: rest

  defp value("{" <> rest), do: object(skip(rest), %{})
  defp value("[" <> rest), do: array(skip(rest), [])
  defp value("\"" <> rest), do: string(rest, [])
  defp value("true" <> rest), do: {true, rest}
  defp value("false" <> rest), do: {false, rest}
  defp value("null" <> rest), do: {nil, rest}

  defp value(text) do
    [number] = Regex.run(~r/\A-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/, text, capture: :first)
    rest = binary_part(text, byte_size(number), byte_size(text) - byte_size(number))

    case Integer.parse(number) do
      {integer, ""} -> {integer, rest}
      _ -> {elem(Float.parse(number), 0), rest}
    end
  end

  defp object("}" <> rest, acc), do: {acc, rest}

  defp object(text, acc) do
    {key, rest} = value(text)
    ":" <> rest = skip(rest)
    {item, rest} = value(skip(rest))
    acc = Map.put(acc, key, item)

    case skip(rest) do
      "," <> rest -> object(skip(rest), acc)
      "}" <> rest -> {acc, rest}
    end
  end

  defp array("]" <> rest, acc), do: {Enum.reverse(acc), rest}

  defp array(text, acc) do
    {item, rest} = value(text)

    case skip(rest) do
      "," <> rest -> array(skip(rest), [item | acc])
      "]" <> rest -> {Enum.reverse([item | acc]), rest}
    end
  end

  defp string("\"" <> rest, acc), do: {IO.iodata_to_binary(Enum.reverse(acc)), rest}

  defp string(<<"\\u", high::binary-4, "\\u", low::binary-4, rest::binary>>, acc)
       when binary_part(high, 0, 1) in ["d", "D"] do
    code = 0x10000 + (String.to_integer(high, 16) - 0xD800) * 0x400 + (String.to_integer(low, 16) - 0xDC00)
    string(rest, [<<code::utf8>> | acc])
  end

  defp string(<<"\\u", hex::binary-4, rest::binary>>, acc),
    do: string(rest, [<<String.to_integer(hex, 16)::utf8>> | acc])

  defp string(<<"\\", c, rest::binary>>, acc) do
    unescaped = %{?" => "\"", ?\\ => "\\", ?/ => "/", ?b => "\b", ?f => "\f", ?n => "\n", ?r => "\r", ?t => "\t"}
    string(rest, [Map.fetch!(unescaped, c) | acc])
  end

  defp string(<<c, rest::binary>>, acc), do: string(rest, [<<c>> | acc])

  def encode(nil), do: "null"
  def encode(true), do: "true"
  def encode(false), do: "false"
  def encode(value) when is_integer(value), do: Integer.to_string(value)
  def encode(value) when is_float(value), do: :erlang.float_to_binary(value, [:short])
  def encode(value) when is_list(value), do: "[" <> Enum.map_join(value, ",", &encode/1) <> "]"

  def encode(value) when is_map(value),
    do: "{" <> Enum.map_join(value, ",", fn {key, item} -> encode(key) <> ":" <> encode(item) end) <> "}"

  def encode(value) when is_binary(value) do
    escaped =
      for <<c::utf8 <- value>>, into: "" do
        case c do
          ?" -> "\\\""
          ?\\ -> "\\\\"
          c when c < 0x20 -> "\\u" <> String.pad_leading(Integer.to_string(c, 16), 4, "0")
          c -> <<c::utf8>>
        end
      end

    "\"" <> escaped <> "\""
  end
end

defmodule ConformanceHarness do
  alias ConformanceHarness.Json
  alias IdentityHmac.{Signer, TokenVerifier}

  defp bytes(hex), do: Base.decode16!(hex, case: :mixed)

  def answer([kind, id, encoding, secret | rest]) when kind in ["sign", "verify", "secret"] do
    case Signer.new(bytes(secret), secret_encoding: encoding) do
      {:ok, signer} -> reply(kind, id, signer, Enum.map(rest, &bytes/1))
      {:error, %IdentityHmac.Error{code_string: code}} -> "#{id}\terror\t#{code}"
    end
  end

  # token_verify TAB id TAB encoding TAB KIDHEX:SECRETHEX,... TAB token_hex TAB now TAB leeway TAB max_lifetime|- TAB required_claims_hex
  def answer(["token_verify", id, encoding, keys, token, now, leeway, max_lifetime, required | _]) do
    keys =
      for entry <- String.split(keys, ",") do
        case String.split(entry, ":") do
          ["", secret] -> bytes(secret)
          [kid, secret] -> {bytes(kid), bytes(secret)}
        end
      end

    options = [
      secret_encoding: encoding,
      leeway: String.to_integer(leeway),
      max_lifetime: if(max_lifetime == "-", do: nil, else: String.to_integer(max_lifetime)),
      required_claims: Json.decode!(bytes(required))
    ]

    with {:ok, verifier} <- TokenVerifier.new(keys, options),
         {:ok, claims} <- TokenVerifier.verify(verifier, bytes(token), now: String.to_integer(now)) do
      "#{id}\tclaims\t#{Base.encode16(Json.encode(claims), case: :lower)}"
    end
    |> or_error(id)
  end

  # token_sign TAB id TAB encoding TAB secret_hex TAB claims_hex TAB now TAB expires_in|- TAB kid_hex|-
  # The host map path: the claims as an Elixir map, encoded by the binding.
  def answer(["token_sign", id, encoding, secret, claims, now, expires_in, kid | _]) do
    claims = Json.decode!(bytes(claims))
    claims = if is_map(claims), do: claims, else: bytes_of_json(claims)

    IdentityHmac.sign_token(bytes(secret), claims,
      secret_encoding: encoding,
      now: String.to_integer(now),
      expires_in: if(expires_in == "-", do: nil, else: String.to_integer(expires_in)),
      key_id: if(kid == "-", do: nil, else: bytes(kid))
    )
    |> case do
      {:ok, token} -> "#{id}\ttoken\t#{token}"
      error -> or_error(error, id)
    end
  end

  def answer([kind, id | _]), do: "#{id}\tunsupported\tunknown request kind #{inspect(kind)}"

  # Claims that are not an object have no map form: they go as JSON text.
  defp bytes_of_json(value), do: Json.encode(value)

  defp or_error({:error, %IdentityHmac.Error{code_string: code}}, id), do: "#{id}\terror\t#{code}"
  defp or_error(line, _id) when is_binary(line), do: line

  defp reply("sign", id, signer, [identifier | _]), do: "#{id}\thash\t#{Signer.sign(signer, identifier)}"

  defp reply("verify", id, signer, [identifier, presented | _]),
    do: "#{id}\tbool\t#{Signer.verify(signer, identifier, presented)}"

  defp reply("secret", id, _signer, _rest), do: "#{id}\tok"

  def run do
    :stdio
    |> IO.binread(:eof)
    |> then(fn
      :eof -> ""
      text -> text
    end)
    |> String.split("\n", trim: true)
    |> Enum.each(fn line ->
      fields = String.split(line, "\t")

      reply =
        try do
          answer(fields)
        rescue
          # Not one of ours: the runner reports it as a divergence.
          error -> "#{Enum.at(fields, 1)}\terror\t#{inspect(error.__struct__)}"
        end

      IO.binwrite(:stdio, reply <> "\n")
    end)
  end
end

ConformanceHarness.run()
