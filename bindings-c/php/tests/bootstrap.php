<?php
declare(strict_types=1);

// IDENTITY_HMAC_PHP_PACKAGE points at an installed copy of the package under test.
$package = getenv('IDENTITY_HMAC_PHP_PACKAGE') ?: dirname(__DIR__);
require $package . '/autoload.php';
require __DIR__ . '/Corpus.php';
