# Prelude of the "Building a C program" example of bindings-c/README.md: writes
# app.c, the README's C block marked `<!-- example: run file=app.c -->`, into the
# example's working directory.
awk '/^<!-- example: run file=app.c -->$/ { found = 1; next }
     found && /^```/ { if (inside) exit; inside = 1; next }
     inside' "$DOC_EXAMPLES_ROOT/bindings-c/README.md" > app.c
