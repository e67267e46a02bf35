# Define your key and identifier
key = 'your-secret-token-for-hmac'
identifier = 'unique-identifier-of-the-user'

# Generate the HMAC
signature = :crypto.mac(:hmac, :sha256, key, identifier)

identifier_hash = Base.encode16(signature, case: :lower)
