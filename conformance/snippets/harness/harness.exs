# Runs a published Elixir snippet over the conformance protocol (see ../../README.md).
# usage: elixir harness.exs SNIPPET KEY_LITERAL MESSAGE_LITERAL
# The snippet's two literals are replaced by the vector's secret and
# identifier: a charlist literal ('...') by the charlist of the input, which is
# what the literal would be had the user typed that value into the snippet, and
# a string literal ("...") by the binary. Its result is the value of its last
# line, as iex shows it.

defmodule SnippetHarness do
  # A charlist literal ('...') becomes the charlist of the input, a string
  # literal ("...") the binary; returns the new source and which it was.
  def substitute(source, literal, variable) do
    Enum.find_value([{"'", :charlist}, {"\"", :binary}], fn {quote, kind} ->
      quoted = quote <> literal <> quote

      if length(String.split(source, quoted)) == 2 do
        {String.replace(source, quoted, variable), kind}
      end
    end) || raise "the literal #{literal} does not occur exactly once in the snippet"
  end

  def one_line(text), do: text |> String.split() |> Enum.join(" ")

  def run(source, key, message) do
    {value, _binding} = Code.eval_string(source, harness_key: key, harness_message: message)
    {:ok, value}
  rescue
    e -> {:error, inspect(e.__struct__) <> ": " <> one_line(Exception.message(e))}
  catch
    kind, reason -> {:error, "#{kind}: #{one_line(inspect(reason))}"}
  end

  def answer({source, kind}, line) do
    [op, id, encoding | rest] = String.split(line, "\t")

    cond do
      op == "verify" ->
        "#{id}\tunsupported\tthe published snippet only signs"

      encoding != "text" ->
        "#{id}\tunsupported\tthe Chatwoot snippet takes a text token"

      true ->
        secret = Base.decode16!(Enum.at(rest, 0), case: :lower)
        identifier = if op == "sign", do: Base.decode16!(Enum.at(rest, 1), case: :lower), else: "user@example.com"

        cond do
          kind == :binary ->
            respond(id, op, run(source, secret, identifier))

          String.valid?(secret) and String.valid?(identifier) ->
            respond(id, op, run(source, String.to_charlist(secret), String.to_charlist(identifier)))

          true ->
            "#{id}\tunsupported\tnot valid UTF-8: a charlist literal in source cannot carry these bytes"
        end
    end
  end

  defp respond(id, op, result) do
    case result do
      {:ok, hash} when is_binary(hash) and op == "secret" -> "#{id}\tok"
      {:ok, hash} when is_binary(hash) -> "#{id}\thash\t#{hash}"
      {:ok, other} -> "#{id}\terror\tthe snippet produced #{one_line(inspect(other))}, not a hash"
      {:error, message} -> "#{id}\terror\t#{message}"
    end
  end
end

[snippet_path, key_literal, message_literal] = System.argv()

{source, kind} = SnippetHarness.substitute(File.read!(snippet_path), key_literal, "harness_key")
{source, ^kind} = SnippetHarness.substitute(source, message_literal, "harness_message")

IO.binstream(:stdio, :line)
|> Stream.map(&String.trim_trailing(&1, "\n"))
|> Stream.reject(&(&1 == ""))
|> Enum.each(fn line -> IO.binwrite(:stdio, SnippetHarness.answer({source, kind}, line) <> "\n") end)
