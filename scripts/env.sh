# Sourced by the project's scripts: puts the toolchains on PATH.
for dir in "$HOME/.cargo/bin" /usr/local/go/bin "$HOME/go/bin"; do
    case ":$PATH:" in *":$dir:"*) ;; *) [ -d "$dir" ] && PATH="$dir:$PATH" ;; esac
done
export PATH
