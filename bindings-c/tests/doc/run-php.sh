#!/usr/bin/env bash
# Runs a PHP block of bindings-c/README.md in a fresh Composer project that
# installs the package from this checkout through a path repository (as the
# README's install section does), with PHP's default zend.exception_ignore_args=0.
# IDENTITY_HMAC_LIB points at the installed library.
# Usage: run-php.sh DIR/block.php
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$(dirname "$1")"
cat > composer.json <<JSON
{
    "require": {"identity-hmac/identity-hmac": "*@dev"},
    "repositories": [{"type": "path", "url": "$root/bindings-c/php"}, {"packagist": false}]
}
JSON
composer install --no-interaction --quiet
exec php -d zend.exception_ignore_args=0 "$1"
