<?php
// Prints the header for php.ini's ffi.preload: the generated FFI header with
// the FFI_SCOPE and FFI_LIB lines that FFI::load() and ffi.preload need.
// Usage: php ffi-preload-header.php [/path/to/libidentity_hmac.so] > identity_hmac_preload.h
// (the library path defaults to the one the package would load; see README.md).
declare(strict_types=1);

require __DIR__ . '/autoload.php';

use IdentityHmac\Library;

$library = $argv[1] ?? Library::libraryPath();
$header = file_get_contents(Library::headerPath());
if ($header === false) {
    fwrite(STDERR, 'cannot read ' . Library::headerPath() . "\n");
    exit(1);
}
echo '#define FFI_SCOPE "', Library::SCOPE, "\"\n", '#define FFI_LIB "', $library, "\"\n", $header;
