<?php
declare(strict_types=1);

namespace IdentityHmac;

use FFI;
use FFI\CData;

/**
 * Signs identity tokens: HS256 JSON Web Tokens, for the widgets that take a
 * token instead of a hash (Intercom Messenger security, Zendesk messaging,
 * ...). TokenVerifier checks them.
 */
final class Token
{
    /** json_encode()'s flags for claims given as a PHP array. */
    public const JSON_FLAGS = JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE;

    private function __construct()
    {
    }

    /**
     * An HS256 JWT of $claims: the header {"alg":"HS256","typ":"JWT"} (with
     * "kid" for $keyId), the claims with "iat" added (the current time, or
     * $now) and, for $expiresIn, "exp".
     *
     * $claims is a PHP array, which json_encode() encodes (an empty array is
     * the empty claims object {}, since PHP cannot tell [] from {}; a
     * non-empty list is not an object and is refused), or JSON text, passed
     * as it is. The library refuses what is not one JSON object, names a
     * claim twice, or gives exp, nbf or iat a value that is not an integer.
     *
     * @param array<string, mixed>|string $claims
     * @throws TokenException INVALID_CLAIMS (getClaim() names the claim, getReason() says why), among
     *         them claims json_encode() refuses (NAN, INF, invalid UTF-8, a resource): "not encodable as JSON by the host"
     * @throws InvalidSecretException EMPTY_SECRET, INVALID_HEX_SECRET
     * @throws IdentityHmacException UNKNOWN_SECRET_ENCODING
     * @throws \ValueError a negative $expiresIn
     */
    public static function sign(
        #[\SensitiveParameter] string $secret,
        array|string $claims,
        ?int $expiresIn = null,
        ?string $keyId = null,
        ?int $now = null,
        SecretEncoding|string $encoding = SecretEncoding::Text,
    ): string {
        $ffi = Library::ffi();
        if (is_array($claims)) {
            if ($claims === []) {
                $json = '{}';
            } else {
                try {
                    $json = json_encode($claims, self::JSON_FLAGS);
                } catch (\JsonException) {
                    // Not chained: PHP's message may quote the value.
                    $detail = Library::errorDetail();
                    $ffi->identity_hmac_claims_not_encodable(FFI::addr($detail));
                    Library::throwDetail($detail);
                }
            }
        } else {
            $json = $claims;
        }
        $encodingValue = Library::encoding($encoding);
        $keep = [];
        $options = Library::tokenOptions(new TokenOptions($expiresIn, $keyId, $now), $keep);
        return Library::text(static fn (CData $out, int $capacity, CData $length, CData $detail): int => $ffi->identity_hmac_sign_token(
            $secret, strlen($secret), $encodingValue, $json, strlen($json), $options, $out, $capacity, $length, $detail));
    }
}
