package main

import (
"crypto/hmac"
"crypto/sha256"
"encoding/hex"
"fmt"
)

func main() {
// Define your key and identifier
key := []byte("your-secret-token-for-hmac")
identifier := []byte("unique-identifier-of-the-user")

// Generate the HMAC
hash := hmac.New(sha256.New, key)
hash.Write(identifier)
identifierHash := hex.EncodeToString(hash.Sum(nil))

// Print the HMAC
fmt.Println(identifierHash)
}
