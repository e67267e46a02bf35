<?php
declare(strict_types=1);

namespace IdentityHmac;

use FFI;
use FFI\CData;

/**
 * Verifies under 1 to 16 secrets, newest first, for key rotation. Every
 * check computes every candidate, so timing does not reveal which matched.
 * Secret lists are #[\SensitiveParameter], as in Signer.
 */
final class Verifier
{
    private readonly FFI $ffi;
    /** The native verifier; null once closed. */
    private ?CData $handle;

    private function __construct(CData $handle)
    {
        $this->handle = $handle;
        $this->ffi = Library::ffi();
    }

    /** @param list<string> $tokens newest first */
    public static function fromText(#[\SensitiveParameter] array $tokens): self
    {
        return self::create($tokens, SecretEncoding::Text);
    }

    /** @param list<string> $secrets newest first */
    public static function fromHex(#[\SensitiveParameter] array $secrets): self
    {
        return self::create($secrets, SecretEncoding::Hex);
    }

    /**
     * @param list<string> $secrets newest first
     * @throws InvalidSecretException EMPTY_SECRET or INVALID_HEX_SECRET, with getSecretIndex()
     * @throws IdentityHmacException  NO_SECRETS, TOO_MANY_SECRETS or UNKNOWN_SECRET_ENCODING
     */
    public static function create(#[\SensitiveParameter] array $secrets, SecretEncoding|string $encoding = SecretEncoding::Text): self
    {
        $ffi = Library::ffi();
        $encodingValue = Library::encoding($encoding);
        // The library refuses a list longer than its maximum by the count alone,
        // before it reads the arrays: only the first MAX + 1 secrets are ever
        // checked or copied, whatever the length of the list.
        $count = count($secrets);
        $secrets = array_values(array_slice($secrets, 0, $ffi->identity_hmac_max_secrets() + 1));
        foreach ($secrets as $secret) {
            if (!is_string($secret)) {
                throw new \TypeError('identity-hmac: every secret must be a string, got ' . get_debug_type($secret));
            }
        }
        // C needs an array of pointers: copy each secret into C memory, and wipe it afterwards.
        $pointers = $ffi->new('const char*[' . max(count($secrets), 1) . ']');
        $lengths = $ffi->new('size_t[' . max(count($secrets), 1) . ']');
        $buffers = [];
        foreach ($secrets as $i => $secret) {
            $length = strlen($secret);
            $buffers[$i] = $ffi->new('char[' . max($length, 1) . ']');
            FFI::memcpy($buffers[$i], $secret, $length);
            $pointers[$i] = FFI::cast('const char*', FFI::addr($buffers[$i][0]));
            $lengths[$i] = $length;
        }
        $handle = $ffi->new('identity_hmac_verifier*');
        $detail = Library::errorDetail();
        try {
            $status = $ffi->identity_hmac_verifier_new($pointers, $lengths, $count, $encodingValue, FFI::addr($handle), FFI::addr($detail));
        } finally {
            foreach ($buffers as $buffer) {
                FFI::memset($buffer, 0, FFI::sizeof($buffer));
            }
        }
        if ($status !== $ffi->IDENTITY_HMAC_OK) {
            Library::throwDetail($detail); // the detail (with the secret's index), never a secret
        }
        return new self($handle);
    }

    /** A copy would free the same native handle twice. */
    private function __clone()
    {
    }

    /**
     * Frees the native verifier and wipes its key states. Safe to call more
     * than once; any later call on this Verifier throws ClosedException.
     */
    public function close(): void
    {
        if ($this->handle !== null) {
            $handle = $this->handle;
            $this->handle = null;
            $this->ffi->identity_hmac_verifier_free($handle);
        }
    }

    public function __destruct()
    {
        $this->close();
    }

    /**
     * Whether $hash matches the identifier under any of the secrets.
     *
     * @param string|int $identifier
     */
    public function verify(mixed $identifier, string $hash): bool
    {
        $identifier = Library::identifier($identifier);
        $result = $this->ffi->identity_hmac_verifier_verify_hex($this->handle ?? self::closed(), $identifier, strlen($identifier), $hash, strlen($hash));
        if ($result < 0) {
            Library::throwStatus($result);
        }
        return $result === 1;
    }

    /**
     * The index (0 = newest) of the first secret under which $hash matches, or null.
     *
     * @param string|int $identifier
     */
    public function matchingKey(mixed $identifier, string $hash): ?int
    {
        $identifier = Library::identifier($identifier);
        $index = $this->ffi->new('size_t');
        $status = $this->ffi->identity_hmac_verifier_matching_key(
            $this->handle ?? self::closed(), $identifier, strlen($identifier), $hash, strlen($hash), FFI::addr($index));
        return match ($status) {
            $this->ffi->IDENTITY_HMAC_OK => $index->cdata,
            $this->ffi->IDENTITY_HMAC_MALFORMED_HASH, $this->ffi->IDENTITY_HMAC_MISMATCH => null,
            default => Library::throwStatus($status),
        };
    }

    private static function closed(): never
    {
        throw new ClosedException('identity-hmac: this Verifier is closed');
    }
}
