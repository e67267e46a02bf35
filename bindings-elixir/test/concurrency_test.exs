defmodule IdentityHmac.ConcurrencyTest do
  # One Signer shared by 8 processes, 100,000 identifiers each, every hash
  # checked against :crypto (OTP's own HMAC).
  use ExUnit.Case, async: false

  alias IdentityHmac.Signer

  @processes 8
  @per_process 100_000
  @secret "your_web_widget_hmac_token"

  defp crypto_hash(identifier), do: :crypto.mac(:hmac, :sha256, @secret, identifier) |> Base.encode16(case: :lower)

  @tag timeout: 600_000
  test "8 processes share one Signer, 100,000 identifiers each: sign, sign_many and verify agree with :crypto" do
    signer = Signer.new!(@secret)
    :persistent_term.put({__MODULE__, :signer}, signer)

    results =
      1..@processes
      |> Enum.map(fn process ->
        Task.async(fn ->
          shared = :persistent_term.get({__MODULE__, :signer})
          identifiers = for i <- 1..@per_process, do: "user#{process}-#{i}@example.com"
          one_by_one = Enum.map(identifiers, &Signer.sign(shared, &1))
          batch = Signer.sign_many(shared, identifiers)
          expected = Enum.map(identifiers, &crypto_hash/1)
          verified = Enum.count(Enum.zip(identifiers, one_by_one), fn {id, hash} -> Signer.verify(shared, id, hash) end)
          {one_by_one == expected, batch == expected, verified, length(Enum.uniq(one_by_one))}
        end)
      end)
      |> Task.await_many(600_000)

    assert results == List.duplicate({true, true, @per_process, @per_process}, @processes)
    :persistent_term.erase({__MODULE__, :signer})
  end

  test "a Signer sent to another process and back signs the same" do
    signer = Signer.new!(@secret)
    parent = self()
    pid = spawn(fn -> receive(do: ({:sign, s} -> send(parent, {:signed, Signer.sign(s, "user@example.com"), s}))) end)
    send(pid, {:sign, signer})
    assert_receive {:signed, hash, back}, 10_000
    assert hash == crypto_hash("user@example.com")
    assert Signer.sign(back, "user@example.com") == hash
  end
end
