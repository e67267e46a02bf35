# Prelude of the README's API overview (scripts/doc_examples.py puts it before
# the block): the values its placeholder names stand for.
secret = "your_web_widget_hmac_token"
new_secret, old_secret = "new-token", secret
identifier = "some_identifier"
hash = "32478ef17a559ea4600787200d58a8baeb0e223707316e62f2508e57bf4b75b9"  # noqa: A001
identifiers = ["a", b"b", 42]
