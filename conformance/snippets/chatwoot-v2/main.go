package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

func main() {
	// Define your key and message
	key := []byte("your_web_widget_hmac_token")
	message := []byte("some_identifier")

	// Generate the HMAC
	hash := hmac.New(sha256.New, key)
	hash.Write(message)
	identifierHash := hex.EncodeToString(hash.Sum(nil))

	// Print the HMAC
	fmt.Println(identifierHash)
}

