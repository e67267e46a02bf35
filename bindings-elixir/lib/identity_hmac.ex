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

  @typedoc """
  A widget preset, the core's name with `-` written `_` (the tests check
  this list against the core's).
  """
  @type widget ::
          :chatwoot
          | :pylon
          | :intercom
          | :helpscout
          | :front
          | :plain
          | :chatbase
          | :gleap
          | :intercom_jwt
          | :zendesk

  @typedoc """
  The logged-in user: a map or keyword list with atom or binary keys among
  `identifier` (a binary or an integer), `email`, `name`, `avatar_url` and
  `phone_number`. `nil` values are left out; any other key is the core's
  `:unknown_field`.
  """
  @type user :: %{optional(atom() | String.t()) => String.t() | integer() | nil} | keyword()

  @doc "Every widget preset of the core, in the core's order."
  @spec widgets() :: [widget()]
  def widgets, do: Native.widgets()

  @doc "The user fields the presets take."
  @spec user_fields() :: [String.t()]
  def user_fields, do: Native.user_fields()

  @doc """
  The fields `widget`'s identify call takes, the hash (or token) included:
  `{:ok, %{field => value}}`.

      iex> IdentityHmac.identify(:chatwoot, "your_web_widget_hmac_token", %{identifier: "some_identifier"})
      {:ok, %{"identifier" => "some_identifier", "identifier_hash" => "32478ef17a559ea4600787200d58a8baeb0e223707316e62f2508e57bf4b75b9"}}

  The secret is decoded by the preset's encoding (Pylon's is `:hex`) unless
  `secret_encoding:` says otherwise. Token presets (`:intercom_jwt`,
  `:zendesk`) also take `expires_in:`, `key_id:` and `now:`. Errors:
  `:unknown_widget`, `:missing_field` (its `field`), `:unknown_field` and
  the secret's.
  """
  @spec identify(widget(), binary(), user(), keyword()) :: {:ok, %{String.t() => String.t()}} | {:error, Error.t()}
  def identify(widget, secret, user, options \\ []) do
    options = Input.options!(options, [:secret_encoding, :expires_in, :key_id, :now])

    with {:ok, fields} <- identify_call(:identify, widget, secret, user, options, []) do
      {:ok, Map.new(fields)}
    end
  end

  @doc "Like `identify/4`, but returns the fields and raises `IdentityHmac.Error`."
  @spec identify!(widget(), binary(), user(), keyword()) :: %{String.t() => String.t()}
  def identify!(widget, secret, user, options \\ []) do
    case identify(widget, secret, user, options) do
      {:ok, fields} -> fields
      {:error, error} -> raise error
    end
  end

  @doc """
  `widget`'s identify call as JavaScript for the page, every value
  JSON-encoded with `<`, `>`, `&`, `'`, U+2028 and U+2029 escaped, so a user
  named `</script>` stays inert: `{:ok, script}`. With `nonce:` (a CSP
  nonce, base64) it is the whole `<script nonce="...">` element.

  Options: those of `identify/4`, and `page:` (a map or keyword list of the
  values the page passes: `app_id` for Pylon and Intercom, `chatId` for
  Front, `appId` for Plain).
  """
  @spec identify_script(widget(), binary(), user(), keyword()) :: {:ok, String.t()} | {:error, Error.t()}
  def identify_script(widget, secret, user, options \\ []) do
    options = Input.options!(options, [:secret_encoding, :expires_in, :key_id, :now, :page, :nonce])
    identify_call(:identify_script, widget, secret, user, options, options.page || [])
  end

  @doc "Like `identify_script/4`, but returns the script and raises `IdentityHmac.Error`."
  @spec identify_script!(widget(), binary(), user(), keyword()) :: String.t()
  def identify_script!(widget, secret, user, options \\ []) do
    case identify_script(widget, secret, user, options) do
      {:ok, script} -> script
      {:error, error} -> raise error
    end
  end

  defp identify_call(call, widget, secret, user, options, page) do
    widget = widget!(widget)
    secret = Input.secret!(secret, "secret")
    encoding = if options.secret_encoding == nil, do: nil, else: Input.encoding!(options.secret_encoding, "text")
    user = pairs!(user, "user", &user_value!/2)
    token_options = token_options!(options)

    case call do
      :identify ->
        Native.identify(widget, secret, encoding, user, token_options)

      :identify_script ->
        page = pairs!(page, "page", &Input.text!(&1, "page[#{inspect(&2)}]"))
        nonce = if options.nonce == nil, do: nil, else: Input.text!(options.nonce, "nonce")
        Native.identify_script(widget, secret, encoding, user, token_options, page, nonce)
    end
  end

  # The core reads the preset's name: every atom (or binary) reaches it, and
  # an unknown one is its :unknown_widget.
  defp widget!(widget) when is_atom(widget) and widget != nil, do: Atom.to_string(widget)
  defp widget!(widget), do: raise(ArgumentError, Input.type_message("widget", "an atom (see widgets/0)", widget))

  # A map or keyword list as [{binary key, binary value}], nil values left out.
  defp pairs!(values, what, convert) when is_map(values) or is_list(values) do
    values
    |> Enum.to_list()
    |> Enum.flat_map(fn
      {_key, nil} ->
        []

      {key, value} ->
        key = key_name!(key, what)
        [{key, convert.(value, key)}]

      _ ->
        raise ArgumentError, Input.type_message(what, "a map or keyword list", values)
    end)
  end

  defp pairs!(values, what, _convert),
    do: raise(ArgumentError, Input.type_message(what, "a map or keyword list", values))

  defp key_name!(key, _what) when is_atom(key) and key != nil, do: Atom.to_string(key)
  defp key_name!(key, what), do: Input.text!(key, "a key of #{what}")

  # Integers sign (and render) as their decimal form, as the core does.
  defp user_value!(value, "identifier") when is_integer(value), do: Integer.to_string(value)
  defp user_value!(value, name), do: Input.text!(value, "user[#{inspect(name)}]")

  defp token_options!(options) do
    expires_in = options.expires_in
    now = options.now

    if expires_in != nil and not (is_integer(expires_in) and expires_in >= 0),
      do: raise(ArgumentError, Input.type_message("expires_in", "a non-negative integer (seconds)", expires_in))

    if now != nil and not is_integer(now),
      do: raise(ArgumentError, Input.type_message("now", "an integer (Unix seconds)", now))

    key_id = if options.key_id == nil, do: nil, else: Input.text!(options.key_id, "key_id")
    {expires_in, key_id, now}
  end

  @doc """
  An identity token (an HS256 JWT) of `claims`: `{:ok, token}`.

  `claims` is a map (atom or binary keys; values: binaries, numbers,
  booleans, `nil`, lists and maps), encoded to JSON here, or JSON text. The
  core refuses what is not an object, a claim given twice, or an `exp`,
  `nbf` or `iat` that is not an integer (`:invalid_claims`), adds `iat`, and
  with `expires_in:` sets `exp`. Options: `expires_in:` (seconds),
  `key_id:` (the header's `kid`), `now:` (Unix seconds, for tests) and
  `secret_encoding:` (`:text`, the default, or `:hex`).
  """
  @spec sign_token(binary(), map() | binary(), keyword()) :: {:ok, String.t()} | {:error, Error.t()}
  def sign_token(secret, claims, options \\ []) do
    options = Input.options!(options, [:expires_in, :key_id, :now, :secret_encoding])
    secret = Input.secret!(secret, "secret")
    encoding = Input.encoding!(options.secret_encoding, "text")

    unless is_map(claims) or is_binary(claims),
      do: raise(ArgumentError, Input.type_message("claims", "a map or a binary of JSON", claims))

    Native.sign_token(secret, encoding, claims, token_options!(options))
  end

  @doc "Like `sign_token/3`, but returns the token and raises `IdentityHmac.Error`."
  @spec sign_token!(binary(), map() | binary(), keyword()) :: String.t()
  def sign_token!(secret, claims, options \\ []) do
    case sign_token(secret, claims, options) do
      {:ok, token} -> token
      {:error, error} -> raise error
    end
  end

  @doc "The version of the Rust core (the workspace's one version)."
  @spec version() :: String.t()
  def version, do: Native.version()
end
