<?php
// Run with opcache.preload=preload.php and ffi.enable=preload: the package must
// use the preloaded FFI scope, as PHP-FPM does in production.
declare(strict_types=1);

use IdentityHmac\Signer;

$scope = FFI::scope('IDENTITY_HMAC');
$hash = Signer::fromText('your_web_widget_hmac_token')->sign('some_identifier');
if ($hash !== '32478ef17a559ea4600787200d58a8baeb0e223707316e62f2508e57bf4b75b9' || $scope->identity_hmac_version() === '') {
    fwrite(STDERR, "preload check failed: $hash\n");
    exit(1);
}
// The plain-template function is preloaded too, and Composer's autoloader
// may require its file again ("files"): that must not redeclare it.
if (!function_exists('IdentityHmac\widget_tag')) {
    fwrite(STDERR, "preload check failed: IdentityHmac\\widget_tag() is not preloaded\n");
    exit(1);
}
require (getenv('IDENTITY_HMAC_PHP_PACKAGE') ?: dirname(__DIR__)) . '/src/functions.php';
$tag = IdentityHmac\widget_tag(IdentityHmac\Widget::Chatwoot, 'your_web_widget_hmac_token', ['identifier' => 'some_identifier'], nonce: 'bm9uY2U=');
if (!str_starts_with($tag, '<script nonce="bm9uY2U=">') || !str_contains($tag, 'identifier_hash: "' . $hash . '"')) {
    fwrite(STDERR, "preload check failed: $tag\n");
    exit(1);
}
$token = IdentityHmac\Token::sign('k', ['sub' => 's'], now: 1_700_000_000);
if ((new IdentityHmac\TokenVerifier(['k']))->verify($token, 1_700_000_000) !== ['iat' => 1_700_000_000, 'sub' => 's']) {
    fwrite(STDERR, "preload check failed: $token\n");
    exit(1);
}
echo 'preload check (ffi.enable=preload, opcache.preload): ok (Signer, widget_tag, Token, TokenVerifier), library ', $scope->identity_hmac_version(), "\n";
