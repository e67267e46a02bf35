defmodule IdentityHmac.Input do
  # The binding's one set of argument rules. Messages name the argument and
  # its type, never its value: a value may be a secret pasted in the wrong
  # place.
  @moduledoc false

  # Identifiers and secrets at least this long are hashed on a dirty CPU
  # scheduler. Hashing 64 KiB took 0.04 ms here (2-core x86_64, SHA-NI), well
  # under the BEAM's 1 ms guideline for a NIF on a normal scheduler even on a
  # much slower machine; anything longer grows without bound (the matrix
  # signs 64 MiB).
  @dirty_bytes 64 * 1024

  @doc false
  defmacro dirty_bytes, do: @dirty_bytes

  @doc false
  @spec identifier!(term()) :: binary()
  def identifier!(identifier) when is_binary(identifier), do: identifier
  # Chatwoot's server calls `.to_s` on the identifier: integers sign as their decimal form.
  def identifier!(identifier) when is_integer(identifier), do: Integer.to_string(identifier)

  def identifier!(identifier),
    do: raise(ArgumentError, type_message("identifier", "a binary or an integer", identifier))

  @doc false
  @spec secret!(term(), String.t()) :: binary()
  def secret!(secret, _what) when is_binary(secret), do: secret
  def secret!(secret, what), do: raise(ArgumentError, type_message(what, "a binary", secret))

  @doc false
  @spec hash!(term()) :: binary()
  def hash!(hash) when is_binary(hash), do: hash
  def hash!(hash), do: raise(ArgumentError, type_message("identity_hash", "a binary", hash))

  @doc false
  @spec text!(term(), String.t()) :: String.t()
  def text!(value, what) when is_binary(value) do
    if String.valid?(value),
      do: value,
      else: raise(ArgumentError, "#{what} must be valid UTF-8 (its bytes are not shown)")
  end

  def text!(value, what), do: raise(ArgumentError, type_message(what, "a binary", value))

  @doc """
  The `secret_encoding:` option as the name the core reads: `:text`,
  `:hex`, `"text"` or `"hex"`; `nil` means `default` (the core refuses any
  other name with `:unknown_secret_encoding`).
  """
  @spec encoding!(term(), String.t()) :: binary()
  def encoding!(nil, default), do: default
  def encoding!(encoding, _default) when is_binary(encoding), do: encoding
  def encoding!(encoding, _default) when is_atom(encoding), do: Atom.to_string(encoding)

  def encoding!(encoding, _default),
    do: raise(ArgumentError, type_message("secret_encoding", "an atom or a binary (:text or :hex)", encoding))

  @doc """
  Reads a keyword list of options, each key one of `allowed`; a missing key
  is `nil`. The message names an unknown key, never a value.
  """
  @spec options!(term(), [atom()]) :: %{optional(atom()) => term()}
  def options!(options, allowed) when is_list(options) do
    Enum.reduce(options, Map.new(allowed, &{&1, nil}), fn
      {key, value}, acc when is_atom(key) ->
        if key in allowed,
          do: Map.put(acc, key, value),
          else: raise(ArgumentError, "unknown option #{inspect(key)}; expected one of #{inspect(allowed)}")

      _, _ ->
        raise ArgumentError, "options must be a keyword list (expected one of #{inspect(allowed)})"
    end)
  end

  def options!(options, allowed),
    do: raise(ArgumentError, type_message("options", "a keyword list of #{inspect(allowed)}", options))

  @doc false
  @spec type_message(String.t(), String.t(), term()) :: String.t()
  def type_message(what, expected, value) when is_list(value) do
    if charlist?(value) do
      "#{what} must be #{expected}, not a charlist: pass a binary (\"...\", not '...'). " <>
        "A charlist is a list of code points, and hashing it as iodata (as :crypto.mac/4 does) " <>
        "takes each code point as one byte: wrong from U+0080 and an error from U+0100. " <>
        "identity-hmac hashes the UTF-8 bytes of a binary."
    else
      "#{what} must be #{expected}, not a list"
    end
  end

  def type_message(what, expected, value), do: "#{what} must be #{expected}, not #{describe(value)}"

  # A list of Unicode code points (the empty list is the empty charlist '').
  defp charlist?(list), do: Enum.all?(list, &(is_integer(&1) and &1 >= 0 and &1 <= 0x10FFFF))

  defp describe(nil), do: "nil"
  defp describe(value) when is_boolean(value), do: "a boolean"
  defp describe(value) when is_atom(value), do: "an atom"
  defp describe(value) when is_integer(value), do: "an integer"
  defp describe(value) when is_float(value), do: "a float"
  defp describe(value) when is_binary(value), do: "a binary"
  defp describe(%module{}), do: "a #{inspect(module)} struct"
  defp describe(value) when is_map(value), do: "a map"
  defp describe(value) when is_tuple(value), do: "a tuple"
  defp describe(value) when is_pid(value), do: "a pid"
  defp describe(value) when is_reference(value), do: "a reference"
  defp describe(value) when is_function(value), do: "a function"
  defp describe(_value), do: "a term of another type"
end
