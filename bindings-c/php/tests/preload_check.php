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
echo 'preload check (ffi.enable=preload, opcache.preload): ok, library ', $scope->identity_hmac_version(), "\n";
