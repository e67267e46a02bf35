<?php
// PSR-4 autoloader for use without Composer: require this file.
declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'IdentityHmac\\';
    if (strncmp($class, $prefix, strlen($prefix)) === 0) {
        $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});

// The plain-template function IdentityHmac\widget_tag() (Composer: "files").
require_once __DIR__ . '/src/functions.php';
