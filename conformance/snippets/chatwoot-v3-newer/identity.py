import hashlib
import hmac

# Define your key and identifier
secret = bytes('your-secret-token-for-hmac', 'utf-8')
identifier = bytes('unique-identifier-of-the-user', 'utf-8')

# Generate the HMAC
hash = hmac.new(secret, identifier, hashlib.sha256)
identifier_hash = hash.hexdigest()
