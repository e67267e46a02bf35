import hashlib
import hmac

# Define your key and message
secret = bytes('your_web_widget_hmac_token', 'utf-8')
message = bytes('some_identifier', 'utf-8')

# Generate the HMAC
hash = hmac.new(secret, message, hashlib.sha256)
identifier_hash = hash.hexdigest()
