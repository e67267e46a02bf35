defmodule Mix.Tasks.Compile.IdentityHmacNif do
  @moduledoc """
  Builds the NIF crate (`native/`) with cargo and copies the library to
  `priv/identity_hmac_nif.so`, where `IdentityHmac.Native` loads it.

  Defined here, not under `lib/`, because it must exist before the project's
  own modules are compiled. Set `IDENTITY_HMAC_NIF_PROFILE=dev` for a debug
  build; the default is the release profile, which the benchmark and the
  100,000-identifier tests need.
  """
  use Mix.Task.Compiler

  @impl true
  def run(_args) do
    root = Path.expand("..", __DIR__)
    profile = System.get_env("IDENTITY_HMAC_NIF_PROFILE", "release")
    {profile_flag, profile_dir} = if profile == "dev", do: {[], "debug"}, else: {["--release"], "release"}
    args = ["build", "--quiet", "--locked", "-p", "identity-hmac-elixir"] ++ profile_flag

    case System.cmd("cargo", args, cd: root, stderr_to_stdout: true) do
      {output, 0} ->
        IO.write(output)
        target = System.get_env("CARGO_TARGET_DIR", Path.join(root, "target"))
        built = Path.join([target, profile_dir, library_file()])
        File.mkdir_p!(Path.join(__DIR__, "priv"))
        copy_if_changed(built, Path.join([__DIR__, "priv", "identity_hmac_nif.so"]))
        {:ok, []}

      {output, status} ->
        diagnostic = %Mix.Task.Compiler.Diagnostic{
          compiler_name: "identity_hmac_nif",
          file: Path.join(__DIR__, "native/Cargo.toml"),
          message: "cargo build failed (exit #{status}):\n" <> output,
          position: nil,
          severity: :error
        }

        Mix.shell().error(diagnostic.message)
        {:error, [diagnostic]}
    end
  end

  # The library's name as cargo writes it on each platform.
  defp library_file do
    case :os.type() do
      {:unix, :darwin} -> "libidentity_hmac_nif.dylib"
      {:win32, _} -> "identity_hmac_nif.dll"
      _ -> "libidentity_hmac_nif.so"
    end
  end

  # A new inode only when the bytes change: a running VM that mapped the old
  # library keeps it, and an unchanged library is not re-copied.
  defp copy_if_changed(from, to) do
    unless File.exists?(to) and File.read!(from) == File.read!(to) do
      File.rm(to)
      File.cp!(from, to)
    end
  end
end

defmodule IdentityHmac.MixProject do
  use Mix.Project

  def project do
    [
      app: :identity_hmac,
      version: workspace_version(),
      elixir: "~> 1.14",
      compilers: [:identity_hmac_nif | Mix.compilers()],
      start_permanent: Mix.env() == :prod,
      deps: [],
      description: "Identity-verification hashes (HMAC-SHA256) for chat widgets: a NIF over identity-hmac's Rust core"
    ]
  end

  def application do
    [extra_applications: [:logger]]
  end

  # The workspace's one version ([workspace.package] of the root Cargo.toml),
  # which the NIF crate uses too.
  defp workspace_version do
    cargo_toml = File.read!(Path.expand("../Cargo.toml", __DIR__))

    case Regex.run(~r/\[workspace\.package\][^\[]*?\nversion = "([^"]+)"/s, cargo_toml) do
      [_, version] -> version
      nil -> Mix.raise("no version in [workspace.package] of the root Cargo.toml")
    end
  end
end
