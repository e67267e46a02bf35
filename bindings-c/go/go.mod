module github.com/identity-hmac/identity-hmac/bindings-c/go

go 1.24
