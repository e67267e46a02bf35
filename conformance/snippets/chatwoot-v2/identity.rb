require 'openssl'

# Define your key and message
key = 'your_web_widget_hmac_token'
message = 'some_identifier'

# Generate the HMAC
identifier_hash = OpenSSL::HMAC.hexdigest('sha256', key, message)
