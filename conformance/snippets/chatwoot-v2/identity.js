const crypto = require("crypto");

// Define your key and message
const key = "your_web_widget_hmac_token";
const message = "some_identifier";

// Generate the HMAC
const identifierHash = crypto
  .createHmac("sha256", key)
  .update(message)
  .digest("hex");
