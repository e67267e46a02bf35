require 'openssl'

# Define your key and identifier
key = 'your-secret-token-for-hmac'
identifier = 'unique-identifier-of-the-user'

# Generate the HMAC
identifier_hash = OpenSSL::HMAC.hexdigest('sha256', key, identifier)
