# Conformance harness for the compiled identity_hmac Mix project (see
# conformance/README.md): reads every request line from stdin (TAB-separated,
# bytes as hex), answers one line per request. Every value travels as a
# binary, which carries any bytes.
#   elixir -pa <build>/lib/identity_hmac/ebin harness.exs
defmodule ConformanceHarness do
  alias IdentityHmac.Signer

  defp bytes(hex), do: Base.decode16!(hex, case: :mixed)

  def answer([kind, id, encoding, secret | rest]) when kind in ["sign", "verify", "secret"] do
    case Signer.new(bytes(secret), secret_encoding: encoding) do
      {:ok, signer} -> reply(kind, id, signer, Enum.map(rest, &bytes/1))
      {:error, %IdentityHmac.Error{code_string: code}} -> "#{id}\terror\t#{code}"
    end
  end

  def answer([kind, id | _]), do: "#{id}\tunsupported\tunknown request kind #{inspect(kind)}"

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
