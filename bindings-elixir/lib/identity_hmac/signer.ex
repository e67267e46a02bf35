defmodule IdentityHmac.Signer do
  @moduledoc """
  A secret, decoded and checked once, that signs identifiers.

  A Signer is a NIF resource: it holds the HMAC state precomputed from the
  secret (the secret's bytes are wiped), costs nothing to copy, and is safe
  to share between processes; put it in `:persistent_term` or a GenServer's
  state and call it from any process. `inspect/1` never shows the secret.

      iex> signer = IdentityHmac.Signer.new!("your_web_widget_hmac_token")
      iex> IdentityHmac.Signer.sign(signer, "some_identifier")
      "32478ef17a559ea4600787200d58a8baeb0e223707316e62f2508e57bf4b75b9"

  Once a Signer exists, `sign/2`, `digest/2`, `verify/3` and `sign_many/2`
  cannot fail, except with an `ArgumentError` for an argument of the wrong
  type: identifiers are binaries (hashed byte for byte) or integers (hashed
  as their decimal form); a charlist is refused.
  """

  alias IdentityHmac.{Error, Input, Native}
  require Input

  @enforce_keys [:ref]
  defstruct [:ref]

  @typedoc "A Signer (a NIF resource inside a struct)."
  @opaque t :: %__MODULE__{ref: reference()}

  @typedoc "An identifier: a binary, or an integer signed as its decimal string."
  @type identifier_input :: binary() | integer()

  @doc """
  Decodes `secret` by `secret_encoding:` (`:text`, the default, or `:hex`)
  and makes a Signer.

  Returns `{:error, %IdentityHmac.Error{}}` for an empty secret
  (`:empty_secret`), a malformed hex secret (`:invalid_hex_secret`, with
  `reason` and `position`) or an unknown encoding
  (`:unknown_secret_encoding`).
  """
  @spec new(binary(), keyword()) :: {:ok, t()} | {:error, Error.t()}
  def new(secret, options \\ []) do
    %{secret_encoding: encoding} = Input.options!(options, [:secret_encoding])
    secret = Input.secret!(secret, "secret")
    encoding = Input.encoding!(encoding, "text")

    result =
      if byte_size(secret) >= Input.dirty_bytes(),
        do: Native.signer_new_dirty(secret, encoding),
        else: Native.signer_new(secret, encoding)

    case result do
      {:ok, ref} -> {:ok, %__MODULE__{ref: ref}}
      {:error, %Error{}} = error -> error
    end
  end

  @doc "Like `new/2`, but raises `IdentityHmac.Error`."
  @spec new!(binary(), keyword()) :: t()
  def new!(secret, options \\ []) do
    case new(secret, options) do
      {:ok, signer} -> signer
      {:error, error} -> raise error
    end
  end

  @doc "The identity hash of `identifier`: 64 lowercase hex characters."
  @spec sign(t(), identifier_input()) :: String.t()
  def sign(%__MODULE__{ref: ref}, identifier) do
    identifier = Input.identifier!(identifier)

    if byte_size(identifier) >= Input.dirty_bytes(),
      do: Native.signer_sign_dirty(ref, identifier),
      else: Native.signer_sign(ref, identifier)
  end

  def sign(signer, _identifier), do: not_a_signer(signer)

  # Benchmark floor: sign/2 without the HMAC (same argument checks, NIF
  # call shape and result binary; 64 "0"s); not API.
  @doc false
  @spec bench_floor(t(), identifier_input()) :: String.t()
  def bench_floor(%__MODULE__{ref: ref}, identifier) do
    identifier = Input.identifier!(identifier)

    if byte_size(identifier) >= Input.dirty_bytes(),
      do: Native.signer_bench_floor_dirty(ref, identifier),
      else: Native.signer_bench_floor(ref, identifier)
  end

  def bench_floor(signer, _identifier), do: not_a_signer(signer)

  @doc "The raw HMAC-SHA256 of `identifier`: 32 bytes."
  @spec digest(t(), identifier_input()) :: <<_::256>>
  def digest(%__MODULE__{ref: ref}, identifier) do
    identifier = Input.identifier!(identifier)

    if byte_size(identifier) >= Input.dirty_bytes(),
      do: Native.signer_digest_dirty(ref, identifier),
      else: Native.signer_digest(ref, identifier)
  end

  def digest(signer, _identifier), do: not_a_signer(signer)

  @doc """
  Whether `identity_hash` is the hash of `identifier`, compared in constant
  time. The hash must be exactly 64 hex characters, in either case; anything
  else is `false`, never an error.
  """
  @spec verify(t(), identifier_input(), binary()) :: boolean()
  def verify(%__MODULE__{ref: ref}, identifier, identity_hash) do
    identifier = Input.identifier!(identifier)
    identity_hash = Input.hash!(identity_hash)

    if byte_size(identifier) >= Input.dirty_bytes(),
      do: Native.signer_verify_dirty(ref, identifier, identity_hash),
      else: Native.signer_verify(ref, identifier, identity_hash)
  end

  def verify(signer, _identifier, _identity_hash), do: not_a_signer(signer)

  @doc """
  The hashes of every identifier of the list, in order.

  A batch of more than 1,000 identifiers or 256 KiB runs on a dirty CPU
  scheduler (and, from 4,096 identifiers, on every core), so it never holds
  up a normal scheduler; a smaller one runs in place, where it takes well
  under a millisecond.
  """
  @spec sign_many(t(), [identifier_input()]) :: [String.t()]
  def sign_many(%__MODULE__{ref: ref}, identifiers) when is_list(identifiers) do
    case Native.signer_sign_many(ref, identifiers) do
      {:ok, hashes} -> hashes
      :dirty -> sign_many_dirty(ref, identifiers)
      :slow_path -> sign_converted(ref, identifiers)
      {:error, %Error{} = error} -> raise error
    end
  end

  def sign_many(%__MODULE__{}, identifiers),
    do: raise(ArgumentError, Input.type_message("identifiers", "a list", identifiers))

  def sign_many(signer, _identifiers), do: not_a_signer(signer)

  defp sign_many_dirty(ref, identifiers) do
    case Native.signer_sign_many_dirty(ref, identifiers) do
      {:ok, hashes} -> hashes
      :slow_path -> sign_converted(ref, identifiers)
      {:error, %Error{} = error} -> raise error
    end
  end

  # An item the NIF does not convert (a big integer, a wrong type): every
  # item through the one rule, which raises for a wrong type and names its
  # index.
  defp sign_converted(ref, identifiers) do
    converted =
      identifiers
      |> Enum.with_index()
      |> Enum.map(fn {identifier, index} ->
        try do
          Input.identifier!(identifier)
        rescue
          error in ArgumentError ->
            reraise ArgumentError, "identifiers[#{index}]: " <> error.message, __STACKTRACE__
        end
      end)

    case Native.signer_sign_many_dirty(ref, converted) do
      {:ok, hashes} -> hashes
      {:error, %Error{} = error} -> raise error
    end
  end

  @spec not_a_signer(term()) :: no_return()
  defp not_a_signer(value), do: raise(ArgumentError, Input.type_message("signer", "an IdentityHmac.Signer", value))

  defimpl Inspect do
    def inspect(_signer, _opts), do: "#IdentityHmac.Signer<secret: <redacted>>"
  end
end
