defmodule IdentityHmac.WidgetsTest do
  # The presets: the atoms are the core's, the hashes are :crypto's, the
  # rendered call escapes a hostile user, and every refusal is the core's.
  use ExUnit.Case, async: true

  alias IdentityHmac.{Error, Native}

  @token "your_web_widget_hmac_token"
  @pylon "3f8a1c5e9b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3a"

  defp crypto(key, message), do: :crypto.mac(:hmac, :sha256, key, message) |> Base.encode16(case: :lower)

  test "widgets/0 is the core's list, and the widget type lists the same atoms" do
    assert IdentityHmac.widgets() == Native.widgets()
    assert :intercom_jwt in IdentityHmac.widgets() and :chatwoot in IdentityHmac.widgets()
    {:ok, types} = Code.Typespec.fetch_types(IdentityHmac)
    {:type, {:widget, {:type, _, :union, atoms}, []}} = Enum.find(types, &match?({:type, {:widget, _, _}}, &1))
    assert Enum.map(atoms, fn {:atom, _, atom} -> atom end) == IdentityHmac.widgets()
    assert IdentityHmac.user_fields() == ~w[identifier email name avatar_url phone_number]
  end

  test "identify: the fields of each hash preset, hashed as :crypto does" do
    user = %{identifier: "42", email: "user@example.com", name: "José"}
    assert {:ok, %{"identifier_hash" => hash}} = IdentityHmac.identify(:chatwoot, @token, user)
    assert hash == crypto(@token, "42")
    assert {:ok, %{"email_hash" => hash}} = IdentityHmac.identify(:pylon, @pylon, user)
    assert hash == crypto(Base.decode16!(@pylon, case: :lower), "user@example.com")
    assert {:ok, %{"user_hash" => hash}} = IdentityHmac.identify(:intercom, @token, user)
    assert hash == crypto(@token, "42")
    assert {:ok, %{"signature" => hash}} = IdentityHmac.identify(:helpscout, @token, Map.delete(user, :identifier))
    assert hash == crypto(@token, "user@example.com")
    # Integers sign as their decimal form; keyword lists and binary keys work too.
    assert IdentityHmac.identify(:chatwoot, @token, identifier: 42) ==
             IdentityHmac.identify(:chatwoot, @token, %{"identifier" => "42"})

    # The preset's encoding can be overridden.
    assert {:ok, %{"email_hash" => hash}} = IdentityHmac.identify(:pylon, "text-key", user, secret_encoding: :text)
    assert hash == crypto("text-key", "user@example.com")
  end

  test "identify_script: escaped values, the nonce's element, page values" do
    user = %{identifier: "</script><script>alert(1)</script>", name: "O'Brien & <Co>"}
    {:ok, script} = IdentityHmac.identify_script(:chatwoot, @token, user, nonce: "bm9uY2U=")
    assert String.starts_with?(script, ~s(<script nonce="bm9uY2U=">))
    refute script =~ "</script><script>"
    refute script =~ "O'Brien"
    assert script =~ crypto(@token, user.identifier)
    {:ok, script} = IdentityHmac.identify_script(:pylon, @pylon, %{email: "user@example.com"}, page: [app_id: "app-1"])
    assert script =~ "app-1"

    assert {:error, %Error{code: :missing_field, field: "app_id"}} =
             IdentityHmac.identify_script(:pylon, @pylon, %{email: "user@example.com"})

    assert {:error, %Error{code: :invalid_nonce}} =
             IdentityHmac.identify_script(:chatwoot, @token, %{identifier: "1"}, nonce: "not a nonce")

    assert IdentityHmac.identify_script!(:chatwoot, @token, %{identifier: "1"}) =~ "setUser"
  end

  test "refusals: unknown presets and fields, missing values, bad secrets, wrong types" do
    for name <- [:"intercom-jwt", :mystery, :Chatwoot] do
      assert {:error, %Error{code: :unknown_widget}} = IdentityHmac.identify(name, @token, %{identifier: "1"})
    end

    assert {:error, %Error{code: :unknown_field}} =
             IdentityHmac.identify(:chatwoot, @token, %{identifier: "1", nickname: "x"})

    assert {:error, %Error{code: :missing_field, field: "identifier"}} = IdentityHmac.identify(:chatwoot, @token, %{})
    assert {:error, %Error{code: :invalid_hex_secret}} = IdentityHmac.identify(:pylon, "not hex", %{email: "a@b"})
    assert {:error, %Error{code: :empty_secret}} = IdentityHmac.identify(:chatwoot, "", %{identifier: "1"})

    assert IdentityHmac.identify(:chatwoot, @token, %{identifier: "1", name: nil}) ==
             IdentityHmac.identify(:chatwoot, @token, %{identifier: "1"})

    assert_raise ArgumentError, ~r/widget must be an atom/, fn -> IdentityHmac.identify("chatwoot", @token, %{}) end

    assert_raise ArgumentError, ~r/user must be a map or keyword list/, fn ->
      IdentityHmac.identify(:chatwoot, @token, ["x"])
    end

    assert_raise ArgumentError, ~r/not a charlist/, fn ->
      IdentityHmac.identify(:chatwoot, @token, %{identifier: ~c"x"})
    end

    assert_raise ArgumentError, ~r/must be valid UTF-8/, fn ->
      IdentityHmac.identify(:chatwoot, @token, %{name: <<0xFF>>})
    end

    assert_raise IdentityHmac.Error, fn -> IdentityHmac.identify!(:chatwoot, @token, %{}) end
  end

  test "token presets: Intercom's and Zendesk's tokens, checked by TokenVerifier" do
    {:ok, %{"intercom_user_jwt" => token}} =
      IdentityHmac.identify(:intercom_jwt, @token, %{identifier: 42, email: "a@example.com"},
        expires_in: 60,
        now: 1_700_000_000
      )

    verifier = IdentityHmac.TokenVerifier.new!([@token])

    assert {:ok, %{"user_id" => "42", "exp" => 1_700_000_060}} =
             IdentityHmac.TokenVerifier.verify(verifier, token, now: 1_700_000_000)

    assert {:error, %Error{code: :missing_field, field: "key_id"}} =
             IdentityHmac.identify(:zendesk, @token, %{identifier: "1", name: "n", email: "e@x"})

    assert {:ok, _} =
             IdentityHmac.identify(:zendesk, @token, %{identifier: "1", name: "n", email: "e@x"}, key_id: "app_1")
  end
end
