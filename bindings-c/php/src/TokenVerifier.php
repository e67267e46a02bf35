<?php
declare(strict_types=1);

namespace IdentityHmac;

use FFI;
use FFI\CData;

/**
 * Verifies HS256 identity tokens under 1 to 16 keys, newest first, each with
 * an optional key id, and checks their exp, nbf and iat with a leeway, an
 * optional longest lifetime and the claims every token must have. Only
 * HS256 is accepted: "none", RS256, HS384 and every other alg are refused
 * before any key is used. A token with a kid is checked under that key; one
 * without under every key, in constant time. Keys are #[\SensitiveParameter].
 */
final class TokenVerifier
{
    private readonly FFI $ffi;
    /** The native verifier; null once closed. */
    private ?CData $handle;

    /**
     * @param list<string|array{string, string}> $keys newest first: secrets, or [keyId, secret] pairs
     *        (a token's kid then picks its key; mixed lists are allowed)
     * @param int $leeway seconds of clock skew allowed for exp, nbf and iat
     * @param ?int $maxLifetime the longest exp - iat accepted (tokens then need both), or null for no limit
     * @param list<string> $requiredClaims claims every token must have (MISSING_CLAIM)
     * @throws InvalidSecretException EMPTY_SECRET or INVALID_HEX_SECRET, with getSecretIndex()
     * @throws IdentityHmacException  NO_SECRETS, TOO_MANY_SECRETS or UNKNOWN_SECRET_ENCODING
     * @throws \TypeError a key that is neither a string nor a [keyId, secret] pair of strings
     * @throws \ValueError a negative leeway or maxLifetime
     */
    public function __construct(
        #[\SensitiveParameter] array $keys,
        SecretEncoding|string $encoding = SecretEncoding::Text,
        int $leeway = 60,
        ?int $maxLifetime = null,
        array $requiredClaims = [],
    ) {
        $this->handle = null;
        $ffi = $this->ffi = Library::ffi();
        if ($leeway < 0 || ($maxLifetime !== null && $maxLifetime < 0)) {
            throw new \ValueError('identity-hmac: leeway and maxLifetime must be 0 or more seconds');
        }
        if (!array_is_list($keys)) {
            // A map of key id => secret would lose numeric key ids to int keys.
            throw new \TypeError('identity-hmac: the keys must be a list of secrets or of [keyId, secret] pairs');
        }
        if (!array_is_list($requiredClaims)) {
            throw new \TypeError('identity-hmac: the required claims must be a list of claim names');
        }
        $encodingValue = Library::encoding($encoding);
        // As Verifier: the library refuses too many keys by the count alone,
        // so only the first MAX + 1 are ever read or copied.
        $count = count($keys);
        $keys = array_slice($keys, 0, $ffi->identity_hmac_max_secrets() + 1);
        $n = max(count($keys), 1);
        $secrets = $ffi->new("const char*[$n]");
        $secretLengths = $ffi->new("size_t[$n]");
        $keyIds = $ffi->new("const char*[$n]");
        $keyIdLengths = $ffi->new("size_t[$n]");
        $buffers = [];
        $keep = [];
        $detail = Library::errorDetail();
        $handle = $ffi->new('identity_hmac_token_verifier*');
        try {
            foreach ($keys as $i => $key) {
                if (is_array($key) && array_is_list($key) && count($key) === 2 && is_string($key[0]) && is_string($key[1])) {
                    [$keyId, $secret] = $key;
                    [$keep[], $keyIds[$i]] = Library::copy($keyId, 'const char *');
                    $keyIdLengths[$i] = strlen($keyId);
                } elseif (is_string($key)) {
                    [$keyId, $secret] = [null, $key];
                    $keyIds[$i] = null;
                } else {
                    throw new \TypeError('identity-hmac: every key must be a secret string or a [keyId, secret] pair of strings, got '
                        . get_debug_type($key));
                }
                // C memory for each secret, wiped afterwards.
                [$buffers[], $secrets[$i]] = Library::copy($secret, 'const char *');
                $secretLengths[$i] = strlen($secret);
            }
            $options = $ffi->new('identity_hmac_token_verifier_options');
            $options->leeway = $leeway;
            if ($maxLifetime !== null) {
                $options->max_lifetime = $maxLifetime;
                $options->has_max_lifetime = 1;
            }
            [$claims, $claimCount] = Library::fields(array_fill_keys(array_map(
                static fn (mixed $name): string => is_string($name) ? $name
                    : throw new \TypeError('identity-hmac: every required claim must be a string, got ' . get_debug_type($name)),
                $requiredClaims), ''), 'required claim', null, $keep);
            $options->required_claims = $ffi->cast($ffi->type('identity_hmac_token_verifier_options')->getStructFieldType('required_claims'), FFI::addr($claims[0]));
            $options->required_claims_len = $claimCount;
            $status = $ffi->identity_hmac_token_verifier_new($secrets, $secretLengths, $keyIds, $keyIdLengths, $count,
                $encodingValue, FFI::addr($options), FFI::addr($handle), FFI::addr($detail));
        } finally {
            foreach ($buffers as $buffer) {
                FFI::memset($buffer, 0, FFI::sizeof($buffer));
            }
        }
        if ($status !== $ffi->IDENTITY_HMAC_OK) {
            Library::throwDetail($detail); // the detail (with the secret's index), never a secret
        }
        $this->handle = $handle;
    }

    /** A copy would free the same native handle twice. */
    private function __clone()
    {
    }

    /**
     * Frees the native verifier and wipes its keys. Safe to call more than
     * once; any later verify() throws ClosedException.
     */
    public function close(): void
    {
        if ($this->handle !== null) {
            $handle = $this->handle;
            $this->handle = null;
            $this->ffi->identity_hmac_token_verifier_free($handle);
        }
    }

    public function __destruct()
    {
        $this->close();
    }

    /**
     * The claims of a valid token, as json_decode($json, true) gives them
     * (JSON objects as arrays; integers beyond PHP's int range as floats).
     *
     * @param ?int $now seconds since the Unix epoch, or null for the system clock
     * @return array<string, mixed>
     * @throws TokenException MALFORMED_TOKEN, UNSUPPORTED_ALGORITHM, UNKNOWN_KEY_ID, BAD_SIGNATURE,
     *         TOKEN_EXPIRED, TOKEN_NOT_YET_VALID, LIFETIME_TOO_LONG, MISSING_CLAIM, INVALID_CLAIMS
     */
    public function verify(string $token, ?int $now = null): array
    {
        $handle = $this->handle ?? self::closed();
        $ffi = $this->ffi;
        $clock = null;
        if ($now !== null) {
            $clock = $ffi->new('int64_t');
            $clock->cdata = $now;
        }
        $nowPointer = $clock === null ? null : FFI::addr($clock);
        $json = Library::text(static fn (CData $out, int $capacity, CData $length, CData $detail): int => $ffi->identity_hmac_token_verifier_verify(
            $handle, $token, strlen($token), $nowPointer, $out, $capacity, $length, $detail), 1024);
        return json_decode($json, true, 512, JSON_THROW_ON_ERROR);
    }

    private static function closed(): never
    {
        throw new ClosedException('identity-hmac: this TokenVerifier is closed');
    }
}
