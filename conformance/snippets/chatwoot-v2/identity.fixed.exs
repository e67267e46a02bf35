# Define your key and message
key = 'your_web_widget_hmac_token'
message = 'some_identifier'

# Generate the HMAC
signature = :crypto.mac(:hmac, :sha256, key, message)

identifier_hash = Base.encode16(signature, case: :lower)
