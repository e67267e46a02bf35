defmodule IdentityHmac do
  @moduledoc """
  Identity-verification hashes for chat widgets (Chatwoot, Pylon, Intercom,
  Help Scout, Front, Plain, Chatbase, Gleap):

      identity_hash = lowercase_hex(HMAC-SHA256(secret, identifier))

  computed by identity-hmac's Rust core, the same bytes as every other
  language of the project, with strict secret decoding, constant-time
  verification and key rotation.

      iex> IdentityHmac.sign("your_web_widget_hmac_token", "some_identifier")
      {:ok, "32478ef17a559ea4600787200d58a8baeb0e223707316e62f2508e57bf4b75b9"}
      iex> {:error, error} = IdentityHmac.sign("", "some_identifier")
      iex> {error.code, error.code_string}
      {:empty_secret, "EMPTY_SECRET"}

  Identifiers are binaries, hashed byte for byte (a string's UTF-8 bytes,
  with no normalisation), or integers, hashed as their decimal form. A
  charlist raises `ArgumentError`: Chatwoot's published snippet passes
  charlists to `:crypto`, which hashes each code point as one byte.

  To sign many identifiers under one secret, make an `IdentityHmac.Signer`
  once; `IdentityHmac.Verifier` verifies under several secrets.
  """

  alias IdentityHmac.{Error, Input, Native}
  require Input

  @typedoc "`:text` (the secret's UTF-8 bytes, the default) or `:hex` (strict hex)."
  @type secret_encoding :: :text | :hex

  @doc """
  The identity hash of `identifier` under `secret`: `{:ok, 64 lowercase hex
  characters}`, or `{:error, %IdentityHmac.Error{}}` for a bad secret.

  Options: `secret_encoding: :text` (default) or `:hex`. To sign many
  identifiers, make an `IdentityHmac.Signer` once instead.
  """
  @spec sign(binary(), binary() | integer(), keyword()) :: {:ok, String.t()} | {:error, Error.t()}
  def sign(secret, identifier, options \\ []) do
    %{secret_encoding: encoding} = Input.options!(options, [:secret_encoding])
    secret = Input.secret!(secret, "secret")
    identifier = Input.identifier!(identifier)
    encoding = Input.encoding!(encoding, "text")

    if byte_size(secret) + byte_size(identifier) >= Input.dirty_bytes(),
      do: Native.sign_dirty(secret, encoding, identifier),
      else: Native.sign(secret, encoding, identifier)
  end

  @doc "Like `sign/3`, but returns the hash and raises `IdentityHmac.Error`."
  @spec sign!(binary(), binary() | integer(), keyword()) :: String.t()
  def sign!(secret, identifier, options \\ []) do
    case sign(secret, identifier, options) do
      {:ok, hash} -> hash
      {:error, error} -> raise error
    end
  end

  @doc """
  Whether `identity_hash` is the hash of `identifier` under `secret`,
  compared in constant time: `{:ok, boolean}`, or `{:error,
  %IdentityHmac.Error{}}` for a bad secret. A hash that is not 64 hex
  characters is `{:ok, false}`.
  """
  @spec verify(binary(), binary() | integer(), binary(), keyword()) :: {:ok, boolean()} | {:error, Error.t()}
  def verify(secret, identifier, identity_hash, options \\ []) do
    %{secret_encoding: encoding} = Input.options!(options, [:secret_encoding])
    secret = Input.secret!(secret, "secret")
    identifier = Input.identifier!(identifier)
    identity_hash = Input.hash!(identity_hash)
    encoding = Input.encoding!(encoding, "text")

    if byte_size(secret) + byte_size(identifier) >= Input.dirty_bytes(),
      do: Native.verify_dirty(secret, encoding, identifier, identity_hash),
      else: Native.verify(secret, encoding, identifier, identity_hash)
  end

  @doc "Like `verify/4`, but returns the boolean and raises `IdentityHmac.Error`."
  @spec verify!(binary(), binary() | integer(), binary(), keyword()) :: boolean()
  def verify!(secret, identifier, identity_hash, options \\ []) do
    case verify(secret, identifier, identity_hash, options) do
      {:ok, verified} -> verified
      {:error, error} -> raise error
    end
  end

  @doc """
  A new secret: 32 bytes from the operating system's random source, as 64
  hex characters (use it with `secret_encoding: :hex`). Raises
  `IdentityHmac.Error` (`:random_source_failed`) if that source fails.
  """
  @spec generate_secret() :: String.t()
  def generate_secret do
    case Native.generate_secret() do
      {:ok, secret} -> secret
      {:error, error} -> raise error
    end
  end

  @doc "The version of the Rust core (the workspace's one version)."
  @spec version() :: String.t()
  def version, do: Native.version()
end
