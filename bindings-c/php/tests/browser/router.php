<?php
// The browser test's app, for PHP's built-in server (php -S 127.0.0.1:PORT router.php):
// one page per preset, rendered by page.php, a plain PHP template that prints
// IdentityHmac\widget_tag(). The user, secrets, page values, key id and nonce
// come from browser-tests/fixture.json ($IDENTITY_HMAC_FIXTURE).
//   /PRESET        the identify script in a plain <script> element
//   /nonce/PRESET  the element with the CSP nonce, served with Content-Security-Policy: script-src 'nonce-...'
// The package under test is $IDENTITY_HMAC_PHP_PACKAGE, preloaded as in
// production (ffi.enable=preload, opcache.preload) or required here.
declare(strict_types=1);

use IdentityHmac\TokenOptions;
use IdentityHmac\Widget;

if (!function_exists('IdentityHmac\widget_tag')) {
    require getenv('IDENTITY_HMAC_PHP_PACKAGE') . '/autoload.php';
}

$fixture = json_decode((string) file_get_contents((string) getenv('IDENTITY_HMAC_FIXTURE')), true, 512, JSON_THROW_ON_ERROR);
$path = (string) parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH);
if (preg_match('#^/(nonce/)?([a-z-]+)$#', $path, $match) !== 1 || ($widget = Widget::tryFrom($match[2])) === null) {
    http_response_code(404);
    header('Content-Type: text/plain; charset=utf-8');
    echo "no page here\n";
    return true;
}
$nonce = $match[1] === '' ? null : $fixture['nonce'];
$preset = $widget->value;
$page = [
    'title' => "identity-hmac PHP: $preset",
    'stub' => '/identity-hmac-stubs/' . ($widget === Widget::IntercomJwt ? 'intercom' : $preset) . '.js',
    'widget' => $widget,
    'secret' => $fixture['secrets'][$preset],
    'user' => $fixture['user'], // the identifier is an int above 2^53, exact in a PHP int
    'values' => $fixture['page'][$preset] ?? [],
    'nonce' => $nonce,
    'options' => isset($fixture['key_ids'][$preset]) ? new TokenOptions(keyId: $fixture['key_ids'][$preset]) : null,
];
header('Content-Type: text/html; charset=utf-8');
if ($nonce !== null) {
    header("Content-Security-Policy: script-src 'nonce-$nonce'; object-src 'none'; base-uri 'none'");
}
(static function (array $page): void {
    require __DIR__ . '/page.php';
})($page);
return true;
