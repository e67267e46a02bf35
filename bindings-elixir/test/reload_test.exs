defmodule IdentityHmac.ReloadTest do
  # Loading the NIF twice and hot code reload must leave the VM running and
  # every Signer working. Each scenario runs in a fresh VM (a child
  # `elixir`), so a crash is a failed test rather than the end of the suite.
  use ExUnit.Case, async: true

  @ebin Mix.Project.compile_path()

  # Runs `script` in a new VM with the compiled project on its code path;
  # returns its exit status and output.
  defp in_fresh_vm(script) do
    System.cmd("elixir", ["-pa", @ebin, "-e", script], stderr_to_stdout: true)
  end

  @prelude """
  signer = IdentityHmac.Signer.new!("reload-test-secret")
  hash = IdentityHmac.Signer.sign(signer, "user@example.com")
  check = fn label, value -> IO.puts("\#{label}: \#{inspect(value)}") end
  same = fn signer -> IdentityHmac.Signer.sign(signer, "user@example.com") == hash end
  """

  test "a second :erlang.load_nif is refused and changes nothing" do
    {output, status} =
      in_fresh_vm(
        @prelude <>
          """
          check.("second load", IdentityHmac.Native.load_nif())
          check.("old signer", same.(signer))
          check.("new signer", same.(IdentityHmac.Signer.new!("reload-test-secret")))
          """
      )

    assert status == 0, output
    assert output =~ ~s(second load: {:error, {:reload, 'NIF library already loaded)
    assert output =~ "old signer: true"
    assert output =~ "new signer: true"
  end

  test "hot reload of IdentityHmac.Native (a new version of the module) is refused; the running code keeps working" do
    {output, status} =
      in_fresh_vm(
        @prelude <>
          """
          {module, beam, file} = :code.get_object_code(IdentityHmac.Native)
          check.("reload", :code.load_binary(module, file, beam))
          check.("old signer", same.(signer))
          check.("new signer", same.(IdentityHmac.Signer.new!("reload-test-secret")))
          check.("soft purge", :code.soft_purge(module))
          check.("reload again", :code.load_binary(module, file, beam))
          check.("old signer again", same.(signer))
          """
      )

    assert status == 0, output
    # rustler gives the BEAM no upgrade callback, so the new version's
    # on_load fails and the old version stays current.
    assert output =~ "reload: {:error, :on_load_failure}"
    assert output =~ "Upgrade not supported by this NIF library"
    assert output =~ "old signer: true"
    assert output =~ "new signer: true"
    assert output =~ "reload again: {:error, :on_load_failure}"
    assert output =~ "old signer again: true"
  end

  test "hot reload of the Elixir modules keeps existing Signers and Verifiers working" do
    {output, status} =
      in_fresh_vm(
        @prelude <>
          """
          verifier = IdentityHmac.Verifier.new!(["reload-test-secret"])
          for module <- [IdentityHmac.Signer, IdentityHmac.Verifier, IdentityHmac, IdentityHmac.Input] do
            {module, beam, file} = :code.get_object_code(module)
            {:module, ^module} = :code.load_binary(module, file, beam)
            {:module, ^module} = :code.load_binary(module, file, beam)
          end
          check.("old signer", same.(signer))
          check.("old verifier", IdentityHmac.Verifier.matching_key(verifier, "user@example.com", hash))
          """
      )

    assert status == 0, output
    assert output =~ "old signer: true"
    assert output =~ "old verifier: 0"
  end

  test "deleting and purging IdentityHmac.Native, then loading it afresh" do
    {output, status} =
      in_fresh_vm(
        @prelude <>
          """
          check.("delete", :code.delete(IdentityHmac.Native))
          check.("purge", :code.purge(IdentityHmac.Native))
          check.("load", Code.ensure_loaded(IdentityHmac.Native))
          check.("new signer", same.(IdentityHmac.Signer.new!("reload-test-secret")))
          # A Signer made by the purged library has a resource type the new one
          # does not know: an ArgumentError, not a crash.
          check.("old signer", try(do: same.(signer), rescue: (error in ArgumentError -> error)))
          :erlang.garbage_collect()
          check.("alive", true)
          """
      )

    assert status == 0, output
    assert output =~ "load: {:module, IdentityHmac.Native}"
    assert output =~ "new signer: true"
    assert output =~ "old signer: %ArgumentError{"
    assert output =~ "alive: true"
  end
end
