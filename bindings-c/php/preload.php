<?php
// opcache.preload script for production (PHP-FPM) with ffi.enable=preload,
// the secure default: it compiles the package's classes into the preload
// set, because with ffi.enable=preload only preloaded code may use FFI, and
// makes sure the FFI scope IDENTITY_HMAC exists. See README.md.
declare(strict_types=1);

require __DIR__ . '/autoload.php';

(static function (): void {
    try {
        FFI::scope(IdentityHmac\Library::SCOPE); // registered by ffi.preload
    } catch (FFI\Exception) {
        // No ffi.preload: load the scope here. PHP refuses FFI::load() when
        // opcache.preload_user is set (a root master process): use ffi.preload then.
        $file = tempnam(sys_get_temp_dir(), 'identity_hmac_ffi');
        $header = "#define FFI_SCOPE \"" . IdentityHmac\Library::SCOPE . "\"\n"
            . "#define FFI_LIB \"" . IdentityHmac\Library::libraryPath() . "\"\n"
            . file_get_contents(IdentityHmac\Library::headerPath());
        file_put_contents($file, $header);
        try {
            FFI::load($file);
        } finally {
            unlink($file);
        }
    }
    $loaded = array_map('realpath', get_included_files());
    foreach (glob(__DIR__ . '/src/*.php') ?: [] as $file) {
        if (!in_array(realpath($file), $loaded, true)) {
            opcache_compile_file($file);
        }
    }
})();
