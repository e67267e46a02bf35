<?php

// Define your key and message
$key = 'your-secret-token-for-hmac';
$identifier = 'unique-identifier-of-the-user';

// Generate the HMAC
$identifier_hash = hash_hmac('sha256', $identifier, $key);
?>
