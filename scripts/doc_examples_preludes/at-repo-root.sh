# Prelude for console examples that run from the repository root (doc_examples.py sets DOC_EXAMPLES_ROOT).
cd "$DOC_EXAMPLES_ROOT"
