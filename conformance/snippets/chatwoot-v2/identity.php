<?php

// Define your key and message
$key = 'your_web_widget_hmac_token';
$message = 'some_identifier';

// Generate the HMAC
$identifier_hash = hash_hmac('sha256', $message, $key);
?>

