<?php
declare(strict_types=1);

namespace IdentityHmac;

use FFI;
use FFI\CData;

/**
 * Signs and verifies identifiers under one secret. The key is set up once,
 * so keep one Signer per secret (for example per worker) rather than one per
 * request.
 *
 * Every parameter that holds a secret is #[\SensitiveParameter], so stack
 * traces show it as Object(SensitiveParameterValue) even with
 * zend.exception_ignore_args=Off.
 */
final class Signer
{
    private readonly FFI $ffi;
    private CData $out;
    /** The native signer; null once closed. */
    private ?CData $handle;

    private function __construct(CData $handle)
    {
        $this->handle = $handle;
        $this->ffi = Library::ffi();
        $this->out = $this->ffi->new('char[65]');
    }

    /** A text secret (Chatwoot's inbox HMAC token, Intercom, Help Scout, ...). */
    public static function fromText(#[\SensitiveParameter] string $token): self
    {
        return self::create($token, SecretEncoding::Text);
    }

    /** A hex secret (Pylon's identity secret). */
    public static function fromHex(#[\SensitiveParameter] string $secret): self
    {
        return self::create($secret, SecretEncoding::Hex);
    }

    /**
     * @throws InvalidSecretException EMPTY_SECRET or INVALID_HEX_SECRET, with getReason() and getPosition()
     * @throws IdentityHmacException  UNKNOWN_SECRET_ENCODING (an encoding name other than "text" or "hex")
     */
    public static function create(#[\SensitiveParameter] string $secret, SecretEncoding|string $encoding = SecretEncoding::Text): self
    {
        $ffi = Library::ffi();
        $encodingValue = Library::encoding($encoding);
        $handle = $ffi->new('identity_hmac_signer*');
        $detail = Library::errorDetail();
        $status = $ffi->identity_hmac_signer_new($secret, strlen($secret), $encodingValue, FFI::addr($handle), FFI::addr($detail));
        if ($status !== $ffi->IDENTITY_HMAC_OK) {
            Library::throwDetail($detail); // the detail, never the secret
        }
        return new self($handle);
    }

    /** A copy would free the same native handle twice. */
    private function __clone()
    {
    }

    /**
     * Frees the native signer and wipes its key state. Safe to call more than
     * once; any later call on this Signer throws ClosedException.
     */
    public function close(): void
    {
        if ($this->handle !== null) {
            $handle = $this->handle;
            $this->handle = null;
            $this->ffi->identity_hmac_signer_free($handle);
        }
    }

    public function __destruct()
    {
        $this->close();
    }

    /**
     * The identity hash of the identifier's bytes, as 64 lowercase hex characters.
     *
     * @param string|int $identifier an int is signed as its decimal string
     */
    public function sign(mixed $identifier): string
    {
        $identifier = Library::identifier($identifier);
        $status = $this->ffi->identity_hmac_signer_sign_hex($this->handle ?? self::closed(), $identifier, strlen($identifier), $this->out);
        if ($status !== $this->ffi->IDENTITY_HMAC_OK) {
            Library::throwStatus($status);
        }
        return FFI::string($this->out, 64);
    }

    /**
     * Benchmark floor: sign without the HMAC; not API. The same FFI call
     * shape and result string as sign(), without the hash (bench.php reaches
     * it through reflection).
     *
     * @param string|int $identifier
     */
    private function benchFloor(mixed $identifier): string
    {
        $identifier = Library::identifier($identifier);
        $status = $this->ffi->identity_hmac_bench_floor($this->handle ?? self::closed(), $identifier, strlen($identifier), $this->out);
        if ($status !== $this->ffi->IDENTITY_HMAC_OK) {
            Library::throwStatus($status);
        }
        return FFI::string($this->out, 64);
    }

    /**
     * The raw 32-byte identity hash.
     *
     * @param string|int $identifier
     */
    public function digest(mixed $identifier): string
    {
        $identifier = Library::identifier($identifier);
        $out = $this->ffi->new('uint8_t[32]');
        $status = $this->ffi->identity_hmac_signer_sign($this->handle ?? self::closed(), $identifier, strlen($identifier), $out);
        if ($status !== $this->ffi->IDENTITY_HMAC_OK) {
            Library::throwStatus($status);
        }
        return FFI::string($out, 32);
    }

    /**
     * Whether $hash (64 hex characters, either case) is the identity hash of
     * the identifier. Constant time; a malformed hash is false, a non-string
     * hash (null, ...) a TypeError.
     *
     * @param string|int $identifier
     */
    public function verify(mixed $identifier, string $hash): bool
    {
        $identifier = Library::identifier($identifier);
        $result = $this->ffi->identity_hmac_signer_verify_hex($this->handle ?? self::closed(), $identifier, strlen($identifier), $hash, strlen($hash));
        if ($result < 0) {
            Library::throwStatus($result);
        }
        return $result === 1;
    }

    private static function closed(): never
    {
        throw new ClosedException('identity-hmac: this Signer is closed');
    }
}
