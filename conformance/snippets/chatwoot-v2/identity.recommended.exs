# Not published: what the README recommends instead of the published snippet.
# Binaries (double quotes), not charlists, and :crypto.mac/4 (OTP 22.1+).

# Define your key and message
key = "your_web_widget_hmac_token"
message = "some_identifier"

# Generate the HMAC
signature = :crypto.mac(:hmac, :sha256, key, message)

identifier_hash = Base.encode16(signature, case: :lower)
