defmodule IdentityHmac.Native do
  # The NIF (native/, built by `mix compile` into priv/). Every function here
  # is replaced by the library when the module loads; the bodies only run
  # when it failed to load. Functions that take a secret never raise: they
  # return {:error, %IdentityHmac.Error{}} or :badarg, and the caller raises,
  # so no secret lands in a stack trace.
  @moduledoc false

  @on_load :load_nif

  @doc false
  def load_nif do
    :erlang.load_nif(String.to_charlist(library_path()), 0)
  end

  # priv/identity_hmac_nif (the BEAM adds the extension).
  defp library_path do
    case :code.priv_dir(:identity_hmac) do
      {:error, _} -> Path.join([Path.dirname(:code.which(__MODULE__)), "..", "priv", "identity_hmac_nif"])
      priv -> Path.join(priv, "identity_hmac_nif")
    end
  end

  defp not_loaded, do: :erlang.nif_error(:nif_not_loaded)

  def signer_new(_secret, _encoding), do: not_loaded()
  def signer_new_dirty(_secret, _encoding), do: not_loaded()
  def signer_sign(_signer, _identifier), do: not_loaded()
  def signer_sign_dirty(_signer, _identifier), do: not_loaded()
  # Benchmark floor (bench/elixir.exs): signer_sign without the HMAC; not API.
  def signer_bench_floor(_signer, _identifier), do: not_loaded()
  def signer_bench_floor_dirty(_signer, _identifier), do: not_loaded()
  def signer_digest(_signer, _identifier), do: not_loaded()
  def signer_digest_dirty(_signer, _identifier), do: not_loaded()
  def signer_verify(_signer, _identifier, _hash), do: not_loaded()
  def signer_verify_dirty(_signer, _identifier, _hash), do: not_loaded()
  def signer_sign_many(_signer, _identifiers), do: not_loaded()
  def signer_sign_many_dirty(_signer, _identifiers), do: not_loaded()
  def verifier_new(_secrets, _encoding), do: not_loaded()
  def verifier_new_dirty(_secrets, _encoding), do: not_loaded()
  def verifier_verify(_verifier, _identifier, _hash), do: not_loaded()
  def verifier_verify_dirty(_verifier, _identifier, _hash), do: not_loaded()
  def verifier_matching_key(_verifier, _identifier, _hash), do: not_loaded()
  def verifier_matching_key_dirty(_verifier, _identifier, _hash), do: not_loaded()
  def verifier_size(_verifier), do: not_loaded()
  def sign(_secret, _encoding, _identifier), do: not_loaded()
  def sign_dirty(_secret, _encoding, _identifier), do: not_loaded()
  def verify(_secret, _encoding, _identifier, _hash), do: not_loaded()
  def verify_dirty(_secret, _encoding, _identifier, _hash), do: not_loaded()
  def generate_secret, do: not_loaded()
  def error_codes, do: not_loaded()
  def version, do: not_loaded()
  def max_secrets, do: not_loaded()
  def dirty_threshold, do: not_loaded()
  def widgets, do: not_loaded()
  def user_fields, do: not_loaded()
  def identify(_widget, _secret, _encoding, _user, _options), do: not_loaded()
  def identify_script(_widget, _secret, _encoding, _user, _options, _page, _nonce), do: not_loaded()
  def sign_token(_secret, _encoding, _claims, _options), do: not_loaded()
  def token_verifier_new(_keys, _encoding, _leeway, _max_lifetime, _required), do: not_loaded()
  def token_verifier_verify(_verifier, _token, _now), do: not_loaded()
  def token_verifier_info(_verifier), do: not_loaded()
end
