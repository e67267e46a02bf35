<?php
declare(strict_types=1);

namespace IdentityHmac;

/**
 * A token refused by TokenVerifier::verify(), or claims refused by
 * Token::sign() (and the token presets of IdentityHmac::identify()):
 * MALFORMED_TOKEN, UNSUPPORTED_ALGORITHM, UNKNOWN_KEY_ID, BAD_SIGNATURE,
 * TOKEN_EXPIRED, TOKEN_NOT_YET_VALID, LIFETIME_TOO_LONG, MISSING_CLAIM or
 * INVALID_CLAIMS. getClaim() names the claim at fault, never its value; no
 * message contains a secret or the token.
 */
final class TokenException extends IdentityHmacException
{
    public function __construct(
        string $message,
        string $errorCode,
        int $status,
        private readonly ?string $claim = null,
        private readonly ?string $reason = null,
    ) {
        parent::__construct($message, $errorCode, $status);
    }

    /** For MISSING_CLAIM and INVALID_CLAIMS, the claim's name ("exp", "user_id", ...), else null. */
    public function getClaim(): ?string
    {
        return $this->claim;
    }

    /** The fixed phrase saying why: "not three segments", "not an integer", "not JSON", ... */
    public function getReason(): ?string
    {
        return $this->reason;
    }
}
