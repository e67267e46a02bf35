key = '<webwidget-hmac-token>'
message = '<identifier>'

signature = :crypto.mac(:hmac, :sha256, key, message)

Base.encode16(signature, case: :lower)
