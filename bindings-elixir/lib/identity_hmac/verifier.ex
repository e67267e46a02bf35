defmodule IdentityHmac.Verifier do
  @moduledoc """
  Verifies identity hashes under 1 to 16 secrets, newest first, for secret
  rotation.

  `verify/3` is true when any secret matches; it always computes every
  candidate, so its timing does not tell which secret matched.
  `matching_key/3` gives the index of the first secret that matches. A NIF
  resource like `IdentityHmac.Signer`: shareable between processes, and
  `inspect/1` shows only how many secrets it holds.
  """

  alias IdentityHmac.{Error, Input, Native}
  require Input

  @enforce_keys [:ref, :size]
  defstruct [:ref, :size]

  @typedoc "A Verifier (a NIF resource inside a struct)."
  @opaque t :: %__MODULE__{ref: reference(), size: pos_integer()}

  @doc """
  Decodes every secret of `secrets` (a list of binaries, newest first) by
  `secret_encoding:` (`:text`, the default, or `:hex`).

  Returns `{:error, %IdentityHmac.Error{}}` for no secrets (`:no_secrets`),
  more than 16 (`:too_many_secrets`), or a bad secret, with its
  `secret_index`.
  """
  @spec new([binary()], keyword()) :: {:ok, t()} | {:error, Error.t()}
  def new(secrets, options \\ [])

  def new(secrets, options) when is_list(secrets) do
    %{secret_encoding: encoding} = Input.options!(options, [:secret_encoding])
    encoding = Input.encoding!(encoding, "text")
    # Only the first 17 are looked at: the 17th is :too_many_secrets.
    {checked, bytes} =
      secrets
      |> Enum.take(Native.max_secrets() + 1)
      |> Enum.with_index()
      |> Enum.map_reduce(0, fn {secret, index}, bytes ->
        secret = Input.secret!(secret, "secrets[#{index}]")
        {secret, bytes + byte_size(secret)}
      end)

    result =
      if bytes >= Input.dirty_bytes(),
        do: Native.verifier_new_dirty(checked, encoding),
        else: Native.verifier_new(checked, encoding)

    case result do
      {:ok, ref} -> {:ok, %__MODULE__{ref: ref, size: Native.verifier_size(ref)}}
      {:error, %Error{}} = error -> error
    end
  end

  def new(secrets, _options), do: raise(ArgumentError, Input.type_message("secrets", "a list of binaries", secrets))

  @doc "Like `new/2`, but raises `IdentityHmac.Error`."
  @spec new!([binary()], keyword()) :: t()
  def new!(secrets, options \\ []) do
    case new(secrets, options) do
      {:ok, verifier} -> verifier
      {:error, error} -> raise error
    end
  end

  @doc """
  Whether `identity_hash` is the hash of `identifier` under any of the
  secrets. A hash that is not 64 hex characters is `false`.
  """
  @spec verify(t(), binary() | integer(), binary()) :: boolean()
  def verify(%__MODULE__{ref: ref}, identifier, identity_hash) do
    identifier = Input.identifier!(identifier)
    identity_hash = Input.hash!(identity_hash)

    if byte_size(identifier) >= Input.dirty_bytes(),
      do: Native.verifier_verify_dirty(ref, identifier, identity_hash),
      else: Native.verifier_verify(ref, identifier, identity_hash)
  end

  def verify(verifier, _identifier, _identity_hash), do: not_a_verifier(verifier)

  @doc """
  The index (0 = newest) of the first secret under which `identity_hash` is
  the hash of `identifier`, or `nil`.
  """
  @spec matching_key(t(), binary() | integer(), binary()) :: non_neg_integer() | nil
  def matching_key(%__MODULE__{ref: ref}, identifier, identity_hash) do
    identifier = Input.identifier!(identifier)
    identity_hash = Input.hash!(identity_hash)

    if byte_size(identifier) >= Input.dirty_bytes(),
      do: Native.verifier_matching_key_dirty(ref, identifier, identity_hash),
      else: Native.verifier_matching_key(ref, identifier, identity_hash)
  end

  def matching_key(verifier, _identifier, _identity_hash), do: not_a_verifier(verifier)

  @doc "How many secrets it holds."
  @spec size(t()) :: pos_integer()
  def size(%__MODULE__{size: size}), do: size

  @spec not_a_verifier(term()) :: no_return()
  defp not_a_verifier(value),
    do: raise(ArgumentError, Input.type_message("verifier", "an IdentityHmac.Verifier", value))

  defimpl Inspect do
    def inspect(verifier, _opts), do: "#IdentityHmac.Verifier<secrets: #{verifier.size}, <redacted>>"
  end
end
