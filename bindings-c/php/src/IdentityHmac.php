<?php
declare(strict_types=1);

namespace IdentityHmac;

use FFI;

/** Library-wide helpers. */
final class IdentityHmac
{
    /** A new secret: 32 bytes from the OS CSPRNG as 64 lowercase hex characters (use with Signer::fromHex). */
    public static function generateSecret(): string
    {
        $ffi = Library::ffi();
        $out = $ffi->new('char[65]');
        $status = $ffi->identity_hmac_generate_secret_hex($out);
        if ($status !== 0) {
            Library::throwStatus($status);
        }
        return FFI::string($out, 64);
    }

    /** The version of the loaded C library. */
    public static function version(): string
    {
        // PHP FFI returns a `const char *` result as a PHP string.
        return Library::ffi()->identity_hmac_version();
    }
}
