defmodule IdentityHmac.Error do
  @moduledoc """
  The error every function of `IdentityHmac` returns (`{:error, error}`) or
  raises (the `!` functions).

  `code` is an atom (`:empty_secret`, `:invalid_hex_secret`, ...);
  `code_string` is the same code as every other language reports it
  (`"EMPTY_SECRET"`, `"INVALID_HEX_SECRET"`, ...). The details are those of
  the core: `reason` (a fixed phrase such as `"odd length"`), `position` (the
  0-based offset of a hex error), `secret_index` (which secret of a
  Verifier's list), `field` (the user field a preset lacks) and `claim` (the
  token claim at fault). No field and no message ever holds a secret or any
  character of one.

  Wrong argument *types* are not this error: they raise `ArgumentError`.
  """

  @codes [
    :empty_secret,
    :invalid_hex_secret,
    :invalid_text_secret,
    :unknown_secret_encoding,
    :no_secrets,
    :too_many_secrets,
    :malformed_hash,
    :mismatch,
    :random_source_failed,
    :out_of_memory,
    :unknown_widget,
    :missing_field,
    :unknown_field,
    :invalid_nonce,
    :malformed_token,
    :unsupported_algorithm,
    :unknown_key_id,
    :bad_signature,
    :token_expired,
    :token_not_yet_valid,
    :lifetime_too_long,
    :missing_claim,
    :invalid_claims
  ]

  @typedoc "Every error code of the core, as an atom (the tests check this list against the core's)."
  @type code ::
          :empty_secret
          | :invalid_hex_secret
          | :invalid_text_secret
          | :unknown_secret_encoding
          | :no_secrets
          | :too_many_secrets
          | :malformed_hash
          | :mismatch
          | :random_source_failed
          | :out_of_memory
          | :unknown_widget
          | :missing_field
          | :unknown_field
          | :invalid_nonce
          | :malformed_token
          | :unsupported_algorithm
          | :unknown_key_id
          | :bad_signature
          | :token_expired
          | :token_not_yet_valid
          | :lifetime_too_long
          | :missing_claim
          | :invalid_claims

  @type t :: %__MODULE__{
          code: code(),
          code_string: String.t(),
          message: String.t(),
          reason: String.t() | nil,
          position: non_neg_integer() | nil,
          secret_index: non_neg_integer() | nil,
          field: String.t() | nil,
          claim: String.t() | nil
        }

  defexception [:code, :code_string, :message, :reason, :position, :secret_index, :field, :claim]

  @doc "Every error code, in the core's order."
  @spec codes() :: [code()]
  def codes, do: @codes

  @doc """
  Whether `error` is about a secret's value (`:empty_secret`,
  `:invalid_hex_secret`, `:invalid_text_secret`).
  """
  @spec invalid_secret?(t()) :: boolean()
  def invalid_secret?(%__MODULE__{code: code}), do: code in [:empty_secret, :invalid_hex_secret, :invalid_text_secret]
end
