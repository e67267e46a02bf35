defmodule IdentityHmac.TokenVerifier do
  @moduledoc """
  Verifies identity tokens (HS256 JWTs), for widget vendors and for tests.

      iex> {:ok, token} = IdentityHmac.sign_token("your-messenger-api-secret", %{"user_id" => "42"}, expires_in: 3600, now: 1_700_000_000)
      iex> verifier = IdentityHmac.TokenVerifier.new!(["your-messenger-api-secret"])
      iex> IdentityHmac.TokenVerifier.verify(verifier, token, now: 1_700_000_100)
      {:ok, %{"user_id" => "42", "iat" => 1_700_000_000, "exp" => 1_700_003_600}}

  HS256 only: `none`, `RS256` and every other `alg` are refused
  (`:unsupported_algorithm`) before any key is used. With no `kid` in the
  token every key is tried, in constant time. A NIF resource, shareable
  between processes; `inspect/1` never shows a key.
  """

  alias IdentityHmac.{Error, Input, Native}

  @enforce_keys [:ref, :size, :leeway]
  defstruct [:ref, :size, :leeway]

  @typedoc "A TokenVerifier (a NIF resource inside a struct)."
  @opaque t :: %__MODULE__{ref: reference(), size: pos_integer(), leeway: non_neg_integer()}

  @typedoc "A secret, or `{key_id, secret}` (a `nil` key id is a key without one)."
  @type key :: binary() | {String.t() | nil, binary()}

  @doc """
  Makes a verifier from `keys` (1 to 16, newest first).

  Options: `secret_encoding:` (`:text`, the default, or `:hex`), `leeway:`
  (seconds of clock skew allowed for `exp`, `nbf` and `iat`; default 60),
  `max_lifetime:` (seconds; `exp - iat` above it is `:lifetime_too_long`)
  and `required_claims:` (claim names, atoms or binaries, that must be
  present: `:missing_claim`).
  """
  @spec new([key()], keyword()) :: {:ok, t()} | {:error, Error.t()}
  def new(keys, options \\ [])

  def new(keys, options) when is_list(keys) do
    options = Input.options!(options, [:secret_encoding, :leeway, :max_lifetime, :required_claims])
    encoding = Input.encoding!(options.secret_encoding, "text")
    leeway = seconds!(options.leeway, "leeway")
    max_lifetime = seconds!(options.max_lifetime, "max_lifetime")
    required = Enum.map(options.required_claims || [], &claim_name!/1)

    keys =
      keys
      |> Enum.take(Native.max_secrets() + 1)
      |> Enum.with_index()
      |> Enum.map(fn
        {{key_id, secret}, index} ->
          key_id = if key_id == nil, do: nil, else: Input.text!(key_id, "keys[#{index}]'s key id")
          {key_id, Input.secret!(secret, "keys[#{index}]'s secret")}

        {secret, index} ->
          Input.secret!(secret, "keys[#{index}]")
      end)

    case Native.token_verifier_new(keys, encoding, leeway, max_lifetime, required) do
      {:ok, ref} ->
        {size, leeway} = Native.token_verifier_info(ref)
        {:ok, %__MODULE__{ref: ref, size: size, leeway: leeway}}

      {:error, %Error{}} = error ->
        error
    end
  end

  def new(keys, _options), do: raise(ArgumentError, Input.type_message("keys", "a list of secrets", keys))

  @doc "Like `new/2`, but raises `IdentityHmac.Error`."
  @spec new!([key()], keyword()) :: t()
  def new!(keys, options \\ []) do
    case new(keys, options) do
      {:ok, verifier} -> verifier
      {:error, error} -> raise error
    end
  end

  @doc """
  Verifies `token`: `{:ok, claims}` (a map with binary keys, JSON values as
  Elixir terms: `null` is `nil`), or `{:error, %IdentityHmac.Error{}}` with
  `:malformed_token`, `:unsupported_algorithm`, `:unknown_key_id`,
  `:bad_signature`, `:token_expired`, `:token_not_yet_valid`,
  `:lifetime_too_long`, `:missing_claim` (its `claim`) or
  `:invalid_claims`. Option: `now:` (Unix seconds, for tests).
  """
  @spec verify(t(), binary(), keyword()) :: {:ok, %{optional(String.t()) => term()}} | {:error, Error.t()}
  def verify(verifier, token, options \\ [])

  def verify(%__MODULE__{ref: ref}, token, options) do
    %{now: now} = Input.options!(options, [:now])
    token = Input.secret!(token, "token")

    if now != nil and not is_integer(now),
      do: raise(ArgumentError, Input.type_message("now", "an integer (Unix seconds)", now))

    Native.token_verifier_verify(ref, token, now)
  end

  def verify(verifier, _token, _options),
    do: raise(ArgumentError, Input.type_message("verifier", "an IdentityHmac.TokenVerifier", verifier))

  @doc "Like `verify/3`, but returns the claims and raises `IdentityHmac.Error`."
  @spec verify!(t(), binary(), keyword()) :: %{optional(String.t()) => term()}
  def verify!(verifier, token, options \\ []) do
    case verify(verifier, token, options) do
      {:ok, claims} -> claims
      {:error, error} -> raise error
    end
  end

  defp seconds!(nil, _what), do: nil
  defp seconds!(seconds, _what) when is_integer(seconds) and seconds >= 0, do: seconds

  defp seconds!(value, what),
    do: raise(ArgumentError, Input.type_message(what, "a non-negative integer (seconds)", value))

  defp claim_name!(name) when is_atom(name) and name != nil, do: Atom.to_string(name)
  defp claim_name!(name), do: Input.text!(name, "a required claim")

  defimpl Inspect do
    def inspect(verifier, _opts),
      do: "#IdentityHmac.TokenVerifier<keys: #{verifier.size}, leeway: #{verifier.leeway}, <redacted>>"
  end
end
