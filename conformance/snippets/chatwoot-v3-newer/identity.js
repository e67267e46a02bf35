const crypto = require("crypto");

// Define your key and identifier
const key = "your-secret-token-for-hmac";
const identifier = "unique-identifier-key-of-the-user";

// Generate the HMAC
const identifierHash = crypto
.createHmac("sha256", key)
.update(identifier)
.digest("hex");
